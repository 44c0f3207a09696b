"""Run a prepared screen problem and wrap its rows in a :class:`ScreenResult`."""

from __future__ import annotations

from radstats.screen.engine import Problem, Screen, Settings, root_entropy
from radstats.screen.inputs import frame_digest
from radstats.screen.result import ScreenResult


def execute(problem: Problem, combinations, factories, *, frames, cv: str, random_state,
            n_jobs, checkpoint, n_splits: int, n_repeats: int, min_selected: int,
            progress: bool, options: dict, events: int) -> ScreenResult:
    """Run ``combinations`` on ``problem``; ``frames`` (the raw data) and ``options``
    (the screen's own settings) identify the run in a checkpoint."""
    entropy = root_entropy(random_state)
    settings = Settings(cv=cv, entropy=entropy, n_jobs=n_jobs, n_splits=n_splits,
                        n_repeats=n_repeats, min_selected=min_selected, checkpoint=checkpoint,
                        progress=progress)
    common = {"kind": problem.kind, "cv": cv, "n_splits": n_splits, "n_repeats": n_repeats,
              "min_selected": min_selected, "features": list(problem.X.columns),
              "cohorts": list(problem.cohorts), **options}
    fingerprint = {**common, "data": frame_digest(*frames),
                   "random_state": None if random_state is None else entropy}
    screen = Screen(problem, combinations, factories, settings, fingerprint)
    rows = screen.run()
    return ScreenResult.from_rows(rows, screen, {
        **common, "entropy": settings.entropy, "n": len(problem.X), "events": events,
        "metric": problem.metric_columns[0]})
