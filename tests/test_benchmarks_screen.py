"""`radstats screen` and `radstats-bench screen`: a tiny combination list end to end."""

import pandas as pd
import pytest

from benchmarks.cli import main as bench_main
from radstats.cli import main as radstats_main
from radstats.screen import register_learner, unregister_learner
from tests import screen_learners as sl


@pytest.fixture
def stand_ins():
    register_learner("Cox", sl.Cox())
    register_learner("Top2", sl.TopK(2, label="Top2"))
    yield
    unregister_learner("Cox")
    unregister_learner("Top2")


COMMANDS = pytest.mark.parametrize("main", [radstats_main, bench_main],
                                   ids=["radstats", "radstats-bench"])


@COMMANDS
def test_survival_screen_cli_writes_table_ranking_and_heatmap(main, tmp_path, capsys,
                                                             stand_ins):
    train, val = tmp_path / "train.csv", tmp_path / "val.csv"
    sl.simulate(50, seed=1).to_csv(train, index=False)
    sl.simulate(30, seed=2).to_csv(val, index=False)
    out = tmp_path / "out"
    code = main(["screen", "--data", str(train), "--time", "time", "--event", "event",
                 "--validation", f"val={val}", "--combinations", "Cox,Top2 + Cox",
                 "--cv", "kfold", "--n-splits", "3", "--out", str(out), "--quiet"])
    assert code == 0
    table = pd.read_csv(out / "screen_table.csv")
    assert set(table["model"]) == {"Cox", "Top2 + Cox"}
    assert set(table["cohort"]) == {"kfold", "apparent", "val"}
    assert (table["status"] == "ok").all()
    ranking = pd.read_csv(out / "screen_ranking.csv")
    assert list(ranking.columns[:3]) == ["rank", "model", "mean_c_index"]
    assert (out / "screen_heatmap.png").stat().st_size > 5_000
    printed = capsys.readouterr().out
    assert "mean C-index" in printed and "Top2 + Cox" in printed


@COMMANDS
def test_binary_screen_cli_and_argument_errors(main, tmp_path, capsys):
    data = sl.simulate(60, seed=3)
    data["y"] = (data["x1"] > 0.3).astype(int)
    path = tmp_path / "d.csv"
    data.drop(columns=["time", "event"]).to_csv(path, index=False)
    names = tmp_path / "names.txt"
    names.write_text("LR\nNB\n")
    assert main(["screen", "--data", str(path), "--outcome", "y", "--combinations", str(names),
                 "--out", str(tmp_path / "b"), "--quiet"]) == 0
    assert set(pd.read_csv(tmp_path / "b" / "screen_table.csv")["model"]) == {"LR", "NB"}
    assert "AUC" in capsys.readouterr().out
    assert main(["screen", "--data", str(path), "--time", "t"]) == 2
    assert "--time and --event" in capsys.readouterr().err
