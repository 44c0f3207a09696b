"""How close radstats is to R: every frozen fixture checked, every compared output's error.

``python -m tests.parity.report [--out FILE.csv]`` runs the parity checks of
every area (the same ones ``tests/parity`` runs), records the largest absolute
and relative error of each compared output (:func:`radstats.testing.record_errors`)
and prints, per area, how many cases and outputs were compared and the worst
errors. ``make parity-report`` writes ``out/parity_errors.csv``.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from radstats.testing import list_r_fixtures, load_r_fixture, record_errors
from tests.checks import AREAS


def collect() -> tuple[pd.DataFrame, list[str]]:
    """One row per compared output of every case; and the cases whose check failed."""
    failed = []
    with record_errors() as rows:
        for area, check in AREAS.items():
            for case in list_r_fixtures(area):
                try:
                    check(load_r_fixture(area, case))
                except AssertionError as exc:
                    failed.append(f"{area}/{case}: {exc}")
    return pd.DataFrame(rows), failed


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per area: cases, outputs, values compared, worst and median relative error."""
    grouped = table.groupby("area", sort=False)
    return pd.DataFrame({
        "cases": grouped["case"].nunique(),
        "outputs": grouped.size(),
        "values": grouped["n"].sum(),
        "worst_rel_error": grouped["max_rel_error"].max(),
        "median_rel_error": grouped["max_rel_error"].median(),
        "worst_share_of_tolerance": grouped["share_of_tolerance"].max(),
    })


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", metavar="FILE.csv", help="write every output's errors")
    args = parser.parse_args(argv)
    table, failed = collect()
    with pd.option_context("display.width", 120, "display.float_format", "{:.2e}".format):
        print(summary(table).to_string())
    worst = table.loc[table.groupby("area", sort=False)["max_rel_error"].idxmax(),
                      ["area", "case", "key", "max_rel_error", "rtol"]]
    print("\nworst output of each area:")
    print(worst.to_string(index=False))
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"\nwrote {args.out}")
    for line in failed:
        print(f"FAILED {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
