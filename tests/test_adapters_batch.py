"""Batch extraction from a manifest: failures recorded, atomic results, resume, two readers."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from radstats import InputError
from tests._phantoms import noisy_sphere, require

sitk = require("SimpleITK")
require("radiomics")

from radstats.adapters import radiomics as rad  # noqa: E402
from radstats.selection import icc_filter  # noqa: E402

SMALL = {"setting": {"binWidth": 5.0}, "featureClass": {"firstorder": [], "glcm": []}}
ROOT = Path(__file__).resolve().parents[1]


def write_cohort(folder: Path, n: int, readers=("r1",)) -> Path:
    """n patients (a noisy ball each, different texture) and one mask per reader."""
    rows = []
    for i in range(n):
        image, mask = noisy_sphere(seed=i, sd=20.0 + 15 * i, shape=(14, 16, 16), radius=5)
        sitk.WriteImage(image, str(folder / f"p{i}.nii.gz"))
        for j, reader in enumerate(readers):
            m = sitk.BinaryErode(mask, [1, 1, 1]) if (j and i % 2) else mask  # reader 2 differs
            sitk.WriteImage(m, str(folder / f"p{i}_{reader}.nii.gz"))
            rows.append({"patient_id": f"P{i}", "image": f"p{i}.nii.gz",
                         "mask": f"p{i}_{reader}.nii.gz", "reader": reader})
    manifest = folder / "manifest.csv"
    frame = pd.DataFrame(rows)
    (frame if len(readers) > 1 else frame.drop(columns="reader")).to_csv(manifest, index=False)
    return manifest


def test_batch_records_failures_and_goes_on(tmp_path):
    manifest = write_cohort(tmp_path, 3)
    frame = pd.read_csv(manifest)
    frame.loc[1, "mask"] = "missing.nii.gz"
    frame.to_csv(manifest, index=False)
    out = tmp_path / "out" / "features.csv"
    result = rad.extract_batch(manifest, out, preset=SMALL, progress=False)
    assert result.features["patient_id"].tolist() == ["P0", "P2"]
    assert result.failures["patient_id"].tolist() == ["P1"]
    assert "missing.nii.gz' does not exist" in result.failures["error"].iloc[0]
    on_disk = pd.read_csv(out, dtype={"patient_id": str})
    pd.testing.assert_frame_equal(on_disk, result.features, check_dtype=False)
    expected = rad.extract(tmp_path / "p2.nii.gz", tmp_path / "p2_r1.nii.gz", preset=SMALL)
    np.testing.assert_allclose(on_disk.iloc[1][expected.index].astype(float), expected,
                               rtol=1e-12)
    failures = pd.read_csv(tmp_path / "out" / "features.failures.csv")
    assert failures["mask"].iloc[0].endswith("missing.nii.gz")
    provenance = json.loads((tmp_path / "out" / "features.provenance.json").read_text())
    assert provenance["preset"] == "<dict>" and provenance["params"]["setting"]["binWidth"] == 5
    assert provenance["versions"]["pyradiomics-bhklab"] and provenance["versions"]["SimpleITK"]


def test_parquet_output_keeps_provenance_and_progress_is_shown(tmp_path, capsys):
    require("pyarrow")
    manifest = write_cohort(tmp_path, 2)
    out = tmp_path / "features.parquet"
    result = rad.extract_batch(manifest, out, preset=SMALL)
    err = capsys.readouterr().err
    assert "radiomics: 100%" in err and "2/2" in err
    back = pd.read_parquet(out)
    pd.testing.assert_frame_equal(back, result.features)
    assert back.attrs["radstats_provenance"]["fingerprint"] == result.provenance["fingerprint"]


def test_killed_batch_resumes_where_it_stopped(tmp_path, monkeypatch):
    manifest = write_cohort(tmp_path, 4)
    out = tmp_path / "features.csv"
    # A child process runs the batch and dies abruptly (os._exit) when it reaches the third case.
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from radstats.adapters import radiomics, _batch
        real = _batch._run_case
        def dying(case, *args):
            if case["patient_id"] == "P2":
                os._exit(3)
            return real(case, *args)
        _batch._run_case = dying
        radiomics.extract_batch({str(manifest)!r}, {str(out)!r}, preset={SMALL!r},
                                progress=False)
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert child.returncode == 3, child.stderr
    store = tmp_path / "features.csv.cases"
    assert len([p for p in store.glob("*.json") if p.name != "preset.json"]) == 2
    assert not out.exists() and not list(store.glob("*.tmp"))

    from radstats.adapters import _batch

    seen = []
    real = _batch._run_case

    def counting(case, *args):
        seen.append(case["patient_id"])
        return real(case, *args)

    monkeypatch.setattr(_batch, "_run_case", counting)
    resumed = rad.extract_batch(manifest, out, preset=SMALL, progress=False)
    assert seen == ["P2", "P3"]
    fresh = rad.extract_batch(manifest, tmp_path / "fresh.csv", preset=SMALL, progress=False)
    pd.testing.assert_frame_equal(resumed.features, fresh.features)


def test_resume_with_another_preset_is_refused(tmp_path):
    manifest = write_cohort(tmp_path, 1)
    out = tmp_path / "f.csv"
    rad.extract_batch(manifest, out, preset=SMALL, progress=False)
    other = {"setting": {"binWidth": 2.0}, "featureClass": {"firstorder": []}}
    with pytest.raises(InputError, match="extracted with preset '<dict>'"):
        rad.extract_batch(manifest, out, preset=other, progress=False)
    again = rad.extract_batch(manifest, out, preset=other, resume=False, progress=False)
    assert "original_glcm_Contrast" not in again.features.columns


def test_low_bin_counts_are_reported_once_for_the_batch(tmp_path):
    manifest = write_cohort(tmp_path, 2)
    coarse = {"setting": {"binWidth": 100.0}, "featureClass": {"firstorder": [], "glrlm": []}}
    with pytest.warns(rad.LowBinCountWarning, match=r"2 case\(s\) span fewer than 8 bins"):
        rad.extract_batch(manifest, tmp_path / "c.csv", preset=coarse, progress=False)


def test_parallel_batch_equals_serial(tmp_path):
    manifest = write_cohort(tmp_path, 3)
    serial = rad.extract_batch(manifest, tmp_path / "a.csv", preset=SMALL, progress=False)
    parallel = rad.extract_batch(manifest, tmp_path / "b.csv", preset=SMALL, n_jobs=2,
                                 progress=False)
    pd.testing.assert_frame_equal(serial.features, parallel.features)


def test_manifest_errors_are_named(tmp_path):
    with pytest.raises(InputError, match=r"lacks column\(s\) \['mask'\]"):
        rad.extract_batch(pd.DataFrame({"patient_id": ["a"], "image": ["x"]}),
                          tmp_path / "o.csv", preset=SMALL)
    twice = pd.DataFrame({"patient_id": ["a", "a"], "image": ["x", "y"], "mask": ["m", "n"]})
    with pytest.raises(InputError, match=r"case\(s\) \['a'\] more than once"):
        rad.extract_batch(twice, tmp_path / "o.csv", preset=SMALL)
    blank = pd.DataFrame({"patient_id": ["a", ""], "image": ["x", "y"], "mask": ["m", "n"]})
    with pytest.raises(InputError, match=r"`patient_id` is empty in row\(s\) \[1\]"):
        rad.extract_batch(blank, tmp_path / "o.csv", preset=SMALL)
    with pytest.raises(InputError, match="must end in"):
        rad.extract_batch(blank.iloc[:1], tmp_path / "o.xlsx", preset=SMALL)


def test_reader_agreement_extracts_both_readers_and_filters_by_icc(tmp_path):
    manifest = write_cohort(tmp_path, 6, readers=("r1", "r2"))
    agreement = rad.reader_agreement(manifest, tmp_path / "readers.csv", preset=SMALL,
                                     threshold=0.75, progress=False)
    assert set(agreement.readers) == {"r1", "r2"}
    r1, r2 = agreement.readers["r1"], agreement.readers["r2"]
    assert list(r1.index) == [f"P{i}" for i in range(6)] and r1.shape == r2.shape
    direct = icc_filter(r1, r2, threshold=0.75)
    assert agreement.kept == direct.kept and 0 < len(agreement.kept) < r1.shape[1]
    # the masks of even patients are identical, so those rows agree exactly
    pd.testing.assert_series_equal(r1.loc["P0"], r2.loc["P0"], check_names=False)
    assert "original_firstorder_Variance" in agreement.kept


def test_radstats_extract_command_writes_the_table_and_reports_failures(tmp_path, capsys):
    from radstats.cli import main

    manifest = write_cohort(tmp_path, 2)
    preset = tmp_path / "small.yaml"
    preset.write_text("setting:\n  binWidth: 5.0\nfeatureClass:\n  firstorder:\n")
    out = tmp_path / "features.csv"
    assert main(["extract", str(manifest), "--out", str(out), "--preset", str(preset),
                 "--quiet"]) == 0
    assert pd.read_csv(out)["patient_id"].tolist() == ["P0", "P1"]
    assert "2 cases extracted, 0 failed" in capsys.readouterr().out
    frame = pd.read_csv(manifest)
    frame.loc[1, "mask"] = "missing.nii.gz"
    frame.to_csv(manifest, index=False)
    assert main(["extract", str(manifest), "--out", str(tmp_path / "again.csv"), "--preset",
                 str(preset), "--quiet"]) == 1
    printed = capsys.readouterr()
    assert "1 cases extracted, 1 failed" in printed.out and "P1" in printed.err
    assert main(["extract", str(manifest), "--out", str(out), "--preset", "nope",
                 "--quiet"]) == 2
    assert "preset 'nope' is neither a preset name" in capsys.readouterr().err
