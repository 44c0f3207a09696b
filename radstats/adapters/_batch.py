"""The resumable batch behind :func:`radstats.adapters.radiomics.extract_batch`.

Each finished case is one JSON file in ``<out>.cases/``, written to a
temporary name and renamed (atomic on POSIX), so a killed batch leaves only
whole cases behind; ``preset.json`` there records the parameters they used.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import tempfile
import warnings
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from radstats._core.errors import InputError
from radstats.adapters import _params
from radstats.adapters._deps import require

REQUIRED = ("patient_id", "image", "mask")
OPTIONAL = ("reader", "sequence")
FORMATS = (".csv", ".parquet")


def read_manifest(manifest) -> pd.DataFrame:
    """The manifest as a frame of cases with absolute paths and a unique ``key`` per case."""
    if isinstance(manifest, pd.DataFrame):
        frame, base = manifest.copy(), Path.cwd()
    else:
        path = Path(manifest)
        if not path.is_file():
            raise InputError(f"manifest '{path}' does not exist")
        frame, base = pd.read_csv(path, dtype=str, keep_default_na=False), path.parent
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(f"the manifest lacks column(s) {missing}; it needs {list(REQUIRED)} "
                         f"(optional {list(OPTIONAL)})")
    columns = list(REQUIRED) + [c for c in OPTIONAL if c in frame.columns]
    frame = frame[columns].astype(str)
    for column in columns:
        blank = frame[column].str.strip().isin(["", "nan"])
        if blank.any():
            raise InputError(f"the manifest's `{column}` is empty in row(s) "
                             f"{frame.index[blank].tolist()[:10]}")
    for column in ("image", "mask"):
        frame[column] = [str(p if Path(p).is_absolute() else base / p) for p in frame[column]]
    frame["key"] = frame[["patient_id"] + columns[3:]].agg("/".join, axis=1)
    duplicated = frame["key"][frame["key"].duplicated()].unique().tolist()
    if duplicated:
        raise InputError(f"the manifest lists case(s) {duplicated[:10]} more than once "
                         "(patient_id, reader, sequence must be unique)")
    return frame.reset_index(drop=True)


def run(manifest, out, params: dict, preset_name: str, label: int, n_jobs: int, resume: bool,
        progress: bool):
    from joblib import Parallel, delayed

    from radstats.adapters.radiomics import BatchResult, LowBinCountWarning

    cases = read_manifest(manifest)
    out = Path(out)
    if out.suffix not in FORMATS:
        raise InputError(f"`out` must end in {FORMATS}, got '{out}'")
    store = _open_store(out, params, preset_name, label, resume)
    done = _load_cases(store)
    pending = cases[~cases["key"].isin([k for k, c in done.items() if c["status"] == "ok"])]
    tqdm = require("tqdm").tqdm
    with tqdm(total=len(cases), initial=len(cases) - len(pending), disable=not progress,
              desc="radiomics", unit="case", file=sys.stderr) as bar:
        jobs = (delayed(_run_case)(case, params, label, str(store))
                for case in pending.to_dict("records"))
        low_bins = []
        for record in Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs):
            done[record["key"]] = record
            low_bins += [record["key"]] if record["warnings"] else []
            bar.update()
            bar.set_postfix(failed=sum(c["status"] != "ok" for c in done.values()))
    if low_bins:
        warnings.warn(f"{len(low_bins)} case(s) span fewer than 8 bins (texture features "
                      f"degenerate): {sorted(low_bins)[:10]}; check binWidth / normalizeScale",
                      LowBinCountWarning, stacklevel=3)
    provenance = _provenance(params, preset_name, label)
    features, failures = _assemble(cases, done)
    features.attrs["radstats_provenance"] = provenance
    _write_table(features, out)
    failures.to_csv(out.with_name(out.stem + ".failures.csv"), index=False)
    _atomic_write(out.with_name(out.stem + ".provenance.json"),
                  json.dumps(provenance, indent=2, default=str))
    return BatchResult(features=features, failures=failures, provenance=provenance,
                       meta={"out": str(out), "store": str(store)})


def _run_case(case: dict, params: dict, label: int, store: str) -> dict:
    """Extract one case and write its record; never raises for a failing case."""
    from radstats.adapters.images import read_image
    from radstats.adapters.radiomics import LowBinCountWarning, _extract_images

    record = {k: case[k] for k in case}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LowBinCountWarning)
        try:
            image = read_image(case["image"], "image")
            mask = read_image(case["mask"], "mask")
            features = _extract_images(image, mask, json.loads(json.dumps(params)), label,
                                       f"'{case['image']}'", f"'{case['mask']}'")
            record.update(status="ok", features=features.to_dict())
        except Exception as exc:  # recorded with the case; the batch goes on
            record.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    record["warnings"] = [str(w.message) for w in caught
                          if issubclass(w.category, LowBinCountWarning)]
    _atomic_write(Path(store) / _case_file(case["key"]), json.dumps(record))
    return record


def _case_file(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:20] + ".json"


def _open_store(out: Path, params: dict, preset_name: str, label: int, resume: bool) -> Path:
    store = out.with_name(out.name + ".cases")
    stamp = {"preset": preset_name, "fingerprint": _params.fingerprint(params), "label": label}
    stamp_file = store / "preset.json"
    if store.exists() and not resume:
        for old in store.glob("*.json"):
            old.unlink()
    elif stamp_file.exists():
        before = json.loads(stamp_file.read_text())
        if (before["fingerprint"], before["label"]) != (stamp["fingerprint"], label):
            raise InputError(f"the finished cases in '{store}' were extracted with preset "
                             f"{before['preset']!r} (label {before['label']}); resume with the "
                             "same preset and label, or pass resume=False to start afresh")
    store.mkdir(parents=True, exist_ok=True)
    _atomic_write(stamp_file, json.dumps(stamp))
    return store


def _load_cases(store: Path) -> dict:
    records = {}
    for path in store.glob("*.json"):
        if path.name != "preset.json":
            record = json.loads(path.read_text())
            records[record["key"]] = record
    return records


def _assemble(cases: pd.DataFrame, done: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    id_columns = [c for c in ("patient_id",) + OPTIONAL if c in cases.columns]
    rows, failures = [], []
    for case in cases.to_dict("records"):
        record = done.get(case["key"])
        if record is None:
            continue
        if record["status"] == "ok":
            rows.append({**{c: case[c] for c in id_columns}, **record["features"]})
        else:
            failures.append({"patient_id": case["patient_id"], "reader": case.get("reader"),
                             "sequence": case.get("sequence"), "image": case["image"],
                             "mask": case["mask"], "error": record["error"]})
    failure_columns = ["patient_id", "reader", "sequence", "image", "mask", "error"]
    return pd.DataFrame(rows), pd.DataFrame(failures, columns=failure_columns)


def _provenance(params: dict, preset_name: str, label: int) -> dict:
    versions = {}
    for package in ("radstats", "pyradiomics-bhklab", "SimpleITK", "numpy", "scipy", "PyWavelets"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    versions["python"] = platform.python_version()
    return {"preset": preset_name, "fingerprint": _params.fingerprint(params), "params": params,
            "label": label, "versions": versions,
            "created": datetime.now(UTC).isoformat(timespec="seconds")}


def _write_table(frame: pd.DataFrame, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    if out.suffix == ".parquet":
        frame.to_parquet(tmp, index=False)
    else:
        frame.to_csv(tmp, index=False)
    os.replace(tmp, out)


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)
