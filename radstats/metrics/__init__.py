"""Performance metrics for risk and probability predictions."""

from radstats.metrics.bootstrap import BootstrapResult, bootstrap_ci
from radstats.metrics.calibration import (
    CalibrationStats, HosmerLemeshowResult, calibration_stats, hosmer_lemeshow,
)
from radstats.metrics.calibration import calibration_curve
from radstats.metrics.calibrate import CalibrateResult, calibrate
from radstats.metrics.survival_calibration import survival_calibration
from radstats.metrics.calibrate_survival import SurvivalCalibrateResult, calibrate_survival
from radstats.metrics.concordance import ConcordanceResult, concordance_index
from radstats.metrics.decision_curve import decision_curve, decision_curve_survival
from radstats.metrics.time_dependent import time_dependent_auc, time_dependent_cindex
from radstats.metrics.roc import (
    AUCResult, ClassificationSummary, DeLongTest, YoudenResult, classification_summary,
    delong_test, roc_auc, roc_curve, youden,
)

__all__ = [
    "AUCResult", "BootstrapResult", "CalibrationStats", "ClassificationSummary",
    "ConcordanceResult", "DeLongTest",
    "HosmerLemeshowResult", "YoudenResult", "bootstrap_ci", "calibration_stats",
    "classification_summary",
    "concordance_index", "decision_curve", "decision_curve_survival", "delong_test",
    "hosmer_lemeshow", "roc_auc",
    "roc_curve", "time_dependent_auc", "time_dependent_cindex", "youden",
]
__all__ += ["CalibrateResult", "calibrate", "calibration_curve", "survival_calibration"]
__all__ += ["SurvivalCalibrateResult", "calibrate_survival"]
