"""RocCurveDisplay, CalibrationDisplay and DecisionCurveDisplay draw what the
parity-tested metrics functions computed."""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from radstats.metrics import (
    calibration_stats, decision_curve, hosmer_lemeshow, roc_auc, roc_curve,
)
from radstats.metrics._lowess import lowess
from radstats.plots import (
    CalibrationDisplay, DecisionCurveDisplay, RocCurveDisplay,
)

DATA = Path(__file__).resolve().parent / "fixtures" / "data" / "calibration.csv"
# p_tied has probabilities of exactly 0 (left out of the recalibration fit, with
# a warning) and ties (fewer Hosmer–Lemeshow groups, with a warning)
pytestmark = [pytest.mark.filterwarnings("ignore:.*probability 0 or 1:UserWarning"),
              pytest.mark.filterwarnings("ignore:only .* distinct risk groups:UserWarning")]
DISPLAYS = [RocCurveDisplay, CalibrationDisplay, DecisionCurveDisplay]


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(DATA)


@pytest.fixture(scope="module")
def models(data):
    return {"Model A": data["p"], "Model B": data["p_tied"]}


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


# ROC ------------------------------------------------------------------------


def test_roc_lines_are_the_roc_curves(data, models):
    display = RocCurveDisplay.from_predictions(data["y"], models)
    assert list(display.lines_) == list(display.curves_) == ["Model A", "Model B"]
    for name, prob in models.items():
        curve = roc_curve(data["y"], prob, direction="<")
        pd.testing.assert_frame_equal(display.curves_[name], curve)
        np.testing.assert_array_equal(display.lines_[name].get_xdata(), 1 - curve["specificity"])
        np.testing.assert_array_equal(display.lines_[name].get_ydata(), curve["sensitivity"])
    np.testing.assert_array_equal(display.chance_line_.get_xydata(), [[0, 0], [1, 1]])
    assert display.ax_.get_xlabel() == "1 - Specificity"
    assert display.ax_.get_ylabel() == "Sensitivity"


def test_roc_legend_shows_auc_and_delong_ci(data, models):
    display = RocCurveDisplay.from_predictions(data["y"], models)
    expected = []
    for name, prob in models.items():
        auc = roc_auc(data["y"], prob, direction="<")
        assert display.aucs_[name] == auc
        expected.append(f"{name}: AUC {auc.estimate:.2f} (95% CI {auc.ci_lower:.2f}-{auc.ci_upper:.2f})")
    assert legend_texts(display.ax_) == expected
    assert expected[0] == "Model A: AUC 0.84 (95% CI 0.79-0.89)"


def test_roc_single_model_direction_colours_and_line_kwargs(data):
    display = RocCurveDisplay.from_predictions(data["y"], -data["p"], direction=">", name="Inverted",
                                               colors=["tab:red"], lw=3)
    auc = display.aucs_["Inverted"]
    assert auc.direction == ">" and auc.estimate == roc_auc(data["y"], data["p"], "<").estimate
    line = display.lines_["Inverted"]
    assert line.get_color() == "tab:red" and line.get_linewidth() == 3


def test_roc_auc_conf_level_in_the_legend(data):
    auc = roc_auc(data["y"], data["p"], "<", conf_level=0.9)
    display = RocCurveDisplay({"A": roc_curve(data["y"], data["p"], "<")}, {"A": auc}).plot()
    assert "(90% CI " in legend_texts(display.ax_)[0]


# Calibration ----------------------------------------------------------------


def test_calibration_lowess_curves_are_r_lowess(data, models):
    display = CalibrationDisplay.from_predictions(data["y"], models)
    for name, prob in models.items():
        x, fitted = lowess(prob, data["y"], iterations=0)
        curve = display.curves_[name]
        assert list(curve.columns) == ["predicted", "observed"]
        np.testing.assert_array_equal(curve["predicted"], x)
        np.testing.assert_array_equal(curve["observed"], fitted)
        np.testing.assert_array_equal(display.lines_[name].get_xdata(), x)
        np.testing.assert_array_equal(display.lines_[name].get_ydata(), fitted)
    assert display.ax_.get_xlim() == display.ax_.get_ylim() == (0, 1)
    np.testing.assert_array_equal(display.ideal_line_.get_xydata(), [[0, 0], [1, 1]])


def test_calibration_legend_shows_intercept_and_slope(data, models):
    display = CalibrationDisplay.from_predictions(data["y"], models)
    expected = []
    for name, prob in models.items():
        stats = calibration_stats(data["y"], prob)
        assert display.stats_[name] == stats
        expected.append(f"{name} (intercept {stats.intercept:.2f}, slope {stats.slope:.2f})")
    assert legend_texts(display.ax_) == [*expected, "Ideal"]
    assert display.hosmer_lemeshow_ is None


def test_calibration_show_hl_adds_the_hosmer_lemeshow_pvalue(data, models):
    display = CalibrationDisplay.from_predictions(data["y"], models, show_hl=True, n_bins=8)
    hl = hosmer_lemeshow(data["y"], data["p"], g=8)
    assert display.hosmer_lemeshow_["Model A"].pvalue == hl.pvalue
    assert legend_texts(display.ax_)[0].endswith(f"; HL p = {hl.pvalue:.2g})")


def test_calibration_bins_are_quantile_groups(data, models):
    display = CalibrationDisplay.from_predictions(data["y"], models, method="bins", n_bins=5)
    for name, prob in models.items():
        prob = prob.to_numpy()
        edges = np.unique(np.quantile(prob, np.linspace(0, 1, 6)))
        group = pd.cut(prob, edges, include_lowest=True, labels=False)
        expected = pd.DataFrame({"p": prob, "y": data["y"]}).groupby(group).mean()
        curve = display.curves_[name]
        np.testing.assert_allclose(curve["predicted"], expected["p"], rtol=1e-12)
        np.testing.assert_allclose(curve["observed"], expected["y"], rtol=1e-12)
        np.testing.assert_array_equal(display.lines_[name].get_xdata(), curve["predicted"])
        assert display.lines_[name].get_marker() == "o"
    assert len(display.curves_["Model A"]) == 5


def test_calibration_bins_with_fewer_distinct_values_than_bins():
    display = CalibrationDisplay.from_predictions([0, 1, 0, 1, 1, 0], [.2, .2, .2, .7, .7, .7],
                                                  method="bins", n_bins=4)
    curve = display.curves_["Model"]
    np.testing.assert_allclose(curve["predicted"], [0.2, 0.7])
    np.testing.assert_allclose(curve["observed"], [1 / 3, 2 / 3])


def test_calibration_rug_marks_every_prediction_in_its_own_band(data, models):
    display = CalibrationDisplay.from_predictions(data["y"], models)
    bands = []
    for name, prob in models.items():
        segments = display.rugs_[name].get_segments()
        assert len(segments) == len(prob)
        np.testing.assert_array_equal([s[0, 0] for s in segments], prob)
        bands.append((segments[0][0, 1], segments[0][1, 1]))
    assert bands[0][1] < bands[1][0]  # stacked, not overlapping
    assert not CalibrationDisplay.from_predictions(data["y"], data["p"], rug=False).rugs_


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "loess"}, "`method` must be one of"),
    ({"n_bins": 0}, "`n_bins` must be a positive integer"),
    ({"n_bins": 2.5}, "`n_bins` must be a positive integer"),
])
def test_calibration_rejects_bad_options(data, kwargs, message):
    with pytest.raises(InputError, match=message):
        CalibrationDisplay.from_predictions(data["y"], data["p"], **kwargs)


# Decision curve -------------------------------------------------------------


def test_decision_curve_lines_are_the_net_benefits(data, models):
    display = DecisionCurveDisplay.from_predictions(data["y"], models)
    for name, prob in models.items():
        curve = decision_curve(data["y"], prob)
        pd.testing.assert_frame_equal(display.curves_[name], curve)
        np.testing.assert_array_equal(display.lines_[name].get_xdata(), curve["threshold"])
        np.testing.assert_array_equal(display.lines_[name].get_ydata(), curve["net_benefit"])
    np.testing.assert_array_equal(display.treat_all_line_.get_ydata(), curve["treat_all"])
    np.testing.assert_array_equal(display.treat_none_line_.get_ydata(), curve["treat_none"])
    assert legend_texts(display.ax_) == ["Model A", "Model B", "Treat all", "Treat none"]
    assert display.ax_.get_xlabel() == "Threshold probability"
    assert display.ax_.get_ylabel() == "Net benefit"


def test_decision_curve_y_range_follows_the_prevalence(data, models):
    display = DecisionCurveDisplay.from_predictions(data["y"], models)
    prevalence = data["y"].mean()
    assert display.prevalence_ == pytest.approx(prevalence)
    np.testing.assert_allclose(display.ax_.get_ylim(), (-0.1 * prevalence, 1.05 * prevalence))
    assert max(line.get_ydata().max() for line in display.lines_.values()) <= prevalence
    custom = DecisionCurveDisplay.from_predictions(data["y"], models, ylim=(-0.2, 0.5))
    assert custom.ax_.get_ylim() == (-0.2, 0.5)


def test_decision_curve_thresholds_are_passed_on(data):
    thresholds = [0.05, 0.1, 0.2, 0.3]
    display = DecisionCurveDisplay.from_predictions(data["y"], data["p"], thresholds=thresholds)
    np.testing.assert_array_equal(display.lines_["p"].get_xdata(), thresholds)  # the Series name
    assert display.ax_.get_xlim() == (0.05, 0.3)


# All three ------------------------------------------------------------------


@pytest.mark.parametrize("display_cls", DISPLAYS)
@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_savefig_writes_each_format(data, models, tmp_path, display_cls, suffix):
    display = display_cls.from_predictions(data["y"], models)
    path = display.savefig(tmp_path / f"figure{suffix}", dpi=72)
    assert path.stat().st_size > 0
    if suffix == ".png":
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("display_cls", DISPLAYS)
def test_savefig_rejects_unknown_suffix(data, tmp_path, display_cls):
    display = display_cls.from_predictions(data["y"], data["p"])
    with pytest.raises(InputError, match=r"unknown suffix '\.jpgx'"):
        display.savefig(tmp_path / "figure.jpgx")
    assert not (tmp_path / "figure.jpgx").exists()


@pytest.mark.parametrize("display_cls", DISPLAYS)
def test_draws_on_a_given_axes(data, models, display_cls):
    fig, ax = plt.subplots()
    display = display_cls.from_predictions(data["y"], models, ax=ax)
    assert display.ax_ is ax and display.figure_ is fig
    assert [line.get_label() for line in display.lines_.values()][0].startswith("Model A")


@pytest.mark.parametrize("display_cls", DISPLAYS)
def test_rejects_an_ax_that_is_not_axes(data, display_cls):
    with pytest.raises(InputError, match="`ax` must be a matplotlib Axes, got str"):
        display_cls.from_predictions(data["y"], data["p"], ax="not an axes")


@pytest.mark.parametrize("display_cls", [CalibrationDisplay, DecisionCurveDisplay])
def test_probabilities_outside_0_1_are_rejected_naming_model_and_position(data, display_cls):
    bad = data["p"].to_numpy().copy()
    bad[3] = 1.2
    with pytest.raises(InputError, match=r"model 'Model B': `prob` must lie in \[0, 1\]; "
                                         r"found 1\.2 at position 3"):
        display_cls.from_predictions(data["y"], {"Model A": data["p"], "Model B": bad})
    with pytest.raises(InputError, match=r"^`prob` must lie in \[0, 1\]; found 1\.2 at position 3"):
        display_cls.from_predictions(data["y"], bad)


def test_roc_rejects_missing_scores_naming_model_and_position(data):
    bad = data["p"].to_numpy().copy()
    bad[3] = np.nan
    with pytest.raises(InputError, match=r"model 'Model B': `score` has 1 missing .* position 3"):
        RocCurveDisplay.from_predictions(data["y"], {"Model A": data["p"], "Model B": bad})


@pytest.mark.parametrize("display_cls", DISPLAYS)
def test_model_naming_errors(data, models, display_cls):
    with pytest.raises(InputError, match="`name` names a single model"):
        display_cls.from_predictions(data["y"], models, name="Model C")
    with pytest.raises(InputError, match="has no models"):
        display_cls.from_predictions(data["y"], {})
    with pytest.raises(InputError, match=r"no colour for model\(s\) \['Model B'\]"):
        display_cls.from_predictions(data["y"], models, colors={"Model A": "k"})


@pytest.mark.parametrize("display_cls", DISPLAYS)
def test_a_dataframe_names_models_by_column_and_an_array_is_named_model(data, display_cls):
    frame = data[["p", "p_tied"]].rename(columns={"p": "Clinical", "p_tied": "Radiomics"})
    assert list(display_cls.from_predictions(data["y"], frame).curves_) == ["Clinical", "Radiomics"]
    assert list(display_cls.from_predictions(data["y"], data["p"].to_numpy()).curves_) == ["Model"]
