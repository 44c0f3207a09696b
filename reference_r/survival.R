# Reference values for radstats.survival and radstats.metrics.concordance_index.
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
suppressPackageStartupMessages(library(survival))
packages <- c("survival")

# The case's data with a 0/1 `event` column from its status coding.
prepare <- function(inputs) {
  used <- c(inputs$time, inputs$status, inputs$covariates, inputs$group, inputs$risk)
  d <- prepare_data(inputs, used)
  d$event <- as.integer(d[[inputs$status]] == inputs$event_code)
  d
}

surv_formula <- function(inputs, rhs) {
  as.formula(paste0("Surv(", inputs$time, ", event) ~ ", rhs))
}

test_record <- function(statistic, df) {
  list(statistic = unname(statistic), df = unname(df),
       pvalue = pchisq(unname(statistic), unname(df), lower.tail = FALSE))
}

coxph_case <- function(inputs) function() {
  d <- prepare(inputs)
  f <- surv_formula(inputs, paste(inputs$covariates, collapse = " + "))
  run <- with_warnings(eval(bquote(coxph(.(f), data = d, ties = .(inputs$ties), model = TRUE))))
  fit <- run$value
  newdata <- d[inputs$newdata_rows, ]
  sf <- summary(survfit(fit, newdata = newdata), times = inputs$times, extend = TRUE)
  list(
    call = deparse1(fit$call),
    inputs = inputs,
    outputs = list(
      coef = named(coef(fit)), se = named(sqrt(diag(vcov(fit)))),
      loglik = fit$loglik, iter = fit$iter, means = named(fit$means),
      # fit$ fields, not summary(fit): summary.coxph rounds the Wald statistic.
      lr_test = test_record(2 * diff(fit$loglik), length(coef(fit))),
      wald_test = test_record(fit$wald.test, length(coef(fit))),
      score_test = test_record(fit$score, length(coef(fit))),
      concordance = unname(fit$concordance["concordance"]), aic = AIC(fit),
      lp = unname(predict(fit, type = "lp")), risk = unname(predict(fit, type = "risk")),
      survival = lapply(seq_along(inputs$newdata_rows), function(i) as.matrix(sf$surv)[, i]),
      warnings = run$warnings),
    tolerance = list(
      coef = tol(1e-6), se = tol(1e-5), loglik = tol(1e-8), means = tol(1e-12),
      lr_test = tol(1e-6), wald_test = tol(1e-6), score_test = tol(1e-8),
      concordance = tol(1e-8), aic = tol(1e-8), lp = tol(1e-6, 1e-8),
      risk = tol(1e-6), survival = tol(1e-6, 1e-10)))
}

km_case <- function(inputs) function() {
  d <- prepare(inputs)
  rhs <- if (is.null(inputs$group)) "1" else inputs$group
  f <- surv_formula(inputs, rhs)
  fit <- eval(bquote(survfit(.(f), data = d, conf.type = .(inputs$conf_type))))
  strata_of <- function(x) {
    if (is.null(x)) return("all")
    sub(paste0("^", inputs$group, "="), "", as.character(x))
  }
  curve_strata <- if (is.null(fit$strata)) rep("all", length(fit$time)) else
    strata_of(rep(names(fit$strata), fit$strata))
  at <- summary(fit, times = inputs$times)
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- t(as.matrix(tab))
  list(
    call = deparse1(fit$call),
    inputs = inputs,
    outputs = list(
      curve = list(group = curve_strata, time = fit$time, n_risk = fit$n.risk,
                   n_event = fit$n.event, n_censor = fit$n.censor, surv = fit$surv,
                   se_cumhaz = fit$std.err, lower = fit$lower, upper = fit$upper),
      at = list(group = if (is.null(at$strata)) rep("all", length(at$time)) else
                  strata_of(at$strata),
                time = at$time, surv = at$surv, se_surv = at$std.err, lower = at$lower,
                upper = at$upper, n_risk = at$n.risk, n_event = at$n.event),
      table = list(group = if (is.null(fit$strata)) "all" else strata_of(names(fit$strata)),
                   n = unname(tab[, "records"]), events = unname(tab[, "events"]),
                   median = unname(tab[, "median"]),
                   median_lower = unname(tab[, grep("LCL", colnames(tab))]),
                   median_upper = unname(tab[, grep("UCL", colnames(tab))]))),
    tolerance = list(surv = tol(1e-8), se_cumhaz = tol(1e-8), se_surv = tol(1e-8),
                     lower = tol(1e-6), upper = tol(1e-6), median = tol(1e-12)))
}

logrank_case <- function(inputs) function() {
  d <- prepare(inputs)
  f <- surv_formula(inputs, inputs$group)
  fit <- eval(bquote(survdiff(.(f), data = d, rho = .(inputs$rho))))
  df <- sum(fit$exp > 0) - 1
  list(
    call = deparse1(fit$call),
    inputs = inputs,
    outputs = list(statistic = fit$chisq, df = df,
                   pvalue = pchisq(fit$chisq, df, lower.tail = FALSE),
                   n = unname(as.vector(fit$n)), observed = fit$obs, expected = fit$exp,
                   variance = as.vector(t(fit$var))),
    tolerance = list(statistic = tol(1e-8), pvalue = tol(1e-8), observed = tol(1e-10),
                     expected = tol(1e-8), variance = tol(1e-8)))
}

concordance_case <- function(inputs) function() {
  d <- prepare(inputs)
  f <- surv_formula(inputs, inputs$risk)
  timewt <- if (is.null(inputs$timewt)) "n" else inputs$timewt
  fit <- eval(bquote(concordance(.(f), data = d, reverse = TRUE, timewt = .(timewt),
                                 ymax = .(inputs$ymax))))
  list(
    call = deparse1(fit$call),
    inputs = inputs,
    outputs = list(estimate = unname(fit$concordance), count = named(fit$count)),
    tolerance = list(estimate = tol(1e-8),
                     count = if (timewt == "n") tol(0) else tol(1e-8)))
}

# Case inputs: a base list with some entries added or replaced (c() would split
# a vector entry such as `times` into times1, times2, ...).
spec <- function(base, ...) modifyList(base, list(...))

lung <- list(data = "lung", time = "time", status = "status", event_code = 2)
lung_cox <- spec(lung, covariates = c("age", "sex", "ph.ecog", "ph.karno", "wt.loss"),
                 newdata_rows = c(1, 2, 50), times = c(0, 100, 183, 365, 730))
ties <- list(data = "ties", time = "time", status = "status", event_code = 1)
ties_cox <- spec(ties, covariates = c("x1", "x2", "grp"), factor_levels = list(grp = c("a", "b", "c")),
                 newdata_rows = c(1, 2, 3), times = c(1, 3, 6, 9, 12))
veteran_cox <- list(data = "veteran", time = "time", status = "status", event_code = 1,
                    covariates = c("trt", "celltype", "karno", "age"),
                    factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large")),
                    newdata_rows = c(1, 40, 100), times = c(30, 90, 180))
colon_cox <- list(data = "colon", time = "time", status = "status", event_code = 1,
                  filter = list(column = "etype", value = 2),
                  covariates = c("rx", "age", "sex", "nodes", "obstruct"),
                  factor_levels = list(rx = c("Obs", "Lev", "Lev+5FU")),
                  newdata_rows = c(1, 2, 3), times = c(365, 1826))
monotone_cox <- list(data = "monotone", time = "time", status = "status", event_code = 1,
                     covariates = c("x", "age"), newdata_rows = 1, times = 10)
# 30 covariates, 20 events: Newton steps overflow and coxph runs out of iterations.
overfit_cox <- list(data = "overfit", time = "time", status = "status", event_code = 1,
                    covariates = paste0("x", 1:30), newdata_rows = c(1, 2), times = c(1, 5))

cases <- list(
  coxph_lung_efron = coxph_case(spec(lung_cox, ties = "efron")),
  coxph_lung_breslow = coxph_case(spec(lung_cox, ties = "breslow")),
  coxph_ties_efron = coxph_case(spec(ties_cox, ties = "efron")),
  coxph_ties_breslow = coxph_case(spec(ties_cox, ties = "breslow")),
  coxph_veteran_factor = coxph_case(spec(veteran_cox, ties = "efron")),
  coxph_colon_factor = coxph_case(spec(colon_cox, ties = "efron")),
  coxph_monotone = coxph_case(spec(monotone_cox, ties = "efron")),
  coxph_overfit = coxph_case(spec(overfit_cox, ties = "efron")),
  km_lung_sex_log = km_case(spec(lung, group = "sex", conf_type = "log",
                              times = c(0, 5, 100, 183, 365, 730, 1022))),
  km_lung_loglog = km_case(spec(lung, conf_type = "log-log", times = c(11, 365, 500))),
  km_lung_sex_plain = km_case(spec(lung, group = "sex", conf_type = "plain", times = c(30, 400))),
  km_ties_grp_log = km_case(spec(ties, group = "grp", conf_type = "log", times = c(3, 6, 9))),
  km_ties_loglog = km_case(spec(ties, conf_type = "log-log", times = c(3, 6, 9))),
  km_veteran_celltype = km_case(spec(list(data = "veteran", time = "time", status = "status",
                                       event_code = 1, group = "celltype",
                                       factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large"))),
                                  conf_type = "log", times = c(30, 100))),
  logrank_lung_sex = logrank_case(spec(lung, group = "sex", rho = 0)),
  logrank_lung_ecog = logrank_case(spec(lung, group = "ph.ecog", rho = 0)),
  logrank_lung_sex_peto = logrank_case(spec(lung, group = "sex", rho = 1)),
  logrank_ties_grp = logrank_case(spec(ties, group = "grp", rho = 0)),
  logrank_veteran_celltype = logrank_case(list(data = "veteran", time = "time", status = "status",
                                               event_code = 1, group = "celltype", rho = 0,
                                               factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large")))),
  concordance_lung_karno = concordance_case(spec(lung, risk = "ph.karno")),
  concordance_lung_age = concordance_case(spec(lung, risk = "age")),
  concordance_ties = concordance_case(spec(ties, risk = "risk")),
  concordance_lung_age_uno = concordance_case(spec(lung, risk = "age", timewt = "n/G2")),
  concordance_lung_age_tau = concordance_case(spec(lung, risk = "age", ymax = 365)),
  concordance_ties_uno_tau = concordance_case(spec(ties, risk = "risk", timewt = "n/G2", ymax = 6)),
  concordance_colon_nodes = concordance_case(list(data = "colon", time = "time", status = "status",
                                                  event_code = 1, risk = "nodes"))
)
