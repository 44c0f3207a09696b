"""Slice-level deep-model inference: probabilities, deep features and Grad-CAM.

Needs the ``deep`` extra (torch, MONAI). DenseNet121 and ResNet50/101 are
MONAI's 2-D networks; CrossFormer is radstats' compact implementation
(:mod:`radstats.adapters._crossformer`). Nothing is downloaded: weights are
random (seeded) unless you load your own state dict or TorchScript file.
"""

from __future__ import annotations

import dataclasses
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from radstats._core.errors import InputError
from radstats._core.results import Result
from radstats.adapters._deps import require

ARCHS = ("densenet121", "resnet50", "resnet101", "crossformer")
# The classifier (its input is the penultimate feature vector) and the default Grad-CAM layer.
_HEAD = {"densenet121": "class_layers.out", "resnet50": "fc", "resnet101": "fc",
         "crossformer": "head"}
_CAM_LAYER = {"densenet121": "features", "resnet50": "layer4", "resnet101": "layer4",
              "crossformer": "stages.3"}


@dataclasses.dataclass(frozen=True, repr=False)
class SlicePredictions(Result):
    """Per-slice class probabilities, predicted labels and penultimate-layer features.

    ``prob`` is (n, classes) (softmax; one column of sigmoid output for a
    single-logit network); ``features`` is (n, d), or None for a TorchScript
    model that returns logits only; ``slices`` carries the input stack's
    metadata when the input was a :class:`~radstats.adapters.slices.SliceStack`.
    """

    prob: np.ndarray
    label: np.ndarray
    features: np.ndarray | None
    slices: pd.DataFrame | None = None
    meta: dict = dataclasses.field(default_factory=dict)

    @property
    def positive(self) -> np.ndarray:
        """The probability of the last class (class 1 of a binary model)."""
        return self.prob[:, -1]

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.prob, columns=[f"prob_{k}" for k in range(self.prob.shape[1])])
        frame["label"] = self.label
        if self.slices is not None:
            frame = pd.concat([self.slices.reset_index(drop=True), frame], axis=1)
        return frame

    def __repr__(self) -> str:
        d = None if self.features is None else self.features.shape[1]
        return f"SlicePredictions(n={len(self.prob)}, classes={self.prob.shape[1]}, features={d})"


class SliceModel:
    """A 2-D classification network applied to slices, reproducibly.

    Parameters
    ----------
    arch : {"densenet121", "resnet50", "resnet101", "crossformer"}
    weights : None, path or dict, default None
        None: random weights drawn with ``random_state`` (tests, smoke runs).
        A path: a ``torch.save``'d state dict (optionally under a
        ``"state_dict"`` or ``"model"`` key, ``module.`` prefixes allowed) for
        ``arch``, or a TorchScript file (then ``arch`` only names it). A dict:
        a state dict.
    device : "auto", "cpu", "cuda" or "cuda:N", default "auto"
        "auto" takes CUDA when torch sees a GPU, else the CPU.
    in_channels, num_classes : int, default 1 and 2
        Input channels (a (n, H, W) input is repeated to fill them) and outputs.
    batch_size : int, default 32
    amp : bool, default True
        Mixed precision (float16 autocast) for inference on CUDA; the CPU
        always runs float32, deterministically.
    random_state : int, default 0
        Seed of the random weights (the global torch RNG is left untouched).
    model_kwargs : dict, optional
        Passed to the network's constructor (e.g. a smaller CrossFormer:
        ``{"embed_dim": 32, "depths": (1, 1, 2, 1)}``).

    Attributes
    ----------
    network_ : torch.nn.Module
        Built on first use, in eval mode, on ``device_``.

    Notes
    -----
    The ResNets use MONAI's ResNet with torchvision's stem (7 x 7 convolution
    of stride 2 and a max-pool). Penultimate features are the input of the
    final linear layer (after global pooling). No R counterpart.

    Examples
    --------
    >>> import numpy as np
    >>> model = SliceModel("resnet50", model_kwargs={"widen_factor": 0.25})
    >>> out = model.predict(np.random.default_rng(0).normal(size=(3, 32, 32)))
    >>> out.prob.shape, out.features.shape
    ((3, 2), (3, 512))
    """

    def __init__(self, arch: str = "densenet121", weights=None, device: str = "auto",
                 in_channels: int = 1, num_classes: int = 2, batch_size: int = 32,
                 amp: bool = True, random_state: int = 0, model_kwargs: dict | None = None):
        self.arch = arch
        self.weights = weights
        self.device = device
        self.in_channels = in_channels
        self.num_classes = num_classes
        self.batch_size = batch_size
        self.amp = amp
        self.random_state = random_state
        self.model_kwargs = model_kwargs

    # -- building -----------------------------------------------------------------------------
    def _ensure(self):
        if not hasattr(self, "network_"):
            torch = require("torch")
            if self.arch not in ARCHS:
                raise InputError(f"`arch` must be one of {ARCHS}, got {self.arch!r}")
            self.device_ = _resolve_device(torch, self.device)
            network, self.scripted_ = self._load(torch)
            self.network_ = network.to(self.device_).eval()
        return self.network_

    def _build(self, torch):
        kwargs = dict(self.model_kwargs or {})
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(self.random_state)
            if self.arch == "crossformer":
                from radstats.adapters._crossformer import CrossFormer

                return CrossFormer(self.in_channels, self.num_classes, **kwargs)
            nets = require("monai.networks.nets")
            if self.arch == "densenet121":
                return nets.DenseNet121(spatial_dims=2, in_channels=self.in_channels,
                                        out_channels=self.num_classes, **kwargs)
            kwargs = {"conv1_t_size": 7, "conv1_t_stride": 2, **kwargs}
            return getattr(nets, self.arch)(spatial_dims=2, n_input_channels=self.in_channels,
                                            num_classes=self.num_classes, **kwargs)

    def _load(self, torch):
        weights = self.weights
        if isinstance(weights, (str, Path)):
            path = Path(weights)
            if not path.is_file():
                raise InputError(f"weights file '{path}' does not exist")
            if _is_torchscript(path):
                return torch.jit.load(str(path), map_location="cpu"), True
            try:
                weights = torch.load(path, map_location="cpu", weights_only=True)
            except Exception as exc:  # pickle, zip and torch errors alike
                raise InputError(f"cannot read weights file '{path}': {exc}") from None
        network = self._build(torch)
        if weights is None:
            return network, False
        if not isinstance(weights, dict):
            raise InputError(f"`weights` must be None, a path or a state dict, got "
                             f"{type(weights).__name__}")
        state = weights.get("state_dict", weights.get("model", weights))
        state = {k.removeprefix("module."): v for k, v in state.items()}
        try:
            result = network.load_state_dict(state, strict=False)
        except RuntimeError as exc:  # tensors of the wrong shape
            raise InputError(f"the weights do not fit {self.arch} (in_channels="
                             f"{self.in_channels}, num_classes={self.num_classes}): "
                             f"{str(exc).splitlines()[-1].strip()}") from None
        if result.missing_keys or result.unexpected_keys:
            raise InputError(f"the weights do not fit {self.arch} (in_channels="
                             f"{self.in_channels}, num_classes={self.num_classes}): missing "
                             f"{result.missing_keys[:5]}, unexpected {result.unexpected_keys[:5]}")
        return network, False

    # -- inference ------------------------------------------------------------------------------
    def predict(self, images) -> SlicePredictions:
        """Probabilities, labels and penultimate features of every slice.

        ``images``: an array or tensor of shape (n, H, W) or (n, C, H, W), or
        a :class:`~radstats.adapters.slices.SliceStack`.
        """
        torch = require("torch")
        network = self._ensure()
        batch, slices = self._as_tensor(torch, images)
        logits, features = [], []
        autocast = self.amp and self.device_.type == "cuda"
        with torch.inference_mode(), torch.autocast(self.device_.type, enabled=autocast):
            for start in range(0, len(batch), self.batch_size):
                chunk = batch[start:start + self.batch_size].to(self.device_)
                out, feat = self._forward(network, chunk)
                logits.append(out.float().cpu())
                features.append(None if feat is None else feat.float().cpu())
        logits = torch.cat(logits)
        if logits.shape[1] == 1:
            prob = torch.sigmoid(logits).numpy()
            label = (prob[:, 0] > 0.5).astype(int)
        else:
            prob = torch.softmax(logits, dim=1).numpy()
            label = prob.argmax(axis=1)
        feats = None if features[0] is None else torch.cat(features).flatten(1).numpy()
        return SlicePredictions(prob=prob.astype(np.float64), label=label, features=feats,
                                slices=slices, meta={"arch": self.arch,
                                                     "device": str(self.device_), "amp": autocast})

    def predict_proba(self, images) -> np.ndarray:
        """Class probabilities, (n, classes)."""
        return self.predict(images).prob

    def _forward(self, network, x):
        """(logits, penultimate features) of one batch."""
        if self.scripted_:
            out = network(x)
            return out if isinstance(out, tuple) else (out, None)
        captured = {}
        head = network.get_submodule(_HEAD[self.arch])
        handle = head.register_forward_pre_hook(lambda module, args: captured.update(x=args[0]))
        try:
            logits = network(x)
        finally:
            handle.remove()
        return logits, captured["x"]

    def gradcam(self, images, class_index: int | None = None,
                target_layer: str | None = None) -> np.ndarray:
        """Grad-CAM maps (Selvaraju et al. 2017), one per slice, upsampled to the input.

        Parameters
        ----------
        images
            As for :meth:`predict`.
        class_index : int, optional
            The class whose score is explained; default the last class (the
            positive class of a binary model).
        target_layer : str, optional
            A module name from ``network_.named_modules()`` with a (n, C, h, w)
            output; default the last convolutional stage (``features`` for
            DenseNet121, ``layer4`` for the ResNets, ``stages.3`` for
            CrossFormer).

        Returns
        -------
        ndarray, shape (n, H, W)
            ReLU of the gradient-weighted channel sum, bilinearly upsampled and
            scaled to a maximum of 1 per slice (all zeros where nothing is positive).
        """
        torch = require("torch")
        network = self._ensure()
        if self.scripted_:
            raise InputError("Grad-CAM needs the network's layers: load a state dict, not "
                             "a TorchScript file")
        name = target_layer or _CAM_LAYER[self.arch]
        try:
            layer = network.get_submodule(name)
        except AttributeError:
            raise InputError(f"the network has no layer {name!r}") from None
        batch, _ = self._as_tensor(torch, images)
        maps = []
        for start in range(0, len(batch), self.batch_size):
            chunk = batch[start:start + self.batch_size].to(self.device_)
            maps.append(_gradcam_batch(torch, network, layer, chunk, class_index))
        return torch.cat(maps).numpy()

    def _as_tensor(self, torch, images):
        slices = getattr(images, "slices", None)
        values = getattr(images, "images", images)
        tensor = torch.as_tensor(np.asarray(values, dtype=np.float32)
                                 if not isinstance(values, torch.Tensor) else values).float()
        if tensor.ndim == 3:
            tensor = tensor[:, None].expand(-1, self.in_channels, -1, -1)
        if tensor.ndim != 4 or tensor.shape[1] != self.in_channels:
            raise InputError(f"images must be (n, H, W) or (n, {self.in_channels}, H, W), got "
                             f"shape {tuple(tensor.shape)}")
        if len(tensor) == 0:
            raise InputError("no image to run")
        bad = ~torch.isfinite(tensor).flatten(1).all(dim=1)
        if bad.any():
            raise InputError(f"image(s) {torch.nonzero(bad).flatten().tolist()[:10]} contain "
                             "NaN or infinite values")
        return tensor.contiguous(), slices

    # -- saving ---------------------------------------------------------------------------------
    def save(self, path, torchscript: bool = False, example_size: int = 224) -> Path:
        """Write the weights as a state dict, or the network as TorchScript.

        The TorchScript file returns ``(logits, features)`` so that a reloaded
        model still gives deep features; it is traced on a
        ``(1, in_channels, example_size, example_size)`` input (CrossFormer's
        traced window arithmetic then fixes that input size).
        """
        torch = require("torch")
        network = self._ensure()
        path = Path(path)
        if self.scripted_:
            raise InputError("this model was loaded from TorchScript: copy its file instead")
        if not torchscript:
            torch.save(network.state_dict(), path)
            return path
        example = torch.zeros(1, self.in_channels, example_size, example_size,
                              device=self.device_)
        with warnings.catch_warnings():  # shape arithmetic frozen at example_size, as documented
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            traced = torch.jit.trace(_with_features(self, network), example, check_trace=False)
        torch.jit.save(traced, str(path))
        return path


def _resolve_device(torch, device: str):
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except RuntimeError as exc:
        raise InputError(f"unknown device {device!r}: {exc}") from None
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise InputError(f"device {device!r} asked for, but torch sees no CUDA GPU")
    return resolved


def _is_torchscript(path: Path) -> bool:
    """TorchScript archives hold compiled code; ``torch.save`` archives do not."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any("/code/" in name for name in archive.namelist())


def _gradcam_batch(torch, network, layer, x, class_index):
    store = {}

    def keep(module, args, output):
        store["activation"] = output
        return output.clone()  # later in-place ops (MONAI's ReLU) must not touch the original

    handle = layer.register_forward_hook(keep)
    try:
        with torch.enable_grad():
            logits = network(x)
            target = logits.shape[1] - 1 if class_index is None else class_index
            if not 0 <= target < logits.shape[1]:
                raise InputError(f"class_index {class_index} is outside 0..{logits.shape[1] - 1}")
            gradient, = torch.autograd.grad(logits[:, target].sum(), store["activation"])
    finally:
        handle.remove()
    activation = store["activation"].detach()
    if activation.ndim != 4:
        raise InputError(f"the target layer's output has shape {tuple(activation.shape)}; "
                         "Grad-CAM needs (n, C, h, w)")
    weights = gradient.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((weights * activation).sum(dim=1, keepdim=True))
    cam = torch.nn.functional.interpolate(cam, size=x.shape[2:], mode="bilinear",
                                          align_corners=False)[:, 0]
    peak = cam.flatten(1).max(dim=1).values.clamp_min(1e-12)[:, None, None]
    return (cam / peak).cpu()


def _with_features(model: SliceModel, network):
    """A module returning (logits, features), for tracing to TorchScript."""
    torch = require("torch")

    class WithFeatures(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.network = network

        def forward(self, x):
            return model._forward(self.network, x)

    return WithFeatures()
