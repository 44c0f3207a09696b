"""Voxel-wise risk maps on a phantom whose textured half must come out riskier."""

import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from radstats.selection import RiskScore, ZScore
from tests._phantoms import require, to_image

sitk = require("SimpleITK")
require("radiomics")

from radstats.adapters.heatmap import risk_map  # noqa: E402

SHAPE = (8, 14, 18)
PRESET = {"setting": {"binWidth": 10.0}}


def half_textured(spacing=(1.0, 1.0, 1.0)):
    """A box ROI: smooth on the left (x < 9), noisy on the right."""
    rng = np.random.default_rng(0)
    values = rng.normal(100, 2, SHAPE)
    values[:, :, 9:] = rng.normal(100, 40, (SHAPE[0], SHAPE[1], SHAPE[2] - 9))
    mask = np.zeros(SHAPE, np.uint8)
    mask[1:7, 3:11, 3:15] = 1
    return to_image(values, spacing), to_image(mask, spacing), mask


def test_the_textured_region_gets_the_higher_risk(tmp_path):
    image, mask, roi = half_textured()
    score = RiskScore({"original_glcm_Contrast": 0.1, "original_firstorder_Variance": 0.001,
                       "original_shape_Sphericity": 3.0})
    result = risk_map(image, mask, score, window=1, preset=PRESET, out=tmp_path)
    risk = sitk.GetArrayFromImage(result.risk)
    inside = roi == 1
    assert risk.min() >= 0 and risk.max() == pytest.approx(1) and np.all(risk[~inside] == 0)
    smooth, rough = risk[1:7, 3:11, 3:8].mean(), risk[1:7, 3:11, 10:15].mean()
    assert rough > smooth + 0.3
    # written maps keep the image's grid; the raw score is NaN outside the ROI (0 on file)
    written = sitk.ReadImage(str(result.files["risk"]))
    assert written.GetSize() == image.GetSize() and written.GetSpacing() == image.GetSpacing()
    raw = sitk.GetArrayFromImage(result.score)
    assert np.isnan(raw[~inside]).all() and np.isfinite(raw[inside]).all()
    on_file = sitk.GetArrayFromImage(sitk.ReadImage(str(result.files["score"])))
    np.testing.assert_array_equal(on_file, np.nan_to_num(raw))
    # shape terms are one constant for the ROI: they shift the score, not the map
    without_shape = risk_map(image, mask, RiskScore({"original_glcm_Contrast": 0.1,
                                                     "original_firstorder_Variance": 0.001}),
                             window=1, preset=PRESET)
    np.testing.assert_allclose(sitk.GetArrayFromImage(without_shape.risk), risk, atol=1e-6)
    shift = raw[inside] - sitk.GetArrayFromImage(without_shape.score)[inside]
    np.testing.assert_allclose(shift, shift[0], rtol=1e-5)
    png = sitk.ReadImage(str(result.files["png"]))
    assert png.GetSize()[0] > 300


def test_resampled_preset_maps_back_to_the_image_grid_and_scaler_applies(tmp_path):
    image, mask, roi = half_textured(spacing=(1.0, 1.0, 1.5))
    preset = {"setting": {"binWidth": 10.0, "resampledPixelSpacing": [1.0, 1.0, 1.0]}}
    scaler = ZScore().fit(pd.DataFrame({"original_firstorder_Variance": [100.0, 900.0, 1600.0]}))
    score = RiskScore({"original_firstorder_Variance": 1.0})
    result = risk_map(image, mask, score, window=1, preset=preset, scaler=scaler)
    assert result.risk.GetSize() == image.GetSize()
    risk = sitk.GetArrayFromImage(result.risk)
    assert risk[1:7, 3:11, 10:15].mean() > risk[1:7, 3:11, 3:8].mean() + 0.3
    low, high = result.meta["score_range"]
    raw = sitk.GetArrayFromImage(result.score)[roi == 1]
    # the score is computed on z-scored variance: (variance - mean) / sd
    assert raw.min() == pytest.approx(low) and low < 0 < high


def test_bad_risk_scores_are_named():
    image, mask, _ = half_textured()
    with pytest.raises(InputError, match="needs image type Wavelet"):
        risk_map(image, mask, RiskScore({"wavelet-LLH_firstorder_Mean": 1.0}), preset=PRESET)
    with pytest.raises(InputError, match="only shape"):
        risk_map(image, mask, RiskScore({"original_shape_Sphericity": 1.0}), preset=PRESET)
    with pytest.raises(InputError, match="not a PyRadiomics feature name"):
        risk_map(image, mask, RiskScore({"age": 1.0}), preset=PRESET)
    with pytest.raises(InputError, match="unknown PyRadiomics image type 'foo'"):
        risk_map(image, mask, RiskScore({"foo_glcm_Contrast": 1.0}), preset=PRESET)
