"""The main job on bundled data: the seed-000 study (ec_fertility) on its simulated cohort."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_CONFIG = "ec_fertility.toml"


def default_config(name: str = DEFAULT_CONFIG) -> Path:
    """Path of a study config shipped with radstats (``ec_fertility.toml``, ``cervical.toml``)."""
    return Path(str(resources.files("radstats.pipeline").joinpath("configs", name)))


def run_demo(out: str | Path = "out/demo", *, quiet: bool = False, n_jobs: int = 1):
    """Run the default study (seed 000's workflow on ``simulate_cohort("ec_fertility")``).

    Returns the :class:`~radstats.pipeline.StudyResult`; ``result.report`` is the
    self-contained ``report.html`` in ``out``.
    """
    from radstats.pipeline import run_study

    return run_study(default_config(), out, quiet=quiet, n_jobs=n_jobs)
