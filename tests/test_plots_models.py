"""Nomogram and forest-plot figures draw the numbers of the parity-tested
Nomogram and univariable/multivariable tables, at the right places."""


import matplotlib.pyplot as plt
import numpy as np
import pytest

from radstats import InputError, Surv
from radstats.datasets import load_veteran
from radstats.logistic import Logit
from radstats.nomogram import Nomogram
from radstats.plots import ForestPlotDisplay, NomogramDisplay
from radstats.plots.forest import _log_ticks
from radstats.selection import multivariable, univariate_table
from radstats.survival import CoxPH


@pytest.fixture(scope="module")
def veteran():
    data = load_veteran()
    return data[["trt", "celltype", "karno", "age"]], data


@pytest.fixture(scope="module")
def cox_nomogram(veteran):
    X, data = veteran
    return Nomogram.from_model(CoxPH().fit(X, Surv(data["time"], data["status"])), X)


@pytest.fixture(scope="module")
def logit_nomogram(veteran):
    X, data = veteran
    return Nomogram.from_model(Logit().fit(X, (data["time"] < 100).astype(int)), X)


def check_predictor_rows(display, nomogram):
    points = display.rows_["Points"]
    assert points["position"].min() == 0 and points["position"].max() == 100
    np.testing.assert_allclose(np.diff(points["position"]), 10)
    for name, axis in nomogram.axes.items():
        row = display.rows_[name]
        np.testing.assert_allclose(row["position"].to_numpy(float), axis["points"].to_numpy(float))
        assert row["value"].tolist() == axis["value"].tolist()
    total = display.rows_["Total Points"]["position"]
    top = sum(axis["points"].max() for axis in nomogram.axes.values())
    assert total.min() == 0 and total.max() >= top
    assert display.total_range_ == pytest.approx((0, top))


def test_logit_nomogram_ticks_read_back_their_probability(logit_nomogram):
    display = NomogramDisplay(logit_nomogram).plot()
    check_predictor_rows(display, logit_nomogram)
    probability = display.rows_["Probability of event"]
    assert len(probability) >= 5
    np.testing.assert_allclose(logit_nomogram.predict(probability["position"]),
                               probability["value"], rtol=1e-8)
    assert set(probability["value"]) <= {0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7,
                                         0.8, 0.9, 0.95, 0.99, 0.999}
    lp = display.rows_["Linear Predictor"]
    np.testing.assert_allclose(logit_nomogram.linear_predictor(lp["position"]), lp["value"],
                               atol=1e-10)
    for row in ("Linear Predictor", "Probability of event"):
        positions = display.rows_[row]["position"]
        assert positions.min() >= 0 and positions.max() <= display.total_range_[1] + 1e-9
    assert "Probability of event" in [t.get_text() for t in display.ax_.texts]


def test_cox_nomogram_ticks_read_back_their_survival(cox_nomogram):
    display = cox_nomogram.plot(times=[90, 180], labels={180: "6-month survival probability"})
    assert isinstance(display, NomogramDisplay)
    check_predictor_rows(display, cox_nomogram)
    assert list(display.rows_)[-2:] == ["Survival probability at t=90",
                                        "6-month survival probability"]
    for time, row in ((90, "Survival probability at t=90"), (180, "6-month survival probability")):
        ticks = display.rows_[row]
        assert len(ticks) >= 5
        read = cox_nomogram.predict(ticks["position"], times=[time])[float(time)]
        np.testing.assert_allclose(read.to_numpy(), ticks["value"], rtol=1e-8)


def test_cox_nomogram_event_probabilities(cox_nomogram):
    display = NomogramDisplay(cox_nomogram, times=[180], kind="event").plot()
    ticks = display.rows_["Event probability at t=180"]
    read = cox_nomogram.predict(ticks["position"], times=[180], kind="event")[180.0]
    np.testing.assert_allclose(read.to_numpy(), ticks["value"], rtol=1e-8)


def test_crowded_labels_are_staggered_or_thinned(cox_nomogram, logit_nomogram):
    display = logit_nomogram.plot()
    # adeno and smallcell are 4.6 points apart: their labels would collide
    celltype = display.rows_["celltype"].set_index("value")
    assert celltype.loc["adeno", "side"] != celltype.loc["smallcell", "side"]
    assert (celltype["label"] == celltype.index).all()
    # age spans 5 points: only some of its 12 ticks are labelled, all are drawn
    age = display.rows_["age"]
    assert len(age) == 12 and 2 <= (age["label"] != "").sum() < 12
    assert (display.rows_["karno"]["label"] == ["10", "20", "30", "40", "50", "60", "70", "80",
                                                 "90", "100"]).all()


def test_nomogram_draws_on_a_given_axes(logit_nomogram):
    fig, ax = plt.subplots(figsize=(9, 6))
    display = NomogramDisplay(logit_nomogram).plot(ax=ax)
    assert display.ax_ is ax and display.figure_ is fig and not ax.axison


def veteran_tables(veteran):
    X, data = veteran
    y = Surv(data["time"], data["status"])
    return univariate_table(X, y), multivariable(X, y)


def test_forest_plot_of_a_univariate_table(veteran):
    table, _ = veteran_tables(veteran)
    display = ForestPlotDisplay.from_table(table)
    rows = display.rows_.set_index("term")
    assert list(rows.index) == list(table.index)
    for column, source in (("ratio", "hr"), ("lower", "hr_lower"), ("upper", "hr_upper"),
                           ("p", "p")):
        np.testing.assert_allclose(rows[column], table[source])
    assert rows.loc["karno", "text"] == (f"{table.loc['karno', 'hr']:.2f} "
                                         f"({table.loc['karno', 'hr_lower']:.2f}-"
                                         f"{table.loc['karno', 'hr_upper']:.2f})")
    assert rows.loc["karno", "p_text"] == "<0.001"
    assert rows.loc["trt", "p_text"] == f"{table.loc['trt', 'p']:.3f}"
    texts = [t.get_text() for t in display.ax_.texts]
    assert "HR (95% CI)" in texts and rows.loc["celltypeadeno", "text"] in texts
    assert display.ax_.get_xscale() == "log"
    assert tuple(display.reference_line_.get_xdata()) == (1, 1)
    assert display.ax_.get_legend() is None


def test_forest_plot_of_a_multivariable_table(veteran):
    _, result = veteran_tables(veteran)
    display = ForestPlotDisplay.from_table(result.table, ratio=result.meta["ratio"])
    rows = display.rows_
    table = result.table
    multi = rows[rows["estimate"] == "multi"].set_index("term")
    uni = rows[rows["estimate"] == "uni"].set_index("term")
    assert list(uni.index) == list(table.index)
    assert list(multi.index) == list(table.index[table["multi_ratio"].notna()])
    assert "trt" not in multi.index and "age" not in multi.index
    np.testing.assert_allclose(multi["ratio"], table.loc[multi.index, "multi_ratio"])
    np.testing.assert_allclose(multi["upper"], table.loc[multi.index, "multi_upper"])
    np.testing.assert_allclose(uni["lower"], table["uni_lower"])
    assert (multi["y"] - uni.loc[multi.index, "y"] > 0).all()   # offset: two points per term
    legend = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert legend == ["Univariable", "Multivariable"]
    texts = [t.get_text() for t in display.ax_.texts]
    assert "Multivariable\nHR (95% CI)" in texts and multi.loc["karno", "text"] in texts
    # the result itself works too, and supplies the ratio's name
    only = ForestPlotDisplay.from_table(result, columns=("multi",))
    assert set(only.rows_["estimate"]) == {"multi"} and "Multivariable\nHR (95% CI)" in [
        t.get_text() for t in only.ax_.texts]


def test_savefig_writes_each_format(tmp_path, cox_nomogram, veteran):
    table, _ = veteran_tables(veteran)
    displays = {"nomogram": NomogramDisplay(cox_nomogram, times=[180]),
                "forest": ForestPlotDisplay.from_table(table)}
    for name, display in displays.items():
        for suffix in (".png", ".pdf", ".svg"):
            path = display.savefig(tmp_path / f"{name}{suffix}", dpi=72)
            assert path.exists() and path.stat().st_size > 1000
    assert (tmp_path / "nomogram.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "forest.pdf").read_bytes()[:4] == b"%PDF"
    with pytest.raises(InputError, match="unknown suffix '.jpg'"):
        displays["forest"].savefig(tmp_path / "forest.jpg")


def test_bad_input_is_named(cox_nomogram, logit_nomogram, veteran):
    with pytest.raises(InputError, match="needs `times`"):
        NomogramDisplay(cox_nomogram)
    with pytest.raises(InputError, match="needs `times`"):
        cox_nomogram.plot()
    with pytest.raises(InputError, match="`kind` must be"):
        NomogramDisplay(cox_nomogram, times=[90], kind="hazard")
    with pytest.raises(InputError, match=r"names time\(s\) \[365\]"):
        NomogramDisplay(cox_nomogram, times=[90], labels={365: "1-year"})
    with pytest.raises(InputError, match="Cox nomograms only"):
        NomogramDisplay(logit_nomogram, times=[90])
    with pytest.raises(InputError, match="must be a Nomogram"):
        NomogramDisplay("nomogram")
    with pytest.raises(InputError, match="`ax` must be a matplotlib Axes"):
        NomogramDisplay(logit_nomogram).plot(ax="left")
    table, result = veteran_tables(veteran)
    with pytest.raises(InputError, match=r"lacks the ratio column\(s\) \['hr', 'hr_lower', "
                                         r"'hr_upper'\]"):
        ForestPlotDisplay.from_table(table.drop(columns=["hr", "hr_lower", "hr_upper"]))
    with pytest.raises(InputError, match=r"lacks the ratio column\(s\) \['multi_p'\]"):
        ForestPlotDisplay.from_table(result.table.drop(columns="multi_p"))
    with pytest.raises(InputError, match="`columns` must be a subset"):
        ForestPlotDisplay.from_table(result, columns=("both",))
    with pytest.raises(InputError, match="`ratio` must be"):
        ForestPlotDisplay.from_table(table, ratio="rr")


def test_forest_plot_of_a_logistic_screen_and_model(veteran):
    X, data = veteran
    y = (data["time"] < 100).astype(int)
    result = multivariable(X, y)
    assert result.meta["ratio"] == "or"
    display = ForestPlotDisplay.from_table(result)
    rows = display.rows_
    multi = rows[rows["estimate"] == "multi"].set_index("term")
    assert list(multi.index) == list(result.table.index[result.table["multi_ratio"].notna()])
    np.testing.assert_allclose(multi["ratio"], np.exp(result.model.coef_[multi.index]))
    texts = [t.get_text() for t in display.ax_.texts]
    assert "Multivariable\nOR (95% CI)" in texts
    uni = ForestPlotDisplay.from_table(univariate_table(X, y))
    assert "OR (95% CI)" in [t.get_text() for t in uni.ax_.texts]
    assert "(Intercept)" not in set(uni.rows_["term"])


def test_forest_ticks_over_many_decades_are_sparse_powers_of_ten():
    ticks = _log_ticks(0.05, 2e6)
    assert len(ticks) <= 9
    assert all(np.isclose(np.log10(t), round(np.log10(t))) for t in ticks)
    assert _log_ticks(0.5, 3) == [0.5, 0.7, 1.0, 1.5, 2.0, 3.0]      # narrow ranges unchanged
