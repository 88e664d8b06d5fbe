"""What the book says of its own data: the data dictionary, the results of the consistency checks,
the contradictions of the source document and the figures it gives only in derived form.

Generic: these pages describe every table of the schema and every check of every domain.
"""

from __future__ import annotations

import pandas as pd

from .checks import DISCREPANCY, FAILED, NOT_APPLICABLE, OK, CheckResult, shown, summary
from .data import Tables
from .formatting import format_value
from .schema import dictionary_rows, get_schema
from .statements import Statement
from .tables import Table


SCHEMA_SOURCE = "Schéma des données du projet (lda_analysis/schema/ et le schema.yaml de chaque domaine)"


CHECKS_SOURCE = "Contrôles de la bibliothèque lda_analysis (lda-book check) sur les données de data/"


def dictionary_table(name: str) -> Table:
    """The columns of one table of ``data/``: type, whether required or key, allowed values, meaning."""
    table = get_schema().table(name)
    rows = [row for row in dictionary_rows() if row["table"] == name]
    frame = pd.DataFrame({
        "Colonne": [row["colonne"] for row in rows],
        "Type": [row["type"] for row in rows],
        "Obligatoire": [row["obligatoire"] for row in rows],
        "Clé": [row["clé"] for row in rows],
        "Valeurs permises": [row["valeurs permises"] for row in rows],
        "Description": [row["description"] for row in rows],
    })
    return Table(frame, f"{table.title} — fichier data/{table.file}", (SCHEMA_SOURCE,))


def checks_table(results: list[CheckResult], caption: str) -> Table:
    """Check results: what is verified, the printed figure, the figure of the data, the status."""
    frame = pd.DataFrame({
        "Contrôle": [result.title for result in results],
        "Objet": [result.subject for result in results],
        "Chiffre imprimé": [shown(result.printed, result.unit) for result in results],
        "Chiffre des données": [shown(result.computed, result.unit) for result in results],
        "Statut": [result.status for result in results],
    }, columns=["Contrôle", "Objet", "Chiffre imprimé", "Chiffre des données", "Statut"])
    return Table(frame, caption, (CHECKS_SOURCE,))


def discrepancies_table(results: list[CheckResult], caption: str) -> Table:
    """Discrepancies of the document: both figures, each with its source."""
    def source(result, rank: int) -> str:
        return result.sources[rank] if len(result.sources) > rank else ""

    frame = pd.DataFrame({
        "Écart": [f"{result.title} — {result.subject}" for result in results],
        "Premier chiffre": [shown(result.printed, result.unit) for result in results],
        "Source du premier": [source(result, 0) for result in results],
        "Second chiffre": [shown(result.computed, result.unit) for result in results],
        "Source du second": [source(result, 1) for result in results],
        "Précision": [result.detail for result in results],
    }, columns=["Écart", "Premier chiffre", "Source du premier", "Second chiffre", "Source du second",
                "Précision"])
    return Table(frame, caption, (CHECKS_SOURCE,))


def reported_figures_table(tables: Tables) -> Table:
    """Every figure the source gives only in derived form (kind ``reported``), with its source."""
    rows = []
    for name, frame in tables.items():
        if "kind" not in frame.columns:
            continue
        for row in frame[frame["kind"] == "reported"].itertuples(index=False):
            rows.append({"Table": get_schema().table(name).title,
                         "Valeur": format_value(row.value, row.unit),
                         "Précision": getattr(row, "note", "") or "",
                         "Source": row.source})
    frame = pd.DataFrame(rows, columns=["Table", "Valeur", "Précision", "Source"])
    return Table(frame, "Chiffres rapportés par la source (non recalculables)",
                 tuple(dict.fromkeys(frame["Source"])) or (CHECKS_SOURCE,))


def checks_statement(results: list[CheckResult]) -> Statement:
    """What the consistency checks say, in one or two sentences.

    >>> from lda_analysis.checks import run_checks
    >>> from lda_analysis.data import load_tables
    >>> print(checks_statement(run_checks(load_tables())).text)  # doctest: +ELLIPSIS
    Sur ... contrôles, ... sont conformes : les tableaux reconstruits reproduisent les totaux...
    """
    counts = summary(results)
    text = (f"Sur {len(results)} contrôles, {counts[OK]} sont conformes : les tableaux reconstruits "
            "reproduisent les totaux imprimés et les chiffres repris d'une page à l'autre concordent.")
    if counts[DISCREPANCY]:
        text += (f" Le document se contredit en {counts[DISCREPANCY]} endroit"
                 f"{'s' if counts[DISCREPANCY] > 1 else ''} : les deux chiffres sont gardés, chacun "
                 "avec sa source, et listés dans la page « Qualité des données ».")
    if counts[FAILED]:
        text += (f" {counts[FAILED]} contrôle{'s' if counts[FAILED] > 1 else ''} "
                 f"échoue{'nt' if counts[FAILED] > 1 else ''} : les données doivent être corrigées.")
    if counts[NOT_APPLICABLE]:
        plural = counts[NOT_APPLICABLE] > 1
        text += (f" {counts[NOT_APPLICABLE]} contrôle{'s' if plural else ''} ne trouve{'nt' if plural else ''}"
                 " rien à comparer dans les données (non applicable).")
    return Statement(text)
