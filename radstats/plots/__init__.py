"""Publication figures. The only radstats package that uses matplotlib, which
it imports when drawing, not on import."""

from radstats.plots.calibration import CalibrationDisplay
from radstats.plots.decision_curve import DecisionCurveDisplay
from radstats.plots.forest import ForestPlotDisplay
from radstats.plots.kaplan_meier import KaplanMeierDisplay
from radstats.plots.lasso import LassoDisplay
from radstats.plots.nomogram import NomogramDisplay
from radstats.plots.roc import RocCurveDisplay
from radstats.plots.heatmap import MetricHeatmapDisplay
from radstats.plots.time_dependent import TimeDependentDisplay
from radstats.plots.waterfall import WaterfallDisplay
from radstats.plots.survival_calibration import SurvivalCalibrationDisplay

__all__ = ["CalibrationDisplay", "DecisionCurveDisplay", "ForestPlotDisplay", "KaplanMeierDisplay",
           "NomogramDisplay", "RocCurveDisplay"]
__all__ += ["MetricHeatmapDisplay", "TimeDependentDisplay", "WaterfallDisplay"]
__all__ += ["LassoDisplay"]
__all__ += ["SurvivalCalibrationDisplay"]
