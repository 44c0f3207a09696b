"""Study configs: TOML files (or dicts) checked key by key before anything runs.

Every error names the config (file or "<dict>") and the key at fault; unknown
keys get a "did you mean" hint. The resolved config (defaults filled in, paths
made absolute) is written to the output folder.

Sections and keys (defaults in brackets)::

    [study]     name ["study"], title, description, random_state [0], out
    [data]      simulate ("ec_fertility" | "cervical") and n, or files relative to the
                config: clinical (one row per patient), features, features_reader2,
                slices, with the patient column id ["patient_id"]
    [outcome]   type ("survival" | "binary"), event (0/1 column), time (survival),
                label ["event"], levels [no <label>, <label>], time_unit ["time"],
                horizons (survival: time-dependent metrics), binary_endpoint
                (survival: ROC / calibration / DCA judge "event by this time";
                [largest horizon])
    [cohorts]   split [[2, 1]] and names [["training", "validation"]] (stratified by
                stratify [the event]), or column and training (given cohorts);
                whole [false] adds all patients as a cohort
    [variables] clinical (Table 1 and candidate predictors), categorical, continuous,
                labels (column -> display name)
    [steps.NAME] one table per step, run in file order, keys = the step's options;
                ``radstats steps`` lists the steps and their options. To run a step
                again (e.g. the feature filters on a second feature table), give its
                table another name and say which step it runs: ``[steps.mil_lasso]``
                with ``step = "lasso"``; ``title`` names any step's report section.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import tomllib
from pathlib import Path
from typing import NamedTuple

from radstats._core.errors import InputError
from radstats.pipeline.registry import OUTCOMES, get_step

_NUMBER = (int, float)
# Section -> key -> (accepted types, default). None as default: optional, no value.
SCHEMA = {
    "study": {"name": (str, "study"), "title": (str, None), "description": (str, None),
              "random_state": (int, 0), "out": (str, None)},
    "data": {"simulate": (str, None), "n": (int, None), "clinical": (str, None),
             "features": (str, None), "features_reader2": (str, None), "slices": (str, None),
             "id": (str, "patient_id")},
    "outcome": {"type": (str, None), "time": (str, None), "event": (str, None),
                "label": (str, "event"), "levels": (list, None), "time_unit": (str, "time"),
                "horizons": (list, None), "binary_endpoint": (_NUMBER, None)},
    "cohorts": {"split": (list, [2, 1]), "names": (list, ["training", "validation"]),
                "stratify": (str, None), "column": (str, None), "training": (str, None),
                "whole": (bool, False)},
    "variables": {"clinical": (list, []), "categorical": (list, []), "continuous": (list, []),
                  "labels": (dict, {})},
    "steps": {},
}
REQUIRED_SECTIONS = ("data", "outcome", "steps")
RESERVED_STEP_KEYS = ("step", "title")   # in any [steps.KEY] table, beside the step's options


class ConfiguredStep(NamedTuple):
    """One ``[steps.KEY]`` table: the step it runs, its report title and its options
    (every option of the step, defaults filled in)."""

    key: str
    step: str
    title: str | None
    options: dict


@dataclasses.dataclass
class StudyConfig:
    """A checked study config.

    Attributes
    ----------
    sections : dict
        ``study``, ``data``, ``outcome``, ``cohorts``, ``variables`` with defaults filled in.
    steps : list of ConfiguredStep
        ``(key, step, title, options)`` in config order.
    source : str
        The file the config came from, or ``"<dict>"``.
    base_dir : Path
        Relative data paths are read from here (the config file's folder).
    text : str or None
        The config file's text, copied to the output folder.
    """

    sections: dict
    steps: list
    source: str
    base_dir: Path
    text: str | None = None

    def __getitem__(self, section: str) -> dict:
        return self.sections[section]

    def where(self, key: str) -> str:
        """``"<source>: <key>"`` for error messages."""
        return f"config {self.source}: {key}"

    def to_dict(self) -> dict:
        """The resolved config as plain data (what was run)."""
        out = copy.deepcopy(self.sections)
        out["steps"] = {entry.key: {**({"step": entry.step} if entry.step != entry.key else {}),
                                    **({"title": entry.title} if entry.title else {}),
                                    **entry.options} for entry in self.steps}
        return out


def _hint(key: str, allowed) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _type_name(types) -> str:
    types = types if isinstance(types, tuple) else (types,)
    if float in types:
        types = tuple(t for t in types if t is not int)     # "a number" covers both
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false",
             list: "a list", tuple: "a list", dict: "a table"}
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def _check_type(value, types, where: str) -> None:
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in types:
        raise InputError(f"{where} must be {_type_name(types)}, got {value!r}")
    if not isinstance(value, types):
        raise InputError(f"{where} must be {_type_name(types)}, got {value!r}")


def load_config(config) -> StudyConfig:
    """Read and check a study config.

    Parameters
    ----------
    config : str, Path, dict or StudyConfig
        A TOML file, or the same structure as a dict.

    Returns
    -------
    StudyConfig

    Raises
    ------
    InputError
        A missing file, invalid TOML, a missing section, an unknown section,
        key, step or step option, or a value of the wrong type -- each naming the
        config and the key.
    """
    if isinstance(config, StudyConfig):
        return config
    text = None
    if isinstance(config, dict):
        raw, source, base_dir = copy.deepcopy(config), "<dict>", Path.cwd()
    else:
        path = Path(config)
        if not path.is_file():
            raise InputError(f"config file {str(path)!r} does not exist")
        text = path.read_text()
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"config {path}: invalid TOML: {exc}") from None
        source, base_dir = str(path), path.resolve().parent

    unknown = [s for s in raw if s not in SCHEMA]
    if unknown:
        raise InputError(f"config {source}: unknown section [{unknown[0]}]{_hint(unknown[0], SCHEMA)}; "
                         f"sections: {', '.join(SCHEMA)}")
    for section in REQUIRED_SECTIONS:
        if section not in raw:
            raise InputError(f"config {source}: missing section [{section}]")
    sections = {}
    for section, keys in SCHEMA.items():
        if section == "steps":
            continue
        given = raw.get(section, {})
        _check_type(given, dict, f"config {source}: [{section}]")
        for key, value in given.items():
            if key not in keys:
                raise InputError(f"config {source}: unknown key '{section}.{key}'{_hint(key, keys)}; "
                                 f"keys of [{section}]: {', '.join(keys)}")
            _check_type(value, keys[key][0], f"config {source}: {section}.{key}")
        sections[section] = {key: copy.deepcopy(given.get(key, default))
                             for key, (_, default) in keys.items()}
    resolved = StudyConfig(sections, [], source, base_dir, text)
    _check_outcome(resolved)
    _check_data(resolved)
    _check_cohorts(resolved)
    _check_variables(resolved)
    resolved.steps = _check_steps(raw["steps"], resolved)
    return resolved


def _check_outcome(config: StudyConfig) -> None:
    outcome = config["outcome"]
    kind = outcome["type"]
    if kind not in OUTCOMES:
        raise InputError(f"{config.where('outcome.type')} must be one of {OUTCOMES}, got {kind!r}")
    if outcome["event"] is None:
        raise InputError(f"{config.where('outcome.event')} is missing: name the event (or "
                         "outcome) column")
    if kind == "survival":
        if outcome["time"] is None:
            raise InputError(f"{config.where('outcome.time')} is missing: a survival outcome "
                             "needs the follow-up time column")
        horizons = outcome["horizons"]
        if not horizons or not all(isinstance(h, _NUMBER) and not isinstance(h, bool) and h > 0
                                   for h in horizons):
            raise InputError(f"{config.where('outcome.horizons')} must list positive times "
                             f"(e.g. [3, 6, 9, 12]), got {horizons!r}")
        if outcome["binary_endpoint"] is None:
            outcome["binary_endpoint"] = max(horizons)
        elif outcome["binary_endpoint"] <= 0:
            raise InputError(f"{config.where('outcome.binary_endpoint')} must be a positive "
                             f"horizon, got {outcome['binary_endpoint']!r}")
    else:
        for key in ("time", "horizons", "binary_endpoint"):
            if outcome[key] is not None:
                raise InputError(f"{config.where('outcome.' + key)} applies to survival outcomes "
                                 "only (outcome.type is 'binary')")
    levels = outcome["levels"]
    if levels is not None and (len(levels) != 2 or not all(isinstance(v, str) for v in levels)):
        raise InputError(f"{config.where('outcome.levels')} must be two labels [no event, event], "
                         f"got {levels!r}")
    if levels is None:
        outcome["levels"] = [f"no {outcome['label']}", outcome["label"]]


def _check_data(config: StudyConfig) -> None:
    data = config["data"]
    if (data["simulate"] is None) == (data["clinical"] is None):
        raise InputError(f"{config.where('[data]')} needs exactly one of 'simulate' (a simulated "
                         "cohort: 'ec_fertility' or 'cervical') and 'clinical' (a CSV file)")
    if data["simulate"] is not None:
        files = [k for k in ("features", "features_reader2", "slices") if data[k] is not None]
        if files:
            raise InputError(f"{config.where('data.' + files[0])} cannot be combined with "
                             "data.simulate (the simulated cohort brings its own tables)")
    elif data["n"] is not None:
        raise InputError(f"{config.where('data.n')} applies to data.simulate only")
    for key in ("clinical", "features", "features_reader2", "slices"):
        if data[key] is not None:
            path = Path(data[key])
            data[key] = str(path if path.is_absolute() else (config.base_dir / path).resolve())


def _check_cohorts(config: StudyConfig) -> None:
    cohorts = config["cohorts"]
    if cohorts["column"] is not None:
        if cohorts["training"] is None:
            raise InputError(f"{config.where('cohorts.training')} is missing: name the level of "
                             f"column {cohorts['column']!r} that holds the training cohort")
        return
    split, names = cohorts["split"], cohorts["names"]
    if (len(split) < 2 or not all(isinstance(r, _NUMBER) and not isinstance(r, bool) and r > 0
                                  for r in split)):
        raise InputError(f"{config.where('cohorts.split')} must give two or more positive "
                         f"ratios (e.g. [2, 1]), got {split!r}")
    if len(names) != len(split) or len(set(names)) != len(names):
        raise InputError(f"{config.where('cohorts.names')} must give {len(split)} distinct "
                         f"names, one per ratio of cohorts.split; got {names!r}")
    if cohorts["training"] is not None and cohorts["training"] != names[0]:
        raise InputError(f"{config.where('cohorts.training')}: with a split the training "
                         f"cohort is the first name, {names[0]!r}")
    cohorts["training"] = names[0]
    if "whole" in names:
        raise InputError(f"{config.where('cohorts.names')}: 'whole' is reserved for all "
                         "patients together (cohorts.whole = true)")


def _check_variables(config: StudyConfig) -> None:
    variables = config["variables"]
    for key in ("clinical", "categorical", "continuous"):
        if not all(isinstance(v, str) for v in variables[key]):
            raise InputError(f"{config.where('variables.' + key)} must list column names")
        stray = [v for v in variables[key] if v not in variables["clinical"]]
        if key != "clinical" and stray:
            raise InputError(f"{config.where('variables.' + key)} names {stray}, which "
                             "variables.clinical does not list")
    both = set(variables["categorical"]) & set(variables["continuous"])
    if both:
        raise InputError(f"{config.where('variables.continuous')}: {sorted(both)} are also listed "
                         "as categorical")


def _check_steps(raw_steps, config: StudyConfig) -> list:
    _check_type(raw_steps, dict, config.where("[steps]"))
    if not raw_steps:
        raise InputError(f"{config.where('[steps]')} lists no step")
    outcome = config["outcome"]["type"]
    steps, provided = [], {"features", "feature_set"} if _has_features(config) else set()
    if _has_reader2(config):
        provided.add("features_reader2")
    if config["data"]["slices"] is not None or config["data"]["simulate"] == "cervical":
        provided.add("slices")
    for key, options in raw_steps.items():
        where = f"steps.{key}"
        _check_type(options, dict, config.where(where))
        options = dict(options)
        name = options.pop("step", key)
        title = options.pop("title", None)
        _check_type(name, str, config.where(f"{where}.step"))
        if title is not None:
            _check_type(title, str, config.where(f"{where}.title"))
        spec = get_step(name, config.where(f"[{where}]" if name == key else f"{where}.step"))
        if outcome not in spec.outcomes:
            raise InputError(f"{config.where(where)}: step {name!r} needs a "
                             f"{' or '.join(spec.outcomes)} outcome; outcome.type is {outcome!r}")
        allowed, types = spec.options(), spec.option_types()
        for option, value in options.items():
            if option not in allowed:
                listed = ", ".join(allowed) or "none"
                raise InputError(f"{config.where(where)}: unknown option {option!r}"
                                 f"{_hint(option, [*allowed, *RESERVED_STEP_KEYS])}; options of "
                                 f"{name!r}: {listed} (and {', '.join(RESERVED_STEP_KEYS)})")
            if option in types:
                _check_type(value, types[option], config.where(f"{where}.{option}"))
        missing = [need for need in spec.needs if need not in provided]
        if missing:
            raise InputError(f"{config.where(where)}: step {name!r} needs {missing[0]!r}, which no "
                             f"earlier step provides (available here: {sorted(provided) or 'none'})")
        options = {**allowed, **options}
        provided.update(spec.provided(options))
        steps.append(ConfiguredStep(key, name, title, options))
    return steps


def _has_features(config: StudyConfig) -> bool:
    return config["data"]["simulate"] is not None or config["data"]["features"] is not None


def _has_reader2(config: StudyConfig) -> bool:
    data = config["data"]
    return data["simulate"] == "ec_fertility" or data["features_reader2"] is not None
