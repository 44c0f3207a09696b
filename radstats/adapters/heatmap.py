"""Voxel-wise risk maps: a fitted radiomics score applied in a sliding window (seed 000, 5.9).

PyRadiomics' voxel-based extraction computes each feature of the score in a
(2 * window + 1)^3 kernel around every ROI voxel; the risk score is applied
voxel by voxel, normalised to [0, 1] over the ROI and written as NIfTI, and
the slice with the largest ROI is drawn with the map over the image (jet
colour map, partial transparency). Needs the ``imaging`` extra; the PNG
needs matplotlib.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats.adapters import _params
from radstats.adapters._deps import require
from radstats.adapters.images import check_geometry, check_label, describe, read_image



@dataclasses.dataclass(frozen=True, repr=False)
class RiskMap(Result):
    """A voxel-wise risk map on the image's grid.

    Attributes
    ----------
    risk : SimpleITK.Image
        The score min-max normalised over the ROI to [0, 1]; 0 outside the ROI
        (float32; NaN where a feature could not be computed).
    score : SimpleITK.Image
        The raw risk score per ROI voxel (NaN outside; 0 in the NIfTI file,
        which ITK writes without NaN).
    files : dict
        Paths written: ``"risk"`` and ``"score"`` (NIfTI), ``"png"`` (overlay).
    """

    risk: object
    score: object
    files: dict
    meta: dict = dataclasses.field(default_factory=dict)

    def __repr__(self) -> str:
        return f"RiskMap(size={self.risk.GetSize()}, files={sorted(self.files)})"


def risk_map(image, mask, risk_score, window: int = 2, preset="seed000", label: int = 1,
             scaler=None, out=None, alpha: float = 0.5, slice_index: int | None = None) -> RiskMap:
    """Apply a fitted risk score voxel by voxel inside the ROI.

    Parameters
    ----------
    image, mask : path or SimpleITK.Image
        As for :func:`radstats.adapters.radiomics.extract`.
    risk_score : radstats.selection.RiskScore
        Its features are PyRadiomics names (``original_glcm_Contrast``,
        ``wavelet-LLH_firstorder_Mean``, ``log-sigma-3-0-mm-3D_...``).
    window : int, default 2
        Kernel radius in voxels (of the preset's resampled grid): features of
        each voxel come from the (2 * window + 1)^3 cube around it, restricted
        to the ROI.
    preset : "seed000", path or dict
        The extraction parameters the score was built with; only the image
        types and feature classes the score uses are computed.
    scaler : radstats.selection.ZScore, optional
        Applied to the features first (its ``mean_`` and ``scale_`` for the
        score's features) when the score was fitted on z-scored features.
    out : str or pathlib.Path, optional
        A folder: ``risk_map.nii.gz`` (normalised), ``risk_score.nii.gz`` (raw
        score, 0 outside the ROI) and ``risk_map.png`` are written there.
    alpha : float, default 0.5
        Opacity of the colour overlay.
    slice_index : int, optional
        Axial slice drawn (default: the one with the largest ROI).

    Returns
    -------
    RiskMap

    Notes
    -----
    Shape features have no voxel-wise value: they enter the score as the ROI's
    constant, which shifts the raw score but not the normalised map. Feature
    maps on a resampled grid are brought back to the image's grid by nearest
    neighbour. No R counterpart.

    Examples
    --------
    >>> import numpy as np, SimpleITK as sitk
    >>> from radstats.selection import RiskScore
    >>> values = np.random.default_rng(0).normal(100, 20, (6, 8, 8))
    >>> roi = np.zeros((6, 8, 8), np.uint8)
    >>> roi[1:5, 2:6, 2:6] = 1
    >>> image, mask = sitk.GetImageFromArray(values), sitk.GetImageFromArray(roi)
    >>> score = RiskScore({"original_firstorder_Variance": 1.0})
    >>> result = risk_map(image, mask, score, window=1, preset={"setting": {"binWidth": 10}})
    >>> risk = sitk.GetArrayFromImage(result.risk)
    >>> float(risk.min()), float(risk.max()), bool((risk[roi == 0] == 0).all())
    (0.0, 1.0, True)
    """
    sitk = require("SimpleITK")
    params, _ = _params.resolve(preset)
    img, msk = read_image(image, "image"), read_image(mask, "mask")
    check_geometry(img, msk, f"image {describe(image)}", f"mask {describe(mask)}")
    roi = check_label(msk, label, describe(mask))
    weights = pd.Series(risk_score.coef, dtype=float)
    names = [n for n, w in weights.items() if w != 0 and n != "(Intercept)"]
    shape_names = [n for n in names if "_shape_" in n]
    voxel_names = [n for n in names if n not in shape_names]
    if not voxel_names:
        raise InputError("the risk score has no feature with a voxel-wise value (only shape)")

    frame = pd.DataFrame(index=np.flatnonzero(roi.ravel()))
    maps = _voxel_features(sitk, img, msk, label, params, voxel_names, window)
    for name in voxel_names:
        frame[name] = sitk.GetArrayViewFromImage(maps[name]).ravel()[frame.index]
    if shape_names:
        from radstats.adapters.radiomics import _extract_images

        shape_params = {"setting": dict(params.get("setting") or {}),
                        "featureClass": {"shape": []}}
        shape = _extract_images(img, msk, shape_params, label, describe(image), describe(mask))
        for name in shape_names:
            frame[name] = shape[name]
    if scaler is not None:
        frame = (frame - scaler.mean_[names]) / scaler.scale_[names]
    score = risk_score.score(frame[names]).to_numpy(dtype=float)

    finite = np.isfinite(score)
    low, high = (score[finite].min(), score[finite].max()) if finite.any() else (0.0, 0.0)
    scaled = (score - low) / (high - low) if high > low else np.where(finite, 0.0, np.nan)
    risk = np.zeros(roi.size, dtype=np.float32)
    raw = np.full(roi.size, np.nan, dtype=np.float32)
    risk[frame.index], raw[frame.index] = scaled, score
    risk_image = _like(sitk, risk.reshape(roi.shape), img)
    score_image = _like(sitk, raw.reshape(roi.shape), img)

    files = {}
    if out is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        files = {"risk": folder / "risk_map.nii.gz", "score": folder / "risk_score.nii.gz",
                 "png": folder / "risk_map.png"}
        sitk.WriteImage(risk_image, str(files["risk"]))
        sitk.WriteImage(_like(sitk, np.nan_to_num(raw).reshape(roi.shape), img),
                        str(files["score"]))
        shown = int(np.argmax(roi.sum(axis=(1, 2)))) if slice_index is None else slice_index
        _draw(sitk.GetArrayFromImage(img)[shown], risk.reshape(roi.shape)[shown], roi[shown],
              alpha, files["png"], f"axial slice {shown}")
    return RiskMap(risk=risk_image, score=score_image, files=files,
                   meta={"window": window, "features": names, "score_range": (low, high),
                         "voxels": int(roi.sum())})


def _voxel_features(sitk, img, msk, label, params, names, window) -> dict:
    """Feature maps of ``names`` on the image's grid (NaN outside the ROI)."""
    from radstats.adapters.radiomics import _execute, _extractor

    voxel_params = _restrict(params, names)
    voxel_params.setdefault("voxelSetting", {}).update(kernelRadius=int(window),
                                                      initValue=float("nan"))
    voxel_params["setting"]["label"] = label
    result = _execute(_extractor(voxel_params), img, msk, label, f"label {label}",
                      voxelBased=True)
    maps = {}
    for name in names:
        if name not in result:
            raise InputError(f"PyRadiomics computed no voxel-wise {name!r}")
        maps[name] = sitk.Resample(sitk.Cast(result[name], sitk.sitkFloat64), img,
                                   sitk.Transform(), sitk.sitkNearestNeighbor, float("nan"))
    return maps


def _restrict(params: dict, names: list) -> dict:
    """The preset with only the image types, LoG sigmas and features the score uses."""
    enabled = params.get("imageType") or {"Original": {}}
    image_types, classes, sigmas = {}, {}, set()
    for name in names:
        parts = name.split("_")
        if len(parts) != 3:
            raise InputError(f"{name!r} is not a PyRadiomics feature name "
                             "(<image type>_<class>_<feature>)")
        head, feature_class, feature = parts
        image_type, sigma = _image_type(head)
        if image_type not in enabled:
            raise InputError(f"the risk score's {name!r} needs image type {image_type}, which "
                             "the preset does not enable")
        image_types.setdefault(image_type, copy.deepcopy(enabled[image_type] or {}))
        if sigma is not None:
            sigmas.add(sigma)
        classes.setdefault(feature_class, [])
        if feature not in classes[feature_class]:
            classes[feature_class].append(feature)
    if "LoG" in image_types:  # only the sigmas the score uses, spelt as in the preset
        listed = image_types["LoG"].get("sigma", (params.get("setting") or {}).get("sigma", []))
        image_types["LoG"]["sigma"] = [s for s in listed if float(s) in sigmas]
    return {"setting": copy.deepcopy(params.get("setting") or {}), "imageType": image_types,
            "featureClass": classes, "voxelSetting": copy.deepcopy(params.get("voxelSetting")
                                                                   or {})}


def _image_type(head: str) -> tuple[str, float | None]:
    """PyRadiomics' image type (and LoG sigma) from a feature name's first part."""
    from radstats.adapters.radiomics import _PREFIX

    match = re.fullmatch(r"log-sigma-(\d+)(?:-(\d+))?-mm-3D", head)
    if match:
        return "LoG", float(f"{match[1]}.{match[2] or 0}")
    for image_type, prefix in _PREFIX.items():  # "wavelet-LLH", "lbp-3D-m1", or the name
        if image_type != "LoG" and (head == prefix or (prefix.endswith("-")
                                                        and head.startswith(prefix))):
            return image_type, None
    raise InputError(f"unknown PyRadiomics image type {head!r} in the risk score")


def _like(sitk, array: np.ndarray, reference):
    image = sitk.GetImageFromArray(array)
    image.CopyInformation(reference)
    return image


def _draw(image_2d, risk_2d, roi_2d, alpha, path, title) -> None:
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.5, 5), layout="constrained")
    ax = fig.add_subplot()
    ax.imshow(image_2d, cmap="gray", interpolation="nearest")
    ax.imshow(np.ma.masked_where(~roi_2d, risk_2d), cmap="jet", vmin=0, vmax=1, alpha=alpha,
              interpolation="nearest")
    fig.colorbar(ScalarMappable(Normalize(0, 1), "jet"), ax=ax, label="normalised risk",
                 shrink=0.8)
    ax.set_title(title)
    ax.set_axis_off()
    fig.savefig(path, dpi=150)
