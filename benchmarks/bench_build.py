"""Benchmark of the book's build on this machine, every kind of build side by side in one run.

Measured, each ``--runs`` times (medians and extremes), on a private copy of the data:

- the cold build (empty output folder: every notebook executed, HTML from scratch);
- the rebuild with nothing changed;
- the rebuild after changing one table (a note of ``fsl.csv``: the pages that read it run again);
- the rebuild after changing one Markdown page of ``book/`` (changed, then put back, in the checkout);
- the rebuild after changing one table with ``lda-book surveiller --sans-pdf`` (the command kept between
  builds, with its kernels and Jupyter Book's imports), timed from the change to the rebuilt book;
- the naive build: the same sources (the cold build's staged book, outputs removed) executed and
  rendered by plain Jupyter Book (``execute_notebooks: force``), once;
- a scale run: every edition the calendar allows with the embedded data, built cold one after the
  other into one output folder (the time per edition must stay flat).

A build that writes the PDF edition says how long it took (« Édition PDF écrite : … (N pages, X s) »):
that time is kept with each measure, and the PDF's share of the cold build is one of the targets. The
targets of the HTML book (ratios to the naive build, which writes no PDF; rebuild times) are measured
on the HTML part of each build: its time less that of the PDF step, which comes last.

Peak memory is the sum of the resident memory of the build process and all its children (kernels,
Jupyter Book), sampled every 50 ms. The results, the ratios to the targets of the project and the
machine's description are printed in French and written to ``benchmarks/results/`` (JSON). Run with
``make bench``; options: ``--runs``, ``--year``, ``--sans-naif``, ``--sans-echelle``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from queue import Queue

import nbformat
import psutil
import yaml

from lda_analysis import __version__
from lda_analysis.blocks.charts import CHARTS_FOLDER
from lda_analysis.contract.paths import BOOK_DIR, DEFAULT_DATA_DIR, PROJECT_ROOT
from lda_analysis.domains.edition import calendar, load_data

SAMPLE_SECONDS = 0.05
RESULTS_DIR = Path(__file__).resolve().parent / "results"
# The Markdown page changed (then put back) for the « one page of book/ » rebuild.
MARKDOWN_PAGE = BOOK_DIR / "bilan_global.md"
CHANGED_TABLE = "fsl.csv"
# Targets of the project, on a 2-core machine: issue « Fast enough to iterate », made stricter by
# issue 21 (« A build you can trust »: cold ≤ 0,30 × the naive build, one table changed ≤ 0,35 × cold
# with a fresh command and ≤ 0,2 × in lda-book surveiller, nothing changed ≤ 0,5 s).
TARGETS = {
    "cold_vs_naive": 0.30,
    "one_table_vs_cold": 0.35,
    "one_table_watch_vs_cold": 0.2,
    "markdown_s": 5.0,
    "nothing_s": 0.5,
    "peak_mib": 1024,
    "pdf_s": 15.0,
}
LABELS = {
    "cold": "Construction complète (à froid)",
    "nothing": "Reconstruction sans changement",
    "one_table": f"Reconstruction après changement d'une table ({CHANGED_TABLE})",
    "markdown": f"Reconstruction après changement d'une page Markdown (book/{MARKDOWN_PAGE.name})",
    "naive": "Construction naïve par Jupyter Book (mêmes sources, execute_notebooks: force)",
    "one_table_watch": f"Reconstruction par lda-book surveiller après changement d'une table ({CHANGED_TABLE})",
}


def _tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def timed(command: list[str], environment: dict | None = None) -> dict:
    """Run one build; its wall-clock seconds, peak memory (MiB) and last message line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, text=True
    )
    watched = psutil.Process(process.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.NoSuchProcess:
                return
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"La construction a échoué ({' '.join(command)}) :\n{errors[-3000:]}")
    lines = [line for line in errors.splitlines() if line.strip()]
    measured = {
        "s": round(elapsed, 2),
        "peak_mib": round(peak / 2**20),
        "message": lines[-1] if lines else "",
    }
    pdf = PDF_LINE.search(errors)
    if pdf:  # the build rendered the PDF edition: its pages and seconds
        measured.update(pdf_pages=int(pdf.group(1)), pdf_s=float(pdf.group(2).replace(",", ".")))
    return measured


def _sample_peak(process: psutil.Process, done: threading.Event, peak: list[int]) -> None:
    """Keep in ``peak[0]`` the largest resident memory of ``process`` and its children until ``done``."""
    while not done.is_set():
        peak[0] = max(peak[0], _tree_rss(process))
        time.sleep(SAMPLE_SECONDS)


def watched_rebuilds(lda_book: str, arguments: list[str], data_dir: Path, runs: int) -> list[dict]:
    """``lda-book surveiller --sans-pdf`` (the HTML book) with the build's ``arguments``: after its first
    build, ``runs`` changes of the table, a few seconds apart (a reader reads in between), each timed
    from the change to the message of the rebuilt book, with the peak memory of the command and its
    children meanwhile."""
    process = subprocess.Popen(
        [lda_book, "surveiller", *arguments, "--sans-pdf"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    watched = psutil.Process(process.pid)
    lines: Queue = Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()

    def until(start: str) -> list[str]:
        """The lines the command writes up to the one that starts with ``start``."""
        seen = []
        while True:
            seen.append(lines.get(timeout=600).strip())
            if seen[-1].startswith("Erreur"):
                process.kill()
                sys.exit(f"lda-book surveiller : {seen[-1]}")
            if seen[-1].startswith(start):
                return seen

    results = []
    try:
        until("En attente")
        for run in range(1, runs + 1):
            time.sleep(4)
            peak, done = [0], threading.Event()
            sampler = threading.Thread(target=_sample_peak, args=(watched, done, peak), daemon=True)
            sampler.start()
            _change_note(data_dir, 100 + run)
            started = time.perf_counter()
            said = until("Livre construit")
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
            until("En attente")
            message = next((line for line in reversed(said) if "relancée" in line), said[-1])
            results.append({"s": round(elapsed, 2), "peak_mib": round(peak[0] / 2**20), "message": message})
            print(f"{LABELS['one_table_watch']} {run}/{runs} : {_french(elapsed)} s", flush=True)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    return results


# What the build says when it has written the PDF edition (lda_analysis/publication/pdf_edition.py).
PDF_LINE = re.compile(r"Édition PDF écrite : .* \((\d+) pages, (\d+(?:,\d+)?) s\)")


def _french(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",")


def _number(value: float) -> str:
    """A ratio or a figure, the French way (two decimals for a ratio)."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}".replace(".", ",") if value < 1 else _french(value)


RATIO_LABELS = {
    "cold_vs_naive": "construction complète / construction naïve (livre HTML, sans l'étape PDF)",
    "one_table_vs_cold": "changement d'une table / construction complète (livre HTML, sans l'étape PDF)",
    "one_table_watch_vs_cold": "changement d'une table avec lda-book surveiller / construction complète (livre HTML)",
    "markdown_s": "changement d'une page Markdown (s ; livre HTML, sans l'étape PDF)",
    "nothing_s": "rien de changé (s)",
    "peak_mib": "mémoire maximale (Mio)",
    "pdf_s": "édition PDF dans la construction complète (s)",
}


def _summary(measures: list[dict]) -> dict:
    times = [measure["s"] for measure in measures]
    summary = {
        "median_s": round(statistics.median(times), 2),
        "min_s": min(times),
        "max_s": max(times),
        "peak_mib": max(measure["peak_mib"] for measure in measures),
        "runs": measures,
    }
    # The HTML book's part of each build: the PDF step comes last and its time is said by the build.
    summary["html_median_s"] = round(statistics.median(m["s"] - m.get("pdf_s", 0.0) for m in measures), 2)
    pdf = [measure["pdf_s"] for measure in measures if "pdf_s" in measure]
    if pdf:  # the PDF edition's part of these builds
        summary.update(
            pdf_median_s=round(statistics.median(pdf), 2),
            pdf_min_s=min(pdf),
            pdf_max_s=max(pdf),
            pdf_pages=measures[-1].get("pdf_pages"),
        )
    return summary


def machine() -> dict:
    """What the measures were taken on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    programs = ("jupyter-book", "sphinx", "myst-nb", "papermill", "nbclient", "ipykernel", "pandas")
    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "processor": model or platform.processor(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "system": platform.platform(),
        "python": platform.python_version(),
        "lda_analysis": __version__,
        "commit": commit,
        "programs": {name: metadata.version(name) for name in programs},
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def _change_note(data_dir: Path, run: int) -> None:
    """Change the note of the first row of the table (a different text at each run)."""
    path = data_dir / CHANGED_TABLE
    text = path.read_text(encoding="utf-8")
    marker = " (mesure du banc d'essai"
    if marker in text:
        text = text[: text.index(marker)] + text[text.index(")", text.index(marker)) + 1 :]
    first_line_end = text.index("\n", text.index("\n") + 1)
    line = text[text.index("\n") + 1 : first_line_end]
    assert line.endswith('"'), "la note de la première ligne doit être entre guillemets"
    changed = line[:-1] + f'{marker} {run})"'
    path.write_text(text.replace(line, changed, 1), encoding="utf-8")


def naive_build(staged: Path, folder: Path) -> dict:
    """Plain Jupyter Book executing the staged sources of an edition (outputs and records removed)."""
    sources = folder / "source"
    shutil.copytree(staged, sources)
    for path in sources.rglob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        notebook.metadata.pop("lda", None)
        nbformat.write(notebook, path)
    config_file = sources / "_config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "force"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    # Its kernels write the charts' images, as the build's do (an IPython startup file, since plain
    # Jupyter Book runs no code of ours when it starts a kernel).
    shutil.rmtree(sources / CHARTS_FOLDER, ignore_errors=True)
    startup = folder / "ipython" / "profile_default" / "startup" / "00-graphiques.py"
    startup.parent.mkdir(parents=True)
    startup.write_text(
        "from pathlib import Path\n"
        "from lda_analysis.blocks.charts import save_images_in\n"
        f"save_images_in(get_ipython(), Path({str(sources / CHARTS_FOLDER)!r}))\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "IPYTHONDIR": str(folder / "ipython")}
    command = [jupyter_book, "build", str(sources), "--path-output", str(folder / "work"), "-q"]
    return timed(command, environment)


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesure le temps de construction du livre.")
    parser.add_argument("--runs", type=int, default=3, help="nombre de mesures de chaque sorte")
    parser.add_argument("--year", default="2024", help="année de l'édition")
    parser.add_argument("--sans-naif", action="store_true", help="sans la construction naïve")
    parser.add_argument("--sans-echelle", action="store_true", help="sans la série des éditions")
    arguments = parser.parse_args()
    # Started in the background by a shell without job control, the bench ignores Ctrl-C, and so
    # would the watch it stops with it: a handled signal is reset for the builds it starts.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    lda_book = str(Path(sys.executable).with_name("lda-book"))
    description = machine()
    measures: dict[str, list[dict]] = {kind: [] for kind in LABELS}
    scale: list[dict] = []
    original_page = MARKDOWN_PAGE.read_bytes()
    with tempfile.TemporaryDirectory(prefix="lda-bench-") as folder:
        data = Path(folder) / "donnees"
        shutil.copytree(DEFAULT_DATA_DIR, data)
        output = Path(folder) / "editions"
        command = [
            lda_book,
            "construire",
            "--annee",
            arguments.year,
            "--donnees",
            str(data),
            "--sortie",
            str(output),
        ]

        def measure(kind: str, run: int) -> None:
            measures[kind].append(timed(command))
            print(f"{LABELS[kind]} {run}/{arguments.runs} : {_french(measures[kind][-1]['s'])} s", flush=True)

        for run in range(1, arguments.runs + 1):
            shutil.rmtree(output, ignore_errors=True)
            measure("cold", run)
            measure("nothing", run)
            _change_note(data, run)
            measure("one_table", run)
            try:
                MARKDOWN_PAGE.write_bytes(
                    original_page + f"\n<!-- mesure du banc d'essai {run} -->\n".encode()
                )
                measure("markdown", run)
            finally:
                MARKDOWN_PAGE.write_bytes(original_page)
        measures["one_table_watch"] = watched_rebuilds(lda_book, command[2:], data, arguments.runs)
        if not arguments.sans_naif:
            measures["naive"].append(naive_build(output / arguments.year / "source", Path(folder) / "naif"))
            print(f"{LABELS['naive']} : {_french(measures['naive'][-1]['s'])} s", flush=True)
        if not arguments.sans_echelle:
            found = calendar()
            years = found.edition_years(load_data()[found.table])
            series = Path(folder) / "serie"
            buildable = [year for year in years if year >= int(arguments.year)]
            for year in buildable:
                result = timed([lda_book, "construire", "--annee", str(year), "--sortie", str(series)])
                scale.append({"year": year, **result})
                pdf = f" (dont édition PDF {_french(result['pdf_s'])} s)" if "pdf_s" in result else ""
                print(f"Série : édition {year} à froid : {_french(result['s'])} s{pdf}", flush=True)
    summary = {kind: _summary(runs) for kind, runs in measures.items() if runs}
    # The targets of the HTML book are measured on its part of the builds (the naive build writes no
    # PDF); the PDF's own time has its target.
    html = {kind: item["html_median_s"] for kind, item in summary.items()}
    ratios = {
        "cold_vs_naive": round(html["cold"] / html["naive"], 3) if "naive" in summary else None,
        "one_table_vs_cold": round(html["one_table"] / html["cold"], 3),
        "one_table_watch_vs_cold": round(html["one_table_watch"] / html["cold"], 3),
        "markdown_s": html["markdown"],
        "nothing_s": summary["nothing"]["median_s"],
        "peak_mib": max(item["peak_mib"] for item in summary.values()),
        "pdf_s": summary["cold"].get("pdf_median_s"),
    }
    print(
        f"\nMachine : {description['cores']} cœurs ({description['processor']}), "
        f"{description['memory_gib']} Gio ; {arguments.runs} mesure(s) de chaque sorte ; "
        f"charge au départ {description['load_average_at_start']}."
    )
    for kind, label in LABELS.items():
        if kind in summary:
            item = summary[kind]
            pdf = (
                f" ; dont édition PDF {_french(item['pdf_median_s'])} s (de {_french(item['pdf_min_s'])} à "
                f"{_french(item['pdf_max_s'])} s, {item['pdf_pages']} pages)"
                if "pdf_median_s" in item
                else ""
            )
            print(
                f"{label} : médiane {_french(item['median_s'])} s (de {_french(item['min_s'])} à "
                f"{_french(item['max_s'])} s), mémoire maximale {item['peak_mib']} Mio{pdf}"
            )
    print("\nRapports aux objectifs :")
    verdicts = {}
    for name, value in ratios.items():
        if value is None:
            continue
        verdicts[name] = value <= TARGETS[name]
        verdict = "tenu" if verdicts[name] else "NON tenu"
        print(f"  {RATIO_LABELS[name]} : {_number(value)} (objectif ≤ {_number(TARGETS[name])}) : {verdict}")
    if scale:
        times = [item["s"] for item in scale]
        print(
            f"Série de {len(scale)} éditions ({scale[0]['year']} à {scale[-1]['year']}) : "
            f"de {_french(min(times))} à {_french(max(times))} s par édition "
            f"(écart maximal / minimal : {_french(max(times) / min(times))})"
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    result_file = RESULTS_DIR / f"banc_{stamp}.json"
    result_file.write_text(
        json.dumps(
            {
                "machine": description,
                "edition": arguments.year,
                "runs": arguments.runs,
                "measures": summary,
                "ratios": ratios,
                "targets": TARGETS,
                "targets_met": verdicts,
                "scale": scale,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nRésultats écrits : {result_file}")


if __name__ == "__main__":
    main()
