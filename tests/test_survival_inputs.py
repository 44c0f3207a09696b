"""Bad input gets a clear error naming the problem; behaviour beyond R parity."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from radstats import InputError, MonotoneLikelihoodWarning, Surv
from radstats.datasets import load_lung
from radstats.metrics import concordance_index
from radstats.survival import CoxPH, kaplan_meier, logrank_test


@pytest.fixture(scope="module")
def lung():
    data = load_lung().dropna(subset=["ph.ecog"]).reset_index(drop=True)
    return data, Surv(data["time"], data["status"] == 2)


# --- Surv -------------------------------------------------------------------
@pytest.mark.parametrize("time, message", [
    ([1.0, np.nan, 3.0], "`time` has 1 missing or infinite value.*position 1"),
    ([1.0, 2.0, np.inf], "`time` has 1 missing or infinite.*position 2"),
    ([1.0, -2.0, 3.0], "non-negative; found -2 at position 1"),
])
def test_surv_rejects_bad_times(time, message):
    with pytest.raises(InputError, match=message):
        Surv(time, [1, 0, 1])


def test_surv_names_the_row_label_of_a_series():
    time = pd.Series([1.0, np.nan], index=["p07", "p08"])
    with pytest.raises(InputError, match="row 'p08'"):
        Surv(time, [1, 1])


def test_surv_rejects_length_mismatch():
    with pytest.raises(InputError, match="differ in length: time=3, event=2"):
        Surv([1, 2, 3], [1, 0])


def test_surv_rejects_r_status_coding_with_a_hint():
    with pytest.raises(InputError, match=r"found 2 at position 0.*pass `status == 2`"):
        Surv([1, 2], [2, 1])


def test_surv_rejects_all_censored():
    with pytest.raises(InputError, match="no events among 3 observations"):
        Surv([1, 2, 3], [0, 0, 0])


def test_surv_subsets_and_round_trips_structured():
    y = Surv([3.0, 1.0, 2.0], [True, False, True])
    assert y[[0, 2]].time.tolist() == [3.0, 2.0]
    again = Surv.from_structured(y.to_structured())
    assert again.time.tolist() == y.time.tolist() and again.event.tolist() == y.event.tolist()


# --- CoxPH -------------------------------------------------------------------
def test_coxph_names_column_and_row_with_missing_values(lung):
    data, y = lung
    X = data[["age", "wt.loss"]]
    first = int(np.flatnonzero(X["wt.loss"].isna())[0])
    with pytest.raises(InputError, match=rf"column 'wt.loss' has \d+ missing.*row {first}"):
        CoxPH().fit(X, y)


def test_coxph_names_constant_and_collinear_columns(lung):
    data, y = lung
    X = data[["age", "sex"]].assign(site=1.0)
    with pytest.raises(InputError, match=r"\['site'\] are constant"):
        CoxPH().fit(X, y)
    X = data[["age", "sex"]].assign(age_months=data["age"] * 12)
    with pytest.raises(InputError, match="collinear"):
        CoxPH().fit(X, y)


def test_coxph_rejects_unknown_ties_and_plain_arrays_as_outcome(lung):
    data, y = lung
    with pytest.raises(InputError, match="`ties` must be one of"):
        CoxPH(ties="exact").fit(data[["age"]], y)
    with pytest.raises(InputError, match="must be a radstats.Surv"):
        CoxPH().fit(data[["age"]], data["time"])


def test_coxph_names_unseen_level_and_missing_column_at_prediction(lung):
    data, y = lung
    X = data[["age"]].assign(arm=pd.Categorical(np.where(data.index % 2, "a", "b")))
    fit = CoxPH().fit(X, y)
    assert fit.coef_.index.tolist() == ["age", "armb"]
    with pytest.raises(InputError, match=r"column 'arm' has level\(s\) \['c'\] not seen"):
        fit.predict(X.head(2).assign(arm=["a", "c"]))
    with pytest.raises(InputError, match=r"lacks column\(s\) used at fit time: \['arm'\]"):
        fit.predict(X[["age"]])


def test_coxph_warns_naming_a_diverging_variable():
    time = np.arange(1.0, 21.0)
    event = np.tile([1, 0], 10)
    X = pd.DataFrame({"never_fails": np.where(event == 0, 1.0, 0.0) * (np.arange(20) < 12),
                      "age": 50 + 10 * np.sin(np.arange(20))})
    with pytest.warns(MonotoneLikelihoodWarning, match=r"\['never_fails'\]"):
        CoxPH().fit(X, Surv(time, event))


def test_coxph_is_a_scikit_learn_estimator(lung):
    data, y = lung
    model = clone(CoxPH(ties="breslow"))
    assert model.get_params()["ties"] == "breslow"
    fit = model.fit(data[["age", "sex"]], y)
    survival = fit.predict_survival(data[["age", "sex"]].head(3), [0, 180, 365])
    assert survival.shape == (3, 3) and (survival[0.0] == 1).all()
    assert (np.diff(survival.to_numpy(), axis=1) <= 0).all()


# --- Kaplan–Meier and log-rank ------------------------------------------------
def test_kaplan_meier_rejects_bad_options_and_missing_groups():
    with pytest.raises(InputError, match="`conf_type` must be one of"):
        kaplan_meier([1, 2], [1, 1], conf_type="logit")
    with pytest.raises(InputError, match="`group` has missing values, first at position 1"):
        kaplan_meier([1, 2], [1, 1], group=["a", None])


def test_kaplan_meier_at_warns_about_times_after_follow_up():
    km = kaplan_meier([1, 2, 3, 8], [1, 0, 1, 1], group=["a", "a", "b", "b"])
    with pytest.warns(UserWarning, match=r"group 'a': time\(s\) \[5.0\] after the last follow-up"):
        at = km.at([1, 5])
    assert at["group"].tolist() == ["a", "b", "b"]
    extended = km.at([1, 5], extend=True)
    assert extended.loc[1, "n_risk"] == 0 and extended.loc[1, "surv"] == pytest.approx(0.5)


def test_logrank_needs_two_groups():
    with pytest.raises(InputError, match="single level"):
        logrank_test([1, 2, 3], [1, 1, 0], ["a", "a", "a"])


# --- concordance ----------------------------------------------------------------
def test_concordance_rejects_mismatch_and_missing_risk():
    with pytest.raises(InputError, match="time=3, risk=2"):
        concordance_index([1, 2, 3], [1, 1, 1], [0.1, 0.2])
    with pytest.raises(InputError, match="`risk` has 1 missing"):
        concordance_index([1, 2, 3], [1, 1, 1], [0.1, np.nan, 0.3])


def _brute_force_counts(time, event, risk):
    counts = dict.fromkeys(["concordant", "discordant", "tied_risk", "tied_time", "tied_both"], 0)
    for i in range(len(time)):
        for j in range(len(time)):
            if i == j or not event[i]:
                continue
            if time[i] == time[j] and event[j]:
                if i < j:
                    counts["tied_both" if risk[i] == risk[j] else "tied_time"] += 1
            elif time[i] < time[j] or (time[i] == time[j] and not event[j]):
                key = ("tied_risk" if risk[i] == risk[j]
                       else "concordant" if risk[i] > risk[j] else "discordant")
                counts[key] += 1
    return counts


@pytest.mark.parametrize("seed", range(5))
def test_concordance_counts_equal_a_brute_force_count(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 120))
    time = rng.integers(1, 15, n).astype(float)
    event = rng.random(n) < 0.6
    event[0] = True
    risk = rng.integers(0, 6, n).astype(float)
    result = concordance_index(time, event, risk)
    assert {k: getattr(result, k) for k in _brute_force_counts(time, event, risk)} == \
        _brute_force_counts(time, event, risk)


def test_concordance_rejects_unknown_methods_and_empty_restrictions():
    with pytest.raises(InputError, match="'harrell' or 'uno'"):
        concordance_index([1, 2, 3], [1, 1, 1], [0.1, 0.2, 0.3], method="gonen")
    with pytest.raises(InputError, match="no comparable pairs.*up to tau = 0.5"):
        concordance_index([1, 2, 3], [1, 1, 1], [0.1, 0.2, 0.3], tau=0.5)


def test_uno_weights_equal_harrell_without_censoring():
    rng = np.random.default_rng(7)
    time, risk = rng.exponential(size=50), rng.normal(size=50)
    harrell = concordance_index(time, np.ones(50), risk)
    uno = concordance_index(time, np.ones(50), risk, method="uno")
    assert uno.estimate == pytest.approx(harrell.estimate, rel=1e-12)


@pytest.mark.parametrize("n", [601, 1500, 4097])
def test_merge_pair_counting_equals_direct_counting(n):
    from radstats.metrics import concordance

    rank = np.random.default_rng(n).integers(0, n // 7, n)
    less, equal = concordance._later_counts(rank)
    later = np.triu(np.ones((n, n), dtype=bool), k=1)
    assert n > concordance._DIRECT_MAX
    np.testing.assert_array_equal(less, ((rank[None, :] < rank[:, None]) & later).sum(axis=1))
    np.testing.assert_array_equal(equal, ((rank[None, :] == rank[:, None]) & later).sum(axis=1))


@pytest.mark.filterwarnings("ignore::radstats.MonotoneLikelihoodWarning")
def test_coxph_warns_when_there_are_fewer_events_than_terms(lung):
    from radstats import EventsPerVariableWarning

    data, _ = lung
    head = data.head(30)
    event = np.zeros(30, dtype=bool)
    event[:2] = True
    with pytest.warns(EventsPerVariableWarning, match=r"fewer events \(2\) than terms \(3\)"):
        CoxPH().fit(head[["age", "sex", "ph.ecog"]], Surv(head["time"], event))
