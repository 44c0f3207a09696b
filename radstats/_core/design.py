"""Model matrices from DataFrames with R's treatment coding and term names.

A numeric column stays as it is. A categorical, string or boolean column is
expanded as R's ``model.matrix`` does with ``contr.treatment``: the first
level is the reference and the other levels become indicator columns named
``<column><level>`` (``race2``, ``celltypeadeno``, ``smokerTRUE``). The
levels seen at fit time are kept so new data is coded identically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype
from scipy.linalg import lapack

from radstats._core.errors import InputError
from radstats._core.validation import as_frame, complete_numeric_matrix


@dataclass(frozen=True)
class _Column:
    name: str
    levels: tuple | None  # None for numeric columns

    @property
    def terms(self) -> list[str]:
        if self.levels is None:
            return [self.name]
        return [f"{self.name}{level}" for level in self.levels[1:]]


def _levels(series: pd.Series) -> tuple:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return tuple(series.cat.categories)
    if is_bool_dtype(series.dtype):
        return (False, True)
    return tuple(sorted(series.unique()))  # R's factor(): sorted levels


def _level_label(level) -> str:
    if isinstance(level, (bool, np.bool_)):
        return "TRUE" if level else "FALSE"
    return str(level)


@dataclass(frozen=True)
class Design:
    """The coding of each input column, fitted on training data."""

    columns: tuple[_Column, ...]

    @classmethod
    def fit_transform(cls, X, name: str = "X") -> tuple["Design", np.ndarray]:
        """The design of ``X`` and its model matrix, validating ``X`` once."""
        if isinstance(X, pd.DataFrame) and X.shape[1]:
            matrix = complete_numeric_matrix(X, allow_bool=False)  # booleans are factors here
            if matrix is not None:  # numeric and complete: nothing else to check
                return cls(tuple(_Column(str(c), None) for c in X.columns)), matrix
        frame = as_frame(X, name)
        design = cls._from_checked(frame, name)
        return design, design._matrix(frame, name)

    @classmethod
    def from_frame(cls, X, name: str = "X") -> "Design":
        return cls._from_checked(as_frame(X, name), name)

    @classmethod
    def _from_checked(cls, frame: pd.DataFrame, name: str) -> "Design":
        columns = []
        for column, dtype in frame.dtypes.items():
            if is_numeric_dtype(dtype) and not is_bool_dtype(dtype):
                columns.append(_Column(str(column), None))
            else:
                levels = tuple(_level_label(v) for v in _levels(frame[column]))
                if len(levels) < 2:
                    raise InputError(
                        f"`{name}` column {column!r} has a single level {levels!r}; "
                        "it cannot be estimated"
                    )
                columns.append(_Column(str(column), levels))
        return cls(tuple(columns))

    @property
    def terms(self) -> list[str]:
        """Coefficient names in model-matrix order."""
        return [term for column in self.columns for term in column.terms]

    def transform(self, X, name: str = "X") -> np.ndarray:
        """Return the float model matrix (no intercept) for ``X``."""
        return self._matrix(as_frame(X, name), name)

    def _matrix(self, frame: pd.DataFrame, name: str) -> np.ndarray:
        names = [c.name for c in self.columns]
        if all(c.levels is None for c in self.columns) and list(frame.columns) == names:
            try:  # all numeric, columns as at fit time: no per-column work needed
                return frame.to_numpy(dtype=float)
            except (TypeError, ValueError):
                pass  # a non-numeric column: the loop below names it
        missing = [c.name for c in self.columns if c.name not in frame.columns.astype(str)]
        if missing:
            raise InputError(f"`{name}` lacks column(s) used at fit time: {missing}")
        frame = frame.set_axis(frame.columns.astype(str), axis=1)
        blocks = []
        for column in self.columns:
            series = frame[column.name]
            if column.levels is None:
                if not is_numeric_dtype(series.dtype) or is_bool_dtype(series.dtype):
                    raise InputError(f"`{name}` column {column.name!r} was numeric at fit time")
                blocks.append(series.to_numpy(dtype=float)[:, None])
                continue
            labels = series.map(_level_label).to_numpy()
            unseen = sorted(set(labels) - set(column.levels))
            if unseen:
                raise InputError(
                    f"`{name}` column {column.name!r} has level(s) {unseen} not seen at fit "
                    f"time (known: {list(column.levels)})"
                )
            blocks.append(np.stack([labels == lv for lv in column.levels[1:]], axis=1))
        return np.hstack(blocks).astype(float)


def check_estimable(matrix: np.ndarray, terms: list[str]) -> None:
    """Reject constant and collinear columns, naming them (R would return NA).

    Collinearity is found by a pivoted Cholesky factorisation of the p x p
    correlation matrix: a column whose residual variance, given the columns
    before it, is below 1e-10 of its own is a linear combination of them.
    """
    spread = matrix.max(axis=0) - matrix.min(axis=0)
    if (spread == 0).any():
        raise InputError(f"column(s) {[t for t, s in zip(terms, spread) if s == 0]} are constant")
    if len(terms) == 1:
        return
    centred = matrix - matrix.mean(axis=0)
    gram = centred.T @ centred
    scale = np.sqrt(np.diag(gram))
    _, pivot, rank, _ = lapack.dpstrf(gram / np.outer(scale, scale), tol=1e-10)
    if rank < len(terms):
        dropped = sorted(terms[i - 1] for i in pivot[rank:])
        raise InputError(f"term(s) {dropped} are collinear with other columns")
