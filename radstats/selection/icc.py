"""Intraclass correlation of features measured by several readers (psych::ICC)."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats._core.validation import as_frame

FORMS = ("icc1", "icc2", "icc3", "icc1k", "icc2k", "icc3k")


def _stack_readers(readers) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """Return values as (features, subjects, raters) after checking IDs and columns."""
    frames = [as_frame(r, f"reader{i + 1}") for i, r in enumerate(readers)]
    first = frames[0]
    for i, frame in enumerate(frames[1:], start=2):
        only_first = first.index.difference(frame.index)
        only_other = frame.index.difference(first.index)
        if len(only_first) or len(only_other) or first.index.has_duplicates:
            raise InputError(
                f"reader1 and reader{i} must rate the same patients (index): only in reader1 "
                f"{list(only_first[:5])}, only in reader{i} {list(only_other[:5])}"
                + (", duplicated IDs in reader1" if first.index.has_duplicates else ""))
        missing = first.columns.difference(frame.columns)
        if len(missing):
            raise InputError(f"reader{i} lacks feature(s) {list(missing[:5])} of reader1")
    for i, frame in enumerate(frames, start=1):
        non_numeric = [c for c in first.columns if not pd.api.types.is_numeric_dtype(frame[c])]
        if non_numeric:
            raise InputError(f"reader{i} feature(s) {non_numeric[:5]} are not numeric")
    values = np.stack([f.loc[first.index, first.columns].to_numpy(float).T for f in frames], axis=2)
    return values, first.index, first.columns


def icc(reader1, reader2, *more_readers, alpha: float = 0.05) -> pd.DataFrame:
    """Intraclass correlations of every feature between readers.

    Parameters
    ----------
    reader1, reader2, *more_readers : DataFrame
        One frame per reader: rows are patients (matched by index, in any order),
        columns are features (matched by name).
    alpha : float, default 0.05
        1 - confidence level of the intervals.

    Returns
    -------
    DataFrame
        Indexed by feature. For each form in ``icc1, icc2, icc3`` (single
        measures: one-way random; two-way random, absolute agreement; two-way
        mixed, consistency) and their average-measure versions ``icc1k, icc2k,
        icc3k``: the estimate, ``<form>_lower``, ``<form>_upper``, ``<form>_f``,
        ``<form>_df1``, ``<form>_df2`` and ``<form>_p`` (the F test of ICC = 0).

    Notes
    -----
    Matches ``psych::ICC(x, lmer = FALSE)`` (psych 2.2.9; Shrout & Fleiss 1979,
    McGraw & Wong 1996) to 1e-8 (estimates and F) and 1e-6 (limits, p), from
    the two-way ANOVA of each feature, vectorised over all features. Missing
    values are an error (psych drops incomplete patients). A feature that does
    not vary gives NaN with a warning naming it.

    Examples
    --------
    >>> import pandas as pd
    >>> r1 = pd.DataFrame({"volume": [10.0, 12.0, 9.0, 15.0, 11.0]})
    >>> r2 = pd.DataFrame({"volume": [10.5, 12.2, 8.6, 14.9, 11.4]})
    >>> print(round(icc(r1, r2).loc["volume", "icc2"], 4))
    0.9884
    """
    values, _, features = _stack_readers((reader1, reader2, *more_readers))
    _, n, k = values.shape
    if n < 2:
        raise InputError("ICC needs at least 2 patients")
    grand = values.mean(axis=(1, 2), keepdims=True)
    ss_subjects = k * ((values.mean(axis=2, keepdims=True) - grand) ** 2).sum(axis=(1, 2))
    ss_raters = n * ((values.mean(axis=1, keepdims=True) - grand) ** 2).sum(axis=(1, 2))
    ss_error = ((values - grand) ** 2).sum(axis=(1, 2)) - ss_subjects - ss_raters
    msb = ss_subjects / (n - 1)
    msj = ss_raters / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    msw = (ss_raters + ss_error) / (n * (k - 1))

    constant = ~(msb > 0)
    if constant.any():
        warnings.warn(f"feature(s) {list(features[constant][:10])} do not vary between patients; "
                      "their ICC is NaN", stacklevel=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _icc_table(msb, msj, mse, msw, n, k, alpha)
    return pd.DataFrame(out, index=pd.Index(features, name="feature"))


def _icc_table(msb, msj, mse, msw, n, k, alpha) -> dict:
    q = 1 - alpha / 2
    oneway_df, twoway_df = (n - 1, n * (k - 1)), (n - 1, (n - 1) * (k - 1))
    f1, f2 = msb / msw, msb / mse
    icc1 = (msb - msw) / (msb + (k - 1) * msw)
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    icc3 = (msb - mse) / (msb + (k - 1) * mse)

    f1_low, f1_up = f1 / stats.f.ppf(q, *oneway_df), f1 * stats.f.ppf(q, *oneway_df[::-1])
    f3_low, f3_up = f2 / stats.f.ppf(q, *twoway_df), f2 * stats.f.ppf(q, *twoway_df[::-1])
    # Absolute agreement: Satterthwaite df for the interval (McGraw & Wong 1996).
    fj = msj / mse
    centre = n * (1 + (k - 1) * icc2) - k * icc2
    v = ((k - 1) * (n - 1) * (k * icc2 * fj + centre) ** 2
         / ((n - 1) * k**2 * icc2**2 * fj**2 + centre**2))
    f_up, f_low = stats.f.ppf(q, n - 1, v), stats.f.ppf(q, v, n - 1)
    shared = k * msj + (k * n - k - n) * mse
    icc2_low = n * (msb - f_up * mse) / (f_up * shared + n * msb)
    icc2_up = n * (f_low * msb - mse) / (shared + n * f_low * msb)

    estimates = {
        "icc1": (icc1, (f1_low - 1) / (f1_low + k - 1), (f1_up - 1) / (f1_up + k - 1), f1, oneway_df),
        "icc2": (icc2, icc2_low, icc2_up, f2, twoway_df),
        "icc3": (icc3, (f3_low - 1) / (f3_low + k - 1), (f3_up - 1) / (f3_up + k - 1), f2, twoway_df),
        "icc1k": ((msb - msw) / msb, 1 - 1 / f1_low, 1 - 1 / f1_up, f1, oneway_df),
        "icc2k": ((msb - mse) / (msb + (msj - mse) / n), icc2_low * k / (1 + icc2_low * (k - 1)),
                  icc2_up * k / (1 + icc2_up * (k - 1)), f2, twoway_df),
        "icc3k": ((msb - mse) / msb, 1 - 1 / f3_low, 1 - 1 / f3_up, f2, twoway_df),
    }
    table = {}
    for form in FORMS:
        value, lower, upper, f, (df1, df2) = estimates[form]
        table[form] = value
        table.update({f"{form}_lower": lower, f"{form}_upper": upper, f"{form}_f": f,
                      f"{form}_df1": np.broadcast_to(df1, np.shape(value)).astype(float),
                      f"{form}_df2": np.broadcast_to(df2, np.shape(value)).astype(float),
                      f"{form}_p": stats.f.sf(f, df1, df2)})
    return table


@dataclasses.dataclass(frozen=True, repr=False)
class ICCFilterResult(Result):
    """Features whose ICC exceeds the threshold, with the full ICC ``table``."""

    kept: list
    dropped: list
    table: pd.DataFrame
    meta: dict = dataclasses.field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table


def icc_filter(reader1, reader2, *more_readers, threshold: float = 0.75, form: str = "icc2",
               alpha: float = 0.05) -> ICCFilterResult:
    """Keep the features reproducible between readers (ICC > ``threshold``).

    ``form`` picks the ICC (default ``"icc2"``: two-way random, absolute
    agreement, single rater, the usual radiomics choice). Features with NaN ICC
    (constant) are dropped. See :func:`icc` for the computation and its R parity.

    Examples
    --------
    >>> import pandas as pd
    >>> r1 = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [4.0, 1, 3, 2]})
    >>> r2 = pd.DataFrame({"a": [1.1, 2.1, 2.9, 4.2], "b": [1.0, 3, 2, 4]})
    >>> icc_filter(r1, r2).kept
    ['a']
    """
    if form not in FORMS:
        raise InputError(f"`form` must be one of {FORMS}, got {form!r}")
    table = icc(reader1, reader2, *more_readers, alpha=alpha)
    keep = table[form] > threshold
    return ICCFilterResult(
        kept=table.index[keep].tolist(), dropped=table.index[~keep].tolist(), table=table,
        meta={"method": f"ICC filter ({form} > {threshold})", "threshold": threshold, "form": form},
    )
