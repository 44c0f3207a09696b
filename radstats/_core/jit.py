"""numba compilation that is cached on disk where it can be.

``njit(cache=True)`` compiles a function once per machine and keeps the
machine code beside the source (``__pycache__``) or, where that is read-only,
in the user's cache folder (``~/.cache/numba``, or ``NUMBA_CACHE_DIR``). Where
neither can be written (a read-only install run without a writable home),
numba raises on decoration; :func:`cached_njit` then compiles in memory, once
per process, instead of failing.

Import this module only where numba is used: importing numba takes a moment.
"""

from __future__ import annotations

from numba import njit


def cached_njit(**options):
    """``numba.njit(cache=True, **options)``, or without the disk cache where no
    cache folder is writable (decorator)."""

    def decorate(function):
        try:
            return njit(cache=True, **options)(function)
        except RuntimeError:   # "cannot cache function ...: no locator available"
            return njit(**options)(function)

    return decorate
