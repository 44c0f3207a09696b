# Reference values for radstats.selection.cv_glmnet (glmnet::cv.glmnet).
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
# Folds are R's: set.seed(seed); sample(rep(1:nfolds, length.out = n)), written
# into the fixture's inputs so radstats uses the very same assignment.
suppressPackageStartupMessages({library(survival); library(glmnet)})
packages <- c("glmnet", "survival")

spec <- function(base, ...) modifyList(base, list(...))

# Tolerances. radstats runs glmnet's own algorithm with its stopping rule, so
# at the same thresh the two stop at the same iterate and agree to rounding
# (measured ~1e-14). With thresh = 1e-14 both are also converged far beyond
# 1e-6, so the tight tolerances hold whatever the iterates. With glmnet's
# default thresh = 1e-7 a solution is only ~1e-4..1e-3 from the exact
# minimiser: a rounding difference that flips one stopping decision would move
# it by that much, hence the looser tolerances there.
tight_tol <- list(
  lambda = tol(1e-10), nzero = tol(0), lambda_min = tol(1e-10), lambda_1se = tol(1e-10),
  cvm = tol(1e-6, 1e-12),
  cvsd = tol(1e-5, 1e-12, reason = "standard deviation of 10 fold values: differences of close numbers"),
  coef_min = tol(1e-5, 1e-7, reason = "penalised fits iterated to convergence on both sides (glmnet thresh 1e-14)"),
  coef_1se = tol(1e-5, 1e-7, reason = "penalised fits iterated to convergence on both sides (glmnet thresh 1e-14)"))
default_tol <- list(
  lambda = tol(1e-10), nzero = tol(0), lambda_min = tol(1e-10), lambda_1se = tol(1e-10),
  cvm = tol(1e-3, reason = "glmnet's default thresh = 1e-7 stops coordinate descent ~1e-4 from the minimiser (see above)"),
  cvsd = tol(1e-2, reason = "glmnet's default thresh = 1e-7 (see cvm); an sd of 10 fold values amplifies it"),
  coef_min = tol(0, 5e-3, reason = "glmnet's default thresh = 1e-7: its solution is 1e-4..1e-3 from the exact minimiser"),
  coef_1se = tol(0, 5e-3, reason = "glmnet's default thresh = 1e-7: its solution is 1e-4..1e-3 from the exact minimiser"))

cv_case <- function(inputs) function() {
  used <- c(inputs$outcome, inputs$time, inputs$features)
  d <- prepare_data(inputs, used)
  x <- as.matrix(d[, inputs$features])
  event <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  y <- if (inputs$family == "cox") Surv(d[[inputs$time]], event) else event
  set.seed(inputs$seed)
  foldid <- sample(rep(seq_len(inputs$nfolds), length.out = nrow(x)))
  args <- list(x = x, y = y, family = inputs$family, alpha = inputs$alpha, foldid = foldid,
               type.measure = inputs$type_measure)
  if (!is.null(inputs$thresh)) args$thresh <- inputs$thresh
  if (!is.null(inputs$lambda_min_ratio)) args$lambda.min.ratio <- inputs$lambda_min_ratio
  fit <- do.call(cv.glmnet, args)
  coefs <- function(s) { b <- coef(fit, s = s); setNames(as.list(as.vector(b)), rownames(b)) }
  list(
    call = sprintf("cv.glmnet(x, y, family = \"%s\", alpha = %s, foldid = foldid, type.measure = \"%s\"%s%s)",
                   inputs$family, inputs$alpha, inputs$type_measure,
                   if (is.null(inputs$thresh)) "" else sprintf(", thresh = %s", inputs$thresh),
                   if (is.null(inputs$lambda_min_ratio)) ""
                   else sprintf(", lambda.min.ratio = %s", inputs$lambda_min_ratio)),
    inputs = c(inputs, list(foldid = foldid)),
    outputs = list(lambda = fit$lambda, cvm = fit$cvm, cvsd = fit$cvsd, cvup = fit$cvup,
                   cvlo = fit$cvlo, nzero = unname(fit$nzero), lambda_min = fit$lambda.min,
                   lambda_1se = fit$lambda.1se, coef_min = coefs("lambda.min"),
                   coef_1se = coefs("lambda.1se")),
    tolerance = if (is.null(inputs$thresh)) default_tol else tight_tol)
}

pbc_features <- c("age", "bili", "albumin", "protime", "copper", "ast", "trig", "platelet",
                  "chol", "alk.phos")
pbc_binomial <- list(data = "pbc", family = "binomial", outcome = "status", event_code = 2,
                     features = pbc_features, alpha = 1, nfolds = 10, seed = 1,
                     type_measure = "deviance", thresh = 1e-14)
pbc_cox <- spec(pbc_binomial, family = "cox", time = "time")
lung_cox <- list(data = "lung", family = "cox", outcome = "status", event_code = 2, time = "time",
                 features = c("age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss"),
                 alpha = 0.5, nfolds = 10, seed = 2, type_measure = "deviance", thresh = 1e-14)

# The radiomics-like cohort (n = 146, 300 correlated features; see datasets.R).
# With thresh = 1e-14 glmnet's coordinate descent needs many passes near the
# saturated end of a p > n path, so the tight cases stop the path earlier
# (lambda.min.ratio 0.1-0.2; lambda.min stays inside the path) to keep each
# case to about a second of R.
radiomics <- list(data = "radiomics146", features = sprintf("r%03d", 1:300), event_code = 1,
                  nfolds = 10, type_measure = "deviance", thresh = 1e-14)
radiomics_cox <- spec(radiomics, family = "cox", outcome = "status", time = "time", alpha = 1,
                      seed = 4, lambda_min_ratio = 0.2)
radiomics_binomial <- spec(radiomics, family = "binomial", outcome = "response", alpha = 1,
                           seed = 5, lambda_min_ratio = 0.1)

cases <- list(
  binomial_pbc_lasso = cv_case(pbc_binomial),
  binomial_pbc_lasso_default_thresh = cv_case(spec(pbc_binomial, thresh = NULL)),
  binomial_pbc_enet = cv_case(spec(pbc_binomial, alpha = 0.5, seed = 3)),
  binomial_pbc_class = cv_case(spec(pbc_binomial, type_measure = "class")),
  binomial_pbc_mse = cv_case(spec(pbc_binomial, type_measure = "mse")),
  binomial_pbc_auc = cv_case(spec(pbc_binomial, type_measure = "auc")),
  cox_pbc_lasso = cv_case(pbc_cox),
  cox_pbc_lasso_default_thresh = cv_case(spec(pbc_cox, thresh = NULL)),
  cox_lung_enet = cv_case(lung_cox),
  cox_lung_cindex = cv_case(spec(lung_cox, type_measure = "C")),
  cox_radiomics_lasso = cv_case(radiomics_cox),
  cox_radiomics_enet = cv_case(spec(radiomics_cox, alpha = 0.5)),
  cox_radiomics_lasso_default_thresh = cv_case(spec(radiomics_cox, thresh = NULL,
                                                    lambda_min_ratio = NULL)),
  binomial_radiomics_lasso = cv_case(radiomics_binomial),
  binomial_radiomics_enet = cv_case(spec(radiomics_binomial, alpha = 0.5))
)
