"""Risk-score distribution: patients ranked by their score, coloured by outcome,
with the training cut-off; for a survival outcome a second panel shows each
patient's follow-up time and status (the radiomics papers' "risk plot"), and an
optional heat strip of clinical variables shows the patients in the same order.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.validation import as_binary_outcome
from radstats.plots._common import FigureDisplay, check_axes
from radstats.plots._strip import ROW_INCHES, check_annotations, draw_strip, strip_colors

__all__ = ["RiskScoreDisplay"]

_COLORS = {1: "#C44E52", 0: "#4C72B0"}


class RiskScoreDisplay(FigureDisplay):
    """Risk score per patient, sorted, coloured by outcome, with the cut-off line.

    Build one with :meth:`from_scores` or :meth:`from_risk_score`.

    Parameters
    ----------
    score : array-like of float
        Risk score per patient (higher = worse).
    outcome : array-like of {0, 1}, :class:`radstats.Surv` or None
        Binary outcome (1 = event) or survival outcome (coloured by event
        status); None draws the score alone.
    cutoff : float, optional
        The cut-off between low and high risk (e.g. ``RiskScore.cutoff_``).
    annotations : DataFrame, optional
        Clinical variables, one row per patient in the order of ``score`` (the
        index is ignored), drawn as a heat strip under the panels: patients in
        the same rank order, one labelled row per column. Categorical, boolean
        and string columns, and numeric columns coded 0/1, get one colour per
        level (at most 10) with the levels named beside the row; other numeric
        columns are z-scored within these patients and drawn on a diverging
        colormap clipped at +/-2; missing values are grey.

    Attributes
    ----------
    table_ : DataFrame
        One row per patient in drawing order: ``rank`` (1 = lowest score),
        ``score``, ``group`` ("low"/"high", with a cut-off), ``status`` and
        ``time`` (survival outcome), then the ``annotations`` columns (values
        as given) in the strip's order, top to bottom.
    points_ : dict
        Status label -> PathCollection in the score panel.
    cutoff_line_ : matplotlib.lines.Line2D or None
    time_ax_ : matplotlib.axes.Axes or None
        The follow-up panel (survival outcome only).
    strip_ax_ : matplotlib.axes.Axes or None
        The heat strip (with ``annotations``, when :meth:`plot` made the figure).
    strip_image_ : matplotlib.image.AxesImage or None
        The strip's RGBA image: one row per annotation, one column per patient
        in ``table_`` order.
    strip_levels_ : dict
        Discrete annotation -> {level: colour (hex)}, as in the key.
    strip_z_ : DataFrame
        The numeric annotations' z-scores, rows in ``table_`` order.
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes
        The score panel.

    Notes
    -----
    The layout of the risk-score plots in radiomics studies (e.g. the seed
    study's risk-score distribution, Figure 2E, with the clinical heat map of
    its Figure S1): ranks on x, the score on y, a dashed horizontal line at the
    cut-off and a dotted vertical line where the ranks cross it. It computes
    nothing but the strip's z-scores: scores and cut-off come from
    :class:`~radstats.selection.RiskScore`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.plots import RiskScoreDisplay
    >>> display = RiskScoreDisplay.from_scores([0.3, -1.2, 2.0, 0.1], [1, 0, 1, 0], cutoff=0.2)
    >>> display.table_["group"].tolist()
    ['low', 'low', 'high', 'high']

    With a heat strip of clinical variables (rows follow the score ranking):

    >>> import pandas as pd
    >>> clinical = pd.DataFrame({"Stage": pd.Categorical(["II", "I", "III", "I"]),
    ...                          "Age": [61, 45, 70, None]})
    >>> display = RiskScoreDisplay.from_scores([0.3, -1.2, 2.0, 0.1], [1, 0, 1, 0],
    ...                                        cutoff=0.2, annotations=clinical)
    >>> display.table_[["score", "Stage"]].to_numpy().tolist()
    [[-1.2, 'I'], [0.1, 'I'], [0.3, 'II'], [2.0, 'III']]
    >>> [label.get_text() for label in display.strip_ax_.get_yticklabels()]
    ['Stage', 'Age']
    """

    def __init__(self, score, outcome=None, cutoff: float | None = None, annotations=None):
        from radstats.survival.surv import Surv

        values = np.asarray(score, dtype=float).ravel()
        if values.size == 0:
            raise InputError("`score` is empty")
        if not np.isfinite(values).all():
            row = int(np.flatnonzero(~np.isfinite(values))[0])
            raise InputError(f"`score` is missing or infinite at row {row}")
        if outcome is not None and len(outcome) != len(values):
            raise InputError(f"`outcome` has {len(outcome)} rows but `score` has {len(values)}")
        table = pd.DataFrame({"score": values})
        if isinstance(outcome, Surv):
            table["status"] = np.asarray(outcome.event, dtype=int)
            table["time"] = np.asarray(outcome.time, dtype=float)
        elif outcome is not None:
            table["status"] = as_binary_outcome(outcome, None, "outcome").astype(int)
        if cutoff is not None:
            table["group"] = np.where(values > cutoff, "high", "low")
        self.levels = None
        if annotations is not None:
            annotations, self.levels = check_annotations(
                annotations, len(values), reserved=("rank", *table.columns))
            table = table.join(annotations)
        self.table = table
        self.cutoff = cutoff
        self.survival = isinstance(outcome, Surv)

    @classmethod
    def from_scores(cls, score, outcome=None, cutoff=None, ax=None, *, annotations=None,
                    **plot_kwargs) -> "RiskScoreDisplay":
        """Plot precomputed scores (and outcome, cut-off, clinical strip)."""
        return cls(score, outcome, cutoff, annotations).plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_risk_score(cls, risk_score, X, outcome=None, ax=None, *, annotations=None,
                        **plot_kwargs) -> "RiskScoreDisplay":
        """Score ``X`` with a fitted :class:`~radstats.selection.RiskScore`; its cut-off."""
        cutoff = getattr(risk_score, "cutoff_", None)
        if cutoff is None:
            raise InputError("the RiskScore is not fitted: call fit() on the training cohort")
        return cls(risk_score.score(X).to_numpy(), outcome, cutoff,
                   annotations).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, labels=None, colors=None, show_time: bool = True,
             title: str | None = None) -> "RiskScoreDisplay":
        """Draw the ranked scores (and, for survival, the follow-up panel).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            The score panel; with a survival outcome and ``show_time`` the
            follow-up panel, and with ``annotations`` the heat strip, are added
            below it only when ``ax`` is None.
        labels : dict, optional
            Status -> legend label; default "Event"/"No event" (binary) or
            "Event"/"Censored" (survival).
        colors : dict, optional
            Status -> colour.
        show_time : bool
            Survival outcome: add the follow-up panel.
        title : str, optional

        Returns
        -------
        RiskScoreDisplay
            ``self``, drawn.
        """
        check_axes(ax)
        import matplotlib.pyplot as plt

        self.time_ax_ = self.strip_ax_ = self.strip_image_ = None
        self.strip_levels_, self.strip_z_ = {}, pd.DataFrame()
        two_panels = self.survival and show_time and ax is None
        strip = self.levels is not None and ax is None
        if ax is None:
            panels = 2 if two_panels else 1
            height, ratios = (5.6 if two_panels else 3.6), [1.0] * panels
            if strip:
                strip_height = ROW_INCHES * len(self.levels)
                ratios.append(strip_height / ((height - 1.0) / panels))
                height += strip_height + 0.2
            axes = plt.subplots(len(ratios), 1, figsize=(7.6 if strip else 6.4, height),
                                sharex=True, layout="constrained", squeeze=False,
                                gridspec_kw={"height_ratios": ratios})[1][:, 0]
            ax = axes[0]
            self.time_ax_ = axes[1] if two_panels else None
            self.strip_ax_ = axes[-1] if strip else None
        default_labels = ({1: "Event", 0: "Censored"} if self.survival
                          else {1: "Event", 0: "No event"})
        labels = {**default_labels, **(labels or {})}
        colors = {**_COLORS, **(colors or {})}
        table = self.table.sort_values("score", kind="stable").reset_index(drop=True)
        table.insert(0, "rank", np.arange(1, len(table) + 1))
        self.points_ = {}
        if "status" in table:
            for status in (0, 1):
                part = table[table["status"] == status]
                self.points_[labels[status]] = ax.scatter(part["rank"], part["score"], s=14,
                                                          color=colors[status],
                                                          label=labels[status])
            ax.legend(frameon=False, fontsize=8, loc="upper left")
        else:
            self.points_["score"] = ax.scatter(table["rank"], table["score"], s=14, color="0.3")
        self.cutoff_line_ = None
        if self.cutoff is not None:
            self.cutoff_line_ = ax.axhline(self.cutoff, ls="--", lw=1, color="0.2")
            crossing = int((table["score"] <= self.cutoff).sum()) + 0.5
            ax.axvline(crossing, ls=":", lw=1, color="0.2")
            for other in (self.time_ax_, self.strip_ax_):
                if other is not None:
                    other.axvline(crossing, ls=":", lw=1, color="0.2")
        ax.set(ylabel="Risk score", title=title)
        if self.time_ax_ is not None:
            for status in (0, 1):
                part = table[table["status"] == status]
                self.time_ax_.scatter(part["rank"], part["time"], s=14, color=colors[status],
                                      label=labels[status])
            self.time_ax_.set(ylabel="Follow-up time")
            self.time_ax_.spines[["top", "right"]].set_visible(False)
        if self.strip_ax_ is not None:
            names = list(self.levels)
            rgba, self.strip_levels_, self.strip_z_ = strip_colors(table[names], self.levels)
            self.strip_image_, _ = draw_strip(self.strip_ax_, rgba, names, self.strip_levels_,
                                              table[names].isna().any().tolist())
            self.strip_ax_.set_xlim(0.5, len(table) + 0.5)
        bottom = self.strip_ax_ or self.time_ax_ or ax
        bottom.set_xlabel("Patients (ranked by risk score)")
        ax.spines[["top", "right"]].set_visible(False)
        self.table_ = table
        self.figure_, self.ax_ = ax.figure, ax
        return self
