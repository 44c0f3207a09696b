"""A screen's checkpoint folder: finished work saved as it completes.

Layout::

    <path>/manifest.json          what the screen was run on (a fingerprint) and its seed
    <path>/stage1/<name>.json     a first-stage learner's fits on every fold
    <path>/rows/<name>.json       a finished combination's table rows

Every file is written to a temporary name in the same folder and renamed over
the target (``os.replace``, atomic on POSIX and Windows), so an interrupted
screen leaves either the old file or the new one, never half of one. A
resumed screen whose data or settings differ from the manifest's is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from radstats._core.errors import InputError

SCHEMA = "radstats-screen-checkpoint/1"


def _file_name(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")[:60] or "x"
    return f"{slug}-{hashlib.sha1(name.encode()).hexdigest()[:10]}.json"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Checkpoint:
    """Open (or create) a checkpoint folder for a screen described by ``fingerprint``.

    ``entropy`` is the screen's seed entropy; when the folder already exists its
    stored entropy is used instead (see :attr:`entropy`), so a screen started
    with ``random_state=None`` resumes with the same seeds.
    """

    def __init__(self, path, fingerprint: dict, entropy: int):
        self.path = Path(path)
        digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()
        manifest = self.path / "manifest.json"
        if manifest.exists():
            try:
                stored = json.loads(manifest.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise InputError(f"checkpoint {str(manifest)!r} is not valid JSON: {exc}") from None
            if stored.get("schema") != SCHEMA:
                raise InputError(f"{str(self.path)!r} is not a radstats screen checkpoint")
            if stored["fingerprint"] != digest:
                changed = sorted(k for k in fingerprint
                                 if stored.get("settings", {}).get(k) != _jsonable(fingerprint[k]))
                raise InputError(
                    f"checkpoint {str(self.path)!r} was written by a screen with different "
                    f"data or settings (differs in: {', '.join(changed) or 'unknown'}); use a "
                    "new checkpoint path or delete this one")
            self.entropy = int(stored["entropy"])
        else:
            self.entropy = entropy
            (self.path / "stage1").mkdir(parents=True, exist_ok=True)
            (self.path / "rows").mkdir(exist_ok=True)
            atomic_write(manifest, json.dumps({
                "schema": SCHEMA, "fingerprint": digest, "entropy": entropy,
                "settings": {k: _jsonable(v) for k, v in fingerprint.items()}}, indent=1))

    def _load(self, folder: str, name: str):
        path = self.path / folder / _file_name(name)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["payload"] if data.get("name") == name else None

    def _save(self, folder: str, name: str, payload) -> None:
        atomic_write(self.path / folder / _file_name(name),
                     json.dumps({"name": name, "payload": payload}))

    def load_stage(self, name: str):
        return self._load("stage1", name)

    def save_stage(self, name: str, payload: dict) -> None:
        self._save("stage1", name, payload)

    def load_rows(self, name: str):
        return self._load("rows", name)

    def save_rows(self, name: str, rows: list[dict]) -> None:
        self._save("rows", name, [{k: _jsonable(v) for k, v in row.items()} for row in rows])


def _jsonable(value):
    """Plain JSON types (NaN becomes None; numpy scalars become Python's)."""
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
        return None if isinstance(value, float) and value != value else value
    return value
