"""plsRcox: partial least squares Cox regression (Bastien, Esposito Vinzi, Tenenhaus 2005)."""

from __future__ import annotations

import numpy as np

from radstats._core.errors import InputError
from radstats.screen.learners._base import SurvivalLearner, check_count
from radstats.screen.learners._cox import CoxRisk, VerweijCV
from radstats.screen.learners.coxboost import standardize
from radstats.survival.surv import Surv

_NEGLIGIBLE = 1e-10  # a deflated column with less than this share of its variance is spent


def pls_cox_path(Z: np.ndarray, time: np.ndarray, event: np.ndarray, max_components: int):
    """PLS-Cox components of standardised ``Z`` and the Cox fit on the first 1..H of them (a generator).

    Component ``h``: every column ``x_j`` of the deflated matrix ``X_{h-1}``
    gets the coefficient ``w_j`` of ``x_j`` in the Cox model on
    ``(t_1, ..., t_{h-1}, x_j)``; ``w`` is normalised, ``t_h = X_{h-1} w``,
    and ``X_h = X_{h-1} - t_h p_h'`` with ``p_h = X_{h-1}' t_h / t_h't_h``.
    Yields, for ``h = 1, 2, ...``, the coefficients on ``Z`` of the Cox model
    on ``t_1..t_h`` (via ``T = Z W (P'W)^{-1}``); it stops early when the
    columns are spent.
    """
    risk = CoxRisk(time, event)
    n, p = Z.shape
    deflated = Z.copy()
    spread = np.maximum((Z**2).sum(axis=0), 1e-300)
    components, weights, loadings = np.zeros((n, 0)), [], []
    gamma = np.zeros(0)  # the Cox fit on the components so far: a warm start for the next
    for _ in range(max_components):
        live = (deflated**2).sum(axis=0) > _NEGLIGIBLE * spread
        if not live.any():
            break
        design = np.concatenate(
            (np.broadcast_to(components[:, None, :], (n, p, components.shape[1])),
             deflated[:, :, None]), axis=2)
        start = np.tile(np.append(gamma, 0.0), (int(live.sum()), 1))
        coef, _ = risk.fit_batch(design[:, live], start)
        w = np.zeros(p)
        w[live] = coef[:, -1]
        norm = np.linalg.norm(w)
        if not np.isfinite(norm) or norm == 0:
            break
        w /= norm
        t = deflated @ w
        loading = deflated.T @ t / (t @ t)
        deflated = deflated - np.outer(t, loading)
        components = np.column_stack((components, t))
        weights.append(w)
        loadings.append(loading)
        W, P = np.array(weights).T, np.array(loadings).T
        fitted, _ = risk.fit_batch(components[:, None, :], np.append(gamma, 0.0)[None])
        gamma = fitted[0]
        yield W @ np.linalg.solve(P.T @ W, gamma)


class PLSRCox(SurvivalLearner):
    """Cox regression on partial least squares components, their number chosen by CV.

    Implemented from Bastien, Esposito Vinzi and Tenenhaus (2005), the
    algorithm of R's ``plsRcox::plsRcox`` (not in Debian, so there is no R
    fixture): on standardised features, each component weights every
    (deflated) feature by its coefficient in a Cox model given the earlier
    components (:func:`pls_cox_path`); the final model is a Cox fit on the
    components, expressed in the original features. Ties are Efron's.

    Parameters
    ----------
    max_components : int
        Most components considered (``cv.plsRcox``'s ``nt``).
    n_components : int or None
        Use this many components instead of choosing them by CV.
    nfolds : int
        Cross-validation folds (``cv.plsRcox``'s default 5).
    patience : int
        The CV adds components to every fold's model one at a time and stops
        once the best number is this many components behind.
    random_state : int, Generator or None
        Seed of the fold assignment.

    Attributes
    ----------
    n_components_ : int
    cv_curve_ : ndarray or None
        Cross-validated partial likelihood for 1, 2, ... components (as far
        as the search went).
    coef_ : pandas.Series
        Coefficients of the linear predictor on the original feature scale.

    Raises
    ------
    InputError
        Fewer events than folds; features without variation.

    Notes
    -----
    Risk = ``((x - mean) / sd) @ beta`` (``predict.plsRcoxmodel(type = "lp")``),
    higher = worse. The number of components maximises the cross-validated
    partial likelihood of Verweij and van Houwelingen (``cv.plsRcox``'s
    second criterion; its default is an integrated AUC), among models with
    at least one component (with many noise features the null model often
    scores best, and a plsRcox model needs a component). Mime reads
    ``cv.plsRcox(...)[5]`` as the number of components.

    References
    ----------
    Bastien P, Esposito Vinzi V, Tenenhaus M (2005). PLS generalised linear
    regression. Comput Stat Data Anal 48:17-46.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats import Surv
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(150, 5)), columns=list("abcde"))
    >>> time = rng.exponential(np.exp(-X["a"].to_numpy()))
    >>> fit = PLSRCox(random_state=1).fit(X, Surv(time, np.ones(150)))
    >>> bool(fit.coef_.abs().idxmax() == "a" and fit.coef_["a"] > 0)
    True
    """

    def __init__(self, max_components: int = 10, n_components: int | None = None,
                 nfolds: int = 5, patience: int = 2, random_state=None):
        self.max_components = max_components
        self.n_components = n_components
        self.nfolds = nfolds
        self.patience = patience
        self.random_state = random_state

    def _label(self) -> str:
        return "plsRcox"

    def _fit(self, values: np.ndarray, y: Surv) -> None:
        self.cv_curve_ = None
        chosen = self.n_components
        if chosen is None:
            check_count(self.max_components, "max_components", "plsRcox")
            cv = VerweijCV.on_event_folds(y, self.nfolds, np.random.default_rng(self.random_state),
                                          "plsRcox")
            self.cv_curve_ = self._cv_curve(values, y, cv)
            if not self.cv_curve_.size:
                raise InputError("plsRcox: the features carry no variation to build a component")
            chosen = int(np.argmax(self.cv_curve_)) + 1
        check_count(chosen, "n_components", "plsRcox")
        self.center_, self.scale_ = standardize(values)
        betas = list(pls_cox_path((values - self.center_) / self.scale_, y.time, y.event,
                                  int(chosen)))
        if not betas:
            raise InputError("plsRcox: the features carry no variation to build a component")
        self.n_components_ = len(betas)
        self.beta_ = betas[-1]
        self.coef_ = self._series(self.beta_ / self.scale_)

    def _cv_curve(self, values: np.ndarray, y: Surv, cv: VerweijCV) -> np.ndarray:
        """Mean CV partial likelihood for 1, 2, ... components, all folds in step."""
        paths, scaled = [], []
        for k in range(self.nfolds):
            train = cv.train(k)
            center, scale = standardize(values[train])
            scaled.append((values - center) / scale)
            paths.append(pls_cox_path(scaled[k][train], y.time[train], y.event[train],
                                      int(self.max_components)))
        curve = []
        while len(curve) < self.max_components and \
                len(curve) - 1 - int(np.argmax(curve or [0])) < self.patience:
            betas = [next(path, None) for path in paths]
            if any(b is None for b in betas):  # a fold ran out of components
                break
            curve.append(sum(cv.score(k, scaled[k] @ b) for k, b in enumerate(betas)))
        return np.asarray(curve) / self.nfolds

    def _predict(self, values: np.ndarray) -> np.ndarray:
        return ((values - self.center_) / self.scale_) @ self.beta_
