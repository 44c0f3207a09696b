"""Feature and term selection."""

from radstats.selection.stepwise import StepwiseResult, stepwise

__all__ = ["StepwiseResult", "stepwise"]
