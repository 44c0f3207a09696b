# Usage: Rscript reference_r/datasets.R DATA_DIR FIXTURE_DIR
# Exports survival's lung, pbc, veteran and colon once (bundled with radstats
# in DATA_DIR, with their factor levels) and writes them with the synthetic
# hard-case data sets to FIXTURE_DIR, where every reference script reads them.
suppressPackageStartupMessages({library(survival); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
data_dir <- args[[1]]
fixture_dir <- args[[2]]
dir.create(data_dir, recursive = TRUE, showWarnings = FALSE)
dir.create(fixture_dir, recursive = TRUE, showWarnings = FALSE)

save_csv <- function(x, name, dirs) {
  for (d in dirs) write.csv(x, file.path(d, paste0(name, ".csv")), row.names = FALSE, na = "")
}

bundled <- list(lung = survival::lung, pbc = survival::pbc,
                veteran = survival::veteran, colon = survival::colon)
levels_of <- lapply(bundled, function(d) {
  f <- Filter(is.factor, d)
  lapply(f, levels)
})
for (name in names(bundled)) save_csv(bundled[[name]], name, c(data_dir, fixture_dir))
writeLines(toJSON(list(survival_version = as.character(packageVersion("survival")),
                       factor_levels = levels_of), auto_unbox = TRUE, pretty = TRUE),
           file.path(data_dir, "levels.json"))

# Hard cases: integer times (many tied events, events tied with censorings,
# events exactly at the evaluation times 3, 6, 9), risk scores rounded to one
# decimal (tied risks), and a group whose last observation is an event (its
# Kaplan-Meier curve reaches 0). Values are rounded so the CSV is exact.
set.seed(20261122)
n <- 90
x1 <- round(rnorm(n), 2)
x2 <- rbinom(n, 1, 0.4)
grp <- sample(c("a", "b", "c"), n, replace = TRUE)
time <- pmax(1, pmin(12, round(6 * rexp(n, exp(0.6 * x1 + 0.5 * x2)))))
status <- rbinom(n, 1, 0.7)
status[grp == "c" & time == max(time[grp == "c"])] <- 1
risk <- round(0.8 * x1 + 0.5 * x2 + rnorm(n, sd = 0.5), 1)
save_csv(data.frame(time, status, x1, x2, grp, risk), "ties", fixture_dir)

# Monotone likelihood: nobody with x = 1 has an event, so its coefficient runs
# to minus infinity (R warns "Loglik converged before variable ...").
m <- 40
mono <- data.frame(time = 1:m, status = rep(c(1, 0), m / 2), x = rep(0, m),
                   age = round(50 + 10 * sin(1:m), 1))
mono$x[mono$status == 0][1:12] <- 1
save_csv(mono, "monotone", fixture_dir)
# Complete separation: y = 1 exactly when x > 0 (glm warns "fitted probabilities
# numerically 0 or 1 occurred").
sep <- data.frame(x = round(seq(-2, 2, length.out = 30), 3), z = round(cos(1:30), 3))
sep$y <- as.integer(sep$x > 0)
save_csv(sep, "separation", fixture_dir)
# Predicted probabilities against outcomes for calibration: `p` is slightly
# miscalibrated (true risk is plogis(1.2 * qlogis(p) - 0.3)); `p_tied` rounds p to
# one decimal, leaving fewer distinct quantiles than risk groups.
k <- 300
p <- round(plogis(rnorm(k, -0.4, 1.3)), 6)
calib <- data.frame(y = rbinom(k, 1, plogis(1.2 * qlogis(p) - 0.3)), p = p, p_tied = round(p, 1))
save_csv(calib, "calibration", fixture_dir)
# Three readers measuring six radiomics-like features on 40 patients: excellent,
# moderate and poor agreement, a constant offset for reader 2 (absolute agreement
# below consistency), and integer-valued scores with ties.
np <- 40
truth <- matrix(rnorm(np * 6, 10, 2), np, 6)
noise_sd <- c(0.2, 1, 3, 0.5, 0.5, 1)
offset <- c(0, 0, 0, 1.5, 0, 0)
for (r in 1:3) {
  m <- truth + matrix(rnorm(np * 6, 0, rep(noise_sd, each = np)), np, 6)
  m[, 4] <- m[, 4] + offset[4] * (r == 2)
  m <- round(m, 3)
  m[, 6] <- round(m[, 6])
  readers <- data.frame(id = sprintf("p%02d", 1:np), m)
  names(readers) <- c("id", "excellent", "moderate", "poor", "offset", "small_noise", "integer")
  save_csv(readers, paste0("reader", r), fixture_dir)
}
# Radiomics-like feature tables with blocks of strongly correlated features
# (within-block r about 0.85-0.99) for the collinearity filter: 30 and 120 columns.
correlated_features <- function(n, blocks, size) {
  cols <- list()
  for (b in 1:blocks) {
    base <- rnorm(n)
    for (s in 1:size) cols[[sprintf("f%03d", length(cols) + 1)]] <- round(base + rnorm(n, 0, runif(1, 0.1, 0.6)), 4)
  }
  as.data.frame(cols)
}
save_csv(correlated_features(60, 6, 5), "features30", fixture_dir)
save_csv(correlated_features(80, 24, 5), "features120", fixture_dir)
# A radiomics-like cohort of the seed study's size for the penalised Cox and
# logistic fits: n = 146 patients, 300 features in 30 blocks of 10 correlated
# features (each block a latent factor plus noise of sd 0.2-1), on different
# scales and some log-normal (as shape, intensity and texture features are);
# three latent factors carry the signal. Survival times are whole days (tied
# events, events tied with censorings); `response` is a binary outcome.
set.seed(20261125)
n146 <- 146
latent <- matrix(rnorm(n146 * 30), n146, 30)
radiomics <- list()
for (b in 1:30) for (s in 1:10) {
  v <- latent[, b] + rnorm(n146, 0, runif(1, 0.2, 1))
  kind <- (b + s) %% 3
  v <- if (kind == 0) 100 * exp(v / 2) else if (kind == 1) 10 * v + 50 else v
  radiomics[[sprintf("r%03d", length(radiomics) + 1)]] <- signif(v, 4)
}
lp <- 0.8 * latent[, 1] - 0.6 * latent[, 2] + 0.5 * latent[, 3]
event_day <- ceiling(365 * rexp(n146, 0.4 * exp(lp)))
censor_day <- ceiling(365 * runif(n146, 0.5, 5))
radiomics146 <- data.frame(time = pmin(event_day, censor_day),
                           status = as.integer(event_day <= censor_day),
                           response = rbinom(n146, 1, plogis(-0.3 + lp)),
                           as.data.frame(radiomics))
save_csv(radiomics146, "radiomics146", fixture_dir)

# Survival data for the screen's tree learners against gbm and ranger (in
# distribution): 200 training and 400 test patients, 10 features; the log hazard
# has linear, threshold and interaction terms; about 30% censored.
set.seed(20261125)
nl <- 600
xl <- matrix(round(rnorm(nl * 10), 3), nl, 10, dimnames = list(NULL, paste0("x", 1:10)))
lp <- 0.8 * xl[, 1] - 0.8 * xl[, 2] + 0.7 * (xl[, 3] > 0) + 0.5 * xl[, 4] * xl[, 5]
event_time <- rexp(nl, 0.1 * exp(lp))
censor_time <- rexp(nl, 0.04)
save_csv(data.frame(set = rep(c("train", "test"), c(200, 400)),
                    time = round(pmax(pmin(event_time, censor_time), 0.01), 2),
                    status = as.integer(event_time <= censor_time), xl),
         "learners", fixture_dir)
# An overfitted Cox model: 30 covariates and 20 events in 40 patients. The
# likelihood keeps rising as coefficients run off, some Newton steps overflow
# (step-halving on non-finite values) and coxph runs out of iterations.
set.seed(1)
no <- 40
xo <- matrix(round(rnorm(no * 30), 3), no, 30, dimnames = list(NULL, paste0("x", 1:30)))
event_time <- rexp(no, 0.1 * exp(0.5 * (xo[, 1] + xo[, 2])))
censor_time <- rexp(no, 0.12)
save_csv(data.frame(time = round(pmax(pmin(event_time, censor_time), 0.01), 2),
                    status = as.integer(event_time <= censor_time), xo),
         "overfit", fixture_dir)
cat("wrote data sets to", data_dir, "and", fixture_dir, "\n")
