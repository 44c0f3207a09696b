"""Steps that fit the study's prediction models (Cox or logistic) and draw the nomogram."""

from __future__ import annotations

import pandas as pd

from radstats._core.errors import InputError
from radstats.logistic import Logit
from radstats.pipeline.registry import step
from radstats.pipeline.study import StudyModel
from radstats.selection import multivariable as _multivariable
from radstats.survival import CoxPH


def _fit(study, name: str, columns: list) -> StudyModel:
    missing = [c for c in columns if c not in study.frame.columns]
    if missing:
        raise study.fail(f"model {name!r}: no column(s) {missing} (clinical variables or scores "
                         f"made by earlier steps: {study.state.get('scores', [])})")
    rows = study.rows(study.training)
    estimator = CoxPH() if study.survival else Logit()
    try:
        estimator.fit(rows[columns], study.y(study.training))
    except InputError as exc:
        raise study.fail(f"model {name!r}: {exc}") from None
    model = StudyModel(name, list(columns), estimator, "cox" if study.survival else "logit")
    study.models[name] = model
    study.model_card(f"model_{name}", estimator)
    return model


def _ratio(study) -> str:
    return "hr" if study.survival else "or"


def _model_method(study) -> str:
    return "survival::coxph (Efron ties)" if study.survival else "stats::glm(family = binomial)"


@step("multivariable", title="Univariable and multivariable models", provides=("models",))
def multivariable(study, *, candidates=(), threshold=0.05, name="Combined", single_models=True,
                  independent=False):
    """The seed studies' screen: univariable models of each candidate in the training
    cohort, then one model of those with p < ``threshold`` (and, with
    ``single_models``, one model per retained variable, for Table 2). With
    ``independent``, only the variables that stay significant in that model
    (the "independent predictors") make the final combined model."""
    candidates = list(candidates) or [*study.config["variables"]["clinical"],
                                      *study.state.get("scores", [])]
    missing = [c for c in candidates if c not in study.frame.columns]
    if missing:
        raise study.fail(f"option 'candidates' names column(s) {missing} that the data lacks")
    rows = study.rows(study.training)
    result = _multivariable(rows[candidates], study.y(study.training), threshold=threshold)
    if not result.selected:
        raise study.fail(f"no candidate has univariable p < {threshold} in the "
                         f"{study.training} cohort")
    table = result.table.copy()
    labels = [study.label(f) for f in table["feature"]]
    table.insert(0, "label", labels)
    named = result.table.assign(feature=labels)   # terms by their display names, levels kept
    named.index = [label + (f": {str(term)[len(feature):]}" if term != feature else "")
                   for term, feature, label in zip(table.index, table["feature"], labels)]
    study.table("uni_multi", table, f"Univariable and multivariable "
                f"{'Cox' if study.survival else 'logistic'} models ({study.training} cohort; "
                f"{'hazard' if study.survival else 'odds'} ratios with 95% CI)",
                display=named.drop(columns="feature"))
    from radstats.plots import ForestPlotDisplay

    study.figure("forest", ForestPlotDisplay.from_table(named, ratio=_ratio(study)),
                 "Univariable and multivariable ratios (forest plot)")
    final = list(result.selected)
    if independent:
        significant = set(result.table.loc[result.table["multi_p"] < threshold, "feature"])
        final = [c for c in final if c in significant]
        if not final:
            raise study.fail(f"no variable keeps p < {threshold} in the multivariable model")
    if single_models:
        for column in final:
            _fit(study, study.label(column), [column])
    _fit(study, name, final)
    study.text(f"Retained (univariable p < {threshold}): "
               f"{', '.join(study.label(c) for c in result.selected)}."
               + (f" Independent predictors (multivariable p < {threshold}): "
                  f"{', '.join(study.label(c) for c in final)}." if independent else "")
               + f" Models fitted: {', '.join(study.models)}.")
    study.results["multivariable_selected"] = final
    study.method(f"Candidates with univariable p < {threshold} in the training cohort entered a "
                 f"multivariable model (R: {_model_method(study)}); "
                 + ("the variables that stayed significant there formed the final model; "
                    if independent else "")
                 + f"{'each retained variable alone and ' if single_models else ''}the combined "
                 "model were carried forward.")


@step("models", title="Prediction models", provides=("models",))
def models(study, *, specs=None):
    """Fit the models named in ``specs`` (name -> list of columns) on the training cohort."""
    if not specs or not isinstance(specs, dict):
        raise study.fail("option 'specs' must be a table of model name -> list of columns, e.g. "
                         "specs = { Clinical = [\"age\"], Combined = [\"age\", \"rad_score\"] }")
    rows = []
    for name, columns in specs.items():
        if isinstance(columns, str):
            columns = [columns]
        if not isinstance(columns, list) or not columns:
            raise study.fail(f"specs.{name} must list columns, got {columns!r}")
        model = _fit(study, name, columns)
        summary = model.estimator.summary().drop(index="(Intercept)", errors="ignore")
        ratio = _ratio(study)
        for term, row in summary.iterrows():
            rows.append({"model": name, "term": term, ratio: row[ratio],
                         f"{ratio}_lower": row[f"{ratio}_lower"],
                         f"{ratio}_upper": row[f"{ratio}_upper"], "p": row["p"]})
    study.table("coefficients", pd.DataFrame(rows), f"Models fitted on the {study.training} cohort",
                index=False)
    described = [f"{name} ({', '.join(study.models[name].columns)})" for name in specs]
    study.text(f"Models: {'; '.join(described)}.")
    study.method(f"Prediction models ({', '.join(specs)}) were fitted on the training cohort "
                 f"(R: {_model_method(study)}).")


@step("nomogram", title="Nomogram", needs=("models",))
def nomogram(study, *, model=""):
    """The nomogram of a model (default: the last fitted with more than one variable)."""
    from radstats.nomogram import Nomogram
    from radstats.plots import NomogramDisplay

    name = study.main_model(model)
    fitted = study.models[name]
    if fitted.kind == "probability":
        raise study.fail(f"model {name!r} is a screened classifier's probability, which has no "
                         "nomogram; fit a model on its column in [steps.models] and name that")
    rows = study.rows(study.training)
    nom = Nomogram.from_model(fitted.estimator, rows[fitted.columns])
    study.state["nomogram"] = {"model": name, "nomogram": nom}
    names = {variable: study.label(variable) for variable in nom.axes}
    if study.survival:
        horizon = study.outcome["binary_endpoint"]
        label = f"Probability of {study.outcome['label']} by {horizon:g} {study.outcome['time_unit']}"
        display = NomogramDisplay(nom, times=[horizon], kind="event", labels={horizon: label},
                                  names=names)
    else:
        display = NomogramDisplay(nom, names=names)
    study.figure(name, display.plot(), f"Nomogram of the {name} model")
    points = pd.concat([axis.assign(variable=study.label(variable))
                        for variable, axis in nom.axes.items()])[["variable", "value", "points"]]
    study.table("points", points, "Points per predictor value", index=False, show=False)
    study.text(f"{nom.scale:.4g} points per unit of the linear predictor.")
    study.method(f"A nomogram of the {name} model was drawn (R: rms::nomogram).")
