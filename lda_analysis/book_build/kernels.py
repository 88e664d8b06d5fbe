"""The Python kernels that run the notebooks: started without any network port, stopped at once when
the user interrupts a build.

With the default TCP transport, jupyter_client picks free ports, closes them and lets the kernel bind
them a moment later: another kernel (or any connection) starting meanwhile can take one, and the kernel
dies with « Address already in use » (papermill#511, jupyter_client#154), a build failing at random
when notebooks run in parallel. Here every kernel talks through Unix sockets (ZeroMQ's IPC transport)
under a folder of its own: there is no port to race for.

Kernels run in their own session (jupyter_client starts them so), so a Ctrl-C in the terminal does
not reach them: the :class:`KernelGroup` of a build's kernels kills them at once
(:meth:`KernelGroup.stop`), and a kernel that finishes starting after it was called stops itself.
The group is an object the build's workers hold and pass to each kernel: the module keeps no state
of the process that starts kernels (``_fresh_namespace`` is the state of a kernel, kept in the
kernel's own process).

A build does not pay a kernel start per notebook: each of its workers keeps one :class:`WarmKernel`
for all the notebooks it runs, and :func:`reset_session` gives each notebook what a fresh kernel
would (empty namespace, execution count 1, no figure open, no warning remembered), while the
imported modules (pandas, matplotlib, the library) stay loaded.

Proved by ``tests/test_kernels.py`` (a reset kernel gives the outputs of a fresh one; a dead kernel is
replaced) and ``tests/test_build.py::test_ctrl_c_stops_the_build_within_seconds`` (Ctrl-C stops the
running kernels and the queued pages within seconds, and leaves no kernel).
"""

from __future__ import annotations

import queue
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

# Seconds a kernel may take to start, or to reset its session between two notebooks.
STARTUP_TIMEOUT = 60
# How often a wait for a kernel's reply checks that the kernel is alive and the build not stopped.
POLL_SECONDS = 0.2


class KernelGroup:
    """The kernels of one build (or of one notebook run alone): the private folder of their sockets,
    the kernels running, and whether they are being stopped. Held by the build's workers
    (:class:`~lda_analysis.book_build.page_workers.PageWorkers`) and passed to each kernel they start; nothing
    of it is kept by the module.

    :meth:`stop` kills the group's kernels at once (Ctrl-C) and refuses new ones, including a kernel
    that finishes starting after it was called; :meth:`close`, when the kernels have ended, removes
    the socket folder."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[AsyncKernelManager] = set()
        self._stopping = threading.Event()
        self._folder: Path | None = None

    def address(self) -> str:
        """A socket path prefix no other kernel uses (ZeroMQ adds ``-1`` … ``-5``, one per channel),
        in the group's private temporary folder (made at the first call); short enough for a Unix
        socket."""
        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="lda-noyaux-"))
            return str(self._folder / uuid.uuid4().hex[:12])

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called: the group's kernels give up waiting, none starts."""
        return self._stopping.is_set()

    def manager_class(self) -> type[IsolatedKernelManager]:
        """A kernel manager class whose kernels belong to this group, for papermill, which makes
        the manager of a notebook run alone from its class (``kernel_manager_class``)."""
        return type("GroupKernelManager", (IsolatedKernelManager,), {"group": self})

    def started(self, manager: AsyncKernelManager) -> None:
        """Note a kernel that starts (refused while the group is being stopped)."""
        if self.stopping:
            raise KernelStartError("construction interrompue")
        with self._lock:
            self._live.add(manager)

    def ended(self, manager: AsyncKernelManager) -> None:
        with self._lock:
            self._live.discard(manager)

    def processes(self) -> set[int]:
        """The process ids of the group's kernels running now."""
        with self._lock:
            managers = list(self._live)
        processes = [getattr(getattr(manager, "provisioner", None), "process", None) for manager in managers]
        return {process.pid for process in processes if process is not None and process.poll() is None}

    def stop(self) -> int:
        """Kill every kernel of the group (the notebooks running then fail at once) and refuse new
        ones; return how many were running."""
        self._stopping.set()
        with self._lock:
            managers = list(self._live)
        for manager in managers:
            _kill(manager)
        return len(managers)

    def close(self) -> None:
        """Remove the socket folder (the group's kernels have ended; a later kernel makes another)."""
        with self._lock:
            folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


class KernelStartError(RuntimeError):
    """A kernel was asked to start while the build is being stopped."""


class IsolatedKernelManager(AsyncKernelManager):
    """A kernel manager (for papermill/nbclient) whose kernel listens on private Unix sockets and
    belongs to a :class:`KernelGroup` (``group``, or the class's: :meth:`KernelGroup.manager_class`),
    which can stop it."""

    group: KernelGroup | None = None

    def __init__(self, group: KernelGroup | None = None, **kwargs):
        self.group = group or self.group
        if self.group is None:
            raise TypeError("un noyau isolé appartient à un groupe (KernelGroup)")
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", self.group.address())
        super().__init__(**kwargs)

    async def start_kernel(self, **kwargs) -> None:
        self.group.started(self)
        await super().start_kernel(**kwargs)
        if self.group.stopping:  # the group was stopped while this kernel was starting
            _kill(self)
            raise KernelStartError("construction interrompue")

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        try:
            await super().shutdown_kernel(now=now, restart=restart)
        finally:
            self.group.ended(self)


def _kill(manager: AsyncKernelManager) -> None:
    process = getattr(getattr(manager, "provisioner", None), "process", None)
    if process is not None and process.poll() is None:
        process.kill()


class _SharedClient(AsyncKernelClient):
    """The one client of a :class:`WarmKernel`, shared by its resets and by every notebook nbclient
    runs in it. nbclient opens a client for each notebook and waits until it is ready, a wait that
    ends with 0,2 s of silence on the output channel; this client connects and waits once."""

    _ready = False

    def start_channels(self, *args, **kwargs) -> None:
        # No heartbeat channel (its thread takes up to seconds to stop): whether the kernel is alive
        # is asked of its manager, which watches the process.
        if not self.channels_running:
            super().start_channels(shell=True, iopub=True, stdin=True, hb=False, control=True)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        if not self._ready:
            await super().wait_for_ready(timeout=timeout)
            self._ready = True


class _PooledKernelManager(IsolatedKernelManager):
    """The manager of a :class:`WarmKernel`: gives the same client (:class:`_SharedClient`) to every
    caller (nbclient asks for one per notebook)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.client_factory = _SharedClient
        self.shared_client: _SharedClient | None = None

    def client(self, **kwargs) -> _SharedClient:
        if self.shared_client is None:
            self.shared_client = super().client(**kwargs)
        return self.shared_client


# Run in a kernel through a silent execution, which binds no name: once it has started, and before
# each notebook but its first.
REMEMBER_CODE = (
    "__import__('lda_analysis.book_build.kernels', fromlist=['remember_session']).remember_session()"
)
RESET_CODE = "__import__('lda_analysis.book_build.kernels', fromlist=['reset_session']).reset_session()"
# In a kernel: the user namespace as the kernel started (IPython's reset does not give back all of
# it: ``_``, ``__doc__``…).
_fresh_namespace: dict = {}


def remember_session() -> None:
    """Called inside a kernel that has just started: note its user namespace."""
    from IPython import get_ipython

    _fresh_namespace.update(get_ipython().user_ns)


def reset_session() -> None:
    """Called inside a kernel between two notebooks: leave it as a fresh kernel would be for the next
    one. The user namespace is what it was at the start, the input/output histories are empty, the
    execution count starts again at 1 (it numbers the outputs), open figures are closed and the
    warnings already shown are forgotten (they would otherwise not be shown again). Imported modules
    stay: that is the point."""
    from IPython import get_ipython

    shell = get_ipython()
    shell.reset(new_session=True)  # also numbers the executions from 1 again, in a new history session
    for name, value in _fresh_namespace.items():
        shell.user_ns.setdefault(name, value)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    import warnings

    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    warnings.onceregistry.clear()
    warnings._filters_mutated()  # the filters stay as the imports set them


class WarmKernel:
    """A kernel that runs several notebooks one after the other, in the thread that started it (its
    client lives in that thread's event loop). Give :attr:`manager` to papermill (``km=``). The kernel
    runs ``startup_code`` when it starts."""

    def __init__(
        self,
        kernel_name: str,
        extra_arguments: list[str],
        startup_code: str = "",
        group: KernelGroup | None = None,
    ) -> None:
        self._kernel_name = kernel_name
        self._own_group = group is None
        self.group = KernelGroup() if group is None else group
        self.manager = _PooledKernelManager(kernel_name=kernel_name, group=self.group)
        self._extra_arguments = extra_arguments
        self._startup_code = startup_code
        self._fresh = False

    def start(self) -> None:
        """Start the kernel (a new one, with a new manager, if one ran before) and run
        ``startup_code`` in it (silently)."""
        if self.manager.has_kernel or self.manager.provisioner is not None:
            self.shutdown()
            self.manager = _PooledKernelManager(kernel_name=self._kernel_name, group=self.group)
        run_sync(self.manager.start_kernel)(extra_arguments=self._extra_arguments)
        self._execute(REMEMBER_CODE)
        if self._startup_code:
            self._execute(self._startup_code)
        self._fresh = True

    @property
    def alive(self) -> bool:
        return self.manager.has_kernel and run_sync(self.manager.is_alive)()

    def warm_up(self) -> None:
        """Start the kernel now if it is not running (the first notebook then finds it ready)."""
        if not self.alive:
            self.start()

    def prepare(self) -> None:
        """Make the kernel ready for the next notebook: start it (again, if it died), or reset it."""
        if not self.alive:
            self.start()
        elif not self._fresh:
            self._execute(RESET_CODE)
        self._fresh = False

    def abandon(self) -> None:
        """Kill the kernel's process at once, nothing else (the build is being interrupted: the
        command ends right after)."""
        _kill(self.manager)

    def shutdown(self) -> None:
        """Stop the kernel (or what is left of it), close its client and remove its files."""
        if self.manager.shared_client is not None:
            self.manager.shared_client.stop_channels()
            self.manager.shared_client = None
        try:
            if self.manager.has_kernel:
                run_sync(self.manager.shutdown_kernel)(now=True)
        except RuntimeError:  # already dead
            run_sync(self.manager.cleanup_resources)()
        if self._own_group:
            self.group.close()

    def _execute(self, code: str) -> None:
        run_sync(self._execute_async)(code)

    async def _execute_async(self, code: str) -> None:
        """Run ``code`` silently; give up at once if the kernel dies or the build is being stopped
        (a reply that will never come is not waited for)."""
        client = self.manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=STARTUP_TIMEOUT)
        request = client.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                reply = await client.get_shell_msg(timeout=POLL_SECONDS)
            except queue.Empty:
                if self.group.stopping or not await self.manager.is_alive():
                    raise RuntimeError("le noyau s'est arrêté") from None
                if time.monotonic() > deadline:
                    raise TimeoutError(f"pas de réponse du noyau en {STARTUP_TIMEOUT} s") from None
                continue
            if reply["parent_header"].get("msg_id") == request:
                break
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(f"{content.get('ename')} : {content.get('evalue')}")
