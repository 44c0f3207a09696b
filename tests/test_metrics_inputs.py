"""ROC metrics: bad input gets a clear error naming the problem."""

import numpy as np
import pytest

from radstats import InputError
from radstats.metrics import delong_test, roc_auc, roc_curve


def test_rejects_bad_outcomes():
    with pytest.raises(InputError, match="single class"):
        roc_auc([1, 1, 1], [0.2, 0.5, 0.7])
    with pytest.raises(InputError, match="0/1 or boolean; found 2 at position 1"):
        roc_auc([0, 2, 1], [0.2, 0.5, 0.7])


def test_names_missing_scores_and_mismatched_lengths():
    with pytest.raises(InputError, match="`score` has 1 missing.*position 2"):
        roc_auc([0, 1, 1], [0.2, 0.5, np.nan])
    with pytest.raises(InputError, match="y=3, score=2"):
        roc_curve([0, 1, 1], [0.2, 0.5])


def test_rejects_bad_options():
    with pytest.raises(InputError, match="`direction` must be one of"):
        roc_auc([0, 1], [0.1, 0.9], direction="up")
    with pytest.raises(InputError, match="`ci` must be one of"):
        roc_auc([0, 1], [0.1, 0.9], ci="exact")
    with pytest.raises(InputError, match="unpaired test needs `y2`"):
        delong_test([0, 1, 0, 1], [.1, .9, .2, .8], [.3, .6, .4, .7], paired=False)


def test_warns_when_curves_point_in_different_directions():
    y = [0, 0, 1, 1, 0, 1]
    with pytest.warns(UserWarning, match="different directions"):
        delong_test(y, [.1, .2, .8, .9, .3, .7], [.9, .8, .1, .2, .7, .3])


def test_auc_is_symmetric_under_direction():
    y = [0, 0, 1, 1, 0, 1]
    score = np.array([.1, .4, .35, .8, .2, .9])
    assert roc_auc(y, score, direction="<").estimate == pytest.approx(
        roc_auc(y, -score, direction=">").estimate)


def test_hosmer_lemeshow_rejects_bad_probabilities_and_warns_on_ties():
    from radstats.metrics import hosmer_lemeshow

    with pytest.raises(InputError, match=r"must lie in \[0, 1\]; found 1.2 at position 1"):
        hosmer_lemeshow([0, 1, 1], [0.2, 1.2, 0.5])
    y = np.tile([0, 1], 20)
    prob = np.repeat([0.2, 0.4, 0.6, 0.8], 10)
    with pytest.warns(UserWarning, match="only 4 distinct risk groups from 10 requested"):
        result = hosmer_lemeshow(y, prob, g=10)
    assert result.df == 8 and len(result.table) == 4


def test_decision_curve_rejects_thresholds_outside_the_unit_interval():
    from radstats.metrics import decision_curve

    with pytest.raises(InputError, match=r"`thresholds` must lie in \[0, 1\)"):
        decision_curve([0, 1], [0.2, 0.8], thresholds=[0.5, 1.0])


def test_youden_reports_every_tied_threshold():
    from radstats.metrics import youden

    result = youden([0, 1, 0, 1], [1, 2, 3, 4])  # J = 0.5 at 1.5 and at 3.5
    assert result.meta["tied_thresholds"] == [1.5, 3.5]
    assert (result.threshold, result.youden_index) == (1.5, 0.5)


def test_calibration_stats_warns_about_probabilities_of_zero_or_one():
    from radstats.metrics import calibration_stats

    y = [0, 1, 0, 1, 0, 1, 1, 0, 1]
    prob = [0.0, .3, .6, .8, .4, .7, .5, .2, 1.0]
    with pytest.warns(UserWarning, match="2 observation.*probability 0 or 1 left out"):
        result = calibration_stats(y, prob)
    assert result.n == 9 and 0 <= result.brier <= 1


# --- bootstrap ------------------------------------------------------------------
def _auc(y, p):
    from radstats.metrics import roc_auc

    return roc_auc(y, p, direction="<").estimate


def test_bootstrap_is_identical_for_any_number_of_workers():
    from radstats.metrics import bootstrap_ci

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 120)
    p = np.clip(0.3 * y + rng.random(120) * 0.7, 0, 1)
    one = bootstrap_ci(_auc, y, p, n_boot=300, random_state=11, n_jobs=1)
    two = bootstrap_ci(_auc, y, p, n_boot=300, random_state=11, n_jobs=2)
    np.testing.assert_array_equal(one.replicates, two.replicates)
    assert not np.array_equal(one.replicates,
                              bootstrap_ci(_auc, y, p, n_boot=300, random_state=12).replicates)


def test_bootstrap_warns_about_replicates_that_cannot_be_estimated():
    from radstats.metrics import bootstrap_ci

    y, p = [0, 0, 0, 0, 1], [0.1, 0.2, 0.3, 0.4, 0.9]  # many resamples lack the single case
    with pytest.warns(UserWarning, match="replicates were not estimable"):
        result = bootstrap_ci(_auc, y, p, n_boot=50, random_state=0)
    assert result.n_boot < 50


def test_bootstrap_rejects_unknown_methods_and_mismatched_arrays():
    from radstats.metrics import bootstrap_ci

    with pytest.raises(InputError, match="`method` must be one of"):
        bootstrap_ci(_auc, [0, 1], [0.2, 0.8], method="studentized")
    with pytest.raises(InputError, match="array1=2, array2=3"):
        bootstrap_ci(_auc, [0, 1], [0.2, 0.8, 0.5])


def test_time_dependent_cindex_rejects_horizons_before_the_first_event():
    from radstats.metrics import time_dependent_cindex

    with pytest.raises(InputError, match=r"horizon\(s\) \[0.5\] precede the first event"):
        time_dependent_cindex([1, 2, 3], [1, 1, 0], [0.3, 0.2, 0.1], [0.5, 2])


def test_classification_summary_handles_empty_cells_and_bad_direction():
    from radstats.metrics import classification_summary

    res = classification_summary([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], threshold=0.9)
    assert (res.tp, res.fp) == (0, 0) and np.isnan(res.ppv)
    assert res.cells()["ppv"] == "NA [0/0]" and res.cells()["npv"] == "0.50 [2/4]"
    with pytest.raises(InputError, match="`direction` must be '<' or '>'"):
        classification_summary([0, 1], [0.1, 0.9], 0.5, direction="auto")


def test_survival_decision_curve_needs_events_by_the_horizon():
    from radstats.metrics import decision_curve_survival

    with pytest.raises(InputError, match="no events by the horizon 1"):
        decision_curve_survival([2, 3, 4], [1, 0, 1], [0.2, 0.5, 0.7], horizon=1)
    with pytest.raises(InputError, match=r"must lie in \[0, 1\]"):
        decision_curve_survival([2, 3, 4], [1, 0, 1], [0.2, 1.5, 0.7], horizon=3)


def test_time_dependent_auc_names_times_beyond_follow_up_and_bad_options():
    from radstats.metrics import time_dependent_auc

    time, event, marker = [1, 2, 3, 4, 5], [1, 0, 1, 1, 0], [0.9, 0.1, 0.5, 0.4, 0.2]
    with pytest.raises(InputError, match=r"time\(s\) \[5.0, 7.0\] at or beyond the last "
                                         r"follow-up \(5\)"):
        time_dependent_auc(time, event, marker, [2, 5, 7])
    with pytest.raises(InputError, match="at time 0.5 there are 0 cases"):
        time_dependent_auc(time, event, marker, [0.5])
    with pytest.raises(InputError, match="`cases` must be one of"):
        time_dependent_auc(time, event, marker, [2], cases="leq")
    with pytest.raises(InputError, match="`marker` has 1 missing"):
        time_dependent_auc(time, event, [0.9, np.nan, 0.5, 0.4, 0.2], [2])


def test_time_dependent_auc_lt_leaves_out_events_at_the_time():
    from radstats.metrics import time_dependent_auc

    time, event = [1, 2, 2, 3, 4, 5], [1, 1, 0, 1, 0, 1]
    marker = [0.9, 0.8, 0.1, 0.5, 0.4, 0.2]
    le = time_dependent_auc(time, event, marker, [2], cases="le")
    lt = time_dependent_auc(time, event, marker, [2], cases="lt")
    assert (le["cases"].item(), lt["cases"].item()) == (2, 1)
    assert le["controls"].item() == lt["controls"].item() == 3


def test_bootstrap_auc_is_stratified_and_independent_of_workers():
    rng = np.random.default_rng(3)
    y = np.r_[np.ones(30), np.zeros(70)]
    score = y * 0.8 + rng.normal(size=100)
    one = roc_auc(y, score, ci="bootstrap", n_boot=200, random_state=5, n_jobs=1)
    two = roc_auc(y, score, ci="bootstrap", n_boot=200, random_state=5, n_jobs=2)
    assert (one.ci_lower, one.ci_upper, one.variance) == (two.ci_lower, two.ci_upper, two.variance)
    assert one.estimate == roc_auc(y, score).estimate
    assert one.ci_lower < one.estimate < one.ci_upper and one.meta["method"] == "bootstrap"


# --- calibration curves ------------------------------------------------------------
def test_calibration_curve_rejects_bad_input():
    from radstats.metrics import calibration_curve

    with pytest.raises(InputError, match="`method` must be one of"):
        calibration_curve([0, 1], [0.2, 0.8], method="loess")
    with pytest.raises(InputError, match="`n_bins` must be a positive integer"):
        calibration_curve([0, 1], [0.2, 0.8], method="bins", n_bins=0)
    with pytest.raises(InputError, match=r"must lie in \[0, 1\]; found -0.1 at position 0"):
        calibration_curve([0, 1], [-0.1, 0.8])
    with pytest.raises(InputError, match="single class"):
        calibration_curve([1, 1, 1], [0.2, 0.5, 0.8])
    with pytest.raises(InputError, match="`prob` has 1 missing"):
        calibration_curve([0, 1, 1], [0.2, np.nan, 0.8])


def _calibrate_data(n=120, seed=0):
    import pandas as pd

    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = (rng.random(n) < 1 / (1 + np.exp(-(X["a"] - 0.5 * X["b"])))).astype(int)
    return X, y


def test_calibrate_is_identical_for_any_number_of_workers():
    from radstats.logistic import Logit
    from radstats.metrics.calibrate import calibrate

    X, y = _calibrate_data()
    one = calibrate(Logit(), X, y, n_boot=20, random_state=4, n_jobs=1)
    two = calibrate(Logit(), X, y, n_boot=20, random_state=4, n_jobs=2)
    import pandas as pd

    pd.testing.assert_frame_equal(one.curve, two.curve)
    assert one.n_boot == 20 and (one.curve["n"] <= 20).all()
    np.testing.assert_allclose(one.curve["corrected"], one.curve["apparent"] - one.curve["optimism"])


def test_calibrate_rejects_bad_input():
    from radstats.logistic import Logit
    from radstats.metrics.calibrate import calibrate

    X, y = _calibrate_data()
    with pytest.raises(InputError, match="more than 10 patients"):
        calibrate(Logit(), X.iloc[:8], y[:8])
    with pytest.raises(InputError, match=r"`resamples` must be \(n_boot, 120\) row indices"):
        calibrate(Logit(), X, y, resamples=np.zeros((3, 50), dtype=int))
    with pytest.raises(InputError, match="single class"):
        calibrate(Logit(), X, np.zeros(120))
    bad = X.copy()
    bad.loc[7, "b"] = np.nan
    with pytest.raises(InputError, match="column 'b' has 1 missing value.*row 7"):
        calibrate(Logit(), bad, y)


def test_survival_calibration_names_a_horizon_beyond_follow_up_and_bad_input():
    from radstats.metrics import survival_calibration

    time, event = [2, 4, 5, 7, 8, 9], [1, 1, 0, 1, 0, 1]
    prob = [.3, .4, .5, .6, .7, .8]
    with pytest.raises(InputError, match=r"`horizon` 12 is beyond the last follow-up \(9\)"):
        survival_calibration(time, event, prob, horizon=12)
    with pytest.raises(InputError, match=r"`surv_prob` must lie in \[0, 1\]; found 1.3 at position 2"):
        survival_calibration(time, event, [.3, .4, 1.3, .6, .7, .8], horizon=5)
    with pytest.raises(InputError, match="`surv_prob` has 1 missing"):
        survival_calibration(time, event, [.3, .4, np.nan, .6, .7, .8], horizon=5)
    with pytest.raises(InputError, match="`groups` must be a positive integer"):
        survival_calibration(time, event, prob, horizon=5, groups=0)
    with pytest.raises(InputError, match="time=6, surv_prob=5"):
        survival_calibration(time, event, prob[:5], horizon=5)


def test_survival_calibration_warns_about_groups_without_an_estimate():
    from radstats.metrics import survival_calibration

    time, event = [2, 3, 4, 5, 7, 8, 9, 10], [1, 0, 1, 0, 1, 0, 1, 1]
    prob = [.9, .8, .85, .7, .3, .4, .2, .1]  # the high group's follow-up ends at 5
    with pytest.warns(UserWarning, match=r"group\(s\) \[2\] have no Kaplan–Meier estimate at 6"):
        table = survival_calibration(time, event, prob, horizon=6, groups=2)
    assert np.isnan(table.loc[1, "observed"]) and table.loc[1, "n"] == 4


def test_time_dependent_cindex_bootstrap_is_identical_for_any_number_of_workers():
    from radstats.metrics import time_dependent_cindex

    rng = np.random.default_rng(2)
    time = rng.exponential(10, 80).round(1) + 0.1
    event = rng.random(80) < 0.7
    risk = -time + rng.normal(0, 5, 80)
    one = time_dependent_cindex(time, event, risk, [5, 10], n_boot=60, random_state=9, n_jobs=1)
    two = time_dependent_cindex(time, event, risk, [5, 10], n_boot=60, random_state=9, n_jobs=2)
    import pandas as pd

    pd.testing.assert_frame_equal(one, two)
    assert (one["ci_lower"] < one["c_index"]).all() and (one["c_index"] < one["ci_upper"]).all()
    with pytest.warns(UserWarning, match=r"horizon\(s\) \[500.0\] beyond the last follow-up"):
        late = time_dependent_cindex(time, event, risk, [500])
    from radstats.metrics import concordance_index

    assert late["c_index"].item() == concordance_index(time, event, risk).estimate


def test_bca_bootstrap_is_identical_for_any_number_of_workers():
    from radstats.metrics import bootstrap_ci

    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 90)
    p = np.clip(0.3 * y + rng.random(90) * 0.7, 0, 1)
    one = bootstrap_ci(_auc, y, p, n_boot=200, method="bca", random_state=3, n_jobs=1)
    two = bootstrap_ci(_auc, y, p, n_boot=200, method="bca", random_state=3, n_jobs=2)
    assert (one.ci_lower, one.ci_upper) == (two.ci_lower, two.ci_upper)
    percentile = bootstrap_ci(_auc, y, p, n_boot=200, random_state=3)
    np.testing.assert_array_equal(one.replicates, percentile.replicates)
    assert (one.ci_lower, one.ci_upper) != (percentile.ci_lower, percentile.ci_upper)


@pytest.mark.parametrize("name", ["hosmer_lemeshow", "calibration_stats", "decision_curve",
                                  "calibration_curve"])
def test_binary_probability_metrics_reject_single_class_nan_and_out_of_range(name):
    import radstats.metrics as metrics

    function = getattr(metrics, name)
    prob = [0.1, 0.4, 0.6, 0.8, 0.3, 0.7]
    with pytest.raises(InputError, match=r"`y` has a single class \(1\)"):
        function([1] * 6, prob)
    with pytest.raises(InputError, match=r"`y` has 1 missing or infinite value\(s\); first at position 2"):
        function([0, 1, np.nan, 1, 0, 1], prob)
    with pytest.raises(InputError, match=r"`prob` has 1 missing .* first at position 4"):
        function([0, 1, 0, 1, 0, 1], [0.1, 0.4, 0.6, 0.8, np.nan, 0.7])
    with pytest.raises(InputError, match=r"`prob` must lie in \[0, 1\]; found 1.5 at position 3"):
        function([0, 1, 0, 1, 0, 1], [0.1, 0.4, 0.6, 1.5, 0.3, 0.7])


def test_unpaired_delong_names_its_inputs():
    y1, s1 = [0, 1, 0, 1, 1, 0], [.1, .9, .2, .8, .7, .3]
    y2, s2 = [0, 1, 1, 0, 1], [.3, .6, .7, .4, .2]
    with pytest.raises(InputError, match="`y2` is for unpaired tests"):
        delong_test(y1, s1, s1, y2=y2)
    with pytest.raises(InputError, match="y=5, score2=4"):
        delong_test(y1, s1, s2[:4], paired=False, y2=y2)
    with pytest.raises(InputError, match="`y` has a single class"):
        delong_test(y1, s1, s2, paired=False, y2=[1, 1, 1, 1, 1])
    result = delong_test(y1, s1, s2, paired=False, y2=y2)
    assert result.df > 0 and result.meta["paired"] is False
