"""Figures of a cross-validated elastic net: the CV curve (as ``plot.cv.glmnet``),
the coefficient paths (as ``plot.glmnet(xvar = "lambda")``), the selected
features' coefficients as bars (the seed study's Figure 2B-D) and the curve
beside the bars in one figure.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay, axes_or_new

__all__ = ["CVCurveDisplay", "CoefficientBarDisplay", "CoefficientPathDisplay", "LassoDisplay"]

_MEASURES = {("cox", "deviance"): "Partial Likelihood Deviance", ("cox", "C"): "C-index",
             ("binomial", "deviance"): "Binomial Deviance", ("binomial", "auc"): "AUC",
             ("binomial", "class"): "Misclassification Error",
             ("binomial", "mse"): "Mean-Squared Error"}
_MAX_TOP_LABELS = 25


def _check_cv(cv):
    from radstats.selection.glmnet import CVGlmnetResult

    if not isinstance(cv, CVGlmnetResult):
        raise InputError(f"`cv` must be a CVGlmnetResult (from cv_glmnet or an estimator's "
                         f"cv_), got {type(cv).__name__}")
    return cv


def _lambda_lines(ax, cv, **style):
    """Dotted vertical lines at log(lambda.min) and log(lambda.1se)."""
    style = {"ls": ":", "lw": 1, "color": "0.3", **style}
    return (ax.axvline(np.log(cv.lambda_min), **style), ax.axvline(np.log(cv.lambda_1se), **style))


def _top_counts(ax, log_lambda, counts, label):
    """Counts on a top axis at the given log-lambdas, thinned to at most 25 labels."""
    step = max(1, int(np.ceil(len(log_lambda) / _MAX_TOP_LABELS)))
    top = ax.secondary_xaxis("top")
    top.set_xticks(log_lambda[::step], [str(int(c)) for c in counts[::step]], fontsize=7)
    top.tick_params(length=0)
    top.set_xlabel(label, fontsize=9)
    return top, list(zip(log_lambda[::step], counts[::step]))


class CVCurveDisplay(FigureDisplay):
    """Cross-validated measure against log(lambda), as R's ``plot.cv.glmnet``.

    Parameters
    ----------
    cv : CVGlmnetResult
        From :func:`radstats.selection.cv_glmnet` (or an estimator's ``cv_``).

    Attributes
    ----------
    points_ : matplotlib.collections.PathCollection
        ``cvm`` at each ``log(lambda)``.
    errorbars_ : matplotlib.container.ErrorbarContainer
        ``cvlo`` to ``cvup``.
    lambda_lines_ : tuple of Line2D
        The dotted lines at ``log(lambda_min)`` and ``log(lambda_1se)``.
    top_axis_ : matplotlib.axis.SecondaryAxis
        The number of non-zero coefficients along the top.
    top_labels_ : list of (float, int)
        Where each count is written (at most 25, evenly thinned).
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``plot(cv.glmnet(...))`` (glmnet 4.1-6): red points with grey
    error bars, dotted lines at lambda.min and lambda.1se, the y label naming
    the measure and the model size on the top axis. It draws the numbers of the
    parity-tested :func:`~radstats.selection.cv_glmnet`; it computes none.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from radstats.plots import CVCurveDisplay
    >>> from radstats.selection import cv_glmnet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 5))
    >>> cv = cv_glmnet(X, (X[:, 0] + rng.normal(size=100) > 0).astype(int), family="binomial",
    ...                random_state=1)
    >>> display = CVCurveDisplay.from_cv(cv)
    >>> display.ax_.get_ylabel()
    'Binomial Deviance'
    >>> display.savefig("cv_curve.png")  # doctest: +SKIP
    """

    def __init__(self, cv):
        self.cv = _check_cv(cv)

    @classmethod
    def from_cv(cls, cv, ax=None, **plot_kwargs) -> "CVCurveDisplay":
        """Plot the curve of ``cv`` (a :class:`~radstats.selection.CVGlmnetResult`)."""
        return cls(cv).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, color: str = "red", title: str | None = None) -> "CVCurveDisplay":
        """Draw the points, error bars, lambda lines and top counts.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Draw here; default a new 6.4 x 4.4 in figure.
        color : str
            Colour of the points (R's default red).
        title : str, optional

        Returns
        -------
        CVCurveDisplay
            ``self``, drawn.
        """
        ax = axes_or_new(ax, (6.4, 4.4))
        cv = self.cv
        x = np.log(cv.lambda_)
        self.errorbars_ = ax.errorbar(x, cv.cvm, yerr=[cv.cvm - cv.cvlo, cv.cvup - cv.cvm],
                                      fmt="none", ecolor="0.65", elinewidth=0.8, capsize=1.5)
        self.points_ = ax.scatter(x, cv.cvm, s=12, color=color, zorder=3)
        self.lambda_lines_ = _lambda_lines(ax, cv)
        self.top_axis_, self.top_labels_ = _top_counts(ax, x, cv.nzero, "Non-zero coefficients")
        ax.set(xlabel=r"Log($\lambda$)", title=title,
               ylabel=_MEASURES.get((cv.family, cv.type_measure), cv.type_measure))
        ax.spines[["right"]].set_visible(False)
        self.figure_, self.ax_ = ax.figure, ax
        return self


class CoefficientPathDisplay(FigureDisplay):
    """Each feature's coefficient against log(lambda), as ``plot.glmnet(xvar = "lambda")``.

    Parameters
    ----------
    cv : CVGlmnetResult
        The full-data path (``cv.beta``, original feature scale) is drawn.

    Attributes
    ----------
    lines_ : dict
        Feature -> its Line2D (only features that are non-zero somewhere).
    lambda_lines_ : tuple of Line2D
        Dotted lines at ``log(lambda_min)`` and ``log(lambda_1se)``.
    top_axis_ : matplotlib.axis.SecondaryAxis
        Number of non-zero coefficients along the top.
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    Mirrors ``plot(cvfit$glmnet.fit, xvar = "lambda")`` (glmnet 4.1-6) with
    ``abline(v = log(c(cvfit$lambda.min, cvfit$lambda.1se)), lty = 3)``.
    Coefficients are on the original scale of the features, as glmnet reports
    them; standardise the features first for comparable magnitudes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from radstats.plots import CoefficientPathDisplay
    >>> from radstats.selection import cv_glmnet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 5))
    >>> cv = cv_glmnet(X, (X[:, 0] + rng.normal(size=100) > 0).astype(int), family="binomial",
    ...                random_state=1)
    >>> sorted(CoefficientPathDisplay.from_cv(cv).lines_)[:2]
    ['x1', 'x2']
    """

    def __init__(self, cv):
        self.cv = _check_cv(cv)

    @classmethod
    def from_cv(cls, cv, ax=None, **plot_kwargs) -> "CoefficientPathDisplay":
        """Plot the coefficient paths of ``cv``'s full-data fit."""
        return cls(cv).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, label: int = 0, colors=None,
             title: str | None = None) -> "CoefficientPathDisplay":
        """Draw one line per feature that is ever non-zero.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
        label : int
            Name the ``label`` features with the largest absolute coefficient
            at the smallest lambda, beside the lines' left-hand ends (default none).
        colors : sequence, optional
            Line colours, cycled; default matplotlib's cycle.
        title : str, optional

        Returns
        -------
        CoefficientPathDisplay
            ``self``, drawn.
        """
        ax = axes_or_new(ax, (6.4, 4.4))
        cv = self.cv
        lam = cv.lambda_full
        x = np.log(lam)
        beta = cv.beta
        used = beta.index[(beta.to_numpy() != 0).any(axis=1)]
        palette = list(colors) if colors is not None else [f"C{i % 10}" for i in range(10)]
        self.lines_ = {}
        for i, feature in enumerate(used):
            (self.lines_[feature],) = ax.plot(x, beta.loc[feature].to_numpy(), lw=1.2,
                                              color=palette[i % len(palette)])
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        if label:
            last = beta.loc[used].iloc[:, -1].abs().sort_values(ascending=False)
            for feature in last.index[:label]:
                ax.annotate(str(feature), (x[-1], beta.loc[feature].iloc[-1]), fontsize=7,
                            xytext=(2, 0), textcoords="offset points", ha="left", va="center")
        self.lambda_lines_ = _lambda_lines(ax, cv)
        nzero = (beta.to_numpy() != 0).sum(axis=0)
        self.top_axis_, _ = _top_counts(ax, x, nzero, "Non-zero coefficients")
        ax.set(xlabel=r"Log($\lambda$)", ylabel="Coefficients", title=title)
        ax.spines[["right"]].set_visible(False)
        self.figure_, self.ax_ = ax.figure, ax
        return self


class CoefficientBarDisplay(FigureDisplay):
    """The selected features' coefficients as horizontal bars, sorted by value.

    Parameters
    ----------
    coef : pandas.Series
        Coefficient per feature; zeros and ``(Intercept)`` are left out.

    Attributes
    ----------
    coef_ : pandas.Series
        The coefficients drawn, in drawing order (bottom to top).
    bars_ : matplotlib.container.BarContainer
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes

    Notes
    -----
    The seed study's Figure 2D (the LASSO-selected radiomics features and
    their weights in the score). It draws the coefficients it is given, e.g.
    ``cv.coef("lambda_min")`` or a fitted :class:`~radstats.selection.LassoCox`'s
    ``coef_``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from radstats.plots import CoefficientBarDisplay
    >>> coef = pd.Series({"(Intercept)": 0.2, "glcm_contrast": 0.31, "shape_volume": -0.12,
    ...                   "firstorder_mean": 0.0})
    >>> CoefficientBarDisplay.from_coef(coef).coef_.index.tolist()
    ['shape_volume', 'glcm_contrast']
    """

    def __init__(self, coef):
        coef = pd.Series(coef, dtype=float).drop(labels="(Intercept)", errors="ignore")
        if coef.isna().any():
            raise InputError(f"`coef` has missing values for {coef.index[coef.isna()].tolist()}")
        coef = coef[coef != 0]
        if coef.empty:
            raise InputError("no non-zero coefficient to draw (the model selected no feature)")
        self.coef = coef.sort_values(kind="stable")

    @classmethod
    def from_coef(cls, coef, ax=None, **plot_kwargs) -> "CoefficientBarDisplay":
        """Plot the non-zero entries of ``coef`` (Series or dict)."""
        return cls(coef).plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_cv(cls, cv, s="lambda_min", ax=None, **plot_kwargs) -> "CoefficientBarDisplay":
        """Plot ``cv.coef(s)``: the features selected at ``s``."""
        return cls(_check_cv(cv).coef(s)).plot(ax=ax, **plot_kwargs)

    def plot(self, ax=None, *, colors=("#C44E52", "#4C72B0"), xlabel: str = "Coefficient",
             title: str | None = None) -> "CoefficientBarDisplay":
        """Draw the bars: positive in ``colors[0]``, negative in ``colors[1]``.

        Returns
        -------
        CoefficientBarDisplay
            ``self``, drawn.
        """
        ax = axes_or_new(ax, (6.0, 1.2 + 0.28 * len(self.coef)))
        values = self.coef.to_numpy()
        self.bars_ = ax.barh(np.arange(len(values)), values, height=0.7,
                             color=[colors[0] if v > 0 else colors[1] for v in values])
        ax.set_yticks(np.arange(len(values)), [str(i) for i in self.coef.index], fontsize=8)
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set(xlabel=xlabel, title=title)
        ax.spines[["top", "right"]].set_visible(False)
        self.coef_ = self.coef
        self.figure_, self.ax_ = ax.figure, ax
        return self


class LassoDisplay(FigureDisplay):
    """The LASSO figure of radiomics papers: :class:`CVCurveDisplay` beside
    :class:`CoefficientBarDisplay` of the coefficients kept at ``s``.

    Parameters
    ----------
    cv : CVGlmnetResult
        From :func:`radstats.selection.cv_glmnet` (or an estimator's ``cv_``).
    s : {"lambda_min", "lambda_1se"} or float, default "lambda_min"
        Where the coefficients are read (the right panel).

    Attributes
    ----------
    curve_ : CVCurveDisplay
        The left panel.
    bars_ : CoefficientBarDisplay
        The right panel.
    coef_ : pandas.Series
        The non-zero coefficients at ``s`` (intercept left out), as drawn
        (bottom to top, by value).
    figure_ : matplotlib.figure.Figure
    ax_ : numpy.ndarray of two matplotlib Axes
        The CV curve and the coefficient bars.

    Notes
    -----
    The two panels are ``plot(cv.glmnet(...))`` (glmnet 4.1-6) and the bars of
    ``coef(cvfit, s = ...)``'s non-zero values. Nothing is computed here: the
    numbers are :func:`~radstats.selection.cv_glmnet`'s (glmnet parity).

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

    def __init__(self, cv, s="lambda_min"):
        self.cv = _check_cv(cv)
        self.s = s

    def plot(self, *, title: str | None = None, color: str = "red") -> "LassoDisplay":
        """Draw both panels on a new figure.

        Parameters
        ----------
        title : str, optional
            The figure's title.
        color : str
            Colour of the curve's points.

        Returns
        -------
        LassoDisplay
            ``self``, with ``figure_``, ``ax_``, ``curve_``, ``bars_`` and ``coef_``.
        """
        import matplotlib.pyplot as plt

        try:
            bars = CoefficientBarDisplay(self.cv.coef(self.s))
        except InputError:
            raise InputError(f"no non-zero coefficient at s={self.s!r}: nothing to draw") from None
        height = max(3.8, 0.28 * len(bars.coef) + 1.5)
        figure, axes = plt.subplots(1, 2, figsize=(11, height), layout="constrained",
                                    gridspec_kw={"width_ratios": [1.2, 1]})
        self.curve_ = CVCurveDisplay(self.cv).plot(ax=axes[0], color=color)
        self.bars_ = bars.plot(ax=axes[1], xlabel=f"Coefficient at {self.s}")
        if title:
            figure.suptitle(title)
        self.coef_ = self.bars_.coef_
        self.figure_, self.ax_ = figure, axes
        return self
