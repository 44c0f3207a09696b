"""Kaplan–Meier estimates by group, matching R's ``survival::survfit``."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_float_vector, check_same_length
from radstats.survival.surv import Surv

CONF_TYPES = ("log", "log-log", "plain")
_MEDIAN_TOLERANCE = np.sqrt(np.finfo(float).eps)  # quantile.survfit's default


def group_levels(group) -> tuple[np.ndarray, list]:
    """Return group labels as an array and the levels in R's strata order.

    Categorical groups keep their category order (unused levels dropped, as R
    drops empty strata); anything else is sorted, as ``factor()`` sorts.
    """
    if isinstance(group, pd.Series) and isinstance(group.dtype, pd.CategoricalDtype):
        present = set(group.dropna().unique())
        levels = [c for c in group.cat.categories if c in present]
        labels = group.to_numpy(dtype=object)
    else:
        labels = np.asarray(group, dtype=object)
        levels = sorted(pd.unique(labels[~pd.isna(labels)]))
    missing = pd.isna(labels)
    if missing.any():
        raise InputError(f"`group` has missing values, first at position {int(np.argmax(missing))}")
    return labels, levels


def _confidence_band(surv, se_cumhaz, conf_type, z):
    """``survival:::survfit_confint`` with ``logse = TRUE``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if conf_type == "plain":
            half = z * se_cumhaz * surv
            return np.maximum(surv - half, 0), np.minimum(surv + half, 1)
        if conf_type == "log":
            log_s = np.log(np.where(surv == 0, np.nan, surv))
            return np.exp(log_s - z * se_cumhaz), np.minimum(np.exp(log_s + z * se_cumhaz), 1)
        s = np.where((surv == 0) | (surv == 1), np.nan, surv)
        half = z * se_cumhaz / np.log(s)
        log_minus_log = np.log(-np.log(s))
        return np.exp(-np.exp(log_minus_log - half)), np.exp(-np.exp(log_minus_log + half))


def _find_quantile(times, distribution, p, last_time):
    """``survival:::findq``: first time the distribution reaches p, midpoints on flats."""
    x = np.concatenate(([0.0], times))
    y = np.concatenate(([0.0], distribution))
    if not np.any(y[~np.isnan(y)] >= p):
        return np.nan
    first = ~pd.Series(y).duplicated().to_numpy()
    x, y = x[first], y[first]
    known = ~np.isnan(y)
    positions = np.flatnonzero(known)

    def reach(offset):  # approx(y + offset, 1:n, p, method = "constant", f = 1)
        knots = y[known] + offset
        if p < knots[0] or p > knots[-1]:
            return None
        return positions[np.searchsorted(knots, p, side="left")]

    i1, i2 = reach(_MEDIAN_TOLERANCE), reach(-_MEDIAN_TOLERANCE)
    if i1 is not None and abs(p - y[-1]) < _MEDIAN_TOLERANCE:
        return (x[i1] + last_time) / 2
    if i1 is None or i2 is None:
        return np.nan
    return (x[i1] + x[i2]) / 2


def _curve(time: np.ndarray, event: np.ndarray, z: float, conf_type: str) -> pd.DataFrame:
    """The survfit step function for one group, one row per distinct time."""
    times, inverse = np.unique(time, return_inverse=True)
    n_event = np.bincount(inverse, weights=event, minlength=len(times))
    n_total = np.bincount(inverse, minlength=len(times))
    n_risk = len(time) - np.concatenate(([0], np.cumsum(n_total)[:-1]))
    surv = np.cumprod(1 - n_event / n_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.where(n_event > 0, n_event / (n_risk * (n_risk - n_event)), 0.0)
    se_cumhaz = np.sqrt(np.cumsum(greenwood))
    lower, upper = _confidence_band(surv, se_cumhaz, conf_type, z)
    return pd.DataFrame({
        "time": times, "n_risk": n_risk, "n_event": n_event.astype(int),
        "n_censor": (n_total - n_event).astype(int), "surv": surv,
        "se_cumhaz": se_cumhaz, "lower": lower, "upper": upper,
    })


def _read_curve(group, curve: pd.DataFrame, times: np.ndarray) -> pd.DataFrame:
    """Values of one step curve at ``times`` (before the first time: S = 1)."""
    curve_times = curve["time"].to_numpy()
    row = np.searchsorted(curve_times, times, side="right") - 1
    started = row >= 0

    def value(column, before):
        return np.where(started, curve[column].to_numpy()[np.maximum(row, 0)], before)

    surv = value("surv", 1.0)
    with np.errstate(invalid="ignore"):  # S = 0 with infinite se: NaN, as R's NA
        se_surv = value("se_cumhaz", 0.0) * surv
    events_so_far = np.where(started, curve["n_event"].cumsum().to_numpy()[np.maximum(row, 0)], 0)
    first_at_or_after = np.searchsorted(curve_times, times, side="left")
    return pd.DataFrame({
        "group": group, "time": times, "surv": surv,
        "se_surv": se_surv,
        "lower": value("lower", 1.0), "upper": value("upper", 1.0),
        "n_risk": np.append(curve["n_risk"].to_numpy(), 0)[first_at_or_after],
        "n_event": np.diff(events_so_far, prepend=0),
    })


@dataclasses.dataclass(frozen=True, repr=False)
class KaplanMeierResult(Result):
    """Kaplan–Meier curves, one per group, with pointwise confidence bands.

    Attributes
    ----------
    curves : dict
        Group level -> DataFrame with one row per distinct time: ``time, n_risk,
        n_event, n_censor, surv, se_cumhaz, lower, upper`` (``se_cumhaz`` is R's
        ``std.err``: the Greenwood standard error of the cumulative hazard).
    """

    curves: dict
    conf_level: float
    conf_type: str
    meta: dict = dataclasses.field(default_factory=dict)

    @property
    def groups(self) -> list:
        return list(self.curves)

    def curve(self) -> pd.DataFrame:
        """All curves stacked: ``group`` then the per-time columns."""
        return pd.concat(
            [c.assign(group=g) for g, c in self.curves.items()], ignore_index=True
        )[["group", *next(iter(self.curves.values())).columns]]

    def at(self, times, extend: bool = False) -> pd.DataFrame:
        """Survival at given times, as ``summary(survfit, times = )``.

        Returns ``group, time, surv, se_surv, lower, upper, n_risk, n_event`` ordered
        by group then time. ``n_risk`` is the number at risk at ``time``; ``n_event``
        counts events since the previous requested time. Times after a group's last
        follow-up are dropped with a warning (R drops them silently), or with
        ``extend=True`` reported with the last estimate and ``n_risk = 0``.
        """
        times = np.sort(as_float_vector(times, "times"))
        if (times < 0).any():
            raise InputError("`times` must be non-negative")
        frames = []
        for group, curve in self.curves.items():
            last = curve["time"].iloc[-1]
            beyond = times[times > last]
            if len(beyond) and not extend:
                warnings.warn(
                    f"group {group!r}: time(s) {beyond.tolist()} after the last follow-up "
                    f"({last:g}) are omitted; pass extend=True to keep them", stacklevel=2,
                )
            wanted = times if extend else times[times <= last]
            frames.append(_read_curve(group, curve, wanted))
        return pd.concat(frames, ignore_index=True)

    @property
    def median(self) -> pd.Series:
        """Median survival time per group (NaN where the curve stays above 0.5)."""
        return self.table()["median"]

    def table(self) -> pd.DataFrame:
        """One row per group: ``n, events, median, median_lower, median_upper``,
        as ``print(survfit)``."""
        rows = {}
        for group, curve in self.curves.items():
            t, last = curve["time"].to_numpy(), curve["time"].iloc[-1]
            rows[group] = {
                "n": int(curve["n_risk"].iloc[0]),
                "events": int(curve["n_event"].sum()),
                "median": _find_quantile(t, 1 - curve["surv"].to_numpy(), 0.5, last),
                "median_lower": _find_quantile(t, 1 - curve["lower"].to_numpy(), 0.5, last),
                "median_upper": _find_quantile(t, 1 - curve["upper"].to_numpy(), 0.5, last),
            }
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = "group"
        return table

    def to_frame(self) -> pd.DataFrame:
        return self.curve()

    def __repr__(self) -> str:
        return (f"KaplanMeierResult(conf_type={self.conf_type!r}, "
                f"conf_level={self.conf_level})\n{self.table().to_string()}")


def kaplan_meier(time, event, group=None, conf_type: str = "log",
                 conf_level: float = 0.95) -> KaplanMeierResult:
    """Kaplan–Meier survival curves with Greenwood confidence bands.

    Parameters
    ----------
    time : array-like of float
        Follow-up times.
    event : array-like of {0, 1} or bool
        1 where the event was observed.
    group : array-like, optional
        Group labels; one curve per level (categorical order, else sorted).
    conf_type : {"log", "log-log", "plain"}, default "log"
        Scale of the pointwise confidence interval (survfit's ``conf.type``).
    conf_level : float, default 0.95

    Returns
    -------
    KaplanMeierResult
        ``.at(times)``, ``.median``, ``.table()``, ``.curve()``.

    Notes
    -----
    Matches ``survival::survfit(Surv(time, event) ~ group, conf.type = )``
    (survival 3.5-3): survival to 1e-8, confidence limits to 1e-6, medians and
    their limits exactly (``quantile.survfit``'s rule, midpoints where the
    curve is flat at 0.5). Own implementation: lifelines' bands differ from R's
    ``log`` type and it reports no R-style medians with limits.

    Examples
    --------
    >>> from radstats.survival import kaplan_meier
    >>> km = kaplan_meier([1, 2, 2, 3, 5], [1, 1, 0, 1, 0])
    >>> km.at([2, 4])["surv"].round(3).tolist()
    [0.6, 0.3]
    """
    if conf_type not in CONF_TYPES:
        raise InputError(f"`conf_type` must be one of {CONF_TYPES}, got {conf_type!r}")
    if not 0 < conf_level < 1:
        raise InputError(f"`conf_level` must be in (0, 1), got {conf_level}")
    outcome = Surv(time, event)
    if group is None:
        labels, levels = np.full(len(outcome), "all", dtype=object), ["all"]
    else:
        labels, levels = group_levels(group)
        check_same_length(time=outcome.time, group=labels)
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    curves = {
        level: _curve(outcome.time[labels == level], outcome.event[labels == level], z, conf_type)
        for level in levels
    }
    return KaplanMeierResult(curves, conf_level, conf_type,
                             meta={"method": "kaplan-meier", "n": len(outcome),
                                   "events": outcome.n_events})
