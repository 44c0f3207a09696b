"""Running a study: config -> data -> steps in order -> one output folder with the report."""

from __future__ import annotations

import dataclasses
import json
import platform
import time
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from radstats import __version__
from radstats._core.errors import InputError
from radstats.pipeline.config import load_config
from radstats.pipeline.data import load_data
from radstats.pipeline.registry import get_step
from radstats.pipeline.report import render
from radstats.pipeline.study import StepError, Study, slug


@dataclasses.dataclass(frozen=True)
class StudyResult:
    """What :func:`run_study` made: the output folder, the report and the headline numbers."""

    out: Path
    report: Path
    results: dict
    study: Study = dataclasses.field(repr=False)


def versions() -> dict:
    """Versions of radstats and the libraries a study ran on (R is not called by a run)."""
    out = {"radstats": __version__, "python": platform.python_version(),
           "platform": platform.platform()}
    for package in ("numpy", "scipy", "pandas", "scikit-learn", "matplotlib", "joblib"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = None
    out["R"] = ("not called by this run: each statistic is radstats' own, proven equal to the R "
                "function named in the methods by radstats' parity tests (R 4.2.2)")
    return out


def _json_default(value):
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, (np.ndarray, pd.Index)):
        return value.tolist()
    return str(value)


def run_study(config, out=None, *, quiet: bool = False, n_jobs: int = 1) -> StudyResult:
    """Run a whole study from one config.

    Parameters
    ----------
    config : str, Path or dict
        A study config (TOML file or the same structure as a dict): the keys are
        listed in :mod:`radstats.pipeline.config`; ``examples/ec_fertility_study.toml``
        and ``examples/cervical_study.toml`` are complete, commented examples.
    out : str or Path, optional
        Output folder (default ``study.out`` of the config, else ``out/<study.name>``).
    quiet : bool, default False
        No progress messages (they go to stderr).
    n_jobs : int, default 1
        Workers for the steps that parallelise (bootstrap CIs); results do not
        depend on it.

    Returns
    -------
    StudyResult
        ``out``, ``report`` (the HTML file) and ``results`` (headline numbers,
        also in ``results.json``).

    Raises
    ------
    InputError
        A bad config, a missing file or column, a wrong outcome type, or a step
        that cannot run on the data -- each naming the config key or step. A
        step that fails after others ran still leaves their tables, figures and
        a report saying where the study stopped.

    Examples
    --------
    >>> import tempfile
    >>> config = {"study": {"name": "mini"},
    ...           "data": {"simulate": "cervical", "n": 120},
    ...           "outcome": {"type": "binary", "event": "pcc"},
    ...           "cohorts": {"column": "cohort", "training": "training"},
    ...           "variables": {"clinical": ["age", "tumour_diameter_cm"]},
    ...           "steps": {"models": {"specs": {"Clinical": ["age", "tumour_diameter_cm"]}},
    ...                     "roc": {}}}
    >>> result = run_study(config, tempfile.mkdtemp(), quiet=True)
    >>> result.report.name
    'report.html'
    """
    config = load_config(config)
    out = Path(out or config["study"]["out"] or Path("out") / slug(config["study"]["name"]))
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = load_data(config, out)
    study = Study(config, data, out, quiet=quiet, n_jobs=n_jobs)
    info = versions()
    if config.text is not None:
        (out / "config.toml").write_text(config.text)
    (out / "config.resolved.json").write_text(json.dumps(config.to_dict(), indent=2,
                                                         default=_json_default))
    (out / "versions.json").write_text(json.dumps(info, indent=2))
    study.log(f"radstats {__version__}: study {config['study']['name']!r} -> {out}")
    _describe_data(study)
    total = len(config.steps)
    report = out / "report.html"
    for position, entry in enumerate(config.steps, start=1):
        spec = get_step(entry.step, config.where(f"[steps.{entry.key}]"))
        title = entry.title or (spec.title if entry.key == entry.step
                                else f"{spec.title} ({entry.key})")
        study.begin(entry.key, title)
        study.log(f"[{position}/{total}] {entry.key} ...")
        tick = time.perf_counter()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", UserWarning)
                spec.function(study, **entry.options)
        except Exception as exc:
            # bad input met by a library call: the same error, naming the step
            named = isinstance(exc, InputError) and not isinstance(exc, StepError)
            error = study.fail(str(exc)) if named else exc
            report.write_text(render(study, info, error=f"Step {entry.key!r} failed: {error}"))
            study.log(f"[{position}/{total}] {entry.key} failed; partial report: {report}")
            if error is exc:
                raise
            raise error from None
        _report_warnings(study, caught)
        study.sections[-1].seconds = time.perf_counter() - tick
        study.log(f"[{position}/{total}] {entry.key} done ({study.sections[-1].seconds:.1f} s)")
    imaging = [lasso for lasso in study.state.get("lassos", [])
               if study.truth is not None and set(study.truth.true_features) <= set(lasso["features"])]
    if imaging:
        _truth_check(study, imaging[0])
    study.results["seconds"] = round(time.perf_counter() - started, 1)
    (out / "results.json").write_text(json.dumps(study.results, indent=2, default=_json_default))
    report.write_text(render(study, info))
    study.log(f"report: {report.resolve()}")
    return StudyResult(out, report, study.results, study)


def _report_warnings(study: Study, caught: list) -> None:
    """Warnings a step raised go to its report section and the log, once each."""
    messages = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    if not messages:
        return
    shown = messages[:5]
    more = f" (and {len(messages) - 5} more)" if len(messages) > 5 else ""
    study.sections[-1].text.append("Warnings: " + " | ".join(shown) + more)
    for message in shown:
        study.log(f"        warning: {message}")


def _describe_data(study: Study) -> None:
    """The first section: patients, events and follow-up per cohort."""
    study.begin("data", "Data and cohorts")
    outcome = study.outcome
    rows = []
    for cohort in study.cohorts:
        part = study.rows(cohort)
        row = {"cohort": cohort, "patients": len(part),
               "events": int(part[outcome["event"]].sum()),
               "event_rate": part[outcome["event"]].mean()}
        if study.survival:
            row[f"median_{outcome['time_unit']}"] = part[outcome["time"]].median()
        rows.append(row)
    study.table("cohorts", pd.DataFrame(rows), f"Patients and {outcome['label']} events by cohort",
                index=False)
    data = study.config["data"]
    if data["simulate"]:
        study.text(f"Simulated cohort {data['simulate']!r} (radstats.datasets.simulate_cohort, "
                   f"random_state {study.random_state}); its tables are in data/.")
    if study.features is not None:
        readers = "two readers" if study.features_reader2 is not None else "one reader"
        study.text(f"{study.features.shape[1]} imaging features ({readers}).")
    if study.slices is not None:
        study.text(f"{len(study.slices)} slice-level predictions (columns: "
                   f"{', '.join(map(str, study.slices.columns))}).")
    cohorts = study.config["cohorts"]
    if cohorts["column"] is None:
        study.text(f"Patients were split at random {':'.join(map(str, cohorts['split']))} into "
                   f"{' and '.join(cohorts['names'])} cohorts, stratified by "
                   f"{cohorts['stratify'] or outcome['event']} (random_state {study.random_state}).")
        study.method(f"Patients were randomly split {':'.join(map(str, cohorts['split']))} into "
                     f"{' and '.join(cohorts['names'])} cohorts, stratified by "
                     f"{cohorts['stratify'] or outcome['event']}.")
    else:
        study.text(f"Cohorts from column {cohorts['column']!r}; models are fitted on "
                   f"{study.training!r}.")


def _truth_check(study: Study, lasso: dict) -> None:
    """Simulated data only: which true features of the generating model ``lasso`` (the
    first LASSO on the imaging features) kept."""
    study.begin("truth", "Check against the simulation's generating model")
    truth = study.truth.true_features
    selected = lasso["coef"]
    train = lasso["features"].loc[study.cohorts[study.training]]
    rows = []
    for feature, true_coef in truth.items():
        corr = {s: train[feature].corr(train[s]) for s in selected.index}
        proxy = max(corr, key=lambda s: abs(corr[s]))
        kept = feature in selected.index
        rows.append({"true_feature": feature, "true_coef": true_coef, "selected": kept,
                     "lasso_coef": selected.get(feature, np.nan),
                     "same_direction": bool(np.sign(selected[feature]) == np.sign(true_coef))
                     if kept else None,
                     "closest_selected": proxy, "correlation": corr[proxy]})
    table = pd.DataFrame(rows)
    study.table("recovery", table, "Each true feature: selected by the LASSO (with the sign of "
                "its coefficient), else its most correlated selected feature (training cohort)",
                index=False)
    direct = int(table["selected"].sum())
    represented = int((table["correlation"].abs() > 0.5).sum())
    study.text(f"The generating model has {len(truth)} true features; the LASSO kept {direct} of "
               f"them, and {represented} are kept or represented by a selected feature with "
               f"|r| > 0.5. The other {len(selected) - direct} selected feature(s) are proxies "
               "(same correlation block) or noise.")
    study.results["truth_selected"] = direct
    study.results["truth_recovered"] = represented
