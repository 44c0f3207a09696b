"""Decision-curve figure: net benefit against threshold probability for one or
more models, with the "treat all" and "treat none" strategies, as
``dcurves::dca() |> plot()``.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np

from radstats.plots._common import FigureDisplay, axes_or_new, group_colors, per_model

__all__ = ["DecisionCurveDisplay"]


class DecisionCurveDisplay(FigureDisplay):
    """Decision curves of one or more models against treat all and treat none.

    Build one with :meth:`from_predictions` (which computes and draws), or from
    precomputed :func:`~radstats.metrics.decision_curve` frames and call
    :meth:`plot`.

    Parameters
    ----------
    curves : dict
        Model name -> :func:`radstats.metrics.decision_curve` frame (all on the
        same patients and thresholds; "treat all" is taken from the first).
    prevalence : float
        Share of events; it sets the default y range.

    Attributes
    ----------
    curves_ : dict
        Model name -> ``threshold, net_benefit, treat_all, treat_none, ...`` frame.
    prevalence_ : float
    lines_ : dict
        Model name -> the net-benefit ``Line2D``.
    treat_all_line_, treat_none_line_ : matplotlib.lines.Line2D
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``plot(dcurves::dca(y ~ model, thresholds =))``: net benefit on y
    from ``-0.1 * prevalence`` (as dcurves) to ``1.05 * prevalence`` (dcurves
    stops at the prevalence, the largest possible net benefit; the 5% headroom
    keeps the lines at threshold 0 whole), thresholds on x as percentages. The
    figure has no numerical parity to check; its numbers come from the
    parity-tested :func:`~radstats.metrics.decision_curve`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.plots import DecisionCurveDisplay
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    >>> display = DecisionCurveDisplay.from_predictions(
    ...     y, [.1, .4, .35, .8, .2, .9, .3, .6, .7, .5], name="Radiomics",
    ...     thresholds=[0.1, 0.2, 0.3, 0.4, 0.5])
    >>> display.lines_["Radiomics"].get_ydata().round(3).tolist()
    [0.444, 0.4, 0.371, 0.267, 0.3]
    >>> display.savefig("dca.png")  # doctest: +SKIP
    """

    def __init__(self, curves: dict, prevalence: float):
        self.curves_ = dict(curves)
        self.prevalence_ = float(prevalence)

    @classmethod
    def from_predictions(cls, y, prob, thresholds=None, name=None, ax=None,
                         **plot_kwargs) -> "DecisionCurveDisplay":
        """Compute each model's decision curve, then plot.

        Parameters
        ----------
        y : array-like of {0, 1}
            Observed outcome (1 = event).
        prob : array-like, or dict / DataFrame of name -> array-like
            Predicted probabilities of one model, or of several keyed by name.
        thresholds : array-like of float, optional
            Threshold probabilities in [0, 1); default ``0, 0.01, ..., 0.99``.
        name : str, optional
            Name of a single model (default its Series name, else ``"Model"``).
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        DecisionCurveDisplay
            Drawn.
        """
        from radstats.metrics import decision_curve

        curves = per_model(prob, name, lambda p: decision_curve(y, p, thresholds))
        prevalence = float(np.mean(np.asarray(y, dtype=float)))  # y checked by decision_curve
        return cls(curves, prevalence).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, colors=None, ylim=None, title: str | None = None,
             **line_kwargs) -> "DecisionCurveDisplay":
        """Draw the decision curves, treat all, treat none and the legend.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 7 x 5 in figure.
        colors : sequence or dict, optional
            One colour per model, or name -> colour; default matplotlib's cycle.
        ylim : (float, float), optional
            Net-benefit range; default ``(-0.1, 1.05)`` times the prevalence.
        title : str, optional
        **line_kwargs
            Passed to ``Axes.plot`` for each model's curve.

        Returns
        -------
        DecisionCurveDisplay
            ``self``, with ``figure_``, ``ax_``, ``lines_``, ``treat_all_line_``,
            ``treat_none_line_``.
        """
        from matplotlib.ticker import PercentFormatter

        ax = axes_or_new(ax, (7, 5))
        palette = group_colors(list(self.curves_), colors, what="model")
        first = next(iter(self.curves_.values()))
        threshold = first["threshold"]
        (self.treat_all_line_,) = ax.plot(threshold, first["treat_all"], color="0.45", lw=1.2,
                                          label="Treat all")
        (self.treat_none_line_,) = ax.plot(threshold, first["treat_none"], color="black",
                                           lw=1.2, ls="--", label="Treat none")
        self.lines_ = {}
        for key, curve in self.curves_.items():
            style = {"color": palette[key], "lw": 1.8, "label": str(key)}
            (self.lines_[key],) = ax.plot(curve["threshold"], curve["net_benefit"],
                                          **{**style, **line_kwargs})
        if ylim is None:
            ylim = (-0.1 * self.prevalence_, 1.05 * self.prevalence_)
        ax.set(ylim=ylim, title=title, xlabel="Threshold probability", ylabel="Net benefit")
        if threshold.max() > threshold.min():
            ax.set_xlim(threshold.min(), threshold.max())
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        ax.spines[["top", "right"]].set_visible(False)
        handles = [*self.lines_.values(), self.treat_all_line_, self.treat_none_line_]
        ax.legend(handles=handles, loc="upper right", frameon=False, fontsize=9)
        self.figure_, self.ax_ = ax.figure, ax
        return self
