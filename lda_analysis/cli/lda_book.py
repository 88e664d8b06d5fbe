"""The ``lda-book`` command: build an edition of the book, refresh the notebooks' stored outputs.

Messages and help are in French. An expected failure (bad data, bad parameter, failed build) prints
its French message and exits with status 1; a usage error exits with status 2, as argparse does;
Ctrl-C keeps the last book and exits with status 130. ``tests/test_cli.py`` proves the help, the
messages and the statuses; ``tests/test_build.py::test_ctrl_c_stops_the_build_within_seconds`` the
interruption.

Each command is one function that adds its parser (``_add_build`` …) and one that runs it
(``_run_build`` …). Nothing is kept between two calls of :func:`main`. Two tricks, each in one place
with the reason: French argparse messages (:func:`argparse_in_french`) and the end of the process
without the interpreter's teardown (:func:`end_process`).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from lda_analysis import __version__
from lda_analysis.contract.errors import LdaError, os_error_message

# argparse's messages in French (Python 3.11 wording): see :func:`argparse_in_french`.
ARGPARSE_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "show program's version number and exit": "affiche la version et quitte",
}


@contextlib.contextmanager
def argparse_in_french() -> Iterator[None]:
    """While the block runs, argparse speaks French (:data:`ARGPARSE_FRENCH`).

    The one trick of the command line, kept here only: argparse has no parameter for the language of
    its own messages (« usage: », « show this help message and exit », its usage errors); it looks
    each up through its module's ``_`` (gettext) when it writes it, at the parser's making, at the
    help and at an error. So ``argparse._`` is replaced for the block, and put back after it: nothing
    else of the process (nor a parser of another program) sees the change. Proved by
    ``tests/test_cli.py`` (``test_help_is_in_french``, ``test_unknown_command_is_a_french_usage_error``)."""
    english = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: ARGPARSE_FRENCH.get(message, message)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


def _edition_options(parser: argparse.ArgumentParser) -> None:
    """The options of the commands that build an edition (construire, surveiller)."""
    parser.add_argument(
        "--annee",
        dest="year",
        default=None,
        metavar="ANNÉE",
        help="année de l'édition (par défaut : la dernière année dont les données "
        "annuelles sont toutes présentes)",
    )
    _data_dir_option(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="une donnée annuelle manquante pour l'année de l'édition est une erreur "
        "(pour l'intégration continue) ; sans cette option, elle est signalée et "
        "le livre affiche « donnée non disponible ». De même, sans WeasyPrint, l'édition PDF "
        "manquante est une erreur (sinon un avertissement)",
    )
    parser.add_argument(
        "--sortie",
        dest="output",
        default=None,
        metavar="DOSSIER",
        help="dossier où ranger les éditions (par défaut : _build/editions/ ; "
        "le livre va dans DOSSIER/ANNÉE/html/, son édition PDF dans DOSSIER/ANNÉE/pdf/)",
    )
    parser.add_argument(
        "--sans-pdf",
        action="store_true",
        help="ne refait pas l'édition PDF (plus rapide pour relire une page pendant la préparation "
        "d'une édition) ; le PDF déjà construit reste, peut-être en retard sur le HTML",
    )


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--donnees",
        dest="data_dir",
        default=None,
        metavar="DOSSIER",
        help="dossier des données CSV (par défaut : data/ du projet)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line parser, with French help: one function adds each command
    (:func:`_add_build` … :func:`_add_notebooks`), which names the function that runs it."""
    with argparse_in_french():
        parser = argparse.ArgumentParser(
            prog="lda-book",
            description="Livre reproductible du rapport d'exécution du Plan Logement d'Abord de la "
            "Métropole Toulon Provence Méditerranée.",
            epilog="Aide d'une commande : lda-book COMMANDE --help",
        )
        _add_general_options(parser)
        commands = parser.add_subparsers(title="commandes", dest="command", metavar="COMMANDE", required=True)
        for add in (_add_build, _add_watch, _add_serve, _add_check, _add_data, _add_notebooks):
            add(commands)
    return parser


def _add_general_options(parser: argparse.ArgumentParser) -> None:
    """``--version``, and how much the command says (``--verbose`` or ``--quiet``)."""
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="affiche la version et quitte"
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument(
        "-v", "--bavard", dest="verbose", action="store_true", help="affiche aussi le détail de chaque étape"
    )
    verbosity.add_argument(
        "-q",
        "--silencieux",
        dest="quiet",
        action="store_true",
        help="n'affiche que les avertissements et les erreurs",
    )


def _add_build(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser(
        "construire",
        help="exécute les notebooks et construit le livre HTML d'une édition",
        description="Exécute les notebooks avec papermill pour l'année demandée, puis construit le "
        "livre HTML avec Jupyter Book et son édition PDF avec WeasyPrint (dossier pdf/ à côté du "
        "HTML). Seul ce qu'un changement touche est refait : rien si "
        "rien n'a changé depuis la dernière construction ; sinon, seules les pages dont les "
        "entrées (modèle, paramètres, tables lues, code de la bibliothèque) ont changé sont "
        "réexécutées, et la fin dit combien et pourquoi. Le livre précédent n'est remplacé que "
        "si toute la construction réussit. Affiche à la fin le chemin de index.html.",
    )
    _edition_options(build)
    build.add_argument(
        "--force",
        action="store_true",
        help="reconstruit le HTML même si rien n'a changé (les notebooks dont les entrées n'ont "
        "pas changé ne sont pas réexécutés)",
    )
    build.set_defaults(run=_run_build)


def _add_watch(commands: argparse._SubParsersAction) -> None:
    watched = commands.add_parser(
        "surveiller",
        help="construit une édition, puis la reconstruit à chaque changement, jusqu'à Ctrl-C",
        description="Construit l'édition comme build, puis la reconstruit à chaque changement des "
        "données, des notebooks, des pages de book/ ou de la configuration, jusqu'à Ctrl-C : pour "
        "relire le livre pendant qu'on corrige. Les imports, les noyaux des pages et ceux de "
        "Jupyter Book sont gardés d'une construction à l'autre : une reconstruction coûte moins "
        "qu'un lda-book construire. Une construction qui échoue dit pourquoi et la commande attend la "
        "correction ; le dernier livre construit reste. Si le code de la bibliothèque change, la "
        "commande repart de zéro.",
    )
    _edition_options(watched)
    watched.set_defaults(run=_run_watch)


def _add_serve(commands: argparse._SubParsersAction) -> None:
    served = commands.add_parser(
        "servir",
        help="sert les éditions construites sur 127.0.0.1 pour les lire dans un navigateur",
        description="Sert le dossier des éditions construites sur http://127.0.0.1 (cet ordinateur "
        "seulement), la liste des éditions comme page d'accueil, jusqu'à Ctrl-C.",
    )
    served.add_argument(
        "--sortie",
        dest="output",
        default=None,
        metavar="DOSSIER",
        help="dossier des éditions (par défaut : _build/editions/)",
    )
    served.add_argument("--port", type=int, default=8000, help="port (par défaut : 8000 ; 0 : un port libre)")
    served.set_defaults(run=_run_serve)


def _add_check(commands: argparse._SubParsersAction) -> None:
    checks = commands.add_parser(
        "verifier",
        help="vérifie la cohérence des données avec les totaux imprimés du rapport",
        description="Lance tous les contrôles : les lignes de détail doivent reproduire les totaux "
        "imprimés (contrôles de cohérence) ; deux passages du document qui donnent le même "
        "chiffre sont comparés (contrôles de concordance : un désaccord est un écart "
        "documenté, pas un échec). Code de sortie non nul si un contrôle échoue.",
    )
    _data_dir_option(checks)
    checks.add_argument(
        "--annee",
        dest="year",
        default=None,
        metavar="ANNÉE",
        help="contrôle les données que voit l'édition de cette année seulement (par défaut : toutes "
        "les données du dossier)",
    )
    checks.add_argument("--tout", action="store_true", help="affiche aussi les contrôles conformes")
    checks.set_defaults(run=_run_check)


def _add_data(commands: argparse._SubParsersAction) -> None:
    data = commands.add_parser(
        "donnees",
        help="exporte les données vers un classeur Excel, ou importe un classeur rempli",
        description="Échange des données avec Excel : une feuille par table, une feuille "
        "« Dictionnaire » et une feuille « Instructions ».",
    )
    data_commands = data.add_subparsers(
        title="commandes", dest="data_command", metavar="ACTION", required=True
    )
    for add in (_add_data_export, _add_data_template, _add_data_import):
        _data_dir_option(add(data_commands))


def _add_data_export(data_commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    export = data_commands.add_parser(
        "exporter",
        help="écrit toutes les tables dans un classeur Excel",
        description="Écrit toutes les tables du dossier de données dans un classeur Excel, avec le "
        "dictionnaire des données et les instructions de saisie.",
    )
    export.add_argument("classeur", metavar="CLASSEUR.xlsx", help="classeur à écrire")
    export.set_defaults(run=_run_data_export)
    return export


def _add_data_template(data_commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    template = data_commands.add_parser(
        "modele",
        help="écrit le classeur à remplir pour une nouvelle édition",
        description="Écrit un classeur avec, pour chaque table de données annuelles, les lignes à "
        "remplir pour l'année demandée (colonnes d'identification remplies, valeurs "
        "vides), le dictionnaire des données et les instructions de saisie.",
    )
    template.add_argument(
        "--annee",
        dest="year",
        required=True,
        metavar="ANNÉE",
        help="année de la nouvelle édition, par exemple 2025",
    )
    template.add_argument("classeur", metavar="CLASSEUR.xlsx", help="classeur à écrire")
    template.set_defaults(run=_run_data_template)
    return template


def _add_data_import(data_commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    imported = data_commands.add_parser(
        "importer",
        help="vérifie un classeur rempli et fusionne ses lignes dans les fichiers CSV",
        description="Vérifie toutes les feuilles du classeur (feuille, ligne Excel et colonne de "
        "chaque erreur), puis fusionne ses lignes dans les données : une ligne nouvelle "
        "est ajoutée, une ligne sans valeur est ignorée, une ligne qui change une donnée "
        "existante est refusée sauf avec --remplacer. Les fichiers CSV ne sont écrits que "
        "si tout le classeur est accepté. Affiche un résumé en français.",
    )
    imported.add_argument("classeur", metavar="CLASSEUR.xlsx", help="classeur à importer")
    imported.add_argument(
        "--remplacer",
        dest="replace",
        action="store_true",
        help="autorise le classeur à changer des données existantes (chaque "
        "remplacement est listé) ; sans cette option, il est refusé",
    )
    imported.add_argument(
        "--annee",
        dest="year",
        type=int,
        default=None,
        metavar="ANNÉE",
        help="édition qui publie les corrections (--remplacer) : chaque valeur remplacée est gardée "
        "dans le journal des révisions, que la page « Ce qui a changé » de cette édition liste "
        "(par défaut : l'année du classeur à remplir)",
    )
    imported.set_defaults(run=_run_data_import)
    return imported


def _add_notebooks(commands: argparse._SubParsersAction) -> None:
    refresh = commands.add_parser(
        "notebooks",
        help="réexécute les notebooks de notebooks/ et enregistre leurs sorties",
        description="Réexécute chaque notebook de notebooks/ avec ses paramètres par défaut "
        "(l'édition 2024, les données embarquées) et enregistre ses sorties dans le "
        "fichier. À lancer après avoir modifié un notebook, la bibliothèque ou les "
        "données : nbval compare ensuite les notebooks à ces sorties.",
    )
    refresh.add_argument(
        "noms", nargs="*", metavar="NOM", help="notebooks à réexécuter (par défaut : tous), ex. preambule"
    )
    refresh.set_defaults(run=_run_notebooks)


def configure_logging(verbose: bool = False, quiet: bool = False) -> None:
    """Show the library's progress messages (logger ``lda_analysis``) on the error stream, as plain
    French lines: steps by default, details with ``verbose``, only warnings with ``quiet``."""
    logger = logging.getLogger("lda_analysis")
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    # The English messages of the notebook runner (« Kernel died… » when a build is interrupted) are
    # not shown: the build reports every failure of a notebook in French.
    logging.getLogger("papermill").setLevel(logging.CRITICAL)


# The English names of the commands and options of versions 0.5.0 and before (``lda-book build
# --year 2025``), still accepted: each is read as its French name, the one the help shows.
ENGLISH_COMMANDS = {
    "build": "construire",
    "watch": "surveiller",
    "serve": "servir",
    "check": "verifier",
    "data": "donnees",
}
ENGLISH_DATA_ACTIONS = {"export": "exporter", "template": "modele", "import": "importer"}
ENGLISH_OPTIONS = {
    "--year": "--annee",
    "--data-dir": "--donnees",
    "--output": "--sortie",
    "--replace": "--remplacer",
    "--verbose": "--bavard",
    "--quiet": "--silencieux",
}


def french_names(argv: Sequence[str]) -> list[str]:
    """``argv`` with the English names of the command, of the data action and of the options
    (:data:`ENGLISH_COMMANDS`, :data:`ENGLISH_OPTIONS`) replaced by their French names.

    >>> french_names(["-q", "build", "--year=2025", "--data-dir", "data"])
    ['-q', 'construire', '--annee=2025', '--donnees', 'data']
    >>> french_names(["data", "import", "build.xlsx", "--replace"])
    ['donnees', 'importer', 'build.xlsx', '--remplacer']
    """
    translated, names = [], ENGLISH_COMMANDS
    for argument in argv:
        if argument.startswith("--"):
            option, equals, value = argument.partition("=")
            translated.append(ENGLISH_OPTIONS.get(option, option) + equals + value)
        elif names and not argument.startswith("-"):
            translated.append(names.get(argument, argument))
            names = ENGLISH_DATA_ACTIONS if translated[-1] == "donnees" and names is ENGLISH_COMMANDS else {}
        else:
            translated.append(argument)
    return translated


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``lda-book``; returns the exit status: the command's (0, or 1 when a check
    fails), 1 for an expected failure said in French, 130 after Ctrl-C, :data:`RESTART`; argparse
    ends a usage error (2), ``--help`` and ``--version`` itself (:class:`SystemExit`)."""
    with argparse_in_french():
        arguments = build_parser().parse_args(french_names(sys.argv[1:] if argv is None else argv))
    configure_logging(arguments.verbose, arguments.quiet)
    # Each command imports what it needs when it runs (pandas, papermill, Jupyter Book…): the help
    # and the usage errors stay immediate.
    try:
        return arguments.run(arguments)
    except LdaError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a path the checks before the work could not foresee (disk full…)
        print(f"Erreur : {os_error_message(error)}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu : le dernier livre construit est conservé.", file=sys.stderr)
        return 130


def _pdf(arguments: argparse.Namespace) -> bool:
    """Whether the PDF edition is asked for: not with ``--sans-pdf``."""
    return not arguments.sans_pdf


def _run_build(arguments: argparse.Namespace) -> int:
    from lda_analysis.book_build.build_record import BuildRequest, reusable_build
    from lda_analysis.contract.paths import default_output_dir

    # Nothing changed since the last build: done, before loading pandas or Jupyter Book.
    request = BuildRequest.of(
        arguments.year,
        arguments.data_dir,
        Path(arguments.output or default_output_dir()),
        arguments.strict,
        pdf=_pdf(arguments),
    )
    reused = None if arguments.force else reusable_build(request)
    index = _build(arguments) if reused is None else reused
    print(f"Livre construit : {index}")
    return 0


def _build(arguments: argparse.Namespace) -> Path:
    """Build the edition asked for; return its ``index.html``."""
    from lda_analysis.book_build.jupyter_book_process import JupyterBookProcess

    # Jupyter Book imports in its process while this one loads the library and the data.
    with JupyterBookProcess.start() as renderer:
        from lda_analysis.book_build.builder import build_edition

        return build_edition(
            arguments.year,
            arguments.data_dir,
            arguments.output,
            strict=arguments.strict,
            force=arguments.force,
            renderer=renderer,
            pdf=_pdf(arguments),
        )


def _run_watch(arguments: argparse.Namespace) -> int:
    from lda_analysis.book_build.watch import LibraryChanged, watch

    try:
        watch(
            arguments.year, arguments.data_dir, arguments.output, strict=arguments.strict, pdf=_pdf(arguments)
        )
    except LibraryChanged:
        print("Le code de la bibliothèque a changé : la commande repart de zéro.", file=sys.stderr)
        return RESTART
    return 0


def _run_serve(arguments: argparse.Namespace) -> int:
    from lda_analysis.contract.paths import default_output_dir
    from lda_analysis.publication.serve import serve

    serve(Path(arguments.output or default_output_dir()).resolve(), arguments.port)
    return 0


def _run_check(arguments: argparse.Namespace) -> int:
    from lda_analysis.domains.checks import FAILED, report_text, run_checks
    from lda_analysis.domains.edition import load_data, load_edition

    if arguments.year is None:
        results = run_checks(load_data(arguments.data_dir))
    else:
        edition = load_edition(arguments.year, arguments.data_dir)
        results = run_checks(edition.tables)
        print(f"Édition {edition.year} ({edition.scope.title}) :")
    print(report_text(results, show_all=arguments.tout))
    return 1 if any(result.status == FAILED for result in results) else 0


def _run_data_export(arguments: argparse.Namespace) -> int:
    from lda_analysis.publication.workbook import export_workbook

    print(f"Classeur écrit : {export_workbook(arguments.classeur, arguments.data_dir)}")
    return 0


def _run_data_template(arguments: argparse.Namespace) -> int:
    from lda_analysis.publication.workbook import template_workbook

    path = template_workbook(arguments.classeur, arguments.year, arguments.data_dir)
    print(f"Classeur à remplir pour {arguments.year} écrit : {path}")
    return 0


def _run_data_import(arguments: argparse.Namespace) -> int:
    from lda_analysis.publication.workbook_import import import_workbook

    summary = import_workbook(
        arguments.classeur, arguments.data_dir, replace=arguments.replace, year=arguments.year
    )
    print("Classeur importé. " + "\n".join(summary.lines()))
    return 0


def _run_notebooks(arguments: argparse.Namespace) -> int:
    from lda_analysis.book_build.notebooks import refresh_outputs

    for path in refresh_outputs(names=arguments.noms or None):
        print(f"Sorties enregistrées : {path}")
    return 0


# The status of main when the command must start again in a new process (lda-book surveiller, after a
# change of the library's code): :func:`run` does it.
RESTART = -1


def run() -> NoReturn:
    """The ``lda-book`` program: :func:`main`, then :func:`end_process` with its status. A usage
    error, ``--help`` or ``--version`` end as argparse ends them."""
    end_process(main())


def end_process(code: int) -> NoReturn:
    """End the program with status ``code`` (or start it again: :data:`RESTART`) without the
    interpreter's teardown.

    The one process trick of the command, kept here only: the teardown frees every module and
    object one by one, 0.35 s after a build and 1 s after a PDF, a tenth of a small rebuild, for
    nothing (the process ends). What the process must still do is done first: the log and the output
    are flushed and the functions registered with :mod:`atexit` run, as the interpreter's exit would
    run them first (``atexit._run_exitfuncs``: Python has no public name for it). Proved by
    ``tests/test_cli.py::test_the_program_ends_with_the_command_s_status_and_all_its_output``."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()  # what the interpreter's exit would run first
    if code == RESTART:
        os.execv(sys.executable, [sys.executable, "-m", "lda_analysis.cli", *sys.argv[1:]])
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
