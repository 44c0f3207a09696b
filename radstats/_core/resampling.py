"""Bootstrap resampling with per-replicate seeds, parallel through joblib.

:func:`bootstrap_replicates` draws each sample inside the worker that uses it;
:func:`bootstrap_samples` + :func:`run_replicates` take the samples up front (so
R's own ``resamples`` can be replayed, as ``calibrate`` does) and
:func:`mean_over_replicates` averages what the refits gave.

Replicate ``b`` always draws its rows from ``SeedSequence(random_state).spawn``'s
``b``-th child, whatever the batching or the number of workers, so results do
not depend on ``n_jobs`` or on the joblib backend (a Dask or Ray cluster via
``joblib.parallel_config`` included).
"""

from __future__ import annotations

import warnings

import numpy as np
from joblib import Parallel, delayed

from radstats._core.errors import InputError


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


def bootstrap_samples(n: int, n_boot: int, random_state, resamples) -> list[np.ndarray]:
    """Row indices of each bootstrap sample: drawn from per-replicate seeds, or
    ``resamples`` (0-based, one row per replicate) checked against ``n``."""
    if resamples is None:
        return [resample_indices(seed, n, None) for seed in replicate_seeds(random_state, n_boot)]
    samples = np.asarray(resamples, dtype=int)
    if samples.ndim != 2 or samples.shape[1] != n or samples.min() < 0 or samples.max() >= n:
        raise InputError(f"`resamples` must be (n_boot, {n}) row indices in [0, {n - 1}]")
    return list(samples)


def _batch(replicate, samples) -> np.ndarray:
    return np.array([replicate(rows) for rows in samples])


def run_replicates(replicate, samples, n_jobs: int) -> np.ndarray:
    """``replicate(rows)`` for every sample, ten to a joblib task, stacked in
    sample order (so the result does not depend on ``n_jobs``)."""
    batches = [samples[i:i + 10] for i in range(0, len(samples), 10)]
    return np.concatenate(Parallel(n_jobs=n_jobs)(
        delayed(_batch)(replicate, batch) for batch in batches))


def mean_over_replicates(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Mean over replicates (axis 0) of the values that are not NaN, their count,
    and the number of replicates fitted; warns when whole replicates (failed
    refits) are NaN."""
    failed = np.isnan(values).reshape(len(values), -1).all(axis=1)
    if failed.any():
        warnings.warn(f"{int(failed.sum())} of {len(values)} bootstrap refits failed and are "
                      "left out", stacklevel=3)
    used = ~np.isnan(values)
    count = used.sum(axis=0)
    with np.errstate(invalid="ignore"):
        mean = np.where(used, values, 0.0).sum(axis=0) / count
    return mean, count, int((~failed).sum())
