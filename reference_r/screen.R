# Reference values for radstats.screen's scores: Harrell's C with the sign of the
# risk, its infinitesimal-jackknife variance and Wald interval (survival), and
# the sign-free C that Mime reports, summary(coxph(Surv ~ RS))$concordance.
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
suppressPackageStartupMessages(library(survival))
packages <- c("survival")

cindex_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$risk))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  d$rs <- inputs$sign * d[[inputs$risk]]
  fit <- concordance(Surv(d[[inputs$time]], d$y) ~ rs, data = d, reverse = TRUE)
  half <- qnorm(0.5 + inputs$conf_level / 2) * sqrt(fit$var)
  mime <- summary(coxph(Surv(d[[inputs$time]], d$y) ~ rs, data = d))$concordance[[1]]
  list(
    call = sprintf(paste0("concordance(Surv(%s, y) ~ %s%s, reverse = TRUE) -> C, var; ",
                          "C -/+ qnorm(%g) sqrt(var); summary(coxph(Surv ~ rs))$concordance[1]"),
                   inputs$time, if (inputs$sign < 0) "-" else "", inputs$risk,
                   0.5 + inputs$conf_level / 2),
    inputs = inputs,
    outputs = list(c_index = unname(fit$concordance), variance = unname(fit$var),
                   c_lower = max(unname(fit$concordance) - half, 0),
                   c_upper = min(unname(fit$concordance) + half, 1), c_index_mime = mime),
    tolerance = list(c_index = tol(1e-8), variance = tol(1e-8), c_lower = tol(1e-8),
                     c_upper = tol(1e-8), c_index_mime = tol(1e-8)))
}

lung <- list(data = "lung", time = "time", outcome = "status", event_code = 2, conf_level = 0.95)
ties <- list(data = "ties", time = "time", outcome = "status", event_code = 1, conf_level = 0.95)

cases <- list(
  cindex_lung_age = cindex_case(modifyList(lung, list(risk = "age", sign = 1))),
  cindex_lung_karno_reversed = cindex_case(modifyList(lung, list(risk = "ph.karno", sign = 1))),
  cindex_lung_karno_90 = cindex_case(modifyList(lung, list(risk = "ph.karno", sign = -1,
                                                           conf_level = 0.9))),
  cindex_ties_risk = cindex_case(modifyList(ties, list(risk = "risk", sign = 1))),
  cindex_ties_x1_reversed = cindex_case(modifyList(ties, list(risk = "x1", sign = -1)))
)
