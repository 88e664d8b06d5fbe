"""French sentences computed from the indicators: if the data said otherwise, so would the text.

A :class:`Statement` displays itself as Markdown, so that the book renders it as ordinary text
(searchable, in the page's style); every character that Markdown or HTML could interpret is
escaped, since parts of the sentence (labels, period names) come from data files.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from .formatting import format_number, format_points, format_value
from .indicators import gap
from .schema import get_schema

# CommonMark lets a backslash escape any ASCII punctuation character.
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# Two differences closer than this are equal (rates have one decimal).
TOLERANCE = 1e-9


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character, so that Markdown renders ``text`` as is.

    >>> escape_markdown("<b>1*2</b>")
    '\\\\<b\\\\>1\\\\*2\\\\<\\\\/b\\\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class Statement:
    """A sentence (or a few) for the book."""

    text: str

    def _repr_markdown_(self) -> str:
        return escape_markdown(self.text)

    def __repr__(self) -> str:
        return self.text


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def progression_statement(evolutions: pd.DataFrame) -> Statement:
    """Whether access to social housing progressed more in the Métropole than in the rest of the Var.

    >>> from lda_analysis.data import load_table
    >>> from lda_analysis.indicators import evolution
    >>> evo = evolution(load_table("acces_logement_social"), 2017, 2024, ["public", "territory"])
    >>> print(progression_statement(evo).text.replace("\\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Entre 2017 et 2024, la progression de l'accès au logement social est plus importante sur MTPM
    que sur le reste du Var pour les deux publics : personnes sortant d'hébergement généraliste (+1,6 point contre +0,1 point) ; personnes sans-abri (+1,3 point contre −0,6 point).
    """
    schema = get_schema()
    publics = schema.labels("acces_logement_social", "public")
    start, end = int(evolutions["start_year"].iloc[0]), int(evolutions["end_year"].iloc[0])
    differences = evolutions.rename(columns={"difference": "value"})
    compared = gap(differences, "MTPM", "VAR_HORS_TPM", ["public"])
    groups: dict[str, list[str]] = {"plus": [], "moins": [], "égale": []}
    for row in compared.itertuples():
        detail = (f"{_lower_first(publics[row.public])} ({format_points(row.first_value)} "
                  f"contre {format_points(row.second_value)})")
        key = "égale" if abs(row.gap) < TOLERANCE else ("plus" if row.gap > 0 else "moins")
        groups[key].append(detail)
    where = "sur MTPM que sur le reste du Var"
    opening = f"Entre {start} et {end}, la progression de l'accès au logement social"
    count = len(compared)
    for key, wording in (("plus", "plus importante"), ("moins", "moins importante")):
        if len(groups[key]) == count:
            scope = "pour les deux publics" if count == 2 else "pour tous les publics"
            return Statement(f"{opening} est {wording} {where} {scope} : {' ; '.join(groups[key])}.")
    clauses = []
    for key, wording in (("plus", "plus importante"), ("moins", "moins importante"),
                         ("égale", "aussi importante")):
        if groups[key]:
            clauses.append(f"{wording} pour les {' ; les '.join(groups[key])}")
    return Statement(f"{opening} sur MTPM, comparée au reste du Var, est "
                     f"{', mais '.join(clauses)}.")


def demand_statement(ratios: pd.DataFrame) -> Statement:
    """The demand pressure in words: counts, computed ratios and ratios reported by the source.

    >>> from lda_analysis.data import load_table
    >>> from lda_analysis.indicators import demand_ratios
    >>> print(demand_statement(demand_ratios(load_table("pression_demande"))).text)  # doctest: +NORMALIZE_WHITESPACE
    Logement social financé en PLAI, MTPM, 2022 : 9 demandes pour une attribution (ratio publié par
    la source). Public « logement d'abord » identifié dans le SNE (personnes sans-abri et mal
    logées), MTPM, 2022 : 248 attributions ; 5,9 demandes pour une attribution (ratio publié par la
    source).
    """
    schema = get_schema()
    scopes = schema.labels("pression_demande", "scope")
    territories = schema.labels("pression_demande", "territory")
    sentences = []
    for row in ratios.itertuples():
        facts = []
        if not math.isnan(row.demandes):
            facts.append(f"{format_value(row.demandes, 'demandes')} demandes")
        if not math.isnan(row.attributions):
            facts.append(f"{format_value(row.attributions, 'attributions')} attributions")
        if not math.isnan(row.computed_ratio):
            facts.append(f"{format_number(row.computed_ratio, 1)} demandes pour une attribution "
                         "(ratio calculé)")
        if not math.isnan(row.reported_ratio):
            facts.append(f"{format_value(row.reported_ratio, 'demandes_par_attribution')} demandes "
                         "pour une attribution (ratio publié par la source)")
        sentences.append(f"{scopes[row.scope]}, {territories[row.territory]}, {row.year} : "
                         f"{' ; '.join(facts)}.")
    return Statement(" ".join(sentences))


def fsl_statement(fsl: pd.DataFrame, computed: pd.DataFrame) -> Statement:
    """The evolution of FSL requests: the figure the report gives, and the one computed from counts.

    ``computed`` is :func:`lda_analysis.indicators.latest_count_evolution` of the requests; it is
    empty while the data hold no counts for two years, which the sentence says.

    >>> from lda_analysis.data import load_table
    >>> from lda_analysis.indicators import latest_count_evolution
    >>> fsl = load_table("fsl")
    >>> text = fsl_statement(fsl, latest_count_evolution(fsl, "demandes", ["axis"])).text
    >>> print(text.replace("\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Les trois axes (accès, maintien, énergie), depuis le nouveau règlement intérieur (décembre 2023) ;
    constat de juin 2024 : +30 % de demandes (chiffre rapporté par la source). Les données ne
    contiennent pas le nombre de demandes pour deux périodes : l'évolution ne peut pas être
    recalculée.
    """
    axes = get_schema().labels("fsl", "axis")
    sentences = [
        f"{axes[row.axis]}, {row.period_label} : {format_value(row.value, row.unit)} de demandes "
        "(chiffre rapporté par la source)."
        for row in fsl[fsl["measure"] == "evolution_demandes"].itertuples()
    ]
    if computed.empty:
        sentences.append("Les données ne contiennent pas le nombre de demandes pour deux périodes : "
                         "l'évolution ne peut pas être recalculée.")
    for row in computed.itertuples():
        sentences.append(
            f"{axes[row.axis]} : {format_value(row.start_value, 'demandes')} demandes en "
            f"{row.start_year}, {format_value(row.end_value, 'demandes')} en {row.end_year}, soit "
            f"{format_value(row.relative_change, 'evolution_pourcentage')} (calculé)."
        )
    return Statement(" ".join(sentences))


def checks_statement(results) -> Statement:
    """What the consistency checks say, in one or two sentences.

    >>> from lda_analysis.checks import run_checks
    >>> from lda_analysis.data import load_tables
    >>> print(checks_statement(run_checks(load_tables())).text)  # doctest: +ELLIPSIS
    Sur ... contrôles, ... sont conformes : les tableaux reconstruits reproduisent les totaux...
    """
    from .checks import DISCREPANCY, FAILED, OK, summary

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
    return Statement(text)


def glue_figures(**texts: str) -> None:
    """Make formatted figures available to the page's prose, as ``{glue:text}`name``` in Markdown.

    The page's text is written in the notebook's Markdown cells; every figure it cites is computed
    by the library and pasted by MyST-NB, as plain (escaped) text. The figures are glued as Python
    strings: MyST-NB reads a glued value back with ``ast.literal_eval``, which would turn a bare
    ``0,9`` into the tuple ``(0, 9)``; a string's representation comes back exactly as it was.
    """
    from myst_nb import glue

    for name, text in texts.items():
        glue(name, str(text), display=False)


def action_identity(fiche: pd.Series) -> Statement:
    """Who runs an action, with whom, and its status at the end of plan 1.

    >>> from lda_analysis.data import load_tables
    >>> from lda_analysis.actions import fiche
    >>> print(action_identity(fiche(load_tables(), "2")).text)  # doctest: +ELLIPSIS
    Opérateur : ... Statut à la fin du plan 1 : action terminée.
    """
    status = get_schema().vocabularies["actions_statut"].get(fiche["final_status"], fiche["final_status"])
    parts = []
    if fiche["operator"]:
        parts.append(f"Opérateur : {fiche['operator']}.")
    if fiche["partners"]:
        parts.append(f"Partenaires : {fiche['partners']}.")
    parts.append(f"Statut à la fin du plan 1 : {_lower_first(status)}.")
    return Statement(" ".join(parts))


def not_available(year: int, latest: int, what: str) -> Statement | None:
    """« Donnée non disponible pour <year> » when the latest figures are older than the edition.

    >>> print(not_available(2025, 2024, "les taux d'accès au logement social").text)
    Donnée non disponible pour 2025 : les taux d'accès au logement social les plus récents sont ceux de 2024.
    >>> not_available(2024, 2024, "les taux") is None
    True
    """
    if latest >= year:
        return None
    return Statement(f"Donnée non disponible pour {year} : {what} les plus récents sont ceux de {latest}.")


def missing_data_statement(year: int, missing: list[str]) -> Statement:
    """The list of what an edition lacks for its own year (or that nothing is missing)."""
    if not missing:
        return Statement(f"L'édition {year} dispose de toutes les données annuelles attendues pour {year}.")
    items = " ; ".join(item.split(" : ", 1)[-1] for item in missing)
    return Statement(f"Données non disponibles pour {year}, remplacées dans le livre par les plus récentes "
                     f"connues : {items}.")
