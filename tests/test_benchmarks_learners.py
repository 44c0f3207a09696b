"""The `learners` benchmark suite is wired up (no timing, no R)."""

from pathlib import Path

from benchmarks import learners
from benchmarks.runner import KINDS, SUITES, cases


def test_learners_suite_has_every_benchmark_at_the_screen_size():
    assert "learners" in SUITES
    quick = cases("learners", quick=True)
    assert {c.benchmark for c in quick} == set(learners.KINDS)
    assert {(c.n, c.p) for c in quick} == {(100, 200)}
    assert len(cases("learners")) == 2 * len(quick)


def test_r_timing_script_knows_every_learner_kind():
    script = (Path(__file__).resolve().parents[1] / "benchmarks" / "r_timing.R").read_text()
    for benchmark in learners.KINDS:
        assert f'"{KINDS[benchmark]}"' in script
