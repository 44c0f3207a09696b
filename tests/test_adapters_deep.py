"""Slice models on the CPU with random weights: shapes, determinism, weights, Grad-CAM."""

import numpy as np
import pytest

from radstats import InputError
from tests._phantoms import require

torch = require("torch")
require("monai")

from radstats.adapters.deep import SliceModel  # noqa: E402

FEATURES = {"densenet121": 1024, "resnet50": 2048, "resnet101": 2048, "crossformer": 512}
# Smaller versions of each network, for the tests that need not build the full one.
SMALL = {"densenet121": {"init_features": 16, "growth_rate": 8, "block_config": (2, 2, 2, 2)},
         "resnet50": {"widen_factor": 0.25},
         "crossformer": {"embed_dim": 16, "depths": (1, 2, 2, 1), "heads": (1, 2, 4, 8)}}


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).normal(size=(3, 64, 64)).astype(np.float32)


@pytest.mark.parametrize("arch", list(FEATURES))
def test_shapes_and_cpu_determinism(arch, images):
    model = SliceModel(arch, batch_size=3)
    out = model.predict(images)
    assert out.prob.shape == (3, 2) and out.features.shape == (3, FEATURES[arch])
    np.testing.assert_allclose(out.prob.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(out.label, out.prob.argmax(axis=1))
    assert model.device_.type == "cpu" and out.meta["amp"] is False
    again = model.predict(images)
    np.testing.assert_array_equal(again.prob, out.prob)
    np.testing.assert_array_equal(again.features, out.features)
    model.batch_size = 2
    np.testing.assert_allclose(model.predict(images).prob, out.prob, atol=1e-5)


def test_random_weights_follow_random_state_and_leave_torch_rng_alone(images):
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    kw = SMALL["crossformer"]
    a = SliceModel("crossformer", random_state=1, model_kwargs=kw).predict(images).prob
    assert torch.equal(torch.rand(3), expected)
    b = SliceModel("crossformer", random_state=1, model_kwargs=kw).predict(images).prob
    c = SliceModel("crossformer", random_state=2, model_kwargs=kw).predict(images).prob
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


@pytest.mark.parametrize("arch", ["densenet121", "crossformer"])
def test_state_dict_and_torchscript_round_trips(arch, images, tmp_path):
    kw = SMALL[arch]
    model = SliceModel(arch, random_state=3, model_kwargs=kw)
    expected = model.predict(images)
    state = model.save(tmp_path / "weights.pt")
    reloaded = SliceModel(arch, weights=state, random_state=99, model_kwargs=kw).predict(images)
    np.testing.assert_array_equal(reloaded.prob, expected.prob)
    wrapped = {"state_dict": {f"module.{k}": v for k, v in model.network_.state_dict().items()}}
    torch.save(wrapped, tmp_path / "checkpoint.pth")
    np.testing.assert_array_equal(
        SliceModel(arch, weights=tmp_path / "checkpoint.pth", model_kwargs=kw).predict(images).prob,
        expected.prob)
    script = model.save(tmp_path / "model.ts", torchscript=True, example_size=64)
    scripted = SliceModel(arch, weights=script)
    from_script = scripted.predict(images)
    np.testing.assert_allclose(from_script.prob, expected.prob, atol=1e-5)
    np.testing.assert_allclose(from_script.features, expected.features, atol=1e-4)
    with pytest.raises(InputError, match="Grad-CAM needs the network's layers"):
        scripted.gradcam(images)


@pytest.mark.parametrize("arch, layer", [("densenet121", None), ("resnet50", "layer3"),
                                         ("crossformer", None), ("crossformer", "stages.2")])
def test_gradcam_maps(arch, layer, images):
    model = SliceModel(arch, model_kwargs=SMALL[arch])
    maps = model.gradcam(images, target_layer=layer)
    assert maps.shape == (3, 64, 64)
    assert maps.min() >= 0 and maps.max() <= 1 + 1e-6
    other = model.gradcam(images, class_index=0, target_layer=layer)
    peaks = np.concatenate([maps.max(axis=(1, 2)), other.max(axis=(1, 2))])
    assert np.all((np.abs(peaks - 1) < 1e-6) | (peaks == 0)) and peaks.max() == pytest.approx(1)
    assert not np.allclose(other, maps)


def test_gradcam_before_average_pooling_is_the_class_activation_map(images):
    """Behind global average pooling and a linear layer, Grad-CAM equals CAM (Zhou et al.)."""
    model = SliceModel("resnet50", model_kwargs=SMALL["resnet50"])
    network = model._ensure()
    store = {}
    handle = network.layer4.register_forward_hook(lambda m, a, out: store.update(a=out))
    with torch.inference_mode():
        network(torch.as_tensor(images)[:, None])
    handle.remove()
    nonzero = 0
    for k in (0, 1):
        weights = network.fc.weight[k].detach()
        cam = torch.relu(torch.einsum("c,nchw->nhw", weights, store["a"]))[:, None]
        cam = torch.nn.functional.interpolate(cam, size=(64, 64), mode="bilinear")[:, 0].numpy()
        peak = cam.max(axis=(1, 2), keepdims=True)
        cam = np.divide(cam, peak, out=np.zeros_like(cam), where=peak > 0)
        np.testing.assert_allclose(model.gradcam(images, class_index=k), cam, atol=1e-5)
        nonzero += int((peak > 0).sum())
    assert nonzero > 0


def test_slice_stack_input_and_channel_repeat(images):
    import pandas as pd

    from radstats.adapters.slices import SliceStack

    stack = SliceStack(images=images, masks=np.zeros_like(images, dtype=np.uint8),
                       slices=pd.DataFrame({"sequence": ["T2"] * 3, "plane": ["axial"] * 3}))
    model = SliceModel("resnet50", in_channels=3, model_kwargs={"widen_factor": 0.25})
    frame = model.predict(stack).to_frame()
    assert list(frame.columns) == ["sequence", "plane", "prob_0", "prob_1", "label"]
    three = np.repeat(images[:, None], 3, axis=1)
    np.testing.assert_allclose(model.predict(three).prob, frame[["prob_0", "prob_1"]], atol=1e-6)


def test_single_logit_network_gives_sigmoid_probabilities(images):
    model = SliceModel("crossformer", num_classes=1, model_kwargs=SMALL["crossformer"])
    out = model.predict(images)
    assert out.prob.shape == (3, 1) and np.all((out.prob > 0) & (out.prob < 1))
    np.testing.assert_array_equal(out.label, (out.prob[:, 0] > 0.5).astype(int))


def test_bad_input_is_named(images, tmp_path):
    kw = SMALL["crossformer"]
    with pytest.raises(InputError, match="`arch` must be one of"):
        SliceModel("vgg19").predict(images)
    with pytest.raises(InputError, match=r"\(n, 1, H, W\), got shape \(3, 2, 64, 64\)"):
        SliceModel("crossformer").predict(np.zeros((3, 2, 64, 64)))
    bad = images.copy()
    bad[1, 0, 0] = np.nan
    with pytest.raises(InputError, match=r"image\(s\) \[1\] contain NaN"):
        SliceModel("crossformer").predict(bad)
    with pytest.raises(InputError, match="weights file '.*nope.pt' does not exist"):
        SliceModel("crossformer", weights=tmp_path / "nope.pt").predict(images)
    (tmp_path / "junk.pt").write_bytes(b"junk")
    with pytest.raises(InputError, match="cannot read weights file"):
        SliceModel("crossformer", weights=tmp_path / "junk.pt").predict(images)
    two = SliceModel("crossformer", model_kwargs=kw).save(tmp_path / "two.pt")
    with pytest.raises(InputError, match="do not fit crossformer .*num_classes=3"):
        SliceModel("crossformer", weights=two, num_classes=3, model_kwargs=kw).predict(images)
    with pytest.raises(InputError, match="do not fit densenet121"):
        SliceModel("densenet121", weights=two, model_kwargs=SMALL["densenet121"]).predict(images)
    if not torch.cuda.is_available():
        with pytest.raises(InputError, match="no CUDA GPU"):
            SliceModel("crossformer", device="cuda").predict(images)
    with pytest.raises(InputError, match="no layer 'stages.9'"):
        SliceModel("crossformer", model_kwargs=kw).gradcam(images, target_layer="stages.9")
    with pytest.raises(InputError, match="class_index 5"):
        SliceModel("crossformer", model_kwargs=kw).gradcam(images, class_index=5)


def test_crossformer_groups_and_odd_sizes():
    from radstats.adapters._crossformer import CrossFormer, LSDABlock

    for long_distance in (False, True):
        block = LSDABlock(16, 2, 4, long_distance=long_distance)
        t = torch.randn(2, 12, 8, 16)
        assert torch.equal(block._ungroup(block._group(t, 4, 4), 2, 12, 8, 4, 4), t)
    index = torch.arange(12 * 8, dtype=torch.float32).reshape(1, 12, 8, 1)
    sda = LSDABlock(16, 2, 4, long_distance=False)._group(index, 4, 4)[0, :, 0]
    lda = LSDABlock(16, 2, 4, long_distance=True)._group(index, 4, 4)[0, :, 0]
    assert sda[:5].tolist() == [0, 1, 2, 3, 8]  # adjacent tokens
    assert lda[:5].tolist() == [0, 2, 4, 6, 24]  # every 2nd column, every 3rd row (I = 3, 2)
    net = CrossFormer(embed_dim=16, depths=(1, 2, 2, 1), group_size=3).eval()
    with torch.inference_mode():
        out = net(torch.randn(2, 1, 50, 70))  # sizes that do not divide into groups
    assert out.shape == (2, 2) and torch.isfinite(out).all()
