"""Performance metrics for risk and probability predictions."""

from radstats.metrics.bootstrap import BootstrapResult, bootstrap_ci
from radstats.metrics.calibrate import CalibrateResult, calibrate
from radstats.metrics.calibrate_survival import SurvivalCalibrateResult, calibrate_survival
from radstats.metrics.calibration import (
    CalibrationStats, HosmerLemeshowResult, calibration_curve, calibration_stats,
    hosmer_lemeshow,
)
from radstats.metrics.concordance import ConcordanceResult, concordance_index
from radstats.metrics.decision_curve import decision_curve, decision_curve_survival
from radstats.metrics.roc import (
    AUCResult, ClassificationSummary, DeLongTest, YoudenResult, classification_summary,
    delong_test, roc_auc, roc_curve, youden,
)
from radstats.metrics.survival_calibration import survival_calibration
from radstats.metrics.time_dependent import time_dependent_auc, time_dependent_cindex

__all__ = [
    "AUCResult", "BootstrapResult", "CalibrateResult", "CalibrationStats", "ClassificationSummary",
    "ConcordanceResult", "DeLongTest", "HosmerLemeshowResult", "SurvivalCalibrateResult",
    "YoudenResult", "bootstrap_ci", "calibrate", "calibrate_survival", "calibration_curve",
    "calibration_stats", "classification_summary", "concordance_index", "decision_curve",
    "decision_curve_survival", "delong_test", "hosmer_lemeshow", "roc_auc", "roc_curve",
    "survival_calibration", "time_dependent_auc", "time_dependent_cindex", "youden",
]
