"""PyRadiomics parameter sets: the named presets, loading files, checking keys.

PyRadiomics validates parameters with pykwalify, whose messages do not say
which key is unknown in words a user recognises; radstats checks every key
against PyRadiomics' own schema, image types and feature classes first and
names the offenders.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from pathlib import Path

from radstats._core.errors import InputError
from radstats.adapters._deps import require

# Seed 000 (Methods 5.2): 1 x 1 x 1 mm resampling, bin width 25, z-score
# normalisation, every feature class, and the original image plus the wavelet,
# LoG, LBP3D, square, square-root, logarithm, exponential and gradient filters.
# Choices the seed does not state, made here:
# - normalizeScale 100: PyRadiomics' z-score leaves intensities within about
#   +/-3, i.e. a single bin of width 25 and degenerate texture features; scaled
#   by 100 the ROI spans a few hundred units, i.e. 10-20 bins of width 25.
# - voxelArrayShift 300: keeps the scaled intensities positive for the energy
#   features (PyRadiomics' recommendation with normalizeScale 100).
# - LoG sigmas 1, 3 and 5 mm: three sigmas, as the seed's LoG count implies
#   (258 = 3 x 86 features).
# - B-spline interpolation (PyRadiomics' default) and its default padDistance.
# PyRadiomics z-scores over the whole image, not over the ROI as the seed words it.
SEED000 = {
    "setting": {
        "resampledPixelSpacing": [1.0, 1.0, 1.0],
        "interpolator": "sitkBSpline",
        "binWidth": 25.0,
        "normalize": True,
        "normalizeScale": 100.0,
        "voxelArrayShift": 300,
        "label": 1,
    },
    "imageType": {
        "Original": {},
        "Wavelet": {},
        "LoG": {"sigma": [1.0, 3.0, 5.0]},
        "LBP3D": {},
        "Square": {},
        "SquareRoot": {},
        "Logarithm": {},
        "Exponential": {},
        "Gradient": {},
    },
    "featureClass": {name: [] for name in
                     ("shape", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm")},
}

PRESETS = {"seed000": SEED000}
SECTIONS = ("setting", "imageType", "featureClass", "voxelSetting")


def resolve(preset) -> tuple[dict, str]:
    """Return ``(params, name)`` for a preset name, a YAML/JSON file or a dict, keys checked."""
    if isinstance(preset, dict):
        params, name = copy.deepcopy(preset), "<dict>"
    elif isinstance(preset, str) and preset in PRESETS:
        params, name = copy.deepcopy(PRESETS[preset]), preset
    elif isinstance(preset, (str, Path)):
        path = Path(preset)
        if not path.is_file():
            raise InputError(f"preset {str(preset)!r} is neither a preset name {sorted(PRESETS)} "
                             f"nor an existing parameter file")
        params, name = _load_file(path), str(path)
    else:
        raise InputError(f"`preset` must be a name, a file or a dict, got {type(preset).__name__}")
    check_keys(params, name)
    return params, name


def fingerprint(params: dict) -> str:
    """A short hash of the parameters, to tell results of different presets apart."""
    text = json.dumps(params, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _load_file(path: Path) -> dict:
    yaml = require("ruamel.yaml")
    try:
        loaded = yaml.YAML(typ="safe", pure=True).load(path.read_text())
    except Exception as exc:  # ruamel raises several unrelated error types
        raise InputError(f"cannot parse parameter file '{path}': {exc}") from None
    if not isinstance(loaded, dict):
        raise InputError(f"parameter file '{path}' does not hold a mapping")
    return loaded


@cache
def _schema_keys() -> dict[str, frozenset]:
    radiomics = require("radiomics")
    yaml = require("ruamel.yaml")
    schema_file, _ = radiomics.getParameterValidationFiles()
    mapping = yaml.YAML(typ="safe", pure=True).load(Path(schema_file).read_text())["mapping"]
    return {section: frozenset(mapping[section]["mapping"])
            for section in ("setting", "voxelSetting")}


def check_keys(params: dict, source: str) -> None:
    """Raise an InputError naming every unknown section, setting, image type or feature."""
    radiomics = require("radiomics")
    keys = _schema_keys()
    unknown = [f"section {k!r}" for k in params if k not in SECTIONS]
    for section in ("setting", "voxelSetting"):
        unknown += [f"{section}.{k}" for k in (params.get(section) or {}) if k not in keys[section]]
    image_types = set(radiomics.getImageTypes())
    for image_type, custom in (params.get("imageType") or {}).items():
        if image_type not in image_types:
            unknown.append(f"imageType {image_type!r}")
        unknown += [f"imageType.{image_type}.{k}" for k in (custom or {})
                    if k not in keys["setting"]]
    classes = radiomics.getFeatureClasses()
    for name, features in (params.get("featureClass") or {}).items():
        if name not in classes:
            unknown.append(f"featureClass {name!r}")
            continue
        known = classes[name].getFeatureNames()
        unknown += [f"featureClass.{name}.{f}" for f in (features or []) if f not in known]
    if unknown:
        raise InputError(f"unknown PyRadiomics parameter(s) in {source}: {', '.join(unknown)}")
