"""Nomograms: points scales read from a fitted model, and R's pretty()."""

from radstats.nomogram.nomogram import Nomogram
from radstats.nomogram.pretty import r_pretty

__all__ = ["Nomogram", "r_pretty"]
