# Reference values for radstats.tables.baseline_table ("Table 1").
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
#
# For each variable, R decides on its own (with the rules baseline_table
# documents) whether it is categorical, which summary and which test to use:
#   categorical: not numeric, or numeric with <= 5 distinct values (unless forced);
#   continuous summary "auto": mean when shapiro.test(x in group)$p.value > alpha
#     in every group (a group where shapiro.test cannot run counts as not normal),
#     else median; test "auto": Welch t-test for a mean, wilcox.test for a median
#     (oneway.test / kruskal.test with more than two groups);
#   categorical test "auto": chisq.test(x, g) unless an expected count is < 5,
#     then fisher.test(x, g).
# and reports the test, the summaries (mean, sd, median, quantile type 7) and the
# counts, overall and by group, on the available cases of each variable.
packages <- c("stats")

# An option that is a string for every variable or a named list per variable.
option_for <- function(option, variable) {
  if (is.null(option)) return("auto")
  if (is.list(option)) return(if (is.null(option[[variable]])) "auto" else option[[variable]])
  option
}

shapiro_p <- function(v) {
  if (length(v) >= 3 && length(v) <= 5000 && diff(range(v)) > 0) shapiro.test(v)$p.value else NA
}

continuous_test <- function(x, g, test) {
  if (nlevels(g) == 2) {
    switch(test,
           welch = t.test(x ~ g),
           t = t.test(x ~ g, var.equal = TRUE),
           mannwhitney = suppressWarnings(wilcox.test(x ~ g)))  # "cannot compute exact p with ties"
  } else {
    switch(test,
           welch = oneway.test(x ~ g),
           t = oneway.test(x ~ g, var.equal = TRUE),
           mannwhitney = kruskal.test(x ~ g))
  }
}

k_sample_id <- c(welch = "welch_anova", t = "anova", mannwhitney = "kruskal")
continuous_call <- c(welch = "t.test(%s ~ %s)", t = "t.test(%s ~ %s, var.equal = TRUE)",
                     mannwhitney = "wilcox.test(%s ~ %s)", welch_anova = "oneway.test(%s ~ %s)",
                     anova = "oneway.test(%s ~ %s, var.equal = TRUE)",
                     kruskal = "kruskal.test(%s ~ %s)")

baseline_case <- function(inputs) function() {
  d <- prepare_data(inputs, inputs$group)
  if (!is.null(inputs$keep_levels)) d <- d[d[[inputs$group]] %in% inputs$keep_levels, ]
  if (!is.null(inputs$head)) d <- d[seq_len(inputs$head), ]
  g <- factor(d[[inputs$group]])  # drops unused levels, as baseline_table does
  groups <- levels(g)
  alpha <- if (is.null(inputs$normality_alpha)) 0.05 else inputs$normality_alpha
  out <- list(group_levels = groups, n_per_group = as.vector(table(g)))
  add <- function(key, value) out[[key]] <<- c(out[[key]], value)
  calls <- character()
  for (v in inputs$variables) {
    x <- d[[v]]
    forced_cat <- v %in% inputs$categorical
    forced_cont <- v %in% inputs$continuous
    categorical <- forced_cat ||
      (!forced_cont && (!is.numeric(x) || length(unique(na.omit(x))) <= 5))
    ok <- !is.na(x)
    add("variable", v)
    add("n", sum(ok))
    add("missing", sum(!ok))
    missing_by <- c(sum(!ok), as.vector(tapply(!ok, g, sum)))
    if (!categorical) {
      xo <- x[ok]
      go <- g[ok]
      by_group <- split(xo, go)
      sw <- sapply(by_group, shapiro_p)
      summary <- option_for(inputs$continuous_summary, v)
      if (summary == "auto") summary <- if (all(!is.na(sw) & sw > alpha)) "mean" else "median"
      test <- option_for(inputs$continuous_test, v)
      if (test == "auto") test <- if (summary == "mean") "welch" else "mannwhitney"
      ht <- continuous_test(xo, go, test)
      test_id <- if (nlevels(g) == 2) test else k_sample_id[[test]]
      calls <- c(calls, sprintf(continuous_call[[test_id]], v, inputs$group))
      add("type", "continuous")
      add("summary", summary)
      add("test", test_id)
      add("statistic", unname(ht$statistic))
      add("df", if (is.null(ht$parameter)) NA else unname(ht$parameter[1]))
      add("df2", if (length(ht$parameter) < 2) NA else unname(ht$parameter[2]))
      add("exact", if (test == "mannwhitney" && nlevels(g) == 2) grepl("exact", ht$method) else NA)
      add("min_expected", NA)
      add("shapiro_variable", rep(v, length(groups)))
      add("shapiro_group", groups)
      add("shapiro_p", unname(sw))
      columns <- c(list(overall = xo), by_group)
      add("cont_variable", rep(v, length(columns)))
      add("cont_group", c("overall", groups))
      add("cont_n", unname(lengths(columns)))
      add("cont_missing", missing_by)
      add("mean", unname(sapply(columns, mean)))
      add("sd", unname(sapply(columns, sd)))
      add("median", unname(sapply(columns, median)))
      add("q1", unname(sapply(columns, quantile, probs = 0.25, type = 7)))
      add("q3", unname(sapply(columns, quantile, probs = 0.75, type = 7)))
    } else {
      counts <- table(x, g)  # every level of x (a factor's unused ones too), NA left out
      expected <- suppressWarnings(chisq.test(x, g))$expected
      test <- option_for(inputs$categorical_test, v)
      if (test == "auto") test <- if (any(expected < 5)) "fisher" else "chisq"
      ht <- if (test == "fisher") fisher.test(x, g) else suppressWarnings(chisq.test(x, g))
      calls <- c(calls, sprintf("%s(%s, %s)", if (test == "fisher") "fisher.test" else "chisq.test",
                                v, inputs$group))
      add("type", "categorical")
      add("summary", "counts")
      add("test", test)
      add("statistic", if (is.null(ht$statistic)) NA else unname(ht$statistic))
      add("df", if (is.null(ht$parameter)) NA else unname(ht$parameter[1]))
      add("df2", NA)
      add("exact", if (test == "fisher") TRUE else NA)
      add("min_expected", min(expected))
      levels_x <- rownames(counts)
      n_by <- c(sum(ok), as.vector(tapply(ok, g, sum)))
      for (level in levels_x) {
        level_counts <- c(sum(counts[level, ]), as.vector(counts[level, ]))
        add("cat_variable", rep(v, length(groups) + 1))
        add("cat_level", rep(level, length(groups) + 1))
        add("cat_group", c("overall", groups))
        add("cat_n", n_by)
        add("cat_missing", missing_by)
        add("count", level_counts)
        add("percent", 100 * level_counts / n_by)
      }
    }
    add("method", trimws(ht$method))
    add("p", ht$p.value)
  }
  exact_note <- "R sums with its own order of operations; radstats mirrors the formula"
  list(call = paste(calls, collapse = "; "),
       inputs = inputs,
       outputs = out,
       tolerance = list(
         statistic = tol(1e-10), df = tol(1e-10), df2 = tol(1e-10),
         p = tol(1e-10, reason = paste(
           "closed-form tails (pt, pnorm, pchisq, pf) and pwilcox;",
           "fisher.test r x c: R's network algorithm (FEXACT) and radstats's full",
           "enumeration add the same table probabilities in different orders")),
         min_expected = tol(1e-12),
         shapiro_p = tol(1e-6, reason = paste(
           "Royston's algorithm: SciPy and R use different polynomial evaluations")),
         mean = tol(1e-12, reason = exact_note), sd = tol(1e-12, reason = exact_note),
         median = tol(1e-12), q1 = tol(1e-12), q3 = tol(1e-12), percent = tol(1e-12),
         count = tol(0), n = tol(0), missing = tol(0), exact = tol(0), n_per_group = tol(0),
         cont_n = tol(0), cont_missing = tol(0), cat_n = tol(0), cat_missing = tol(0)))
}

# fisher.test on a sparse 2 x c table (a numeric variable with many levels forced
# categorical) where R 4.2.2's network algorithm (FEXACT) returns a p-value far from the
# exact sum. Written beside it: R's own Monte Carlo p-value of the same test
# (simulate.p.value, seeded), which agrees with the exact sum that radstats computes.
fisher_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$group, inputs$variable))
  x <- d[[inputs$variable]]
  g <- d[[inputs$group]]
  set.seed(inputs$seed)
  simulated <- fisher.test(x, g, simulate.p.value = TRUE, B = inputs$B)$p.value
  se <- sqrt(simulated * (1 - simulated) / inputs$B)
  list(call = sprintf(paste("fisher.test(%s, %s); set.seed(%d);",
                            "fisher.test(%s, %s, simulate.p.value = TRUE, B = %d)"),
                      inputs$variable, inputs$group, inputs$seed, inputs$variable, inputs$group,
                      inputs$B),
       inputs = inputs,
       outputs = list(p_fexact = fisher.test(x, g)$p.value, p_simulated = simulated,
                      table_dim = dim(table(x, g))),
       tolerance = list(
         p_fexact = tol(1e-10, reason = paste(
           "FEXACT is known to differ here: see the strict xfail in tests/test_tables_inputs.py")),
         p_simulated = tol(0, 5 * se, reason = sprintf(
           "Monte Carlo p-value from B = %d tables: 5 standard errors (%.2g)", inputs$B, se)),
         table_dim = tol(0)))
}

cases <- list(
  # Welch is not chosen here (Shapiro rejects); Mann-Whitney with ties (normal approximation),
  # r x c chi-square (stage, edema), Yates-corrected 2 x 2 chi-square (sex, ascites, spiders,
  # hepato), and variables with missing values (chol, copper, platelet, trig).
  baseline_pbc_trt_auto = baseline_case(list(
    data = "pbc", group = "trt",
    variables = c("age", "bili", "albumin", "chol", "copper", "platelet", "trig", "sex", "stage",
                  "edema", "ascites", "spiders", "hepato"))),
  # 40 patients, 5 men: expected counts below 5, so Fisher's exact test, 2 x 2 (ascites,
  # spiders, hepato) and r x c (stage, edema); Welch chosen by Shapiro (albumin); the exact
  # wilcox.test (age, forced: no ties and both groups < 50) and its normal approximation
  # (bili: ties).
  baseline_pbc_sex_first40_fisher = baseline_case(list(
    data = "pbc", group = "sex", head = 40, continuous_test = list(age = "mannwhitney"),
    variables = c("age", "bili", "albumin", "stage", "edema", "ascites", "spiders", "hepato"))),
  # Groups a and b of ties.csv: Welch t-test chosen by Shapiro (x1, risk), Mann-Whitney with
  # heavy ties (time), 2 x 2 chi-square (x2, status).
  baseline_ties_two_groups = baseline_case(list(
    data = "ties", group = "grp", keep_levels = c("a", "b"),
    variables = c("time", "status", "x1", "x2", "risk"))),
  # Three groups: Welch's one-way ANOVA (x1, risk), Kruskal-Wallis (time), 2 x 3 chi-square.
  baseline_ties_three_groups = baseline_case(list(
    data = "ties", group = "grp", variables = c("time", "status", "x1", "x2", "risk"))),
  # Forced choices: ANOVA / Kruskal-Wallis by option on three arms of the colon trial.
  baseline_colon_rx_forced = baseline_case(list(
    data = "colon", group = "rx", filter = list(column = "etype", value = 2),
    variables = c("age", "nodes", "sex", "obstruct", "perfor", "adhere", "differ", "extent"),
    continuous_summary = "mean", continuous_test = list(age = "t", nodes = "mannwhitney"))),
  # Forced per variable on pbc by sex (levels m, f): Student t, Mann-Whitney on a normal-looking
  # variable, an ordinal variable forced continuous, Fisher forced on an r x c table with large
  # counts, chi-square forced where Fisher would be chosen.
  baseline_pbc_sex_forced = baseline_case(list(
    data = "pbc", group = "sex", factor_levels = list(sex = c("m", "f")),
    variables = c("age", "albumin", "bili", "protime", "stage", "edema", "ascites", "trig"),
    continuous = "stage",
    continuous_summary = list(age = "mean", albumin = "mean", stage = "median"),
    continuous_test = list(age = "t", albumin = "mannwhitney", bili = "welch"),
    categorical_test = list(edema = "fisher", ascites = "chisq"))),
  # normality_alpha = 0.01: Welch chosen for age and platelet (Shapiro p between 0.01 and
  # 0.05 in one group); Fisher forced on a 4 x 2 table of 312 patients.
  baseline_pbc_trt_alpha01 = baseline_case(list(
    data = "pbc", group = "trt", normality_alpha = 0.01,
    variables = c("age", "albumin", "platelet", "stage"),
    categorical_test = "fisher")),
  fisher_veteran_age_by_trt = fisher_case(list(data = "veteran", group = "trt", variable = "age",
                                               seed = 1L, B = 100000L)),
  fisher_ties_risk_by_x2 = fisher_case(list(data = "ties", group = "x2", variable = "risk",
                                            seed = 1L, B = 100000L))
)
