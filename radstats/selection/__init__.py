"""Feature and term selection."""

from radstats.selection.correlation import find_correlation
from radstats.selection.icc import ICCFilterResult, icc, icc_filter
from radstats.selection.stepwise import StepwiseResult, stepwise

__all__ = [
    "ICCFilterResult", "StepwiseResult", "find_correlation", "icc", "icc_filter", "stepwise",
]
