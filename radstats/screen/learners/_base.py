"""The common ground of the screen's survival learners: input checks and fitted names."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from radstats._core.errors import InputError
from radstats._core.threads import single_blas_thread
from radstats._core.validation import as_frame
from radstats.survival.surv import as_surv


class SurvivalLearner(BaseEstimator):
    """Base of the screen's learners: ``fit(X, Surv)``, ``predict(X)`` -> risk.

    Subclasses implement ``_fit(values, y)`` on a float matrix whose columns
    are ``feature_names_in_`` and ``_predict(values)`` returning a risk score
    (higher = worse).
    """

    def _label(self) -> str:
        """The learner's name in messages."""
        return type(self).__name__

    def fit(self, X, y):
        """Fit on features ``X`` (DataFrame, numeric, complete) and outcome ``y`` (:class:`Surv`)."""
        frame = as_frame(X)
        bad = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])
               or pd.api.types.is_bool_dtype(frame[c])]
        if bad:
            raise InputError(f"{self._label()}: column(s) {bad} are not numeric; code factors "
                             "as dummies first")
        values = frame.to_numpy(dtype=float)
        infinite = ~np.isfinite(values).all(axis=0)
        if infinite.any():
            raise InputError(f"{self._label()}: column {frame.columns[np.argmax(infinite)]!r} "
                             "has infinite values")
        outcome = as_surv(y)
        if len(outcome) != len(frame):
            raise InputError(f"{self._label()}: `X` has {len(frame)} rows but `y` has "
                             f"{len(outcome)}")
        self.feature_names_in_ = np.asarray([str(c) for c in frame.columns], dtype=object)
        self.n_features_in_ = values.shape[1]
        with single_blas_thread():  # small matrices: BLAS threads cost more than they save
            self._fit(values, outcome)
        return self

    def predict(self, X) -> np.ndarray:
        """Risk score of each row of ``X``: higher means a worse prognosis."""
        return self._predict(self._matrix(X))

    def _matrix(self, X) -> np.ndarray:
        """``X`` as the float matrix of the fitted columns, in the fitted order."""
        check_is_fitted(self, "feature_names_in_")
        names = list(self.feature_names_in_)
        if isinstance(X, pd.DataFrame):
            columns = [str(c) for c in X.columns]
            missing = [c for c in names if c not in columns]
            if missing:
                raise InputError(f"{self._label()}: `X` lacks the fitted column(s) {missing}")
            frame = as_frame(X.set_axis(columns, axis=1)[names])
        else:
            frame = as_frame(X)
            if frame.shape[1] != len(names):
                raise InputError(f"{self._label()}: `X` has {frame.shape[1]} columns; the "
                                 f"model was fitted on {len(names)}")
        return frame.to_numpy(dtype=float)

    def _series(self, values) -> pd.Series:
        """A per-feature Series indexed by the fitted names."""
        return pd.Series(np.asarray(values, dtype=float), index=list(self.feature_names_in_))


def check_count(value, name: str, who: str, minimum: int = 1) -> int:
    """``value`` as an int if it is a whole number >= ``minimum``, else an error
    naming the learner ``who`` and the option ``name``."""
    whole = (isinstance(value, (int, float, np.integer, np.floating))
             and not isinstance(value, bool) and np.isfinite(value) and int(value) == value)
    if not whole or value < minimum:
        what = {0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"an integer >= {minimum}")
        raise InputError(f"{who}: `{name}` must be {what}; got {value}")
    return int(value)


def constant_columns(values: np.ndarray) -> np.ndarray:
    """Boolean mask of the columns with a single value."""
    return np.ptp(values, axis=0) == 0
