"""StepCox: a Cox model whose terms are chosen by stepwise AIC."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
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
    InputError
        "backward"/"both" when the full model cannot be fitted (more columns
        than the data can carry, or collinear columns); a search that keeps
        no term ("StepCox[forward] kept 0 features").

    Notes
    -----
    Risk = the final model's linear predictor (centred at the training means,
    as ``predict.coxph(type = "lp")``), higher = worse. The search is
    :func:`radstats.selection.stepwise`, which matches ``MASS::stepAIC``; a
    constant column is dropped before the search (it can never enter).
    Deterministic: there is no ``random_state``.

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
        if self.direction != "forward" and len(used) >= y.n_events:
            raise InputError(
                f"{self._label()} starts from the full Cox model, which cannot be fitted with "
                f"{len(used)} features and {y.n_events} events: select features first or use "
                "StepCox[forward]")
        frame = pd.DataFrame(values[:, varying], columns=used)
        try:
            self.stepwise_ = stepwise(CoxPH(), frame, y, direction=self.direction,
                                      criterion=self.criterion)
        except InputError as exc:
            raise InputError(f"{self._label()}: {exc}") from None
        self.selected_features_ = list(self.stepwise_.selected)
        if not self.selected_features_:
            raise InputError(f"{self._label()} kept 0 features (the empty model has the "
                             f"lowest {self.criterion.upper()})")
        self.model_ = self.stepwise_.model
        self.coef_ = self._series(np.zeros(len(names)))
        self.coef_[self.selected_features_] = self.model_.coef_.to_numpy()

    def _predict(self, values: np.ndarray) -> np.ndarray:
        columns = [list(self.feature_names_in_).index(n) for n in self.selected_features_]
        frame = pd.DataFrame(values[:, columns], columns=self.selected_features_)
        return self.model_.predict(frame)
