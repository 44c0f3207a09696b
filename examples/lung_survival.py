"""Survival analysis of survival::lung, as one would write it in R:

    fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
    survfit(Surv(time, status) ~ sex, data = lung); survdiff(...)
"""

import matplotlib

matplotlib.use("Agg")

from radstats import Surv  # noqa: E402
from radstats.datasets import load_lung  # noqa: E402
from radstats.plots import KaplanMeierDisplay  # noqa: E402
from radstats.survival import CoxPH, kaplan_meier, logrank_test  # noqa: E402

lung = load_lung().dropna(subset=["ph.ecog"])
y = Surv(lung["time"], lung["status"] == 2)  # status: 1 = censored, 2 = dead

cox = CoxPH().fit(lung[["age", "sex", "ph.ecog"]], y)
print(cox.summary().round(4))
print(f"Concordance {cox.concordance_:.3f}; LR test p = {cox.lr_test_.pvalue:.2g}")

sex = lung["sex"].map({1: "male", 2: "female"})
print(kaplan_meier(y.time, y.event, group=sex).table())
print(f"Log-rank p = {logrank_test(y.time, y.event, sex).pvalue:.2g}")

KaplanMeierDisplay.from_data(y.time, y.event, sex, xlabel="Days").savefig("km_lung_by_sex.png")
print("figure: km_lung_by_sex.png")
