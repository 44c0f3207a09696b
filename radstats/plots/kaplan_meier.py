"""Kaplan–Meier figure: step curves, confidence bands, censor marks, numbers at
risk and the log-rank p-value, laid out as ``survminer::ggsurvplot`` does.

matplotlib is imported inside the methods that draw, so importing this module
(or :mod:`radstats.plots`) does not load it.
"""

from __future__ import annotations

import numpy as np

from radstats.plots._common import FigureDisplay, check_axes, format_pvalue, group_colors

__all__ = ["KaplanMeierDisplay", "format_pvalue"]

_INIT_KEYS = ("xlabel", "ylabel", "risk_times")


def _with_origin(values, first) -> np.ndarray:
    """Prepend the curve's value at time 0 (``first``) to a column."""
    return np.concatenate(([first], np.asarray(values, dtype=float)))


def _table_height(n_groups: int) -> float:
    """Inches for the numbers-at-risk table: its title plus a row per group."""
    return 0.4 + 0.25 * n_groups


def _new_axes(risk_table: bool, n_groups: int):
    """A fresh figure: the plot (5 in) over the numbers-at-risk table."""
    import matplotlib.pyplot as plt

    if not risk_table:
        fig, ax = plt.subplots(figsize=(7, 5), layout="constrained")
        return ax, None
    table = _table_height(n_groups)
    fig = plt.figure(figsize=(7, 5.3 + table), layout="constrained")
    grid = fig.add_gridspec(2, 1, height_ratios=[5, table])
    ax = fig.add_subplot(grid[0])
    return ax, fig.add_subplot(grid[1], sharex=ax)


def _table_below(ax, n_groups: int):
    """The numbers-at-risk axes appended under an existing ``ax``."""
    from mpl_toolkits.axes_grid1 import make_axes_locatable

    return make_axes_locatable(ax).append_axes(
        "bottom", size=_table_height(n_groups), pad=0.75, sharex=ax)


def _style_axes(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, 1.02)


def _draw_curve(ax, curve, label, color, *, ci: bool, censor_marks: bool):
    """One group's step curve (with band and censor marks); returns its Line2D."""
    time = _with_origin(curve["time"], 0.0)
    (line,) = ax.step(time, _with_origin(curve["surv"], 1.0), where="post",
                      color=color, label=label, lw=1.6)
    if ci:
        ax.fill_between(time, _with_origin(curve["lower"], 1.0), _with_origin(curve["upper"], 1.0),
                        step="post", color=color, alpha=0.2, lw=0)
    if censor_marks:
        censored = curve[curve["n_censor"] > 0]
        ax.plot(censored["time"], censored["surv"], "+", color=color, ms=7, mew=1.2)
    return line


def _draw_risk_table(table_ax, at_risk, groups, colors) -> None:
    """Numbers at risk: one row per group (first on top), labels in group colour."""
    rows = {g: len(groups) - 1 - i for i, g in enumerate(groups)}
    for group, time, n_risk in at_risk[["group", "time", "n_risk"]].itertuples(index=False):
        table_ax.text(time, rows[group], f"{int(n_risk)}", ha="center", va="center", fontsize=10)
    table_ax.set_ylim(-0.5, len(groups) - 0.5)
    table_ax.set_yticks(list(rows.values()), [str(g) for g in groups])
    for label, group in zip(table_ax.get_yticklabels(), groups):
        label.set_color(colors[group])
    widest = len(str(int(at_risk["n_risk"].max())))  # the numbers at time 0 are centred on it
    table_ax.tick_params(left=False, bottom=False, labelbottom=False)
    table_ax.tick_params(axis="y", pad=4 + 3 * widest)
    table_ax.spines[:].set_visible(False)
    table_ax.set_title("Number at risk", loc="left", fontsize=10)


class KaplanMeierDisplay(FigureDisplay):
    """Kaplan–Meier figure with confidence bands, censor marks, numbers at risk
    and the log-rank p-value.

    Computing and drawing are separate, as in scikit-learn's Display objects:
    build one from a fitted :class:`~radstats.survival.KaplanMeierResult` and
    call :meth:`plot`, or let :meth:`from_data` do both.

    Parameters
    ----------
    km_result : KaplanMeierResult
        From :func:`radstats.survival.kaplan_meier`.
    logrank : LogrankResult, optional
        From :func:`radstats.survival.logrank_test`; its p-value is printed on
        the plot.
    xlabel, ylabel : str
        Axis labels.
    risk_times : array-like of float, optional
        Times for the numbers-at-risk table (they also become the x ticks).
        Default: the x tick locations within ``[0, last follow-up]``.

    Attributes
    ----------
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes
        The survival curves.
    risk_table_ax_ : matplotlib.axes.Axes or None
        The numbers-at-risk table; None when drawn without one.
    lines_ : dict
        Group level -> the curve's ``Line2D``.
    risk_times_ : numpy.ndarray or None
        Times in the numbers-at-risk table.
    pvalue_text_ : matplotlib.text.Text or None
        The log-rank p-value label.

    Notes
    -----
    Mirrors the layout of ``survminer::ggsurvplot(fit, conf.int = TRUE,
    pval = TRUE, risk.table = TRUE)``: the figure itself has no numerical
    parity to check; its numbers come from the parity-tested
    :func:`~radstats.survival.kaplan_meier` and
    :func:`~radstats.survival.logrank_test`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.plots import KaplanMeierDisplay
    >>> display = KaplanMeierDisplay.from_data(
    ...     [5, 8, 12, 20, 3, 9, 15, 30], [1, 0, 1, 1, 1, 1, 0, 0],
    ...     group=["a", "a", "a", "a", "b", "b", "b", "b"], xlabel="Months")
    >>> sorted(display.lines_)
    ['a', 'b']
    >>> display.pvalue_text_.get_text()
    'Log-rank p = 0.63'
    >>> display.savefig("km.png")  # doctest: +SKIP
    """

    def __init__(self, km_result, logrank=None, xlabel: str = "Time",
                 ylabel: str = "Survival probability", risk_times=None):
        self.km_result = km_result
        self.logrank = logrank
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.risk_times = risk_times

    @classmethod
    def from_data(cls, time, event, group=None, conf_type: str = "log",
                  conf_level: float = 0.95, **kwargs) -> "KaplanMeierDisplay":
        """Estimate the curves (and the log-rank test for 2+ groups), then plot.

        Parameters
        ----------
        time, event, group, conf_type, conf_level
            As for :func:`radstats.survival.kaplan_meier`.
        **kwargs
            ``xlabel``, ``ylabel`` and ``risk_times`` go to the constructor,
            anything else (``ax``, ``ci``, ``colors``...) to :meth:`plot`.

        Returns
        -------
        KaplanMeierDisplay
            Drawn.
        """
        from radstats.survival import kaplan_meier, logrank_test

        km = kaplan_meier(time, event, group, conf_type=conf_type, conf_level=conf_level)
        logrank = logrank_test(time, event, group) if len(km.groups) >= 2 else None
        init = {key: kwargs.pop(key) for key in _INIT_KEYS if key in kwargs}
        return cls(km, logrank, **init).plot(**kwargs)

    def plot(self, ax=None, *, ci: bool = True, censor_marks: bool = True,
             risk_table: bool = True, show_pvalue: bool = True, colors=None,
             title: str | None = None) -> "KaplanMeierDisplay":
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here (the risk table is appended below it); default: a new figure.
        ci : bool, default True
            Shade the pointwise confidence bands.
        censor_marks : bool, default True
            Mark censoring times with ``+`` on the curve.
        risk_table : bool, default True
            Numbers at risk under the plot.
        show_pvalue : bool, default True
            Print the log-rank p-value (when a log-rank result is given).
        colors : sequence or dict, optional
            One colour per group, or group -> colour; default matplotlib's cycle.
        title : str, optional

        Returns
        -------
        KaplanMeierDisplay
            ``self``, with ``figure_``, ``ax_``, ``risk_table_ax_``, ``lines_``.
        """
        check_axes(ax)
        groups = self.km_result.groups
        if ax is None:
            ax, table_ax = _new_axes(risk_table, len(groups))
        else:
            table_ax = _table_below(ax, len(groups)) if risk_table else None
        palette = group_colors(groups, colors)
        self.lines_ = {
            g: _draw_curve(ax, self.km_result.curves[g], str(g), palette[g],
                           ci=ci, censor_marks=censor_marks)
            for g in groups
        }
        _style_axes(ax)
        ax.set(xlabel=self.xlabel, ylabel=self.ylabel, title=title)
        self.risk_times_ = self._set_time_axis(ax)
        if len(groups) > 1:
            ax.legend(loc="upper right", frameon=False)
        self.pvalue_text_ = self._draw_pvalue(ax) if show_pvalue else None
        if table_ax is not None:
            at_risk = self.km_result.at(self.risk_times_, extend=True)
            _draw_risk_table(table_ax, at_risk, groups, palette)
        self.figure_, self.ax_, self.risk_table_ax_ = ax.figure, ax, table_ax
        return self

    def _set_time_axis(self, ax) -> np.ndarray:
        """Start the x axis at 0 and fix its ticks; return them (the risk times)."""
        last = max(curve["time"].iloc[-1] for curve in self.km_result.curves.values())
        ax.set_xlim(0, last * 1.03 if last > 0 else 1)
        if self.risk_times is not None:
            times = np.sort(np.asarray(self.risk_times, dtype=float))
        else:
            ticks = ax.get_xticks()
            times = ticks[(ticks >= 0) & (ticks <= last)]
        ax.set_xticks(times)
        return times

    def _draw_pvalue(self, ax):
        if self.logrank is None or not np.isfinite(self.logrank.pvalue):
            return None
        return ax.text(0.03, 0.05, f"Log-rank {format_pvalue(self.logrank.pvalue)}",
                       transform=ax.transAxes, ha="left", va="bottom", fontsize=10)
