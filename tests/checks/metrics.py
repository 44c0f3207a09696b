"""Checks of radstats.metrics against one R reference case (pROC)."""

import warnings

import pandas as pd

from radstats.metrics import (
    bootstrap_ci, calibration_curve, calibration_stats, classification_summary, decision_curve,
    decision_curve_survival, delong_test, hosmer_lemeshow, roc_auc,
    roc_curve, time_dependent_cindex, youden,
)
from radstats.metrics.time_dependent import time_dependent_auc
from radstats.testing import assert_matches_r, fixture_frame


def _data(inputs, columns):
    data = fixture_frame(inputs, [inputs["outcome"], *columns])
    return data, (data[inputs["outcome"]] == inputs["event_code"]).astype(int)


def check_roc(fx):
    inputs = fx["inputs"]
    data, y = _data(inputs, [inputs["score"]])
    result = roc_auc(y, data[inputs["score"]], direction=inputs["direction"])
    assert result.direction == fx["outputs"]["direction"]
    for name in ("auc", "ci_lower", "ci_upper", "variance"):
        assert_matches_r(getattr(result, "estimate" if name == "auc" else name), fx, name)
    curve = roc_curve(y, data[inputs["score"]], direction=inputs["direction"])
    for name in ("threshold", "sensitivity", "specificity"):
        assert_matches_r(curve[name], fx, name)


def check_delong(fx):
    inputs = fx["inputs"]
    data, y = _data(inputs, [inputs["score1"], inputs["score2"]])
    if inputs["paired"]:
        result = delong_test(y, data[inputs["score1"]], data[inputs["score2"]])
    else:
        first = (data[inputs["split"]] == inputs["split_value"]).to_numpy()
        result = delong_test(y[first], data[inputs["score1"]][first], data[inputs["score2"]][~first],
                             paired=False, y2=y[~first])
    for name in ("statistic", "pvalue", "df", "auc1", "auc2"):
        assert_matches_r(getattr(result, name), fx, name)


def check_hoslem(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, ["y", inputs["prob"]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fewer groups than g: checked in the input tests
        result = hosmer_lemeshow(data["y"], data[inputs["prob"]], g=inputs["g"])
    assert result.df == fx["outputs"]["df"]
    assert_matches_r(result.statistic, fx, "statistic")
    assert_matches_r(result.pvalue, fx, "pvalue")
    assert_matches_r(result.table["observed_1"], fx, "observed_1")
    assert_matches_r(result.table["expected_1"], fx, "expected_1")


def check_dca(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, ["y", inputs["prob"]])
    curve = decision_curve(data["y"], data[inputs["prob"]], thresholds=inputs["thresholds"])
    assert_matches_r(curve["net_benefit"], fx, "net_benefit")
    assert_matches_r(curve["treat_all"], fx, "treat_all")


def check_youden(fx):
    inputs = fx["inputs"]
    data, y = _data(inputs, [inputs["score"]])
    result = youden(y, data[inputs["score"]])
    for name in ("threshold", "sensitivity", "specificity"):
        assert_matches_r(getattr(result, name), {**fx, "outputs": {
            name: fx["outputs"][name][0] if isinstance(fx["outputs"][name], list)
            else fx["outputs"][name]}}, name, fx["tolerance"][name])


def check_valprob(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, ["y", inputs["prob"]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # probabilities 0 or 1: tested in the input tests
        result = calibration_stats(data["y"], data[inputs["prob"]])
    # c_index and dxy differ on purpose: see tests/parity/test_intended_differences.py
    for name in ("intercept", "slope", "eavg", "e90", "emax", "brier"):
        assert_matches_r(getattr(result, name), fx, name)


def check_tdcindex(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], inputs["risk"]])
    table = time_dependent_cindex(data[inputs["time"]], data[inputs["outcome"]] == inputs["event_code"],
                                  data[inputs["risk"]], inputs["horizons"])
    assert_matches_r(table["c_index"], fx, "c_index")
    assert_matches_r(table["events"], fx, "events")


def check_tdauc(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], inputs["marker"]])
    table = time_dependent_auc(data[inputs["time"]], data[inputs["outcome"]] == inputs["event_code"],
                               data[inputs["marker"]], inputs["times"])
    for name in ("auc", "se", "se_conservative", "ci_lower", "ci_upper"):
        assert_matches_r(table[name], fx, name)


def check_tdauclt(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], inputs["marker"]])
    table = time_dependent_auc(data[inputs["time"]], data[inputs["outcome"]] == inputs["event_code"],
                               data[inputs["marker"]], inputs["times"], cases="lt")
    assert_matches_r(table["auc"], fx, "auc")


def check_classification(fx):
    inputs = fx["inputs"]
    data, y = _data(inputs, [inputs["score"]])
    results = [classification_summary(y, data[inputs["score"]], t, direction=inputs["direction"])
               for t in inputs["thresholds"]]
    for name in ("sensitivity", "specificity", "accuracy", "ppv", "npv"):
        assert_matches_r([getattr(r, name) for r in results], fx, name, fx["tolerance"]["rates"])
    for name in ("tp", "tn", "fp", "fn"):
        assert_matches_r([getattr(r, name) for r in results], fx, name, fx["tolerance"]["counts"])


def check_dcasurv(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], inputs["marker"]])
    curve = decision_curve_survival(data[inputs["time"]], data[inputs["outcome"]] == inputs["event_code"],
                                    inputs["prob"], inputs["horizon"], inputs["thresholds"])
    assert_matches_r(curve["net_benefit"], fx, "net_benefit")
    assert_matches_r(curve["treat_all"], fx, "treat_all")


def check_bootci(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, ["y", inputs["prob"]])
    result = bootstrap_ci(lambda y, p: roc_auc(y, p, direction="<").estimate, data["y"],
                          data[inputs["prob"]], n_boot=inputs["n_boot"], stratify=data["y"],
                          random_state=inputs["seed"])
    assert_matches_r(result.ci_lower, fx, "ci_lower")
    assert_matches_r(result.ci_upper, fx, "ci_upper")
    auc = roc_auc(data["y"], data[inputs["prob"]], direction="<", ci="bootstrap",
                  n_boot=inputs["n_boot"], random_state=inputs["seed"])
    assert_matches_r(auc.ci_lower, fx, "ci_lower")
    assert_matches_r(auc.ci_upper, fx, "ci_upper")


def check_table2(fx):
    from radstats.tables import performance_table

    inputs = fx["inputs"]
    data, y = _data(inputs, inputs["models"] + ["id"])
    cohort = (data["id"] % 3 == 0).map({True: "Validation", False: "Training"})
    cohort = pd.Categorical(cohort, categories=["Training", "Validation"])
    result = performance_table(y, data[inputs["models"]], cohort, reference=inputs["reference"],
                               whole="Whole")
    stats = result.stats
    assert stats["model"].tolist() == fx["outputs"]["model"]
    assert stats["cohort"].tolist() == fx["outputs"]["cohort"]
    for name in ("auc", "ci_lower", "ci_upper", "threshold", "sensitivity", "specificity",
                 "accuracy", "tp", "fp", "tn", "fn", "pvalue"):
        assert_matches_r(stats[name], fx, name)


def check_calcurve(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, ["y", inputs["prob"]])
    curve = calibration_curve(data["y"], data[inputs["prob"]], method=inputs["method"],
                              n_bins=inputs.get("g", 10))
    for name in fx["outputs"]:
        assert_matches_r(curve[name], fx, name)


def check_calibrate(fx):
    from radstats.logistic import Logit
    from radstats.metrics.calibrate import calibrate

    inputs = fx["inputs"]
    data, y = _data(inputs, inputs["predictors"])
    X = data[inputs["predictors"]]
    result = calibrate(Logit(), X, y, resamples=inputs["resamples"])  # R's bootstrap samples
    for name in ("predicted", "apparent", "optimism", "corrected", "n"):
        assert_matches_r(result.curve[name], fx, name)
    for name in ("mean_absolute_error", "mean_squared_error", "quantile90_absolute_error"):
        assert_matches_r(getattr(result, name), fx, name)
    own = calibrate(Logit(), X, y, n_boot=200, random_state=inputs["seed"])
    assert_matches_r(own.curve["corrected"], fx, "corrected", fx["tolerance"]["in_distribution"])


def check_survcal(fx):
    from radstats.metrics.survival_calibration import survival_calibration

    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], inputs["marker"]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # groups without an estimate: tested in the input tests
        table = survival_calibration(data[inputs["time"]], data[inputs["outcome"]] == inputs["event_code"],
                                     inputs["surv_prob"], inputs["horizon"], groups=inputs["g"],
                                     cuts=inputs.get("cuts"))
    for name in ("predicted", "n", "events", "observed", "std_err"):
        assert_matches_r(table[name], fx, name)


def check_calsurv(fx):
    from radstats import Surv
    from radstats.metrics import calibrate_survival
    from radstats.survival import CoxPH

    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], *inputs["predictors"]])
    X = data[inputs["predictors"]]
    y = Surv(data[inputs["time"]], data[inputs["outcome"]] == inputs["event_code"])
    cph = CoxPH(eps=1e-4, max_iter=10)  # rms::cph's defaults
    options = {"m": inputs["m"], "cuts": inputs.get("cuts")}
    result = calibrate_survival(cph, X, y, inputs["horizon"], resamples=inputs["resamples"],
                                **options)  # R's bootstrap samples
    assert_matches_r(result.predicted, fx, "predicted")
    for name in ("index_orig", "training", "test", "mean_optimism", "mean_corrected", "n",
                 "mean_predicted", "km", "km_corrected", "std_err"):
        assert_matches_r(result.table[name], fx, name)
    if "km_corrected_distribution" in fx["outputs"]:
        own = calibrate_survival(cph, X, y, inputs["horizon"], n_boot=inputs["B_distribution"],
                                 random_state=inputs["seed"], **options)
        assert_matches_r(own.table["km_corrected"], fx, "km_corrected_distribution")


def check_bootbca(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, ["y", inputs["prob"]])

    def auc(y, p):
        return roc_auc(y, p, direction="<").estimate

    for method, prefix in (("bca", "bca"), ("percentile", "perc")):
        result = bootstrap_ci(auc, data["y"], data[inputs["prob"]], n_boot=inputs["n_boot"],
                              method=method, stratify=data["y"], random_state=inputs["seed"])
        assert_matches_r(result.estimate, fx, "estimate")
        assert_matches_r(result.ci_lower, fx, f"{prefix}_lower")
        assert_matches_r(result.ci_upper, fx, f"{prefix}_upper")
    assert_matches_r(result.std_error, fx, "std_error")


def check_case(fx):
    kind = fx["case"].split("_")[0]
    checks = {"roc": check_roc, "delong": check_delong, "hoslem": check_hoslem,
              "dca": check_dca, "youden": check_youden, "valprob": check_valprob,
              "tdcindex": check_tdcindex, "bootci": check_bootci, "tdauc": check_tdauc,
              "tdauclt": check_tdauclt, "table2": check_table2,
              "calcurve": check_calcurve, "calibrate": check_calibrate,
              "survcal": check_survcal, "bootbca": check_bootbca, "calsurv": check_calsurv,
              "classification": check_classification, "dcasurv": check_dcasurv}
    checks[kind](fx)
