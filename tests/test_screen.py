"""The survival screen's machinery, with stand-in learners (tests/screen_learners.py)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.metrics import concordance_index
from radstats.screen import (
    parse_combination, preset_names, register_learner, run_screen, unregister_learner,
)
from radstats.screen.combinations import resolve_combinations
from radstats.survival import CoxPH
from tests import screen_learners as sl

SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"
COLUMNS = ["model", "cohort", "c_index", "c_lower", "c_upper", "n_features", "features",
           "status", "reason", "seconds"]


@pytest.fixture(autouse=True)
def _reset_counts():
    sl.FITS.clear()


@pytest.fixture(scope="module")
def data():
    return sl.simulate(60, seed=1), {"val": sl.simulate(40, seed=2)}


def screen(data, combinations, **kwargs):
    train, cohorts = data
    kwargs.setdefault("learners", sl.learners())
    kwargs.setdefault("random_state", 7)
    kwargs.setdefault("progress", False)
    return run_screen(train, cohorts, combinations=combinations, **kwargs)


def rows(result, model):
    return result.table[result.table["model"] == model].set_index("cohort")


# -- combinations --------------------------------------------------------------------------

def test_presets_hold_exactly_the_published_names():
    irls = preset_names("irls101")
    assert len(irls) == 101 and len(set(irls)) == 101
    assert len(preset_names("mime117")) == 117
    if SHARED.exists():  # the shared reference lists, when this checkout has them
        assert irls == (SHARED / "combinations_101.txt").read_text().split("\n")[:101]
    assert [c.name for c in resolve_combinations("irls101")] == irls


def test_coxboost_star_is_coxboost_with_the_label_kept():
    c = parse_combination("StepCox[both] + CoxBoost*")
    assert (c.name, c.selector, c.learner) == ("StepCox[both] + CoxBoost*", "StepCox[both]",
                                               "CoxBoost")
    assert sum("CoxBoost*" in n for n in preset_names("irls101")) == 2


@pytest.mark.parametrize("text, name", [
    ("survival - SVM", "survival-SVM"), ("Enet[a=0.5]", "Enet[α=0.5]"),
    ("RSF  +  Enet[alpha = 0.1]", "RSF + Enet[α=0.1]"), ("Lasso + StepCox[forward]",
                                                         "Lasso + StepCox[forward]")])
def test_names_are_normalised(text, name):
    assert parse_combination(text).name == name


@pytest.mark.parametrize("bad, message", [
    ("A + B + C", "Selector \\+ Learner"), ("", "non-empty"), ("nope101", None)])
def test_bad_combination_names(bad, message):
    with pytest.raises(InputError, match=message or "unknown combination list"):
        resolve_combinations(bad if bad == "nope101" else [bad])


def test_duplicate_combinations_are_refused():
    with pytest.raises(InputError, match="more than once"):
        resolve_combinations(["Cox", "Cox"])


def test_unknown_learner_fails_before_fitting(data):
    with pytest.raises(InputError, match="Nope"):
        screen(data, ["Cox", "Top2 + Nope"])
    assert sl.FITS == {}


def test_registered_learner_is_used_and_removable(data):
    register_learner("MyCox", lambda random_state=None: sl.Cox(label="MyCox"))
    try:
        result = screen(data, ["MyCox"], learners=None)
    finally:
        unregister_learner("MyCox")
    assert (result.table["status"] == "ok").all() and sl.FITS["MyCox"] == 1
    with pytest.raises(InputError, match="MyCox"):
        unregister_learner("MyCox")


# -- the table -----------------------------------------------------------------------------

def test_every_combination_appears_with_a_status(data):
    result = screen(data, ["Cox", "Top2 + Cox", "Top1 + Cox", "Broken", "Top2 + Broken"])
    table = result.table
    assert list(table.columns) == COLUMNS
    assert list(table["model"].unique()) == ["Cox", "Top2 + Cox", "Top1 + Cox", "Broken",
                                             "Top2 + Broken"]
    assert set(table["cohort"]) == {"apparent", "val"}
    assert (rows(result, "Cox")["status"] == "ok").all()
    skipped = rows(result, "Top1 + Cox")
    assert (skipped["status"] == "skipped").all()
    assert skipped["reason"].str.contains("Top1 kept 1 feature").all()
    assert skipped["c_index"].isna().all()
    failed = rows(result, "Top2 + Broken")
    assert (failed["status"] == "failed").all()
    assert failed["reason"].str.contains("matrix is singular").all()
    assert rows(result, "Top2 + Cox")["features"].iloc[0] == "x1; x2"
    assert rows(result, "Top2 + Cox")["n_features"].iloc[0] == 2


def test_an_empty_model_is_skipped_not_failed(data):
    result = screen(data, ["Empty", "Empty + Cox"], cv="kfold", n_splits=3)
    table = result.table
    assert (table["status"] == "skipped").all()
    assert rows(result, "Empty")["reason"].str.contains("Empty kept 0 features").all()
    assert rows(result, "Empty + Cox")["reason"].str.contains(
        "selector Empty skipped: Empty kept 0 features").all()
    assert table["c_index"].isna().all()


def test_min_selected_one_lets_a_single_feature_through(data):
    result = screen(data, ["Top1 + Cox"], min_selected=1)
    assert (result.table["status"] == "ok").all()
    assert result.table["features"].iloc[0] == "x1"


def test_c_index_keeps_the_sign_and_mime_drops_it(data):
    result = screen(data, ["Cox", "Reversed"], mime_compatible=True)
    good, bad = rows(result, "Cox").loc["val"], rows(result, "Reversed").loc["val"]
    assert good["c_index"] > 0.6 and bad["c_index"] < 0.4
    assert bad["c_index"] == pytest.approx(1 - good["c_index"])
    assert good["c_index_mime"] == good["c_index"]
    assert bad["c_index_mime"] == pytest.approx(good["c_index"])  # Mime calls it just as good
    assert good["c_lower"] < good["c_index"] < good["c_upper"]
    assert result.best() == "Cox"


def test_cohort_scores_equal_the_metric_on_the_refitted_model(data):
    train, cohorts = data
    result = screen(data, ["Top2 + Cox", "Noisy"])
    for name in ("Top2 + Cox", "Noisy"):
        model = result.refit(name)
        risk = model.predict(cohorts["val"])
        c = concordance_index(cohorts["val"]["time"], cohorts["val"]["event"], risk).estimate
        assert rows(result, name).loc["val", "c_index"] == c
    refitted = result.refit("Top2 + Cox")
    assert refitted.features_ == ["x1", "x2"]
    assert list(refitted.coef_.index) == ["x1", "x2"] and refitted.coef_.notna().all()
    card = json.loads(refitted.to_json())
    assert card["combination"] == "Top2 + Cox" and card["features"] == ["x1", "x2"]
    assert set(card["coefficients"]) == {"x1", "x2"}


def test_ranking_and_best(data):
    result = screen(data, ["Cox", "Reversed", "Broken"], cv="kfold", n_splits=3)
    ranking = result.ranking
    assert list(ranking["model"]) == ["Cox", "Reversed", "Broken"]
    assert ranking.loc[1, "n_scored"] == 2 and ranking.loc[3, "n_scored"] == 0
    expected = rows(result, "Cox").loc[["kfold", "val"], "c_index"].mean()
    assert ranking.loc[1, "mean_c_index"] == pytest.approx(expected)
    assert result.best() == "Cox"
    with pytest.raises(InputError, match="not a model"):
        result.refit("Nope")


def test_best_needs_a_validation_score(data):
    result = run_screen(data[0], combinations=["Cox"], learners=sl.learners(), progress=False)
    with pytest.raises(InputError, match="no model has a validation score"):
        result.best()


# -- cross-validation ----------------------------------------------------------------------

def test_loocv_refits_without_each_patient_and_pools_the_risks(data):
    train, _ = data
    train = train.iloc[:25]
    result = run_screen(train, combinations=["Cox"], cv="loocv", learners=sl.learners(),
                        random_state=1, progress=False)
    features = [c for c in train.columns if c.startswith("x")]
    pooled = np.empty(len(train))
    for i in range(len(train)):
        rest = train.drop(index=train.index[i])
        fit = CoxPH().fit(rest[features], Surv(rest["time"], rest["event"]))
        pooled[i] = fit.predict(train.iloc[[i]][features])[0]
    expected = concordance_index(train["time"], train["event"], pooled).estimate
    assert rows(result, "Cox").loc["loocv", "c_index"] == pytest.approx(expected, abs=1e-12)
    assert sl.FITS["Cox"] == len(train) + 1  # every fold plus the full fit


def test_selector_is_fitted_once_per_fold_and_reused(data):
    train, cohorts = data
    combos = ["Top2", "Top2 + Cox", "Top2 + Noisy", "Top2 + Reversed"]
    screen(data, combos)
    assert sl.FITS["Top2"] == 1  # one fold: the full fit
    assert sl.FITS["Cox"] == 1 and sl.FITS["Reversed"] == 1
    sl.FITS.clear()
    screen((train.iloc[:20], cohorts), combos, cv="loocv")
    assert sl.FITS["Top2"] == 21
    assert sl.FITS["Cox"] == 21


def test_kfold_is_stratified_and_repeated(data):
    result = screen(data, ["Cox"], cv="kfold", n_splits=4, n_repeats=3)
    screen_obj = result._screen
    cv_folds = [f for f in screen_obj.folds if f.tag]
    assert len(cv_folds) == 12
    event = data[0]["event"].to_numpy()
    for repeat in range(3):
        tests = np.concatenate([f.test for f in cv_folds if f.repeat == repeat])
        assert sorted(tests) == list(range(len(event)))  # each patient predicted once per repeat
    shares = [event[f.test].mean() for f in cv_folds]
    assert max(shares) - min(shares) < 0.15


def test_a_fold_failure_is_reported_on_the_cv_row_only(data):
    train, cohorts = data

    class FailsSmall(sl.Cox):
        def fit(self, X, y):
            if len(X) < len(train):
                raise ValueError("too few rows")
            return super().fit(X, y)

    result = screen(data, ["Fails"], cv="kfold", n_splits=3,
                    learners={"Fails": lambda random_state=None: FailsSmall()})
    table = rows(result, "Fails")
    assert table.loc["kfold", "status"] == "failed"
    assert "failed in 3 of 3 folds" in table.loc["kfold", "reason"]
    assert "too few rows" in table.loc["kfold", "reason"]
    assert table.loc["val", "status"] == "ok"


def test_a_failed_fold_outranks_skipped_ones_in_the_reason(data):
    from radstats.screen import EmptyModelError

    class Mixed(sl.Cox):
        def fit(self, X, y):
            if len(X) < len(data[0]):  # CV folds: empty when training on row 0, else failed
                if X.index.min() == 0:
                    raise EmptyModelError("kept 0 features (stand-in)")
                raise ValueError("singular (stand-in)")
            return super().fit(X, y)

    result = screen(data, ["Mixed"], cv="kfold", n_splits=3,
                    learners={"Mixed": lambda random_state=None: Mixed()})
    reason = rows(result, "Mixed").loc["kfold", "reason"]
    assert rows(result, "Mixed").loc["kfold", "status"] == "failed"
    assert reason.startswith("failed in 1 of 3 folds; skipped in 2 more (first: fold")
    assert "singular (stand-in)" in reason


# -- determinism and parallelism -----------------------------------------------------------

def test_same_seed_same_table_and_subsets_agree(data):
    first = screen(data, ["Noisy", "Top2 + Noisy", "Cox"]).table.drop(columns="seconds")
    again = screen(data, ["Noisy", "Top2 + Noisy", "Cox"]).table.drop(columns="seconds")
    pd.testing.assert_frame_equal(first, again)
    alone = screen(data, ["Top2 + Noisy"]).table.drop(columns="seconds")
    pd.testing.assert_frame_equal(alone, first[first["model"] == "Top2 + Noisy"]
                                  .reset_index(drop=True))
    other = screen(data, ["Noisy"], random_state=8).table
    assert not np.allclose(other["c_index"], first[first["model"] == "Noisy"]["c_index"])


def test_tables_do_not_depend_on_n_jobs(data):
    combos = ["Noisy", "Top2 + Noisy", "Top2 + Cox", "Broken"]
    one = screen(data, combos, cv="kfold", n_splits=3, n_jobs=1).table.drop(columns="seconds")
    two = screen(data, combos, cv="kfold", n_splits=3, n_jobs=2).table.drop(columns="seconds")
    pd.testing.assert_frame_equal(one, two)


def test_tables_do_not_depend_on_a_dask_backend(data, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from joblib import parallel_config

    # rpy2 (the live R tests) prepends system libraries to LD_LIBRARY_PATH, which
    # breaks freshly spawned Python workers: start them with the path unset
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)

    combos = ["Noisy", "Top2 + Noisy", "Broken"]
    one = screen(data, combos, cv="kfold", n_splits=3).table.drop(columns="seconds")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client, parallel_config(backend="dask"):
        on_dask = screen(data, combos, cv="kfold", n_splits=3, n_jobs=-1)
        assert client.run(lambda: True)  # the workers were up
    pd.testing.assert_frame_equal(one, on_dask.table.drop(columns="seconds"))


# -- checkpoints ---------------------------------------------------------------------------

def test_interrupted_screen_resumes_without_redoing_finished_work(data, tmp_path):
    combos = ["Cox", "Top2 + Cox", "Top2 + Late"]
    path = tmp_path / "ckpt"
    late = sl.Interrupting(after=1, label="Late")
    with pytest.raises(KeyboardInterrupt):
        screen(data, combos, checkpoint=path, learners=sl.learners(Late=late))
    assert sl.FITS["Cox"] == 2 and sl.FITS["Top2"] == 1  # Cox alone and after Top2
    assert len(list((path / "rows").glob("*.json"))) == 2
    assert not list(path.rglob(".tmp-*"))
    sl.FITS.clear()
    resumed = screen(data, combos, checkpoint=path,
                     learners=sl.learners(Late=sl.Cox(label="Late")))
    assert sl.FITS == {"Late": 1}  # only the unfinished one; Top2's selection was reloaded
    fresh = screen(data, combos, learners=sl.learners(Late=sl.Cox(label="Late")))
    pd.testing.assert_frame_equal(resumed.table.drop(columns="seconds"),
                                  fresh.table.drop(columns="seconds"))


def test_checkpoint_refuses_other_data(data, tmp_path):
    screen(data, ["Cox"], checkpoint=tmp_path)
    train, cohorts = data
    changed = train.copy()
    changed.loc[0, "x1"] += 1
    with pytest.raises(InputError, match="differs in: data"):
        screen((changed, cohorts), ["Cox"], checkpoint=tmp_path)
    with pytest.raises(InputError, match="cv"):
        screen(data, ["Cox"], checkpoint=tmp_path, cv="kfold")


def test_checkpoint_keeps_the_entropy_of_an_unseeded_screen(data, tmp_path):
    first = screen(data, ["Noisy"], random_state=None, checkpoint=tmp_path)
    again = screen(data, ["Noisy", "Top2 + Noisy"], random_state=None, checkpoint=tmp_path)
    assert again.meta["entropy"] == first.meta["entropy"]
    pd.testing.assert_frame_equal(first.table, again.table[again.table["model"] == "Noisy"])


def test_progress_bar_counts_combinations(data, capsys):
    screen(data, ["Cox", "Top2 + Cox", "Broken"], progress=True)
    assert "3/3" in capsys.readouterr().out


# -- bad input -----------------------------------------------------------------------------

def test_missing_feature_in_a_cohort_is_named_not_filled(data):
    train, cohorts = data
    with pytest.raises(InputError, match=r"cohort 'val' lacks feature column\(s\) \['x3'\]"):
        screen((train, {"val": cohorts["val"].drop(columns="x3")}), ["Cox"])


def test_nan_is_named_by_column_and_row(data):
    train, cohorts = data
    broken = cohorts["val"].copy()
    broken.loc[5, "x2"] = np.nan
    with pytest.raises(InputError, match=r"cohort 'val'.*'x2'.*row 5"):
        screen((train, {"val": broken}), ["Cox"])
    with pytest.raises(InputError, match="`train`.*'x4'"):
        train2 = train.copy()
        train2.loc[3, "x4"] = np.nan
        screen((train2, cohorts), ["Cox"])


def test_cohort_without_events_is_skipped_with_a_reason(data):
    train, cohorts = data
    quiet = cohorts["val"].assign(event=0)
    result = screen((train, {"val": cohorts["val"], "quiet": quiet}), ["Cox"])
    table = rows(result, "Cox")
    assert table.loc["quiet", "status"] == "skipped"
    assert "no events" in table.loc["quiet", "reason"]
    assert table.loc["val", "status"] == "ok"


@pytest.mark.parametrize("change, message", [
    (lambda t: t.assign(event=0), "no events"),
    (lambda t: t.assign(event=2), "must be 0/1"),
    (lambda t: t.assign(x1="a"), "not numeric"),
])
def test_bad_training_data(data, change, message):
    with pytest.raises(InputError, match=message):
        screen((change(data[0]), data[1]), ["Cox"])


@pytest.mark.parametrize("kwargs, message", [
    ({"cv": "bootstrap"}, "`cv` must be one of"), ({"n_splits": 1, "cv": "kfold"}, "n_splits"),
    ({"min_selected": 0}, "min_selected"), ({"random_state": -1}, "random_state"),
    ({"features": ["x1", "zz"]}, "no feature column"), ({"conf_level": 1.5}, "conf_level"),
])
def test_bad_settings(data, kwargs, message):
    with pytest.raises(InputError, match=message):
        screen(data, ["Cox"], **kwargs)


def test_reserved_cohort_names(data):
    with pytest.raises(InputError, match="reserved"):
        screen((data[0], {"apparent": data[1]["val"]}), ["Cox"])


def test_heatmap_ranks_models_and_greys_unscored_cells(data, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    result = screen(data, ["Reversed", "Cox", "Top1 + Cox"], cv="kfold", n_splits=3)
    display = result.plot_heatmap()
    labels = [t.get_text() for t in display.ax_.get_yticklabels()]
    assert labels == ["Cox", "Reversed", "Top1 + Cox"]
    assert [t.get_text() for t in display.ax_.get_xticklabels()] == ["kfold", "apparent", "val"]
    assert display.image_.get_array().mask[2].all()  # skipped: no colour
    assert display.mean_bars_[0].get_width() == pytest.approx(result.ranking.loc[1, "mean_c_index"])
    assert display.mean_ax_.get_xlabel() == "Mean C-index\n(validation)"
    assert [t.get_text() for t in display.ax_.texts if t.get_text() == "–"] == ["–"] * 3
    assert display.savefig(tmp_path / "heat.png").stat().st_size > 10_000


def test_timings_name_each_stage(data):
    result = screen(data, ["Cox", "Top2 + Cox", "Top1 + Cox"])
    timings = result.timings
    assert set(zip(timings["stage"], timings["name"])) == {
        ("stage1", "Cox"), ("stage1", "Top2"), ("stage1", "Top1"), ("stage2", "Top2 + Cox"),
        ("stage2", "Top1 + Cox")}
    assert (timings[["seconds", "cpu_seconds"]] >= 0).all().all()
    assert timings["seconds"].is_monotonic_decreasing


def test_learner_warnings_are_reported_not_printed(data, recwarn):
    result = screen(data, ["Warns", "Cox"], cv="kfold", n_splits=3,
                    learners=sl.learners(Warns=sl.Warning_(label="Warns")))
    table = rows(result, "Warns")
    assert (table["status"] == "ok").all()
    assert "RuntimeWarning: did not converge (stand-in)" in table.loc["val", "reason"]
    assert table.loc["kfold", "reason"].startswith("warnings in 3 of 3 folds")
    assert (rows(result, "Cox")["reason"] == "").all()
    assert not [w for w in recwarn if "stand-in" in str(w.message)]


def test_built_in_learners_through_the_screen():
    """The real learners (radstats.screen.learners) under their irls101 names."""
    train, val = sl.simulate(70, seed=5, p=6), sl.simulate(40, seed=6, p=6)
    combos = ["Lasso", "Lasso + StepCox[backward]", "StepCox[both] + CoxBoost*",
              "StepCox[forward]"]
    result = run_screen(train, {"val": val}, combinations=combos, random_state=3,
                        progress=False)
    table = result.table
    assert list(table["model"].unique()) == combos
    assert (table["status"] == "ok").all(), table[["model", "reason"]]
    forward = rows(result, "StepCox[forward]").iloc[0]
    assert 0 < forward["n_features"] < 6  # forward from the empty model, not everything
    assert (table.loc[table["cohort"] == "val", "c_index"] > 0.6).all()
    with pytest.raises(InputError, match="GBM is not a feature selector"):
        run_screen(train, combinations=["GBM + Lasso"], progress=False)


@pytest.mark.parametrize("preset, n", [("irls101", 101), ("mime117", 117)])
def test_every_preset_name_resolves_to_built_in_learners(preset, n):
    from radstats.screen.registry import build_factories

    combinations, factories = build_factories(preset, "survival")
    assert len(combinations) == n
    assert {"RSF", "Lasso", "CoxBoost", "StepCox[both]", "survival-SVM"} <= set(factories)
    assert "CoxBoost*" not in factories  # the starred label fits CoxBoost
