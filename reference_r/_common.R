# Shared helpers for the reference scripts: where data lives, tolerances, and
# the JSON writer. Every script reads its inputs from tests/fixtures/data/*.csv
# and writes one JSON per case to tests/fixtures/r/<area>/<case>.json.
suppressPackageStartupMessages(library(jsonlite))
# Without TZ, R asks timedatectl for the time zone, which fails noisily in containers.
if (!nzchar(Sys.getenv("TZ"))) Sys.setenv(TZ = "UTC")

radstats_root <- function() Sys.getenv("RADSTATS_ROOT", ".")

fixture_data <- function(name, ...) {
  read.csv(file.path(radstats_root(), "tests", "fixtures", "data", paste0(name, ".csv")), ...)
}

# A case's input data: factor levels applied, rows filtered, and the complete
# cases of the `used` columns kept (R's na.omit), with rows renumbered.
prepare_data <- function(inputs, used) {
  d <- fixture_data(inputs$data)
  for (column in names(inputs$factor_levels))
    d[[column]] <- factor(d[[column]], levels = inputs$factor_levels[[column]])
  if (!is.null(inputs$filter)) d <- d[d[[inputs$filter$column]] == inputs$filter$value, ]
  d <- d[complete.cases(d[, used, drop = FALSE]), ]
  rownames(d) <- NULL
  d
}

# Tolerance for one output: relative and absolute; `reason` is required for
# anything looser than the defaults stated in DESIGN.md.
tol <- function(rtol, atol = 0, reason = NULL) {
  out <- list(rtol = rtol, atol = atol)
  if (!is.null(reason)) out$reason <- reason
  out
}

# A named vector as a JSON object keyed by name (jsonlite drops names otherwise).
named <- function(x) as.list(x)

package_versions <- function(pkgs) {
  setNames(lapply(pkgs, function(p) as.character(packageVersion(p))), pkgs)
}

# Collects warnings raised while evaluating `expr`; returns list(value, warnings).
with_warnings <- function(expr) {
  caught <- character()
  value <- withCallingHandlers(expr, warning = function(w) {
    caught <<- c(caught, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = caught)
}

# Evaluates one case of an area and returns the full fixture record.
run_case <- function(area, name, cases, packages) {
  case <- cases[[name]]()
  c(list(area = area, case = name), case,
    list(r_version = R.version$version.string,
         packages = package_versions(c(packages, "jsonlite"))))
}

case_json <- function(area, name, cases, packages) {
  toJSON(run_case(area, name, cases, packages), digits = NA, auto_unbox = TRUE,
         na = "null", pretty = TRUE)
}

write_area <- function(area, cases, packages, outdir) {
  dir.create(file.path(outdir, area), recursive = TRUE, showWarnings = FALSE)
  for (name in names(cases)) {
    path <- file.path(outdir, area, paste0(name, ".json"))
    writeLines(case_json(area, name, cases, packages), path)
    cat("wrote", path, "\n")
  }
}
