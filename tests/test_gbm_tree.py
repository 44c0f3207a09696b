"""GBM's compiled regression trees: scikit-learn's best-first trees, leaf sizes, ties,
constant responses and features, and the boosting loop built on them."""

import numpy as np
import pytest
from sklearn.tree import DecisionTreeRegressor

from radstats import InputError, Surv
from radstats.screen.learners import GBM
from radstats.screen.learners._tree import RegressionTree, TreeGrower


def _data(n=150, p=5, seed=0):
    """Continuous X (float32 values, as scikit-learn's trees split) and a non-linear response."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)).astype(np.float32).astype(np.float64)
    y = X[:, 0] ** 2 + np.sin(3 * X[:, 1]) + rng.normal(scale=0.5, size=n)
    return X, y, rng.random(n) < 0.6


def _leaf_of(tree, X):
    """The leaf (node id) each row of X falls in."""
    ids = RegressionTree(tree.feature, tree.threshold, tree.left, tree.right,
                         np.arange(len(tree.value), dtype=float), tree.gain)
    return ids.predict(X).astype(int)


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("leaf_size", [3, 10, 25])
@pytest.mark.parametrize("seed", [0, 1])
def test_trees_are_scikit_learns_best_first_trees(depth, leaf_size, seed):
    X, y, in_sample = _data(seed=seed)
    tree, fitted = TreeGrower(X, depth + 1, leaf_size).fit(y, in_sample)
    expected = DecisionTreeRegressor(max_leaf_nodes=depth + 1, min_samples_leaf=leaf_size,
                                     random_state=0).fit(X[in_sample], y[in_sample])
    np.testing.assert_allclose(fitted, expected.predict(X), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(tree.predict(X), fitted)
    assert tree.n_leaves == expected.get_n_leaves() > 1
    np.testing.assert_allclose(tree.importances(X.shape[1]), expected.feature_importances_,
                               rtol=0, atol=1e-10)


@pytest.mark.parametrize("leaf_size", [1, 7, 20])
def test_every_leaf_holds_at_least_leaf_size_rows_of_the_subsample(leaf_size):
    X, y, in_sample = _data(n=80, seed=3)
    tree, _ = TreeGrower(X, 6, leaf_size).fit(y, in_sample)
    leaves = _leaf_of(tree, X[in_sample])
    assert tree.n_leaves > 1
    assert np.bincount(leaves)[tree.left < 0].min() >= leaf_size


def test_a_node_smaller_than_twice_the_leaf_size_is_not_split():
    X, y, _ = _data(n=30, seed=4)
    everyone = np.ones(30, dtype=bool)
    tree, _ = TreeGrower(X, 4, 15).fit(y, everyone)
    assert tree.n_leaves == 2 and sorted(np.bincount(_leaf_of(tree, X))[1:]) == [15, 15]
    assert TreeGrower(X, 4, 16).fit(y, everyone)[0].n_leaves == 1


def test_a_constant_response_gives_a_single_leaf():
    X, _, in_sample = _data(seed=5)
    tree, fitted = TreeGrower(X, 4, 5).fit(np.full(len(X), 0.3), in_sample)
    assert tree.n_leaves == 1 and tree.feature[0] == -1
    np.testing.assert_allclose(fitted, 0.3, rtol=1e-12)
    np.testing.assert_array_equal(tree.importances(X.shape[1]), np.zeros(X.shape[1]))


def test_a_constant_feature_is_never_split_on():
    X, y, in_sample = _data(seed=6)
    X[:, 0] = 1.5  # the response's strongest feature, made constant
    tree, _ = TreeGrower(X, 8, 3).fit(y, in_sample)
    assert tree.n_leaves == 8 and 0 not in tree.feature


def test_ties_go_to_the_lowest_feature_then_the_lowest_threshold():
    X, y, in_sample = _data(seed=7)
    twins = np.column_stack((X[:, 2], X[:, 1], X[:, 1]))  # columns 1 and 2 identical
    tree, _ = TreeGrower(twins, 4, 5).fit(y, in_sample)
    assert 2 not in tree.feature and 1 in tree.feature
    # splits after x = 1 and after x = 3 gain the same (1/3): the lower threshold wins
    x = np.array([[1.0], [2.0], [3.0], [4.0]])
    tree, _ = TreeGrower(x, 2, 1).fit(np.array([1.0, 0.0, 0.0, 1.0]), np.ones(4, dtype=bool))
    assert tree.threshold[0] == 1.5
    np.testing.assert_allclose(tree.gain[0], 1 / 3)


def test_the_boosted_fit_is_the_sum_of_its_trees():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(120, 4))
    y = Surv(rng.exponential(np.exp(-X[:, 0])), rng.random(120) < 0.8)
    fit = GBM(n_trees=30, random_state=2).fit(X, y)
    assert len(fit.trees_) == 30 and all(t.n_leaves <= 4 for t in fit.trees_)
    np.testing.assert_allclose(fit.predict(X), 0.1 * sum(t.predict(X) for t in fit.trees_),
                               rtol=1e-12)
    assert fit.feature_importances_.sum() == pytest.approx(1.0)
    assert fit.feature_importances_.idxmax() == fit.feature_importances_.index[0]


@pytest.mark.parametrize("option", ["interaction_depth", "leaf_size"])
def test_tree_sizes_must_be_positive_integers(option):
    rng = np.random.default_rng(9)
    X = rng.normal(size=(40, 3))
    y = Surv(rng.exponential(size=40), np.ones(40))
    with pytest.raises(InputError, match=f"GBM: `{option}` must be a positive integer; got 0"):
        GBM(n_trees=5, **{option: 0}).fit(X, y)


@pytest.mark.parametrize("options, message", [
    ({"max_trees": 2.5}, "`max_trees` must be a positive integer; got 2.5"),
    ({"patience": 0}, "`patience` must be a positive integer; got 0"),
    ({"n_trees": 0}, "`n_trees` must be a positive integer; got 0"),
    ({"n_trees": True}, "`n_trees` must be a positive integer; got True"),
    ({"interaction_depth": float("nan")}, "`interaction_depth` must be a positive integer"),
    ({"subsample": 0}, r"`subsample` must lie in \(0, 1\]; got 0"),
    ({"subsample": 1.5}, r"`subsample` must lie in \(0, 1\]; got 1.5"),
])
def test_bad_boosting_options_are_named(options, message):
    rng = np.random.default_rng(9)
    X = rng.normal(size=(40, 3))
    y = Surv(rng.exponential(size=40), np.ones(40))
    with pytest.raises(InputError, match=message):
        GBM(**{"n_trees": 5, **options}).fit(X, y)
