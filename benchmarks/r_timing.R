# Time R (survival, pROC, glm, MASS::stepAIC) on CSV files written by runner.py.
#
# Usage: Rscript benchmarks/r_timing.R CASES.json OUT.json
#
# CASES.json is a list of {name, kind: "coxph" | "km" | "auc_delong" | "glm" |
# "stepaic_glm" | "td_auc" | "auc_bootstrap" | "calibration_bootstrap" | "cv_glmnet_cox" |
# "cv_glmnet_binomial" | "icc" | "find_correlation" | "gbm_coxph" | "gbm_coxph_cv" |
# "rsf_ranger", csv, p, repeats, number, warmup}
# (`number` is optional, default 1; `warmup` optional, default true: false skips the
# warm-up call of a minutes-long case). glmnet, psych and caret are loaded only by the
# cases that use them. For each case the CSV is read first (not
# timed) and the call is run once as a warm-up; then each of `repeats` timings is
# one system.time() around `number` back-to-back calls (so calls of a few
# milliseconds are not lost in system.time's 1 ms resolution), divided by
# `number`. OUT.json gets {name: median elapsed seconds per call}. R start-up,
# package loading and CSV reading are excluded.
# The R and survival versions are printed to stdout as "R x.y.z; survival a.b-c".

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
  library(pROC)
  library(MASS)
})
suppressPackageStartupMessages({library(riskRegression); library(rms)})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) {
  stop("usage: Rscript r_timing.R CASES.json OUT.json", call. = FALSE)
}
cases <- fromJSON(args[[1]], simplifyVector = FALSE)

time_call <- function(f, repeats, number, warmup = TRUE) {
  if (warmup) invisible(f())  # warm-up
  elapsed <- vapply(seq_len(repeats), function(i) {
    system.time(for (k in seq_len(number)) f(), gcFirst = FALSE)[["elapsed"]] / number
  }, numeric(1))
  median(elapsed)
}

# The stepwise kinds of the models suite: "stepaic_glm_forward" (glm, forward from
# y ~ 1), "stepaic_cox" (coxph, backward from the full model) and
# "stepaic_cox_forward" (coxph, forward from ~ 1), over x1..xp. NULL for other kinds.
stepwise_call <- function(kind, p, d) {
  upper <- reformulate(paste0("x", seq_len(p)))
  scope <- list(lower = ~1, upper = upper)
  switch(kind,
    stepaic_glm_forward = function() stepAIC(glm(y ~ 1, family = binomial, data = d),
                                             scope = scope, direction = "forward", trace = 0),
    stepaic_cox = function() stepAIC(coxph(update(upper, Surv(time, event) ~ .), data = d,
                                           ties = "efron"), direction = "backward", trace = 0),
    stepaic_cox_forward = function() stepAIC(coxph(Surv(time, event) ~ 1, data = d, ties = "efron"),
                                             scope = scope, direction = "forward", trace = 0),
    NULL)
}

# The screen's tree learners (benchmarks/learners.py): 500 trees, single-threaded.
learner_call <- function(kind, d, p) {
  formula <- reformulate(paste0("x", seq_len(p)), response = quote(Surv(time, event)))
  d <- d[, c("time", "event", paste0("x", seq_len(p)))]
  if (kind == "rsf_ranger") {
    return(function() ranger::ranger(formula, data = d, num.trees = 500, min.node.size = 5,
                                     splitrule = "logrank", importance = "permutation", verbose = FALSE,
                                     num.threads = 1, seed = 1))
  }
  folds <- if (kind == "gbm_coxph_cv") 5 else 0
  function() {
    quiet <- capture.output(  # gbm's CV prints "CV: k" whatever `verbose` says
      fit <- gbm::gbm(formula, data = d, distribution = "coxph", n.trees = 500,
                      shrinkage = 0.1, interaction.depth = 3, n.minobsinnode = 10,
                      bag.fraction = 0.5, cv.folds = folds, n.cores = 1, verbose = FALSE))
    if (folds > 0) gbm::gbm.perf(fit, method = "cv", plot.it = FALSE)
    fit
  }
}

results <- list()
for (case in cases) {
  d <- read.csv(case$csv)
  repeats <- as.integer(case$repeats)
  number <- if (is.null(case$number)) 1L else as.integer(case$number)
  stepwise_once <- stepwise_call(case$kind, as.integer(case$p), d)
  if (!is.null(stepwise_once)) {
    results[[case$name]] <- time_call(stepwise_once, repeats, number)
    next
  }
  if (identical(case$kind, "coxph")) {
    covariates <- paste0("x", seq_len(as.integer(case$p)))
    formula <- reformulate(covariates, response = quote(Surv(time, event)))
    run_once <- function() coxph(formula, data = d, ties = "efron")
  } else if (identical(case$kind, "km")) {
    run_once <- function() survfit(Surv(time, event) ~ group, data = d)
  } else if (identical(case$kind, "auc_delong")) {
    run_once <- function() ci.auc(roc(d$y, d$score, direction = "<", levels = c(0, 1), quiet = TRUE))
  } else if (identical(case$kind, "glm")) {
    formula <- reformulate(paste0("x", seq_len(as.integer(case$p))), response = "y")
    run_once <- function() glm(formula, family = binomial, data = d)
  } else if (identical(case$kind, "stepaic_glm")) {
    formula <- reformulate(paste0("x", seq_len(as.integer(case$p))), response = "y")
    run_once <- function() stepAIC(glm(formula, family = binomial, data = d),
                                   direction = "backward", trace = 0)
  } else if (identical(case$kind, "td_auc")) {
    # the quartiles of follow-up, as runner.py; Score's default se (conservative = FALSE)
    times <- unname(quantile(d$time, c(0.25, 0.5, 0.75)))
    run_once <- function() Score(list(m = d$x1), formula = Hist(time, event) ~ 1, data = d,
                                 times = times, metrics = "auc", cens.model = "km",
                                 null.model = FALSE)
  } else if (identical(case$kind, "auc_bootstrap")) {
    run_once <- function() ci.auc(roc(d$y, d$score, direction = "<", levels = c(0, 1), quiet = TRUE),
                                  method = "bootstrap", boot.n = 2000, boot.stratified = TRUE,
                                  progress = "none")
  } else if (identical(case$kind, "calibration_bootstrap")) {
    # a plain loop: val.prob on 2,000 bootstrap samples
    run_once <- function() for (b in seq_len(2000)) {
      i <- sample(nrow(d), replace = TRUE)
      val.prob(d$prob[i], d$y[i], pl = FALSE)
    }
  } else if (case$kind %in% c("cv_glmnet_cox", "cv_glmnet_binomial")) {
    suppressPackageStartupMessages(library(glmnet))
    x <- as.matrix(d[, paste0("x", seq_len(as.integer(case$p)))])
    y <- if (case$kind == "cv_glmnet_cox") Surv(d$time, d$event) else d$y
    family <- if (case$kind == "cv_glmnet_cox") "cox" else "binomial"
    run_once <- function() cv.glmnet(x, y, family = family, foldid = d$foldid)
  } else if (identical(case$kind, "icc")) {
    # psych::ICC works on one feature at a time: a user loops over the features.
    suppressPackageStartupMessages(library(psych))
    features <- paste0("x", seq_len(as.integer(case$p)))
    first <- d[d$reader == 1, ]
    second <- d[d$reader == 2, ]
    run_once <- function() lapply(features, function(f)
      ICC(cbind(first[[f]], second[[f]]), lmer = FALSE)$results)
  } else if (identical(case$kind, "find_correlation")) {
    suppressPackageStartupMessages(library(caret))
    x <- as.matrix(d[, paste0("x", seq_len(as.integer(case$p)))])
    run_once <- function() findCorrelation(cor(x), cutoff = 0.9, names = TRUE)
  } else if (case$kind %in% c("gbm_coxph", "gbm_coxph_cv", "rsf_ranger")) {
    run_once <- learner_call(case$kind, d, as.integer(case$p))
  } else {
    stop("unknown kind: ", case$kind, call. = FALSE)
  }
  results[[case$name]] <- time_call(run_once, repeats, number, !isFALSE(case$warmup))
}

write_json(results, args[[2]], auto_unbox = TRUE, digits = NA)
cat(sprintf("R %s; survival %s\n", getRversion(), packageDescription("survival")$Version))
