"""simulate_cohort: reproducible, seed-shaped, and carrying the signal it documents."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError, Surv
from radstats.datasets import simulate_cohort
from radstats.metrics import roc_auc
from radstats.selection import icc, univariate_cox, univariate_logit


@pytest.fixture(scope="module")
def large_ec():
    return simulate_cohort("ec_fertility", n=2000, random_state=11)


@pytest.fixture(scope="module")
def large_cervical():
    return simulate_cohort("cervical", n=3000, random_state=11)


@pytest.mark.parametrize("kind", ["ec_fertility", "cervical"])
def test_same_seed_same_cohort_and_other_seed_differs(kind):
    a, b = simulate_cohort(kind, n=60, random_state=4), simulate_cohort(kind, n=60, random_state=4)
    pd.testing.assert_frame_equal(a.clinical, b.clinical)
    pd.testing.assert_frame_equal(a.features, b.features)
    other = simulate_cohort(kind, n=60, random_state=5)
    assert not np.allclose(a.features.to_numpy(), other.features.to_numpy())


def test_ec_fertility_shapes_match_the_seed():
    cohort = simulate_cohort("ec_fertility")
    assert len(cohort.clinical) == 146 and cohort.clinical["patient_id"].is_unique
    assert cohort.features.shape == (146, 1733) == cohort.features_reader2.shape
    assert (cohort.features.index == cohort.clinical["patient_id"]).all()
    assert cohort.features.columns.str.startswith("wavelet-").sum() == 688
    assert cohort.features.columns.str.startswith("log-sigma-").sum() == 258
    for column in ["age", "bmi", "fbg", "cholesterol", "ldl", "ca125", "er_pct", "pr_pct", "p53_pct",
                   "ki67_pct", "mrs", "ihc_score", "hypertension", "diabetes",
                   "menstrual_regularity", "pcos", "pathology", "months_to_cr", "cr"]:
        assert column in cohort.clinical
    assert cohort.clinical["pathology"].cat.categories.tolist() == ["AEH", "EC G1", "EC G2"]
    assert cohort.clinical["months_to_cr"].between(0.1, 24).all()
    assert cohort.slices is None


def test_ec_fertility_event_rate():
    # 146 patients: the CR share varies by chance (SD about 0.04) around 0.70.
    rates = [simulate_cohort("ec_fertility", random_state=s).clinical["cr"].mean() for s in range(3)]
    assert all(0.55 < r < 0.85 for r in rates)


def test_ec_fertility_event_rate_in_a_large_sample(large_ec):
    assert abs(large_ec.clinical["cr"].mean() - 0.70) < 0.03


def test_ec_fertility_true_features_are_prognostic_in_their_direction(large_ec):
    truth = large_ec.truth.true_features
    y = Surv(large_ec.clinical["months_to_cr"], large_ec.clinical["cr"])
    table = univariate_cox(large_ec.features[list(truth)], y)
    assert (table["p"] < 1e-8).all()
    assert (np.sign(table["coef"]) == np.sign(pd.Series(truth))).all()
    clinical = univariate_cox(large_ec.clinical[["mrs", "ihc_score"]], y)
    assert clinical.loc["mrs", "coef"] < 0 < clinical.loc["ihc_score", "coef"]
    assert (clinical["p"] < 1e-8).all()


def test_ec_fertility_null_features_carry_no_signal(large_ec):
    blocks = large_ec.truth.feature_blocks
    true_blocks = {blocks[f] for f in large_ec.truth.true_features}
    null = [f for f in large_ec.features.columns if blocks[f] not in true_blocks][::8]
    y = Surv(large_ec.clinical["months_to_cr"], large_ec.clinical["cr"])
    X = large_ec.features[null]
    p = univariate_cox((X - X.mean()) / X.std(), y)["p"]   # unit-free: some scales are tiny
    # 1% expected by chance; features share blocks, so allow for clustering.
    assert (p < 0.01).mean() < 0.05


def test_ec_fertility_readers_agree_as_documented():
    cohort = simulate_cohort("ec_fertility", n=300, random_state=2)
    table = icc(cohort.features, cohort.features_reader2)
    assert (table.loc[list(cohort.truth.true_features), "icc2"] > 0.85).all()
    reproducible = (table["icc2"] > 0.75).mean()
    assert 0.5 < reproducible < 0.85      # the ICC filter has work to do
    shape = table.index.str.contains("_shape_")
    assert table.loc[shape, "icc2"].mean() > table.loc[table.index.str.startswith("lbp"), "icc2"].mean()


def test_ec_fertility_features_form_correlation_blocks():
    cohort = simulate_cohort("ec_fertility", n=300, random_state=2)
    blocks = pd.Series(cohort.truth.feature_blocks)
    block = blocks[blocks == blocks.iloc[20]].index
    other = blocks[blocks != blocks.iloc[20]].index[::50]
    within = np.corrcoef(cohort.features[block].rank().to_numpy(), rowvar=False)
    between = np.corrcoef(cohort.features[other].rank().to_numpy(), rowvar=False)
    upper = np.triu_indices_from(within, 1)
    assert np.median(np.abs(within[upper])) > 0.6
    assert np.median(np.abs(between[np.triu_indices_from(between, 1)])) < 0.2


def test_cervical_cohorts_and_tables():
    cohort = simulate_cohort("cervical")
    clinical = cohort.clinical
    assert len(clinical) == 259
    assert clinical.groupby("centre", observed=True).size().to_dict() == {"A": 217, "B": 42}
    assert (clinical.loc[clinical["centre"] == "B", "cohort"] == "test").all()
    counts = clinical["cohort"].value_counts()
    assert counts["training"] == pytest.approx(0.7 * 217, abs=2)
    assert cohort.features.shape == (259, 357)
    assert len(cohort.slices) == 259 * 4 * 12
    assert set(cohort.slices["sequence"]) == {"T1_SPIR", "T1_TSE", "T2_SPAIR", "T2_TSE"}
    assert cohort.slices["prob"].between(0, 1).all()
    assert cohort.features_reader2 is None


def test_cervical_signal(large_cervical):
    clinical, truth = large_cervical.clinical, large_cervical.truth
    assert abs(clinical["pcc"].mean() - 0.25) < 0.03
    table = univariate_logit(large_cervical.features[list(truth.true_features)], clinical["pcc"])
    assert (table["p"] < 1e-4).all()
    assert (np.sign(table["coef"]) == np.sign(pd.Series(truth.true_features))).all()
    slices = large_cervical.slices
    mean_prob = slices.groupby(["sequence", "patient_id"])["prob"].mean()
    auc = {s: roc_auc(clinical["pcc"], mean_prob[s].loc[clinical["patient_id"]], direction="<").estimate
           for s in ("T2_SPAIR", "T1_TSE")}
    assert auc["T2_SPAIR"] > auc["T1_TSE"] > 0.55


def test_to_csv_round_trip(tmp_path):
    cohort = simulate_cohort("cervical", n=50, random_state=1)
    paths = cohort.to_csv(tmp_path)
    assert sorted(paths) == ["clinical", "features", "slices"]
    back = pd.read_csv(paths["features"], index_col="patient_id")
    np.testing.assert_allclose(back.to_numpy(), cohort.features.to_numpy())
    assert len(pd.read_csv(paths["slices"])) == len(cohort.slices)


def test_truth_is_json_ready():
    import json

    text = json.dumps(simulate_cohort("ec_fertility", n=50).truth.to_dict())
    assert "original_firstorder_Entropy" in text


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "lung"}, "`kind` must be one of"),
    ({"kind": "cervical", "n": 10}, "at least 40"),
    ({"kind": "ec_fertility", "n": 50.5}, "must be an integer"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(InputError, match=message):
        simulate_cohort(**kwargs)
