# Reference values for radstats.selection (MASS::stepAIC).
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
suppressPackageStartupMessages({library(survival); library(MASS); library(psych); library(caret)})
packages <- c("MASS", "survival", "psych", "caret")

spec <- function(base, ...) modifyList(base, list(...))

# stepAIC from the full model (backward, both) or the empty one (forward),
# over the candidate `covariates`, with k = 2 (AIC) or log(nobs) (BIC).
stepaic_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$outcome, inputs$time, inputs$covariates))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  lhs <- if (inputs$model == "coxph") paste0("Surv(", inputs$time, ", y)") else "y"
  full <- as.formula(paste(lhs, "~", paste(inputs$covariates, collapse = " + ")))
  start <- if (inputs$direction == "forward") as.formula(paste(lhs, "~ 1")) else full
  fit0 <- if (inputs$model == "coxph") eval(bquote(coxph(.(start), data = d)))
          else eval(bquote(glm(.(start), family = binomial, data = d)))
  k <- if (inputs$criterion == "bic") log(nobs(fit0)) else 2
  upper <- as.formula(paste("~", paste(inputs$covariates, collapse = " + ")))
  fit <- stepAIC(fit0, scope = list(lower = ~1, upper = upper), direction = inputs$direction,
                 k = k, trace = 0)
  steps <- as.character(fit$anova$Step)
  steps[1] <- "<start>"
  list(
    call = sprintf("stepAIC(%s, scope = list(lower = ~1, upper = %s), direction = \"%s\", k = %s)",
                   deparse1(fit0$call), deparse1(upper), inputs$direction, format(k, digits = 17)),
    inputs = inputs,
    outputs = list(selected = attr(terms(fit), "term.labels"),
                   aic = unname(extractAIC(fit, k = k)[2]),
                   path_change = trimws(steps), path_aic = fit$anova$AIC, k = k),
    tolerance = list(aic = tol(1e-6), path_aic = tol(1e-6), k = tol(1e-12)))
}

# psych::ICC for every feature; rows of its table are ICC1, ICC2, ICC3, ICC1k,
# ICC2k, ICC3k, columns ICC, F, df1, df2, p, lower bound, upper bound.
icc_case <- function(inputs) function() {
  readers <- lapply(inputs$readers, function(r) fixture_data(r))
  features <- setdiff(names(readers[[1]]), "id")
  forms <- c("icc1", "icc2", "icc3", "icc1k", "icc2k", "icc3k")
  columns <- c(ICC = "", F = "_f", df1 = "_df1", df2 = "_df2", p = "_p",
               "lower bound" = "_lower", "upper bound" = "_upper")
  out <- list(feature = features)
  for (f in features) {
    res <- ICC(sapply(readers, function(r) r[[f]]), lmer = FALSE, alpha = inputs$alpha)$results
    for (i in seq_along(forms)) for (column in names(columns)) {
      key <- paste0(forms[i], columns[[column]])
      out[[key]] <- c(out[[key]], res[i, column])
    }
  }
  list(
    call = sprintf("psych::ICC(cbind(%s)[, feature], lmer = FALSE, alpha = %s) for each feature",
                   paste(inputs$readers, collapse = ", "), inputs$alpha),
    inputs = inputs,
    outputs = out,
    tolerance = list(estimate = tol(1e-8), f = tol(1e-8), df = tol(1e-12),
                     limits = tol(1e-6, reason = "qf() quantiles at a Satterthwaite df"),
                     p = tol(1e-6, 1e-300)))
}

findcor_case <- function(inputs) function() {
  x <- fixture_data(inputs$data)
  exact <- if (is.null(inputs$exact)) ncol(x) < 100 else inputs$exact
  drop <- findCorrelation(cor(x), cutoff = inputs$cutoff, exact = exact, names = TRUE)
  list(call = sprintf("findCorrelation(cor(x), cutoff = %s, exact = %s, names = TRUE)",
                      inputs$cutoff, exact),
       inputs = inputs, outputs = list(drop = drop), tolerance = list())
}

lung <- list(data = "lung", outcome = "status", event_code = 2, time = "time", model = "coxph",
             covariates = c("age", "sex", "ph.ecog", "ph.karno", "wt.loss", "pat.karno",
                            "meal.cal", "inst"), criterion = "aic")
veteran <- list(data = "veteran", outcome = "status", event_code = 1, time = "time",
                model = "coxph", criterion = "aic",
                covariates = c("trt", "celltype", "karno", "diagtime", "age", "prior"),
                factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large")))
pbc <- list(data = "pbc", outcome = "status", event_code = 2, model = "glm", criterion = "aic",
            covariates = c("age", "sex", "bili", "albumin", "edema", "stage", "chol",
                           "copper", "ast", "trig", "platelet", "protime", "ascites", "spiders"),
            factor_levels = list(sex = c("m", "f"), stage = c("1", "2", "3", "4")))

cases <- list(
  icc_two_readers = icc_case(list(readers = c("reader1", "reader2"), alpha = 0.05)),
  icc_three_readers_90 = icc_case(list(readers = c("reader1", "reader2", "reader3"), alpha = 0.1)),
  findcor_30_exact = findcor_case(list(data = "features30", cutoff = 0.9)),
  findcor_30_fast = findcor_case(list(data = "features30", cutoff = 0.9, exact = FALSE)),
  findcor_30_cutoff75 = findcor_case(list(data = "features30", cutoff = 0.75)),
  findcor_120_default_fast = findcor_case(list(data = "features120", cutoff = 0.9)),
  findcor_120_exact = findcor_case(list(data = "features120", cutoff = 0.9, exact = TRUE)),
  stepaic_cox_lung_both = stepaic_case(spec(lung, direction = "both")),
  stepaic_cox_lung_backward = stepaic_case(spec(lung, direction = "backward")),
  stepaic_cox_lung_forward = stepaic_case(spec(lung, direction = "forward")),
  stepaic_cox_lung_bic = stepaic_case(spec(lung, direction = "both", criterion = "bic")),
  stepaic_cox_veteran_factor = stepaic_case(spec(veteran, direction = "both")),
  stepaic_glm_pbc_both = stepaic_case(spec(pbc, direction = "both")),
  stepaic_glm_pbc_forward = stepaic_case(spec(pbc, direction = "forward")),
  stepaic_glm_pbc_bic = stepaic_case(spec(pbc, direction = "backward", criterion = "bic"))
)
