"""What the pages of the headline indicators show: access to social housing (§3.1), demand pressure
(§1.18.2), the FSL (§3.2), and the front page's key figures, each linking to its chapter.

The key figures follow the rapport's own choice of headline results: the AMI envelope allocated and
consumed, the access to social housing MTPM vs the rest of the Var, the demand pressure on PLAI
housing, the FSL requests, the CMC rehousing, and the 2024-2025 funding request.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from lda_analysis.blocks.charts import (
    ALT_DATA,
    FIGURE_WIDTH,
    PALETTE,
    VALUE_SIZE,
    Chart,
    house_style,
    percent_axis,
    render_image,
    short_alt,
)
from lda_analysis.blocks.formatting import (
    format_euros,
    format_number,
    format_percent_value,
    format_points,
    format_value,
    lower_first,
)
from lda_analysis.blocks.statements import Statement, escape_markdown
from lda_analysis.blocks.tables import Table
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import TOLERANCE, labels

from ..finances.computations import allocation
from ..perspectives.computations import carried_over, funding_request
from .computations import evolution, gap

# ------------------------------------------------------------------------------------------------
# Access to social housing (§3.1)


def access_rates_table(rates: pd.DataFrame) -> Table:
    """Rates by public and territory, one column per year (as the report's §3.1 table)."""
    periods = dict(zip(rates["annee"], rates["periode_imprimee"], strict=True))
    frame = rates.assign(
        Public=labels(rates, "public"),
        Territoire=labels(rates, "territoire"),
        formatted=[
            format_value(value, unit) for value, unit in zip(rates["valeur"], rates["unite"], strict=True)
        ],
    )
    wide = frame.pivot(index=["Public", "Territoire"], columns="annee", values="formatted")
    wide = wide.reindex(pd.MultiIndex.from_frame(frame[["Public", "Territoire"]].drop_duplicates()))
    wide.columns = [periods[year] for year in wide.columns]
    return Table(
        wide.reset_index(), "Accès au logement social (taux publiés par la DDETS)", tuple(rates["source"])
    )


def evolution_table(evolutions: pd.DataFrame, rates: pd.DataFrame) -> Table:
    """Evolutions between two years: values, change in points and relative change."""
    start, end = int(evolutions["start_year"].iloc[0]), int(evolutions["end_year"].iloc[0])
    frame = pd.DataFrame(
        {
            "Public": evolutions["public"].map(get_schema().labels(rates.attrs["table"], "public")),
            "Territoire": evolutions["territoire"].map(
                get_schema().labels(rates.attrs["table"], "territoire")
            ),
            str(start): [format_percent_value(value) for value in evolutions["start_value"]],
            str(end): [format_percent_value(value) for value in evolutions["end_value"]],
            "Évolution (points)": [format_points(value) for value in evolutions["difference"]],
            "Évolution relative": [
                format_percent_value(value, signed=True) for value in evolutions["relative_change"]
            ],
        }
    )
    used = rates[rates["annee"].isin([start, end])]
    return Table(
        frame, f"Évolution de l'accès au logement social entre {start} et {end}", tuple(used["source"])
    )


def gap_table(gaps: pd.DataFrame, rates: pd.DataFrame) -> Table:
    """Rates of two territories side by side and the gap between them, by public and year."""
    territories = get_schema().labels(rates.attrs["table"], "territoire")
    first, second = territories[gaps["first"].iloc[0]], territories[gaps["second"].iloc[0]]
    frame = pd.DataFrame(
        {
            "Public": gaps["public"].map(get_schema().labels(rates.attrs["table"], "public")),
            "Année": gaps["annee"].astype(str),
            first: [format_percent_value(value) for value in gaps["first_value"]],
            second: [format_percent_value(value) for value in gaps["second_value"]],
            f"Écart {first} − {second}": [format_points(value) for value in gaps["gap"]],
        }
    )
    return Table(frame, f"Écart d'accès au logement social entre {first} et {second}", tuple(rates["source"]))


def access_rates_chart(rates: pd.DataFrame) -> Chart:
    """Grouped bars of the access rates, one panel per public, one colour per territory (seaborn)."""
    publics = get_schema().labels("acces_logement_social", "public")
    territories = get_schema().labels("acces_logement_social", "territoire")
    codes = list(dict.fromkeys(rates["territoire"]))
    years = sorted(set(rates["annee"]))
    periods = dict(zip(rates["annee"], rates["periode_imprimee"], strict=True))
    with house_style():
        figure, axes = plt.subplots(
            1, rates["public"].nunique(), figsize=(FIGURE_WIDTH, 4.2), sharey=True, squeeze=False
        )
        for axis, public in zip(axes[0], dict.fromkeys(rates["public"]), strict=True):
            panel = rates[rates["public"] == public].assign(
                territoire=lambda frame: frame["territoire"].map(territories)
            )
            sns.barplot(
                data=panel,
                x="annee",
                y="valeur",
                hue="territoire",
                order=years,
                hue_order=[territories[code] for code in codes],
                palette=PALETTE[: len(codes)],
                errorbar=None,
                saturation=1,
                ax=axis,
                legend=False,
            )
            for bars in axis.containers:
                axis.bar_label(
                    bars,
                    labels=[format_percent_value(value) for value in bars.datavalues],
                    padding=2,
                    fontsize=VALUE_SIZE,
                )
            axis.set_title(textwrap.fill(publics[public], 32, break_long_words=False), loc="left")
            axis.set_xticks(
                range(len(years)),
                [textwrap.fill(periods[year], 16, break_long_words=False) for year in years],
            )
            axis.set_xlabel("")
            axis.set_ylabel("")
            axis.yaxis.set_major_formatter(FuncFormatter(percent_axis))
        axes[0][0].set_ylabel("Taux publié par la DDETS")
        axes[0][-1].legend(
            axes[0][0].containers,
            [territories[code] for code in codes],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
        )
        figure.tight_layout()
        image, print_image = render_image(figure)
    title = "Accès au logement social : MTPM et reste du Var"
    # The chart's data: the figures of the table of rates, which the bars show.
    data = Table(access_rates_table(rates).frame, title, ())
    return Chart(image, title, _access_alt(rates), tuple(rates["source"]), data, print_image)


def _access_alt(rates: pd.DataFrame) -> str:
    """A short alt text (:data:`~lda_analysis.blocks.charts.ALT_LIMIT`): what the chart compares, and the
    rates of the last year, by public, for MTPM and the rest of the Var; every rate is in the table."""
    labels = get_schema().labels("acces_logement_social", "public")
    territories = get_schema().labels("acces_logement_social", "territoire")
    years = sorted(set(rates["annee"]))
    head = (
        f"Diagramme en barres : taux d'accès au logement social, "
        f"{' et '.join(territories[code] for code in dict.fromkeys(rates['territoire']))}, {years[0]} à {years[-1]}."
    )
    last = rates[rates["annee"] == years[-1]]
    period = last["periode_imprimee"].iloc[0]
    findings = []
    for public in dict.fromkeys(last["public"]):
        values = ", ".join(
            f"{territories[row.territoire]} {format_percent_value(row.valeur)}"
            for row in last[last["public"] == public].itertuples()
        )
        findings.append(f"{lower_first(labels[public])} : {values}")
    return short_alt(head, f"En {period} : {' ; '.join(findings)}.", ALT_DATA)


def progression_statement(evolutions: pd.DataFrame) -> Statement:
    """Whether access to social housing progressed more in the Métropole than in the rest of the Var.

    >>> from lda_analysis.contract.data import load_table
    >>> from lda_analysis.domains.indicateurs.computations import evolution
    >>> evo = evolution(load_table("acces_logement_social"), 2017, 2024, ["public", "territoire"])
    >>> print(progression_statement(evo).text.replace("\\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Entre 2017 et 2024, la progression de l'accès au logement social est plus importante sur MTPM
    que sur le reste du Var pour les deux publics : personnes sortant d'hébergement généraliste (+1,6 point contre +0,1 point) ; personnes sans-abri (+1,3 point contre −0,6 point).
    """
    schema = get_schema()
    publics = schema.labels("acces_logement_social", "public")
    start, end = int(evolutions["start_year"].iloc[0]), int(evolutions["end_year"].iloc[0])
    differences = evolutions.rename(columns={"difference": "valeur"})
    compared = gap(differences, "MTPM", "VAR_HORS_TPM", ["public"])
    groups: dict[str, list[str]] = {"plus": [], "moins": [], "égale": []}
    for row in compared.itertuples():
        detail = (
            f"{lower_first(publics[row.public])} ({format_points(row.first_value)} "
            f"contre {format_points(row.second_value)})"
        )
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
    for key, wording in (
        ("plus", "plus importante"),
        ("moins", "moins importante"),
        ("égale", "aussi importante"),
    ):
        if groups[key]:
            clauses.append(f"{wording} pour les {' ; les '.join(groups[key])}")
    return Statement(f"{opening} sur MTPM, comparée au reste du Var, est {', mais '.join(clauses)}.")


# ------------------------------------------------------------------------------------------------
# Demand pressure and FSL


def demand_statement(ratios: pd.DataFrame) -> Statement:
    """The demand pressure in words: counts, computed ratios and ratios reported by the source.

    >>> from lda_analysis.contract.data import load_table
    >>> from lda_analysis.domains.indicateurs.computations import demand_ratios
    >>> print(demand_statement(demand_ratios(load_table("pression_demande"))).text)  # doctest: +NORMALIZE_WHITESPACE
    Logement social financé en PLAI, MTPM, 2022 : 9 demandes pour une attribution (ratio publié par
    la source). Public « logement d'abord » identifié dans le SNE (personnes sans-abri et mal
    logées), MTPM, 2022 : 248 attributions ; 5,9 demandes pour une attribution (ratio publié par la
    source).
    """
    schema = get_schema()
    scopes = schema.labels("pression_demande", "champ")
    territories = schema.labels("pression_demande", "territoire")
    sentences = []
    for row in ratios.itertuples():
        facts = []
        if not math.isnan(row.demandes):
            facts.append(f"{format_value(row.demandes, 'demandes')} demandes")
        if not math.isnan(row.attributions):
            facts.append(f"{format_value(row.attributions, 'attributions')} attributions")
        if not math.isnan(row.computed_ratio):
            facts.append(
                f"{format_number(row.computed_ratio, 1)} demandes pour une attribution (ratio calculé)"
            )
        if not math.isnan(row.reported_ratio):
            facts.append(
                f"{format_value(row.reported_ratio, 'demandes_par_attribution')} demandes "
                "pour une attribution (ratio publié par la source)"
            )
        sentences.append(
            f"{scopes[row.champ]}, {territories[row.territoire]}, {row.annee} : {' ; '.join(facts)}."
        )
    return Statement(" ".join(sentences))


def fsl_statement(fsl: pd.DataFrame, computed: pd.DataFrame) -> Statement:
    """The evolution of FSL requests: the figure the report gives, and the one computed from counts.

    ``computed`` is :func:`.computations.latest_count_evolution` of the requests; it is empty while
    the data hold no counts for two years, which the sentence says.

    >>> from lda_analysis.contract.data import load_table
    >>> from lda_analysis.domains.indicateurs.computations import latest_count_evolution
    >>> fsl = load_table("fsl")
    >>> text = fsl_statement(fsl, latest_count_evolution(fsl, "demandes", ["axe"])).text
    >>> print(text.replace("\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Les trois axes (accès, maintien, énergie), depuis la mise en application du nouveau règlement
    intérieur (décembre 2023), constat du rapport d'exécution 2021-2024 : +30 % de demandes (chiffre
    rapporté par la source). Les données ne
    contiennent pas le nombre de demandes pour deux périodes : l'évolution ne peut pas être
    recalculée.
    """
    axes = get_schema().labels("fsl", "axe")
    sentences = [
        f"{axes[row.axe]}, {row.periode_imprimee} : {format_value(row.valeur, row.unite)} de demandes "
        "(chiffre rapporté par la source)."
        for row in fsl[fsl["mesure"] == "evolution_demandes"].itertuples()
    ]
    if computed.empty:
        sentences.append(
            "Les données ne contiennent pas le nombre de demandes pour deux périodes : "
            "l'évolution ne peut pas être recalculée."
        )
    for row in computed.itertuples():
        sentences.append(
            f"{axes[row.axe]} : {format_value(row.start_value, 'demandes')} demandes en "
            f"{row.start_year}, {format_value(row.end_value, 'demandes')} en {row.end_year}, soit "
            f"{format_value(row.relative_change, 'evolution_pourcentage')} (calculé)."
        )
    return Statement(" ".join(sentences))


# ------------------------------------------------------------------------------------------------
# Key figures of the front page


@dataclass(frozen=True)
class KeyFigure:
    """One card of the front page: a short title, the figure, a sentence, the page it links to."""

    title: str
    figure: str
    detail: str
    page: str


def key_figures(tables: Tables, year: int) -> list[KeyFigure]:
    """The key figures of the edition ``year``, in the order of the rapport.

    >>> from lda_analysis.contract.data import load_tables
    >>> [card.figure for card in key_figures(load_tables(), 2024)][:2]
    ['810\\u202f000\\xa0€', '+1,3\\xa0point']
    """
    envelope = allocation(tables["finances_allocation"])
    return [
        _ami_consumption(envelope),
        _social_housing_access(tables, year),
        _plai_pressure(tables),
        _fsl_requests(tables),
        _cmc_rehousing(tables),
        _ami_request(tables),
        _plan_1_cofinancing(envelope),
    ]


def _ami_consumption(envelope: dict[str, float]) -> KeyFigure:
    """The AMI credits consumed over plan 1, against those allocated."""
    return KeyFigure(
        "Crédits de l'AMI consommés, 2021-2024",
        format_euros(envelope["consumed"]),
        f"sur {format_euros(envelope['allocated'])} alloués, soit "
        f"{format_percent_value(envelope['rate'])} ; {format_euros(envelope['gap'])} reportés sur "
        "2024-2025",
        "bilan_realisation",
    )


def _social_housing_access(tables: Tables, year: int) -> KeyFigure:
    """The change in the homeless' access to social housing since 2017, on MTPM and in the rest of the
    Var, up to the last year observed by the edition."""
    rates = tables["acces_logement_social"]
    end = max(observed for observed in set(rates["annee"]) if observed <= year)
    changes = evolution(rates, 2017, end, ["public", "territoire"]).set_index(["public", "territoire"])
    homeless = changes.loc[("sans_abri", "MTPM")]
    rest = changes.loc[("sans_abri", "VAR_HORS_TPM")]
    return KeyFigure(
        f"Accès au logement social des personnes sans-abri, 2017-{end}",
        format_points(homeless["difference"]),
        f"sur MTPM ({format_percent_value(homeless['start_value'])} → "
        f"{format_percent_value(homeless['end_value'])}), contre "
        f"{format_points(rest['difference'])} dans le reste du Var",
        "acces_logement_social",
    )


def _plai_pressure(tables: Tables) -> KeyFigure:
    """The last ratio of requests to one PLAI allocation the rapport publishes."""
    pressure = tables["pression_demande"]
    plai = (
        pressure[
            (pressure["champ"] == "logement_social_plai")
            & (pressure["mesure"] == "ratio_demandes_attribution")
        ]
        .sort_values("annee")
        .iloc[-1]
    )
    return KeyFigure(
        f"Demandes pour une attribution en PLAI, {plai['annee']}",
        format_value(plai["valeur"], plai["unite"]),
        "demandes de logement social pour une attribution (chiffre publié par le rapport)",
        "pression_demande",
    )


def _fsl_requests(tables: Tables) -> KeyFigure:
    """The last change in requests for FSL aid the source reports."""
    fsl = tables["fsl"]
    requests = fsl[fsl["mesure"] == "evolution_demandes"].sort_values("annee").iloc[-1]
    return KeyFigure(
        "Demandes d'aide au FSL",
        format_value(requests["valeur"], requests["unite"]),
        f"sur les trois axes (accès, maintien, énergie), {requests['periode_imprimee']}",
        "fsl",
    )


def _cmc_rehousing(tables: Tables) -> KeyFigure:
    """The households rehoused by the CMC, first year against last."""
    cmc = tables["territoire_relogement_cmc"]
    rehoused = cmc[cmc["mesure"] == "menages_reloges"].sort_values("periode")
    return KeyFigure(
        "Ménages relogés par la commission de coordination (CMC)",
        f"{format_number(rehoused['valeur'].iloc[0])} → {format_number(rehoused['valeur'].iloc[-1])}",
        f"de l'année {rehoused['periode'].iloc[0]} à l'année {rehoused['periode'].iloc[-1]}",
        "acces_logement_social",
    )


def _ami_request(tables: Tables) -> KeyFigure:
    """The AMI funding requested for 2024-2025, with what plan 1 carries over and the total cost."""
    request = funding_request(tables["perspectives_financement"])
    ami = float(request["ami"].sum())
    return KeyFigure(
        "Demande de financement AMI pour 2024-2025",
        format_euros(ami),
        f"dont {format_euros(carried_over(tables['perspectives_financement']))} de report du plan 1, "
        f"pour un coût total de {format_euros(float(request['total_cost'].sum()))}",
        "demande_financement",
    )


def _plan_1_cofinancing(envelope: dict[str, float]) -> KeyFigure:
    """The co-financing of plan 1, beyond the Dihal's envelope."""
    return KeyFigure(
        "Co-financements du plan 1 (MTPM et partenaires)",
        format_euros(envelope["cofinancing"]),
        "en plus de l'enveloppe de la Dihal, sur les trois années",
        "preambule",
    )


@dataclass(frozen=True)
class KeyFigureCards:
    """The key figures as a grid of cards (MyST, sphinx-design), each card a link to its chapter."""

    cards: tuple[KeyFigure, ...]

    def _repr_markdown_(self) -> str:
        lines = ["::::{grid} 1 2 2 3", ":gutter: 2", ""]
        for card in self.cards:
            lines += [
                f":::{{grid-item-card}} {escape_markdown(card.title)}",
                f":link: {card.page}",
                ":link-type: doc",
                "",
                f"**{escape_markdown(card.figure)}**",
                "",
                escape_markdown(card.detail),
                ":::",
                "",
            ]
        lines.append("::::")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return "\n".join(f"{card.title} : {card.figure} ({card.detail})" for card in self.cards)


def key_figure_cards(tables: Tables, year: int) -> KeyFigureCards:
    """The front page's grid of key figures."""
    return KeyFigureCards(tuple(key_figures(tables, year)))
