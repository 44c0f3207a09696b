"""scikit-learn estimators around :func:`cv_glmnet`: cross-validated lasso and elastic net."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from radstats._core.errors import InputError
from radstats._core.validation import as_frame
from radstats.selection.glmnet.cv import cv_glmnet
from radstats.selection.glmnet.path import MAXIT, THRESH

_PARAMS_DOC = """
    s : {"lambda_min", "lambda_1se"} or float
        The lambda whose coefficients the fitted model uses: cv.glmnet's
        ``lambda.min`` (best cross-validated measure), ``lambda.1se`` (the
        sparsest model within one standard error of it) or a value.
    nfolds, foldid, type_measure, nlambda, lambda_min_ratio, standardize, thresh, maxit :
        As :func:`radstats.selection.cv_glmnet`.
    random_state : int or None
        Seed for the fold assignment (ignored with ``foldid``).
    n_jobs : int or None
        Paths fitted at once; the fit does not depend on it.
"""


class _CVGlmnet(BaseEstimator):
    """Shared fit of the cross-validated glmnet estimators."""

    _family = ""

    def __init__(self, s="lambda_min", nfolds: int = 10, foldid=None, type_measure: str = "deviance",
                 nlambda: int = 100, lambda_min_ratio: float | None = None,
                 standardize: bool = True, thresh: float = THRESH, maxit: int = MAXIT,
                 random_state=None, n_jobs: int | None = None):
        self.s = s
        self.nfolds = nfolds
        self.foldid = foldid
        self.type_measure = type_measure
        self.nlambda = nlambda
        self.lambda_min_ratio = lambda_min_ratio
        self.standardize = standardize
        self.thresh = thresh
        self.maxit = maxit
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _glmnet_alpha(self) -> float:
        return 1.0

    def _fit(self, X, y):
        if isinstance(self.s, str) and self.s not in ("lambda_min", "lambda_1se"):
            raise InputError(f"`s` must be 'lambda_min', 'lambda_1se' or a number; got {self.s!r}")
        frame = as_frame(X)
        self.cv_ = cv_glmnet(
            frame, y, family=self._family, alpha=self._glmnet_alpha(), nfolds=self.nfolds,
            foldid=self.foldid, nlambda=self.nlambda, lambda_min_ratio=self.lambda_min_ratio,
            standardize=self.standardize, type_measure=self.type_measure,
            random_state=self.random_state, thresh=self.thresh, maxit=self.maxit,
            n_jobs=self.n_jobs)
        self.feature_names_in_ = np.asarray(list(map(str, frame.columns)), dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self.lambda_ = self.cv_._s(self.s)
        coef = self.cv_.coef(self.s)
        if "(Intercept)" in coef.index:
            self.intercept_ = float(coef["(Intercept)"])
            coef = coef.drop("(Intercept)")
        self.coef_ = coef.rename("coef")
        self.selected_features_ = list(coef.index[coef.to_numpy() != 0])
        return self

    def _link(self, X) -> np.ndarray:
        if not hasattr(self, "cv_"):
            raise InputError(f"this {type(self).__name__} is not fitted yet: call fit first")
        frame = as_frame(X)
        if not isinstance(X, pd.DataFrame) and frame.shape[1] == self.n_features_in_:
            frame.columns = list(self.feature_names_in_)
        return self.cv_.predict(frame, s=self.lambda_, type="link")


class LassoCox(_CVGlmnet):
    """Cox lasso with the penalty chosen by cross-validation (``cv.glmnet``).

    Parameters
    ----------%s
    Attributes
    ----------
    cv_ : CVGlmnetResult
        The cross-validation curve and the full-data path.
    lambda_ : float
        The lambda used (the value of ``s``).
    coef_ : pandas.Series
        Coefficients at ``lambda_`` on the original feature scale.
    selected_features_ : list of str
        Features with a non-zero coefficient at ``lambda_``.
    feature_names_in_, n_features_in_ :
        As scikit-learn.

    Notes
    -----
    A wrapper: the fit and its R parity are :func:`radstats.selection.cv_glmnet`'s
    (``glmnet::cv.glmnet(x, y, family = "cox", alpha = 1)``, glmnet 4.1-6).
    ``predict`` is R's ``predict(fit, newx, s = ...)``: the linear predictor
    (higher = worse). ``score`` is Harrell's C of that prediction.

    Examples
    --------
    >>> import numpy as np
    >>> from radstats import Surv
    >>> from radstats.selection import LassoCox
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 6))
    >>> y = Surv(rng.exponential(np.exp(-X[:, 0])), rng.random(100) < 0.8)
    >>> model = LassoCox(s="lambda_1se", random_state=1).fit(X, y)
    >>> model.selected_features_
    ['x1']
    >>> bool(model.predict(X)[np.argmax(X[:, 0])] > 0)
    True
    """

    _family = "cox"

    def fit(self, X, y) -> "LassoCox":
        """Cross-validate the path on ``X`` and a :class:`radstats.Surv` ``y``."""
        return self._fit(X, y)

    def predict(self, X) -> np.ndarray:
        """Risk score (linear predictor, higher = worse) at ``lambda_``."""
        return self._link(X)

    def score(self, X, y) -> float:
        """Harrell's C of ``predict(X)`` against the survival outcome ``y``."""
        from radstats.metrics import concordance_index
        from radstats.survival.surv import as_surv

        outcome = as_surv(y)
        return concordance_index(outcome.time, outcome.event, self.predict(X)).estimate


class ElasticNetCox(LassoCox):
    """Cox elastic net with the penalty chosen by cross-validation (``cv.glmnet``).

    Parameters
    ----------
    alpha : float in [0, 1]
        glmnet's mixing parameter: 1 is the lasso, 0 ridge.%s
    Attributes
    ----------
    cv_, lambda_, coef_, selected_features_ :
        As :class:`LassoCox`.

    Notes
    -----
    ``glmnet::cv.glmnet(x, y, family = "cox", alpha = alpha)``; see :class:`LassoCox`.

    Examples
    --------
    >>> import numpy as np
    >>> from radstats import Surv
    >>> from radstats.selection import ElasticNetCox
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 6))
    >>> y = Surv(rng.exponential(np.exp(-X[:, 0])), rng.random(100) < 0.8)
    >>> ElasticNetCox(alpha=0.5, random_state=1).fit(X, y).coef_.idxmax()
    'x1'
    """

    def __init__(self, alpha: float = 0.5, s="lambda_min", nfolds: int = 10, foldid=None,
                 type_measure: str = "deviance", nlambda: int = 100,
                 lambda_min_ratio: float | None = None, standardize: bool = True,
                 thresh: float = THRESH, maxit: int = MAXIT, random_state=None,
                 n_jobs: int | None = None):
        super().__init__(s=s, nfolds=nfolds, foldid=foldid, type_measure=type_measure,
                         nlambda=nlambda, lambda_min_ratio=lambda_min_ratio,
                         standardize=standardize, thresh=thresh, maxit=maxit,
                         random_state=random_state, n_jobs=n_jobs)
        self.alpha = alpha

    def _glmnet_alpha(self) -> float:
        return self.alpha


class LassoLogistic(ClassifierMixin, _CVGlmnet):
    """Logistic lasso with the penalty chosen by cross-validation (``cv.glmnet``).

    Parameters
    ----------%s
    Attributes
    ----------
    classes_ : ndarray
        The two class labels, sorted; the second is the event (modelled) class.
    cv_, lambda_, coef_, selected_features_ :
        As :class:`LassoCox`.
    intercept_ : float
        The intercept at ``lambda_``.

    Notes
    -----
    ``glmnet::cv.glmnet(x, y, family = "binomial", alpha = 1)`` (glmnet 4.1-6;
    parity through :func:`radstats.selection.cv_glmnet`). ``predict_proba``
    is R's ``predict(..., type = "response")`` in the second column; ``predict``
    the class with probability above 0.5 (R's ``type = "class"``).

    Examples
    --------
    >>> import numpy as np
    >>> from radstats.selection import LassoLogistic
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(120, 5))
    >>> y = np.where(X[:, 0] + rng.normal(size=120) > 0, "yes", "no")
    >>> model = LassoLogistic(random_state=1).fit(X, y)
    >>> model.classes_.tolist(), model.predict_proba(X).shape
    (['no', 'yes'], (120, 2))
    """

    _family = "binomial"

    def fit(self, X, y) -> "LassoLogistic":
        """Cross-validate the path on ``X`` and two-class labels ``y``."""
        labels = np.asarray(y)
        if labels.ndim != 1:
            raise InputError(f"`y` must be one label per row; got shape {labels.shape}")
        if pd.isna(pd.Series(labels)).any():
            row = int(np.flatnonzero(pd.isna(pd.Series(labels)).to_numpy())[0])
            raise InputError(f"`y` has missing labels, first at row {row}")
        self.classes_ = np.unique(labels)
        if len(self.classes_) != 2:
            raise InputError(f"LassoLogistic needs exactly two classes in `y`; got "
                             f"{self.classes_.tolist()}")
        return self._fit(X, (labels == self.classes_[1]).astype(int))

    def decision_function(self, X) -> np.ndarray:
        """Log odds of ``classes_[1]`` at ``lambda_``."""
        return self._link(X)

    def predict_proba(self, X) -> np.ndarray:
        """``(n, 2)`` probabilities of ``classes_[0]`` and ``classes_[1]``."""
        prob = 1 / (1 + np.exp(-self._link(X)))
        return np.column_stack([1 - prob, prob])

    def predict(self, X) -> np.ndarray:
        """The class with probability above 0.5."""
        return self.classes_[(self.predict_proba(X)[:, 1] > 0.5).astype(int)]


for _cls in (LassoCox, LassoLogistic):
    _cls.__doc__ = _cls.__doc__ % _PARAMS_DOC
ElasticNetCox.__doc__ = ElasticNetCox.__doc__ % _PARAMS_DOC
