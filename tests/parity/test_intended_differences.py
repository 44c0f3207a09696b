"""Known, intended differences from R: strict xfails with the reason, and a test
showing exactly where R's number comes from."""

import warnings

import numpy as np
import pytest

from radstats.metrics import calibration_stats, roc_auc
from radstats.testing import assert_matches_r, fixture_frame, list_r_fixtures, load_r_fixture

VALPROB = list_r_fixtures("metrics", "valprob_")


def _calibration(case):
    fx = load_r_fixture("metrics", case)
    data = fixture_frame(fx["inputs"], ["y", fx["inputs"]["prob"]])
    return fx, data["y"].to_numpy(), data[fx["inputs"]["prob"]].to_numpy()


@pytest.mark.xfail(strict=True, reason=(
    "rms::val.prob takes C and Dxy from lrm.fit, which ranks probabilities rounded to 0.01 "
    "and drops p = 0 or 1; radstats reports the exact C (pROC's AUC) on every observation"))
@pytest.mark.parametrize("case", VALPROB)
def test_valprob_c_index_is_exact_not_binned(case):
    fx, y, prob = _calibration(case)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_matches_r(calibration_stats(y, prob).c_index, fx, "c_index")


@pytest.mark.parametrize("case", VALPROB)
def test_valprob_c_index_is_the_auc_of_probabilities_rounded_to_a_hundredth(case):
    fx, y, prob = _calibration(case)
    finite = (prob > 0) & (prob < 1)
    rounded = np.floor(prob[finite] * 100 + 0.5) / 100
    assert_matches_r(roc_auc(y[finite], rounded, direction="<").estimate, fx, "c_index")
