"""Input checks shared by the screens: frames, features, cohorts and the fingerprint."""

from __future__ import annotations

import hashlib

import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from radstats._core.errors import InputError
from radstats._core.validation import as_frame, check_int
from radstats.screen.engine import APPARENT, CV_SCHEMES

RESERVED = (APPARENT, *CV_SCHEMES)


def check_frame(frame, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.columns.duplicated().any():
        duplicated = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise InputError(f"{name} has duplicated column(s) {duplicated}")
    return frame


def choose_features(train: pd.DataFrame, outcome_columns: list[str], features) -> list[str]:
    """``features`` checked against ``train`` (default: every non-outcome column)."""
    missing = [c for c in outcome_columns if c not in train.columns]
    if missing:
        raise InputError(f"`train` has no column(s) {missing}")
    if features is None:
        features = [c for c in train.columns if c not in outcome_columns]
    else:
        features = list(features)
        absent = [c for c in features if c not in train.columns]
        if absent:
            raise InputError(f"`train` has no feature column(s) {absent}")
        clash = [c for c in features if c in outcome_columns]
        if clash:
            raise InputError(f"the outcome column(s) {clash} cannot also be features")
    if len(features) < 1:
        raise InputError("no features to screen")
    if len(set(features)) != len(features):
        raise InputError("`features` lists a column more than once")
    non_numeric = [c for c in features
                   if not is_numeric_dtype(train[c].dtype) or is_bool_dtype(train[c].dtype)]
    if non_numeric:
        raise InputError(f"feature column(s) {non_numeric} are not numeric; encode them first "
                         "(the screen's learners take numeric features)")
    return [str(c) for c in features]


def feature_frame(frame: pd.DataFrame, features: list[str], name: str) -> pd.DataFrame:
    """The feature columns of one cohort; missing columns and NaN are named, never filled."""
    absent = [c for c in features if c not in frame.columns]
    if absent:
        raise InputError(f"{name} lacks feature column(s) {absent}; radstats never fills "
                         "missing features (Mime fills them with 0): pass `features` present "
                         "in every cohort")
    X = frame[features]
    non_numeric = [c for c in features
                   if not is_numeric_dtype(X[c].dtype) or is_bool_dtype(X[c].dtype)]
    if non_numeric:
        raise InputError(f"{name} feature column(s) {non_numeric} are not numeric")
    return as_frame(X.astype(float), name)


def check_cohorts(cohorts) -> dict:
    if cohorts is None:
        return {}
    if not isinstance(cohorts, dict):
        raise InputError("`cohorts` must be a dict of name -> DataFrame")
    for name in cohorts:
        if not isinstance(name, str) or not name:
            raise InputError(f"cohort names must be non-empty strings, got {name!r}")
        if name in RESERVED:
            raise InputError(f"cohort name {name!r} is reserved for the screen's own rows "
                             f"({', '.join(RESERVED)})")
    return {name: check_frame(frame, f"cohort {name!r}") for name, frame in cohorts.items()}


def frame_digest(*frames: pd.DataFrame) -> str:
    """A content hash of frames (values, index and column names)."""
    digest = hashlib.sha256()
    for frame in frames:
        digest.update(repr(list(frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def check_cv(cv: str, n_splits: int, n_repeats: int, min_selected: int) -> None:
    if cv not in CV_SCHEMES:
        raise InputError(f"`cv` must be one of {CV_SCHEMES}, got {cv!r}")
    for name, value, low in (("n_splits", n_splits, 2), ("n_repeats", n_repeats, 1),
                             ("min_selected", min_selected, 1)):
        check_int(value, name, low)
