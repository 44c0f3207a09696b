"""Survival calibration figure: Kaplan–Meier observed against mean predicted
survival at a horizon by risk group, with confidence bars, the optimism-corrected
points and the ideal line, as ``plot(rms::calibrate(cph, u =))`` draws it (the
seed's calibration curves of the Cox nomogram at time points); also the
uncorrected groups of ``rms::groupkm`` (e.g. in a validation cohort).

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.metrics.survival_calibration import km_interval
from radstats.plots._common import (
    FigureDisplay, draw_rug, finish_unit_square, group_colors, ideal_line, square_axes,
)

__all__ = ["SurvivalCalibrationDisplay"]

KINDS = ("survival", "event")
_GROUP_COLUMNS = ("predicted", "observed", "std_err")   # survival_calibration's table


def _check_source(key, source):
    """A SurvivalCalibrateResult or a survival_calibration table, else an error naming ``key``."""
    from radstats.metrics import SurvivalCalibrateResult

    if isinstance(source, SurvivalCalibrateResult) or (
            isinstance(source, pd.DataFrame) and set(_GROUP_COLUMNS) <= set(source.columns)):
        return source
    raise InputError(f"curve {key!r}: expected a SurvivalCalibrateResult (calibrate_survival) "
                     f"or a survival_calibration table, got {type(source).__name__}"
                     + (" without columns predicted, observed, std_err"
                        if isinstance(source, pd.DataFrame) else ""))


def _curve(source, kind: str, conf_level: float):
    """The drawn frame (``predicted, observed, ci_lower, ci_upper`` and, for a
    bootstrap result, ``corrected``) on the ``kind`` scale, and the rug's predictions."""
    if isinstance(source, pd.DataFrame):
        frame, predictions = source.loc[:, list(_GROUP_COLUMNS)], None
    else:
        frame = source.table.rename(columns={"mean_predicted": "predicted", "km": "observed",
                                             "km_corrected": "corrected"})
        frame, predictions = frame[[*_GROUP_COLUMNS, "corrected"]], source.predicted
    frame = frame.dropna(subset=["observed"]).reset_index(drop=True)
    lower, upper = km_interval(frame["observed"].to_numpy(), frame.pop("std_err").to_numpy(),
                               conf_level)
    frame["ci_lower"], frame["ci_upper"] = lower, upper
    if kind == "event":
        frame = 1 - frame.rename(columns={"ci_lower": "ci_upper", "ci_upper": "ci_lower"})
        predictions = None if predictions is None else 1 - predictions
    return frame[["predicted", "observed", "ci_lower", "ci_upper"]
                 + (["corrected"] if "corrected" in frame else [])], predictions


class SurvivalCalibrationDisplay(FigureDisplay):
    """Observed (Kaplan–Meier) against predicted survival by risk group, for one
    or more horizons, cohorts or models.

    Build one with :meth:`from_estimator` (which computes and draws) or
    :meth:`from_result`, or from results and call :meth:`plot`.

    Parameters
    ----------
    results : dict
        Curve name (e.g. ``"12 months"`` or a cohort) -> a
        :class:`~radstats.metrics.SurvivalCalibrateResult` (bootstrap
        optimism-corrected, from :func:`~radstats.metrics.calibrate_survival`)
        or a :func:`~radstats.metrics.survival_calibration` table (the
        uncorrected groups, e.g. of a validation cohort).

    Attributes
    ----------
    results_ : dict
        Curve name -> what was given.
    curves_ : dict
        Curve name -> the drawn frame: ``predicted, observed, ci_lower,
        ci_upper`` (and ``corrected`` for a bootstrap result), on the drawn
        scale, groups without an estimate left out.
    lines_ : dict
        Curve name -> the observed points' ``Line2D`` (joined by lines).
    errorbars_ : dict
        Curve name -> the confidence bars' ``LineCollection`` (when drawn).
    corrected_ : dict
        Curve name -> the optimism-corrected points' ``Line2D`` (bootstrap
        results, when drawn).
    rugs_ : dict
        Curve name -> the rug of predictions (``LineCollection``; bootstrap
        results, which keep the predictions).
    ideal_line_ : matplotlib.lines.Line2D
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``plot.calibrate`` for ``cmethod = "KM"`` (rms 6.5-0): the groups'
    Kaplan–Meier survival against their mean prediction, joined, with its 95%
    log-scale interval (``groupkm``'s), the optimism-corrected survival as
    crosses, the ideal 45° line and the distribution of predictions along the
    bottom. ``kind="event"`` draws the same on the scale of the event's
    probability ``1 - S``. The figure has no numerical parity of its own; its
    numbers come from the parity-tested
    :func:`~radstats.metrics.calibrate_survival` and
    :func:`~radstats.metrics.survival_calibration`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats import Surv
    >>> from radstats.datasets import load_lung
    >>> from radstats.plots import SurvivalCalibrationDisplay
    >>> from radstats.survival import CoxPH
    >>> lung = load_lung().dropna(subset=["ph.ecog"])
    >>> display = SurvivalCalibrationDisplay.from_estimator(
    ...     CoxPH(eps=1e-4, max_iter=10), lung[["age", "sex", "ph.ecog"]],
    ...     Surv(lung["time"], lung["status"] == 2), horizons=[180, 365], m=75, n_boot=5,
    ...     random_state=1, time_unit="days")
    >>> list(display.results_)
    ['180 days', '365 days']
    >>> display.savefig("survival_calibration.png")  # doctest: +SKIP
    """

    def __init__(self, results: dict):
        self.results_ = {key: _check_source(key, source) for key, source in results.items()}

    @classmethod
    def from_estimator(cls, estimator, X, y, horizons, m: int = 150, cuts=None,
                       n_boot: int = 40, random_state=None, n_jobs: int = 1,
                       time_unit: str | None = None, ax=None,
                       **plot_kwargs) -> "SurvivalCalibrationDisplay":
        """Calibrate the model at each horizon (:func:`~radstats.metrics.calibrate_survival`),
        then plot one curve per horizon.

        Parameters
        ----------
        estimator, X, y, m, cuts, n_boot, random_state, n_jobs
            As :func:`~radstats.metrics.calibrate_survival` (each horizon is
            calibrated with the same ``random_state``).
        horizons : float or sequence of float
            Time(s) at which survival is judged.
        time_unit : str, optional
            Appended to the horizons in the curve names (``"12 months"``).
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        SurvivalCalibrationDisplay
            Drawn.
        """
        from radstats.metrics import calibrate_survival

        horizons = np.atleast_1d(np.asarray(horizons, dtype=float))
        results = {}
        for horizon in horizons:
            name = f"{horizon:g}" + (f" {time_unit}" if time_unit else "")
            results[name] = calibrate_survival(estimator, X, y, horizon, m=m, cuts=cuts,
                                               n_boot=n_boot, random_state=random_state,
                                               n_jobs=n_jobs)
        return cls(results).plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_result(cls, result, name: str | None = None, ax=None,
                    **plot_kwargs) -> "SurvivalCalibrationDisplay":
        """Plot one result or a dict of them.

        Parameters
        ----------
        result : SurvivalCalibrateResult, DataFrame, or dict of name -> either
            :func:`~radstats.metrics.calibrate_survival` results and/or
            :func:`~radstats.metrics.survival_calibration` tables.
        name : str, optional
            Name of a single result (default its horizon, or ``"Model"`` for a table).
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        SurvivalCalibrationDisplay
            Drawn.
        """
        if isinstance(result, Mapping):
            if name is not None:
                raise InputError("`name` names a single result; the keys of `result` name several")
            if not result:
                raise InputError("`result` has no curves")
            return cls(dict(result)).plot(ax=ax, **plot_kwargs)
        if name is None:
            name = "Model" if isinstance(result, pd.DataFrame) else f"{result.horizon:g}"
        return cls({name: result}).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, kind: str = "survival", colors=None, conf_int: bool = True,
             conf_level: float = 0.95, corrected: bool = True, rug: bool = True,
             title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
             **line_kwargs) -> "SurvivalCalibrationDisplay":
        """Draw the observed points and bars, corrected points, ideal line, rug and legend.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 5.5 x 5.5 in figure.
        kind : {"survival", "event"}, default "survival"
            Draw survival (as rms) or the event's probability ``1 - S``.
        colors : sequence or dict, optional
            One colour per curve, or name -> colour; default matplotlib's cycle.
        conf_int : bool, default True
            Bars of the Kaplan–Meier interval at ``conf_level``.
        conf_level : float, default 0.95
        corrected : bool, default True
            The optimism-corrected points as crosses (bootstrap results).
        rug : bool, default True
            Tick marks of each bootstrap result's predictions along the bottom.
        title : str, optional
        xlabel, ylabel : str, optional
            Default ``"Predicted survival"`` and ``"Observed survival
            (Kaplan–Meier)"`` (``event probability`` for ``kind="event"``).
        **line_kwargs
            Passed to ``Axes.plot`` for each curve's observed points.

        Returns
        -------
        SurvivalCalibrationDisplay
            ``self``, with ``figure_``, ``ax_``, ``curves_``, ``lines_``,
            ``errorbars_``, ``corrected_``, ``rugs_``, ``ideal_line_``.
        """
        from matplotlib.lines import Line2D

        if kind not in KINDS:
            raise InputError(f"`kind` must be one of {KINDS}, got {kind!r}")
        if not 0 < conf_level < 1:
            raise InputError(f"`conf_level` must be in (0, 1), got {conf_level}")
        ax = square_axes(ax)
        palette = group_colors(list(self.results_), colors, what="curve")
        self.ideal_line_ = ideal_line(ax)
        self.curves_, self.lines_, self.errorbars_, self.corrected_, self.rugs_ = {}, {}, {}, {}, {}
        for key, source in self.results_.items():
            curve, predictions = _curve(source, kind, conf_level)
            self.curves_[key] = curve
            color = palette[key]
            style = {"color": color, "lw": 1.5, "marker": "o", "ms": 5, "label": key}
            (self.lines_[key],) = ax.plot(curve["predicted"], curve["observed"],
                                          **{**style, **line_kwargs})
            if conf_int:
                self.errorbars_[key] = ax.vlines(curve["predicted"], curve["ci_lower"],
                                                 curve["ci_upper"], color=color, lw=1)
            if corrected and "corrected" in curve:
                (self.corrected_[key],) = ax.plot(curve["predicted"], curve["corrected"],
                                                  ls="none", marker="x", ms=7, mew=1.6,
                                                  color=color)
            if rug and predictions is not None:
                self.rugs_[key] = draw_rug(ax, predictions, len(self.rugs_), color)
        handles = [*self.lines_.values(), self.ideal_line_]
        if self.corrected_:
            boots = sorted({self.results_[key].n_boot for key in self.corrected_})
            handles.append(Line2D([], [], ls="none", marker="x", ms=7, mew=1.6, color="0.3",
                                  label=f"Optimism-corrected (B = {', '.join(map(str, boots))})"))
        what = "survival" if kind == "survival" else "event probability"
        finish_unit_square(ax, handles, title, xlabel or f"Predicted {what}",
                           ylabel or f"Observed {what} (Kaplan–Meier)")
        self.figure_, self.ax_ = ax.figure, ax
        return self
