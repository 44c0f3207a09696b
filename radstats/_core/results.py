"""Base class for the small frozen result objects that functions return."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd


class Result:
    """Mixin for frozen dataclass results.

    Subclasses are ``@dataclasses.dataclass(frozen=True)`` and get a
    readable ``repr``, ``summary()`` and ``to_frame()`` for free.
    Scalar fields go into ``to_frame``; arrays, frames and the ``meta``
    dictionary are left out (subclasses override ``to_frame`` when a
    table is the natural form).
    """

    meta: dict

    def _scalar_fields(self) -> dict:
        out = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name != "meta" and np.isscalar(value):
                out[field.name] = value
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return the scalar fields as a one-row DataFrame."""
        return pd.DataFrame([self._scalar_fields()])

    def summary(self) -> str:
        """Return a short human-readable text summary."""
        lines = [type(self).__name__]
        method = self.meta.get("method") if self.meta else None
        if method:
            lines[0] += f" ({method})"
        for name, value in self._scalar_fields().items():
            shown = f"{value:.6g}" if isinstance(value, float) else str(value)
            lines.append(f"  {name:<12} {shown}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v!r}"
            for k, v in self._scalar_fields().items()
        )
        return f"{type(self).__name__}({parts})"


class FittedModel:
    """Estimator mixin: the fit keeps its inference in ``result_``, and these delegate."""

    def summary(self) -> pd.DataFrame:
        """Coefficient table with ratios, standard errors, tests and confidence limits."""
        return self.result_.summary()

    @property
    def coef_(self) -> pd.Series:
        """Coefficients indexed by term (R's names)."""
        return self.result_.params

    @property
    def aic_(self) -> float:
        """Akaike's information criterion, as R's ``AIC()``."""
        return self.result_.aic


@dataclasses.dataclass(frozen=True, repr=False)
class ChiSquareTest(Result):
    """A chi-square test: ``statistic`` on ``df`` degrees of freedom, and its p-value."""

    statistic: float
    df: int
    pvalue: float
    meta: dict = dataclasses.field(default_factory=dict)
