"""The benchmark data simulator: shape, columns, determinism (no timing, no R)."""

import numpy as np
import pandas as pd

from benchmarks.simulate import simulate_survival


def test_simulate_survival_shape_and_columns():
    data = simulate_survival(500, 7, random_state=3)
    assert data.shape == (500, 7 + 3)
    assert list(data.columns) == [f"x{j}" for j in range(1, 8)] + ["time", "event", "group"]
    assert set(np.unique(data["event"])) == {0, 1}
    assert set(np.unique(data["group"])) == {0, 1}
    assert (data["time"] > 0).all()
    assert np.allclose(data["time"], data["time"].round(2))
    assert np.allclose(data.filter(like="x"), data.filter(like="x").round(4))
    assert 0.2 < 1 - data["event"].mean() < 0.4  # about 30% censored


def test_simulate_survival_is_deterministic():
    first = simulate_survival(200, 5, random_state=11)
    pd.testing.assert_frame_equal(first, simulate_survival(200, 5, random_state=11))
    assert not first.equals(simulate_survival(200, 5, random_state=12))


def test_simulated_times_have_ties():
    data = simulate_survival(5000, 2, random_state=0)
    assert data["time"].nunique() < len(data)
