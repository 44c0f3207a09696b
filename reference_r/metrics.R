# Reference values for radstats.metrics (pROC).
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
suppressPackageStartupMessages({library(pROC); library(rms); library(survival); library(riskRegression)})
packages <- c("pROC", "rms", "survival", "riskRegression", "prodlim", "pec", "boot")

spec <- function(base, ...) modifyList(base, list(...))

binary_data <- function(inputs, columns) {
  d <- prepare_data(inputs, c(inputs$outcome, columns))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  d
}

roc_case <- function(inputs) function() {
  d <- binary_data(inputs, inputs$score)
  r <- roc(d$y, d[[inputs$score]], direction = inputs$direction, levels = c(0, 1), quiet = TRUE)
  ci <- ci.auc(r, method = "delong")
  curve <- coords(r, "all", ret = c("threshold", "sensitivity", "specificity"))
  list(
    call = sprintf("roc(y, %s, direction = \"%s\", levels = c(0, 1)); ci.auc(method = \"delong\")",
                   inputs$score, inputs$direction),
    inputs = inputs,
    outputs = list(auc = as.numeric(r$auc), ci_lower = ci[1], ci_upper = ci[3],
                   variance = var(r, method = "delong"), direction = r$direction,
                   threshold = curve$threshold, sensitivity = curve$sensitivity,
                   specificity = curve$specificity),
    tolerance = list(auc = tol(1e-10), ci_lower = tol(1e-8), ci_upper = tol(1e-8),
                     variance = tol(1e-8), threshold = tol(1e-12), sensitivity = tol(1e-12),
                     specificity = tol(1e-12)))
}

delong_case <- function(inputs) function() {
  d <- binary_data(inputs, c(inputs$score1, inputs$score2))
  if (isTRUE(inputs$paired)) {
    r1 <- roc(d$y, d[[inputs$score1]], levels = c(0, 1), quiet = TRUE)
    r2 <- roc(d$y, d[[inputs$score2]], levels = c(0, 1), quiet = TRUE)
  } else {  # two groups of patients split by `split`; score1 in the first, score2 in the second
    first <- d[[inputs$split]] == inputs$split_value
    r1 <- roc(d$y[first], d[[inputs$score1]][first], levels = c(0, 1), quiet = TRUE)
    r2 <- roc(d$y[!first], d[[inputs$score2]][!first], levels = c(0, 1), quiet = TRUE)
  }
  test <- roc.test(r1, r2, method = "delong", paired = inputs$paired)
  list(
    call = sprintf("roc.test(roc1, roc2, method = \"delong\", paired = %s)", inputs$paired),
    inputs = inputs,
    outputs = list(statistic = unname(test$statistic), pvalue = test$p.value,
                   df = if (is.null(test$parameter)) NA else unname(test$parameter),
                   auc1 = as.numeric(r1$auc), auc2 = as.numeric(r2$auc)),
    tolerance = list(statistic = tol(1e-8), pvalue = tol(1e-8), df = tol(1e-8),
                     auc1 = tol(1e-10), auc2 = tol(1e-10)))
}

# ResourceSelection::hoslem.test's algorithm in base R (the package is not in
# Debian): groups cut at the unique type-7 quantiles, df = g - 2.
hoslem_base <- function(y, prob, g) {
  breaks <- unique(quantile(prob, probs = seq(0, 1, 1 / g)))
  group <- cut(prob, breaks = breaks, include.lowest = TRUE)
  observed <- xtabs(cbind(y0 = 1 - y, y1 = y) ~ group)
  expected <- xtabs(cbind(e0 = 1 - prob, e1 = prob) ~ group)
  statistic <- sum((observed - expected)^2 / expected)
  list(statistic = statistic, df = g - 2, pvalue = 1 - pchisq(statistic, g - 2),
       observed_1 = unname(observed[, 2]), expected_1 = unname(expected[, 2]))
}

hoslem_case <- function(inputs) function() {
  d <- prepare_data(inputs, c("y", inputs$prob))
  list(
    call = sprintf("hoslem.test(y, %s, g = %d) [ResourceSelection 0.3-6 algorithm in base R]",
                   inputs$prob, inputs$g),
    inputs = inputs,
    outputs = hoslem_base(d$y, d[[inputs$prob]], inputs$g),
    tolerance = list(statistic = tol(1e-10), pvalue = tol(1e-10), observed_1 = tol(0),
                     expected_1 = tol(1e-12)))
}

# dcurves::dca's net benefit for a binary outcome in base R (dcurves is not in
# Debian): treated when prob >= threshold.
dca_case <- function(inputs) function() {
  d <- prepare_data(inputs, c("y", inputs$prob))
  t <- inputs$thresholds
  p <- d[[inputs$prob]]
  n <- nrow(d)
  tp <- sapply(t, function(x) sum(p >= x & d$y == 1)) / n
  fp <- sapply(t, function(x) sum(p >= x & d$y == 0)) / n
  prevalence <- mean(d$y)
  list(
    call = sprintf("dcurves::dca(y ~ %s, thresholds = ...) net benefit, in base R", inputs$prob),
    inputs = inputs,
    outputs = list(net_benefit = tp - fp * t / (1 - t),
                   treat_all = prevalence - (1 - prevalence) * t / (1 - t)),
    tolerance = list(net_benefit = tol(1e-12, 1e-15), treat_all = tol(1e-12, 1e-15)))
}

youden_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$outcome, inputs$score))
  y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  best <- coords(roc(y, d[[inputs$score]], levels = c(0, 1), quiet = TRUE), "best",
                 best.method = "youden", ret = c("threshold", "sensitivity", "specificity"))
  list(
    call = sprintf("coords(roc(y, %s), \"best\", best.method = \"youden\")", inputs$score),
    inputs = inputs,
    outputs = list(threshold = best$threshold, sensitivity = best$sensitivity,
                   specificity = best$specificity),
    tolerance = list(threshold = tol(1e-12), sensitivity = tol(1e-12), specificity = tol(1e-12)))
}

valprob_case <- function(inputs) function() {
  d <- prepare_data(inputs, c("y", inputs$prob))
  v <- val.prob(d[[inputs$prob]], d$y, pl = FALSE)
  list(
    call = sprintf("val.prob(%s, y, pl = FALSE)", inputs$prob),
    inputs = inputs,
    outputs = list(intercept = v[["Intercept"]], slope = v[["Slope"]], eavg = v[["Eavg"]],
                   e90 = v[["E90"]], emax = v[["Emax"]], brier = v[["Brier"]],
                   c_index = v[["C (ROC)"]], dxy = v[["Dxy"]]),
    tolerance = list(intercept = tol(1e-6, reason = "lrm.fit and radstats' IRLS stop at different points of the same MLE"),
                     slope = tol(1e-6, reason = "as intercept"),
                     eavg = tol(1e-8), e90 = tol(1e-8), emax = tol(1e-8),
                     brier = tol(1e-10), c_index = tol(1e-10), dxy = tol(1e-10)))
}

tdcindex_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$risk))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  f <- as.formula(paste0("Surv(", inputs$time, ", y) ~ ", inputs$risk))
  c_index <- sapply(inputs$horizons, function(h)
    concordance(f, data = d, reverse = TRUE, ymax = h)$concordance)
  list(call = sprintf("concordance(Surv(%s, y) ~ %s, reverse = TRUE, ymax = h) for h in horizons",
                      inputs$time, inputs$risk),
       inputs = inputs,
       outputs = list(c_index = unname(c_index),
                      events = sapply(inputs$horizons, function(h) sum(d$y == 1 & d[[inputs$time]] <= h))),
       tolerance = list(c_index = tol(1e-8), events = tol(0)))
}

# pROC's stratified bootstrap CI of the AUC: R's RNG differs from radstats', so
# the comparison is in distribution only.
bootci_case <- function(inputs) function() {
  d <- prepare_data(inputs, c("y", inputs$prob))
  set.seed(inputs$seed)
  ci <- ci.auc(roc(d$y, d[[inputs$prob]], direction = "<", levels = c(0, 1), quiet = TRUE),
               method = "bootstrap", boot.n = inputs$n_boot, boot.stratified = TRUE)
  list(call = sprintf("set.seed(%d); ci.auc(roc(y, %s), method = \"bootstrap\", boot.n = %d)",
                      inputs$seed, inputs$prob, inputs$n_boot),
       inputs = inputs,
       outputs = list(ci_lower = ci[1], ci_upper = ci[3]),
       tolerance = list(ci_lower = tol(0, 0.01, reason = "resampling with different RNGs: agreement in distribution (2000 replicates; the limits' Monte Carlo SE is about 0.002)"),
                        ci_upper = tol(0, 0.01, reason = "as ci_lower")))
}

tdauc_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$marker))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  d$t <- d[[inputs$time]]
  score <- function(conservative)
    Score(list(m = d[[inputs$marker]]), formula = Hist(t, y) ~ 1, data = d, times = inputs$times,
          metrics = "auc", cens.model = "km", null.model = FALSE, conservative = conservative)$AUC$score
  default <- score(FALSE)
  fixed <- score(TRUE)
  list(call = sprintf("Score(list(%s), Hist(time, status) ~ 1, times = ..., metrics = 'auc', cens.model = 'km', conservative = FALSE / TRUE)",
                      inputs$marker),
       inputs = inputs,
       outputs = list(auc = default$AUC, se = default$se, se_conservative = fixed$se,
                      ci_lower = default$lower, ci_upper = default$upper),
       tolerance = list(auc = tol(1e-8), se_conservative = tol(1e-8), se = tol(1e-8),
                        ci_lower = tol(1e-8), ci_upper = tol(1e-8)))
}

# timeROC's cumulative/dynamic AUC (cases T < t) in base R: timeROC is not in
# Debian. Its weights come from pec::ipcw exactly as timeROC calls it; the rest
# follows timeROC 0.4's code path for a single cause: subjects ordered by
# decreasing marker, weighted TP and FP cumulated, one point per distinct
# marker value, trapezoidal area.
timeroc_auc <- function(T, delta, marker, times) {
  o <- order(T)
  T <- T[o]; delta <- delta[o]; marker <- marker[o]
  n <- length(T)
  w <- pec::ipcw(Surv(failure_time, status) ~ 1,
                 data = data.frame(failure_time = T, status = as.numeric(delta != 0)),
                 method = "marginal", times = times, subjectTimes = T, subjectTimesLag = 1)
  by_marker <- order(-marker)
  case_weight_all <- (1 / (w$IPCW.subjectTimes * n))[by_marker]
  trapezoid <- function(x, y) sum(diff(x) * (y[-1] + y[-length(y)]) / 2)
  sapply(seq_along(times), function(k) {
    cases <- (T < times[k] & delta == 1)[by_marker]
    controls <- (T > times[k])[by_marker]
    wc <- ifelse(cases, case_weight_all, 0)
    wk <- ifelse(controls, 1 / (w$IPCW.times[k] * n), 0)
    keep <- !duplicated(marker[by_marker])
    tp <- (c(0, cumsum(wc)) / sum(wc))[keep]
    fp <- (c(0, cumsum(wk)) / sum(wk))[keep]
    trapezoid(fp, tp)
  })
}

tdauclt_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$marker))
  y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  list(call = sprintf("timeROC(T, delta, %s, cause = 1, weighting = 'marginal', times) $AUC [timeROC 0.4 in base R with pec::ipcw]",
                      inputs$marker),
       inputs = inputs,
       outputs = list(auc = timeroc_auc(d[[inputs$time]], y, d[[inputs$marker]], inputs$times)),
       tolerance = list(auc = tol(1e-8)))
}

classification_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$outcome, inputs$score))
  y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  r <- roc(y, d[[inputs$score]], direction = inputs$direction, levels = c(0, 1), quiet = TRUE)
  out <- coords(r, x = inputs$thresholds, input = "threshold",
                ret = c("sensitivity", "specificity", "accuracy", "ppv", "npv", "tp", "tn", "fp", "fn"))
  list(call = sprintf("coords(roc(y, %s, direction = '%s'), x = thresholds, input = 'threshold', ret = ...)",
                      inputs$score, inputs$direction),
       inputs = inputs, outputs = as.list(out),
       tolerance = list(rates = tol(1e-12), counts = tol(0)))
}

# dcurves' survival decision curve in base R: Kaplan-Meier risk by the horizon
# among the treated (prob >= threshold). `prob` is derived here from a column
# and recorded in the inputs, so both sides use the same numbers.
dcasurv_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$marker))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  prob <- round(plogis(inputs$slope * (d[[inputs$marker]] - inputs$centre)), 4)
  risk <- function(rows) {
    if (!any(rows) || !any(d$y[rows] == 1)) return(0)
    s <- summary(survfit(Surv(d[[inputs$time]][rows], d$y[rows]) ~ 1), times = inputs$horizon,
                 extend = TRUE)$surv
    1 - s
  }
  t <- inputs$thresholds
  share <- sapply(t, function(x) mean(prob >= x))
  risk_treated <- sapply(t, function(x) risk(prob >= x))
  risk_all <- risk(rep(TRUE, nrow(d)))
  inputs$prob <- prob
  list(call = "dcurves::dca(Surv(time, y) ~ prob, time = horizon) net benefit, in base R with survfit",
       inputs = inputs,
       outputs = list(net_benefit = risk_treated * share - (1 - risk_treated) * share * t / (1 - t),
                      treat_all = risk_all - (1 - risk_all) * t / (1 - t)),
       tolerance = list(net_benefit = tol(1e-12, 1e-15), treat_all = tol(1e-12, 1e-15)))
}

# Table 2 of the seed study: models x cohorts (cohort "Validation" when id %% 3 == 0),
# Youden's cut-off from the training cohort applied to every cohort, and
# DeLong's paired test against the reference model, all with pROC.
table2_case <- function(inputs) function() {
  d <- binary_data(inputs, inputs$models)
  cohort <- ifelse(d$id %% 3 == 0, "Validation", "Training")
  cohorts <- list(Training = cohort == "Training", Validation = cohort == "Validation",
                  Whole = rep(TRUE, nrow(d)))
  curve <- function(m, rows) roc(d$y[rows], d[[m]][rows], direction = "<", levels = c(0, 1), quiet = TRUE)
  out <- list()
  for (m in inputs$models) {
    cut <- coords(curve(m, cohorts$Training), "best", best.method = "youden", ret = "threshold")$threshold[1]
    for (k in names(cohorts)) {
      r <- curve(m, cohorts[[k]])
      ci <- ci.auc(r, method = "delong")
      at <- coords(r, x = cut, input = "threshold",
                   ret = c("sensitivity", "specificity", "accuracy", "tp", "fp", "tn", "fn"))
      p <- if (m == inputs$reference) NA else
        roc.test(r, curve(inputs$reference, cohorts[[k]]), method = "delong", paired = TRUE)$p.value
      out[[length(out) + 1]] <- data.frame(model = m, cohort = k, auc = ci[2], ci_lower = ci[1],
                                           ci_upper = ci[3], threshold = cut, at, pvalue = p)
    }
  }
  out <- do.call(rbind, out)
  list(call = "per model and cohort: ci.auc(roc(y, score, direction = '<')); coords(training roc, 'best', best.method = 'youden'); coords(roc, x = cut, input = 'threshold'); roc.test(paired = TRUE) against the reference",
       inputs = inputs, outputs = as.list(out),
       tolerance = list(auc = tol(1e-10), ci_lower = tol(1e-8), ci_upper = tol(1e-8),
                        threshold = tol(1e-12), sensitivity = tol(1e-12), specificity = tol(1e-12),
                        accuracy = tol(1e-12), tp = tol(0), fp = tol(0), tn = tol(0), fn = tol(0),
                        pvalue = tol(1e-8)))
}

# Calibration curves in base R: lowess(p, y, iter = 0), and mean prediction and
# event rate in the quantile groups of hoslem.test.
calcurve_case <- function(inputs) function() {
  d <- prepare_data(inputs, c("y", inputs$prob))
  p <- d[[inputs$prob]]
  if (inputs$method == "lowess") {
    s <- lowess(p, d$y, iter = 0)
    out <- list(predicted = s$x, observed = s$y)
    call <- sprintf("lowess(%s, y, iter = 0)", inputs$prob)
  } else {
    group <- cut(p, unique(quantile(p, probs = seq(0, 1, 1 / inputs$g))), include.lowest = TRUE)
    out <- list(predicted = unname(tapply(p, group, mean)), observed = unname(tapply(d$y, group, mean)),
                n = as.vector(table(group)))
    call <- sprintf("tapply(p / y, cut(%s, unique(quantile(%s, seq(0, 1, 1/%d))), include.lowest = TRUE), mean)",
                    inputs$prob, inputs$prob, inputs$g)
  }
  list(call = call, inputs = inputs, outputs = out,
       tolerance = list(predicted = tol(1e-12), observed = tol(1e-10, 1e-14), n = tol(0)))
}

# rms::calibrate's bootstrap for an lrm fit. The bootstrap samples are recorded
# (0-based) in the inputs: after the same set.seed, predab.resample draws
# exactly sample(n, replace = TRUE) once per replicate, so radstats can rerun
# R's replicates and match the corrected curve.
calibrate_case <- function(inputs) function() {
  d <- binary_data(inputs, inputs$predictors)
  f <- lrm(reformulate(inputs$predictors, "y"), data = d, x = TRUE, y = TRUE)
  set.seed(inputs$seed)
  cal <- calibrate(f, method = "boot", B = inputs$B)
  set.seed(inputs$seed)
  samples <- t(replicate(inputs$B, sample(nrow(d), replace = TRUE)))
  predicted <- attr(cal, "predicted")
  s <- !is.na(cal[, "predy"] + cal[, "calibrated.corrected"])
  err <- predicted - approx(cal[s, "predy"], cal[s, "calibrated.corrected"], xout = predicted,
                            ties = mean)$y
  inputs$resamples <- unname(samples - 1)
  list(call = sprintf("set.seed(%d); calibrate(lrm(y ~ %s, x = TRUE, y = TRUE), method = 'boot', B = %d)",
                      inputs$seed, paste(inputs$predictors, collapse = " + "), inputs$B),
       inputs = inputs,
       outputs = list(predicted = unname(cal[, "predy"]), apparent = unname(cal[, "calibrated.orig"]),
                      optimism = unname(cal[, "optimism"]), corrected = unname(cal[, "calibrated.corrected"]),
                      n = unname(cal[, "n"]), mean_absolute_error = mean(abs(err), na.rm = TRUE),
                      mean_squared_error = mean(err^2, na.rm = TRUE),
                      quantile90_absolute_error = unname(quantile(abs(err), 0.9, na.rm = TRUE))),
       tolerance = list(predicted = tol(1e-6, reason = "the grid comes from fitted probabilities: lrm.fit and radstats' IRLS stop at different points of the same MLE"),
                        apparent = tol(1e-6, reason = "as predicted"),
                        optimism = tol(0, 1e-6, reason = "as predicted, in each replicate's refit"),
                        corrected = tol(1e-6, reason = "as optimism"), n = tol(0),
                        mean_absolute_error = tol(1e-6, reason = "as optimism"),
                        mean_squared_error = tol(1e-6, reason = "as optimism"),
                        quantile90_absolute_error = tol(1e-6, reason = "as optimism"),
                        in_distribution = tol(0, 0.03, reason = "radstats' own bootstrap (B = 200) against R's: the corrected curves' Monte Carlo error")))
}

# rms::groupkm: mean predicted survival against Kaplan-Meier at u by cut2 group.
# The predictions are derived here from a column and recorded in the inputs.
survcal_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$marker))
  y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  x <- round(plogis(inputs$slope * (d[[inputs$marker]] - inputs$centre)), 4)
  cuts <- if (isTRUE(inputs$quantile_cuts))
    unique(quantile(c(0, 1, x), seq(0, 1, length = inputs$g + 1), na.rm = TRUE)) else NULL
  r <- suppressWarnings(if (is.null(cuts)) groupkm(x, Surv(d[[inputs$time]], y), g = inputs$g, u = inputs$horizon)
                        else groupkm(x, Surv(d[[inputs$time]], y), cuts = cuts, u = inputs$horizon))
  inputs$surv_prob <- x
  inputs$cuts <- cuts
  list(call = sprintf("groupkm(x, Surv(time, y), %s, u = %s)",
                      if (is.null(cuts)) sprintf("g = %d", inputs$g) else "cuts = unique(quantile(c(0, 1, x), ...))",
                      inputs$horizon),
       inputs = inputs,
       outputs = list(predicted = unname(r[, "x"]), n = unname(r[, "n"]), events = unname(r[, "events"]),
                      observed = unname(r[, "KM"]), std_err = unname(r[, "std.err"])),
       tolerance = list(predicted = tol(1e-12), n = tol(0), events = tol(0), observed = tol(1e-10),
                        std_err = tol(1e-10)))
}

# rms::calibrate.cph(cmethod = "KM", u =): Kaplan-Meier against mean predicted
# survival at u by risk group, corrected for optimism over B bootstrap refits of
# cph (whose defaults eps = 1e-4, iter.max = 10 radstats' CoxPH is given). The
# bootstrap samples are recorded (0-based) as in calibrate_case: predab.resample
# draws sample(n, replace = TRUE) once per replicate and nothing else draws. A
# second run with its own seed and B_distribution replicates (when given) is the
# reference for radstats' own resamples (agreement in distribution).
calsurv_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$predictors))
  d$event <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  d$follow_up <- d[[inputs$time]]
  f <- cph(reformulate(inputs$predictors, "Surv(follow_up, event)"), data = d, x = TRUE, y = TRUE,
           surv = TRUE, time.inc = inputs$horizon)
  run <- function(B) {
    args <- list(f, cmethod = "KM", u = inputs$horizon, m = inputs$m, B = B)
    if (!is.null(inputs$cuts)) args$cuts <- inputs$cuts
    invisible(capture.output(cal <- suppressWarnings(do.call(calibrate, args))))  # its progress lines
    cal
  }
  set.seed(inputs$seed)
  cal <- run(inputs$B)
  set.seed(inputs$seed)
  inputs$resamples <- unname(t(replicate(inputs$B, sample(nrow(d), replace = TRUE))) - 1)
  column <- function(x, name) unname(x[, name])
  distribution <- NULL
  if (!is.null(inputs$B_distribution)) {
    set.seed(inputs$seed + 1)
    distribution <- column(run(inputs$B_distribution), "KM.corrected")
  }
  list(call = sprintf("set.seed(%d); calibrate(cph(Surv(time, event) ~ %s, x = TRUE, y = TRUE, surv = TRUE, time.inc = %s), cmethod = 'KM', u = %s, %s, B = %d)",
                      inputs$seed, paste(inputs$predictors, collapse = " + "), inputs$horizon,
                      inputs$horizon, if (is.null(inputs$cuts)) sprintf("m = %d", inputs$m) else "cuts = cuts",
                      inputs$B),
       inputs = inputs,
       outputs = Filter(Negate(is.null), list(predicted = attr(cal, "predicted"),
                      index_orig = column(cal, "index.orig"), training = column(cal, "training"),
                      test = column(cal, "test"), mean_optimism = column(cal, "mean.optimism"),
                      mean_corrected = column(cal, "mean.corrected"), n = column(cal, "n"),
                      mean_predicted = column(cal, "mean.predicted"), km = column(cal, "KM"),
                      km_corrected = column(cal, "KM.corrected"), std_err = column(cal, "std.err"),
                      km_corrected_distribution = distribution)),
       tolerance = list(predicted = tol(1e-9, reason = "cph's survival at u from a Newton fit stopped at eps = 1e-4: the same iterates, to rounding"),
                        index_orig = tol(0, 1e-9, reason = "as predicted"),
                        training = tol(0, 1e-9, reason = "as predicted, in each replicate's refit"),
                        test = tol(0, 1e-9, reason = "as training"),
                        mean_optimism = tol(0, 1e-9, reason = "as training"),
                        mean_corrected = tol(0, 1e-9, reason = "as training"), n = tol(0),
                        mean_predicted = tol(1e-9, reason = "as predicted"), km = tol(1e-10),
                        km_corrected = tol(0, 1e-9, reason = "as training"), std_err = tol(1e-10),
                        km_corrected_distribution = tol(0, 0.04, reason = "radstats' own bootstrap against R's, B_distribution replicates each: 4 Monte Carlo SDs of the difference (the per-replicate optimism has SD up to 0.1 in these groups)")))
}

# boot::boot.ci's BCa interval of the AUC (stratified resampling); in
# distribution only: R's random numbers, boot's normal-scale interpolation of
# the order statistics and its regression estimate of the acceleration differ
# from radstats' (type-7 quantiles, jackknife acceleration).
bootbca_case <- function(inputs) function() {
  suppressPackageStartupMessages(library(boot))
  d <- prepare_data(inputs, c("y", inputs$prob))
  auc_of <- function(data, i) as.numeric(auc(roc(data$y[i], data[[inputs$prob]][i], direction = "<",
                                              levels = c(0, 1), quiet = TRUE)))
  set.seed(inputs$seed)
  b <- boot(d, auc_of, R = inputs$n_boot, strata = d$y)
  ci <- boot.ci(b, type = c("bca", "perc"))
  list(call = sprintf("set.seed(%d); boot.ci(boot(d, auc, R = %d, strata = y), type = c('bca', 'perc'))",
                      inputs$seed, inputs$n_boot),
       inputs = inputs,
       outputs = list(estimate = b$t0, bca_lower = ci$bca[4], bca_upper = ci$bca[5],
                      perc_lower = ci$percent[4], perc_upper = ci$percent[5], std_error = sd(b$t[, 1])),
       tolerance = list(estimate = tol(1e-10),
                        bca_lower = tol(0, 0.01, reason = "resampling with different RNGs and quantile rules: agreement in distribution (2000 replicates)"),
                        bca_upper = tol(0, 0.01, reason = "as bca_lower"),
                        perc_lower = tol(0, 0.01, reason = "as bca_lower"),
                        perc_upper = tol(0, 0.01, reason = "as bca_lower"),
                        std_error = tol(0.1, reason = "Monte Carlo error of a standard deviation from 2000 replicates")))
}

pbc <- list(data = "pbc", outcome = "status", event_code = 2,
            factor_levels = list(sex = c("m", "f")))
ties <- list(data = "ties", outcome = "status", event_code = 1)

cases <- list(
  roc_pbc_bili = roc_case(spec(pbc, score = "bili", direction = "<")),
  roc_pbc_albumin_auto = roc_case(spec(pbc, score = "albumin", direction = "auto")),
  roc_pbc_stage_ties = roc_case(spec(pbc, score = "stage", direction = "auto")),
  roc_ties_risk = roc_case(spec(ties, score = "risk", direction = "<")),
  roc_ties_reversed = roc_case(spec(ties, score = "x1", direction = ">")),
  delong_pbc_paired = delong_case(spec(pbc, score1 = "bili", score2 = "protime", paired = TRUE)),
  delong_ties_paired = delong_case(spec(ties, score1 = "risk", score2 = "x1", paired = TRUE)),
  hoslem_calibration_g10 = hoslem_case(list(data = "calibration", prob = "p", g = 10)),
  hoslem_calibration_g5 = hoslem_case(list(data = "calibration", prob = "p", g = 5)),
  hoslem_tied_probabilities = hoslem_case(list(data = "calibration", prob = "p_tied", g = 10)),
  dca_calibration = dca_case(list(data = "calibration", prob = "p", thresholds = seq(0, 0.99, 0.01))),
  dca_tied_at_thresholds = dca_case(list(data = "calibration", prob = "p_tied",
                                         thresholds = c(0.05, 0.1, 0.2, 0.3, 0.5, 0.7))),
  youden_pbc_bili = youden_case(spec(pbc, score = "bili")),
  youden_ties_risk = youden_case(spec(ties, score = "risk")),
  valprob_calibration = valprob_case(list(data = "calibration", prob = "p")),
  valprob_tied_probabilities = valprob_case(list(data = "calibration", prob = "p_tied")),
  classification_pbc_bili = classification_case(spec(pbc, score = "bili", direction = "<",
                                                     thresholds = c(0.8, 1.4, 1.75, 3.2, 10))),
  classification_ties_reversed = classification_case(spec(ties, score = "risk", direction = ">",
                                                           thresholds = c(-0.5, 0, 0.3))),
  dcasurv_lung_365 = dcasurv_case(list(data = "lung", time = "time", outcome = "status", event_code = 2,
                                       marker = "ph.karno", slope = -0.08, centre = 80, horizon = 365,
                                       thresholds = seq(0, 0.95, 0.05))),
  dcasurv_ties_6 = dcasurv_case(list(data = "ties", time = "time", outcome = "status", event_code = 1,
                                     marker = "risk", slope = 1.5, centre = 0, horizon = 6,
                                     thresholds = seq(0, 0.9, 0.1))),
  tdauc_ties_risk = tdauc_case(list(data = "ties", time = "time", outcome = "status", event_code = 1,
                                     marker = "risk", times = c(3, 6, 9))),
  tdauc_lung_age = tdauc_case(list(data = "lung", time = "time", outcome = "status", event_code = 2,
                                   marker = "ph.karno", times = c(180, 365, 730))),
  tdauc_pbc_bili = tdauc_case(list(data = "pbc", time = "time", outcome = "status", event_code = 2,
                                   marker = "bili", times = c(1000, 2000, 3000))),
  tdcindex_lung_age = tdcindex_case(list(data = "lung", time = "time", outcome = "status", event_code = 2,
                                         risk = "age", horizons = c(90, 180, 365, 730))),
  tdcindex_ties_risk = tdcindex_case(list(data = "ties", time = "time", outcome = "status", event_code = 1,
                                          risk = "risk", horizons = c(3, 6, 9))),
  bootci_auc_calibration = bootci_case(list(data = "calibration", prob = "p", n_boot = 2000, seed = 1)),
  delong_pbc_unpaired = delong_case(spec(pbc, score1 = "bili", score2 = "bili", paired = FALSE,
                                         split = "sex", split_value = "f")),
  tdauclt_ties_risk = tdauclt_case(list(data = "ties", time = "time", outcome = "status", event_code = 1,
                                        marker = "risk", times = c(3, 6, 9))),
  tdauclt_pbc_bili = tdauclt_case(list(data = "pbc", time = "time", outcome = "status", event_code = 2,
                                       marker = "bili", times = c(1000, 2000, 3000))),
  table2_pbc = table2_case(spec(pbc, models = c("bili", "protime", "ast"), reference = "bili")),
  calcurve_lowess = calcurve_case(list(data = "calibration", prob = "p", method = "lowess")),
  calcurve_lowess_tied = calcurve_case(list(data = "calibration", prob = "p_tied", method = "lowess")),
  calcurve_bins_g10 = calcurve_case(list(data = "calibration", prob = "p", method = "bins", g = 10)),
  calcurve_bins_tied = calcurve_case(list(data = "calibration", prob = "p_tied", method = "bins", g = 10)),
  calibrate_pbc_lrm = calibrate_case(spec(pbc, predictors = c("bili", "albumin", "age", "protime"),
                                          B = 40, seed = 11)),
  survcal_lung_g4 = survcal_case(list(data = "lung", time = "time", outcome = "status", event_code = 2,
                                      marker = "ph.karno", slope = 0.06, centre = 70, horizon = 365, g = 4)),
  survcal_lung_cuts = survcal_case(list(data = "lung", time = "time", outcome = "status", event_code = 2,
                                        marker = "ph.karno", slope = 0.06, centre = 70, horizon = 365, g = 3,
                                        quantile_cuts = TRUE)),
  survcal_ties_g3 = survcal_case(list(data = "ties", time = "time", outcome = "status", event_code = 1,
                                      marker = "risk", slope = -1.2, centre = 0, horizon = 9, g = 3)),
  survcal_ties_late = survcal_case(list(data = "ties", time = "time", outcome = "status", event_code = 1,
                                        marker = "risk", slope = -1.2, centre = 0, horizon = 12, g = 6)),
  calsurv_lung_365 = calsurv_case(list(data = "lung", time = "time", outcome = "status", event_code = 2,
                                      predictors = c("age", "sex", "ph.ecog"), horizon = 365, m = 50,
                                      B = 30, B_distribution = 200, seed = 7)),
  calsurv_pbc_cuts = calsurv_case(spec(pbc, time = "time", predictors = c("bili", "albumin", "age", "protime"),
                                       horizon = 2000, m = 150, cuts = c(0, 0.5, 0.7, 0.85, 1),
                                       B = 20, seed = 3)),
  bootbca_auc_calibration = bootbca_case(list(data = "calibration", prob = "p", n_boot = 2000, seed = 2))
)
