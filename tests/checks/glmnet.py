"""Checks of radstats.selection.cv_glmnet against one glmnet::cv.glmnet case."""

import numpy as np

from radstats import Surv
from radstats.selection import cv_glmnet
from radstats.testing import assert_matches_r, fixture_frame


def check_case(fx):
    inputs = fx["inputs"]
    features = list(np.atleast_1d(inputs["features"]))
    used = [inputs["outcome"], *([inputs["time"]] if "time" in inputs else []), *features]
    data = fixture_frame(inputs, used)
    event = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    y = Surv(data[inputs["time"]], event) if inputs["family"] == "cox" else event
    fit = cv_glmnet(data[features], y, family=inputs["family"], alpha=inputs["alpha"],
                    foldid=inputs["foldid"], type_measure=inputs["type_measure"],
                    **({"thresh": inputs["thresh"]} if "thresh" in inputs else {}),
                    **({"lambda_min_ratio": inputs["lambda_min_ratio"]}
                       if "lambda_min_ratio" in inputs else {}))
    out = fx["outputs"]
    # The path's length is glmnet's early stop: it must be R's exactly.
    assert len(fit.lambda_) == len(np.atleast_1d(out["lambda"]))
    for name in ("lambda", "cvm", "cvsd", "cvup", "cvlo", "nzero"):
        actual = fit.lambda_ if name == "lambda" else getattr(fit, name)
        tolerance = fx["tolerance"].get(name, fx["tolerance"]["cvm" if name in ("cvup", "cvlo")
                                                               else name])
        assert_matches_r(actual, fx, name, tolerance)
    # lambda.min and lambda.1se must be the same members of the sequence.
    assert fit.index_min == int(np.argmin(np.abs(np.asarray(out["lambda"]) - out["lambda_min"])))
    assert fit.index_1se == int(np.argmin(np.abs(np.asarray(out["lambda"]) - out["lambda_1se"])))
    assert_matches_r(fit.lambda_min, fx, "lambda_min")
    assert_matches_r(fit.lambda_1se, fx, "lambda_1se")
    assert_matches_r(fit.coef("lambda_min"), fx, "coef_min")
    assert_matches_r(fit.coef("lambda_1se"), fx, "coef_1se")
