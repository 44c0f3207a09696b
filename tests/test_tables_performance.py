"""performance_table ('Table 2'): layout, cut-off choices and bad input."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from radstats.metrics import classification_summary, youden
from radstats.tables import performance_table


@pytest.fixture(scope="module")
def study():
    rng = np.random.default_rng(7)
    n = 160
    y = rng.integers(0, 2, n)
    scores = pd.DataFrame({"MRS": y * 0.8 + rng.normal(size=n),
                           "Combined": y * 2.0 + rng.normal(size=n)})
    cohort = np.where(np.arange(n) < 100, "Training", "Validation")
    return y, scores, cohort


def test_rows_columns_and_seed_cells(study):
    y, scores, cohort = study
    result = performance_table(y, scores, cohort, reference="Combined", whole="Whole")
    table = result.table
    assert table.columns.tolist() == ["model", "cohort", "AUC (95% CI)", "Sensitivity",
                                      "Specificity", "Accuracy", "p"]
    assert table["model"].tolist() == ["MRS"] * 3 + ["Combined"] * 3
    assert table["cohort"].tolist() == ["Training", "Validation", "Whole"] * 2
    assert table.loc[table["model"] == "Combined", "p"].tolist() == ["ref"] * 3
    first = result.stats.iloc[0]
    assert table.loc[0, "Sensitivity"] == (f"{first.sensitivity:.2f} "
                                           f"[{first.tp}/{first.tp + first.fn}]")
    markdown = result.to_markdown()
    assert "| MRS | Training |" in markdown and "|  | Validation |" in markdown
    assert markdown.startswith("| model | cohort |")                # the header names the model
    assert "\\begin{tabular}" in result.to_latex() and "<table" in result.to_html()


def test_the_training_cut_off_is_applied_to_every_cohort(study):
    y, scores, cohort = study
    training = cohort == "Training"
    cut = youden(y[training], scores["MRS"][training], "<").threshold
    result = performance_table(y, scores, cohort)
    mrs = result.stats[result.stats["model"] == "MRS"]
    assert (mrs["threshold"] == cut).all()
    validation = classification_summary(y[~training], scores["MRS"][~training], cut)
    assert mrs.iloc[1]["sensitivity"] == validation.sensitivity
    each = performance_table(y, scores, cohort, threshold_cohort="each").stats
    assert each.iloc[1]["threshold"] == youden(y[~training], scores["MRS"][~training], "<").threshold
    fixed = performance_table(y, scores, cohort, threshold={"MRS": 0.1, "Combined": 1.0}).stats
    assert fixed["threshold"].tolist() == [0.1, 0.1, 1.0, 1.0]
    assert "p" not in performance_table(y, scores).table.columns  # no reference, no p


@pytest.mark.parametrize("kwargs, message", [
    ({"reference": "Clinical"}, r"`reference` 'Clinical' is not a model"),
    ({"threshold_cohort": "Test"}, r"`threshold_cohort` 'Test' is not a cohort"),
    ({"threshold": {"MRS": 0.5}}, r"`threshold` has no cut-off for model 'Combined'"),
    ({"rates": ["sensitivity", "f1"]}, r"unknown rate\(s\) \['f1'\]"),
    ({"whole": "Training"}, r"`whole` 'Training' is already a cohort"),
    ({"direction": "auto"}, r"`direction` must be '<' or '>'"),
])
def test_rejects_bad_options(study, kwargs, message):
    y, scores, cohort = study
    with pytest.raises(InputError, match=message):
        performance_table(y, scores, cohort, **kwargs)


def test_names_the_model_and_cohort_at_fault(study):
    y, scores, cohort = study
    bad = scores.copy()
    bad.loc[5, "Combined"] = np.nan
    with pytest.raises(InputError, match=r"model 'Combined': `score` has 1 missing"):
        performance_table(y, bad, cohort)
    single = np.where(cohort == "Validation", 1, y)  # validation has only events
    with pytest.raises(InputError, match=r"model 'MRS', cohort 'Validation': `y` has a single class"):
        performance_table(single, scores, cohort)
    with pytest.raises(InputError, match=r"y=160, cohort=3"):
        performance_table(y, scores, ["a", "b", "c"])
    with pytest.raises(InputError, match="`scores` must be a DataFrame or a dict"):
        performance_table(y, scores["MRS"])
