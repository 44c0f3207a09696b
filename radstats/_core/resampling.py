"""Bootstrap resampling with per-replicate seeds, parallel through joblib.

Replicate ``b`` always draws its rows from ``SeedSequence(random_state).spawn``'s
``b``-th child, whatever the batching or the number of workers, so results do
not depend on ``n_jobs`` or on the joblib backend (a Dask or Ray cluster via
``joblib.parallel_config`` included).
"""

from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed


def replicate_seeds(random_state, n_boot: int) -> list[np.random.SeedSequence]:
    """One independent seed per replicate."""
    if isinstance(random_state, np.random.SeedSequence):
        root = random_state
    elif isinstance(random_state, np.random.Generator):
        root = np.random.SeedSequence(random_state.integers(2**63))
    else:
        root = np.random.SeedSequence(random_state)
    return root.spawn(n_boot)


def resample_indices(seed: np.random.SeedSequence, n: int, strata: np.ndarray | None) -> np.ndarray:
    """Row indices of one bootstrap sample (within strata when given)."""
    rng = np.random.default_rng(seed)
    if strata is None:
        return rng.integers(0, n, n)
    parts = [rng.choice(np.flatnonzero(strata == level), size=int((strata == level).sum()))
             for level in np.unique(strata)]
    return np.concatenate(parts)


def _run_batch(statistic, seeds, n, strata, width):
    out = np.full((len(seeds), width), np.nan)
    for i, seed in enumerate(seeds):
        try:
            out[i] = statistic(resample_indices(seed, n, strata))
        except ValueError:  # e.g. a resample with one class only: not estimable
            pass
    return out


def bootstrap_replicates(statistic, n: int, n_boot: int, random_state=None, n_jobs: int = 1,
                         strata=None, batch_size: int = 50, width: int = 1) -> np.ndarray:
    """``statistic(indices)`` on ``n_boot`` bootstrap samples of ``range(n)``.

    ``statistic`` returns a scalar or ``width`` values; the result has shape
    ``(n_boot, width)``. Replicates whose statistic raises ``ValueError`` (such as
    ``InputError`` for a single-class resample) are NaN.
    """
    seeds = replicate_seeds(random_state, n_boot)
    batches = [seeds[i:i + batch_size] for i in range(0, n_boot, batch_size)]
    results = Parallel(n_jobs=n_jobs)(
        delayed(_run_batch)(statistic, batch, n, strata, width) for batch in batches
    )
    return np.concatenate(results) if results else np.empty((0, width))
