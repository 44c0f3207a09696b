"""LassoDisplay (plot.cv.glmnet plus the kept coefficients) and forest-plot ticks over
many decades."""

import matplotlib
import numpy as np
import pytest

from radstats import InputError
from radstats.plots import LassoDisplay
from radstats.plots.forest import _log_ticks
from radstats.selection import cv_glmnet

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def fit():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 6))
    y = (X[:, 0] - 0.8 * X[:, 2] + rng.normal(size=120) > 0).astype(int)
    return cv_glmnet(X, y, family="binomial", nfolds=5, random_state=2)


def test_lasso_display_draws_the_cv_curve_and_the_kept_coefficients(fit):
    display = LassoDisplay(fit, s="lambda_1se").plot(title="LASSO")
    curve, bars = display.ax_
    points = curve.lines[0].get_xdata() if curve.lines else curve.containers[0].lines[0].get_xdata()
    np.testing.assert_allclose(np.sort(points), np.sort(np.log(fit.lambda_)))
    vertical = sorted(line.get_xdata()[0] for line in curve.lines if len(set(line.get_xdata())) == 1)
    np.testing.assert_allclose(vertical, sorted(np.log([fit.lambda_min, fit.lambda_1se])))
    coef = fit.coef("lambda_1se").drop("(Intercept)")
    assert len(bars.patches) == int((coef != 0).sum()) == len(display.coef_)
    assert display.coef_.abs().is_monotonic_decreasing


def test_lasso_display_needs_a_kept_coefficient(fit):
    with pytest.raises(InputError, match="no non-zero coefficient"):
        LassoDisplay(fit, s=fit.lambda_[0] * 10).plot()


def test_forest_ticks_over_many_decades_are_sparse_powers_of_ten():
    ticks = _log_ticks(0.05, 2e6)
    assert len(ticks) <= 9
    assert all(np.isclose(np.log10(t), round(np.log10(t))) for t in ticks)
    assert _log_ticks(0.5, 3) == [0.5, 0.7, 1.0, 1.5, 2.0, 3.0]      # narrow ranges unchanged
