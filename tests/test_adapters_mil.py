"""Multi-instance features on small bags whose histograms and TF-IDF are computed by hand."""

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfTransformer

from radstats import InputError
from radstats.adapters.mil import MILFeatures

SLICES = pd.DataFrame({"patient_id": ["A", "A", "A", "B", "B"],
                       "prob": [0.118, 0.12, 0.871, 0.87, 0.5],
                       "label": [0, 0, 1, 1, 1]})
WORDS = ["prob_0.12", "prob_0.50", "prob_0.87", "label_0", "label_1"]


def test_histograms_by_hand():
    plh = MILFeatures(kinds=("plh",)).fit_transform(SLICES)
    assert list(plh.columns) == [f"plh_{w}" for w in WORDS] and list(plh.index) == ["A", "B"]
    np.testing.assert_allclose(plh.loc["A"], [2 / 3, 0, 1 / 3, 2 / 3, 1 / 3])
    np.testing.assert_allclose(plh.loc["B"], [0, 1 / 2, 1 / 2, 0, 1])


def test_tfidf_by_hand_and_equal_to_sklearn():
    bow = MILFeatures(kinds=("bow",)).fit_transform(SLICES)
    counts = np.array([[2, 0, 1, 2, 1], [0, 1, 1, 0, 2]], dtype=float)
    df = np.array([1, 1, 2, 1, 2])
    idf = np.log((1 + 2) / (1 + df)) + 1  # smoothed, natural log
    expected = counts * idf
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_allclose(bow.to_numpy(), expected, rtol=1e-12)
    sk = TfidfTransformer().fit_transform(counts).toarray()
    np.testing.assert_allclose(bow.to_numpy(), sk, rtol=1e-12)
    raw = MILFeatures(kinds=("bow",), norm=None, smooth_idf=False, sublinear_tf=True)
    sk_raw = TfidfTransformer(norm=None, smooth_idf=False, sublinear_tf=True)
    np.testing.assert_allclose(raw.fit_transform(SLICES).to_numpy(),
                               sk_raw.fit_transform(counts).toarray(), rtol=1e-12)


def test_other_cohorts_use_the_training_dictionary_and_idf():
    mil = MILFeatures().fit(SLICES)
    test = pd.DataFrame({"patient_id": ["C", "C"], "prob": [0.87, 0.33], "label": [1, 0]})
    out = mil.transform(test)
    assert list(out.columns) == list(mil.get_feature_names_out())
    # 0.33 is not in the dictionary: its slice still counts in the shares' denominator
    np.testing.assert_allclose(out.loc["C", [f"plh_{w}" for w in WORDS]], [0, 0, 0.5, 0.5, 0.5])
    counts = np.array([[0, 0, 1, 1, 1]], dtype=float)
    np.testing.assert_allclose(out.loc["C", [f"bow_{w}" for w in WORDS]],
                               TfidfTransformer().fit(np.array([[2, 0, 1, 2, 1], [0, 1, 1, 0, 2]]))
                               .transform(counts).toarray()[0], rtol=1e-12)


def test_output_feeds_selection():
    from radstats.selection import univariate_test

    rng = np.random.default_rng(0)
    rows = []
    for i in range(20):
        event = i % 2
        for _ in range(6):
            p = float(np.clip(rng.normal(0.3 + 0.4 * event, 0.1), 0, 1))
            rows.append({"patient_id": f"P{i:02d}", "prob": p, "label": int(p > 0.5)})
    features = MILFeatures(decimals=1).fit_transform(pd.DataFrame(rows))
    y = pd.Series([i % 2 for i in range(20)], index=[f"P{i:02d}" for i in range(20)])
    table = univariate_test(features[["plh_label_1", "bow_label_1"]], y)
    assert (table["p"] < 0.01).all()


def test_bad_slices_are_named():
    with pytest.raises(InputError, match=r"lacks column\(s\) \['label'\]"):
        MILFeatures().fit(SLICES.drop(columns="label"))
    bad = SLICES.assign(prob=[0.1, 1.2, 0.3, 0.4, 0.5])
    with pytest.raises(InputError, match="row 1 has 1.2"):
        MILFeatures().fit(bad)
    with pytest.raises(InputError, match="must hold integer class labels; row 2 has 0.5"):
        MILFeatures().fit(SLICES.assign(label=[0, 1, 0.5, 1, 0]))
    with pytest.raises(InputError, match="`kinds`"):
        MILFeatures(kinds=("hist",)).fit(SLICES)
    with pytest.raises(InputError, match="call fit"):
        MILFeatures().transform(SLICES)
