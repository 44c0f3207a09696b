"""Helpers shared by the displays: saving, the ``ax`` check, colours, p-value
text, the one-model-or-many ``predictions`` argument and the parts of the
calibration figures (ideal line, rug, unit square).

matplotlib is imported inside the functions that need it, never on import.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Mapping

import pandas as pd

from radstats._core.errors import InputError

SAVE_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}


def format_pvalue(pvalue: float) -> str:
    """``p < 0.0001`` below 1e-4, else ``p = `` with 2 significant digits."""
    return "p < 0.0001" if pvalue < 1e-4 else f"p = {pvalue:.2g}"


def check_axes(ax) -> None:
    """Raise unless ``ax`` is None or a matplotlib Axes."""
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise InputError(f"`ax` must be a matplotlib Axes, got {type(ax).__name__}")


def axes_or_new(ax, figsize: tuple):
    """``ax`` after checking it, or the axes of a new figure of ``figsize`` inches."""
    check_axes(ax)
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize, layout="constrained")[1]


def square_axes(ax, size: float = 5.5):
    """``ax`` after checking it, or the axes of a new square figure."""
    return axes_or_new(ax, (size, size))


def group_colors(groups, colors, what: str = "group") -> dict:
    """Group -> colour from a dict, a sequence, or matplotlib's default cycle."""
    if colors is None:
        colors = [f"C{i % 10}" for i in range(len(groups))]
    if isinstance(colors, dict):
        missing = [g for g in groups if g not in colors]
        if missing:
            raise InputError(f"`colors` has no colour for {what}(s) {missing!r}")
        return {g: colors[g] for g in groups}
    colors = list(colors)
    if len(colors) < len(groups):
        raise InputError(f"`colors` has {len(colors)} colour(s) for {len(groups)} {what}s")
    return dict(zip(groups, colors))


def per_model(predictions, name, compute: Callable, arg: str = "prob") -> dict:
    """Apply ``compute`` to each model's predictions; return name -> result.

    ``predictions`` is one array (named ``name``, else the Series' name, else
    ``"Model"``) or several: a dict or DataFrame of name -> array. An
    ``InputError`` from ``compute`` is re-raised naming the model at fault.
    """
    if isinstance(predictions, pd.DataFrame):
        predictions = {column: predictions[column] for column in predictions.columns}
    if not isinstance(predictions, Mapping):
        if name is None:
            name = getattr(predictions, "name", None) if isinstance(predictions, pd.Series) else None
        return {"Model" if name is None else name: compute(predictions)}
    if name is not None:
        raise InputError(f"`name` names a single model; the keys of `{arg}` name several")
    if not predictions:
        raise InputError(f"`{arg}` has no models")
    results = {}
    for key, values in predictions.items():
        try:
            results[key] = compute(values)
        except InputError as exc:
            raise InputError(f"model {key!r}: {exc}") from exc
    return results


RUG_HEIGHT, RUG_GAP = 0.03, 0.01  # in axes fractions, one band per curve


def ideal_line(ax):
    """The dashed 45° line of perfect calibration, labelled ``"Ideal"``."""
    return ax.plot([0, 1], [0, 1], ls="--", lw=1, color="0.6", zorder=1, label="Ideal")[0]


def draw_rug(ax, values, band: int, color):
    """Tick marks of ``values`` along the bottom of ``ax``, in band ``band`` (0 lowest)."""
    bottom = band * (RUG_HEIGHT + RUG_GAP)
    return ax.vlines(values, bottom, bottom + RUG_HEIGHT, transform=ax.get_xaxis_transform(),
                     color=color, lw=0.6, alpha=0.5)


def finish_unit_square(ax, handles, title, xlabel, ylabel) -> None:
    """Limits [0, 1] on both axes, equal aspect, labels and the legend of a calibration figure."""
    ax.set(xlim=(0, 1), ylim=(0, 1), aspect="equal", title=title, xlabel=xlabel, ylabel=ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=9)


class FigureDisplay:
    """Mixin: :meth:`savefig` for displays that set ``figure_`` in ``plot``."""

    def savefig(self, path, dpi: int = 300, **kwargs) -> pathlib.Path:
        """Save the figure as PNG, PDF or SVG (chosen by the file's suffix).

        Draws with :meth:`plot`'s defaults first if not yet drawn. ``kwargs`` go
        to ``Figure.savefig`` (default ``bbox_inches="tight"``).

        Returns
        -------
        pathlib.Path
            The path written.
        """
        path = pathlib.Path(path)
        fmt = SAVE_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"cannot save {path.name!r}: unknown suffix {path.suffix!r}; "
                             f"use one of {', '.join(SAVE_FORMATS)}")
        if not hasattr(self, "figure_"):
            self.plot()
        kwargs.setdefault("bbox_inches", "tight")
        self.figure_.savefig(path, dpi=dpi, format=fmt, **kwargs)
        return path
