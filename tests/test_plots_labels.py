"""Display names on nomogram rows, and forest-plot text columns as wide as their text."""


import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.datasets import load_veteran
from radstats.nomogram import Nomogram
from radstats.plots import ForestPlotDisplay, NomogramDisplay
from radstats.survival import CoxPH


def test_nomogram_rows_take_display_names():
    data = load_veteran()
    X = data[["karno", "age"]]
    nom = Nomogram.from_model(CoxPH().fit(X, Surv(data["time"], data["status"])), X)
    display = NomogramDisplay(nom, times=[90], names={"karno": "Karnofsky score"}).plot()
    assert list(display.rows_)[:3] == ["Points", "Karnofsky score", "age"]
    texts = {t.get_text() for t in display.ax_.texts}
    assert "Karnofsky score" in texts and "karno" not in texts
    with pytest.raises(InputError, match=r"`names` names \['stage'\], which are not predictors"):
        NomogramDisplay(nom, times=[90], names={"stage": "Stage"})


def test_forest_ratio_column_widens_for_long_intervals():
    table = pd.DataFrame({"hr": [1.5, 707.23], "hr_lower": [1.1, 27.96],
                          "hr_upper": [2.1, 17889.59], "p": [0.01, 0.0001]},
                         index=["age", "score"])
    display = ForestPlotDisplay.from_table(table)
    display.figure_.canvas.draw()
    renderer = display.figure_.canvas.get_renderer()
    texts = {t.get_text(): t.get_window_extent(renderer) for t in display.ax_.texts}
    ratio, p = texts["707.23 (27.96-17889.59)"], texts["<0.001"]
    assert ratio.x1 < p.x0                  # the p-value starts after the ratio's text ends
