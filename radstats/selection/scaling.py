"""Z-scores fitted on the training cohort and applied unchanged to the others."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from radstats._core.errors import InputError
from radstats._core.validation import as_frame


class ZScore(TransformerMixin, BaseEstimator):
    """Centre and scale features by the training cohort's mean and SD.

    Attributes
    ----------
    mean_, scale_ : pandas.Series
        Training means and sample standard deviations (``ddof=1``), by feature.

    Notes
    -----
    Matches R's ``scale(x)`` on the training data, and ``scale(new, center =
    attr(s, "scaled:center"), scale = attr(s, "scaled:scale"))`` on other cohorts
    (1e-12). Unlike scikit-learn's StandardScaler it divides by the sample SD, as
    R and the radiomics literature do. Constant features are an error (named).

    Examples
    --------
    >>> import pandas as pd
    >>> train = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    >>> ZScore().fit(train).transform(pd.DataFrame({"a": [2.0, 4.0]}))["a"].tolist()
    [0.0, 2.0]
    """

    def fit(self, X, y=None) -> "ZScore":
        frame = as_frame(X)
        non_numeric = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
        if non_numeric:
            raise InputError(f"feature(s) {non_numeric[:5]} are not numeric")
        self.mean_ = frame.mean()
        self.scale_ = frame.std(ddof=1)
        constant = self.scale_.index[~(self.scale_ > 0)].tolist()
        if constant:
            raise InputError(f"feature(s) {constant[:10]} are constant in the training data")
        self.feature_names_in_ = np.asarray(frame.columns, dtype=object)
        return self

    def transform(self, X) -> pd.DataFrame:
        frame = as_frame(X)
        missing = [c for c in self.feature_names_in_ if c not in frame.columns]
        if missing:
            raise InputError(f"X lacks feature(s) {missing[:10]} seen in fit")
        return (frame[list(self.feature_names_in_)] - self.mean_) / self.scale_

    def get_feature_names_out(self, input_features=None):
        return self.feature_names_in_
