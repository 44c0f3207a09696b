"""Seed 004's workflow: persistent cervical cancer (PCC) after chemoradiation, with
training / validation cohorts from one centre and an external test cohort from another.

Here: the radiomics and clinical arms (t-tests -> correlation -> LASSO logistic
regression -> radiomics signature; clinical and combined logistic models) judged by
ROC with DeLong, Hosmer-Lemeshow and decision curves in every cohort. The seed's
deep-learning arm -- MIL features from `cohort.slices` (slice-level probabilities of
four MRI sequences), then a screen of learners -- waits for radstats.adapters.mil and
radstats.screen.run_binary_screen. `radstats run examples/cervical_study.toml` runs this
analysis from a config and writes the report.
"""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from radstats.datasets import simulate_cohort  # noqa: E402
from radstats.logistic import Logit  # noqa: E402
from radstats.metrics import decision_curve, delong_test, hosmer_lemeshow, roc_auc  # noqa: E402
from radstats.plots import RocCurveDisplay  # noqa: E402
from radstats.selection import (  # noqa: E402
    RiskScore, ZScore, cv_glmnet, find_correlation, univariate_test,
)

cohort = simulate_cohort("cervical", random_state=2024)
clinical = cohort.clinical.set_index("patient_id")
train = clinical.index[clinical["cohort"] == "training"]
y = clinical["pcc"]                                            # 1 = persistent cancer

# Reduction on the training cohort: Welch t-tests (t.test), |r| > 0.9 (findCorrelation),
# then a 10-fold LASSO logistic regression (cv.glmnet, family = "binomial").
X = ZScore().fit(cohort.features.loc[train]).transform(cohort.features)
tests = univariate_test(X.loc[train], y[train], test="welch")
candidates = tests.nsmallest(10, "p").index.tolist()
candidates = [f for f in candidates if f not in find_correlation(X.loc[train, candidates], 0.9)]
lasso = cv_glmnet(X.loc[train, candidates], y[train], family="binomial", random_state=1)
coef = lasso.coef("lambda_min")
clinical["rad_score"] = RiskScore(coef.drop("(Intercept)"), coef["(Intercept)"]).score(X)
print("signature:", coef[coef != 0].round(3).to_dict())

# Clinical, radiomics and combined models (glm), fitted on training only.
specs = {"Clinical": ["age", "figo_stage", "tumour_diameter_cm"], "Radiomics": ["rad_score"],
         "Combined": ["rad_score", "age", "figo_stage", "tumour_diameter_cm"]}
models = {name: Logit().fit(clinical.loc[train, cols], y[train]) for name, cols in specs.items()}

rows = []
for name in ("training", "validation", "test"):
    part = clinical[clinical["cohort"] == name]
    prob = {m: models[m].predict_proba(part[specs[m]]) for m in specs}
    for m, p in prob.items():
        auc = roc_auc(part["pcc"], p, direction="<")             # pROC with DeLong CI
        rows.append({"cohort": name, "model": m, "auc": auc.estimate, "lower": auc.ci_lower,
                     "upper": auc.ci_upper, "hl_p": hosmer_lemeshow(part["pcc"], p).pvalue,
                     "delong_p_vs_combined": (delong_test(part["pcc"], p, prob["Combined"],
                                                          direction="<").pvalue
                                              if m != "Combined" else None),
                     "net_benefit_at_25pct": decision_curve(part["pcc"], p, [0.25])["net_benefit"][0]})
    RocCurveDisplay.from_predictions(part["pcc"], prob, title=name).savefig(f"roc_{name}.png")
print(pd.DataFrame(rows).round(3).to_string(index=False))
