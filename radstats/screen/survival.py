"""``run_screen``: the 101-combination survival screen, done so its numbers can be trusted."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.validation import as_binary_outcome, as_float_vector
from radstats.screen.engine import Problem
from radstats.screen.inputs import (
    check_cohorts, check_cv, check_frame, choose_features, feature_frame,
)
from radstats.screen.registry import build_factories
from radstats.screen.result import ScreenResult
from radstats.screen.runner import execute
from radstats.screen.scoring import check_scorable_survival, harrell_with_ci, mime_concordance
from radstats.survival.surv import Surv


class SurvivalProblem(Problem):
    """Features and a right-censored outcome; models predict a risk (higher = worse)."""

    kind = "survival"

    def __init__(self, X, time, event, cohorts, unscorable, mime_compatible: bool,
                 conf_level: float):
        super().__init__(X, cohorts, event.astype(int), unscorable)
        self.time, self.event = time, event
        self.mime_compatible, self.conf_level = mime_compatible, conf_level
        self.metric_columns = ("c_index", "c_lower", "c_upper") + (
            ("c_index_mime",) if mime_compatible else ())

    def outcome(self, rows=None) -> Surv:
        if rows is None:
            return Surv(self.time, self.event)
        return Surv(self.time[rows], self.event[rows])

    def predict(self, estimator, X) -> np.ndarray:
        return np.asarray(estimator.predict(X), dtype=float).ravel()

    def score(self, outcome: Surv, prediction) -> dict:
        risk = as_float_vector(prediction, "predicted risk")
        metrics = harrell_with_ci(outcome.time, outcome.event, risk, self.conf_level)
        if self.mime_compatible:
            metrics["c_index_mime"] = mime_concordance(outcome.time, outcome.event, risk,
                                                       metrics["c_index"])
        return metrics


def _outcome_arrays(frame: pd.DataFrame, time: str, event: str, name: str):
    times = as_float_vector(frame[time], f"{name} column {time!r}")
    if (times < 0).any():
        row = frame.index[int(np.argmax(times < 0))]
        raise InputError(f"{name} column {time!r} has a negative time at row {row!r}")
    return times, as_binary_outcome(frame[event], None, f"{name} column {event!r}")


def run_screen(train, cohorts=None, time: str = "time", event: str = "event", features=None,
               combinations="irls101", cv: str = "cohort", random_state=None, n_jobs=1,
               checkpoint=None, *, n_splits: int = 5, n_repeats: int = 1, min_selected: int = 2,
               mime_compatible: bool = False, conf_level: float = 0.95, learners=None,
               progress: bool = True) -> ScreenResult:
    """Fit and score survival models alone and as "selector + model" pairs.

    Every requested combination appears in the result with its status: ``ok``,
    ``skipped`` (with the reason, e.g. "Lasso kept 1 feature (x3)", or an
    empty model: "Lasso kept 0 features at lambda.min") or ``failed`` (the
    learner's error). Nothing is dropped silently: warnings a
    learner raises are collected into ``reason`` of its ``ok`` rows too.

    Parameters
    ----------
    train : DataFrame
        Training cohort: the ``time`` and ``event`` columns and the features.
    cohorts : dict of str -> DataFrame, optional
        External validation cohorts with the same columns. Every model fitted
        on all of ``train`` is scored on each of them.
    time, event : str
        Column names of the follow-up time and the event indicator (0/1).
    features : list of str, optional
        Feature columns (default: every other column of ``train``). Each must
        be present, numeric and complete in ``train`` and every cohort: a
        missing column or a NaN is an error naming it, never filled in.
    combinations : {"irls101", "mime117"} or list of str
        Presets (the 101 of Liu et al. 2022; Mime's 117) or names such as
        ``["Lasso + RSF", "StepCox[both]", "MyLearner"]``; see
        :mod:`radstats.screen.combinations`.
    cv : {"cohort", "loocv", "kfold"}
        ``"cohort"``: fit on ``train``; score the training data (cohort
        ``"apparent"``) and each cohort. ``"loocv"``: also true leave-one-out
        on ``train`` -- selection, tuning and fitting redone without each
        patient, the n out-of-fold risks pooled into one C-index (cohort
        ``"loocv"``). ``"kfold"``: repeated stratified K-fold (stratified on
        the event), out-of-fold risks pooled per repeat and the repeats'
        C-indices averaged (cohort ``"kfold"``).
    random_state : int, numpy Generator or None
        Seed of every fit and of the folds. None draws fresh entropy (kept in
        ``meta["entropy"]`` and in the checkpoint, so refits and resumed
        screens reuse it).
    n_jobs : int
        joblib workers over folds and combinations (-1: all cores). Results do
        not depend on it, nor on the backend: under
        ``joblib.parallel_config(backend="dask")`` pass ``n_jobs=-1`` to run
        on a Dask cluster.
    checkpoint : path, optional
        A folder where finished combinations are saved as they complete; a
        screen run again with the same path, data and settings resumes without
        redoing them.
    n_splits, n_repeats : int
        K and the number of repeats for ``cv="kfold"``.
    min_selected : int
        Fewest features a selector must keep for its combinations to be
        fitted (default 2, as Mime); fewer marks them ``skipped`` with a reason.
    mime_compatible : bool
        Also report Mime's sign-free C-index (``summary(coxph(Surv ~ RS))``'s
        concordance, which flips a risk that points the wrong way) in a column
        ``c_index_mime``. ``c_index`` and the ranking always keep the sign.
    conf_level : float
        Level of the C-index interval.
    learners : dict, optional
        Learner name -> factory or estimator, for this call only (see
        :func:`radstats.screen.register_learner`).
    progress : bool
        Show a progress bar of combinations done / total.

    Returns
    -------
    ScreenResult
        ``table`` with one row per model x cohort: ``model, cohort, c_index,
        c_lower, c_upper, n_features, features, status, reason, seconds``
        (``features``: the final model's features, ``"; "``-separated;
        ``seconds``: this model's fits on all folds plus its selector's, which
        are shared with the other combinations starting with it); ``ranking``;
        ``best()``; ``refit(name)``; ``plot_heatmap()``.

    Notes
    -----
    ``c_index`` is Harrell's C with the risk's sign (higher = worse), as
    ``survival::concordance(Surv(time, event) ~ risk, reverse = TRUE)``
    (survival 3.5-3, to 1e-8); ``c_lower``/``c_upper`` are ``C -/+ z se``
    with ``se`` the square root of that function's infinitesimal-jackknife
    ``var`` (to 1e-8). For a pooled LOOCV or K-fold C the interval treats the
    pooled risks as fixed. Compared with Mime (``ML.Dev.Prog.Sig``): each
    selector is fitted once per fold and reused; the C-index keeps its sign;
    Ridge is tuned at its own lambda; a selector keeping too few features is
    reported, not dropped; LOOCV is actually run; and seeds are per fit.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats.survival import CoxPH
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.normal(size=(60, 3)), columns=["a", "b", "c"])
    >>> d["time"] = rng.exponential(np.exp(-d["a"])); d["event"] = 1
    >>> res = run_screen(d, combinations=["Cox"], learners={"Cox": CoxPH()},
    ...                  random_state=1, progress=False)
    >>> res.table[["model", "cohort", "status"]].values.tolist()
    [['Cox', 'apparent', 'ok']]
    >>> bool(res.table["c_index"].iloc[0] > 0.6)
    True
    """
    train = check_frame(train, "`train`")
    cohorts = check_cohorts(cohorts)
    check_cv(cv, n_splits, n_repeats, min_selected)
    if not 0 < conf_level < 1:
        raise InputError(f"`conf_level` must be in (0, 1), got {conf_level!r}")
    features = choose_features(train, [time, event], features)
    parsed, factories = build_factories(combinations, "survival", learners)

    X = feature_frame(train, features, "`train`")
    train_time, train_event = _outcome_arrays(train, time, event, "`train`")
    Surv(train_time, train_event)  # at least one event, or a clear error
    cohort_data, unscorable = {}, {}
    for name, frame in cohorts.items():
        label = f"cohort {name!r}"
        for column in (time, event):
            if column not in frame.columns:
                raise InputError(f"{label} has no column {column!r}")
        cohort_X = feature_frame(frame, features, label)
        times, events = _outcome_arrays(frame, time, event, label)
        unscorable[name] = check_scorable_survival(events)
        if unscorable[name]:
            unscorable[name] = f"{label} has {unscorable[name]}"
        outcome = None if unscorable[name] else Surv(times, events)
        cohort_data[name] = (cohort_X, outcome)

    problem = SurvivalProblem(X, train_time, train_event, cohort_data, unscorable,
                              mime_compatible, conf_level)
    columns = [time, event, *features]
    return execute(problem, parsed, factories, frames=[train[columns]] + [
        f[columns] for f in cohorts.values()], cv=cv, random_state=random_state, n_jobs=n_jobs,
        checkpoint=checkpoint, n_splits=n_splits, n_repeats=n_repeats, min_selected=min_selected,
        progress=progress, options={"mime_compatible": mime_compatible, "conf_level": conf_level},
        events=int(train_event.sum()))
