"""stepwise: bad input gets a clear error naming the problem."""

import pytest
from sklearn.linear_model import LogisticRegression

from radstats import InputError, Surv
from radstats.datasets import load_lung
from radstats.selection import stepwise
from radstats.survival import CoxPH


@pytest.fixture(scope="module")
def lung():
    data = load_lung().dropna()
    return data[["age", "sex", "ph.ecog"]], Surv(data["time"], data["status"] == 2)


@pytest.mark.parametrize("kwargs, message", [
    ({"direction": "sideways"}, "`direction` must be one of"),
    ({"criterion": "cp"}, "`criterion` must be 'aic' or 'bic'"),
    ({"scope": {"upper": ["age"], "keep": ["sex"]}}, r"unknown `scope` key\(s\) \['keep'\]"),
    ({"scope": {"upper": ["age", "stage"]}}, r"not in X: \['stage'\]"),
    ({"scope": {"lower": ["sex"], "upper": ["age"]}}, r"\['sex'\] are not in 'upper'"),
])
def test_rejects_bad_options(lung, kwargs, message):
    X, y = lung
    with pytest.raises(InputError, match=message):
        stepwise(CoxPH(), X, y, **kwargs)


def test_rejects_unsupported_estimators(lung):
    X, y = lung
    with pytest.raises(InputError, match="supports CoxPH and Logit, got LogisticRegression"):
        stepwise(LogisticRegression(), X, y)


def test_lower_scope_terms_are_never_dropped_and_the_model_is_refitted(lung):
    X, y = lung
    result = stepwise(CoxPH(), X, y, direction="backward", scope={"lower": ["age"]})
    assert "age" in result.selected
    assert result.model.coef_.index.tolist() == result.selected
    assert result.path["aic"].is_monotonic_decreasing


# --- ICC ---------------------------------------------------------------------
@pytest.fixture
def readers():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    truth = rng.normal(size=(12, 3))
    ids = [f"p{i}" for i in range(12)]
    make = lambda noise: pd.DataFrame(truth + noise * rng.normal(size=(12, 3)),  # noqa: E731
                                      index=ids, columns=["a", "b", "c"])
    return make(0.1), make(0.1)


def test_icc_names_mismatched_patients_and_features(readers):
    from radstats.selection import icc

    r1, r2 = readers
    with pytest.raises(InputError, match=r"only in reader1 \['p0'\], only in reader2 \['x0'\]"):
        icc(r1, r2.rename(index={"p0": "x0"}))
    with pytest.raises(InputError, match=r"reader2 lacks feature\(s\) \['c'\]"):
        icc(r1, r2.drop(columns="c"))


def test_icc_names_missing_values_and_warns_on_constant_features(readers):
    from radstats.selection import icc

    r1, r2 = readers
    with pytest.raises(InputError, match="reader2` column 'b' has 1 missing.*row 'p3'"):
        icc(r1, r2.assign(b=r2["b"].where(r2.index != "p3")))
    with pytest.warns(UserWarning, match=r"\['c'\] do not vary"):
        table = icc(r1.assign(c=1.0), r2.assign(c=1.0))
    assert table.loc["c"].isna()["icc2"] and table.loc["a", "icc2"] > 0.9


def test_icc_matches_patients_by_id_not_by_position(readers):
    from radstats.selection import icc

    import pandas as pd

    r1, r2 = readers
    pd.testing.assert_frame_equal(icc(r1, r2.iloc[::-1]), icc(r1, r2), rtol=1e-12)


def test_icc_filter_rejects_unknown_forms(readers):
    from radstats.selection import icc_filter

    with pytest.raises(InputError, match="`form` must be one of"):
        icc_filter(*readers, form="icc4")


# --- find_correlation ----------------------------------------------------------
def test_find_correlation_names_bad_features():
    import numpy as np
    import pandas as pd

    from radstats.selection import find_correlation

    X = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 1, 4, 3], "c": [1.0, 1, 1, 1]})
    with pytest.raises(InputError, match=r"\['c'\] are constant"):
        find_correlation(X)
    with pytest.raises(InputError, match="column 'b' has 1 missing"):
        find_correlation(X.drop(columns="c").assign(b=[2.0, np.nan, 4, 3]))
    with pytest.raises(InputError, match="at least two features"):
        find_correlation(X[["a"]])
    with pytest.raises(InputError, match=r"\['grade'\] are not numeric"):
        find_correlation(X.drop(columns="c").assign(grade=list("xyzx")))


# --- ZScore and univariate screens -----------------------------------------------
def test_zscore_names_constant_and_missing_features():
    import pandas as pd

    from radstats.selection import ZScore

    train = pd.DataFrame({"a": [1.0, 2, 3], "b": [5.0, 5, 5]})
    with pytest.raises(InputError, match=r"\['b'\] are constant in the training data"):
        ZScore().fit(train)
    scaler = ZScore().fit(train[["a"]])
    with pytest.raises(InputError, match=r"lacks feature\(s\) \['a'\]"):
        scaler.transform(train[["b"]])


def test_univariate_test_needs_two_groups_of_matching_length():
    import pandas as pd

    from radstats.selection import univariate_test

    X = pd.DataFrame({"a": [1.0, 2, 3, 4]})
    with pytest.raises(InputError, match="exactly two levels"):
        univariate_test(X, ["x", "y", "z", "x"])
    with pytest.raises(InputError, match="X has 4 rows but `group` has 3"):
        univariate_test(X, [0, 1, 0])
    with pytest.raises(InputError, match="`test` must be one of"):
        univariate_test(X, [0, 1, 0, 1], test="anova")


def test_multivariable_with_nothing_significant_fits_no_model():
    import numpy as np
    import pandas as pd

    from radstats.selection import multivariable

    rng = np.random.default_rng(3)
    X = pd.DataFrame({"noise": rng.normal(size=60)})
    y = Surv(rng.exponential(size=60), np.ones(60))
    result = multivariable(X, y, threshold=1e-6)
    assert result.selected == [] and result.model is None
    assert result.table["multi_ratio"].isna().all()
    with pytest.raises(InputError, match="`adjust` must be None or 'bh'"):
        multivariable(X, y, adjust="holm")


# --- RiskScore -------------------------------------------------------------------------
def test_risk_score_cutoff_travels_unchanged_to_other_cohorts():
    import pandas as pd

    from radstats.selection import RiskScore

    train = pd.DataFrame({"f1": [0.1, 0.5, 0.9, 1.3], "f2": [1.0, 1.0, 0.0, 0.0]})
    other = pd.DataFrame({"f1": [5.0, -5.0], "f2": [0.0, 0.0]})
    rs = RiskScore({"f1": 1.0, "f2": 0.5}).fit(train)
    again = RiskScore.from_json(rs.to_json())
    assert again.cutoff_ == rs.cutoff_
    assert again.predict(other).tolist() == rs.predict(other).tolist() == ["high", "low"]


def test_risk_score_names_bad_input():
    import pandas as pd

    from radstats.selection import RiskScore

    X = pd.DataFrame({"f1": [0.1, 0.5, 0.9]})
    with pytest.raises(InputError, match=r"lacks feature\(s\) \['f2'\]"):
        RiskScore({"f1": 1.0, "f2": 2.0}).fit(X)
    with pytest.raises(InputError, match="no non-zero coefficient"):
        RiskScore({"f1": 0.0}).fit(X)
    with pytest.raises(InputError, match="call fit"):
        RiskScore({"f1": 1.0}).predict(X)
    with pytest.raises(InputError, match="needs a Surv outcome"):
        RiskScore({"f1": 1.0}, cutoff="maxstat").fit(X, [0, 1, 1])
    with pytest.raises(InputError, match="`cutoff` must be one of"):
        RiskScore({"f1": 1.0}, cutoff="mean").fit(X)


def test_univariate_test_names_constant_features():
    import pandas as pd

    from radstats.selection import univariate_test

    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "flat": [5.0] * 4})
    with pytest.raises(InputError, match=r"\['flat'\] are constant"):
        univariate_test(X, [0, 0, 1, 1])
