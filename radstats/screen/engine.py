"""The machinery shared by the survival and the binary screens.

A screen fits every requested combination on every fold and scores it:

* the **full** fold (tag 0) fits on all training data and is scored on the
  training data itself (cohort ``"apparent"``) and on every external cohort;
* cross-validation folds (tags 1, 2, ...) fit on part of the training data
  and predict the rest; the out-of-fold predictions are pooled into one score
  per repeat (cohort ``"loocv"`` or ``"kfold"``).

Work runs in two stages. Stage 1 fits each distinct *first* learner (a
combination's selector, or a learner used alone) once per fold: one fit serves
as the stand-alone model and as the selector of every combination that starts
with it. Stage 2 fits each combination's learner on the features its selector
kept. Every fit draws its seed from ``SeedSequence(entropy, spawn_key=(fold,
crc32(name)))``, so a result depends on neither ``n_jobs``, the joblib backend,
nor which other combinations were requested. Fits run on one BLAS thread.
"""

from __future__ import annotations

import time as _time
import warnings
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from radstats._core.errors import InputError, NotApplicableError
from radstats._core.threads import single_blas_thread
from radstats.screen.checkpoint import Checkpoint
from radstats.screen.combinations import Combination

CV_SCHEMES = ("cohort", "loocv", "kfold")
APPARENT = "apparent"


@dataclass(frozen=True)
class Fold:
    """Row indices of one fit: ``test is None`` marks the full fit (tag 0)."""

    tag: int
    train: np.ndarray
    test: np.ndarray | None = None
    repeat: int = 0


class Problem:
    """The data of a screen and how to fit, predict and score on it.

    Subclasses define ``kind``, ``metric_columns``, :meth:`outcome` (the
    training outcome for given rows), :meth:`predict` and :meth:`score`.
    ``cohorts`` maps name -> ``(X, outcome)``; ``unscorable`` maps name -> the
    reason a cohort cannot be scored (or None).
    """

    kind: str
    metric_columns: tuple[str, ...]

    def __init__(self, X: pd.DataFrame, cohorts: dict, strata: np.ndarray, unscorable: dict):
        self.X = X
        self.cohorts = cohorts
        self.strata = strata
        self.unscorable = unscorable

    def outcome(self, rows: np.ndarray | None = None):
        raise NotImplementedError

    def predict(self, estimator, X: pd.DataFrame) -> np.ndarray:
        raise NotImplementedError

    def score(self, outcome, prediction: np.ndarray) -> dict:
        raise NotImplementedError


def root_entropy(random_state) -> int:
    """The integer entropy all of a screen's seeds derive from."""
    if random_state is None:
        return int(np.random.SeedSequence().entropy)
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(2**63))
    if isinstance(random_state, (int, np.integer)) and random_state >= 0:
        return int(random_state)
    raise InputError(f"`random_state` must be None, a non-negative int or a numpy Generator, "
                     f"got {random_state!r}")


def task_seed(entropy: int, fold_tag: int, key: str) -> int:
    """The seed of one fit, a function of the fold and the learner's name only."""
    sequence = np.random.SeedSequence(entropy, spawn_key=(fold_tag, zlib.crc32(key.encode())))
    return int(sequence.generate_state(1)[0])


def make_folds(cv: str, strata: np.ndarray, entropy: int, n_splits: int,
               n_repeats: int) -> list[Fold]:
    """The full fit followed by the cross-validation folds of ``cv``."""
    n = len(strata)
    folds = [Fold(0, np.arange(n))]
    if cv == "loocv":
        everyone = np.arange(n)
        folds += [Fold(i + 1, np.delete(everyone, i), np.array([i])) for i in range(n)]
    elif cv == "kfold":
        from sklearn.model_selection import RepeatedStratifiedKFold

        smallest = int(np.bincount(strata.astype(int)).min())
        if n_splits < 2 or n_splits > smallest:
            raise InputError(f"`n_splits` = {n_splits} must be between 2 and the smaller "
                             f"stratum's size ({smallest})")
        splitter = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats,
                                           random_state=task_seed(entropy, 0, "folds"))
        for i, (train, test) in enumerate(splitter.split(np.zeros(n), strata)):
            folds.append(Fold(i + 1, train, test, repeat=i // n_splits))
    return folds


def used_features(estimator, columns: list[str]) -> list[str]:
    """The features a fitted model uses: those it names (``used_features_``, e.g. a
    forest that predicts from every column whatever its selection rule keeps), its
    selection, its non-zero coefficients, or all."""
    used = getattr(estimator, "used_features_", None)
    if used is not None:
        return [str(c) for c in used]
    selected = getattr(estimator, "selected_features_", None)
    if selected is not None:
        return [str(c) for c in selected]
    coef = getattr(estimator, "coef_", None)
    if coef is not None:
        values = np.ravel(np.asarray(coef, dtype=float))
        if len(values) == len(columns):
            return [c for c, v in zip(columns, values) if v != 0]
    return list(columns)


@dataclass
class FitResult:
    """One learner fitted on one fold: predictions by target, or why not."""

    status: str = "ok"
    reason: str = ""
    seconds: float = 0.0
    selected: list | None = None
    used: list | None = None
    predictions: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    cpu_seconds: float = 0.0  # the worker process's CPU time (robust to a busy machine)

    def to_dict(self) -> dict:
        return {"status": self.status, "reason": self.reason, "seconds": self.seconds,
                "selected": self.selected, "used": self.used,
                "predictions": {k: np.asarray(v).tolist() for k, v in self.predictions.items()},
                "warnings": self.warnings, "cpu_seconds": self.cpu_seconds}

    @classmethod
    def from_dict(cls, data: dict) -> "FitResult":
        return cls(data["status"], data["reason"], data["seconds"], data["selected"], data["used"],
                   {k: np.asarray(v, dtype=float) for k, v in data["predictions"].items()},
                   data.get("warnings", []), data.get("cpu_seconds", 0.0))


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if isinstance(exc, InputError) else f"{type(exc).__name__}: {text}"


def fit_one(problem: Problem, factory, fold: Fold, seed: int, columns: list[str] | None,
            select: bool, predict: bool) -> FitResult:
    """Fit ``factory(seed)`` on the fold's training rows (``columns`` or all).

    Warnings raised meanwhile are collected (distinct messages, in order) for
    the table's ``reason`` column instead of being printed 101 times.
    """
    result = FitResult()
    start, cpu_start = _time.perf_counter(), _time.process_time()
    X = problem.X if columns is None else problem.X[columns]
    try:
        with single_blas_thread(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            estimator = factory(random_state=seed)
            estimator.fit(X.iloc[fold.train], problem.outcome(fold.train))
            if select:
                selected = getattr(estimator, "selected_features_", None)
                if selected is None:
                    raise InputError(f"{factory.name} cannot select features: it has no "
                                     "`selected_features_` after fitting")
                result.selected = [str(c) for c in selected]
            if predict:
                if fold.test is not None:
                    result.predictions["cv"] = problem.predict(estimator, X.iloc[fold.test])
                else:
                    result.predictions[APPARENT] = problem.predict(estimator, X)
                    for name, (cohort_X, _) in problem.cohorts.items():
                        result.predictions[name] = problem.predict(estimator, cohort_X[X.columns])
            if fold.test is None:
                result.used = used_features(estimator, list(X.columns))
        result.warnings = list(dict.fromkeys(
            f"{w.category.__name__}: {str(w.message)[:200]}" for w in caught))
    except NotApplicableError as exc:  # e.g. no feature kept: nothing to score, nothing broke
        result = FitResult(status="skipped", reason=str(exc))
    except Exception as exc:  # a learner's failure is recorded, never fatal
        result = FitResult(status="failed", reason=_reason(exc))
    result.seconds = _time.perf_counter() - start
    result.cpu_seconds = _time.process_time() - cpu_start
    return result


def _total_time(fits: dict) -> tuple[float, float]:
    return (sum(r.seconds for r in fits.values()), sum(r.cpu_seconds for r in fits.values()))


class _Progress:
    """A rich progress bar of combinations done / total (or nothing)."""

    def __init__(self, enabled: bool, total: int, done: int, label: str):
        self._bar = None
        if enabled:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn)

            self._bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("combinations"), TimeElapsedColumn(), transient=False)
            self._task = self._bar.add_task(label, total=total, completed=done)

    def __enter__(self):
        if self._bar is not None:
            self._bar.start()
        return self

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()


@dataclass
class Settings:
    """How a screen runs (everything but the data and the combinations)."""

    cv: str
    entropy: int
    n_jobs: int | None = 1
    n_splits: int = 5
    n_repeats: int = 1
    min_selected: int = 2
    checkpoint: object = None
    progress: bool = True


class Screen:
    """Run combinations on a :class:`Problem` and collect the table's rows."""

    def __init__(self, problem: Problem, combinations: list[Combination], factories: dict,
                 settings: Settings, fingerprint: dict):
        self.problem = problem
        self.combinations = combinations
        self.factories = factories  # learner name -> LearnerFactory
        self.settings = settings
        self.checkpoint = None
        if settings.checkpoint is not None:  # a resumed screen keeps its stored seed
            self.checkpoint = Checkpoint(settings.checkpoint, fingerprint, settings.entropy)
            settings.entropy = self.checkpoint.entropy
        self.folds = make_folds(settings.cv, problem.strata, settings.entropy,
                                settings.n_splits, settings.n_repeats)
        # (wall, CPU) seconds over all folds: stage 1 by first learner, stage 2 by combination
        self.timings: dict[str, dict[str, tuple]] = {"stage1": {}, "stage2": {}}

    # -- running -------------------------------------------------------------------------
    def run(self) -> list[dict]:
        rows = {c.name: self.checkpoint.load_rows(c.name) if self.checkpoint else None
                for c in self.combinations}
        todo = [c for c in self.combinations if rows[c.name] is None]
        with _Progress(self.settings.progress, len(self.combinations),
                       len(self.combinations) - len(todo), f"{self.problem.kind} screen") as bar:
            stage1 = self._run_stage1(todo, rows, bar)
            self._run_stage2(todo, stage1, rows, bar)
        return [row for c in self.combinations for row in rows[c.name]]

    def _parallel(self):
        return Parallel(n_jobs=self.settings.n_jobs, return_as="generator")

    def _finish(self, combination, model, selector, rows, bar) -> None:
        if selector is not None:
            self.timings["stage2"][combination.name] = _total_time(model)
        rows[combination.name] = self._rows(combination, model, selector)
        if self.checkpoint:
            self.checkpoint.save_rows(combination.name, rows[combination.name])
        bar.advance()

    def _run_stage1(self, todo, rows, bar) -> dict:
        needs = {}
        for c in todo:
            select, predict = needs.get(c.first, (False, False))
            needs[c.first] = (select or c.selector is not None, predict or c.selector is None)
        stage1, pending = {}, []
        for first, (select, predict) in needs.items():
            saved = self.checkpoint.load_stage(first) if self.checkpoint else None
            if saved is not None and (saved["select"] or not select) and \
                    (saved["predict"] or not predict):
                stage1[first] = {int(k): FitResult.from_dict(v) for k, v in saved["folds"].items()}
                self._finish_standalone(first, todo, stage1, rows, bar)
            else:
                pending.append(first)
        tasks = [(first, fold) for first in pending for fold in self.folds]
        outputs = self._parallel()(
            delayed(fit_one)(self.problem, self.factories[first], fold,
                             task_seed(self.settings.entropy, fold.tag, first), None,
                             *needs[first])
            for first, fold in tasks)
        collected: dict[str, dict] = {}
        for result, (first, fold) in zip(outputs, tasks):  # outputs first: drain the generator
            collected.setdefault(first, {})[fold.tag] = result
            if len(collected[first]) == len(self.folds):
                stage1[first] = collected.pop(first)
                if self.checkpoint:
                    self.checkpoint.save_stage(first, {
                        "select": needs[first][0], "predict": needs[first][1],
                        "folds": {str(k): v.to_dict() for k, v in stage1[first].items()}})
                self._finish_standalone(first, todo, stage1, rows, bar)
        return stage1

    def _finish_standalone(self, first, todo, stage1, rows, bar) -> None:
        self.timings["stage1"][first] = _total_time(stage1[first])
        for c in todo:
            if c.selector is None and c.learner == first:
                self._finish(c, stage1[first], None, rows, bar)

    def _selection(self, combination, selector_fit: FitResult) -> FitResult | list:
        """The features to fit on, or a FitResult saying why the fold cannot run."""
        if selector_fit.status != "ok":
            return FitResult(selector_fit.status, f"selector {combination.selector} "
                                                  f"{selector_fit.status}: {selector_fit.reason}")
        kept = selector_fit.selected
        if len(kept) < self.settings.min_selected:
            shown = f" ({', '.join(kept)})" if kept else ""
            return FitResult("skipped", f"{combination.selector} kept {len(kept)} "
                                        f"feature{'s' if len(kept) != 1 else ''}{shown}; a "
                                        f"combination needs at least "
                                        f"{self.settings.min_selected} (min_selected)")
        return kept

    def _run_stage2(self, todo, stage1, rows, bar) -> None:
        combos = [c for c in todo if c.selector is not None]
        results: dict[str, dict] = {c.name: {} for c in combos}
        tasks = []
        for c in combos:
            for fold in self.folds:
                selection = self._selection(c, stage1[c.selector][fold.tag])
                if isinstance(selection, FitResult):
                    results[c.name][fold.tag] = selection
                else:
                    tasks.append((c, fold, selection))
        for c in combos:  # combinations with nothing left to fit are finished now
            if len(results[c.name]) == len(self.folds):
                self._finish(c, results[c.name], stage1[c.selector], rows, bar)
        outputs = self._parallel()(
            delayed(fit_one)(self.problem, self.factories[c.learner], fold,
                             task_seed(self.settings.entropy, fold.tag,
                                       f"{c.selector} + {c.learner}"),
                             selection, False, True)
            for c, fold, selection in tasks)
        for result, (c, fold, _) in zip(outputs, tasks):
            results[c.name][fold.tag] = result
            if len(results[c.name]) == len(self.folds):
                self._finish(c, results[c.name], stage1[c.selector], rows, bar)

    # -- scoring -------------------------------------------------------------------------
    def _score(self, outcome, prediction, unscorable: str | None) -> tuple[dict, str, str]:
        if unscorable:
            return {}, "skipped", unscorable
        try:
            return self.problem.score(outcome, prediction), "ok", ""
        except InputError as exc:
            return {}, "skipped", str(exc)

    def _cv_row(self, fits: dict) -> tuple[dict, str, str]:
        cv_folds = [f for f in self.folds if f.tag]
        bad = [(f.tag, fits[f.tag]) for f in cv_folds if fits[f.tag].status != "ok"]
        if bad:
            failed = [(tag, r) for tag, r in bad if r.status == "failed"]
            status = "failed" if failed else "skipped"
            tag, first = (failed or bad)[0]
            others = (f"; skipped in {len(bad) - len(failed)} more"
                      if failed and len(failed) < len(bad) else "")
            return {}, status, (f"{status} in {len(failed or bad)} of {len(cv_folds)} folds"
                                f"{others} (first: fold {tag}: {first.reason})")
        outcome = self.problem.outcome()
        per_repeat = []
        for repeat in sorted({f.repeat for f in cv_folds}):
            pooled = np.empty(len(self.problem.X))
            for f in cv_folds:
                if f.repeat == repeat:
                    pooled[f.test] = fits[f.tag].predictions["cv"]
            metrics, status, reason = self._score(outcome, pooled, None)
            if status != "ok":
                return {}, status, f"repeat {repeat + 1}: {reason}"
            per_repeat.append(metrics)
        warned = [f.tag for f in cv_folds if fits[f.tag].warnings]
        note = "" if not warned else (f"warnings in {len(warned)} of {len(cv_folds)} folds "
                                      f"(first: fold {warned[0]}: "
                                      f"{fits[warned[0]].warnings[0]})")
        return {k: float(np.mean([m[k] for m in per_repeat])) for k in per_repeat[0]}, "ok", note

    def _rows(self, combination, model: dict, selector: dict | None) -> list[dict]:
        seconds = sum(r.seconds for r in model.values())
        if selector is not None:
            seconds += sum(r.seconds for r in selector.values())
        full = model[0]
        features = full.used if full.status == "ok" else []
        base = {"model": combination.name, "n_features": len(features),
                "features": "; ".join(features), "seconds": seconds}
        scored = []
        if self.settings.cv != "cohort":
            scored.append((self.settings.cv, *self._cv_row(model)))
        targets = [(APPARENT, self.problem.outcome(), None)] + [
            (name, outcome, self.problem.unscorable.get(name))
            for name, (_, outcome) in self.problem.cohorts.items()]
        for name, outcome, unscorable in targets:
            if full.status != "ok":
                scored.append((name, {}, full.status, full.reason))
            else:
                metrics, status, reason = self._score(outcome, full.predictions[name], unscorable)
                if status == "ok" and full.warnings:
                    reason = "warnings: " + " | ".join(full.warnings)
                scored.append((name, metrics, status, reason))
        rows = []
        for cohort, metrics, status, reason in scored:
            row = {"model": combination.name, "cohort": cohort}
            row.update({k: metrics.get(k, np.nan) for k in self.problem.metric_columns})
            row.update({k: base[k] for k in ("n_features", "features")})
            row.update({"status": status, "reason": reason, "seconds": base["seconds"]})
            rows.append(row)
        return rows
