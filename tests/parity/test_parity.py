"""radstats against the frozen R fixtures of every area (runs everywhere)."""

import pytest

from radstats.testing import list_r_fixtures, load_r_fixture
from tests.checks import AREAS

CASES = [(area, case) for area in AREAS for case in list_r_fixtures(area)]


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_fixtures(area):
    assert list_r_fixtures(area), f"run `make -C reference_r all` to generate {area} fixtures"


@pytest.mark.parametrize("area, case", CASES, ids=[f"{a}/{c}" for a, c in CASES])
def test_matches_r(area, case):
    AREAS[area](load_r_fixture(area, case))
