"""Nomogram read-outs agree with the model's own predictions; bad input is named."""

import numpy as np
import pytest

from radstats import InputError, Surv
from radstats.datasets import load_veteran
from radstats.logistic import Logit
from radstats.nomogram import Nomogram
from radstats.survival import CoxPH


@pytest.fixture(scope="module")
def veteran():
    data = load_veteran()
    return data[["trt", "celltype", "karno", "age"]], data


def test_cox_nomogram_reads_out_the_model_survival(veteran):
    X, data = veteran
    fit = CoxPH().fit(X, Surv(data["time"], data["status"]))
    nom = Nomogram.from_model(fit, X)
    assert max(axis["points"].max() for axis in nom.axes.values()) == pytest.approx(100)
    total = nom.total_points(X.head(6))
    np.testing.assert_allclose(nom.linear_predictor(total), fit.predict(X.head(6)), rtol=1e-10)
    read = nom.predict(total, times=[30, 90, 180])
    np.testing.assert_allclose(read.to_numpy(),
                               fit.predict_survival(X.head(6), [30, 90, 180]).to_numpy(), rtol=1e-10)
    events = nom.predict(total, times=[90], kind="event")
    np.testing.assert_allclose(events[90.0], 1 - read[90.0])


def test_logit_nomogram_reads_out_the_model_probability(veteran):
    X, data = veteran
    fit = Logit().fit(X, (data["time"] < 100).astype(int))
    nom = Nomogram.from_model(fit, X)
    np.testing.assert_allclose(nom.predict(nom.total_points(X)), fit.predict_proba(X), rtol=1e-10)


def test_nomogram_names_bad_input(veteran):
    X, data = veteran
    fit = CoxPH().fit(X, Surv(data["time"], data["status"]))
    nom = Nomogram.from_model(fit, X)
    with pytest.raises(InputError, match="'stage' is not a predictor"):
        nom.points("stage", [1])
    with pytest.raises(InputError, match=r"'celltype' has no level\(s\) \['oat'\]"):
        nom.points("celltype", ["oat"])
    with pytest.raises(InputError, match="needs `times`"):
        nom.predict([50.0])
    with pytest.raises(InputError, match="lacks the model's column 'karno'"):
        Nomogram.from_model(fit, X.drop(columns="karno"))
    with pytest.raises(InputError, match="needs a fitted CoxPH or Logit"):
        Nomogram.from_model(CoxPH(), X)
