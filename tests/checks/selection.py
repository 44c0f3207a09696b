"""Checks of radstats.selection against one R reference case."""

import numpy as np

from radstats import Surv
from radstats.logistic import Logit
from radstats.selection import stepwise
from radstats.survival import CoxPH
from radstats.testing import assert_matches_r, fixture_frame


def check_stepaic(fx):
    inputs = fx["inputs"]
    covariates = list(np.atleast_1d(inputs["covariates"]))
    used = [inputs["outcome"], *([inputs["time"]] if "time" in inputs else []), *covariates]
    data = fixture_frame(inputs, used)
    event = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    if inputs["model"] == "coxph":
        estimator, y = CoxPH(), Surv(data[inputs["time"]], event)
    else:
        estimator, y = Logit(), event
    result = stepwise(estimator, data[covariates], y, direction=inputs["direction"],
                      criterion=inputs["criterion"])
    assert result.selected == list(np.atleast_1d(fx["outputs"]["selected"]))
    assert result.path["change"].tolist() == list(np.atleast_1d(fx["outputs"]["path_change"]))
    assert_matches_r(result.meta["k"], fx, "k")
    assert_matches_r(result.aic, fx, "aic")
    assert_matches_r(result.path["aic"], fx, "path_aic")


def check_case(fx):
    assert fx["case"].startswith("stepaic_"), f"no check for selection case {fx['case']!r}"
    check_stepaic(fx)
