"""Helpers for proving agreement with R: load reference fixtures and compare.

Fixtures are JSON files written by ``reference_r/`` with jsonlite at full
precision, one per case: ``{"area", "case", "call", "inputs", "outputs",
"tolerance", "r_version", "packages"}``. Every tolerance lives in the fixture
beside the value it applies to, so a test states no numbers of its own.
R's ``NA``, ``NaN`` and ``Inf`` are all written as ``null``: a ``null`` expected
value matches any non-finite actual value.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

_SOURCE_ROOT = Path(__file__).resolve().parents[1]
_RECORDERS: list[list] = []  # open ``record_errors`` blocks


def fixture_root() -> Path:
    """The repository's ``tests/fixtures`` (override with ``RADSTATS_FIXTURES``)."""
    return Path(os.environ.get("RADSTATS_FIXTURES", _SOURCE_ROOT / "tests" / "fixtures"))


def list_r_fixtures(area: str, prefix: str = "") -> list[str]:
    """Names of the frozen cases of ``area`` whose name starts with ``prefix``."""
    return sorted(p.stem for p in (fixture_root() / "r" / area).glob(f"{prefix}*.json"))


def load_r_fixture(area: str, case: str) -> dict:
    """Load ``tests/fixtures/r/<area>/<case>.json``.

    Examples
    --------
    >>> fx = load_r_fixture("survival", "coxph_lung_efron")
    >>> fx["tolerance"]["coef"]["rtol"]
    1e-06
    """
    path = fixture_root() / "r" / area / f"{case}.json"
    if not path.exists():
        raise FileNotFoundError(f"no R fixture {path}; run `make -C reference_r all`")
    return json.loads(path.read_text())


def fixture_frame(inputs: Mapping, columns=()) -> pd.DataFrame:
    """The input data of a case, prepared as the R script prepares it.

    Reads ``tests/fixtures/data/<inputs['data']>.csv``, applies ``factor_levels``
    (as pandas categoricals in R's level order) and ``filter``, and keeps the
    complete cases of ``columns`` (R's ``na.omit``).
    """
    frame = pd.read_csv(fixture_root() / "data" / f"{inputs['data']}.csv")
    for column, levels in (inputs.get("factor_levels") or {}).items():
        frame[column] = pd.Categorical(_as_labels(frame[column]), categories=levels)
    if inputs.get("filter"):
        frame = frame[frame[inputs["filter"]["column"]] == inputs["filter"]["value"]]
    return frame.dropna(subset=list(columns)).reset_index(drop=True)


def _as_labels(values: pd.Series) -> pd.Series:
    """Values as R's ``factor()`` sees them: integral numbers without a decimal part."""
    if pd.api.types.is_numeric_dtype(values) and (values.dropna() % 1 == 0).all():
        return values.astype("Int64").astype("string")
    return values


def _tolerance(fixture: Mapping, key: str) -> dict:
    tolerances = fixture.get("tolerance", {})
    for candidate in (key, key.split(".")[-1], key.split(".")[0]):
        if candidate in tolerances:
            return tolerances[candidate]
    raise KeyError(f"fixture {fixture.get('case')!r} states no tolerance for {key!r}")


def _expected(fixture: Mapping, key: str):
    value = fixture["outputs"]
    for part in key.split("."):
        value = value[part]
    return value


def _as_aligned(actual, expected):
    """Return (actual, expected) as float arrays, aligning named values by name."""
    if isinstance(expected, Mapping):
        names = list(expected)
        if isinstance(actual, pd.Series):
            actual = actual.to_dict()
        missing = [n for n in names if n not in actual]
        extra = [n for n in actual if n not in expected]
        if missing or extra:
            raise AssertionError(f"names differ from R: missing {missing}, unexpected {extra}")
        actual = [actual[n] for n in names]
        expected = [expected[n] for n in names]
    expected = np.array([np.nan if v is None else v for v in np.atleast_1d(expected)], dtype=float)
    actual = np.atleast_1d(np.asarray(actual, dtype=float)).ravel()
    if actual.shape != expected.shape:
        raise AssertionError(f"shape {actual.shape} differs from R's {expected.shape}")
    return actual, expected


def assert_matches_r(actual, fixture: Mapping, key: str, tolerance: Mapping | None = None) -> None:
    """Assert ``actual`` equals R's ``outputs[key]`` within the fixture's tolerance.

    Parameters
    ----------
    actual : scalar, array-like, Series or dict
        Named values (Series/dict) are matched to R's named values by name.
    fixture : dict
        A fixture from :func:`load_r_fixture` (or computed live through rpy2).
    key : str
        Output name; dots reach into nested outputs (``"lr_test.statistic"``).
    tolerance : dict, optional
        ``{"rtol", "atol"}`` overriding the fixture's (for tests of R's own
        structure, e.g. counts that must be exact).

    Raises
    ------
    AssertionError
        Naming the case, the output, the worst element and its relative error.
    """
    tol = tolerance or _tolerance(fixture, key)
    actual, expected = _as_aligned(actual, _expected(fixture, key))
    missing = np.isnan(expected)
    if not np.array_equal(missing, ~np.isfinite(actual)):
        where = int(np.flatnonzero(missing != ~np.isfinite(actual))[0])
        raise AssertionError(
            f"{fixture.get('case')}/{key}[{where}]: R gives {expected[where]}, "
            f"radstats {actual[where]} (non-finite in one only)"
        )
    a, e = actual[~missing], expected[~missing]
    error = np.abs(a - e)
    allowed = tol["atol"] + tol["rtol"] * np.abs(e)
    for record in _RECORDERS:
        record.append(_error_row(fixture, key, e, error, allowed, tol))
    if (error > allowed).any():
        worst = int(np.argmax(error - allowed))
        relative = error[worst] / abs(e[worst]) if e[worst] else np.inf
        raise AssertionError(
            f"{fixture.get('case')}/{key}: {int((error > allowed).sum())} of {len(e)} values "
            f"outside rtol={tol['rtol']}, atol={tol['atol']}; worst: R {e[worst]!r} vs "
            f"radstats {a[worst]!r} (relative error {relative:.3g})"
        )


@contextlib.contextmanager
def record_errors():
    """Collect, for every :func:`assert_matches_r` call inside the block, how far
    radstats was from R: one dict per call with ``area, case, key, n``,
    ``max_abs_error``, ``max_rel_error`` (over elements whose R value is not 0),
    ``share_of_tolerance`` (largest error / allowed error; above 1 fails),
    ``rtol`` and ``atol``.

    Examples
    --------
    >>> fx = load_r_fixture("survival", "coxph_lung_efron")
    >>> with record_errors() as rows:
    ...     assert_matches_r(fx["outputs"]["coef"], fx, "coef")
    >>> rows[0]["key"], rows[0]["max_abs_error"]
    ('coef', 0.0)
    """
    rows: list = []
    _RECORDERS.append(rows)
    try:
        yield rows
    finally:
        _RECORDERS.remove(rows)


def _error_row(fixture, key, expected, error, allowed, tol) -> dict:
    nonzero = expected != 0
    relative = error[nonzero] / np.abs(expected[nonzero])
    share = np.divide(error, allowed, out=np.where(error > 0, np.inf, 0.0), where=allowed > 0)
    return {"area": fixture.get("area"), "case": fixture.get("case"), "key": key,
            "n": int(error.size), "max_abs_error": float(error.max(initial=0.0)),
            "max_rel_error": float(relative.max(initial=0.0)),
            "share_of_tolerance": float(share.max(initial=0.0)),
            "rtol": tol["rtol"], "atol": tol["atol"]}
