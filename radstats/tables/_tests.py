"""The hypothesis tests of a baseline table, each written to give R's numbers.

Two-group continuous tests come from :mod:`radstats.selection.univariate`
(``t.test``, ``wilcox.test``); this module adds the k-group ones
(``oneway.test``, ``kruskal.test``) and the contingency-table ones
(``chisq.test``, ``fisher.test``).
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

# R's FEXACT (fisher.test for tables larger than 2 x 2) counts a table as "at most
# as probable as the observed one" when its log-probability is below the observed
# one's plus this constant ("the square root of the smallest relative spacing").
_FEXACT_TOL = 3.45254e-7
# fisher.test for 2 x 2 tables: relErr <- 1 + 10^(-7).
_RELERR_2X2 = 1 + 1e-7
# Largest number of partial tables the exact r x c search expands at once (about a
# second of work per million); beyond it fisher_test raises FisherTooLarge.
MAX_FISHER_TABLES = 5_000_000


class FisherTooLarge(RuntimeError):
    """The exact r x c enumeration would need more than ``MAX_FISHER_TABLES`` tables."""


def drop_empty(table: np.ndarray) -> np.ndarray:
    """Drop all-zero rows and columns, as ``factor()`` does inside ``chisq.test(x, y)``."""
    table = np.asarray(table)
    return table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]


def expected_counts(table: np.ndarray) -> np.ndarray:
    """``outer(rowSums(x), colSums(x)) / sum(x)``."""
    table = np.asarray(table, dtype=float)
    return np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()


def chisq_test(table: np.ndarray, correct: bool = True) -> dict:
    """Pearson's chi-square test of independence as R's ``chisq.test(x)``.

    With ``correct`` a 2 x 2 table gets Yates' correction
    ``min(0.5, |x - E|)`` (a single number, as in R).
    """
    x = np.asarray(table, dtype=float)
    e = expected_counts(x)
    method = "Pearson's Chi-squared test"
    yates = 0.0
    if correct and x.shape == (2, 2):
        yates = min(0.5, float(np.abs(x - e).min()))
        if yates > 0:
            method += " with Yates' continuity correction"
    statistic = float(np.sum((np.abs(x - e) - yates) ** 2 / e))
    df = (x.shape[0] - 1) * (x.shape[1] - 1)
    return dict(statistic=statistic, df=float(df), df2=np.nan,
                p=float(stats.chi2.sf(statistic, df)), method=method, exact=np.nan)


def fisher_test(table: np.ndarray) -> dict:
    """Fisher's exact test as R's ``fisher.test(x)`` (two-sided).

    2 x 2: R's conditional hypergeometric p (tables with probability at most
    ``1 + 1e-7`` times the observed one's). Larger tables: the probabilities of
    the tables with the observed margins that are at most as probable as the
    observed one (log-probability below the observed one's plus 3.45254e-7,
    FEXACT's tolerance) are summed exactly, by the search of
    :func:`_fisher_rxc`. R's FEXACT finds the same sum on most tables (to
    ~1e-12) but not on some sparse r x 2 tables with many rows, where its value
    is far off (tests/test_tables_inputs.py shows two, checked against integer
    arithmetic and R's own ``simulate.p.value``). Raises :class:`FisherTooLarge`
    when the search would keep more than ``MAX_FISHER_TABLES`` partial tables.
    """
    x = np.asarray(table, dtype=np.int64)
    if x.shape == (2, 2):
        p = _fisher_2x2(x)
    else:
        p = _fisher_rxc(x)
    return dict(statistic=np.nan, df=np.nan, df2=np.nan, p=float(max(0.0, min(1.0, p))),
                method="Fisher's Exact Test for Count Data", exact=True)


def _fisher_2x2(x: np.ndarray) -> float:
    m, n, k = int(x[:, 0].sum()), int(x[:, 1].sum()), int(x[0].sum())
    lo, hi = max(0, k - n), min(k, m)
    support = np.arange(lo, hi + 1)
    logdc = stats.hypergeom.logpmf(support, m + n, m, k)
    d = np.exp(logdc - logdc.max())
    d /= d.sum()
    observed = d[int(x[0, 0]) - lo]
    return float(d[d <= observed * _RELERR_2X2].sum())


def _compositions(total: int, parts: int) -> np.ndarray:
    """Every way of writing ``total`` as ``parts`` non-negative integers (rows)."""
    if parts == 1:
        return np.array([[total]], dtype=np.int64)
    rows = []
    for first in range(total + 1):
        rest = _compositions(total - first, parts - 1)
        rows.append(np.column_stack([np.full(len(rest), first, dtype=np.int64), rest]))
    return np.vstack(rows)


def _lfact(values) -> np.ndarray:
    return special.gammaln(np.asarray(values, dtype=float) + 1)


# Partial tables at the same node whose log path weights agree to this (absolute, in
# log scale) are merged, their probability masses added: exchangeable rows (levels
# with equal totals) then cost one state instead of one per permutation.
_MERGE_GRID = 1e-9


def _merge(nodes: np.ndarray, weight: np.ndarray, mass: np.ndarray):
    """Merge states at the same node (rows of ``nodes``) with equal path weight."""
    wkey = np.round(weight / _MERGE_GRID).astype(np.int64)
    order = np.lexsort((wkey, *nodes.T[::-1]))
    nodes, weight, mass, wkey = nodes[order], weight[order], mass[order], wkey[order]
    changed = (np.diff(nodes, axis=0) != 0).any(axis=1) | (np.diff(wkey) != 0)
    starts = np.flatnonzero(np.r_[True, changed])
    return nodes[starts], weight[starts], np.logaddexp.reduceat(mass, starts)


def _fisher_rxc(x: np.ndarray) -> float:
    """Exact r x c p-value: the tables with the observed margins, summed as FEXACT does.

    Levels (the longer side) are added one row at a time; a state is a partial
    table's remaining column totals (its node), its log path weight
    ``-sum(log x_ij!)`` (which decides whether a completed table counts) and
    its log probability mass. States with equal node and weight are merged.
    With two columns every state is first checked against the largest and
    smallest weight its completions can reach: when even the largest keeps the
    table at most as probable as the observed one, all completions count and
    their mass has a closed form; when even the smallest makes it more
    probable, none does (the bounds of Mehta and Patel's network algorithm).
    """
    if x.shape[0] < x.shape[1]:
        x = x.T
    rows, cols = np.sort(x.sum(axis=1)), x.sum(axis=0)
    constant = _lfact(rows).sum() + _lfact(cols).sum() - _lfact(rows.sum())
    threshold = -_lfact(x).sum() + _FEXACT_TOL
    if len(cols) == 2:
        counted = _two_column_network(rows, int(cols[0]), threshold)
    else:
        counted = _enumerate(rows, cols, threshold)
    if len(counted) == 0:
        return 0.0
    return float(np.exp(constant + special.logsumexp(counted)))


def _enumerate(rows: np.ndarray, cols: np.ndarray, threshold: float) -> np.ndarray:
    """Log masses of the complete tables at most as probable as the observed one."""
    capacity = cols[None, :].astype(np.int64)
    weight, mass = np.zeros(1), np.zeros(1)
    for total in rows[:-1]:  # ascending: the largest row comes last and takes what is left
        parts = _compositions(int(total), len(cols))
        if len(weight) * len(parts) > MAX_FISHER_TABLES:
            raise FisherTooLarge(f"more than {MAX_FISHER_TABLES} partial tables")
        new_capacity = capacity[:, None, :] - parts[None, :, :]
        state, part = np.nonzero((new_capacity >= 0).all(axis=2))
        step = -_lfact(parts).sum(axis=1)[part]
        capacity, weight, mass = _merge(new_capacity[state, part], weight[state] + step,
                                        mass[state] + step)
    last = -_lfact(capacity).sum(axis=1)
    weight, mass = weight + last, mass + last
    return mass[weight <= threshold]


def _two_column_network(rows: np.ndarray, first: int, threshold: float) -> np.ndarray:
    """As :func:`_enumerate` for two columns, with the network algorithm's bounds.

    A node is ``a``, what the first column still needs from the rows k.. .
    """
    n = len(rows)
    remaining = np.r_[np.cumsum(rows[::-1])[::-1], 0]
    largest, smallest = _two_column_bounds(rows, first)
    a = np.array([first], dtype=np.int64)
    weight, mass = np.zeros(1), np.zeros(1)
    counted = []
    for k in range(n + 1):
        every = weight + largest[k, a] <= threshold
        if every.any():
            # sum over completions of prod 1/x! = R! / (prod r_i! a! (R - a)!)
            done = a[every]
            counted.append(mass[every] + _lfact(remaining[k]) - _lfact(rows[k:]).sum()
                           - _lfact(done) - _lfact(remaining[k] - done))
        expand = ~every & (weight + smallest[k, a] <= threshold)
        a, weight, mass = a[expand], weight[expand], mass[expand]
        if k == n or len(a) == 0:
            break
        x = np.arange(int(rows[k]) + 1)
        step = -(_lfact(x) + _lfact(rows[k] - x))
        if len(a) * len(x) > MAX_FISHER_TABLES:
            raise FisherTooLarge(f"more than {MAX_FISHER_TABLES} partial tables")
        new_a = a[:, None] - x[None, :]
        state, part = np.nonzero((new_a >= 0) & (new_a <= remaining[k + 1]))
        nodes, weight, mass = _merge(new_a[state, part][:, None], weight[state] + step[part],
                                     mass[state] + step[part])
        a = nodes[:, 0]
    return np.concatenate(counted) if counted else np.zeros(0)


def _two_column_bounds(rows: np.ndarray, first: int) -> tuple[np.ndarray, np.ndarray]:
    """Largest and smallest ``-sum(log x! + log (r - x)!)`` over the rows k.. when
    ``a`` of them fall in the first column: arrays indexed ``[k, a]``."""
    n = len(rows)
    largest = np.full((n + 1, first + 1), -np.inf)
    smallest = np.full((n + 1, first + 1), np.inf)
    largest[n, 0] = smallest[n, 0] = 0.0
    for k in range(n - 1, -1, -1):
        r = int(rows[k])
        for x in range(min(r, first) + 1):
            step = -(_lfact(x) + _lfact(r - x))
            # a - x of the remaining rows' first-column total is left for rows k+1..
            largest[k, x:] = np.maximum(largest[k, x:], step + largest[k + 1, : first + 1 - x])
            smallest[k, x:] = np.minimum(smallest[k, x:], step + smallest[k + 1, : first + 1 - x])
    return largest, smallest


def k_sample_test(samples: list[np.ndarray], test: str) -> dict:
    """One-way comparison of k >= 2 groups as R's ``oneway.test`` or ``kruskal.test``.

    ``test``: "welch" (``oneway.test(x ~ g)``, Welch's F), "t"
    (``oneway.test(x ~ g, var.equal = TRUE)``, the ANOVA F) or "mannwhitney"
    (``kruskal.test(x ~ g)``, with R's tie correction).
    """
    if test == "mannwhitney":
        result = stats.kruskal(*samples)
        return dict(statistic=float(result.statistic), df=float(len(samples) - 1), df2=np.nan,
                    p=float(result.pvalue), method="Kruskal-Wallis rank sum test", exact=np.nan)
    n = np.array([len(s) for s in samples], dtype=float)
    means = np.array([np.mean(s) for s in samples])
    variances = np.array([np.var(s, ddof=1) for s in samples])
    k = len(samples)
    if test == "t":
        grand = np.concatenate(samples).mean()
        between = np.sum(n * (means - grand) ** 2) / (k - 1)
        within = np.sum((n - 1) * variances) / (n.sum() - k)
        statistic, df, df2 = between / within, k - 1.0, n.sum() - k
        method = "One-way analysis of means"
    else:
        w = n / variances
        tmp = np.sum((1 - w / w.sum()) ** 2 / (n - 1)) / (k ** 2 - 1)
        centre = np.sum(w * means) / w.sum()
        statistic = np.sum(w * (means - centre) ** 2) / ((k - 1) * (1 + 2 * (k - 2) * tmp))
        df, df2 = k - 1.0, 1 / (3 * tmp)
        method = "One-way analysis of means (not assuming equal variances)"
    return dict(statistic=float(statistic), df=float(df), df2=float(df2),
                p=float(stats.f.sf(statistic, df, df2)), method=method, exact=np.nan)
