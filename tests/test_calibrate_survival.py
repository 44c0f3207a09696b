"""calibrate_survival: reproducibility, n_jobs invariance, failed refits and bad input.
R parity is in tests/checks/metrics.py (cases calsurv_*)."""

import warnings

import numpy as np
import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.datasets import load_lung
from radstats.metrics import calibrate_survival, survival_calibration
from radstats.survival import CoxPH


@pytest.fixture(scope="module")
def lung():
    data = load_lung().dropna(subset=["ph.ecog"]).reset_index(drop=True)
    return data[["age", "sex", "ph.ecog"]], Surv(data["time"], data["status"] == 2)


def _run(lung, **options):
    X, y = lung
    options = {"horizon": 365, "m": 60, "n_boot": 12, "random_state": 3, **options}
    return calibrate_survival(CoxPH(eps=1e-4, max_iter=10), X, y, **options)


def test_results_do_not_depend_on_n_jobs(lung):
    one, two = _run(lung, n_jobs=1), _run(lung, n_jobs=2)
    pd.testing.assert_frame_equal(one.table, two.table)
    assert one.n_boot == two.n_boot == 12


def test_same_seed_same_table_other_seed_other_optimism(lung):
    first, again, other = _run(lung), _run(lung), _run(lung, random_state=4)
    pd.testing.assert_frame_equal(first.table, again.table)
    assert not np.allclose(first.table["mean_optimism"], other.table["mean_optimism"])
    # the apparent part does not depend on the resamples
    pd.testing.assert_series_equal(first.table["km"], other.table["km"])


def test_table_is_groupkm_of_the_apparent_predictions_with_corrected_columns(lung):
    X, y = lung
    result = _run(lung)
    table = result.to_frame()
    assert list(table.columns) == ["index_orig", "training", "test", "mean_optimism",
                                   "mean_corrected", "n", "mean_predicted", "km",
                                   "km_corrected", "std_err"]
    assert len(table) == len(X) // 60  # floor(n / m) groups
    observed = survival_calibration(y.time, y.event, result.predicted, 365, cuts=result.cuts)
    np.testing.assert_allclose(table["km"], observed["observed"], rtol=1e-12)
    np.testing.assert_allclose(table["mean_predicted"], observed["predicted"], rtol=1e-12)
    np.testing.assert_allclose(table["mean_optimism"], table["training"] - table["test"])
    np.testing.assert_allclose(table["km_corrected"], table["km"] - table["mean_optimism"])
    np.testing.assert_allclose(table["mean_corrected"], table["index_orig"] - table["mean_optimism"])
    assert "horizon=365" in repr(result)


def test_explicit_cuts_get_0_and_1(lung):
    result = _run(lung, cuts=[0.3, 0.5])
    assert result.cuts.tolist() == [0.0, 0.3, 0.5, 1.0]
    assert len(result.table) == 3


def test_resamples_with_too_few_events_are_not_refitted(lung):
    X, y = lung
    censored = np.flatnonzero(~y.event)
    events = np.flatnonzero(y.event)
    few = np.r_[np.resize(censored, len(y) - 3), events[:3]]  # 3 events: calibrate.cph fails it
    resamples = np.vstack([few, np.arange(len(y))])
    with pytest.warns(UserWarning, match="1 of 2 bootstrap refits failed"):
        result = calibrate_survival(CoxPH(eps=1e-4, max_iter=10), X, y, 365, m=60,
                                    resamples=resamples)
    assert result.n_boot == 1
    # the identity resample: no optimism at all
    np.testing.assert_allclose(result.table["mean_optimism"], 0, atol=1e-12)


def test_group_without_events_has_survival_1():
    table = survival_calibration([1, 2, 6, 4.5, 5, 6], [1, 1, 0, 0, 0, 0],
                                 [.2, .3, .4, .9, .95, .97], horizon=4, groups=2)
    assert table["observed"].tolist() == pytest.approx([1 / 3, 1.0])
    assert table["std_err"].tolist()[1] == 0.0


def test_horizon_beyond_follow_up_is_named(lung):
    X, y = lung
    with pytest.raises(InputError, match=r"`horizon` 5000 is beyond the last follow-up \(1022\)"):
        calibrate_survival(CoxPH(), X, y, 5000)
    with pytest.raises(InputError, match="`horizon` must be positive"):
        calibrate_survival(CoxPH(), X, y, 0)


def test_too_few_patients_per_group(lung):
    X, y = lung
    with pytest.raises(InputError, match="`m` .* at least 2, got 1"):
        calibrate_survival(CoxPH(), X, y, 365, m=1)
    with pytest.raises(InputError, match=r"risk group\(s\) \[1\] of 3 have fewer than 2 patients"):
        calibrate_survival(CoxPH(), X, y, 365, cuts=[0.01, 0.5])
    with pytest.raises(InputError, match="`cuts` must lie in"):
        calibrate_survival(CoxPH(), X, y, 365, cuts=[0.5, 1.5])


def test_missing_values_are_named(lung):
    X, y = lung
    bad = X.copy()
    bad.loc[5, "age"] = np.nan
    with pytest.raises(InputError, match="column 'age' has 1 missing value.*row 5"):
        calibrate_survival(CoxPH(), bad, y, 365)
    time = y.time.copy()
    time[7] = np.nan
    with pytest.raises(InputError, match="`time` has 1 missing .* position 7"):
        calibrate_survival(CoxPH(), X, Surv(time, y.event), 365)


def test_other_bad_input(lung):
    X, y = lung
    with pytest.raises(InputError, match="at least 5 events"):
        calibrate_survival(CoxPH(), X.iloc[:20], Surv(y.time[:20], np.arange(20) < 4), 100)
    with pytest.raises(InputError, match="no predict_survival"):
        calibrate_survival(object(), X, y, 365)
    with pytest.raises(InputError, match=r"inputs differ in length"):
        calibrate_survival(CoxPH(), X.iloc[:-1], y, 365)
    with pytest.raises(InputError, match=r"`resamples` must be \(n_boot, 227\)"):
        calibrate_survival(CoxPH(), X, y, 365, m=60, resamples=np.zeros((2, 10), dtype=int))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _run((X, y), n_boot=2)  # a clean run warns of nothing
