# Reference values for radstats.logistic (stats::glm, binomial family).
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
packages <- c("stats", "MASS")

spec <- function(base, ...) modifyList(base, list(...))

glm_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$outcome, inputs$covariates))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  f <- as.formula(paste("y ~", paste(inputs$covariates, collapse = " + ")))
  run <- with_warnings(eval(bquote(glm(.(f), family = binomial, data = d))))
  fit <- run$value
  list(
    call = deparse1(fit$call),
    inputs = inputs,
    outputs = list(
      coef = named(coef(fit)), se = named(sqrt(diag(vcov(fit)))),
      aic = AIC(fit), loglik = as.numeric(logLik(fit)), deviance = deviance(fit),
      null_deviance = fit$null.deviance, iter = fit$iter,
      prob = unname(fitted(fit)), warnings = run$warnings),
    tolerance = list(
      coef = tol(1e-6), se = tol(1e-5), aic = tol(1e-8), loglik = tol(1e-8),
      deviance = tol(1e-8), null_deviance = tol(1e-10), prob = tol(1e-6, 1e-10)))
}

# Profile-likelihood intervals: confint() on a glm is MASS::confint.glm (profile.glm
# with alpha = (1 - level) / 4, then a spline through each profile, inverted by approx).
confint_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$outcome, inputs$covariates))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  f <- as.formula(paste("y ~", paste(inputs$covariates, collapse = " + ")))
  fit <- eval(bquote(glm(.(f), family = binomial, data = d)))
  ci <- suppressMessages(confint(fit, level = inputs$level))
  list(
    call = sprintf("MASS::confint.glm(%s, level = %s)", deparse1(fit$call), inputs$level),
    inputs = inputs,
    outputs = list(term = rownames(ci), lower = unname(ci[, 1]), upper = unname(ci[, 2])),
    tolerance = list(lower = tol(1e-6), upper = tol(1e-6)))
}

lung <- list(data = "lung", outcome = "status", event_code = 2)
colon <- list(data = "colon", outcome = "status", event_code = 1,
              filter = list(column = "etype", value = 1),
              factor_levels = list(rx = c("Obs", "Lev", "Lev+5FU")))
pbc <- list(data = "pbc", outcome = "status", event_code = 2,
            factor_levels = list(sex = c("m", "f"), stage = c("1", "2", "3", "4")))

cases <- list(
  glm_lung = glm_case(spec(lung, covariates = c("age", "sex", "ph.ecog", "ph.karno", "wt.loss"))),
  glm_colon_factor = glm_case(spec(colon, covariates = c("rx", "age", "sex", "nodes", "obstruct", "differ"))),
  glm_pbc_factors = glm_case(spec(pbc, covariates = c("age", "sex", "bili", "albumin", "edema", "stage"))),
  glm_separation = glm_case(list(data = "separation", outcome = "y", event_code = 1,
                                 covariates = c("x", "z"))),
  confint_lung = confint_case(spec(lung, covariates = c("age", "sex", "ph.ecog", "ph.karno", "wt.loss"),
                                   level = 0.95)),
  confint_pbc_factors = confint_case(spec(pbc, covariates = c("age", "sex", "bili", "albumin", "stage"),
                                          level = 0.9)),
  confint_colon_factor = confint_case(spec(colon, covariates = c("rx", "age", "nodes", "obstruct"),
                                           level = 0.99))
)
