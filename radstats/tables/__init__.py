"""Tables of a clinical study: baseline characteristics ("Table 1") and model
performance by cohort ("Table 2")."""

from radstats.tables.baseline import BaselineTable, baseline_table
from radstats.tables.performance import PerformanceTable, performance_table

__all__ = [
    "BaselineTable", "PerformanceTable", "baseline_table", "performance_table",
]
