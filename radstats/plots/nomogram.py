"""Nomogram figure: a points scale, one scale per predictor, the total-points
scale and the read-outs (linear predictor, probability), laid out as
``rms::plot.nomogram``.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay, check_axes

__all__ = ["NomogramDisplay"]

#: Probabilities offered as read-out ticks (those inside the axis's range are drawn).
PROBABILITY_TICKS = (0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
                     0.95, 0.99, 0.999)

_TICK_FONT = 8.5          # points, tick labels
_NAME_FONT = 10           # points, row names
_CHAR_WIDTH = 0.62        # width of a tick-label character, in ems (DejaVu Sans digits)
_ROW_INCHES = 0.42        # height of one row unit
_SCALE_INCHES = 5.6       # width of the 0..max_points scale in a new figure
_RIGHT_INCHES = 0.35      # room right of the scale for the last label


def _format_number(value: float) -> str:
    """Compact tick label: ``70``, ``0.25``, ``-1.5`` (no float noise, no ``.0``)."""
    text = f"{float(np.round(value, 10)):.6g}"
    return "0" if text == "-0" else text


def _logit(p) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.log(p / (1 - p))


class NomogramDisplay(FigureDisplay):
    """Draw a :class:`~radstats.nomogram.Nomogram` as ``rms::plot.nomogram`` does.

    Parameters
    ----------
    nomogram : Nomogram
        From :meth:`Nomogram.from_model <radstats.nomogram.Nomogram.from_model>`.
    times : sequence of float, optional
        Cox nomograms only (and required there): one survival read-out row per time.
    kind : {"survival", "event"}, default "survival"
        Cox read-outs: survival probability ``S(t)`` or event probability ``1 - S(t)``.
    labels : dict, optional
        Time -> row label of that read-out (e.g. ``{180: "6-month survival
        probability"}``); default ``"Survival probability at t=180"``.
    names : dict, optional
        Predictor -> the row label drawn for it (e.g. ``{"ihc_score": "IHC
        score"}``); default the predictor's name.

    Attributes
    ----------
    rows_ : dict
        Row label -> DataFrame of the ticks drawn: ``value`` (the number or
        level shown), ``position``, ``label`` (the text drawn, ``""`` for an
        unlabelled tick) and ``side`` (``"above"`` / ``"below"`` the line).
        ``position`` is in points on the "Points" and predictor rows and in total
        points on "Total Points" and the read-out rows, so
        ``nomogram.predict(position)`` is the read-out value.
    total_range_ : tuple of float
        ``(0, sum of each predictor's maximum points)``: the totals a patient can get.
    total_axis_max_ : float
        Right end of the drawn total-points scale (a pretty value >= the maximum total).
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``plot(nomogram(fit, fun = ...))`` of rms: a 0-100 "Points" scale,
    one scale per predictor with its ticks at their points, "Total Points" with
    ``pretty()`` ticks stretched to the full width, then the linear predictor and
    the probability (logistic: ``plogis``; Cox: ``S(t) = exp(-H0(t) exp(lp))``
    per time) at their totals. Read-out ticks are placed by inverting the
    monotone map, ``total = (lp - intercept) * scale`` with ``lp = qlogis(p)``
    or ``log(-log S / H0(t))``, and ticks outside the attainable totals are
    left out. The figure has no numerical parity of its own: the points and the
    read-outs come from the parity-tested :class:`~radstats.nomogram.Nomogram`
    (rms::nomogram) and the model's baseline hazard (``survfit.coxph``).
    Labels that would overlap are staggered above and below the line; if a
    numeric scale is still too crowded only every k-th tick is labelled.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats import Surv
    >>> from radstats.datasets import load_veteran
    >>> from radstats.nomogram import Nomogram
    >>> from radstats.plots import NomogramDisplay
    >>> from radstats.survival import CoxPH
    >>> data = load_veteran()
    >>> X = data[["trt", "celltype", "karno", "age"]]
    >>> nom = Nomogram.from_model(CoxPH().fit(X, Surv(data["time"], data["status"])), X)
    >>> display = NomogramDisplay(nom, times=[180], labels={180: "6-month survival"}).plot()
    >>> list(display.rows_)
    ['Points', 'trt', 'celltype', 'karno', 'age', 'Total Points', 'Linear Predictor', '6-month survival']
    >>> display.rows_["Points"]["position"].tolist()[:3]
    [0.0, 10.0, 20.0]
    >>> display.savefig("nomogram.png")  # doctest: +SKIP
    """

    def __init__(self, nomogram, times=None, kind: str = "survival", labels: dict | None = None,
                 names: dict | None = None):
        from radstats.nomogram import Nomogram

        if not isinstance(nomogram, Nomogram):
            raise InputError(f"`nomogram` must be a Nomogram, got {type(nomogram).__name__}")
        if kind not in ("survival", "event"):
            raise InputError(f"`kind` must be 'survival' or 'event', got {kind!r}")
        cox = nomogram.meta["kind"] == "CoxPH"
        labels = dict(labels or {})
        if cox:
            if times is None:
                raise InputError("a Cox nomogram display needs `times` for its survival read-outs")
            times = np.atleast_1d(np.asarray(times, dtype=float))
            if times.size == 0 or not np.all(np.isfinite(times)) or np.any(times <= 0):
                raise InputError(f"`times` must be positive finite numbers, got {times.tolist()}")
            unknown = [key for key in labels if float(key) not in set(times.tolist())]
            if unknown:
                raise InputError(f"`labels` names time(s) {unknown} that are not in `times` "
                                 f"{times.tolist()}")
            hazard = nomogram.model.cumulative_baseline_hazard(times)
            if np.any(hazard <= 0):
                raise InputError(f"no events by t={times[hazard <= 0][0]:g}: survival is 1 "
                                 "at every total, so there is nothing to read out")
        elif times is not None or labels:
            raise InputError("`times` and `labels` apply to Cox nomograms only")
        self.nomogram = nomogram
        self.times = times
        self.kind = kind
        self.labels = {float(key): value for key, value in labels.items()}
        unknown = sorted(set(names or {}) - set(nomogram.axes))
        if unknown:
            raise InputError(f"`names` names {unknown}, which are not predictors of the "
                             f"nomogram: {list(nomogram.axes)}")
        self.names = dict(names or {})

    # -- the numbers -------------------------------------------------------------

    def _readout_label(self, time: float) -> str:
        if time in self.labels:
            return self.labels[time]
        what = "Survival" if self.kind == "survival" else "Event"
        return f"{what} probability at t={time:g}"

    def _total_of_lp(self, lp) -> np.ndarray:
        return (np.asarray(lp, dtype=float) - self.nomogram.intercept) * self.nomogram.scale

    def _rows(self) -> list:
        """``(label, values, positions, on_total, categorical)`` per row, top to bottom."""
        from radstats.nomogram import r_pretty

        nom = self.nomogram
        max_points = float(nom.meta.get("max_points", 100))
        points = r_pretty(0, max_points, 10)
        points = points[points <= max_points + 1e-9]
        rows = [("Points", points, points, False, False)]
        for name, axis in nom.axes.items():
            categorical = axis["value"].dtype == object
            rows.append((self.names.get(name, name), axis["value"].to_numpy(),
                         axis["points"].to_numpy(float), False, categorical))
        total_max = float(sum(axis["points"].max() for axis in nom.axes.values()))
        totals = r_pretty(0, total_max, 10)
        self.total_range_ = (0.0, total_max)
        self.total_axis_max_ = float(totals[-1])
        rows.append(("Total Points", totals, totals, True, False))

        def inside(values, positions):
            keep = (positions >= -1e-9) & (positions <= total_max + 1e-9)
            return values[keep], positions[keep]

        lp_range = nom.linear_predictor([0.0, total_max])
        lp = r_pretty(lp_range.min(), lp_range.max(), 10)
        rows.append(("Linear Predictor", *inside(lp, self._total_of_lp(lp)), True, False))
        probabilities = np.array(PROBABILITY_TICKS)
        if self.times is None:
            rows.append(("Probability of event",
                         *inside(probabilities, self._total_of_lp(_logit(probabilities))), True,
                         False))
        else:
            hazard = nom.model.cumulative_baseline_hazard(self.times)
            survival = probabilities if self.kind == "survival" else 1 - probabilities
            for time, h0 in zip(self.times, hazard):
                positions = self._total_of_lp(np.log(-np.log(survival) / h0))
                order = np.argsort(positions)
                rows.append((self._readout_label(float(time)),
                             *inside(probabilities[order], positions[order]), True, False))
        return rows

    # -- the drawing -------------------------------------------------------------

    def plot(self, ax=None) -> "NomogramDisplay":
        """Draw the nomogram.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here (its frame is switched off); default a new figure whose
            height grows with the number of rows.

        Returns
        -------
        NomogramDisplay
            ``self``, with ``figure_``, ``ax_``, ``rows_``.
        """
        import matplotlib.pyplot as plt
        from matplotlib.transforms import blended_transform_factory

        check_axes(ax)
        rows = self._rows()
        max_points = float(self.nomogram.meta.get("max_points", 100))
        longest = max(len(str(row[0])) for row in rows)
        margin_inches = max(1.3, 0.1 + longest * _NAME_FONT * 0.58 / 72)

        if ax is None:
            width_inches = margin_inches + _SCALE_INCHES + _RIGHT_INCHES
            fig = plt.figure(figsize=(width_inches, 1.0))   # height set below
            ax = fig.add_axes((0, 0, 1, 1))
            new_figure = True
        else:
            fig = ax.figure
            width_inches = ax.get_position().width * fig.get_figwidth()
            new_figure = False
        scale_inches = max(width_inches - margin_inches - _RIGHT_INCHES, 1.0)
        units_per_inch = max_points / scale_inches
        x_left = -margin_inches * units_per_inch
        x_right = max_points + _RIGHT_INCHES * units_per_inch
        to_x = {False: 1.0, True: max_points / self.total_axis_max_}

        def label_width(text: str) -> float:   # in x units
            return (len(text) * _CHAR_WIDTH * _TICK_FONT / 72 + 0.06) * units_per_inch

        name_transform = blended_transform_factory(ax.transAxes, ax.transData)
        line = {"color": "black", "lw": 0.8, "solid_capstyle": "butt"}
        tick = 0.12                               # row units
        self.rows_ = {}
        y = 0.0
        for label, values, positions, on_total, categorical in rows:
            xs = np.asarray(positions, dtype=float) * to_x[on_total]
            texts = [str(v) if categorical else _format_number(v) for v in values]
            sides, shown = _place_labels(xs, texts, label_width, categorical)
            if label in ("Points", "Total Points"):
                start, stop = 0.0, (max_points if label == "Points" else self.total_axis_max_)
                stop *= to_x[on_total]
            else:
                start, stop = (xs.min(), xs.max()) if len(xs) else (0.0, 0.0)
            ax.plot([start, stop], [y, y], **line)
            if label == "Points":   # minor ticks halfway between the major ones
                step = (positions[1] - positions[0]) / 2 if len(positions) > 1 else max_points
                minor = np.arange(0, max_points + 1e-9, step)
                ax.vlines(minor, y, y + tick * 0.55, color="black", lw=0.6)
            for x, text, side, show in zip(xs, texts, sides, shown):
                sign = 1 if side == "above" else -1
                ax.plot([x, x], [y, y + sign * tick], **line)
                if show:
                    ax.text(x, y + sign * (tick + 0.05), text, ha="center",
                            va="bottom" if side == "above" else "top", fontsize=_TICK_FONT)
            ax.text(0.005, y, str(label), transform=name_transform, ha="left", va="center",
                    fontsize=_NAME_FONT)
            self.rows_[label] = pd.DataFrame({
                "value": values, "position": np.asarray(positions, dtype=float),
                "label": [t if s else "" for t, s in zip(texts, shown)], "side": sides})
            below = any(side == "below" for side in sides)
            y -= 1.0 + (0.45 if below else 0.0)
            if label == "Total Points" or (label == rows[0][0]):
                y -= 0.15                           # a little air around the scales
        bottom = y + 0.55
        ax.set_xlim(x_left, x_right)
        ax.set_ylim(bottom, 0.6)
        ax.set_axis_off()
        if new_figure:
            fig.set_figheight((0.6 - bottom) * _ROW_INCHES)
        self.figure_, self.ax_ = fig, ax
        return self


def _place_labels(xs, texts, width, categorical: bool):
    """Which side of the line each label goes on, and whether it is shown.

    Labels go above the line; one that would overlap its left neighbour above
    goes below instead (staggering). A numeric scale that still collides is
    labelled at every k-th tick only, all above (both ends where that costs at
    most half the labels).
    """
    n = len(xs)
    order = np.argsort(xs, kind="stable")
    gap = width("") * 0.5

    def collides(subset) -> bool:
        last = -np.inf
        for i in subset:
            left = xs[i] - width(texts[i]) / 2
            if left < last + gap:
                return True
            last = xs[i] + width(texts[i]) / 2
        return False

    sides = ["above"] * n
    shown = [True] * n
    if not collides(order):
        return sides, shown
    right_end = {"above": -np.inf, "below": -np.inf}
    staggered = True
    for i in order:
        left, right = xs[i] - width(texts[i]) / 2, xs[i] + width(texts[i]) / 2
        if left >= right_end["above"] + gap:
            side = "above"
        elif left >= right_end["below"] + gap:
            side = "below"
        else:
            staggered = False
            side = "above" if right_end["above"] <= right_end["below"] else "below"
        sides[i] = side
        right_end[side] = right
    if staggered or categorical:
        return sides, shown
    fits = [k for k in range(2, n) if not collides(order[::k])] or [n - 1]
    # prefer a stride that also labels the last tick, if it is not much sparser
    ends = [k for k in fits if (n - 1) % k == 0 and k <= 2 * fits[0]]
    keep = order[::(ends or fits)[0]]
    shown = [False] * n
    for i in keep:
        shown[i] = True
    return ["above"] * n, shown
