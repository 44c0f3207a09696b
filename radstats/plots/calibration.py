"""Calibration figure: observed against predicted probability for one or more
models (LOWESS curve or risk groups), the ideal line and a rug of the
predictions, as ``rms::val.prob`` draws it; also the bootstrap-corrected curve
of ``rms::calibrate``. Survival calibration (Kaplan–Meier groups) is
:class:`~radstats.plots.SurvivalCalibrationDisplay`.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np

from radstats._core.errors import InputError
from radstats.plots._common import (
    FigureDisplay, draw_rug, finish_unit_square, format_pvalue, group_colors, ideal_line, per_model,
    square_axes,
)

__all__ = ["CalibrationDisplay"]

METHODS = ("lowess", "bins")


def _model_label(name, stats, hl) -> str:
    if stats is None:
        return name
    label = f"{name} (intercept {stats.intercept:.2f}, slope {stats.slope:.2f}"
    return label + (f"; HL {format_pvalue(hl.pvalue)})" if hl is not None else ")")


class CalibrationDisplay(FigureDisplay):
    """Calibration curves of one or more models, with calibration intercept and
    slope (and optionally the Hosmer–Lemeshow p-value) in the legend.

    Build one with :meth:`from_predictions` (which computes and draws), or from
    precomputed parts and call :meth:`plot`.

    Parameters
    ----------
    curves : dict
        Model name -> frame with columns ``predicted, observed``.
    stats : dict or None
        Model name -> :class:`~radstats.metrics.CalibrationStats` (shown in the
        legend); None: the legend names the curves only.
    predictions : dict or None
        Model name -> predicted probabilities (drawn as the rug); None: no rug.
    hosmer_lemeshow : dict, optional
        Model name -> :class:`~radstats.metrics.HosmerLemeshowResult`.
    method : {"lowess", "bins"}
        How the curves were made (bins are drawn as points joined by lines).

    Attributes
    ----------
    curves_ : dict
        Model name -> ``predicted, observed`` frame (the drawn curve).
    stats_ : dict
        Model name -> CalibrationStats.
    hosmer_lemeshow_ : dict or None
        Model name -> HosmerLemeshowResult, when computed.
    predictions_ : dict
        Model name -> predicted probabilities.
    lines_ : dict
        Model name -> the curve's ``Line2D``.
    rugs_ : dict
        Model name -> the rug's ``LineCollection``.
    ideal_line_ : matplotlib.lines.Line2D
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``rms::val.prob`` (and the ``plot`` of ``rms::calibrate``): the
    nonparametric curve is ``lowess(p, y, iter = 0)``, drawn against the ideal
    45° line with the predictions' distribution at the bottom; ``method="bins"``
    gives ``val.prob(g =)``'s grouped proportions. The figure has no numerical
    parity to check; its numbers come from the parity-tested
    :func:`~radstats.metrics.calibration_stats`,
    :func:`~radstats.metrics.hosmer_lemeshow` and the LOWESS smoother equal to
    R's ``lowess``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.plots import CalibrationDisplay
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1]
    >>> p = [.1, .4, .35, .8, .2, .9, .3, .6, .7, .5, .15, .55]
    >>> display = CalibrationDisplay.from_predictions(y, p, name="Radiomics")
    >>> list(display.curves_["Radiomics"].columns)
    ['predicted', 'observed']
    >>> display.ax_.get_legend().get_texts()[0].get_text()
    'Radiomics (intercept 0.63, slope 2.96)'
    >>> display.savefig("calibration.png")  # doctest: +SKIP
    """

    def __init__(self, curves: dict, stats: dict | None, predictions: dict | None,
                 hosmer_lemeshow: dict | None = None, method: str = "lowess"):
        self.curves_ = dict(curves)
        self.stats_ = dict(stats) if stats is not None else dict.fromkeys(self.curves_)
        self.predictions_ = dict(predictions) if predictions is not None else {}
        self.hosmer_lemeshow_ = hosmer_lemeshow
        self.method = method

    @classmethod
    def from_predictions(cls, y, prob, name=None, method: str = "lowess", n_bins: int = 10,
                         show_hl: bool = False, ax=None, **plot_kwargs) -> "CalibrationDisplay":
        """Compute each model's calibration curve and statistics, then plot.

        Parameters
        ----------
        y : array-like of {0, 1}
            Observed outcome (1 = event).
        prob : array-like, or dict / DataFrame of name -> array-like
            Predicted probabilities of one model, or of several keyed by name.
        name : str, optional
            Name of a single model (default its Series name, else ``"Model"``).
        method : {"lowess", "bins"}, default "lowess"
            ``"lowess"``: R's ``lowess(p, y, iter = 0)``; ``"bins"``: observed
            event rate against mean prediction in ``n_bins`` quantile groups.
        n_bins : int, default 10
            Groups for ``"bins"`` and for the Hosmer–Lemeshow test.
        show_hl : bool, default False
            Add the Hosmer–Lemeshow p-value (``g = n_bins``) to the legend.
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        CalibrationDisplay
            Drawn.
        """
        from radstats.metrics import calibration_curve, calibration_stats, hosmer_lemeshow

        if method not in METHODS:
            raise InputError(f"`method` must be one of {METHODS}, got {method!r}")

        def compute(p):
            stats = calibration_stats(y, p)  # validates y and p first
            curve = calibration_curve(y, p, method, n_bins)[["predicted", "observed"]]
            hl = hosmer_lemeshow(y, p, g=n_bins) if show_hl else None
            return curve, stats, np.asarray(p, dtype=float), hl

        results = per_model(prob, name, compute)
        parts = [{k: r[i] for k, r in results.items()} for i in range(4)]
        display = cls(*parts[:3], hosmer_lemeshow=parts[3] if show_hl else None, method=method)
        return display.plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_calibrate(cls, result, name: str = "Model", ax=None,
                       **plot_kwargs) -> "CalibrationDisplay":
        """The apparent and bias-corrected curves of a bootstrap calibration, as
        ``plot(rms::calibrate(...))`` draws them.

        Parameters
        ----------
        result : :class:`~radstats.metrics.CalibrateResult`
            From :func:`~radstats.metrics.calibrate`.
        name : str, default "Model"
            The model's name in the legend (the corrected curve's label gives
            the mean absolute error and the replicates).
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot` (there is no rug: the result keeps no predictions).

        Returns
        -------
        CalibrationDisplay
            Drawn; ``curves_`` keyed ``"<name>: apparent"`` and ``"<name>:
            bias-corrected (...)"``.
        """
        curve = result.curve
        corrected = (f"{name}: bias-corrected (B = {result.n_boot}, mean |error| "
                     f"{result.mean_absolute_error:.3f})")
        curves = {f"{name}: apparent": curve[["predicted", "apparent"]],
                  corrected: curve[["predicted", "corrected"]]}
        curves = {key: frame.set_axis(["predicted", "observed"], axis=1).dropna()
                  for key, frame in curves.items()}
        return cls(curves, None, None).plot(ax=ax, **{"rug": False, **plot_kwargs})

    def plot(self, ax=None, *, colors=None, rug: bool = True, title: str | None = None,
             xlabel: str = "Predicted probability", ylabel: str = "Observed proportion",
             **line_kwargs) -> "CalibrationDisplay":
        """Draw the curves, the ideal line, the rug and the legend.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 5.5 x 5.5 in figure.
        colors : sequence or dict, optional
            One colour per model, or name -> colour; default matplotlib's cycle.
        rug : bool, default True
            Tick marks of each model's predictions along the bottom (one band
            per model), where the display has them.
        title : str, optional
        xlabel, ylabel : str
        **line_kwargs
            Passed to ``Axes.plot`` for each model's curve.

        Returns
        -------
        CalibrationDisplay
            ``self``, with ``figure_``, ``ax_``, ``lines_``, ``rugs_``, ``ideal_line_``.
        """
        ax = square_axes(ax)
        palette = group_colors(list(self.curves_), colors, what="model")
        self.ideal_line_ = ideal_line(ax)
        marker = "o" if self.method == "bins" else None
        self.lines_, self.rugs_ = {}, {}
        for i, (key, curve) in enumerate(self.curves_.items()):
            hl = self.hosmer_lemeshow_[key] if self.hosmer_lemeshow_ else None
            style = {"color": palette[key], "lw": 1.8, "marker": marker, "ms": 4,
                     "label": _model_label(key, self.stats_[key], hl)}
            (self.lines_[key],) = ax.plot(curve["predicted"], curve["observed"],
                                          **{**style, **line_kwargs})
            if rug and key in self.predictions_:
                self.rugs_[key] = draw_rug(ax, self.predictions_[key], i, palette[key])
        finish_unit_square(ax, [*self.lines_.values(), self.ideal_line_], title, xlabel, ylabel)
        self.figure_, self.ax_ = ax.figure, ax
        return self
