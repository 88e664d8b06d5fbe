"""What the book says of its own data: the data dictionary, the results of the consistency checks,
the contradictions of the source document and the figures it gives only in derived form.

Generic: these pages describe every table of the schema and every check of every domain. They are
written at build time as Markdown pages (:data:`QUALITY_PAGES`), not notebooks: they show the
schema and the checks, which the library's tests cover, and they would weigh most of the committed
notebooks' outputs.
"""

from __future__ import annotations

import pandas as pd

from lda_analysis.blocks.formatting import format_value, upper_first
from lda_analysis.blocks.statements import Statement, escape_markdown
from lda_analysis.blocks.tables import Table, downloads
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import dictionary_rows, get_schema

from .checks import (
    DISCREPANCY,
    FAILED,
    NOT_APPLICABLE,
    OK,
    CheckResult,
    Contradiction,
    distinct_discrepancies,
    results_by_domain,
    shown,
    summary,
    without_line_numbers,
)
from .edition import Edition, missing_data, missing_data_statement
from .registry import GeneratedPage

SCHEMA_SOURCE = "Schéma des données du projet (le fichier schema.yaml de chaque domaine du rapport)"


CHECKS_SOURCE = "Contrôles de cohérence du projet (commande lda-book verifier) sur les données de data/"


def dictionary_table(name: str) -> Table:
    """The columns of one table of ``data/``: type, whether required or key, allowed values, meaning."""
    table = get_schema().table(name)
    rows = [row for row in dictionary_rows() if row["table"] == name]
    frame = pd.DataFrame(
        {
            "Colonne": [row["colonne"] for row in rows],
            "Type": [row["type"] for row in rows],
            "Obligatoire": [row["obligatoire"] for row in rows],
            "Clé": [row["clé"] for row in rows],
            "Valeurs permises": [row["valeurs permises"] for row in rows],
            "Description": [row["description"] for row in rows],
        }
    )
    return Table(frame, f"{table.title} — fichier data/{table.file}", (SCHEMA_SOURCE,))


def checks_table(results: list[CheckResult], caption: str) -> Table:
    """Check results: what is verified, the printed figure, the figure of the data, the status."""
    frame = pd.DataFrame(
        {
            "Contrôle": [result.title for result in results],
            "Objet": [result.subject for result in results],
            "Chiffre imprimé": [shown(result.printed, result.unit) for result in results],
            "Chiffre des données": [shown(result.computed, result.unit) for result in results],
            "Statut": [result.status for result in results],
        },
        columns=["Contrôle", "Objet", "Chiffre imprimé", "Chiffre des données", "Statut"],
    )
    return Table(frame, caption, (CHECKS_SOURCE,))


def discrepancies_table(results: list[CheckResult], caption: str) -> Table:
    """Discrepancies of the document: both figures, each with its source."""

    def source(result, rank: int) -> str:
        # The section and the page of the original document, not the line of the extracted text.
        return without_line_numbers(result.sources[rank]) if len(result.sources) > rank else ""

    frame = pd.DataFrame(
        {
            "Écart": [f"{result.title} — {result.subject}" for result in results],
            "Premier chiffre": [shown(result.printed, result.unit) for result in results],
            "Source du premier": [source(result, 0) for result in results],
            "Second chiffre": [shown(result.computed, result.unit) for result in results],
            "Source du second": [source(result, 1) for result in results],
            "Précision": [result.detail for result in results],
        },
        columns=[
            "Écart",
            "Premier chiffre",
            "Source du premier",
            "Second chiffre",
            "Source du second",
            "Précision",
        ],
    )
    return Table(frame, caption, (CHECKS_SOURCE,))


def reported_figures_table(tables: Tables) -> Table:
    """Every figure the source gives only in derived form (kind ``reported``), with its source."""
    rows = []
    for name, frame in tables.items():
        if "nature_chiffre" not in frame.columns:
            continue
        for row in frame[frame["nature_chiffre"] == "rapporte"].itertuples(index=False):
            rows.append(
                {
                    "Table": get_schema().table(name).title,
                    "Valeur": format_value(row.valeur, row.unite),
                    "Précision": getattr(row, "note", "") or "",
                    "Source": row.source,
                }
            )
    frame = pd.DataFrame(rows, columns=["Table", "Valeur", "Précision", "Source"])
    return Table(
        frame,
        "Chiffres rapportés par la source (non recalculables)",
        tuple(dict.fromkeys(frame["Source"])) or (CHECKS_SOURCE,),
    )


def contradictions_sentence(results: list[CheckResult]) -> str:
    """How many distinct contradictions the checks found (:func:`~lda_analysis.domains.checks.distinct_discrepancies`),
    and where they are listed: a disagreement that several results find is counted once.

    >>> from lda_analysis.domains.edition import load_edition
    >>> print(contradictions_sentence(load_edition(2024).check_results))  # doctest: +NORMALIZE_WHITESPACE
    Le document se contredit en 34 endroits (les contrôles relèvent 42 écarts : un même désaccord peut
    être relevé plusieurs fois) : les deux chiffres sont gardés, chacun avec sa source, et listés dans
    la page « Points d'attention ».
    """
    contradictions = distinct_discrepancies(results)
    text = ""
    for typed in (False, True):
        found = [contradiction for contradiction in contradictions if contradiction.typed == typed]
        rows = sum(len(contradiction.results) for contradiction in found)
        if not found:
            continue
        plural = len(found) > 1
        repeated = (
            f" (les contrôles relèvent {rows} écarts : un même désaccord peut être relevé plusieurs fois)"
            if rows > len(found)
            else ""
        )
        if not typed:
            text += (
                f" Le document se contredit en {len(found)} endroit{'s' if plural else ''}{repeated} : les "
                "deux chiffres sont gardés, chacun avec sa source, et listés dans la page « Points d'attention »."
            )
        else:
            text += (
                f" {len(found)} écart{'s' if plural else ''}{repeated} oppose{'nt' if plural else ''} des "
                "chiffres saisis pour une édition : à vérifier par l'analyste, listé"
                f"{'s' if plural else ''} dans la page « Points d'attention »."
            )
    return text.strip()


def checks_statement(results: list[CheckResult]) -> Statement:
    """What the consistency checks say, in one or two sentences.

    >>> from lda_analysis.domains.checks import run_checks
    >>> from lda_analysis.contract.data import load_tables
    >>> print(checks_statement(run_checks(load_tables())).text)  # doctest: +ELLIPSIS
    Sur ... contrôles, ... sont conformes : les tableaux reconstruits reproduisent les totaux...
    """
    counts = summary(results)
    text = (
        f"Sur {len(results)} contrôles, {counts[OK]} sont conformes : les tableaux reconstruits "
        "reproduisent les totaux imprimés et les chiffres repris d'une page à l'autre concordent."
    )
    if counts[DISCREPANCY]:
        text += " " + contradictions_sentence(results)
    if counts[FAILED]:
        text += (
            f" {counts[FAILED]} contrôle{'s' if counts[FAILED] > 1 else ''} "
            f"échoue{'nt' if counts[FAILED] > 1 else ''} : les données doivent être corrigées."
        )
    if counts[NOT_APPLICABLE]:
        plural = counts[NOT_APPLICABLE] > 1
        text += (
            f" {counts[NOT_APPLICABLE]} contrôle{'s' if plural else ''} ne trouve{'nt' if plural else ''}"
            " rien à comparer dans les données (non applicable)."
        )
    return Statement(text)


# --------------------------------------------------------------------------------------------------
# The pages


def _block(item: Table | Statement | object) -> str:
    """A displayable object as a block of a Markdown page, as a notebook would show it."""
    if isinstance(item, Table):
        return item._repr_html_().replace("\n", " ")  # one raw HTML block
    return item._repr_markdown_()


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def dictionary_page(edition: Edition) -> str:
    """The annex « Dictionnaire des données »: every table of the edition (or of the schema, with no
    edition), column by column.

    >>> page = dictionary_page(None)
    >>> page.splitlines()[0], page.count('<table class="dataframe lda-table"') == len(get_schema().tables)
    ('# Dictionnaire des données', True)
    """
    blocks = [
        "# Dictionnaire des données",
        "Chaque chiffre de ce livre est une ligne d'un tableau CSV du dossier `data/` du projet. Cette annexe\n"
        "décrit chaque tableau et chacune de ses colonnes : son type, si elle est obligatoire, si elle fait\n"
        "partie de la clé (les colonnes qui identifient une ligne), les valeurs permises et leur sens.",
        "Le même dictionnaire sert à vérifier les données à chaque chargement et figure dans la feuille\n"
        "« Dictionnaire » du classeur Excel (`lda-book donnees exporter`). Chaque table se télécharge en CSV\n"
        "sous sa description ; toutes les tables ensemble, depuis la page d'accueil, en un classeur Excel.",
        "## Règles communes",
        "Les tableaux de chiffres partagent les colonnes `value` (le chiffre), `unit` (son unité), `kind` (sa\n"
        "nature : observé, rapporté par la source, total imprimé), `source` (le document et l'endroit),\n"
        "`source_line` (la ligne du texte extrait du rapport où il figure) et `note`. Les nombres s'écrivent\n"
        "avec un point décimal ; les bornes d'une valeur dépendent de son unité (une part en pourcentage est\n"
        "comprise entre 0 et 100, un montant est positif).",
        "## Les tableaux",
    ]
    shown = get_schema().tables if edition is None else dict.keys(edition.tables)
    for name in (name for name in get_schema().tables if name in shown):
        blocks += [_block(dictionary_table(name)), _block(downloads(name))]
    return _page(*blocks)


def checks_page(edition: Edition) -> str:
    """The annex « Contrôles de cohérence »: every check's results, domain by domain."""
    results = edition.check_results
    blocks = [
        "# Contrôles de cohérence",
        "Les tableaux du rapport ont perdu leur mise en page lors de l'extraction du texte ; ils ont été\n"
        "reconstruits ligne à ligne. Ces contrôles prouvent la reconstruction : les lignes de détail doivent\n"
        "reproduire chaque total imprimé par le document (contrôles de cohérence), et deux passages du document\n"
        "qui donnent le même chiffre sont comparés (contrôles de concordance). Ils sont relancés à chaque\n"
        "construction du livre et par la commande `lda-book verifier`.",
        _block(checks_statement(results)),
        "## Les contrôles, domaine par domaine",
        "« Chiffre imprimé » est le chiffre que donne le document (un total, ou le premier de deux passages) ;\n"
        "« Chiffre des données » est celui que la bibliothèque calcule à partir des tableaux (la somme des\n"
        "lignes de détail, ou le second passage).",
    ]
    blocks += [_block(checks_table(found, title)) for title, found in results_by_domain(results)]
    return _page(*blocks)


def quality_page(edition: Edition) -> str:
    """The annex « Qualité des données »: the document's contradictions, the figures it reports only
    in derived form, and what the edition lacks for its year."""
    results = edition.check_results
    discrepancies = [result for result in results if result.status == DISCREPANCY]
    return _page(
        "# Qualité des données",
        "Cette page dit où les chiffres du livre demandent une lecture attentive : les endroits où le document\n"
        "source se contredit, et les chiffres que la source ne donne que sous une forme déjà calculée.",
        _block(checks_statement(results)),
        "## Les contradictions du document",
        "Quand deux passages du document donnent des chiffres différents pour la même chose, les deux sont\n"
        "gardés dans les données, chacun avec sa source, sans en choisir un : le tableau ci-dessous les met\n"
        "côte à côte.",
        _block(discrepancies_table(discrepancies, "Écarts entre deux passages du document")),
        "## Les chiffres rapportés par la source",
        "Ces chiffres sont repris tels que le document les donne (un ratio, une évolution) : la source ne\n"
        "fournit pas les comptages qui permettraient de les recalculer. Ils sont signalés comme tels partout\n"
        "où ils apparaissent.",
        _block(reported_figures_table(edition.tables)),
        "## Les données de l'année de l'édition",
        "Chaque édition attend, pour son année, les taux d'accès au logement social publiés par la DDETS, les\n"
        "chiffres du FSL et les crédits de l'AMI de sa période. Ce qui manque est signalé ici et, dans les\n"
        "pages concernées, par la mention « donnée non disponible » ; la commande\n"
        "`lda-book construire --strict` en fait une erreur.",
        _block(missing_data_statement(edition.year, missing_data(edition))),
        _block(downloads(*reported_tables(edition.tables))),
    )


def reported_tables(tables: Tables) -> list[str]:
    """The tables that hold a figure the source gives only in derived form: the page's downloads."""
    return [
        name
        for name, frame in tables.items()
        if "nature_chiffre" in frame.columns and (frame["nature_chiffre"] == "rapporte").any()
    ]


# --------------------------------------------------------------------------------------------------
# « Points d'attention »: the distinct contradictions, for every reader, in print too


def _places(sources: tuple[str, ...]) -> str:
    return " ; ".join(dict.fromkeys(without_line_numbers(source) for source in sources))


def attention_item(number: int, contradiction: Contradiction) -> str:
    """One contradiction as an item of the list: what disagrees, each figure with where the
    original document prints it (section and page, no line of the extracted text), why it matters.
    Every text from the data is escaped."""
    subjects = dict.fromkeys(without_line_numbers(result.subject) for result in contradiction.results)
    subject = escape_markdown(upper_first(" ; ".join(subjects)))
    lines = [f"{number}. **{subject}**"]
    if contradiction.typed:
        lines[0] += " (chiffres saisis pour l'édition)"
    for label, rank in (("D'un côté", 0), ("De l'autre", 1)):
        figure = contradiction.figures(rank) or "—"
        places = contradiction.sources(rank)
        where = f" ({escape_markdown(_places(places))})" if places else ""
        lines.append(f"   - {label} : {escape_markdown(figure)}{where}.")
    if contradiction.detail:
        lines.append(f"   - {escape_markdown(upper_first(without_line_numbers(contradiction.detail)))}")
    lines.append(f"   - Contrôle : {escape_markdown(without_line_numbers(contradiction.title))}.")
    return "\n".join(lines)


def attention_page(edition: Edition) -> str:
    """The annex « Points d'attention »: each distinct contradiction the checks found, once, with its
    two figures and where the document prints each. Unlike the other annexes about the data, it is
    part of the PDF edition: the pages of the book send their readers to it."""
    results = edition.check_results
    contradictions = distinct_discrepancies(results)
    blocks = [
        "# Points d'attention",
        "Le rapport cite parfois la même chose à deux endroits avec deux chiffres différents. Les deux\n"
        "chiffres sont gardés, chacun avec sa source, sans en choisir un : cette annexe les met côte à côte,\n"
        "chacun avec la section et la page du document où il est imprimé. Un désaccord relevé par plusieurs\n"
        "contrôles (la même subvention imprimée deux fois sur une page, par exemple) n'y figure qu'une fois.",
    ]
    if not contradictions:
        blocks.append(
            "Aucun point d'attention pour cette édition : les contrôles de cohérence ne relèvent aucun "
            "désaccord entre deux passages ni entre deux chiffres saisis."
        )
        return _page(*blocks)
    blocks.append(
        escape_markdown(
            contradictions_sentence(results)
            .replace(" et listés dans la page « Points d'attention »", " et listés ci-dessous")
            .replace(", listés dans la page « Points d'attention »", ", listés ci-dessous")
        )
    )
    blocks.append("\n".join(attention_item(number, item) for number, item in enumerate(contradictions, 1)))
    return _page(*blocks)


ATTENTION_PAGES = (GeneratedPage("notebooks/points_attention.md", attention_page),)
"""The annex « Points d'attention », written at each build; not one of :data:`QUALITY_PAGES`,
which the PDF edition leaves out."""


# The annexes about the data, written at each build beside the executed notebooks.
QUALITY_PAGES = (
    GeneratedPage("notebooks/dictionnaire_donnees.md", dictionary_page),
    GeneratedPage("notebooks/controles_coherence.md", checks_page),
    GeneratedPage("notebooks/qualite_donnees.md", quality_page),
)
