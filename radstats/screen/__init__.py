"""Model screens: many learners, alone and as "selector + model" pairs, scored honestly.

``run_screen`` is the survival screen of Liu et al. (2022) (the 101
combinations the seed study ranks by C-index) without Mime's faults;
``run_binary_screen`` compares classifiers with SMOTE and grid search inside
the training folds. Both return a :class:`ScreenResult`.
"""

from radstats._core.errors import EmptyModelError, NotApplicableError
from radstats.screen.binary import run_binary_screen
from radstats.screen.combinations import Combination, parse_combination, preset_names
from radstats.screen.registry import register_learner, unregister_learner
from radstats.screen.result import ScreenModel, ScreenResult
from radstats.screen.survival import run_screen

__all__ = ["Combination", "EmptyModelError", "NotApplicableError", "ScreenModel", "ScreenResult",
           "parse_combination", "preset_names", "register_learner", "run_binary_screen",
           "run_screen", "unregister_learner"]
