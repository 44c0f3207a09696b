"""stepwise(direction="forward") checks each model it visits, so it runs where the
full model cannot be fitted (more columns than rows, collinear columns)."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.datasets import load_lung
from radstats.selection import stepwise
from radstats.survival import CoxPH


@pytest.fixture(scope="module")
def lung():
    data = load_lung().dropna()
    X = data[["age", "sex", "ph.ecog", "wt.loss"]].astype(float)
    return X, Surv(data["time"], data["status"] == 2)


def test_forward_never_adds_an_aliased_copy(lung):
    X, y = lung
    plain = stepwise(CoxPH(), X, y, direction="forward")
    with_copy = stepwise(CoxPH(), X.assign(ecog_copy=X["ph.ecog"] * 2), y, direction="forward")
    assert with_copy.selected == plain.selected
    assert with_copy.aic == pytest.approx(plain.aic, rel=1e-12)


def test_backward_still_names_collinear_columns(lung):
    X, y = lung
    with pytest.raises(InputError, match="collinear"):
        stepwise(CoxPH(), X.assign(ecog_copy=X["ph.ecog"] * 2), y, direction="backward")


def test_forward_runs_with_more_columns_than_rows():
    rng = np.random.default_rng(2)
    X = pd.DataFrame(rng.normal(size=(40, 70)), columns=[f"v{j}" for j in range(70)])
    y = Surv(rng.exponential(np.exp(-2 * X["v3"].to_numpy())), np.ones(40))
    result = stepwise(CoxPH(), X, y, direction="forward")
    assert result.selected[0] == "v3"
    assert np.isfinite(result.path["aic"]).all() and result.path["aic"].is_monotonic_decreasing


def test_forward_still_rejects_a_constant_column(lung):
    X, y = lung
    with pytest.raises(InputError, match=r"\['k'\] are constant"):
        stepwise(CoxPH(), X.assign(k=1.0), y, direction="forward")


def test_forward_never_takes_a_model_whose_fit_broke_down(lung, monkeypatch):
    X, y = lung
    chosen = stepwise(CoxPH(), X, y, direction="forward").selected[0]
    original = CoxPH._subset_loglik

    def broken_with_first_choice(self, matrix, y):
        # every fit that the first pick's column enters breaks down (a non-finite loglik)
        loglik = original(self, matrix, y)
        first = X.columns.get_loc(chosen)
        return lambda columns: (np.nan, 0.0) if first in columns else loglik(columns)

    monkeypatch.setattr(CoxPH, "_subset_loglik", broken_with_first_choice)
    result = stepwise(CoxPH(), X, y, direction="forward")
    assert chosen not in result.selected and result.selected
