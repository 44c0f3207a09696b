"""The model-comparison table ("Table 2"): models x cohorts with AUC (95% CI),
sensitivity, specificity and accuracy at a cut-off, and DeLong's p against a
reference model."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_binary_outcome, as_float_vector, check_same_length
from radstats.tables import _format
from radstats.tables.baseline import _format_p

_RATES = ("sensitivity", "specificity", "accuracy", "ppv", "npv")
_LABELS = {"sensitivity": "Sensitivity", "specificity": "Specificity", "accuracy": "Accuracy",
           "ppv": "PPV", "npv": "NPV"}


@dataclasses.dataclass(frozen=True, repr=False)
class PerformanceTable(Result):
    """A model x cohort performance table and the numbers behind it.

    Attributes
    ----------
    table : DataFrame
        Display strings, one row per model and cohort: ``model, cohort,
        AUC (95% CI)``, the rates as "0.83 [42/51]" and ``p`` (DeLong against
        the reference model; "ref" on its own rows).
    stats : DataFrame
        The numbers, same rows: ``model, cohort, n, auc, ci_lower, ci_upper,
        threshold, sensitivity, specificity, accuracy, ppv, npv, tp, fp, tn, fn,
        pvalue`` (``pvalue`` NaN without a reference).
    meta : dict
        ``reference``, ``threshold_cohort``, ``direction``, ``conf_level``.
    """

    table: pd.DataFrame
    stats: pd.DataFrame
    meta: dict = dataclasses.field(default_factory=dict)

    def _continued(self) -> np.ndarray:
        return self.table["model"].duplicated().to_numpy()

    def to_frame(self) -> pd.DataFrame:
        """The display table (a copy of :attr:`table`)."""
        return self.table.copy()

    def to_markdown(self) -> str:
        """The table as a Markdown pipe table (each model named once)."""
        return _format.to_markdown(self.table, self._continued(), blank="model")

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        """The table as a LaTeX ``tabular``."""
        return _format.to_latex(self.table, caption, label, self._continued(), blank="model")

    def to_html(self, caption: str | None = None) -> str:
        """The table as an HTML ``<table>``."""
        return _format.to_html(self.table, caption, self._continued(), blank="model")

    def summary(self) -> str:
        return "PerformanceTable\n" + self.table.to_string(index=False)

    def __repr__(self) -> str:
        return self.summary()


def performance_table(y, scores, cohort=None, *, reference=None, threshold="youden",
                      threshold_cohort=None, whole: str | None = None,
                      rates=("sensitivity", "specificity", "accuracy"), direction: str = "<",
                      conf_level: float = 0.95, digits: int = 2,
                      p_digits: int = 3) -> PerformanceTable:
    """Compare models across cohorts as the seed studies' Table 2.

    For each model and cohort: the AUC with DeLong's interval, the rates at a
    cut-off with their counts ("0.83 [42/51]"), and DeLong's paired test
    against ``reference`` on the same patients.

    Parameters
    ----------
    y : array-like of {0, 1}
        Outcome, 1 = event (a case).
    scores : DataFrame or dict of name -> array-like
        Each model's score or probability, **higher = more likely an event**
        (``direction="<"``), in the rows of ``y``; the order gives the rows.
    cohort : array-like, optional
        Each patient's cohort (e.g. "Training", "Validation"); cohorts appear
        in order of first appearance (or a Categorical's order). Default: one
        cohort, "All".
    reference : str, optional
        The model the others are tested against (its rows show "ref").
    threshold : "youden", float or dict of name -> float
        The cut-off: Youden's (pROC ``coords("best")``) or given values; a
        patient is positive when ``score >= threshold``.
    threshold_cohort : str, optional
        With ``"youden"``, the cohort whose Youden cut-off every cohort uses
        (default the first, the training cohort: honest validation); ``"each"``
        chooses one per cohort.
    whole : str, optional
        Add all patients together as a cohort with this name (e.g. "Whole").
    rates : sequence of str
        Which of sensitivity, specificity, accuracy, ppv, npv to show.
    direction : {"<", ">"}
        pROC's direction for every model (``"<"``: higher = event).
    conf_level : float, default 0.95
    digits, p_digits : int
        Decimals of the AUC and rates, and of the p-values.

    Returns
    -------
    PerformanceTable
        ``table`` (display strings), ``stats`` (numbers); ``to_markdown()``,
        ``to_latex()``, ``to_html()``.

    Notes
    -----
    Every cell is one call of a parity-tested function and matches pROC
    1.18.0: ``ci.auc(method = "delong")``, ``coords(roc, "best", best.method =
    "youden")`` and ``coords(roc, x = threshold, input = "threshold")``, and
    ``roc.test(method = "delong", paired = TRUE)`` (tested to 1e-8 on a
    composite fixture).

    Examples
    --------
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0]
    >>> scores = {"Clinical": [.2, .4, .5, .7, .3, .6, .5, .4, .8, .1, .9, .6],
    ...           "Combined": [.1, .3, .6, .8, .2, .7, .4, .5, .9, .1, .8, .3]}
    >>> cohort = ["T"] * 8 + ["V"] * 4
    >>> table = performance_table(y, scores, cohort, reference="Combined")
    >>> table.table.columns.tolist()
    ['model', 'cohort', 'AUC (95% CI)', 'Sensitivity', 'Specificity', 'Accuracy', 'p']
    >>> table.table.loc[0, "Sensitivity"]
    '1.00 [4/4]'
    """
    from radstats.metrics import classification_summary, delong_test, roc_auc, youden

    outcome = as_binary_outcome(y, "a performance table needs events and non-events")
    models = _models(scores, len(outcome))
    unknown = [r for r in rates if r not in _RATES]
    if unknown:
        raise InputError(f"unknown rate(s) {unknown}; choose from {_RATES}")
    if reference is not None and reference not in models:
        raise InputError(f"`reference` {reference!r} is not a model; models: {list(models)}")
    if direction not in ("<", ">"):
        raise InputError(f"`direction` must be '<' or '>', got {direction!r}")
    cohorts = _cohorts(cohort, len(outcome), whole)
    if threshold_cohort is None:
        threshold_cohort = next(iter(cohorts))
    if threshold_cohort != "each" and threshold_cohort not in cohorts:
        raise InputError(f"`threshold_cohort` {threshold_cohort!r} is not a cohort; cohorts: "
                         f"{list(cohorts)} (or 'each')")

    def cut_off(name, rows):
        if isinstance(threshold, Mapping):
            if name not in threshold:
                raise InputError(f"`threshold` has no cut-off for model {name!r}")
            return float(threshold[name])
        if threshold != "youden":
            return float(threshold)
        return youden(outcome[rows], models[name][rows], direction).threshold

    records = []
    for name, score in models.items():
        fixed = None if threshold_cohort == "each" else cut_off(name, cohorts[threshold_cohort])
        for label, rows in cohorts.items():
            where = f"model {name!r}, cohort {label!r}"
            try:
                auc = roc_auc(outcome[rows], score[rows], direction, conf_level=conf_level)
                cut = cut_off(name, rows) if fixed is None else fixed
                counts = classification_summary(outcome[rows], score[rows], cut, direction)
                pvalue = np.nan
                if reference is not None and name != reference:
                    pvalue = delong_test(outcome[rows], score[rows], models[reference][rows],
                                         direction=direction).pvalue
            except InputError as exc:
                raise InputError(f"{where}: {exc}") from exc
            records.append({"model": name, "cohort": label, "n": int(rows.sum()),
                            "auc": auc.estimate, "ci_lower": auc.ci_lower,
                            "ci_upper": auc.ci_upper, "threshold": cut,
                            **{r: getattr(counts, r) for r in _RATES},
                            "tp": counts.tp, "fp": counts.fp, "tn": counts.tn, "fn": counts.fn,
                            "pvalue": pvalue, "_cells": counts.cells(digits)})
    stats = pd.DataFrame(records)
    table = pd.DataFrame({
        "model": stats["model"], "cohort": stats["cohort"],
        f"AUC ({conf_level:.0%} CI)": [
            f"{r.auc:.{digits}f} ({r.ci_lower:.{digits}f}–{r.ci_upper:.{digits}f})"
            for r in stats.itertuples()],
        **{_LABELS[r]: [cells[r] for cells in stats["_cells"]] for r in rates},
    })
    if reference is not None:
        table["p"] = [("ref" if m == reference else _format_p(p, p_digits))
                      for m, p in zip(stats["model"], stats["pvalue"])]
    return PerformanceTable(
        table=table, stats=stats.drop(columns="_cells"),
        meta={"reference": reference, "threshold_cohort": threshold_cohort,
              "direction": direction, "conf_level": conf_level})


def _models(scores, n: int) -> dict:
    if isinstance(scores, pd.DataFrame):
        scores = {column: scores[column] for column in scores.columns}
    if not isinstance(scores, Mapping) or not scores:
        raise InputError("`scores` must be a DataFrame or a dict of model name -> scores")
    models = {}
    for name, values in scores.items():
        try:
            models[name] = as_float_vector(values, "score")
            check_same_length(y=np.empty(n), score=models[name])
        except InputError as exc:
            raise InputError(f"model {name!r}: {exc}") from exc
    return models


def _cohorts(cohort, n: int, whole: str | None) -> dict:
    """Cohort label -> boolean row mask, in display order."""
    if cohort is None:
        cohorts = {"All": np.ones(n, dtype=bool)}
    else:
        labels = pd.Series(cohort)
        if len(labels) != n:
            raise InputError(f"inputs differ in length: y={n}, cohort={len(labels)}")
        if labels.isna().any():
            raise InputError(f"`cohort` is missing at position {int(labels.isna().to_numpy().argmax())}")
        order = (list(labels.cat.categories) if isinstance(labels.dtype, pd.CategoricalDtype)
                 else list(pd.unique(labels)))
        cohorts = {level: (labels == level).to_numpy() for level in order
                   if (labels == level).any()}
    if whole is not None:
        if whole in cohorts:
            raise InputError(f"`whole` {whole!r} is already a cohort's name")
        cohorts[whole] = np.ones(n, dtype=bool)
    return cohorts
