"""The LASSO figure of radiomics papers: the cross-validation curve and the kept coefficients."""

from __future__ import annotations

import numpy as np

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay


class LassoDisplay(FigureDisplay):
    """Cross-validated LASSO: ``plot.cv.glmnet``'s curve beside the non-zero coefficients.

    Parameters
    ----------
    cv_result : CVGlmnetResult
        From :func:`radstats.selection.cv_glmnet`.
    s : {"lambda_min", "lambda_1se"} or float, default "lambda_min"
        Where the coefficients are read (the right panel).

    Attributes
    ----------
    coef_ : pandas.Series
        The non-zero coefficients at ``s`` (intercept left out), largest |coef| first.
    figure_ : matplotlib.figure.Figure
    ax_ : numpy.ndarray of two matplotlib Axes
        The CV curve and the coefficient bars.

    Notes
    -----
    The left panel mirrors ``plot(cv.glmnet(...))`` of glmnet: the mean
    cross-validated measure (``cvm``) against log(lambda) with ``cvlo``-``cvup``
    error bars, dashed lines at ``lambda.min`` and ``lambda.1se`` and the number
    of non-zero coefficients along the top. The right panel draws
    ``coef(cvfit, s = ...)``'s non-zero values as bars. Nothing is computed here:
    the numbers are :func:`~radstats.selection.cv_glmnet`'s (glmnet parity).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from radstats.plots import LassoDisplay
    >>> from radstats.selection import cv_glmnet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 5))
    >>> y = (X[:, 0] - X[:, 1] + rng.normal(size=100) > 0).astype(int)
    >>> display = LassoDisplay(cv_glmnet(X, y, family="binomial", random_state=1)).plot()
    >>> sorted(display.coef_.index.tolist()[:2])
    ['x1', 'x2']
    >>> display.savefig("lasso.png")  # doctest: +SKIP
    """

    def __init__(self, cv_result, s="lambda_min"):
        self.cv_result = cv_result
        self.s = s

    def plot(self, *, title: str | None = None, color: str = "C3") -> "LassoDisplay":
        """Draw both panels on a new figure.

        Returns
        -------
        LassoDisplay
            ``self``, with ``figure_``, ``ax_`` and ``coef_``.
        """
        import matplotlib.pyplot as plt

        fit = self.cv_result
        coef = fit.coef(self.s).drop(labels="(Intercept)", errors="ignore")
        coef = coef[coef != 0]
        self.coef_ = coef.reindex(coef.abs().sort_values(ascending=False).index)
        if self.coef_.empty:
            raise InputError(f"no non-zero coefficient at s={self.s!r}: nothing to draw")
        height = max(3.8, 0.3 * len(self.coef_) + 1.5)
        figure, axes = plt.subplots(1, 2, figsize=(11, height), layout="constrained",
                                    gridspec_kw={"width_ratios": [1.2, 1]})
        ax = axes[0]
        log_lambda = np.log(fit.lambda_)
        ax.errorbar(log_lambda, fit.cvm, yerr=[fit.cvm - fit.cvlo, fit.cvup - fit.cvm], fmt="o",
                    ms=3.5, color=color, ecolor="0.6", elinewidth=0.8, capsize=1.5)
        for value in (fit.lambda_min, fit.lambda_1se):
            ax.axvline(np.log(value), ls="--", lw=0.9, color="0.3")
        ax.set(xlabel="log(lambda)", ylabel=_measure_label(fit))
        top = ax.secondary_xaxis("top")
        ticks = np.linspace(0, len(log_lambda) - 1, min(8, len(log_lambda))).round().astype(int)
        top.set_xticks(log_lambda[ticks], [str(int(fit.nzero[i])) for i in ticks])
        top.tick_params(labelsize=8)
        ax.spines[["right"]].set_visible(False)
        ax_coef = axes[1]
        positions = np.arange(len(self.coef_))[::-1]
        ax_coef.barh(positions, self.coef_.to_numpy(),
                     color=np.where(self.coef_.to_numpy() > 0, "C3", "C0"))
        ax_coef.set_yticks(positions, [str(name) for name in self.coef_.index], fontsize=8)
        ax_coef.axvline(0, color="0.3", lw=0.8)
        ax_coef.set(xlabel=f"Coefficient at {self.s}")
        ax_coef.spines[["top", "right"]].set_visible(False)
        if title:
            figure.suptitle(title)
        self.figure_, self.ax_ = figure, axes
        return self


def _measure_label(fit) -> str:
    names = {"deviance": "Partial likelihood deviance" if fit.family == "cox" else
             "Binomial deviance", "C": "C-index", "auc": "AUC",
             "class": "Misclassification error", "mse": "Mean-squared error"}
    return names.get(fit.type_measure, fit.type_measure)
