"""Checks of the screen's tree learners against gbm and ranger, in distribution."""

import numpy as np

from radstats import Surv
from radstats.metrics import concordance_index
from radstats.screen.learners import GBM, RSF
from radstats.testing import assert_matches_r, fixture_frame

FEATURES = [f"x{j}" for j in range(1, 11)]


def _split(inputs):
    data = fixture_frame(inputs)
    train, test = data[data["set"] == "train"], data[data["set"] == "test"]
    return (train[FEATURES], Surv(train["time"], train["status"])), \
        (test[FEATURES], Surv(test["time"], test["status"]))


def _mean_test_c(estimators, train, test):
    (X, y), (X_new, y_new) = train, test
    return float(np.mean([concordance_index(y_new.time, y_new.event,
                                            e.fit(X, y).predict(X_new)).estimate
                          for e in estimators]))


def check_case(fx):
    inputs = fx["inputs"]
    seeds = np.atleast_1d(inputs["seeds"]).tolist()
    train, test = _split(inputs)
    if fx["case"].startswith("gbm"):
        estimators = [GBM(max_trees=inputs["n_trees"], learning_rate=inputs["shrinkage"],
                          interaction_depth=inputs["depth"], leaf_size=inputs["leaf_size"],
                          subsample=inputs["bag_fraction"], nfolds=inputs["folds"],
                          random_state=seed) for seed in seeds]
    else:
        estimators = [RSF(n_estimators=inputs["n_trees"], leaf_size=inputs["leaf_size"],
                          random_state=seed) for seed in seeds]
    assert_matches_r(_mean_test_c(estimators, train, test), fx, "c_index_mean")
