"""The screen's survival learners: names, risk direction, selection, determinism,
formula-level properties of the learners implemented from their papers, bad input."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.metrics import concordance_index
from radstats.screen.learners import (
    LEARNERS, SELECTORS, CoxBoost, CoxNet, PLSRCox, StepCox, SuperPC, make_learner,
)
from radstats.screen.learners._cox import CoxRisk, event_folds
from radstats.screen.learners.forest import null_minimal_depth_mean
from radstats.selection import cv_glmnet
from radstats.survival import CoxPH
from radstats.testing import fixture_frame

FAST = {"RSF": {"n_estimators": 100}}  # keep the test suite quick


def simulate(n, p=8, seed=0, harm=1.0, protect=-0.8):
    """x1 raises the hazard, x2 lowers it, the rest are noise; ~25% censored."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, p)), columns=[f"x{j + 1}" for j in range(p)])
    hazard = np.exp(harm * X["x1"] + protect * X["x2"])
    event_time = rng.exponential(1 / hazard)
    censor = rng.exponential(3.0, n)
    return X, Surv(np.minimum(event_time, censor), event_time <= censor)


@pytest.fixture(scope="module")
def data():
    return simulate(160, seed=1), simulate(400, seed=2)


def learner(name, seed=0):
    return make_learner(name, random_state=seed, **FAST.get(name, {}))


ALL = [n for n in LEARNERS if n != "Enet"] + ["Enet[α=0.5]"]


# ---------------------------------------------------------------- names
# Every learner name in the 101 combinations (Liu et al. 2022) and Mime's 117, and the
# selectors (first parts) of the 101 and of Mime's list.
PUBLISHED = ["RSF", "Lasso", "Ridge", "GBM", "CoxBoost", "plsRcox", "SuperPC", "survival-SVM",
             "StepCox[both]", "StepCox[backward]", "StepCox[forward]",
             *[f"Enet[α={a}]" for a in ("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7",
                                        "0.8", "0.9", "1")]]
PUBLISHED_SELECTORS = ["RSF", "Lasso", "StepCox[both]", "StepCox[backward]", "StepCox[forward]",
                       "CoxBoost"]


@pytest.mark.parametrize("name", PUBLISHED)
def test_every_name_of_the_published_lists_resolves(name):
    assert hasattr(make_learner(name), "fit")


def test_the_selectors_are_those_the_published_lists_use():
    assert sorted(SELECTORS) == sorted(PUBLISHED_SELECTORS)


@pytest.mark.parametrize("name, alpha", [("Enet[α=0.3]", 0.3), ("Enet[alpha=0.3]", 0.3),
                                         ("Enet[α=0]", 0.0), ("Enet[alpha = 1]", 1.0),
                                         ("Ridge", 0.0), ("Lasso", 1.0)])
def test_elastic_net_names_give_their_alpha(name, alpha):
    estimator = make_learner(name, random_state=3)
    assert isinstance(estimator, CoxNet)
    assert estimator.alpha == alpha and estimator.random_state == 3


def test_unknown_names_and_options_are_errors_that_list_what_exists():
    with pytest.raises(InputError, match="unknown learner 'XGBoost'; known learners: RSF, "
                                         r"Enet\[α=0..1\], Ridge"):
        make_learner("XGBoost")
    with pytest.raises(InputError, match=r"alpha must lie in \[0, 1\]"):
        make_learner("Enet[α=1.5]")
    with pytest.raises(InputError, match=r"no option\(s\) \['trees'\].*'n_estimators'"):
        make_learner("RSF", trees=10)
    with pytest.raises(InputError, match=r"fixes \['direction'\] by its name"):
        make_learner("StepCox[both]", direction="forward")


def test_random_state_reaches_random_learners_and_not_stepcox():
    assert make_learner("RSF", random_state=7, n_jobs=2).get_params()["random_state"] == 7
    assert "random_state" not in make_learner("StepCox[both]", random_state=7).get_params()


# ---------------------------------------------------------------- every learner
@pytest.mark.parametrize("name", ALL)
def test_risk_is_higher_for_the_harmful_feature_and_discriminates_out_of_sample(name, data):
    (X, y), (X_new, y_new) = data
    fit = learner(name).fit(X, y)
    risk = fit.predict(X_new)
    assert risk.shape == (len(X_new),) and np.isfinite(risk).all()
    # x1 is harmful, x2 protective: higher risk must go with higher x1 and lower x2
    assert np.corrcoef(risk, X_new["x1"])[0, 1] > 0.3
    assert np.corrcoef(risk, X_new["x2"])[0, 1] < -0.2
    # SuperPC keeps at least 5 features and models their leading principal components:
    # with independent features those are mostly noise (see the module test below)
    floor = 0.6 if name == "SuperPC" else 0.7
    assert concordance_index(y_new.time, y_new.event, risk).estimate > floor
    assert list(fit.feature_names_in_) == list(X.columns)


@pytest.mark.parametrize("name", ALL)
def test_refits_with_the_same_seed_are_identical(name, data):
    (X, y), (X_new, _) = data
    first = learner(name, seed=11).fit(X, y).predict(X_new)
    np.testing.assert_array_equal(first, learner(name, seed=11).fit(X, y).predict(X_new))


@pytest.mark.parametrize("name", SELECTORS)
def test_selectors_keep_the_true_features(name, data):
    (X, y), _ = data
    fit = learner(name).fit(X, y)
    assert {"x1", "x2"} <= set(fit.selected_features_) <= set(X.columns)


@pytest.mark.parametrize("name", ["Lasso", "Ridge", "Enet[α=0.5]", "StepCox[both]", "CoxBoost",
                                  "plsRcox", "SuperPC", "survival-SVM"])
def test_linear_learners_predict_their_coefficients(name, data):
    (X, y), (X_new, _) = data
    fit = learner(name).fit(X, y)
    assert list(fit.coef_.index) == list(X.columns)
    risk = fit.predict(X_new)
    # the risk is linear in x with slope coef_ (up to the centring constant)
    np.testing.assert_allclose(risk - X_new.to_numpy() @ fit.coef_.to_numpy(),
                               np.full(len(X_new), (risk - X_new.to_numpy() @ fit.coef_)[0]),
                               atol=1e-10)
    assert fit.coef_["x1"] > 0 > fit.coef_["x2"]


@pytest.mark.parametrize("name", ["RSF", "GBM"])
def test_tree_learners_rank_the_strong_features_first(name, data):
    (X, y), _ = data
    importance = learner(name).fit(X, y).feature_importances_
    assert set(importance.sort_values(ascending=False).index[:2]) == {"x1", "x2"}


def test_predict_takes_columns_by_name_and_names_what_is_missing(data):
    (X, y), (X_new, _) = data
    fit = make_learner("Lasso", random_state=0).fit(X, y)
    np.testing.assert_array_equal(fit.predict(X_new[X_new.columns[::-1]]), fit.predict(X_new))
    with pytest.raises(InputError, match=r"lacks the fitted column\(s\) \['x3'\]"):
        fit.predict(X_new.drop(columns="x3"))
    with pytest.raises(InputError, match="column 'x4' has 1 missing"):
        fit.predict(X_new.assign(x4=np.where(np.arange(len(X_new)) == 5, np.nan, X_new["x4"])))


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name", ALL)
def test_missing_values_are_named(name, data):
    (X, y), _ = data
    bad = X.copy()
    bad.iloc[3, 2] = np.nan
    with pytest.raises(InputError, match="column 'x3' has 1 missing value"):
        learner(name).fit(bad, y)


def test_non_numeric_columns_and_length_mismatch_are_named(data):
    (X, y), _ = data
    with pytest.raises(InputError, match=r"column\(s\) \['site'\] are not numeric"):
        make_learner("CoxBoost").fit(X.assign(site="a"), y)
    with pytest.raises(InputError, match="`X` has 159 rows but `y` has 160"):
        make_learner("GBM").fit(X.iloc[1:], y)


@pytest.mark.parametrize("name", ["CoxBoost", "plsRcox", "SuperPC", "GBM"])
def test_cross_validated_learners_need_an_event_per_fold(name):
    X, y = simulate(40, seed=3)
    few = Surv(y.time, np.arange(40) < 4)  # 4 events, fewer than the folds
    with pytest.raises(InputError, match=r"cross-validation needs at least \d+ events; got 4"):
        make_learner(name).fit(X, few)


def test_survival_svm_needs_positive_times(data):
    (X, y), _ = data
    time = y.time.copy()
    time[7] = 0.0
    with pytest.raises(InputError, match="time must be positive; found 0 at position 7"):
        make_learner("survival-SVM").fit(X, Surv(time, y.event))


def test_backward_stepcox_cannot_start_from_an_unidentifiable_full_model():
    X, y = simulate(40, p=60, seed=4)
    with pytest.raises(InputError, match=r"StepCox\[backward\] starts from the full Cox model "
                                         "of all 60 features, which is not identifiable with 40 "
                                         "patients: select features first"):
        StepCox(direction="backward").fit(X, y)


def test_stepcox_on_collinear_features_is_not_applicable():
    from radstats.screen import NotApplicableError

    X, y = simulate(80, p=4, seed=4)
    X["sum"] = X.iloc[:, 0] + X.iloc[:, 1]
    with pytest.raises(NotApplicableError, match=r"StepCox\[both\] starts from the full Cox "
                                                 r"model of all 5 features, which cannot be "
                                                 r"fitted: .*collinear"):
        StepCox(direction="both").fit(X, y)


def test_both_stepcox_cannot_start_from_a_full_model_without_a_maximum():
    data = fixture_frame({"data": "overfit"})  # 30 features, 20 events, 40 patients
    X, y = data.drop(columns=["time", "status"]), Surv(data["time"], data["status"])
    with pytest.raises(InputError, match=r"StepCox\[both\] starts from the full Cox model of "
                                         r"all 30 features, which does not converge with 20 "
                                         "events"):
        StepCox(direction="both").fit(X, y)
    # the first 12 features (fewer than the events) converge, and the search runs
    assert StepCox(direction="both").fit(X.iloc[:, :12], y).selected_features_


def test_forward_stepcox_runs_with_more_features_than_patients():
    X, y = simulate(50, p=80, seed=5, harm=2.0, protect=-2.0)
    fit = StepCox(direction="forward").fit(X, y)
    assert fit.selected_features_[:2] in (["x1", "x2"], ["x2", "x1"])
    assert fit.stepwise_.path["change"].iloc[1].startswith("+ ")


def test_a_selector_that_keeps_nothing_says_so():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    y = Surv(rng.exponential(1, 60), np.ones(60))  # unrelated to X
    with pytest.raises(InputError, match=r"StepCox\[forward\] kept 0 features"):
        StepCox(direction="forward").fit(X, y)
    with pytest.raises(InputError, match="CoxBoost kept 0 features"):
        CoxBoost(n_steps=0).fit(X, y)


def test_elastic_net_drops_constant_columns_and_needs_two_that_vary(data):
    (X, y), _ = data
    fit = make_learner("Lasso", random_state=0).fit(X.assign(k=1.0), y)
    assert fit.coef_["k"] == 0 and "k" not in fit.selected_features_
    with pytest.raises(InputError, match=r"Enet\[α=0.5\] needs at least 2 non-constant "
                                         r"features; got 1 \['x1'\]"):
        make_learner("Enet[α=0.5]").fit(X[["x1"]].assign(k=1.0), y)


# ---------------------------------------------------------------- Lasso = cv_glmnet
def test_lasso_coefficients_are_cv_glmnets_at_lambda_min(data):
    (X, y), _ = data
    fit = make_learner("Lasso", random_state=5).fit(X, y)
    folds = fit.cv_.foldid
    for k in range(1, 11):  # every fold holds its share of the events
        assert abs(y.event[folds == k].sum() - y.event.sum() / 10) < 1
    reference = cv_glmnet(X, y, family="cox", alpha=1, foldid=folds)
    pd.testing.assert_series_equal(fit.coef_, reference.coef("lambda_min"), check_names=False)
    assert fit.selected_features_ == list(reference.coef("lambda_min").loc[lambda c: c != 0].index)


# ---------------------------------------------------------------- the Cox machinery
def test_batched_cox_fits_equal_coxph_with_efron_ties():
    from radstats.datasets import load_lung

    lung = load_lung().dropna(subset=["ph.ecog", "wt.loss"])
    columns = ["age", "sex", "ph.ecog", "wt.loss"]
    time, event = lung["time"].to_numpy(float), (lung["status"] == 2).to_numpy()
    risk = CoxRisk(time, event)
    beta, loglik = risk.fit_batch(lung[columns].to_numpy(float)[:, None, :])
    reference = CoxPH(ties="efron").fit(lung[columns], Surv(time, event))
    np.testing.assert_allclose(beta[0], reference.coef_.to_numpy(), rtol=1e-8)
    np.testing.assert_allclose(loglik[0], reference.loglik_[1], rtol=1e-10)
    one_at_a_time, _ = risk.fit_batch(lung[columns].to_numpy(float)[:, :, None])
    for j, column in enumerate(columns):
        alone = CoxPH(ties="efron").fit(lung[[column]], Surv(time, event))
        np.testing.assert_allclose(one_at_a_time[j, 0], alone.coef_.iloc[0], rtol=1e-8)


def test_martingale_residuals_are_the_gradient_of_the_efron_partial_likelihood():
    from radstats.datasets import load_lung

    lung = load_lung().dropna(subset=["ph.ecog"])  # integer days: tied event times
    time, event = lung["time"].to_numpy(float), (lung["status"] == 2).to_numpy()
    risk = CoxRisk(time, event)
    eta = 0.02 * lung["age"].to_numpy() - 0.4 * lung["sex"].to_numpy()
    step = 1e-6 * np.eye(len(eta))
    numeric = np.array([(risk.loglik(eta + d) - risk.loglik(eta - d)) / 2e-6 for d in step])
    np.testing.assert_allclose(risk.martingale(eta), numeric, atol=1e-6)


def test_folds_spread_the_events():
    event = np.arange(53) % 3 == 0  # 18 events
    folds = event_folds(event, 5, np.random.default_rng(0), "test")
    per_fold = np.bincount(folds[event], minlength=5)
    assert per_fold.min() >= 3 and per_fold.max() - per_fold.min() <= 1
    assert np.bincount(folds).max() - np.bincount(folds).min() <= 1


# ---------------------------------------------------------------- CoxBoost
def _naive_score_information(Z, time, event, eta):
    """Score and information of every column alone at offset eta, by explicit risk sets
    (no tied event times, where Efron's and Breslow's likelihoods agree)."""
    r = np.exp(eta)
    U, info = np.zeros(Z.shape[1]), np.zeros(Z.shape[1])
    for i in np.flatnonzero(event):
        at_risk = time >= time[i]
        w = r[at_risk] / r[at_risk].sum()
        mean = w @ Z[at_risk]
        U += Z[i] - mean
        info += w @ (Z[at_risk] - mean) ** 2
    return U, info


def test_coxboost_first_step_is_the_penalised_newton_step_on_the_best_penalised_score(data):
    (X, y), _ = data
    fit = CoxBoost(n_steps=1, penalty=50.0).fit(X, y)
    Z = (X - X.mean()) / X.std(ddof=1)
    U, info = _naive_score_information(Z.to_numpy(), y.time, y.event, np.zeros(len(X)))
    best = int(np.argmax(U**2 / (info + 50.0)))
    assert fit.selected_features_ == [X.columns[best]]
    standardized = fit.coef_ * X.std(ddof=1)
    assert standardized.iloc[best] == pytest.approx(U[best] / (info[best] + 50.0), rel=1e-10)


def test_coxboost_second_step_uses_the_first_as_offset(data):
    (X, y), _ = data
    fit = CoxBoost(n_steps=2, penalty=50.0).fit(X, y)
    Z = ((X - X.mean()) / X.std(ddof=1)).to_numpy()
    first = fit.coef_path_.iloc[1].to_numpy() * X.std(ddof=1).to_numpy()
    U, info = _naive_score_information(Z, y.time, y.event, Z @ first)
    best = int(np.argmax(U**2 / (info + 50.0)))
    step = (fit.coef_path_.iloc[2] - fit.coef_path_.iloc[1]).to_numpy() * X.std(ddof=1).to_numpy()
    assert np.flatnonzero(step).tolist() == [best]
    assert step[best] == pytest.approx(U[best] / (info[best] + 50.0), rel=1e-10)


def test_coxboost_default_penalty_is_nine_times_the_events_and_cv_picks_the_steps(data):
    (X, y), _ = data
    fit = CoxBoost(random_state=0, max_steps=60).fit(X, y)
    assert fit.penalty_ == 9 * y.n_events
    assert len(fit.cv_curve_) == 61 and fit.n_steps_ == int(np.argmax(fit.cv_curve_))
    assert len(fit.coef_path_) == fit.n_steps_ + 1


# ---------------------------------------------------------------- plsRcox
def test_plsrcox_first_component_weights_features_by_their_univariate_cox_coefficients(data):
    (X, y), _ = data
    fit = PLSRCox(n_components=1).fit(X, y)
    Z = (X - X.mean()) / X.std(ddof=1)
    w = np.array([CoxPH().fit(Z[[c]], y).coef_.iloc[0] for c in X.columns])
    w /= np.linalg.norm(w)
    t = pd.DataFrame({"t": Z.to_numpy() @ w})
    gamma = CoxPH().fit(t, y).coef_.iloc[0]
    np.testing.assert_allclose(fit.coef_ * X.std(ddof=1), gamma * w, rtol=1e-7)


def test_plsrcox_with_all_components_is_the_cox_model(data):
    (X, y), _ = data
    fit = PLSRCox(n_components=X.shape[1]).fit(X, y)
    np.testing.assert_allclose(fit.coef_, CoxPH().fit(X, y).coef_, rtol=1e-6)


# ---------------------------------------------------------------- SuperPC
def test_superpc_with_threshold_zero_and_all_components_is_the_cox_model(data):
    (X, y), _ = data
    fit = SuperPC(threshold=0.0, n_components=X.shape[1]).fit(X, y)
    np.testing.assert_allclose(fit.coef_, CoxPH().fit(X, y).coef_, rtol=1e-7)


def test_superpc_scores_are_univariate_cox_score_statistics(data):
    (X, y), _ = data
    fit = SuperPC(threshold=1.0, n_components=1).fit(X, y)
    Z = ((X - X.mean()) / X.std(ddof=1)).to_numpy()
    U, info = _naive_score_information(Z, y.time, y.event, np.zeros(len(X)))
    np.testing.assert_allclose(fit.scores_, U / np.sqrt(info), rtol=1e-10)
    kept = np.abs(fit.scores_) >= 1.0
    assert (fit.coef_[~kept] == 0).all() and (fit.coef_[kept] != 0).all()


def test_superpc_finds_a_prognostic_module_of_correlated_features():
    rng = np.random.default_rng(8)
    n, p = 300, 30
    latent = rng.normal(size=n)
    X = pd.DataFrame(rng.normal(size=(n, p)), columns=[f"g{j + 1}" for j in range(p)])
    X.iloc[:, :6] += 1.5 * latent[:, None]  # g1..g6 measure one latent prognostic factor
    event_time = rng.exponential(np.exp(-latent))
    y = Surv(event_time, np.ones(n))
    fit = SuperPC(random_state=0).fit(X.iloc[:150], y[:150])
    assert set(fit.coef_[fit.coef_ != 0].index) >= {f"g{j}" for j in range(1, 7)}
    assert (fit.coef_.iloc[:6] > 0).all()
    assert concordance_index(y.time[150:], y.event[150:], fit.predict(X.iloc[150:])).estimate > 0.7


def test_superpc_cross_validation_chooses_from_its_grid(data):
    (X, y), _ = data
    fit = SuperPC(random_state=0).fit(X, y)
    assert fit.cv_curve_.shape == (20, 3)
    assert fit.threshold_ in fit.thresholds_ and 1 <= fit.n_components_ <= 3
    with pytest.raises(InputError, match="give both `threshold` and `n_components`"):
        SuperPC(threshold=1.0).fit(X, y)


# ---------------------------------------------------------------- RSF selection rules
def test_null_minimal_depth_of_a_stump_and_of_a_two_level_tree():
    # one split at the root: the feature is at depth 0 with probability 1/p, else 1
    assert null_minimal_depth_mean(np.array([1]), 4) == pytest.approx(0.75)
    # splits 1 and 2 at depths 0, 1 (tree depth 2), p = 2:
    # P(0) = 1/2, P(1) = 1/2 * (1 - 1/4), P(2) = 1/2 * 1/4
    assert null_minimal_depth_mean(np.array([1, 2]), 2) == pytest.approx(0.375 + 2 * 0.125)


def test_rsf_selection_rules(data):
    (X, y), _ = data
    by_vimp = make_learner("RSF", random_state=0, n_estimators=100).fit(X, y)
    scaled = (by_vimp.feature_importances_ - by_vimp.feature_importances_.min())
    scaled /= scaled.max()
    assert set(by_vimp.selected_features_) == set(scaled[scaled > 0.4].index)
    by_depth = make_learner("RSF", random_state=0, n_estimators=100,
                            selection="minimal_depth").fit(X, y)
    assert by_depth.selected_features_[0] in ("x1", "x2")
    assert (by_depth.minimal_depth_[by_depth.selected_features_]
            < by_depth.minimal_depth_threshold_).all()


def test_rsf_computes_its_importances_only_when_asked(data):
    import pickle

    from radstats.screen.learners.forest import permutation_vimp

    (X, y), _ = data
    fit = make_learner("RSF", random_state=4, n_estimators=60).fit(X, y)
    fit.predict(X)
    assert fit._computed == {}  # a forest used as a model never permutes
    again = pickle.loads(pickle.dumps(fit))  # its trees' class is found by name
    np.testing.assert_array_equal(again.predict(X), fit.predict(X))
    # the same importances as computed at fit time, with the same permutations
    expected = permutation_vimp(fit.forest_, X.to_numpy(float), y,
                                np.random.default_rng([4, 1]))
    np.testing.assert_array_equal(fit.feature_importances_.to_numpy(), expected)
    assert fit.selected_features_ == again.selected_features_
    assert set(fit._computed) == {"vimp", "selected"}


def test_a_screen_fitting_rsf_as_the_model_never_permutes(data, monkeypatch):
    from radstats.screen import run_screen
    from radstats.screen.learners import forest

    def refuse(*args, **kwargs):
        raise AssertionError("permutation importance computed")

    monkeypatch.setattr(forest, "permutation_vimp", refuse)
    (X, y), _ = data
    train = X.assign(time=y.time, event=y.event.astype(int))
    result = run_screen(train, combinations=["RSF"], random_state=1, progress=False,
                        learners={"RSF": lambda random_state=None: make_learner(
                            "RSF", random_state=random_state, n_estimators=30)})
    row = result.table.iloc[0]
    assert row["status"] == "ok"
    assert row["n_features"] == X.shape[1]  # the forest predicts from every column
