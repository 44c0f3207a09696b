"""Discrimination over time: the time-dependent AUC or the C-index at several
horizons for one or more models, with confidence bands (the seed's Figure 4A-F).

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay, axes_or_new, group_colors, per_model

__all__ = ["TimeDependentDisplay"]

METRICS = {"auc": "Time-dependent AUC", "cindex": "C-index"}


class TimeDependentDisplay(FigureDisplay):
    """Time-dependent AUC or C-index of one or more models against time.

    Build one with :meth:`from_predictions` (which computes and draws), or from
    precomputed tables and call :meth:`plot`.

    Parameters
    ----------
    curves : dict
        Model name -> frame with ``time, estimate, ci_lower, ci_upper`` (the
        interval may be NaN: no band is drawn).
    metric : {"auc", "cindex"}
        What the estimates are (sets the axis label).

    Attributes
    ----------
    curves_ : dict
        Model name -> ``time, estimate, ci_lower, ci_upper`` frame.
    lines_ : dict
        Model name -> the estimate's ``Line2D``.
    bands_ : dict
        Model name -> the interval's ``PolyCollection`` (models with an interval).
    reference_line_ : matplotlib.lines.Line2D
        The horizontal line at 0.5 (no discrimination).
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    The AUC curves are :func:`~radstats.metrics.time_dependent_auc` (riskRegression
    ``Score``'s estimates and intervals, or timeROC's with ``cases="lt"``) and
    the C-index points :func:`~radstats.metrics.time_dependent_cindex`
    (``survival::concordance(ymax =)`` with percentile bootstrap intervals),
    as ``plotAUC`` / ``plot(timeROC)`` draw them. The figure has no numerical
    parity of its own.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.datasets import load_lung
    >>> from radstats.plots import TimeDependentDisplay
    >>> lung = load_lung().dropna(subset=["ph.karno"])
    >>> display = TimeDependentDisplay.from_predictions(
    ...     lung["time"], lung["status"] == 2, {"Age": lung["age"], "Karnofsky": -lung["ph.karno"]},
    ...     times=[90, 180, 365, 540])
    >>> display.curves_["Age"].columns.tolist()
    ['time', 'estimate', 'ci_lower', 'ci_upper']
    >>> display.savefig("td_auc.png")  # doctest: +SKIP
    """

    def __init__(self, curves: dict, metric: str = "auc"):
        if metric not in METRICS:
            raise InputError(f"`metric` must be one of {tuple(METRICS)}, got {metric!r}")
        self.curves_ = dict(curves)
        self.metric = metric

    @classmethod
    def from_predictions(cls, time, event, risks, times, metric: str = "auc", name=None,
                         cases: str = "le", n_boot: int = 0, random_state=None, n_jobs: int = 1,
                         ax=None, **plot_kwargs) -> "TimeDependentDisplay":
        """Compute each model's time-dependent AUC (or C-index), then plot.

        Parameters
        ----------
        time, event : array-like
            Follow-up and event indicator.
        risks : array-like, or dict / DataFrame of name -> array-like
            Each model's predicted risk, **higher = worse**.
        times : array-like of float
            Evaluation times (AUC) or horizons (C-index), within the follow-up.
        metric : {"auc", "cindex"}, default "auc"
        name : str, optional
            Name of a single model.
        cases : {"le", "lt"}
            Case definition of the AUC (see :func:`~radstats.metrics.time_dependent_auc`).
        n_boot, random_state, n_jobs
            Bootstrap replicates for the C-index intervals (0: no band).
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        TimeDependentDisplay
            Drawn.
        """
        from radstats.metrics import time_dependent_auc, time_dependent_cindex

        if metric not in METRICS:
            raise InputError(f"`metric` must be one of {tuple(METRICS)}, got {metric!r}")

        def compute(risk):
            if metric == "auc":
                table = time_dependent_auc(time, event, risk, times, cases=cases)
                return table.rename(columns={"auc": "estimate"})[
                    ["time", "estimate", "ci_lower", "ci_upper"]]
            table = time_dependent_cindex(time, event, risk, times, n_boot=n_boot,
                                          random_state=random_state, n_jobs=n_jobs)
            return table.rename(columns={"horizon": "time", "c_index": "estimate"})[
                ["time", "estimate", "ci_lower", "ci_upper"]]

        return cls(per_model(risks, name, compute, arg="risks"), metric).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, colors=None, band: bool = True, title: str | None = None,
             xlabel: str = "Time", ylim=None, **line_kwargs) -> "TimeDependentDisplay":
        """Draw each model's estimates joined by lines, their bands and the 0.5 line.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 6.5 x 4.5 in figure.
        colors : sequence or dict, optional
        band : bool, default True
            Shade the confidence interval where there is one.
        title : str, optional
        xlabel : str, default "Time"
        ylim : (float, float), optional
            Default from 0.5 (or below, if an interval goes lower) to 1.
        **line_kwargs
            Passed to ``Axes.plot`` for each model.

        Returns
        -------
        TimeDependentDisplay
            ``self``, with ``figure_``, ``ax_``, ``lines_``, ``bands_``, ``reference_line_``.
        """
        ax = axes_or_new(ax, (6.5, 4.5))
        palette = group_colors(list(self.curves_), colors, what="model")
        self.lines_, self.bands_ = {}, {}
        lowest = 0.5
        for key, curve in self.curves_.items():
            style = {"color": palette[key], "lw": 1.8, "marker": "o", "ms": 4, "label": key}
            (self.lines_[key],) = ax.plot(curve["time"], curve["estimate"], **{**style, **line_kwargs})
            interval = curve[["ci_lower", "ci_upper"]].to_numpy(dtype=float)
            if band and np.isfinite(interval).all():
                self.bands_[key] = ax.fill_between(curve["time"], interval[:, 0], interval[:, 1],
                                                   color=palette[key], alpha=0.15, lw=0)
                lowest = min(lowest, float(interval[:, 0].min()))
            lowest = min(lowest, float(pd.Series(curve["estimate"]).min()))
        self.reference_line_ = ax.axhline(0.5, ls="--", lw=1, color="0.6", zorder=1)
        if ylim is None:
            ylim = (np.floor(lowest * 20) / 20 - 0.02, 1.01)
        ax.set(ylim=ylim, title=title, xlabel=xlabel, ylabel=METRICS[self.metric])
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="lower left", frameon=False, fontsize=9)
        self.figure_, self.ax_ = ax.figure, ax
        return self
