"""Steps that describe the patients and reduce the imaging features."""

from __future__ import annotations

import pandas as pd

from radstats._core.errors import InputError
from radstats.pipeline.registry import step
from radstats.selection import (
    ZScore, find_correlation, icc_filter as _icc_filter, univariate_cox, univariate_logit,
    univariate_test,
)
from radstats.tables import baseline_table


@step("table1", title="Baseline characteristics (Table 1)")
def table1(study, *, by=("outcome",), digits=2):
    """Table 1 of the clinical variables, by outcome within each cohort and/or by cohort."""
    variables = list(study.config["variables"]["clinical"])
    if not variables:
        raise study.fail("variables.clinical lists no variable to describe")
    categorical = list(study.config["variables"]["categorical"])
    continuous = list(study.config["variables"]["continuous"])
    cohorts = [c for c in study.cohorts if c != "whole"]
    for what in by:
        if what == "outcome":
            levels = study.outcome["levels"]
            for cohort in cohorts:
                rows = study.rows(cohort)
                frame = rows[variables].copy()
                frame["group"] = pd.Categorical(
                    [levels[e] for e in rows[study.outcome["event"]]], levels)
                _baseline(study, frame, variables, categorical, continuous, digits,
                          f"{cohort}_by_outcome",
                          f"Table 1 ({cohort} cohort): patients by {study.outcome['label']} status")
        elif what == "cohort":
            frame = pd.concat([study.rows(c)[variables].assign(group=c) for c in cohorts])
            frame["group"] = pd.Categorical(frame["group"], cohorts)
            _baseline(study, frame, variables, categorical, continuous, digits,
                      "by_cohort",
                      "Patients by cohort (a check that the cohorts are comparable)")
        else:
            raise study.fail(f"option 'by' lists {what!r}; use 'outcome' and/or 'cohort'")
    study.method("Baseline characteristics were compared with Welch's t-test or the "
                 "Mann-Whitney U test (chosen by Shapiro-Wilk normality in each group) for "
                 "continuous variables and the chi-square or Fisher's exact test for categorical "
                 "ones (radstats.tables.baseline_table; R: t.test, wilcox.test, shapiro.test, "
                 "chisq.test, fisher.test).")


def _baseline(study, frame, variables, categorical, continuous, digits, name, caption):
    result = baseline_table(frame, "group", variables, categorical=categorical or None,
                            continuous=continuous or None, digits=digits)
    # Shown: display names, each variable named once, group columns by their level.
    shown = result.table.rename(columns={"test": "method"})
    shown.columns = [c.removeprefix("group=") for c in shown.columns]
    repeated = shown["variable"].eq(shown["variable"].shift()) & shown["level"].ne("")
    shown["variable"] = [study.label(v) for v in shown["variable"]]
    shown.loc[repeated, "variable"] = ""
    study.table(name, result.table, caption, index=False, display=shown)


@step("icc_filter", title="Inter-reader reproducibility (ICC filter)",
      needs=("features_reader2",))
def icc_filter(study, *, threshold=0.75, form="icc2"):
    """Keep features whose ICC between the two readers exceeds ``threshold``."""
    features = study.features[study.feature_set]
    reader2 = study.features_reader2[study.feature_set]
    result = _icc_filter(features, reader2, threshold=threshold, form=form)
    before = len(study.feature_set)
    study.feature_set = [f for f in study.feature_set if f in set(result.kept)]
    if not study.feature_set:
        raise study.fail(f"no feature has {form} > {threshold}")
    table = result.table[[form, f"{form}_lower", f"{form}_upper"]]
    table = table.assign(kept=table[form] > threshold)
    study.table("icc", table, "ICC of every feature", show=False)
    family = pd.Series(table.index.str.split("_").str[0], index=table.index)
    summary = pd.DataFrame({"features": family.value_counts(sort=False),
                            "kept": family[table["kept"]].value_counts(sort=False)}).fillna(0)
    summary["median_icc"] = table.groupby(family)[form].median().round(3)
    study.table("icc_summary", summary.astype({"features": int, "kept": int}),
                f"Features kept by image type ({form} > {threshold})")
    study.text(f"{len(study.feature_set)} of {before} features have {form.upper()} > {threshold} "
               "between the two readers and are kept.")
    study.results["icc_kept"] = len(study.feature_set)
    study.method(f"Inter-reader reproducibility was measured by the intraclass correlation "
                 f"({form.upper()}, two-way ANOVA; R: psych::ICC) and features with ICC > "
                 f"{threshold} were kept.")


@step("zscore", title="Z-score normalisation", needs=("features",), provides=("scaled",))
def zscore(study):
    """Centre and scale every feature by the training cohort's mean and SD."""
    scaler = ZScore()
    try:
        scaler.fit(study.features.loc[study.cohorts[study.training], study.feature_set])
    except InputError as exc:
        raise study.fail(f"on the {study.training} cohort: {exc}") from None
    study.scaled = scaler.transform(study.features[study.feature_set])
    study.state["scaler"] = scaler
    study.text(f"{len(study.feature_set)} {study.features_label} z-scored with the "
               f"{study.training} cohort's means and standard deviations, applied unchanged to "
               "the other cohorts.")
    study.method(f"{study.features_label.capitalize()} were z-scored with the {study.training} "
                 "cohort's mean and standard deviation (R: scale).")


@step("correlation_filter", title="Redundancy (correlation filter)", needs=("features",))
def correlation_filter(study, *, cutoff=0.9, exact: bool | None = None):
    """Drop one feature of every pair with |Pearson r| > ``cutoff`` in the training cohort."""
    if len(study.feature_set) < 2:
        study.text("Fewer than two features: nothing to filter.")
        return
    dropped = find_correlation(study.X(study.training), cutoff=cutoff, exact=exact)
    before = len(study.feature_set)
    study.feature_set = [f for f in study.feature_set if f not in set(dropped)]
    study.table("dropped", pd.DataFrame({"feature": dropped}), "Features dropped as redundant",
                index=False, show=False)
    study.text(f"{len(dropped)} of {before} features dropped (|r| > {cutoff} with a feature of "
               f"larger mean correlation, in the {study.training} cohort); "
               f"{len(study.feature_set)} remain.")
    study.results["correlation_kept"] = len(study.feature_set)
    study.method(f"Of each pair of {study.features_label} with Pearson |r| > {cutoff} in the "
                 "training cohort, "
                 "the one with the larger mean absolute correlation was removed "
                 "(R: caret::findCorrelation).")


_METHODS = ("auto", "cox", "logit", "t", "welch", "mannwhitney", "test")


@step("univariate_filter", title="Univariable filter", needs=("features",))
def univariate_filter(study, *, method="auto", p=0.05, adjust="none", max_features=30):
    """Keep features associated with the outcome in the training cohort (at most
    ``max_features``, the smallest p-values; 0: all that pass)."""
    if isinstance(max_features, bool) or not isinstance(max_features, int) or max_features < 0:
        raise study.fail(f"option 'max_features' must be a whole number >= 0 (0: no cap), got "
                         f"{max_features!r}")
    if method not in _METHODS:
        raise study.fail(f"option 'method' must be one of {_METHODS}, got {method!r}")
    if adjust not in ("none", "bh"):
        raise study.fail(f"option 'adjust' must be 'none' or 'bh', got {adjust!r}")
    if method == "auto":
        method = "cox" if study.survival else "logit"
    if method == "cox" and not study.survival:
        raise study.fail("method 'cox' needs a survival outcome")
    if method != "cox" and study.survival:
        raise study.fail(f"method {method!r} needs a binary outcome; use 'cox'")
    X, y = study.X(study.training), study.y(study.training)
    study.log(f"        fitting {X.shape[1]} univariable models")
    if method == "cox":
        table = univariate_cox(X, y)
    elif method == "logit":
        table = univariate_logit(X, y)
    else:
        table = univariate_test(X, y, test="auto" if method == "test" else method)
    column = "q" if adjust == "bh" else "p"
    passed = table[table[column] < p].sort_values(column)
    if passed.empty:
        raise study.fail(f"no feature has {column} < {p} in the {study.training} cohort "
                         f"(smallest: {table[column].min():.3g}); relax option 'p'")
    kept = list(dict.fromkeys(passed["feature"] if "feature" in passed else passed.index))
    if max_features:
        kept = kept[:max_features]
    before = len(study.feature_set)
    study.feature_set = [f for f in study.feature_set if f in set(kept)]
    study.table("all", table, "Univariable statistics of every feature", show=False)
    shown = table.loc[table.index.isin(kept)].sort_values(column)
    cap = f"; at most {max_features}, by {column}" if max_features else ""
    study.table("kept", shown, f"Features kept ({column} < {p}{cap})")
    study.text(f"{int((table[column] < p).sum())} of {before} features have {column} < {p}; "
               + (f"the {len(study.feature_set)} with the smallest go on." if max_features
                  else "all go on."))
    study.results["univariate_kept"] = len(study.feature_set)
    r_call = {"cox": "coxph per feature", "logit": "glm(family = binomial) per feature",
              "t": "t.test(var.equal = TRUE)", "welch": "t.test", "mannwhitney": "wilcox.test",
              "test": "t.test or wilcox.test by shapiro.test"}[method]
    study.method(f"{study.features_label.capitalize()} associated with the outcome in the "
                 f"training cohort ({column} < {p}"
                 f"{', Benjamini-Hochberg' if adjust == 'bh' else ''}{cap}) were retained "
                 f"(R: {r_call}).")
