"""Simulated right-censored survival data for the speed benchmarks."""

from __future__ import annotations

import numpy as np
import pandas as pd

BASELINE_HAZARD = 0.1
CENSORED_FRACTION = 0.3


def simulate_survival(n: int, p: int, random_state: int = 0) -> pd.DataFrame:
    """Exponential survival times under a Cox model with independent censoring.

    Returns a DataFrame with columns ``x1..xp`` (standard normal, rounded to 4
    decimals), ``time`` (rounded to 2 decimals, so larger samples have tied
    times; at least 0.01), ``event`` (1 = observed, about 30% censored) and
    ``group`` (0/1, for Kaplan–Meier by group). The true log hazard ratios are
    0.3 for ``x1..x3`` and 0 for the rest. The same ``random_state`` gives the
    same frame.

    Examples
    --------
    >>> d = simulate_survival(100, 5, random_state=1)
    >>> list(d.columns)
    ['x1', 'x2', 'x3', 'x4', 'x5', 'time', 'event', 'group']
    """
    if n < 2 or p < 1:
        raise ValueError(f"need n >= 2 and p >= 1, got n={n}, p={p}")
    rng = np.random.default_rng(random_state)
    X = np.round(rng.standard_normal((n, p)), 4)
    beta = np.zeros(p)
    beta[:3] = 0.3
    hazard = BASELINE_HAZARD * np.exp(X @ beta)
    event_time = rng.exponential(1.0 / hazard)
    # Exponential censoring at rate c censors a fraction c / (c + hazard): ~30% here.
    censor_rate = BASELINE_HAZARD * CENSORED_FRACTION / (1 - CENSORED_FRACTION)
    censor_time = rng.exponential(1.0 / censor_rate, size=n)
    time = np.maximum(np.round(np.minimum(event_time, censor_time), 2), 0.01)
    event = (event_time <= censor_time).astype(np.int64)
    group = rng.integers(0, 2, size=n)
    frame = pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(p)])
    frame["time"] = time
    frame["event"] = event
    frame["group"] = group
    return frame


def simulate_binary(n: int, p: int, random_state: int = 0) -> pd.DataFrame:
    """A binary outcome from a logistic model, with a prediction score.

    Columns ``x1..xp`` (standard normal, 4 decimals; log odds ratio 0.5 for
    ``x1..x3``), ``y`` (0/1, about 40% events) and ``score`` (a noisy risk
    score rounded to 3 decimals, so large samples have tied scores).

    Examples
    --------
    >>> list(simulate_binary(50, 2).columns)
    ['x1', 'x2', 'y', 'score']
    """
    if n < 4 or p < 1:
        raise ValueError(f"need n >= 4 and p >= 1, got n={n}, p={p}")
    rng = np.random.default_rng(random_state)
    X = np.round(rng.standard_normal((n, p)), 4)
    beta = np.zeros(p)
    beta[:3] = 0.5
    logit = -0.4 + X @ beta
    frame = pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(p)])
    frame["y"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    frame["score"] = np.round(logit + rng.normal(0, 1, n), 3)
    return frame


def simulate_features(n: int, p: int, block: int = 10, random_state: int = 0) -> pd.DataFrame:
    """A radiomics-like feature table: ``p`` features in blocks of correlated columns.

    Each block of ``block`` columns shares a standard-normal latent factor;
    each column adds its own noise (sd between 0.1 and 1, so within-block
    correlations range from about 0.5 to 0.99). Columns ``x1..xp``, rounded to
    4 decimals.

    Examples
    --------
    >>> simulate_features(20, 25, random_state=1).shape
    (20, 25)
    """
    if n < 3 or p < 2:
        raise ValueError(f"need n >= 3 and p >= 2, got n={n}, p={p}")
    rng = np.random.default_rng(random_state)
    latent = rng.standard_normal((n, -(-p // block)))
    noise_sd = rng.uniform(0.1, 1.0, size=p)
    X = latent[:, np.arange(p) // block] + rng.standard_normal((n, p)) * noise_sd
    return pd.DataFrame(np.round(X, 4), columns=[f"x{j + 1}" for j in range(p)])


def simulate_readers(n: int, p: int, random_state: int = 0) -> pd.DataFrame:
    """Two readers' measurements of the same ``p`` features on ``n`` patients.

    Long format: columns ``reader`` (1 or 2), ``id`` and ``x1..xp``; a feature's
    reader noise has sd between 0.05 and 1.5 times its between-patient sd, so the
    ICCs span poor to excellent agreement.

    Examples
    --------
    >>> d = simulate_readers(10, 3, random_state=1)
    >>> d.shape, sorted(d["reader"].unique().tolist())
    ((20, 5), [1, 2])
    """
    rng = np.random.default_rng(random_state)
    truth = simulate_features(n, p, random_state=random_state).to_numpy()
    noise_sd = rng.uniform(0.05, 1.5, size=p)
    frames = []
    for reader in (1, 2):
        values = np.round(truth + rng.standard_normal((n, p)) * noise_sd, 4)
        frame = pd.DataFrame(values, columns=[f"x{j + 1}" for j in range(p)])
        frame.insert(0, "id", [f"p{i + 1:04d}" for i in range(n)])
        frame.insert(0, "reader", reader)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
