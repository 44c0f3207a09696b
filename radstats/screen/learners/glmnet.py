"""Enet, Ridge and Lasso: the Cox elastic net at cv.glmnet's lambda.min."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import EmptyModelError, InputError
from radstats.screen.learners._base import SurvivalLearner, constant_columns
from radstats.screen.learners._cox import event_folds
from radstats.selection import cv_glmnet
from radstats.survival.surv import Surv

LAMBDAS = ("lambda_min", "lambda_1se")


class CoxNet(SurvivalLearner):
    """Cox elastic net with lambda chosen by 10-fold cross-validation.

    ``alpha=1`` is the screen's "Lasso", ``alpha=0`` its "Ridge" and any
    ``alpha`` its "Enet[α=alpha]". Each fit runs its own
    :func:`radstats.selection.cv_glmnet` (so Ridge is read at its own
    lambda.min, not the Lasso's as Mime does).

    Parameters
    ----------
    alpha : float in [0, 1]
        Elastic-net mixing (1 lasso, 0 ridge).
    nfolds : int
        Cross-validation folds (10 as the screen's published setting).
    s : {"lambda_min", "lambda_1se"}
        Which lambda of the CV curve to use.
    random_state : int, Generator or None
        Seed of the fold assignment (events spread evenly over the folds).

    Attributes
    ----------
    coef_ : pandas.Series
        Coefficients at the chosen lambda, original scale, every input column
        (constant columns get 0, as glmnet leaves them).
    selected_features_ : list of str
        Columns with a non-zero coefficient.
    cv_ : CVGlmnetResult
        The cross-validation curve.

    Raises
    ------
    InputError
        Fewer than two non-constant columns (glmnet needs two), or too few
        events for every fold to hold two.
    EmptyModelError
        No non-zero coefficient at the chosen lambda ("Lasso kept 0 features
        at lambda.min"); a screen reports it as ``skipped``.

    Notes
    -----
    Risk = the linear predictor ``X @ coef_`` (glmnet's ``predict(type =
    "link")``), higher = worse. Matches ``glmnet::cv.glmnet(x, Surv(time,
    event), family = "cox", alpha = alpha, nfolds = 10)`` followed by
    ``coef(fit, s = "lambda.min")`` through ``cv_glmnet`` (whose parity with R
    is proven in ``tests/parity``), given the folds. The folds differ from R's
    ``sample(rep(1:10, length = n))``: events and censored subjects are each
    spread evenly over the folds (as the screen's other CV learners), so no
    fold is left without events in a small training set (leave-one-out
    screens fit thousands of these); the chosen lambda can differ from a run
    with R's random folds.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats import Surv
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(120, 4)), columns=list("abcd"))
    >>> time = rng.exponential(np.exp(-X["a"].to_numpy()))
    >>> fit = CoxNet(alpha=1, random_state=1).fit(X, Surv(time, np.ones(120)))
    >>> "a" in fit.selected_features_, bool(fit.coef_["a"] > 0)
    (True, True)
    """

    def __init__(self, alpha: float = 1.0, nfolds: int = 10, s: str = "lambda_min",
                 random_state=None):
        self.alpha = alpha
        self.nfolds = nfolds
        self.s = s
        self.random_state = random_state

    def _label(self) -> str:
        if self.alpha == 1:
            return "Lasso"
        if self.alpha == 0:
            return "Ridge"
        return f"Enet[α={self.alpha:g}]"

    def _fit(self, values: np.ndarray, y: Surv) -> None:
        if self.s not in LAMBDAS:
            raise InputError(f"{self._label()}: `s` must be one of {LAMBDAS}; got {self.s!r}")
        names = list(self.feature_names_in_)
        varying = ~constant_columns(values)
        if varying.sum() < 2:
            kept = [n for n, v in zip(names, varying) if v]
            raise InputError(f"{self._label()} needs at least 2 non-constant features; got "
                             f"{int(varying.sum())} {kept}")
        frame = pd.DataFrame(values[:, varying], columns=[n for n, v in zip(names, varying) if v])
        folds = event_folds(y.event, self.nfolds, np.random.default_rng(self.random_state),
                            self._label()) + 1   # R's 1-based labels
        self.cv_ = cv_glmnet(frame, y, family="cox", alpha=self.alpha, foldid=folds)
        coef = self.cv_.coef(self.s)
        self.coef_ = self._series(np.zeros(len(names)))
        self.coef_[coef.index] = coef.to_numpy()
        self.coef_.name = self.s
        self.selected_features_ = [n for n in names if self.coef_[n] != 0]
        if not self.selected_features_:
            raise EmptyModelError(f"{self._label()} kept 0 features at {self.s.replace('_', '.')}")

    def _predict(self, values: np.ndarray) -> np.ndarray:
        return values @ self.coef_.to_numpy()
