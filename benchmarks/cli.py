"""``radstats-bench speed``: time radstats against R and print the ratios."""

from __future__ import annotations

import argparse
import os
import platform
import sys

import pandas as pd

from benchmarks.learners import LABELS as LEARNER_LABELS
from benchmarks.runner import (
    BOOT_AUC, BOOT_CALIBRATION, COXPH, DELONG, FIND_CORRELATION, GLM, GLMNET_BINOMIAL,
    GLMNET_COX, ICC, KM, STEPAIC, STEPAIC_COX, STEPAIC_COX_FORWARD, STEPAIC_GLM_FORWARD,
    SUITES, TD_AUC, run,
)
from radstats._core.errors import InputError
from radstats.cli_screen import add_screen_command, run_screen_command

LABELS = {
    COXPH: "CoxPH fit (Efron ties) vs survival::coxph",
    KM: "Kaplan-Meier, 2 groups vs survival::survfit",
    DELONG: "AUC with DeLong CI vs pROC::roc + ci.auc",
    GLM: "Logistic regression vs glm(family = binomial)",
    STEPAIC: "Backward stepwise AIC (logistic) vs MASS::stepAIC",
    STEPAIC_GLM_FORWARD: "Forward stepwise AIC (logistic, from ~1) vs MASS::stepAIC",
    STEPAIC_COX: "Backward stepwise AIC (Cox) vs MASS::stepAIC",
    STEPAIC_COX_FORWARD: "Forward stepwise AIC (Cox, from ~1) vs MASS::stepAIC",
    TD_AUC: "Time-dependent AUC with se vs riskRegression::Score",
    BOOT_AUC: "AUC bootstrap CI (2,000) vs pROC::ci.auc(method = 'bootstrap')",
    BOOT_CALIBRATION: "2,000 bootstraps of calibration stats vs a loop of rms::val.prob",
    GLMNET_COX: "cv_glmnet (Cox lasso, 10 folds) vs glmnet::cv.glmnet",
    GLMNET_BINOMIAL: "cv_glmnet (logistic lasso, 10 folds) vs glmnet::cv.glmnet",
    ICC: "icc on every feature vs psych::ICC looped over the features",
    FIND_CORRELATION: "find_correlation vs caret::findCorrelation(cor(x))",
    **LEARNER_LABELS,
}


def _comparison(ratio: float) -> str:
    if pd.isna(ratio):
        return "n/a"
    if 0.95 <= ratio <= 1.05:
        return "about the same"
    if ratio < 1:
        return f"radstats {1 / ratio:.1f}x faster"
    return f"R {ratio:.1f}x faster"


def format_table(results: pd.DataFrame) -> str:
    """The results as a plain-text table, with a ``comparison`` column."""
    shown = results.copy()
    shown["p"] = shown["p"].astype(object).where(shown["p"].notna(), "-")
    shown["comparison"] = shown["ratio"].map(_comparison)
    return shown.to_string(index=False, formatters={
        "radstats_s": "{:.4f}".format, "r_s": "{:.4f}".format, "ratio": "{:.2f}".format,
    })


def verdicts(results: pd.DataFrame) -> list[str]:
    """One line per benchmark: is radstats no slower than R at every size?"""
    lines = []
    for benchmark, rows in results.groupby("benchmark", sort=False):
        label = LABELS.get(benchmark, benchmark)
        slower = rows[rows["ratio"] > 1]
        worst = rows.loc[rows["ratio"].idxmax()]
        if slower.empty:
            sizes = f"all {len(rows)} sizes" if len(rows) > 1 else "the 1 size run"
            lines.append(f"{label}: radstats no slower than R at {sizes} "
                         f"(ratio {rows['ratio'].min():.2f}-{rows['ratio'].max():.2f}).")
        else:
            sizes = ", ".join(
                f"n={r.n}" + ("" if pd.isna(r.p) else f" p={r.p}") + f" ({r.ratio:.2f})"
                for r in slower.itertuples()
            )
            lines.append(f"{label}: radstats SLOWER than R at {len(slower)} of {len(rows)} "
                         f"sizes: {sizes}; worst ratio {worst['ratio']:.2f}.")
    return lines


def _blas_threads() -> str:
    try:  # threadpoolctl comes with scikit-learn, a radstats dependency
        from threadpoolctl import threadpool_info
    except ImportError:  # pragma: no cover
        return "BLAS threads unknown"
    found = [f"{i.get('internal_api', '?')} {i.get('num_threads', '?')} thread(s)"
             for i in threadpool_info() if i.get("user_api") == "blas"]
    return "BLAS: " + (", ".join(found) if found else "none loaded")


def _machine() -> str:
    import numpy

    return (f"{platform.machine()} {os.cpu_count()} cores; Python {platform.python_version()}, "
            f"numpy {numpy.__version__}, pandas {pd.__version__}; {_blas_threads()}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="radstats-bench", description="Speed benchmarks: radstats against R, same run.")
    commands = parser.add_subparsers(dest="command", required=True)
    speed = commands.add_parser("speed", help="time radstats and R on simulated data")
    speed.add_argument("--suite", choices=SUITES, default="survival",
                       help="benchmark suite (default: survival)")
    speed.add_argument("--quick", action="store_true", help="smallest sizes only")
    speed.add_argument("--out", metavar="FILE.csv", help="also write the results to a CSV")
    add_screen_command(commands)
    args = parser.parse_args(argv)
    if args.command == "screen":
        try:
            return run_screen_command(args)
        except InputError as exc:
            print(f"radstats-bench: error: {exc}", file=sys.stderr)
            return 2

    results = run(suite=args.suite, quick=args.quick)
    print(f"radstats vs R: suite {args.suite!r}{' (quick)' if args.quick else ''}")
    print(f"{results.attrs.get('r_version', 'R')}; {_machine()}")
    print("Seconds per call (median); ratio = radstats_s / r_s, below 1 = radstats faster.")
    print()
    print(format_table(results))
    print()
    for line in verdicts(results):
        print(line)
    if args.out:
        results.to_csv(args.out, index=False)
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
