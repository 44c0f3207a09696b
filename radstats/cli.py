"""The ``radstats`` command line."""

from __future__ import annotations

import argparse

from radstats import __version__


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="radstats", description=__doc__)
    parser.add_argument("--version", action="version", version=f"radstats {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the main job on bundled data")
    demo.add_argument("--out", default="out/demo", help="output folder (default: out/demo)")
    args = parser.parse_args(argv)

    if args.command == "demo":
        import matplotlib

        matplotlib.use("Agg")
        from radstats.demo import run_demo

        out = run_demo(args.out)
        print(f"radstats demo: results written to {out.resolve()}")
        for path in sorted(out.iterdir()):
            print(f"  {path.name}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
