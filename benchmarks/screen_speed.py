"""Time the irls101 screen at the issue's two sizes and show where the time goes.

    python -m benchmarks.screen_speed cohort   # 100 training + 50 validation x 200 features
    python -m benchmarks.screen_speed loocv    # 97 patients x 50 features, true LOOCV

Data come from :func:`benchmarks.simulate.simulate_survival` (seeded). The
screen runs with ``n_jobs`` workers (default 2). Prints the wall time, the rows
by status, and the learners that took the most fitting time (summed over
folds, wall and CPU; with 2 workers the wall sum is about twice the wall time,
and on a machine shared with other jobs the CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks.simulate import simulate_survival

CASES = {"cohort": (150, 200, 100), "loocv": (97, 50, 97)}  # n, p, training rows


def run_case(case: str, n_jobs: int = 2, combinations="irls101", progress: bool = True):
    """Run one case; return ``(seconds, ScreenResult)``."""
    from radstats.screen import run_screen

    n, p, n_train = CASES[case]
    data = simulate_survival(n, p, random_state=2024).drop(columns="group")
    train, validation = data.iloc[:n_train], data.iloc[n_train:]
    cohorts = {"validation": validation} if len(validation) else None
    start = time.perf_counter()
    result = run_screen(train, cohorts, combinations=combinations,
                        cv="loocv" if case == "loocv" else "cohort", random_state=1,
                        n_jobs=n_jobs, progress=progress)
    return time.perf_counter() - start, result


def _reasons(table):
    """Rows not ok counted by status and the start of their reason (fold numbers dropped)."""
    bad = table[table["status"] != "ok"]
    short = bad["reason"].str.replace(r"fold \d+", "fold k", regex=True).str.slice(0, 100)
    return bad.assign(reason=short).groupby(["status", "reason"]).size().sort_values(
        ascending=False).rename("rows")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screen_speed")
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    seconds, result = run_case(args.case, args.n_jobs)
    n, p, n_train = CASES[args.case]
    print(f"irls101, cv={result.meta['cv']!r}: {n_train} training + {n - n_train} validation "
          f"patients x {p} features, n_jobs={args.n_jobs} on {os.cpu_count()} cores: "
          f"{seconds:.1f} s wall")
    print("rows by status:", result.table["status"].value_counts().to_dict())
    print("most frequent reasons of rows not ok (first 100 characters):")
    print(_reasons(result.table).head(args.top).to_string())
    timings = result.timings.sort_values("cpu_seconds", ascending=False, ignore_index=True)
    total, cpu = timings["seconds"].sum(), timings["cpu_seconds"].sum()
    print(f"fitting time summed over workers: {total:.1f} s wall, {cpu:.1f} s CPU; "
          "largest items by CPU:")
    shown = timings.head(args.top).assign(
        cpu_share=lambda t: (100 * t["cpu_seconds"] / cpu).round(1))
    print(shown.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
