"""Checks of radstats.selection against one R reference case."""

import numpy as np

from radstats import Surv
from radstats.logistic import Logit
from radstats.selection import find_correlation, icc, stepwise
from radstats.selection.icc import FORMS
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


def check_icc(fx):
    inputs = fx["inputs"]
    readers = [fixture_frame({"data": name}).set_index("id") for name in inputs["readers"]]
    table = icc(*readers, alpha=inputs["alpha"])
    assert table.index.tolist() == fx["outputs"]["feature"]
    tolerance = fx["tolerance"]
    for form in FORMS:
        assert_matches_r(table[form], fx, form, tolerance["estimate"])
        assert_matches_r(table[f"{form}_f"], fx, f"{form}_f", tolerance["f"])
        for suffix in ("_df1", "_df2"):
            assert_matches_r(table[form + suffix], fx, form + suffix, tolerance["df"])
        for suffix in ("_lower", "_upper"):
            assert_matches_r(table[form + suffix], fx, form + suffix, tolerance["limits"])
        assert_matches_r(table[f"{form}_p"], fx, f"{form}_p", tolerance["p"])


def check_findcor(fx):
    inputs = fx["inputs"]
    drop = find_correlation(fixture_frame(inputs), cutoff=inputs["cutoff"], exact=inputs.get("exact"))
    assert drop == list(np.atleast_1d(fx["outputs"]["drop"]))


def check_case(fx):
    checks = {"stepaic": check_stepaic, "icc": check_icc, "findcor": check_findcor}
    checks[fx["case"].split("_")[0]](fx)
