"""What the finances pages show (préambule, financial synthesis, an action's credits): tables of
planned and consumed amounts and their charts; for the yearly rapports, plan 2's synthesis (credits
by fiche action, reliquat, co-financing by funder), apart from plan 1's; and the §4.5 request
(perspectives) set against the convention's calendar and the préambule's envelope."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from lda_analysis.blocks.charts import Chart, bar_chart
from lda_analysis.blocks.formatting import (
    format_euros,
    format_number,
    format_percent_value,
    number_in_words,
    upper_first,
)
from lda_analysis.blocks.statements import Statement
from lda_analysis.blocks.tables import Table
from lda_analysis.contract.data import Tables
from lda_analysis.contract.schema import get_schema

from ..actions.computations import action_label, action_list
from ..perspectives.computations import NOW, calendar_date, carried_over, figure, months_covered
from .computations import allocation, execution_rate, period_months
from .plan2 import missing_amounts


def not_consumed_cell(amount: float) -> str:
    """A « Non consommé » cell: the amount a year left unspent, or, when it consumed more than it
    planned, that it left nothing and by how much it went over.

    >>> [not_consumed_cell(value).replace("\u202f", " ").replace("\xa0", " ") for value in (35000, 0, -15000)]
    ['35 000 €', '0 €', 'aucun (15 000 € consommés en plus du prévu)']
    """
    if amount < 0:
        return f"aucun ({format_euros(-amount)} consommés en plus du prévu)"
    return format_euros(amount)


def amounts_by_year_table(amounts: pd.DataFrame, lines: pd.DataFrame, caption: str) -> Table:
    """Planned, consumed and not-consumed amounts by year (from :mod:`.computations`), with the
    execution rate; ``lines`` are the data rows summed, for the source line."""
    frame = pd.DataFrame(
        {
            "Année": amounts["periode"],
            "Prévu": [format_euros(value) for value in amounts["planned"]],
            "Consommé": [format_euros(value) for value in amounts["consumed"]],
            "Non consommé": [not_consumed_cell(value) for value in amounts["not_consumed"]],
            "Taux de consommation": [
                format_percent_value(execution_rate(consumed, planned), 0)
                for consumed, planned in zip(amounts["consumed"], amounts["planned"], strict=True)
            ],
        },
        columns=["Année", "Prévu", "Consommé", "Non consommé", "Taux de consommation"],
    )
    return Table(
        frame,
        caption,
        tuple(lines["source"]),
        empty="La synthèse financière ne prévoit pas de crédits AMI pour cette action.",
    )


def periods_span(periods, short: bool = False) -> str:
    """The synthesis' periods in a sentence: « les trois années » of plan 1 (``short``: « trois
    ans »), then one more each year.

    >>> periods_span(["2021-2022", "2022-2023", "2023-2024"]), periods_span(["2024-2025"], short=True)
    ('les trois années', 'un an')
    """
    count = len(list(periods))
    if short:
        return "un an" if count == 1 else f"{number_in_words(count)} ans"
    return "l'année" if count == 1 else f"les {number_in_words(count)} années"


def synthesis_not_available(year: int, period: str | None, periods: list[str]) -> Statement | None:
    """« Donnée non disponible » when the synthesis has no amounts for the edition's reporting period.

    >>> print(synthesis_not_available(2025, "2024-2025", ["2022-2023", "2023-2024"]).text)
    Donnée non disponible pour 2025 : la synthèse financière n'a pas encore de montants pour la période 2024-2025 ; la plus récente est celle de 2023-2024.
    >>> synthesis_not_available(2024, "2023-2024", ["2022-2023", "2023-2024"]) is None
    True
    """
    if period is None or period in periods or not periods:
        return None
    return Statement(
        f"Donnée non disponible pour {year} : la synthèse financière n'a pas encore de montants pour "
        f"la période {period} ; la plus récente est celle de {periods[-1]}."
    )


def synthesis_by_action_table(by_action: pd.DataFrame, synthesis: pd.DataFrame, span: str) -> Table:
    """The AMI credits of each action over the synthesis' periods (from
    :func:`.computations.synthesis_by_action`); ``span`` names them (:func:`periods_span`)."""
    actions = get_schema().vocabularies["action"]
    frame = pd.DataFrame(
        {
            "Action": [f"{code} — {actions.get(code, code)}" for code in by_action["action"]],
            "Prévu": [format_euros(value) for value in by_action["planned"]],
            "Consommé": [format_euros(value) for value in by_action["consumed"]],
            "Taux de consommation": [format_percent_value(value, 0) for value in by_action["rate"]],
        }
    )
    return Table(
        frame,
        f"Crédits de l'AMI prévus et consommés sur {span}, par action",
        tuple(synthesis["source"]),
    )


def planned_consumed_chart(
    amounts: pd.DataFrame,
    category: str,
    category_label,
    title: str,
    sources,
    horizontal: bool = False,
    category_header: str = "Catégorie",
) -> Chart:
    """Planned vs consumed amounts (columns ``planned`` and ``consumed``) by ``category``.

    ``category_label`` turns a category code into its display label (e.g. ``"Action 1bis"``);
    ``category_header`` heads the categories' column of the chart's data table.
    """
    long = pd.DataFrame(
        [
            {"label": category_label(row[category]), "series": series, "amount": row[column]}
            for _, row in amounts.iterrows()
            for column, series in (("planned", "Prévu"), ("consumed", "Consommé"))
        ]
    )
    return bar_chart(
        long,
        "label",
        "amount",
        title,
        "euros",
        "Montant",
        sources,
        series="series",
        horizontal=horizontal,
        category_header=category_header,
    )


def cost_per_beneficiary_table(costs: pd.DataFrame) -> Table:
    """The credits spent per person (or household, measure) that an action's page counts (from
    :func:`.computations.cost_per_beneficiary`): a ratio only where its inputs mean what it says,
    and « À savoir » for what the reader must know to read it (or why there is none)."""
    frame = pd.DataFrame(
        {
            "Action": [f"Action {code}" for code in costs["action"]],
            "Crédits de l'AMI consommés (synthèse)": [format_euros(value) for value in costs["consumed"]],
            "dont non dépensés selon la page de l'action": [
                format_euros(value) if value else "" for value in costs["unspent"]
            ],
            "Effectif de la page": [
                f"{format_number(count)} ({label.lower()}, {period})"
                for count, label, period in zip(
                    costs["count"], costs["label"], costs["count_period"], strict=True
                )
            ],
            "Crédits dépensés par unité (calculé)": [
                "non calculé" if math.isnan(cost) else f"{format_euros(round(cost))} par {unit}"
                for cost, unit in zip(costs["cost"], costs["unite"], strict=True)
            ],
            "À savoir": [upper_first(caveat) for caveat in costs["caveat"]],
        }
    )
    sources = tuple(dict.fromkeys(source for row in costs["sources"] for source in row))
    return Table(frame, "Crédits de l'AMI dépensés par personne, ménage ou mesure (calculé)", sources)


# ------------------------------------------------------------------------------------------------
# Plan 2 (convention 2024-2027): the yearly financial synthesis, apart from plan 1's.

NOT_AVAILABLE_NOTE = "n.d. : donnée non disponible"


def _euros_rows(rows: list[tuple[str, float]]) -> list[str]:
    return [format_euros(amount) for _label, amount in rows]


def plan2_envelope_table(envelope: dict, period: str) -> Table:
    """The AMI credits of plan 2 for ``period`` (from :func:`.plan2.plan2_envelope`), one row per
    amount; a missing amount reads « n.d. », never 0."""
    rows = [
        ("Soutien de l'État prévu, reliquat compris", envelope["planned"]),
        ("dont reliquat reporté", envelope["reliquat_in"]),
        ("Subvention versée par l'État", envelope["state_paid"]),
        ("Crédits versés aux actions", envelope["paid"]),
        ("Crédits engagés", envelope["committed"]),
        ("Crédits consommés", envelope["consumed"]),
        (
            "Non consommé en fin de période (versement de l'État et reliquat, moins consommé)",
            envelope["not_consumed"],
        ),
    ]
    frame = pd.DataFrame(
        {
            "Poste": [label for label, _amount in rows] + ["Taux de consommation du prévu"],
            "Montant": [*_euros_rows(rows), format_percent_value(envelope["rate"], 0)],
        }
    )
    return Table(
        frame,
        f"Crédits de l'AMI du plan LDA 2, période {period} ({NOT_AVAILABLE_NOTE})",
        tuple(envelope["sources"]),
    )


def _with_total(frame: pd.DataFrame, total: dict[str, str]) -> pd.DataFrame:
    """``frame`` with its « Total » row (the cells of ``total``, computed by the caller) at the end;
    an empty frame stays empty."""
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True) if len(frame) else frame


def plan2_by_action_table(
    by_action: pd.DataFrame, totals: dict, period: str, sources, caption: str | None = None
) -> Table:
    """The synthesis of ``period`` by fiche action (from :func:`.plan2.plan2_by_action`) and its
    total row (:func:`.plan2.plan2_totals`; none when ``caption`` is given: one fiche's line);
    ``sources``: those of the planned amounts and rows."""
    columns = {
        "planned": "Prévu",
        "paid": "Versé",
        "committed": "Engagé",
        "consumed": "Consommé",
        "not_consumed": "Non consommé",
    }
    frame = pd.DataFrame({"Action": [action_label(code) for code in by_action["action"]]})
    for column, header in columns.items():
        frame[header] = [format_euros(amount) for amount in by_action[column]]
    frame["Taux de consommation"] = [format_percent_value(rate, 0) for rate in by_action["rate"]]
    if caption is not None:
        return Table(
            frame,
            caption,
            tuple(sources),
            empty=f"Aucun crédit de l'AMI prévu ni saisi pour cette fiche action en {period}.",
        )
    if len(frame):
        frame = _with_total(
            frame,
            {
                "Action": "Total",
                **{header: format_euros(totals[column]) for column, header in columns.items()},
                "Taux de consommation": format_percent_value(totals["rate"], 0),
            },
        )
    return Table(
        frame,
        f"Crédits de l'AMI du plan LDA 2 par fiche action, période {period} ({NOT_AVAILABLE_NOTE})",
        tuple(sources),
        empty=f"Donnée non disponible : aucun crédit de l'AMI prévu ni saisi pour la période {period}.",
    )


def cofinancing_by_funder_table(by_funder: pd.DataFrame, period: str, sources) -> Table:
    """The co-financing of ``period`` by funder (from :func:`.plan2.cofinancing_by_funder`), with
    its total."""
    frame = pd.DataFrame(
        {
            "Financeur": list(by_funder["label"]),
            "Montant": [format_euros(amount) for amount in by_funder["amount"]],
        }
    )
    total = {"Financeur": "Total", "Montant": format_euros(float(by_funder["amount"].sum()))}
    return Table(
        _with_total(frame, total),
        f"Co-financements des actions du plan LDA 2 par financeur, période {period}",
        tuple(sources),
        empty=f"Donnée non disponible : aucun co-financement saisi pour la période {period}.",
    )


def cofinancing_by_action_table(by_action: pd.DataFrame, period: str, sources) -> Table:
    """The co-financing of ``period`` by fiche action (from :func:`.plan2.cofinancing_by_action`):
    announced by the fiche, brought, and by which funders."""
    funders = get_schema().vocabularies["finances_financeur"]
    frame = pd.DataFrame(
        {
            "Action": [
                action_label(code) if code else "Ensemble du plan LDA 2" for code in by_action["action"]
            ],
            "Annoncé par la fiche action": [format_euros(amount) for amount in by_action["announced"]],
            "Apporté": [format_euros(amount) for amount in by_action["amount"]],
            "Financeurs": [
                ", ".join(funders[code] for code in codes) or "n.d." for codes in by_action["funders"]
            ],
        }
    )
    return Table(
        frame,
        f"Co-financements des actions du plan LDA 2 par fiche action, période {period} ({NOT_AVAILABLE_NOTE})",
        tuple(sources),
        empty=f"Donnée non disponible : aucun co-financement annoncé ni saisi pour la période {period}.",
    )


def plan2_statement(envelope: dict, period: str) -> Statement:
    """The period's plan-2 credits in two sentences: planned (reliquat, State's payment), then
    consumed, or what is not available yet.

    >>> from lda_analysis.contract.data import load_tables
    >>> from lda_analysis.domains.finances.plan2 import CREDITS, plan2_envelope
    >>> tables = load_tables()
    >>> text = plan2_statement(plan2_envelope(tables["finances_convention"], tables[CREDITS], "2024-2025"), "2024-2025").text
    >>> print(text.replace("\\u202f", " ").replace("\\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Pour la période 2024-2025, le soutien de l'État au plan LDA 2 s'élève à 405 500 € au plus, dont
    35 000 € de reliquat reporté ; la subvention versée par l'État est de 370 500 €. Les crédits
    versés, engagés et consommés de la période ne sont pas encore disponibles.
    """
    if math.isnan(envelope["planned"]):
        first = (
            f"Le montant prévu pour la période {period} n'est pas encore disponible : il est fixé par "
            "avenant à la convention."
        )
    else:
        first = f"Pour la période {period}, le soutien de l'État au plan LDA 2 s'élève à {format_euros(envelope['planned'])} au plus"
        if not math.isnan(envelope["reliquat_in"]):
            first += f", dont {format_euros(envelope['reliquat_in'])} de reliquat reporté"
        if not math.isnan(envelope["state_paid"]):
            first += f" ; la subvention versée par l'État est de {format_euros(envelope['state_paid'])}"
        first += "."
    if math.isnan(envelope["consumed"]):
        second = "Les crédits versés, engagés et consommés de la période ne sont pas encore disponibles."
    else:
        second = f"{upper_first(format_euros(envelope['consumed']))} ont été consommés"
        if not math.isnan(envelope["rate"]):
            second += f", soit {format_percent_value(envelope['rate'], 0)} du prévu"
        if not math.isnan(envelope["not_consumed"]):
            second += f" ; {format_euros(envelope['not_consumed'])} restent non consommés en fin de période"
        second += "."
    return Statement(f"{first} {second}")


def planned_basis_statement(planned: pd.DataFrame, period: str) -> Statement:
    """Where the planned amounts by action of ``period`` come from (from :func:`.plan2.planned_by_action`).

    >>> frame = pd.DataFrame({"basis": ["avenant"]})  # données fictives
    >>> print(planned_basis_statement(frame, "2026").text)
    Le prévu par fiche action de la période 2026 est celui de l'avenant à la convention.
    """
    if planned.empty:
        return Statement(
            f"Donnée non disponible : aucun montant prévu par fiche action pour la période {period}."
        )
    if set(planned["basis"]) == {"avenant"}:
        return Statement(
            f"Le prévu par fiche action de la période {period} est celui de l'avenant à la convention."
        )
    return Statement(
        f"Le prévu par fiche action de la période {period} est la demande de financement de chaque action "
        "(pages des actions poursuivies et fiches des nouvelles actions), que la convention accorde en "
        "totalité ; la convention ne répartit pas elle-même son soutien entre les actions."
    )


def plan2_missing(
    year: int, period: str, by_action: pd.DataFrame, cofinancing: pd.DataFrame
) -> Statement | None:
    """« Donnée non disponible » for what the plan-2 synthesis of ``period`` still lacks: paid,
    committed or consumed amounts by action (:func:`.plan2.missing_amounts`), co-financing.

    >>> by_action = pd.DataFrame({"action": ["22"], "paid": [math.nan], "committed": [math.nan],  # données fictives
    ...                           "consumed": [math.nan]})
    >>> print(plan2_missing(2025, "2024-2025", by_action, pd.DataFrame({"amount": []})).text)
    Donnée non disponible pour 2025 : la synthèse financière du plan LDA 2 n'a pas encore de montants versés, engagés ou consommés pour la période 2024-2025 ; aucun co-financement n'est saisi.
    """
    missing = missing_amounts(by_action)
    words = {"paid": "versés", "committed": "engagés", "consumed": "consommés"}
    parts = []
    if all(len(actions) == len(by_action) for actions in missing.values()):
        parts.append(
            "la synthèse financière du plan LDA 2 n'a pas encore de montants versés, engagés ou consommés "
            f"pour la période {period}"
        )
    else:
        parts += [
            f"montants {words[name]} manquants pour {action_list(actions)}"
            for name, actions in missing.items()
            if actions
        ]
    if cofinancing["amount"].isna().all():
        parts.append("aucun co-financement n'est saisi")
    if not parts:
        return None
    return Statement(f"Donnée non disponible pour {year} : {' ; '.join(parts)}.")


@dataclass(frozen=True)
class Plan2Synthesis:
    """What the page « Synthèse financière de l'année » of a yearly rapport shows, for its period:
    the envelope (statement and table), where the planned amounts come from, the synthesis by fiche
    action, the co-financing by funder and by action, and what is still missing."""

    statement: Statement
    envelope: Table
    basis: Statement
    by_action: Table
    by_funder: Table
    cofinancing: Table
    missing: Statement | None


def plan2_synthesis(tables: dict, year: int, period: str) -> Plan2Synthesis:
    """The page's parts for the edition ``year`` (reporting ``period``), computed from the convention,
    the requests by action and the analyst's credits and co-financing (:mod:`.plan2`); plan 1's
    synthesis is never added to them."""
    from .plan2 import (
        COFINANCING,
        CREDITS,
        announced_cofinancing,
        cofinancing_by_action,
        cofinancing_by_funder,
        plan2_by_action,
        plan2_envelope,
        plan2_totals,
        planned_by_action,
        requested_by_action,
    )

    credits, rows = tables[CREDITS], tables[COFINANCING]
    envelope = plan2_envelope(tables["finances_convention"], credits, period)
    planned = planned_by_action(requested_by_action(tables), credits, period)
    by_action = plan2_by_action(planned, credits, period)
    by_funder = cofinancing_by_funder(rows, period)
    cofinancing = cofinancing_by_action(rows, announced_cofinancing(tables["fiches_financements"]), period)
    return Plan2Synthesis(
        statement=plan2_statement(envelope, period),
        envelope=plan2_envelope_table(envelope, period),
        basis=planned_basis_statement(planned, period),
        by_action=plan2_by_action_table(
            by_action, plan2_totals(by_action), period, [*planned["source"], *credits["source"]]
        ),
        by_funder=cofinancing_by_funder_table(by_funder, period, rows["source"]),
        cofinancing=cofinancing_by_action_table(cofinancing, period, rows["source"]),
        missing=plan2_missing(year, period, by_action, cofinancing),
    )


def avenant_request_table(tables: dict, period: str) -> Table:
    """The next avenant's request by fiche action (:func:`.plan2.avenant_request`), beside what the
    period planned and consumed, with the computed total; what is not given reads « n.d. »."""
    from .plan2 import REQUESTS, avenant_request, next_period

    asked = next_period(period)
    if asked is None:
        return Table(
            pd.DataFrame({"Action": []}),
            f"Demande de financement après {period}",
            (),
            empty="La convention s'achève le 31 décembre 2027 : pas d'avenant à demander.",
        )
    request = avenant_request(tables, period)
    frame = pd.DataFrame(
        {
            "Action": [
                action_label(code) if code else "Ensemble du plan LDA 2" for code in request["action"]
            ],
            f"Demandé pour {asked}": [format_euros(amount) for amount in request["requested"]],
            f"Prévu ({period})": [format_euros(amount) for amount in request["planned"]],
            f"Consommé ({period})": [format_euros(amount) for amount in request["consumed"]],
        }
    )
    total = {"Action": "Total"}
    for column, name in zip(frame.columns[1:], ("requested", "planned", "consumed"), strict=True):
        values = request[name].dropna()
        total[column] = format_euros(float(values.sum())) if len(values) else format_euros(math.nan)
    rows = tables[REQUESTS]
    return Table(
        _with_total(frame, total),
        f"Demande de financement pour l'avenant {asked}, par fiche action ({NOT_AVAILABLE_NOTE})",
        tuple(rows[rows["periode"] == period]["source"]),
    )


def avenant_request_statement(tables: dict, period: str) -> Statement:
    """The next avenant's request in one sentence: its total, or that it is not entered yet, or
    that the convention ends (2027).

    >>> from lda_analysis.contract.data import load_tables
    >>> print(avenant_request_statement(load_tables(), "2027").text)
    La convention s'achève le 31 décembre 2027 : le rapport de 2027 ne demande pas d'avenant.
    """
    from .plan2 import avenant_request, next_period

    asked = next_period(period)
    if asked is None:
        return Statement(
            f"La convention s'achève le 31 décembre 2027 : le rapport de {period} ne demande pas d'avenant."
        )
    requested = avenant_request(tables, period)["requested"].dropna()
    if requested.empty:
        return Statement(
            f"Donnée non disponible : la demande de financement pour l'avenant {asked} n'est pas encore saisie."
        )
    return Statement(
        f"Pour {asked}, la Métropole demande à l'État {format_euros(float(requested.sum()))} au titre "
        f"de l'avenant à la convention, réparti entre {len(requested)} fiche(s) action (total calculé)."
    )


def action_credits_table(tables: dict, action: str, period: str) -> Table:
    """A fiche action's credits of ``period``: planned, paid, committed, consumed (its line of the
    year's synthesis, :func:`plan2_by_action_table`); a fiche the period does not fund says so."""
    from .plan2 import CREDITS, plan2_by_action, planned_by_action, requested_by_action

    credits = tables[CREDITS]
    planned = planned_by_action(requested_by_action(tables), credits, period)
    by_action = plan2_by_action(planned, credits, period)
    mine = by_action[by_action["action"] == action].reset_index(drop=True)
    sources = [
        *planned[planned["action"] == action]["source"],
        *credits[credits["action"] == action]["source"],
    ]
    caption = f"Crédits de l'AMI de la fiche action, période {period} ({NOT_AVAILABLE_NOTE})"
    return plan2_by_action_table(mine, {}, period, sources, caption)


# ------------------------------------------------------------------------------------------------
# The §4.5 request (perspectives) against the convention and the préambule's envelope.


def carried_over_statement(funding: pd.DataFrame, allocations: pd.DataFrame) -> Statement:
    """Whether the amount carried over to 2024-2025 is the gap between the allocated and the consumed
    envelope of plan 1 (préambule, :func:`.computations.allocation`).

    >>> from lda_analysis.contract.data import load_table
    >>> text = carried_over_statement(load_table("perspectives_financement"),
    ...                               load_table("finances_allocation")).text
    >>> print(text.replace("\\u202f", " ").replace("\\xa0", " "))  # doctest: +NORMALIZE_WHITESPACE
    Le report de 35 000 € est l'écart entre l'enveloppe allouée au plan 1 (845 000 €) et
    l'enveloppe consommée (810 000 €).
    """
    carried = carried_over(funding)
    envelope = allocation(allocations)
    if math.isclose(carried, envelope["gap"]):
        return Statement(
            f"Le report de {format_euros(carried)} est l'écart entre l'enveloppe allouée "
            f"au plan 1 ({format_euros(envelope['allocated'])}) et l'enveloppe consommée "
            f"({format_euros(envelope['consumed'])})."
        )
    return Statement(
        f"Le report de {format_euros(carried)} diffère de l'écart entre l'enveloppe "
        f"allouée au plan 1 ({format_euros(envelope['allocated'])}) et l'enveloppe "
        f"consommée ({format_euros(envelope['consumed'])}), soit "
        f"{format_euros(envelope['gap'])}."
    )


def period_statement(tables: Tables) -> Statement:
    """The length of the period of the AMI request: printed in the §4.5 table, counted from the dates
    of its text, and, when they differ, the period the convention 2024-2027 sets.

    >>> from lda_analysis.contract.data import load_tables
    >>> print(period_statement(load_tables()).text)  # doctest: +NORMALIZE_WHITESPACE
    Le tableau de financement annonce une période de 15 mois, mais de septembre 2024 à décembre 2025,
    mois compris, on en compte 16. La convention 2024-2027 fait aller cette première année du 01
    octobre 2024 au 31 décembre 2025, soit 15 mois.
    """
    printed = int(figure(tables, "duree_financement_ami"))
    counted = months_covered(tables, "financement_ami")
    start, end = calendar_date(tables, "financement_ami"), calendar_date(tables, "financement_ami", end=True)
    if printed == counted:
        return Statement(f"Le tableau de financement couvre {printed} mois, de {start} à {end}.")
    text = (
        f"Le tableau de financement annonce une période de {printed} mois, mais de {start} à {end}, "
        f"mois compris, on en compte {counted}."
    )
    convention = period_months(tables["finances_calendrier"], NOW)
    if convention:
        months, label = convention
        text += f" La convention 2024-2027 fait aller cette première année {label}, soit {months} mois."
    return Statement(text)
