"""StepCox: a Cox model whose terms are chosen by stepwise AIC."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from radstats._core.errors import EmptyModelError, InputError, NotApplicableError
from radstats.screen.learners._base import SurvivalLearner, constant_columns
from radstats.selection import stepwise
from radstats.selection.stepwise import DIRECTIONS
from radstats.survival import CoxPH
from radstats.survival.surv import Surv


class StepCox(SurvivalLearner):
    """Cox regression (Efron ties) on the terms a stepwise AIC search keeps.

    Parameters
    ----------
    direction : {"both", "backward", "forward"}
        "backward" and "both" start from the model with every column (as R's
        ``step(coxph(Surv ~ .))``); "forward" starts from the empty model and
        adds terms (Mime starts it from the full model, where it can only stop).
    criterion : {"aic", "bic"}
        Penalty 2 per coefficient, or log(number of events).

    Attributes
    ----------
    selected_features_ : list of str
        The final model's terms.
    coef_ : pandas.Series
        Log hazard ratios of the final model; 0 for every other column.
    model_ : CoxPH
        The final model.
    stepwise_ : StepwiseResult
        The search path.

    Raises
    ------
    NotApplicableError
        "backward"/"both" when the full model has no estimate to start from
        (see Notes); a screen reports it as ``skipped``.
    EmptyModelError
        A search that keeps no term ("StepCox[forward] kept 0 features"); a
        screen reports it as ``skipped``.

    Notes
    -----
    Risk = the final model's linear predictor (centred at the training means,
    as ``predict.coxph(type = "lp")``), higher = worse. The search is
    :func:`radstats.selection.stepwise`, which matches ``MASS::stepAIC``; a
    constant column is dropped before the search (it can never enter).
    Deterministic: there is no ``random_state``.

    "backward" and "both" need the full Cox model, and refuse (a ``skipped``
    row in the screen, with the reason) rather than start from a fit that
    does not exist:

    * as many features as patients, or collinear features: the full model
      is not identifiable. R's ``coxph`` (and so Mime's
      ``step(coxph(Surv ~ .))``) gives NA to the columns it finds aliased,
      chosen by column order, and steps from what is left.
    * a full model whose fit runs out of iterations: its likelihood keeps
      rising as coefficients run off to infinity (with about as many
      features as events the model separates the data). R fits it with a
      warning and ``stepAIC`` goes on, comparing candidates whose
      log-likelihoods are all near 0 and differ by where the iterations
      stopped (or stops with an error in ``coxph.wtest``); the path is
      numerical noise, not a selection.

    A full model with more features than events that does converge is used.
    "forward" starts from the empty model and needs neither. On data where
    its candidates nearly separate the data it follows ``stepAIC`` step for
    step; where R's fit of a candidate breaks down (its information becomes
    numerically singular, ``coxph`` gives every coefficient NA and
    ``stepAIC`` counts 0 degrees of freedom) R takes that step and radstats
    does not, e.g. after 55 of R's 56 steps on 100 patients x 200 features.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from radstats import Surv
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(150, 4)), columns=list("abcd"))
    >>> time = rng.exponential(np.exp(-X["a"].to_numpy()))
    >>> fit = StepCox(direction="forward").fit(X, Surv(time, np.ones(150)))
    >>> fit.selected_features_[0], bool(fit.coef_["a"] > 0)
    ('a', True)
    """

    def __init__(self, direction: str = "both", criterion: str = "aic"):
        self.direction = direction
        self.criterion = criterion

    def _label(self) -> str:
        return f"StepCox[{self.direction}]"

    def _fit(self, values: np.ndarray, y: Surv) -> None:
        if self.direction not in DIRECTIONS:
            raise InputError(f"StepCox: `direction` must be one of {DIRECTIONS}; got "
                             f"{self.direction!r}")
        names = list(self.feature_names_in_)
        varying = ~constant_columns(values)
        used = [n for n, v in zip(names, varying) if v]
        if not used:
            raise InputError(f"{self._label()}: every column is constant")
        frame = pd.DataFrame(values[:, varying], columns=used)
        if self.direction != "forward":
            self._check_full_model(frame, y)
        try:
            self.stepwise_ = stepwise(CoxPH(), frame, y, direction=self.direction,
                                      criterion=self.criterion)
        except InputError as exc:
            raise InputError(f"{self._label()}: {exc}") from None
        self.selected_features_ = list(self.stepwise_.selected)
        if not self.selected_features_:
            raise EmptyModelError(f"{self._label()} kept 0 features (the empty model has the "
                                  f"lowest {self.criterion.upper()})")
        self.model_ = self.stepwise_.model
        self.coef_ = self._series(np.zeros(len(names)))
        self.coef_[self.selected_features_] = self.model_.coef_.to_numpy()

    def _check_full_model(self, frame: pd.DataFrame, y: Surv) -> None:
        """Refuse to step back from a full model that is not identifiable or has no maximum."""
        start = (f"{self._label()} starts from the full Cox model of all {frame.shape[1]} "
                 f"features, which")
        advice = "select features first or use StepCox[forward]"
        if frame.shape[1] >= len(frame):
            raise NotApplicableError(f"{start} is not identifiable with {len(frame)} patients: "
                                     f"{advice}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                full = CoxPH().fit(frame, y)
            except InputError as exc:  # e.g. collinear columns: not identifiable either
                raise NotApplicableError(f"{start} cannot be fitted: {exc}: {advice}") from None
        if not full.result_.meta["converged"]:
            raise NotApplicableError(
                f"{start} does not converge with {y.n_events} events (its likelihood keeps "
                f"rising as coefficients run off to infinity): {advice}")

    def _predict(self, values: np.ndarray) -> np.ndarray:
        columns = [list(self.feature_names_in_).index(n) for n in self.selected_features_]
        frame = pd.DataFrame(values[:, columns], columns=self.selected_features_)
        return self.model_.predict(frame)
