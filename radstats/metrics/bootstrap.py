"""Bootstrap confidence intervals for any metric."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
from scipy import stats

from radstats._core.errors import InputError
from radstats._core.resampling import bootstrap_replicates
from radstats._core.results import Result
from radstats._core.validation import check_same_length

METHODS = ("percentile", "bca")


@dataclasses.dataclass(frozen=True, repr=False)
class BootstrapResult(Result):
    """A statistic with its bootstrap confidence interval and the replicates."""

    estimate: float
    ci_lower: float
    ci_upper: float
    std_error: float
    n_boot: int
    replicates: np.ndarray
    meta: dict = dataclasses.field(default_factory=dict)


def _take(arrays, indices):
    return [a.iloc[indices] if hasattr(a, "iloc") else np.asarray(a)[indices] for a in arrays]


def bootstrap_ci(metric, *arrays, n_boot: int = 2000, conf_level: float = 0.95,
                 method: str = "percentile", stratify=None, random_state=None,
                 n_jobs: int = 1) -> BootstrapResult:
    """Bootstrap confidence interval of ``metric(*arrays)``.

    Parameters
    ----------
    metric : callable
        ``metric(*arrays) -> float``, applied to the data and to every resample
        of its rows (e.g. ``lambda y, p: roc_auc(y, p).estimate``).
    *arrays : array-like
        Data of equal length, resampled together by row.
    n_boot : int, default 2000
    conf_level : float, default 0.95
    method : {"percentile", "bca"}
        Percentile interval, or bias-corrected and accelerated (BCa; the
        acceleration from the jackknife).
    stratify : array-like, optional
        Resample within these groups (e.g. cases and controls, as pROC's
        ``boot.stratified = TRUE``).
    random_state : int, SeedSequence or Generator, optional
    n_jobs : int, default 1
        Workers for joblib; results do not depend on it.

    Returns
    -------
    BootstrapResult
        ``estimate, ci_lower, ci_upper, std_error`` and the ``replicates``.
        Replicates where the metric is not estimable (it raised ``ValueError``)
        are dropped with a warning.

    Notes
    -----
    The percentile interval takes type-7 quantiles of the replicates; BCa
    follows Efron (1987), as ``boot::boot.ci(type = "bca")``. R's boot
    interpolates quantiles on the normal scale and pROC draws with R's RNG, so
    agreement with R is in distribution: for pROC's bootstrap CI of an AUC the
    limits agree to about 0.01 with 2,000 replicates (tested).

    Examples
    --------
    >>> from radstats.metrics import roc_auc
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    >>> p = [.1, .4, .35, .8, .2, .9, .5, .7, .6, .3]
    >>> res = bootstrap_ci(lambda y, p: roc_auc(y, p, direction="<").estimate, y, p,
    ...                    n_boot=200, stratify=y, random_state=1)
    >>> res.ci_lower <= res.estimate <= res.ci_upper
    True
    """
    if method not in METHODS:
        raise InputError(f"`method` must be one of {METHODS}, got {method!r}")
    if not arrays:
        raise InputError("bootstrap_ci needs at least one data array")
    n = check_same_length(**{f"array{i + 1}": a for i, a in enumerate(arrays)})
    strata = None if stratify is None else np.asarray(stratify)
    estimate = float(metric(*arrays))
    replicates = bootstrap_replicates(lambda idx: metric(*_take(arrays, idx)), n, n_boot,
                                      random_state, n_jobs, strata)[:, 0]
    failed = np.isnan(replicates)
    if failed.any():
        warnings.warn(f"{int(failed.sum())} of {n_boot} bootstrap replicates were not estimable "
                      "and are left out", stacklevel=2)
    kept = replicates[~failed]
    alpha = (1 - conf_level) / 2
    levels = np.array([alpha, 1 - alpha])
    if method == "bca":
        levels = _bca_levels(metric, arrays, n, estimate, kept, levels)
    lower, upper = np.quantile(kept, levels)
    return BootstrapResult(
        estimate=estimate, ci_lower=float(lower), ci_upper=float(upper),
        std_error=float(kept.std(ddof=1)), n_boot=len(kept), replicates=replicates,
        meta={"method": method, "conf_level": conf_level, "stratified": strata is not None},
    )


def _bca_levels(metric, arrays, n, estimate, replicates, levels):
    """Efron's BCa: shift the percentile levels by the bias z0 and acceleration a."""
    z0 = stats.norm.ppf(np.mean(replicates < estimate))
    jackknife = np.array([metric(*_take(arrays, np.delete(np.arange(n), i))) for i in range(n)])
    deviation = jackknife.mean() - jackknife
    denominator = 6 * np.sum(deviation**2) ** 1.5
    acceleration = np.sum(deviation**3) / denominator if denominator > 0 else 0.0
    z = stats.norm.ppf(levels)
    return stats.norm.cdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)))
