"""Checks of radstats.logistic.Logit against one R glm case."""

import warnings

import numpy as np

from radstats._core.errors import ConvergenceWarning
from radstats.logistic import Logit, SeparationWarning
from radstats.testing import assert_matches_r, fixture_frame


def check_case(fx):
    if fx["case"].startswith("confint"):
        return check_confint(fx)
    inputs = fx["inputs"]
    covariates = list(np.atleast_1d(inputs["covariates"]))
    data = fixture_frame(inputs, [inputs["outcome"], *covariates])
    y = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = Logit().fit(data[covariates], y)
    raised = {w.category for w in caught}
    r_warnings = " ".join(fx["outputs"]["warnings"])
    assert (SeparationWarning in raised) == ("fitted probabilities numerically 0 or 1" in r_warnings)
    assert (ConvergenceWarning in raised) == ("did not converge" in r_warnings)

    assert_matches_r(fit.predict_proba(data[covariates]), fx, "prob")
    if SeparationWarning in raised:
        return  # coefficients diverge; only the fitted 0/1 probabilities are meaningful
    assert fit.result_.iterations == fx["outputs"]["iter"]
    assert_matches_r(fit.coef_, fx, "coef")
    assert_matches_r(fit.summary()["se"], fx, "se")
    for name in ("aic", "loglik", "deviance", "null_deviance"):
        assert_matches_r(getattr(fit.result_, name), fx, name)


def check_confint(fx):
    """Profile-likelihood limits against ``MASS::confint.glm``."""
    inputs = fx["inputs"]
    covariates = list(np.atleast_1d(inputs["covariates"]))
    data = fixture_frame(inputs, [inputs["outcome"], *covariates])
    y = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    fit = Logit(alpha=1 - inputs["level"], ci="profile").fit(data[covariates], y)
    limits = fit.result_.conf_int()
    assert limits.index.tolist() == fx["outputs"]["term"]
    assert_matches_r(limits["lower"], fx, "lower")
    assert_matches_r(limits["upper"], fx, "upper")
    summary = fit.summary()
    np.testing.assert_allclose(np.log(summary["or_lower"]), limits["lower"], rtol=1e-12)
