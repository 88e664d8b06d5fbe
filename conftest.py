"""pytest configuration for the whole project (library doctests, tests/ and the nbval notebooks).

The tests run in parallel (pytest-xdist, one worker per core), in groups that must stay on one
worker: every test module that reads the book built for the session (fixture ``built_book``: it is
built once for the run, and some of them rebuild it in place; the accessibility audit reads a copy of
it, ``book_copy``, on another worker), the cells of one
notebook (nbval runs them in order in one kernel), the tests of one module (their module fixtures
build editions once) and the doctests of one library module.

nbval starts one kernel per notebook with jupyter_client's default TCP transport, whose free-port
choice races with other kernels and connections (« Address already in use », papermill#511,
jupyter_client#154). Its kernels use the same private Unix sockets as the book's builds
(:mod:`lda_analysis.book_build.kernels`). And, as the build does, each test worker keeps one kernel for all the
notebooks nbval runs, reset between two notebooks to what a fresh kernel is
(:func:`lda_analysis.book_build.kernels.reset_session`; ``tests/test_kernels.py`` checks that a reset kernel
gives the outputs of a fresh one): each notebook is still run from its first cell and compared.
"""

from __future__ import annotations

import atexit
import functools
from pathlib import Path

import nbval.kernel
import pytest
from jupyter_client.manager import KernelManager

from lda_analysis.book_build.kernels import REMEMBER_CODE, RESET_CODE, KernelGroup

# The kernel kept for nbval by this test worker: (manager, client), or nothing yet; the private
# folder of its sockets.
_kept: list[tuple] = []
_sockets = KernelGroup()


def _run_silently(client, code: str, timeout: float = 60) -> None:
    """Run ``code`` in the kernel without output or history; an error if it fails."""
    request = client.execute(code, silent=True, store_history=False)
    while True:
        reply = client.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == request:
            break
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{reply['content'].get('ename')} : {reply['content'].get('evalue')}")


def _stop(manager, client) -> None:
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def _start_ipc_kernel(startup_timeout: float = 60, kernel_name: str = "python", **kwargs):
    """``jupyter_client.manager.start_new_kernel`` with the IPC transport on a private path, or the
    kernel this worker kept, reset (a new one if it died or cannot be reset)."""
    if _kept:
        manager, client = _kept.pop()
        try:
            if not manager.is_alive():
                raise RuntimeError("noyau arrêté")
            _run_silently(client, RESET_CODE)
        except Exception:  # anything but a clean reset: a new kernel
            _stop(manager, client)
        else:
            _kept.append((manager, client))
            return manager, client
    manager = KernelManager(kernel_name=kernel_name, transport="ipc", ip=_sockets.address())
    manager.start_kernel(**kwargs)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=startup_timeout)
        _run_silently(client, REMEMBER_CODE)
    except RuntimeError:
        _stop(manager, client)
        raise
    _kept.append((manager, client))
    return manager, client


def _keep_or_stop(self) -> None:
    """``RunningKernel.stop`` for nbval: the kept kernel stays for the next notebook."""
    if _kept and _kept[0] == (self.km, self.kc):
        del self.km
    else:
        _stop(self.km, self.kc)
        del self.km


@atexit.register
def _stop_kept_kernel() -> None:
    while _kept:
        _stop(*_kept.pop())
    _sockets.close()


nbval.kernel.start_new_kernel = _start_ipc_kernel
nbval.kernel.RunningKernel.stop = _keep_or_stop


ROOT = Path(__file__).resolve().parent
SESSION_BOOK = "livre-de-la-session"


@functools.cache
def _session_book_modules() -> frozenset[str]:
    """The test modules that read the book built for the session (fixture ``built_book``)."""
    return frozenset(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").glob("test_*.py")
        if "built_book" in path.read_text(encoding="utf-8")
    )


def _scope(nodeid: str) -> str:
    """The group of a test that must run on one worker (see the module docstring)."""
    path = nodeid.split("::", 1)[0]
    return SESSION_BOOK if path in _session_book_modules() else path


@pytest.hookimpl(optionalhook=True)  # a hook of xdist: unknown when it is not loaded (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """Tests by group (:func:`_scope`), the groups shared among the workers as they become free."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    return GroupScheduling(config, log)


# The longest groups after the session's book (measured with --durations): started first, they do not
# end the run alone on one worker. The accessibility audit (47 s alone) reads a copy of the session's
# book: it comes after a group that builds its own edition, when that book is ready, instead of
# waiting for it.
LONG_GROUPS = (
    SESSION_BOOK,
    "tests/test_plan2_demonstration.py",
    "tests/test_browser_audit.py",
    "tests/test_new_edition.py",
    "tests/test_hostile_inputs.py",
    "tests/test_workbook.py",
    "tests/test_kernels.py",
    "tests/test_check_memory.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """The longest groups first (:data:`LONG_GROUPS`), the others in their order."""

    def rank(item) -> int:
        scope = _scope(item.nodeid)
        return LONG_GROUPS.index(scope) if scope in LONG_GROUPS else len(LONG_GROUPS)

    items.sort(key=rank)
