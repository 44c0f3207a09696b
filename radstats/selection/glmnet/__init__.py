"""Penalised regression paths and their cross-validation, matching R's glmnet."""

from radstats.selection.glmnet.cv import CVGlmnetResult, cv_glmnet

__all__ = ["CVGlmnetResult", "cv_glmnet"]
