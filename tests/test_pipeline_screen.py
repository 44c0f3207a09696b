"""The screens as study steps: the survival screen on the seed-000 study (Figure 2A) and
the binary learner screen on the seed-004 study, their outputs, checkpoints and errors."""

import json
import re
import tomllib

import pandas as pd
import pytest

from radstats import InputError
from radstats.demo import default_config
from radstats.metrics import concordance_index
from radstats.pipeline import load_config, run_study
from radstats.screen import register_learner, unregister_learner
from tests import screen_learners as sl

# Quick to fit: forward StepCox, and Lasso used alone, as a selector and as a model.
SURVIVAL = ["StepCox[forward]", "Lasso", "Lasso + StepCox[forward]", "StepCox[forward] + Lasso"]


def ec_with_screen(**options):
    """The seed-000 study up to the LASSO with the screen after the univariable filter
    (8 features), ``options`` for the screen."""
    data = tomllib.loads(default_config().read_text())
    steps = {k: data["steps"][k] for k in ("icc_filter", "zscore", "correlation_filter",
                                           "univariate_filter")}
    steps["univariate_filter"]["max_features"] = 8
    steps["screen"] = {"combinations": SURVIVAL, **options}
    data["steps"] = steps
    return data


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    return run_study(ec_with_screen(use_best=True), tmp_path_factory.mktemp("screen"),
                     quiet=True)


@pytest.fixture
def stand_ins():
    """The screen tests' quick stand-in learners, registered for this test."""
    register_learner("Cox", sl.Cox())
    register_learner("TopK", sl.TopK())
    sl.FITS.clear()
    yield
    unregister_learner("Cox")
    unregister_learner("TopK")


def test_screen_writes_table_ranking_heatmap_and_best_card(screened):
    out = screened.out
    table = pd.read_csv(out / "tables" / "screen_table.csv")
    assert sorted(table["model"].unique()) == sorted(SURVIVAL)
    assert set(table["cohort"]) == {"apparent", "validation"}        # not "whole"
    ranking = pd.read_csv(out / "tables" / "screen_ranking.csv")
    best = screened.results["screen_best"]["screen"]
    assert ranking["model"].iloc[0] == best
    scored = table[(table["cohort"] == "validation") & (table["status"] == "ok")]
    assert best == scored.loc[scored["c_index"].idxmax(), "model"]
    for suffix in ("png", "svg"):
        assert (out / "figures" / f"screen_heatmap.{suffix}").is_file()
    card = json.loads((out / "models" / "screen_best.json").read_text())
    assert card["combination"] == best and card["training"]["n"] == 97
    coefficients = pd.read_csv(out / "tables" / "screen_best.csv", index_col=0)
    assert set(coefficients.index) <= set(screened.study.feature_set)
    html = screened.report.read_text()
    assert "Survival model screen (101 combinations, Figure 2A)" in html
    assert f"{len(SURVIVAL)} survival models (Liu et al. 2022" in html
    assert "ok, 0 skipped" in html and "true leave-one-out" not in html


def test_the_best_risk_carried_forward_scores_as_in_the_screen(screened):
    study = screened.study
    table = pd.read_csv(screened.out / "tables" / "screen_table.csv")
    best = screened.results["screen_best"]["screen"]
    expected = table.set_index(["model", "cohort"]).loc[(best, "validation"), "c_index"]
    y = study.y("validation")
    risk = study.rows("validation")["screen_risk"]
    assert concordance_index(y.time, y.event, risk).estimate == pytest.approx(expected, abs=1e-12)
    assert "screen_risk" in study.state["scores"]
    train = study.rows("training")
    assert (train["screen_risk_group"] == "high").mean() == pytest.approx(0.5, abs=0.02)


def test_carried_risk_feeds_the_later_steps(tmp_path):
    data = ec_with_screen(use_best=True, name="best_risk", label="Best screen model")
    data["steps"]["km"] = {"score": "best_risk"}
    data["steps"]["models"] = {"specs": {"Screen": ["best_risk"], "Screen + IHC": [
        "best_risk", "ihc_score"]}}
    data["steps"]["roc"] = {}
    result = run_study(data, tmp_path, quiet=True)
    assert {"Screen / validation", "Screen + IHC / whole"} <= set(result.results["auc"])
    assert "training" in result.results["logrank_p"]
    assert "Best screen model" in result.report.read_text()


def test_loocv_is_true_leave_one_out_and_a_rerun_resumes(tmp_path, stand_ins):
    data = ec_with_screen(combinations=["Cox", "TopK + Cox"], cv="loocv")
    first = run_study(data, tmp_path, quiet=True)
    table = pd.read_csv(tmp_path / "tables" / "screen_table.csv")
    assert set(table["cohort"]) == {"loocv", "apparent", "validation"}
    assert (table["status"] == "ok").all()
    # the full fit and one per patient left out (the selector once per fold, shared by
    # its combinations), then the refit of the best
    refit = {"Cox": 1} if first.results["screen_best"]["screen"] == "Cox" else \
        {"TopK": 1, "Cox": 1}
    assert sl.FITS == {"TopK": 98 + refit.get("TopK", 0), "Cox": 2 * 98 + 1}
    html = first.report.read_text()
    assert "LOOCV was true leave-one-out: for each of the 97 training patients" in html
    assert "mean Harrell&#x27;s C-index over loocv, validation (radstats" in html
    (checkpoint,) = (tmp_path / "checkpoints").iterdir()
    assert f"saved in checkpoints/{checkpoint.name}/ as they complete" in html
    sl.FITS.clear()
    run_study(data, tmp_path, quiet=True)            # same data and options: resumed
    assert sl.FITS == refit
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "tables" / "screen_table.csv")
                                  .drop(columns="seconds"), table.drop(columns="seconds"))
    data["steps"]["screen"]["cv"] = "cohort"         # changed: a fresh checkpoint replaces it
    run_study(data, tmp_path, quiet=True)
    assert [p.name for p in (tmp_path / "checkpoints").iterdir()] != [checkpoint.name]
    assert len(list((tmp_path / "checkpoints").iterdir())) == 1


def test_select_on_and_kfold(tmp_path, stand_ins):
    data = ec_with_screen(combinations=["Cox", "TopK + Cox"], cv="kfold", select_on=["kfold"],
                          checkpoint=False)
    result = run_study(data, tmp_path, quiet=True)
    table = pd.read_csv(tmp_path / "tables" / "screen_table.csv").set_index(["model", "cohort"])
    best = result.results["screen_best"]["screen"]
    assert best == table.xs("kfold", level="cohort")["c_index"].idxmax()
    assert not (tmp_path / "checkpoints").exists()
    html = result.report.read_text()
    assert "5-fold cross-validation (stratified on the event, 1 repeat)" in html


@pytest.mark.parametrize("options, message", [
    ({"cv": "loo"}, r"steps.screen: option 'cv' must be one of \('cohort', 'loocv', 'kfold'\)"),
    ({"select_on": ["test"]}, r"option 'select_on' names \['test'\]; the screen scored "
                              r"\['apparent', 'validation'\]"),
    ({"combinations": ["Ridge + GBM"]}, r"steps.screen: combination 'Ridge \+ GBM': Ridge is not "
                                        r"a feature selector"),
    ({"use_best": True, "name": "age"}, r"option 'name': the data already has a column 'age'"),
])
def test_screen_errors_name_the_step(tmp_path, options, message):
    data = ec_with_screen(checkpoint=False, **options)
    data["steps"]["screen"]["combinations"] = options.get("combinations", ["StepCox[forward]"])
    with pytest.raises(InputError, match=message):
        run_study(data, tmp_path, quiet=True)


def test_screen_needs_a_survival_outcome_and_features():
    data = tomllib.loads(default_config("cervical.toml").read_text())
    data["steps"] = {"screen": {}}
    with pytest.raises(InputError, match=r"steps.screen: step 'screen' needs a survival outcome"):
        load_config(data)


# -- the binary screen ------------------------------------------------------------------
def cervical_with(steps, n=120):
    """A small seed-004 study: z-scored radiomics, five by t-test, then ``steps``."""
    data = tomllib.loads(default_config("cervical.toml").read_text())
    data["data"]["n"] = n
    data["steps"] = {"zscore": {}, "univariate_filter": {"method": "welch", "max_features": 5},
                     **steps}
    return data


def test_an_svm_signature_is_platt_scaled(tmp_path):
    data = cervical_with({"binary_screen": {"combinations": ["SVM"], "checkpoint": False},
                          "roc": {}, "calibration": {"model": "binary_screen_prob"}})
    result = run_study(data, tmp_path, quiet=True)
    study = result.study
    prob = study.frame["binary_screen_prob"]
    assert prob.between(0, 1).all() and prob.nunique() > 10
    fitted = study.models["binary_screen_prob"]
    assert fitted.kind == "probability" and fitted.estimator.name == "SVM"
    assert "Platt scaling" in result.report.read_text()
    assert "No bootstrap calibration of binary_screen_prob" in result.report.read_text()
    table = pd.read_csv(tmp_path / "tables" / "binary_screen_table.csv")
    validation = table[table["cohort"] == "validation"]["auc"].iloc[0]
    assert result.results["auc"]["binary_screen_prob / validation"] == pytest.approx(validation)


@pytest.mark.parametrize("steps, message", [
    ({"binary_screen": {"columns": ["age", "stage"]}},
     r"steps.binary_screen: option 'columns' names column\(s\) \['stage'\] that the data lacks"),
    ({"binary_screen": {"name": "age"}}, r"option 'name': the data already has a column 'age'"),
    ({"models": {"specs": {"Age": ["age"]}}, "binary_screen": {"model": "Age"}},
     r"option 'model': a model named 'Age' is already fitted"),
    ({"binary_screen": {"combinations": ["LR", "Forest"]}},
     r"steps.binary_screen: .*unknown binary learner 'Forest'"),
    ({"binary_screen": {"combinations": ["LR"], "model": "LR"}, "nomogram": {"model": "LR"}},
     r"steps.nomogram: model 'LR' is a screened classifier's probability, which has no nomogram"),
])
def test_binary_screen_errors_name_the_step(tmp_path, steps, message):
    with pytest.raises(InputError, match=message):
        run_study(cervical_with(steps), tmp_path, quiet=True)


def test_binary_screen_needs_a_binary_outcome():
    data = ec_with_screen()
    data["steps"]["binary_screen"] = {}
    with pytest.raises(InputError, match=r"steps.binary_screen: step 'binary_screen' needs a "
                                         r"binary outcome"):
        load_config(data)


def test_screen_section_renders_in_chromium(screened, tmp_path):
    from tests.test_report_browser import CHECK_SCRIPT, _chromium, _run

    browser = _chromium()
    checked = tmp_path / "checked.html"
    checked.write_text(screened.report.read_text().replace("</body>", CHECK_SCRIPT + "</body>"))
    done = _run(browser, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom",
                checked.as_uri())
    found = re.search(r"<pre id=\"browser-check\">([^<]*)</pre>", done.stdout)
    assert found, done.stderr[-2000:]
    result = json.loads(found.group(1))
    assert result["images"] >= 1 and result["loaded"] == result["images"]    # the heat map
    assert result["broken"] == [] and result["overflow"] <= 0
    assert 'href="#step-screen"' in screened.report.read_text()
