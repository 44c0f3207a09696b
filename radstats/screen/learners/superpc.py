"""SuperPC: supervised principal components for survival (Bair & Tibshirani 2004)."""

from __future__ import annotations

import numpy as np

from radstats._core.errors import EmptyModelError, InputError
from radstats.screen.learners._base import SurvivalLearner
from radstats.screen.learners._cox import CoxRisk, VerweijCV
from radstats.screen.learners.coxboost import standardize
from radstats.survival.surv import Surv


def cox_scores(Z: np.ndarray, time: np.ndarray, event: np.ndarray) -> np.ndarray:
    """Univariate Cox score statistics ``U_j / sqrt(I_j)`` at ``beta = 0`` (0 for a constant column)."""
    risk = CoxRisk(time, event)
    score, info = risk.componentwise(Z, np.zeros(len(Z)), risk.weights())
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(info > 0, score / np.sqrt(info), 0.0)


def principal_directions(Z: np.ndarray, keep: np.ndarray, n_components: int) -> np.ndarray:
    """The first right singular vectors of the kept (centred) columns, as ``p x m`` loadings."""
    centred = Z[:, keep] - Z[:, keep].mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    loadings = np.zeros((Z.shape[1], min(n_components, len(vt))))
    loadings[keep] = vt[:loadings.shape[1]].T
    return loadings


class SuperPC(SurvivalLearner):
    """Cox regression on the leading principal components of the features most related to survival.

    Implemented from Bair and Tibshirani (2004) and Bair, Hastie, Paul and
    Tibshirani (2006), the method of R's ``superpc`` (not in Debian, so there
    is no R fixture): each feature's univariate Cox score statistic is
    computed; the features whose absolute score reaches a threshold are kept;
    their first ``m`` principal components enter a Cox model. The threshold
    (from a grid) and ``m`` (1 .. ``max_components``) maximise the
    cross-validated partial likelihood of Verweij and van Houwelingen, with
    scores, components and Cox fit recomputed inside every fold. Ties are Efron's.

    Parameters
    ----------
    n_thresholds : int
        Grid size: thresholds equally spaced from 0 to the score of the
        ``min_features``-th strongest feature (``superpc.cv``'s ``n.threshold = 20``).
    min_features : int
        The largest threshold keeps at least this many features.
    max_components : int
        Most principal components (``superpc.cv``'s ``n.components = 3``).
    threshold, n_components : float, int or None
        Use these instead of choosing them by CV (both or neither).
    nfolds : int
        Cross-validation folds.
    standardize : bool
        Z-score the features (training mean and SD) before scoring and PCA,
        so features on large scales do not dominate the components
        (``superpc`` only centres them).
    random_state : int, Generator or None
        Seed of the fold assignment.

    Attributes
    ----------
    scores_ : pandas.Series
        Univariate Cox score statistic of each feature.
    threshold_, n_components_ : float, int
        The chosen threshold and number of components.
    cv_curve_ : ndarray or None
        Cross-validated partial likelihood, thresholds x components.
    coef_ : pandas.Series
        Coefficients of the linear predictor on the original scale (zero for
        features below the threshold).

    Notes
    -----
    Risk = the Cox linear predictor on the components, ``(x - mean) / sd``
    projected and weighted, higher = worse. Mime predicts with the first
    component's score itself (``superpc.predict(...)$v.pred``), whose sign is
    arbitrary; fitting the Cox model on the components fixes the direction.
    With threshold 0 and as many components as features (p < n) the model is
    the ordinary Cox regression on all features.

    References
    ----------
    Bair E, Tibshirani R (2004). Semi-supervised methods to predict patient
    survival from gene expression data. PLoS Biol 2(4):e108.
    Bair E, Hastie T, Paul D, Tibshirani R (2006). Prediction by supervised
    principal components. J Am Stat Assoc 101:119-137.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats import Surv
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(150, 6)), columns=list("abcdef"))
    >>> time = rng.exponential(np.exp(-X["a"].to_numpy()))
    >>> fit = SuperPC(random_state=1).fit(X, Surv(time, np.ones(150)))
    >>> bool(fit.coef_["a"] > 0)
    True
    """

    def __init__(self, n_thresholds: int = 20, min_features: int = 5, max_components: int = 3,
                 threshold: float | None = None, n_components: int | None = None,
                 nfolds: int = 10, standardize: bool = True, random_state=None):
        self.n_thresholds = n_thresholds
        self.min_features = min_features
        self.max_components = max_components
        self.threshold = threshold
        self.n_components = n_components
        self.nfolds = nfolds
        self.standardize = standardize
        self.random_state = random_state

    def _label(self) -> str:
        return "SuperPC"

    def _scale(self, values: np.ndarray):
        if self.standardize:
            return standardize(values)
        return values.mean(axis=0), np.ones(values.shape[1])

    def _fit(self, values: np.ndarray, y: Surv) -> None:
        if (self.threshold is None) != (self.n_components is None):
            raise InputError("SuperPC: give both `threshold` and `n_components`, or neither "
                             "(then both are chosen by cross-validation)")
        self.center_, self.scale_ = self._scale(values)
        Z = (values - self.center_) / self.scale_
        self.scores_ = self._series(cox_scores(Z, y.time, y.event)).rename("score")
        self.cv_curve_ = None
        if self.threshold is None:
            strength = np.sort(np.abs(self.scores_.to_numpy()))[::-1]
            top = strength[min(self.min_features, len(strength)) - 1]
            self.thresholds_ = np.linspace(0.0, top, self.n_thresholds)
            self.cv_curve_ = self._cv_curve(values, y)
            best, m = np.unravel_index(np.argmax(self.cv_curve_), self.cv_curve_.shape)
            self.threshold_, self.n_components_ = float(self.thresholds_[best]), int(m) + 1
        else:
            self.threshold_, self.n_components_ = float(self.threshold), int(self.n_components)
        keep = np.abs(self.scores_.to_numpy()) >= self.threshold_
        if not keep.any():
            raise EmptyModelError(f"SuperPC: no feature reaches the threshold {self.threshold_:g}")
        loadings = principal_directions(Z, keep, self.n_components_)
        self.n_components_ = loadings.shape[1]
        risk = CoxRisk(y.time, y.event)
        gamma, _ = risk.fit_batch((Z @ loadings)[:, None, :])
        self.beta_ = loadings @ gamma[0]
        self.coef_ = self._series(self.beta_ / self.scale_)

    def _cv_curve(self, values: np.ndarray, y: Surv) -> np.ndarray:
        """Mean CV partial likelihood for every threshold (rows) and number of components."""
        cv = VerweijCV.on_event_folds(y, self.nfolds, np.random.default_rng(self.random_state),
                                      "SuperPC")
        M = int(self.max_components)
        curve = np.zeros((len(self.thresholds_), M))
        for k in range(self.nfolds):
            train = cv.train(k)
            center, scale = self._scale(values[train])
            Z = (values - center) / scale
            strength = np.abs(cox_scores(Z[train], y.time[train], y.event[train]))
            directions = []
            for threshold in self.thresholds_:
                keep = strength >= threshold
                loadings = principal_directions(Z[train], keep, M) if keep.any() else \
                    np.zeros((Z.shape[1], 0))
                directions.append(np.pad(loadings, ((0, 0), (0, M - loadings.shape[1]))))
            components = np.stack([Z @ d for d in directions], axis=1)   # n x thresholds x M
            risk = cv.training[k]
            for m in range(1, M + 1):
                gamma, _ = risk.fit_batch(components[train][:, :, :m])
                eta = np.einsum("ntm,tm->nt", components[:, :, :m], gamma)
                curve[:, m - 1] += cv.score(k, eta)
        # a fold with fewer kept features than components leaves a zero column: its
        # Cox fit is that of fewer components, which the CV compares fairly
        return curve / self.nfolds

    def _predict(self, values: np.ndarray) -> np.ndarray:
        return ((values - self.center_) / self.scale_) @ self.beta_
