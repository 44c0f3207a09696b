"""Seed 004's workflow: persistent cervical cancer (PCC) after chemoradiation, with
training / validation cohorts from one centre and an external test cohort from another.

Two imaging arms reduced the same way (t-tests -> correlation -> LASSO logistic
regression): the radiomics features, and the deep-learning arm's multi-instance (MIL)
features -- each MRI sequence's slice-level probabilities turned into a likelihood
histogram and a TF-IDF bag of words per patient. On the reduced features logistic
regression, SVM and random forest, each with SMOTE and a 5-fold grid search inside the
training data, are compared (radstats.screen.run_binary_screen); the best on the
validation cohort gives the arm's signature. Clinical, radiomics, deep-learning and
combined (deep learning + clinical) logistic models are then judged by ROC with DeLong
(Table 2), Hosmer-Lemeshow and decision curves in every cohort.
`radstats run examples/cervical_study.toml` runs this analysis from a config and
writes the report.
"""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from radstats.adapters.mil import MILFeatures  # noqa: E402
from radstats.datasets import simulate_cohort  # noqa: E402
from radstats.logistic import Logit  # noqa: E402
from radstats.metrics import decision_curve, hosmer_lemeshow  # noqa: E402
from radstats.plots import RocCurveDisplay  # noqa: E402
from radstats.screen import run_binary_screen  # noqa: E402
from radstats.selection import (  # noqa: E402
    ZScore, cv_glmnet, find_correlation, univariate_test,
)
from radstats.tables import performance_table  # noqa: E402

cohort = simulate_cohort("cervical", random_state=2024)
clinical = cohort.clinical.set_index("patient_id")
train = clinical.index[clinical["cohort"] == "training"]
y = clinical["pcc"]                                            # 1 = persistent cancer


def signature(features):
    """Welch t-tests (t.test), |r| > 0.9 (findCorrelation), a 10-fold LASSO logistic
    regression (cv.glmnet, family = "binomial"), all on the training cohort; then LR,
    SVM and RF (SMOTE + grid search) on the LASSO's features: the best learner's score."""
    X = ZScore().fit(features.loc[train]).transform(features)
    candidates = univariate_test(X.loc[train], y[train], test="welch").nsmallest(10, "p").index
    candidates = [f for f in candidates if f not in find_correlation(X.loc[train, candidates], 0.9)]
    coef = cv_glmnet(X.loc[train, candidates], y[train], family="binomial",
                     random_state=1).coef("lambda_min").drop("(Intercept)")
    X = X[coef[coef != 0].index].assign(pcc=y)
    screen = run_binary_screen(X.loc[train], {c: X[clinical["cohort"] == c] for c in
                                              ("validation", "test")}, outcome="pcc",
                               combinations=["LR", "SVM", "RF"], random_state=1, progress=False)
    auc = screen.table.pivot(index="model", columns="cohort", values="auc")
    print(auc.round(3).to_string())                            # the seed's MIL fusion table
    best = screen.refit(auc["validation"].idxmax())            # chosen on validation only
    return best.predict(X)              # P(PCC), or the SVM's decision value


clinical["rad_score"] = signature(cohort.features)
# MIL: each sequence's slices (label: probability >= 0.5) -> histogram + bag of words,
# with the dictionary learned on the training patients only.
slices = cohort.slices.assign(label=(cohort.slices["prob"] >= 0.5).astype(int))
mil = pd.concat([MILFeatures(decimals=1).fit(part[part["patient_id"].isin(train)])
                 .transform(part).add_prefix(f"{sequence}_")
                 for sequence, part in slices.groupby("sequence")], axis=1)
clinical["dl_score"] = signature(mil.loc[clinical.index])

# Clinical, radiomics, deep-learning and combined models (glm; on a signature it maps
# the learner's score to a probability), fitted on training only.
clinical_vars = ["age", "figo_stage", "tumour_diameter_cm"]
specs = {"Clinical": clinical_vars, "Radiomics": ["rad_score"], "Deep learning": ["dl_score"],
         "Combined": ["dl_score", *clinical_vars]}
models = {name: Logit().fit(clinical.loc[train, cols], y[train]) for name, cols in specs.items()}
prob = pd.DataFrame({m: models[m].predict_proba(clinical[specs[m]]) for m in specs},
                    index=clinical.index)

# Table 2: AUC (DeLong CI), rates at the training Youden cut-off, DeLong p vs Combined.
print(performance_table(y, prob, clinical["cohort"], reference="Combined").to_markdown())
for name in ("training", "validation", "test"):
    part = clinical["cohort"] == name
    for m in specs:
        print(name, m, "HL p = %.3f" % hosmer_lemeshow(y[part], prob.loc[part, m]).pvalue,
              "net benefit at 25%% = %.3f"
              % decision_curve(y[part], prob.loc[part, m], [0.25])["net_benefit"][0])
    RocCurveDisplay.from_predictions(y[part], prob[part], title=name).savefig(f"roc_{name}.png")
