"""Feature and term selection."""

from radstats.selection.correlation import find_correlation
from radstats.selection.icc import ICCFilterResult, icc, icc_filter
from radstats.selection.scaling import ZScore
from radstats.selection.stepwise import StepwiseResult, stepwise
from radstats.selection.univariate import bh_adjust, univariate_cox, univariate_test

__all__ = [
    "ICCFilterResult", "StepwiseResult", "ZScore", "bh_adjust", "find_correlation", "icc",
    "icc_filter", "stepwise", "univariate_cox", "univariate_test",
]
