"""PyRadiomics extraction: phantoms with known answers, file formats, bad input."""

import sys

import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from tests._phantoms import (
    IBSI_MASK, IBSI_PHANTOM, noisy_sphere, require, sphere_mask, to_image, write_dicom_series,
)

sitk = require("SimpleITK")
require("radiomics")

from radstats.adapters.radiomics import LowBinCountWarning, extract  # noqa: E402

SMALL = {"setting": {"binWidth": 25.0}, "featureClass": {"firstorder": [], "glcm": []}}


def within_reported_digits(value: float, reported: str) -> bool:
    """``value`` rounds to ``reported`` (IBSI gives 3 significant digits)."""
    decimals = len(reported.split(".")[1]) if "." in reported else 0
    return abs(value - float(reported)) <= 0.5 * 10 ** -decimals * (1 + 1e-9)


def test_ibsi_digital_phantom_morphology_and_intensity():
    image, mask = to_image(IBSI_PHANTOM, (2.0, 2.0, 2.0)), to_image(IBSI_MASK, (2.0, 2.0, 2.0))
    params = {"setting": {"binWidth": 1.0}, "featureClass": {"shape": [], "firstorder": []}}
    f = extract(image, mask, preset=params)
    # IBSI reference values (3 significant digits); PyRadiomics' kurtosis is not excess.
    reference = {
        "shape_MeshVolume": "556", "shape_VoxelVolume": "592", "shape_SurfaceArea": "388",
        "shape_SurfaceVolumeRatio": "0.698", "shape_Sphericity": "0.843",
        "shape_Maximum3DDiameter": "13.1", "shape_Elongation": "0.816",
        "shape_Flatness": "0.749", "firstorder_Mean": "2.15", "firstorder_Variance": "3.05",
        "firstorder_Skewness": "1.08", "firstorder_Median": "1", "firstorder_Minimum": "1",
        "firstorder_10Percentile": "1", "firstorder_90Percentile": "4",
        "firstorder_Maximum": "6", "firstorder_InterquartileRange": "3",
        "firstorder_Range": "5", "firstorder_MeanAbsoluteDeviation": "1.55",
        "firstorder_RobustMeanAbsoluteDeviation": "1.11", "firstorder_Energy": "567",
        "firstorder_RootMeanSquared": "2.77", "firstorder_Entropy": "1.27",
        "firstorder_Uniformity": "0.512",
    }
    wrong = {k: (f[f"original_{k}"], v) for k, v in reference.items()
             if not within_reported_digits(f[f"original_{k}"], v)}
    assert wrong == {}
    assert within_reported_digits(f["original_firstorder_Kurtosis"] - 3, "-0.355")


def test_sphere_volume_and_surface_within_discretisation():
    radius = 10
    mask = to_image(sphere_mask((26, 26, 26), (13, 13, 13), radius))
    image = to_image(np.full((26, 26, 26), 50.0))
    f = extract(image, mask, preset={"featureClass": {"shape": []}})
    assert f["original_shape_VoxelVolume"] == sitk.GetArrayFromImage(mask).sum()
    assert f["original_shape_MeshVolume"] == pytest.approx(4 / 3 * np.pi * radius ** 3, rel=0.02)
    # Marching cubes on a binary ball follows the voxel staircase: the area is overestimated
    # by about 9% at any resolution, and the sphericity is about 0.92 instead of 1.
    area = f["original_shape_SurfaceArea"] / (4 * np.pi * radius ** 2)
    assert 1.0 < area < 1.12
    assert f["original_shape_Maximum3DDiameter"] == pytest.approx(2 * radius, abs=1.0)
    assert 0.88 < f["original_shape_Sphericity"] < 0.96
    assert f["original_shape_Elongation"] == pytest.approx(1.0, abs=1e-6)


def test_uniform_region_first_order_and_texture():
    rng = np.random.default_rng(1)
    values = rng.normal(0, 30, (12, 12, 12))
    inside = sphere_mask((12, 12, 12), (6, 6, 6), 4)
    values[inside == 1] = 137.0
    with pytest.warns(LowBinCountWarning):
        f = extract(to_image(values), to_image(inside), preset=SMALL)
    assert f["original_firstorder_Mean"] == pytest.approx(137.0)
    assert f["original_firstorder_Median"] == pytest.approx(137.0)
    assert f["original_firstorder_Variance"] == pytest.approx(0.0, abs=1e-12)
    assert f["original_firstorder_Range"] == pytest.approx(0.0, abs=1e-12)
    assert f["original_firstorder_Entropy"] == pytest.approx(0.0, abs=1e-12)
    assert f["original_firstorder_Uniformity"] == pytest.approx(1.0)
    assert f["original_glcm_JointEnergy"] == pytest.approx(1.0)
    assert f["original_glcm_Contrast"] == pytest.approx(0.0, abs=1e-12)


def test_nifti_nrrd_and_dicom_round_trips_give_identical_features(tmp_path):
    image, mask = noisy_sphere()
    image = sitk.Cast(sitk.Round(image), sitk.sitkInt16)  # DICOM stores integers
    expected = extract(image, mask, preset=SMALL)
    for suffix in (".nii.gz", ".nrrd"):
        sitk.WriteImage(image, str(tmp_path / f"image{suffix}"))
        sitk.WriteImage(mask, str(tmp_path / f"mask{suffix}"))
        got = extract(tmp_path / f"image{suffix}", str(tmp_path / f"mask{suffix}"), preset=SMALL)
        pd.testing.assert_series_equal(got, expected, rtol=1e-12)
    write_dicom_series(image, tmp_path / "dicom")
    got = extract(tmp_path / "dicom", tmp_path / "mask.nii.gz", preset=SMALL)
    pd.testing.assert_series_equal(got, expected, rtol=1e-12)


def test_seed000_preset_gives_every_image_type_including_lbp3d():
    image, mask = noisy_sphere(shape=(16, 18, 18), radius=5)
    f = extract(image, mask)  # preset="seed000"
    heads = {name.split("_", 1)[0] for name in f.index}
    expected = ({"original", "square", "squareroot", "logarithm", "exponential", "gradient",
                 "lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"}
                | {f"wavelet-{d}" for d in ("LLL", "LLH", "LHL", "LHH", "HLL", "HLH", "HHL",
                                            "HHH")}
                | {f"log-sigma-{s}-0-mm-3D" for s in (1, 3, 5)})
    assert heads == expected
    assert len(f) == 1874  # 14 shape + 20 images x 93 (first order + texture)
    assert f.notna().sum() > 1800
    # normalizeScale keeps the ROI over several bins of width 25: texture is not degenerate
    assert f["original_glcm_Contrast"] > 0.5


def test_lbp3d_compat_matches_scipy_sph_harm_convention():
    from radstats.adapters._lbp import sph_harm

    theta, phi = np.array([0.3, 2.0, -1.2]), np.array([0.5, 1.1, 2.9])  # azimuth, polar
    np.testing.assert_allclose(sph_harm(0, 0, theta, phi), 0.5 / np.sqrt(np.pi))
    np.testing.assert_allclose(sph_harm(0, 1, theta, phi), 0.5 * np.sqrt(3 / np.pi) * np.cos(phi))
    np.testing.assert_allclose(sph_harm(1, 1, theta, phi),
                               -0.5 * np.sqrt(1.5 / np.pi) * np.exp(1j * theta) * np.sin(phi))
    np.testing.assert_allclose(sph_harm(-1, 1, theta, phi),
                               0.5 * np.sqrt(1.5 / np.pi) * np.exp(-1j * theta) * np.sin(phi))


def test_an_image_type_that_yields_nothing_is_an_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "trimesh.creation", None)  # LBP3D cannot run
    image, mask = noisy_sphere(shape=(12, 14, 14), radius=4)
    params = {"imageType": {"Original": {}, "LBP3D": {}}, "featureClass": {"firstorder": []}}
    with pytest.raises(InputError, match=r"no feature for image type\(s\) \['LBP3D'\]"):
        extract(image, mask, preset=params)


def test_low_bin_count_warns_and_names_normalize_scale():
    image, mask = noisy_sphere()
    params = {"setting": {"binWidth": 25.0, "normalize": True},
              "featureClass": {"firstorder": [], "glcm": []}}
    with pytest.warns(LowBinCountWarning, match="normalizeScale"):
        extract(image, mask, preset=params)


@pytest.mark.parametrize("change, word", [
    (lambda m: m.SetSpacing((1.0, 1.0, 2.0)), "spacing"),
    (lambda m: m.SetOrigin((0.0, 5.0, 0.0)), "origin"),
    (lambda m: m.SetDirection((0, 1, 0, 1, 0, 0, 0, 0, 1)), "direction"),
])
def test_geometry_mismatch_names_what_differs(change, word):
    image, mask = noisy_sphere()
    change(mask)
    with pytest.raises(InputError, match=f"different grids: {word}"):
        extract(image, mask, preset=SMALL)


def test_size_mismatch_names_size():
    image, _ = noisy_sphere()
    with pytest.raises(InputError, match=r"size \(24, 24, 20\) vs \(24, 24, 19\)"):
        extract(image, to_image(sphere_mask((19, 24, 24), (9, 12, 12), 5)), preset=SMALL)


def test_empty_mask_and_missing_label():
    image, mask = noisy_sphere()
    with pytest.raises(InputError, match="no voxel with label 2; labels present: \\[1\\]"):
        extract(image, mask, preset=SMALL, label=2)
    with pytest.raises(InputError, match="empty"):
        extract(image, mask * 0, preset=SMALL)


def test_unreadable_and_missing_files_are_named(tmp_path):
    image, mask = noisy_sphere()
    broken = tmp_path / "broken.nii.gz"
    broken.write_bytes(b"not an image at all")
    with pytest.raises(InputError, match="cannot read image file '.*broken.nii.gz'"):
        extract(broken, mask, preset=SMALL)
    with pytest.raises(InputError, match="mask file '.*nowhere.nrrd' does not exist"):
        extract(image, tmp_path / "nowhere.nrrd", preset=SMALL)
    (tmp_path / "empty_dir").mkdir()
    with pytest.raises(InputError, match="holds no DICOM series"):
        extract(tmp_path / "empty_dir", mask, preset=SMALL)


def test_unknown_preset_keys_are_named(tmp_path):
    image, mask = noisy_sphere()
    params = {"setting": {"binWdth": 25}, "imageType": {"Waveletz": {}, "LoG": {"sigmas": [1]}},
              "featureClass": {"glcm": ["Contrastt"]}, "extra": 1}
    with pytest.raises(InputError) as caught:
        extract(image, mask, preset=params)
    for name in ("setting.binWdth", "'Waveletz'", "imageType.LoG.sigmas",
                 "featureClass.glcm.Contrastt", "section 'extra'"):
        assert name in str(caught.value)
    with pytest.raises(InputError, match="neither a preset name"):
        extract(image, mask, preset="seed999")
    yaml_file = tmp_path / "params.yaml"
    yaml_file.write_text("setting:\n  binWidth: 25\n  normalise: true\n")
    with pytest.raises(InputError, match="setting.normalise"):
        extract(image, mask, preset=yaml_file)


def test_parameter_file_equals_dict(tmp_path):
    image, mask = noisy_sphere()
    yaml_file = tmp_path / "params.yaml"
    yaml_file.write_text("setting:\n  binWidth: 25\nfeatureClass:\n  firstorder: []\n  glcm: []\n")
    pd.testing.assert_series_equal(extract(image, mask, preset=yaml_file),
                                   extract(image, mask, preset=SMALL))


def test_roi_pyradiomics_rejects_is_an_input_error():
    image, _ = noisy_sphere()
    single = np.zeros((20, 24, 24), np.uint8)
    single[10, 12, 12] = 1
    with pytest.raises(InputError, match="PyRadiomics rejected the ROI"):
        extract(image, to_image(single), preset=SMALL)
