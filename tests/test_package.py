"""Package-wide conventions: import hygiene, R references, the CLI and examples."""

import inspect
import runpy
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import radstats.metrics
import radstats.survival
from radstats.cli import main

ROOT = Path(__file__).resolve().parents[1]
STATISTICAL_API = [
    radstats.survival.CoxPH, radstats.survival.kaplan_meier, radstats.survival.logrank_test,
    radstats.metrics.concordance_index,
]


def test_import_does_not_load_heavy_optional_modules():
    code = ("import sys, radstats, radstats.survival, radstats.metrics, radstats.datasets; "
            "print(sorted(m for m in ('matplotlib', 'torch', 'SimpleITK', 'radiomics', 'rpy2') "
            "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_importing_the_adapters_loads_no_heavy_module():
    code = ("import sys, radstats.adapters, radstats.adapters.images, radstats.adapters.radiomics, "
            "radstats.adapters.slices, radstats.adapters.deep, radstats.adapters.mil, "
            "radstats.adapters.heatmap; "
            "print(sorted(m for m in ('matplotlib', 'torch', 'monai', 'SimpleITK', 'radiomics', "
            "'trimesh', 'tqdm') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize("obj", STATISTICAL_API, ids=lambda o: o.__name__)
def test_public_statistics_name_the_r_function_they_match(obj):
    doc = inspect.getdoc(obj)
    assert "Notes" in doc and "Matches ``" in doc and "Examples" in doc


def test_demo_writes_its_outputs(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "demo"), "--quiet"]) == 0
    written = {p.name for p in (tmp_path / "demo").iterdir()}
    assert {"report.html", "results.json", "config.toml", "config.resolved.json", "versions.json",
            "tables", "figures", "models", "data"} <= written
    screen = pd.read_csv(tmp_path / "demo" / "tables" / "screen_table.csv")
    assert screen["model"].nunique() == 101                  # the demo runs Figure 2A's screen
    assert str((tmp_path / "demo" / "report.html").resolve()) in capsys.readouterr().out


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_examples_run(script, tmp_path, monkeypatch):
    """Each example runs to the end (in a scratch folder, where it may write files)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RADSTATS_EXAMPLE_QUICK", "1")    # e.g. a screen of five combinations
    runpy.run_path(str(script), run_name="__main__")


def test_compiled_kernels_are_cached_on_disk():
    from radstats.selection.glmnet import _cd, _sort

    assert type(_cd.cox_path._cache).__name__ == "FunctionCache"
    assert type(_sort._psort._cache).__name__ == "FunctionCache"


def test_kernels_compile_in_memory_where_no_cache_folder_is_writable(monkeypatch):
    import numba

    from radstats._core import jit

    def njit(cache=False, **options):
        if cache:
            raise RuntimeError("cannot cache function 'f': no locator available for file 'f.py'")
        return numba.njit(**options)

    monkeypatch.setattr(jit, "njit", njit)

    @jit.cached_njit(nogil=True)
    def twice(x):
        return 2 * x

    assert twice(3.0) == 6.0
    assert type(twice._cache).__name__ == "NullCache"


@pytest.mark.parametrize("package", ["metrics", "plots", "selection", "survival", "tables"])
def test_exports_are_listed_once_and_sorted(package):
    import importlib

    module = importlib.import_module(f"radstats.{package}")
    imported = {name for name, value in vars(module).items() if not name.startswith("_")
                and getattr(value, "__module__", "").startswith("radstats.")}
    assert module.__all__ == sorted(set(module.__all__))
    assert set(module.__all__) == imported
