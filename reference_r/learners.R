# Reference values for the screen's tree learners (radstats.screen.learners): GBM
# against gbm (distribution = "coxph") and RSF against ranger (log-rank survival
# forest). Different implementations and random streams cannot agree number for
# number, so they are compared in distribution: the mean out-of-sample Harrell C
# (survival::concordance(reverse = TRUE)) of the test patients over a few seeds,
# with the same data, tree counts and tree settings on both sides.
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
suppressPackageStartupMessages({library(survival); library(gbm); library(ranger)})
packages <- c("gbm", "ranger", "survival")

learner_data <- function() {
  d <- fixture_data("learners")
  list(train = d[d$set == "train", -1], test = d[d$set == "test", -1])
}

test_c <- function(test, risk) {
  concordance(Surv(test$time, test$status) ~ risk, reverse = TRUE)$concordance
}

c_tolerance <- function(reason) {
  list(c_index_mean = tol(0, 0.02, reason = reason))
}

gbm_case <- function(inputs) function() {
  d <- learner_data()
  fits <- lapply(inputs$seeds, function(seed) {
    set.seed(seed)
    quiet <- capture.output(  # gbm's cross-validation prints "CV: k" whatever `verbose` says
      fit <- gbm(Surv(time, status) ~ ., data = d$train, distribution = "coxph",
                 n.trees = inputs$n_trees, shrinkage = inputs$shrinkage,
                 interaction.depth = inputs$depth, n.minobsinnode = inputs$leaf_size,
                 bag.fraction = inputs$bag_fraction, cv.folds = inputs$folds, n.cores = 1,
                 verbose = FALSE))
    best <- gbm.perf(fit, method = "cv", plot.it = FALSE)
    c(best, test_c(d$test, predict(fit, d$test, n.trees = best, type = "link")))
  })
  out <- do.call(rbind, fits)
  list(
    call = sprintf(paste0("gbm(Surv(time, status) ~ ., distribution = \"coxph\", n.trees = %d, ",
                          "shrinkage = %s, interaction.depth = %d, n.minobsinnode = %d, ",
                          "bag.fraction = %s, cv.folds = %d); trees by gbm.perf(method = \"cv\")"),
                   inputs$n_trees, inputs$shrinkage, inputs$depth, inputs$leaf_size,
                   inputs$bag_fraction, inputs$folds),
    inputs = inputs,
    outputs = list(n_trees = out[, 1], c_index = out[, 2], c_index_mean = mean(out[, 2])),
    tolerance = c_tolerance(paste(
      "in distribution: gbm and scikit-survival grow different trees from different random",
      "streams, and choose the number of trees by different CV criteria; mean test C over seeds")))
}

ranger_case <- function(inputs) function() {
  d <- learner_data()
  c_index <- vapply(inputs$seeds, function(seed) {
    fit <- ranger(Surv(time, status) ~ ., data = d$train, num.trees = inputs$n_trees,
                  min.node.size = inputs$leaf_size, splitrule = "logrank", seed = seed,
                  num.threads = 1)
    chf <- predict(fit, d$test, num.threads = 1)$chf
    test_c(d$test, rowSums(chf))  # ensemble mortality: the CHF summed over event times
  }, numeric(1))
  list(
    call = sprintf(paste0("ranger(Surv(time, status) ~ ., num.trees = %d, min.node.size = %d, ",
                          "splitrule = \"logrank\"); risk = rowSums(predict(fit, test)$chf)"),
                   inputs$n_trees, inputs$leaf_size),
    inputs = inputs,
    outputs = list(c_index = c_index, c_index_mean = mean(c_index)),
    tolerance = c_tolerance(paste(
      "in distribution: ranger and scikit-survival grow different forests from different",
      "random streams (ranger: mtry = floor(sqrt(p)) as radstats); mean test C over seeds")))
}

cases <- list(
  gbm_coxph = gbm_case(list(data = "learners", seeds = 1:5, n_trees = 500, shrinkage = 0.1,
                            depth = 3, leaf_size = 10, bag_fraction = 0.5, folds = 5)),
  ranger_logrank = ranger_case(list(data = "learners", seeds = 1:3, n_trees = 500,
                                    leaf_size = 5))
)
