"""Selecting rows of the validated tables and reading their figures (lda_analysis.contract.selection), on the
tables of the territoire domain."""

import pandas as pd
import pytest

from lda_analysis.contract.data import load_tables
from lda_analysis.contract.selection import labels, one_row, select_rows, total, value


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def _with_values(frame: pd.DataFrame, column: str, changes: dict) -> pd.DataFrame:
    """A copy of ``frame`` where the rows whose ``column`` is a key get that key's new values."""
    changed = frame.copy()
    changed.attrs = dict(frame.attrs)
    for code, values in changes.items():
        for target, new in values.items():
            changed.loc[changed[column] == code, target] = new
    return changed


def test_rows_select_by_value_or_list_and_keep_the_table_name(tables):
    other = tables["territoire_autres_actions"]
    aivs = select_rows(other, dispositif="aivs")
    assert list(aivs["mesure"]) == [
        "financement_initial",
        "mois_a_executer",
        "financement_bascule",
        "mesures_accompagnement_fsl",
    ]
    pacte = select_rows(other, dispositif=["pacte_13bis", "pacte_cllaj"], unite="euros")
    assert list(pacte["valeur"]) == [230000, 80865]  # §1.18.1, lines 3860 and 3874
    assert pacte.attrs["table"] == "territoire_autres_actions"
    assert list(pacte.index) == [0, 1]


def test_value_reads_one_printed_figure(tables):
    assert (
        value(tables["territoire_autres_actions"], dispositif="aivs", mesure="financement_bascule") == 76670
    )  # « soit 76 670€ »
    assert (
        value(tables["territoire_gouvernance"], sujet="pdalhpd", mesure="entites_pilotage") == 11
    )  # « 11 entités différentes »


def test_value_names_what_is_missing_or_ambiguous(tables):
    with pytest.raises(
        LookupError,
        match=r"table « territoire_gouvernance » : 0 ligne\(s\) au lieu d'une "
        r"pour sujet = inconnu",
    ):
        value(tables["territoire_gouvernance"], sujet="inconnu")
    with pytest.raises(LookupError, match=r"2 ligne\(s\)"):
        value(tables["territoire_relogement_cmc"], mesure="menages_reloges")


def test_labels_come_from_the_schema_and_unknown_codes_are_kept(tables):
    scst = tables["territoire_financement_scst"]
    assert list(labels(scst, "mesure")) == [
        "Contribution annuelle la plus basse (2021-2023)",
        "Contribution annuelle la plus haute (2021-2023)",
        "Engagement de financement",
    ]
    changed = _with_values(scst, "mesure", {"engagement": {"mesure": "nouveau_code"}})
    assert labels(changed, "mesure").iloc[-1] == "nouveau_code"


def test_total_of_private_sector_agreements(tables):
    # §1.18.2: 97 OPAH + 120 Bien chez soi; the rapport prints no total.
    affordable = tables["territoire_logement_abordable"]
    assert total(affordable, mesure=["conventionnements_opah", "conventionnements_bien_chez_soi"]) == 217
    assert total(affordable, mesure="inconnu") == 0


def test_one_row_names_the_table_the_count_and_the_criteria(tables):
    cmc = tables["territoire_relogement_cmc"]
    assert one_row(cmc, mesure="menages_reloges", periode="2022-2023")["valeur"] == 20
    with pytest.raises(LookupError) as caught:
        one_row(cmc, mesure="menages_reloges")
    assert str(caught.value) == (
        "table « territoire_relogement_cmc » : 2 ligne(s) au lieu d'une pour mesure = menages_reloges"
    )
