"""Performance metrics for risk and probability predictions."""

from radstats.metrics.calibration import HosmerLemeshowResult, hosmer_lemeshow
from radstats.metrics.concordance import ConcordanceResult, concordance_index
from radstats.metrics.roc import AUCResult, DeLongTest, delong_test, roc_auc, roc_curve

__all__ = [
    "AUCResult", "ConcordanceResult", "DeLongTest", "HosmerLemeshowResult", "concordance_index",
    "delong_test", "hosmer_lemeshow",
    "roc_auc", "roc_curve",
]
