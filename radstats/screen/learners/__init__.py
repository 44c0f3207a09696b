"""The survival learners of the model screen, by the names the 101 combinations use.

``make_learner("Enet[α=0.3]", random_state=1)`` returns an unfitted,
scikit-learn-compatible estimator with ``fit(X: DataFrame, y: Surv)`` and
``predict(X)`` -> a risk score (higher = worse, for every learner). Selectors
(``SELECTORS``) also expose ``selected_features_`` after fitting. A learner
that cannot fit (a selector keeping no feature, too few events for its
cross-validation, ...) raises :class:`~radstats.InputError` with the reason.

===================  ==============================  ==========================================
name                 estimator                       essentials
===================  ==============================  ==========================================
RSF                  :class:`RSF`                    1,000 log-rank trees; VIMP selection
Enet[α=a]            :class:`CoxNet` (alpha=a)       cv.glmnet, 10 folds, lambda.min
Ridge, Lasso         :class:`CoxNet` (alpha 0, 1)    each at its own lambda.min
StepCox[direction]   :class:`StepCox`                stepAIC; forward from the empty model
CoxBoost             :class:`CoxBoost`               penalised componentwise boosting, CV steps
plsRcox              :class:`PLSRCox`                PLS-Cox components, CV number
SuperPC              :class:`SuperPC`                supervised PCs, CV threshold and number
GBM                  :class:`GBM`                    Cox-loss boosted trees, CV number of trees
survival-SVM         :class:`SurvivalSVM`            linear, regression objective
===================  ==============================  ==========================================
"""

from __future__ import annotations

import inspect
import re

from radstats._core.errors import InputError
from radstats.screen.learners.coxboost import CoxBoost
from radstats.screen.learners.forest import RSF
from radstats.screen.learners.gbm import GBM
from radstats.screen.learners.glmnet import CoxNet
from radstats.screen.learners.plsrcox import PLSRCox
from radstats.screen.learners.stepcox import StepCox
from radstats.screen.learners.superpc import SuperPC
from radstats.screen.learners.svm import SurvivalSVM

LEARNERS = ("RSF", "Enet", "Ridge", "Lasso", "StepCox[both]", "StepCox[backward]",
            "StepCox[forward]", "CoxBoost", "plsRcox", "SuperPC", "GBM", "survival-SVM")
SELECTORS = ("RSF", "Lasso", "StepCox[both]", "StepCox[backward]", "StepCox[forward]",
             "CoxBoost")

_FIXED = {
    "RSF": (RSF, {}),
    "Ridge": (CoxNet, {"alpha": 0.0}),
    "Lasso": (CoxNet, {"alpha": 1.0}),
    "StepCox[both]": (StepCox, {"direction": "both"}),
    "StepCox[backward]": (StepCox, {"direction": "backward"}),
    "StepCox[forward]": (StepCox, {"direction": "forward"}),
    "CoxBoost": (CoxBoost, {}),
    "plsRcox": (PLSRCox, {}),
    "SuperPC": (SuperPC, {}),
    "GBM": (GBM, {}),
    "survival-SVM": (SurvivalSVM, {}),
}
_ENET = re.compile(r"^Enet\[\s*(?:α|alpha)\s*=\s*([0-9.eE+-]+)\s*\]$")


def _resolve(name: str):
    if not isinstance(name, str):
        raise InputError(f"a learner name must be a string; got {type(name).__name__}")
    if name in _FIXED:
        return _FIXED[name]
    match = _ENET.match(name.strip())
    if match:
        try:
            alpha = float(match.group(1))
        except ValueError:
            alpha = float("nan")
        if not 0 <= alpha <= 1:
            raise InputError(f"learner {name!r}: the elastic-net alpha must lie in [0, 1]")
        return CoxNet, {"alpha": alpha}
    known = ", ".join(n if n != "Enet" else "Enet[α=0..1]" for n in LEARNERS)
    raise InputError(f"unknown learner {name!r}; known learners: {known}")


def make_learner(name: str, random_state=None, **options):
    """An unfitted survival learner by its screen name.

    Parameters
    ----------
    name : str
        One of ``LEARNERS``; the elastic net is ``"Enet[α=a]"`` with ``a`` in
        [0, 1] (``"Enet[alpha=a]"`` also works).
    random_state : int, Generator or None
        Seed of everything random in the learner (folds, trees, permutations);
        ignored by the deterministic StepCox.
    **options
        Parameters of the estimator (e.g. ``n_estimators=500`` for RSF,
        ``leaf_size=10``, ``n_jobs=2``); an unknown one is an error.

    Returns
    -------
    estimator
        ``fit(X, Surv)``, ``predict(X)`` -> risk (higher = worse),
        ``feature_names_in_``; ``selected_features_`` for selectors; ``coef_``
        (linear learners) or ``feature_importances_`` (RSF, GBM).

    Raises
    ------
    InputError
        An unknown name (the known ones are listed) or option.

    Examples
    --------
    >>> make_learner("Enet[α=0.5]", random_state=1)
    CoxNet(alpha=0.5, random_state=1)
    >>> make_learner("StepCox[forward]")
    StepCox(direction='forward')
    """
    cls, fixed = _resolve(name)
    accepted = set(inspect.signature(cls).parameters)
    unknown = sorted(set(options) - accepted)
    if unknown:
        raise InputError(f"learner {name!r} has no option(s) {unknown}; its options are "
                         f"{sorted(accepted - set(fixed) - {'random_state'})}")
    clash = sorted(set(options) & set(fixed))
    if clash:
        raise InputError(f"learner {name!r} fixes {clash} by its name")
    params = {**fixed, **options}
    if "random_state" in accepted:
        params["random_state"] = random_state
    return cls(**params)


__all__ = ["LEARNERS", "SELECTORS", "CoxBoost", "CoxNet", "GBM", "PLSRCox", "RSF", "StepCox",
           "SuperPC", "SurvivalSVM", "make_learner"]
