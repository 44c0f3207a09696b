"""KaplanMeierDisplay draws what kaplan_meier and logrank_test computed."""

import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from radstats.plots import KaplanMeierDisplay
from radstats.plots.kaplan_meier import format_pvalue

LUNG = Path(__file__).resolve().parent / "fixtures" / "data" / "lung.csv"


@pytest.fixture(scope="module")
def lung():
    data = pd.read_csv(LUNG)
    return data["time"], data["status"] == 2, data["sex"].map({1: "male", 2: "female"})


@pytest.fixture
def display(lung):
    return KaplanMeierDisplay.from_data(*lung, xlabel="Days")


def test_one_line_per_group_starting_at_one_and_following_the_curve(display):
    assert list(display.lines_) == ["female", "male"]
    for group, line in display.lines_.items():
        curve = display.km_result.curves[group]
        x, y = line.get_xdata(), line.get_ydata()
        assert (x[0], y[0]) == (0, 1)
        np.testing.assert_allclose(x[1:], curve["time"])
        np.testing.assert_allclose(y[1:], curve["surv"])
    assert [t.get_text() for t in display.ax_.get_legend().get_texts()] == ["female", "male"]


def test_risk_table_shows_numbers_at_risk_at_the_ticks(display):
    times = display.risk_times_
    np.testing.assert_allclose(times, display.ax_.get_xticks())
    assert times[0] == 0 and times[-1] <= 1022
    expected = display.km_result.at(times, extend=True)["n_risk"]
    shown = [int(t.get_text()) for t in display.risk_table_ax_.texts]
    assert shown == expected.tolist()
    labels = [t.get_text() for t in display.risk_table_ax_.get_yticklabels()]
    assert labels == ["female", "male"]


def test_risk_times_given_are_used(lung):
    display = KaplanMeierDisplay.from_data(*lung, risk_times=[0, 365, 730])
    assert len(display.risk_table_ax_.texts) == 6
    np.testing.assert_allclose(display.ax_.get_xticks(), [0, 365, 730])


def test_pvalue_text_shows_the_logrank_pvalue(display):
    text = display.pvalue_text_.get_text()
    assert text == f"Log-rank {format_pvalue(display.logrank.pvalue)}" == "Log-rank p = 0.0013"
    assert display.pvalue_text_ in display.ax_.texts


@pytest.mark.parametrize("p, text", [(0.0013111, "p = 0.0013"), (0.5, "p = 0.5"),
                                     (0.00012, "p = 0.00012"), (3e-7, "p < 0.0001")])
def test_format_pvalue(p, text):
    assert format_pvalue(p) == text


def test_single_group_has_no_pvalue_and_no_legend(lung):
    time, event, _ = lung
    display = KaplanMeierDisplay.from_data(time, event)
    assert display.logrank is None and display.pvalue_text_ is None
    assert list(display.lines_) == ["all"] and display.ax_.get_legend() is None
    assert not display.ax_.texts
    assert len(display.risk_table_ax_.texts) == len(display.risk_times_)


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_savefig_writes_each_format(display, tmp_path, suffix):
    path = display.savefig(tmp_path / f"km{suffix}", dpi=72)
    assert path.stat().st_size > 0
    if suffix == ".png":
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_savefig_rejects_unknown_suffix(display, tmp_path):
    with pytest.raises(InputError, match=r"'\.jpgx'"):
        display.savefig(tmp_path / "km.jpgx")


def test_draws_on_a_given_axes(lung):
    fig, ax = plt.subplots()
    display = KaplanMeierDisplay.from_data(*lung, ax=ax, colors=["tab:red", "tab:blue"])
    assert display.ax_ is ax and display.figure_ is fig
    assert display.risk_table_ax_ is not None and display.risk_table_ax_ in fig.axes
    assert display.lines_["female"].get_color() == "tab:red"


def test_options_turn_parts_off(lung):
    display = KaplanMeierDisplay.from_data(*lung, ci=False, censor_marks=False,
                                           risk_table=False, show_pvalue=False, title="Lung")
    assert display.risk_table_ax_ is None and display.pvalue_text_ is None
    assert len(display.ax_.lines) == 2 and not display.ax_.collections
    assert display.ax_.get_title() == "Lung"


def test_nan_confidence_limits_do_not_break_drawing(tmp_path):
    # log-log limits are NaN where S = 1 and S = 0 (here the last time)
    display = KaplanMeierDisplay.from_data([1, 2, 3, 4], [0, 1, 1, 1], conf_type="log-log")
    assert display.km_result.curves["all"][["lower", "upper"]].isna().any().any()
    assert display.savefig(tmp_path / "km.png", dpi=72).stat().st_size > 0


def test_rejects_an_ax_that_is_not_axes(lung):
    with pytest.raises(InputError, match="`ax` must be a matplotlib Axes, got str"):
        KaplanMeierDisplay.from_data(*lung, ax="not an axes")


def test_importing_radstats_does_not_import_matplotlib():
    code = ("import sys, radstats, radstats.survival, radstats.metrics, radstats.plots; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
