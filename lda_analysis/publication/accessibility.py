"""The book's accessibility statement (page « Accessibilité »), as the RGAA asks for one: the state of
compliance, the result of the automated audit, the known limits, a contact and the means of appeal.

The result of the audit is not typed: ``make audit`` (``tests/axe_audit.py``) runs axe-core on every
page of a built book, in the light and the dark mode of the theme, and writes a small record
(:data:`RECORD_FILE`, committed with the book's sources: date, tool, number of pages, violations by
impact and by rule, checks the tool could not decide); the page is written from it at each build
(:data:`ACCESSIBILITY_PAGES`), like the annexes about the data. The contact, the multi-year plan and
the result of a full RGAA audit, if one is made, are settings of ``_config.yml`` (key
:data:`CONFIG_KEY`); an empty setting of the published page is said plainly as not yet available, the build warns
(:func:`missing_settings`) and ``--strict`` refuses to publish it (:func:`placeholders`).

Generic: nothing here names a domain of the report.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from lda_analysis.blocks.dates import french_date
from lda_analysis.blocks.formatting import format_number
from lda_analysis.blocks.statements import escape_markdown
from lda_analysis.blocks.tables import Table
from lda_analysis.contract.paths import BOOK_DIR, CONFIG_FILE
from lda_analysis.domains.registry import GeneratedPage

# The record of the last automated audit, written by « make audit ».
RECORD_FILE = BOOK_DIR / "audit_accessibilite.json"
# The page in the book's sources, as the table of contents cites it.
PAGE_FILE = "book/accessibilite.md"
# The settings of the statement in _config.yml.
CONFIG_KEY = "accessibilite"
TO_COMPLETE = "à compléter"
# The settings the published page needs, what the page says while one is empty, and its name for
# the build's warning.
PLACEHOLDERS = {
    "contact": (
        "aucune adresse n'est encore publiée pour ces signalements ; elle sera indiquée ici dès que "
        "la Métropole l'aura désignée",
        "l'adresse de contact pour signaler un défaut d'accessibilité",
    ),
    "schema_pluriannuel": (
        "pas encore publié",
        "l'adresse web du schéma pluriannuel de mise en accessibilité",
    ),
}


def empty_settings(config_file: Path = CONFIG_FILE) -> list[str]:
    """The settings of the published statement (:data:`PLACEHOLDERS`) left empty in _config.yml."""
    wanted = settings(config_file)
    return [key for key in PLACEHOLDERS if not " ".join(str(wanted.get(key) or "").split())]


def missing_settings(config_file: Path = CONFIG_FILE) -> list[str]:
    """The build's warning for each setting of the published statement left empty in _config.yml
    (:data:`PLACEHOLDERS`): the page then says plainly what is not yet available.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     config = Path(folder) / "_config.yml"
    ...     _ = config.write_text("accessibilite:\\n  contact: a@b.fr\\n  schema_pluriannuel: ''\\n")
    ...     print(missing_settings(config))
    ["Déclaration d'accessibilité : réglage accessibilite.schema_pluriannuel de _config.yml vide (l'adresse web du schéma pluriannuel de mise en accessibilité) ; la page dit « pas encore publié »."]
    """
    return [
        f"Déclaration d'accessibilité : réglage {CONFIG_KEY}.{key} de _config.yml vide "
        f"({PLACEHOLDERS[key][1]}) ; la page dit « {PLACEHOLDERS[key][0]} »."
        for key in empty_settings(config_file)
    ]


def placeholders(config_file: Path = CONFIG_FILE) -> list[str]:
    """What the statement would publish in place of a setting still empty, and where to fill it: what
    ``lda-book construire --strict`` refuses (one line each, in French).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     config = Path(folder) / "_config.yml"
    ...     _ = config.write_text("accessibilite:\\n  contact: ''\\n  schema_pluriannuel: https://exemple.invalid/s\\n")
    ...     print(placeholders(config)[0])  # doctest: +ELLIPSIS
    page « Accessibilité », l'adresse de contact pour signaler un défaut d'accessibilité : à renseigner dans _config.yml, clé accessibilite → contact (la page dirait « aucune adresse n'est encore publiée ... »)
    """
    return [
        f"page « Accessibilité », {PLACEHOLDERS[key][1]} : à renseigner dans {config_file.name}, clé "
        f"{CONFIG_KEY} → {key} (la page dirait « {PLACEHOLDERS[key][0]} »)"
        for key in empty_settings(config_file)
    ]


# axe-core's impacts, most serious first, and their French names.
IMPACTS = {"critical": "critique", "serious": "grave", "moderate": "modérée", "minor": "mineure"}
# What axe-core's rules check, in French, for those the page may have to name (others by their code).
RULES = {
    "color-contrast": "contraste entre le texte et son arrière-plan",
    "link-in-text-block": "liens distingués du texte autrement que par la couleur",
    "label-content-name-mismatch": "nom accessible des contrôles contenant leur texte visible",
    "summary-name": "nom accessible des boutons qui déplient un contenu",
    "td-has-header": "cellules de tableau associées à leurs en-têtes",
    "aria-allowed-role": "rôles ARIA permis pour l'élément",
    "scrollable-region-focusable": "zones défilantes atteignables au clavier",
    "target-size": "taille des cibles cliquables",
}
MODES = {"light": "clair", "dark": "sombre"}
# Why axe-core could not decide on an element (its message keys), in French; others by their key.
REASONS = {
    "elmPartiallyObscured": "en partie masqué par un autre élément (par exemple hors de la partie visible "
    "d'une zone qui défile)",
    "elmPartiallyObscuring": "chevauche d'autres éléments (par exemple une cellule d'un tableau plus large "
    "que la page)",
    "bgOverlap": "recouvert par un autre élément",
    "bgImage": "texte sur une image de fond",
    "bgGradient": "texte sur un dégradé",
    "imgNode": "texte sur une image",
    "pseudoContent": "arrière-plan donné par un pseudo-élément",
    "fgAlpha": "couleur du texte transparente",
    "nonBmp": "caractères d'icône",
    "shortTextContent": "texte trop court pour conclure",
    "outsideViewport": "hors de la fenêtre",
}


def write_record(record: dict[str, Any], path: Path = RECORD_FILE) -> Path:
    """Write the record of an audit (see ``tests/axe_audit.py``) where the build reads it."""
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read_record(path: Path = RECORD_FILE) -> dict[str, Any] | None:
    """The record of the last audit, or None when no audit was recorded."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def settings(config_file: Path = CONFIG_FILE) -> dict[str, Any]:
    """The statement's settings in the book's configuration (:data:`CONFIG_KEY`)."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    found = config.get(CONFIG_KEY) or {}
    return found if isinstance(found, dict) else {}


def record_date(iso: str) -> str:
    """A date of the record (ISO) in French words.

    >>> record_date("2026-12-01"), record_date("2026-11-30")
    ('1er décembre 2026', '30 novembre 2026')
    """
    return french_date(datetime.date.fromisoformat(iso))


def _text(value: Any) -> str:
    """A setting as the page shows it: escaped, or « à compléter » (emphasised) when empty."""
    text = " ".join(str(value or "").split())
    return escape_markdown(text) if text else f"*{TO_COMPLETE}*"


def _contact(value: Any, missing: str = "") -> str:
    """The contact: a link when it is an e-mail address or a web address, else its text; ``missing``
    (what is not yet available, said plainly) when the setting is empty."""
    text = " ".join(str(value or "").split())
    if not text and missing:
        return missing
    if re.fullmatch(r"[^@\s<>()\[\]\\]+@[^@\s<>()\[\]\\]+\.[A-Za-z]{2,}", text):
        return f"[{escape_markdown(text)}](mailto:{text})"
    if re.fullmatch(r"https://[^\s<>()\[\]]+", text):
        return f"<{text}>"
    return _text(text)


def compliance(rgaa: dict[str, Any]) -> str:
    """The state of compliance as the RGAA defines it, from the rate of a full audit of the RGAA's
    criteria (``taux``, in percent): without one, the RGAA's answer is « non conforme », whatever an
    automated audit found.

    >>> compliance({}), compliance({"taux": 75}), compliance({"taux": 100}), compliance({"taux": 40})
    ('non conforme', 'partiellement conforme', 'totalement conforme', 'non conforme')
    """
    rate = rgaa.get("taux")
    if rate in (None, ""):
        return "non conforme"
    rate = float(rate)
    if rate >= 100:
        return "totalement conforme"
    return "partiellement conforme" if rate >= 50 else "non conforme"


def _counts_table(
    counts: dict[str, int], header: str, names: dict[str, str], caption: str, source: str
) -> Table:
    frame = pd.DataFrame(
        {
            header: [names.get(key, key) for key in counts],
            "Éléments en cause": [format_number(value) for value in counts.values()],
        }
    )
    return Table(frame, caption, (source,))


def _block(table: Table) -> str:
    return table.html().replace("\n", " ")  # one raw HTML block


def audit_section(record: dict[str, Any] | None) -> list[str]:
    """The result of the automated audit, from its record."""
    if record is None:
        return [
            "L'audit automatique n'a pas encore été enregistré : la commande `make audit` le lance sur le "
            "livre construit et en écrit le résultat, que cette page reprend."
        ]
    violations = {impact: int(record.get("violations", {}).get(impact, 0)) for impact in IMPACTS}
    serious = violations["critical"] + violations["serious"]
    modes = " et ".join(f"en mode {MODES.get(mode, mode)}" for mode in record.get("modes", []))
    source = f"Audit automatique du {record_date(record['date'])} ({record.get('outil', 'axe-core')})"
    blocks = [
        f"Le {record_date(record['date'])}, l'outil {escape_markdown(str(record.get('outil', 'axe-core')))} "
        f"a vérifié les {format_number(int(record.get('pages', 0)))} pages du livre {modes}, selon les "
        f"règles {escape_markdown(str(record.get('regles', 'WCAG 2.1 A et AA')))}."
        + (f" Navigateur : {escape_markdown(str(record['navigateur']))}." if record.get("navigateur") else "")
        + (f" Méthode : {escape_markdown(str(record['methode']))}." if record.get("methode") else ""),
        (
            "Il ne relève aucune violation d'impact critique ou grave."
            if not serious
            else f"Il relève {format_number(serious)} violation(s) d'impact critique ou grave."
        ),
        _block(
            _counts_table(
                violations, "Impact", IMPACTS, "Violations relevées par l'audit automatique", source
            )
        ),
    ]
    by_rule = {rule: int(count) for rule, count in record.get("violations_par_regle", {}).items() if count}
    if by_rule:
        blocks.append(
            _block(_counts_table(by_rule, "Règle", RULES, "Violations relevées, par règle", source))
        )
    undecided = [
        (rule, reason, int(count))
        for rule, reasons in record.get("a_verifier", {}).items()
        for reason, count in (reasons.items() if isinstance(reasons, dict) else [("", reasons)])
        if count
    ]
    if undecided:
        frame = pd.DataFrame(
            {
                "Règle": [RULES.get(rule, rule) for rule, _, _ in undecided],
                "Raison": [REASONS.get(reason, reason) for _, reason, _ in undecided],
                "Éléments": [format_number(count) for _, _, count in undecided],
            }
        )
        blocks += [
            "Pour certains éléments, l'outil ne peut pas conclure et demande une vérification humaine : il "
            "ne peut pas mesurer un contraste quand il ne voit pas tout l'arrière-plan du texte. Ces "
            "vérifications n'ont pas été faites (un même élément compte une fois par page et par mode) :",
            _block(Table(frame, "Éléments que l'audit automatique n'a pas pu juger", (source,))),
        ]
    return blocks


def accessibility_page(
    edition: Any = None, config_file: Path = CONFIG_FILE, record_file: Path = RECORD_FILE
) -> str:
    """The page « Accessibilité »: the RGAA's accessibility statement of the book, from the book's
    configuration and the record of the last automated audit (the same for every edition).

    >>> page = accessibility_page()
    >>> page.splitlines()[0], "Défenseur des droits" in page
    ('# Accessibilité', True)
    """
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    wanted = settings(config_file)
    title = escape_markdown(str(config.get("title", "")))
    author = escape_markdown(str(config.get("author", "")))
    record = read_record(record_file)
    blocks = [
        "# Accessibilité",
        f"Cette déclaration d'accessibilité s'applique au livre « {title} » ({author}). Elle répond à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005, qui oblige les services publics à rendre "
        "leurs services en ligne accessibles.",
        "## État de conformité",
        _compliance_statement(wanted.get("audit_rgaa") or {}),
        "Schéma pluriannuel de mise en accessibilité de l'organisme : "
        + _contact(wanted.get("schema_pluriannuel"), PLACEHOLDERS["schema_pluriannuel"][0])
        + ".",
        "## Résultat de l'audit automatique",
        *audit_section(record),
        "## Ce que le livre fait pour être accessible",
        WHAT_THE_BOOK_DOES,
        "## Limites connues",
        KNOWN_LIMITS,
        "## Retour d'information et contact",
        FEEDBACK,
        f"Contact : {_contact(wanted.get('contact'), PLACEHOLDERS['contact'][0])}.",
        "## Voies de recours",
        *REMEDIES,
    ]
    if record is not None:
        blocks.append(
            f"Cette déclaration a été établie le {record_date(record['date'])}, date de l'audit automatique ; "
            "elle est mise à jour par `make audit`."
        )
    return "\n\n".join(blocks) + "\n"


def _compliance_statement(rgaa: dict) -> str:
    """The state of compliance with the RGAA: « non conforme » until an audit measures its criteria,
    else the rate the audit found."""
    state = compliance(rgaa)
    if rgaa.get("taux") in (None, ""):
        return (
            f"Ce livre est **{state}** avec le référentiel général d'amélioration de l'accessibilité "
            "(RGAA), version 4.1 : aucun audit de conformité au RGAA, critère par critère, n'a été réalisé, "
            "et le RGAA demande de se déclarer « non conforme » tant qu'aucun audit ne mesure le respect de "
            "ses critères. Seul un audit automatique l'a été (ci-dessous) : il couvre une partie des "
            "critères seulement."
        )
    return (
        f"Ce livre est **{state}** avec le référentiel général d'amélioration de l'accessibilité "
        f"(RGAA), version 4.1 : l'audit de conformité réalisé le {_text(rgaa.get('date'))} par "
        f"{_text(rgaa.get('auditeur'))} relève que {_text(rgaa.get('taux'))} % des critères du RGAA "
        "sont respectés."
    )


# The fixed parts of the statement: what the book does, its known limits, how to report a defect and
# the remedies.
WHAT_THE_BOOK_DOES = (
    "- un lien « Aller au contenu » en tête de chaque page, le premier atteint au clavier ;\n"
    "- toute la navigation au clavier (sommaire, recherche, boutons), avec un focus toujours visible ;\n"
    "- des boutons nommés pour les lecteurs d'écran, y compris ceux qui déplient le sommaire ;\n"
    "- des titres dans l'ordre, des tableaux avec un titre et des en-têtes de colonnes ;\n"
    "- chaque graphique a un texte de remplacement qui en donne tous les chiffres, et ses données sous "
    "forme de tableau (« Voir les données du graphique »), faites des mêmes données que le graphique ;\n"
    "- des contrastes de niveau AA en mode clair comme en mode sombre, et des couleurs de graphiques "
    "lisibles par les personnes qui ne distinguent pas toutes les couleurs ;\n"
    "- la langue de chaque page déclarée (français) et les sigles reliés à leur définition."
)
KNOWN_LIMITS = (
    "- Un audit automatique ne voit qu'une partie des défauts : la pertinence des textes de "
    "remplacement et des titres, l'ordre de lecture, la restitution par les lecteurs d'écran et "
    "l'usage avec une loupe n'ont pas été vérifiés par une personne.\n"
    "- Les graphiques sont des images : leur texte ne s'agrandit pas avec la taille des caractères et ne "
    "suit pas le mode sombre, et l'audit automatique ne mesure pas le contraste de leurs étiquettes ; "
    "leurs chiffres sont dans le texte de remplacement et dans le tableau de données qui les suit.\n"
    "- Les grands tableaux (annexes sur les données) défilent horizontalement sur les petits écrans.\n"
    "- Les fichiers à télécharger (CSV, classeur Excel, édition imprimable en PDF) n'ont pas été "
    "audités.\n"
    "- Les éléments du thème du livre (recherche, infobulles, bascule du mode d'affichage) n'ont été "
    "vérifiés que par l'audit automatique et un test au clavier."
)
FEEDBACK = (
    "Si vous ne parvenez pas à accéder à un contenu de ce livre, signalez-le : vous pourrez être orienté "
    "vers une solution accessible ou obtenir le contenu sous une autre forme (les données de chaque "
    "page se téléchargent aussi en CSV)."
)
REMEDIES = (
    "Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu et que vous "
    "n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :",
    "- par le formulaire en ligne : <https://formulaire.defenseurdesdroits.fr/> ;\n"
    "- en contactant le délégué du Défenseur des droits de votre région : "
    "<https://www.defenseurdesdroits.fr/saisir/delegues> ;\n"
    "- par courrier, gratuit et sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris "
    "CEDEX 07.",
)


# The statement, written at each build beside the hand-written pages of book/.
ACCESSIBILITY_PAGES = (GeneratedPage(PAGE_FILE, accessibility_page),)
