"""CalibrationDisplay drawing the bootstrap-corrected curve (calibrate) and the
Kaplan-Meier risk groups (survival_calibration) that the metrics computed."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from radstats import InputError  # noqa: E402
from radstats.datasets import load_lung, load_pbc  # noqa: E402
from radstats.logistic import Logit  # noqa: E402
from radstats.metrics import calibrate, survival_calibration  # noqa: E402
from radstats.plots import CalibrationDisplay  # noqa: E402
from radstats.survival import CoxPH, Surv  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_calibrate_draws_apparent_and_corrected_curves():
    pbc = load_pbc().dropna(subset=["protime"])
    result = calibrate(Logit(), pbc[["bili", "albumin", "age"]], (pbc["status"] == 2).astype(int),
                       n_boot=10, random_state=1)
    display = CalibrationDisplay.from_calibrate(result, name="Combined")
    apparent, corrected = display.curves_
    assert apparent == "Combined: apparent" and "mean |error|" in corrected and "B = 10" in corrected
    np.testing.assert_allclose(display.lines_[corrected].get_ydata(), result.curve["corrected"])
    np.testing.assert_allclose(display.lines_[apparent].get_xdata(), result.curve["predicted"])
    assert display.rugs_ == {} and display.error_bars_ == {}
    assert display.ax_.get_legend().get_texts()[0].get_text() == "Combined: apparent"


@pytest.fixture(scope="module")
def groups():
    lung = load_lung().dropna(subset=["ph.karno"])
    y = Surv(lung["time"], lung["status"] == 2)
    surv = CoxPH().fit(lung[["age", "ph.karno"]], y).predict_survival(
        lung[["age", "ph.karno"]], [365]).to_numpy()[:, 0]
    return y, surv


def test_survival_groups_are_drawn_as_event_probabilities_with_error_bars(groups):
    y, surv = groups
    table = survival_calibration(y.time, y.event, surv, 365, groups=4)
    display = CalibrationDisplay.from_survival_calibration({"All": table})
    curve = display.curves_["All"]
    np.testing.assert_allclose(np.sort(curve["predicted"]), np.sort(1 - table["predicted"]))
    np.testing.assert_allclose(curve["ci_upper"].sort_values(), (1 - table["ci_lower"]).sort_values())
    segments = display.error_bars_["All"].get_segments()
    assert len(segments) == 4 and all(s[0][1] <= s[1][1] for s in segments)
    assert display.ax_.get_ylabel() == "Observed event probability (Kaplan-Meier)"
    as_survival = CalibrationDisplay.from_survival_calibration(table, name="Cox", kind="survival")
    np.testing.assert_allclose(np.sort(as_survival.curves_["Cox"]["observed"]),
                               np.sort(table["observed"]))


def test_survival_calibration_display_rejects_bad_input(groups):
    y, surv = groups
    table = survival_calibration(y.time, y.event, surv, 365, groups=3)
    with pytest.raises(InputError, match="`kind` must be 'event' or 'survival'"):
        CalibrationDisplay.from_survival_calibration(table, kind="risk")
    with pytest.raises(InputError, match=r"table 'x' lacks column\(s\) \['ci_lower', 'ci_upper'\]"):
        CalibrationDisplay.from_survival_calibration({"x": table[["predicted", "observed"]]})
    with pytest.raises(InputError, match="`name` names a single table"):
        CalibrationDisplay.from_survival_calibration({"x": table}, name="y")
