"""RSF: a random survival forest (scikit-survival) with minimal-depth variable selection."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.metrics import concordance_index
from radstats.screen.learners._base import SurvivalLearner, check_count
from radstats.survival.surv import Surv

SELECTIONS = ("vimp", "minimal_depth")


def sklearn_seed(random_state):
    """An int (or None) for scikit-learn estimators from any radstats ``random_state``."""
    if random_state is None or isinstance(random_state, (int, np.integer)):
        return random_state
    return int(np.random.default_rng(random_state).integers(2**31 - 1))


def tree_minimal_depth(tree, n_features: int):
    """Minimal depth of every feature in one fitted tree, and the tree's depth profile.

    Returns ``(depth_of_feature, splits_per_depth)``: a feature that never
    splits gets the tree's depth ``D`` (its deepest leaf); ``splits_per_depth[d]``
    counts the split nodes at depth ``d`` (``d = 0 .. D - 1``).
    """
    left, right, feature = tree.children_left, tree.children_right, tree.feature
    depth = np.zeros(tree.node_count, dtype=int)
    for node in range(tree.node_count):  # scikit-learn numbers parents before children
        if left[node] >= 0:
            depth[left[node]] = depth[right[node]] = depth[node] + 1
    split = left >= 0
    tree_depth = int(depth.max())
    minimal = np.full(n_features, tree_depth)
    np.minimum.at(minimal, feature[split], depth[split])
    return minimal, np.bincount(depth[split], minlength=tree_depth)


def null_minimal_depth_mean(splits_per_depth: np.ndarray, n_features: int) -> float:
    """Mean minimal depth of a variable unrelated to the outcome (Ishwaran et al. 2010, Thm 1).

    Each split node picks the variable with probability ``1/p``; the variable's
    minimal depth is ``d`` when no node above depth ``d`` used it and one at
    depth ``d`` did, and the tree depth ``D`` when none did.
    """
    miss = (1 - 1 / n_features) ** splits_per_depth.astype(float)   # no split at depth d uses v
    reach = np.concatenate(([1.0], np.cumprod(miss)))               # none up to depth d - 1
    depths = np.arange(len(splits_per_depth))
    first_at = reach[:-1] * (1 - miss)
    return float(depths @ first_at + len(splits_per_depth) * reach[-1])


def _out_of_bag(estimator, n: int) -> np.ndarray:
    """Rows a forest's tree did not see (scikit-learn's bootstrap, as scikit-survival reads it)."""
    from sklearn.ensemble._forest import _generate_unsampled_indices

    try:
        return _generate_unsampled_indices(estimator.random_state, n, n, None)
    except TypeError:  # scikit-learn before 1.6: no sample_weight argument
        return _generate_unsampled_indices(estimator.random_state, n, n)


def permutation_vimp(forest, X: np.ndarray, y: Surv, rng: np.random.Generator) -> np.ndarray:
    """Breiman-Cutler permutation importance of each column, on out-of-bag data.

    The error is ``1 - Harrell's C`` of the out-of-bag ensemble risk. For each
    feature and each tree that splits on it, the feature is permuted among the
    tree's out-of-bag rows and those rows are dropped down the tree again; the
    importance is the resulting ensemble error minus the original one
    (randomForestSRC's ``importance = "permute"``).
    """
    n, p = X.shape
    X32 = X.astype(np.float32)
    total, count = np.zeros(n), np.zeros(n)
    trees, users = [], [[] for _ in range(p)]
    for i, estimator in enumerate(forest.estimators_):
        tree = estimator.tree_
        oob = _out_of_bag(estimator, n)
        risk = tree.value[:, 0, 0]  # low-memory trees keep each node's risk score
        predicted = risk[tree.apply(X32[oob])]
        total[oob] += predicted
        count[oob] += 1
        trees.append((oob, tree, risk, predicted))
        for j in np.unique(tree.feature[tree.children_left >= 0]):
            users[j].append(i)
    seen = count > 0

    def error(sums):
        return 1 - concordance_index(y.time[seen], y.event[seen], sums[seen] / count[seen]).estimate

    baseline = error(total)
    vimp = np.zeros(p)
    for j in range(p):
        sums = total.copy()
        for i in users[j]:
            oob, tree, risk, predicted = trees[i]
            rows = X32[oob]
            rows[:, j] = rows[rng.permutation(len(oob)), j]
            sums[oob] += risk[tree.apply(rows)] - predicted
        vimp[j] = error(sums) - baseline
    return vimp


_TREE = []


def _tree_class():
    """scikit-survival's SurvivalTree with its parameter names looked up once per class.

    scikit-learn's ``get_params`` inspects the constructor's signature on every
    call, and a forest calls it several times per tree (cloning, setting and
    validating parameters): about a tenth of a 1,000-tree forest's time on
    100 patients. Caching the (fixed) names changes nothing else. The class is
    made on first use (scikit-survival is imported lazily) and is found under
    this module's name ``_Tree`` when a fitted forest is unpickled.
    """
    if not _TREE:
        from sksurv.tree import SurvivalTree

        class _Tree(SurvivalTree):
            @classmethod
            @functools.cache
            def _get_param_names(cls):
                return super()._get_param_names()

        _Tree.__qualname__ = "_Tree"  # pickled by name, found by __getattr__ below
        _TREE.append(_Tree)
    return _TREE[0]


def __getattr__(name: str):
    if name == "_Tree":
        return _tree_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RSF(SurvivalLearner):
    """Random survival forest (log-rank splits) from scikit-survival.

    Parameters
    ----------
    n_estimators : int
        Trees (1,000 as the published screen).
    leaf_size : int
        Minimum subjects in a leaf (``min_samples_leaf``; Mime's ``nodesize``
        default 5); a node needs twice that to be split.
    max_features : int, float or "sqrt"
        Candidate features per split (``"sqrt"``: ``floor(sqrt(p))``, ranger's ``mtry``).
    selection : {"vimp", "minimal_depth"}
        The rule behind ``selected_features_`` (see Notes).
    vimp_threshold : float
        For ``selection="vimp"``: keep features whose min-max scaled
        importance exceeds this (0.4, the published screen's rule).
    n_jobs : int
        Threads for growing and predicting (results do not depend on it).
    random_state : int, Generator or None
        Seed of the bootstrap samples and candidate draws.

    Attributes
    ----------
    forest_ : sksurv.ensemble.RandomSurvivalForest
    feature_importances_ : pandas.Series
        Out-of-bag permutation importance (VIMP) of each feature: the rise in
        ``1 - C`` when it is permuted (see :func:`permutation_vimp`). Computed
        on first use, as are the attributes below (a forest fitted only to
        predict never permutes); the values do not depend on when.
    minimal_depth_ : pandas.Series
        Forest-averaged minimal depth of each feature (lower = more important).
    minimal_depth_threshold_ : float
        The minimal-depth selection threshold (see Notes).
    selected_features_ : list of str
        The features the selection rule keeps, most important first.
    used_features_ : list of str
        Every fitted column (what the forest predicts from).

    Notes
    -----
    Risk = the ensemble's predicted risk (the sum of its cumulative hazard
    over the training event times, scikit-survival's ``predict``; R's
    ``predict.rfsrc()$predicted``), higher = worse.

    Variable selection. ``"vimp"`` (default) is the rule of the published
    101-model screen's code (Liu et al. 2022, IRLS): permutation importance
    ``vimp.rfsrc``, min-max scaled, kept above 0.4. ``"minimal_depth"`` is
    Ishwaran, Kogalur, Gorodeski, Minn, Lauer (2010, JASA 105:205-217), the
    family of Mime's ``var.select``: a feature's minimal depth in a tree is the depth of the first split on it
    (the tree's depth when it is never used), averaged over trees. It is kept
    when that average is below the threshold, the mean minimal depth of a
    feature unrelated to the outcome (the paper's Theorem 1, each split node
    choosing it with probability 1/p) computed per tree from its split counts
    by depth and averaged over trees (randomForestSRC's tree-averaged,
    ``conservative = "medium"`` rule; Mime uses ``"high"``). The forest is
    scikit-survival's, not randomForestSRC's, so selections differ from R's
    in detail; the forest is checked against ``ranger`` in distribution
    (out-of-sample C-index, ``tests/checks/learners.py``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats import Surv
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(150, 6)), columns=list("abcdef"))
    >>> time = rng.exponential(np.exp(-2 * X["a"].to_numpy()))
    >>> fit = RSF(n_estimators=100, random_state=1).fit(X, Surv(time, np.ones(150)))
    >>> fit.selected_features_[0]
    'a'
    """

    def __init__(self, n_estimators: int = 1000, leaf_size: int = 5, max_features="sqrt",
                 selection: str = "vimp", vimp_threshold: float = 0.4, n_jobs: int = 1,
                 random_state=None):
        self.n_estimators = n_estimators
        self.leaf_size = leaf_size
        self.max_features = max_features
        self.selection = selection
        self.vimp_threshold = vimp_threshold
        self.n_jobs = n_jobs
        self.random_state = random_state

    def _label(self) -> str:
        return "RSF"

    def _fit(self, values: np.ndarray, y: Surv) -> None:
        from sksurv.ensemble import RandomSurvivalForest

        if self.selection not in SELECTIONS:
            raise InputError(f"RSF: `selection` must be one of {SELECTIONS}; got "
                             f"{self.selection!r}")
        check_count(self.leaf_size, "leaf_size", "RSF")
        if len(y) < 2 * self.leaf_size:
            raise InputError(f"RSF: {len(y)} subjects cannot be split with leaf_size "
                             f"{self.leaf_size}")
        seed = sklearn_seed(self.random_state)
        forest = RandomSurvivalForest(
            n_estimators=self.n_estimators, min_samples_leaf=int(self.leaf_size),
            min_samples_split=2 * int(self.leaf_size), max_features=self.max_features,
            n_jobs=self.n_jobs, random_state=seed, low_memory=True,
        )
        forest.estimator = _tree_class()()  # the same trees, less per-tree overhead
        self.forest_ = forest.fit(values, y.to_structured())
        # Importances and the selection are computed on first use (a forest fitted
        # as a model only never needs them): keep what they are computed from.
        self._importance_inputs = (values, y, np.random.default_rng(
            None if seed is None else [seed, 1]))
        self._computed = {}

    def _once(self, name: str, compute):
        if name not in self._computed:
            self._computed[name] = compute()
        return self._computed[name]

    @property
    def feature_importances_(self) -> pd.Series:
        """Out-of-bag permutation importance (VIMP) of each feature (computed on first use)."""
        def compute():
            values, y, rng = self._importance_inputs
            return self._series(permutation_vimp(self.forest_, values, y, rng))
        return self._once("vimp", compute)

    @property
    def minimal_depth_(self) -> pd.Series:
        """Forest-averaged minimal depth of each feature (lower = more important)."""
        return self._once("depth", self._minimal_depth)[0]

    @property
    def minimal_depth_threshold_(self) -> float:
        """The minimal-depth selection threshold (see Notes)."""
        return self._once("depth", self._minimal_depth)[1]

    @property
    def used_features_(self) -> list:
        """Every fitted column: the forest predicts from all of them (so a screen that
        fits RSF as the model never computes the importances its selection needs)."""
        return [str(c) for c in self.feature_names_in_]

    @property
    def selected_features_(self) -> list:
        """The features the selection rule keeps, most important first."""
        return list(self._once("selected", self._select))

    def _select(self) -> list:
        if self.selection == "vimp":
            vimp = self.feature_importances_
            spread = vimp.max() - vimp.min()
            scaled = (vimp - vimp.min()) / spread if spread > 0 else vimp * 0
            kept = vimp[scaled > self.vimp_threshold].sort_values(ascending=False, kind="stable")
        else:
            depth = self.minimal_depth_
            kept = depth[depth < self.minimal_depth_threshold_].sort_values(kind="stable")
        return list(kept.index)

    def _minimal_depth(self) -> tuple[pd.Series, float]:
        p = self.n_features_in_
        depths, nulls = [], []
        for estimator in self.forest_.estimators_:
            minimal, splits = tree_minimal_depth(estimator.tree_, p)
            depths.append(minimal)
            nulls.append(null_minimal_depth_mean(splits, p))
        return (self._series(np.mean(depths, axis=0)).rename("minimal_depth"),
                float(np.mean(nulls)))

    def _predict(self, values: np.ndarray) -> np.ndarray:
        return np.asarray(self.forest_.predict(values), dtype=float)
