"""Checks of radstats.nomogram against one rms::nomogram case."""

import numpy as np

from radstats import Surv
from radstats.logistic import Logit
from radstats.nomogram import Nomogram
from radstats.survival import CoxPH
from radstats.testing import assert_matches_r, fixture_frame


def _fit(fx):
    inputs = fx["inputs"]
    covariates = list(np.atleast_1d(inputs["covariates"]))
    used = [inputs["outcome"], *([inputs["time"]] if "time" in inputs else []), *covariates]
    data = fixture_frame(inputs, used)
    event = (data[inputs["outcome"]] == inputs["event_code"]).astype(int)
    if inputs["model"] == "lrm":
        fit = Logit().fit(data[covariates], event)
    else:
        fit = CoxPH().fit(data[covariates], Surv(data[inputs["time"]], event))
    return fit, data[covariates]


def check_readout(fx):
    """Total points of patients and the read-out (probability, survival at times)."""
    inputs, outputs = fx["inputs"], fx["outputs"]
    fit, X = _fit(fx)
    nom = Nomogram.from_model(fit, X)
    patients = X.head(inputs["n_patients"])
    assert_matches_r(nom.total_points(patients), fx, "patient_points")
    readout_tol = fx["tolerance"]["readout"]
    r_points = np.asarray(outputs["patient_points"])
    if inputs["model"] == "lrm":
        assert_matches_r(nom.predict(r_points), fx, "patient_readout", readout_tol)
        axis = outputs["fun_axes"][0]
        assert_matches_r(nom.predict(np.asarray(axis["points"])),
                         {**fx, "outputs": {"value": axis["value"]}}, "value", readout_tol)
        return
    times = list(np.atleast_1d(inputs["times"]))
    survival = nom.predict(r_points, times=times)
    expected = np.asarray(outputs["patient_readout"]).ravel()  # jsonlite writes rows
    assert_matches_r(survival.to_numpy().ravel(), {**fx, "outputs": {"s": list(expected)}}, "s",
                     readout_tol)
    events = nom.predict(r_points, times=times, kind="event")
    np.testing.assert_allclose(events.to_numpy(), 1 - survival.to_numpy(), rtol=1e-12)
    for time, axis in zip(times, outputs["fun_axes"]):
        read = nom.predict(np.asarray(axis["points"]), times=[time])[float(time)].to_numpy()
        assert_matches_r(read, {**fx, "outputs": {"value": axis["value"]}}, "value", readout_tol)


def check_case(fx):
    if fx["case"].startswith("readout"):
        return check_readout(fx)
    inputs = fx["inputs"]
    covariates = list(np.atleast_1d(inputs["covariates"]))
    fit, X = _fit(fx)
    nom = Nomogram.from_model(fit, X)
    tolerance = fx["tolerance"]["points"]
    for variable in covariates:
        expected = fx["outputs"]["axes"][variable]
        axis = nom.axes[variable]
        values = [str(v) if isinstance(v, str) else f"{v:g}" for v in axis["value"]]
        assert values == list(np.atleast_1d(expected["value"])), variable
        assert_matches_r(axis["points"], {**fx, "outputs": {"p": expected["points"]}}, "p", tolerance)
    # Compare on the uncentred X beta scale: rms centres every column of a cph
    # fit, survival (and radstats) not its 0/1 columns.
    xb_r = np.asarray(fx["outputs"]["lp_value"]) + fx["outputs"]["center"]
    xb_at_zero = nom.intercept + (float(fit.means_ @ fit.coef_) if inputs["model"] == "cph" else 0.0)
    lp_points = (xb_r - xb_at_zero) * nom.scale
    assert_matches_r(lp_points, fx, "lp_points")
