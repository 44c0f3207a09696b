"""CalibrationDisplay drawing the bootstrap-corrected curve that calibrate computed."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from radstats.datasets import load_pbc  # noqa: E402
from radstats.logistic import Logit  # noqa: E402
from radstats.metrics import calibrate  # noqa: E402
from radstats.plots import CalibrationDisplay  # noqa: E402


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
    assert display.rugs_ == {}
    assert display.ax_.get_legend().get_texts()[0].get_text() == "Combined: apparent"
