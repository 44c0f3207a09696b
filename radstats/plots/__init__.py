"""Publication figures. The only radstats package that uses matplotlib, which
it imports when drawing, not on import."""

from radstats.plots.kaplan_meier import KaplanMeierDisplay

__all__ = ["KaplanMeierDisplay"]
