"""The R-style coefficient table shared by every regression result."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def wald_limits(params: pd.Series, se: pd.Series, alpha: float) -> pd.DataFrame:
    """``lower, upper`` = ``coef -/+ z_{1-alpha/2} se`` (R's ``confint.default``)."""
    half_width = stats.norm.ppf(1 - alpha / 2) * se
    return pd.DataFrame({"lower": params - half_width, "upper": params + half_width})


def wald_table(params: pd.Series, se: pd.Series, alpha: float, ratio: str) -> pd.DataFrame:
    """``coef, <ratio>, se, z, p, <ratio>_lower, <ratio>_upper`` indexed by term.

    ``ratio`` names the exponentiated coefficient (``"hr"`` or ``"or"``). The
    interval is Wald's, ``exp(coef -/+ z_{1-alpha/2} se)``; a diverging
    coefficient gives ``inf`` as in R.
    """
    z = params / se
    limits = wald_limits(params, se, alpha)
    with np.errstate(over="ignore"):
        return pd.DataFrame({
            "coef": params,
            ratio: np.exp(params),
            "se": se,
            "z": z,
            "p": 2 * stats.norm.sf(np.abs(z)),
            f"{ratio}_lower": np.exp(limits["lower"]),
            f"{ratio}_upper": np.exp(limits["upper"]),
        })
