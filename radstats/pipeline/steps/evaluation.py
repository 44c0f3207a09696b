"""Steps that judge the fitted models in every cohort: ROC with DeLong (Table 2),
time-dependent C-index and AUC, calibration with Hosmer–Lemeshow, decision curves."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.metrics import (
    calibrate, calibrate_survival, calibration_stats, concordance_index, decision_curve_survival,
    hosmer_lemeshow, survival_calibration, time_dependent_auc, time_dependent_cindex,
)
from radstats.pipeline.registry import step


def _chosen(study, models) -> list:
    names = list(models) or list(study.models)
    unknown = [m for m in names if m not in study.models]
    if unknown:
        raise study.fail(f"option 'models' names {unknown}; fitted models: {list(study.models)}")
    return names


def _predictions(study, cohort: str, names: list):
    """``(y, {model: probability})`` of the binary endpoint in ``cohort``."""
    y, keep = study.binary_endpoint(cohort)
    rows = study.rows(cohort)[keep]
    horizon = study.outcome["binary_endpoint"] if study.survival else None
    return y, {m: study.models[m].prob(rows, horizon) for m in names}, int((~keep).sum())


def _endpoint_note(study, excluded: dict) -> str:
    note = f"Binary endpoint: {study.endpoint_text()}."
    if study.survival and any(excluded.values()):
        note += (" Patients followed for less than the horizon without the event have unknown "
                 "status and are left out (" + ", ".join(f"{c}: {n}" for c, n in excluded.items())
                 + ").")
    if study.survival:
        note += (" Each Cox model's probability of the endpoint is 1 - S(horizon | x) from its "
                 "Breslow/Efron baseline hazard.")
    return note


@step("roc", title="Discrimination: ROC curves and DeLong tests (Table 2)", needs=("models",))
def roc(study, *, models=(), reference="", threshold: str | float = "youden",
        rates=("sensitivity", "specificity", "accuracy")):
    """Table 2 (:func:`radstats.tables.performance_table`): AUC with DeLong CI, the
    rates at the training cohort's cut-off and DeLong's test against the reference
    model, per model and cohort; ROC curves of every cohort."""
    from radstats.plots import RocCurveDisplay
    from radstats.tables import performance_table

    names = _chosen(study, models)
    reference = reference or names[-1]
    if reference not in names:
        raise study.fail(f"option 'reference': {reference!r} is not among {names}")
    if threshold != "youden" and (isinstance(threshold, bool)
                                  or not isinstance(threshold, (int, float))):
        raise study.fail(f"option 'threshold' must be 'youden' or a probability, got {threshold!r}")
    parts, excluded = [], {}
    for cohort in study.cohorts:
        y, probs, excluded[cohort] = _predictions(study, cohort, names)
        if cohort != "whole":     # all patients: performance_table's `whole`
            parts.append(pd.DataFrame({"y": y, "cohort": cohort, **probs}))
        display = RocCurveDisplay.from_predictions(y, probs, direction="<",
                                                   title=f"{cohort.capitalize()} cohort")
        study.figure(cohort, display, f"ROC curves, {cohort} cohort ({study.endpoint_text()})")
    data = pd.concat(parts, ignore_index=True)
    result = performance_table(data["y"], data[names], data["cohort"], reference=reference,
                               threshold=threshold, threshold_cohort=study.training,
                               whole="whole" if "whole" in study.cohorts else None,
                               rates=tuple(rates), digits=3)
    cut = ("Youden-optimal" if threshold == "youden" else f"{threshold:g}")
    study.table("table2", result.table, f"Table 2: discrimination of each model (rates at the "
                f"{cut} cut-off of the {study.training} cohort, [correct/total]; p: DeLong's "
                f"test against {reference})", index=False, html=result.to_html())
    study.table("table2_numbers", result.stats, "Table 2 in numbers", index=False, show=False)
    study.text(_endpoint_note(study, excluded))
    study.results["auc"] = {f"{r.model} / {r.cohort}": r.auc for r in result.stats.itertuples()}
    study.method(f"Discrimination of {study.endpoint_text()} was measured by the AUC with "
                 "DeLong's 95% CI and compared between models with DeLong's test for paired "
                 "curves; sensitivity, specificity and accuracy are given at "
                 + ("the cut-off maximising Youden's index in the training cohort"
                    if threshold == "youden" else f"a predicted probability of {threshold:g}")
                 + " (radstats.tables."
                 "performance_table; R: pROC::roc, ci.auc, roc.test(method = \"delong\"), "
                 "coords).")


@step("time_dependent", title="Time-dependent C-index and AUC", outcomes=("survival",),
      needs=("models",))
def time_dependent(study, *, models=(), n_boot=0):
    """Harrell's C restricted to each horizon and the IPCW cumulative/dynamic AUC,
    drawn against time per cohort, and Harrell's C of each model by cohort."""
    import matplotlib.pyplot as plt

    from radstats.plots import MetricHeatmapDisplay, TimeDependentDisplay

    names = _chosen(study, models)
    horizons = np.asarray(study.outcome["horizons"], dtype=float)
    unit = study.outcome["time_unit"]
    cindex_rows, auc_rows, overall, skipped = [], [], [], {}
    for cohort in study.cohorts:
        y = study.y(cohort)
        rows = study.rows(cohort)
        risks = {name: study.models[name].risk(rows) for name in names}
        overall += [{"model": name, "cohort": cohort,
                     "c_index": concordance_index(y.time, y.event, risk).estimate}
                    for name, risk in risks.items()]
        usable = horizons[(horizons >= y.time[y.event].min()) & (horizons < y.time.max())]
        if len(usable) < len(horizons):
            skipped[cohort] = sorted(set(horizons) - set(usable))
        if not len(usable):
            continue
        curves = {"auc": {}, "cindex": {}}
        for name, risk in risks.items():
            try:
                cidx = time_dependent_cindex(y.time, y.event, risk, usable, n_boot=n_boot,
                                             random_state=study.random_state,
                                             n_jobs=study.n_jobs)
                auc = time_dependent_auc(y.time, y.event, risk, usable)
            except InputError as exc:
                raise study.fail(f"model {name!r}, {cohort} cohort: {exc}") from None
            cindex_rows.append(cidx.assign(model=name, cohort=cohort))
            auc_rows.append(auc.assign(model=name, cohort=cohort))
            curves["auc"][name] = auc.rename(columns={"auc": "estimate"})
            curves["cindex"][name] = cidx.rename(columns={"horizon": "time", "c_index": "estimate"})
        axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")[1]
        title = f"{cohort.capitalize()} cohort"
        display = TimeDependentDisplay(curves["auc"], "auc").plot(
            ax=axes[0], title=f"{title}: time-dependent AUC", xlabel=f"Time ({unit})")
        TimeDependentDisplay(curves["cindex"], "cindex").plot(
            ax=axes[1], title=f"{title}: C-index by horizon", xlabel=f"Horizon ({unit})")
        study.figure(cohort, display, f"Time-dependent AUC (IPCW, 95% CI) and C-index "
                     f"{'(bootstrap 95% CI) ' if n_boot else ''}of each model, {cohort} cohort")
    if not cindex_rows:
        raise study.fail(f"no horizon of {horizons.tolist()} lies within follow-up in any cohort")
    cindex, auc = pd.concat(cindex_rows), pd.concat(auc_rows)
    study.table("cindex", cindex, "C-index by horizon", index=False, show=False)
    study.table("auc", auc, "Time-dependent AUC by horizon", index=False, show=False)
    for label, frame, value, time_col, how in (
            ("C-index", cindex, "c_index", "horizon", "Harrell, pairs whose earlier event is "
                                                       "by the horizon"),
            ("AUC", auc, "auc", "time", "cumulative/dynamic, IPCW")):
        wide = frame.pivot_table(index=["cohort", "model"], columns=time_col, values=value,
                                 sort=False).round(3)
        wide.columns = [f"{h:g} {unit}" for h in wide.columns]
        study.table(f"{value}_wide", wide, f"Time-dependent {label} of each model's risk ({how})")
    overall = pd.DataFrame(overall)
    study.table("cindex_overall", overall, "Harrell's C-index over the whole follow-up",
                index=False, show=False)
    study.figure("cindex_heatmap", MetricHeatmapDisplay.from_frame(
        overall, row="model", col="cohort", value="c_index", label="C-index", mean_bar=True),
        "Harrell's C-index of each model (whole follow-up) by cohort, with the mean over cohorts")
    if skipped:
        study.text("Horizons outside a cohort's follow-up were skipped: "
                   + "; ".join(f"{c}: {h}" for c, h in skipped.items()) + ".")
    study.method("Time-dependent discrimination at " + ", ".join(f"{h:g}" for h in horizons)
                 + f" {unit} was measured by Harrell's C restricted to each horizon (R: "
                 "survival::concordance(ymax = horizon)) and the IPCW cumulative/dynamic AUC "
                 "(R: riskRegression::Score(metrics = \"auc\"))"
                 + (f", with {n_boot} bootstrap replicates for the C-index CIs" if n_boot else "")
                 + "; Harrell's C over the whole follow-up is R's survival::concordance.")


@step("calibration", title="Calibration and Hosmer-Lemeshow test", needs=("models",))
def calibration(study, *, models=(), method="lowess", g=10, model="", n_boot=100,
                survival_groups=4):
    """Calibration curves, intercept / slope / Brier and the Hosmer–Lemeshow test of
    every model in every cohort; then, for ``model`` (default: the nomogram's), the
    bootstrap optimism-corrected curve with ``n_boot`` replicates (0: none) -- of a
    logistic model as ``rms::calibrate``; of a Cox model as ``rms::calibrate.cph``
    (Kaplan–Meier in about ``survival_groups`` risk groups at the endpoint's
    horizon) in the training cohort, beside the uncorrected groups of the other
    cohorts."""
    from radstats.plots import CalibrationDisplay

    names = _chosen(study, models)
    rows, curves, excluded = [], [], {}
    for cohort in study.cohorts:
        y, probs, excluded[cohort] = _predictions(study, cohort, names)
        for name, prob in probs.items():
            try:
                stats = calibration_stats(y, prob)
                hl = hosmer_lemeshow(y, prob, g=g)
            except InputError as exc:
                raise study.fail(f"model {name!r}, {cohort} cohort: {exc}") from None
            rows.append({"model": name, "cohort": cohort, "intercept": stats.intercept,
                         "slope": stats.slope, "brier": stats.brier, "eavg": stats.eavg,
                         "emax": stats.emax, "hl_chisq": hl.statistic, "hl_df": hl.df,
                         "hl_p": hl.pvalue})
        display = CalibrationDisplay.from_predictions(y, probs, method=method, n_bins=g,
                                                      show_hl=True,
                                                      title=f"{cohort.capitalize()} cohort")
        curves += [curve.assign(model=name, cohort=cohort)
                   for name, curve in display.curves_.items()]
        study.figure(cohort, display, f"Calibration, {cohort} cohort ({study.endpoint_text()})")
    table = pd.DataFrame(rows)
    study.table("stats", table.round(4), "Calibration intercept and slope, Brier score, "
                f"mean / maximum calibration error and the Hosmer-Lemeshow test (g = {g})",
                index=False)
    study.table("curves", pd.concat(curves), f"Calibration curves ({method})", index=False,
                show=False)
    study.text(_endpoint_note(study, excluded))
    study.results["hosmer_lemeshow_p"] = {f"{r['model']} / {r['cohort']}": r["hl_p"] for r in rows}
    study.method("Calibration was assessed by calibration curves, the logistic recalibration "
                 "intercept and slope and the Brier score (R: rms::val.prob) and by the "
                 f"Hosmer-Lemeshow test with {g} groups (R: ResourceSelection::hoslem.test's "
                 "formula).")
    name = study.main_model(model)
    if study.survival:
        _survival_calibration(study, name, n_boot, survival_groups)
    elif n_boot and study.models[name].kind == "probability":
        study.text(f"No bootstrap calibration of {name}: it is a screened classifier's "
                   "probability, and refitting it would mean repeating the screen.")
    elif n_boot:
        _bootstrap_calibration(study, name, n_boot)


def _bootstrap_calibration(study, name: str, n_boot: int) -> None:
    """rms::calibrate of the logistic model ``name`` on the training cohort."""
    from radstats.logistic import Logit
    from radstats.plots import CalibrationDisplay

    fitted = study.models[name]
    rows = study.rows(study.training)
    try:
        result = calibrate(Logit(), rows[fitted.columns], study.y(study.training), n_boot=n_boot,
                           random_state=study.random_state, n_jobs=study.n_jobs)
    except InputError as exc:
        raise study.fail(f"bootstrap calibration of model {name!r}: {exc}") from None
    study.table("bootstrap", result.curve, f"Bootstrap calibration of {name}", index=False,
                show=False)
    study.figure("bootstrap", CalibrationDisplay.from_calibrate(
        result, name=name, title=f"{study.training.capitalize()} cohort, bootstrap-corrected"),
        f"Apparent and optimism-corrected calibration of the {name} model in the "
        f"{study.training} cohort ({result.n_boot} bootstrap refits)")
    study.text(f"{name}, bootstrap-corrected calibration ({study.training} cohort, "
               f"B = {result.n_boot}): mean absolute error {result.mean_absolute_error:.3f}, "
               f"90th percentile {result.quantile90_absolute_error:.3f}. Each refit keeps the "
               "model's predictors as they are: the selection that made a signature is not "
               "repeated, so the correction is a lower bound of the optimism.")
    study.results["calibration_mean_absolute_error"] = result.mean_absolute_error
    study.method(f"The {name} model's calibration was corrected for optimism with {n_boot} "
                 "bootstrap refits (R: rms::calibrate(method = \"boot\")).")


def _survival_calibration(study, name: str, n_boot: int, groups: int) -> None:
    """Predicted against Kaplan–Meier observed risk at the endpoint's horizon by risk
    group: bootstrap optimism-corrected in the training cohort (``calibrate.cph``),
    as observed in the others (``groupkm``)."""
    from radstats.plots import SurvivalCalibrationDisplay

    horizon, fitted = study.outcome["binary_endpoint"], study.models[name]
    sources = {}
    for cohort in study.cohorts:
        y, rows = study.y(cohort), study.rows(cohort)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", UserWarning)
                if cohort == study.training and n_boot:
                    sources[cohort] = calibrate_survival(
                        fitted.estimator, rows[fitted.columns], y, horizon,
                        m=max(2, len(y.time) // groups), n_boot=n_boot,
                        random_state=study.random_state, n_jobs=study.n_jobs)
                else:
                    sources[cohort] = survival_calibration(
                        y.time, y.event, 1 - fitted.prob(rows, horizon), horizon, groups=groups)
        except InputError as exc:           # e.g. follow-up ends before the horizon
            study.text(f"No survival calibration in the {cohort} cohort: {exc}.")
        for warning in caught:               # say which cohort's groups lack an estimate
            study.text(f"{cohort.capitalize()} cohort: {warning.message}.")
    if not sources:
        return
    unit, label = study.outcome["time_unit"], study.outcome["label"]
    what = f"{label} by {horizon:g} {unit}"
    groups_of = {c: t for c, t in sources.items() if isinstance(t, pd.DataFrame)}
    if groups_of:
        study.table("km_groups", pd.concat([t.round(4).assign(cohort=c)[["cohort", *t.columns]]
                                            for c, t in groups_of.items()]),
                    f"{name}: mean predicted and Kaplan-Meier observed probability of no "
                    f"{what}, by risk group", index=False)
    corrected = sources.get(study.training) if study.training not in groups_of else None
    if corrected is not None:
        study.table("bootstrap_survival", corrected.table.round(4),
                    f"{name}: bootstrap optimism-corrected calibration in the {study.training} "
                    f"cohort (probability of no {what}; B = {corrected.n_boot}; columns of "
                    "rms::calibrate.cph)")
    study.figure("km_groups", SurvivalCalibrationDisplay.from_result(
        sources, kind="event", title=f"{name}: {what}", xlabel=f"Predicted probability of {what}",
        ylabel=f"Observed (Kaplan-Meier) probability of {what}"),
        f"Calibration of the {name} model against Kaplan-Meier estimates by risk group (95% CI)"
        + (f"; crosses: optimism-corrected in the {study.training} cohort" if corrected else ""))
    study.method(f"The {name} model's predicted probability of {what} was compared with the "
                 "Kaplan-Meier estimate in groups of predicted risk"
                 + (f", corrected for optimism in the {study.training} cohort with "
                    f"{corrected.n_boot} bootstrap refits (R: rms::calibrate(cph, cmethod = "
                    f"\"KM\", u = {horizon:g}, m = {corrected.meta['m']}, B = {n_boot})) and as "
                    "observed in the other cohorts" if corrected else "")
                 + f" ({groups} groups; R: rms::groupkm).")


@step("dca", title="Decision curve analysis", needs=("models",))
def dca(study, *, models=(), thresholds=()):
    """Net benefit of each model against treating all and none."""
    from radstats.plots import DecisionCurveDisplay

    names = _chosen(study, models)
    grid = np.asarray(thresholds, dtype=float) if len(thresholds) else np.arange(0, 100) / 100
    if np.any((grid < 0) | (grid >= 1)):
        raise study.fail("option 'thresholds' must lie in [0, 1)")
    horizon = study.outcome["binary_endpoint"] if study.survival else None
    frames = []
    for cohort in study.cohorts:
        title = f"{cohort.capitalize()} cohort"
        if study.survival:
            rows, y = study.rows(cohort), study.y(cohort)
            curves = {name: decision_curve_survival(y.time, y.event,
                                                    study.models[name].prob(rows, horizon),
                                                    horizon, grid) for name in names}
            # treat-all's net benefit at the first threshold gives the horizon's KM risk
            first = next(iter(curves.values())).iloc[0]
            weight = first["threshold"] / (1 - first["threshold"])
            display = DecisionCurveDisplay(curves, (first["treat_all"] + weight) / (1 + weight))
            display.plot(title=title)
        else:
            y, probs, _ = _predictions(study, cohort, names)
            display = DecisionCurveDisplay.from_predictions(y, probs, grid, title=title)
        study.figure(cohort, display, f"Decision curves, {cohort} cohort ({study.endpoint_text()})")
        frames += [curve.assign(model=name, cohort=cohort)
                   for name, curve in display.curves_.items()]
    table = pd.concat(frames)
    study.table("net_benefit", table, "Net benefit by threshold", index=False, show=False)
    marks = [t for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9) if np.isclose(grid, t).any()]
    if marks:
        at = table[np.isclose(table["threshold"].to_numpy()[:, None], marks).any(axis=1)]
        wide = at.pivot_table(index=["cohort", "model"], columns="threshold", values="net_benefit",
                              sort=False).round(3)
        wide.columns = [f"{t:.0%}" for t in wide.columns]
        study.table("net_benefit_wide", wide, "Net benefit at selected threshold probabilities")
    study.method("Clinical usefulness was assessed by decision curve analysis "
                 + ("with Kaplan-Meier event risks at the horizon (R: dcurves::dca with a Surv "
                    "outcome, formula written in base R)" if study.survival
                    else "(R: dcurves::dca, formula written in base R)") + ".")
