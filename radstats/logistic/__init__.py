"""Logistic regression with R-style inference."""

from radstats.logistic.logit import Logit, LogitResult, SeparationWarning

__all__ = ["Logit", "LogitResult", "SeparationWarning"]
