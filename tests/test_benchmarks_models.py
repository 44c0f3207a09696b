"""The models benchmark suite: which stepwise cases it times and that R knows each (no timing)."""


def test_models_suite_times_stepwise_cox_and_logistic_both_ways_at_p15_and_p40():
    from benchmarks.runner import KINDS, R_SCRIPT, STEPAIC, STEPWISE, cases

    planned = {(case.benchmark, case.p) for case in cases("models")}
    assert {(b, p) for b in STEPWISE for p in (15, 40)} <= planned
    assert len(planned) == len(cases("models"))  # no case twice
    assert {direction for _, direction in STEPWISE.values()} == {"backward", "forward"}
    script = R_SCRIPT.read_text()
    for benchmark in STEPWISE:
        kind = KINDS[benchmark]
        assert (f"{kind} = function()" in script if benchmark != STEPAIC
                else f'identical(case$kind, "{kind}")' in script)
