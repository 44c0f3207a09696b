"""Seed 000's workflow, step by step: complete regression (CR) of endometrial cancer
under fertility-sparing therapy, from MRI radiomics and clinical variables.

The same analysis runs from a config with `radstats run examples/ec_fertility_study.toml`
(report.html with every table and figure); here each step is one radstats call, with
the R function it matches. Kept quick: the LASSO sees the 8 best features.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from radstats import Surv  # noqa: E402
from radstats.datasets import simulate_cohort  # noqa: E402
from radstats.metrics import delong_test, hosmer_lemeshow, roc_auc, time_dependent_cindex  # noqa: E402
from radstats.nomogram import Nomogram  # noqa: E402
from radstats.plots import KaplanMeierDisplay  # noqa: E402
from radstats.selection import (  # noqa: E402
    RiskScore, ZScore, cv_glmnet, find_correlation, icc_filter, multivariable, univariate_cox,
)
from radstats.survival import CoxPH, logrank_test  # noqa: E402

# 146 patients, 1,733 features from two readers; the generating model comes with them.
cohort = simulate_cohort("ec_fertility", random_state=2024)
clinical, features = cohort.clinical.set_index("patient_id"), cohort.features

# 2:1 training / validation split, stratified by CR status (the event).
rng = np.random.default_rng(2024)
strata = [rng.permutation(clinical.index[clinical["cr"] == k]) for k in (0, 1)]
train = np.concatenate([s[:round(len(s) * 2 / 3)] for s in strata])
valid = clinical.index.difference(train)

# Reproducible features (ICC > 0.75, psych::ICC), z-scored on training (scale), then
# one of each pair with |r| > 0.9 dropped (caret::findCorrelation).
kept = icc_filter(features, cohort.features_reader2, threshold=0.75).kept
scaler = ZScore().fit(features.loc[train, kept])
X = scaler.transform(features[kept])
X = X.drop(columns=find_correlation(X.loc[train], cutoff=0.9))

# Univariable Cox filter (coxph per feature), then a 10-fold Cox LASSO (cv.glmnet).
y_train = Surv(clinical.loc[train, "months_to_cr"], clinical.loc[train, "cr"])
best = univariate_cox(X.loc[train], y_train).nsmallest(8, "p")["feature"].tolist()
lasso = cv_glmnet(X.loc[train, best], y_train, family="cox", nfolds=10, random_state=1)
coef = lasso.coef("lambda_min")
print("LASSO kept:", coef[coef != 0].round(3).to_dict())
print("true features:", cohort.truth.true_features)

# Radiomics score (CARS) cut at the training median; KM + log-rank in validation.
cars = RiskScore(coef, cutoff="median").fit(X.loc[train])
clinical["cars"] = cars.score(X)
group = cars.predict(X)
test = logrank_test(clinical.loc[valid, "months_to_cr"], clinical.loc[valid, "cr"], group[valid])
print(f"validation log-rank p = {test.pvalue:.3g}")
KaplanMeierDisplay.from_data(clinical["months_to_cr"], clinical["cr"], group,
                             xlabel="Months").savefig("km_cars.png")

# Univariable -> multivariable Cox with the clinical variables, and its nomogram.
candidates = ["bmi", "fbg", "mrs", "ihc_score", "menstrual_regularity", "cars"]
screen = multivariable(clinical.loc[train, candidates], y_train, threshold=0.05)
print(screen.table.round(3).to_string())
model = screen.model
nomogram = Nomogram.from_model(model, clinical.loc[train, screen.selected])
nomogram.plot(times=[12], kind="event").savefig("nomogram.png")

# Validation: CR by 12 months (patients censored earlier without CR left out).
rows = clinical.loc[valid]
known = (rows["cr"] == 1) | (rows["months_to_cr"] >= 12)
y12 = ((rows["cr"] == 1) & (rows["months_to_cr"] <= 12))[known].astype(int)
p_model = 1 - model.predict_survival(rows.loc[known, screen.selected], [12]).iloc[:, 0]
p_cars = 1 - CoxPH().fit(clinical.loc[train, ["cars"]], y_train).predict_survival(
    rows.loc[known, ["cars"]], [12]).iloc[:, 0]
auc = roc_auc(y12, p_model, direction="<")                     # pROC, DeLong CI
print(f"AUC {auc.estimate:.3f} ({auc.ci_lower:.3f}-{auc.ci_upper:.3f}); DeLong vs CARS alone "
      f"p = {delong_test(y12, p_model, p_cars, direction='<').pvalue:.3f}; "
      f"Hosmer-Lemeshow p = {hosmer_lemeshow(y12, p_model).pvalue:.3f}")
print(time_dependent_cindex(rows["months_to_cr"], rows["cr"], model.predict(rows[screen.selected]),
                            [3, 6, 9, 12]).round(3).to_string(index=False))
