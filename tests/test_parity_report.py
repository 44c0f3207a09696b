"""The parity report measures every compared output and flags the ones out of tolerance."""

import pandas as pd
import pytest

from radstats.testing import assert_matches_r, load_r_fixture, record_errors
from tests.parity import report


def test_record_errors_measures_each_comparison():
    fx = load_r_fixture("survival", "coxph_lung_efron")
    coef = {k: v * (1 + 1e-9) for k, v in fx["outputs"]["coef"].items()}
    with record_errors() as rows:
        assert_matches_r(coef, fx, "coef")
        with pytest.raises(AssertionError):
            assert_matches_r({k: v * 1.01 for k, v in coef.items()}, fx, "coef")
    assert [r["key"] for r in rows] == ["coef", "coef"]
    assert rows[0]["max_rel_error"] == pytest.approx(1e-9, rel=1e-3)
    assert rows[0]["share_of_tolerance"] < 1 < rows[1]["share_of_tolerance"]
    assert_matches_r(coef, fx, "coef")  # outside the block: nothing recorded
    assert len(rows) == 2


def test_report_summarises_an_area_and_writes_every_output(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(report, "AREAS", {"logistic": report.AREAS["logistic"]})
    out = tmp_path / "errors.csv"
    assert report.main(["--out", str(out)]) == 0
    assert "logistic" in capsys.readouterr().out
    table = pd.read_csv(out)
    assert set(table["area"]) == {"logistic"}
    assert (table["share_of_tolerance"] <= 1).all() and (table["max_abs_error"] >= 0).all()
