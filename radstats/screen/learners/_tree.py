"""Least-squares regression trees grown best-first, compiled with numba (GBM's trees).

A boosting run fits hundreds of trees of a few leaves to the same design, each
on a different subsample. :class:`TreeGrower` sorts every feature once; a
tree first keeps, from these presorted orders, its subsample's rows (O(n p)),
then searches every node's best split with cumulative sums over each
feature's sorted rows of the node (O(p x rows), no sorting per node); a split
partitions those rows stably, so both children stay sorted. A tree is six
small node arrays; prediction is a compiled loop.

The trees are those of ``sklearn.tree.DecisionTreeRegressor(max_leaf_nodes=k,
min_samples_leaf=m)`` (checked in ``tests/test_gbm_tree.py``): the leaf with
the largest decrease of the sum of squares is split next, until ``k`` leaves
or no leaf can be split; a split leaves at least ``m`` rows on each side; its
threshold lies halfway between consecutive distinct values (``x <= threshold``
goes left); a leaf predicts the mean of its rows. Ties are broken
deterministically: between equally good splits of a node, the lowest feature
index, then the lowest threshold (gains within ``1e-12`` times the node's sum
of squared values count as equal); between leaves, the first created. A split
must decrease the sum of squares by more than that margin, so a constant
response or a constant feature is never split.
"""

from __future__ import annotations

import numpy as np

from radstats._core.jit import cached_njit

_TIE = 1e-12  # gains closer than this times the node's sum of squares are equal


@cached_njit(nogil=True)
def _apply(X, feature, threshold, left, right, value):
    """The tree's prediction for every row of ``X``."""
    out = np.empty(X.shape[0])
    for i in range(X.shape[0]):
        node = 0
        while left[node] >= 0:
            node = left[node] if X[i, feature[node]] <= threshold[node] else right[node]
        out[i] = value[node]
    return out


@cached_njit(nogil=True)
def _best_split(values, residual, start, stop, total, squares, leaf_size):
    """``(gain, feature, threshold, n_left)`` of the best split of the node whose
    rows are ``start:stop`` of every feature's order (feature -1: none)."""
    n = stop - start
    best_gain, best_feature, best_threshold, best_left = 0.0, -1, 0.0, 0
    margin = _TIE * squares
    for j in range(values.shape[0]):
        if values[j, start] == values[j, stop - 1]:
            continue  # constant in the node
        left_sum = 0.0
        for t in range(start, start + leaf_size - 1):
            left_sum += residual[j, t]
        for t in range(start + leaf_size, stop - leaf_size + 1):  # left = start:t
            left_sum += residual[j, t - 1]
            if values[j, t] > values[j, t - 1]:
                n_left = t - start
                d = left_sum * n - total * n_left
                # gain = n_left n_right / n (mean_left - mean_right)^2 = d^2 / (n n_left n_right)
                scale = float(n) * n_left * (n - n_left)
                if d * d > (best_gain + margin) * scale:
                    best_gain, best_feature, best_left = d * d / scale, j, n_left
                    best_threshold = values[j, t - 1] / 2.0 + values[j, t] / 2.0
                    if best_threshold >= values[j, t]:  # no float between the two values
                        best_threshold = values[j, t - 1]
    return best_gain, best_feature, best_threshold, best_left


@cached_njit(nogil=True)
def _grow(X, order, values, residual, in_sample, max_leaves, leaf_size):
    """One tree: ``(feature, threshold, left, right, value, gain, fitted)``.

    ``fitted`` is the tree's prediction for every row of ``X``, in or out of
    the subsample ``in_sample``; internal nodes have ``feature >= 0`` and the
    decrease of the sum of squares ``gain``, leaves ``left = right = -1``.
    A node holds positions ``start:stop`` of the subsample's rows in every
    feature's order; a split reorders them, stably, left rows first.
    """
    n, p = X.shape
    m = 0
    for i in range(n):
        m += in_sample[i]
    # the subsample's rows, values and residuals in each feature's order
    rows = np.empty((p, m + 1), dtype=np.int64)
    vals = np.empty((p, m + 1))
    res = np.empty((p, m + 1))
    for j in range(p):
        t = 0
        for s in range(n):  # without a branch: rows out of the subsample are overwritten
            i = order[j, s]
            rows[j, t], vals[j, t], res[j, t] = i, values[j, s], residual[i]
            t += in_sample[i]

    size = 2 * max_leaves - 1
    feature = np.full(size, -1, dtype=np.int64)
    threshold, gain, value = np.zeros(size), np.zeros(size), np.zeros(size)
    left = np.full(size, -1, dtype=np.int64)
    right = np.full(size, -1, dtype=np.int64)
    start = np.zeros(size, dtype=np.int64)
    stop = np.zeros(size, dtype=np.int64)
    best_gain, best_threshold = np.zeros(size), np.zeros(size)
    best_feature = np.full(size, -1, dtype=np.int64)
    best_left = np.zeros(size, dtype=np.int64)
    goes_left = np.zeros(n, dtype=np.bool_)
    buffer_rows = np.empty(m, dtype=np.int64)
    buffer_vals, buffer_res = np.empty(m), np.empty(m)

    stop[0] = m
    n_nodes = 0
    for node in range(size):  # node 0, then the two children of each split
        if node > 0 and (node - 1) % 2 == 0:
            # choose the leaf to split: the largest gain (the first created at a tie)
            split = -1
            for k in range(n_nodes):
                if left[k] < 0 and best_feature[k] >= 0 and (
                        split < 0 or best_gain[k] > best_gain[split]):
                    split = k
            if split < 0:
                break
            f, a, b, cut = best_feature[split], start[split], stop[split], best_left[split]
            feature[split], threshold[split] = f, best_threshold[split]
            gain[split], left[split], right[split] = best_gain[split], node, node + 1
            start[node], stop[node], start[node + 1], stop[node + 1] = a, a + cut, a + cut, b
            for t in range(a, b):
                goes_left[rows[f, t]] = t < a + cut
            for j in range(p):
                if j == f:
                    continue
                n_left, n_right = 0, cut
                for t in range(a, b):  # stable partition, without a branch
                    i = rows[j, t]
                    k = n_left if goes_left[i] else n_right
                    buffer_rows[k], buffer_vals[k], buffer_res[k] = i, vals[j, t], res[j, t]
                    n_left += goes_left[i]
                    n_right += 1 - goes_left[i]
                for t in range(a, b):
                    rows[j, t] = buffer_rows[t - a]
                    vals[j, t], res[j, t] = buffer_vals[t - a], buffer_res[t - a]
        total, squares = 0.0, 0.0
        for t in range(start[node], stop[node]):
            total += res[0, t]
            squares += res[0, t] ** 2
        value[node] = total / (stop[node] - start[node])
        best_gain[node], best_feature[node], best_threshold[node], best_left[node] = _best_split(
            vals, res, start[node], stop[node], total, squares, leaf_size)
        n_nodes = node + 1

    fitted = _apply(X, feature, threshold, left, right, value)
    return (feature[:n_nodes], threshold[:n_nodes], left[:n_nodes], right[:n_nodes],
            value[:n_nodes], gain[:n_nodes], fitted)


class RegressionTree:
    """A fitted tree: node arrays ``feature, threshold, left, right, value, gain``.

    Node 0 is the root; internal nodes send ``x[feature] <= threshold`` to
    ``left``, the rest to ``right``; leaves have ``left = right = -1`` and
    predict ``value``; ``gain`` is each split's decrease of the sum of squares
    of its training rows.
    """

    def __init__(self, feature, threshold, left, right, value, gain):
        self.feature, self.threshold, self.left, self.right = feature, threshold, left, right
        self.value, self.gain = value, gain

    @property
    def n_leaves(self) -> int:
        return int(np.sum(self.left < 0))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Prediction for each row of ``X`` (float64, C order, the fitted columns)."""
        return _apply(X, self.feature, self.threshold, self.left, self.right, self.value)

    def importances(self, p: int) -> np.ndarray:
        """Decrease of the sum of squares per feature, normalised to sum 1 (zeros
        without a split), as scikit-learn's ``feature_importances_``."""
        split = self.feature >= 0
        out = np.bincount(self.feature[split], weights=self.gain[split], minlength=p)
        total = out.sum()
        return out / total if total > 0 else out


class TreeGrower:
    """Grows regression trees of at most ``max_leaves`` leaves on the rows of ``X``.

    Parameters
    ----------
    X : ndarray (n, p)
        The design; each column is sorted once, here.
    max_leaves : int
        Most leaves per tree (>= 1).
    leaf_size : int
        Fewest rows of the subsample in a leaf (>= 1).
    """

    def __init__(self, X: np.ndarray, max_leaves: int, leaf_size: int):
        self.X = np.ascontiguousarray(X, dtype=np.float64)
        self.order = np.ascontiguousarray(np.argsort(self.X, axis=0, kind="stable").T)
        self.values = np.ascontiguousarray(np.take_along_axis(self.X, self.order.T, axis=0).T)
        self.max_leaves, self.leaf_size = int(max_leaves), int(leaf_size)

    def fit(self, residual: np.ndarray, in_sample: np.ndarray) -> tuple[RegressionTree, np.ndarray]:
        """The tree fitted to ``residual`` on the rows where ``in_sample`` is true,
        and its prediction for every row of ``X``."""
        *arrays, fitted = _grow(self.X, self.order, self.values,
                                np.ascontiguousarray(residual, dtype=np.float64),
                                np.ascontiguousarray(in_sample, dtype=np.bool_),
                                self.max_leaves, self.leaf_size)
        return RegressionTree(*arrays), fitted
