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
