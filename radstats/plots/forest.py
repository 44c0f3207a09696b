"""Forest plot: hazard or odds ratios with their confidence intervals on a log
axis, beside a text column of ``ratio (95% CI)`` and p, in the style of the
R packages forestplot / forestmodel.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay, check_axes

__all__ = ["ForestPlotDisplay", "format_p", "format_ratio"]

_ESTIMATES = {"uni": "Univariable", "multi": "Multivariable"}
_STYLE = {"uni": {"color": "#4C72B0", "marker": "o"}, "multi": {"color": "#C44E52", "marker": "s"}}
_NAMES = {"hr": ("HR", "Hazard ratio"), "or": ("OR", "Odds ratio"), None: ("Ratio", "Ratio")}
_ROW_INCHES = 0.3
_PLOT_INCHES = 3.4


def format_ratio(ratio: float, lower: float, upper: float) -> str:
    """``"1.61 (1.25-2.08)"``: two decimals (two significant digits below 0.01)."""

    def number(value: float) -> str:
        if not np.isfinite(value):
            return "Inf" if value > 0 else "NA"
        return f"{value:.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"

    return f"{number(ratio)} ({number(lower)}-{number(upper)})"


def format_p(p: float) -> str:
    """``"<0.001"`` below 0.001, else three decimals; ``""`` when missing."""
    if p is None or not np.isfinite(p):
        return ""
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _split(term: str, feature: str) -> tuple:
    """(feature, level) of a term: ``celltypesmallcell`` -> (celltype, smallcell)."""
    if term != feature and isinstance(term, str) and term.startswith(feature):
        return feature, term[len(feature):].strip("[]:=_ ") or term
    return feature, None


def _tidy(table, ratio, columns) -> tuple:
    """The table as long rows ``term, feature, level, estimate, ratio, lower, upper, p``."""
    from radstats.selection.univariate import MultivariableResult

    if isinstance(table, MultivariableResult):
        ratio = table.meta.get("ratio") if ratio is None else ratio
        table = table.table
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"`table` must be a DataFrame or MultivariableResult, "
                         f"got {type(table).__name__}")
    if ratio not in (None, "hr", "or"):
        raise InputError(f"`ratio` must be 'hr' or 'or', got {ratio!r}")
    side_by_side = any(str(c).startswith(("uni_", "multi_")) for c in table.columns)
    if side_by_side:
        columns = tuple(_ESTIMATES) if columns is None else tuple(columns)
        bad = [c for c in columns if c not in _ESTIMATES]
        if bad or not columns:
            raise InputError(f"`columns` must be a subset of ('uni', 'multi'), got {columns!r}")
        needed = {c: [f"{c}_ratio", f"{c}_lower", f"{c}_upper", f"{c}_p"] for c in columns}
    else:
        if columns is not None:
            raise InputError("`columns` applies to a MultivariableResult.table (uni_/multi_ "
                             "columns), not to a univariate table")
        if ratio is None:
            ratio = "hr" if "hr" in table.columns else "or" if "or" in table.columns else None
        name = ratio or "hr"
        columns = ("uni",)
        needed = {"uni": [name, f"{name}_lower", f"{name}_upper", "p"]}
    missing = [c for cols in needed.values() for c in cols if c not in table.columns]
    if missing:
        raise InputError(
            f"`table` lacks the ratio column(s) {missing}: expected a univariate_table "
            "(hr|or, *_lower, *_upper, p) or a MultivariableResult.table (uni_ratio, uni_lower, "
            "uni_upper, uni_p and multi_*)")
    if table.empty:
        raise InputError("`table` has no rows")
    features = (table["feature"] if "feature" in table.columns
                else pd.Series(table.index, index=table.index)).astype(str)
    records = []
    for term, feature in zip(table.index, features):
        feature, level = _split(str(term), feature)
        for estimate in columns:
            values = table.loc[term, needed[estimate]].to_numpy(dtype=float)
            if np.isnan(values[0]):
                continue   # e.g. a term the multivariable model left out
            records.append({"term": term, "feature": feature, "level": level,
                            "estimate": estimate, "ratio": values[0], "lower": values[1],
                            "upper": values[2], "p": values[3]})
    rows = pd.DataFrame(records, columns=["term", "feature", "level", "estimate", "ratio",
                                          "lower", "upper", "p"])
    if rows.empty:
        raise InputError("`table` has no estimates to draw (every ratio is missing)")
    return rows, ratio, columns, side_by_side


def _log_ticks(low: float, high: float) -> list:
    """Round ticks inside ``[low, high]`` on a log axis: 1-2-5 steps, finer when fewer than four;
    over more than three decades, powers of ten only (every k-th, at most about eight)."""
    powers = range(int(np.floor(np.log10(low))) - 1, int(np.ceil(np.log10(high))) + 1)
    decades = np.log10(high) - np.log10(low)
    if decades > 3:
        every = int(np.ceil(decades / 8))
        ticks = [10.0 ** k for k in powers if k % every == 0 and low <= 10.0 ** k <= high]
        if len(ticks) >= 2:
            return ticks
    for mantissas in ((1, 2, 5), (1, 1.5, 2, 3, 5, 7), (1, 1.2, 1.5, 2, 3, 4, 5, 6, 8),
                      tuple(np.round(np.arange(1, 10, 0.1), 1))):
        ticks = sorted({float(f"{m * 10.0 ** k:.6g}") for k in powers for m in mantissas})
        ticks = [t for t in ticks if low <= t <= high]
        if len(ticks) >= 4:
            return ticks
    return ticks


class ForestPlotDisplay(FigureDisplay):
    """Hazard or odds ratios with confidence intervals, one row per term.

    Build one with :meth:`from_table`.

    Parameters
    ----------
    rows : DataFrame
        One row per estimate drawn: ``term, feature, level, estimate`` ("uni" /
        "multi"), ``ratio, lower, upper, p``.
    ratio : {"hr", "or"} or None
        Names the ratio in the header ("HR (95% CI)") and on the x axis.
    columns : tuple of str
        The estimates shown, ``("uni",)``, ``("multi",)`` or ``("uni", "multi")``.
    side_by_side : bool
        Whether the estimates are labelled Univariable / Multivariable (from a
        :class:`~radstats.selection.MultivariableResult` table).

    Attributes
    ----------
    rows_ : DataFrame
        What was drawn: the ``rows`` above plus ``y`` (data coordinate, rows
        counted from 0 at the top), ``text`` ("1.61 (1.25-2.08)") and ``p_text``
        ("<0.001").
    reference_line_ : matplotlib.lines.Line2D
        The vertical line at 1.
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors the forest plots drawn by the R packages forestplot
    (``forestplot::forestplot``) and forestmodel (``forest_model``): a log x
    axis with a line of no effect at 1, a square or dot per estimate with its
    confidence-interval whisker, term labels (factor levels grouped under their
    variable) on the left and a text column of ``ratio (95% CI)`` and p on the
    right. It draws numbers; it computes none. They come from the parity-tested
    :func:`~radstats.selection.univariate_table` (``coxph`` / ``glm`` fitted one
    feature at a time) and :func:`~radstats.selection.multivariable`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from radstats import Surv
    >>> from radstats.datasets import load_lung
    >>> from radstats.plots import ForestPlotDisplay
    >>> from radstats.selection import univariate_table
    >>> lung = load_lung().dropna(subset=["ph.ecog"])
    >>> table = univariate_table(lung[["age", "ph.ecog"]], Surv(lung["time"], lung["status"] == 2))
    >>> display = ForestPlotDisplay.from_table(table)
    >>> display.rows_["text"].tolist()
    ['1.02 (1.00-1.04)', '1.61 (1.29-2.01)']
    >>> display.rows_["p_text"].tolist()
    ['0.040', '<0.001']
    >>> display.savefig("forest.png")  # doctest: +SKIP
    """

    def __init__(self, rows: pd.DataFrame, ratio=None, columns=("uni",), side_by_side=False):
        self.rows = rows
        self.ratio = ratio
        self.columns = tuple(columns)
        self.side_by_side = side_by_side

    @classmethod
    def from_table(cls, table, ratio: str | None = None, columns=None, ax=None,
                   **plot_kwargs) -> "ForestPlotDisplay":
        """Read the ratios from a table and plot them.

        Parameters
        ----------
        table : DataFrame or MultivariableResult
            A :func:`~radstats.selection.univariate_table` (columns ``hr`` or
            ``or``, ``*_lower``, ``*_upper``, ``p``) or a
            :attr:`MultivariableResult.table` (``uni_*`` and ``multi_*``
            columns; the result itself also works and supplies ``ratio``).
        ratio : {"hr", "or"}, optional
            Default: read from the table's columns (or the result's meta); a bare
            ``MultivariableResult.table`` without it is labelled "Ratio".
        columns : tuple of {"uni", "multi"}, optional
            Multivariable tables only: which estimates to draw (default both,
            each term's two offset vertically, with a legend). Terms the
            multivariable model left out show their univariable estimate only.
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        ForestPlotDisplay
            Drawn.
        """
        rows, ratio, columns, side_by_side = _tidy(table, ratio, columns)
        return cls(rows, ratio, columns, side_by_side).plot(ax=ax, **plot_kwargs)

    def _layout(self) -> tuple:
        """Display lines top to bottom: (label, indent, term or None); terms' row numbers."""
        lines, where = [], {}
        terms = list(dict.fromkeys(self.rows["term"]))
        first = self.rows.drop_duplicates("term").set_index("term")
        seen = set()
        for term in terms:
            feature, level = first.loc[term, "feature"], first.loc[term, "level"]
            if level is None:
                where[term] = len(lines)
                lines.append((str(term), False, term))
                continue
            if feature not in seen:
                lines.append((str(feature), False, None))
                seen.add(feature)
            where[term] = len(lines)
            lines.append((str(level), True, term))
        return lines, where

    def plot(self, ax=None, *, title: str | None = None, conf_level: float = 0.95,
             colors: dict | None = None) -> "ForestPlotDisplay":
        """Draw the estimates, whiskers, the line at 1, labels and the text columns.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here (the text columns go to its right, outside it); default a
            new figure sized to the rows.
        title : str, optional
        conf_level : float, default 0.95
            Only for the header text ("95% CI").
        colors : dict, optional
            ``{"uni": colour, "multi": colour}``.

        Returns
        -------
        ForestPlotDisplay
            ``self``, with ``figure_``, ``ax_``, ``rows_``, ``reference_line_``.
        """
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FixedLocator, NullLocator
        from matplotlib.transforms import blended_transform_factory

        check_axes(ax)
        lines, where = self._layout()
        short, long = _NAMES[self.ratio]
        level = f"{conf_level:.0%}"
        rows = self.rows.copy()
        rows["text"] = [format_ratio(r, lo, up)
                        for r, lo, up in zip(rows["ratio"], rows["lower"], rows["upper"])]
        rows["p_text"] = [format_p(p) for p in rows["p"]]
        text_columns = []   # (header, estimate, field, width in inches)
        for estimate in self.columns:
            prefix = f"{_ESTIMATES[estimate]}\n" if self.side_by_side else ""
            longest = rows.loc[rows["estimate"] == estimate, "text"].str.len().max()
            width = max(1.45, 0.25 + (0 if pd.isna(longest) else longest) * 9 * 0.55 / 72)
            text_columns += [(f"{prefix}{short} ({level} CI)", estimate, "text", width),
                             ("p", estimate, "p_text", 0.65)]
        label_inches = max(1.0, 0.2 + max(len(label) + 2 * indent for label, indent, _ in lines)
                           * 9.5 * 0.55 / 72)
        text_inches = sum(column[3] for column in text_columns)
        height = len(lines) * _ROW_INCHES
        if ax is None:
            top_inches = 0.75 + (0.3 if title else 0)
            bottom_inches = 0.55 + (0.3 if len(self.columns) > 1 else 0)
            width = label_inches + _PLOT_INCHES + text_inches + 0.2
            fig = plt.figure(figsize=(width, height + top_inches + bottom_inches))
            fig_height = fig.get_figheight()
            ax = fig.add_axes((label_inches / width, bottom_inches / fig_height,
                               _PLOT_INCHES / width, height / fig_height))
        fig = ax.figure
        plot_inches = ax.get_position().width * fig.get_figwidth()

        offsets = ({"uni": -0.17, "multi": 0.17} if len(self.columns) > 1
                   else {self.columns[0]: 0.0})
        palette = {**{k: v["color"] for k, v in _STYLE.items()}, **(colors or {})}
        if len(self.columns) == 1 and not self.side_by_side:
            palette[self.columns[0]] = "black"
        rows["y"] = [where[t] + offsets[e] for t, e in zip(rows["term"], rows["estimate"])]

        finite = np.r_[rows["ratio"], rows["lower"], rows["upper"]]
        finite = finite[np.isfinite(finite) & (finite > 0)]
        low, high = min(finite.min(), 1.0), max(finite.max(), 1.0)
        pad = (np.log(high) - np.log(low)) * 0.06 + 0.02
        xlim = (low * np.exp(-pad), high * np.exp(pad))
        ax.set_xscale("log")
        ax.set_xlim(*xlim)
        self.reference_line_ = ax.axvline(1.0, color="0.35", lw=0.9, ls="--", zorder=1)
        handles = {}
        for estimate in self.columns:
            part = rows[rows["estimate"] == estimate]
            if part.empty:
                continue
            lower = part["lower"].clip(lower=xlim[0]).fillna(xlim[0])
            upper = part["upper"].clip(upper=xlim[1]).fillna(xlim[1])
            ax.hlines(part["y"], lower, upper, color=palette[estimate], lw=1.3, zorder=2)
            ax.vlines(np.r_[lower, upper], np.r_[part["y"], part["y"]] - 0.08,
                      np.r_[part["y"], part["y"]] + 0.08, color=palette[estimate], lw=1.3,
                      zorder=2)
            marker = _STYLE[estimate]["marker"] if self.side_by_side else "s"
            handles[estimate] = ax.scatter(part["ratio"], part["y"], s=30, marker=marker,
                                           color=palette[estimate], zorder=3,
                                           label=_ESTIMATES[estimate])
        ax.set_ylim(len(lines) - 0.5, -0.5)
        ax.set_yticks([])
        ax.spines[["top", "right", "left"]].set_visible(False)
        ticks = _log_ticks(*xlim)
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xticklabels([f"{t:g}" for t in ticks])
        ax.tick_params(axis="x", labelsize=9)
        ax.set_xlabel(f"{long} ({level} CI, log scale)", fontsize=9.5)

        left = blended_transform_factory(ax.transAxes, ax.transData)
        label_x = -label_inches / plot_inches
        for i, (label, indent, term) in enumerate(lines):
            ax.text(label_x + (0.12 / plot_inches if indent else 0), i, label, transform=left,
                    ha="left", va="center", fontsize=9.5,
                    fontweight="bold" if term is None else "normal", clip_on=False)
        x = 1 + 0.15 / plot_inches
        for header, estimate, field, width in text_columns:
            ax.text(x, -0.65, header, transform=left, ha="left", va="bottom", fontsize=9,
                    fontweight="bold", clip_on=False)
            for term, row_number in where.items():
                match = rows[(rows["term"] == term) & (rows["estimate"] == estimate)]
                text = match[field].iloc[0] if len(match) else "\u2014"
                ax.text(x, row_number, text, transform=left, ha="left", va="center",
                        fontsize=9, clip_on=False)
            x += width / plot_inches
        if len(handles) > 1:
            axes_inches = ax.get_position().height * fig.get_figheight()
            ax.legend(handles=list(handles.values()), loc="upper center", frameon=False,
                      fontsize=9, ncol=len(handles), bbox_to_anchor=(0.5, -0.5 / axes_inches),
                      bbox_transform=ax.transAxes, handletextpad=0.3, columnspacing=1.5)
        if title:
            ax.set_title(title, loc="left", fontsize=11, pad=34 if self.side_by_side else 22)
        self.rows_ = rows
        self.figure_, self.ax_ = fig, ax
        return self
