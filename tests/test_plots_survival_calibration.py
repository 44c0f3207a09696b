"""SurvivalCalibrationDisplay draws what calibrate_survival (bootstrap-corrected)
and survival_calibration (uncorrected Kaplan-Meier groups) compute, on the
survival or the event scale, and saves in every format."""


import matplotlib.pyplot as plt
import numpy as np
import pytest

from radstats import InputError, Surv
from radstats.datasets import load_lung
from radstats.metrics import calibrate_survival, survival_calibration
from radstats.plots import SurvivalCalibrationDisplay
from radstats.survival import CoxPH


@pytest.fixture(scope="module")
def lung():
    data = load_lung().dropna(subset=["ph.ecog"])
    return data[["age", "sex", "ph.ecog"]], Surv(data["time"], data["status"] == 2)


@pytest.fixture(scope="module")
def display(lung):
    return SurvivalCalibrationDisplay.from_estimator(
        CoxPH(eps=1e-4, max_iter=10), *lung, horizons=[180, 365], m=60, n_boot=4,
        random_state=2, time_unit="days")


def test_points_bars_and_crosses_are_the_calibration_tables(display, lung):
    assert list(display.results_) == ["180 days", "365 days"]
    again = calibrate_survival(CoxPH(eps=1e-4, max_iter=10), *lung, 365, m=60, n_boot=4,
                               random_state=2)
    table = display.results_["365 days"].table
    np.testing.assert_allclose(table["km_corrected"], again.table["km_corrected"])
    x, y = display.lines_["365 days"].get_data()
    np.testing.assert_allclose(x, table["mean_predicted"])
    np.testing.assert_allclose(y, table["km"])
    np.testing.assert_allclose(display.corrected_["365 days"].get_ydata(), table["km_corrected"])
    segments = display.errorbars_["365 days"].get_segments()
    lower = np.array([s[0][1] for s in segments])
    upper = np.array([s[1][1] for s in segments])
    np.testing.assert_allclose(lower, table["km"] * np.exp(-1.959964 * table["std_err"]), rtol=1e-6)
    np.testing.assert_allclose(upper, np.minimum(1, table["km"] * np.exp(1.959964 * table["std_err"])),
                               rtol=1e-6)
    assert len(display.rugs_["180 days"].get_segments()) == len(lung[1])
    assert display.ideal_line_.get_xydata().tolist() == [[0, 0], [1, 1]]
    legend = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert legend == ["180 days", "365 days", "Ideal", "Optimism-corrected (B = 4)"]


def test_from_result_single_or_several(display):
    result = display.results_["180 days"]
    single = SurvivalCalibrationDisplay.from_result(result, conf_int=False, corrected=False)
    assert list(single.results_) == ["180"] and not single.errorbars_ and not single.corrected_
    named = SurvivalCalibrationDisplay.from_result(display.results_, colors=["k", "r"])
    assert named.lines_["365 days"].get_color() == "r"
    with pytest.raises(InputError, match="`name` names a single result"):
        SurvivalCalibrationDisplay.from_result(display.results_, name="x")
    with pytest.raises(InputError, match="curve 'a': expected a SurvivalCalibrateResult"):
        SurvivalCalibrationDisplay.from_result({"a": result.table})
    with pytest.raises(InputError, match="`kind` must be one of"):
        SurvivalCalibrationDisplay.from_result(result, kind="risk")
    with pytest.raises(InputError, match="`result` has no curves"):
        SurvivalCalibrationDisplay.from_result({})
    with pytest.raises(InputError, match="`conf_level` must be in"):
        SurvivalCalibrationDisplay.from_result(result, conf_level=95)
    with pytest.raises(InputError, match="`ax` must be a matplotlib Axes"):
        SurvivalCalibrationDisplay.from_result(result, ax="axes")


def test_kaplan_meier_groups_beside_a_bootstrap_result_on_the_event_scale(display, lung):
    X, y = lung
    result = display.results_["365 days"]
    table = survival_calibration(y.time, y.event, result.predicted, 365, groups=4)
    drawn = SurvivalCalibrationDisplay.from_result({"training": result, "validation": table},
                                                   kind="event")
    groups = drawn.curves_["validation"]
    np.testing.assert_allclose(groups["predicted"], 1 - table["predicted"])
    np.testing.assert_allclose(groups["observed"], 1 - table["observed"])
    np.testing.assert_allclose(groups["ci_lower"], 1 - table["ci_upper"])
    np.testing.assert_allclose(groups["ci_upper"], 1 - table["ci_lower"])
    segments = drawn.errorbars_["validation"].get_segments()
    assert len(segments) == 4 and all(s[0][1] <= s[1][1] for s in segments)
    np.testing.assert_allclose(drawn.corrected_["training"].get_ydata(),
                               1 - result.table["km_corrected"])
    assert list(drawn.corrected_) == ["training"] and list(drawn.rugs_) == ["training"]
    np.testing.assert_allclose(np.sort(drawn.rugs_["training"].get_segments(), axis=0)[:, 0, 0],
                               np.sort(1 - result.predicted))
    assert drawn.ax_.get_ylabel() == "Observed event probability (Kaplan–Meier)"
    single = SurvivalCalibrationDisplay.from_result(table)
    assert list(single.results_) == ["Model"] and not single.corrected_ and not single.rugs_
    np.testing.assert_allclose(single.lines_["Model"].get_ydata(), table["observed"])
    with pytest.raises(InputError, match="without columns predicted, observed, std_err"):
        SurvivalCalibrationDisplay({"x": table[["predicted", "observed"]]})


def test_draws_on_a_given_axes(display):
    fig, ax = plt.subplots()
    drawn = SurvivalCalibrationDisplay.from_result(display.results_["180 days"], ax=ax)
    assert drawn.ax_ is ax and drawn.figure_ is fig


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_savefig_writes_each_format(display, tmp_path, suffix):
    path = display.savefig(tmp_path / f"calibration{suffix}", dpi=72)
    assert path.stat().st_size > 0
    if suffix == ".png":
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
