"""Reading a study's tables (or simulating them), checking columns and outcome, and the cohorts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.pipeline.config import StudyConfig


@dataclasses.dataclass
class StudyData:
    """One row per patient in ``frame`` (index: patient id), aligned feature tables,
    and the cohorts as ``name -> index of patients``."""

    frame: pd.DataFrame
    features: pd.DataFrame | None
    features_reader2: pd.DataFrame | None
    slices: pd.DataFrame | None
    cohorts: dict
    training: str
    truth: object = None


def _read_csv(path: str, key: str, config: StudyConfig, id_column: str | None) -> pd.DataFrame:
    if not Path(path).is_file():
        raise InputError(f"{config.where(key)}: file {path!r} does not exist")
    frame = pd.read_csv(path)
    if id_column is None:
        return frame
    if id_column not in frame.columns:
        raise InputError(f"{config.where(key)}: file {path!r} has no id column {id_column!r} "
                         "(set data.id)")
    duplicated = frame[id_column][frame[id_column].duplicated()]
    if len(duplicated):
        raise InputError(f"{config.where(key)}: file {path!r} repeats id {duplicated.iloc[0]!r}")
    return frame.set_index(id_column)


def _align(table: pd.DataFrame, ids: pd.Index, key: str, config: StudyConfig) -> pd.DataFrame:
    missing = ids.difference(table.index)
    if len(missing):
        raise InputError(f"{config.where(key)}: no row for patient(s) {list(missing[:5])} of the "
                         "clinical table")
    extra = table.index.difference(ids)
    if len(extra):
        raise InputError(f"{config.where(key)}: patient(s) {list(extra[:5])} are not in the "
                         "clinical table")
    non_numeric = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    if non_numeric:
        raise InputError(f"{config.where(key)}: feature column(s) {non_numeric[:5]} are not numeric")
    return table.loc[ids]


def load_data(config: StudyConfig, out: Path | None = None) -> StudyData:
    """Read (or simulate) the study's tables, check them against the config, form the cohorts.

    A simulated cohort is also written to ``out/data`` as CSV files, so the same
    study can be rerun from files.
    """
    data = config["data"]
    truth = None
    if data["simulate"] is not None:
        from radstats.datasets import simulate_cohort

        try:
            cohort = simulate_cohort(data["simulate"], n=data["n"],
                                     random_state=config["study"]["random_state"])
        except InputError as exc:
            raise InputError(f"{config.where('data.simulate')}: {exc}") from None
        if out is not None:
            cohort.to_csv(out / "data")
        frame = cohort.clinical.set_index("patient_id")
        features, reader2, slices, truth = (cohort.features, cohort.features_reader2,
                                            cohort.slices, cohort.truth)
    else:
        frame = _read_csv(data["clinical"], "data.clinical", config, data["id"])
        features = reader2 = slices = None
        if data["features"] is not None:
            features = _align(_read_csv(data["features"], "data.features", config, data["id"]),
                              frame.index, "data.features", config)
        if data["features_reader2"] is not None:
            reader2 = _align(_read_csv(data["features_reader2"], "data.features_reader2", config,
                                       data["id"]), frame.index, "data.features_reader2", config)
            if list(reader2.columns) != list(features.columns):
                only = sorted(set(features.columns) ^ set(reader2.columns))[:5]
                raise InputError(f"{config.where('data.features_reader2')}: the readers' feature "
                                 f"columns differ (e.g. {only})")
        if data["slices"] is not None:
            slices = _read_csv(data["slices"], "data.slices", config, None)
    _check_columns(frame, config)
    _check_outcome_values(frame, config)
    cohorts = _cohorts(frame, config)
    return StudyData(frame, features, reader2, slices, cohorts, config["cohorts"]["training"], truth)


def _check_columns(frame: pd.DataFrame, config: StudyConfig) -> None:
    wanted = {f"outcome.{k}": config["outcome"][k] for k in ("time", "event")}
    wanted["cohorts.column"] = config["cohorts"]["column"]
    wanted["cohorts.stratify"] = config["cohorts"]["stratify"]
    for key, column in wanted.items():
        if column is not None and column not in frame.columns:
            raise InputError(f"{config.where(key)} names column {column!r}, which the clinical "
                             f"table lacks; its columns: {', '.join(map(str, frame.columns))}")
    missing = [v for v in config["variables"]["clinical"] if v not in frame.columns]
    if missing:
        raise InputError(f"{config.where('variables.clinical')} names column(s) {missing} "
                         "that the clinical table lacks")
    for column in config["variables"]["categorical"]:
        if not isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = pd.Categorical(frame[column].astype(str))


def _check_outcome_values(frame: pd.DataFrame, config: StudyConfig) -> None:
    outcome = config["outcome"]
    event = frame[outcome["event"]]
    key = config.where("outcome.event")
    if event.isna().any():
        raise InputError(f"{key}: column {outcome['event']!r} is missing for patient "
                         f"{event.index[event.isna().to_numpy().argmax()]!r}")
    values = set(pd.unique(event))
    if not values <= {0, 1, True, False}:
        bad = sorted(values - {0, 1, True, False}, key=str)[:3]
        raise InputError(f"{key}: column {outcome['event']!r} must be coded 0/1 for a "
                         f"{outcome['type']} outcome; found {bad}")
    if len(values) < 2:
        raise InputError(f"{key}: column {outcome['event']!r} has a single value; the outcome "
                         "needs events and non-events")
    frame[outcome["event"]] = event.astype(int)
    if outcome["type"] == "survival":
        time = frame[outcome["time"]]
        where = config.where("outcome.time")
        if not pd.api.types.is_numeric_dtype(time):
            raise InputError(f"{where}: column {outcome['time']!r} must be numeric")
        bad = time.isna() | (time <= 0)
        if bad.any():
            raise InputError(f"{where}: column {outcome['time']!r} must be positive and known; "
                             f"patient {time.index[bad.to_numpy().argmax()]!r} has "
                             f"{time[bad].iloc[0]}")


def _cohorts(frame: pd.DataFrame, config: StudyConfig) -> dict:
    cohorts = config["cohorts"]
    if cohorts["column"] is not None:
        labels = frame[cohorts["column"]]
        if labels.isna().any():
            raise InputError(f"{config.where('cohorts.column')}: column {cohorts['column']!r} is "
                             f"missing for patient {labels.index[labels.isna().to_numpy().argmax()]!r}")
        levels = (list(labels.cat.categories) if isinstance(labels.dtype, pd.CategoricalDtype)
                  else list(dict.fromkeys(labels)))
        levels = [lv for lv in levels if (labels == lv).any()]
        if cohorts["training"] not in levels:
            raise InputError(f"{config.where('cohorts.training')}: {cohorts['training']!r} is not a "
                             f"level of column {cohorts['column']!r} ({levels})")
        levels.remove(cohorts["training"])
        names = [cohorts["training"], *levels]
        result = {str(name): frame.index[(labels == name).to_numpy()] for name in names}
    else:
        result = _split(frame, config)
    if cohorts["whole"]:
        result["whole"] = frame.index
    for name, index in result.items():
        events = int(frame.loc[index, config["outcome"]["event"]].sum())
        if events == 0 or events == len(index):
            raise InputError(f"{config.where('[cohorts]')}: cohort {name!r} has "
                             f"{'no' if events == 0 else 'only'} events")
    return result


def _split(frame: pd.DataFrame, config: StudyConfig) -> dict:
    """Stratified random split in the ratios of ``cohorts.split`` (by the event by default)."""
    cohorts = config["cohorts"]
    stratify = cohorts["stratify"] or config["outcome"]["event"]
    rng = np.random.default_rng(config["study"]["random_state"])
    ratios = np.asarray(cohorts["split"], dtype=float)
    shares = np.cumsum(ratios) / ratios.sum()
    assignment = pd.Series(-1, index=frame.index)
    for _, rows in frame.groupby(stratify, observed=True, sort=True).groups.items():
        rows = rng.permutation(np.asarray(rows, dtype=object))
        edges = np.round(shares * len(rows)).astype(int)
        start = 0
        for k, end in enumerate(edges):
            assignment.loc[rows[start:end]] = k
            start = end
    return {name: frame.index[(assignment == k).to_numpy()]
            for k, name in enumerate(cohorts["names"])}
