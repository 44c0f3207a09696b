"""Survival analysis: the Surv outcome, Cox regression, Kaplan–Meier, log-rank."""

from radstats.survival.coxph import CoxPH, CoxPHResult
from radstats.survival.kaplan_meier import KaplanMeierResult, kaplan_meier
from radstats.survival.logrank import logrank_test
from radstats.survival.surv import Surv

__all__ = ["CoxPH", "CoxPHResult", "KaplanMeierResult", "Surv", "kaplan_meier", "logrank_test"]
