"""Survival calibration figure: Kaplan–Meier observed against mean predicted
survival at a horizon by risk group, with confidence bars, the optimism-corrected
points and the ideal line, as ``plot(rms::calibrate(cph, u =))`` draws it (the
seed's calibration curves of the Cox nomogram at time points).

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from radstats._core.errors import InputError
from radstats.metrics.survival_calibration import km_interval
from radstats.plots._common import FigureDisplay, group_colors, square_axes

__all__ = ["SurvivalCalibrationDisplay"]

_RUG_HEIGHT, _RUG_GAP = 0.03, 0.01  # in axes fractions, one band per curve


class SurvivalCalibrationDisplay(FigureDisplay):
    """Observed (Kaplan–Meier) against predicted survival at one or more horizons.

    Build one with :meth:`from_estimator` (which computes and draws) or
    :meth:`from_result`, or from results and call :meth:`plot`.

    Parameters
    ----------
    results : dict
        Curve name (e.g. ``"12 months"``) ->
        :class:`~radstats.metrics.SurvivalCalibrateResult`.

    Attributes
    ----------
    results_ : dict
        Curve name -> SurvivalCalibrateResult.
    lines_ : dict
        Curve name -> the observed points' ``Line2D`` (joined by lines).
    errorbars_ : dict
        Curve name -> the confidence bars' ``LineCollection`` (when drawn).
    corrected_ : dict
        Curve name -> the optimism-corrected points' ``Line2D`` (when drawn).
    rugs_ : dict
        Curve name -> the rug of predictions (``LineCollection``).
    ideal_line_ : matplotlib.lines.Line2D
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``plot.calibrate`` for ``cmethod = "KM"`` (rms 6.5-0): the groups'
    Kaplan–Meier survival against their mean prediction, joined, with its 95%
    log-scale interval (``groupkm``'s), the optimism-corrected survival as
    crosses, the ideal 45° line and the distribution of predictions along the
    bottom. The figure has no numerical parity of its own; its numbers come from
    the parity-tested :func:`~radstats.metrics.calibrate_survival`.

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
        self.results_ = dict(results)

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
        """Plot one result (named ``name``, default its horizon) or a dict of them."""
        from radstats.metrics import SurvivalCalibrateResult

        if isinstance(result, Mapping):
            if name is not None:
                raise InputError("`name` names a single result; the keys of `result` name several")
            results = dict(result)
        else:
            results = {f"{result.horizon:g}" if name is None else name: result}
        wrong = [k for k, r in results.items() if not isinstance(r, SurvivalCalibrateResult)]
        if wrong or not results:
            raise InputError(f"`result` must be SurvivalCalibrateResult(s) from calibrate_survival; "
                             f"{'got none' if not results else f'not for {wrong!r}'}")
        return cls(results).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, colors=None, conf_int: bool = True, conf_level: float = 0.95,
             corrected: bool = True, rug: bool = True, title: str | None = None,
             xlabel: str = "Predicted survival", ylabel: str = "Observed survival (Kaplan–Meier)",
             **line_kwargs) -> "SurvivalCalibrationDisplay":
        """Draw the observed points and bars, corrected points, ideal line, rug and legend.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 5.5 x 5.5 in figure.
        colors : sequence or dict, optional
            One colour per curve, or name -> colour; default matplotlib's cycle.
        conf_int : bool, default True
            Bars of the Kaplan–Meier interval at ``conf_level``.
        conf_level : float, default 0.95
        corrected : bool, default True
            The optimism-corrected survival as crosses.
        rug : bool, default True
            Tick marks of each curve's predictions along the bottom.
        title, xlabel, ylabel : str, optional
        **line_kwargs
            Passed to ``Axes.plot`` for each curve's observed points.

        Returns
        -------
        SurvivalCalibrationDisplay
            ``self``, with ``figure_``, ``ax_``, ``lines_``, ``errorbars_``,
            ``corrected_``, ``rugs_``, ``ideal_line_``.
        """
        from matplotlib.lines import Line2D

        if not 0 < conf_level < 1:
            raise InputError(f"`conf_level` must be in (0, 1), got {conf_level}")
        ax = square_axes(ax)
        palette = group_colors(list(self.results_), colors, what="curve")
        (self.ideal_line_,) = ax.plot([0, 1], [0, 1], ls="--", lw=1, color="0.6", zorder=1,
                                      label="Ideal")
        self.lines_, self.errorbars_, self.corrected_, self.rugs_ = {}, {}, {}, {}
        for i, (key, result) in enumerate(self.results_.items()):
            table = result.table
            x, km = table["mean_predicted"].to_numpy(), table["km"].to_numpy()
            color = palette[key]
            style = {"color": color, "lw": 1.5, "marker": "o", "ms": 5, "label": key}
            (self.lines_[key],) = ax.plot(x, km, **{**style, **line_kwargs})
            if conf_int:
                lower, upper = km_interval(km, table["std_err"].to_numpy(), conf_level)
                self.errorbars_[key] = ax.vlines(x, lower, upper, color=color, lw=1)
            if corrected:
                (self.corrected_[key],) = ax.plot(x, table["km_corrected"], ls="none", marker="x",
                                                  ms=7, mew=1.6, color=color)
            if rug:
                bottom = i * (_RUG_HEIGHT + _RUG_GAP)
                self.rugs_[key] = ax.vlines(result.predicted, bottom, bottom + _RUG_HEIGHT,
                                            transform=ax.get_xaxis_transform(), color=color,
                                            lw=0.6, alpha=0.5)
        ax.set(xlim=(0, 1), ylim=(0, 1), aspect="equal", title=title, xlabel=xlabel,
               ylabel=ylabel)
        ax.spines[["top", "right"]].set_visible(False)
        handles = [*self.lines_.values(), self.ideal_line_]
        if corrected:
            boots = sorted({r.n_boot for r in self.results_.values()})
            handles.append(Line2D([], [], ls="none", marker="x", ms=7, mew=1.6, color="0.3",
                                  label=f"Optimism-corrected (B = {', '.join(map(str, boots))})"))
        ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=9)
        self.figure_, self.ax_ = ax.figure, ax
        return self
