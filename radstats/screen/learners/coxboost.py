"""CoxBoost: likelihood-based componentwise boosting of a Cox model (Binder & Schumacher 2008)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import EmptyModelError, InputError
from radstats.screen.learners._base import SurvivalLearner, check_count, constant_columns
from radstats.screen.learners._cox import CoxRisk, VerweijCV
from radstats.survival.surv import Surv


def standardize(values: np.ndarray):
    """Column means and SDs (``n - 1``; a constant column gets SD 1, as CoxBoost)."""
    center = values.mean(axis=0)
    scale = values.std(axis=0, ddof=1) if len(values) > 1 else np.ones(values.shape[1])
    return center, np.where(constant_columns(values) | (scale == 0), 1.0, scale)


def boost_path(Z: np.ndarray, time: np.ndarray, event: np.ndarray, steps: int,
               penalty: float) -> np.ndarray:
    """Coefficient path (``steps + 1`` rows, step 0 all zero) of componentwise Cox boosting.

    At each step, for every column ``j`` of ``Z`` the score ``U_j`` and
    information ``I_j`` of the partial likelihood in the direction of ``z_j``
    (the current fit as offset) give the penalised one-step Newton update
    ``U_j / (I_j + penalty)``; the column with the largest penalised score
    statistic ``U_j^2 / (I_j + penalty)`` (the first on ties) is updated.
    """
    risk = CoxRisk(time, event)
    weights = risk.weights()
    eta = np.zeros(len(Z))
    beta = np.zeros(Z.shape[1])
    path = np.zeros((steps + 1, Z.shape[1]))
    for step in range(1, steps + 1):
        score, info = risk.componentwise(Z, eta, weights)
        j = int(np.argmax(score**2 / (info + penalty)))
        delta = score[j] / (info[j] + penalty)
        beta[j] += delta
        eta += delta * Z[:, j]
        path[step] = beta
    return path


class CoxBoost(SurvivalLearner):
    """Cox model fitted by likelihood-based componentwise boosting, steps chosen by CV.

    Implemented from Binder and Schumacher (2008), BMC Bioinformatics 9:14,
    and the documented behaviour of the R package CoxBoost (not in Debian, so
    there is no R fixture): standardised covariates, one penalised Newton step
    on the single best covariate per boosting step, the penalty
    ``9 x number of events`` by default, and the number of steps maximising
    the K-fold cross-validated partial likelihood of Verweij and van
    Houwelingen (``cv.CoxBoost(type = "verweij")``). Ties are Efron's, as
    CoxBoost's.

    Parameters
    ----------
    penalty : float or None
        Ridge penalty of each update; None is ``9 x`` the events of the data
        being fitted (CoxBoost's default, so each CV fold uses its own).
    max_steps : int
        Most boosting steps considered by the CV (``cv.CoxBoost``'s ``maxstepno``).
    n_steps : int or None
        Use this many steps instead of choosing them by CV.
    nfolds : int
        Cross-validation folds (events spread evenly over them).
    random_state : int, Generator or None
        Seed of the fold assignment.

    Attributes
    ----------
    n_steps_ : int
        Boosting steps of the final model.
    cv_curve_ : ndarray or None
        Cross-validated partial likelihood for 0 .. ``max_steps`` steps.
    coef_ : pandas.Series
        Coefficients on the original scale (zero for features never updated).
    coef_path_ : pandas.DataFrame
        Coefficients (original scale) after each step of the final fit.
    selected_features_ : list of str
        Features with a non-zero coefficient.
    penalty_ : float
        Penalty of the final fit.

    Raises
    ------
    InputError
        Fewer events than folds.
    EmptyModelError
        A CV that chooses 0 steps (no covariate improves the cross-validated
        likelihood: "CoxBoost kept 0 features"); a screen reports it as ``skipped``.

    Notes
    -----
    Risk = ``((x - mean) / sd) @ beta`` with the training means and SDs, as
    ``predict.CoxBoost(type = "lp")``; higher = worse.

    References
    ----------
    Binder H, Schumacher M (2008). Allowing for mandatory covariates in
    boosting estimation of sparse high-dimensional survival models. BMC
    Bioinformatics 9:14.
    Verweij PJM, van Houwelingen HC (1993). Cross-validation in survival
    analysis. Stat Med 12:2305-2314.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats import Surv
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(150, 5)), columns=list("abcde"))
    >>> time = rng.exponential(np.exp(-X["a"].to_numpy()))
    >>> fit = CoxBoost(random_state=1).fit(X, Surv(time, np.ones(150)))
    >>> fit.selected_features_[0], bool(fit.coef_["a"] > 0)
    ('a', True)
    """

    def __init__(self, penalty: float | None = None, max_steps: int = 100,
                 n_steps: int | None = None, nfolds: int = 10, random_state=None):
        self.penalty = penalty
        self.max_steps = max_steps
        self.n_steps = n_steps
        self.nfolds = nfolds
        self.random_state = random_state

    def _label(self) -> str:
        return "CoxBoost"

    def _penalty(self, event: np.ndarray) -> float:
        penalty = 9.0 * event.sum() if self.penalty is None else float(self.penalty)
        if not penalty > 0:
            raise InputError(f"CoxBoost: `penalty` must be positive; got {penalty}")
        return penalty

    def _path(self, values, time, event, steps):
        center, scale = standardize(values)
        path = boost_path((values - center) / scale, time, event, steps, self._penalty(event))
        return path, center, scale

    def _fit(self, values: np.ndarray, y: Surv) -> None:
        self.cv_curve_ = None
        steps = self.n_steps
        if steps is None:
            max_steps = check_count(self.max_steps, "max_steps", "CoxBoost")
            cv = VerweijCV.on_event_folds(y, self.nfolds, np.random.default_rng(self.random_state),
                                          "CoxBoost")
            curve = np.zeros(max_steps + 1)
            for k in range(self.nfolds):
                train = cv.train(k)
                path, center, scale = self._path(values[train], y.time[train], y.event[train],
                                                 max_steps)
                curve += cv.score(k, ((values - center) / scale) @ path.T)
            self.cv_curve_ = curve / self.nfolds
            steps = int(np.argmax(self.cv_curve_))
        self.n_steps_ = check_count(steps, "n_steps", "CoxBoost", minimum=0)
        path, self.center_, self.scale_ = self._path(values, y.time, y.event, self.n_steps_)
        self.penalty_ = self._penalty(y.event)
        self.beta_ = path[-1]
        self.coef_ = self._series(self.beta_ / self.scale_)
        self.coef_path_ = pd.DataFrame(path / self.scale_, columns=list(self.feature_names_in_))
        self.coef_path_.index.name = "step"
        self.selected_features_ = [n for n in self.feature_names_in_ if self.coef_[n] != 0]
        if not self.selected_features_:
            raise EmptyModelError("CoxBoost kept 0 features (cross-validation chose 0 boosting "
                             "steps)" if self.n_steps is None else "CoxBoost kept 0 features")

    def _predict(self, values: np.ndarray) -> np.ndarray:
        return ((values - self.center_) / self.scale_) @ self.beta_
