# Reference values for radstats.nomogram (rms::nomogram with a datadist).
# Sourced by run.R (writes fixtures) and by tests/live_r (compares live).
suppressPackageStartupMessages(library(rms))
packages <- c("rms")

# The case's data (y = outcome == event_code), its datadist set as
# options(datadist) (the caller resets it on exit), and the lrm or cph fit;
# `extra` arguments go to cph.
nomogram_fit <- function(inputs, extra = list()) {
  d <- prepare_data(inputs, c(inputs$outcome, inputs$time, inputs$covariates))
  d$y <- as.integer(d[[inputs$outcome]] == inputs$event_code)
  options(datadist = datadist(d[, c(inputs$covariates, "y")]))
  rhs <- paste(inputs$covariates, collapse = " + ")
  fit <- if (inputs$model == "lrm") eval(bquote(lrm(.(as.formula(paste("y ~", rhs))), data = d)))
         # cph stops at eps = 1e-4 by default; coxph (and radstats) at 1e-9. The
         # nomogram is under test here, so fit cph to coxph's convergence.
         else eval(bquote(cph(.(as.formula(paste0("Surv(", inputs$time, ", y) ~ ", rhs))), data = d,
                              eps = 1e-9, tol = 1e-11, ..(extra)), splice = TRUE))
  list(d = d, fit = fit)
}

nomogram_case <- function(inputs) function() {
  on.exit(options(datadist = NULL))
  fit <- nomogram_fit(inputs)$fit
  nom <- nomogram(fit, maxscale = 100, nint = 10)
  axes <- lapply(inputs$covariates, function(v)
    list(value = as.character(nom[[v]][[v]]), points = unname(nom[[v]]$points)))
  names(axes) <- inputs$covariates
  list(call = sprintf("%s; nomogram(fit, maxscale = 100, nint = 10) with datadist(d)",
                      deparse1(fit$call)),
       inputs = inputs,
       # lp_value is centred by rms's `center` (0 for lrm, sum(means * coef) for cph).
       outputs = list(axes = axes, lp_value = nom$lp$x.real, lp_points = nom$lp$x,
                      center = if (is.null(fit$center)) 0 else unname(fit$center)),
       tolerance = list(points = tol(1e-6, 1e-8), lp_points = tol(1e-6, 1e-8)))
}

# The nomogram's read-out: total points of the first patients, their predicted
# probability (lrm: plogis(lp); cph: survival at `times` from Survival(fit), i.e.
# survfit.coxph's curve), and the function axes of nomogram(fun = , fun.lp.at = ),
# whose ticks sit at exact linear-predictor values (with fun.at rms would invert
# fun on a 1000-point grid, an approximation).
readout_case <- function(inputs) function() {
  on.exit(options(datadist = NULL))
  cox <- inputs$model == "cph"
  model <- nomogram_fit(inputs, if (cox) list(x = TRUE, y = TRUE, surv = TRUE) else list())
  d <- model$d
  fit <- model$fit
  patients <- d[seq_len(inputs$n_patients), ]
  lp <- unname(predict(fit, patients))
  lp_grid <- pretty(range(fit$linear.predictors), 6)
  if (cox) {
    S <- Survival(fit)
    fun <- lapply(inputs$times, function(t) function(x) S(t, x))
    names(fun) <- paste0("S(", inputs$times, ")")
    readout <- sapply(inputs$times, function(t) S(t, lp))  # patients x times
  } else {
    fun <- list(Risk = plogis)
    readout <- plogis(lp)
  }
  nom <- nomogram(fit, fun = fun, fun.lp.at = lp_grid, maxscale = 100, nint = 10)
  info <- attr(nom, "info")
  axes <- lapply(names(fun), function(f) list(points = unname(nom[[f]]$x),
                                               value = unname(nom[[f]]$x.real)))
  list(call = sprintf(paste("%s; nomogram(fit, fun = %s, fun.lp.at = pretty(range(lp), 6),",
                            "maxscale = 100, nint = 10); points = (predict(fit, d) - Intercept) * sc"),
                      deparse1(fit$call),
                      if (cox) "Survival(fit)(t, lp) for each t" else "plogis"),
       inputs = inputs,
       outputs = list(patient_points = (lp - info$Intercept) * info$sc,
                      patient_readout = readout, fun_axes = axes),
       tolerance = list(patient_points = tol(1e-6, 1e-8), readout = tol(1e-6, 1e-10)))
}

cases <- list(
  nomogram_lrm_lung = nomogram_case(list(
    data = "lung", outcome = "status", event_code = 2, model = "lrm",
    covariates = c("age", "sex", "ph.ecog", "wt.loss"))),
  nomogram_lrm_pbc_factors = nomogram_case(list(
    data = "pbc", outcome = "status", event_code = 2, model = "lrm",
    covariates = c("age", "sex", "bili", "albumin", "stage"),
    factor_levels = list(sex = c("m", "f"), stage = c("1", "2", "3", "4")))),
  nomogram_cph_veteran = nomogram_case(list(
    data = "veteran", outcome = "status", event_code = 1, time = "time", model = "cph",
    covariates = c("trt", "celltype", "karno", "age"),
    factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large")))),
  readout_lrm_pbc_factors = readout_case(list(
    data = "pbc", outcome = "status", event_code = 2, model = "lrm", n_patients = 12,
    covariates = c("age", "sex", "bili", "albumin", "stage"),
    factor_levels = list(sex = c("m", "f"), stage = c("1", "2", "3", "4")))),
  # 3, 6, 9 and 12 months (30-day months) on veteran's day scale.
  readout_cph_veteran = readout_case(list(
    data = "veteran", outcome = "status", event_code = 1, time = "time", model = "cph",
    n_patients = 12, times = c(90, 180, 270, 360),
    covariates = c("trt", "celltype", "karno", "age"),
    factor_levels = list(celltype = c("squamous", "smallcell", "adeno", "large"))))
)
