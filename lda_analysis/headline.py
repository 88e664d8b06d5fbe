"""The edition's key figures, for the front page: each computed from the data, each linking to the
chapter that details it.

The figures follow the rapport's own choice of headline results: the AMI envelope allocated and
consumed, the access to social housing MTPM vs the rest of the Var, the demand pressure on PLAI
housing, the FSL requests, the CMC rehousing, and the 2024-2025 funding request.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .finance import allocation, carried_over, funding_request
from .formatting import format_euros, format_number, format_percent_value, format_points, format_value
from .indicators import evolution
from .statements import escape_markdown

Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class KeyFigure:
    """One card of the front page: a short title, the figure, a sentence, the page it links to."""

    title: str
    figure: str
    detail: str
    page: str


def key_figures(tables: Tables, year: int) -> list[KeyFigure]:
    """The key figures of the edition ``year``, in the order of the rapport.

    >>> from lda_analysis.data import load_tables
    >>> [card.figure for card in key_figures(load_tables(), 2024)][:2]
    ['810\\u202f000\\xa0€', '+1,3\\xa0point']
    """
    cards = []
    envelope = allocation(tables["finances_allocation"])
    cards.append(KeyFigure(
        "Crédits de l'AMI consommés, 2021-2024", format_euros(envelope["consumed"]),
        f"sur {format_euros(envelope['allocated'])} alloués, soit "
        f"{format_percent_value(envelope['rate'])} ; {format_euros(envelope['gap'])} reportés sur "
        "2024-2025", "bilan_realisation"))

    rates = tables["acces_logement_social"]
    end = max(observed for observed in set(rates["year"]) if observed <= year)
    changes = evolution(rates, 2017, end, ["public", "territory"]).set_index(["public", "territory"])
    homeless = changes.loc[("sans_abri", "MTPM")]
    rest = changes.loc[("sans_abri", "VAR_HORS_TPM")]
    cards.append(KeyFigure(
        f"Accès au logement social des personnes sans-abri, 2017-{end}",
        format_points(homeless["difference"]),
        f"sur MTPM ({format_percent_value(homeless['start_value'])} → "
        f"{format_percent_value(homeless['end_value'])}), contre "
        f"{format_points(rest['difference'])} dans le reste du Var", "acces_logement_social"))

    pressure = tables["pression_demande"]
    plai = pressure[(pressure["scope"] == "logement_social_plai")
                    & (pressure["measure"] == "ratio_demandes_attribution")].sort_values("year").iloc[-1]
    cards.append(KeyFigure(
        f"Demandes pour une attribution en PLAI, {plai['year']}",
        format_value(plai["value"], plai["unit"]),
        "demandes de logement social pour une attribution (chiffre publié par le rapport)",
        "pression_demande"))

    fsl = tables["fsl"]
    requests = fsl[fsl["measure"] == "evolution_demandes"].sort_values("year").iloc[-1]
    cards.append(KeyFigure(
        "Demandes d'aide au FSL", format_value(requests["value"], requests["unit"]),
        f"sur les trois axes (accès, maintien, énergie), {requests['period_label']}", "fsl"))

    cmc = tables["territoire_relogement_cmc"]
    rehoused = cmc[cmc["measure"] == "menages_reloges"].sort_values("period")
    cards.append(KeyFigure(
        "Ménages relogés par la commission de coordination (CMC)",
        f"{format_number(rehoused['value'].iloc[0])} → {format_number(rehoused['value'].iloc[-1])}",
        f"de l'année {rehoused['period'].iloc[0]} à l'année {rehoused['period'].iloc[-1]}",
        "acces_logement_social"))

    request = funding_request(tables["perspectives_financement"])
    ami = float(request["ami"].sum())
    cards.append(KeyFigure(
        "Demande de financement AMI pour 2024-2025", format_euros(ami),
        f"dont {format_euros(carried_over(tables['perspectives_financement']))} de report du plan 1, "
        f"pour un coût total de {format_euros(float(request['total_cost'].sum()))}",
        "demande_financement"))

    cards.append(KeyFigure(
        "Co-financements du plan 1 (MTPM et partenaires)", format_euros(envelope["cofinancing"]),
        "en plus de l'enveloppe de la Dihal, sur les trois années", "preambule"))
    return cards


@dataclass(frozen=True)
class KeyFigureCards:
    """The key figures as a grid of cards (MyST, sphinx-design), each card a link to its chapter."""

    cards: tuple[KeyFigure, ...]

    def _repr_markdown_(self) -> str:
        lines = ["::::{grid} 1 2 2 3", ":gutter: 2", ""]
        for card in self.cards:
            lines += [f":::{{grid-item-card}} {escape_markdown(card.title)}",
                      f":link: {card.page}", ":link-type: doc", "",
                      f"**{escape_markdown(card.figure)}**", "",
                      escape_markdown(card.detail), ":::", ""]
        lines.append("::::")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return "\n".join(f"{card.title} : {card.figure} ({card.detail})" for card in self.cards)


def key_figure_cards(tables: Tables, year: int) -> KeyFigureCards:
    """The front page's grid of key figures."""
    return KeyFigureCards(tuple(key_figures(tables, year)))
