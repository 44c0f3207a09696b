"""Stepwise term selection by AIC or BIC, matching ``MASS::stepAIC``."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from sklearn.base import clone

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.design import Design, check_estimable
from radstats._core.threads import single_blas_thread
from radstats._core.validation import as_binary_outcome, as_frame
from radstats.logistic import Logit
from radstats.survival import CoxPH
from radstats.survival.surv import as_surv

DIRECTIONS = ("both", "backward", "forward")


@dataclasses.dataclass(frozen=True, repr=False)
class StepwiseResult(Result):
    """The selected terms, the final criterion and every step taken.

    ``path`` has one row per model visited: ``step, change`` (``"<start>"``,
    ``"+ term"`` or ``"- term"``), ``terms`` and the criterion value ``aic`` (an
    AIC with penalty ``k``: 2 for AIC, log n for BIC, as stepAIC's ``k``).
    ``model`` is the estimator fitted on the selected terms (None when none).
    """

    selected: list
    aic: float
    path: pd.DataFrame
    model: object
    meta: dict = dataclasses.field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.path


def _penalty(estimator, criterion: str, X: pd.DataFrame, y) -> float:
    if criterion == "aic":
        return 2.0
    # BIC as R's BIC(): log(nobs), where nobs of a Cox model is its number of events.
    n = y.n_events if isinstance(estimator, CoxPH) else len(X)
    return float(np.log(n))


class _Scorer:
    """stepAIC's ``extractAIC`` for a term set, from one model matrix built up front.

    Candidate models are fitted on column subsets of that matrix through the
    estimators' lean likelihood path (no validation or result objects); only
    the final model is refitted through the public ``fit``.
    """

    def __init__(self, estimator, X, y, k, check_all=True):
        self.estimator, self.k = estimator, k
        design, self.matrix = Design.fit_transform(X)
        # Backward and "both" start from the full model, which must be estimable. Forward
        # checks each model it visits instead, so it also runs with more columns than rows.
        self.check_all = check_all
        if check_all:
            check_estimable(self.matrix, design.terms)
        else:
            for j, term in enumerate(design.terms):
                check_estimable(self.matrix[:, [j]], [term])  # a constant column is an error
        offsets = np.cumsum([0] + [len(c.terms) for c in design.columns])
        self.columns = {c.name: np.arange(offsets[i], offsets[i + 1])
                        for i, c in enumerate(design.columns)}
        self.y = as_surv(y) if isinstance(estimator, CoxPH) else \
            as_binary_outcome(y, "logistic regression needs both").astype(float)
        self.intercept = 1 if isinstance(estimator, Logit) else 0
        self.fit_columns = estimator._subset_loglik(self.matrix, self.y)
        self.null_loglik = None
        self.logliks = {}

    def __call__(self, terms: tuple) -> float:
        if not terms:
            return -2 * self._null_loglik() + self.k * self.intercept
        if terms not in self.logliks:
            columns = np.concatenate([self.columns[t] for t in terms])
            aliased = not self.check_all and not _estimable(self.matrix[:, columns])
            # An aliased term gets NA in R and never improves the criterion. A fit
            # that runs out of iterations reports its last finite iterate, as R's;
            # one that still broke down (a non-finite loglik) is never taken.
            fitted = None if aliased else self.fit_columns(columns)
            self.logliks[terms] = fitted if fitted and np.isfinite(fitted[0]) else None
        if self.logliks[terms] is None:
            return np.inf
        loglik, null = self.logliks[terms]
        self.null_loglik = null
        n_params = sum(len(self.columns[t]) for t in terms) + self.intercept
        return -2 * loglik + self.k * n_params

    def _null_loglik(self) -> float:
        if self.null_loglik is None:  # every fit reports the empty model's log-likelihood
            self((next(iter(self.columns)),))
        return self.null_loglik


def _estimable(matrix: np.ndarray) -> bool:
    try:
        check_estimable(matrix, [str(j) for j in range(matrix.shape[1])])
    except InputError:
        return False
    return True


def stepwise(estimator, X, y, direction: str = "both", criterion: str = "aic",
             scope: dict | None = None) -> StepwiseResult:
    """Select terms (columns of ``X``) by stepwise AIC or BIC.

    Parameters
    ----------
    estimator : CoxPH or Logit
        Unfitted model; refitted (cloned) for every candidate term set.
    X : DataFrame
        Candidate terms; a categorical column is one term (all its levels move
        together, as a factor in R).
    y : Surv or array-like
        Outcome, as the estimator's ``fit`` takes it.
    direction : {"both", "backward", "forward"}
        "backward" and "both" start from ``scope["upper"]`` (default: every
        column); "forward" starts from ``scope["lower"]`` (default: the empty
        model), unlike Mime's forward run from the full model, which cannot add.
        Only forward runs with more columns than rows or collinear columns: a
        model whose new term is aliased is never taken (R gives it NA).
    criterion : {"aic", "bic"}
        Penalty per coefficient: 2, or log(n) (log of the number of events for
        Cox, as R's ``BIC``/``nobs``).
    scope : dict, optional
        ``{"lower": [...], "upper": [...]}`` column names always kept / allowed.

    Returns
    -------
    StepwiseResult
        ``selected``, ``aic`` (final criterion), ``path`` and the fitted ``model``.

    Notes
    -----
    Matches ``MASS::stepAIC(fit, scope = list(lower =, upper =), direction =, k =)``
    (MASS 7.3-58): each step compares ``<none>``, every droppable term (in
    model order) and every addable term (in scope order) and takes the first
    minimum; it stops when ``<none>`` is best or the criterion improves by less
    than 1e-7. Parity: the same selected set and path, criterion to 1e-6,
    including a forward search that adds terms until the Cox model nearly
    separates the data (fixture ``stepaic_cox_overfit_forward``: 17 of 30
    terms on 20 events): candidate fits that run out of iterations are
    compared at their last iterate, as ``coxph`` returns them to ``stepAIC``.
    The models compared must use the same rows: remove missing values first.

    Examples
    --------
    >>> from radstats import Surv
    >>> from radstats.datasets import load_lung
    >>> from radstats.survival import CoxPH
    >>> lung = load_lung().dropna()
    >>> y = Surv(lung["time"], lung["status"] == 2)
    >>> X = lung[["age", "sex", "ph.ecog", "ph.karno", "wt.loss"]]
    >>> stepwise(CoxPH(), X, y, direction="backward").selected
    ['sex', 'ph.ecog', 'ph.karno', 'wt.loss']
    """
    if direction not in DIRECTIONS:
        raise InputError(f"`direction` must be one of {DIRECTIONS}, got {direction!r}")
    if criterion not in ("aic", "bic"):
        raise InputError(f"`criterion` must be 'aic' or 'bic', got {criterion!r}")
    if not isinstance(estimator, (CoxPH, Logit)):
        raise InputError(f"stepwise supports CoxPH and Logit, got {type(estimator).__name__}")
    X = as_frame(X)
    columns = [str(c) for c in X.columns]
    X = X.set_axis(columns, axis=1)
    scope = dict(scope or {})
    unknown = set(scope) - {"lower", "upper"}
    if unknown:
        raise InputError(f"unknown `scope` key(s) {sorted(unknown)}; use 'lower' and 'upper'")
    upper = list(scope.get("upper", columns))
    lower = list(scope.get("lower", []))
    missing = [t for t in [*upper, *lower] if t not in columns]
    if missing:
        raise InputError(f"`scope` names column(s) not in X: {missing}")
    if not set(lower) <= set(upper):
        raise InputError(f"`scope['lower']` terms {sorted(set(lower) - set(upper))} are not in 'upper'")

    k = _penalty(estimator, criterion, X, y)
    with single_blas_thread():
        terms, current, path, n_fits = _search(_Scorer(estimator, X, y, k, direction != "forward"),
                                               direction, lower, upper)
    return StepwiseResult(
        selected=list(terms), aic=float(current), path=pd.DataFrame(path),
        model=clone(estimator).fit(X[list(terms)], y) if terms else None,
        meta={"method": "stepAIC", "direction": direction, "criterion": criterion, "k": k,
              "n_fits": n_fits},
    )


def _search(score, direction, lower, upper):
    """stepAIC's loop: take the best of <none>, drops and adds until <none> wins."""
    terms = tuple(lower if direction == "forward" else upper)
    current = score(terms)
    path = [{"step": 0, "change": "<start>", "terms": list(terms), "aic": current}]
    while True:
        candidates = [("<none>", terms)]
        if direction != "forward":
            candidates += [(f"- {t}", tuple(x for x in terms if x != t))
                           for t in terms if t not in lower]
        if direction != "backward":
            candidates += [(f"+ {t}", (*terms, t)) for t in upper if t not in terms]
        scores = [score(c) for _, c in candidates]
        best = int(np.argmin(scores))
        if best == 0:
            break
        change, new_terms = candidates[best]
        new_score = scores[best]
        if new_score >= current + 1e-7:
            break
        terms, current = new_terms, new_score
        path.append({"step": len(path), "change": change, "terms": list(terms), "aic": current})
    return terms, current, path, len(score.logliks)
