"""Thin, reproducible wrappers around the imaging and deep-learning libraries.

Each submodule imports its heavy dependencies (SimpleITK, PyRadiomics, torch,
MONAI, matplotlib) inside the functions that need them, so importing
``radstats.adapters`` or a submodule costs nothing. Install the extras:
``pip install "radstats[imaging]"`` (SimpleITK, PyRadiomics) and
``pip install torch==2.13.0 "radstats[deep]"`` (torch first, then MONAI).

- :mod:`radstats.adapters.images`: reading images and masks, geometry checks.
- :mod:`radstats.adapters.radiomics`: PyRadiomics extraction, one case or a batch.
- :mod:`radstats.adapters.slices`: 2.5D slice stacks around the largest ROI slice.
- :mod:`radstats.adapters.deep`: slice-level CNN/CrossFormer inference and Grad-CAM.
- :mod:`radstats.adapters.mil`: patient-level features from slice predictions.
- :mod:`radstats.adapters.heatmap`: voxel-wise risk maps from a fitted risk score.
"""
