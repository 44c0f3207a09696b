"""Waterfall plot: one bar per patient, sorted by score, coloured by outcome,
with the cut-off between the low- and high-score groups (the seed's Figure 3F).

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.validation import as_binary_outcome, as_float_vector, check_same_length
from radstats.plots._common import FigureDisplay, axes_or_new

__all__ = ["WaterfallDisplay"]


class WaterfallDisplay(FigureDisplay):
    """Patients' scores as bars in increasing order, coloured by outcome.

    Build one with :meth:`from_predictions`, or from a frame and call :meth:`plot`.

    Parameters
    ----------
    data : DataFrame
        ``score`` and ``outcome`` (bool) per patient, in drawing order.
    threshold : float, optional
        The cut-off between the low- and high-score groups.
    labels : (str, str)
        Legend names of outcome 0 and outcome 1.

    Attributes
    ----------
    data_ : DataFrame
        ``score, outcome`` sorted by score (ties keep the input order).
    threshold_ : float or None
    bars_ : matplotlib.container.BarContainer
    cut_line_ : matplotlib.lines.Line2D or None
        The vertical dashed line between the last bar below the cut-off and the
        first at or above it (``score >= threshold`` is high, as
        :func:`~radstats.metrics.classification_summary`).
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Bars rise from ``baseline`` (default the cut-off when there is one, so
    high-score patients point up, else 0). A descriptive figure: no R parity.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.plots import WaterfallDisplay
    >>> display = WaterfallDisplay.from_predictions(
    ...     [1, 0, 1, 1, 0, 0, 1, 0], [0.2, 0.9, 0.1, 0.4, 0.7, 0.5, 0.3, 0.8], threshold=0.45,
    ...     labels=("Non-CR", "CR"))
    >>> display.data_["score"].tolist()[:3]
    [0.1, 0.2, 0.3]
    >>> display.savefig("waterfall.pdf")  # doctest: +SKIP
    """

    def __init__(self, data: pd.DataFrame, threshold: float | None = None,
                 labels=("No event", "Event")):
        self.data_ = data.sort_values("score", kind="stable").reset_index(drop=True)
        self.threshold_ = threshold
        self.labels = tuple(labels)

    @classmethod
    def from_predictions(cls, y, score, threshold: float | None = None,
                         labels=("No event", "Event"), ax=None, **plot_kwargs) -> "WaterfallDisplay":
        """Sort the patients by score and draw.

        Parameters
        ----------
        y : array-like of {0, 1}
            Outcome (1 = event).
        score : array-like of float
            Each patient's score (e.g. a nomogram's total points or a risk score).
        threshold : float, optional
            Cut-off of the high-score group (``score >= threshold``).
        labels : (str, str)
            Legend names of outcome 0 and 1.
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        WaterfallDisplay
            Drawn.
        """
        outcome = as_binary_outcome(y, "a waterfall plot colours bars by outcome")
        values = as_float_vector(score, "score")
        check_same_length(y=outcome, score=values)
        if len(labels) != 2:
            raise InputError(f"`labels` names outcome 0 and 1: two names, got {len(labels)}")
        if threshold is not None and not np.isfinite(threshold):
            raise InputError(f"`threshold` must be a finite number, got {threshold!r}")
        data = pd.DataFrame({"score": values, "outcome": outcome})
        return cls(data, threshold, labels).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, colors=("#4C72B0", "#DD8452"), baseline: float | None = None,
             title: str | None = None, ylabel: str = "Score", **bar_kwargs) -> "WaterfallDisplay":
        """Draw the bars, the legend and the cut-off line.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 7 x 3.5 in figure.
        colors : (colour, colour)
            Bars of outcome 0 and 1.
        baseline : float, optional
            Where the bars start; default the threshold, else 0.
        title : str, optional
        ylabel : str, default "Score"
        **bar_kwargs
            Passed to ``Axes.bar``.

        Returns
        -------
        WaterfallDisplay
            ``self``, with ``figure_``, ``ax_``, ``bars_``, ``cut_line_``.
        """
        from matplotlib.patches import Patch

        ax = axes_or_new(ax, (7, 3.5))
        if len(colors) != 2:
            raise InputError(f"`colors` needs two colours (outcome 0 and 1), got {len(colors)}")
        if baseline is None:
            baseline = 0.0 if self.threshold_ is None else self.threshold_
        score, outcome = self.data_["score"].to_numpy(), self.data_["outcome"].to_numpy()
        position = np.arange(len(score))
        style = {"width": 0.85, "linewidth": 0, "color": np.where(outcome, colors[1], colors[0])}
        self.bars_ = ax.bar(position, score - baseline, bottom=baseline, **{**style, **bar_kwargs})
        ax.axhline(baseline, color="0.3", lw=0.8)
        self.cut_line_ = None
        if self.threshold_ is not None:
            boundary = int(np.searchsorted(score, self.threshold_, side="left")) - 0.5
            self.cut_line_ = ax.axvline(boundary, color="tab:red", ls="--", lw=1.2)
        handles = [Patch(color=colors[0], label=self.labels[0]),
                   Patch(color=colors[1], label=self.labels[1])]
        ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=9)
        ax.set(xlim=(-0.6, len(score) - 0.4), xticks=[], title=title, ylabel=ylabel,
               xlabel="Patients (sorted by score)")
        ax.spines[["top", "right"]].set_visible(False)
        self.figure_, self.ax_ = ax.figure, ax
        return self
