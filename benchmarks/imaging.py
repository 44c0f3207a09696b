"""``python -m benchmarks.imaging``: speed of the imaging adapters (no R counterpart).

Measures seconds per case of the seed000 PyRadiomics preset, batch throughput
with n_jobs 1 and 2, and slice-model inference (images per second) on the CPU,
or on a GPU when torch sees one. Needs the ``imaging`` and ``deep`` extras.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ARCHS = ("densenet121", "resnet50", "resnet101", "crossformer")


def synthetic_case(seed: int, size=(24, 96, 96), spacing=(0.8, 0.8, 3.0), radius_mm=15.0):
    """A T2-like volume (0.8 x 0.8 x 3 mm) with a textured ball of ``radius_mm``."""
    import SimpleITK as sitk

    rng = np.random.default_rng(seed)
    z, y, x = np.indices(size)
    centre = [s // 2 for s in size]
    dist = np.sqrt(((z - centre[0]) * spacing[2]) ** 2 + ((y - centre[1]) * spacing[1]) ** 2
                   + ((x - centre[2]) * spacing[0]) ** 2)
    mask = (dist <= radius_mm).astype(np.uint8)
    image = rng.normal(300, 40, size) + 200 * mask + 60 * np.sin(x / 3.0) * mask
    out = []
    for array in (image, mask):
        img = sitk.GetImageFromArray(array)
        img.SetSpacing(spacing)
        out.append(img)
    return out


def time_extract(repeats: int) -> dict:
    from radstats.adapters.radiomics import extract

    image, mask = synthetic_case(0)
    extract(image, mask)  # warm-up: imports, first-call costs
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        features = extract(image, mask)
        times.append(time.perf_counter() - start)
    voxels = int(np.asarray(__import__("SimpleITK").GetArrayViewFromImage(mask)).sum())
    return {"benchmark": "extract_seed000", "size": f"{voxels} ROI voxels", "n_jobs": 1,
            "seconds": statistics.median(times), "rate": 1 / statistics.median(times),
            "unit": "cases/s", "note": f"{len(features)} features"}


def time_batch(n_cases: int, n_jobs: int, folder: Path) -> dict:
    import SimpleITK as sitk

    from radstats.adapters.radiomics import extract_batch

    rows = []
    for i in range(n_cases):
        image, mask = synthetic_case(i)
        sitk.WriteImage(image, str(folder / f"img{i}.nii.gz"))
        sitk.WriteImage(mask, str(folder / f"mask{i}.nii.gz"))
        rows.append({"patient_id": f"P{i}", "image": f"img{i}.nii.gz", "mask": f"mask{i}.nii.gz"})
    manifest = folder / "manifest.csv"
    pd.DataFrame(rows).to_csv(manifest, index=False)
    start = time.perf_counter()
    extract_batch(manifest, folder / f"out_{n_jobs}.csv", n_jobs=n_jobs, resume=False,
                  progress=False)
    seconds = time.perf_counter() - start
    return {"benchmark": "extract_batch_seed000", "size": f"{n_cases} cases", "n_jobs": n_jobs,
            "seconds": seconds, "rate": n_cases / seconds, "unit": "cases/s",
            "note": "wall time incl. worker start-up and I/O"}


def time_inference(arch: str, n_images: int, size: int, batch_size: int) -> dict:
    from radstats.adapters.deep import SliceModel

    model = SliceModel(arch, batch_size=batch_size)
    images = np.random.default_rng(0).normal(size=(n_images, size, size)).astype(np.float32)
    model.predict(images[:batch_size])  # warm-up
    start = time.perf_counter()
    model.predict(images)
    seconds = time.perf_counter() - start
    return {"benchmark": f"inference_{arch}", "size": f"{n_images} x {size}x{size}",
            "n_jobs": 1, "seconds": seconds, "rate": n_images / seconds, "unit": "images/s",
            "note": f"{model.device_}, batch {batch_size}"}


def run(quick: bool = False) -> pd.DataFrame:
    """All imaging benchmarks as a table (``quick``: fewer repeats, cases and images)."""
    rows = [time_extract(repeats=1 if quick else 3)]
    with tempfile.TemporaryDirectory() as tmp:
        for n_jobs in (1, 2):
            rows.append(time_batch(2 if quick else 4, n_jobs, Path(tmp)))
    for arch in ARCHS:
        rows.append(time_inference(arch, 8 if quick else 32, 224, 8))
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imaging", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, cases and images")
    parser.add_argument("--out", help="also write the table as CSV")
    args = parser.parse_args(argv)
    import torch

    print(f"radstats imaging adapters; Python {platform.python_version()}, torch "
          f"{torch.__version__} ({torch.get_num_threads()} threads), {platform.machine()}")
    results = run(quick=args.quick)
    print(results.to_string(index=False, formatters={"seconds": "{:.3f}".format,
                                                     "rate": "{:.3f}".format}))
    if args.out:
        results.to_csv(args.out, index=False)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
