"""baseline_table: bad input gets a clear error naming the problem; the exports work."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from radstats.tables import BaselineTable, baseline_table
from radstats.tables import _tests


@pytest.fixture
def df():
    rng = np.random.default_rng(1)
    n = 40
    return pd.DataFrame({
        "arm": np.repeat(["control", "treated"], n // 2),
        "age": rng.normal(60, 8, n).round(1),
        "crp": rng.lognormal(1, 1, n).round(2),
        "sex": rng.choice(["f", "m"], n),
        "grade": rng.integers(1, 4, n),
        "smoker": rng.choice([True, False], n),
    })


# --- bad input -------------------------------------------------------------------
def test_names_unknown_variables(df):
    with pytest.raises(InputError, match=r"variable\(s\) not in df: \['weight', 'bmi'\]"):
        baseline_table(df, "arm", ["age", "weight", "bmi"])


def test_names_an_unknown_group_column(df):
    with pytest.raises(InputError, match="'treatment' is not one"):
        baseline_table(df, "treatment")


def test_names_the_rows_where_the_group_is_missing(df):
    df.loc[[3, 17], "arm"] = None
    with pytest.raises(InputError, match=r"'arm' has 2 missing value\(s\), at rows \[3, 17\]"):
        baseline_table(df, "arm")


def test_names_the_level_of_a_single_level_group(df):
    with pytest.raises(InputError, match=r"at least two levels, found \['control'\]"):
        baseline_table(df[df["arm"] == "control"], "arm")


def test_names_an_all_missing_variable(df):
    df["biopsy"] = np.nan
    with pytest.raises(InputError, match=r"no non-missing values: \['biopsy'\]"):
        baseline_table(df, "arm")


@pytest.mark.parametrize("kwargs, message", [
    ({"continuous_summary": "mode"}, "`continuous_summary` must be one of"),
    ({"continuous_test": {"age": "ks"}}, r"`continuous_test` must be one of .* got 'ks' for 'age'"),
    ({"categorical_test": {"stage": "fisher"}}, r"`categorical_test` names .* \['stage'\]"),
    ({"categorical": ["age"], "continuous": ["age"]}, r"\['age'\] are listed in both"),
    ({"continuous": ["sex"]}, "'sex' is forced continuous but is not numeric"),
    ({"categorical": ["height"]}, r"`categorical` names .* \['height'\]"),
    ({"normality_alpha": 1.5}, "`normality_alpha` must be in"),
    ({"digits": -1}, "`digits` must be an integer >= 0"),
    ({"variables": ["age", "arm"]}, "'arm' cannot also be a variable"),
])
def test_rejects_bad_options(df, kwargs, message):
    with pytest.raises(InputError, match=message):
        baseline_table(df, "arm", **kwargs)


def test_rejects_a_non_frame(df):
    with pytest.raises(InputError, match="must be a pandas DataFrame, got ndarray"):
        baseline_table(df.to_numpy(), "arm")


def test_a_constant_variable_is_described_with_a_warning_and_no_p(df):
    df["site"] = 7.0
    with pytest.warns(UserWarning, match="'site' has a single observed level: no test"):
        result = baseline_table(df, "arm", ["age", "site"])
    assert np.isnan(result.tests.loc["site", "p"])
    row = result.table[(result.table["variable"] == "site") & (result.table["level"] == "")]
    assert row["p"].item() == "" and row["test"].item() == ""
    assert not np.isnan(result.tests.loc["age", "p"])


def test_a_constant_continuous_variable_gets_no_test(df):
    df["dose"] = 5.0
    with pytest.warns(UserWarning, match="'dose' is constant"):
        result = baseline_table(df, "arm", ["dose"], continuous=["dose"])
    assert result.tests.loc["dose", "test"] == "" and np.isnan(result.tests.loc["dose", "p"])


def test_a_t_test_with_one_value_in_a_group_warns_and_reports_no_p(df):
    df.loc[df["arm"] == "treated", "age"] = np.nan
    df.loc[20, "age"] = 61.0
    with pytest.warns(UserWarning, match="'age': Welch Two Sample t-test is not defined"):
        result = baseline_table(df, "arm", ["age"], continuous_test="welch")
    assert np.isnan(result.tests.loc["age", "p"])


# --- rules -------------------------------------------------------------------------
def test_variable_types_follow_the_documented_rule(df):
    result = baseline_table(df, "arm")
    assert result.tests["type"].to_dict() == {
        "age": "continuous", "crp": "continuous", "sex": "categorical",
        "grade": "categorical",  # numeric with 3 distinct values
        "smoker": "categorical",  # bool
    }
    forced = baseline_table(df, "arm", continuous=["grade"], categorical=["age"])
    assert forced.tests.loc["grade", "type"] == "continuous"
    assert forced.tests.loc["age", "type"] == "categorical"


def test_auto_choices_follow_shapiro_and_expected_counts(df):
    result = baseline_table(df, "arm", ["age", "crp", "sex"])
    tests = result.tests
    assert tests.loc["age", ["summary", "test"]].tolist() == ["mean", "welch"]
    assert tests.loc["crp", ["summary", "test"]].tolist() == ["median", "mannwhitney"]
    assert (tests.loc["crp", ["shapiro_p_control", "shapiro_p_treated"]] < 0.05).any()
    expected = "fisher" if tests.loc["sex", "min_expected"] < 5 else "chisq"
    assert tests.loc["sex", "test"] == expected


def test_missing_values_are_counted_per_variable_and_do_not_drop_other_rows(df):
    df.loc[[0, 1, 25], "crp"] = np.nan
    result = baseline_table(df, "arm", ["age", "crp"])
    assert result.tests.loc["crp", "missing"] == 3 and result.tests.loc["age", "missing"] == 0
    age = result.stats[(result.stats["variable"] == "age") & (result.stats["group"] == "overall")]
    assert age["n"].item() == 40
    crp = result.stats[result.stats["variable"] == "crp"].set_index("group")
    assert crp["n"].to_dict() == {"overall": 37, "control": 18, "treated": 19}
    assert crp["missing"].to_dict() == {"overall": 3, "control": 2, "treated": 1}
    assert result.table.set_index("variable").loc["crp", "missing"] == "3"


def test_a_level_nobody_has_is_shown_but_not_tested(df):
    with_empty = df.assign(sex=pd.Categorical(df["sex"], categories=["f", "m", "x"]))
    shown = baseline_table(with_empty, "arm", ["sex"])
    plain = baseline_table(df, "arm", ["sex"])
    assert shown.table["level"].tolist() == ["", "", "f", "m", "x"]
    assert shown.table.iloc[-1]["overall"] == "0 (0.0%)"
    assert shown.tests.loc["sex", "p"] == plain.tests.loc["sex", "p"]


def test_three_groups_use_the_k_sample_tests(df):
    df["arm"] = np.tile(["a", "b", "c", "d"], 10)[: len(df)]
    df = df[df["arm"] != "d"]
    tests = baseline_table(df, "arm", ["age", "crp", "grade"],
                           continuous_summary="mean",
                           continuous_test={"age": "t", "crp": "mannwhitney"}).tests
    assert tests.loc["age", "test"] == "anova" and tests.loc["age", "df2"] == len(df) - 3
    assert tests.loc["crp", "test"] == "kruskal"
    assert tests.loc["crp", "method"] == "Kruskal-Wallis rank sum test"
    assert tests.loc["grade", "test"] in ("chisq", "fisher")


def test_fisher_falls_back_to_chi_square_when_the_enumeration_is_too_large(df, monkeypatch):
    monkeypatch.setattr(_tests, "MAX_FISHER_TABLES", 3)
    with pytest.warns(UserWarning, match="'grade': the 3 x 2 table is too large"):
        result = baseline_table(df, "arm", ["grade"], categorical_test="fisher")
    assert result.tests.loc["grade", "test"] == "chisq"


def test_fisher_rxc_sums_the_tables_no_more_probable_than_the_observed_one():
    # A 2 x 3 table: enumerate it by brute force through scipy's random_table pmf.
    from itertools import product

    from scipy.stats import random_table

    x = np.array([[3, 1, 2], [0, 4, 5]])
    rows, cols = x.sum(axis=1), x.sum(axis=0)
    dist = random_table(rows, cols)
    observed = dist.pmf(x)
    total = 0.0
    for a, b in product(range(cols[0] + 1), range(cols[1] + 1)):
        c = rows[0] - a - b
        if 0 <= c <= cols[2]:
            table = np.array([[a, b, c], cols - [a, b, c]])
            if dist.pmf(table) <= observed * (1 + 1e-7):
                total += dist.pmf(table)
    assert _tests.fisher_test(x)["p"] == pytest.approx(total, rel=1e-12)


def _exact_two_column_p(table) -> float:
    """Fisher's p for an r x 2 table in exact integer arithmetic (no floating point):
    tables weighted by prod C(r_i, x_i), those no heavier than the observed one summed."""
    from collections import defaultdict
    from fractions import Fraction
    from math import comb, prod

    rows, first = [int(r) for r in table.sum(axis=1)], int(table[:, 0].sum())
    observed = prod(comb(r, int(x)) for r, x in zip(rows, table[:, 0]))
    states = {0: {1: 1}}  # first-column total so far -> {weight: number of paths}
    for r in rows:
        following = defaultdict(lambda: defaultdict(int))
        for used, weights in states.items():
            for x in range(min(r, first - used) + 1):
                for weight, count in weights.items():
                    following[used + x][weight * comb(r, x)] += count
        states = following
    total = sum(w * c for w, c in states[first].items() if w <= observed)
    return float(Fraction(total, comb(sum(rows), first)))


def _ties_risk_by_x2():
    from radstats.testing import fixture_frame

    data = fixture_frame({"data": "ties"})
    return pd.crosstab(data["risk"], data["x2"]).to_numpy()


@pytest.mark.parametrize("table", [np.array([[3, 0], [1, 4], [2, 5]]), "ties"], ids=["3x2", "34x2"])
def test_fisher_rx2_equals_the_exact_integer_sum(table):
    # ties.csv, risk by x2 (34 x 2): R 4.2.2's fisher.test (FEXACT) returns 0.0061, not 0.0999.
    table = _ties_risk_by_x2() if isinstance(table, str) else table
    assert _tests.fisher_test(table)["p"] == pytest.approx(_exact_two_column_p(table), rel=1e-12)


@pytest.mark.xfail(strict=True, reason=(
    "R 4.2.2's fisher.test (the FEXACT network algorithm) is wrong on these sparse 2 x c tables "
    "(40 x 2: 0.0135 instead of 0.654; 34 x 2: 0.0061 instead of 0.0999). radstats gives the "
    "exact sum, which equals integer arithmetic (test above) and R's own simulate.p.value "
    "(checked in the parity suite)"))
@pytest.mark.parametrize("case", ["fisher_veteran_age_by_trt", "fisher_ties_risk_by_x2"])
def test_fisher_matches_r_fexact_on_sparse_tables(case):
    from radstats.testing import assert_matches_r, load_r_fixture
    from tests.checks.tables import fisher_p

    fx = load_r_fixture("tables", case)
    assert_matches_r(fisher_p(fx), fx, "p_fexact")


def test_group_levels_that_clash_with_fixed_columns_are_prefixed(df):
    df["arm"] = df["arm"].map({"control": "p", "treated": "test"})
    result = baseline_table(df, "arm", ["age"])
    assert result.table.columns.tolist() == ["variable", "level", "overall", "arm=p", "arm=test",
                                             "p", "test", "missing"]


# --- exports -----------------------------------------------------------------------
@pytest.fixture
def table(df):
    return baseline_table(df, "arm", ["age", "crp", "sex", "grade"])


def test_is_a_result_with_a_readable_repr(table):
    assert isinstance(table, BaselineTable)
    text = repr(table)
    assert text.startswith("BaselineTable by 'arm' (n = 40; control: 20, treated: 20)")
    assert "mean ± SD" in text
    assert table.to_frame().equals(table.table)


def test_markdown_has_a_header_row_and_one_line_per_row(table):
    lines = table.to_markdown().splitlines()
    assert lines[0] == "| variable | level | overall | control | treated | p | test | missing |"
    assert set(lines[1].replace("|", "").split()) == {"---"}
    assert len(lines) == 2 + len(table.table)


def test_latex_has_a_tabular_and_escapes_special_characters(table):
    text = table.to_latex(caption="Baseline characteristics (n = 40)", label="tab:baseline")
    assert r"\begin{tabular}{llrrrrlr}" in text and r"\end{tabular}" in text
    assert r"\caption{Baseline characteristics (n = 40)}" in text
    assert r"\label{tab:baseline}" in text
    assert r"mean $\pm$ SD" in text and r"\%)" in text
    assert "%)" not in text.replace(r"\%)", "")


def test_html_has_a_table_and_escapes_cells(df):
    df["sex"] = df["sex"].map({"f": "<female>", "m": "male & other"})
    text = baseline_table(df, "arm", ["sex"]).to_html(caption="Table 1")
    assert text.startswith("<table") and text.rstrip().endswith("</table>")
    assert "<caption>Table 1</caption>" in text and "<th>variable</th>" in text
    assert "&lt;female&gt;" in text and "male &amp; other" in text


def test_csv_round_trips(table, tmp_path):
    path = tmp_path / "table1.csv"
    table.to_csv(path)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back, table.table)
    assert table.to_csv() == path.read_text()
