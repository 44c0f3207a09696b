"""Reading images and masks (NIfTI, NRRD, MHA, DICOM series) and checking that they match.

Every error names the file at fault. Needs the ``imaging`` extra (SimpleITK).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from radstats._core.errors import InputError
from radstats.adapters._deps import require


def describe(source) -> str:
    """How an image is named in messages: its path, or ``<SimpleITK image>``."""
    return f"'{source}'" if isinstance(source, (str, Path)) else "<SimpleITK image>"


def read_image(source, what: str = "image"):
    """Return ``source`` as a SimpleITK image.

    Parameters
    ----------
    source : str, pathlib.Path or SimpleITK.Image
        A file SimpleITK reads (NIfTI ``.nii``/``.nii.gz``, NRRD, MHA, ...), a
        folder holding one DICOM series, or an image (returned unchanged).
    what : str
        Names the argument in error messages ("image", "mask", ...).

    Examples
    --------
    >>> import SimpleITK as sitk
    >>> read_image(sitk.Image(4, 4, 4, sitk.sitkUInt8)).GetSize()
    (4, 4, 4)
    """
    sitk = require("SimpleITK")
    if isinstance(source, sitk.Image):
        return source
    if not isinstance(source, (str, Path)):
        raise InputError(f"`{what}` must be a path or a SimpleITK image, got "
                         f"{type(source).__name__}")
    path = Path(source)
    if not path.exists():
        raise InputError(f"{what} file '{path}' does not exist")
    try:
        if path.is_dir():
            return _read_dicom_series(sitk, path, what)
        return sitk.ReadImage(str(path))
    except RuntimeError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot read {what} file '{path}': {reason}") from None


def _read_dicom_series(sitk, folder: Path, what: str):
    series = sitk.ImageSeriesReader.GetGDCMSeriesIDs(str(folder))
    if not series:
        raise InputError(f"{what} folder '{folder}' holds no DICOM series")
    if len(series) > 1:
        raise InputError(f"{what} folder '{folder}' holds {len(series)} DICOM series "
                         f"{list(series)}: give a folder with one series")
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(sitk.ImageSeriesReader.GetGDCMSeriesFileNames(str(folder), series[0]))
    return reader.Execute()


def check_geometry(image, mask, image_name: str = "image", mask_name: str = "mask",
                   tolerance: float = 1e-5) -> None:
    """Raise an InputError naming what differs between the image's and the mask's grid.

    Size must be equal; spacing, origin and direction must agree to ``tolerance``
    (relative to the spacing for the origin, absolute for direction cosines).
    """
    differences = []
    if image.GetSize() != mask.GetSize():
        differences.append(f"size {image.GetSize()} vs {mask.GetSize()}")
    spacing = np.asarray(image.GetSpacing())
    if not np.allclose(spacing, mask.GetSpacing(), rtol=tolerance, atol=0):
        differences.append(f"spacing {_fmt(image.GetSpacing())} vs {_fmt(mask.GetSpacing())}")
    if not np.allclose(image.GetOrigin(), mask.GetOrigin(), rtol=0,
                       atol=tolerance * float(spacing.max())):
        differences.append(f"origin {_fmt(image.GetOrigin())} vs {_fmt(mask.GetOrigin())}")
    if not np.allclose(image.GetDirection(), mask.GetDirection(), rtol=0, atol=tolerance):
        differences.append(f"direction {_fmt(image.GetDirection())} vs "
                           f"{_fmt(mask.GetDirection())}")
    if differences:
        raise InputError(f"{image_name} and {mask_name} are on different grids: "
                         + "; ".join(differences))


def check_label(mask, label: int, mask_name: str = "mask") -> np.ndarray:
    """Return the boolean ROI array of ``label``; raise if the mask is empty or lacks it."""
    sitk = require("SimpleITK")
    values = sitk.GetArrayViewFromImage(mask)
    roi = values == label
    if roi.any():
        return roi
    present = np.unique(values)
    present = present[present != 0]
    if present.size == 0:
        raise InputError(f"mask {mask_name} is empty (no non-zero voxel)")
    raise InputError(f"mask {mask_name} has no voxel with label {label}; labels present: "
                     f"{present.tolist()[:10]}")


def _fmt(values) -> str:
    return "(" + ", ".join(f"{v:.6g}" for v in values) + ")"
