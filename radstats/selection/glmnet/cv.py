"""Cross-validated elastic net, matching R's ``glmnet::cv.glmnet``."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_binary_outcome, as_frame, check_int
from radstats.selection.glmnet.path import (
    MAXIT, THRESH, CoxRiskSets, binomial_path, cox_path, cox_saturated,
)
from radstats.survival.surv import as_surv

FAMILIES = ("binomial", "cox")
MEASURES = {"binomial": ("deviance", "class", "mse", "auc"), "cox": ("deviance", "C")}
_PROB_MIN = 1e-5   # cv.lognet's prob_min: held-out probabilities are clipped to [1e-5, 1 - 1e-5]


@dataclasses.dataclass(frozen=True, repr=False)
class CVGlmnetResult(Result):
    """Cross-validation curve of an elastic-net path (R's ``cv.glmnet`` object).

    Attributes
    ----------
    lambda_, cvm, cvsd, cvup, cvlo, nzero : ndarray
        Per lambda (decreasing): the cross-validated measure, its standard
        error, ``cvm +/- cvsd`` and the number of non-zero coefficients of the
        full-data fit, as R's fields of the same names.
    lambda_min, lambda_1se : float
        The lambda with the best ``cvm`` (the largest such lambda on ties), and
        the largest lambda whose ``cvm`` is within one ``cvsd`` of that best.
    beta : DataFrame
        Full-data coefficients on the original scale, one column per lambda.
    intercept : ndarray or None
        Binomial intercepts per lambda (None for Cox).
    foldid : ndarray
        Fold labels 1..K used.
    """

    lambda_: np.ndarray
    cvm: np.ndarray
    cvsd: np.ndarray
    cvup: np.ndarray
    cvlo: np.ndarray
    nzero: np.ndarray
    lambda_min: float
    lambda_1se: float
    beta: pd.DataFrame
    intercept: np.ndarray | None
    foldid: np.ndarray
    family: str
    type_measure: str
    meta: dict = dataclasses.field(default_factory=dict)

    @property
    def index_min(self) -> int:
        """0-based position of ``lambda_min`` in ``lambda_``."""
        return int(np.flatnonzero(self.lambda_ == self.lambda_min)[0])

    @property
    def index_1se(self) -> int:
        """0-based position of ``lambda_1se`` in ``lambda_``."""
        return int(np.flatnonzero(self.lambda_ == self.lambda_1se)[0])

    def to_frame(self) -> pd.DataFrame:
        """The CV curve: ``lambda, cvm, cvsd, cvup, cvlo, nzero`` per lambda."""
        return pd.DataFrame({"lambda": self.lambda_, "cvm": self.cvm, "cvsd": self.cvsd,
                             "cvup": self.cvup, "cvlo": self.cvlo, "nzero": self.nzero})

    def _s(self, s) -> float:
        if isinstance(s, str):
            if s not in ("lambda_min", "lambda_1se"):
                raise InputError(f"`s` must be 'lambda_min', 'lambda_1se' or a number; got {s!r}")
            return float(getattr(self, s))
        return float(s)

    def coef(self, s="lambda_1se") -> pd.Series:
        """Coefficients at ``s`` on the original scale (binomial: with ``(Intercept)``).

        As R's ``coef(cvfit, s = ...)``: a lambda between two of the path is
        interpolated linearly in lambda; one outside the path takes its end.
        """
        lam = self._s(s)
        left, right, frac = _lambda_interp(self.lambda_full, lam)
        values = self.beta.to_numpy()
        coef = frac * values[:, left] + (1 - frac) * values[:, right]
        out = pd.Series(coef, index=self.beta.index, name=f"s={lam:.6g}")
        if self.intercept is not None:
            a0 = frac * self.intercept[left] + (1 - frac) * self.intercept[right]
            out = pd.concat([pd.Series([a0], index=["(Intercept)"]), out]).rename(out.name)
        return out

    def predict(self, X, s="lambda_1se", type: str = "link") -> np.ndarray:
        """Linear predictor (``type="link"``) or ``"response"`` at ``s`` for new ``X``.

        ``"response"`` is the event probability (binomial) or the relative risk
        ``exp(link)`` (Cox, as R's ``predict(..., type = "response")``).
        """
        frame = as_frame(X)
        missing = [c for c in self.beta.index if c not in frame.columns]
        if missing:
            raise InputError(f"`X` lacks the fitted column(s) {missing}")
        coef = self.coef(s)
        values = frame[list(self.beta.index)].to_numpy(dtype=float)
        eta = values @ coef[self.beta.index].to_numpy()
        if self.intercept is not None:
            eta = eta + coef["(Intercept)"]
        if type == "link":
            return eta
        if type == "response":
            return 1 / (1 + np.exp(-eta)) if self.family == "binomial" else np.exp(eta)
        raise InputError(f"`type` must be 'link' or 'response'; got {type!r}")

    @property
    def lambda_full(self) -> np.ndarray:
        """The full-data path's lambdas (``lambda_`` before any NaN-``cvsd`` drop)."""
        return self.meta.get("lambda_full", self.lambda_)


def _lambda_interp(lam: np.ndarray, s: float):
    """R's ``lambda.interp`` for one value: (left, right, fraction of left)."""
    k = len(lam)
    if k == 1:
        return 0, 0, 1.0
    scaled = (lam[0] - lam) / (lam[0] - lam[-1])
    sfrac = (lam[0] - s) / (lam[0] - lam[-1])
    sfrac = min(max(sfrac, scaled.min()), scaled.max())
    coord = np.interp(sfrac, scaled, np.arange(1, k + 1))
    left, right = int(np.floor(coord)) - 1, int(np.ceil(coord)) - 1
    if left == right or abs(scaled[left] - scaled[right]) < np.finfo(float).eps:
        return left, right, 1.0
    return left, right, float((sfrac - scaled[right]) / (scaled[left] - scaled[right]))


def _at_lambdas(path_lambda, beta, intercept, lam):
    """A path's coefficients read at ``lam`` as R's ``predict(fit, s = lam)``."""
    rows = [_lambda_interp(path_lambda, value) for value in lam]
    left = np.array([r[0] for r in rows])
    right = np.array([r[1] for r in rows])
    frac = np.array([r[2] for r in rows])
    out_beta = frac[:, None] * beta[left] + (1 - frac)[:, None] * beta[right]
    out_intercept = None
    if intercept is not None:
        out_intercept = frac * intercept[left] + (1 - frac) * intercept[right]
    return out_beta, out_intercept


def _check_design(X) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        empty = list(X.columns[X.isna().all().to_numpy()])
        if empty:
            raise InputError(f"`X` column(s) {empty} are entirely missing")
    frame = as_frame(X)
    if frame.shape[1] < 2:
        raise InputError(f"cv_glmnet needs at least 2 features (glmnet requires x with 2 or more "
                         f"columns); got {frame.shape[1]} ({list(frame.columns)})")
    bad = [c for c, t in frame.dtypes.items() if not pd.api.types.is_numeric_dtype(t)
           or pd.api.types.is_bool_dtype(t)]
    if bad:
        raise InputError(f"`X` column(s) {bad} are not numeric; code factors as dummies first")
    values = frame.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        column = frame.columns[int(np.flatnonzero(~np.isfinite(values).all(axis=0))[0])]
        raise InputError(f"`X` column {column!r} has infinite values")
    constant = list(frame.columns[np.all(values == values[:1], axis=0)])
    if constant:
        raise InputError(f"`X` column(s) {constant} are constant; they carry no information "
                         "(glmnet would silently keep them at zero): drop them")
    return frame


def _folds(n: int, nfolds: int, foldid, random_state) -> np.ndarray:
    if foldid is None:
        if int(nfolds) != nfolds or nfolds < 3:
            raise InputError(f"`nfolds` must be an integer >= 3 (as cv.glmnet); got {nfolds}")
        rng = np.random.default_rng(random_state)
        return rng.permutation(np.resize(np.arange(1, int(nfolds) + 1), n))
    folds = np.asarray(foldid)
    if folds.shape != (n,):
        raise InputError(f"`foldid` must have one label per row ({n}); got shape {folds.shape}")
    if not np.issubdtype(folds.dtype, np.number) or np.any(folds != np.round(folds)):
        raise InputError("`foldid` must hold integer fold labels 1..K (R's convention)")
    folds = folds.astype(int)
    k = folds.max()
    absent = sorted(set(range(1, k + 1)) - set(folds.tolist()))
    if folds.min() < 1 or absent:
        raise InputError(f"`foldid` must use every label 1..{k} (R's 1-based labels); "
                         f"missing {absent}" if absent else "`foldid` labels must start at 1")
    if k < 3:
        raise InputError(f"cv_glmnet needs at least 3 folds (as cv.glmnet); `foldid` has {k}")
    return folds


def _standardise(values: np.ndarray, standardize: bool):
    center = values.mean(axis=0)
    scale = np.sqrt(((values - center) ** 2).mean(axis=0)) if standardize else np.ones(values.shape[1])
    return center, scale


def _fit_path(family, values, y, alpha, nlambda, ratio, user_lambda, standardize, thresh, maxit):
    """Path on the original scale: (lambda, beta (L x p), intercept (L,), dev_ratio)."""
    center, scale = _standardise(values, standardize)
    Z = np.asfortranarray((values - center) / scale)
    if family == "binomial":
        path = binomial_path(Z, y.astype(float), alpha, nlambda, ratio, user_lambda, thresh, maxit)
        beta = path.beta / scale
        intercept = path.intercept - beta @ center
    else:
        path = cox_path(Z, y.time, y.event, alpha, nlambda, ratio, user_lambda, thresh, maxit)
        beta = path.beta / scale
        intercept = None
    return path.lambda_, beta, intercept, path.dev_ratio


def _linear_predictor(values, beta) -> np.ndarray:
    """``values @ beta.T`` (n x L) over the columns that are ever non-zero."""
    used = np.flatnonzero(np.any(beta != 0, axis=0))
    return values[:, used] @ beta[:, used].T


def _cox_deviance(values, time, event, beta) -> np.ndarray:
    """``coxnet.deviance`` per row of ``beta``: ``2 (lsat - loglik)``, Breslow."""
    loglik = CoxRiskSets(time, event).loglik(_linear_predictor(values, beta))
    return 2 * (cox_saturated(time, event) - loglik)


def _weighted_stats(cvraw: np.ndarray, weights: np.ndarray, N):
    """R's ``cvstats``: weighted mean and its standard error over folds (rows)."""
    ok = ~np.isnan(cvraw)
    w = np.where(ok, weights[:, None], 0.0)
    raw = np.where(ok, cvraw, 0.0)
    cvm = (w * raw).sum(axis=0) / w.sum(axis=0)
    var = (w * (raw - cvm) ** 2).sum(axis=0) / w.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cvsd = np.sqrt(var / (N - 1))
    return cvm, cvsd


def _auc(y: np.ndarray, prob: np.ndarray) -> float:
    """Area under the ROC curve, ties counted one half (R's ``concordance``)."""
    cases, controls = prob[y], prob[~y]
    if cases.size == 0 or controls.size == 0:
        return np.nan
    order = np.sort(controls)
    below = np.searchsorted(order, cases, side="left")
    tied = np.searchsorted(order, cases, side="right") - below
    return float((below + 0.5 * tied).sum() / (cases.size * controls.size))


def _harrell_c(time, event, risk) -> float:
    """survival::concordance(Surv(time, event) ~ -risk): Harrell's C, ties in risk 1/2."""
    concordant = discordant = tied = 0.0
    for i in np.flatnonzero(event):
        later = (time > time[i]) | ((time == time[i]) & ~event)
        later[i] = False
        other = risk[later]
        concordant += np.sum(other < risk[i])
        discordant += np.sum(other > risk[i])
        tied += np.sum(other == risk[i])
    total = concordant + discordant + tied
    return float((concordant + 0.5 * tied) / total) if total else np.nan


def _binomial_cv(values, y, folds, lam, fits, measure):
    n = len(y)
    K = folds.max()
    predmat = np.empty((n, len(lam)))
    for k, (beta, intercept) in enumerate(fits, start=1):
        held = folds == k
        predmat[held] = _linear_predictor(values[held], beta) + intercept
    prob = 1 / (1 + np.exp(-predmat))
    yy = y[:, None].astype(float)
    if measure == "auc":
        cvraw = np.array([[_auc(y[folds == k], prob[folds == k, j]) for j in range(len(lam))]
                          for k in range(1, K + 1)])
        weights = np.bincount(folds, minlength=K + 1)[1:].astype(float)
        return _weighted_stats(cvraw, weights, K)
    if measure == "deviance":
        clipped = np.clip(prob, _PROB_MIN, 1 - _PROB_MIN)
        cvraw = -2 * (yy * np.log(clipped) + (1 - yy) * np.log(1 - clipped))
    elif measure == "mse":
        cvraw = 2 * (yy - prob) ** 2
    else:  # class
        cvraw = (1 - yy) * (prob > 0.5) + yy * (prob <= 0.5)
    if n / K < 3:   # cv.glmnet: "Option grouped=FALSE enforced"
        return _weighted_stats(cvraw, np.ones(n), n)
    per_fold = np.array([cvraw[folds == k].mean(axis=0) for k in range(1, K + 1)])
    weights = np.bincount(folds, minlength=K + 1)[1:].astype(float)
    return _weighted_stats(per_fold, weights, K)


def _cox_cv(values, y, folds, lam, fits, measure):
    K = folds.max()
    time, event = y.time, y.event.astype(bool)
    if measure == "deviance":
        cvraw = np.empty((K, len(lam)))
        for k, (beta, _) in enumerate(fits, start=1):
            train = folds != k
            full = _cox_deviance(values, time, event, beta)
            part = _cox_deviance(values[train], time[train], event[train], beta)
            cvraw[k - 1] = full - part
        weights = np.array([event[folds == k].sum() for k in range(1, K + 1)], dtype=float)
        return _weighted_stats(cvraw / weights[:, None], weights, K)
    cvraw = np.empty((K, len(lam)))
    for k, (beta, _) in enumerate(fits, start=1):
        held = folds == k
        risk = _linear_predictor(values[held], beta)
        cvraw[k - 1] = [_harrell_c(time[held], event[held], risk[:, j]) for j in range(len(lam))]
    weights = np.bincount(folds, minlength=K + 1)[1:].astype(float)
    return _weighted_stats(cvraw, weights, K)


def _optimum(lam, cvm, cvsd, measure):
    """R's ``getOptcv.glmnet``: lambda.min and lambda.1se."""
    score = -cvm if measure in ("auc", "C") else cvm
    best = np.nanmin(score)
    lambda_min = float(np.max(lam[score <= best]))
    i = int(np.flatnonzero(lam == lambda_min)[0])
    lambda_1se = float(np.max(lam[score <= score[i] + cvsd[i]]))
    return lambda_min, lambda_1se


def cv_glmnet(X, y, family: str = "cox", alpha: float = 1.0, nfolds: int = 10, foldid=None,
              lambda_=None, nlambda: int = 100, lambda_min_ratio: float | None = None,
              standardize: bool = True, type_measure: str = "deviance",
              random_state=None, *, thresh: float = THRESH, maxit: int = MAXIT,
              n_jobs: int | None = None) -> CVGlmnetResult:
    """Cross-validated lasso / elastic-net path for a binary or survival outcome.

    Fits glmnet's path on the full data and in each fold (each fold with its
    own lambda sequence, read at the full-data lambdas by linear interpolation
    as R's ``predict(fit, s = lambda)``), scores the held-out part, and picks ``lambda_min`` and
    ``lambda_1se`` exactly as R's ``glmnet::cv.glmnet``.

    Parameters
    ----------
    X : DataFrame or 2-D array
        Numeric features (at least two; no missing values, no constant columns).
    y : array-like of {0, 1} (binomial) or :class:`radstats.Surv` (cox)
        The outcome; 1 is the event for ``"binomial"``.
    family : {"cox", "binomial"}
        Cox partial likelihood (Breslow ties) or logistic regression with an
        unpenalised intercept.
    alpha : float in [0, 1]
        Elastic-net mixing: 1 is the lasso, 0 ridge.
    nfolds : int
        Number of folds when ``foldid`` is not given (at least 3).
    foldid : array-like of int, optional
        Fold label of each row, R's 1..K; overrides ``nfolds`` and ``random_state``.
        Pass R's ``foldid`` to reproduce a ``cv.glmnet`` run exactly.
    lambda_ : array-like, optional
        A user lambda sequence (at least two values; used in decreasing order,
        with no early stop), instead of glmnet's.
    nlambda : int
        Length of glmnet's sequence (the path may stop earlier, as glmnet's).
    lambda_min_ratio : float, optional
        Smallest lambda as a fraction of the largest; default 0.01 when
        n < p, else 1e-4 (glmnet's).
    standardize : bool
        Scale features by their 1/n standard deviation for fitting (coefficients
        are always reported on the original scale).
    type_measure : str
        ``"deviance"`` (both families), ``"C"`` (Harrell's C, Cox), ``"auc"``,
        ``"class"`` or ``"mse"`` (binomial).
    random_state : int, Generator or None
        Seed for the random fold assignment (ignored with ``foldid``).
    thresh : float
        glmnet's convergence threshold: coordinate descent stops when no
        coefficient's update changes the fit by more than ``thresh`` times the
        null deviance (``max_j xv_j d_j^2``, with ``xv_j`` the weighted sum of
        squares of feature j). Smaller is more exact and slower.
    maxit : int
        glmnet's limit on coordinate-descent passes over all lambdas; when
        reached, the path stops there with a ``ConvergenceWarning`` (glmnet warns too).
    n_jobs : int or None
        Paths fitted at once (the full data and the K folds), in threads; the
        result does not depend on it.

    Returns
    -------
    CVGlmnetResult
        ``lambda_, cvm, cvsd, cvup, cvlo, nzero, lambda_min, lambda_1se`` with
        ``coef(s)`` and ``predict(X, s)``.

    Raises
    ------
    InputError
        Fewer than two features; a missing, all-missing, non-numeric or
        constant column (named); bad fold labels; a Cox fold with fewer than two
        events or a binomial training set with a single class (the fold named).

    Notes
    -----
    Matches ``glmnet::cv.glmnet`` (glmnet 4.1-6, R 4.2.2) with the same
    ``foldid``: the lambda sequence (lambda_max from the gradient at the null
    model divided by ``max(alpha, 1e-3)``, geometric down to
    ``lambda_min_ratio`` -- floored at 1e-6 -- and glmnet's early stop of the
    path: for binomial when the deviance ratio gains less than 1e-5 or passes
    0.999, for Cox when it gains less than 0.1% relative over four steps or
    passes 0.99) to 1e-10 relative; ``cvm``, ``cvsd`` and the coefficients at
    ``lambda.min`` / ``lambda.1se`` to 1e-6 or better (measured: ~1e-14, also
    at glmnet's default ``thresh``); the same ``lambda.min`` and
    ``lambda.1se``. The fits are glmnet's own algorithm (pathwise coordinate
    descent with strong rules, KKT checks and glmnet's convergence rule, see
    :mod:`radstats.selection.glmnet._cd`), compiled with numba, so at the same
    ``thresh`` radstats stops where glmnet stops. The Cox partial likelihood uses
    Breslow ties with glmnet's own tie order for censored times tied with
    event times (see :mod:`radstats.selection.glmnet._sort`); the Cox CV measure is
    the "grouped" deviance of Verweij and van Houwelingen (1993): the deviance
    of all data under the fold's coefficients minus that of its training part,
    per held-out event. The binomial deviance clips held-out probabilities to
    ``[1e-5, 1 - 1e-5]``. ``cvsd`` is the fold-weighted standard deviation over
    ``sqrt(K - 1)``.

    References
    ----------
    Friedman J, Hastie T, Tibshirani R (2010). Regularization paths for
    generalized linear models via coordinate descent. J Stat Softw 33(1).
    Simon N, Friedman J, Hastie T, Tibshirani R (2011). Regularization paths
    for Cox's proportional hazards model via coordinate descent. J Stat Softw 39(5).

    Examples
    --------
    >>> import numpy as np
    >>> from radstats.selection import cv_glmnet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(120, 5))
    >>> y = (X[:, 0] + rng.normal(size=120) > 0).astype(int)
    >>> fit = cv_glmnet(X, y, family="binomial", random_state=1)
    >>> fit.lambda_min <= fit.lambda_1se
    True
    >>> fit.coef("lambda_1se").index[:2].tolist()
    ['(Intercept)', 'x1']
    """
    if family not in FAMILIES:
        raise InputError(f"`family` must be one of {FAMILIES}; got {family!r}")
    if type_measure not in MEASURES[family]:
        raise InputError(f"`type_measure` for {family} must be one of {MEASURES[family]}; "
                         f"got {type_measure!r}")
    if not 0 <= alpha <= 1:
        raise InputError(f"`alpha` must lie in [0, 1]; got {alpha}")
    if not (np.isscalar(thresh) and np.isfinite(thresh) and thresh > 0):
        raise InputError(f"`thresh` must be a positive number; got {thresh!r}")
    check_int(maxit, "maxit")
    frame = _check_design(X)
    values = frame.to_numpy(dtype=float)
    n, p = values.shape
    if family == "binomial":
        outcome = as_binary_outcome(y, "cv_glmnet needs events and non-events")
    else:
        outcome = as_surv(y)
    if len(outcome) != n:
        raise InputError(f"`X` has {n} rows but `y` has {len(outcome)}")
    folds = _folds(n, nfolds, foldid, random_state)
    K = folds.max()
    for k in range(1, K + 1):
        train = folds != k
        if family == "binomial":
            if outcome[train].all() or not outcome[train].any():
                raise InputError(f"fold {k}: the training data (all other folds) has a single "
                                 "class; use fewer folds or stratify the fold assignment")
        else:
            events = int(outcome.event[folds == k].sum())
            if events < 2:
                raise InputError(f"fold {k} has {events} event(s); cv_glmnet needs at least 2 "
                                 "events in every fold (use fewer folds)")
    user_lambda = None
    if lambda_ is not None:
        user_lambda = np.sort(np.asarray(lambda_, dtype=float).ravel())[::-1]
        if user_lambda.size < 2 or np.any(user_lambda < 0) or not np.isfinite(user_lambda).all():
            raise InputError("`lambda_` must hold at least two finite non-negative values")
    ratio = lambda_min_ratio if lambda_min_ratio is not None else (0.01 if n < p else 1e-4)

    # The full-data path and one per fold (as cv.glmnet: each fold fits its own path, with
    # its own lambda sequence unless the user gave one, read at the full-data lambdas by
    # lambda.interp). The compiled solver releases the GIL: the paths run in threads.
    rows = [np.ones(n, dtype=bool)] + [folds != k for k in range(1, K + 1)]
    paths = Parallel(n_jobs=n_jobs, prefer="threads")(
        delayed(_fit_path)(family, values[keep], outcome[keep], alpha, nlambda, ratio,
                           user_lambda, standardize, thresh, maxit) for keep in rows)
    lam, beta, intercept, dev_ratio = paths[0]
    fits = [_at_lambdas(fold_lam, fold_beta, fold_intercept, lam)
            for fold_lam, fold_beta, fold_intercept, _ in paths[1:]]
    if family == "binomial":
        cvm, cvsd = _binomial_cv(values, outcome, folds, lam, fits, type_measure)
    else:
        cvm, cvsd = _cox_cv(values, outcome, folds, lam, fits, type_measure)
    nzero = (beta != 0).sum(axis=1)
    keep = ~np.isnan(cvsd)
    lambda_min, lambda_1se = _optimum(lam[keep], cvm[keep], cvsd[keep], type_measure)
    return CVGlmnetResult(
        lambda_=lam[keep], cvm=cvm[keep], cvsd=cvsd[keep], cvup=(cvm + cvsd)[keep],
        cvlo=(cvm - cvsd)[keep], nzero=nzero[keep], lambda_min=lambda_min, lambda_1se=lambda_1se,
        beta=pd.DataFrame(beta.T, index=list(map(str, frame.columns))),
        intercept=intercept, foldid=folds, family=family, type_measure=type_measure,
        meta={"method": f"cv.glmnet ({family}, {type_measure})", "n": n,
              "events": int(outcome.sum() if family == "binomial" else outcome.n_events),
              "alpha": alpha, "nfolds": int(K), "standardize": standardize,
              "dev_ratio": dev_ratio, "lambda_full": lam},
    )
