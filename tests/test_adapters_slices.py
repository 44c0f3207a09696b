"""2.5D stacks on a phantom whose largest-ROI slice in every plane is known."""

import numpy as np
import pytest

from radstats import InputError
from tests._phantoms import require, to_image

sitk = require("SimpleITK")

from radstats.adapters.slices import stack_25d  # noqa: E402

SHAPE = (20, 30, 40)  # z, y, x


def double_cone():
    """Discs of radius 6 - |z - 8| about (y, x) = (15, 20): largest at z = 8, y = 15, x = 20."""
    z, y, x = np.indices(SHAPE)
    radius = 6 - np.abs(z - 8)
    mask = ((y - 15) ** 2 + (x - 20) ** 2 <= radius ** 2) & (radius >= 1)
    coded = (z * 10000 + y * 100 + x).astype(float)  # each voxel tells where it lies
    return coded, mask.astype(np.uint8)


def test_largest_roi_slice_and_offsets_per_plane():
    coded, mask = double_cone()
    stack = stack_25d({"T2": to_image(coded)}, to_image(mask), size=13, normalize=None)
    table = stack.slices
    assert len(stack.images) == 12 and stack.images.shape[1:] == (13, 13)
    expected = {"axial": 8, "sagittal": 20, "coronal": 15}
    for plane, best in expected.items():
        rows = table[table["plane"] == plane]
        assert rows["slice_index"].tolist() == [best + o for o in (0, 1, 2, 4)]
        assert not rows["clamped"].any()
    axial = stack.images[(table["plane"] == "axial").to_numpy()]
    for crop, index in zip(axial, (8, 9, 10, 12), strict=True):
        assert np.all(crop // 10000 == index)
    sagittal = stack.images[(table["plane"] == "sagittal").to_numpy()]
    for crop, index in zip(sagittal, (20, 21, 22, 24), strict=True):
        assert np.all(crop % 100 == index)
    coronal = stack.images[(table["plane"] == "coronal").to_numpy()]
    for crop, index in zip(coronal, (15, 16, 17, 19), strict=True):
        assert np.all((crop // 100) % 100 == index)
    # the axial window is the ROI's 13 x 13 bounding box, pixel for pixel
    np.testing.assert_array_equal(stack.images[0], coded[8, 9:22, 14:27])
    np.testing.assert_array_equal(stack.masks[0], mask[8, 9:22, 14:27])
    assert table.loc[0, "roi_pixels"] == mask[8].sum()
    # sagittal and coronal crops show superior (high z) at the top
    assert sagittal[0][0, 6] // 10000 > sagittal[0][-1, 6] // 10000


def test_offsets_past_the_edge_are_clamped_and_flagged():
    coded, mask = double_cone()
    stack = stack_25d({"T2": to_image(coded)}, to_image(mask), offsets=(0, -10, 15),
                      planes=("axial",), size=8, normalize=None)
    assert stack.slices["slice_index"].tolist() == [8, 0, 19]
    assert stack.slices["clamped"].tolist() == [False, True, True]


def test_orientation_does_not_change_the_crops():
    coded, mask = double_cone()
    plain = stack_25d({"T2": to_image(coded)}, to_image(mask), size=16)
    flipped_image, flipped_mask = to_image(coded[:, :, ::-1]), to_image(mask[:, :, ::-1])
    for image in (flipped_image, flipped_mask):  # same physical volume, x axis reversed
        image.SetDirection((-1, 0, 0, 0, 1, 0, 0, 0, 1))
        image.SetOrigin((SHAPE[2] - 1.0, 0.0, 0.0))
    flipped = stack_25d({"T2": flipped_image}, flipped_mask, size=16)
    np.testing.assert_array_equal(plain.images, flipped.images)


def test_sequences_resizing_and_normalisation():
    coded, mask = double_cone()
    rng = np.random.default_rng(0)
    images = {"T1": to_image(coded), "T2": to_image(rng.normal(size=SHAPE))}
    z = stack_25d(images, to_image(mask), size=32)
    assert z.images.shape == (24, 32, 32) and z.images.dtype == np.float32
    assert z.slices["sequence"].tolist() == ["T1"] * 12 + ["T2"] * 12
    np.testing.assert_allclose(z.images.mean(axis=(1, 2)), 0, atol=1e-5)
    np.testing.assert_allclose(z.images.std(axis=(1, 2)), 1, atol=1e-5)
    m = stack_25d(images, to_image(mask), size=32, normalize="minmax", interpolation="linear")
    np.testing.assert_allclose(m.images.min(axis=(1, 2)), 0, atol=1e-6)
    np.testing.assert_allclose(m.images.max(axis=(1, 2)), 1, atol=1e-6)
    assert set(np.unique(m.masks)) == {0, 1}


def test_isotropic_resampling_unsquashes_thick_slices():
    coded, mask = double_cone()
    thick = {"T2": to_image(coded, spacing=(1.0, 1.0, 3.0))}
    stack = stack_25d(thick, to_image(mask, spacing=(1.0, 1.0, 3.0)), planes=("axial", "coronal"),
                      offsets=(0,), size=20, spacing=1.0)
    axial, coronal = stack.slices.iloc[0], stack.slices.iloc[1]
    assert abs(axial["slice_index"] - 24) <= 1  # z = 8 at 3 mm -> 24 mm
    assert coronal["side"] >= 30  # the ROI spans 11 slices x 3 mm


def test_bad_input_is_named():
    coded, mask = double_cone()
    other = to_image(coded, spacing=(1.0, 1.0, 2.0))
    with pytest.raises(InputError, match="sequence 'ADC'.*spacing"):
        stack_25d({"T2": to_image(coded), "ADC": other}, to_image(mask))
    with pytest.raises(InputError, match="unknown plane"):
        stack_25d({"T2": to_image(coded)}, to_image(mask), planes=("oblique",))
    with pytest.raises(InputError, match="`normalize`"):
        stack_25d({"T2": to_image(coded)}, to_image(mask), normalize="robust")
    with pytest.raises(InputError, match="non-empty dict"):
        stack_25d({}, to_image(mask))
    with pytest.raises(InputError, match="empty"):
        stack_25d({"T2": to_image(coded)}, to_image(mask * 0))
