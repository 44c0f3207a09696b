"""Checks of radstats against one R reference case, by area.

Shared by the frozen-fixture suite (tests/parity) and the live rpy2 suite
(tests/live_r): each area module has ``check_case(fixture)``, and each area is
also a script ``reference_r/<area>.R`` whose cases are frozen in
``tests/fixtures/r/<area>/``.
"""

from tests.checks import (
    glmnet, learners, logistic, metrics, nomogram, screen, selection, survival, tables,
)

AREAS = {
    "survival": survival.check_case,
    "logistic": logistic.check_case,
    "selection": selection.check_case,
    "metrics": metrics.check_case,
    "nomogram": nomogram.check_case,
    "tables": tables.check_case,
    "glmnet": glmnet.check_case,
    "learners": learners.check_case,
    "screen": screen.check_case,
}
