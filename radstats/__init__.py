"""radstats: clinical prediction-model statistics in Python, proven against R.

Importing radstats loads numpy, pandas and scipy only; matplotlib, torch and
SimpleITK are imported by the modules that need them, when they are used.
"""

from importlib.metadata import PackageNotFoundError, version

from radstats._core.errors import (
    ConvergenceWarning,
    EventsPerVariableWarning,
    InputError,
    MonotoneLikelihoodWarning,
)
from radstats.survival.surv import Surv

try:
    __version__ = version("radstats")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["ConvergenceWarning", "EventsPerVariableWarning", "InputError", "MonotoneLikelihoodWarning", "Surv", "__version__"]
