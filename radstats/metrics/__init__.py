"""Performance metrics for risk and probability predictions."""

from radstats.metrics.concordance import ConcordanceResult, concordance_index

__all__ = ["ConcordanceResult", "concordance_index"]
