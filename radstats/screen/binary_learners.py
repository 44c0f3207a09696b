"""Built-in learners of the binary screen: classifiers tuned by a seeded grid search
with SMOTE applied inside the training folds only (seed 004's protocol).

Each learner is a :class:`TunedClassifier`: an imbalanced-learn pipeline
``StandardScaler -> SMOTE -> classifier`` inside scikit-learn's
``GridSearchCV`` (stratified K-fold, AUC). Because SMOTE is a pipeline step,
synthetic cases are made from the training part of each inner fold and never
from the rows that score it; the outer screen fits the whole search on its own
training rows only.

================  ==========================================  ===============================
name              classifier                                  grid
================  ==========================================  ===============================
``LR``            ``LogisticRegression`` (L2)                  C
``LASSO-LR``      ``LogisticRegression`` (L1, liblinear)       C; also a feature selector
``SVM``           ``SVC`` (scores by ``decision_function``)    kernel (linear, rbf), C
``RF``            ``RandomForestClassifier`` (200 trees)       max_depth, min_samples_leaf
``GBM``           ``GradientBoostingClassifier`` (depth 2)     n_estimators, learning_rate
``KNN``           ``KNeighborsClassifier``                     n_neighbors, weights
``NB``            ``GaussianNB``                               var_smoothing
``XGBoost``       ``xgboost.XGBClassifier`` (if installed)     max_depth, learning_rate
``LightGBM``      ``lightgbm.LGBMClassifier`` (if installed)   num_leaves, learning_rate
================  ==========================================  ===============================
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin

from radstats._core.errors import InputError

CORE = ("LR", "LASSO-LR", "SVM", "RF", "GBM", "KNN", "NB")
OPTIONAL = {"XGBoost": "xgboost", "LightGBM": "lightgbm"}
SELECTORS = ("LASSO-LR",)


def _sklearn_at_least(major: int, minor: int) -> bool:
    version = tuple(int(part) for part in sklearn.__version__.split(".")[:2])
    return version >= (major, minor)


def _logistic(l1: bool, random_state):
    from sklearn.linear_model import LogisticRegression

    if not l1:
        return LogisticRegression(max_iter=5000)
    if _sklearn_at_least(1, 8):  # `penalty` is deprecated from 1.8 on
        return LogisticRegression(l1_ratio=1.0, solver="liblinear", random_state=random_state)
    return LogisticRegression(penalty="l1", solver="liblinear", random_state=random_state)


def _classifier(name: str, random_state):
    """The unfitted classifier of ``name`` and its grid (parameter -> values)."""
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import SVC

    if name == "LR":
        return _logistic(False, random_state), {"C": [0.01, 0.1, 1.0, 10.0, 100.0]}
    if name == "LASSO-LR":
        return _logistic(True, random_state), {"C": [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]}
    if name == "SVM":
        return SVC(random_state=random_state), {"kernel": ["linear", "rbf"], "C": [0.1, 1.0, 10.0]}
    if name == "RF":
        return (RandomForestClassifier(n_estimators=200, random_state=random_state, n_jobs=1),
                {"max_depth": [None, 4], "min_samples_leaf": [1, 5]})
    if name == "GBM":
        return (GradientBoostingClassifier(max_depth=2, random_state=random_state),
                {"n_estimators": [100, 200], "learning_rate": [0.05, 0.1]})
    if name == "KNN":
        return (KNeighborsClassifier(),
                {"n_neighbors": [3, 5, 7, 9, 11, 15], "weights": ["uniform", "distance"]})
    if name == "NB":
        return GaussianNB(), {"var_smoothing": [1e-9, 1e-7, 1e-5, 1e-3]}
    if name == "XGBoost":
        from xgboost import XGBClassifier

        return (XGBClassifier(n_estimators=200, random_state=random_state, n_jobs=1,
                              verbosity=0),
                {"max_depth": [2, 3, 4], "learning_rate": [0.05, 0.1]})
    if name == "LightGBM":
        from lightgbm import LGBMClassifier

        return (LGBMClassifier(n_estimators=200, random_state=random_state, n_jobs=1,
                               verbose=-1),
                {"num_leaves": [7, 15], "learning_rate": [0.05, 0.1]})
    raise InputError(f"unknown binary learner {name!r}; known: {', '.join(available())}")


def available() -> list[str]:
    """The built-in binary learners usable here (XGBoost/LightGBM only when installed)."""
    return list(CORE) + [name for name, module in OPTIONAL.items()
                         if importlib.util.find_spec(module) is not None]


class TunedClassifier(ClassifierMixin, BaseEstimator):
    """Scaler, SMOTE and a classifier, tuned by a seeded stratified grid search on AUC.

    Parameters
    ----------
    name : str
        A built-in learner name (see the module docstring).
    smote : bool
        Oversample the minority class with SMOTE inside each training fold.
    inner_folds : int
        Folds of the grid search (stratified, shuffled with ``random_state``).
    random_state : int or None
        Seeds the folds, SMOTE and the classifier.

    Attributes
    ----------
    search_ : GridSearchCV
    best_params_ : dict
        The chosen grid point (classifier parameter names).
    coef_ : ndarray or None
        Coefficients of a linear classifier (on z-scored features).
    feature_importances_ : ndarray or None
    selected_features_ : list of str
        ``LASSO-LR`` only: the features with a non-zero coefficient.
    """

    def __init__(self, name: str = "LR", smote: bool = True, inner_folds: int = 5,
                 random_state=None):
        self.name = name
        self.smote = smote
        self.inner_folds = inner_folds
        self.random_state = random_state

    def _pipeline(self, y: np.ndarray):
        from imblearn.over_sampling import SMOTE
        from imblearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler

        classifier, grid = _classifier(self.name, self.random_state)
        steps = [("scale", StandardScaler())]
        if self.smote:
            minority = int(min(np.bincount(y.astype(int), minlength=2)))
            smallest_fold = minority - int(np.ceil(minority / self.inner_folds))
            if smallest_fold < 2:
                raise InputError(f"{self.name}: {minority} cases of the minority class are too "
                                 f"few for SMOTE inside {self.inner_folds}-fold grid search")
            steps.append(("smote", SMOTE(k_neighbors=min(5, smallest_fold - 1),
                                         random_state=self.random_state)))
        steps.append(("model", classifier))
        return Pipeline(steps), {f"model__{k}": v for k, v in grid.items()}

    def fit(self, X, y):
        from sklearn.model_selection import GridSearchCV, StratifiedKFold

        y = np.asarray(y).astype(int)
        pipeline, grid = self._pipeline(y)
        folds = StratifiedKFold(self.inner_folds, shuffle=True, random_state=self.random_state)
        self.search_ = GridSearchCV(pipeline, grid, scoring="roc_auc", cv=folds, n_jobs=1,
                                    error_score="raise").fit(X, y)
        self.best_params_ = {k.removeprefix("model__"): v
                             for k, v in self.search_.best_params_.items()}
        model = self.search_.best_estimator_.named_steps["model"]
        coef = getattr(model, "coef_", None)
        self.coef_ = None if coef is None else np.ravel(coef).astype(float)
        importances = getattr(model, "feature_importances_", None)
        self.feature_importances_ = None if importances is None else np.asarray(importances)
        columns = list(X.columns) if isinstance(X, pd.DataFrame) else \
            [f"x{j + 1}" for j in range(np.shape(X)[1])]
        if self.name in SELECTORS:
            self.selected_features_ = [c for c, v in zip(columns, self.coef_) if v != 0]
        self.classes_ = np.array([0, 1])
        return self

    def decision_score(self, X) -> np.ndarray:
        """Higher = more likely a case: P(case), or the SVM's decision value."""
        best = self.search_.best_estimator_
        if hasattr(best.named_steps["model"], "predict_proba"):
            return best.predict_proba(X)[:, 1]
        return best.decision_function(X)

    def predict_proba(self, X) -> np.ndarray:
        return self.search_.best_estimator_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        return self.search_.best_estimator_.predict(X)


def make_learner(name: str, random_state=None, smote: bool = True, inner_folds: int = 5):
    """The unfitted built-in binary learner ``name``."""
    if name not in CORE and name not in OPTIONAL:
        raise InputError(f"unknown binary learner {name!r}; known: {', '.join(available())}")
    if name in OPTIONAL and importlib.util.find_spec(OPTIONAL[name]) is None:
        raise InputError(f"binary learner {name!r} needs the {OPTIONAL[name]!r} package, "
                         "which is not installed")
    return TunedClassifier(name, smote=smote, inner_folds=inner_folds,
                           random_state=random_state)
