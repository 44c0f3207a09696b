"""Bad input to cv_glmnet gets a clear error naming what is wrong."""

import numpy as np
import pandas as pd
import pytest

from radstats import Surv
from radstats._core.errors import ConvergenceWarning, InputError
from radstats.selection import cv_glmnet


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    y = (X["a"] + rng.normal(size=60) > 0).astype(int)
    surv = Surv(rng.exponential(size=60), rng.random(60) < 0.7)
    return X, y, surv


def test_single_feature_is_an_error(data):
    X, y, _ = data
    with pytest.raises(InputError, match="at least 2 features"):
        cv_glmnet(X[["a"]], y, family="binomial")


def test_constant_column_is_named(data):
    X, y, _ = data
    with pytest.raises(InputError, match="'b'.*constant"):
        cv_glmnet(X.assign(b=1.0), y, family="binomial")


def test_all_missing_column_is_named(data):
    X, y, _ = data
    with pytest.raises(InputError, match="'c'.*entirely missing"):
        cv_glmnet(X.assign(c=np.nan), y, family="binomial")


def test_missing_value_is_named(data):
    X, y, _ = data
    X = X.copy()
    X.loc[5, "b"] = np.nan
    with pytest.raises(InputError, match="'b'.*missing.*row 5"):
        cv_glmnet(X, y, family="binomial")


def test_fold_with_too_few_events_is_named(data):
    X, _, _ = data
    time = np.arange(1.0, 61.0)
    event = np.zeros(60, dtype=int)
    event[[0, 1, 2, 3, 10, 11, 20, 21, 30]] = 1
    foldid = np.repeat([1, 2, 3, 4, 5, 6], 10)
    with pytest.raises(InputError, match="fold 4 has 1 event"):
        cv_glmnet(X, Surv(time, event), family="cox", foldid=foldid)


def test_bad_foldid_and_options(data):
    X, y, surv = data
    with pytest.raises(InputError, match="missing \\[2\\]"):
        cv_glmnet(X, y, family="binomial", foldid=np.resize([1, 3, 4], 60))
    with pytest.raises(InputError, match="at least 3 folds"):
        cv_glmnet(X, y, family="binomial", foldid=np.resize([1, 2], 60))
    with pytest.raises(InputError, match="type_measure"):
        cv_glmnet(X, surv, family="cox", type_measure="auc")
    with pytest.raises(InputError, match="family"):
        cv_glmnet(X, y, family="gaussian")


def test_random_folds_are_reproducible_and_coef_predict_agree(data):
    X, y, surv = data
    first = cv_glmnet(X, y, family="binomial", random_state=3)
    second = cv_glmnet(X, y, family="binomial", random_state=3)
    np.testing.assert_array_equal(first.cvm, second.cvm)
    assert sorted(set(first.foldid)) == list(range(1, 11))
    coef = first.coef("lambda_min")
    eta = coef["(Intercept)"] + X.to_numpy() @ coef[["a", "b", "c"]].to_numpy()
    np.testing.assert_allclose(first.predict(X, s="lambda_min"), eta)
    cox = cv_glmnet(X, surv, family="cox", nfolds=5, random_state=1)
    assert "(Intercept)" not in cox.coef("lambda_1se").index
    assert cox.to_frame().shape == (len(cox.lambda_), 6)


def test_result_does_not_depend_on_n_jobs(data):
    X, y, surv = data
    for outcome, family in ((y, "binomial"), (surv, "cox")):
        one = cv_glmnet(X, outcome, family=family, random_state=2, n_jobs=1)
        two = cv_glmnet(X, outcome, family=family, random_state=2, n_jobs=2)
        np.testing.assert_array_equal(one.cvm, two.cvm)
        np.testing.assert_array_equal(one.beta.to_numpy(), two.beta.to_numpy())


def test_maxit_stops_the_path_with_a_warning(data):
    X, y, _ = data
    with pytest.warns(ConvergenceWarning, match="maxit"):
        fit = cv_glmnet(X, y, family="binomial", random_state=2, maxit=3)
    assert len(fit.lambda_) < 100


def test_fold_whose_training_part_has_one_class_is_named(data):
    X, _, _ = data
    y = np.zeros(60, dtype=int)
    y[[0, 1]] = 1
    foldid = np.repeat([1, 2, 3, 4, 5, 6], 10)
    with pytest.raises(InputError, match="fold 1: the training data .* single class"):
        cv_glmnet(X, y, family="binomial", foldid=foldid)


def test_missing_outcome_is_named(data):
    X, y, surv = data
    with pytest.raises(InputError, match="missing.*position 3"):
        cv_glmnet(X, np.where(np.arange(60) == 3, np.nan, y), family="binomial")
    with pytest.raises(InputError, match="`time` has 1 missing.*position 0"):
        cv_glmnet(X, Surv(np.r_[np.nan, surv.time[1:]], surv.event), family="cox")


@pytest.mark.parametrize("options, message", [
    ({"thresh": 0.0}, "`thresh` must be a positive number; got 0.0"),
    ({"thresh": float("nan")}, "`thresh` must be a positive number"),
    ({"maxit": 0}, "`maxit` must be a positive integer, got 0"),
    ({"maxit": 2.5}, "`maxit` must be a positive integer, got 2.5"),
])
def test_bad_solver_options_are_named(data, options, message):
    X, y, _ = data
    with pytest.raises(InputError, match=message):
        cv_glmnet(X, y, family="binomial", **options)

