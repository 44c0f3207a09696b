"""``radstats screen`` (also ``radstats-bench screen``): run a model screen on a CSV,
print the leaderboard, write the table, the ranking and the heat map.

Kept outside the ``radstats.screen`` package so that building the command line
does not import the screen's learners (scikit-learn, joblib); they are imported
when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from radstats._core.errors import InputError


def add_screen_command(commands) -> None:
    """Add the ``screen`` sub-command to ``radstats``' or ``radstats-bench``'s sub-commands."""
    screen = commands.add_parser(
        "screen", help="screen survival (or binary) models on a CSV and rank them",
        description="Fit every combination on --data, score it (LOOCV, k-fold and/or the "
                    "--validation cohorts), print a leaderboard and write CSV + heat map.")
    screen.add_argument("--data", required=True, metavar="FILE.csv", help="training cohort")
    screen.add_argument("--time", help="follow-up time column (survival screen)")
    screen.add_argument("--event", help="event column, 0/1 (survival screen)")
    screen.add_argument("--outcome", help="0/1 outcome column (binary screen instead)")
    screen.add_argument("--features", nargs="+", metavar="COLUMN",
                        help="feature columns (default: every other column)")
    screen.add_argument("--validation", action="append", default=[], metavar="NAME=FILE.csv",
                        help="a validation cohort (repeatable)")
    screen.add_argument("--combinations", default=None,
                        help="'irls101', 'mime117', a comma-separated list, or a file with one "
                             "name per line (default: irls101; binary: every built-in learner)")
    screen.add_argument("--cv", choices=("cohort", "loocv", "kfold"), default="cohort")
    screen.add_argument("--n-splits", type=int, default=5)
    screen.add_argument("--n-repeats", type=int, default=1)
    screen.add_argument("--random-state", type=int, default=1)
    screen.add_argument("--n-jobs", type=int, default=1)
    screen.add_argument("--checkpoint", metavar="DIR", help="resumable checkpoint folder")
    screen.add_argument("--mime-compatible", action="store_true",
                        help="also report Mime's sign-free C-index")
    screen.add_argument("--top", type=int, default=20, help="leaderboard rows to print")
    screen.add_argument("--out", default="screen_out", metavar="DIR",
                        help="folder for screen_table.csv, screen_ranking.csv, "
                             "screen_heatmap.png (default: screen_out)")
    screen.add_argument("--quiet", action="store_true", help="no progress bar")


def _combinations(text: str | None):
    if text is None or text in ("irls101", "mime117"):
        return text
    path = Path(text)
    if path.suffix and path.exists():
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    return [name.strip() for name in text.split(",") if name.strip()]


def _cohorts(specs: list[str]) -> dict:
    cohorts = {}
    for spec in specs:
        name, sep, file = spec.partition("=")
        if not sep or not name or not file:
            raise InputError(f"--validation expects NAME=FILE.csv, got {spec!r}")
        cohorts[name] = pd.read_csv(file)
    return cohorts


def leaderboard(result, top: int):
    """The ranking as a rich Table: rank, model, mean score, each cohort's score."""
    from rich.table import Table

    metric = result.metric
    ranking = result.ranking.head(top)
    table = result.table
    cohorts = list(dict.fromkeys(table["cohort"]))
    scores = table.pivot_table(index="model", columns="cohort", values=metric, aggfunc="first")
    status = table.groupby("model")["status"].agg(lambda s: "ok" if (s == "ok").all() else
                                                  "/".join(sorted(set(s))))
    label = {"c_index": "C-index", "auc": "AUC"}.get(metric, metric)
    board = Table(title=f"{result.meta['kind']} screen, cv={result.meta['cv']!r}: "
                        f"top {len(ranking)} of {len(result.ranking)} by mean validation {label}")
    board.add_column("rank", justify="right")
    board.add_column("model")
    board.add_column(f"mean {label}", justify="right")
    for cohort in cohorts:
        board.add_column(cohort, justify="right")
    board.add_column("status")
    for rank, row in ranking.iterrows():
        cells = [f"{scores.at[row['model'], c]:.3f}" if c in scores.columns and
                 pd.notna(scores.at[row['model'], c]) else "-" for c in cohorts]
        mean = row[f"mean_{metric}"]
        board.add_row(str(rank), row["model"], "-" if pd.isna(mean) else f"{mean:.3f}", *cells,
                      status[row["model"]])
    return board


def run_screen_command(args: argparse.Namespace) -> int:
    """Run the screen that ``args`` describes; write and print its results."""
    import matplotlib

    matplotlib.use("Agg")
    from rich.console import Console

    from radstats.screen import run_binary_screen, run_screen

    survival = args.time is not None or args.event is not None
    if survival == (args.outcome is not None) or (survival and not (args.time and args.event)):
        raise InputError("give --time and --event (survival screen), or --outcome (binary)")
    train = pd.read_csv(args.data)
    common = dict(cohorts=_cohorts(args.validation), features=args.features, cv=args.cv,
                  random_state=args.random_state, n_jobs=args.n_jobs,
                  checkpoint=args.checkpoint, n_splits=args.n_splits,
                  n_repeats=args.n_repeats, progress=not args.quiet)
    combinations = _combinations(args.combinations)
    if survival:
        result = run_screen(train, time=args.time, event=args.event,
                            combinations=combinations or "irls101",
                            mime_compatible=args.mime_compatible, **common)
    else:
        result = run_binary_screen(train, outcome=args.outcome, combinations=combinations,
                                   **common)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result.table.to_csv(out / "screen_table.csv", index=False)
    result.ranking.to_csv(out / "screen_ranking.csv")
    result.plot_heatmap().savefig(out / "screen_heatmap.png", dpi=200)
    console = Console()
    console.print(leaderboard(result, args.top))
    counts = result.table.drop_duplicates("model")["model"].size
    bad = result.table[result.table["status"] != "ok"]
    if len(bad):
        console.print(f"{len(bad)} of {len(result.table)} rows not scored "
                      f"({bad['model'].nunique()} of {counts} models); reasons in "
                      f"{out / 'screen_table.csv'}")
    console.print(f"wrote {out / 'screen_table.csv'}, {out / 'screen_ranking.csv'}, "
                  f"{out / 'screen_heatmap.png'}")
    return 0
