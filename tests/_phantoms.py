"""Synthetic images with known answers for the imaging adapter tests."""

from __future__ import annotations

import locale
import os

import numpy as np
import pytest


def require(module: str):
    """Import an optional test dependency: skipped locally when absent, required in CI."""
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)


def to_image(array, spacing=(1.0, 1.0, 1.0), origin=(0.0, 0.0, 0.0)):
    """A SimpleITK image from a (z, y, x) array."""
    import SimpleITK as sitk

    image = sitk.GetImageFromArray(array)
    image.SetSpacing(spacing)
    image.SetOrigin(origin)
    return image


def sphere_mask(shape, center, radius) -> np.ndarray:
    """A (z, y, x) uint8 ball of ``radius`` voxels around ``center``."""
    z, y, x = np.indices(shape)
    cz, cy, cx = center
    return (((z - cz) ** 2 + (y - cy) ** 2 + (x - cx) ** 2) <= radius ** 2).astype(np.uint8)


def noisy_sphere(seed=0, shape=(20, 24, 24), radius=6, mean=300.0, sd=60.0):
    """(image, mask) SimpleITK images: Gaussian noise in a ball on a darker background."""
    rng = np.random.default_rng(seed)
    center = tuple(s // 2 for s in shape)
    mask = sphere_mask(shape, center, radius)
    image = rng.normal(100.0, 10.0, shape)
    image[mask == 1] = rng.normal(mean, sd, int(mask.sum()))
    return to_image(image), to_image(mask)


# IBSI digital phantom (Zwanenburg et al., IBSI reference manual; data CC BY 4.0):
# 5 x 4 x 4 voxels of 2 mm; the mask leaves out six voxels, one of them inside.
IBSI_PHANTOM = np.array([
    [[1, 1, 1, 1], [1, 1, 1, 1], [4, 1, 1, 1], [4, 4, 1, 1]],
    [[4, 4, 4, 4], [4, 1, 1, 1], [1, 1, 1, 1], [4, 4, 1, 1]],
    [[4, 4, 4, 4], [6, 6, 1, 1], [6, 3, 9, 1], [6, 6, 6, 6]],
    [[1, 1, 1, 1], [1, 1, 1, 1], [4, 1, 1, 1], [4, 1, 1, 1]],
    [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]],
], dtype=float)
IBSI_MASK = np.ones((5, 4, 4), dtype=np.uint8)
IBSI_MASK[0, 2, 1] = IBSI_MASK[2, 2, 2] = 0
IBSI_MASK[3, 0, 2:] = IBSI_MASK[4, 0, 2:] = 0


def write_dicom_series(image, folder) -> None:
    """Write a 3-D int16 SimpleITK image as one DICOM series (one file per slice).

    GDCM's writer sets the C locale's LC_CTYPE to "C" and leaves it there (Python's
    default text encoding would then be ASCII for the rest of the session): it is restored.
    """
    saved = locale.setlocale(locale.LC_CTYPE)
    try:
        _write_dicom_series(image, folder)
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


def _write_dicom_series(image, folder) -> None:
    import SimpleITK as sitk

    folder.mkdir(parents=True, exist_ok=True)
    image = sitk.Cast(image, sitk.sitkInt16)
    writer = sitk.ImageFileWriter()
    writer.KeepOriginalImageUIDOn()
    direction = image.GetDirection()
    orientation = "\\".join(str(v) for v in direction[:3] + direction[3:6])
    series_uid = "1.2.826.0.1.3680043.2.1125.1.42"
    for k in range(image.GetDepth()):
        slice_k = image[:, :, k]
        position = image.TransformIndexToPhysicalPoint((0, 0, k))
        tags = {"0008|0060": "MR", "0020|000d": "1.2.826.0.1.3680043.2.1125.1.41",
                "0020|000e": series_uid, "0020|0037": orientation,
                "0020|0032": "\\".join(str(v) for v in position),
                "0020|0013": str(k + 1), "0018|0050": str(image.GetSpacing()[2]),
                "0008|0018": f"{series_uid}.{k + 1}"}
        for tag, value in tags.items():
            slice_k.SetMetaData(tag, value)
        writer.SetFileName(str(folder / f"slice{k:03d}.dcm"))
        writer.Execute(slice_k)
