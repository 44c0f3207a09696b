"""ROC metrics: bad input gets a clear error naming the problem."""

import numpy as np
import pytest

from radstats import InputError
from radstats.metrics import delong_test, roc_auc, roc_curve


def test_rejects_bad_outcomes():
    with pytest.raises(InputError, match="single class"):
        roc_auc([1, 1, 1], [0.2, 0.5, 0.7])
    with pytest.raises(InputError, match="0/1 or boolean; found 2 at position 1"):
        roc_auc([0, 2, 1], [0.2, 0.5, 0.7])


def test_names_missing_scores_and_mismatched_lengths():
    with pytest.raises(InputError, match="`score` has 1 missing.*position 2"):
        roc_auc([0, 1, 1], [0.2, 0.5, np.nan])
    with pytest.raises(InputError, match="y=3, score=2"):
        roc_curve([0, 1, 1], [0.2, 0.5])


def test_rejects_bad_options():
    with pytest.raises(InputError, match="`direction` must be one of"):
        roc_auc([0, 1], [0.1, 0.9], direction="up")
    with pytest.raises(InputError, match="`ci` must be 'delong'"):
        roc_auc([0, 1], [0.1, 0.9], ci="exact")
    with pytest.raises(InputError, match="unpaired test needs `y2`"):
        delong_test([0, 1, 0, 1], [.1, .9, .2, .8], [.3, .6, .4, .7], paired=False)


def test_warns_when_curves_point_in_different_directions():
    y = [0, 0, 1, 1, 0, 1]
    with pytest.warns(UserWarning, match="different directions"):
        delong_test(y, [.1, .2, .8, .9, .3, .7], [.9, .8, .1, .2, .7, .3])


def test_auc_is_symmetric_under_direction():
    y = [0, 0, 1, 1, 0, 1]
    score = np.array([.1, .4, .35, .8, .2, .9])
    assert roc_auc(y, score, direction="<").estimate == pytest.approx(
        roc_auc(y, -score, direction=">").estimate)


def test_hosmer_lemeshow_rejects_bad_probabilities_and_warns_on_ties():
    from radstats.metrics import hosmer_lemeshow

    with pytest.raises(InputError, match=r"must lie in \[0, 1\]; found 1.2 at position 1"):
        hosmer_lemeshow([0, 1, 1], [0.2, 1.2, 0.5])
    y = np.tile([0, 1], 20)
    prob = np.repeat([0.2, 0.4, 0.6, 0.8], 10)
    with pytest.warns(UserWarning, match="only 4 distinct risk groups from 10 requested"):
        result = hosmer_lemeshow(y, prob, g=10)
    assert result.df == 8 and len(result.table) == 4


def test_decision_curve_rejects_thresholds_outside_the_unit_interval():
    from radstats.metrics import decision_curve

    with pytest.raises(InputError, match=r"`thresholds` must lie in \[0, 1\)"):
        decision_curve([0, 1], [0.2, 0.8], thresholds=[0.5, 1.0])


def test_youden_reports_every_tied_threshold():
    from radstats.metrics import youden

    result = youden([0, 1, 0, 1], [1, 2, 3, 4])  # J = 0.5 at 1.5 and at 3.5
    assert result.meta["tied_thresholds"] == [1.5, 3.5]
    assert (result.threshold, result.youden_index) == (1.5, 0.5)


def test_calibration_stats_warns_about_probabilities_of_zero_or_one():
    from radstats.metrics import calibration_stats

    y = [0, 1, 0, 1, 0, 1, 1, 0, 1]
    prob = [0.0, .3, .6, .8, .4, .7, .5, .2, 1.0]
    with pytest.warns(UserWarning, match="2 observation.*probability 0 or 1 left out"):
        result = calibration_stats(y, prob)
    assert result.n == 9 and 0 <= result.brier <= 1
