"""The built-in study steps; importing this package registers them (in workflow order).

A module of steps for an optional building block registers its steps only when
that block imports, e.g. ``try: from radstats.screen import run_screen`` /
``except ImportError: pass`` / ``else:`` the ``@step`` definitions.
"""

from radstats.pipeline.steps import features, signature  # noqa: F401, I001
from radstats.pipeline.steps import mil  # noqa: F401, I001
from radstats.pipeline.steps import screen  # noqa: F401, I001
from radstats.pipeline.steps import models, evaluation  # noqa: F401, I001

__all__ = ["evaluation", "features", "mil", "models", "screen", "signature"]
