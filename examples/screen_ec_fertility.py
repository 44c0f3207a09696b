"""The 101-combination survival screen (seed 000, Figure 2A) on a simulated cohort.

Ten survival learners of Liu et al. (2022) -- RSF, Enet, StepCox, CoxBoost, plsRcox,
SuperPC, GBM, survival-SVM, Ridge, Lasso -- alone and as "selector + model" pairs, each
fitted on the training cohort and scored by Harrell's C-index (with its sign) in the
validation cohort; then the leaderboard, the heat map, and the best model refitted
with its coefficients. `radstats demo` runs the same screen inside the whole study.
RADSTATS_EXAMPLE_QUICK=1 screens five combinations only (the smoke test does).
"""

import os

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from radstats import Surv  # noqa: E402
from radstats.datasets import simulate_cohort  # noqa: E402
from radstats.screen import run_screen  # noqa: E402
from radstats.selection import ZScore, univariate_cox  # noqa: E402

cohort = simulate_cohort("ec_fertility", random_state=2024)
clinical, features = cohort.clinical.set_index("patient_id"), cohort.features

# 2:1 training / validation split, stratified by CR (the event; higher risk = CR sooner).
rng = np.random.default_rng(2024)
strata = [rng.permutation(clinical.index[clinical["cr"] == k]) for k in (0, 1)]
train = np.concatenate([s[:round(len(s) * 2 / 3)] for s in strata])
valid = clinical.index.difference(train)

# A reduced feature set: z-scored on training, the 20 with the smallest univariable
# Cox p-values in training (coxph per feature).
X = ZScore().fit(features.loc[train]).transform(features)
y_train = Surv(clinical.loc[train, "months_to_cr"], clinical.loc[train, "cr"])
top = univariate_cox(X.loc[train], y_train).nsmallest(20, "p").index
data = X[top].join(clinical[["months_to_cr", "cr"]])

quick = os.environ.get("RADSTATS_EXAMPLE_QUICK") == "1"
combinations = (["Lasso", "StepCox[both]", "StepCox[both] + RSF", "CoxBoost + Enet[α=0.5]",
                 "plsRcox"] if quick else "irls101")
result = run_screen(data.loc[train], {"validation": data.loc[valid]}, time="months_to_cr",
                    event="cr", combinations=combinations, cv="cohort", random_state=1,
                    progress=False)   # cv="loocv": true leave-one-out inside training too

# Every combination is in the table with its status (ok / skipped / failed) and reason.
print(result.table["status"].value_counts().to_string())
print(result.ranking.head(10).round(3).to_string())           # the leaderboard
result.plot_heatmap().savefig("screen_heatmap.png", dpi=150)   # Figure 2A

# The best model (by validation C-index) refitted on all training patients.
best = result.refit()
weights = best.coef_ if best.coef_ is not None else best.feature_importances_
print(best, weights.round(3).to_string() if weights is not None else best.features_, sep="\n")
best.to_json("screen_best.json")                               # its model card
