"""Import an optional dependency, or say which extra installs it."""

from __future__ import annotations

import importlib

EXTRAS = {"SimpleITK": "imaging", "radiomics": "imaging", "trimesh": "imaging",
          "tqdm": "imaging", "torch": "deep", "monai": "deep"}


def require(module: str):
    """Return the imported ``module``; a missing one raises an ImportError naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        extra = EXTRAS.get(module.split(".")[0], "all")
        raise ImportError(f"{module} is needed here: pip install 'radstats[{extra}]'"
                          + (" (install torch==2.13.0 first)" if extra == "deep" else "")) from exc
