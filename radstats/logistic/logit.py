"""Unpenalised logistic regression, matching R's ``glm(family = binomial)``."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from scipy import linalg, special
from scipy.linalg import lapack
from sklearn.base import BaseEstimator, ClassifierMixin

from radstats._core.cards import design_from_dict, design_to_dict, read_card, write_card
from radstats._core.coef_table import wald_limits, wald_table
from radstats._core.design import Design, check_estimable
from radstats._core.errors import ConvergenceWarning, InputError
from radstats._core.results import FittedModel, Result
from radstats._core.threads import single_blas_thread
from radstats._core.validation import (
    as_binary_outcome, check_same_length, warn_events_per_variable,
)
from radstats.logistic.profile import profile_intervals

INTERCEPT = "(Intercept)"
_EPS = np.finfo(float).eps
_NUMERICALLY_ZERO = 10 * _EPS  # glm.fit's threshold for fitted 0 or 1


class SeparationWarning(UserWarning):
    """Fitted probabilities numerically 0 or 1: (quasi-)complete separation."""


@dataclasses.dataclass(frozen=True, repr=False)
class LogitResult(Result):
    """Inference from a fitted logistic model (R's ``summary(glm(...))``)."""

    params: pd.Series
    cov: pd.DataFrame
    loglik: float
    loglik_null: float
    deviance: float
    null_deviance: float
    aic: float
    n: int
    n_events: int
    iterations: int
    alpha: float
    meta: dict = dataclasses.field(default_factory=dict)
    profile_ci: pd.DataFrame | None = None  # ``lower, upper`` (log odds) when profiled

    @property
    def bse(self) -> pd.Series:
        """Standard errors of the coefficients."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """``lower, upper`` limits of the coefficients (log odds ratios): profile
        likelihood when the model was fitted with ``ci="profile"`` (at the fit's
        ``alpha`` only), else Wald's."""
        if self.profile_ci is not None:
            if alpha is not None and alpha != self.alpha:
                raise InputError(f"the profile limits were computed at alpha = {self.alpha}; "
                                 f"refit with Logit(ci='profile', alpha={alpha})")
            return self.profile_ci.copy()
        return wald_limits(self.params, self.bse, self.alpha if alpha is None else alpha)

    def summary(self) -> pd.DataFrame:
        """Coefficient table: ``coef, or, se, z, p, or_lower, or_upper`` by term.

        The limits are Wald's, or the profile-likelihood ones when the model was
        fitted with ``ci="profile"`` (``z`` and ``p`` stay Wald's, as in R).
        """
        table = wald_table(self.params, self.bse, self.alpha, "or")
        if self.profile_ci is not None:
            table["or_lower"] = np.exp(self.profile_ci["lower"])
            table["or_upper"] = np.exp(self.profile_ci["upper"])
        return table

    def to_frame(self) -> pd.DataFrame:
        return self.summary()

    def __repr__(self) -> str:
        return (f"LogitResult(n={self.n}, events={self.n_events}, aic={self.aic:.6g})\n"
                f"{self.summary().to_string(float_format=lambda v: f'{v:.4g}')}")


def _odds(eta):
    """``exp(eta)`` as ``binomial()``'s C code takes it: machine epsilon below
    -30 and its inverse above 30, so mu never reaches 0 or 1. Returns the odds
    and the mask of clamped values (None when there are none)."""
    odds = np.exp(np.clip(eta, -30, 30))
    beyond = np.abs(eta) > 30
    if not beyond.any():
        return odds, None
    return np.where(eta < -30, _EPS, np.where(eta > 30, 1 / _EPS, odds)), beyond


def _inverse_link(eta):
    """``binomial()$linkinv``."""
    odds, _ = _odds(eta)
    return odds / (1 + odds)


def _mu_eta(odds, beyond):
    """``binomial()$mu.eta`` from :func:`_odds`, with R's floor of machine
    epsilon beyond |eta| > 30."""
    mu_eta = odds / (1 + odds) ** 2
    return mu_eta if beyond is None else np.where(beyond, _EPS, mu_eta)


def _weighted_least_squares(X, root, working) -> np.ndarray:
    """The IRLS step ``argmin_b ||root * (working - X b)||``.

    Normal equations on columns scaled to unit weighted norm, by Cholesky (a
    few times faster than a QR at n >> p); when a column's residual share
    given the others is below 1e-8 (near-collinear), the pivoted QR that
    ``glm.fit`` uses instead. Both reach the same fixed point as R's IRLS.
    """
    weighted = X * root[:, None]
    gram = weighted.T @ weighted
    scale = np.sqrt(np.diag(gram))
    if (scale > 0).all():
        chol, info = lapack.dpotrf(gram / np.outer(scale, scale), lower=1, clean=0)
        if info == 0 and np.diag(chol).min() ** 2 >= 1e-8:
            rhs = weighted.T @ (working * root) / scale
            return lapack.dpotrs(chol, rhs, lower=1)[0] / scale
    return linalg.lstsq(weighted, working * root, lapack_driver="gelsy")[0]


def _deviance(y, mu) -> float:
    """Binomial deviance (mu is never exactly 0 or 1: see :func:`_odds`)."""
    return float(-2 * np.sum(special.xlogy(y, mu) + special.xlogy(1 - y, 1 - mu)))


class Logit(FittedModel, ClassifierMixin, BaseEstimator):
    """Logistic regression by maximum likelihood (no penalty).

    Parameters
    ----------
    alpha : float, default 0.05
        Level of the confidence intervals in :meth:`summary`.
    epsilon : float, default 1e-8
        Convergence tolerance on the relative change in deviance (``glm.control``).
    max_iter : int, default 25
        Maximum IRLS iterations (``glm.control(maxit=)``).
    ci : {"wald", "profile"}, default "wald"
        Confidence intervals of the odds ratios: Wald's, or profile likelihood
        as R's ``confint(fit)`` (``MASS::confint.glm``), computed at fit time.

    Attributes
    ----------
    coef_ : pandas.Series
        Log odds ratios indexed by term, ``(Intercept)`` first; factor levels named
        as R names them (``race2``).
    loglik_ : float
    aic_ : float
    result_ : LogitResult

    Notes
    -----
    Matches ``stats::glm(y ~ ., family = binomial)`` (R 4.2.2): the same start
    (``mustart = (y + 0.5) / 2``), IRLS steps, stopping rule
    ``|dev - dev_old| / (|dev| + 0.1) < epsilon``, and standard errors from the
    weights of the last IRLS iteration, as ``summary.glm`` computes them. Proven
    against R fixtures: coef 1e-6, se 1e-5, AIC 1e-8 (relative). Own IRLS rather
    than statsmodels so that iterates and standard errors agree with R's.
    Separation (fitted probabilities numerically 0 or 1) warns naming the
    variables with the largest standardised coefficients, where R only says
    that it occurred. With ``ci="profile"`` the limits match
    ``confint(glm_fit, level = 1 - alpha)`` (MASS 7.3-58's profile, spline and
    ``approx`` reproduced, see :func:`~radstats.logistic.profile.profile_intervals`)
    to 1e-6 relative. Constant or collinear columns are an error naming them
    (R would report NA coefficients); fewer events (or non-events) than terms
    warns (:class:`~radstats.EventsPerVariableWarning`).

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"dose": [1, 2, 3, 4, 5, 6, 7, 8]})
    >>> fit = Logit().fit(X, [0, 0, 1, 0, 1, 0, 1, 1])
    >>> fit.coef_.round(4).tolist()
    [-2.6734, 0.5941]
    """

    def __init__(self, alpha: float = 0.05, epsilon: float = 1e-8, max_iter: int = 25,
                 ci: str = "wald"):
        self.alpha = alpha
        self.epsilon = epsilon
        self.max_iter = max_iter
        self.ci = ci

    def fit(self, X, y) -> "Logit":
        """Fit to covariates ``X`` (DataFrame) and a 0/1 outcome ``y``."""
        with single_blas_thread():
            return self._fit(X, y)

    def _fit(self, X, y) -> "Logit":
        if self.ci not in ("wald", "profile"):
            raise InputError(f"`ci` must be 'wald' or 'profile', got {self.ci!r}")
        y = as_binary_outcome(y, "logistic regression needs both").astype(float)
        self.design_, matrix = Design.fit_transform(X)
        matrix = np.column_stack((np.ones(len(matrix)), matrix))
        check_same_length(X=matrix, y=y)
        check_estimable(matrix[:, 1:], self.design_.terms)
        terms = [INTERCEPT, *self.design_.terms]
        events = int(y.sum())
        warn_events_per_variable(min(events, len(y) - events), len(terms) - 1,
                                 "events (or non-events)")
        beta, mu, weights, iterations, converged = self._irls(matrix, y)
        self.classes_ = np.array([0, 1])

        if not converged:
            warnings.warn(f"glm did not converge in {self.max_iter} iterations",
                          ConvergenceWarning, stacklevel=3)
        fitted_extreme = (mu > 1 - _NUMERICALLY_ZERO) | (mu < _NUMERICALLY_ZERO)
        if fitted_extreme.any():
            self._warn_separation(matrix, beta, terms, int(fitted_extreme.sum()))

        cov = linalg.inv(matrix.T @ (weights[:, None] * matrix))
        cov = (cov + cov.T) / 2
        deviance = _deviance(y, mu)
        profile_ci = None
        if self.ci == "profile":
            # Under separation the profile never climbs back (R's confint stops
            # with an error): the limits are left undefined.
            limits = np.full((len(terms), 2), np.nan) if fitted_extreme.any() else \
                profile_intervals(matrix, y, beta, np.sqrt(np.diag(cov)), deviance,
                                  1 - self.alpha, terms, self._fit_offset)
            profile_ci = pd.DataFrame(limits, index=terms, columns=["lower", "upper"])
        null_deviance = _deviance(y, np.full_like(y, y.mean()))
        self.result_ = LogitResult(
            params=pd.Series(beta, index=terms),
            cov=pd.DataFrame(cov, index=terms, columns=terms),
            loglik=-deviance / 2, loglik_null=-null_deviance / 2,
            deviance=deviance, null_deviance=null_deviance,
            aic=deviance + 2 * len(terms), n=len(y), n_events=int(y.sum()),
            iterations=iterations, alpha=self.alpha,
            meta={"method": "glm binomial (logit)", "converged": converged, "ci": self.ci},
            profile_ci=profile_ci,
        )
        return self

    def _model_matrix(self, X) -> np.ndarray:
        matrix = self.design_.transform(X)
        return np.column_stack((np.ones(len(matrix)), matrix))

    def _irls(self, X: np.ndarray, y: np.ndarray, offset=0.0, eta=None):
        """``glm.fit``'s IRLS (with ``offset`` and ``etastart``); returns the weights
        of the last iteration for the covariance."""
        if eta is None:
            eta = special.logit((y + 0.5) / 2)  # glm.fit's mustart
        odds, beyond = _odds(eta)
        mu = odds / (1 + odds)
        deviance_old = _deviance(y, mu)
        beta = np.zeros(X.shape[1])
        if X.shape[1] == 0:  # glm.fit's empty model: nothing to estimate
            return beta, _inverse_link(np.zeros(len(y)) + offset), None, 0, True
        for iteration in range(1, self.max_iter + 1):
            mu_eta = _mu_eta(odds, beyond)
            working = eta - offset + (y - mu) / mu_eta
            weights = mu_eta**2 / (mu * (1 - mu))
            beta = _weighted_least_squares(X, np.sqrt(weights), working)
            eta = X @ beta + offset
            odds, beyond = _odds(eta)
            mu = odds / (1 + odds)
            deviance = _deviance(y, mu)
            if abs(deviance - deviance_old) / (abs(deviance) + 0.1) < self.epsilon:
                return beta, mu, weights, iteration, True
            deviance_old = deviance
        return beta, mu, weights, self.max_iter, False

    def _fit_offset(self, X, y, offset, eta):
        """Coefficients and deviance of ``y`` on ``X`` with ``offset``, from ``eta``."""
        beta, mu, *_ = self._irls(X, y, offset, eta)
        return beta, _deviance(y, mu)

    def _subset_loglik(self, matrix: np.ndarray, y: np.ndarray):
        """``columns -> (fitted, intercept-only log-likelihood)`` of the model on those
        columns of a checked model matrix (no intercept column) and 0/1 float
        ``y``, without building results."""
        null = -_deviance(y, np.full_like(y, y.mean())) / 2

        def loglik(columns: np.ndarray) -> tuple[float, float]:
            design = np.column_stack((np.ones(len(matrix)), matrix[:, columns]))
            _, mu, *_ = self._irls(design, y)
            return -_deviance(y, mu) / 2, null

        return loglik

    def _warn_separation(self, X, beta, terms, count):
        spread = np.r_[0.0, X[:, 1:].std(axis=0)]
        suspects = [terms[i] for i in np.argsort(-np.abs(beta * spread))[:2] if spread[i] > 0]
        warnings.warn(
            f"fitted probabilities numerically 0 or 1 for {count} observation(s): "
            f"separation, most likely by {suspects}; their odds ratios are not estimable "
            "(consider penalised regression)", SeparationWarning, stacklevel=4,
        )

    # ------------------------------------------------------------ model card
    def to_json(self, path=None) -> str:
        """A model card: terms, coefficients, coding and inference as readable JSON
        (also written to ``path`` if given); :meth:`from_json` reloads it.

        Examples
        --------
        >>> import pandas as pd
        >>> X = pd.DataFrame({"dose": [1, 2, 3, 4, 5, 6, 7, 8]})
        >>> fit = Logit().fit(X, [0, 0, 1, 0, 1, 0, 1, 1])
        >>> bool((Logit.from_json(fit.to_json()).predict_proba(X) == fit.predict_proba(X)).all())
        True
        """
        result = self.result_
        card = {
            "model": "Logit",
            "r_call": f"stats::glm(y ~ {' + '.join(c.name for c in self.design_.columns)}, "
                      "family = binomial)",
            "params": self.get_params(),
            "columns": design_to_dict(self.design_),
            "terms": list(result.params.index),
            "coef": result.params.tolist(),
            "cov": result.cov.to_numpy().tolist(),
            **({} if result.profile_ci is None else {"profile_ci": {
                "lower": result.profile_ci["lower"].tolist(),
                "upper": result.profile_ci["upper"].tolist()}}),
            "fit": {"loglik": result.loglik, "loglik_null": result.loglik_null,
                    "n": result.n, "n_events": result.n_events,
                    "iterations": result.iterations},
        }
        return write_card(card, path)

    @classmethod
    def from_json(cls, source) -> "Logit":
        """Rebuild a fitted model from :meth:`to_json` text or a file path (no pickle)."""
        card = read_card(source, "Logit")
        model = cls(**card["params"])
        model.design_ = design_from_dict(card["columns"])
        model.classes_ = np.array([0, 1])
        terms, fit = card["terms"], card["fit"]
        deviance, null_deviance = -2 * fit["loglik"], -2 * fit["loglik_null"]
        profile = card.get("profile_ci")
        model.result_ = LogitResult(
            params=pd.Series(card["coef"], index=terms),
            cov=pd.DataFrame(card["cov"], index=terms, columns=terms),
            loglik=fit["loglik"], loglik_null=fit["loglik_null"], deviance=deviance,
            null_deviance=null_deviance, aic=deviance + 2 * len(terms), n=fit["n"],
            n_events=fit["n_events"], iterations=fit["iterations"], alpha=model.alpha,
            meta={"method": "glm binomial (logit)", "from_card": True, "ci": model.ci},
            profile_ci=None if profile is None else pd.DataFrame(profile, index=terms),
        )
        return model

    # ------------------------------------------------------------- delegation
    @property
    def loglik_(self) -> float:
        return self.result_.loglik

    def decision_function(self, X) -> np.ndarray:
        """Linear predictor (log odds), as ``predict(fit, type = "link")``."""
        return self._model_matrix(X) @ self.coef_.to_numpy()

    def predict_proba(self, X) -> np.ndarray:
        """Probability of the event (1-D), as ``predict(fit, type = "response")``."""
        return _inverse_link(self.decision_function(X))

    def predict(self, X) -> np.ndarray:
        """Predicted class (probability >= 0.5)."""
        return (self.predict_proba(X) >= 0.5).astype(int)
