"""A linear risk score (radiomics score) with a cut-off fixed on the training cohort."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from radstats._core.cards import read_card, write_card
from radstats._core.errors import InputError
from radstats._core.validation import as_frame
from radstats.survival import Surv

CUTOFFS = ("median", "youden", "maxstat")


class RiskScore(BaseEstimator):
    """``score = intercept + sum(coef * feature)``, split into low/high at a cut-off.

    Parameters
    ----------
    coef : pandas.Series or dict
        Weight per feature (e.g. LASSO coefficients at lambda.min); zero
        weights are dropped.
    intercept : float, default 0
    cutoff : {"median", "youden", "maxstat"} or float, default "median"
        How :meth:`fit` chooses the cut-off on the training cohort: the median
        score; the Youden-optimal threshold for a binary outcome (pROC's
        ``coords(roc, "best")``); or the maximally selected log-rank cut among
        scores between the ``min_prop`` and ``1 - min_prop`` quantiles for a
        :class:`Surv` outcome. A number fixes it.
    min_prop : float, default 0.1
        Smallest share of patients in either group for ``"maxstat"``.

    Attributes
    ----------
    cutoff_ : float
        Patients with ``score > cutoff_`` are "high" risk.

    Notes
    -----
    The median rule matches R's ``ifelse(score > median(score), "high", "low")``;
    the Youden cut is :func:`radstats.metrics.youden` (pROC parity); the
    maximally selected cut maximises :func:`radstats.survival.logrank_test`'s
    statistic (survdiff parity) over the allowed cuts (as survminer's
    ``surv_cutpoint`` does, with survdiff's statistic rather than maxstat's
    standardisation). The score's direction is the caller's: positive weights
    mean higher risk.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"f1": [0.2, -1.0, 1.5, 0.3], "f2": [1.0, 0.0, -0.5, 2.0]})
    >>> rs = RiskScore({"f1": 0.8, "f2": -0.3}).fit(X)
    >>> rs.predict(X).tolist()
    ['high', 'low', 'high', 'low']
    """

    def __init__(self, coef, intercept: float = 0.0, cutoff="median", min_prop: float = 0.1):
        self.coef = coef
        self.intercept = intercept
        self.cutoff = cutoff
        self.min_prop = min_prop

    def _weights(self) -> pd.Series:
        weights = pd.Series(self.coef, dtype=float)
        weights = weights[weights != 0].drop(labels="(Intercept)", errors="ignore")
        if weights.empty:
            raise InputError("the risk score has no non-zero coefficient")
        return weights

    def score(self, X) -> pd.Series:
        """The score of each row of ``X`` (only the weighted features are needed)."""
        weights = self._weights()
        frame = as_frame(X)
        missing = [f for f in weights.index if f not in frame.columns]
        if missing:
            raise InputError(f"X lacks feature(s) {missing} of the risk score")
        return self.intercept + frame[weights.index].astype(float) @ weights

    def fit(self, X, y=None) -> "RiskScore":
        """Choose the cut-off on the training cohort ``X`` (outcome ``y`` when needed)."""
        score = self.score(X).to_numpy()
        if isinstance(self.cutoff, (int, float)) and not isinstance(self.cutoff, bool):
            self.cutoff_ = float(self.cutoff)
        elif self.cutoff == "median":
            self.cutoff_ = float(np.median(score))
        elif self.cutoff == "youden":
            if y is None or isinstance(y, Surv):
                raise InputError("cutoff='youden' needs a binary outcome `y`")
            from radstats.metrics import youden

            self.cutoff_ = youden(y, score, direction="<").threshold
        elif self.cutoff == "maxstat":
            if not isinstance(y, Surv):
                raise InputError("cutoff='maxstat' needs a Surv outcome `y`")
            self.cutoff_ = _maximally_selected_cut(score, y, self.min_prop)
        else:
            raise InputError(f"`cutoff` must be one of {CUTOFFS} or a number, got {self.cutoff!r}")
        return self

    def predict(self, X) -> pd.Series:
        """"high" where the score exceeds the training cut-off, else "low"."""
        if not hasattr(self, "cutoff_"):
            raise InputError("call fit() on the training cohort first: the cut-off comes from it")
        score = self.score(X)
        return pd.Series(np.where(score > self.cutoff_, "high", "low"), index=score.index,
                         name="risk_group")

    def to_json(self, path=None) -> str:
        """A readable model card with the weights and the training cut-off."""
        weights = self._weights()
        cutoff = getattr(self, "cutoff_", None)
        terms = " + ".join(f"{float(w)!r} * `{name}`" for name, w in weights.items())
        card = {"model": "RiskScore", "coef": weights.to_dict(),
                "intercept": self.intercept, "cutoff_rule": str(self.cutoff),
                "cutoff": cutoff, "min_prop": self.min_prop,
                "r_call": f"score <- with(d, {float(self.intercept)!r} + {terms}); "
                          f"ifelse(score > {'cutoff' if cutoff is None else repr(float(cutoff))}, "
                          "'high', 'low')"}
        return write_card(card, path)

    @classmethod
    def from_json(cls, source) -> "RiskScore":
        """Reload a :meth:`to_json` card (no pickle); the cut-off is kept, not refitted."""
        card = read_card(source, "RiskScore")
        rule = card["cutoff_rule"]
        model = cls(card["coef"], card["intercept"], rule if rule in CUTOFFS else float(rule),
                    card["min_prop"])
        if card["cutoff"] is not None:
            model.cutoff_ = card["cutoff"]
        return model


def _maximally_selected_cut(score: np.ndarray, y: Surv, min_prop: float) -> float:
    from radstats.survival import logrank_test

    low, high = np.quantile(score, [min_prop, 1 - min_prop])
    candidates = np.unique(score[(score >= low) & (score < high)])
    if len(candidates) == 0:
        raise InputError("no cut leaves min_prop of the patients in each group")
    statistics = [logrank_test(y.time, y.event, score > c).statistic for c in candidates]
    return float(candidates[int(np.argmax(statistics))])
