"""Performance metrics for risk and probability predictions."""

from radstats.metrics.concordance import ConcordanceResult, concordance_index
from radstats.metrics.roc import AUCResult, DeLongTest, delong_test, roc_auc, roc_curve

__all__ = [
    "AUCResult", "ConcordanceResult", "DeLongTest", "concordance_index", "delong_test",
    "roc_auc", "roc_curve",
]
