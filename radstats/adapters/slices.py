"""2.5D slice stacks: the largest-ROI slice and its neighbours, per plane and sequence.

Seed 004 feeds its networks the slice with the largest ROI cross-section and
the slices at +1, +2 and +4 from it, in the axial, sagittal and coronal planes
of each MRI sequence, cropped around the tumour and resized to 224 x 224.
Needs the ``imaging`` extra (SimpleITK).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy import ndimage

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats.adapters._deps import require
from radstats.adapters.images import check_geometry, check_label, describe, read_image

# Plane -> the axis of the (z, y, x) array of an LPS-oriented volume that it cuts.
PLANES = {"axial": 0, "coronal": 1, "sagittal": 2}
NORMALIZE = ("zscore", "minmax", None)


@dataclasses.dataclass(frozen=True, repr=False)
class SliceStack(Result):
    """2-D crops ready for a data loader, with one metadata row per crop.

    Attributes
    ----------
    images : ndarray, shape (n, size, size), float32
        The normalised crops.
    masks : ndarray, shape (n, size, size), uint8
        The ROI in each crop (nearest-neighbour resized).
    slices : DataFrame
        ``sequence, plane, offset, slice_index, clamped, roi_pixels, row0,
        col0, side``: where each crop comes from (``slice_index`` along the
        plane's axis of the LPS-oriented volume; ``clamped`` when the offset
        fell outside the volume and the edge slice was taken; the crop window
        ``row0, col0, side`` in that slice's pixels).
    """

    images: np.ndarray
    masks: np.ndarray
    slices: pd.DataFrame
    meta: dict = dataclasses.field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.slices

    def __repr__(self) -> str:
        return f"SliceStack(n={len(self.images)}, size={self.images.shape[1:]})"


def stack_25d(images: dict, mask, offsets=(0, 1, 2, 4), planes=("axial", "sagittal", "coronal"),
              size: int = 224, normalize: str | None = "zscore", label: int = 1, margin: int = 0,
              interpolation: str = "nearest", spacing: float | None = None) -> SliceStack:
    """Cut the largest-ROI slice and its offset neighbours from each sequence and plane.

    Parameters
    ----------
    images : dict
        Sequence name -> image (path, DICOM folder or SimpleITK image), all
        registered to ``mask``'s grid.
    mask : path or SimpleITK.Image
        The ROI (value ``label``).
    offsets : sequence of int, default (0, 1, 2, 4)
        Slices taken relative to the largest-ROI slice along each plane's
        axis (seed 004: 0, +1, +2, +4). Offsets past the volume's edge take the
        edge slice and are flagged ``clamped``.
    planes : sequence of {"axial", "sagittal", "coronal"}
    size : int, default 224
        Side of the square output crops.
    normalize : {"zscore", "minmax", None}, default "zscore"
        Per crop, after resizing: ``(x - mean) / sd`` or ``(x - min) / (max -
        min)`` (a constant crop becomes zeros).
    label : int, default 1
    margin : int, default 0
        Pixels added around the ROI's bounding box before the crop is squared.
    interpolation : {"nearest", "linear"}, default "nearest"
        Resizing of the image crops (seed 004: nearest neighbour).
    spacing : float, optional
        Resample every volume to this isotropic spacing (mm) first (linear for
        images, nearest for the mask), so sagittal and coronal crops are not
        squashed by thick slices.

    Returns
    -------
    SliceStack

    Notes
    -----
    Volumes are reoriented to LPS first, so axial slices cut the array's
    superior-inferior axis whatever the file's orientation; sagittal and
    coronal crops show superior at the top. The largest-ROI slice is the first
    index with the most ROI voxels. Each plane's crop window is the ROI's
    bounding box over the whole volume, squared about its centre, so all
    offsets share one window; pixels outside the volume are filled with the
    crop's minimum.

    Examples
    --------
    >>> import numpy as np, SimpleITK as sitk
    >>> mask = np.zeros((8, 10, 10), np.uint8)
    >>> mask[2:6, 3:7, 3:7] = 1
    >>> mask[4, 2:8, 2:8] = 1
    >>> image = sitk.GetImageFromArray(np.random.default_rng(0).normal(size=(8, 10, 10)))
    >>> stack = stack_25d({"T2": image}, sitk.GetImageFromArray(mask), planes=("axial",), size=16)
    >>> stack.images.shape, stack.slices["slice_index"].tolist()
    ((4, 16, 16), [4, 5, 6, 7])
    """
    sitk = require("SimpleITK")
    if not isinstance(images, dict) or not images:
        raise InputError("`images` must be a non-empty dict: sequence name -> image")
    unknown = [p for p in planes if p not in PLANES]
    if unknown or not planes:
        raise InputError(f"unknown plane(s) {unknown}; choose from {list(PLANES)}")
    if normalize not in NORMALIZE:
        raise InputError(f"`normalize` must be one of {NORMALIZE}, got {normalize!r}")
    if interpolation not in ("nearest", "linear"):
        raise InputError(f"`interpolation` must be 'nearest' or 'linear', got {interpolation!r}")
    if int(size) < 2:
        raise InputError(f"`size` must be at least 2, got {size}")
    offsets = [int(o) for o in offsets]

    msk = read_image(mask, "mask")
    check_label(msk, label, describe(mask))
    volumes = {}
    for sequence, source in images.items():
        img = read_image(source, f"{sequence} image")
        check_geometry(img, msk, f"sequence {sequence!r} {describe(source)}",
                       f"mask {describe(mask)}")
        volumes[sequence] = _oriented_array(sitk, img, spacing, sitk.sitkLinear)
    roi = _oriented_array(sitk, msk, spacing, sitk.sitkNearestNeighbor) == label

    crops, crop_masks, rows = [], [], []
    for sequence, volume in volumes.items():
        for plane in planes:
            axis = PLANES[plane]
            areas = roi.sum(axis=tuple(a for a in range(3) if a != axis))
            best = int(np.argmax(areas))
            window = _window(roi, axis, margin)
            for offset in offsets:
                index = min(max(best + offset, 0), roi.shape[axis] - 1)
                image_2d = _plane_slice(volume, axis, index)
                mask_2d = _plane_slice(roi, axis, index)
                crops.append(_resize(_crop(image_2d, window), size, interpolation == "linear"))
                crop_masks.append(_resize(_crop(mask_2d.astype(np.float32), window), size, False))
                rows.append({"sequence": sequence, "plane": plane, "offset": offset,
                             "slice_index": index, "clamped": index != best + offset,
                             "roi_pixels": int(mask_2d.sum()), "row0": window[0],
                             "col0": window[1], "side": window[2]})
    stacked = np.stack(crops).astype(np.float32)
    if normalize is not None:
        stacked = np.stack([_normalize(c, normalize) for c in stacked])
    return SliceStack(images=stacked, masks=np.stack(crop_masks).astype(np.uint8),
                      slices=pd.DataFrame(rows),
                      meta={"offsets": offsets, "planes": list(planes), "size": int(size),
                            "normalize": normalize, "spacing": spacing, "label": label})


def _oriented_array(sitk, image, spacing, interpolator) -> np.ndarray:
    """The (z, y, x) array of ``image`` in LPS orientation, optionally resampled isotropically."""
    image = sitk.DICOMOrient(image, "LPS")
    if spacing is not None:
        old_size, old_spacing = np.array(image.GetSize()), np.array(image.GetSpacing())
        new_size = np.maximum(np.round(old_size * old_spacing / spacing), 1).astype(int)
        image = sitk.Resample(image, [int(n) for n in new_size], sitk.Transform(), interpolator,
                              image.GetOrigin(), (float(spacing),) * 3, image.GetDirection(),
                              0.0, image.GetPixelID())
    return sitk.GetArrayFromImage(image)


def _plane_slice(volume: np.ndarray, axis: int, index: int) -> np.ndarray:
    """The 2-D slice at ``index`` along ``axis``; superior up for sagittal and coronal."""
    cut = np.take(volume, index, axis=axis)
    return cut if axis == 0 else cut[::-1]


def _window(roi: np.ndarray, axis: int, margin: int) -> tuple[int, int, int]:
    """(row0, col0, side): a square around the ROI's bounding box in this plane."""
    footprint = _plane_slice(roi.any(axis=axis, keepdims=True), axis, 0)
    rows, cols = np.flatnonzero(footprint.any(axis=1)), np.flatnonzero(footprint.any(axis=0))
    top, bottom = rows[0] - margin, rows[-1] + margin
    left, right = cols[0] - margin, cols[-1] + margin
    side = int(max(bottom - top, right - left)) + 1
    row0 = int((top + bottom + 1 - side) // 2)
    col0 = int((left + right + 1 - side) // 2)
    return row0, col0, side


def _crop(slice_2d: np.ndarray, window) -> np.ndarray:
    row0, col0, side = window
    fill = slice_2d.min()
    out = np.full((side, side), fill, dtype=np.float32)
    r0, c0 = max(row0, 0), max(col0, 0)
    r1, c1 = min(row0 + side, slice_2d.shape[0]), min(col0 + side, slice_2d.shape[1])
    out[r0 - row0:r1 - row0, c0 - col0:c1 - col0] = slice_2d[r0:r1, c0:c1]
    return out


def _resize(crop: np.ndarray, size: int, linear: bool) -> np.ndarray:
    if linear:
        return ndimage.zoom(crop, size / crop.shape[0], order=1, mode="nearest", grid_mode=True)
    index = np.minimum((np.arange(size) + 0.5) * crop.shape[0] / size, crop.shape[0] - 1)
    index = index.astype(int)
    return crop[np.ix_(index, index)]


def _normalize(crop: np.ndarray, how: str) -> np.ndarray:
    if how == "zscore":
        sd = crop.std()
        return (crop - crop.mean()) / sd if sd > 0 else np.zeros_like(crop)
    span = crop.max() - crop.min()
    return (crop - crop.min()) / span if span > 0 else np.zeros_like(crop)
