"""``run_binary_screen``: classifiers compared by AUC, with SMOTE and grid search
inside the training folds (the protocol of seed 004)."""

from __future__ import annotations

import numpy as np

from radstats._core.errors import InputError
from radstats._core.validation import as_binary_outcome, check_int
from radstats.screen.binary_learners import available
from radstats.screen.engine import Problem
from radstats.screen.inputs import (
    check_cohorts, check_cv, check_frame, choose_features, feature_frame,
)
from radstats.screen.registry import build_factories
from radstats.screen.result import ScreenResult
from radstats.screen.runner import execute
from radstats.screen.scoring import auc_with_ci, check_scorable_binary


def predict_score(estimator, X) -> np.ndarray:
    """A classifier's score, higher = more likely a case."""
    if hasattr(estimator, "decision_score"):
        return np.asarray(estimator.decision_score(X), dtype=float)
    if hasattr(estimator, "predict_proba"):
        return np.asarray(estimator.predict_proba(X), dtype=float)[:, 1]
    return np.asarray(estimator.decision_function(X), dtype=float).ravel()


class BinaryProblem(Problem):
    """Features and a 0/1 outcome; models predict a probability (or score) of a case."""

    kind = "binary"
    metric_columns = ("auc", "auc_lower", "auc_upper")

    def __init__(self, X, y, cohorts, unscorable, conf_level: float):
        super().__init__(X, cohorts, y.astype(int), unscorable)
        self.y, self.conf_level = y, conf_level

    def outcome(self, rows=None) -> np.ndarray:
        return self.y if rows is None else self.y[rows]

    def predict(self, estimator, X) -> np.ndarray:
        return predict_score(estimator, X)

    def score(self, outcome, prediction) -> dict:
        return auc_with_ci(outcome, prediction, self.conf_level)


def run_binary_screen(train, cohorts=None, outcome: str = "y", features=None,
                      combinations=None, cv: str = "cohort", random_state=None, n_jobs=1,
                      checkpoint=None, *, n_splits: int = 5, n_repeats: int = 1,
                      smote: bool = True, inner_folds: int = 5, min_selected: int = 2,
                      conf_level: float = 0.95, learners=None,
                      progress: bool = True) -> ScreenResult:
    """Fit and score classifiers of a binary outcome, each tuned inside its training rows.

    Each built-in learner is a pipeline ``StandardScaler -> SMOTE ->
    classifier`` tuned by ``GridSearchCV`` (``inner_folds`` stratified,
    seeded folds; AUC): SMOTE only ever sees training rows. The screen's
    rules are those of :func:`radstats.screen.run_screen`: every combination
    is reported ``ok``/``skipped``/``failed`` with its reason, results do not
    depend on ``n_jobs`` or the joblib backend, and ``checkpoint`` resumes.

    Parameters
    ----------
    train : DataFrame
        Training cohort: the ``outcome`` column (0/1, 1 = case) and features.
    cohorts : dict of str -> DataFrame, optional
        Validation and external test cohorts with the same columns.
    outcome : str
        The outcome column.
    features : list of str, optional
        Feature columns (default: every other column); missing or NaN values
        are errors naming them.
    combinations : list of str, optional
        Learners (``"LR"``, ``"LASSO-LR"``, ``"SVM"``, ``"RF"``, ``"GBM"``,
        ``"KNN"``, ``"NB"``, and ``"XGBoost"``/``"LightGBM"`` when installed),
        alone or after the selector ``"LASSO-LR + SVM"``; default: every
        available built-in learner alone. Registered learners
        (``register_learner(..., kind="binary")``) work too.
    cv : {"cohort", "loocv", "kfold"}
        As in :func:`~radstats.screen.run_screen`; K-fold is stratified on the
        outcome and the out-of-fold scores are pooled per repeat.
    random_state, n_jobs, checkpoint, n_splits, n_repeats, min_selected, conf_level, learners, progress
        As in :func:`~radstats.screen.run_screen`.
    smote : bool
        SMOTE inside each training fold (default True).
    inner_folds : int
        Folds of the grid search (default 5).

    Returns
    -------
    ScreenResult
        ``table`` with ``model, cohort, auc, auc_lower, auc_upper, n_features,
        features, status, reason, seconds``; ``ranking`` by mean validation AUC.

    Notes
    -----
    The AUC and its DeLong interval are :func:`radstats.metrics.roc_auc` with
    ``direction="<"`` (score higher = case), which matches
    ``pROC::roc(direction = "<")`` and ``ci.auc(method = "delong")`` (AUC
    1e-10, CI 1e-8). The classifiers and the grid search are scikit-learn's and
    imbalanced-learn's; they have no R counterpart to match.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.normal(size=(80, 3)), columns=["a", "b", "c"])
    >>> d["y"] = (d["a"] + rng.normal(size=80) > 0.8).astype(int)
    >>> res = run_binary_screen(d, combinations=["LR", "NB"], random_state=1, progress=False)
    >>> res.table[["model", "cohort", "status"]].values.tolist()
    [['LR', 'apparent', 'ok'], ['NB', 'apparent', 'ok']]
    """
    train = check_frame(train, "`train`")
    cohorts = check_cohorts(cohorts)
    check_cv(cv, n_splits, n_repeats, min_selected)
    if not 0 < conf_level < 1:
        raise InputError(f"`conf_level` must be in (0, 1), got {conf_level!r}")
    check_int(inner_folds, "inner_folds", 2)
    features = choose_features(train, [outcome], features)
    parsed, factories = build_factories(
        available() if combinations is None else combinations, "binary", learners,
        {"smote": bool(smote), "inner_folds": int(inner_folds)})

    X = feature_frame(train, features, "`train`")
    y = as_binary_outcome(train[outcome], None, f"train column {outcome!r}")
    single = check_scorable_binary(y)
    if single:
        raise InputError(f"`train` column {outcome!r} has {single}")
    cohort_data, unscorable = {}, {}
    for name, frame in cohorts.items():
        label = f"cohort {name!r}"
        if outcome not in frame.columns:
            raise InputError(f"{label} has no column {outcome!r}")
        cohort_y = as_binary_outcome(frame[outcome], None, f"{label} column {outcome!r}")
        problem_text = check_scorable_binary(cohort_y)
        unscorable[name] = f"{label} has {problem_text}" if problem_text else None
        cohort_data[name] = (feature_frame(frame, features, label), cohort_y)

    problem = BinaryProblem(X, y, cohort_data, unscorable, conf_level)
    columns = [outcome, *features]
    return execute(problem, parsed, factories, frames=[train[columns]] + [
        f[columns] for f in cohorts.values()], cv=cv, random_state=random_state, n_jobs=n_jobs,
        checkpoint=checkpoint, n_splits=n_splits, n_repeats=n_repeats, min_selected=min_selected,
        progress=progress, options={"smote": bool(smote), "inner_folds": int(inner_folds),
                                    "conf_level": conf_level}, events=int(y.sum()))
