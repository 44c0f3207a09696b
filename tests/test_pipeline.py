"""The study pipeline: both seed workflows end to end, the outputs, and config errors
that name the key at fault."""

import json
import re
import tomllib
import warnings

import pandas as pd
import pytest

from radstats import InputError
from radstats.cli import main
from radstats.demo import default_config
from radstats.logistic import Logit
from radstats.pipeline import load_config, run_study, step
from radstats.pipeline import registry
from radstats.selection import RiskScore
from radstats.survival import CoxPH


def config(name="ec_fertility.toml", **sections):
    """A shipped config as a dict, with ``section={key: value}`` overrides (None deletes)."""
    data = tomllib.loads(default_config(name).read_text())
    for section, values in sections.items():
        if section == "steps" or section not in data:
            data[section] = values
            continue
        for key, value in values.items():
            if value is None:
                data[section].pop(key, None)
            else:
                data[section][key] = value
    return data


def quick_ec(**steps):
    """The seed-000 study with a small LASSO (quick), steps overridable."""
    data = config()
    data["steps"]["univariate_filter"]["max_features"] = 8
    data["steps"]["lasso"]["nfolds"] = 5
    data["steps"]["screen"]["combinations"] = ["StepCox[forward]", "Lasso", "Lasso + CoxBoost"]
    data["steps"].update(steps)
    return data


@pytest.fixture(scope="module")
def ec_study(tmp_path_factory):
    return run_study(quick_ec(), tmp_path_factory.mktemp("ec"), quiet=True)


def quick_cervical():
    """The seed-004 study with small LASSOs (quick)."""
    data = config("cervical.toml")
    data["steps"]["univariate_filter"]["max_features"] = 10
    for lasso in ("lasso", "mil_lasso"):
        data["steps"][lasso]["nfolds"] = 5
    for screen in ("clinical_screen", "rad_screen", "dl_screen"):
        data["steps"][screen]["inner_folds"] = 3
    return data


@pytest.fixture(scope="module")
def cervical_study(tmp_path_factory):
    return run_study(quick_cervical(), tmp_path_factory.mktemp("cervical"), quiet=True)


def test_shipped_configs_equal_the_examples():
    root = default_config().parents[3]
    for name, example in [("ec_fertility.toml", "ec_fertility_study.toml"),
                          ("cervical.toml", "cervical_study.toml")]:
        assert default_config(name).read_text() == (root / "examples" / example).read_text()
        load_config(root / "examples" / example)       # and they are valid


def test_ec_study_writes_every_output(ec_study):
    out = ec_study.out
    for name in ("report.html", "results.json", "config.resolved.json", "versions.json"):
        assert (out / name).is_file()
    tables = {p.name for p in (out / "tables").iterdir()}
    for name in ("table1_training_by_outcome.csv", "icc_filter_icc.csv", "lasso_coefficients.csv",
                 "km_logrank.csv", "multivariable_uni_multi.csv", "roc_table2.csv",
                 "time_dependent_cindex.csv", "time_dependent_auc.csv", "calibration_stats.csv",
                 "dca_net_benefit.csv", "nomogram_groups_logrank.csv", "calibration_curves.csv",
                 "calibration_km_groups.csv", "time_dependent_cindex_overall.csv",
                 "screen_table.csv", "screen_ranking.csv"):
        assert name in tables
    figures = {p.name for p in (out / "figures").iterdir()}
    for stem in ("lasso_cv", "km_training", "km_validation", "multivariable_forest", "roc_whole",
                 "calibration_validation", "dca_training", "time_dependent_validation",
                 "time_dependent_cindex_heatmap", "nomogram_groups_whole",
                 "nomogram_groups_waterfall_training", "calibration_km_groups",
                 "screen_heatmap"):
        assert f"{stem}.png" in figures and f"{stem}.svg" in figures
    assert (out / "data" / "ec_fertility_features_reader2.csv").is_file()
    versions = json.loads((out / "versions.json").read_text())
    assert versions["radstats"] and "not called" in versions["R"]


def test_ec_study_cohorts_follow_the_seed(ec_study):
    study = ec_study.study
    sizes = {name: len(index) for name, index in study.cohorts.items()}
    assert sizes == {"training": 97, "validation": 49, "whole": 146}
    events = study.frame[study.outcome["event"]]
    rates = [events.loc[study.cohorts[c]].mean() for c in ("training", "validation")]
    assert abs(rates[0] - rates[1]) < 0.03                       # stratified by CR


def test_ec_study_model_cards_reload(ec_study):
    models = ec_study.out / "models"
    score = RiskScore.from_json(models / "cars.json")
    assert score.cutoff_ == pytest.approx(ec_study.results["risk_score_cutoff"]["cars"])
    cox = CoxPH.from_json(models / "model_multi_model.json")
    study = ec_study.study
    rows = study.rows("validation")
    fitted = study.models["Multi-model"]
    pd.testing.assert_series_equal(pd.Series(cox.predict(rows[fitted.columns])),
                                   pd.Series(fitted.risk(rows)))


def test_ec_study_finds_signal_at_the_seed_size(ec_study):
    # 97 training patients and 1,733 features: the true features compete with chance
    # correlations, so at this size only part of the truth is expected back.
    recovery = pd.read_csv(ec_study.out / "tables" / "truth_recovery.csv")
    assert len(recovery) == 4 and ec_study.results["truth_recovered"] >= 1
    assert recovery.loc[recovery["selected"], "same_direction"].all()
    assert ec_study.results["logrank_p"]["training"] < 0.01
    assert ec_study.results["auc"]["Multi-model / whole"] > 0.7


def test_pipeline_recovers_the_truth_in_a_larger_cohort(tmp_path):
    data = quick_ec()
    data["data"]["n"] = 400
    data["steps"] = {k: v for k, v in data["steps"].items()
                     if k in ("icc_filter", "zscore", "correlation_filter", "univariate_filter",
                              "lasso")}
    data["steps"]["univariate_filter"]["max_features"] = 10
    result = run_study(data, tmp_path, quiet=True)
    recovery = pd.read_csv(tmp_path / "tables" / "truth_recovery.csv")
    # 267 training patients: most true features come back themselves, with the true sign.
    assert result.results["truth_selected"] >= 3
    assert recovery.loc[recovery["selected"], "same_direction"].all()


def _section(study, step):
    return next(section for section in study.sections if section.step == step)


def test_ec_signature_figures_paths_and_risk_score_per_cohort(ec_study):
    study = ec_study.study
    lasso = [f.name for f in _section(study, "lasso").figures]
    assert lasso == ["lasso_path", "lasso_cv"]                      # Figure 2B, then 2C/D
    figures = _section(study, "risk_score").figures
    assert [f.name for f in figures] == [f"risk_score_{c}" for c in study.cohorts]
    assert list(study.cohorts) == ["training", "validation", "whole"]
    for figure in figures:
        assert figure.png.is_file() and figure.svg.is_file()
        assert "Pathological type, IHC score, MRS" in figure.caption   # the config's annotate
        assert "follow-up time to CR" in figure.caption


def test_risk_score_strip_defaults_to_the_categorical_variables(ec_study):
    from radstats.pipeline.steps import signature

    study = ec_study.study
    study.begin("strip", "Strip")
    try:
        columns = signature._annotated(study, None)
        assert columns == study.config["variables"]["categorical"]
        signature._distribution_figures(study, "cars", "CARS", 0.0, columns)
        assert "heat map: Hypertension, Diabetes, Menstrual regularity" in \
            study.sections[-1].figures[0].caption
        signature._distribution_figures(study, "cars", "CARS", 0.0, signature._annotated(study, []))
        assert "heat map" not in study.sections[-1].figures[-1].caption
        assert len(study.sections[-1].figures) == 2 * len(study.cohorts)
    finally:
        study.sections.pop()


def test_risk_score_annotate_names_the_missing_column(ec_study):
    study = ec_study.study
    study.begin("risk_score", "Risk score")
    try:
        with pytest.raises(InputError, match=r"steps.risk_score: option 'annotate' names "
                                             r"column\(s\) \['nope'\] that the data lacks"):
            registry.get_step("risk_score", "test").function(study, annotate=["age", "nope"])
    finally:
        study.sections.pop()
    with pytest.raises(InputError, match=r"steps.risk_score.annotate must be a list"):
        load_config(config(steps={"lasso": {}, "risk_score": {"annotate": "nope"}}))


def test_ec_table2_has_models_by_cohorts(ec_study):
    from radstats.metrics import roc_auc, youden

    table = pd.read_csv(ec_study.out / "tables" / "roc_table2.csv")
    study = ec_study.study
    models = list(study.models)
    assert len(table) == len(models) * 3
    assert set(table["cohort"]) == {"training", "validation", "whole"}
    reference = table[table["model"] == models[-1]]
    assert (reference["p"] == "ref").all()
    assert table["Sensitivity"].str.match(r"^\d\.\d\d\d \[\d+/\d+\]$").all()
    numbers = pd.read_csv(ec_study.out / "tables" / "roc_table2_numbers.csv")
    assert numbers["auc"].between(numbers["ci_lower"], numbers["ci_upper"]).all()
    # the cells are the binary endpoint's: patients censored before 12 months left out,
    # the cut-off the training cohort's Youden for every cohort
    y, keep = study.binary_endpoint("validation")
    prob = study.models["CARS"].prob(study.rows("validation")[keep], 12)
    row = numbers[(numbers["model"] == "CARS") & (numbers["cohort"] == "validation")].iloc[0]
    assert row["auc"] == pytest.approx(roc_auc(y, prob, direction="<").estimate, rel=1e-12)
    y_train, keep_train = study.binary_endpoint("training")
    cut = youden(y_train, study.models["CARS"].prob(study.rows("training")[keep_train], 12),
                 direction="<").threshold
    assert row["threshold"] == pytest.approx(cut) and row["n"] == len(y)
    assert '<table class="radstats-baseline">' in ec_study.report.read_text()


def test_ec_nomogram_groups_split_the_points_at_the_training_youden(ec_study):
    from radstats.metrics import youden

    study = ec_study.study
    nomogram = study.state["nomogram"]
    assert nomogram["model"] == "Multi-model"
    points = nomogram["nomogram"].total_points(study.frame[study.models["Multi-model"].columns])
    points = pd.Series(points, index=study.frame.index)
    y, keep = study.binary_endpoint("training")
    cut = youden(y, points.loc[study.cohorts["training"]].to_numpy()[keep], "<").threshold
    groups = pd.read_csv(ec_study.out / "tables" / "nomogram_groups_logrank.csv")
    for cohort, index in study.cohorts.items():
        high = groups[(groups["cohort"] == cohort) & (groups["group"] == "high")].iloc[0]
        assert high["n"] == (points.loc[index] >= cut).sum()
    # the nomogram's high group reaches CR more often and sooner
    training = groups[groups["cohort"] == "training"].set_index("group")
    assert (training.loc["high", "events"] / training.loc["high", "n"]
            > training.loc["low", "events"] / training.loc["low", "n"])
    assert ec_study.results["logrank_p"]["Multi-model nomogram score / training"] < 0.01


def test_ec_survival_calibration_is_kaplan_meier_by_risk_group(ec_study):
    from radstats.metrics import calibrate_survival, survival_calibration

    study = ec_study.study
    table = pd.read_csv(ec_study.out / "tables" / "calibration_km_groups.csv")
    assert table.columns[0] == "cohort"
    validation = table[table["cohort"] == "validation"].drop(columns="cohort")
    y = study.y("validation")
    surv = 1 - study.models["Multi-model"].prob(study.rows("validation"), 12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")              # groups without an estimate, if any
        expected = survival_calibration(y.time, y.event, surv, 12, groups=4)
    pd.testing.assert_frame_equal(validation.reset_index(drop=True), expected.round(4),
                                  check_dtype=False)
    assert set(table["cohort"]) == {"validation", "whole"}     # training: bootstrap-corrected
    model, rows = study.models["Multi-model"], study.rows("training")
    y = study.y("training")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corrected = calibrate_survival(model.estimator, rows[model.columns], y, 12,
                                       m=len(y.time) // 4, n_boot=100,
                                       random_state=study.random_state)
    written = pd.read_csv(ec_study.out / "tables" / "calibration_bootstrap_survival.csv",
                          index_col="group")
    pd.testing.assert_frame_equal(written, corrected.table.round(4), check_dtype=False)
    overall = pd.read_csv(ec_study.out / "tables" / "time_dependent_cindex_overall.csv")
    assert len(overall) == len(study.models) * 3 and overall["c_index"].between(0.5, 1).all()


def test_report_is_self_contained_with_methods(ec_study):
    html = ec_study.report.read_text()
    assert "<h2 id=\"methods\">" in html
    for r_function in ("psych::ICC", "caret::findCorrelation", "glmnet::cv.glmnet",
                       "survival::survdiff", "pROC::roc", "rms::nomogram", "rms::val.prob",
                       "survival::concordance", "riskRegression::Score", "dcurves::dca"):
        assert r_function in html
    sources = re.findall(r"<img[^>]* src=\"([^\"]+)\"", html)
    assert len(sources) >= 12 and all(s.startswith("data:image/png;base64,") for s in sources)
    for anchor in re.findall(r"href=\"#([^\"]+)\"", html):
        assert f"id=\"{anchor}\"" in html
    assert not re.findall(r"(?:href|src)=\"(?!#|data:)", html)      # nothing outside the file


def test_cervical_study_runs_the_binary_workflow(cervical_study):
    out, study = cervical_study.out, cervical_study.study
    assert list(study.cohorts) == ["training", "validation", "test"]
    assert list(study.models) == ["Clinical", "Radiomics", "Deep learning", "Combined"]
    # each arm: the best of LR, SVM and RF (binary_screen); combined: glm of the
    # deep-learning signature and the clinical variables
    assert [m.kind for m in study.models.values()] == ["probability"] * 3 + ["logit"]
    assert isinstance(study.models["Combined"].estimator, Logit)
    assert study.models["Combined"].columns[0] == "dl_prob"
    table = pd.read_csv(out / "tables" / "roc_table2.csv")
    assert len(table) == 12 and {"PPV", "NPV"} <= set(table.columns)
    assert (out / "tables" / "table1_by_cohort.csv").is_file()
    stats = pd.read_csv(out / "tables" / "calibration_stats.csv")
    assert stats["hl_p"].between(0, 1).all()
    assert "glmnet::cv.glmnet(family = &quot;binomial&quot;)" in cervical_study.report.read_text()
    # the combined model's bootstrap-corrected calibration in the training cohort
    assert (out / "figures" / "calibration_bootstrap.png").is_file()
    curve = pd.read_csv(out / "tables" / "calibration_bootstrap.csv")
    assert list(curve.columns) == ["predicted", "apparent", "optimism", "corrected", "n"]
    assert 0 < cervical_study.results["calibration_mean_absolute_error"] < 0.1


def test_cervical_lasso_sections_draw_their_own_paths(cervical_study):
    study = cervical_study.study
    for step in ("lasso", "mil_lasso"):
        assert [f.name for f in _section(study, step).figures] == [f"{step}_path", f"{step}_cv"]
    assert (cervical_study.out / "figures" / "mil_lasso_path.png").is_file()


def test_cervical_arms_are_the_best_screened_learners(cervical_study):
    out, results = cervical_study.out, cervical_study.results
    auc = results["auc"]
    for key, model in [("clinical_screen", "Clinical"), ("rad_screen", "Radiomics"),
                       ("dl_screen", "Deep learning")]:
        table = pd.read_csv(out / "tables" / f"{key}_table.csv").set_index(["model", "cohort"])
        assert sorted(table.index.unique("model")) == ["LR", "RF", "SVM"]
        best = results["screen_best"][key]
        assert best == table.xs("validation", level="cohort")["auc"].idxmax()   # select_on
        # the carried signature is the screened model: Table 2 gives the screen's AUCs
        for cohort in ("training", "validation", "test"):
            screen_cohort = "apparent" if cohort == "training" else cohort
            assert auc[f"{model} / {cohort}"] == pytest.approx(
                table.loc[(best, screen_cohort), "auc"], abs=1e-12)
        assert (out / "figures" / f"{key}_heatmap.png").is_file()
        assert json.loads((out / "models" / f"{key}_best.json").read_text())["combination"] == best
    html = cervical_study.report.read_text()
    assert "Clinical model: LR, SVM and RF" in html and "SMOTE" in html
    assert ("3 classifiers of PCC on the training cohort&#x27;s 3 variables (Age (years), FIGO "
            "stage, Tumour diameter (cm); 5 columns with categories as indicators)") in html


def test_mil_features_come_from_the_training_patients_dictionary(cervical_study):
    from radstats.adapters.mil import MILFeatures

    study = cervical_study.study
    features = study.features                       # the MIL table replaced the radiomics
    assert study.features_label == "multi-instance features" and study.features_reader2 is None
    assert len(features) == len(study.frame) and features.notna().all().all()
    slices = study.slices[study.slices["sequence"] == "T2_SPAIR"]
    slices = slices.assign(label=(slices["prob"] >= 0.5).astype(int))
    train = slices[slices["patient_id"].isin(study.cohorts["training"])]
    expected = MILFeatures(decimals=1).fit(train).transform(slices).add_prefix("T2_SPAIR_")
    pd.testing.assert_frame_equal(features[expected.columns], expected.loc[features.index],
                                  check_names=False)
    # a bin no training patient reaches is no feature, even where other cohorts reach it
    words = MILFeatures(decimals=1).fit(slices).vocabulary_
    assert set(MILFeatures(decimals=1).fit(train).vocabulary_) <= set(words)
    dictionary = pd.read_csv(cervical_study.out / "tables" / "mil_features_dictionary.csv")
    assert dictionary["features"].sum() == features.shape[1] == cervical_study.results["mil_features"]


def test_deep_learning_signature_carries_the_latent_signal(cervical_study):
    study, auc = cervical_study.study, cervical_study.results["auc"]
    lasso = study.state["lassos"]
    assert len(lasso) == 2 and set(lasso[1]["coef"].index) <= set(study.features.columns)
    # the slice probabilities measure the tumour biology u (log-odds 1.3 per SD): the
    # signature from them beats the clinical model outside the training cohort
    for cohort in ("validation", "test"):
        assert auc[f"Deep learning / {cohort}"] > max(0.65, auc[f"Clinical / {cohort}"])
    assert cervical_study.results["truth_selected"] >= 1   # checked on the radiomics LASSO
    html = cervical_study.report.read_text()
    assert "Multi-instance features: LASSO" in html and "Slice-level AUC" in html
    assert "Multi-instance features were z-scored" in html
    resolved = json.loads((cervical_study.out / "config.resolved.json").read_text())
    assert resolved["steps"]["mil_lasso"]["step"] == "lasso"


@pytest.mark.parametrize("steps, message", [
    ({"mil_features": {"by": "series"}}, r"steps.mil_features: the slice table has no column\(s\) "
                                         r"\['series'\]"),
    ({"mil_features": {"threshold": 1.5}}, r"option 'threshold' must lie in \(0, 1\)"),
    ({"mil_features": {"kinds": ["hist"]}}, r"sequence 'T1_SPIR': `kinds` must name 'plh'"),
    ({"univariate_filter": {"max_features": -1}},
     r"steps.univariate_filter: option 'max_features' must be a whole number >= 0 \(0: no cap\)"),
    ({"univariate_filter": {"max_features": 3}, "lasso": {"nfolds": 3}, "mil_features": {},
      "dl": {"step": "risk_score"}},
     r"steps.dl: the last LASSO ran on other features than the multi-instance features"),
])
def test_mil_step_errors_name_the_step(tmp_path, steps, message):
    data = config("cervical.toml", data={"n": 80}, steps=steps)
    with pytest.raises(InputError, match=message):
        run_study(data, tmp_path, quiet=True)


def test_mil_step_checks_the_slice_patients(tmp_path):
    from radstats.datasets import simulate_cohort

    paths = simulate_cohort("cervical", n=60, random_state=3).to_csv(tmp_path)
    slices = pd.read_csv(paths["slices"])
    base = {"data": {"clinical": str(paths["clinical"]), "slices": str(paths["slices"])},
            "outcome": {"type": "binary", "event": "pcc"},
            "cohorts": {"column": "cohort", "training": "training"},
            "steps": {"mil_features": {}}}
    slices[slices["patient_id"] != "CC002"].to_csv(paths["slices"], index=False)
    with pytest.raises(InputError, match=r"mil_features: patient\(s\) \['CC002'\] have no slices "
                                         r"of sequence 'T1_SPIR'"):
        run_study(base, tmp_path / "a", quiet=True)
    slices.assign(patient_id=slices["patient_id"].replace("CC002", "XX9")).to_csv(
        paths["slices"], index=False)
    with pytest.raises(InputError, match=r"patient\(s\) \['XX9'\] that are not in the clinical"):
        run_study(base, tmp_path / "b", quiet=True)


def test_a_step_runs_again_under_another_name():
    steps = {"lasso": {}, "again": {"step": "lasso", "title": "Second LASSO", "nfolds": 3}}
    loaded = load_config(config(steps=steps))
    assert [(e.key, e.step, e.title) for e in loaded.steps] == [
        ("lasso", "lasso", None), ("again", "lasso", "Second LASSO")]
    assert loaded.steps[1].options["nfolds"] == 3
    with pytest.raises(InputError, match=r"steps.again.step: unknown step 'laso' \(did you mean "
                                         r"'lasso'\?\)"):
        load_config(config(steps={"again": {"step": "laso"}}))
    with pytest.raises(InputError, match=r"steps.again.step must be a string"):
        load_config(config(steps={"again": {"step": 3}}))
    with pytest.raises(InputError, match=r"unknown option 'titel' \(did you mean 'title'\?\)"):
        load_config(config(steps={"lasso": {"titel": "x"}}))


def test_same_config_same_results(tmp_path):
    data = config("cervical.toml", steps={"models": {"specs": {"Clinical": ["age"]}}, "roc": {}})
    first = run_study(data, tmp_path / "a", quiet=True).results
    second = run_study(data, tmp_path / "b", quiet=True).results
    first.pop("seconds"), second.pop("seconds")
    assert first == second


def test_progress_goes_to_stderr_unless_quiet(tmp_path, capsys):
    data = config("cervical.toml", steps={"models": {"specs": {"Clinical": ["age"]}}})
    run_study(data, tmp_path / "loud")
    assert "[1/1] models done" in capsys.readouterr().err
    run_study(data, tmp_path / "quiet", quiet=True)
    assert capsys.readouterr().err == ""


def test_a_failing_step_leaves_a_partial_report(tmp_path):
    data = config("cervical.toml", steps={"table1": {}, "univariate_filter": {"p": 1e-30}})
    with pytest.raises(InputError, match=r"steps.univariate_filter: no feature has p < 1e-30"):
        run_study(data, tmp_path, quiet=True)
    html = (tmp_path / "report.html").read_text()
    assert "The study stopped early" in html and "Baseline characteristics" in html


# -- config errors, each naming the key -------------------------------------------------
@pytest.mark.parametrize("change, message", [
    ({"outcom": {}}, r"unknown section \[outcom\] \(did you mean 'outcome'\?\)"),
    ({"outcome": {"horizon": [3]}}, r"unknown key 'outcome.horizon' \(did you mean 'horizons'\?\)"),
    ({"outcome": {"type": "cox"}}, r"outcome.type must be one of"),
    ({"outcome": {"horizons": 12}}, r"outcome.horizons must be a list"),
    ({"outcome": {"time": None}}, r"outcome.time is missing"),
    ({"cohorts": {"split": [2]}}, r"cohorts.split must give two or more"),
    ({"data": {"clinical": "x.csv"}}, r"needs exactly one of 'simulate'"),
    ({"variables": {"categorical": ["stage"]}}, r"variables.categorical names \['stage'\]"),
])
def test_config_errors_name_the_key(change, message):
    with pytest.raises(InputError, match=message):
        load_config(config(**change))


@pytest.mark.parametrize("steps, message", [
    ({"lassso": {}}, r"unknown step 'lassso' \(did you mean 'lasso'\?\)"),
    ({"icc_filter": {"thresold": 0.8}}, r"steps.icc_filter: unknown option 'thresold' "
                                         r"\(did you mean 'threshold'\?\)"),
    ({"icc_filter": {"threshold": "high"}}, r"steps.icc_filter.threshold must be a number"),
    ({"risk_score": {}}, r"steps.risk_score: step 'risk_score' needs 'lasso', which no earlier"),
])
def test_step_errors_name_the_step(steps, message):
    with pytest.raises(InputError, match=message):
        load_config(config(steps=steps))


def roc_config(threshold):
    return config(steps={"models": {"specs": {"Age": ["age"]}}, "roc": {"threshold": threshold}})


def test_step_options_take_the_types_their_annotations_allow():
    for threshold in ("youden", 0.5, 1):
        assert load_config(roc_config(threshold)).steps[1].options["threshold"] == threshold
    assert load_config(config(steps={"lasso": {"nfolds": 5.0}})).steps[0].options["nfolds"] == 5
    assert registry.get_step("roc", "test").option_types()["threshold"] == (str, float, int)
    assert registry.get_step("correlation_filter", "test").option_types()["exact"] == (bool,)
    with pytest.raises(InputError, match=r"steps.roc.threshold must be a string or a number, "
                                         r"got \[0.5\]"):
        load_config(roc_config([0.5]))
    with pytest.raises(InputError, match=r"steps.roc.threshold must be a string or a number, "
                                         r"got True"):
        load_config(roc_config(True))
    with pytest.raises(InputError, match=r"steps.correlation_filter.exact must be true or false"):
        load_config(config(steps={"correlation_filter": {"exact": "yes"}}))


@pytest.mark.parametrize("options, message", [
    ({"model": "Multi-model", "cutoff": "best"}, r"option 'cutoff' must be 'youden' or 'median'"),
    ({"model": "Multi-model", "score": "cars"}, r"give option 'score' or option 'model', not both"),
    ({"model": "Nomogram"}, r"steps.groups: option 'model': no model 'Nomogram'"),
    ({"score": "rad"}, r"option 'score': no risk score 'rad' \(made: \['cars'\]\)"),
])
def test_km_by_model_errors_name_the_option(ec_study, options, message):
    study = ec_study.study
    study.begin("groups", "Groups")
    try:
        with pytest.raises(InputError, match=message):
            registry.get_step("km", "test").function(study, **options)
    finally:
        study.sections.pop()


def test_wrong_outcome_type_is_named():
    binary = config("cervical.toml", steps={"km": {}})
    with pytest.raises(InputError, match=r"steps.km: step 'km' needs a survival outcome; "
                                         r"outcome.type is 'binary'"):
        load_config(binary)
    with pytest.raises(InputError, match=r"outcome.time applies to survival outcomes only"):
        load_config(config("cervical.toml", outcome={"time": "age"}))


def test_data_errors_name_the_column_and_file(tmp_path):
    with pytest.raises(InputError, match=r"outcome.time names column 'months', which the "
                                         r"clinical table lacks"):
        run_study(config(outcome={"time": "months"}), tmp_path, quiet=True)
    with pytest.raises(InputError, match=r"outcome.event: column 'age' must be coded 0/1"):
        run_study(config("cervical.toml", outcome={"event": "age"}), tmp_path, quiet=True)
    with pytest.raises(InputError, match=r"cohorts.training: 'train' is not a level"):
        run_study(config("cervical.toml", cohorts={"training": "train"}), tmp_path, quiet=True)
    files = config("cervical.toml", data={"simulate": None, "clinical": str(tmp_path / "no.csv")},
                   steps={"models": {"specs": {"Clinical": ["age"]}}})
    with pytest.raises(InputError, match=r"data.clinical: file '.*no.csv' does not exist"):
        run_study(files, tmp_path, quiet=True)


def test_a_study_from_csv_files(tmp_path):
    from radstats.datasets import simulate_cohort

    paths = simulate_cohort("cervical", n=120, random_state=3).to_csv(tmp_path)
    toml = tmp_path / "study.toml"
    toml.write_text(f"""
[data]
clinical = "{paths['clinical'].name}"
features = "{paths['features'].name}"
[outcome]
type = "binary"
event = "pcc"
[cohorts]
column = "cohort"
training = "training"
[variables]
clinical = ["age", "figo_stage"]
categorical = ["figo_stage"]
[steps.table1]
[steps.zscore]
[steps.models.specs]
Clinical = ["age", "figo_stage"]
[steps.roc]
""")
    result = run_study(toml, tmp_path / "out", quiet=True)
    assert (tmp_path / "out" / "config.toml").read_text() == toml.read_text()
    assert "Clinical / test" in result.results["auc"]
    clinical = pd.read_csv(paths["clinical"]).drop(index=[0, 1])
    clinical.to_csv(paths["clinical"], index=False)
    with pytest.raises(InputError, match=r"data.features: patient\(s\) \['CC001', 'CC002'\] are "
                                         r"not in the clinical table"):
        run_study(toml, tmp_path / "out2", quiet=True)


def test_a_new_step_is_a_decorator_away(tmp_path):
    @step("count_patients", title="Patients per cohort")
    def count_patients(study, *, label="patients"):
        study.table("counts", pd.DataFrame({label: {c: len(i) for c, i in study.cohorts.items()}}),
                    "Counts")

    try:
        data = config("cervical.toml", steps={"count_patients": {"label": "n"}})
        result = run_study(data, tmp_path, quiet=True)
        assert "Patients per cohort" in result.report.read_text()
        with pytest.raises(InputError, match="unknown option 'lable'"):
            load_config(config("cervical.toml", steps={"count_patients": {"lable": "n"}}))
    finally:
        registry._REGISTRY.pop("count_patients")


def test_bad_input_met_inside_a_step_names_the_step_and_keeps_a_partial_report(tmp_path):
    @step("library_call", title="A step whose library call refuses its input")
    def library_call(study):
        from radstats import Surv

        Surv([1.0, 2.0], [1, 5])  # InputError from the library, not from study.fail

    try:
        data = config("cervical.toml", steps={"library_call": {}})
        with pytest.raises(InputError, match=r"steps\.library_call\]?: .*5"):
            run_study(data, tmp_path, quiet=True)
        assert "Step &#x27;library_call&#x27; failed" in (tmp_path / "report.html").read_text()
    finally:
        registry._REGISTRY.pop("library_call")


# -- the command line -------------------------------------------------------------------
def test_cli_run_reports_a_bad_config(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(default_config().read_text().replace("horizons =", "horizon ="))
    assert main(["run", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "radstats: error:" in err and "unknown key 'outcome.horizon'" in err
    (tmp_path / "broken.toml").write_text("[study\n")
    assert main(["run", str(tmp_path / "broken.toml")]) == 2
    assert "invalid TOML" in capsys.readouterr().err


def test_cli_run_writes_the_report(tmp_path, capsys):
    study = tmp_path / "study.toml"
    study.write_text(default_config("cervical.toml").read_text().split("[steps.table1]")[0]
                     + "[steps.models.specs]\nClinical = [\"age\"]\n[steps.calibration]\n")
    assert main(["run", str(study), "--out", str(tmp_path / "out"), "--quiet", "--n-jobs", "2"]) == 0
    assert str((tmp_path / "out" / "report.html").resolve()) in capsys.readouterr().out


def test_cli_lists_steps(capsys):
    assert main(["steps"]) == 0
    listed = capsys.readouterr().out
    assert "lasso" in listed and "\nscreen " in listed and "\nbinary_screen " in listed


def test_readme_tour_runs(tmp_path, monkeypatch, capsys):
    readme = (default_config().parents[3] / "README.md").read_text()
    tour = readme.split("## A five-minute tour", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    assert len([line for line in tour.splitlines() if line.strip()]) <= 25
    monkeypatch.chdir(tmp_path)
    exec(compile(tour, "README tour", "exec"), {})
    assert "AUCResult(estimate=" in capsys.readouterr().out


def test_importing_the_pipeline_stays_light():
    import subprocess
    import sys

    code = ("import sys, radstats.pipeline; radstats.pipeline.available_steps(); "
            "print(sorted(m for m in ('matplotlib', 'torch', 'SimpleITK', 'radiomics') "
            "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_table1_follows_the_variable_kinds_and_labels(ec_study):
    table = pd.read_csv(ec_study.out / "tables" / "table1_training_by_outcome.csv",
                        dtype=str, keep_default_na=False)
    gravida = table[table["variable"] == "gravida"]                 # variables.continuous
    assert len(gravida) == 1 and gravida["level"].iloc[0] in ("mean ± SD", "median [Q1, Q3]")
    assert (table["variable"] == "pathology").sum() == 4            # header + 3 levels
    html = ec_study.report.read_text()
    assert "Pathological type" in html and "BMI (kg/m2)" in html    # variables.labels
    assert "Pathological type: EC G1" in html                       # uni/multivariable table
    terms = pd.read_csv(ec_study.out / "tables" / "multivariable_uni_multi.csv", index_col=0)
    assert "pathologyEC G1" in terms.index and terms.loc["mrs", "label"] == "MRS"
