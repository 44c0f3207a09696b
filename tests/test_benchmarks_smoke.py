"""The benchmark data simulator: shape, columns, determinism (no timing, no R)."""

import numpy as np
import pandas as pd

from benchmarks.simulate import simulate_survival


def test_simulate_survival_shape_and_columns():
    data = simulate_survival(500, 7, random_state=3)
    assert data.shape == (500, 7 + 3)
    assert list(data.columns) == [f"x{j}" for j in range(1, 8)] + ["time", "event", "group"]
    assert set(np.unique(data["event"])) == {0, 1}
    assert set(np.unique(data["group"])) == {0, 1}
    assert (data["time"] > 0).all()
    assert np.allclose(data["time"], data["time"].round(2))
    assert np.allclose(data.filter(like="x"), data.filter(like="x").round(4))
    assert 0.2 < 1 - data["event"].mean() < 0.4  # about 30% censored


def test_simulate_survival_is_deterministic():
    first = simulate_survival(200, 5, random_state=11)
    pd.testing.assert_frame_equal(first, simulate_survival(200, 5, random_state=11))
    assert not first.equals(simulate_survival(200, 5, random_state=12))


def test_simulated_times_have_ties():
    data = simulate_survival(5000, 2, random_state=0)
    assert data["time"].nunique() < len(data)


def test_evaluation_suite_cases_and_data():
    from benchmarks.runner import BOOT_CALIBRATION, TD_AUC, _data, cases

    full = {(c.benchmark, c.n) for c in cases("evaluation")}
    assert {("td_auc", 10_000), ("auc_bootstrap", 500), ("calibration_bootstrap", 500)} <= full
    assert ("auc_delong", 1_000_000) in full
    calibration = next(c for c in cases("evaluation", quick=True) if c.benchmark == BOOT_CALIBRATION)
    data = _data(calibration)
    assert data["prob"].between(0, 1).all() and np.allclose(data["prob"], data["prob"].round(6))
    td = next(c for c in cases("evaluation", quick=True) if c.benchmark == TD_AUC)
    assert {"time", "event", "x1"} <= set(_data(td).columns)


def test_selection_suite_cases_and_calls_run_on_small_data():
    from benchmarks.runner import (
        FIND_CORRELATION, GLMNET_BINOMIAL, GLMNET_COX, ICC, Case, _data, _radstats_call, cases,
    )

    names = {case.name for case in cases("selection")}
    assert {"cv_glmnet_cox_n146_p1731", "cv_glmnet_cox_n1000_p5000",
            "cv_glmnet_binomial_n1000_p5000", "icc_n50_p1731"} <= names
    assert not any(case.warmup for case in cases("selection") if case.n == 1000)
    for benchmark, n, p in ((GLMNET_COX, 60, 8), (GLMNET_BINOMIAL, 60, 8), (ICC, 12, 4),
                            (FIND_CORRELATION, 30, 12)):
        case = Case(benchmark, n, p, 1, 1)
        data = _data(case)
        if benchmark in (GLMNET_COX, GLMNET_BINOMIAL):
            assert sorted(data["foldid"].unique()) == list(range(1, 11))
        assert _radstats_call(case, data)() is not None
