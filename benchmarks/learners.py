"""The ``learners`` suite: the model screen's tree learners against gbm and ranger.

Both sides fit the same simulated data (``simulate_survival``) with the same tree
counts and tree settings, single-threaded:

* ``gbm_coxph``: 500 Cox-loss trees (3 splits each, leaf 10, subsample 0.5, shrinkage
  0.1; regression trees on the martingale residuals), ``GBM(n_trees=500)``
  against ``gbm(distribution = "coxph", n.trees = 500)``.
* ``gbm_coxph_cv``: the same with the number of trees chosen by 5-fold CV over all
  500 trees in every fold (``GBM(patience=500)``) against ``gbm(..., cv.folds = 5)``
  and ``gbm.perf(method = "cv")``; both refit the final model.
* ``rsf_logrank``: 500 log-rank trees, leaf size 5, permutation importance
  (the RSF selector's rule needs it), ``RSF(n_estimators=500)`` against
  ``ranger(splitrule = "logrank", min.node.size = 5, importance = "permutation")``.
"""

from __future__ import annotations

GBM_FIT = "gbm_coxph"
GBM_CV = "gbm_coxph_cv"
RSF = "rsf_logrank"
KINDS = {GBM_FIT: "gbm_coxph", GBM_CV: "gbm_coxph_cv", RSF: "rsf_ranger"}
LABELS = {GBM_FIT: "GBM, 500 Cox-loss trees vs gbm(distribution = 'coxph')",
          GBM_CV: "GBM, trees by 5-fold CV vs gbm(cv.folds = 5) + gbm.perf",
          RSF: "RSF, 500 log-rank trees + permutation VIMP vs ranger"}
N_TREES = 500
SIZES = ((100, 200), (1000, 20))  # the screen's training size, and a longer table


def plan(quick: bool = False) -> list[tuple[str, int, int, int, int]]:
    """``(benchmark, n, p, repeats, number)`` of every case (calls take seconds: 3 repeats)."""
    sizes = SIZES[:1] if quick else SIZES
    return [(benchmark, n, p, 3, 1) for benchmark in (GBM_FIT, GBM_CV, RSF) for n, p in sizes]


def radstats_call(benchmark: str, data, p: int):
    """The radstats call timed for ``benchmark`` on the simulated frame ``data``."""
    from radstats import Surv
    from radstats.screen.learners import GBM, RSF as Forest

    X, y = data[[f"x{j + 1}" for j in range(p)]], Surv(data["time"], data["event"])
    if benchmark == GBM_FIT:
        return lambda: GBM(n_trees=N_TREES, random_state=1).fit(X, y)
    if benchmark == GBM_CV:
        return lambda: GBM(max_trees=N_TREES, patience=N_TREES, nfolds=5, random_state=1).fit(X, y)
    return lambda: Forest(n_estimators=N_TREES, leaf_size=5, n_jobs=1, random_state=1).fit(X, y)
