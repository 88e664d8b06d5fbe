"""pytest configuration for the whole project (library doctests, tests/ and the nbval notebooks).

nbval starts one kernel per notebook with jupyter_client's default TCP transport, whose free-port
choice races with other kernels and connections (« Address already in use », papermill#511,
jupyter_client#154). Its kernels use the same private Unix sockets as the book's builds
(:mod:`lda_analysis.kernels`).
"""

from __future__ import annotations

import nbval.kernel
from jupyter_client.manager import KernelManager

from lda_analysis.kernels import ipc_address


def _start_ipc_kernel(startup_timeout: float = 60, kernel_name: str = "python", **kwargs):
    """``jupyter_client.manager.start_new_kernel`` with the IPC transport on a private path."""
    manager = KernelManager(kernel_name=kernel_name, transport="ipc", ip=ipc_address())
    manager.start_kernel(**kwargs)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=startup_timeout)
    except RuntimeError:
        client.stop_channels()
        manager.shutdown_kernel()
        raise
    return manager, client


nbval.kernel.start_new_kernel = _start_ipc_kernel
