"""LassoCox, ElasticNetCox and LassoLogistic: scikit-learn behaviour around cv_glmnet."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from radstats import Surv
from radstats._core.errors import InputError
from radstats.selection import ElasticNetCox, LassoCox, LassoLogistic, ZScore, cv_glmnet


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(4)
    X = pd.DataFrame(rng.normal(size=(90, 8)), columns=[f"f{j}" for j in range(8)])
    surv = Surv(rng.exponential(np.exp(-1.2 * X["f0"] + 0.8 * X["f3"])), rng.random(90) < 0.8)
    label = np.where(X["f1"] - X["f2"] + rng.normal(size=90) > 0, "high", "low")
    return X, surv, label


def test_lasso_cox_is_cv_glmnet_at_the_chosen_lambda(data):
    X, surv, _ = data
    for s in ("lambda_min", "lambda_1se"):
        model = LassoCox(s=s, random_state=3).fit(X, surv)
        reference = cv_glmnet(X, surv, family="cox", random_state=3)
        pd.testing.assert_series_equal(model.coef_, reference.coef(s).rename("coef"))
        assert model.lambda_ == getattr(reference, s)
        assert model.selected_features_ == list(model.coef_.index[model.coef_ != 0])
        np.testing.assert_allclose(model.predict(X), reference.predict(X, s=s))
    assert "f0" in LassoCox(random_state=3).fit(X, surv).selected_features_


def test_elastic_net_passes_alpha_and_clones(data):
    X, surv, _ = data
    model = ElasticNetCox(alpha=0.3, nfolds=5, random_state=1)
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    fitted = copy.fit(X, surv)
    assert fitted.cv_.meta["alpha"] == 0.3
    assert not hasattr(model, "cv_")
    assert 0.5 < fitted.score(X, surv) <= 1


def test_cox_pipeline_with_zscore(data):
    X, surv, _ = data
    pipe = Pipeline([("z", ZScore()), ("lasso", LassoCox(s="lambda_1se", random_state=2))])
    risk = clone(pipe).fit(X, surv).predict(X)
    assert risk.shape == (90,)
    assert pipe.set_params(lasso__s="lambda_min").get_params()["lasso__s"] == "lambda_min"
    # the same ordering of patients as fitting on raw features (z-scores are affine)
    raw = LassoCox(s="lambda_1se", random_state=2).fit(X, surv).predict(X)
    np.testing.assert_allclose(np.corrcoef(risk, raw)[0, 1], 1.0)


def test_lasso_logistic_probabilities_and_labels(data):
    X, _, label = data
    model = LassoLogistic(random_state=5).fit(X, label)
    assert model.classes_.tolist() == ["high", "low"]
    proba = model.predict_proba(X)
    reference = cv_glmnet(X, (label == "low").astype(int), family="binomial", random_state=5)
    np.testing.assert_allclose(proba[:, 1], reference.predict(X, s="lambda_min", type="response"))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert set(model.predict(X)) <= {"high", "low"}
    assert model.score(X, label) > 0.6
    assert model.intercept_ == reference.coef("lambda_min")["(Intercept)"]
    assert "(Intercept)" not in model.coef_.index


def test_logistic_pipeline_clones_and_predicts_on_arrays(data):
    X, _, label = data
    pipe = clone(Pipeline([("z", ZScore()), ("lasso", LassoLogistic(nfolds=5, random_state=0))]))
    pipe.fit(X, label)
    assert pipe.predict(X).shape == (90,)
    fitted = pipe.named_steps["lasso"]
    np.testing.assert_allclose(fitted.decision_function(pipe[:-1].transform(X).to_numpy()),
                               fitted.decision_function(pipe[:-1].transform(X)))


def test_estimator_bad_input(data):
    X, surv, label = data
    with pytest.raises(InputError, match="two classes"):
        LassoLogistic().fit(X, np.repeat(["a", "b", "c"], 30))
    with pytest.raises(InputError, match="`s`"):
        LassoCox(s="best").fit(X, surv)
    with pytest.raises(InputError, match="not fitted"):
        LassoCox().predict(X)


def test_logistic_names_missing_labels(data):
    X, _, label = data
    label = label.astype(object)
    label[7] = None
    with pytest.raises(InputError, match="missing labels, first at row 7"):
        LassoLogistic().fit(X, label)
