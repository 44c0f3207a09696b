"""Steps that judge the fitted models in every cohort: ROC with DeLong (Table 2),
time-dependent C-index and AUC, calibration with Hosmer–Lemeshow, decision curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.metrics import (
    calibration_stats, classification_summary, decision_curve, decision_curve_survival,
    delong_test, hosmer_lemeshow, roc_auc, time_dependent_auc, time_dependent_cindex, youden,
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


def _ci(estimate, lower, upper) -> str:
    return f"{estimate:.3f} ({lower:.3f}-{upper:.3f})"


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


@step("roc", title="Discrimination: ROC curves and DeLong tests (Table 2)", needs=("models",))
def roc(study, *, models=(), reference="", threshold="youden"):
    """AUC with DeLong CI, sensitivity / specificity / accuracy at the training cut-off,
    and DeLong's test against the reference model, per model and cohort."""
    from radstats.plots import RocCurveDisplay

    names = _chosen(study, models)
    reference = reference or names[-1]
    if reference not in names:
        raise study.fail(f"option 'reference': {reference!r} is not among {names}")
    y_train, train_probs, _ = _predictions(study, study.training, names)
    if threshold == "youden":
        cut = {m: youden(y_train, p, direction="<").threshold for m, p in train_probs.items()}
    elif isinstance(threshold, (int, float)) and not isinstance(threshold, bool):
        cut = dict.fromkeys(names, float(threshold))
    else:
        raise study.fail(f"option 'threshold' must be 'youden' or a probability, got {threshold!r}")
    rows, shown, excluded = [], [], {}
    for cohort in study.cohorts:
        y, probs, excluded[cohort] = _predictions(study, cohort, names)
        for name in names:
            try:
                auc = roc_auc(y, probs[name], direction="<")
                summary = classification_summary(y, probs[name], cut[name], direction="<")
                test = (delong_test(y, probs[name], probs[reference], direction="<")
                        if name != reference else None)
            except InputError as exc:
                raise study.fail(f"model {name!r}, {cohort} cohort: {exc}") from None
            cells = summary.cells()
            rows.append({"model": name, "cohort": cohort, "n": len(y), "cases": int(y.sum()),
                         "auc": auc.estimate, "auc_lower": auc.ci_lower, "auc_upper": auc.ci_upper,
                         "threshold": cut[name], "sensitivity": summary.sensitivity,
                         "specificity": summary.specificity, "accuracy": summary.accuracy,
                         "ppv": summary.ppv, "npv": summary.npv, "tp": summary.tp,
                         "fp": summary.fp, "tn": summary.tn, "fn": summary.fn,
                         "delong_z": test.statistic if test else np.nan,
                         "delong_p": test.pvalue if test else np.nan})
            shown.append({"Model": name, "Cohort": cohort,
                          "AUC (95% CI)": _ci(auc.estimate, auc.ci_lower, auc.ci_upper),
                          "Sensitivity": cells["sensitivity"], "Specificity": cells["specificity"],
                          "Accuracy": cells["accuracy"],
                          f"p (vs {reference})": _p(test.pvalue) if test else "ref"})
        display = RocCurveDisplay.from_predictions(y, probs, direction="<",
                                                   title=f"{cohort.capitalize()} cohort")
        study.figure(cohort, display, f"ROC curves, {cohort} cohort ({study.endpoint_text()})")
    numbers = pd.DataFrame(rows)
    study.table("table2", pd.DataFrame(shown), "Table 2: discrimination of each model "
                f"(cut-off: {'Youden-optimal' if threshold == 'youden' else threshold} in the "
                f"{study.training} cohort; p: DeLong's test against {reference})", index=False)
    study.table("table2_numbers", numbers, "Table 2 in numbers", index=False, show=False)
    study.text(_endpoint_note(study, excluded))
    study.results["auc"] = {f"{r['model']} / {r['cohort']}": r["auc"] for r in rows}
    study.method(f"Discrimination of {study.endpoint_text()} was measured by the AUC with "
                 "DeLong's 95% CI and compared between models with DeLong's test for paired "
                 "curves; sensitivity, specificity and accuracy are given at the cut-off "
                 "maximising Youden's index in the training cohort (R: pROC::roc, ci.auc, "
                 "roc.test(method = \"delong\"), coords).")


@step("time_dependent", title="Time-dependent C-index and AUC", outcomes=("survival",),
      needs=("models",))
def time_dependent(study, *, models=(), n_boot=0):
    """Harrell's C restricted to each horizon and the IPCW cumulative/dynamic AUC."""
    names = _chosen(study, models)
    horizons = np.asarray(study.outcome["horizons"], dtype=float)
    cindex_rows, auc_rows, skipped = [], [], {}
    for cohort in study.cohorts:
        y = study.y(cohort)
        usable = horizons[(horizons >= y.time[y.event].min()) & (horizons < y.time.max())]
        if len(usable) < len(horizons):
            skipped[cohort] = sorted(set(horizons) - set(usable))
        if not len(usable):
            continue
        rows = study.rows(cohort)
        for name in names:
            risk = study.models[name].risk(rows)
            try:
                cidx = time_dependent_cindex(y.time, y.event, risk, usable, n_boot=n_boot,
                                             random_state=study.random_state,
                                             n_jobs=study.n_jobs)
                auc = time_dependent_auc(y.time, y.event, risk, usable)
            except InputError as exc:
                raise study.fail(f"model {name!r}, {cohort} cohort: {exc}") from None
            cindex_rows.append(cidx.assign(model=name, cohort=cohort))
            auc_rows.append(auc.assign(model=name, cohort=cohort))
    if not cindex_rows:
        raise study.fail(f"no horizon of {horizons.tolist()} lies within follow-up in any cohort")
    cindex, auc = pd.concat(cindex_rows), pd.concat(auc_rows)
    study.table("cindex", cindex, "C-index by horizon", index=False, show=False)
    study.table("auc", auc, "Time-dependent AUC by horizon", index=False, show=False)
    unit = study.outcome["time_unit"]
    for label, frame, value, time_col, how in (
            ("C-index", cindex, "c_index", "horizon", "Harrell, pairs whose earlier event is "
                                                       "by the horizon"),
            ("AUC", auc, "auc", "time", "cumulative/dynamic, IPCW")):
        wide = frame.pivot_table(index=["cohort", "model"], columns=time_col, values=value,
                                 sort=False).round(3)
        wide.columns = [f"{h:g} {unit}" for h in wide.columns]
        study.table(f"{value}_wide", wide, f"Time-dependent {label} of each model's risk ({how})")
    if skipped:
        study.text("Horizons outside a cohort's follow-up were skipped: "
                   + "; ".join(f"{c}: {h}" for c, h in skipped.items()) + ".")
    study.method("Time-dependent discrimination at " + ", ".join(f"{h:g}" for h in horizons)
                 + f" {unit} was measured by Harrell's C restricted to each horizon (R: "
                 "survival::concordance(ymax = horizon)) and the IPCW cumulative/dynamic AUC "
                 "(R: riskRegression::Score(metrics = \"auc\"))"
                 + (f", with {n_boot} bootstrap replicates for the C-index CIs." if n_boot else "."))


@step("calibration", title="Calibration and Hosmer-Lemeshow test", needs=("models",))
def calibration(study, *, models=(), method="lowess", g=10):
    """Calibration curves, intercept / slope / Brier and the Hosmer–Lemeshow test."""
    from radstats.plots import CalibrationDisplay

    names = _chosen(study, models)
    rows, excluded = [], {}
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
        study.figure(cohort, display, f"Calibration, {cohort} cohort ({study.endpoint_text()})")
    table = pd.DataFrame(rows)
    study.table("stats", table.round(4), "Calibration intercept and slope, Brier score, "
                f"mean / maximum calibration error and the Hosmer-Lemeshow test (g = {g})",
                index=False)
    study.text(_endpoint_note(study, excluded))
    study.results["hosmer_lemeshow_p"] = {f"{r['model']} / {r['cohort']}": r["hl_p"] for r in rows}
    study.method("Calibration was assessed by calibration curves, the logistic recalibration "
                 "intercept and slope and the Brier score (R: rms::val.prob) and by the "
                 f"Hosmer-Lemeshow test with {g} groups (R: ResourceSelection::hoslem.test's "
                 "formula).")


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
        curves = {}
        if study.survival:
            rows, y = study.rows(cohort), study.y(cohort)
            for name in names:
                prob = study.models[name].prob(rows, horizon)
                curves[name] = decision_curve_survival(y.time, y.event, prob, horizon, grid)
        else:
            y, probs, _ = _predictions(study, cohort, names)
            curves = {name: decision_curve(y, prob, grid) for name, prob in probs.items()}
        first = next(iter(curves.values())).iloc[0]
        weight = first["threshold"] / (1 - first["threshold"])
        prevalence = (first["treat_all"] + weight) / (1 + weight)
        display = DecisionCurveDisplay(curves, prevalence).plot(title=f"{cohort.capitalize()} cohort")
        study.figure(cohort, display, f"Decision curves, {cohort} cohort ({study.endpoint_text()})")
        frames += [curve.assign(model=name, cohort=cohort) for name, curve in curves.items()]
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
