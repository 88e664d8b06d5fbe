"""Benchmark of the book's build on this machine: a cold full build (notebooks executed, HTML built
from scratch) and a rebuild with nothing changed, several runs each.

Prints, in French, the median and the extremes of the wall-clock times and the peak memory of the
whole build (the sum of the resident memory of the build process and all its children: kernels,
Jupyter Book), sampled every 50 ms. Run with ``make bench``; options: ``--runs``, ``--year``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05
TARGETS = {"cold": 60.0, "warm": 10.0}


def _tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def timed_build(command: list[str]) -> tuple[float, int]:
    """Run one build; return its wall-clock seconds and its peak memory (bytes) over the tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
        sys.exit(f"La construction a échoué :\n{errors.decode('utf-8', 'replace')}")
    return elapsed, peak


def _french(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesure le temps de construction du livre.")
    parser.add_argument("--runs", type=int, default=3, help="nombre de mesures de chaque sorte")
    parser.add_argument("--year", default="2024", help="année de l'édition")
    arguments = parser.parse_args()
    lda_book = str(Path(sys.executable).with_name("lda-book"))
    results: dict[str, list[tuple[float, int]]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory(prefix="lda-bench-") as folder:
        output = Path(folder) / "editions"
        command = [lda_book, "build", "--year", arguments.year, "--output", str(output)]
        for run in range(1, arguments.runs + 1):
            shutil.rmtree(output, ignore_errors=True)
            results["cold"].append(timed_build(command))
            print(
                f"construction complète {run}/{arguments.runs} : {_french(results['cold'][-1][0])} s",
                flush=True,
            )
        for run in range(1, arguments.runs + 1):
            results["warm"].append(timed_build(command))
            print(
                f"reconstruction sans changement {run}/{arguments.runs} : {_french(results['warm'][-1][0])} s",
                flush=True,
            )
    summary = {}
    labels = {"cold": "Construction complète (exécution + HTML)", "warm": "Reconstruction sans changement"}
    print(
        f"\nMachine : {os.cpu_count()} cœurs, {psutil.virtual_memory().total / 2**30:.0f} Gio ; "
        f"{arguments.runs} mesures de chaque sorte."
    )
    for kind, label in labels.items():
        times = [seconds for seconds, _ in results[kind]]
        peak = max(memory for _, memory in results[kind]) / 2**20
        median = statistics.median(times)
        verdict = "objectif tenu" if median < TARGETS[kind] else "objectif NON tenu"
        print(
            f"{label} : médiane {_french(median)} s (de {_french(min(times))} à "
            f"{_french(max(times))} s), mémoire maximale {peak:.0f} Mio — objectif "
            f"< {TARGETS[kind]:.0f} s : {verdict}"
        )
        summary[kind] = {
            "median_s": round(median, 2),
            "min_s": round(min(times), 2),
            "max_s": round(max(times), 2),
            "peak_mib": round(peak),
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
