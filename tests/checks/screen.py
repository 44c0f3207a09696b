"""Checks of radstats.screen's scores against one R reference case (survival)."""

from radstats.screen.scoring import concordance_variance, harrell_with_ci, mime_concordance
from radstats.testing import assert_matches_r, fixture_frame


def check_cindex(fx):
    inputs = fx["inputs"]
    data = fixture_frame(inputs, [inputs["time"], inputs["outcome"], inputs["risk"]])
    time = data[inputs["time"]].to_numpy(dtype=float)
    event = (data[inputs["outcome"]] == inputs["event_code"]).to_numpy()
    risk = inputs["sign"] * data[inputs["risk"]].to_numpy(dtype=float)
    scores = harrell_with_ci(time, event, risk, conf_level=inputs["conf_level"])
    for name in ("c_index", "c_lower", "c_upper"):
        assert_matches_r(scores[name], fx, name)
    assert_matches_r(concordance_variance(time, event, risk, scores["c_index"]), fx, "variance")
    assert_matches_r(mime_concordance(time, event, risk, scores["c_index"]), fx, "c_index_mime")


def check_case(fx):
    {"cindex": check_cindex}[fx["case"].split("_")[0]](fx)
