# Reference values for radstats.selection (MASS::stepAIC).
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
suppressPackageStartupMessages({library(survival); library(MASS); library(psych); library(caret); library(pROC)})
packages <- c("MASS", "survival", "psych", "caret", "pROC")

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

# scale() on the first `n_train` rows, applied with the same centre/scale to the rest.
zscore_case <- function(inputs) function() {
  x <- fixture_data(inputs$data)[, inputs$features]
  train <- seq_len(inputs$n_train)
  s <- scale(x[train, ])
  other <- scale(x[-train, ], center = attr(s, "scaled:center"), scale = attr(s, "scaled:scale"))
  list(call = "scale(train); scale(other, center = attr(s, 'scaled:center'), scale = attr(s, 'scaled:scale'))",
       inputs = inputs,
       outputs = list(center = named(attr(s, "scaled:center")), scale = named(attr(s, "scaled:scale")),
                      train = as.vector(s), other = as.vector(other)),
       tolerance = list(center = tol(1e-12), scale = tol(1e-12), train = tol(1e-12, 1e-14),
                        other = tol(1e-12, 1e-14)))
}

univariate_cox_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$features))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  fits <- lapply(inputs$features, function(f)
    summary(coxph(as.formula(paste0("Surv(", inputs$time, ", y) ~ ", f)), data = d))$coefficients)
  table <- do.call(rbind, fits)
  list(call = "for each feature: coxph(Surv(time, y) ~ feature); p.adjust(p, 'BH')",
       inputs = inputs,
       outputs = list(term = rownames(table), coef = table[, "coef"], se = table[, "se(coef)"],
                      p = table[, "Pr(>|z|)"], q = p.adjust(table[, "Pr(>|z|)"], "BH")),
       tolerance = list(coef = tol(1e-6), se = tol(1e-5), p = tol(1e-5), q = tol(1e-5)))
}

univariate_glm_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$outcome, inputs$features))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  fits <- lapply(inputs$features, function(f)
    summary(glm(as.formula(paste("y ~", f)), family = binomial, data = d))$coefficients[-1, , drop = FALSE])
  table <- do.call(rbind, fits)
  list(call = "for each feature: glm(y ~ feature, family = binomial); p.adjust(p, 'BH')",
       inputs = inputs,
       outputs = list(term = rownames(table), coef = table[, "Estimate"], se = table[, "Std. Error"],
                      p = table[, "Pr(>|z|)"], q = p.adjust(table[, "Pr(>|z|)"], "BH")),
       tolerance = list(coef = tol(1e-6), se = tol(1e-5), p = tol(1e-5), q = tol(1e-5)))
}

# The seed's workflow: univariable Cox per variable, then one Cox model of the
# variables with p < 0.05 (a factor enters when any level passes). With
# model = "glm": univariable then multivariable logistic regression (seed 000,
# Methods 5.4), the ratio being the odds ratio and its Wald 95% limits.
multivariable_case <- function(inputs) function() {
  logistic <- identical(inputs$model, "glm")
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, inputs$features))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  lhs <- if (logistic) "y ~ " else paste0("Surv(", inputs$time, ", y) ~ ")
  fit_of <- function(rhs) {
    f <- as.formula(paste0(lhs, rhs))
    if (logistic) glm(f, family = binomial, data = d) else coxph(f, data = d)
  }
  passed <- sapply(inputs$features, function(f) {
    s <- summary(fit_of(f))$coefficients
    any(s[rownames(s) != "(Intercept)", "Pr(>|z|)"] < 0.05)
  })
  selected <- inputs$features[passed]
  fit <- fit_of(paste(selected, collapse = " + "))
  s <- summary(fit)$coefficients
  if (logistic) {
    s <- s[rownames(s) != "(Intercept)", , drop = FALSE]
    wald <- exp(confint.default(fit)[rownames(s), , drop = FALSE])
    return(list(
      call = "univariable glm(y ~ variable, binomial) per variable; glm(y ~ variables with p < 0.05, binomial); exp(confint.default(fit))",
      inputs = inputs,
      outputs = list(selected = selected, term = rownames(s), or = exp(s[, "Estimate"]),
                     or_lower = unname(wald[, 1]), or_upper = unname(wald[, 2]),
                     p = s[, "Pr(>|z|)"]),
      tolerance = list(or = tol(1e-6), or_lower = tol(1e-6), or_upper = tol(1e-6),
                       p = tol(1e-5))))
  }
  list(call = "univariable coxph per variable; coxph(Surv(time, y) ~ variables with p < 0.05)",
       inputs = inputs,
       outputs = list(selected = selected, term = rownames(s), hr = s[, "exp(coef)"],
                      p = s[, "Pr(>|z|)"]),
       tolerance = list(hr = tol(1e-6), p = tol(1e-5)))
}

# A fixed-weight risk score with R's three cut-off rules: median; the
# maximally selected survdiff statistic over cuts between the min_prop and
# 1 - min_prop quantiles (first maximum); pROC's Youden-optimal threshold.
riskscore_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$time, inputs$outcome, names(inputs$coef)))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  w <- unlist(inputs$coef)
  score <- drop(as.matrix(d[, names(w)]) %*% w)
  q <- quantile(score, c(inputs$min_prop, 1 - inputs$min_prop))
  cuts <- sort(unique(score[score >= q[1] & score < q[2]]))
  chisq <- sapply(cuts, function(cut)
    survdiff(Surv(d[[inputs$time]], d$y) ~ I(score > cut))$chisq)
  best <- coords(roc(d$y, score, direction = "<", levels = c(0, 1), quiet = TRUE), "best",
                 best.method = "youden", ret = "threshold")$threshold
  list(call = "score <- X %*% coef; median(score); survdiff over cuts; coords(roc(y, score), 'best')",
       inputs = inputs,
       outputs = list(score = score, median = median(score), maxstat = cuts[which.max(chisq)],
                      youden = best[1], high_median = as.integer(score > median(score))),
       tolerance = list(score = tol(1e-12), median = tol(1e-12), maxstat = tol(1e-12),
                        youden = tol(1e-12), high_median = tol(0)))
}

univariate_test_case <- function(inputs) function() {
  d <- prepare_data(inputs, c(inputs$group, inputs$features))
  g <- factor(d[[inputs$group]])
  out <- list(feature = inputs$features, statistic = c(), p = c(), shapiro_p_0 = c(),
              shapiro_p_1 = c(), difference = c(), ci_lower = c(), ci_upper = c())
  for (f in inputs$features) {
    x <- d[[f]]
    test <- if (inputs$test == "mannwhitney") suppressWarnings(wilcox.test(x ~ g))
            else t.test(x ~ g, var.equal = inputs$test == "t")
    out$statistic <- c(out$statistic, unname(test$statistic))
    out$p <- c(out$p, test$p.value)
    out$shapiro_p_0 <- c(out$shapiro_p_0, shapiro.test(x[g == levels(g)[1]])$p.value)
    out$shapiro_p_1 <- c(out$shapiro_p_1, shapiro.test(x[g == levels(g)[2]])$p.value)
    ci <- if (is.null(test$conf.int)) c(NA, NA) else test$conf.int[1:2]
    est <- if (inputs$test == "mannwhitney") NA else unname(-diff(test$estimate))
    out$difference <- c(out$difference, est)
    out$ci_lower <- c(out$ci_lower, ci[1])
    out$ci_upper <- c(out$ci_upper, ci[2])
  }
  out$q <- p.adjust(out$p, "BH")
  list(call = sprintf("%s(x ~ %s) for each feature; shapiro.test by group; p.adjust(p, 'BH')",
                      if (inputs$test == "mannwhitney") "wilcox.test" else "t.test", inputs$group),
       inputs = inputs, outputs = out,
       tolerance = list(statistic = tol(1e-10), p = tol(1e-10), q = tol(1e-10),
                        shapiro_p_0 = tol(1e-6, reason = "Royston's algorithm: SciPy and R use different polynomial evaluations"),
                        shapiro_p_1 = tol(1e-6, reason = "as shapiro_p_0"),
                        difference = tol(1e-10), ci_lower = tol(1e-10), ci_upper = tol(1e-10)))
}

lung <- list(data = "lung", outcome = "status", event_code = 2, time = "time", model = "coxph",
             covariates = c("age", "sex", "ph.ecog", "ph.karno", "wt.loss", "pat.karno",
                            "meal.cal", "inst"), criterion = "aic")
veteran <- list(data = "veteran", outcome = "status", event_code = 1, time = "time",
                model = "coxph", criterion = "aic",
                covariates = c("trt", "celltype", "karno", "diagtime", "age", "prior"),
                factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large")))
# 30 candidates, 20 events: forward keeps adding terms until the Cox model nearly
# separates the data; its last candidate fits run out of iterations (R warns).
overfit <- list(data = "overfit", outcome = "status", event_code = 1, time = "time",
                model = "coxph", criterion = "aic", covariates = paste0("x", 1:30))
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
  zscore_features30 = zscore_case(list(data = "features30", features = c("f001", "f007", "f013", "f030"),
                                       n_train = 40)),
  univariate_cox_lung = univariate_cox_case(list(data = "lung", time = "time", outcome = "status",
                                                 event_code = 2, features = c("age", "sex", "ph.ecog", "ph.karno", "wt.loss", "meal.cal"))),
  univariate_cox_veteran_factor = univariate_cox_case(list(data = "veteran", time = "time", outcome = "status",
                                                           event_code = 1, features = c("karno", "celltype", "trt"),
                                                           factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large")))),
  univariate_glm_pbc = univariate_glm_case(list(data = "pbc", outcome = "status", event_code = 2,
                                               features = c("age", "sex", "bili", "albumin", "stage"),
                                               factor_levels = list(sex = c("m", "f"), stage = c("1", "2", "3", "4")))),
  multivariable_cox_veteran = multivariable_case(list(data = "veteran", time = "time", outcome = "status",
                                                      event_code = 1, features = c("trt", "celltype", "karno", "diagtime", "age", "prior"),
                                                      factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large")))),
  riskscore_lung = riskscore_case(list(data = "lung", time = "time", outcome = "status", event_code = 2,
                                       coef = list(age = 0.011, ph.ecog = 0.45, wt.loss = -0.008, sex = -0.55),
                                       min_prop = 0.1)),
  riskscore_ties = riskscore_case(list(data = "ties", time = "time", outcome = "status", event_code = 1,
                                       coef = list(x1 = 0.7, x2 = 0.5), min_prop = 0.2)),
  univariate_welch_pbc = univariate_test_case(list(data = "pbc", group = "sex", test = "welch",
                                                   features = c("age", "albumin", "bili", "protime"))),
  univariate_t_pbc = univariate_test_case(list(data = "pbc", group = "trt", test = "t",
                                               features = c("age", "albumin"))),
  univariate_mannwhitney_pbc = univariate_test_case(list(data = "pbc", group = "sex", test = "mannwhitney",
                                                         features = c("bili", "albumin", "stage", "copper"))),
  univariate_mannwhitney_small = univariate_test_case(list(data = "separation", group = "y", test = "mannwhitney",
                                                           features = c("x", "z"))),
  stepaic_cox_lung_both = stepaic_case(spec(lung, direction = "both")),
  stepaic_cox_lung_backward = stepaic_case(spec(lung, direction = "backward")),
  stepaic_cox_lung_forward = stepaic_case(spec(lung, direction = "forward")),
  stepaic_cox_lung_bic = stepaic_case(spec(lung, direction = "both", criterion = "bic")),
  stepaic_cox_veteran_factor = stepaic_case(spec(veteran, direction = "both")),
  stepaic_glm_pbc_both = stepaic_case(spec(pbc, direction = "both")),
  stepaic_glm_pbc_forward = stepaic_case(spec(pbc, direction = "forward")),
  stepaic_glm_pbc_bic = stepaic_case(spec(pbc, direction = "backward", criterion = "bic")),
  stepaic_cox_lung_backward_bic = stepaic_case(spec(lung, direction = "backward", criterion = "bic")),
  stepaic_cox_lung_forward_bic = stepaic_case(spec(lung, direction = "forward", criterion = "bic")),
  stepaic_cox_veteran_forward = stepaic_case(spec(veteran, direction = "forward")),
  stepaic_glm_pbc_backward = stepaic_case(spec(pbc, direction = "backward")),
  stepaic_glm_pbc_forward_bic = stepaic_case(spec(pbc, direction = "forward", criterion = "bic")),
  stepaic_glm_pbc_both_bic = stepaic_case(spec(pbc, direction = "both", criterion = "bic")),
  stepaic_cox_overfit_forward = stepaic_case(spec(overfit, direction = "forward")),
  multivariable_glm_pbc = multivariable_case(list(data = "pbc", outcome = "status", event_code = 2,
                                                  model = "glm",
                                                  features = c("age", "sex", "bili", "albumin", "stage",
                                                               "chol", "platelet", "spiders", "trt"),
                                                  factor_levels = list(sex = c("m", "f"), stage = c("1", "2", "3", "4"))))
)
