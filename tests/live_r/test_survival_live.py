"""radstats.survival against R evaluated live through rpy2 (marker r_live)."""

import pytest

from radstats.testing import list_r_fixtures
from tests.survival_checks import check_case

pytestmark = pytest.mark.r_live


@pytest.mark.parametrize("case", list_r_fixtures("survival"))
def test_survival_matches_live_r(live_r, case):
    check_case(live_r.case("survival", case))


def test_every_reference_case_is_frozen(live_r):
    """The frozen fixtures cover every case the R script defines."""
    assert sorted(live_r.case_names("survival")) == list_r_fixtures("survival")
