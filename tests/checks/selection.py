"""Checks of radstats.selection against one R reference case."""

import numpy as np

from radstats import Surv
from radstats.logistic import Logit
from radstats.selection import (
    RiskScore, ZScore, find_correlation, icc, multivariable, stepwise, univariate_cox, univariate_logit,
    univariate_test,
)
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


def check_zscore(fx):
    inputs = fx["inputs"]
    X = fixture_frame(inputs)[inputs["features"]]
    train, other = X.iloc[: inputs["n_train"]], X.iloc[inputs["n_train"]:]
    scaler = ZScore().fit(train)
    assert_matches_r(scaler.mean_, fx, "center")
    assert_matches_r(scaler.scale_, fx, "scale")
    assert_matches_r(scaler.transform(train).to_numpy().ravel(order="F"), fx, "train")
    assert_matches_r(scaler.transform(other).to_numpy().ravel(order="F"), fx, "other")


def check_univariate_cox(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], *inputs["features"]])
    y = Surv(data[inputs["time"]], data[inputs["outcome"]] == inputs["event_code"])
    table = univariate_cox(data[inputs["features"]], y)
    assert table.index.tolist() == fx["outputs"]["term"]
    for name in ("coef", "se", "p", "q"):
        assert_matches_r(table[name], fx, name)


def check_univariate_glm(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["outcome"], *inputs["features"]])
    y = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    table = univariate_logit(data[inputs["features"]], y)
    assert table.index.tolist() == fx["outputs"]["term"]
    for name in ("coef", "se", "p", "q"):
        assert_matches_r(table[name], fx, name)


def check_multivariable(fx):
    inputs = fx["inputs"]
    logistic = inputs.get("model") == "glm"
    time = [] if logistic else [inputs["time"]]
    data = fixture_frame(inputs, [*time, inputs["outcome"], *inputs["features"]])
    event = data[inputs["outcome"]] == inputs["event_code"]
    y = event.astype(int) if logistic else Surv(data[inputs["time"]], event)
    result = multivariable(data[inputs["features"]], y)
    assert result.selected == list(np.atleast_1d(fx["outputs"]["selected"]))
    in_model = result.table.dropna(subset=["multi_ratio"])
    assert in_model.index.tolist() == fx["outputs"]["term"]
    assert_matches_r(in_model["multi_ratio"], fx, "or" if logistic else "hr")
    assert_matches_r(in_model["multi_p"], fx, "p")
    if logistic:
        assert_matches_r(in_model["multi_lower"], fx, "or_lower")
        assert_matches_r(in_model["multi_upper"], fx, "or_upper")


def check_riskscore(fx):
    inputs = fx["inputs"]
    weights = inputs["coef"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], *weights])
    event = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    X = data[list(weights)]
    median = RiskScore(weights).fit(X)
    assert_matches_r(median.score(X), fx, "score")
    assert_matches_r(median.cutoff_, fx, "median")
    assert_matches_r((median.predict(X) == "high").astype(int), fx, "high_median")
    maxstat = RiskScore(weights, cutoff="maxstat", min_prop=inputs["min_prop"])
    assert_matches_r(maxstat.fit(X, Surv(data[inputs["time"]], event)).cutoff_, fx, "maxstat")
    assert_matches_r(RiskScore(weights, cutoff="youden").fit(X, event).cutoff_, fx, "youden")


def check_univariate_test(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["group"], *inputs["features"]])
    table = univariate_test(data[inputs["features"]], data[inputs["group"]], test=inputs["test"])
    assert table.index.tolist() == fx["outputs"]["feature"]
    compared = ["statistic", "p", "q", "shapiro_p_0", "shapiro_p_1", "ci_lower", "ci_upper"]
    if inputs["test"] != "mannwhitney":  # wilcox.test without conf.int reports no estimate
        compared.append("difference")
    for name in compared:
        assert_matches_r(table[name], fx, name)


def check_case(fx):
    special = {"univariate_cox": check_univariate_cox, "univariate_glm": check_univariate_glm,
               "multivariable": check_multivariable}
    for prefix, check in special.items():
        if fx["case"].startswith(prefix):
            return check(fx)
    checks = {"stepaic": check_stepaic, "icc": check_icc, "findcor": check_findcor,
              "riskscore": check_riskscore,
              "zscore": check_zscore, "univariate": check_univariate_test}
    checks[fx["case"].split("_")[0]](fx)
