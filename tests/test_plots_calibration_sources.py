"""CalibrationDisplay drawing the bootstrap-corrected curve that calibrate computed."""

import numpy as np

from radstats.datasets import load_pbc
from radstats.logistic import Logit
from radstats.metrics import calibrate
from radstats.plots import CalibrationDisplay


def test_calibrate_draws_apparent_and_corrected_curves():
    pbc = load_pbc().dropna(subset=["protime"])
    result = calibrate(Logit(), pbc[["bili", "albumin", "age"]], (pbc["status"] == 2).astype(int),
                       n_boot=10, random_state=1)
    display = CalibrationDisplay.from_calibrate(result, name="Combined")
    apparent, corrected = display.curves_
    assert apparent == "Combined: apparent" and "mean |error|" in corrected and "B = 10" in corrected
    np.testing.assert_allclose(display.lines_[corrected].get_ydata(), result.curve["corrected"])
    np.testing.assert_allclose(display.lines_[apparent].get_xdata(), result.curve["predicted"])
    assert display.rugs_ == {}
    assert display.ax_.get_legend().get_texts()[0].get_text() == "Combined: apparent"
