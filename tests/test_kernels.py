"""Warm kernels: a kernel that runs several notebooks gives each the outputs a fresh kernel gives.
Kernel groups: a stopped group starts no kernel, and a closed one leaves no socket folder."""

import re
from pathlib import Path

import nbformat
import pytest

from lda_analysis.book_build.kernels import KernelGroup, KernelStartError, WarmKernel
from lda_analysis.book_build.notebooks import KERNEL_ARGUMENTS, KERNEL_NAME, NOTEBOOKS_DIR, run_notebook
from lda_analysis.contract.paths import DEFAULT_DATA_DIR

# A notebook that leaves behind everything a reused kernel could carry over: a variable, a warning
# already shown, an open figure, a displayed value (the output history), and execution counts.
POLLUTING = [
    "x = 41",
    "import warnings\nwarnings.warn('attention : donnée provisoire')",
    "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nfigure = plt.figure()",
    "x + 1",
]
# The same notebook's checks of what it finds, with outputs a leftover would change.
PROBING = [
    "print(sorted(globals()))",
    "import warnings\nwarnings.warn('attention : donnée provisoire')",
    "import matplotlib.pyplot as plt\nprint(plt.get_fignums())",
    "len(Out), 1 + 1",
]


def _without_kernel_pid(path) -> str:
    """A warning names the file of the cell in the kernel's folder (``/tmp/ipykernel_<pid>/``): the
    only part of an output that differs between two fresh kernels."""
    return re.sub(r"ipykernel_\d+", "ipykernel_PID", path.read_text(encoding="utf-8"))


def _notebook(path, sources):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cellule-{number}"
    nbformat.write(notebook, path)
    return path


def test_a_reset_kernel_keeps_nothing_of_the_previous_notebook(tmp_path):
    polluting = _notebook(tmp_path / "polluant.ipynb", POLLUTING)
    probing = _notebook(tmp_path / "sonde.ipynb", PROBING)
    run_notebook(probing, tmp_path / "frais.ipynb", None, tmp_path)
    kernel = WarmKernel(KERNEL_NAME, KERNEL_ARGUMENTS)
    try:
        run_notebook(polluting, tmp_path / "premier.ipynb", None, tmp_path, kernel=kernel)
        first_process = kernel.manager.provisioner.process.pid
        run_notebook(probing, tmp_path / "reutilise.ipynb", None, tmp_path, kernel=kernel)
        assert kernel.manager.provisioner.process.pid == first_process  # the same kernel did both
    finally:
        kernel.shutdown()
    reused = _without_kernel_pid(tmp_path / "reutilise.ipynb")
    assert reused == _without_kernel_pid(tmp_path / "frais.ipynb")
    outputs = [cell.outputs for cell in nbformat.reads(reused, as_version=4).cells]
    assert "'x'" not in outputs[0][0]["text"] and "'figure'" not in outputs[0][0]["text"]  # nothing left
    assert "'_'" in outputs[0][0]["text"] and "'__doc__'" in outputs[0][0]["text"]  # as a fresh kernel
    assert "donnée provisoire" in outputs[1][0]["text"]  # the warning is shown again
    assert outputs[2][0]["text"] == "[]\n"  # no figure left open
    assert outputs[3][0]["execution_count"] == 4 and outputs[3][0]["data"]["text/plain"] == "(0, 2)"


def test_pages_run_one_after_the_other_in_a_warm_kernel_are_those_of_fresh_kernels(tmp_path):
    # Two pages from one template with other parameters, and a page of charts and tables between.
    # (The build's 34 pages were compared the same way when warm kernels came in: all identical.)
    pages = [
        ("fiche_action", {"action": "7"}),
        ("annexe_odh", {}),
        ("fiche_action", {"action": "13"}),
    ]
    common = {"year": 2024, "data_dir": str(DEFAULT_DATA_DIR)}
    kernel = WarmKernel(KERNEL_NAME, KERNEL_ARGUMENTS)
    try:
        for rank, (template, parameters) in enumerate(pages):
            source = NOTEBOOKS_DIR / f"{template}.ipynb"
            run_notebook(
                source, tmp_path / f"chaud_{rank}.ipynb", {**common, **parameters}, tmp_path, kernel=kernel
            )
    finally:
        kernel.shutdown()
    for rank, (template, parameters) in enumerate(pages):
        source = NOTEBOOKS_DIR / f"{template}.ipynb"
        run_notebook(source, tmp_path / f"frais_{rank}.ipynb", {**common, **parameters}, tmp_path)
        warm = (tmp_path / f"chaud_{rank}.ipynb").read_bytes()
        assert warm == (tmp_path / f"frais_{rank}.ipynb").read_bytes(), template


def test_a_dead_warm_kernel_is_replaced_for_the_next_notebook(tmp_path):
    dying = _notebook(tmp_path / "mourant.ipynb", ["import os\nos._exit(1)"])
    probing = _notebook(tmp_path / "sonde.ipynb", PROBING)
    kernel = WarmKernel(KERNEL_NAME, KERNEL_ARGUMENTS)
    try:
        with pytest.raises(Exception, match="s'est arrêté ou n'a pas pu démarrer"):
            run_notebook(dying, tmp_path / "mort.ipynb", None, tmp_path, kernel=kernel)
        run_notebook(probing, tmp_path / "apres.ipynb", None, tmp_path, kernel=kernel)
    finally:
        kernel.shutdown()
    run_notebook(probing, tmp_path / "frais.ipynb", None, tmp_path)
    assert _without_kernel_pid(tmp_path / "apres.ipynb") == _without_kernel_pid(tmp_path / "frais.ipynb")


def test_a_stopped_group_starts_no_kernel_and_a_closed_one_leaves_no_socket_folder(tmp_path):
    group = KernelGroup()
    folder = Path(group.address()).parent
    assert folder.is_dir() and Path(group.address()).parent == folder  # one folder for the group
    assert group.stop() == 0
    kernel = WarmKernel(KERNEL_NAME, KERNEL_ARGUMENTS, group=group)
    with pytest.raises(KernelStartError):
        kernel.start()
    assert group.processes() == set()
    group.close()
    assert not folder.exists()
    # Another group is not stopped: each build's kernels are stopped by its own group.
    assert not KernelGroup().stopping


def test_a_build_s_kernel_writes_the_charts_it_shows_and_sets_its_modules_apart(tmp_path):
    # A kernel started as a build starts its kernels (plan.kernel_startup): its modules are set apart
    # from the garbage collector, and a chart it displays, after a reset too, writes its image.
    from lda_analysis.book_build.plan import kernel_startup

    charts = tmp_path / "graphiques"
    frozen = _notebook(tmp_path / "gel.ipynb", ["import gc\nprint(gc.get_freeze_count() > 1000)"])
    chart = _notebook(
        tmp_path / "graphique.ipynb",
        [
            "from lda_analysis.contract.data import load_table\n"
            "from lda_analysis.domains.indicateurs.pages import access_rates_chart\n"
            "chart = access_rates_chart(load_table('acces_logement_social'))\n"
            "chart",
            "print(chart.file_name)",
        ],
    )
    kernel = WarmKernel(KERNEL_NAME, KERNEL_ARGUMENTS, kernel_startup(charts))
    try:
        run_notebook(frozen, tmp_path / "gel-execute.ipynb", None, tmp_path, kernel=kernel)
        run_notebook(chart, tmp_path / "graphique-execute.ipynb", None, tmp_path, kernel=kernel)
    finally:
        kernel.shutdown()
    printed = nbformat.read(tmp_path / "gel-execute.ipynb", as_version=4).cells[0].outputs[0]["text"]
    assert printed == "True\n"
    cells = nbformat.read(tmp_path / "graphique-execute.ipynb", as_version=4).cells
    name = cells[1].outputs[0]["text"].strip()
    assert f"/graphiques/{name}" in cells[0].outputs[0]["data"]["text/markdown"]
    assert sorted(path.name for path in charts.iterdir()) == [name.replace(".svg", ".impression.svg"), name]
