"""Steps that build the imaging signature: LASSO, the risk score and its Kaplan–Meier curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.pipeline.registry import step
from radstats.selection import RiskScore, cv_glmnet


@step("lasso", title="LASSO with cross-validation", needs=("features",), provides=("lasso",))
def lasso(study, *, nfolds=10, s="lambda_min", alpha=1.0, type_measure="deviance"):
    """Cross-validated LASSO (Cox or logistic) on the training cohort's features in play."""
    if s not in ("lambda_min", "lambda_1se"):
        raise study.fail(f"option 's' must be 'lambda_min' or 'lambda_1se', got {s!r}")
    family = "cox" if study.survival else "binomial"
    X, y = study.X(study.training), study.y(study.training)
    if X.shape[1] < 2:
        raise study.fail(f"the LASSO needs at least two features; {X.shape[1]} remain")
    study.log(f"        cv.glmnet ({family}) on {X.shape[0]} patients x {X.shape[1]} features, "
              f"{nfolds} folds")
    fit = cv_glmnet(X, y, family=family, alpha=alpha, nfolds=nfolds,
                    type_measure=type_measure, random_state=study.random_state)
    coef = fit.coef(s)
    intercept = float(coef.get("(Intercept)", 0.0))
    coef = coef.drop(labels="(Intercept)", errors="ignore")
    selected = coef[coef != 0]
    if selected.empty:
        raise study.fail(f"the LASSO kept no feature at {s} ({getattr(fit, s):.4g}); the "
                         "features carry too little signal"
                         + (" (or try s = 'lambda_min')" if s == "lambda_1se" else ""))
    study.state["lasso"] = {"coef": selected, "intercept": intercept, "fit": fit, "s": s,
                            "features": study.features}
    study.state.setdefault("lassos", []).append(study.state["lasso"])
    study.feature_set = list(selected.index)
    table = pd.DataFrame({"coef": selected, "abs_coef": selected.abs()}).sort_values(
        "abs_coef", ascending=False).drop(columns="abs_coef")
    study.table("coefficients", table, f"Features with non-zero coefficients at {s}")
    study.table("cv_curve", fit.to_frame(), "Cross-validation curve", index=False, show=False)
    study.text(f"{nfolds}-fold cross-validation chose lambda_min = {fit.lambda_min:.4g} and "
               f"lambda_1se = {fit.lambda_1se:.4g}; at {s} the LASSO keeps {len(selected)} "
               f"feature(s).")
    study.results["lasso_features"] = {k: float(v) for k, v in selected.items()}
    from radstats.plots import CoefficientPathDisplay, LassoDisplay

    study.figure("path", CoefficientPathDisplay(fit).plot(colors=_path_colors(X.shape[1])),
                 f"LASSO coefficient paths: each feature's coefficient (one colour per "
                 f"feature) against log(lambda), fitted on the {study.training} cohort; dotted "
                 "lines at lambda_min and lambda_1se, the number of non-zero coefficients "
                 "along the top")
    study.figure("cv", LassoDisplay(fit, s=s).plot(), f"LASSO: cross-validated "
                 f"{type_measure} by log(lambda) and the coefficients kept at {s}")
    study.method(f"A {'Cox' if study.survival else 'logistic'} LASSO was fitted on the training "
                 f"cohort's {study.features_label} with lambda chosen by {nfolds}-fold cross-validation ({s}; R: "
                 f"glmnet::cv.glmnet(family = \"{family}\")); features with non-zero "
                 "coefficients were kept.")


def _path_colors(n: int) -> list:
    """``n`` distinct line colours: matplotlib's qualitative palettes while they last,
    then evenly spaced along turbo."""
    from matplotlib import colormaps

    if n <= 20:
        return list(colormaps["tab10" if n <= 10 else "tab20"].colors)
    return [colormaps["turbo"](x) for x in np.linspace(0.05, 0.95, n)]


@step("risk_score", title="Imaging risk score", needs=("lasso",), provides=("score",))
def risk_score(study, *, name="rad_score", label="Radiomics score", cutoff="median",
               annotate: list | None = None):
    """The LASSO-weighted sum of the selected features, with a training cut-off, and in
    every cohort the patients' scores ranked and coloured by outcome (for a survival
    outcome with their follow-up) over a heat strip of the columns named in ``annotate``
    (default: the ``[variables] categorical`` variables; ``annotate = []``: no strip)."""
    columns = _annotated(study, annotate)
    lasso_state = study.state["lasso"]
    if lasso_state["features"] is not study.features:
        raise study.fail(f"the last LASSO ran on other features than the {study.features_label} "
                         "now in play: run a LASSO on them first")
    if name in study.frame.columns:
        raise study.fail(f"option 'name': the data already has a column {name!r}")
    source = study.scaled if study.scaled is not None else study.features
    score = RiskScore(lasso_state["coef"], lasso_state["intercept"], cutoff=cutoff)
    score.fit(source.loc[study.cohorts[study.training]], study.y(study.training))
    study.frame[name] = score.score(source)
    group = f"{name}_group"
    study.frame[group] = pd.Categorical(score.predict(source), ["low", "high"])
    study.config["variables"]["labels"].setdefault(name, label)
    study.state.setdefault("scores", []).append(name)
    study.model_card(name, score)
    rows = []
    for cohort in study.cohorts:
        part = study.rows(cohort)
        for level in ("low", "high"):
            members = part[part[group] == level]
            rows.append({"cohort": cohort, "group": level, "n": len(members),
                         "events": int(members[study.outcome["event"]].sum()),
                         "event_rate": members[study.outcome["event"]].mean(),
                         "score_median": members[name].median()})
    table = pd.DataFrame(rows)
    study.table("groups", table, f"{label} groups (cut-off {score.cutoff_:.4g}: the "
                f"{cutoff} of the {study.training} cohort)", index=False)
    terms = [f"{'-' if v < 0 else '+'} {abs(v):.4g} x {k}" for k, v in lasso_state["coef"].items()]
    if lasso_state["intercept"]:
        terms.append(f"{'-' if lasso_state['intercept'] < 0 else '+'} "
                     f"{abs(lasso_state['intercept']):.4g}")
    study.text(f"{label} = {' '.join(terms).removeprefix('+ ')} ({study.features_label} "
               "z-scored as above).")
    study.results.setdefault("risk_score_cutoff", {})[name] = score.cutoff_
    _distribution_figures(study, name, label, score.cutoff_, columns)
    named = label if label[:2].isupper() else label[0].lower() + label[1:]   # keep acronyms
    study.method(f"The {named} was the sum of the selected features weighted by their "
                 f"LASSO coefficients (R: predict(cvfit, s = \"{lasso_state['s']}\")), split into "
                 f"high and low groups at the training {cutoff}.")


def _annotated(study, annotate) -> list:
    """The columns of the risk-score figures' heat strip (option ``annotate``), checked."""
    columns = list(study.config["variables"]["categorical"] if annotate is None else annotate)
    missing = [c for c in columns if c not in study.frame.columns]
    if missing:
        raise study.fail(f"option 'annotate' names column(s) {missing} that the data lacks")
    return columns


def _distribution_figures(study, name: str, label: str, cutoff: float, columns: list) -> None:
    """One :class:`RiskScoreDisplay` per cohort, with ``columns`` as a heat strip."""
    from radstats.plots import RiskScoreDisplay

    outcome = study.outcome
    names = {0: outcome["levels"][0], 1: outcome["levels"][1]}
    shown = ", ".join(study.label(c) for c in columns)
    for cohort in study.cohorts:
        rows = study.rows(cohort)
        strip = rows[columns].rename(columns=study.label) if columns else None
        try:
            display = RiskScoreDisplay(rows[name], study.y(cohort), cutoff, strip)
        except InputError as exc:
            raise study.fail(f"option 'annotate': {exc}") from None
        display.plot(labels=names, title=f"{cohort.capitalize()} cohort")
        display.ax_.set_ylabel(label)
        if display.time_ax_ is not None:
            display.time_ax_.set_ylabel(f"Follow-up ({outcome['time_unit']})")
        study.figure(cohort, display,
                     f"{label} of each patient, {cohort} cohort, in ascending order, coloured by "
                     f"{outcome['label']} status; dashed: the training cut-off"
                     + (f"; below: follow-up time to {outcome['label']} or censoring"
                        if study.survival else "")
                     + (f"; heat map: {shown} (categories in colour, numbers z-scored, grey "
                        "missing)" if columns else ""))


@step("km", title="Kaplan-Meier curves by risk group", outcomes=("survival",), needs=("score",))
def km(study, *, score="", model="", cutoff="youden", waterfall=False):
    """Kaplan–Meier curves and the log-rank test of high and low groups in every cohort:
    a risk score's groups, or (``model``) groups of a fitted model's risk -- its
    nomogram's total points if it has one -- split at the training cohort's Youden
    cut-off for the binary endpoint (or ``cutoff = "median"``). ``waterfall`` adds the
    patients' scores sorted, coloured by outcome, with the cut-off."""
    from radstats.plots import KaplanMeierDisplay, WaterfallDisplay
    from radstats.survival import kaplan_meier, logrank_test

    name, values, cut, group = _groups_of(study, score, model, cutoff)
    rows = []
    unit = study.outcome["time_unit"]
    for cohort in study.cohorts:
        y = study.y(cohort)
        labels = group.loc[study.cohorts[cohort]].to_numpy()
        result = kaplan_meier(y.time, y.event, labels)
        test = logrank_test(y.time, y.event, labels) if len(set(labels)) > 1 else None
        medians = result.table()
        for level, row in medians.iterrows():
            rows.append({"cohort": cohort, "group": level, "n": int(row["n"]),
                         "events": int(row["events"]), "median": row["median"],
                         "median_lower": row["median_lower"], "median_upper": row["median_upper"],
                         "logrank_chisq": test.statistic if test else np.nan,
                         "logrank_p": test.pvalue if test else np.nan})
        display = KaplanMeierDisplay(result, test, xlabel=f"Time ({unit})",
                                     ylabel=f"Proportion without {study.outcome['label']}")
        study.figure(cohort, display.plot(title=f"{cohort.capitalize()} cohort"),
                     f"Groups by {name}, {cohort} cohort (log-rank test)")
        if waterfall:
            bars = WaterfallDisplay.from_predictions(
                study.y(cohort).event, values.loc[study.cohorts[cohort]], threshold=cut,
                labels=tuple(study.outcome["levels"]), ylabel=name,
                title=f"{cohort.capitalize()} cohort")
            study.figure(f"waterfall_{cohort}", bars, f"{name} of each patient, {cohort} cohort, "
                         f"coloured by {study.outcome['label']}; dashed: the cut-off")
        if test is not None:
            study.results.setdefault("logrank_p", {})[f"{name} / {cohort}" if model
                                                      else cohort] = test.pvalue
    study.table("logrank", pd.DataFrame(rows),
                f"Groups by {name} (cut-off {cut:.4g}): median time to {study.outcome['label']} "
                "and the log-rank test", index=False)
    where = ("Youden-optimal cut-off (for the binary endpoint)" if cutoff == "youden"
             else "median")
    split = (f"Patients were split into high and low groups at the {where} of the {name} in "
             "the training cohort; their " if model else "")
    study.method(f"{split}{'K' if not model else 'k'}aplan-Meier curves of the "
                 f"{'groups' if model else 'score groups'} were compared with the log-rank test "
                 "(R: survival::survfit, survival::survdiff).")


def _groups_of(study, score: str, model: str, cutoff: str):
    """``(name, values, cut-off, groups)``: what splits the patients into high and low
    groups (a score's groups as its step made them; a model's: at or above the cut-off)."""
    from radstats.metrics import youden

    if score and model:
        raise study.fail("give option 'score' or option 'model', not both")
    if not model:
        name = score or study.state["scores"][-1]
        if name not in study.state["scores"]:
            raise study.fail(f"option 'score': no risk score {name!r} (made: "
                             f"{study.state['scores']})")
        return (study.label(name), study.frame[name], study.results["risk_score_cutoff"][name],
                study.frame[f"{name}_group"].astype(str))
    name = study.main_model(model)
    nomogram = study.state.get("nomogram", {})
    fitted = study.models[name]
    if nomogram.get("model") == name:
        values = nomogram["nomogram"].total_points(study.frame[fitted.columns])
        label = f"{name} nomogram score"
    else:
        values, label = fitted.risk(study.frame), f"{name} linear predictor"
    values = pd.Series(np.asarray(values, dtype=float), index=study.frame.index)
    train = values.loc[study.cohorts[study.training]]
    if cutoff == "median":
        cut = float(train.median())
    elif cutoff == "youden":
        y, keep = study.binary_endpoint(study.training)
        cut = youden(y, train.to_numpy()[keep], direction="<").threshold
    else:
        raise study.fail(f"option 'cutoff' must be 'youden' or 'median', got {cutoff!r}")
    return label, values, cut, pd.Series(np.where(values >= cut, "high", "low"),
                                          index=values.index)
