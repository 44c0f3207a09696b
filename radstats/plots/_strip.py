"""A heat strip of per-patient variables under a figure whose x axis is the
patients (e.g. ranked by a risk score): one row per variable, categories as
discrete colours, numbers z-scored on a diverging colormap, missing values grey,
with a key beside each row.

matplotlib is imported inside the functions that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError

MISSING = "#C8C8C8"
Z_LIMIT = 2.0                    # z-scores are clipped to [-2, 2] on the colormap
Z_CMAP = "RdBu_r"
MAX_LEVELS = 10
ROW_INCHES = 0.24
_SHADES = ("Purples", "Oranges", "Greens", "Blues", "PuRd", "YlOrBr", "BuGn", "RdPu")


def check_annotations(annotations, n: int, reserved=()) -> tuple[pd.DataFrame, dict]:
    """``annotations`` checked against ``n`` patients: the frame (positional index)
    and each column's levels (a list for a discrete column, None for a numeric one).

    Categorical, boolean and object (string) columns are discrete, and so are numeric
    columns coded 0/1; other numeric columns are z-scored when drawn. Raises
    :class:`InputError` naming the lengths, or the column that is neither.
    """
    if not isinstance(annotations, pd.DataFrame):
        raise InputError(f"`annotations` must be a DataFrame (one column per variable), "
                         f"got {type(annotations).__name__}")
    if len(annotations) != n:
        raise InputError(f"`annotations` has {len(annotations)} rows but `score` has {n}")
    if annotations.shape[1] == 0:
        raise InputError("`annotations` has no columns")
    names = [str(c) for c in annotations.columns]
    doubled = sorted({c for c in names if names.count(c) > 1})
    if doubled:
        raise InputError(f"`annotations` has duplicate column(s) {doubled}")
    clash = [c for c in names if c in reserved]
    if clash:
        raise InputError(f"annotation column(s) {clash} clash with the table's own columns "
                         f"{list(reserved)}: rename them")
    frame = annotations.set_axis(names, axis=1).reset_index(drop=True)
    return frame, {name: _levels(frame[name]) for name in names}


def _levels(column: pd.Series):
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        levels = list(dtype.categories)
    elif pd.api.types.is_bool_dtype(dtype):
        levels = [False, True]
    elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype):
        present = column.dropna()
        if len(present) and present.isin([0, 1]).all():
            return [0, 1]
        return None
    elif dtype == object:
        present = column.dropna()
        levels = sorted(pd.unique(present), key=str)
    else:
        raise InputError(f"annotation column {column.name!r} has dtype {dtype}: give numbers, "
                         "categories, booleans or strings")
    if len(levels) > MAX_LEVELS:
        raise InputError(f"annotation column {column.name!r} has {len(levels)} levels; at most "
                         f"{MAX_LEVELS} can be told apart in the strip")
    return levels


def strip_colors(frame: pd.DataFrame, levels: dict) -> tuple[np.ndarray, dict, pd.DataFrame]:
    """``(rgba, level_colors, z)``: the strip as an RGBA image (one row per column of
    ``frame``, one column per patient in ``frame``'s order), each discrete column's
    level -> colour, and the numeric columns' z-scores (sample SD)."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize, to_hex, to_rgba

    rgba = np.empty((frame.shape[1], len(frame), 4))
    level_colors, z = {}, {}
    diverging, norm = colormaps[Z_CMAP], Normalize(-Z_LIMIT, Z_LIMIT, clip=True)
    shades = iter(_SHADES * (len(levels) // len(_SHADES) + 1))
    for row, name in enumerate(frame.columns):
        values = frame[name]
        missing = values.isna().to_numpy()
        if levels[name] is None:
            x = values.to_numpy(float)
            sd = np.nanstd(x, ddof=1) if (~missing).sum() > 1 else 0.0
            z[name] = (x - np.nanmean(x)) / sd if sd > 0 else np.where(missing, np.nan, 0.0)
            rgba[row] = diverging(norm(np.nan_to_num(z[name])))
        else:
            cmap = colormaps[next(shades)]
            k = len(levels[name])
            colors = {level: to_hex(cmap(s)) for level, s in
                      zip(levels[name], np.linspace(0.3, 0.85, k) if k > 1 else [0.6])}
            level_colors[name] = {str(level): colors[level] for level in levels[name]}
            rgba[row] = [to_rgba(MISSING) if gone else to_rgba(colors[value])
                         for value, gone in zip(values, missing)]
        rgba[row, missing] = to_rgba(MISSING)
    return rgba, level_colors, pd.DataFrame(z, columns=list(z))


def draw_strip(ax, rgba: np.ndarray, names: list, level_colors: dict, missing: list):
    """Draw ``rgba`` on ``ax`` with patients at x = 1..n and a key right of each row
    (the levels' colours; the z-score scale; grey "missing" where a row has any).
    Returns the image and the keys."""
    from matplotlib import colormaps
    from matplotlib.offsetbox import AnchoredOffsetbox, DrawingArea, HPacker, TextArea
    from matplotlib.patches import Rectangle

    rows, n = rgba.shape[:2]
    image = ax.imshow(rgba, aspect="auto", interpolation="nearest",
                      extent=(0.5, n + 0.5, rows - 0.5, -0.5))
    ax.set_yticks(np.arange(rows), names, fontsize=8)
    ax.tick_params(axis="y", length=0)

    def box(color):
        area = DrawingArea(7, 7)
        area.add_artist(Rectangle((0, 0), 7, 7, facecolor=color, edgecolor="0.5", lw=0.3))
        return area

    def text(words):
        return TextArea(words, textprops={"fontsize": 7})

    keys = []
    for row, name in enumerate(names):
        if name in level_colors:
            parts = [p for level, color in level_colors[name].items()
                     for p in (box(color), text(level))]
        else:
            scale = colormaps[Z_CMAP]
            parts = ([text(f"z -{Z_LIMIT:g}")] + [box(scale(s)) for s in np.linspace(0, 1, 5)]
                     + [text(f"+{Z_LIMIT:g}")])
        if missing[row]:
            parts += [box(MISSING), text("missing")]
        key = AnchoredOffsetbox("center left", child=HPacker(children=parts, sep=2, pad=0,
                                                             align="center"),
                                bbox_to_anchor=(1.01, 1 - (row + 0.5) / rows),
                                bbox_transform=ax.transAxes, frameon=False, pad=0, borderpad=0)
        ax.add_artist(key)
        keys.append(key)
    return image, keys
