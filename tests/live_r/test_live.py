"""radstats against R evaluated live through rpy2, for every area (marker r_live)."""

import pytest

from radstats.testing import list_r_fixtures
from tests.checks import AREAS

pytestmark = pytest.mark.r_live
CASES = [(area, case) for area in AREAS for case in list_r_fixtures(area)]


@pytest.mark.parametrize("area, case", CASES, ids=[f"{a}/{c}" for a, c in CASES])
def test_matches_live_r(live_r, area, case):
    AREAS[area](live_r.case(area, case))


@pytest.mark.parametrize("area", AREAS)
def test_every_reference_case_is_frozen(live_r, area):
    """The frozen fixtures cover every case the area's R script defines."""
    assert sorted(live_r.case_names(area)) == list_r_fixtures(area)
