"""``lda-book watch``: builds again at each change of the sources, in kernels kept from one build to
the next, which give the pages fresh kernels give; a failed build is said and the watch goes on; a
change of the library's code starts the command again."""

from __future__ import annotations

from pathlib import Path

from lda_analysis.book_build import builder, page_workers, watch
from lda_analysis.book_build.build_record import BuildRecord
from lda_analysis.contract.errors import DataError, Problem
from lda_analysis.domains.edition import load_edition

from .conftest import kernel_processes, logged_messages


def test_kept_workers_run_the_pages_of_one_build_after_another_in_the_same_kernels(tmp_path):
    edition = load_edition(2024)
    plan = builder.plan_pages(edition, tmp_path / "source", BuildRecord(tmp_path))
    runs = {run.page.name: run for run in plan.runs}
    fsl, other = builder._tried(edition, [runs["fsl"], runs["pression_demande"]])
    target = fsl[0].target
    kept = page_workers.KeptWorkers(jobs=1)
    try:
        workers = kept.get(tmp_path / "source" / "graphiques")
        workers.run([fsl], len(plan.runs))
        assert workers.wait() == []
        first = target.read_bytes()
        started = kernel_processes(workers)
        assert len(started) == 1
        # The next build: another page first, then the same page again, in the same kernel.
        assert kept.get(tmp_path / "source" / "graphiques") is workers
        target.unlink()
        workers.run([other, fsl], len(plan.runs))
        assert workers.wait() == []
        assert kernel_processes(workers) == started
        assert target.read_bytes() == first  # what the kernel ran before left nothing
        assert other[0].target.is_file()
    finally:
        kept.close()
    assert kernel_processes(workers) == set()


def test_kept_workers_wait_for_every_page_of_a_build_before_the_next_step(tmp_path):
    """Two kernels, a long page and two short ones: the wait ends when the three have ended (the
    kernel that ran the short ones does not end the build's pages alone)."""
    edition = load_edition(2024)
    plan = builder.plan_pages(edition, tmp_path / "source", BuildRecord(tmp_path))
    runs = {run.page.name: run for run in plan.runs}
    pages = builder._tried(
        edition, [runs[name] for name in ("ce_que_nous_retenons", "fsl", "pression_demande")]
    )
    kept = page_workers.KeptWorkers(jobs=2)
    try:
        workers = kept.get(tmp_path / "source" / "graphiques")
        for _ in range(2):
            for run, _inputs in pages:
                run.target.unlink(missing_ok=True)
            workers.run(pages, len(plan.runs))
            assert workers.wait() == []
            assert [run.target.is_file() for run, _inputs in pages] == [True, True, True]
    finally:
        kept.close()


def _fake_builds(monkeypatch, failing: set[int]) -> list[int]:
    """Replace the build by one that records its calls and fails at the given ones (1, 2…)."""
    calls: list[int] = []

    def fake_build(year, data_dir, output, jobs, strict, renderer, pdf, kept):
        renderer.close()
        calls.append(len(calls) + 1)
        assert isinstance(kept, page_workers.KeptWorkers)
        if calls[-1] in failing:
            raise DataError(Problem("valeur non numérique", file="fsl.csv", row=3, column="valeur"))
        return Path(output) / "2024" / "html" / "index.html"

    monkeypatch.setattr(watch, "build_edition", fake_build)
    return calls


def _change(data_copy: Path, text: str) -> None:
    path = data_copy / "fsl.csv"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_watch_builds_again_at_each_change_only_and_goes_on_after_a_failure(
    monkeypatch, tmp_path, data_copy
):
    calls = _fake_builds(monkeypatch, failing={2})
    steps = iter(
        [
            None,  # nothing changed: no build
            lambda: _change(data_copy, "\n"),  # build 2, which fails
            None,
            lambda: _change(data_copy, "\n"),  # build 3
            "stop",
        ]
    )

    def wait() -> bool:
        step = next(steps)
        if step == "stop":
            return False
        if step is not None:
            step()
        return True

    with logged_messages("lda_analysis.book_build") as messages:
        watch.watch(2024, data_copy, tmp_path / "livres", jobs=1, wait=wait, pdf=False)
    assert calls == [1, 2, 3]
    assert messages.count(f"Livre construit : {tmp_path / 'livres' / '2024' / 'html' / 'index.html'}") == 2
    assert (
        "Erreur : Donnée invalide — fsl.csv, ligne 3, colonne « valeur » : valeur non numérique" in messages
    )
    assert messages[-1].startswith("En attente d'un changement des données")
    assert sum(message.startswith("En attente") for message in messages) == 3


def test_a_change_of_the_library_s_code_starts_the_command_again(monkeypatch, tmp_path, data_copy):
    calls = _fake_builds(monkeypatch, failing=set())
    digests = iter(["bibliothèque v1", "bibliothèque v1", "bibliothèque v2"])
    monkeypatch.setattr(watch, "library_digest", lambda: next(digests))
    try:
        watch.watch(
            2024,
            data_copy,
            tmp_path / "livres",
            jobs=1,
            wait=lambda: _change(data_copy, "\n") or True,
            pdf=False,
        )
    except watch.LibraryChanged:
        pass
    else:
        raise AssertionError("la commande aurait dû repartir de zéro")
    assert calls == [1]
