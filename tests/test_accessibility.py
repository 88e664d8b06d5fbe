"""The page « Accessibilité »: written from the configuration and the record of the automated audit,
never typed; what comes from the configuration is escaped; what is not set says plainly that it is not yet available."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from lda_analysis.contract.paths import CONFIG_FILE, TOC_FILE
from lda_analysis.publication.accessibility import (
    RECORD_FILE,
    accessibility_page,
    compliance,
    read_record,
    write_record,
)

RECORD = {
    "date": "2026-12-01",
    "outil": "axe-core 4.12.1",
    "navigateur": "Chromium",
    "regles": "WCAG 2.0 et 2.1, niveaux A et AA",
    "methode": "toutes les règles en mode clair ; en mode sombre, celles des couleurs",
    "pages": 44,
    "modes": ["light", "dark"],
    "violations": {"critical": 0, "serious": 2, "moderate": 1, "minor": 0},
    "violations_par_regle": {"color-contrast": 2, "regle-inconnue": 1},
    "a_verifier": {"color-contrast": {"elmPartiallyObscured": 12}},
}


def _config(tmp_path: Path, **settings) -> Path:
    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    config["accessibilite"] = {**config.get("accessibilite", {}), **settings}
    path = tmp_path / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _page(tmp_path: Path, record: dict | None = RECORD, **settings) -> str:
    record_file = tmp_path / "audit.json"
    if record is not None:
        write_record(record, record_file)
    return accessibility_page(None, _config(tmp_path, **settings), record_file)


def test_the_committed_record_is_an_audit_of_the_whole_book():
    record = read_record()
    assert record is not None, f"{RECORD_FILE} absent : lancer « make audit »"
    assert record["outil"].startswith("axe-core ") and record["modes"] == ["light", "dark"]
    assert record["violations"]["critical"] == record["violations"]["serious"] == 0
    assert record["pages"] >= 44
    assert "book/accessibilite" in TOC_FILE.read_text(encoding="utf-8")


def test_without_a_full_rgaa_audit_the_book_is_not_compliant(tmp_path):
    page = _page(tmp_path)
    assert "Ce livre est **non conforme**" in page and "aucun audit de conformité au RGAA" in page
    assert compliance({"taux": "87,5".replace(",", ".")}) == "partiellement conforme"
    page = _page(tmp_path, audit_rgaa={"taux": 80, "date": "3 mars 2027", "auditeur": "Cabinet A"})
    assert "Ce livre est **partiellement conforme**" in page and "80 % des critères" in page


def test_the_audit_result_comes_from_the_record(tmp_path):
    page = _page(tmp_path)
    assert "Le 1er décembre 2026, l'outil axe\\-core 4\\.12\\.1" in page
    assert "a vérifié les 44 pages du livre en mode clair et en mode sombre" in page
    assert "Il relève 2 violation(s) d'impact critique ou grave." in page
    assert '<th scope="row">grave</th><td>2</td>' in page and '<th scope="row">modérée</th><td>1</td>' in page
    assert '<th scope="row">contraste entre le texte et son arrière-plan</th><td>2</td>' in page
    assert '<th scope="row">regle-inconnue</th><td>1</td>' in page  # a rule without a French name: its code
    assert "en partie masqué par un autre élément" in page and "<td>12</td>" in page
    assert "Cette déclaration a été établie le 1er décembre 2026" in page


def test_without_a_record_the_page_says_how_to_make_one(tmp_path):
    page = _page(tmp_path, record=None)
    assert "L'audit automatique n'a pas encore été enregistré" in page and "make audit" in page


def test_settings_not_filled_say_so_and_filled_ones_are_escaped(tmp_path):
    page = _page(tmp_path)
    assert "Contact : aucune adresse n'est encore publiée pour ces signalements" in page
    assert "Schéma pluriannuel de mise en accessibilité de l'organisme : pas encore publié." in page
    assert "compléter" not in page
    page = _page(tmp_path, contact="accessibilite@metropoletpm.fr")
    assert "Contact : [accessibilite\\@metropoletpm\\.fr](mailto:accessibilite@metropoletpm.fr)" in page
    page = _page(tmp_path, contact="https://www.example.fr/contact")
    assert "Contact : <https://www.example.fr/contact>" in page
    page = _page(tmp_path, contact="<script>x</script> [lien](javascript:x)")
    assert "<script>" not in page and "](javascript" not in page
    assert "Contact : \\<script\\>x\\<\\/script\\> \\[lien\\]\\(javascript\\:x\\)" in page


def test_the_record_is_written_readably(tmp_path):
    path = write_record(RECORD, tmp_path / "audit.json")
    assert json.loads(path.read_text(encoding="utf-8")) == RECORD
    assert read_record(tmp_path / "absent.json") is None
