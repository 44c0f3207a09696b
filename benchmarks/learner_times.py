"""Fit time of every screen learner at the screen's size (not a test; no R).

    .venv/bin/python -m benchmarks.learner_times [--n 100] [--p 200] [--repeats 3]

Prints the median seconds per ``fit`` (single-threaded) of each learner on
``simulate_survival(n, p)``, and how many of the 101 combinations' fits the
screen makes with it in ``cv="cohort"`` mode, so the budget of a screen (<= 60 s
on 2 cores for 100 + 50 patients x 200 features) can be read off.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

from benchmarks.simulate import simulate_survival

ENET = "Enet[α=0.5]"  # the elastic net is timed at one alpha


def main(argv=None) -> int:
    from radstats import InputError, Surv
    from radstats.screen.learners import LEARNERS, make_learner

    parser = argparse.ArgumentParser(prog="learner_times")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--p", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", nargs="*",
                        default=[ENET if name == "Enet" else name for name in LEARNERS])
    args = parser.parse_args(argv)
    data = simulate_survival(args.n, args.p, random_state=1)
    X = data[[f"x{j + 1}" for j in range(args.p)]]
    y = Surv(data["time"], data["event"])
    print(f"n = {args.n}, p = {args.p}, events = {y.n_events}; median of {args.repeats} fits")
    for name in args.only:
        timings, outcome = [], ""
        for seed in range(args.repeats):
            start = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    fitted = make_learner(name, random_state=seed).fit(X, y)
                kept = getattr(fitted, "selected_features_", None)
                outcome = "" if kept is None else f"keeps {len(kept)}"
            except InputError as exc:
                outcome = f"InputError: {exc}"
            timings.append(time.perf_counter() - start)
        print(f"{name:18s} {statistics.median(timings):8.3f} s  {outcome}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
