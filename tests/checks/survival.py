"""Checks of radstats.survival against one R case; shared by the frozen-fixture
suite (tests/parity) and the live rpy2 suite (tests/live_r)."""

import warnings

import numpy as np
import pytest

from radstats import ConvergenceWarning, MonotoneLikelihoodWarning, Surv
from radstats.metrics import concordance_index
from radstats.survival import CoxPH, kaplan_meier, logrank_test
from radstats.testing import assert_matches_r, fixture_frame

EXACT = {"rtol": 0.0, "atol": 0.0}


def _outcome(fx, columns):
    inputs = fx["inputs"]
    used = [inputs["time"], inputs["status"], *columns]
    data = fixture_frame(inputs, used)
    event = data[inputs["status"]] == inputs["event_code"]
    return data, data[inputs["time"]], event


def check_coxph(fx):
    inputs = fx["inputs"]
    covariates = list(np.atleast_1d(inputs["covariates"]))
    data, time, event = _outcome(fx, covariates)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = CoxPH(ties=inputs["ties"]).fit(data[covariates], Surv(time, event))
    r_warnings = " ".join(np.atleast_1d(fx["outputs"]["warnings"] or []))
    raised = {w.category for w in caught if issubclass(w.category, (
        MonotoneLikelihoodWarning, ConvergenceWarning))}
    expected = {MonotoneLikelihoodWarning} if "Loglik converged before" in r_warnings else set()
    expected |= {ConvergenceWarning} if "Ran out of iterations" in r_warnings else set()
    assert raised == expected, [str(w.message) for w in caught]

    assert_matches_r(fit.coef_, fx, "coef")
    assert_matches_r(fit.loglik_, fx, "loglik")
    assert_matches_r(fit.means_, fx, "means")
    # Out of iterations, R's variance is not the inverse information (see
    # tests/parity/test_intended_differences.py): only converged fits compare it.
    converged = fit.result_.meta["converged"]
    if converged:
        assert_matches_r(fit.summary()["se"], fx, "se")
    for name in ("lr_test", "wald_test", "score_test") if converged else ("lr_test", "score_test"):
        test = getattr(fit, name + "_")
        assert test.df == fx["outputs"][name]["df"]
        assert_matches_r(test.statistic, fx, f"{name}.statistic")
        assert_matches_r(test.pvalue, fx, f"{name}.pvalue")
    assert_matches_r(fit.concordance_, fx, "concordance")
    assert_matches_r(fit.aic_, fx, "aic")
    assert_matches_r(fit.predict(data[covariates]), fx, "lp")
    assert_matches_r(fit.predict(data[covariates], type="risk"), fx, "risk")
    rows = np.atleast_1d(inputs["newdata_rows"]) - 1  # R's rows are 1-based
    survival = fit.predict_survival(data[covariates].iloc[rows], np.atleast_1d(inputs["times"]))
    for i, expected in enumerate(fx["outputs"]["survival"]):
        assert_matches_r(survival.iloc[i].to_numpy(), {**fx, "outputs": {"s": expected}},
                         "s", fx["tolerance"]["survival"])


def check_km(fx):
    inputs = fx["inputs"]
    group_column = inputs.get("group")
    data, time, event = _outcome(fx, [group_column] if group_column else [])
    km = kaplan_meier(time, event, data[group_column] if group_column else None,
                      conf_type=inputs["conf_type"])

    curve = km.curve()
    expected_curve = fx["outputs"]["curve"]
    assert curve["group"].astype(str).tolist() == [str(g) for g in expected_curve["group"]]
    for column in ("time", "n_risk", "n_event", "n_censor"):
        assert_matches_r(curve[column], fx, f"curve.{column}", EXACT)
    for column in ("surv", "se_cumhaz", "lower", "upper"):
        assert_matches_r(curve[column], fx, f"curve.{column}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # times beyond a group's follow-up: R drops them too
        at = km.at(np.atleast_1d(inputs["times"]))
    assert at["group"].astype(str).tolist() == [str(g) for g in np.atleast_1d(fx["outputs"]["at"]["group"])]
    for column in ("time", "n_risk", "n_event"):
        assert_matches_r(at[column], fx, f"at.{column}", EXACT)
    for column in ("surv", "se_surv", "lower", "upper"):
        assert_matches_r(at[column], fx, f"at.{column}")

    table = km.table()
    assert [str(g) for g in table.index] == [str(g) for g in np.atleast_1d(fx["outputs"]["table"]["group"])]
    for column in ("n", "events"):
        assert_matches_r(table[column], fx, f"table.{column}", EXACT)
    for column in ("median", "median_lower", "median_upper"):
        assert_matches_r(table[column], fx, f"table.{column}", fx["tolerance"]["median"])


def check_logrank(fx):
    inputs = fx["inputs"]
    data, time, event = _outcome(fx, [inputs["group"]])
    result = logrank_test(time, event, data[inputs["group"]], rho=inputs["rho"])
    assert result.df == fx["outputs"]["df"]
    assert_matches_r(result.statistic, fx, "statistic")
    assert_matches_r(result.pvalue, fx, "pvalue")
    assert_matches_r(result.table["n"], fx, "n", EXACT)
    assert_matches_r(result.table["observed"], fx, "observed")
    assert_matches_r(result.table["expected"], fx, "expected")
    assert_matches_r(result.variance.to_numpy().ravel(), fx, "variance")


def check_concordance(fx):
    inputs = fx["inputs"]
    data, time, event = _outcome(fx, [inputs["risk"]])
    method = {"n": "harrell", "n/G2": "uno"}[inputs.get("timewt", "n")]
    result = concordance_index(time, event, data[inputs["risk"]], method=method,
                               tau=inputs.get("ymax"))
    assert_matches_r(result.estimate, fx, "estimate")
    counts = {"concordant": result.concordant, "discordant": result.discordant,
              "tied.x": result.tied_risk, "tied.y": result.tied_time, "tied.xy": result.tied_both}
    assert_matches_r(counts, fx, "count")


CHECKS = {"coxph": check_coxph, "km": check_km, "logrank": check_logrank,
          "concordance": check_concordance}


def check_case(fx):
    """Run the check that matches the case's name prefix."""
    kind = fx["case"].split("_")[0]
    if kind not in CHECKS:
        pytest.fail(f"no check for survival case {fx['case']!r}")
    CHECKS[kind](fx)
