"""ROC analysis for a binary outcome, matching R's pROC (1.18)."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_binary_outcome, as_float_vector, check_same_length

DIRECTIONS = ("auto", "<", ">")


@dataclasses.dataclass(frozen=True, repr=False)
class AUCResult(Result):
    """Area under the ROC curve with its DeLong variance and confidence interval.

    ``direction`` is pROC's: ``"<"`` means controls score lower than cases.
    """

    estimate: float
    ci_lower: float
    ci_upper: float
    variance: float
    direction: str
    n_cases: int
    n_controls: int
    meta: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, repr=False)
class DeLongTest(Result):
    """DeLong's test that two AUCs are equal.

    Paired: ``statistic`` is Z (``df`` is NaN). Unpaired: ``statistic`` is t with
    Welch–Satterthwaite ``df``, as pROC's ``roc.test(paired = FALSE)``.
    """

    statistic: float
    pvalue: float
    df: float
    auc1: float
    auc2: float
    meta: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class _Roc:
    """Cases and controls on a scale where higher means "case" (direction applied)."""

    cases: np.ndarray
    controls: np.ndarray
    direction: str

    @classmethod
    def from_data(cls, y, score, direction: str, name: str = "score") -> "_Roc":
        if direction not in DIRECTIONS:
            raise InputError(f"`direction` must be one of {DIRECTIONS}, got {direction!r}")
        outcome = as_binary_outcome(y, "ROC analysis needs cases and controls")
        values = as_float_vector(score, name)
        check_same_length(y=outcome, **{name: values})
        cases, controls = values[outcome], values[~outcome]
        if direction == "auto":  # pROC: by the medians of the two groups
            direction = "<" if np.median(controls) <= np.median(cases) else ">"
        sign = 1.0 if direction == "<" else -1.0
        return cls(sign * cases, sign * controls, direction)

    def placements(self) -> tuple[np.ndarray, np.ndarray]:
        """DeLong placement values: for each case, the share of controls it outranks
        (ties 1/2), and for each control the share of cases that outrank it.

        Both groups are searched in sorted order (binary searches with sorted keys
        stay in cache) and the results put back in the patients' order, which the
        paired test needs.
        """
        case_order = np.argsort(self.cases, kind="stable")
        control_order = np.argsort(self.controls, kind="stable")
        cases, controls = self.cases[case_order], self.controls[control_order]
        below = np.searchsorted(controls, cases, side="left")
        at_or_below = np.searchsorted(controls, cases, side="right")
        case_place = np.empty(len(cases))
        case_place[case_order] = (below + at_or_below) / 2 / len(controls)
        below = np.searchsorted(cases, controls, side="left")
        at_or_below = np.searchsorted(cases, controls, side="right")
        control_place = np.empty(len(controls))
        control_place[control_order] = (2 * len(cases) - below - at_or_below) / 2 / len(cases)
        return case_place, control_place


def _auc_and_variance(roc: _Roc):
    case_place, control_place = roc.placements()
    auc = case_place.mean()
    if min(len(case_place), len(control_place)) < 2:  # pROC: NA with a single case or control
        return auc, np.nan, case_place, control_place
    variance = case_place.var(ddof=1) / len(case_place) + control_place.var(ddof=1) / len(control_place)
    return auc, variance, case_place, control_place


CI_METHODS = ("delong", "bootstrap")


def roc_auc(y, score, direction: str = "auto", ci: str = "delong",
            conf_level: float = 0.95, n_boot: int = 2000, random_state=None,
            n_jobs: int = 1) -> AUCResult:
    """AUC with DeLong's or a bootstrap confidence interval.

    Parameters
    ----------
    y : array-like of {0, 1} or bool
        1 = case (the event), 0 = control.
    score : array-like of float
        Predicted probability or score; with ``direction="<"`` **higher = more
        likely a case**.
    direction : {"auto", "<", ">"}
        pROC's direction. ``"auto"`` chooses ``"<"`` when the controls' median is
        at most the cases' median (so the AUC is at least 0.5): convenient for
        exploring markers, but fix ``"<"`` to evaluate a model honestly.
    ci : {"delong", "bootstrap"}
        DeLong's interval, or the percentile interval of ``n_boot`` bootstrap
        replicates resampled within cases and within controls (pROC's
        ``boot.stratified = TRUE``), the direction fixed at the full data's.
    conf_level : float, default 0.95
    n_boot, random_state, n_jobs
        Bootstrap replicates, seed and joblib workers (``ci="bootstrap"`` only);
        results do not depend on ``n_jobs``.

    Returns
    -------
    AUCResult
        ``estimate, ci_lower, ci_upper, variance, direction, n_cases, n_controls``
        (``variance``: DeLong's, or the replicates' with ``ci="bootstrap"``).

    Notes
    -----
    Matches ``pROC::roc(y, score, direction =)`` with ``ci.auc(method =
    "delong")`` (pROC 1.18.0): AUC 1e-10, variance and CI 1e-8, the interval
    clipped to [0, 1] as pROC clips it. Own implementation of the DeLong
    placements in O(n log n) (Sun & Xu 2014), as pROC's. ``ci="bootstrap"``
    is ``ci.auc(method = "bootstrap", boot.stratified = TRUE)``; R's random
    numbers differ, so the limits agree in distribution (0.01 with 2,000
    replicates, tested).

    Examples
    --------
    >>> res = roc_auc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
    >>> round(res.estimate, 4)
    0.8889
    """
    if ci not in CI_METHODS:
        raise InputError(f"`ci` must be one of {CI_METHODS}, got {ci!r}")
    roc = _Roc.from_data(y, score, direction)
    auc, variance, *_ = _auc_and_variance(roc)
    if ci == "bootstrap":
        return _bootstrap_auc(roc, auc, conf_level, n_boot, random_state, n_jobs)
    if np.isnan(variance):
        lower = upper = np.nan
    elif variance > 0:
        lower, upper = stats.norm.ppf([(1 - conf_level) / 2, 1 - (1 - conf_level) / 2],
                                      loc=auc, scale=np.sqrt(variance))
    else:  # perfect separation: pROC's qnorm with sd = 0 gives the AUC itself
        lower = upper = auc
    return AUCResult(
        estimate=float(auc), ci_lower=float(np.clip(lower, 0, 1)),  # NaN stays NaN
        ci_upper=float(np.clip(upper, 0, 1)), variance=float(variance),
        direction=roc.direction, n_cases=len(roc.cases), n_controls=len(roc.controls),
        meta={"method": "DeLong", "conf_level": conf_level},
    )


def _bootstrap_auc(roc: _Roc, auc: float, conf_level: float, n_boot: int, random_state,
                   n_jobs: int) -> AUCResult:
    """pROC's stratified bootstrap: cases and controls resampled separately."""
    from radstats.metrics.bootstrap import bootstrap_ci

    values = np.concatenate((roc.cases, roc.controls))
    outcome = np.r_[np.ones(len(roc.cases), bool), np.zeros(len(roc.controls), bool)]

    def statistic(y, s):
        return _Roc(s[y], s[~y], roc.direction).placements()[0].mean()

    boot = bootstrap_ci(statistic, outcome, values, n_boot=n_boot, conf_level=conf_level,
                        stratify=outcome, random_state=random_state, n_jobs=n_jobs)
    return AUCResult(
        estimate=float(auc), ci_lower=boot.ci_lower, ci_upper=boot.ci_upper,
        variance=boot.std_error**2, direction=roc.direction, n_cases=len(roc.cases),
        n_controls=len(roc.controls),
        meta={"method": "bootstrap", "conf_level": conf_level, "n_boot": n_boot,
              "stratified": True},
    )


def roc_curve(y, score, direction: str = "auto") -> pd.DataFrame:
    """Sensitivity and specificity at pROC's thresholds.

    Thresholds are the midpoints between consecutive distinct scores, with
    ``-inf`` and ``inf`` at the ends, as ``pROC::roc``'s ``thresholds``; a subject
    is called a case when its score is above the threshold (direction ``"<"``).

    Returns
    -------
    DataFrame
        ``threshold, sensitivity, specificity`` from sensitivity 1 to 0 (pROC's
        order: thresholds increase for direction ``"<"`` and decrease for ``">"``).

    Notes
    -----
    Matches ``pROC::coords(roc(y, score), "all")`` (pROC 1.18.0) to 1e-12.

    Examples
    --------
    >>> roc_curve([0, 1, 1], [0.2, 0.6, 0.9])["sensitivity"].tolist()
    [1.0, 1.0, 0.5, 0.0]
    """
    roc = _Roc.from_data(y, score, direction)
    distinct = np.unique(np.concatenate((roc.cases, roc.controls)))
    edges_low, edges_high = np.r_[-np.inf, distinct], np.r_[distinct, np.inf]
    with np.errstate(invalid="ignore"):
        thresholds = np.where(np.isinf(edges_low) | np.isinf(edges_high),
                              np.where(np.isinf(edges_low), -np.inf, np.inf),
                              (edges_low + edges_high) / 2)
    sensitivity = (roc.cases[None, :] > thresholds[:, None]).mean(axis=1)
    specificity = (roc.controls[None, :] < thresholds[:, None]).mean(axis=1)
    if roc.direction == ">":  # back to the original score scale, still sensitivity 1 -> 0
        thresholds = -thresholds
    return pd.DataFrame({"threshold": thresholds, "sensitivity": sensitivity,
                         "specificity": specificity})


def delong_test(y, score1, score2, paired: bool = True, y2=None,
                direction: str = "auto") -> DeLongTest:
    """DeLong's test comparing two AUCs (two-sided).

    Parameters
    ----------
    y : array-like of {0, 1}
        Outcome for ``score1`` (and ``score2`` when paired).
    score1, score2 : array-like of float
        Scores of the two models; higher = more likely a case.
    paired : bool, default True
        Both scores on the same patients (``y``). When False, ``score2`` belongs
        to other patients whose outcome is ``y2``.
    direction : {"auto", "<", ">"}
        Applied to each curve separately, as pROC does.

    Returns
    -------
    DeLongTest
        ``statistic`` (Z, or t when unpaired), ``pvalue``, ``df`` and both AUCs.

    Notes
    -----
    Matches ``pROC::roc.test(roc1, roc2, method = "delong", paired =)``
    (pROC 1.18.0): statistic and p-value to 1e-8.

    Examples
    --------
    >>> y = [0, 0, 0, 1, 1, 1, 0, 1]
    >>> res = delong_test(y, [.1, .3, .2, .8, .7, .4, .5, .9], [.2, .1, .4, .6, .3, .8, .7, .5])
    >>> round(res.auc1, 4), round(res.auc2, 4)
    (0.9375, 0.75)
    """
    roc1 = _Roc.from_data(y, score1, direction, "score1")
    if paired:
        if y2 is not None:
            raise InputError("`y2` is for unpaired tests; paired scores share `y`")
        roc2 = _Roc.from_data(y, score2, direction, "score2")
    else:
        if y2 is None:
            raise InputError("an unpaired test needs `y2`, the outcome of the patients of `score2`")
        roc2 = _Roc.from_data(y2, score2, direction, "score2")
    if roc1.direction != roc2.direction:
        warnings.warn(f"the curves have different directions ({roc1.direction!r} and "
                      f"{roc2.direction!r}); DeLong's test should not compare them (as pROC warns)",
                      stacklevel=2)
    auc1, var1, cases1, controls1 = _auc_and_variance(roc1)
    auc2, var2, cases2, controls2 = _auc_and_variance(roc2)
    difference = auc1 - auc2
    if paired:
        cov = (np.cov(cases1, cases2)[0, 1] / len(cases1)
               + np.cov(controls1, controls2)[0, 1] / len(controls1))
        sd = np.sqrt(var1 + var2 - 2 * cov)
        statistic = 0.0 if difference == 0 and sd == 0 else difference / sd
        df, pvalue = np.nan, 2 * stats.norm.sf(abs(statistic))
    else:
        statistic = difference / np.sqrt(var1 + var2)
        n1, n2 = len(cases1) + len(controls1), len(cases2) + len(controls2)
        df = (var1 + var2) ** 2 / (var1**2 / (n1 - 1) + var2**2 / (n2 - 1))
        pvalue = 2 * stats.t.sf(abs(statistic), df)
    return DeLongTest(float(statistic), float(pvalue), float(df), float(auc1), float(auc2),
                      meta={"method": "DeLong", "paired": paired})


@dataclasses.dataclass(frozen=True, repr=False)
class YoudenResult(Result):
    """The threshold maximising sensitivity + specificity - 1 (Youden's J)."""

    threshold: float
    sensitivity: float
    specificity: float
    youden_index: float
    meta: dict = dataclasses.field(default_factory=dict)


def youden(y, score, direction: str = "auto") -> YoudenResult:
    """Optimal cut-off by Youden's index on pROC's thresholds.

    Returns the first threshold (in :func:`roc_curve` order) with the largest
    ``sensitivity + specificity``; all tied thresholds are in
    ``meta["tied_thresholds"]``, as pROC returns every tied row.

    Notes
    -----
    Matches ``pROC::coords(roc, "best", best.method = "youden")`` (pROC 1.18.0)
    exactly (thresholds are midpoints between distinct scores).

    Examples
    --------
    >>> res = youden([0, 0, 1, 1, 0, 1, 0, 1], [1, 2, 3, 4, 5, 6, 7, 8])
    >>> res.threshold, res.sensitivity, res.specificity
    (2.5, 1.0, 0.5)
    """
    curve = roc_curve(y, score, direction)
    criterion = (curve["sensitivity"] + curve["specificity"]).to_numpy()
    best = np.flatnonzero(criterion == criterion.max())
    row = curve.iloc[best[0]]
    return YoudenResult(
        threshold=float(row["threshold"]), sensitivity=float(row["sensitivity"]),
        specificity=float(row["specificity"]), youden_index=float(criterion.max() - 1),
        meta={"method": "youden", "tied_thresholds": curve["threshold"].iloc[best].tolist()},
    )


@dataclasses.dataclass(frozen=True, repr=False)
class ClassificationSummary(Result):
    """Sensitivity, specificity, accuracy, PPV and NPV at one threshold, with counts."""

    threshold: float
    sensitivity: float
    specificity: float
    accuracy: float
    ppv: float
    npv: float
    tp: int
    fp: int
    tn: int
    fn: int
    meta: dict = dataclasses.field(default_factory=dict)

    def cells(self, digits: int = 2) -> dict:
        """The seed tables' cells, e.g. ``{"sensitivity": "0.83 [42/51]", ...}``."""
        fractions = {"sensitivity": (self.tp, self.tp + self.fn),
                     "specificity": (self.tn, self.tn + self.fp),
                     "accuracy": (self.tp + self.tn, self.tp + self.tn + self.fp + self.fn),
                     "ppv": (self.tp, self.tp + self.fp), "npv": (self.tn, self.tn + self.fn)}
        return {name: (f"{num / den:.{digits}f} [{num}/{den}]" if den else "NA [0/0]")
                for name, (num, den) in fractions.items()}


def classification_summary(y, score, threshold: float, direction: str = "<") -> ClassificationSummary:
    """Classify at ``threshold`` and summarise against the outcome.

    A patient is called positive when ``score >= threshold`` (direction ``"<"``:
    higher scores mean "case"; ``">"`` reverses it), as pROC's ``coords``.

    Returns
    -------
    ClassificationSummary
        Rates and the 2 x 2 counts; ``.cells()`` formats "0.83 [42/51]".

    Notes
    -----
    Matches ``pROC::coords(roc(y, score, direction =), x = threshold,
    input = "threshold", ret = c("sensitivity", "specificity", "accuracy",
    "ppv", "npv", "tp", "tn", "fp", "fn"))`` (pROC 1.18.0) exactly, including
    scores equal to the threshold.

    Examples
    --------
    >>> res = classification_summary([0, 0, 1, 1, 0, 1], [.1, .4, .4, .8, .2, .9], 0.4)
    >>> res.cells()["specificity"]
    '0.67 [2/3]'
    """
    if direction not in ("<", ">"):
        raise InputError(f"`direction` must be '<' or '>', got {direction!r}")
    outcome = as_binary_outcome(y, "classification needs cases and controls")
    values = as_float_vector(score, "score")
    check_same_length(y=outcome, score=values)
    positive = values >= threshold if direction == "<" else values <= threshold
    tp, fp = int((positive & outcome).sum()), int((positive & ~outcome).sum())
    fn, tn = int((~positive & outcome).sum()), int((~positive & ~outcome).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        ppv = tp / (tp + fp) if tp + fp else np.nan
        npv = tn / (tn + fn) if tn + fn else np.nan
    return ClassificationSummary(
        threshold=float(threshold), sensitivity=tp / (tp + fn), specificity=tn / (tn + fp),
        accuracy=(tp + tn) / len(values), ppv=ppv, npv=npv, tp=tp, fp=fp, tn=tn, fn=fn,
        meta={"direction": direction})
