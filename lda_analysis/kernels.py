"""The Python kernels that run the notebooks: started without any network port, stopped at once when
the user interrupts a build.

With the default TCP transport, jupyter_client picks free ports, closes them and lets the kernel bind
them a moment later: another kernel (or any connection) starting meanwhile can take one, and the kernel
dies with « Address already in use » (papermill#511, jupyter_client#154), a build failing at random
when notebooks run in parallel. Here every kernel talks through Unix sockets (ZeroMQ's IPC transport)
under a folder of its own: there is no port to race for.

Kernels run in their own session (jupyter_client starts them so), so a Ctrl-C in the terminal does
not reach them: :func:`stop_kernels` kills the kernels of this process, and a kernel that finishes
starting after it was called stops itself.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

_lock = threading.Lock()
_live: set[AsyncKernelManager] = set()
_stopping = threading.Event()
_socket_folder: Path | None = None


def ipc_address() -> str:
    """A socket path prefix no other kernel uses (ZeroMQ adds ``-1`` … ``-5``, one per channel),
    in a private temporary folder removed when the process ends; short enough for a Unix socket."""
    global _socket_folder
    with _lock:
        if _socket_folder is None:
            _socket_folder = Path(tempfile.mkdtemp(prefix="lda-noyaux-"))
            atexit.register(shutil.rmtree, _socket_folder, ignore_errors=True)
    return str(_socket_folder / uuid.uuid4().hex[:12])


class KernelStartError(RuntimeError):
    """A kernel was asked to start while the build is being stopped."""


class IsolatedKernelManager(AsyncKernelManager):
    """A kernel manager (for papermill/nbclient) whose kernel listens on private Unix sockets and
    that :func:`stop_kernels` can reach."""

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", ipc_address())
        super().__init__(**kwargs)

    async def start_kernel(self, **kwargs) -> None:
        if _stopping.is_set():
            raise KernelStartError("construction interrompue")
        with _lock:
            _live.add(self)
        await super().start_kernel(**kwargs)
        if _stopping.is_set():  # stop_kernels ran while this kernel was starting
            _kill(self)
            raise KernelStartError("construction interrompue")

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        try:
            await super().shutdown_kernel(now=now, restart=restart)
        finally:
            with _lock:
                _live.discard(self)


def _kill(manager: AsyncKernelManager) -> None:
    process = getattr(getattr(manager, "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        process.kill()


def stop_kernels() -> int:
    """Kill every kernel this process started (the notebooks running then fail at once) and refuse
    new ones until :func:`allow_kernels`; return how many were running."""
    _stopping.set()
    with _lock:
        managers = list(_live)
    for manager in managers:
        _kill(manager)
    return len(managers)


def allow_kernels() -> None:
    """Let kernels start again (after :func:`stop_kernels`, for the next build of the process)."""
    _stopping.clear()
