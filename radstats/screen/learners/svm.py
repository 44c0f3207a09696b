"""survival-SVM: a linear survival support vector machine with the regression objective."""

from __future__ import annotations

import numpy as np

from radstats._core.errors import InputError
from radstats.screen.learners._base import SurvivalLearner, constant_columns
from radstats.screen.learners.forest import sklearn_seed
from radstats.survival.surv import Surv


class SurvivalSVM(SurvivalLearner):
    """Linear survival SVM (scikit-survival's ``FastSurvivalSVM``, ``rank_ratio=0``).

    The regression objective fits ``log(time)`` with a squared hinge that
    ignores censored subjects predicted to live longer than their censoring
    time (Pölsterl et al. 2016); a larger prediction means longer survival,
    so the risk is its negative.

    Parameters
    ----------
    alpha : float
        Weight of the data term against the ridge penalty ``||w||^2 / 2``
        (survivalsvm's ``gamma.mu = 1`` as the published screen).
    standardize : bool
        Z-score the features (training mean and SD) before fitting, so the
        penalty treats them alike; coefficients are reported on the original scale.
    max_iter : int
        Optimiser iterations.
    random_state : int, Generator or None
        Seed of the optimiser's start.

    Attributes
    ----------
    coef_ : pandas.Series
        Coefficients of the risk score (the negated time model) on the
        original scale: positive = higher risk.
    model_ : sksurv.svm.FastSurvivalSVM

    Notes
    -----
    Risk = minus the predicted log survival time (the linear predictor of
    the time model, whose exponential scikit-survival's ``predict`` returns),
    higher = worse. R's
    ``survivalsvm(type = "regression", gamma.mu = 1)`` (Fouodo et al. 2018)
    solves the same kind of objective with a quadratic program on the time
    scale; it is not in Debian, so no R fixture exists. Times must be positive
    (the model is fitted to ``log(time)``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats import Surv
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(150, 3)), columns=list("abc"))
    >>> time = rng.exponential(np.exp(-X["a"].to_numpy()))
    >>> fit = SurvivalSVM(random_state=1).fit(X, Surv(time, np.ones(150)))
    >>> bool(fit.coef_["a"] > 0)
    True
    """

    def __init__(self, alpha: float = 1.0, standardize: bool = True, max_iter: int = 100,
                 random_state=None):
        self.alpha = alpha
        self.standardize = standardize
        self.max_iter = max_iter
        self.random_state = random_state

    def _label(self) -> str:
        return "survival-SVM"

    def _fit(self, values: np.ndarray, y: Surv) -> None:
        from sksurv.svm import FastSurvivalSVM

        nonpositive = np.flatnonzero(y.time <= 0)
        if nonpositive.size:
            raise InputError(f"survival-SVM fits log(time): time must be positive; found "
                             f"{y.time[nonpositive[0]]:g} at position {nonpositive[0]}")
        self.mean_ = values.mean(axis=0) if self.standardize else np.zeros(values.shape[1])
        scale = values.std(axis=0, ddof=1) if self.standardize else np.ones(values.shape[1])
        self.scale_ = np.where(constant_columns(values), 1.0, scale)
        self.model_ = FastSurvivalSVM(alpha=self.alpha, rank_ratio=0.0, fit_intercept=True,
                                      max_iter=self.max_iter,
                                      random_state=sklearn_seed(self.random_state))
        self.model_.fit((values - self.mean_) / self.scale_, y.to_structured())
        self.coef_ = self._series(-self.model_.coef_ / self.scale_)

    def _predict(self, values: np.ndarray) -> np.ndarray:
        log_time = (values - self.mean_) / self.scale_ @ self.model_.coef_ + self.model_.intercept_
        return -log_time
