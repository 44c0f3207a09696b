"""Speed benchmarks: radstats against R (survival), timed side by side in one run."""
