"""A whole study from one config file: data, cohorts, feature selection, models,
evaluation, figures and a self-contained HTML report.

``run_study("study.toml")`` (or ``radstats run study.toml``) runs the steps the
config lists, in its order; ``available_steps()`` lists what a config can ask
for, and :func:`~radstats.pipeline.registry.step` registers a new one.
"""

from radstats.pipeline.config import StudyConfig, load_config
from radstats.pipeline.registry import StepSpec, available_steps, step
from radstats.pipeline.run import StudyResult, run_study, versions
from radstats.pipeline.study import Study, StudyModel

__all__ = ["StepSpec", "Study", "StudyConfig", "StudyModel", "StudyResult",
           "available_steps", "load_config", "run_study", "step", "versions"]
