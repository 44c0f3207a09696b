"""radstats.survival and concordance_index against frozen R fixtures."""

import pytest

from radstats.testing import list_r_fixtures, load_r_fixture
from tests.survival_checks import check_case

CASES = list_r_fixtures("survival")


def test_fixtures_exist():
    assert len(CASES) >= 20, "run `make -C reference_r all` to generate the R fixtures"


@pytest.mark.parametrize("case", CASES)
def test_survival_matches_r(case):
    check_case(load_r_fixture("survival", case))
