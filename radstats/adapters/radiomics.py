"""PyRadiomics feature extraction: one case, a batch from a manifest, two readers.

Needs the ``imaging`` extra (SimpleITK, pyradiomics-bhklab, trimesh, tqdm).
PyRadiomics computes every feature; radstats checks inputs and parameters,
makes LBP3D work on current SciPy, refuses silent gaps (an image type that
yields nothing), and makes batches resumable with their provenance recorded.
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
from functools import cache

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats.adapters import _params
from radstats.adapters._deps import require
from radstats.adapters._lbp import ensure_sph_harm
from radstats.adapters.images import check_geometry, check_label, describe, read_image

# First part of PyRadiomics' feature names ("wavelet-LLH_glcm_Contrast") per image type.
_PREFIX = {"Original": "original", "Wavelet": "wavelet-", "LoG": "log-sigma-", "LBP2D": "lbp-2D",
           "LBP3D": "lbp-3D-", "Square": "square", "SquareRoot": "squareroot",
           "Logarithm": "logarithm", "Exponential": "exponential", "Gradient": "gradient"}
LOW_BIN_COUNT = 8
_TEXTURE = ("glcm", "glrlm", "glszm", "gldm", "ngtdm")


class LowBinCountWarning(UserWarning):
    """The ROI's intensities fall into so few bins that texture features degenerate."""


def extract(image, mask, preset="seed000", label: int = 1) -> pd.Series:
    """PyRadiomics features of one ROI.

    Parameters
    ----------
    image, mask : str, pathlib.Path or SimpleITK.Image
        Files SimpleITK reads (NIfTI, NRRD, MHA ...), folders holding one DICOM
        series, or images. They must share one grid (size, spacing, origin,
        direction).
    preset : "seed000", path or dict, default "seed000"
        PyRadiomics parameters: a preset name, a YAML/JSON parameter file, or
        the same structure as a dict (``setting``, ``imageType``,
        ``featureClass``, ``voxelSetting``). ``"seed000"`` is seed 000's
        protocol (see Notes).
    label : int, default 1
        The mask value of the ROI.

    Returns
    -------
    pandas.Series
        Feature values (float) named as PyRadiomics names them
        (``<image type>_<class>_<feature>``); PyRadiomics' diagnostics are left out.

    Raises
    ------
    InputError
        Unreadable file (named); image and mask on different grids (says which
        of size, spacing, origin, direction); an empty mask or one without
        ``label``; unknown parameter keys (named); an ROI PyRadiomics rejects;
        an enabled image type (or LoG sigma) that produced no feature.

    Warns
    -----
    LowBinCountWarning
        When texture classes are enabled and the original image's ROI spans
        fewer than 8 bins of ``binWidth`` (e.g. ``normalize`` without
        ``normalizeScale``).

    Notes
    -----
    The ``seed000`` preset: resampling to 1 x 1 x 1 mm (B-spline), z-score
    normalisation (``normalize``) scaled by ``normalizeScale`` = 100 with
    ``voxelArrayShift`` = 300, bin width 25; feature classes shape, first
    order, GLCM, GLRLM, GLSZM, GLDM and NGTDM; image types Original, Wavelet
    (8 decompositions), LoG (sigma 1, 3 and 5 mm), LBP3D (2 levels: m1, m2 and
    kurtosis), Square, SquareRoot, Logarithm, Exponential and Gradient: 1,874
    features with pyradiomics-bhklab 3.1.4 (the seed reports 1,731 from an
    older PyRadiomics with fewer features per class). PyRadiomics z-scores
    over the whole image.

    No R package computes these features; values are PyRadiomics' own
    (IBSI-compliant up to its documented deviations).

    Examples
    --------
    >>> import numpy as np, SimpleITK as sitk
    >>> image = sitk.GetImageFromArray(np.full((6, 6, 6), 100.0))
    >>> mask = sitk.GetImageFromArray(np.pad(np.ones((4, 4, 4), np.uint8), 1))
    >>> small = {"featureClass": {"firstorder": ["Mean", "Variance"]}}
    >>> extract(image, mask, preset=small).round(6).tolist()
    [100.0, 0.0]
    """
    params, _ = _params.resolve(preset)
    img, msk = read_image(image, "image"), read_image(mask, "mask")
    return _extract_images(img, msk, params, label, describe(image), describe(mask))


def _extract_images(img, msk, params: dict, label: int, image_name: str,
                    mask_name: str) -> pd.Series:
    settings = params.setdefault("setting", {})
    check_geometry(img, msk, f"image {image_name}", f"mask {mask_name}",
                   tolerance=settings.get("geometryTolerance") or 1e-5)
    check_label(msk, label, mask_name)
    settings["label"] = label
    extractor = _extractor(params)
    result = _execute(extractor, img, msk, label, f"mask {mask_name}")
    features = pd.Series({k: float(v) for k, v in result.items()
                          if not k.startswith("diagnostics_")}, dtype=float)
    _check_image_types(features, extractor, mask_name)
    _check_bin_count(features, settings, extractor.enabledFeatures, mask_name)
    return features


@cache
def _quiet_pyradiomics() -> None:
    """PyRadiomics logs warnings for routine events; radstats raises on the ones that matter."""
    require("radiomics").setVerbosity(logging.ERROR)


def _extractor(params: dict):
    featureextractor = require("radiomics.featureextractor")
    _quiet_pyradiomics()
    ensure_sph_harm()  # process-wide: see radstats.adapters._lbp
    try:
        return featureextractor.RadiomicsFeatureExtractor(params)
    except Exception as exc:  # pykwalify's SchemaError: a value of the wrong type or range
        raise InputError(f"invalid PyRadiomics parameters: {exc}") from None


def _execute(extractor, img, msk, label: int, roi: str, **options):
    """``extractor.execute``, PyRadiomics' checks of the ROI (size, dimensions) turned
    into an :class:`InputError` naming ``roi``."""
    try:
        return extractor.execute(img, msk, label=label, **options)
    except ValueError as exc:
        raise InputError(f"PyRadiomics rejected the ROI of {roi}: {exc}") from None


def _check_image_types(features: pd.Series, extractor, mask_name: str) -> None:
    textural = [c for c in extractor.enabledFeatures if c not in ("shape", "shape2D")]
    if not textural:
        return
    heads = {name.split("_", 1)[0] for name in features.index}
    expected = {}
    for image_type, custom in extractor.enabledImagetypes.items():
        prefix = _PREFIX[image_type]
        if image_type == "LoG":
            sigmas = (custom or {}).get("sigma", extractor.settings.get("sigma", []))
            for sigma in sigmas:
                expected[f"LoG sigma {sigma}"] = f"log-sigma-{str(sigma).replace('.', '-')}-mm-3D"
        else:
            expected[image_type] = prefix
    missing = [label for label, prefix in expected.items()
               if not any(h == prefix or (prefix.endswith("-") and h.startswith(prefix))
                          for h in heads)]
    if missing:
        raise InputError(
            f"PyRadiomics produced no feature for image type(s) {missing} (mask {mask_name}); "
            "see its log: a LoG sigma too large for the cropped image, or a filter whose "
            "dependency is missing (LBP3D needs trimesh)")


def _check_bin_count(features: pd.Series, settings: dict, enabled: dict, mask_name: str) -> None:
    """Warn when the texture matrices of the original image would have few grey levels."""
    if not set(enabled) & set(_TEXTURE):
        return
    width = settings.get("binWidth", 25) if "binCount" not in settings else None
    value_range = features.get("original_firstorder_Range")
    if width is None or value_range is None:
        return
    bins = int(np.floor(value_range / width)) + 1
    if bins < LOW_BIN_COUNT:
        hint = (" normalize=True scales intensities to about +/-3 unless normalizeScale is set "
                "(e.g. 100)." if settings.get("normalize") and not settings.get("normalizeScale")
                else "")
        warnings.warn(f"the ROI of mask {mask_name} spans about {bins} bin(s) of width {width}: "
                      f"texture features will be degenerate.{hint}", LowBinCountWarning,
                      stacklevel=3)


@dataclasses.dataclass(frozen=True, repr=False)
class BatchResult:
    """Features of the cases that succeeded, the failures, and the provenance."""

    features: pd.DataFrame
    failures: pd.DataFrame
    provenance: dict
    meta: dict = dataclasses.field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.features

    def __repr__(self) -> str:
        return (f"BatchResult(cases={len(self.features)}, failed={len(self.failures)}, "
                f"features={self.features.shape[1]}, out={self.meta.get('out')!r})")


def extract_batch(manifest, out, preset="seed000", label: int = 1, n_jobs: int = 1,
                  resume: bool = True, progress: bool = True) -> BatchResult:
    """Extract the features of every case of a manifest, resumably.

    Parameters
    ----------
    manifest : str, pathlib.Path or DataFrame
        A CSV (or frame) with columns ``patient_id, image, mask`` and, where
        several rows belong to one patient, ``reader`` and/or ``sequence``.
        Relative paths are taken from the manifest's folder.
    out : str or pathlib.Path
        The table to write: ``.csv`` or ``.parquet``. Beside it go
        ``<out>.cases/`` (one JSON file per finished case, written atomically
        as it finishes), ``<stem>.failures.csv`` and ``<stem>.provenance.json``.
    preset, label
        As for :func:`extract`.
    n_jobs : int, default 1
        Cases extracted in parallel (joblib processes).
    resume : bool, default True
        Keep the cases already finished in ``<out>.cases/`` (failed cases are
        retried); ``False`` starts afresh. Resuming with another preset is an error.
    progress : bool, default True
        Show a progress bar (tqdm) on stderr.

    Returns
    -------
    BatchResult
        ``features``: one row per finished case in manifest order, with
        ``patient_id`` (and ``reader``/``sequence``) columns; ``failures``:
        ``patient_id, reader, sequence, image, mask, error`` of each failed
        case; ``provenance``: preset, parameters, their hash, label and
        package versions (also in the output file's ``attrs`` for Parquet).

    Notes
    -----
    A failing case (unreadable file, empty mask, ...) is recorded and the
    batch goes on. Killing the batch loses at most the cases in progress:
    rerun the same call to finish it.
    """
    from radstats.adapters import _batch

    params, name = _params.resolve(preset)
    return _batch.run(manifest, out, params, name, label, n_jobs, resume, progress)


@dataclasses.dataclass(frozen=True, repr=False)
class ReaderAgreement:
    """Each reader's feature table and the ICC filter over them."""

    readers: dict
    icc: object
    batch: BatchResult
    meta: dict = dataclasses.field(default_factory=dict)

    @property
    def kept(self) -> list:
        """Features reproducible between readers (ICC above the threshold)."""
        return self.icc.kept

    def to_frame(self) -> pd.DataFrame:
        return self.icc.table

    def __repr__(self) -> str:
        return (f"ReaderAgreement(readers={list(self.readers)}, patients="
                f"{len(next(iter(self.readers.values())))}, kept={len(self.kept)}/"
                f"{len(self.icc.table)})")


def reader_agreement(manifest, out, preset="seed000", label: int = 1, threshold: float = 0.75,
                     form: str = "icc2", n_jobs: int = 1, resume: bool = True,
                     progress: bool = True) -> ReaderAgreement:
    """Extract every reader's ROI and keep the features reproducible between readers.

    The manifest has a ``reader`` column (two or more readers, one mask each
    per patient). Runs :func:`extract_batch`, splits the table by reader
    (rows = patients present for every reader), and hands the frames to
    :func:`radstats.selection.icc_filter` (``threshold``, ``form``).

    Returns
    -------
    ReaderAgreement
        ``readers`` (reader -> features by patient), ``icc`` (the
        :class:`~radstats.selection.ICCFilterResult`), ``batch`` and ``kept``.
    """
    from radstats.selection import icc_filter

    batch = extract_batch(manifest, out, preset, label, n_jobs, resume, progress)
    table = batch.features
    if "reader" not in table.columns:
        raise InputError("the manifest needs a `reader` column for reader agreement")
    readers = sorted(table["reader"].astype(str).unique())
    if len(readers) < 2:
        raise InputError(f"reader agreement needs two or more readers, found {readers}")
    if "sequence" in table.columns and table["sequence"].nunique() > 1:
        raise InputError("reader agreement takes one sequence at a time; the manifest has "
                         f"{sorted(table['sequence'].astype(str).unique())}")
    feature_cols = [c for c in table.columns if c not in ("patient_id", "reader", "sequence")]
    frames = {r: table[table["reader"].astype(str) == r].set_index("patient_id")[feature_cols]
              for r in readers}
    common = sorted(set.intersection(*(set(f.index) for f in frames.values())), key=str)
    dropped = sorted(set.union(*(set(f.index) for f in frames.values())) - set(common), key=str)
    if dropped:
        warnings.warn(f"patient(s) {dropped[:10]} lack a finished case for every reader and "
                      "are left out of the ICC", UserWarning, stacklevel=2)
    frames = {r: f.loc[common] for r, f in frames.items()}
    result = icc_filter(*frames.values(), threshold=threshold, form=form)
    return ReaderAgreement(readers=frames, icc=result, batch=batch,
                           meta={"readers": readers, "left_out": dropped})
