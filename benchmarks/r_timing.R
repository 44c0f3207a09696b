# Time R (survival, pROC, glm, MASS::stepAIC) on CSV files written by runner.py.
#
# Usage: Rscript benchmarks/r_timing.R CASES.json OUT.json
#
# CASES.json is a list of {name, kind: "coxph" | "km" | "auc_delong" | "glm" |
# "stepaic_glm" | "cv_glmnet_cox" | "cv_glmnet_binomial" | "icc" | "find_correlation",
# csv, p, repeats, number, warmup} (`number` is optional, default 1; `warmup`
# optional, default true: false skips the warm-up call of a minutes-long case).
# glmnet, psych and caret are loaded only by the cases that use them. For each case the CSV is read first (not
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

time_call <- function(f, repeats, number, warmup = TRUE) {
  if (warmup) invisible(f())  # warm-up
  elapsed <- vapply(seq_len(repeats), function(i) {
    system.time(for (k in seq_len(number)) f(), gcFirst = FALSE)[["elapsed"]] / number
  }, numeric(1))
  median(elapsed)
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
  } else {
    stop("unknown kind: ", case$kind, call. = FALSE)
  }
  results[[case$name]] <- time_call(run_once, repeats, number, !isFALSE(case$warmup))
}

write_json(results, args[[2]], auto_unbox = TRUE, digits = NA)
cat(sprintf("R %s; survival %s\n", getRversion(), packageDescription("survival")$Version))
