"""ROC figure: one or more models' empirical ROC curves on one axes, each
labelled with its AUC and DeLong confidence interval, as ``pROC::ggroc``.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

from radstats.plots._common import FigureDisplay, group_colors, per_model, square_axes

__all__ = ["RocCurveDisplay"]


def auc_label(name, auc) -> str:
    """``"name: AUC 0.83 (95% CI 0.76-0.90)"`` from an :class:`AUCResult`."""
    level = auc.meta.get("conf_level", 0.95)
    return (f"{name}: AUC {auc.estimate:.2f} ({level:.0%} CI "
            f"{auc.ci_lower:.2f}-{auc.ci_upper:.2f})")


class RocCurveDisplay(FigureDisplay):
    """ROC curves of one or more models with their AUC and 95% CI in the legend.

    Build one with :meth:`from_predictions` (which computes and draws), or from
    precomputed curves and AUCs and call :meth:`plot`.

    Parameters
    ----------
    curves : dict
        Model name -> :func:`radstats.metrics.roc_curve` frame.
    aucs : dict
        Model name -> :class:`~radstats.metrics.AUCResult` from
        :func:`radstats.metrics.roc_auc`.

    Attributes
    ----------
    curves_ : dict
        Model name -> ``threshold, sensitivity, specificity`` frame.
    aucs_ : dict
        Model name -> AUCResult.
    lines_ : dict
        Model name -> the curve's ``Line2D`` (x = 1 - specificity, y = sensitivity).
    chance_line_ : matplotlib.lines.Line2D
        The diagonal, where AUC = 0.5.
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``pROC::plot.roc`` / ``pROC::ggroc`` with
    ``legacy.axes = TRUE`` (1 - specificity on x, from 0 to 1) and
    ``print.auc = TRUE`` with DeLong's interval. The figure has no numerical
    parity to check; its numbers come from the parity-tested
    :func:`~radstats.metrics.roc_curve` and :func:`~radstats.metrics.roc_auc`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.plots import RocCurveDisplay
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    >>> display = RocCurveDisplay.from_predictions(y, {
    ...     "Clinical": [.1, .4, .35, .8, .2, .9, .3, .6, .7, .5],
    ...     "Radiomics": [.2, .3, .6, .7, .1, .8, .5, .4, .9, .3]})
    >>> [text.get_text() for text in display.ax_.get_legend().get_texts()]
    ['Clinical: AUC 0.92 (95% CI 0.74-1.00)', 'Radiomics: AUC 0.96 (95% CI 0.85-1.00)']
    >>> display.savefig("roc.png")  # doctest: +SKIP
    """

    def __init__(self, curves: dict, aucs: dict):
        self.curves_ = dict(curves)
        self.aucs_ = dict(aucs)

    @classmethod
    def from_predictions(cls, y, scores, direction: str = "<", name=None, ax=None,
                         **plot_kwargs) -> "RocCurveDisplay":
        """Compute each model's ROC curve and AUC, then plot.

        Parameters
        ----------
        y : array-like of {0, 1}
            Outcome, 1 = case.
        scores : array-like, or dict / DataFrame of name -> array-like
            One model's scores, or several models' keyed by name.
        direction : {"<", ">", "auto"}, default "<"
            pROC's direction: ``"<"`` when higher scores mean "case".
        name : str, optional
            Name of a single model (default its Series name, else ``"Model"``).
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        RocCurveDisplay
            Drawn.
        """
        from radstats.metrics import roc_auc, roc_curve

        results = per_model(scores, name, lambda s: (roc_curve(y, s, direction),
                                                     roc_auc(y, s, direction)), arg="scores")
        display = cls({k: r[0] for k, r in results.items()}, {k: r[1] for k, r in results.items()})
        return display.plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, colors=None, title: str | None = None,
             **line_kwargs) -> "RocCurveDisplay":
        """Draw the curves, the diagonal and the legend.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 5.5 x 5.5 in figure.
        colors : sequence or dict, optional
            One colour per model, or name -> colour; default matplotlib's cycle.
        title : str, optional
        **line_kwargs
            Passed to ``Axes.plot`` for each model's curve.

        Returns
        -------
        RocCurveDisplay
            ``self``, with ``figure_``, ``ax_``, ``lines_``, ``chance_line_``.
        """
        ax = square_axes(ax)
        palette = group_colors(list(self.curves_), colors, what="model")
        (self.chance_line_,) = ax.plot([0, 1], [0, 1], ls="--", lw=1, color="0.6", zorder=1)
        self.lines_ = {}
        for key, curve in self.curves_.items():
            style = {"color": palette[key], "lw": 1.8, "label": auc_label(key, self.aucs_[key])}
            (self.lines_[key],) = ax.plot(1 - curve["specificity"], curve["sensitivity"],
                                          **{**style, **line_kwargs})
        ax.set(xlim=(-0.01, 1.01), ylim=(-0.01, 1.01), aspect="equal", title=title,
               xlabel="1 - Specificity", ylabel="Sensitivity")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="lower right", frameon=False, fontsize=9)
        self.figure_, self.ax_ = ax.figure, ax
        return self
