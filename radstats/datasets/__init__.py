"""Bundled public data sets, exported once from R's survival package.

``reference_r/datasets.R`` wrote the CSV files and the factor levels; the
loaders restore R's factor columns as pandas categoricals in R's level order,
so models code them exactly as R does. See ``radstats/datasets/README.md``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import pandas as pd

from radstats.datasets.simulate import GeneratingModel, SimulatedCohort, simulate_cohort

__all__ = ["load_colon", "load_lung", "load_pbc", "load_veteran"]
__all__ += ["GeneratingModel", "SimulatedCohort", "simulate_cohort"]


@cache
def _factor_levels() -> dict:
    text = resources.files(__package__).joinpath("data", "levels.json").read_text()
    return json.loads(text)["factor_levels"]


def _load(name: str) -> pd.DataFrame:
    with resources.files(__package__).joinpath("data", f"{name}.csv").open() as handle:
        frame = pd.read_csv(handle)
    for column, levels in _factor_levels()[name].items():
        frame[column] = pd.Categorical(frame[column], categories=levels)
    return frame


def load_lung() -> pd.DataFrame:
    """NCCTG advanced lung cancer survival (survival::lung), 228 patients.

    Columns as in R. ``status`` keeps R's coding **1 = censored, 2 = dead**:
    pass ``lung["status"] == 2`` as the event. Missing values are NaN.

    Examples
    --------
    >>> lung = load_lung()
    >>> lung.shape, int((lung["status"] == 2).sum())
    ((228, 10), 165)
    """
    return _load("lung")


def load_pbc() -> pd.DataFrame:
    """Mayo Clinic primary biliary cholangitis (survival::pbc), 418 patients.

    ``status``: 0 = censored, 1 = transplant, 2 = dead. ``sex`` is a categorical
    with R's levels ("m", "f").

    Examples
    --------
    >>> load_pbc()["sex"].cat.categories.tolist()
    ['m', 'f']
    """
    return _load("pbc")


def load_veteran() -> pd.DataFrame:
    """Veterans' Administration lung cancer trial (survival::veteran), 137 patients.

    ``status``: 1 = dead, 0 = censored. ``celltype`` is a categorical with R's
    levels (squamous, smallcell, adeno, large).

    Examples
    --------
    >>> load_veteran()["celltype"].cat.categories.tolist()
    ['squamous', 'smallcell', 'adeno', 'large']
    """
    return _load("veteran")


def load_colon() -> pd.DataFrame:
    """Adjuvant chemotherapy for colon cancer (survival::colon), 929 patients.

    Two rows per patient: ``etype`` 1 = recurrence, 2 = death; ``status`` 1 = event.
    ``rx`` is a categorical with R's levels (Obs, Lev, Lev+5FU).

    Examples
    --------
    >>> colon = load_colon()
    >>> colon["id"].nunique(), colon["rx"].cat.categories.tolist()
    (929, ['Obs', 'Lev', 'Lev+5FU'])
    """
    return _load("colon")
