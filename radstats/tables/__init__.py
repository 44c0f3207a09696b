"""Tables of a clinical study: baseline characteristics ("Table 1")."""

from radstats.tables.baseline import BaselineTable, baseline_table
from radstats.tables.performance import PerformanceTable, performance_table

__all__ = ["BaselineTable", "baseline_table"]
__all__ += ["PerformanceTable", "performance_table"]
