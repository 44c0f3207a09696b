"""The result of a screen: its table, ranking, best model, refits and heat map."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from radstats._core.cards import write_card
from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.threads import single_blas_thread
from radstats.screen.engine import APPARENT, Fold, task_seed


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class ScreenResult(Result):
    """A screen's rows, one per model x cohort, and what is needed to refit a model.

    Attributes
    ----------
    table : DataFrame
        ``model, cohort, <metric>, <metric>_lower, <metric>_upper, n_features,
        features, status, reason, seconds`` (``c_index, c_lower, c_upper`` for
        the survival screen, ``auc, auc_lower, auc_upper`` for the binary one).
    meta : dict
        The settings: ``cv``, ``entropy`` (the seed of every fit), ``n``,
        ``features``, ``cohorts``, ``metric`` ...
    """

    table: pd.DataFrame
    meta: dict = dataclasses.field(default_factory=dict)
    _screen: object = dataclasses.field(default=None, compare=False)

    @classmethod
    def from_rows(cls, rows: list[dict], screen, meta: dict) -> "ScreenResult":
        table = pd.DataFrame(rows)
        for column in screen.problem.metric_columns + ("seconds",):
            table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
        table["n_features"] = table["n_features"].astype(int)
        return cls(table, meta, screen)

    @property
    def metric(self) -> str:
        return self.meta["metric"]

    @property
    def ranking(self) -> pd.DataFrame:
        """Models by mean validation score (every row but ``apparent``; ok rows only).

        Columns: ``model``, ``mean_<metric>``, ``n_scored`` (validation rows
        scored) of ``n_validation``, ``apparent_<metric>``; best first, models
        never scored last. Indexed by rank (1 = best).
        """
        metric = self.metric
        table = self.table
        ok = table["status"] == "ok"
        validation = table["cohort"] != APPARENT
        models = pd.Index(table["model"].unique(), name="model")
        scored = table[ok & validation].groupby("model", sort=False)[metric]
        apparent = table[ok & ~validation].set_index("model")[metric]
        frame = pd.DataFrame({
            f"mean_{metric}": scored.mean().reindex(models),
            "n_scored": scored.count().reindex(models, fill_value=0).astype(int),
            "n_validation": table[validation].groupby("model", sort=False).size()
                                             .reindex(models, fill_value=0).astype(int),
            f"apparent_{metric}": apparent.reindex(models),
        }).reset_index()
        frame = frame.sort_values(f"mean_{metric}", ascending=False, na_position="last",
                                  kind="stable").reset_index(drop=True)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
        return frame

    @property
    def timings(self) -> pd.DataFrame:
        """Fitting time (all folds) by stage: ``stage``, ``name``, ``seconds``, ``cpu_seconds``.

        Stage 1 lists each first learner (fitted once per fold, shared by its
        combinations), stage 2 each combination's own model; ``cpu_seconds`` is
        the worker process's CPU time, which a busy machine does not inflate
        (with process workers, joblib's default; with threads, or a learner's own
        ``n_jobs``, it also counts what ran beside the fit). Work reloaded from a
        checkpoint is not timed again.
        """
        timings = self._screen.timings
        frame = pd.DataFrame([(stage, name, *times) for stage in ("stage1", "stage2")
                              for name, times in timings[stage].items()],
                             columns=["stage", "name", "seconds", "cpu_seconds"])
        return frame.sort_values("seconds", ascending=False, kind="stable", ignore_index=True)

    def best(self) -> str:
        """The name of the model with the highest mean validation score."""
        ranking = self.ranking
        column = f"mean_{self.metric}"
        if ranking[column].isna().all():
            raise InputError("no model has a validation score: pass `cohorts` or use "
                             "cv='loocv' / 'kfold' (apparent scores are not used to rank)")
        return str(ranking["model"].iloc[0])

    def refit(self, name: str | None = None) -> "ScreenModel":
        """Fit a combination on all training data (default: :meth:`best`).

        The fits use the seeds of the screen's full fit, so the model is the
        one whose ``apparent`` and cohort rows the table reports.
        """
        name = self.best() if name is None else name
        screen = self._screen
        combination = next((c for c in screen.combinations if c.name == name), None)
        if combination is None:
            raise InputError(f"{name!r} is not a model of this screen")
        problem, entropy = screen.problem, screen.settings.entropy
        full = Fold(0, np.arange(len(problem.X)))
        y = problem.outcome(full.train)
        columns = list(problem.X.columns)
        with single_blas_thread():
            first = screen.factories[combination.first](
                random_state=task_seed(entropy, 0, combination.first))
            first.fit(problem.X, y)
            if combination.selector is None:
                return ScreenModel(name, problem.kind, None, first, columns, self.meta)
            kept = [str(c) for c in first.selected_features_]
            if len(kept) < screen.settings.min_selected:
                raise InputError(f"{name!r} cannot be refitted: {combination.selector} kept "
                                 f"{len(kept)} feature(s) {kept}")
            model = screen.factories[combination.learner](random_state=task_seed(
                entropy, 0, f"{combination.selector} + {combination.learner}"))
            model.fit(problem.X[kept], y)
        return ScreenModel(name, problem.kind, first, model, kept, self.meta)

    def plot_heatmap(self, ax=None, **kwargs):
        """Figure 2A: models x cohorts heat map of the score with a mean bar.

        See :class:`radstats.plots.ScreenHeatmapDisplay` (matplotlib is
        imported when drawing).
        """
        from radstats.plots.screen import ScreenHeatmapDisplay

        return ScreenHeatmapDisplay.from_result(self).plot(ax=ax, **kwargs)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self, top: int = 10) -> str:
        statuses = self.table["status"].value_counts().to_dict()
        lines = [f"ScreenResult ({self.meta['kind']}, cv={self.meta['cv']!r}): "
                 f"{self.table['model'].nunique()} models; rows by status {statuses}",
                 self.ranking.head(top).to_string()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"ScreenResult(kind={self.meta['kind']!r}, cv={self.meta['cv']!r}, "
                f"models={self.table['model'].nunique()}, rows={len(self.table)})")


def _series(values, index) -> pd.Series | None:
    if values is None:
        return None
    if isinstance(values, pd.Series):
        return values.astype(float)
    array = np.ravel(np.asarray(values, dtype=float))
    if len(array) != len(index):
        return None
    return pd.Series(array, index=index, dtype=float)


class ScreenModel:
    """One combination fitted on all training data.

    Attributes
    ----------
    name : str
        The combination's label.
    selector_ : estimator or None
        The fitted selector (None for a learner used alone).
    model_ : estimator
        The fitted model.
    features_ : list of str
        The features the model was fitted on (the selector's choice, or all).
    """

    def __init__(self, name, kind, selector, model, features, screen_meta):
        self.name = name
        self.kind = kind
        self.selector_ = selector
        self.model_ = model
        self.features_ = list(features)
        self._screen_meta = screen_meta

    def predict(self, X) -> np.ndarray:
        """Risk (survival; higher = worse) or probability of the event (binary)."""
        frame = X[self.features_]
        if self.kind == "binary":
            from radstats.screen.binary import predict_score

            return predict_score(self.model_, frame)
        return np.asarray(self.model_.predict(frame), dtype=float).ravel()

    @property
    def coef_(self) -> pd.Series | None:
        """The model's coefficients by feature, when it has them (else None)."""
        return _series(getattr(self.model_, "coef_", None), self.features_)

    @property
    def feature_importances_(self) -> pd.Series | None:
        """The model's feature importances by feature, when it has them (else None)."""
        return _series(getattr(self.model_, "feature_importances_", None), self.features_)

    def card(self) -> dict:
        """What the model is: features, coefficients or importances, training and seeds."""
        coef, importance = self.coef_, self.feature_importances_
        meta = self._screen_meta
        return {
            "model": "screen-combination",
            "combination": self.name,
            "kind": self.kind,
            "selector": None if self.selector_ is None else type(self.selector_).__name__,
            "learner": type(self.model_).__name__,
            "learner_params": {k: repr(v) for k, v in _params(self.model_).items()},
            "features": self.features_,
            "coefficients": None if coef is None else coef.to_dict(),
            "importances": None if importance is None else importance.to_dict(),
            "training": {"n": meta["n"], "events": meta["events"]},
            "screen": {"cv": meta["cv"], "entropy": meta["entropy"],
                       "min_selected": meta["min_selected"]},
        }

    def to_json(self, path=None) -> str:
        """The model card as JSON (also written to ``path`` if given)."""
        return write_card(self.card(), path)

    def __repr__(self) -> str:
        return f"ScreenModel({self.name!r}, {len(self.features_)} features)"


def _params(estimator) -> dict:
    get_params = getattr(estimator, "get_params", None)
    return get_params(deep=False) if callable(get_params) else {}
