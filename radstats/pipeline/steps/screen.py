"""The model screens as study steps: the 101-combination survival screen (seed 000,
Figure 2A) and the binary learner screen (seed 004: LR, SVM and RF with SMOTE and grid
search), each fitted on the training cohort and scored on the others."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sys

import numpy as np
import pandas as pd

from radstats._core.design import Design
from radstats._core.errors import InputError
from radstats.pipeline.registry import step
from radstats.pipeline.study import StudyModel, slug
from radstats.screen import run_binary_screen, run_screen
from radstats.screen.inputs import frame_digest

_CV = ("cohort", "loocv", "kfold")


@step("screen", title="Survival model screen (101 combinations, Figure 2A)",
      outcomes=("survival",), needs=("features",), provides_if={"score": "use_best"})
def screen(study, *, combinations: str | list = "irls101", cv="cohort", n_splits=5,
           n_repeats=1, min_selected=2, select_on: list = (), use_best=False,
           name="screen_risk", label="Screen model risk", checkpoint=True):
    """Every combination of ``combinations`` (the preset ``"irls101"`` or ``"mime117"``,
    or a list such as ``["Lasso + RSF", "StepCox[both]"]``) fitted on the training
    cohort's features in play and scored by Harrell's C-index in the other cohorts
    (``cv``: also true leave-one-out or repeated K-fold inside training). The best model
    (by mean validation C-index, or over the cohorts ``select_on``) is refitted and its
    card written; with ``use_best`` its risk becomes the score ``name`` for later steps
    (``models``, ``multivariable``, ``km``). ``checkpoint``: finished combinations are
    saved in the output folder, so an interrupted run resumes."""
    options = {"combinations": combinations, "cv": cv, "n_splits": n_splits,
               "n_repeats": n_repeats, "min_selected": min_selected}
    _check_cv(study, cv)
    if use_best and name in study.frame.columns:
        raise study.fail(f"option 'name': the data already has a column {name!r}")
    time_, event = study.outcome["time"], study.outcome["event"]
    source = _features(study)
    train, cohorts, features = _frames(study, source, [time_, event])
    study.log(f"        {_count(combinations)} combinations on {len(train)} patients x "
              f"{len(features)} {study.features_label} (cv = {cv!r})")
    result = _run(study, run_screen, train, cohorts, options, checkpoint, time=time_,
                  event=event)
    best = _report(study, result, select_on, "C-index")
    model = _refit(study, result, best)
    if use_best:
        _carry_risk(study, model, source, name, label)
    loo = (f" LOOCV was true leave-one-out: for each of the {len(train)} training patients "
           "in turn, selection, tuning and fitting were redone without that patient and the "
           f"{len(train)} out-of-fold risks pooled into one C-index." if cv == "loocv" else "")
    kfold = (f" {n_splits}-fold cross-validation (stratified on the event, {n_repeats} "
             f"repeat{'s' if n_repeats > 1 else ''}) refitted every combination inside the "
             "training cohort." if cv == "kfold" else "")
    study.method(f"{_screened(result)} survival models (Liu et al. 2022's learners alone and "
                 "as selector + model pairs) were fitted on the training cohort's "
                 f"{len(features)} {study.features_label} and ranked by their mean Harrell's "
                 f"C-index {_ranked_on(result, select_on)} (radstats.screen.run_screen; C-index as "
                 "survival::concordance(reverse = TRUE)); " + _status_text(result)
                 + f".{loo}{kfold}")


@step("binary_screen", title="Binary learner screen (SMOTE, grid search)", outcomes=("binary",),
      provides=("models", "score"))
def binary_screen(study, *, combinations: list = ("LR", "SVM", "RF"), columns: list = (),
                  cv="cohort", n_splits=5, n_repeats=1, smote=True, inner_folds=5,
                  min_selected=2, select_on: list = (), name="", label="", model="",
                  checkpoint=True):
    """Classifiers (default the seed's logistic regression, SVM and random forest), each
    a ``StandardScaler -> SMOTE -> classifier`` pipeline tuned by an ``inner_folds``
    grid search on AUC inside the training cohort, fitted on the features in play (or
    on the frame's ``columns``, e.g. the clinical variables, categorical ones coded as
    indicators) and scored by AUC in the other cohorts. The best learner (by mean
    validation AUC, or over the cohorts ``select_on``) is refitted; its predicted
    probability of the event becomes the signature column ``name`` and the model
    ``model`` that the evaluation steps judge (and ``models`` can combine)."""
    key = study.sections[-1].step
    name = name or f"{slug(key)}_prob"
    model = model or label or name
    if name in study.frame.columns:
        raise study.fail(f"option 'name': the data already has a column {name!r}")
    if model in study.models:
        raise study.fail(f"option 'model': a model named {model!r} is already fitted")
    _check_cv(study, cv)
    event = study.outcome["event"]
    if columns:
        source = _coded(study, list(columns))
    elif study.features is None:
        raise study.fail("no features are in play: give option 'columns' (e.g. the clinical "
                         "variables) or run a feature step first")
    else:
        source = _features(study)
    train, cohorts, features = _frames(study, source, [event])
    what = (f"{len(features)} {study.features_label}" if not columns else
            f"{len(columns)} variables ({', '.join(study.label(c) for c in columns)}"
            + (f"; {len(features)} columns with categories as indicators)"
               if len(features) > len(columns) else ")"))
    options = {"combinations": list(combinations), "cv": cv, "n_splits": n_splits,
               "n_repeats": n_repeats, "min_selected": min_selected, "smote": smote,
               "inner_folds": inner_folds}
    study.log(f"        {len(combinations)} learners on {len(train)} patients x "
              f"{what} (cv = {cv!r})")
    result = _run(study, run_binary_screen, train, cohorts, options, checkpoint, outcome=event)
    best = _report(study, result, select_on, "AUC")
    fitted = _refit(study, result, best)
    platt = _carry_probability(study, fitted, source, name, model, label or model)
    study.text(f"The {best} model's predicted probability of {study.outcome['label']} is the "
               f"signature {name!r}, evaluated below as the model {model!r}"
               + (" (the SVM's decision value mapped to a probability by logistic regression "
                  f"on the {study.training} cohort, Platt scaling)" if platt else "") + "."
               + (" SMOTE balances the classes the learners see, so their probabilities "
                  "overstate the event rate: judge these signatures by discrimination, and "
                  "their calibration with that in mind." if smote else ""))
    study.method(f"{_screened(result).capitalize()} classifiers of {study.outcome['label']} on "
                 f"the training cohort's {what} (each z-scored, "
                 + ("oversampled by SMOTE and " if smote else "")
                 + f"tuned by {inner_folds}-fold grid search on AUC inside the training data; "
                 "scikit-learn and imbalanced-learn, no R counterpart) were ranked by their mean "
                 f"AUC {_ranked_on(result, select_on)} (radstats.screen.run_binary_screen; AUC as "
                 "pROC::roc); " + _status_text(result) + f"; the {best} model's probability "
                 f"formed the {model} signature"
                 + (" (Platt-scaled on the training cohort, R: glm)" if platt else "") + ".")


# -- data ------------------------------------------------------------------------------
def _check_cv(study, cv: str) -> None:
    if cv not in _CV:
        raise study.fail(f"option 'cv' must be one of {_CV}, got {cv!r}")


def _scored_cohorts(study) -> list:
    """The cohorts a screen scores: all but the training cohort and the whole one."""
    return [c for c in study.cohorts if c not in (study.training, "whole")]


def _features(study):
    """The features in play (z-scored once ``zscore`` ran) of the patients ``index``."""
    table = study.scaled if study.scaled is not None else study.features
    return lambda index: table.loc[index, study.feature_set]


def _frames(study, source, outcome: list):
    """``(train, {cohort: frame}, features)``: ``source(patients)`` with the outcome
    columns of the clinical table, for the training cohort and the scored ones."""
    features = list(source(study.cohorts[study.training]).columns)
    clash = [c for c in outcome if c in features]
    if clash:
        raise study.fail(f"feature column(s) {clash} have the outcome's name")
    frames = {c: source(study.cohorts[c]).join(study.rows(c)[outcome])
              for c in [study.training, *_scored_cohorts(study)]}
    return frames.pop(study.training), frames, features


def _coded(study, columns: list):
    """A ``source(patients)`` of the frame's ``columns``, categorical ones as indicators
    (R's treatment coding, levels of the training cohort)."""
    missing = [c for c in columns if c not in study.frame.columns]
    if missing:
        raise study.fail(f"option 'columns' names column(s) {missing} that the data lacks")
    design = Design.from_frame(study.rows(study.training)[columns], "training cohort")
    coded = pd.DataFrame(design.transform(study.frame[columns], "data"),
                         index=study.frame.index, columns=design.terms)
    return lambda index: coded.loc[index]


def _count(combinations) -> str:
    return str(len(combinations)) if isinstance(combinations, (list, tuple)) else \
        repr(combinations)


# -- running ---------------------------------------------------------------------------
def _run(study, function, train, cohorts, options: dict, checkpoint: bool, **columns):
    """Run a screen (its progress bar on stderr), checkpointed in ``checkpoints/``."""
    path = _checkpoint(study, train, cohorts, options) if checkpoint else None
    with contextlib.redirect_stdout(sys.stderr):
        result = function(train, cohorts, **columns, random_state=study.random_state,
                          n_jobs=study.n_jobs, checkpoint=path, progress=not study.quiet,
                          **options)
    if path is not None:
        study.text(f"Finished models are saved in {path.relative_to(study.out)}/ as they "
                   "complete: the same study run again resumes from there.")
    return result


def _checkpoint(study, train, cohorts, options: dict):
    """``checkpoints/<step>-<digest>``: one folder per data and options, so a rerun of the
    same study resumes and a changed one starts afresh (replacing the step's old one)."""
    key = slug(study.sections[-1].step)
    digest = hashlib.sha256((frame_digest(train, *cohorts.values())
                             + json.dumps([options, study.random_state, list(cohorts)],
                                          default=str)).encode()).hexdigest()[:16]
    folder = study.out / "checkpoints"
    for old in folder.glob(f"{key}-*"):
        if old.name != f"{key}-{digest}":
            shutil.rmtree(old)
    return folder / f"{key}-{digest}"


# -- report ----------------------------------------------------------------------------
def _report(study, result, select_on, metric: str) -> str:
    """Tables, heat map and text of a screen; returns the best model's name."""
    table = result.table
    study.table("table", table, f"Every model in every cohort ({metric}, status, reason)",
                index=False, show=False)
    ranking = result.ranking
    best, score = _best(study, result, select_on)
    rows = ", ".join(c for c in dict.fromkeys(table["cohort"]) if c != "apparent")
    study.table("ranking", ranking, f"Models ranked by mean {metric} over {rows} (apparent: "
                "on the training data it was fitted on, not used to rank"
                + (f"; the best is chosen on {', '.join(select_on)} alone)" if select_on else ")")
                + (f"; top 15 of {len(ranking)}" if len(ranking) > 15 else ""),
                display=ranking.head(15))
    problems = table[table["status"] != "ok"][["model", "cohort", "status", "reason"]]
    if len(problems):
        study.table("not_ok", problems, "Models or cohorts not scored, and why (one row per "
                    "reason; every row in the CSV)", index=False, display=_by_reason(problems))
    study.figure("heatmap", result.plot_heatmap(),
                 f"{metric} of each model (rows, best first) in each cohort, with the mean "
                 "validation score beside it; grey: not scored")
    study.text(f"{_screened(result).capitalize()} models: {_status_text(result, False)}"
               + (" (reasons below)" if len(problems) else "") + ". Best: "
               f"{best} (mean {metric} {score:.3f} over "
               + (", ".join(select_on) if select_on else "the validation rows") + ").")
    study.results.setdefault("screen_best", {})[study.sections[-1].step] = best
    return best


def _by_reason(problems: pd.DataFrame) -> pd.DataFrame:
    """One row per reason: the status, how many models and which (the first five), and
    in which cohorts."""
    def listed(values, first=5):
        values = list(dict.fromkeys(values))
        return ", ".join(values[:first]) + (f" and {len(values) - first} more"
                                            if len(values) > first else "")

    return (problems.groupby(["reason", "status"], sort=False)
            .agg(models=("model", "nunique"), which=("model", listed),
                 cohorts=("cohort", listed)).reset_index())


def _best(study, result, select_on) -> tuple[str, float]:
    """The best model and its mean score: by the ranking, or over the ``select_on`` cohorts."""
    table = result.table
    if not (table["status"] == "ok").any():
        raise study.fail(f"no model could be scored: {_status_text(result)}")
    if not select_on:
        best = result.best()
        return best, float(result.ranking.set_index("model").loc[best, f"mean_{result.metric}"])
    known = list(dict.fromkeys(table["cohort"]))
    unknown = [c for c in select_on if c not in known]
    if unknown:
        raise study.fail(f"option 'select_on' names {unknown}; the screen scored {known}")
    rows = table[(table["status"] == "ok") & table["cohort"].isin(select_on)]
    counts = rows.groupby("model")[result.metric].count()
    means = rows.groupby("model")[result.metric].mean()[counts == len(select_on)]
    if means.empty:
        raise study.fail(f"no model was scored in every cohort of {list(select_on)}")
    return str(means.idxmax()), float(means.max())


def _refit(study, result, best: str):
    """The best model fitted on the training cohort, its card and its coefficients."""
    try:
        model = result.refit(best)
    except InputError as exc:
        raise study.fail(f"refit of {best!r}: {exc}") from None
    key = study.sections[-1].step
    study.model_card(f"{key}_best", model)
    weights = model.coef_ if model.coef_ is not None else model.feature_importances_
    if weights is not None:
        kind = "coefficient" if model.coef_ is not None else "importance"
        frame = pd.DataFrame({kind: weights}).sort_values(kind, key=abs, ascending=False)
        study.table("best", frame, f"{best} refitted on the {study.training} cohort: "
                    f"{kind} of each of its {len(frame)} features (models/{slug(key)}_best.json)")
    else:
        study.text(f"{best} refitted on the {study.training} cohort uses {len(model.features_)} "
                   f"features: {', '.join(model.features_)} (models/{slug(key)}_best.json).")
    return model


def _carry_risk(study, model, source, name: str, label: str) -> None:
    """The refitted survival model's risk as a score of every patient, split at the
    training median (as a risk score step's groups)."""
    risk = pd.Series(model.predict(source(study.frame.index)), index=study.frame.index)
    cut = float(risk.loc[study.cohorts[study.training]].median())
    study.frame[name] = risk
    study.frame[f"{name}_group"] = pd.Categorical(np.where(risk >= cut, "high", "low"),
                                                  ["low", "high"])
    study.config["variables"]["labels"].setdefault(name, label)
    study.state.setdefault("scores", []).append(name)
    study.results.setdefault("risk_score_cutoff", {})[name] = cut
    study.text(f"use_best: {model.name}'s risk is the score {name!r} ({label}; groups at the "
               f"training median {cut:.4g}) for the steps that follow. It was chosen among "
               "many models by its validation score, so that score is optimistic.")


def _carry_probability(study, fitted, source, name: str, model: str, label: str) -> bool:
    """The refitted classifier's probability of the event for every patient as column
    ``name`` and study model ``model``; True where it was Platt-scaled (no probabilities)."""
    X = source(study.frame.index)[fitted.features_]
    try:
        prob = np.asarray(fitted.model_.predict_proba(X), dtype=float)[:, 1]
        platt = False
    except AttributeError:  # e.g. an SVM: its decision value, calibrated on training
        from radstats.logistic import Logit

        value = pd.DataFrame({name: fitted.predict(X)}, index=X.index)
        train = value.loc[study.cohorts[study.training]]
        prob = Logit().fit(train, study.frame.loc[train.index, study.outcome["event"]]) \
            .predict_proba(value)
        platt = True
    study.frame[name] = prob
    study.config["variables"]["labels"].setdefault(name, label)
    study.state.setdefault("scores", []).append(name)
    study.models[model] = StudyModel(model, [name], fitted, "probability")
    return platt


def _screened(result) -> str:
    return f"{result.table['model'].nunique()}"


def _status_text(result, why: bool = True) -> str:
    """How many models were scored everywhere, partly, or not at all (and ``why`` not)."""
    table = result.table
    status = table.groupby("model", sort=False)["status"].agg(
        lambda s: "ok" if (s == "ok").all() else ("failed" if (s == "failed").any()
                                                    else "skipped"))
    counts = status.value_counts()
    text = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in ("ok", "skipped", "failed"))
    reasons = (table[table["status"] != "ok"].drop_duplicates("model")
               .groupby("reason", sort=False)["model"].apply(list))
    if why and len(reasons):
        shown = [f"{', '.join(models[:3])}{' ...' if len(models) > 3 else ''}: {reason}"
                 for reason, models in list(reasons.items())[:4]]
        more = f"; {len(reasons) - 4} other reasons" if len(reasons) > 4 else ""
        text += " (" + "; ".join(shown) + more + ")"
    return text


def _ranked_on(result, select_on) -> str:
    rows = [c for c in dict.fromkeys(result.table["cohort"]) if c != "apparent"]
    return f"over {', '.join(rows)}" + (f", the best chosen on {', '.join(select_on)} alone"
                                        if select_on else "")
