# Usage: Rscript reference_r/run.R AREA ROOT OUTDIR
# Sources reference_r/AREA.R (which defines `cases` and `packages`) and writes
# every case to OUTDIR/AREA/<case>.json.
args <- commandArgs(trailingOnly = TRUE)
area <- args[[1]]
Sys.setenv(RADSTATS_ROOT = args[[2]])
here <- file.path(args[[2]], "reference_r")
source(file.path(here, "_common.R"))
source(file.path(here, paste0(area, ".R")))
write_area(area, cases, packages, args[[3]])
