"""Penalised regression paths and their cross-validation, matching R's glmnet."""

from radstats.selection.glmnet.cv import CVGlmnetResult, cv_glmnet
from radstats.selection.glmnet.estimators import ElasticNetCox, LassoCox, LassoLogistic

__all__ = ["CVGlmnetResult", "ElasticNetCox", "LassoCox", "LassoLogistic", "cv_glmnet"]
