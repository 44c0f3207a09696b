"""Remove redundant features by pairwise correlation (caret::findCorrelation)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.validation import as_frame


def _exact(corr: np.ndarray, cutoff: float) -> list[int]:
    """caret's ``findCorrelation_exact``: walk pairs from the most correlated column."""
    n = len(corr)
    off_diagonal = corr.copy()
    np.fill_diagonal(off_diagonal, np.nan)
    order = np.argsort(-np.nanmean(off_diagonal, axis=0), kind="stable")
    x = corr[np.ix_(order, order)]
    masked = x.copy()
    np.fill_diagonal(masked, np.nan)
    deleted = np.zeros(n, dtype=bool)
    for i in range(n - 1):
        if not np.any(masked[~np.isnan(masked)] > cutoff):
            break
        if deleted[i]:
            continue
        for j in range(i + 1, n):
            if deleted[i] or deleted[j] or not x[i, j] > cutoff:
                continue
            row_mean = np.nanmean(masked[i])
            # caret's quirk: the mean of the whole matrix without row j, not row j's mean.
            others_mean = np.nanmean(np.delete(masked, j, axis=0))
            drop = i if row_mean > others_mean else j
            deleted[drop] = True
            masked[drop, :] = np.nan
            masked[:, drop] = np.nan
    return order[deleted].tolist()


def _fast(corr: np.ndarray, cutoff: float) -> list[int]:
    """caret's ``findCorrelation_fast``: flag one column of every pair at once."""
    average = np.mean(corr, axis=0)  # includes the diagonal, as caret's colMeans
    # as.numeric(as.factor(.)): dense ranks of the values printed to 15 digits.
    labels = np.array([float(f"{v:.15g}") for v in average])
    rank = np.unique(labels, return_inverse=True)[1]
    rows, cols = np.nonzero(np.triu(corr > cutoff, k=1))
    column_major = np.lexsort((rows, cols))  # R's which() walks columns first
    rows, cols = rows[column_major], cols[column_major]
    drop_column = rank[cols] > rank[rows]
    flagged = np.concatenate((cols[drop_column], rows[~drop_column]))
    return list(dict.fromkeys(flagged.tolist()))


def find_correlation(X, cutoff: float = 0.9, exact: bool | None = None) -> list[str]:
    """Names of features to drop so no pair has ``|r| > cutoff``, in caret's order.

    Parameters
    ----------
    X : DataFrame
        Features in columns (Pearson correlations are computed from it).
    cutoff : float, default 0.9
        Pairs with absolute correlation above this are resolved by dropping the
        feature with the larger mean absolute correlation.
    exact : bool, optional
        caret's exact (sequential, re-evaluating means after each removal) or
        fast algorithm; default as caret: exact when fewer than 100 columns.

    Returns
    -------
    list of str
        Column names to remove, in the order caret returns them.

    Notes
    -----
    Matches ``caret::findCorrelation(cor(X), cutoff, exact =, names = TRUE)``
    (caret 6.0-93) exactly, including its quirks: the exact algorithm compares
    a row's mean correlation with the mean of the whole matrix without the
    other row (not that row's mean), and the fast one flags a feature for every
    pair above the cut-off even when its partner is already flagged.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"a": [1, 2, 3, 4, 5.0], "b": [1, 2, 3, 4, 5.2],
    ...                   "c": [2, 1, 4, 3, 5.0]})
    >>> find_correlation(X, cutoff=0.95)
    ['b']
    """
    frame = as_frame(X)
    if frame.shape[1] < 2:
        raise InputError("find_correlation needs at least two features")
    non_numeric = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if non_numeric:
        raise InputError(f"feature(s) {non_numeric[:5]} are not numeric")
    constant = frame.columns[frame.nunique() <= 1].tolist()
    if constant:
        raise InputError(f"feature(s) {constant[:10]} are constant: their correlation is undefined")
    corr = np.abs(np.corrcoef(frame.to_numpy(float), rowvar=False))
    use_exact = frame.shape[1] < 100 if exact is None else exact
    positions = _exact(corr, cutoff) if use_exact else _fast(corr, cutoff)
    return [str(frame.columns[i]) for i in positions]
