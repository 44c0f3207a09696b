"""The binary screen: SMOTE inside training folds, grid search, AUC with DeLong CI."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from radstats.metrics import roc_auc
from radstats.screen import run_binary_screen
from radstats.screen.binary_learners import CORE, TunedClassifier, available, make_learner


def simulate(n, seed, rate=0.25):
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.normal(size=(n, 4)).round(4), columns=["a", "b", "c", "d"])
    cut = np.quantile(data["a"] + data["b"] + rng.normal(size=n), 1 - rate)
    data["y"] = (data["a"] + data["b"] + rng.normal(size=n) > cut).astype(int)
    return data


@pytest.fixture(scope="module")
def data():
    return simulate(90, 1), {"val": simulate(60, 2)}


def binary(data, combinations, **kwargs):
    kwargs.setdefault("random_state", 3)
    kwargs.setdefault("progress", False)
    return run_binary_screen(data[0], data[1], combinations=combinations, **kwargs)


def test_table_scores_and_refit(data):
    result = binary(data, ["LR", "NB", "LASSO-LR + KNN"])
    table = result.table
    assert list(table.columns) == ["model", "cohort", "auc", "auc_lower", "auc_upper",
                                   "n_features", "features", "status", "reason", "seconds"]
    assert (table["status"] == "ok").all()
    assert set(table["cohort"]) == {"apparent", "val"}
    lr = table[(table["model"] == "LR") & (table["cohort"] == "val")].iloc[0]
    model = result.refit("LR")
    expected = roc_auc(data[1]["val"]["y"], model.predict(data[1]["val"]), direction="<")
    assert lr["auc"] == expected.estimate and lr["auc_lower"] == expected.ci_lower
    assert lr["auc"] > 0.7
    combo = result.refit("LASSO-LR + KNN")
    assert set(combo.features_) <= {"a", "b", "c", "d"} and "a" in combo.features_
    assert model.coef_.index.tolist() == ["a", "b", "c", "d"]
    assert result.best() in {"LR", "NB", "LASSO-LR + KNN"}


def test_smote_sees_training_rows_only(data, monkeypatch):
    """SMOTE is fitted on the inner training part of each outer training fold only."""
    from imblearn.over_sampling import SMOTE

    train = data[0]
    calls = []
    original = SMOTE.fit_resample

    def spy(self, X, y):
        X_out, y_out = original(self, X, y)
        calls.append((len(X), len(X_out), int(np.sum(y_out)), len(y_out) - int(np.sum(y_out))))
        return X_out, y_out

    monkeypatch.setattr(SMOTE, "fit_resample", spy)
    result = run_binary_screen(train, combinations=["LR"], cv="kfold", n_splits=3,
                               random_state=1, progress=False)
    assert (result.table["status"] == "ok").all()
    # per fit: 5 inner folds x 5 values of C, then the refit on the whole training part
    per_fit = 5 * 5 + 1
    assert len(calls) == 4 * per_fit  # the full fit and 3 outer folds
    folds = result._screen.folds
    for fold, start in zip(folds, range(0, len(calls), per_fit)):
        block = calls[start:start + per_fit]
        assert max(n_in for n_in, *_ in block) == len(fold.train)  # never a held-out row
        assert block[-1][0] == len(fold.train)  # the refit saw exactly the training part
        assert all(cases == controls and n_out > n_in  # balanced by synthetic cases
                   for n_in, n_out, cases, controls in block)


def test_smote_can_be_switched_off_and_small_minorities_fail_readably(data):
    train = data[0]
    off = run_binary_screen(train, combinations=["LR"], smote=False, random_state=1,
                            progress=False)
    assert (off.table["status"] == "ok").all()
    tiny = train.assign(y=0)
    tiny.loc[:4, "y"] = 1  # 5 cases: 4 per inner training fold at most
    result = run_binary_screen(tiny, combinations=["LR"], inner_folds=5, random_state=1,
                               progress=False)
    assert (result.table["status"] == "ok").all()
    tiny.loc[2:4, "y"] = 0  # 2 cases
    failed = run_binary_screen(tiny, combinations=["LR"], random_state=1, progress=False)
    assert failed.table["status"].iloc[0] == "failed"
    assert "too few for SMOTE" in failed.table["reason"].iloc[0]


def test_n_jobs_invariance(data):
    one = binary(data, ["NB", "LR"], cv="kfold", n_splits=2, n_jobs=1)
    two = binary(data, ["NB", "LR"], cv="kfold", n_splits=2, n_jobs=2)
    pd.testing.assert_frame_equal(one.table.drop(columns="seconds"),
                                  two.table.drop(columns="seconds"))


def test_checkpoint_resume(data, tmp_path):
    first = binary(data, ["LR"], checkpoint=tmp_path)
    resumed = binary(data, ["LR", "NB"], checkpoint=tmp_path)
    pd.testing.assert_frame_equal(first.table, resumed.table.iloc[:2])
    assert len(list((tmp_path / "rows").glob("*.json"))) == 2


def test_single_class_cohort_is_skipped(data):
    train, cohorts = data
    result = binary((train, {"val": cohorts["val"], "controls": cohorts["val"].assign(y=0)}),
                    ["NB"])
    row = result.table.set_index("cohort").loc["controls"]
    assert row["status"] == "skipped" and "single class" in row["reason"]


@pytest.mark.parametrize("change, message", [
    (lambda t: t.assign(y=1), "single class"), (lambda t: t.assign(y=3), "must be 0/1"),
])
def test_bad_outcome(data, change, message):
    with pytest.raises(InputError, match=message):
        binary((change(data[0]), data[1]), ["LR"])


def test_unknown_and_non_selector_learners(data):
    with pytest.raises(InputError, match="unknown binary learner"):
        binary(data, ["Boosty"])
    with pytest.raises(InputError, match="RF is not a feature selector"):
        binary(data, ["RF + LR"])


def test_default_list_and_optional_learners():
    assert available()[:len(CORE)] == list(CORE)
    for name, module in (("XGBoost", "xgboost"), ("LightGBM", "lightgbm")):
        try:
            __import__(module)
        except ImportError:
            assert name not in available()
            with pytest.raises(InputError, match="not installed"):
                make_learner(name)
        else:
            assert isinstance(make_learner(name), TunedClassifier)
