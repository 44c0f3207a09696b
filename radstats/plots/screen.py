"""The screen's heat map (Figure 2A of the seed study): models x cohorts, coloured
by the score, with a bar of each model's mean validation score beside it.

A :class:`~radstats.plots.MetricHeatmapDisplay` built from a screen's result.
matplotlib is imported inside the methods that draw.
"""

from __future__ import annotations

from radstats.plots.heatmap import MetricHeatmapDisplay

__all__ = ["ScreenHeatmapDisplay"]


class ScreenHeatmapDisplay(MetricHeatmapDisplay):
    """Heat map of a screen's scores with a mean bar, models ranked best first.

    A :class:`~radstats.plots.MetricHeatmapDisplay` (same parameters,
    attributes and ``plot`` options) whose rows are the screen's models in
    ``result.ranking`` order, whose columns are its cohorts, and whose bar is
    each model's mean *validation* score (the ranking's, not the row mean:
    the apparent column is left out). :meth:`plot` draws the bar, and the
    cells of models that were not scored (skipped or failed) grey with a dash.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"apparent": [.8, .7], "val": [.75, float("nan")]},
    ...                       index=["Lasso", "RSF"])
    >>> display = ScreenHeatmapDisplay(scores, "C-index", means=scores["val"]).plot()
    >>> [t.get_text() for t in display.ax_.get_yticklabels()]
    ['Lasso', 'RSF']
    >>> [float(round(bar.get_width(), 2)) for bar in display.mean_bars_]
    [0.75, 0.0]
    """

    @classmethod
    def from_result(cls, result, apparent: bool = True, top: int | None = None):
        """Build (undrawn) from a :class:`~radstats.screen.ScreenResult`, ranked as
        ``result.ranking``.

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
        return cls(scores, label, means=means, means_label=f"Mean {label}\n(validation)")

    def plot(self, ax=None, **kwargs) -> "ScreenHeatmapDisplay":
        """Draw as :meth:`MetricHeatmapDisplay.plot`, by default with the mean bar and
        unscored cells grey with a dash."""
        options = {"mean_bar": True, "na_color": "#d9d9d9", "na_text": "–", **kwargs}
        return super().plot(ax, **options)
