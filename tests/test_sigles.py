"""Every sigle a partner reads in the 2024 book is in the glossary (« Tableau des sigles ») and linked.

The test reads the visible text of every page of the built book (``visible_text.book_text``) and
collects its capitalised tokens (two capitals or more: « PPSMJ », « AR-HLM », « CD83 »). Each must be
a form of a glossary entry (its sigle or one of its ``variantes``), a glossary form followed by a
department or edition number (« SIAO83 », « PLH3 »), a compound of glossary forms (« ASLL-AVDL »), or
one of the words of :data:`NOT_SIGLES`, each group with the reason it is not a sigle to define.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lda_analysis.contract.data import load_table
from lda_analysis.domains.perspectives.computations import glossary_terms

from .visible_text import book_text

# Words in capitals that are not sigles to define, by reason.
NOT_SIGLES_BY_REASON = {
    # Headings and labels quoted from the source as printed in capitals (tables of the action pages,
    # « SYNTHESE FINANCIERE des ANNEES 1 à 3 », « ACTION TERMINEE », the fiches actions' boxes).
    "mots en capitales cités du document": """ACCES ACCOMPAGNEMENT ACTION ACTIONS ADOLESCENTS ANNEES ATELIER
        ATELIERS ATTENTION AUX BAILLEUR CAPITALISATION CODES COLLEGE COMPLEMENTAIRES COCONSTRUCTION DE
        COOPERATIF COURS DE DES DIRECTION DROITS ELUS EMPLOI EN ENFANCE ENTREPRISES ET ETAT FEUILLE
        FINANCEMENT FINANCIERE HABITAT INSERTION LA LANCER LES LOCALES LOGEMENT MAISON MEDITERRANEE
        METROPOLITAINE MISSIONS NUMERIQUE OBJECTIFS OUEST PARTENAIRE PARTENAIRES PARTICIPATIFS PLAN POLE
        PORTEUR POURSUIVRE PRINCIPAL PROTECTION PUBLICS RECONDUIRE RENFORCE ROUTE SANTE SEMINAIRES SOCIAL
        INSTITUTIONS SORTANT SYNTHESE TERMINEE TOTAL TRAVAIL VAR CORSE FRANCE TOULON S’ENGAGEN""",
    # Names of people, places, firms, associations and software, written in capitals by the source:
    # proper names, not sigles the document or an official list expands.
    "noms propres (personnes, lieux, structures, logiciels)": """ARONDEAU JAKOB LEVY MATTEONI LEZAC
        FARLEDE ERILIA ITINOVA SOLIHA HETIS INSOLAB AVASTOFA SILOE TAPAJ UFOLEP CALPAE MIAJE MLJT THM
        PAQTE EMPS COREP CHORUS TEAMS SYPLO FACE EVA PIX OVA AVAF ALM HTC HPS ACPM ADSP ADEPAPE PHAR
        DDFE PPGDID CAP BETA L’ILOT APIL""",
    # Abbreviations of the document that stand for ordinary words in context (« NB », « CR » compte
    # rendu, « GT » groupe de travail, « REX » retour d'expérience, « CDC » cahier des charges…).
    "abréviations de mots courants": "NB CR GT REX AC BP SAS COS CDS CDC PLA PAF FT",
    # Roman numerals.
    "chiffres romains": "IV",
    # The book's own technical words (formats, standards), not the rapport's.
    "termes techniques du livre": "CSV HTML PDF UA AA SHA-256 WCAG RGAA CEDEX AAAA-MM-JJ",
}
NOT_SIGLES = {word for words in NOT_SIGLES_BY_REASON.values() for word in words.split()}

CAPITALISED = re.compile(r"(?<![\w-])[A-ZÀ-Ý][A-ZÀ-Ý0-9]*(?:[-'’][A-ZÀ-Ý0-9]+)*(?![\w])")
ELISION = re.compile(r"^[LDS][’']")


def _tokens(text: str):
    for match in CAPITALISED.finditer(text):
        token = match.group(0)
        if sum(char.isupper() for char in token) >= 2:
            yield token


def unknown_tokens(pages: dict[str, str], forms: set[str]) -> dict[str, set[str]]:
    """Capitalised tokens of the pages that are neither a glossary form nor a known non-sigle,
    with the pages where each appears."""

    def known(token: str) -> bool:
        if token in forms or token in NOT_SIGLES:
            return True
        bare = ELISION.sub("", token)
        if bare != token and known(bare):
            return True
        if re.fullmatch(r"[A-Z-]+\d+", token) and token.rstrip("0123456789") in forms:
            return True
        parts = re.split(r"[-]", token)
        return len(parts) > 1 and all(part and known(part) for part in parts)

    found: dict[str, set[str]] = defaultdict(set)
    for page, text in pages.items():
        for token in _tokens(text):
            if not known(token):
                found[token].add(page)
    return dict(found)


def _forms() -> set[str]:
    return set(glossary_terms(load_table("perspectives_sigles")))


def test_every_capitalised_token_of_the_book_is_in_the_glossary_or_a_known_word(built_book):
    pages = book_text(built_book)
    assert len(pages) > 40
    found = unknown_tokens(pages, _forms())
    listed = "\n".join(f"{token} : {', '.join(sorted(where)[:3])}" for token, where in sorted(found.items()))
    assert not found, "Sigles absents du glossaire (data/perspectives_sigles.csv) :\n" + listed


def test_the_scan_finds_a_sigle_missing_from_the_glossary():
    pages = {"a.html": "Les PPSMJ et le CLLAJ, l’AMI, SIAO83, ASLL-AVDL. Une ACTION TERMINEE. Le XYZW."}
    forms = _forms()
    assert unknown_tokens(pages, forms) == {"XYZW": {"a.html"}}
    assert unknown_tokens(pages, forms - {"PPSMJ"}) == {"XYZW": {"a.html"}, "PPSMJ": {"a.html"}}


def test_no_non_sigle_is_also_a_glossary_entry():
    assert NOT_SIGLES & _forms() == set()


def test_the_new_sigles_link_to_their_entry(built_book):
    for page, term in (
        ("annexe_fiches_actions", "PPSMJ"),
        ("orientations", "AAJ"),
        ("actions/action_16", "CLLAJ"),
    ):
        html = (built_book / "notebooks" / f"{page}.html").read_text(encoding="utf-8")
        assert f'sigles.html#term-{term}"' in html, term
    glossary = (built_book / "book" / "sigles.html").read_text(encoding="utf-8")
    assert 'id="term-PPSMJ"' in glossary and 'id="term-PDALHDP"' in glossary
    assert "Personnes Placées Sous Main de Justice" in glossary
    assert "Signification officielle : le rapport emploie ce sigle sans le développer." in glossary
