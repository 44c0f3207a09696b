# Time R (survival, pROC, glm, MASS::stepAIC) on CSV files written by runner.py.
#
# Usage: Rscript benchmarks/r_timing.R CASES.json OUT.json
#
# CASES.json is a list of {name, kind: "coxph" | "km" | "auc_delong" | "glm" |
# "stepaic_glm" | "gbm_coxph" | "gbm_coxph_cv" | "rsf_ranger", csv, p, repeats, number}
# (`number` is optional, default 1). For each case the CSV is read first (not
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

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) {
  stop("usage: Rscript r_timing.R CASES.json OUT.json", call. = FALSE)
}
cases <- fromJSON(args[[1]], simplifyVector = FALSE)

time_call <- function(f, repeats, number) {
  invisible(f())  # warm-up
  elapsed <- vapply(seq_len(repeats), function(i) {
    system.time(for (k in seq_len(number)) f(), gcFirst = FALSE)[["elapsed"]] / number
  }, numeric(1))
  median(elapsed)
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
  } else if (case$kind %in% c("gbm_coxph", "gbm_coxph_cv", "rsf_ranger")) {
    run_once <- learner_call(case$kind, d, as.integer(case$p))
  } else {
    stop("unknown kind: ", case$kind, call. = FALSE)
  }
  results[[case$name]] <- time_call(run_once, repeats, number)
}

write_json(results, args[[2]], auto_unbox = TRUE, digits = NA)
cat(sprintf("R %s; survival %s\n", getRversion(), packageDescription("survival")$Version))
