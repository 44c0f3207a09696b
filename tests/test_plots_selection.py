"""CV curve, coefficient path and bar, the LASSO figure (curve beside bars) and
risk-score figures draw what the parity-tested cv_glmnet and RiskScore
computed, at the right places."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.plots import (
    CoefficientBarDisplay, CoefficientPathDisplay, CVCurveDisplay, LassoDisplay, RiskScoreDisplay,
)
from radstats.selection import RiskScore, cv_glmnet


@pytest.fixture(scope="module")
def cox_fit():
    rng = np.random.default_rng(8)
    X = pd.DataFrame(rng.normal(size=(120, 12)), columns=[f"feature_{j}" for j in range(12)])
    y = Surv(rng.exponential(np.exp(-X["feature_0"] + 0.7 * X["feature_5"])), rng.random(120) < 0.7)
    return X, y, cv_glmnet(X, y, family="cox", random_state=3)


def test_cv_curve_points_bars_lines_and_counts(cox_fit):
    _, _, cv = cox_fit
    display = CVCurveDisplay.from_cv(cv)
    np.testing.assert_allclose(display.points_.get_offsets(), np.column_stack(
        [np.log(cv.lambda_), cv.cvm]))
    segments = display.errorbars_.lines[2][0].get_segments()
    np.testing.assert_allclose([s[:, 1] for s in segments], np.column_stack([cv.cvlo, cv.cvup]))
    lines = [line.get_xdata()[0] for line in display.lambda_lines_]
    np.testing.assert_allclose(lines, np.log([cv.lambda_min, cv.lambda_1se]))
    assert display.ax_.get_ylabel() == "Partial Likelihood Deviance"
    assert len(display.top_labels_) <= 25
    for x, count in display.top_labels_:
        assert count == cv.nzero[np.argmin(np.abs(np.log(cv.lambda_) - x))]


def test_coefficient_paths_follow_beta(cox_fit):
    _, _, cv = cox_fit
    display = CoefficientPathDisplay.from_cv(cv, label=2)
    ever = cv.beta.index[(cv.beta != 0).any(axis=1)]
    assert sorted(display.lines_) == sorted(ever)
    np.testing.assert_allclose(display.lines_["feature_0"].get_ydata(), cv.beta.loc["feature_0"])
    np.testing.assert_allclose(display.lines_["feature_0"].get_xdata(), np.log(cv.lambda_full))
    assert len(display.ax_.texts) == 2


def test_coefficient_bars_are_the_selected_coefficients(cox_fit):
    _, _, cv = cox_fit
    display = CoefficientBarDisplay.from_cv(cv, s="lambda_min")
    coef = cv.coef("lambda_min")
    assert set(display.coef_.index) == set(coef.index[coef != 0])
    widths = [bar.get_width() for bar in display.bars_]
    assert widths == sorted(widths)
    np.testing.assert_allclose(widths, display.coef_.to_numpy())
    assert [t.get_text() for t in display.ax_.get_yticklabels()] == list(display.coef_.index)
    with pytest.raises(InputError, match="no non-zero"):
        CoefficientBarDisplay({"a": 0.0, "(Intercept)": 1.0})


@pytest.fixture(scope="module")
def binomial_fit():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 6))
    y = (X[:, 0] - 0.8 * X[:, 2] + rng.normal(size=120) > 0).astype(int)
    return cv_glmnet(X, y, family="binomial", nfolds=5, random_state=2)


def test_lasso_display_draws_the_cv_curve_beside_the_kept_coefficients(binomial_fit):
    fit = binomial_fit
    display = LassoDisplay(fit, s="lambda_1se").plot(title="LASSO")
    curve, bars = display.ax_
    assert display.curve_.ax_ is curve and display.bars_.ax_ is bars
    np.testing.assert_allclose(display.curve_.points_.get_offsets(),
                               np.column_stack([np.log(fit.lambda_), fit.cvm]))
    vertical = sorted(line.get_xdata()[0] for line in display.curve_.lambda_lines_)
    np.testing.assert_allclose(vertical, sorted(np.log([fit.lambda_min, fit.lambda_1se])))
    coef = fit.coef("lambda_1se").drop("(Intercept)")
    assert len(bars.patches) == int((coef != 0).sum()) == len(display.coef_)
    np.testing.assert_allclose(display.coef_, coef[display.coef_.index])
    assert bars.get_xlabel() == "Coefficient at lambda_1se"
    assert display.figure_.get_suptitle() == "LASSO"


def test_lasso_display_needs_a_kept_coefficient(binomial_fit):
    with pytest.raises(InputError, match="no non-zero coefficient at s="):
        LassoDisplay(binomial_fit, s=binomial_fit.lambda_[0] * 10).plot()
    with pytest.raises(InputError, match="CVGlmnetResult"):
        LassoDisplay(pd.DataFrame())


def test_risk_score_display_ranks_and_cutoff(cox_fit):
    X, y, cv = cox_fit
    rs = RiskScore(cv.coef("lambda_min")).fit(X)
    display = RiskScoreDisplay.from_risk_score(rs, X, y)
    table = display.table_
    assert table["score"].is_monotonic_increasing
    np.testing.assert_allclose(np.sort(rs.score(X)), table["score"])
    assert display.cutoff_line_.get_ydata()[0] == rs.cutoff_
    assert (table.loc[table["group"] == "high", "score"] > rs.cutoff_).all()
    assert display.time_ax_ is not None
    assert set(display.points_) == {"Event", "Censored"}
    drawn = sum(len(p.get_offsets()) for p in display.points_.values())
    assert drawn == len(X)


def test_risk_score_display_binary_and_bad_input():
    display = RiskScoreDisplay.from_scores([0.3, -1.2, 2.0, 0.1], np.array([1, 0, 1, 0]))
    assert display.time_ax_ is None and display.cutoff_line_ is None
    with pytest.raises(InputError, match="row 1"):
        RiskScoreDisplay([0.3, np.nan], [1, 0])
    with pytest.raises(InputError, match="3 rows"):
        RiskScoreDisplay([0.3, 0.2], [1, 0, 1])
    with pytest.raises(InputError, match="`outcome` must be 0/1 or boolean; found 2 at position 1"):
        RiskScoreDisplay([0.3, 0.2], [0, 2])
    with pytest.raises(InputError, match="not fitted"):
        RiskScoreDisplay.from_risk_score(RiskScore({"a": 1.0}), pd.DataFrame({"a": [1.0]}))


def _clinical():
    """Four patients (scores 0.3, -1.2, 2.0, 0.1 -> drawing order 1, 3, 0, 2)."""
    return pd.DataFrame({
        "Stage": pd.Categorical(["II", "I", None, "I"], ["I", "II", "III"]),
        "Smoker": [True, False, True, False],
        "Treated": [1, 0, 0, 1],
        "Site": ["lung", "liver", "lung", "bone"],
        "Age": [60.0, 40.0, np.nan, 50.0],
    }, index=[10, 11, 12, 13])


def test_risk_score_strip_follows_the_ranking():
    from matplotlib.colors import to_rgba

    display = RiskScoreDisplay.from_scores([0.3, -1.2, 2.0, 0.1], [1, 0, 1, 0], cutoff=0.2,
                                           annotations=_clinical())
    table = display.table_
    assert table.columns.tolist() == ["rank", "score", "status", "group", "Stage", "Smoker",
                                      "Treated", "Site", "Age"]
    assert table["Site"].tolist() == ["liver", "bone", "lung", "lung"]   # index ignored
    assert table["Age"].tolist()[:3] == [40.0, 50.0, 60.0] and np.isnan(table["Age"].iloc[3])
    rgba = display.strip_image_.get_array()
    assert rgba.shape == (5, 4, 4)                                       # variables x patients
    labels = [t.get_text() for t in display.strip_ax_.get_yticklabels()]
    assert labels == ["Stage", "Smoker", "Treated", "Site", "Age"]
    assert display.strip_ax_.get_xlim() == display.ax_.get_xlim() == (0.5, 4.5)
    assert display.strip_ax_.get_xlabel() == "Patients (ranked by risk score)"
    levels = display.strip_levels_
    assert list(levels["Stage"]) == ["I", "II", "III"]                   # all categories, in order
    assert list(levels["Smoker"]) == ["False", "True"] and list(levels["Treated"]) == ["0", "1"]
    assert list(levels["Site"]) == ["bone", "liver", "lung"] and "Age" not in levels
    assert len(set(levels["Stage"].values())) == 3
    for patient, stage in enumerate(table["Stage"]):
        expected = "#C8C8C8" if pd.isna(stage) else levels["Stage"][stage]   # missing: grey
        np.testing.assert_allclose(rgba[0, patient], to_rgba(expected))
    np.testing.assert_allclose(rgba[3, :, :3], [to_rgba(levels["Site"][v])[:3]
                                                for v in table["Site"]])
    z = display.strip_z_["Age"].to_numpy()
    np.testing.assert_allclose(z[:3], [-1, 0, 1])                       # (x - 50) / sd 10
    assert np.isnan(z[3])
    np.testing.assert_allclose(rgba[4, 3], to_rgba("#C8C8C8"))
    assert rgba[4, 0, 2] > rgba[4, 0, 0] and rgba[4, 2, 0] > rgba[4, 2, 2]   # low blue, high red
    np.testing.assert_allclose(rgba[4, 1, :3], 0.97, atol=0.03)         # z = 0: near white


def test_risk_score_strip_with_survival_and_a_given_axes(cox_fit):
    import matplotlib.pyplot as plt

    X, y, cv = cox_fit
    rs = RiskScore(cv.coef("lambda_min")).fit(X)
    clinical = pd.DataFrame({"f0": X["feature_0"], "high": X["feature_1"] > 0})
    display = RiskScoreDisplay.from_risk_score(rs, X, y, annotations=clinical)
    order = np.argsort(rs.score(X).to_numpy(), kind="stable")
    np.testing.assert_allclose(display.table_["f0"], X["feature_0"].to_numpy()[order])
    assert display.time_ax_ is not None and display.strip_ax_ is not None
    assert len(display.figure_.axes) == 3
    ax = plt.subplots()[1]
    drawn = RiskScoreDisplay(rs.score(X), y, rs.cutoff_, clinical).plot(ax=ax)
    assert drawn.strip_ax_ is None and drawn.time_ax_ is None            # only with ax=None
    assert "f0" in drawn.table_


@pytest.mark.parametrize("annotations, message", [
    (pd.DataFrame({"a": [1.0, 2.0, 3.0]}), r"`annotations` has 3 rows but `score` has 4"),
    (pd.DataFrame({"when": pd.to_datetime(["2020-01-01"] * 4)}),
     r"annotation column 'when' has dtype datetime64"),
    (pd.DataFrame({"id": [f"p{i}" for i in range(11)] * 4}).iloc[:4].assign(
        id=pd.Categorical(["a"] * 4, list("abcdefghijk"))), r"'id' has 11 levels"),
    (pd.DataFrame({"score": [1, 2, 3, 4]}), r"annotation column\(s\) \['score'\] clash"),
    ([1, 2, 3, 4], r"`annotations` must be a DataFrame"),
])
def test_risk_score_strip_bad_annotations(annotations, message):
    with pytest.raises(InputError, match=message):
        RiskScoreDisplay([0.3, -1.2, 2.0, 0.1], [1, 0, 1, 0], annotations=annotations)


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_selection_figures_save(cox_fit, tmp_path, suffix):
    X, y, cv = cox_fit
    rs = RiskScore(cv.coef("lambda_min")).fit(X)
    displays = [CVCurveDisplay(cv), CoefficientPathDisplay(cv), LassoDisplay(cv),
                CoefficientBarDisplay(cv.coef("lambda_min")), RiskScoreDisplay(rs.score(X), y,
                                                                               rs.cutoff_)]
    for i, display in enumerate(displays):
        path = display.savefig(tmp_path / f"figure{i}{suffix}", dpi=60)
        assert path.stat().st_size > 1000


def test_cv_displays_reject_other_objects():
    with pytest.raises(InputError, match="CVGlmnetResult"):
        CVCurveDisplay(pd.DataFrame())
