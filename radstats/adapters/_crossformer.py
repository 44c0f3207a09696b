"""A compact CrossFormer (Wang et al. 2021, arXiv:2108.00154) for 2-D slices.

The two ideas of the paper, written for radstats:

- Cross-scale embedding layers (CEL): several convolutions with different
  kernel sizes and one stride sample the same positions; their outputs are
  concatenated along channels (large kernels get fewer channels).
- Long-short distance attention (LSDA): blocks alternate short-distance
  attention (SDA, within G x G windows of adjacent tokens) and long-distance
  attention (LDA, among G x G tokens sampled at interval I = ceil(H / G)),
  each with a dynamic position bias (DPB: a small MLP of the relative offset).

Defaults are CrossFormer-T (embedding 64, depths 1-1-8-6, heads 2-4-8-16,
G = 7). Windows are padded to whole groups; padded tokens are masked out of
the attention. Blocks take and return (B, C, H, W) maps, so Grad-CAM can
target any stage. Weights are random (no pretrained download): load your own.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F


class CrossScaleEmbedding(nn.Module):
    """Convolutions of several kernel sizes and one stride, concatenated (the CEL)."""

    def __init__(self, in_channels: int, out_channels: int, kernels, stride: int):
        super().__init__()
        dims = [out_channels // 2 ** (i + 1) for i in range(len(kernels) - 1)]
        dims.append(out_channels - sum(dims))
        self.convs = nn.ModuleList(
            nn.Conv2d(in_channels, d, k, stride=stride, padding=(k - stride) // 2)
            for k, d in zip(kernels, dims, strict=True))
        self.norm = nn.LayerNorm(out_channels)

    def forward(self, x):
        outs = [conv(x) for conv in self.convs]
        h = min(o.shape[2] for o in outs)
        w = min(o.shape[3] for o in outs)
        x = torch.cat([o[:, :, :h, :w] for o in outs], dim=1)
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class DynamicPositionBias(nn.Module):
    """Per-head attention bias from the (dy, dx) offset between two tokens."""

    def __init__(self, heads: int, hidden: int):
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Linear(2, hidden), nn.LayerNorm(hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.LayerNorm(hidden), nn.ReLU(),
            nn.Linear(hidden, heads))

    def forward(self, gh: int, gw: int, step_h: int, step_w: int):
        ys, xs = torch.meshgrid(torch.arange(gh), torch.arange(gw), indexing="ij")
        coords = torch.stack([ys.flatten(), xs.flatten()], dim=1)  # (N, 2)
        rel = coords[:, None, :] - coords[None, :, :]  # (N, N, 2) in group units
        offsets = rel.to(self.mlp[0].weight) * torch.tensor([step_h, step_w]).to(
            self.mlp[0].weight)
        return self.mlp(offsets).permute(2, 0, 1)  # (heads, N, N)


class LSDABlock(nn.Module):
    """Attention within groups (short or long distance) and an MLP, both residual."""

    def __init__(self, dim: int, heads: int, group_size: int, long_distance: bool,
                 mlp_ratio: float = 4.0):
        super().__init__()
        self.heads, self.group_size, self.long_distance = heads, group_size, long_distance
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.bias = DynamicPositionBias(heads, max(dim // 4, 8))
        self.norm2 = nn.LayerNorm(dim)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        tokens = x.permute(0, 2, 3, 1)
        tokens = tokens + self._attend(self.norm1(tokens))
        tokens = tokens + self.mlp(self.norm2(tokens))
        return tokens.permute(0, 3, 1, 2)

    def _attend(self, t):
        b, h, w, c = t.shape
        gh, gw = min(self.group_size, h), min(self.group_size, w)
        if self.long_distance:  # group members sit `interval` tokens apart
            ih, iw = math.ceil(h / gh), math.ceil(w / gw)
            ph, pw = ih * gh - h, iw * gw - w
        else:
            ph, pw = (-h) % gh, (-w) % gw
        t = F.pad(t, (0, 0, 0, pw, 0, ph))
        valid = F.pad(t.new_ones(b, h, w, 1), (0, 0, 0, pw, 0, ph))
        groups, mask = self._group(t, gh, gw), self._group(valid, gh, gw)[..., 0]
        n = gh * gw
        qkv = self.qkv(groups).reshape(-1, n, 3, self.heads, c // self.heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)  # each (groups, heads, n, c / heads)
        step = (math.ceil(h / gh), math.ceil(w / gw)) if self.long_distance else (1, 1)
        scores = (q @ k.transpose(-2, -1)) * (c // self.heads) ** -0.5
        scores = scores + self.bias(gh, gw, *step)[None]
        scores = scores.masked_fill(mask[:, None, None, :] == 0, float("-inf"))
        out = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(-1, n, c)
        out = self._ungroup(self.proj(out), b, h + ph, w + pw, gh, gw)
        return out[:, :h, :w]

    def _group(self, t, gh, gw):
        b, h, w, c = t.shape
        if self.long_distance:  # token (a * I + i, ...) joins group i
            t = t.reshape(b, gh, h // gh, gw, w // gw, c).permute(0, 2, 4, 1, 3, 5)
        else:
            t = t.reshape(b, h // gh, gh, w // gw, gw, c).permute(0, 1, 3, 2, 4, 5)
        return t.reshape(-1, gh * gw, c)

    def _ungroup(self, groups, b, h, w, gh, gw):
        c = groups.shape[-1]
        if self.long_distance:
            t = groups.reshape(b, h // gh, w // gw, gh, gw, c).permute(0, 3, 1, 4, 2, 5)
        else:
            t = groups.reshape(b, h // gh, w // gw, gh, gw, c).permute(0, 1, 3, 2, 4, 5)
        return t.reshape(b, h, w, c)


class CrossFormer(nn.Module):
    """Four stages of CEL + alternating SDA/LDA blocks, average pooling and a linear head."""

    def __init__(self, in_channels: int = 1, num_classes: int = 2, embed_dim: int = 64,
                 depths=(1, 1, 8, 6), heads=(2, 4, 8, 16), group_size: int = 7,
                 mlp_ratio: float = 4.0):
        super().__init__()
        stages, previous = [], in_channels
        for i, (depth, n_heads) in enumerate(zip(depths, heads, strict=True)):
            dim = embed_dim * 2 ** i
            embed = (CrossScaleEmbedding(previous, dim, (4, 8, 16, 32), 4) if i == 0
                     else CrossScaleEmbedding(previous, dim, (2, 4), 2))
            blocks = [LSDABlock(dim, n_heads, group_size, long_distance=bool(j % 2),
                                mlp_ratio=mlp_ratio) for j in range(depth)]
            stages.append(nn.Sequential(embed, *blocks))
            previous = dim
        self.stages = nn.ModuleList(stages)
        self.norm = nn.LayerNorm(previous)
        self.head = nn.Linear(previous, num_classes)

    def forward(self, x):
        for stage in self.stages:
            x = stage(x)
        pooled = self.norm(x.permute(0, 2, 3, 1)).mean(dim=(1, 2))
        return self.head(pooled)
