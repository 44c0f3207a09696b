"""Cox proportional-hazards regression, matching R's ``survival::coxph``."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from scipy import linalg, special
from sklearn.base import BaseEstimator

from radstats._core.cards import design_from_dict, design_to_dict, read_card, write_card
from radstats._core.coef_table import wald_limits, wald_table
from radstats._core.design import Design, check_estimable
from radstats._core.errors import ConvergenceWarning, InputError, MonotoneLikelihoodWarning
from radstats._core.results import ChiSquareTest, FittedModel, Result
from radstats._core.threads import single_blas_thread
from radstats._core.validation import (
    as_float_vector, check_same_length, warn_events_per_variable,
)
from radstats.survival._cox_likelihood import RiskSets, event_order
from radstats.survival.surv import as_surv

_TIES = ("efron", "breslow")


@dataclasses.dataclass(frozen=True, repr=False)
class CoxPHResult(Result):
    """Inference from a fitted Cox model (R's ``summary(coxph(...))``)."""

    params: pd.Series
    cov: pd.DataFrame
    loglik_null: float
    loglik: float
    lr_test: ChiSquareTest
    wald_test: ChiSquareTest
    score_test: ChiSquareTest
    concordance: float
    aic: float
    n: int
    n_events: int
    iterations: int
    alpha: float
    meta: dict = dataclasses.field(default_factory=dict)

    @property
    def bse(self) -> pd.Series:
        """Standard errors of the coefficients."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """Wald confidence intervals for the coefficients (log hazard ratios)."""
        return wald_limits(self.params, self.bse, self.alpha if alpha is None else alpha)

    def summary(self) -> pd.DataFrame:
        """Coefficient table: ``coef, hr, se, z, p, hr_lower, hr_upper`` by term."""
        return wald_table(self.params, self.bse, self.alpha, "hr")

    def to_frame(self) -> pd.DataFrame:
        return self.summary()

    def __repr__(self) -> str:
        return (
            f"CoxPHResult(n={self.n}, events={self.n_events}, ties={self.meta.get('ties')!r}, "
            f"loglik={self.loglik:.6g}, concordance={self.concordance:.4f})\n"
            f"{self.summary().to_string(float_format=lambda v: f'{v:.4g}')}"
        )


class CoxPH(FittedModel, BaseEstimator):
    """Cox proportional-hazards model fitted by Newton–Raphson.

    Parameters
    ----------
    ties : {"efron", "breslow"}, default "efron"
        Handling of tied event times (R's default is Efron).
    alpha : float, default 0.05
        Level of the Wald confidence intervals in :meth:`summary`.
    eps : float, default 1e-9
        Convergence tolerance on the relative change in log-likelihood
        (``coxph.control(eps=)``).
    max_iter : int, default 20
        Maximum Newton–Raphson iterations (``coxph.control(iter.max=)``).

    Attributes
    ----------
    coef_ : pandas.Series
        Log hazard ratios, indexed by term (R's names for factor levels).
    loglik_ : tuple of float
        Log partial likelihood of the null model and of the fitted model.
    lr_test_, wald_test_, score_test_ : ChiSquareTest
    concordance_ : float
        Harrell's C of the linear predictor (higher risk = shorter survival).
    aic_ : float
    result_ : CoxPHResult
        All inference; ``summary()`` delegates to it.

    Notes
    -----
    Matches ``survival::coxph`` (R 4.2.2, survival 3.5-3): the same start
    (beta = 0), Newton–Raphson step, step-halving when the log-likelihood
    falls or overflows (each further failure in a row pulls the step back
    harder), and stopping rule ``|1 - loglik_old / loglik_new| <= eps``, so
    the iterates agree with ``coxfit6``. Proven against R fixtures to 1e-6
    relative on coefficients, 1e-5 on standard errors and 1e-8 on
    log-likelihoods, for Efron and Breslow ties. Out of iterations (a
    likelihood that keeps rising as coefficients run off to infinity, e.g. a
    near-separated model with almost as many terms as events), the fit is the
    last accepted iterate with a finite likelihood, as R's, and warns
    (:class:`~radstats.ConvergenceWarning`); its coefficients and
    log-likelihood match R's (fixture ``coxph_overfit``), but its ``cov`` is
    the inverse information at those coefficients, whereas R's variance there
    is not an inverse of anything (``coxfit6`` applies ``chinv2`` to an
    information matrix it has not factored), so standard errors and the Wald
    test differ from R's in that case only. Implemented here rather than through lifelines
    because exact parity needs R's iteration and stopping rule. Covariates are
    centred at their means as R centres them (not 0/1 or -1/0/1 columns), so
    ``predict`` and ``means_`` equal ``predict.coxph`` and ``fit$means``.
    Missing values are an error (R drops incomplete rows silently), as are
    constant or collinear columns (named); fewer events than terms warns
    (:class:`~radstats.EventsPerVariableWarning`).

    Examples
    --------
    >>> from radstats import Surv
    >>> from radstats.datasets import load_lung
    >>> from radstats.survival import CoxPH
    >>> lung = load_lung().dropna(subset=["ph.ecog"])
    >>> y = Surv(lung["time"], lung["status"] == 2)
    >>> fit = CoxPH().fit(lung[["age", "sex", "ph.ecog"]], y)
    >>> fit.summary()["hr"].round(3).tolist()
    [1.011, 0.575, 1.59]
    """

    def __init__(self, ties: str = "efron", alpha: float = 0.05, eps: float = 1e-9,
                 max_iter: int = 20):
        self.ties = ties
        self.alpha = alpha
        self.eps = eps
        self.max_iter = max_iter

    # ------------------------------------------------------------------ fitting
    def fit(self, X, y) -> "CoxPH":
        """Fit the model to covariates ``X`` (DataFrame) and outcome ``y`` (:class:`Surv`)."""
        with single_blas_thread():
            return self._fit(X, y)

    def _fit(self, X, y) -> "CoxPH":
        if self.ties not in _TIES:
            raise InputError(f"`ties` must be one of {_TIES}, got {self.ties!r}")
        y = as_surv(y)
        self.design_, matrix = Design.fit_transform(X)
        check_same_length(X=matrix, y=y.time)
        terms = self.design_.terms
        check_estimable(matrix, terms)
        warn_events_per_variable(y.n_events, len(terms))
        index = pd.Index(terms, dtype=object)  # built once: pandas re-infers list indexes

        means = _centring(matrix)
        self.means_ = pd.Series(means, index=index)
        centred = matrix - means
        self.risk_sets_ = RiskSets.build(centred, y.time, y.event, self.ties)
        beta, loglik, score, info, loglik0, score_test, iterations, converged = (
            self._newton_raphson(self.risk_sets_, len(terms))
        )
        cov = linalg.inv(info)
        cov = (cov + cov.T) / 2
        lp = centred @ beta
        self._warn_if_diverging(beta, score, cov, terms, converged, lp)

        params = pd.Series(beta, index=index)
        wald = float(beta @ info @ beta)  # beta' cov^-1 beta
        df = len(terms)
        # Imported here: metrics builds on survival, and coxph reports R's concordance.
        from radstats.metrics.concordance import concordance_of_checked

        self.result_ = CoxPHResult(
            params=params,
            cov=pd.DataFrame(cov, index=index, columns=index),
            loglik_null=float(loglik0),
            loglik=float(loglik),
            lr_test=_chi2(2 * (loglik - loglik0), df, "likelihood ratio"),
            wald_test=_chi2(wald, df, "Wald"),
            score_test=_chi2(score_test, df, "score (log-rank)"),
            concordance=concordance_of_checked(y, lp).estimate,
            aic=float(-2 * loglik + 2 * df),
            n=len(y),
            n_events=y.n_events,
            iterations=iterations,
            alpha=self.alpha,
            meta={"method": "coxph", "ties": self.ties, "converged": converged},
        )
        self.baseline_hazard_ = pd.Series(
            self.risk_sets_.hazard_increments(self.risk_sets_.X @ beta),
            index=self.risk_sets_.event_times,
        )
        return self

    def _newton_raphson(self, risk_sets: RiskSets, n_terms: int):
        """R's ``coxfit6`` iteration; returns the fit and the score test at beta = 0.

        A step whose log-likelihood falls, or whose log-likelihood, score or
        information is not finite (``exp`` overflowing as coefficients run off
        towards infinity), is pulled back towards the last accepted point, more
        each time it fails again (``(new + h * old) / (h + 1)`` at the h-th
        failure in a row). Out of iterations, the fit is the last accepted point.
        """
        evaluate = risk_sets.evaluate
        beta = np.zeros(n_terms)
        loglik, score, info = evaluate(beta)
        loglik0 = loglik
        step = np.linalg.solve(info, score)
        score_test = float(score @ step)
        new_beta = beta + step
        halving = 0
        for iteration in range(1, self.max_iter + 1):
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                new_loglik, new_score, new_info = evaluate(new_beta)
            finite = np.isfinite(new_loglik) and np.isfinite(new_score).all() \
                and np.isfinite(new_info).all()
            if finite and abs(1 - loglik / new_loglik) <= self.eps:
                return (new_beta, new_loglik, new_score, new_info, loglik0, score_test,
                        iteration, True)
            if not finite or new_loglik < loglik:  # not converging: pull the step back
                halving += 1
                new_beta = (new_beta + halving * beta) / (halving + 1)
            else:
                halving = 0
                loglik, beta = new_loglik, new_beta
                new_beta = new_beta + np.linalg.solve(new_info, new_score)
        loglik, score, info = evaluate(beta)
        return beta, loglik, score, info, loglik0, score_test, self.max_iter, False

    def _subset_loglik(self, matrix: np.ndarray, y):
        """``columns -> (fitted, null log partial likelihood)`` of the model on those
        columns of a checked model matrix, without building results (for term
        searches such as :func:`~radstats.selection.stepwise`). The rows are
        ordered by time once; each subset is centred and fitted as on its own."""
        index = event_order(y.time, y.event)

        def loglik(columns: np.ndarray) -> tuple[float, float]:
            subset = matrix[:, columns]
            risk_sets = RiskSets.from_order(index, subset - _centring(subset), self.ties)
            fit = self._newton_raphson(risk_sets, len(columns))
            return float(fit[1]), float(fit[4])

        return loglik

    def _warn_if_diverging(self, beta, score, cov, terms, converged, lp):
        if not converged:
            # R adds its second warning when the linear predictor is huge.
            infinite = lp.max() > 500 or not np.isfinite(score @ cov).all()
            warnings.warn(
                f"Cox fit ran out of iterations ({self.max_iter}) and did not converge"
                + ("; one or more coefficients may be infinite" if infinite else ""),
                ConvergenceWarning, stacklevel=3,
            )
            return
        # R: a last Newton step still large relative to the coefficient.
        last_step = np.abs(score @ cov)
        infinite = (last_step > self.eps) & (last_step > np.sqrt(self.eps) * np.abs(beta))
        if infinite.any():
            names = [terms[i] for i in np.flatnonzero(infinite)]
            warnings.warn(
                f"Loglik converged before variable(s) {names}; coefficient may be infinite "
                "(monotone likelihood, e.g. no events in one group)",
                MonotoneLikelihoodWarning, stacklevel=3,
            )

    # ------------------------------------------------------------ model card
    def to_json(self, path=None) -> str:
        """A model card: terms, coefficients, coding, centring, baseline hazard and
        inference, as readable JSON (also written to ``path`` if given).

        Examples
        --------
        >>> from radstats import Surv
        >>> from radstats.datasets import load_lung
        >>> lung = load_lung().dropna(subset=["ph.ecog"])
        >>> fit = CoxPH().fit(lung[["age", "ph.ecog"]], Surv(lung["time"], lung["status"] == 2))
        >>> again = CoxPH.from_json(fit.to_json())
        >>> bool((again.predict(lung[["age", "ph.ecog"]]) == fit.predict(lung[["age", "ph.ecog"]])).all())
        True
        """
        result = self.result_
        terms = list(result.params.index)
        card = {
            "model": "CoxPH",
            "r_call": f"survival::coxph(Surv(time, event) ~ {' + '.join(c.name for c in self.design_.columns)}, "
                      f"ties = \"{self.ties}\")",
            "params": self.get_params(),
            "columns": design_to_dict(self.design_),
            "terms": terms,
            "coef": result.params.tolist(),
            "means": self.means_.tolist(),
            "cov": result.cov.to_numpy().tolist(),
            "baseline_hazard": {"time": self.baseline_hazard_.index.tolist(),
                                "increment": self.baseline_hazard_.tolist()},
            "fit": {"loglik_null": result.loglik_null, "loglik": result.loglik,
                    "concordance": result.concordance, "n": result.n,
                    "n_events": result.n_events, "iterations": result.iterations,
                    "tests": {name: [t.statistic, t.df] for name, t in (
                        ("lr", result.lr_test), ("wald", result.wald_test),
                        ("score", result.score_test))}},
        }
        return write_card(card, path)

    @classmethod
    def from_json(cls, source) -> "CoxPH":
        """Rebuild a fitted model from :meth:`to_json` text or a file path (no pickle)."""
        card = read_card(source, "CoxPH")
        model = cls(**card["params"])
        model.design_ = design_from_dict(card["columns"])
        terms = card["terms"]
        model.means_ = pd.Series(card["means"], index=terms)
        model.baseline_hazard_ = pd.Series(card["baseline_hazard"]["increment"],
                                           index=np.asarray(card["baseline_hazard"]["time"], float))
        fit = card["fit"]
        tests = {name: _chi2(stat, df, name) for name, (stat, df) in fit["tests"].items()}
        model.result_ = CoxPHResult(
            params=pd.Series(card["coef"], index=terms),
            cov=pd.DataFrame(card["cov"], index=terms, columns=terms),
            loglik_null=fit["loglik_null"], loglik=fit["loglik"], lr_test=tests["lr"],
            wald_test=tests["wald"], score_test=tests["score"], concordance=fit["concordance"],
            aic=-2 * fit["loglik"] + 2 * len(terms), n=fit["n"], n_events=fit["n_events"],
            iterations=fit["iterations"], alpha=model.alpha,
            meta={"method": "coxph", "ties": model.ties, "converged": True, "from_card": True},
        )
        return model

    # ------------------------------------------------------------- delegation
    @property
    def loglik_(self) -> tuple[float, float]:
        return (self.result_.loglik_null, self.result_.loglik)

    @property
    def lr_test_(self) -> ChiSquareTest:
        return self.result_.lr_test

    @property
    def wald_test_(self) -> ChiSquareTest:
        return self.result_.wald_test

    @property
    def score_test_(self) -> ChiSquareTest:
        return self.result_.score_test

    @property
    def concordance_(self) -> float:
        return self.result_.concordance

    # ------------------------------------------------------------- prediction
    def predict(self, X, type: str = "lp") -> np.ndarray:
        """Linear predictor (``"lp"``) or relative risk (``"risk"``), centred as R.

        Higher values mean higher hazard. Matches ``predict.coxph(type=)``.
        """
        if type not in ("lp", "risk"):
            raise InputError(f"`type` must be 'lp' or 'risk', got {type!r}")
        lp = (self.design_.transform(X) - self.means_.to_numpy()) @ self.coef_.to_numpy()
        return lp if type == "lp" else np.exp(lp)

    def cumulative_baseline_hazard(self, times) -> np.ndarray:
        """Baseline cumulative hazard (at the covariate means) at ``times``."""
        times = as_float_vector(times, "times")
        cumulative = np.concatenate(([0.0], np.cumsum(self.baseline_hazard_.to_numpy())))
        return cumulative[np.searchsorted(self.baseline_hazard_.index, times, side="right")]

    def predict_survival(self, X, times) -> pd.DataFrame:
        """Survival probabilities ``S(t | x) = exp(-H0(t) exp(lp))``.

        Rows follow ``X``, columns are ``times``. Matches ``survfit.coxph`` with
        ``newdata`` (Breslow hazard for ``ties="breslow"``, Efron's for "efron").
        """
        hazard = self.cumulative_baseline_hazard(times)
        surv = np.exp(-np.outer(self.predict(X, type="risk"), hazard))
        index = X.index if isinstance(X, pd.DataFrame) else None
        return pd.DataFrame(surv, index=index, columns=np.asarray(times, dtype=float))


def _centring(matrix: np.ndarray) -> np.ndarray:
    """Column means as R centres them: survival 3.x leaves columns whose values
    are all in {-1, 0, 1} uncentred (``nocenter``)."""
    indicator = ((matrix == 0) | (matrix == 1) | (matrix == -1)).all(axis=0)
    return np.where(indicator, 0.0, matrix.mean(axis=0))


def _chi2(statistic: float, df: int, method: str) -> ChiSquareTest:
    return ChiSquareTest(float(statistic), df, float(special.chdtrc(df, statistic)),
                         meta={"method": method})
