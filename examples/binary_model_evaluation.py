"""A binary-outcome prediction model judged as the seed studies judge theirs,
on survival::pbc (death during follow-up as the event), each step checked
against its R counterpart in radstats' parity suite.

R equivalents: stepAIC(glm(...)); pROC::roc/ci.auc/roc.test; rms::val.prob;
ResourceSelection::hoslem.test; dcurves::dca; rms::nomogram.
"""

import matplotlib

matplotlib.use("Agg")

from radstats.datasets import load_pbc  # noqa: E402
from radstats.logistic import Logit  # noqa: E402
from radstats.metrics import (  # noqa: E402
    calibration_stats, decision_curve, delong_test, hosmer_lemeshow, roc_auc,
)
from radstats.nomogram import Nomogram  # noqa: E402
from radstats.plots import CalibrationDisplay, DecisionCurveDisplay, RocCurveDisplay  # noqa: E402
from radstats.selection import stepwise  # noqa: E402

candidates = ["age", "sex", "bili", "albumin", "edema", "protime", "copper", "ast"]
pbc = load_pbc().dropna(subset=candidates)
y = (pbc["status"] == 2).astype(int)

# Clinical model: backward stepwise AIC from all candidates, as MASS::stepAIC.
step = stepwise(Logit(), pbc[candidates], y, direction="backward")
print("selected by AIC:", step.selected)
model = step.model
prob = model.predict_proba(pbc[step.selected])
simple = Logit().fit(pbc[["age", "bili"]], y).predict_proba(pbc[["age", "bili"]])

auc = roc_auc(y, prob, direction="<")
print(f"AUC {auc.estimate:.3f} (95% CI {auc.ci_lower:.3f}-{auc.ci_upper:.3f}, DeLong)")
print(f"DeLong test against age + bili: p = {delong_test(y, prob, simple, direction='<').pvalue:.3g}")
cal = calibration_stats(y, prob)
print(f"calibration intercept {cal.intercept:.3f}, slope {cal.slope:.3f}, Brier {cal.brier:.3f}")
print(f"Hosmer-Lemeshow p = {hosmer_lemeshow(y, prob).pvalue:.3f}")
print(decision_curve(y, prob, thresholds=[0.1, 0.2, 0.3, 0.4]).round(3).to_string(index=False))

nomogram = Nomogram.from_model(model, pbc[step.selected])
print(nomogram)

models = {"Stepwise model": prob, "Age + bilirubin": simple}
RocCurveDisplay.from_predictions(y, models).savefig("roc.png")
CalibrationDisplay.from_predictions(y, models).savefig("calibration.png")
DecisionCurveDisplay.from_predictions(y, models).savefig("decision_curve.png")
print("figures: roc.png, calibration.png, decision_curve.png")
