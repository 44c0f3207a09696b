"""Time radstats against R on the same simulated data, in the same run.

For every case the data are simulated once (:func:`benchmarks.simulate.simulate_survival`)
and written to a CSV in a temporary folder. One ``Rscript benchmarks/r_timing.R``
call then times R on all cases (R's own clock: start-up, package loading and
CSV reading are excluded), after which radstats is timed on the identical
in-memory data with :func:`time.perf_counter`. R and Python never run at the
same time. Both sides do one warm-up call and report the median over
``repeats`` timings, each timing being ``number`` back-to-back calls divided by
``number`` (so millisecond calls are not lost in ``system.time``'s resolution).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from benchmarks import learners
from benchmarks.simulate import (
    simulate_binary, simulate_features, simulate_readers, simulate_survival,
)

R_SCRIPT = Path(__file__).with_name("r_timing.R")
SUITES = ("survival", "evaluation", "models", "selection", "learners")
COLUMNS = ["benchmark", "n", "p", "radstats_s", "r_s", "ratio"]

COXPH = "coxph_efron"
KM = "kaplan_meier"
DELONG = "auc_delong"
GLM = "glm"
STEPAIC = "stepaic_glm"
TD_AUC = "td_auc"
BOOT_AUC = "auc_bootstrap"
BOOT_CALIBRATION = "calibration_bootstrap"
N_BOOT = 2000
GLMNET_COX = "cv_glmnet_cox"
GLMNET_BINOMIAL = "cv_glmnet_binomial"
ICC = "icc"
FIND_CORRELATION = "find_correlation"
COXPH_N = (200, 2000, 20000)
COXPH_P = (5, 20, 50)
KM_N = (1_000, 10_000, 100_000)
KM_GROUPS = 2
# Stepwise selection (models suite): logistic and Cox, backward from the full
# model and forward from the empty one, at p = 15 and 40 (STEPAIC is the
# backward logistic one).
STEPAIC_GLM_FORWARD = "stepaic_glm_forward"
STEPAIC_COX = "stepaic_cox"
STEPAIC_COX_FORWARD = "stepaic_cox_forward"
STEPWISE = {STEPAIC: ("logistic", "backward"), STEPAIC_GLM_FORWARD: ("logistic", "forward"),
            STEPAIC_COX: ("cox", "backward"), STEPAIC_COX_FORWARD: ("cox", "forward")}
STEPWISE_P = (15, 40)
# Benchmark -> the kind of call r_timing.R makes, and the data it needs.
KINDS = {COXPH: "coxph", KM: "km", DELONG: "auc_delong", GLM: "glm", TD_AUC: "td_auc",
         BOOT_AUC: "auc_bootstrap", BOOT_CALIBRATION: "calibration_bootstrap",
         **{name: name for name in STEPWISE},
         GLMNET_COX: "cv_glmnet_cox", GLMNET_BINOMIAL: "cv_glmnet_binomial", ICC: "icc",
         FIND_CORRELATION: "find_correlation", **learners.KINDS}
BINARY = {DELONG, GLM, STEPAIC, STEPAIC_GLM_FORWARD, BOOT_AUC, BOOT_CALIBRATION}
GLMNET_SIZES = ((146, 1_731), (1_000, 5_000))   # the seed study's size, and the large one
ICC_PATIENTS = 50                                 # patients segmented by both readers


class RNotFoundError(RuntimeError):
    """Rscript is not on PATH, or R lacks a package the timing script needs."""


@dataclasses.dataclass(frozen=True)
class Case:
    benchmark: str  # COXPH or KM
    n: int
    p: int | None  # covariates (None for Kaplan–Meier)
    repeats: int
    number: int  # calls per timing
    warmup: bool = True  # an untimed call first (off for calls of minutes)

    @property
    def name(self) -> str:
        return f"{self.benchmark}_n{self.n}" + ("" if self.p is None else f"_p{self.p}")

    @property
    def kind(self) -> str:
        return KINDS[self.benchmark]


def _plan(benchmark: str, n: int, p: int | None) -> tuple[int, int]:
    """``(repeats, number)``: a few seconds per case at most, on either side.

    Measured on 2 cores, the slowest call (R's coxph at n = 20000, p = 50) takes
    about 1 s, so those cases get 5 single-call timings; calls of milliseconds
    are batched so each timing lasts roughly 0.05-0.3 s.
    """
    if benchmark == COXPH:
        if n <= 200:
            return 11, 10
        if n <= 2000:
            return 5, 2 if p <= 20 else 1
        return 5, 1
    if n <= 1_000:
        return 11, 50
    if n <= 10_000:
        return 7, 10
    return 7, 2


def cases(suite: str = "survival", quick: bool = False) -> list[Case]:
    """The benchmark cases of ``suite``; ``quick`` keeps only the smallest sizes."""
    if suite not in SUITES:
        raise ValueError(f"unknown suite {suite!r}; choose from {SUITES}")
    if suite == "learners":  # the screen's GBM and RSF against gbm and ranger
        return [Case(*spec) for spec in learners.plan(quick)]
    if suite == "evaluation":  # DeLong AUC with CI, n = 10^3 .. 10^6
        sizes = (1_000,) if quick else (1_000, 10_000, 100_000, 1_000_000)
        out = [Case(DELONG, n, None, 5 if n < 1_000_000 else 3, max(1, 10_000 // n)) for n in sizes]
        # time-dependent AUC at n = 10^4; 2,000 bootstrap replicates of the AUC and of
        # the calibration statistics at n = 500
        out += [Case(TD_AUC, 1_000 if quick else 10_000, 1, 5, 1),
                Case(BOOT_AUC, 500, None, 1 if quick else 3, 1),
                Case(BOOT_CALIBRATION, 500, None, 1 if quick else 3, 1)]
        return out
    if suite == "selection":  # cv.glmnet, ICC and findCorrelation at radiomics sizes
        sizes = GLMNET_SIZES[:1] if quick else GLMNET_SIZES
        out = []
        for benchmark in (GLMNET_BINOMIAL, GLMNET_COX):
            for n, p in sizes:
                small = n * p < 1_000_000
                out.append(Case(benchmark, n, p, 3 if small else 1, 1, warmup=small))
        return out + [Case(ICC, ICC_PATIENTS, 1_731, 3, 1), Case(FIND_CORRELATION, 146, 1_731, 3, 1)]
    if suite == "models":  # glm at n = 10,000 x p = 20; backward stepAIC at p = 15
        return [Case(GLM, 1_000 if quick else 10_000, 20, 5, 1),
                Case(STEPAIC, 500, 15 if not quick else 5, 3, 1)] + _stepwise_cases(quick)
    coxph_n = COXPH_N[:1] if quick else COXPH_N
    km_n = KM_N[:1] if quick else KM_N
    out = [Case(COXPH, n, p, *_plan(COXPH, n, p)) for n in coxph_n for p in COXPH_P]
    out += [Case(KM, n, None, *_plan(KM, n, None)) for n in km_n]
    return out


def _stepwise_cases(quick: bool) -> list[Case]:
    """Every stepwise benchmark at each of STEPWISE_P (p = 5 when quick), n = 500,
    besides the backward logistic one at p = 15 (or 5) already in the suite."""
    sizes = (5,) if quick else STEPWISE_P
    return [Case(benchmark, 500, p, 3, 1) for benchmark in STEPWISE for p in sizes
            if (benchmark, p) != (STEPAIC, sizes[0])]


def _data(case: Case) -> pd.DataFrame:
    seed = case.n + (case.p or 0)
    if case.benchmark in (GLMNET_COX, GLMNET_BINOMIAL):
        simulate = simulate_survival if case.benchmark == GLMNET_COX else simulate_binary
        data = simulate(case.n, case.p, random_state=seed)
        # both sides use these folds (R's 1..10 labels)
        data["foldid"] = np.random.default_rng(seed).permutation(np.resize(np.arange(1, 11), case.n))
        return data
    if case.benchmark == ICC:
        return simulate_readers(case.n, case.p, random_state=seed)
    if case.benchmark == FIND_CORRELATION:
        return simulate_features(case.n, case.p, random_state=seed)
    simulate = simulate_binary if case.benchmark in BINARY else simulate_survival
    data = simulate(case.n, case.p or 1, random_state=case.n + (case.p or 0))
    if case.benchmark == BOOT_CALIBRATION:  # a probability, rounded so the CSV is exact
        data["prob"] = (1 / (1 + np.exp(-data["score"]))).round(6)
    return data


def _radstats_call(case: Case, data: pd.DataFrame) -> Callable[[], object]:
    # Imported here so that `benchmarks.simulate` works without loading radstats.
    from radstats import Surv
    from radstats.survival import CoxPH, kaplan_meier

    columns = [f"x{j + 1}" for j in range(case.p or 0)]
    if case.benchmark in (GLMNET_COX, GLMNET_BINOMIAL, ICC, FIND_CORRELATION):
        return _selection_call(case, data, columns)
    if case.benchmark in learners.KINDS:
        return learners.radstats_call(case.benchmark, data, case.p)
    if case.benchmark == COXPH:
        return lambda: CoxPH(ties="efron").fit(data[columns], Surv(data["time"], data["event"]))
    if case.benchmark == KM:
        return lambda: kaplan_meier(data["time"], data["event"], data["group"])
    from radstats.logistic import Logit
    from radstats.metrics import roc_auc
    from radstats.selection import stepwise

    if case.benchmark == DELONG:
        return lambda: roc_auc(data["y"], data["score"], direction="<")
    if case.benchmark in (TD_AUC, BOOT_AUC, BOOT_CALIBRATION):
        return _evaluation_call(case, data)
    if case.benchmark == GLM:
        return lambda: Logit().fit(data[columns], data["y"])
    if case.benchmark in STEPWISE:
        model, direction = STEPWISE[case.benchmark]
        if model == "cox":
            y = Surv(data["time"], data["event"])
            return lambda: stepwise(CoxPH(ties="efron"), data[columns], y, direction=direction)
        return lambda: stepwise(Logit(), data[columns], data["y"], direction=direction)
    raise ValueError(f"no radstats call for benchmark {case.benchmark!r}")


def _evaluation_call(case: Case, data: pd.DataFrame) -> Callable[[], object]:
    from radstats.metrics import bootstrap_ci, calibration_stats, roc_auc, time_dependent_auc

    if case.benchmark == TD_AUC:  # at the quartiles of follow-up, as r_timing.R
        times = np.quantile(data["time"], [0.25, 0.5, 0.75])
        return lambda: time_dependent_auc(data["time"], data["event"], data["x1"], times)
    if case.benchmark == BOOT_AUC:
        return lambda: roc_auc(data["y"], data["score"], direction="<", ci="bootstrap",
                               n_boot=N_BOOT, random_state=1)
    return lambda: bootstrap_ci(lambda y, p: calibration_stats(y, p).slope, data["y"],
                                data["prob"], n_boot=N_BOOT, random_state=1)



def _selection_call(case: Case, data: pd.DataFrame, columns: list) -> Callable[[], object]:
    from radstats import Surv
    from radstats.selection import cv_glmnet, find_correlation, icc

    if case.benchmark == ICC:
        first = data[data["reader"] == 1].set_index("id")[columns]
        second = data[data["reader"] == 2].set_index("id")[columns]
        return lambda: icc(first, second)
    if case.benchmark == FIND_CORRELATION:
        return lambda: find_correlation(data[columns], cutoff=0.9)
    X, foldid = data[columns], data["foldid"].to_numpy()
    if case.benchmark == GLMNET_COX:
        y = Surv(data["time"], data["event"])
        return lambda: cv_glmnet(X, y, family="cox", foldid=foldid)
    return lambda: cv_glmnet(X, data["y"], family="binomial", foldid=foldid)


def time_python(func: Callable[[], object], repeats: int, number: int = 1,
                warmup: bool = True) -> float:
    """Median seconds per call of ``func``, after one warm-up call (unless ``warmup`` is False)."""
    if warmup:
        func()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            func()
        timings.append((time.perf_counter() - start) / number)
    return statistics.median(timings)


def _rscript() -> str:
    rscript = shutil.which("Rscript")
    if rscript is None:
        raise RNotFoundError(
            "Rscript was not found on PATH: the speed benchmarks time R's survival package "
            "in the same run. Install R with the `survival` and `jsonlite` packages "
            "(`make r` runs reference_r/install_r.sh) and try again."
        )
    return rscript


def time_r(case_list: list[Case], data: dict[str, pd.DataFrame], workdir: Path) -> tuple[dict, str]:
    """Run ``r_timing.R`` once on every case; return ``({name: seconds}, version line)``."""
    rscript = _rscript()
    specs = []
    for case in case_list:
        csv = workdir / f"{case.name}.csv"
        data[case.name].to_csv(csv, index=False)
        specs.append({"name": case.name, "kind": case.kind, "csv": str(csv),
                      "p": case.p or 0, "repeats": case.repeats, "number": case.number,
                      "warmup": case.warmup})
    cases_json, out_json = workdir / "cases.json", workdir / "r_times.json"
    cases_json.write_text(json.dumps(specs, indent=1))
    done = subprocess.run([rscript, str(R_SCRIPT), str(cases_json), str(out_json)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        hint = ""
        if "there is no package called" in done.stderr:
            hint = " (install the missing R package: survival and jsonlite are needed)"
            raise RNotFoundError(f"R timing script failed{hint}:\n{done.stderr.strip()}")
        raise RuntimeError(f"R timing script failed (exit {done.returncode}):\n"
                           f"{done.stderr.strip()}")
    return json.loads(out_json.read_text()), done.stdout.strip()


def run(suite: str = "survival", quick: bool = False) -> pd.DataFrame:
    """Time radstats and R on every case of ``suite``.

    Returns one row per case with columns ``benchmark, n, p, radstats_s, r_s,
    ratio`` (``ratio = radstats_s / r_s``: below 1 means radstats is faster).
    ``df.attrs["r_version"]`` holds R's and survival's versions.

    Raises
    ------
    RNotFoundError
        If ``Rscript`` is not on PATH (or R lacks survival/jsonlite).
    """
    case_list = cases(suite, quick)
    _rscript()  # fail before simulating anything
    data = {case.name: _data(case) for case in case_list}
    with tempfile.TemporaryDirectory(prefix="radstats-bench-") as tmp:
        r_times, r_version = time_r(case_list, data, Path(tmp))
    rows = []
    for case in case_list:
        radstats_s = time_python(_radstats_call(case, data[case.name]), case.repeats, case.number,
                                 case.warmup)
        r_s = float(r_times[case.name])
        rows.append({"benchmark": case.benchmark, "n": case.n, "p": case.p,
                     "radstats_s": radstats_s, "r_s": r_s,
                     "ratio": radstats_s / r_s if r_s > 0 else float("nan")})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["p"] = frame["p"].astype("Int64")
    frame.attrs["r_version"] = r_version
    return frame
