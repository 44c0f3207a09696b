"""Checks of radstats.tables against one R reference case (stats: t.test, wilcox.test,
oneway.test, kruskal.test, chisq.test, fisher.test, shapiro.test, quantile)."""

import warnings

import numpy as np

from radstats.tables import baseline_table
from radstats.testing import assert_matches_r, fixture_frame


def _strings(values) -> list[str]:
    return [str(v) for v in np.atleast_1d(values)]


def check_baseline(fx):
    inputs, outputs = fx["inputs"], fx["outputs"]
    group = inputs["group"]
    data = fixture_frame(inputs, [group])
    if "keep_levels" in inputs:
        data = data[data[group].isin(_strings(inputs["keep_levels"]))].reset_index(drop=True)
    if "head" in inputs:
        data = data.iloc[: inputs["head"]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of the reference cases should need a warning
        result = baseline_table(
            data, group, _strings(inputs["variables"]),
            categorical=inputs.get("categorical"), continuous=inputs.get("continuous"),
            continuous_summary=inputs.get("continuous_summary", "auto"),
            continuous_test=inputs.get("continuous_test", "auto"),
            categorical_test=inputs.get("categorical_test", "auto"),
            normality_alpha=inputs.get("normality_alpha", 0.05))

    labels = list(result.meta["n_per_group"])
    assert labels == _strings(outputs["group_levels"])
    assert_matches_r(list(result.meta["n_per_group"].values()), fx, "n_per_group")

    tests = result.tests
    assert tests.index.tolist() == _strings(outputs["variable"])
    for name in ("type", "summary", "test", "method"):
        assert tests[name].tolist() == _strings(outputs[name]), name
    for name in ("statistic", "df", "df2", "p", "exact", "min_expected", "n", "missing"):
        assert_matches_r(tests[name].to_numpy(dtype=float), fx, name)

    continuous = tests.index[tests["type"] == "continuous"]
    if len(continuous):
        shapiro = tests.loc[continuous, [f"shapiro_p_{lab}" for lab in labels]]
        assert_matches_r(shapiro.to_numpy(dtype=float).ravel(), fx, "shapiro_p")
        rows = result.stats[result.stats["level"].isna()]
        assert rows["variable"].tolist() == _strings(outputs["cont_variable"])
        assert rows["group"].tolist() == _strings(outputs["cont_group"])
        assert_matches_r(rows["n"], fx, "cont_n")
        assert_matches_r(rows["missing"], fx, "cont_missing")
        for name in ("mean", "sd", "median", "q1", "q3"):
            assert_matches_r(rows[name], fx, name)

    if (tests["type"] == "categorical").any():
        rows = result.stats[result.stats["level"].notna()]
        assert rows["variable"].tolist() == _strings(outputs["cat_variable"])
        assert rows["level"].tolist() == _strings(outputs["cat_level"])
        assert rows["group"].tolist() == _strings(outputs["cat_group"])
        assert_matches_r(rows["n"], fx, "cat_n")
        assert_matches_r(rows["missing"], fx, "cat_missing")
        assert_matches_r(rows["count"], fx, "count")
        assert_matches_r(rows["percent"], fx, "percent")


def fisher_p(fx) -> float:
    """radstats's Fisher p-value for a ``fisher_*`` case (one variable forced categorical)."""
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["group"], inputs["variable"]])
    result = baseline_table(data, inputs["group"], [inputs["variable"]],
                            categorical=[inputs["variable"]], categorical_test="fisher")
    assert result.tests.loc[inputs["variable"], "test"] == "fisher"
    return result.tests.loc[inputs["variable"], "p"]


def check_fisher(fx):
    """R's own Monte Carlo p-value agrees with radstats's exact one; R's FEXACT value does
    not (a strict xfail in tests/test_tables_inputs.py)."""
    assert_matches_r(fisher_p(fx), fx, "p_simulated")


def check_case(fx):
    checks = {"baseline": check_baseline, "fisher": check_fisher}
    checks[fx["case"].split("_")[0]](fx)
