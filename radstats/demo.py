"""The main job on bundled data, until the study pipeline lands: a survival
analysis of survival::lung written to one output folder."""

from __future__ import annotations

import json
from pathlib import Path

from radstats import Surv, __version__
from radstats.datasets import load_lung
from radstats.survival import CoxPH, kaplan_meier, logrank_test


def run_demo(out: str | Path = "out/demo") -> Path:
    """Fit Cox, Kaplan–Meier by sex and the log-rank test on ``lung``; write tables and a figure.

    Returns the output folder, which holds ``cox_summary.csv``, ``km_at_times.csv``,
    ``km_medians.csv``, ``results.json`` and ``km_lung_by_sex.png``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lung = load_lung().dropna(subset=["ph.ecog"])
    y = Surv(lung["time"], lung["status"] == 2)  # R's status: 2 = dead
    sex = lung["sex"].map({1: "male", 2: "female"})

    cox = CoxPH().fit(lung[["age", "sex", "ph.ecog"]], y)
    km = kaplan_meier(y.time, y.event, group=sex)
    logrank = logrank_test(y.time, y.event, sex)
    cox.summary().to_csv(out / "cox_summary.csv")
    km.at([180, 365, 730], extend=True).to_csv(out / "km_at_times.csv", index=False)
    km.table().to_csv(out / "km_medians.csv")
    results = {
        "radstats_version": __version__,
        "data": "survival::lung (complete ph.ecog)",
        "n": len(y), "events": y.n_events,
        "cox_loglik": cox.loglik_[1], "cox_concordance": cox.concordance_,
        "logrank_statistic": logrank.statistic, "logrank_pvalue": logrank.pvalue,
    }
    (out / "results.json").write_text(json.dumps(results, indent=2))

    from radstats.plots import KaplanMeierDisplay

    display = KaplanMeierDisplay.from_data(y.time, y.event, sex, xlabel="Days")
    display.savefig(out / "km_lung_by_sex.png")
    return out
