#!/usr/bin/env bash
# Installs R and the R packages the reference scripts and live tests use, from
# Debian's packages (CRAN is not reachable here). Does nothing when they are
# already installed; warns and carries on when apt-get cannot be used.
set -euo pipefail
packages=(r-base-core r-base-dev r-cran-survival r-cran-glmnet r-cran-rms r-cran-hmisc
          r-cran-psych r-cran-caret r-cran-proc r-cran-riskregression r-cran-pec r-cran-gbm
          r-cran-ranger r-cran-pls r-cran-mass r-cran-boot r-cran-jsonlite)
r_libraries="survival glmnet rms Hmisc psych caret pROC riskRegression pec gbm ranger pls MASS boot jsonlite"

if command -v Rscript >/dev/null 2>&1 && Rscript -e "
  missing <- setdiff(strsplit('$r_libraries', ' ')[[1]], rownames(installed.packages()))
  quit(status = length(missing) > 0)" >/dev/null 2>&1; then
  echo "R and its packages are installed: $(Rscript --version 2>&1 | head -n1)"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "WARNING: R is missing and apt-get needs root; live R tests will skip." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "WARNING: R is missing and apt-get is unavailable; live R tests will skip." >&2
  exit 0
fi
echo "Installing R from Debian packages..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
Rscript --version
