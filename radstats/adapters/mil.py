"""Multi-instance learning: patient-level features from slice-level predictions (seed 004).

Seed 004 runs its network on every slice of a patient's 2.5D stack, keeps
each slice's predicted probability (to two decimals) and label, and turns the
patient's bag of slices into two feature sets:

- the prediction likelihood histogram (PLH): every distinct rounded
  probability, and every label, is a bin; a patient's features are the share
  of his slices in each bin;
- the bag of words (BoW): the distinct probabilities and labels form a
  dictionary, each slice contributes one probability word and one label word,
  and the patient's word counts are weighted by TF-IDF.

The two are concatenated. The seed's text stops mid-sentence; the choices
above, and below, are radstats' reading of it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer

from radstats._core.errors import InputError


class MILFeatures(TransformerMixin, BaseEstimator):
    """PLH and TF-IDF bag-of-words features of each patient's slices.

    Parameters
    ----------
    decimals : int, default 2
        Probabilities are rounded (numpy, half to even) to this many decimals
        before they become bins or words.
    kinds : tuple, default ("plh", "bow")
        Which feature sets to return, in this order.
    patient, prob, label : str
        Column names of the slice table: patient ID, the slice's probability
        of the positive class, and its predicted label.
    smooth_idf, sublinear_tf, norm
        TF-IDF options, as scikit-learn's ``TfidfTransformer`` (whose
        definition is used: ``idf = ln((1 + n) / (1 + df)) + 1`` with
        smoothing, raw counts as term frequencies, rows scaled to unit L2 norm).

    Attributes
    ----------
    vocabulary_ : list of str
        The words seen in ``fit``: ``prob_0.87`` ... then ``label_0``, ``label_1`` ...
    idf_ : ndarray
        The inverse document frequency of each word (patients are documents).

    Notes
    -----
    The dictionary (and the IDF) comes from the training patients; words
    first met in other cohorts are ignored. PLH shares are computed
    separately for probabilities and labels, so each sums to 1 per patient.
    The output feeds :mod:`radstats.selection` (``univariate_test``,
    ``find_correlation``, ``cv_glmnet``) and the binary screen like any other
    feature table; bins no training patient reaches never become columns.
    No R package implements these features; the TF-IDF equals scikit-learn's.

    Examples
    --------
    >>> import pandas as pd
    >>> slices = pd.DataFrame({"patient_id": ["a", "a", "a", "b", "b"],
    ...                        "prob": [0.12, 0.121, 0.87, 0.87, 0.5],
    ...                        "label": [0, 0, 1, 1, 1]})
    >>> features = MILFeatures(kinds=("plh",)).fit_transform(slices)
    >>> features.round(3).loc["a"].tolist()
    [0.667, 0.0, 0.333, 0.667, 0.333]
    >>> list(features.columns)
    ['plh_prob_0.12', 'plh_prob_0.50', 'plh_prob_0.87', 'plh_label_0', 'plh_label_1']
    """

    def __init__(self, decimals: int = 2, kinds=("plh", "bow"), patient: str = "patient_id",
                 prob: str = "prob", label: str = "label", smooth_idf: bool = True,
                 sublinear_tf: bool = False, norm: str | None = "l2"):
        self.decimals = decimals
        self.kinds = kinds
        self.patient = patient
        self.prob = prob
        self.label = label
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm

    def fit(self, slices, y=None) -> MILFeatures:
        """Learn the dictionary and the IDF from the training patients' slices."""
        unknown = [k for k in self.kinds if k not in ("plh", "bow")]
        if unknown or not self.kinds:
            raise InputError(f"`kinds` must name 'plh' and/or 'bow', got {self.kinds!r}")
        words = self._words(slices)
        probs = sorted(w for w in words["word"].unique() if w.startswith("prob_"))
        labels = sorted((w for w in words["word"].unique() if w.startswith("label_")),
                        key=lambda w: int(w.split("_")[1]))
        self.vocabulary_ = probs + labels
        self._tfidf = TfidfTransformer(norm=self.norm, smooth_idf=self.smooth_idf,
                                       sublinear_tf=self.sublinear_tf).fit(self._counts(words).to_numpy())
        self.idf_ = self._tfidf.idf_
        return self

    def transform(self, slices) -> pd.DataFrame:
        """One row per patient (index), ``plh_*`` then ``bow_*`` columns."""
        if not hasattr(self, "vocabulary_"):
            raise InputError("call fit() on the training slices first: the dictionary comes "
                             "from them")
        words = self._words(slices)
        counts = self._counts(words)
        n_slices = (words["patient"].value_counts() / 2).reindex(counts.index).to_numpy()
        parts = []
        for kind in self.kinds:
            if kind == "plh":  # each slice has one probability word and one label word
                parts.append((counts / n_slices[:, None]).add_prefix("plh_"))
            else:
                weighted = self._tfidf.transform(counts.to_numpy()).toarray()
                parts.append(pd.DataFrame(weighted, index=counts.index,
                                          columns=counts.columns).add_prefix("bow_"))
        return pd.concat(parts, axis=1)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"{kind}_{w}" for kind in self.kinds for w in self.vocabulary_],
                        dtype=object)

    def _words(self, slices) -> pd.DataFrame:
        """Two words per slice (its rounded probability and its label), by patient."""
        if not isinstance(slices, pd.DataFrame):
            raise InputError("slices must be a DataFrame with patient, probability and label "
                             "columns")
        missing = [c for c in (self.patient, self.prob, self.label) if c not in slices.columns]
        if missing:
            raise InputError(f"the slice table lacks column(s) {missing}")
        if slices.empty:
            raise InputError("the slice table is empty")
        prob = pd.to_numeric(slices[self.prob], errors="coerce")
        _reject(slices, self.prob, ~prob.between(0, 1), "probabilities in [0, 1]")
        label = pd.to_numeric(slices[self.label], errors="coerce")
        _reject(slices, self.label, label.isna() | (label != label.round()),
                "integer class labels")
        if slices[self.patient].isna().any():
            raise InputError(f"`{self.patient}` has missing IDs")
        rounded = np.round(prob.to_numpy(dtype=float), self.decimals)
        patients = slices[self.patient].to_numpy()
        return pd.DataFrame({
            "patient": np.concatenate([patients, patients]),
            "word": [f"prob_{p:.{self.decimals}f}" for p in rounded]
                    + [f"label_{int(v)}" for v in label]})

    def _counts(self, words: pd.DataFrame) -> pd.DataFrame:
        """Patients x dictionary word counts (words outside the dictionary dropped)."""
        order = pd.unique(words["patient"])
        table = pd.crosstab(words["patient"], words["word"])
        table = table.reindex(index=order, columns=self.vocabulary_, fill_value=0)
        table.index.name = self.patient
        table.columns.name = None
        return table.astype(float)


def _reject(slices: pd.DataFrame, column: str, bad: pd.Series, what: str) -> None:
    """Raise naming the first row where ``bad`` holds."""
    if bad.any():
        at = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"`{column}` must hold {what}; row {slices.index.tolist()[at]!r} has "
                         f"{slices[column].tolist()[at]!r}")
