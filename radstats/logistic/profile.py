"""Profile-likelihood confidence intervals, as ``MASS::confint.glm``."""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np
from scipy import stats

from radstats._core.errors import ConvergenceWarning
from radstats._core.rinterp import r_approx, r_spline

MAX_STEPS = 10  # profile.glm's maxsteps


def profile_intervals(matrix: np.ndarray, y: np.ndarray, beta: np.ndarray, se: np.ndarray,
                      deviance: float, level: float, terms: list[str],
                      fit_offset: Callable) -> np.ndarray:
    """Profile-likelihood limits of every coefficient, as ``confint(glm_fit, level)``.

    Parameters
    ----------
    matrix : ndarray (n, p)
        The model matrix, intercept column included.
    y : ndarray
        The 0/1 outcome.
    beta, se : ndarray
        The maximum-likelihood coefficients and their (Wald) standard errors.
    deviance : float
        The fitted model's deviance.
    level : float
        Confidence level.
    terms : list of str
        Coefficient names (for warnings).
    fit_offset : callable
        ``fit_offset(X, y, offset, eta_start) -> (coef, deviance)``: the glm fit
        of ``y`` on ``X`` with an offset, started at ``eta_start``.

    Returns
    -------
    ndarray (p, 2)
        Lower and upper limits; NaN where the profile does not reach them.

    Notes
    -----
    ``MASS::profile.glm`` (MASS 7.3-58) with ``alpha = (1 - level) / 4``: each
    coefficient is fixed at ``beta +/- k * (zmax / 5) * se`` for k = 1, 2, ...
    (at most 9 steps each way, until the signed root of the deviance increase
    exceeds ``zmax = sqrt(qchisq(1 - alpha, 1))``), the others refitted with it
    as an offset, each fit started where the previous one ended. The limits are
    where R's ``spline()`` (FMM) through the profile crosses ``qnorm`` of
    ``(1 -/+ level) / 2``, found by ``approx()`` as ``confint.profile.glm`` does.
    """
    alpha = (1 - level) / 4
    z_max = float(np.sqrt(stats.chi2.ppf(1 - alpha, 1)))
    cutoff = stats.norm.ppf([(1 - level) / 2, 1 - (1 - level) / 2])
    limits = np.full((len(beta), 2), np.nan)
    for i in range(len(beta)):
        profile = _profile(matrix, y, beta, se[i] * z_max / 5, deviance, i, z_max, fit_offset)
        if profile is None:
            warnings.warn(
                f"profiling {terms[i]!r} found a better fit than the maximum-likelihood one "
                "(the original fit had not converged); its profile limits are NaN",
                ConvergenceWarning, stacklevel=4)
            continue
        grid, curve = r_spline(*profile)
        limits[i] = r_approx(curve, grid, cutoff)
    return limits


def _profile(matrix, y, beta, delta, deviance, i, z_max, fit_offset):
    """Coefficient ``i`` fixed on a grid of step ``delta`` both ways from its MLE:
    ``(values, signed root deviance increase)``, or None if a fit beats the MLE."""
    column, others = matrix[:, i], np.delete(matrix, i, axis=1)
    values, z_values = [beta[i]], [0.0]
    for sign in (-1, 1):
        eta = matrix @ beta
        z, step = 0.0, 1
        while step < MAX_STEPS and abs(z) < z_max:
            fixed = beta[i] + sign * step * delta
            offset = column * fixed
            coef, profile_deviance = fit_offset(others, y, offset, eta)
            eta = others @ coef + offset
            increase = profile_deviance - deviance
            if increase < -1e-3:
                return None
            z = sign * np.sqrt(max(increase, 0.0))
            values.append(fixed)
            z_values.append(z)
            step += 1
    return np.array(values), np.array(z_values)
