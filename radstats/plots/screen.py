"""The screen's heat map (Figure 2A of the seed study): models x cohorts, coloured
by the score, with a bar of each model's mean validation score beside it.

matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.plots._common import FigureDisplay, check_axes

__all__ = ["ScreenHeatmapDisplay"]


class ScreenHeatmapDisplay(FigureDisplay):
    """Heat map of a screen's scores with a mean bar, models ranked best first.

    Parameters
    ----------
    scores : DataFrame
        Models (rows, in display order) x cohorts (columns); NaN where the
        model was not scored (skipped or failed), drawn grey with a dash.
    means : Series
        Each model's mean validation score (the bar), indexed like ``scores``.
    metric : str
        The score's name, for the colour bar ("C-index", "AUC").

    Attributes
    ----------
    image_ : matplotlib.image.AxesImage
    bars_ : matplotlib.container.BarContainer
    colorbar_ : matplotlib.colorbar.Colorbar
    ax_, bar_ax_ : matplotlib.axes.Axes
    figure_ : matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"train": [.8, .7], "val": [.75, float("nan")]},
    ...                       index=["Lasso", "RSF"])
    >>> display = ScreenHeatmapDisplay(scores, scores.mean(axis=1), "C-index").plot()
    >>> [t.get_text() for t in display.ax_.get_yticklabels()]
    ['Lasso', 'RSF']
    """

    def __init__(self, scores: pd.DataFrame, means: pd.Series, metric: str = "C-index"):
        if not scores.index.equals(means.index):
            raise InputError("`scores` and `means` must have the same models in the same order")
        self.scores_ = scores
        self.means_ = means
        self.metric = metric

    @classmethod
    def from_result(cls, result, apparent: bool = True, top: int | None = None):
        """Build from a :class:`~radstats.screen.ScreenResult` (ranked as ``result.ranking``).

        ``apparent=False`` leaves out the training-set column; ``top`` keeps
        the ``top`` best-ranked models.
        """
        metric = result.metric
        table = result.table
        ok = table[table["status"] == "ok"]
        scores = ok.pivot_table(index="model", columns="cohort", values=metric, aggfunc="first")
        ranking = result.ranking
        order = ranking["model"].tolist()[:top]
        cohorts = list(dict.fromkeys(table["cohort"]))
        if not apparent:
            cohorts = [c for c in cohorts if c != "apparent"]
        scores = scores.reindex(index=order, columns=cohorts)
        means = ranking.set_index("model")[f"mean_{metric}"].reindex(order)
        label = {"c_index": "C-index", "auc": "AUC"}.get(metric, metric)
        return cls(scores, means, label)

    def plot(self, ax=None, cmap: str = "RdYlBu_r", annotate: bool = True,
             vmin: float | None = None, vmax: float | None = None) -> "ScreenHeatmapDisplay":
        """Draw the heat map on ``ax`` (a new figure if None) and the mean bar beside it."""
        import matplotlib.pyplot as plt

        check_axes(ax)
        n_models, n_cohorts = self.scores_.shape
        if ax is None:  # heat map and bar side by side
            height = max(3.2, 1.6 + 0.22 * n_models)
            width = 3.5 + 0.8 * n_cohorts + 2.2
            ax, bar_ax = plt.subplots(1, 2, figsize=(width, height), layout="constrained",
                                      width_ratios=[max(n_cohorts, 1), 2.2])[1]
        else:  # the bar goes beside the caller's axes
            bar_ax = ax.inset_axes([1.02, 0.0, min(1.0, max(0.6, 1.6 / max(n_cohorts, 1))), 1.0])
        values = self.scores_.to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        low = vmin if vmin is not None else (float(finite.min()) if finite.size else 0.5)
        high = vmax if vmax is not None else (float(finite.max()) if finite.size else 1.0)
        colormap = plt.get_cmap(cmap).with_extremes(bad="#d9d9d9")
        self.image_ = ax.imshow(np.ma.masked_invalid(values), cmap=colormap, vmin=low,
                                vmax=max(high, low + 1e-9), aspect="auto",
                                interpolation="nearest")
        ax.set_xticks(range(n_cohorts), [str(c) for c in self.scores_.columns], rotation=45,
                      ha="right")
        ax.set_yticks(range(n_models), [str(m) for m in self.scores_.index])
        ax.tick_params(length=0)
        if annotate:
            middle = (low + high) / 2
            for (i, j), value in np.ndenumerate(values):
                text = "–" if not np.isfinite(value) else f"{value:.2f}"
                dark = np.isfinite(value) and abs(value - middle) > 0.3 * (high - low)
                ax.text(j, i, text, ha="center", va="center", fontsize=7,
                        color="white" if dark else "black")
        self.bar_ax_ = bar_ax
        means = self.means_.to_numpy(dtype=float)
        shown = np.where(np.isfinite(means), means, 0.0)
        self.bars_ = self.bar_ax_.barh(range(n_models), shown, color="#e08214", height=0.7)
        for i, value in enumerate(means):
            label = "–" if not np.isfinite(value) else f"{value:.3f}"
            self.bar_ax_.text(shown[i], i, f" {label}", va="center", fontsize=7)
        self.bar_ax_.set_ylim(n_models - 0.5, -0.5)
        self.bar_ax_.set_yticks([])
        self.bar_ax_.set_xlim(0, max(1.0, float(np.nanmax(shown, initial=0)) * 1.25))
        self.bar_ax_.set_xlabel(f"mean {self.metric}\n(validation)")
        for side in ("top", "right"):
            self.bar_ax_.spines[side].set_visible(False)
        self.colorbar_ = ax.figure.colorbar(self.image_, ax=ax, location="top", shrink=0.6,
                                            pad=0.01, label=self.metric)
        self.colorbar_.ax.locator_params(nbins=4)
        self.ax_, self.figure_ = ax, ax.figure
        return self
