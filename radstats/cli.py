"""The ``radstats`` command line."""

from __future__ import annotations

import argparse
import sys

from radstats import __version__
from radstats._core.errors import InputError
from radstats.cli_screen import add_screen_command, run_screen_command


def _add_run_options(parser: argparse.ArgumentParser, default_out: str | None) -> None:
    parser.add_argument("--out", default=default_out,
                        help="output folder" + (f" (default: {default_out})" if default_out else
                                                " (default: the config's study.out, else "
                                                "out/<study.name>)"))
    parser.add_argument("--quiet", action="store_true", help="no progress messages")
    parser.add_argument("--n-jobs", type=int, default=1, metavar="N",
                        help="parallel workers for bootstrap steps (results do not depend on it)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="radstats", description=__doc__)
    parser.add_argument("--version", action="version", version=f"radstats {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the default study (seed 000's workflow on its "
                                            "simulated cohort) and write its HTML report")
    _add_run_options(demo, "out/demo")
    run = commands.add_parser("run", help="run a whole study from a TOML config")
    run.add_argument("config", help="study config (TOML), e.g. examples/ec_fertility_study.toml")
    _add_run_options(run, None)
    commands.add_parser("steps", help="list the steps a study config can use")
    _add_extract_command(commands)
    add_screen_command(commands)
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    try:
        if args.command == "steps":
            return _list_steps()
        if args.command == "extract":
            return _extract(args)
        if args.command == "screen":
            return run_screen_command(args)
        if args.command == "demo":
            from radstats.demo import run_demo

            result = run_demo(args.out, quiet=args.quiet, n_jobs=args.n_jobs)
        else:
            from radstats.pipeline import run_study

            result = run_study(args.config, args.out, quiet=args.quiet, n_jobs=args.n_jobs)
    except InputError as exc:
        print(f"radstats: error: {exc}", file=sys.stderr)
        return 2
    print(f"radstats {args.command}: report written to {result.report.resolve()}")
    return 0


def _add_extract_command(commands) -> None:
    extract = commands.add_parser(
        "extract", help="extract PyRadiomics features of every case of a manifest (resumable)",
        description="Extract the features of each row (patient_id, image, mask; optional "
                    "reader, sequence) of MANIFEST into --out. Finished cases are kept: run "
                    "the same command again to finish an interrupted batch. Needs the "
                    "imaging extra: pip install 'radstats[imaging]'.")
    extract.add_argument("manifest", help="CSV with columns patient_id, image, mask")
    extract.add_argument("--out", required=True, metavar="FILE",
                         help="feature table to write (.csv or .parquet)")
    extract.add_argument("--preset", default="seed000",
                         help="a preset name (default: seed000) or a PyRadiomics YAML file")
    extract.add_argument("--label", type=int, default=1, help="mask label (default: 1)")
    extract.add_argument("--n-jobs", type=int, default=1, metavar="N",
                         help="cases extracted in parallel")
    extract.add_argument("--restart", action="store_true",
                         help="discard finished cases and start afresh")
    extract.add_argument("--quiet", action="store_true", help="no progress bar")


def _extract(args) -> int:
    """Run ``radiomics.extract_batch``; exit 1 when some case failed (listed beside the table)."""
    from radstats.adapters import radiomics

    try:
        batch = radiomics.extract_batch(args.manifest, args.out, preset=args.preset,
                                        label=args.label, n_jobs=args.n_jobs,
                                        resume=not args.restart, progress=not args.quiet)
    except ImportError as exc:  # the imaging extra is not installed
        raise InputError(str(exc)) from None
    print(f"radstats extract: {len(batch.features)} cases extracted, {len(batch.failures)} "
          f"failed; features in {args.out}")
    if not batch.failures.empty:
        print("failed cases (rerun the same command to retry them):", file=sys.stderr)
        print(batch.failures[["patient_id", "error"]].to_string(index=False), file=sys.stderr)
    return 0 if batch.failures.empty else 1


def _list_steps() -> int:
    from radstats.pipeline import available_steps

    for name, spec in available_steps().items():
        options = ", ".join(f"{k}={v!r}" for k, v in spec.options().items()) or "no options"
        print(f"{name:20s} {spec.title} [{'/'.join(spec.outcomes)}] ({options})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
