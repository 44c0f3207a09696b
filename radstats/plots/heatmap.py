"""A metric as a heatmap of rows x columns (models x cohorts), each cell
annotated, with an optional bar of the row means: the seeds' model-comparison
heatmaps (AUC per model and cohort; C-index of the 101 screened models).

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay, check_axes

__all__ = ["MetricHeatmapDisplay"]


class MetricHeatmapDisplay(FigureDisplay):
    """Heatmap of a metric with one annotated cell per row and column.

    Build one with :meth:`from_frame` (a long table: one row per cell) and
    draw, or pass the matrix and call :meth:`plot`.

    Parameters
    ----------
    matrix : DataFrame
        Rows x columns of values (NaN cells are left blank, or grey with
        ``plot(na_color=, na_text=)``).
    label : str
        Name of the metric (colour bar and mean bar).
    means : Series, optional
        The value of each row's bar, indexed like ``matrix`` (e.g. a mean
        over validation cohorts only); default the row means.
    means_label : str, optional
        Axis label of the bar panel; default ``"Mean <label>"``.

    Attributes
    ----------
    matrix_ : DataFrame
        The values in drawing order (top row first).
    means_ : Series
        ``means``, or the row means over the columns (NaN cells ignored).
    image_ : matplotlib.image.AxesImage
    texts_ : list of matplotlib.text.Text
        One annotation per non-missing cell, row by row.
    mean_ax_ : matplotlib.axes.Axes or None
        The bar panel of the row means, when drawn.
    mean_bars_ : matplotlib.container.BarContainer or None
    colorbar_ : matplotlib.colorbar.Colorbar or None
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Descriptive: it draws the numbers it is given (e.g. from
    :func:`radstats.tables.performance_table` ``.stats`` or a model screen's
    results), so it has no R parity of its own.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from radstats.plots import MetricHeatmapDisplay
    >>> results = pd.DataFrame({"model": ["Lasso", "Lasso", "RSF", "RSF"],
    ...                         "cohort": ["Training", "Validation"] * 2,
    ...                         "c_index": [0.81, 0.79, 0.92, 0.70]})
    >>> display = MetricHeatmapDisplay.from_frame(results, row="model", col="cohort",
    ...                                           value="c_index", mean_bar=True, sort=True)
    >>> display.matrix_.index.tolist(), display.means_.round(3).tolist()
    (['RSF', 'Lasso'], [0.81, 0.8])
    >>> display.savefig("heatmap.svg")  # doctest: +SKIP
    """

    def __init__(self, matrix: pd.DataFrame, label: str = "value", means: pd.Series | None = None,
                 means_label: str | None = None):
        if means is not None and not matrix.index.equals(means.index):
            raise InputError("`means` must be indexed like the rows of `matrix`, in their order")
        self.matrix_ = matrix
        self.means_ = matrix.mean(axis=1, skipna=True) if means is None else means
        self.label = label
        self.means_label = means_label or f"Mean {label}"

    @classmethod
    def from_frame(cls, df: pd.DataFrame, row: str, col: str, value: str, *,
                   sort: bool = False, label: str | None = None, ax=None,
                   **plot_kwargs) -> "MetricHeatmapDisplay":
        """Pivot a long table (one row per cell) and draw.

        Parameters
        ----------
        df : DataFrame
            One row per (``row``, ``col``) pair.
        row, col, value : str
            Columns naming the heatmap's rows (e.g. the model), columns (e.g.
            the cohort) and the value (e.g. ``auc``). Rows and columns keep
            their order of first appearance (or a Categorical's order).
        sort : bool, default False
            Order the rows by decreasing mean (as the 101-model screen's figure).
        label : str, optional
            Name of the metric; default ``value``.
        ax : matplotlib.axes.Axes, optional
        **plot_kwargs
            Passed to :meth:`plot` (e.g. ``mean_bar=True``).

        Returns
        -------
        MetricHeatmapDisplay
            Drawn.
        """
        if not isinstance(df, pd.DataFrame):
            raise InputError(f"`df` must be a DataFrame, got {type(df).__name__}")
        missing = [c for c in (row, col, value) if c not in df.columns]
        if missing:
            raise InputError(f"`df` has no column(s) {missing}; columns: {list(df.columns)}")
        repeated = df.duplicated([row, col])
        if repeated.any():
            first = df.loc[repeated, [row, col]].iloc[0].tolist()
            raise InputError(f"`df` has more than one {value!r} for {row}={first[0]!r}, "
                             f"{col}={first[1]!r}")
        try:
            values = pd.to_numeric(df[value])
        except (TypeError, ValueError):
            raise InputError(f"column {value!r} must be numeric") from None
        matrix = (df.assign(**{value: values})
                  .pivot(index=row, columns=col, values=value)
                  .reindex(index=_order(df[row]), columns=_order(df[col])))
        display = cls(matrix, label or value)
        if sort:
            order = display.means_.sort_values(ascending=False, kind="stable").index
            display = cls(matrix.loc[order], display.label)
        return display.plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, mean_bar: bool = False, cmap: str = "RdYlBu_r", vmin=None,
             vmax=None, fmt: str = ".2f", colorbar: bool = True, title: str | None = None,
             na_color: str | None = None, na_text: str | None = None) -> "MetricHeatmapDisplay":
        """Draw the cells, their values and optionally the row means.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new figure sized to the matrix.
        mean_bar : bool, default False
            A bar panel at the right with each row's mean (annotated).
        cmap : str, default "RdYlBu_r"
        vmin, vmax : float, optional
            Colour limits; default the data's range.
        fmt : str, default ".2f"
            Format of the cell and mean annotations.
        colorbar : bool, default True
        title : str, optional
        na_color, na_text : str, optional
            Colour of the missing cells (default: left blank) and the text
            written in them and in a missing mean's bar (default: none).

        Returns
        -------
        MetricHeatmapDisplay
            ``self``, with ``figure_``, ``ax_``, ``image_``, ``texts_``,
            ``mean_ax_``, ``mean_bars_``, ``colorbar_``.
        """
        import matplotlib.pyplot as plt

        check_axes(ax)
        values = self.matrix_.to_numpy(dtype=float)
        n_rows, n_cols = values.shape
        if ax is None:
            width = 1.6 + 0.9 * n_cols + (1.6 if mean_bar else 0) + (0.8 if colorbar else 0)
            row_height = 0.32 if n_rows <= 30 else 0.22  # a 101-model screen stays readable
            ax = plt.subplots(figsize=(width, 1.0 + row_height * n_rows),
                              layout="constrained")[1]
        finite = values[np.isfinite(values)]
        vmin = float(finite.min()) if vmin is None and finite.size else vmin
        vmax = float(finite.max()) if vmax is None and finite.size else vmax
        colormap = plt.get_cmap(cmap)
        if na_color is not None:
            colormap = colormap.with_extremes(bad=na_color)
        self.image_ = ax.imshow(np.ma.masked_invalid(values), cmap=colormap, vmin=vmin,
                                vmax=vmax, aspect="auto")
        self.texts_ = []
        scale = (vmax - vmin) if vmin is not None and vmax is not None and vmax > vmin else 1.0
        for i in range(n_rows):
            for j in range(n_cols):
                if np.isfinite(values[i, j]):
                    share = (values[i, j] - (vmin or 0.0)) / scale
                    color = "white" if share < 0.15 or share > 0.85 else "black"
                    self.texts_.append(ax.text(j, i, format(values[i, j], fmt), ha="center",
                                               va="center", fontsize=8, color=color))
                elif na_text is not None:
                    ax.text(j, i, na_text, ha="center", va="center", fontsize=8)
        ax.set_xticks(range(n_cols), [str(c) for c in self.matrix_.columns])
        ax.set_yticks(range(n_rows), [str(r) for r in self.matrix_.index])
        ax.tick_params(length=0)
        ax.xaxis.tick_top()
        ax.set_title(title)
        for spine in ax.spines.values():
            spine.set_visible(False)
        self.mean_ax_ = self.mean_bars_ = None
        if mean_bar:
            self._draw_means(ax, fmt, na_text)
        self.colorbar_ = (ax.figure.colorbar(self.image_, ax=ax, label=self.label,
                                             shrink=0.6 if mean_bar else 0.8,
                                             location="bottom" if mean_bar else "right")
                          if colorbar else None)
        self.figure_, self.ax_ = ax.figure, ax
        return self

    def _draw_means(self, ax, fmt: str, na_text: str | None) -> None:
        means = self.means_.to_numpy(dtype=float)
        panel = ax.inset_axes((1.03, 0, 0.35, 1), sharey=ax)
        self.mean_bars_ = panel.barh(np.arange(len(means)), np.nan_to_num(means), color="0.55",
                                     height=0.7)
        for i, mean in enumerate(means):
            if np.isfinite(mean):
                panel.text(mean, i, " " + format(mean, fmt), va="center", fontsize=8)
            elif na_text is not None:
                panel.text(0, i, " " + na_text, va="center", fontsize=8)
        finite = means[np.isfinite(means)]
        low = float(finite.min()) if finite.size else 0.0
        high = float(finite.max()) if finite.size else 1.0
        panel.set_xlim(min(0.0, low), high * 1.25 if high > 0 else 1.0)
        panel.tick_params(left=False, labelleft=False, labelsize=8)
        panel.set_xlabel(self.means_label, fontsize=9)
        panel.spines[["top", "right", "left"]].set_visible(False)
        self.mean_ax_ = panel


def _order(labels: pd.Series) -> list:
    """Categories in a Categorical's order, other labels in order of first appearance."""
    if isinstance(labels.dtype, pd.CategoricalDtype):
        present = set(labels.dropna())
        return [c for c in labels.cat.categories if c in present]
    return list(pd.unique(labels))
