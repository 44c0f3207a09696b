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
