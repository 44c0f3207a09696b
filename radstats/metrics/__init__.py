"""Performance metrics for risk and probability predictions."""

from radstats.metrics.calibration import (
    CalibrationStats, HosmerLemeshowResult, calibration_stats, hosmer_lemeshow,
)
from radstats.metrics.concordance import ConcordanceResult, concordance_index
from radstats.metrics.decision_curve import decision_curve
from radstats.metrics.roc import (
    AUCResult, DeLongTest, YoudenResult, delong_test, roc_auc, roc_curve, youden,
)

__all__ = [
    "AUCResult", "CalibrationStats", "ConcordanceResult", "DeLongTest", "HosmerLemeshowResult", "concordance_index",
    "YoudenResult", "calibration_stats", "decision_curve", "delong_test", "hosmer_lemeshow", "roc_auc", "roc_curve",
    "youden",
]
