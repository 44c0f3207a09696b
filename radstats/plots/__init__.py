"""Publication figures. The only radstats package that uses matplotlib, which
it imports when drawing, not on import."""

from radstats.plots.calibration import CalibrationDisplay
from radstats.plots.decision_curve import DecisionCurveDisplay
from radstats.plots.forest import ForestPlotDisplay
from radstats.plots.glmnet import (
    CoefficientBarDisplay, CoefficientPathDisplay, CVCurveDisplay, LassoDisplay,
)
from radstats.plots.heatmap import MetricHeatmapDisplay
from radstats.plots.kaplan_meier import KaplanMeierDisplay
from radstats.plots.nomogram import NomogramDisplay
from radstats.plots.risk_score import RiskScoreDisplay
from radstats.plots.roc import RocCurveDisplay
from radstats.plots.screen import ScreenHeatmapDisplay
from radstats.plots.survival_calibration import SurvivalCalibrationDisplay
from radstats.plots.time_dependent import TimeDependentDisplay
from radstats.plots.waterfall import WaterfallDisplay

__all__ = [
    "CVCurveDisplay", "CalibrationDisplay", "CoefficientBarDisplay", "CoefficientPathDisplay",
    "DecisionCurveDisplay", "ForestPlotDisplay", "KaplanMeierDisplay", "LassoDisplay",
    "MetricHeatmapDisplay", "NomogramDisplay", "RiskScoreDisplay", "RocCurveDisplay",
    "ScreenHeatmapDisplay", "SurvivalCalibrationDisplay", "TimeDependentDisplay",
    "WaterfallDisplay",
]
