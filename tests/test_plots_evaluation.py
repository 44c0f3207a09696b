"""TimeDependentDisplay, WaterfallDisplay and MetricHeatmapDisplay draw what they
are given (or what the parity-tested metrics compute) and save in every format."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from radstats.datasets import load_lung
from radstats.metrics import time_dependent_auc, time_dependent_cindex
from radstats.plots import (
    MetricHeatmapDisplay, TimeDependentDisplay, WaterfallDisplay,
)


@pytest.fixture(scope="module")
def lung():
    data = load_lung().dropna(subset=["ph.karno"])
    return data["time"], data["status"] == 2, {"Age": data["age"], "Karnofsky": -data["ph.karno"]}


@pytest.fixture(scope="module")
def cells():
    return pd.DataFrame({"model": ["A", "A", "B", "B", "C", "C"],
                         "cohort": ["Training", "Validation"] * 3,
                         "auc": [0.70, 0.66, 0.91, 0.85, 0.80, np.nan]})


def _time_dependent(lung):
    return TimeDependentDisplay.from_predictions(*lung, times=[180, 365, 540])


def _waterfall():
    return WaterfallDisplay.from_predictions([1, 0, 1, 0, 1, 0], [5, 2, 4, 1, 3, 6], threshold=3.5)


def _heatmap(cells):
    return MetricHeatmapDisplay.from_frame(cells, row="model", col="cohort", value="auc",
                                           mean_bar=True)


# Time-dependent AUC and C-index -------------------------------------------------


def test_auc_lines_and_bands_are_time_dependent_auc(lung):
    time, event, risks = lung
    display = _time_dependent(lung)
    for name, risk in risks.items():
        table = time_dependent_auc(time, event, risk, [180, 365, 540])
        np.testing.assert_array_equal(display.lines_[name].get_ydata(), table["auc"])
        np.testing.assert_array_equal(display.curves_[name]["ci_upper"], table["ci_upper"])
        band = display.bands_[name].get_paths()[0].vertices
        assert band[:, 1].max() == pytest.approx(table["ci_upper"].max())
    assert display.ax_.get_ylabel() == "Time-dependent AUC"
    assert [t.get_text() for t in display.ax_.get_legend().get_texts()] == ["Age", "Karnofsky"]
    np.testing.assert_array_equal(display.reference_line_.get_ydata(), [0.5, 0.5])


def test_cindex_points_with_and_without_bootstrap_bands(lung):
    time, event, risks = lung
    plain = TimeDependentDisplay.from_predictions(time, event, risks["Age"], [180, 365],
                                                  metric="cindex", name="Age")
    table = time_dependent_cindex(time, event, risks["Age"], [180, 365])
    np.testing.assert_array_equal(plain.lines_["Age"].get_ydata(), table["c_index"])
    assert plain.bands_ == {} and plain.ax_.get_ylabel() == "C-index"
    boot = TimeDependentDisplay.from_predictions(time, event, risks, [180, 365], metric="cindex",
                                                 n_boot=30, random_state=0)
    assert list(boot.bands_) == ["Age", "Karnofsky"]


def test_time_dependent_rejects_bad_input(lung):
    time, event, risks = lung
    with pytest.raises(InputError, match="`metric` must be one of"):
        TimeDependentDisplay.from_predictions(time, event, risks, [180], metric="brier")
    with pytest.raises(InputError, match=r"model 'Age': time\(s\) \[5000.0\] at or beyond the last"):
        TimeDependentDisplay.from_predictions(time, event, risks, [180, 5000])


# Waterfall -------------------------------------------------------------------


def test_waterfall_bars_are_sorted_scores_coloured_by_outcome():
    display = _waterfall()
    assert display.data_["score"].tolist() == [1, 2, 3, 4, 5, 6]
    heights = [bar.get_height() + bar.get_y() for bar in display.bars_]
    assert heights == [1, 2, 3, 4, 5, 6]
    assert [bar.get_y() for bar in display.bars_] == [3.5] * 6  # bars rise from the cut-off
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in display.bars_]
    assert colours == ["#4c72b0", "#4c72b0", "#dd8452", "#dd8452", "#dd8452", "#4c72b0"]
    np.testing.assert_array_equal(display.cut_line_.get_xdata(), [2.5, 2.5])
    assert [t.get_text() for t in display.ax_.get_legend().get_texts()] == ["No event", "Event"]


def test_waterfall_without_threshold_and_bad_input():
    display = WaterfallDisplay.from_predictions([1, 0, 1], [0.3, 0.1, 0.2])
    assert display.cut_line_ is None and [bar.get_y() for bar in display.bars_] == [0, 0, 0]
    with pytest.raises(InputError, match="single class"):
        WaterfallDisplay.from_predictions([1, 1], [0.3, 0.1])
    with pytest.raises(InputError, match="`score` has 1 missing"):
        WaterfallDisplay.from_predictions([1, 0], [0.3, np.nan])
    with pytest.raises(InputError, match="two names"):
        WaterfallDisplay.from_predictions([1, 0], [0.3, 0.1], labels=("a",))
    with pytest.raises(InputError, match="`threshold` must be a finite number"):
        WaterfallDisplay.from_predictions([1, 0], [0.3, 0.1], threshold=np.nan)


# Heatmap ---------------------------------------------------------------------


def test_heatmap_cells_annotations_and_means(cells):
    display = _heatmap(cells)
    assert display.matrix_.index.tolist() == ["A", "B", "C"]
    assert display.matrix_.columns.tolist() == ["Training", "Validation"]
    assert [t.get_text() for t in display.texts_] == ["0.70", "0.66", "0.91", "0.85", "0.80"]
    np.testing.assert_allclose(display.means_, [0.68, 0.88, 0.80])
    assert [bar.get_width() for bar in display.mean_bars_] == pytest.approx([0.68, 0.88, 0.80])
    assert display.image_.get_array().mask[2, 1]  # the missing cell is blank
    assert display.colorbar_ is not None


def test_heatmap_sorts_rows_by_mean_and_follows_categorical_order(cells):
    display = MetricHeatmapDisplay.from_frame(cells, row="model", col="cohort", value="auc",
                                              sort=True)
    assert display.matrix_.index.tolist() == ["B", "C", "A"] and display.mean_ax_ is None
    ordered = cells.assign(cohort=pd.Categorical(cells["cohort"], ["Validation", "Training"]))
    display = MetricHeatmapDisplay.from_frame(ordered, row="model", col="cohort", value="auc")
    assert display.matrix_.columns.tolist() == ["Validation", "Training"]


def test_heatmap_rejects_bad_frames(cells):
    with pytest.raises(InputError, match=r"no column\(s\) \['c_index'\]"):
        MetricHeatmapDisplay.from_frame(cells, row="model", col="cohort", value="c_index")
    doubled = pd.concat([cells, cells.iloc[[0]]])
    with pytest.raises(InputError, match=r"more than one 'auc' for model='A', cohort='Training'"):
        MetricHeatmapDisplay.from_frame(doubled, row="model", col="cohort", value="auc")
    with pytest.raises(InputError, match="must be numeric"):
        MetricHeatmapDisplay.from_frame(cells.assign(auc="high"), row="model", col="cohort",
                                        value="auc")
    with pytest.raises(InputError, match="`df` must be a DataFrame"):
        MetricHeatmapDisplay.from_frame(cells.to_dict(), row="model", col="cohort", value="auc")


# All three -------------------------------------------------------------------


@pytest.fixture(params=["time_dependent", "waterfall", "heatmap"])
def display(request, lung, cells):
    return {"time_dependent": lambda: _time_dependent(lung), "waterfall": _waterfall,
            "heatmap": lambda: _heatmap(cells)}[request.param]()


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_savefig_writes_each_format(display, tmp_path, suffix):
    path = display.savefig(tmp_path / f"figure{suffix}", dpi=72)
    assert path.stat().st_size > 0
    if suffix == ".png":
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_draws_on_a_given_axes(lung, cells):
    fig, axes = plt.subplots(1, 3)
    drawn = [TimeDependentDisplay.from_predictions(*lung, times=[365], ax=axes[0]),
             WaterfallDisplay.from_predictions([1, 0, 1], [3, 1, 2], ax=axes[1]),
             MetricHeatmapDisplay.from_frame(cells, row="model", col="cohort", value="auc",
                                             ax=axes[2])]
    assert [d.ax_ for d in drawn] == list(axes) and all(d.figure_ is fig for d in drawn)
    with pytest.raises(InputError, match="`ax` must be a matplotlib Axes"):
        WaterfallDisplay.from_predictions([1, 0], [1, 2], ax="axes")
