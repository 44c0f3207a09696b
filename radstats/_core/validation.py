"""Input checks shared by every public function.

Each check raises :class:`~radstats._core.errors.InputError` with a message
that names the argument, column or row at fault.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from radstats._core.errors import EventsPerVariableWarning, InputError


def _row_label(values, position: int) -> str:
    """Name a row by its index label when the input has one, else by position."""
    if isinstance(values, (pd.Series, pd.DataFrame)):
        return f"row {values.index[position]!r}"
    return f"position {position}"


def as_float_vector(values, name: str, *, allow_nan: bool = False) -> np.ndarray:
    """Return ``values`` as a 1-D float array, rejecting NaN/inf by row."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"`{name}` must be numeric: {exc}") from None
    if array.ndim == 2 and 1 in array.shape:  # a single row or column
        array = array.ravel()
    if array.ndim != 1:
        raise InputError(f"`{name}` must be one-dimensional, got shape {array.shape}")
    bad = ~np.isfinite(array) if not allow_nan else np.isinf(array)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"`{name}` has {int(bad.sum())} missing or infinite value(s); "
            f"first at {_row_label(values, position)} ({array[position]})"
        )
    return array


def as_binary_outcome(y, purpose: str | None, name: str = "y") -> np.ndarray:
    """Return ``y`` as a boolean array, requiring 0/1 (or bool) values of both classes.

    ``purpose`` completes the single-class message ("... needs cases and controls");
    ``None`` accepts a single class.
    """
    values = as_float_vector(y, name)
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InputError(f"`{name}` must be 0/1 or boolean; found {values[position]:g} at "
                         f"{_row_label(y, position)}")
    if purpose is not None and values.min() == values.max():
        raise InputError(f"`{name}` has a single class ({values[0]:g}); {purpose}")
    return values.astype(bool)


def check_int(value, name: str, minimum: int = 1, what: str | None = None) -> int:
    """``value`` as an int, or an error naming ``name`` unless it is an integer (not a
    bool) of at least ``minimum``; ``what`` describes the value in the message."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        what = what or ("a positive integer" if minimum == 1 else f"an integer >= {minimum}")
        raise InputError(f"`{name}` must be {what}, got {value!r}")
    return int(value)


def check_same_length(**arrays) -> int:
    """Raise unless all arrays have the same length; return that length."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{n}={k}" for n, k in lengths.items())
        raise InputError(f"inputs differ in length: {shown}")
    return next(iter(lengths.values()))


def complete_numeric_matrix(frame: pd.DataFrame, *, allow_bool: bool = True):
    """Fast path: ``frame`` as a float matrix when every column is numeric (booleans
    too, with ``allow_bool``) and nothing is missing -- it needs no per-column
    checks -- else None."""
    types = pd.api.types
    if not all(types.is_numeric_dtype(t) and (allow_bool or not types.is_bool_dtype(t))
               for t in frame.dtypes):
        return None
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    return None if np.isnan(values).any() else values


def as_frame(X, name: str = "X") -> pd.DataFrame:
    """Return ``X`` as a DataFrame, naming ndarray columns ``x1, x2, ...``."""
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, pd.Series):
        frame = X.to_frame()
    else:
        array = np.asarray(X)
        if array.ndim == 1:
            array = array[:, None]
        if array.ndim != 2:
            raise InputError(f"`{name}` must be 2-D, got shape {array.shape}")
        frame = pd.DataFrame(array, columns=[f"x{i + 1}" for i in range(array.shape[1])])
    if frame.shape[1] == 0:
        raise InputError(f"`{name}` has no columns")
    if complete_numeric_matrix(frame) is not None:
        return frame
    missing = frame.isna().any()
    if missing.any():
        column = missing.index[missing.argmax()]
        row = frame.index[frame[column].isna().to_numpy().argmax()]
        raise InputError(
            f"`{name}` column {column!r} has {int(frame[column].isna().sum())} missing "
            f"value(s), first at row {row!r}; radstats does not impute silently "
            "(drop or impute before fitting)"
        )
    return frame


def warn_events_per_variable(events: int, n_terms: int, what: str = "events") -> None:
    """Warn when a model estimates more terms than it has ``events`` (for a
    binary outcome: the smaller of the two classes)."""
    if n_terms > events:
        warnings.warn(
            f"fewer {what} ({events}) than terms ({n_terms}): {events / n_terms:.2g} "
            "events per variable; the coefficients are unreliable (a common rule "
            "asks for at least 10 per term)", EventsPerVariableWarning, stacklevel=4)
