"""Computations of the annexes domain: the ODH / SIAO / SNE figures of the Plan LDA 2 workshop, the
survey « Le logement et moi » and the workshop itself (tables ``annexes_*``).

Pure functions: every sum, share, count and comparison the pages cite is computed here from the
detail rows; the figures the document prints as totals are only compared with them.
"""

from __future__ import annotations

import math

import pandas as pd

from lda_analysis.contract.schema import get_schema
from lda_analysis.contract.selection import one_row, same, value

# ------------------------------------------------------------------------------------------------
# ODH, SIAO and SNE figures (annexes_menages_115, annexes_offre_siao, annexes_public_lda_sne)


VAR, MTPM = "VAR", "MTPM"


def var_mtpm(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """One row per category, in the document's order: the Var's figure, the Métropole's and the
    Métropole's share of the Var in percent (the département contains the Métropole).

    >>> from lda_analysis.contract.data import load_table
    >>> rows = var_mtpm(load_table("annexes_menages_115"), "composition")
    >>> first = rows.iloc[0]
    >>> first["composition"], float(first["var"]), float(first["mtpm"]), round(float(first["share"]), 1)
    ('ensemble', 3129.0, 2176.0, 69.5)
    """
    rows = []
    for code in dict.fromkeys(frame[category]):
        var = value(frame, **{category: code, "territoire": VAR})
        mtpm = value(frame, **{category: code, "territoire": MTPM})
        rows.append(
            {category: code, "var": var, "mtpm": mtpm, "share": 100 * mtpm / var if var else math.nan}
        )
    return pd.DataFrame(rows, columns=[category, "var", "mtpm", "share"])


def var_mtpm_total(frame: pd.DataFrame, category: str, exclude: tuple[str, ...] = ()) -> dict[str, float]:
    """The sums of the detail rows (``exclude`` leaves out printed totals) for the Var and the
    Métropole, and the Métropole's share of the Var.

    >>> from lda_analysis.contract.data import load_table
    >>> total = var_mtpm_total(load_table("annexes_menages_115"), "composition", ("ensemble",))
    >>> total["var"], total["mtpm"]
    (3129.0, 2176.0)
    """
    rows = var_mtpm(frame[~frame[category].isin(exclude)], category)
    var, mtpm = float(rows["var"].sum()), float(rows["mtpm"].sum())
    return {"var": var, "mtpm": mtpm, "share": 100 * mtpm / var if var else math.nan}


def whole_in_metropole(frame: pd.DataFrame, category: str) -> list[str]:
    """The French labels of the lines whose Métropole figure equals the Var's: according to the
    source, all of that offer (or of those households) is in the Métropole.

    >>> from lda_analysis.contract.data import load_table
    >>> offer = load_table("annexes_offre_siao")
    >>> whole_in_metropole(offer[offer["segment"] == "logement"], "type_offre")
    ['Intermédiation locative (bail glissant)', 'FJT - FTM', 'Autres logements']
    """
    labels = get_schema().labels(frame.attrs["table"], category)
    rows = var_mtpm(frame, category)
    return [
        labels.get(code, code)
        for code, var, mtpm in rows[[category, "var", "mtpm"]].itertuples(index=False)
        if same(var, mtpm)
    ]


def largest(
    frame: pd.DataFrame, category: str, territory: str, exclude: tuple[str, ...] = (), rank: int = 0
) -> tuple[str, float]:
    """The line with the ``rank``-th largest figure for a territory (0: the largest; ties in the
    document's order): its French label and its figure.

    >>> from lda_analysis.contract.data import load_table
    >>> households = load_table("annexes_menages_115")
    >>> largest(households, "composition", "MTPM", ("ensemble",)), largest(households, "composition", "MTPM", ("ensemble",), 1)
    (('Homme seul', 1204.0), ('Femme seule', 355.0))
    """
    labels = get_schema().labels(frame.attrs["table"], category)
    rows = frame[(frame["territoire"] == territory) & ~frame[category].isin(exclude)]
    row = rows.sort_values("valeur", ascending=False, kind="stable").iloc[rank]
    return labels.get(row[category], row[category]), float(row["valeur"])


# ------------------------------------------------------------------------------------------------
# Survey « Le logement et moi » (annexes_enquete_repartitions, _chiffres, _textes)


def survey_figure(figures: pd.DataFrame, indicator: str) -> float:
    """A figure the survey's slides state in a sentence (``annexes_enquete_chiffres``)."""
    return value(figures, indicateur=indicator)


def distribution(shares: pd.DataFrame, question: str) -> pd.DataFrame:
    """The answers to one question of the survey, largest share first (ties in the document's
    order), with their French labels: columns ``label``, ``valeur``, ``source``.

    >>> from lda_analysis.contract.data import load_table
    >>> shares = distribution(load_table("annexes_enquete_repartitions"), "evenements_perte_logement")
    >>> shares["label"].iloc[0], float(shares["valeur"].iloc[0])
    ('rupture conjugale', 21.0)
    """
    labels = get_schema().labels("annexes_enquete_repartitions", "categorie")
    rows = shares[shares["question"] == question].sort_values("valeur", ascending=False, kind="stable")
    return pd.DataFrame(
        {
            "label": [labels.get(code, code) for code in rows["categorie"]],
            "valeur": rows["valeur"].astype(float).tolist(),
            "source": rows["source"].tolist(),
        }
    )


def distribution_total(shares: pd.DataFrame, question: str) -> float:
    """The sum of the shares of one question (100 when the rounded shares add up exactly).

    >>> from lda_analysis.contract.data import load_table
    >>> distribution_total(load_table("annexes_enquete_repartitions"), "freins_acces_logement")
    100.0
    """
    return float(shares.loc[shares["question"] == question, "valeur"].sum())


def top_answer(shares: pd.DataFrame, question: str, rank: int = 0) -> tuple[str, float]:
    """The answer of a question with the ``rank``-th largest share (0: the largest), and its share.

    >>> from lda_analysis.contract.data import load_table
    >>> top_answer(load_table("annexes_enquete_repartitions"), "evenements_perte_logement", 1)
    ('problèmes santé', 18.0)
    """
    row = distribution(shares, question).iloc[rank]
    return str(row["label"]), float(row["valeur"])


def isolated_share(shares: pd.DataFrame) -> float:
    """The share of people living alone (« hommes seuls » + « femmes seules ») among the answers.

    >>> from lda_analysis.contract.data import load_table
    >>> isolated_share(load_table("annexes_enquete_repartitions"))
    87.0
    """
    rows = shares[shares["question"] == "type_population"]
    return float(rows.loc[rows["categorie"].isin(["hommes_seuls", "femmes_seules"]), "valeur"].sum())


# The sentences of the slide « Freins spécifiques » and the chart categories they restate. Grouping
# several categories under « l'aspect financier » or « un besoin d'accompagnement » is our reading of
# the slide: the document does not list the categories behind these two figures.
BRAKE_READINGS = (
    ("freins_aspect_financier", ("ressources_insuffisantes", "loyers_eleves")),
    ("freins_besoin_accompagnement", ("lourdeur_administrative", "manque_info", "manque_soutien")),
    ("parc_social_delais_trop_longs", ("delai_long",)),
    ("parc_prive_exigences_bailleurs", ("exigences_bailleurs_prives",)),
)


def brake_readings(figures: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """Each figure of the sentences on the brakes to housing next to the sum of the chart's categories
    it restates: columns ``indicator``, ``sentence`` (the printed figure), ``nature_chiffre``, ``categories``
    (French labels) and ``computed``.

    >>> from lda_analysis.contract.data import load_table
    >>> readings = brake_readings(load_table("annexes_enquete_chiffres"), load_table("annexes_enquete_repartitions"))
    >>> readings[["indicator", "sentence", "computed"]].values.tolist()[:2]
    [['freins_aspect_financier', 40.0, 39.0], ['freins_besoin_accompagnement', 20.0, 20.0]]
    """
    labels = get_schema().labels("annexes_enquete_repartitions", "categorie")
    brakes = shares[shares["question"] == "freins_acces_logement"]
    rows = []
    for indicator, categories in BRAKE_READINGS:
        sentence = one_row(figures, indicateur=indicator)
        chosen = brakes[brakes["categorie"].isin(categories)]
        rows.append(
            {
                "indicator": indicator,
                "sentence": float(sentence["valeur"]),
                "nature_chiffre": sentence["nature_chiffre"],
                "categories": " + ".join(labels[code] for code in categories),
                "computed": float(chosen["valeur"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=["indicator", "sentence", "nature_chiffre", "categories", "computed"])


def health_loss_share_of_all(figures: pd.DataFrame, shares: pd.DataFrame) -> float:
    """The chart's share of housing lost for health reasons, brought back to all the people
    interviewed: the chart describes former tenants only (75.4 % of them), so its 18 % is
    18 × 75.4 / 100 of the people interviewed if each former tenant gives one reason.

    >>> from lda_analysis.contract.data import load_table
    >>> round(health_loss_share_of_all(load_table("annexes_enquete_chiffres"), load_table("annexes_enquete_repartitions")), 1)
    13.6
    """
    chart = value(shares, question="evenements_perte_logement", categorie="problemes_sante")
    return chart * survey_figure(figures, "anciens_locataires") / 100


# Guards a rounded bound from the error of a float product (20.00000000003 must floor to 20).
FLOAT_ERROR = 1e-9


def decimals(value: float) -> int:
    """Decimals printed for a percentage (75.4 -> 1, 74 -> 0)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def whole_counts(percentage: float, answers: int) -> range:
    """Whole numbers ``k`` of answers whose share ``100 k / answers``, rounded as printed, is ``percentage``.

    >>> list(whole_counts(75.4, 114)), list(whole_counts(4.3, 114)), list(whole_counts(18, 114))
    ([86], [], [20, 21])
    """
    half = 0.5 * 10 ** -decimals(percentage)
    low = math.ceil((percentage - half) * answers / 100 - FLOAT_ERROR)
    high = math.floor((percentage + half) * answers / 100 + FLOAT_ERROR)
    return range(max(low, 0), max(high + 1, low, 0))


# ------------------------------------------------------------------------------------------------
# Workshop Plan LDA 2 of 15 May 2024 (annexes_atelier_*)


MINUTES = {"minutes": 1, "heures": 60}


def method_minutes(method: pd.DataFrame) -> dict[str, float]:
    """The duration of the sub-group work: the sum of its steps and the printed total, in minutes.

    >>> from lda_analysis.contract.data import load_table
    >>> method_minutes(load_table("annexes_atelier_methode"))
    {'computed': 60.0, 'printed': 60.0}
    """
    steps = method[method["etape"] != "total"]
    total = one_row(method, etape="total")
    return {
        "computed": float(sum(row.valeur * MINUTES[row.unite] for row in steps.itertuples())),
        "printed": float(total["valeur"] * MINUTES[total["unite"]]),
    }


def accelerated_territories(context: pd.DataFrame) -> dict[str, float]:
    """The territories of accelerated implementation: AMI 1 + AMI 2 and the printed total.

    >>> from lda_analysis.contract.data import load_table
    >>> accelerated_territories(load_table("annexes_atelier_contexte"))
    {'ami_1': 23.0, 'ami_2': 22.0, 'computed': 45.0, 'printed': 45.0}
    """
    first = value(context, indicateur="territoires_ami_1")
    second = value(context, indicateur="territoires_ami_2")
    return {
        "ami_1": first,
        "ami_2": second,
        "computed": first + second,
        "printed": value(context, indicateur="territoires_mise_en_oeuvre_acceleree"),
    }


def transferred_competences(elements: pd.DataFrame) -> dict[str, int]:
    """How many competences transferred in 2020 the slide lists, and how many concern housing or
    young people.

    >>> from lda_analysis.contract.data import load_table
    >>> transferred_competences(load_table("annexes_atelier_elements"))
    {'listed': 3, 'housing_youth': 2}
    """
    listed = elements[elements["rubrique"] == "competence_transferee"]
    return {"listed": len(listed), "housing_youth": int((listed["lien_logement_jeunes"] == "oui").sum())}


def contributions_count(restitution: pd.DataFrame) -> pd.DataFrame:
    """The number of contributions of each sub-group in each column (cesser, conserver, créer), and
    how many of them have an uncertain column: columns ``groupe``, ``categorie``, ``count``,
    ``uncertain``, in the document's order.

    >>> from lda_analysis.contract.data import load_table
    >>> counts = contributions_count(load_table("annexes_atelier_restitution"))
    >>> counts[counts["groupe"] == "groupe_2"][["categorie", "count", "uncertain"]].values.tolist()
    [['cesser', 5, 0], ['conserver', 10, 10], ['creer', 10, 10]]
    """
    rows = []
    for group in dict.fromkeys(restitution["groupe"]):
        for column in get_schema().labels("annexes_atelier_restitution", "categorie"):
            lines = restitution[(restitution["groupe"] == group) & (restitution["categorie"] == column)]
            rows.append(
                {
                    "groupe": group,
                    "categorie": column,
                    "count": len(lines),
                    "uncertain": int((lines["placement"] == "incertain").sum()),
                }
            )
    return pd.DataFrame(rows, columns=["groupe", "categorie", "count", "uncertain"])


def group_short_label(group: str) -> str:
    """« Groupe 1 : prévenir les ruptures… » -> « Groupe 1 »."""
    return get_schema().labels("annexes_atelier_restitution", "groupe")[group].split(" :")[0]
