"""Risk-score distribution: patients ranked by their score, coloured by outcome,
with the training cut-off; for a survival outcome a second panel shows each
patient's follow-up time and status (the radiomics papers' "risk plot").

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay, check_axes

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

    Attributes
    ----------
    table_ : DataFrame
        One row per patient in drawing order: ``rank`` (1 = lowest score),
        ``score``, ``group`` ("low"/"high", with a cut-off), ``status`` and
        ``time`` (survival outcome).
    points_ : dict
        Status label -> PathCollection in the score panel.
    cutoff_line_ : matplotlib.lines.Line2D or None
    time_ax_ : matplotlib.axes.Axes or None
        The follow-up panel (survival outcome only).
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes
        The score panel.

    Notes
    -----
    The layout of the risk-score plots in radiomics studies (e.g. the seed
    study's risk-score distribution): ranks on x, the score on y, a dashed
    horizontal line at the cut-off and a dotted vertical line where the ranks
    cross it. It computes nothing: scores and cut-off come from
    :class:`~radstats.selection.RiskScore`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats.plots import RiskScoreDisplay
    >>> display = RiskScoreDisplay.from_scores([0.3, -1.2, 2.0, 0.1], [1, 0, 1, 0], cutoff=0.2)
    >>> display.table_["group"].tolist()
    ['low', 'low', 'high', 'high']
    """

    def __init__(self, score, outcome=None, cutoff: float | None = None):
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
            status = pd.Series(np.asarray(outcome).ravel())
            if not status.isin([0, 1]).all():
                raise InputError("`outcome` must be 0/1 (1 = event) or a Surv")
            table["status"] = status.astype(int).to_numpy()
        if cutoff is not None:
            table["group"] = np.where(values > cutoff, "high", "low")
        self.table = table
        self.cutoff = cutoff
        self.survival = isinstance(outcome, Surv)

    @classmethod
    def from_scores(cls, score, outcome=None, cutoff=None, ax=None,
                    **plot_kwargs) -> "RiskScoreDisplay":
        """Plot precomputed scores (and outcome, cut-off)."""
        return cls(score, outcome, cutoff).plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_risk_score(cls, risk_score, X, outcome=None, ax=None,
                        **plot_kwargs) -> "RiskScoreDisplay":
        """Score ``X`` with a fitted :class:`~radstats.selection.RiskScore`; its cut-off."""
        cutoff = getattr(risk_score, "cutoff_", None)
        if cutoff is None:
            raise InputError("the RiskScore is not fitted: call fit() on the training cohort")
        return cls(risk_score.score(X).to_numpy(), outcome, cutoff).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, labels=None, colors=None, show_time: bool = True,
             title: str | None = None) -> "RiskScoreDisplay":
        """Draw the ranked scores (and, for survival, the follow-up panel).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            The score panel; with a survival outcome and ``show_time`` the
            follow-up panel is added below it only when ``ax`` is None.
        labels : dict, optional
            Status -> legend label; default "Event"/"No event" (binary) or
            "Dead/event"/"Censored" (survival).
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

        self.time_ax_ = None
        two_panels = self.survival and show_time and ax is None
        if ax is None:
            if two_panels:
                fig, (ax, self.time_ax_) = plt.subplots(
                    2, 1, figsize=(6.4, 5.6), sharex=True, layout="constrained",
                    gridspec_kw={"height_ratios": [1, 1]})
            else:
                ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")[1]
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
            if self.time_ax_ is not None:
                self.time_ax_.axvline(crossing, ls=":", lw=1, color="0.2")
        ax.set(ylabel="Risk score", title=title)
        if self.time_ax_ is not None:
            for status in (0, 1):
                part = table[table["status"] == status]
                self.time_ax_.scatter(part["rank"], part["time"], s=14, color=colors[status],
                                      label=labels[status])
            self.time_ax_.set(xlabel="Patients (ranked by risk score)", ylabel="Follow-up time")
            self.time_ax_.spines[["top", "right"]].set_visible(False)
        else:
            ax.set_xlabel("Patients (ranked by risk score)")
        ax.spines[["top", "right"]].set_visible(False)
        self.table_ = table
        self.figure_, self.ax_ = ax.figure, ax
        return self
