"""The deep-learning arm of seed 004: patient-level multi-instance features from
slice-level predictions, which then replace the imaging features in play."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.pipeline.registry import step

_LABEL = "__slice_label"   # the derived label column (prob >= threshold)


@step("mil_features", title="Multi-instance features from slice-level predictions",
      needs=("slices",), provides=("features", "feature_set"))
def mil_features(study, *, by="sequence", prob="prob", label="", threshold=0.5, decimals=2,
                 kinds=("plh", "bow")):
    """Each patient's slices (per level of ``by``, e.g. per MRI sequence) become a
    probability histogram (PLH) and TF-IDF bag of words, learned on the training
    patients only; these features are then the ones the filters, LASSO and risk
    score that follow work on. A slice's label is column ``label``, or else
    ``prob >= threshold``."""
    from radstats.adapters.mil import MILFeatures

    slices, patient = _slices(study, by, prob, label, threshold)
    label = label or _LABEL
    training = set(study.cohorts[study.training])
    bags = slices.groupby(by, sort=False, observed=True) if by else [("", slices)]
    parts, rows = [], []
    for level, part in bags:
        prefix = f"{level}_" if by else ""
        mil = MILFeatures(decimals=decimals, kinds=tuple(kinds), patient=patient, prob=prob,
                          label=label)
        try:
            mil.fit(part[part[patient].isin(training)])
            features = mil.transform(part)
        except InputError as exc:
            raise study.fail(f"{by} {level!r}: {exc}" if by else str(exc)) from None
        absent = study.frame.index.difference(features.index)
        if len(absent):
            raise study.fail(f"patient(s) {list(absent[:5])} have no slices"
                             + (f" of {by} {level!r}" if by else ""))
        parts.append(features.loc[study.frame.index].add_prefix(prefix))
        rows.append({by or "bag": level or "all", "slices_per_patient":
                     part.groupby(patient).size().median(), "dictionary_words":
                     len(mil.vocabulary_), "features": features.shape[1]})
    table = pd.concat(parts, axis=1)
    study.use_features(table, "multi-instance features")
    study.table("dictionary", pd.DataFrame(rows), "Multi-instance features"
                + (f" per {by}" if by else "") + f" (dictionary from the {len(training)} "
                f"{study.training} patients)", index=False)
    _slice_level_auc(study, slices, by, prob, patient)
    names = {"plh": "likelihood histogram", "bow": "TF-IDF bag of words"}
    study.text(f"{table.shape[1]} multi-instance features ("
               + " and ".join(names.get(k, k) for k in kinds) + f"; probabilities rounded to "
               f"{decimals} decimal{'' if decimals == 1 else 's'}) now replace the imaging "
               "features for the steps that follow.")
    study.results["mil_features"] = table.shape[1]
    study.method("Slice-level probabilities of the deep-learning model"
                 + (f" on each {by}" if by else "") + " were aggregated by multi-instance "
                 f"learning: the prediction likelihood histogram and the TF-IDF-weighted bag of "
                 f"words of each patient's rounded probabilities and labels (label: "
                 + (f"column {label}" if label != _LABEL else f"probability >= {threshold:g}")
                 + "), with the dictionary and inverse document frequencies learned on the "
                 "training patients (radstats.adapters.mil.MILFeatures; the TF-IDF is "
                 "scikit-learn's, no R equivalent).")


def _slices(study, by: str, prob: str, label: str, threshold: float):
    """The slice table, checked against the clinical table, with a label column."""
    slices, patient = study.slices, study.config["data"]["id"]
    missing = [c for c in (patient, prob, by, label) if c and c not in slices.columns]
    if missing:
        raise study.fail(f"the slice table has no column(s) {missing}; its columns: "
                         f"{list(slices.columns)}")
    strangers = pd.Index(slices[patient].unique()).difference(study.frame.index)
    if len(strangers):
        raise study.fail(f"the slice table has patient(s) {list(strangers[:5])} that are not in "
                         "the clinical table")
    if not label:
        if not 0 < threshold < 1:
            raise study.fail(f"option 'threshold' must lie in (0, 1), got {threshold!r}")
        values = pd.to_numeric(slices[prob], errors="coerce")
        slices = slices.assign(**{_LABEL: (values >= threshold).astype(int)})
    return slices, patient


def _slice_level_auc(study, slices, by: str, prob: str, patient: str) -> None:
    """The seed's slice-level results: each slice scored against its patient's outcome."""
    from radstats.metrics import roc_auc

    outcome = study.frame[study.outcome["event"]]
    rows = []
    bags = slices.groupby(by, sort=False, observed=True) if by else [("all", slices)]
    for level, part in bags:
        for cohort, index in study.cohorts.items():
            inside = part[part[patient].isin(index)]
            y = outcome.loc[inside[patient]].to_numpy()
            if len(np.unique(y)) < 2:
                continue
            auc = roc_auc(y, inside[prob].to_numpy(float), direction="<")
            rows.append({by or "bag": level, "cohort": cohort, "slices": len(inside),
                         "auc": auc.estimate, "ci_lower": auc.ci_lower, "ci_upper": auc.ci_upper})
    study.table("slice_auc", pd.DataFrame(rows).round(3), "Slice-level AUC (each slice against "
                "its patient's outcome; the DeLong interval treats slices as independent, as "
                "slice-level results usually do, so it is too narrow)", index=False)
