"""Run small dense linear algebra on one BLAS thread.

Cox and logistic fits multiply n x p matrices with p in the tens: there, BLAS
threads cost more in synchronisation than they save (measured on 2 cores:
20x slower X'WX at 2000 x 20 with 2 threads). Fits therefore run inside
``single_blas_thread()``; the user's setting is restored afterwards.
"""

from __future__ import annotations

from functools import cache

from threadpoolctl import ThreadpoolController


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()  # inspecting the loaded libraries costs ~ms: do it once


def single_blas_thread():
    """Context manager limiting BLAS to one thread."""
    return _controller().limit(limits=1, user_api="blas")
