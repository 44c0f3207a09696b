"""The state a study's steps share: data, cohorts, features, models, and what the report shows."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.pipeline.config import StudyConfig
from radstats.pipeline.data import StudyData
from radstats.survival import Surv


class StepError(InputError):
    """Bad input found by a study step, its message prefixed with the step's config key."""


@dataclasses.dataclass
class Table:
    name: str
    caption: str
    frame: pd.DataFrame
    html: str | None = None   # pre-rendered HTML (e.g. a BaselineTable's); else from ``frame``


@dataclasses.dataclass
class Figure:
    name: str
    caption: str
    png: Path
    svg: Path


@dataclasses.dataclass
class Section:
    step: str
    title: str
    text: list = dataclasses.field(default_factory=list)
    tables: list = dataclasses.field(default_factory=list)
    figures: list = dataclasses.field(default_factory=list)
    seconds: float = 0.0


@dataclasses.dataclass
class StudyModel:
    """A fitted prediction model of the study: a CoxPH or Logit on named columns of the
    frame, or (kind ``"probability"``) a signature column that already holds each
    patient's probability of the event (a screened classifier's), used as it is."""

    name: str
    columns: list
    estimator: object
    kind: str   # "cox", "logit" or "probability"

    def risk(self, frame: pd.DataFrame) -> np.ndarray:
        """Linear predictor, higher = more likely / earlier event (a probability's logit)."""
        X = frame[self.columns]
        if self.kind == "probability":
            p = np.clip(X.iloc[:, 0].to_numpy(float), 1e-12, 1 - 1e-12)
            return np.log(p / (1 - p))
        return (self.estimator.predict(X) if self.kind == "cox"
                else self.estimator.decision_function(X))

    def prob(self, frame: pd.DataFrame, horizon: float | None) -> np.ndarray:
        """Probability of the event (Cox: by ``horizon``, ``1 - S(horizon | x)``)."""
        X = frame[self.columns]
        if self.kind == "probability":
            return X.iloc[:, 0].to_numpy(float)
        if self.kind == "cox":
            return 1 - self.estimator.predict_survival(X, [horizon]).to_numpy()[:, 0]
        return self.estimator.predict_proba(X)


def slug(text: str) -> str:
    """A file-name-safe version of ``text``."""
    return re.sub(r"[^A-Za-z0-9]+", "_", str(text)).strip("_").lower() or "x"


class Study:
    """What the steps of one study read and write.

    Attributes
    ----------
    config : StudyConfig
    out : Path
        Output folder (``tables/``, ``figures/``, ``models/``, ``data/`` under it).
    frame : DataFrame
        One row per patient: clinical variables, outcome, and columns steps add
        (risk scores, risk groups).
    features, features_reader2 : DataFrame or None
        The feature table in play (reader 1 is the analysis set): the imaging
        features, until a step such as ``mil_features`` puts another in their
        place (:meth:`use_features`).
    features_label : str
        What those features are, for the methods text ("features",
        "multi-instance features").
    feature_set : list of str
        Features still in play after the filters run so far.
    scaled : DataFrame or None
        Z-scored features once ``zscore`` has run (fitted on training).
    cohorts : dict
        Cohort name -> patient index; ``training`` names the training cohort.
    models : dict
        Model name -> :class:`StudyModel`, in the order fitted.
    results : dict
        Headline numbers (written to ``results.json``).
    """

    def __init__(self, config: StudyConfig, data: StudyData, out: Path, *, quiet: bool = False,
                 n_jobs: int = 1):
        self.config = config
        self.out = out
        self.frame = data.frame
        self.features = data.features
        self.features_reader2 = data.features_reader2
        self.slices = data.slices
        self.truth = data.truth
        self.cohorts = data.cohorts
        self.training = data.training
        self.feature_set = list(data.features.columns) if data.features is not None else []
        self.features_label = "features"
        self.scaled = None
        self.models: dict[str, StudyModel] = {}
        self.state: dict = {}
        self.results: dict = {}
        self.sections: list[Section] = []
        self.methods: list[str] = []
        self.quiet = quiet
        self.n_jobs = n_jobs
        self.random_state = config["study"]["random_state"]
        self._section: Section | None = None
        for folder in ("tables", "figures", "models"):
            (out / folder).mkdir(parents=True, exist_ok=True)

    # -- outcome -------------------------------------------------------------------
    @property
    def outcome(self) -> dict:
        return self.config["outcome"]

    @property
    def survival(self) -> bool:
        return self.outcome["type"] == "survival"

    def rows(self, cohort: str) -> pd.DataFrame:
        return self.frame.loc[self.cohorts[cohort]]

    def y(self, cohort: str):
        """The outcome of ``cohort``: a :class:`Surv`, or a 0/1 array."""
        rows = self.rows(cohort)
        event = rows[self.outcome["event"]].to_numpy()
        return Surv(rows[self.outcome["time"]], event) if self.survival else event

    def binary_endpoint(self, cohort: str) -> tuple[np.ndarray, np.ndarray]:
        """``(y, keep)``: the binary endpoint evaluated by ROC, calibration and DCA.

        Binary outcomes: the outcome itself. Survival outcomes: the event by
        ``outcome.binary_endpoint``; patients censored earlier without the event
        have unknown status and are left out (``keep`` is False for them).
        """
        rows = self.rows(cohort)
        event = rows[self.outcome["event"]].to_numpy().astype(bool)
        if not self.survival:
            return event.astype(int), np.ones(len(rows), bool)
        time_ = rows[self.outcome["time"]].to_numpy(float)
        horizon = self.outcome["binary_endpoint"]
        y = event & (time_ <= horizon)
        keep = y | (time_ >= horizon)
        return y[keep].astype(int), keep

    def endpoint_text(self) -> str:
        """What the binary endpoint is, in words."""
        if not self.survival:
            return self.outcome["label"]
        return (f"{self.outcome['label']} by {self.outcome['binary_endpoint']:g} "
                f"{self.outcome['time_unit']}")

    def label(self, column: str) -> str:
        """Display name of a column (``variables.labels``)."""
        return self.config["variables"]["labels"].get(column, column)

    def X(self, cohort: str) -> pd.DataFrame:
        """Features in play for ``cohort`` (z-scored once ``zscore`` has run)."""
        source = self.scaled if self.scaled is not None else self.features
        return source.loc[self.cohorts[cohort], self.feature_set]

    def main_model(self, name: str = "") -> str:
        """``name`` checked, or the study's main model: the nomogram's, else the last
        fitted with more than one predictor, else the last fitted."""
        if name:
            if name not in self.models:
                raise self.fail(f"option 'model': no model {name!r} (fitted: {list(self.models)})")
            return name
        if "nomogram" in self.state:
            return self.state["nomogram"]["model"]
        return next((m for m in reversed(self.models) if len(self.models[m].columns) > 1),
                    list(self.models)[-1])

    def use_features(self, table: pd.DataFrame, label: str) -> None:
        """Put ``table`` (one row per patient of :attr:`frame`) in play as the feature
        table: the filters, the LASSO and the risk score that follow work on it."""
        self.features, self.features_reader2, self.scaled = table, None, None
        self.feature_set = list(table.columns)
        self.features_label = label

    # -- report --------------------------------------------------------------------
    def begin(self, step: str, title: str) -> None:
        self._section = Section(step, title)
        self.sections.append(self._section)

    def text(self, paragraph: str) -> None:
        """A paragraph of the current section (plain text; escaped in the report)."""
        self._section.text.append(paragraph)

    def method(self, sentence: str) -> None:
        """A sentence of the methods paragraph (say which R function it matches)."""
        self.methods.append(sentence)

    def table(self, name: str, frame: pd.DataFrame, caption: str, *, index: bool = True,
              html: str | None = None, show: bool = True,
              display: pd.DataFrame | None = None) -> Path:
        """Write ``tables/<step>_<name>.csv``; show the table (or ``display``, a version
        formatted for reading) in the report unless ``show`` is False (long tables, kept
        as CSV only)."""
        file = self.out / "tables" / f"{slug(self._section.step)}_{slug(name)}.csv"
        frame.to_csv(file, index=index)
        if show:
            shown = frame if display is None else display
            shown = shown if index else shown.reset_index(drop=True)
            self._section.tables.append(Table(file.stem, caption, shown, html))
        else:
            self._section.text.append(f"{caption}: {file.relative_to(self.out)}")
        return file

    def figure(self, name: str, display, caption: str) -> Figure:
        """Save a drawn radstats display as PNG and SVG, show the PNG in the report."""
        import matplotlib.pyplot as plt

        stem = f"{slug(self._section.step)}_{slug(name)}"
        png, svg = self.out / "figures" / f"{stem}.png", self.out / "figures" / f"{stem}.svg"
        display.savefig(png, dpi=150)
        display.savefig(svg)
        plt.close(display.figure_)
        figure = Figure(stem, caption, png, svg)
        self._section.figures.append(figure)
        return figure

    def model_card(self, name: str, model) -> Path:
        """Write ``models/<name>.json`` with the model's ``to_json``."""
        path = self.out / "models" / f"{slug(name)}.json"
        model.to_json(path)
        return path

    # -- progress ------------------------------------------------------------------
    def log(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    def fail(self, message: str) -> InputError:
        """An error naming the running step (raise it). The study's run loop turns any
        other :class:`InputError` a step raises into one of these."""
        step = self._section.step if self._section else "?"
        return StepError(f"{self.config.where('steps.' + step)}: {message}")
