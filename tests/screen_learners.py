"""Small stand-in learners for the screen's tests (importable by parallel workers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from radstats.screen import EmptyModelError
from radstats.survival import CoxPH

FITS: dict[str, int] = {}  # learner label -> fits in this process (n_jobs=1 tests only)


def count(label: str) -> None:
    FITS[label] = FITS.get(label, 0) + 1


def simulate(n: int, seed: int, p: int = 5, event_rate: float = 0.8) -> pd.DataFrame:
    """Features x1..xp; the hazard rises with x1 and x2 (log-hazard ratio 1 each)."""
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.normal(size=(n, p)).round(4), columns=[f"x{j + 1}" for j in range(p)])
    data["time"] = rng.exponential(np.exp(-data["x1"] - data["x2"])).round(3) + 0.001
    data["event"] = (rng.random(n) < event_rate).astype(int)
    return data


class Cox(BaseEstimator):
    """Cox regression on every feature; risk = linear predictor."""

    def __init__(self, label: str = "Cox", random_state=None):
        self.label = label
        self.random_state = random_state

    def fit(self, X, y):
        count(self.label)
        self.model_ = CoxPH().fit(X, y)
        self.coef_ = self.model_.coef_.to_numpy()
        return self

    def predict(self, X):
        return self.model_.predict(X)


class TopK(BaseEstimator):
    """Selector: the k features most correlated with log time, then Cox on them."""

    def __init__(self, k: int = 2, label: str = "TopK", random_state=None):
        self.k = k
        self.label = label
        self.random_state = random_state

    def fit(self, X, y):
        count(self.label)
        logt = np.log(y.time)
        strength = {c: abs(np.corrcoef(X[c], logt)[0, 1]) for c in X.columns}
        self.selected_features_ = sorted(strength, key=strength.get, reverse=True)[:self.k]
        self.model_ = CoxPH().fit(X[self.selected_features_], y)
        return self

    def predict(self, X):
        return self.model_.predict(X[self.selected_features_])


class Noisy(BaseEstimator):
    """Cox plus seeded noise: its predictions depend on ``random_state``."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        self.model_ = CoxPH().fit(X, y)
        self.noise_ = np.random.default_rng(self.random_state).normal(scale=0.5)
        return self

    def predict(self, X):
        lp = self.model_.predict(X)
        rng = np.random.default_rng([self.random_state, len(X)])
        return lp + self.noise_ + rng.normal(scale=0.5, size=len(X))


class Reversed(Cox):
    """A model whose score points the wrong way (higher = longer survival)."""

    def predict(self, X):
        return -super().predict(X)


class Broken(BaseEstimator):
    """Always fails to fit."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        raise ValueError("matrix is singular (stand-in failure)")


class Empty(BaseEstimator):
    """A selector whose fit keeps no feature (as LASSO at the null model)."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        raise EmptyModelError("Empty kept 0 features (stand-in)")


class Interrupting(Cox):
    """A Cox learner that raises KeyboardInterrupt on its ``after``-th fit in this process."""

    def __init__(self, after: int = 1, label: str = "Interrupting", random_state=None):
        super().__init__(label=label, random_state=random_state)
        self.after = after

    def fit(self, X, y):
        if FITS.get(self.label, 0) + 1 >= self.after:
            raise KeyboardInterrupt
        return super().fit(X, y)


def learners(**extra) -> dict:
    """The stand-ins under their screen names."""
    base = {"Cox": Cox(), "Top2": TopK(2, label="Top2"), "Top1": TopK(1, label="Top1"),
            "Noisy": Noisy(), "Reversed": Reversed(label="Reversed"), "Broken": Broken(),
            "Empty": Empty()}
    base.update(extra)
    return base


class Warning_(Cox):
    """A Cox learner that warns on every fit."""

    def fit(self, X, y):
        import warnings

        warnings.warn("did not converge (stand-in)", RuntimeWarning)
        return super().fit(X, y)
