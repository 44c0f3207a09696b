"""Scores of one model on one cohort: Harrell's C with its confidence interval,
Mime's sign-free C, and the AUC with DeLong's interval.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from radstats.metrics.concordance import concordance_index
from radstats.metrics.roc import roc_auc
from radstats.survival._cox_likelihood import RiskSets

_BLOCK = 512  # rows of the pair matrix formed at once (memory O(_BLOCK * n))


def concordance_variance(time, event, risk, estimate: float) -> float:
    """Infinitesimal-jackknife variance of Harrell's C (``survival::concordance()$var``).

    With case weights ``w``, ``C(w) = N(w) / D(w)`` where ``D`` sums ``w_i w_j``
    over comparable pairs and ``N`` the same with concordant pairs counted 1 and
    tied risks 1/2. Subject ``k``'s influence is ``(N_k - C D_k) / D``, where
    ``N_k`` and ``D_k`` are the sums over the pairs that contain ``k``; the
    variance is the sum of squared influences. Pairs are formed in row blocks,
    O(n^2) time and O(n) memory per block row.
    """
    time = np.asarray(time, dtype=float)
    event = np.asarray(event, dtype=bool)
    risk = np.asarray(risk, dtype=float)
    n = len(time)
    score_k = np.zeros(n)
    comparable_k = np.zeros(n)
    for start in range(0, n, _BLOCK):
        rows = slice(start, min(start + _BLOCK, n))
        ti, tj = time[rows, None], time[None, :]
        # i fails first and j is still followed: j's time is later, or equal and censored
        comparable = event[rows, None] & ((ti < tj) | ((ti == tj) & ~event[None, :]))
        ri, rj = risk[rows, None], risk[None, :]
        score = np.where(ri > rj, 1.0, np.where(ri == rj, 0.5, 0.0)) * comparable
        score_k[rows] += score.sum(axis=1)
        score_k += score.sum(axis=0)
        comparable_k[rows] += comparable.sum(axis=1)
        comparable_k += comparable.sum(axis=0)
    total = comparable_k.sum() / 2  # every pair was counted for both of its members
    influence = (score_k - estimate * comparable_k) / total
    return float(influence @ influence)


def harrell_with_ci(time, event, risk, conf_level: float = 0.95) -> dict:
    """Harrell's C (risk higher = worse) with a Wald interval from its IJ variance.

    Returns ``{"c_index", "c_lower", "c_upper"}``; the interval is
    ``C -/+ z se`` clipped to [0, 1], ``se`` the square root of
    ``survival::concordance()$var`` (matched to 1e-8).
    """
    result = concordance_index(time, event, risk)
    c = result.estimate
    se = np.sqrt(concordance_variance(time, event, risk, c))
    half = stats.norm.ppf(0.5 + conf_level / 2) * se
    return {"c_index": c, "c_lower": max(c - half, 0.0), "c_upper": min(c + half, 1.0)}


def mime_concordance(time, event, risk, c_index: float) -> float:
    """The C-index Mime reports: ``summary(coxph(Surv(time, event) ~ RS))$concordance[1]``.

    ``coxph`` orients the score by the sign of its fitted coefficient, so the
    value ignores whether the model's risk points the right way: ``C`` when the
    coefficient is positive, ``1 - C`` when negative. The Efron log partial
    likelihood is concave in the coefficient, so its sign is the sign of the
    score at zero, computed here in closed form (no iteration to fail).
    """
    risk = np.asarray(risk, dtype=float)
    spread = risk.std()
    if spread == 0:
        return c_index  # a constant score: coxph's coefficient is 0 and C is 1/2
    centred = ((risk - risk.mean()) / spread)[:, None]
    _, score, _ = RiskSets.build(centred, np.asarray(time, dtype=float),
                                 np.asarray(event, dtype=bool), "efron").evaluate(np.zeros(1))
    return c_index if score[0] >= 0 else 1.0 - c_index


def auc_with_ci(y, score, conf_level: float = 0.95) -> dict:
    """AUC (score higher = more likely a case) with DeLong's interval."""
    result = roc_auc(y, score, direction="<", conf_level=conf_level)
    return {"auc": result.estimate, "auc_lower": result.ci_lower, "auc_upper": result.ci_upper}


def check_scorable_survival(event) -> str | None:
    """Why a cohort cannot be scored by a C-index, or None when it can."""
    event = np.asarray(event, dtype=bool)
    if not event.any():
        return "no events: the C-index is undefined"
    return None


def check_scorable_binary(y) -> str | None:
    """Why a cohort cannot be scored by an AUC, or None when it can."""
    y = np.asarray(y, dtype=float)
    if len(np.unique(y)) < 2:
        return f"a single class ({y[0]:g}): the AUC is undefined"
    return None
