"""Feature and term selection."""

from radstats.selection.correlation import find_correlation
from radstats.selection.glmnet import (
    CVGlmnetResult, ElasticNetCox, LassoCox, LassoLogistic, cv_glmnet,
)
from radstats.selection.icc import ICCFilterResult, icc, icc_filter
from radstats.selection.risk_score import RiskScore
from radstats.selection.scaling import ZScore
from radstats.selection.stepwise import StepwiseResult, stepwise
from radstats.selection.univariate import (
    MultivariableResult, bh_adjust, multivariable, univariate_cox, univariate_logit,
    univariate_table, univariate_test,
)

__all__ = [
    "CVGlmnetResult", "ElasticNetCox", "ICCFilterResult", "LassoCox", "LassoLogistic",
    "MultivariableResult", "RiskScore", "StepwiseResult", "ZScore", "bh_adjust", "cv_glmnet",
    "find_correlation", "icc", "icc_filter", "multivariable", "stepwise", "univariate_cox",
    "univariate_logit", "univariate_table", "univariate_test",
]
