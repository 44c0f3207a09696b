"""Logit: bad input gets a clear error or warning naming the problem."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from radstats import InputError
from radstats.logistic import Logit, SeparationWarning


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    X = pd.DataFrame({"age": rng.normal(60, 8, 80).round(1),
                      "stage": pd.Categorical(rng.choice(["I", "II", "III"], 80))})
    y = (rng.random(80) < 1 / (1 + np.exp(-(X["age"] - 60) / 8))).astype(int)
    return X, y


def test_rejects_non_binary_and_single_class_outcomes(data):
    X, _ = data
    with pytest.raises(InputError, match="0/1 or boolean; found 2 at position 0"):
        Logit().fit(X, np.full(80, 2))
    with pytest.raises(InputError, match="single class"):
        Logit().fit(X, np.zeros(80))


def test_names_missing_values_and_unseen_levels(data):
    X, y = data
    with pytest.raises(InputError, match="column 'age' has 1 missing value.*row 3"):
        Logit().fit(X.assign(age=X["age"].where(X.index != 3)), y)
    fit = Logit().fit(X, y)
    assert fit.coef_.index.tolist() == ["(Intercept)", "age", "stageII", "stageIII"]
    with pytest.raises(InputError, match=r"'stage' has level\(s\) \['IV'\] not seen"):
        fit.predict_proba(X.head(1).assign(stage="IV"))


@pytest.mark.filterwarnings("ignore::radstats.ConvergenceWarning")  # R does not converge either
def test_separation_warns_naming_the_variable(data):
    X, _ = data
    y = (X["age"] > 60).astype(int)
    with pytest.warns(SeparationWarning, match=r"separation, most likely by \['age'"):
        Logit().fit(X, y)


def test_is_a_scikit_learn_classifier(data):
    X, y = data
    fit = clone(Logit(alpha=0.1)).fit(X, y)
    prob = fit.predict_proba(X)
    assert prob.shape == (80,) and ((prob > 0) & (prob < 1)).all()
    assert set(fit.predict(X)) <= {0, 1}
    assert fit.summary()["or_lower"].lt(fit.summary()["or"]).all()


def test_rejects_an_unknown_interval_method(data):
    X, y = data
    with pytest.raises(InputError, match="`ci` must be 'wald' or 'profile', got 'score'"):
        Logit(ci="score").fit(X, y)


def test_profile_intervals_are_asymmetric_and_survive_the_model_card(data):
    X, y = data
    wald, profile = Logit().fit(X, y), Logit(ci="profile").fit(X, y)
    pd.testing.assert_frame_equal(profile.summary().drop(columns=["or_lower", "or_upper"]),
                                  wald.summary().drop(columns=["or_lower", "or_upper"]))
    limits = profile.result_.conf_int()
    assert (limits["lower"] < profile.coef_).all() and (limits["upper"] > profile.coef_).all()
    assert not np.allclose(limits.to_numpy(), wald.result_.conf_int().to_numpy(), rtol=1e-3)
    again = Logit.from_json(profile.to_json())
    pd.testing.assert_frame_equal(again.summary(), profile.summary())


def test_names_collinear_and_constant_terms(data):
    X, y = data
    with pytest.raises(InputError, match=r"term\(s\) \['age_months'\] are collinear"):
        Logit().fit(X.assign(age_months=X["age"] * 12), y)
    with pytest.raises(InputError, match=r"column\(s\) \['site'\] are constant"):
        Logit().fit(X.assign(site=1.0), y)


@pytest.mark.filterwarnings("ignore::radstats.logistic.SeparationWarning")
def test_warns_when_there_are_fewer_events_than_terms(data):
    X, _ = data
    y = np.zeros(80, dtype=int)
    y[:2] = 1
    from radstats import EventsPerVariableWarning

    with pytest.warns(EventsPerVariableWarning, match=r"fewer events \(or non-events\) \(2\) "
                                                      r"than terms \(3\)"):
        Logit().fit(X, y)


def test_names_columns_missing_at_prediction(data):
    X, y = data
    fit = Logit().fit(X, y)
    with pytest.raises(InputError, match=r"lacks column\(s\) used at fit time: \['stage'\]"):
        fit.predict_proba(X.drop(columns="stage"))


@pytest.mark.filterwarnings("ignore::radstats.ConvergenceWarning")
def test_profile_limits_are_undefined_under_separation(data):
    X, _ = data
    with pytest.warns(SeparationWarning):
        fit = Logit(ci="profile").fit(X, (X["age"] > 60).astype(int))
    assert fit.result_.conf_int().isna().all().all()
    assert fit.summary()["or_upper"].isna().all()


def test_wald_limits_at_another_alpha_and_profile_limits_only_at_their_own(data):
    from scipy import stats

    X, y = data
    wald = Logit().fit(X, y).result_
    limits = wald.conf_int(alpha=0.1)
    half = stats.norm.ppf(0.95) * wald.bse
    np.testing.assert_allclose(limits["upper"], wald.params + half, rtol=1e-14)
    np.testing.assert_allclose(np.exp(wald.conf_int()["lower"]), wald.summary()["or_lower"],
                               rtol=1e-12)
    profile = Logit(ci="profile").fit(X, y).result_
    with pytest.raises(InputError, match="profile limits were computed at alpha = 0.05"):
        profile.conf_int(alpha=0.1)
