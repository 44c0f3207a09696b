"""Shared test set-up: figures are drawn off-screen (Agg) and closed after each test."""

import os
import sys

import pytest

os.environ["MPLBACKEND"] = "Agg"      # before any test module imports matplotlib


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test drew (where it used pyplot)."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
