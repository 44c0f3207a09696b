"""Checks of radstats.nomogram against one rms::nomogram case."""

import numpy as np

from radstats import Surv
from radstats.logistic import Logit
from radstats.nomogram import Nomogram
from radstats.survival import CoxPH
from radstats.testing import assert_matches_r, fixture_frame


def check_case(fx):
    inputs = fx["inputs"]
    covariates = list(np.atleast_1d(inputs["covariates"]))
    used = [inputs["outcome"], *([inputs["time"]] if "time" in inputs else []), *covariates]
    data = fixture_frame(inputs, used)
    event = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    if inputs["model"] == "lrm":
        fit = Logit().fit(data[covariates], event)
    else:
        fit = CoxPH().fit(data[covariates], Surv(data[inputs["time"]], event))
    nom = Nomogram.from_model(fit, data[covariates])
    tolerance = fx["tolerance"]["points"]
    for variable in covariates:
        expected = fx["outputs"]["axes"][variable]
        axis = nom.axes[variable]
        values = [str(v) if isinstance(v, str) else f"{v:g}" for v in axis["value"]]
        assert values == list(np.atleast_1d(expected["value"])), variable
        assert_matches_r(axis["points"], {**fx, "outputs": {"p": expected["points"]}}, "p", tolerance)
    # Compare on the uncentred X beta scale: rms centres every column of a cph
    # fit, survival (and radstats) not its 0/1 columns.
    xb_r = np.asarray(fx["outputs"]["lp_value"]) + fx["outputs"]["center"]
    xb_at_zero = nom.intercept + (float(fit.means_ @ fit.coef_) if inputs["model"] == "cph" else 0.0)
    lp_points = (xb_r - xb_at_zero) * nom.scale
    assert_matches_r(lp_points, fx, "lp_points")
