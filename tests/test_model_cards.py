"""Model cards: readable JSON that reloads without pickle and predicts identically."""

import json

import numpy as np
import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.datasets import load_veteran
from radstats.logistic import Logit
from radstats.survival import CoxPH


@pytest.fixture(scope="module")
def veteran():
    data = load_veteran()
    return data[["trt", "celltype", "karno", "age"]], data


def test_cox_card_round_trips_predictions_and_inference(veteran, tmp_path):
    X, data = veteran
    fit = CoxPH(ties="breslow").fit(X, Surv(data["time"], data["status"]))
    path = tmp_path / "cox.json"
    fit.to_json(path)
    card = json.loads(path.read_text())
    assert card["terms"] == ["trt", "celltypesmallcell", "celltypeadeno", "celltypelarge",
                             "karno", "age"]
    assert card["columns"][1] == {"name": "celltype",
                                  "levels": ["squamous", "smallcell", "adeno", "large"]}
    assert "ties = \"breslow\"" in card["r_call"]

    again = CoxPH.from_json(path)
    np.testing.assert_array_equal(again.predict(X), fit.predict(X))
    pd.testing.assert_frame_equal(again.predict_survival(X.head(5), [30, 90, 365]),
                                  fit.predict_survival(X.head(5), [30, 90, 365]))
    pd.testing.assert_frame_equal(again.summary(), fit.summary())
    assert again.lr_test_.pvalue == fit.lr_test_.pvalue


def test_logit_card_round_trips(veteran):
    X, data = veteran
    y = (data["time"] < 100).astype(int)
    fit = Logit().fit(X, y)
    again = Logit.from_json(fit.to_json())
    np.testing.assert_array_equal(again.predict_proba(X), fit.predict_proba(X))
    pd.testing.assert_frame_equal(again.summary(), fit.summary())
    assert again.aic_ == pytest.approx(fit.aic_, rel=1e-15)


def test_cards_reject_other_models_and_foreign_json(veteran, tmp_path):
    X, data = veteran
    card = Logit().fit(X[["karno"]], (data["time"] < 100).astype(int)).to_json()
    with pytest.raises(InputError, match="describes a 'Logit' model, not 'CoxPH'"):
        CoxPH.from_json(card)
    with pytest.raises(InputError, match="not a radstats model card"):
        Logit.from_json('{"model": "Logit"}')
    with pytest.raises(InputError, match="invalid JSON"):
        Logit.from_json("{not json")
    with pytest.raises(InputError, match="does not exist"):
        Logit.from_json(tmp_path / "missing.json")


def test_a_loaded_card_names_unseen_levels(veteran):
    X, data = veteran
    fit = CoxPH.from_json(CoxPH().fit(X, Surv(data["time"], data["status"])).to_json())
    with pytest.raises(InputError, match=r"'celltype' has level\(s\) \['oat'\] not seen"):
        fit.predict(X.head(1).assign(celltype="oat"))


def test_nomogram_card_round_trips_points_and_read_outs(veteran, tmp_path):
    from radstats.nomogram import Nomogram

    X, data = veteran
    for fit in (CoxPH().fit(X, Surv(data["time"], data["status"])),
                Logit().fit(X, (data["time"] < 100).astype(int))):
        nom = Nomogram.from_model(fit, X)
        path = tmp_path / "nomogram.json"
        nom.to_json(path)
        card = json.loads(path.read_text())
        assert card["kind"] == type(fit).__name__ and "rms::nomogram(fit" in card["r_call"]
        assert card["axes"]["celltype"]["value"] == ["squamous", "smallcell", "adeno", "large"]
        assert card["fitted_model"]["terms"][-2:] == ["karno", "age"]
        again = Nomogram.from_json(path)
        for name, axis in nom.axes.items():
            pd.testing.assert_frame_equal(again.axes[name], axis)
        total = nom.total_points(X)
        np.testing.assert_array_equal(again.total_points(X), total)
        if isinstance(fit, CoxPH):
            pd.testing.assert_frame_equal(again.predict(total, times=[90, 180]),
                                          nom.predict(total, times=[90, 180]))
        else:
            np.testing.assert_array_equal(again.predict(total), nom.predict(total))
        assert repr(again) == repr(nom)
    with pytest.raises(InputError, match="describes a 'Logit' model, not 'Nomogram'"):
        Nomogram.from_json(fit.to_json())


def test_every_card_names_its_r_call_and_radstats_version(veteran):
    from radstats import __version__
    from radstats.nomogram import Nomogram
    from radstats.selection import RiskScore

    X, data = veteran
    cox = CoxPH().fit(X, Surv(data["time"], data["status"]))
    score = RiskScore({"karno": -0.03, "age": 0.01}).fit(X)
    cards = [cox.to_json(), Logit().fit(X, (data["time"] < 100).astype(int)).to_json(),
             score.to_json(), Nomogram.from_model(cox, X).to_json()]
    for text in cards:
        card = json.loads(text)
        assert card["radstats_version"] == __version__ and card["r_call"]
    risk = json.loads(cards[2])
    assert risk["cutoff"] == score.cutoff_
    assert risk["r_call"] == (f"score <- with(d, 0.0 + -0.03 * `karno` + 0.01 * `age`); "
                              f"ifelse(score > {score.cutoff_!r}, 'high', 'low')")
    again = RiskScore.from_json(cards[2])
    assert again.predict(X).tolist() == score.predict(X).tolist()
    numpy_made = RiskScore({"karno": np.float64(-0.03)}, intercept=np.float64(0.5)).fit(X)
    assert json.loads(numpy_made.to_json())["r_call"].startswith(
        "score <- with(d, 0.5 + -0.03 * `karno`); ifelse(score > ")
    assert "np." not in json.loads(numpy_made.to_json())["r_call"]  # R can run it
