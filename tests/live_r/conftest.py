"""Live R through rpy2: the reference cases of reference_r/ evaluated now.

Where R or rpy2 is missing the live tests skip with the reason, unless
``RADSTATS_REQUIRE_R=1`` (set by .ci/run), which turns that into a failure.
"""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class LiveR:
    """Evaluates ``reference_r/<area>.R`` cases in an embedded R session."""

    def __init__(self, robjects):
        self._r = robjects.r
        self._r(f'Sys.setenv(RADSTATS_ROOT = "{ROOT.as_posix()}")')
        self._r["source"](str(ROOT / "reference_r" / "_common.R"))
        self._areas = set()

    def case(self, area: str, name: str) -> dict:
        if area not in self._areas:
            path = (ROOT / "reference_r" / f"{area}.R").as_posix()
            self._r(f'{area}_env <- new.env(); sys.source("{path}", envir = {area}_env)')
            self._areas.add(area)
        text = self._r(
            f'case_json("{area}", "{name}", {area}_env$cases, {area}_env$packages)'
        )[0]
        return json.loads(text)

    def case_names(self, area: str) -> list[str]:
        path = (ROOT / "reference_r" / f"{area}.R").as_posix()
        return list(self._r(f'names(local({{sys.source("{path}", envir = environment()); cases}}))'))


@pytest.fixture(scope="session")
def live_r():
    try:
        import rpy2.robjects as robjects
    except Exception as exc:  # ImportError, or rpy2 failing to find/start R
        reason = f"R through rpy2 is unavailable: {type(exc).__name__}: {exc}"
        if os.environ.get("RADSTATS_REQUIRE_R") == "1":
            pytest.fail(reason + " (RADSTATS_REQUIRE_R=1 makes this a failure)")
        pytest.skip(reason)
    return LiveR(robjects)
