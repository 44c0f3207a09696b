"""Publication figures. The only radstats package that uses matplotlib, which
it imports when drawing, not on import."""

from radstats.plots.calibration import CalibrationDisplay
from radstats.plots.decision_curve import DecisionCurveDisplay
from radstats.plots.forest import ForestPlotDisplay
from radstats.plots.kaplan_meier import KaplanMeierDisplay
from radstats.plots.nomogram import NomogramDisplay
from radstats.plots.roc import RocCurveDisplay
from radstats.plots.screen import ScreenHeatmapDisplay

__all__ = ["CalibrationDisplay", "DecisionCurveDisplay", "ForestPlotDisplay", "KaplanMeierDisplay",
           "NomogramDisplay", "RocCurveDisplay"]
__all__ += ["ScreenHeatmapDisplay"]
