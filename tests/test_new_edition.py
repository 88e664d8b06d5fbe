"""A new year's edition end to end: template → fill → import → build, on data the test creates.

The 2025 figures below are a TEST FIXTURE, made up by this test and written only to a temporary
copy of data/: they are not published figures and are never stored in data/.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from lda_analysis.book_build import builder
from lda_analysis.cli.lda_book import main
from lda_analysis.contract.data import load_table
from lda_analysis.contract.errors import EditionError
from lda_analysis.contract.paths import DEFAULT_DATA_DIR
from lda_analysis.contract.schema import get_schema
from lda_analysis.domains.edition import load_edition, missing_data
from lda_analysis.publication.workbook import column_names, template_workbook
from lda_analysis.publication.workbook_import import import_workbook

from .conftest import logged_messages

FIXTURE_SOURCE = "Jeu d'essai des tests (valeurs inventées, non publiées)"
# Made-up 2025 access rates: (public, territory) -> rate.
RATES_2025 = {
    ("hebergement_generaliste", "MTPM"): 5.0,
    ("hebergement_generaliste", "VAR_HORS_TPM"): 2.6,
    ("sans_abri", "MTPM"): 3.9,
    ("sans_abri", "VAR_HORS_TPM"): 1.2,
}
# Made-up FSL requests, all three axes: 2024 (a row the analyst adds) and 2025 (a template row).
REQUESTS = {2024: 1000, 2025: 1300}
NBSP = "\xa0"


def _sheet(book, table: str):
    """The sheet of ``table`` (its French name)."""
    return book[get_schema().table(table).sheet_name]


def _header(sheet, table: str) -> list[str]:
    """The columns' names of a sheet whose headers are their French labels."""
    return column_names([cell.value for cell in sheet[1]], get_schema().table(table))


def _fill(path: Path) -> None:
    """Fill the template as an analyst would: some rows, not all; add one row."""
    book = openpyxl.load_workbook(path)
    sheet = _sheet(book, "acces_logement_social")
    header = _header(sheet, "acces_logement_social")
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=False))
        rate = RATES_2025[(cells["public"].value, cells["territoire"].value)]
        cells["valeur"].value = rate
        cells["periode_imprimee"].value = "2025 (juin)"
        cells["source"].value = FIXTURE_SOURCE
    fsl = _sheet(book, "fsl")
    header = _header(fsl, "fsl")
    for row in fsl.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=False))
        if cells["mesure"].value == "demandes" and cells["axe"].value == "trois_axes":
            cells["valeur"].value = REQUESTS[2025]
            cells["source"].value = FIXTURE_SOURCE
    fsl.append(
        [
            "demandes",
            "trois_axes",
            2024,
            "2024",
            REQUESTS[2024],
            "demandes",
            "observe",
            FIXTURE_SOURCE,
            None,
            None,
        ]
    )
    book.save(path)


@pytest.fixture(scope="module")
def edition_2025(tmp_path_factory):
    """The data copy with the filled 2025 workbook imported, and the 2025 book built from it."""
    import shutil

    folder = tmp_path_factory.mktemp("edition_2025")
    data = folder / "donnees"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    workbook = template_workbook(folder / "classeur_2025.xlsx", 2025, data)
    _fill(workbook)
    summary = import_workbook(workbook, data)
    with logged_messages("lda_analysis.book_build") as messages:
        index = builder.build_edition(2025, data_dir=data, output_dir=folder / "editions", pdf=False)
    return {
        "data": data,
        "summary": summary,
        "html": index.parent,
        "messages": messages,
        "workbook": workbook,
    }


def _text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", article))


def test_template_has_the_rows_to_fill_for_the_new_year(tmp_path, data_copy):
    path = template_workbook(tmp_path / "classeur.xlsx", 2025, data_copy)
    book = openpyxl.load_workbook(path)
    rows = list(_sheet(book, "acces_logement_social").values)
    assert rows[0][:5] == ("Public", "Territoire", "Année", "Période imprimée", "Valeur")
    assert [(row[0], row[1], row[2], row[4]) for row in rows[1:]] == [
        ("hebergement_generaliste", "MTPM", 2025, None),
        ("hebergement_generaliste", "VAR_HORS_TPM", 2025, None),
        ("sans_abri", "MTPM", 2025, None),
        ("sans_abri", "VAR_HORS_TPM", 2025, None),
    ]
    # Plan 1's synthesis is not asked for again: plan 2's credits are, for the period ending in 2025.
    assert list(_sheet(book, "finances_synthese").values)[1:] == []
    credits = list(_sheet(book, "finances_plan2_credits").values)
    assert {row[0] for row in credits[1:]} == {"2024-2025"}  # the period ending in 2025, from the calendar
    assert "Classeur à remplir pour l'édition 2025" in book["Instructions"]["A1"].value
    assert list(_sheet(book, "actions_fiches").values)[1:] == []  # not an annual table: nothing to fill


def test_import_adds_the_filled_rows_only(edition_2025):
    lines = edition_2025["summary"].lines()
    assert lines[:2] == ["Accès au logement social : 4 ligne(s) ajoutée(s)", "FSL : 2 ligne(s) ajoutée(s)"]
    assert re.fullmatch(r"\d+ ligne\(s\) laissée\(s\) sans valeur, non importée\(s\)\.", lines[-1])
    rates = load_table("acces_logement_social", edition_2025["data"])
    assert rates[rates["annee"] == 2025]["valeur"].tolist() == [5.0, 2.6, 3.9, 1.2]


def test_the_new_edition_shows_evolutions_computed_from_the_fixture(edition_2025):
    from lda_analysis.domains.indicateurs.computations import access_rates, baseline_years, evolution
    from lda_analysis.domains.indicateurs.pages import evolution_table, progression_statement

    # The yearly rapport's indicators: the access rates computed for 2025 (the page of the 2021-2024
    # rapport, « 3.1 Effet accélérateur », is not one of its pages).
    edition = load_edition(2025, edition_2025["data"])
    rates = access_rates(edition)
    assert baseline_years(edition, rates) == [2017, 2021, 2024]
    changes = {start: evolution(rates, start, 2025, ["public", "territoire"]) for start in (2017, 2024)}
    # sans-abri, MTPM: 2,1 % (2017) -> 3,9 % (2025): +1,8 point, +85,7 %; 3,4 % (2024) -> 3,9 %: +0,5 point.
    text = " ".join(evolution_table(change, rates).frame.to_string() for change in changes.values())
    assert f"+1,8{NBSP}point" in text and f"+85,7{NBSP}%" in text and f"+0,5{NBSP}point" in text
    assert progression_statement(changes[2017]).text.startswith(
        "Entre 2017 et 2025, la progression de l'accès au logement social est plus importante sur MTPM"
    )
    fsl = _text(edition_2025["html"] / "notebooks" / "fsl.html")
    assert f"soit +30{NBSP}% (calculé)" in fsl  # 1 000 -> 1 300 requests


def test_missing_data_are_said_not_available(edition_2025):
    messages = edition_2025["messages"]
    # The year's text not written yet is listed, page by page, and the plan-2 figures not entered.
    assert any("texte à rédiger pour 2024-2025 : fiche action 20" in message for message in messages)
    missing = [message for message in messages if "donnée non disponible pour 2025" in message]
    assert len(missing) == 2 and "crédits du plan LDA 2" in missing[0] and "statut des fiches" in missing[1]
    front = _text(edition_2025["html"] / "notebooks" / "accueil_annuel.html")
    assert "Textes de 2024-2025 à rédiger" in front.replace("’", "'")
    synthesis = _text(edition_2025["html"] / "notebooks" / "synthese_annuelle.html")
    assert "Les crédits versés, engagés et consommés de la période ne sont pas encore disponibles" in (
        synthesis.replace("’", "'")
    )


def test_strict_mode_refuses_missing_data(edition_2025, capsys):
    with pytest.raises(EditionError, match="Données manquantes pour l'édition 2025 \\(mode strict\\)"):
        builder.build_edition(
            2025,
            data_dir=edition_2025["data"],
            output_dir=edition_2025["html"].parent.parent,
            strict=True,
            pdf=False,
        )
    assert (
        main(
            [
                "build",
                "--year",
                "2025",
                "--strict",
                "--data-dir",
                str(edition_2025["data"]),
                "--output",
                str(edition_2025["html"].parent.parent),
                "--sans-pdf",
            ]
        )
        == 1
    )
    assert "texte à rédiger pour 2024-2025 : fiche action 20" in capsys.readouterr().err
    missing = missing_data(load_edition(2025, edition_2025["data"]))
    assert (
        len(missing) == 31
        and sum(item.startswith("texte à rédiger pour 2024-2025") for item in missing) == 29
    )


def test_editions_index_lists_every_edition_built(tmp_path):
    for year in (2024, 2025):
        (tmp_path / str(year) / "html").mkdir(parents=True)
        (tmp_path / str(year) / "html" / "index.html").write_text("livre", encoding="utf-8")
    (tmp_path / "2026").mkdir()  # a failed first build: no book, not listed
    page = builder.write_editions_index(tmp_path).read_text(encoding="utf-8")
    assert re.findall(r'href="(\d{4})/html/index.html"', page) == ["2025", "2024"]
    # Each book points to that one shared list instead of a list frozen at its own build.
    assert builder.editions_markdown(2025).count('href="../../../index.html"') == 1
    assert "2024" not in builder.editions_markdown(2025)


def test_editions_live_side_by_side_and_link_to_each_other(edition_2025):
    output = edition_2025["html"].parent.parent
    assert (output / "index.html").read_text(encoding="utf-8").count("Édition 2025") == 1
    page = (edition_2025["html"] / "book" / "editions.html").read_text(encoding="utf-8")
    assert "Vous lisez l’édition 2025" in unescape(page) or "Vous lisez l'édition 2025" in unescape(page)
    assert 'href="../../../index.html"' in page
    front = (edition_2025["html"] / "notebooks" / "accueil_annuel.html").read_text(encoding="utf-8")
    assert 'href="../book/editions.html"' in front


def test_a_year_outside_the_calendar_is_refused_before_anything_runs(tmp_path, capsys):
    assert main(["build", "--year", "2030", "--output", str(tmp_path / "livre")]) == 1
    assert "l'année doit appartenir au calendrier de la convention (2021 à 2027" in capsys.readouterr().err
    assert not (tmp_path / "livre").exists()
