"""A local preview of the built editions: the output folder served over HTTP on 127.0.0.1 only, the
list of editions as home page (``index.html`` of the output folder, written at every build).

Imports nothing heavy: ``lda-book servir`` starts at once. Proved by ``tests/test_serve.py`` (the
editions' index and the books served, stopped by Ctrl-C; no edition built or a taken port said in
French).
"""

from __future__ import annotations

import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lda_analysis.contract.errors import LdaError

HOST = "127.0.0.1"
HOME_PAGE = "index.html"


class ServeError(LdaError):
    """The editions cannot be served (none built, port taken)."""


class _Handler(SimpleHTTPRequestHandler):
    """Files of the output folder; each request is logged on one line in the terminal."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        sys.stderr.write(f"{self.address_string()} : {format % args}\n")


def editions_server(output: Path, port: int) -> ThreadingHTTPServer:
    """A server of the output folder ``output`` on 127.0.0.1:``port`` (0: a free port), not started."""
    if not (output / HOME_PAGE).is_file():
        raise ServeError(
            f"Aucune édition construite dans « {output} » : lancez d'abord « lda-book construire » "
            "(ou indiquez le dossier des éditions avec --sortie)."
        )
    try:
        return ThreadingHTTPServer((HOST, port), partial(_Handler, directory=str(output)))
    except OSError as error:
        raise ServeError(
            f"Impossible de servir les éditions sur le port {port} de {HOST} ({error.strerror}) : "
            "choisissez un autre port avec --port."
        ) from None


def serve(output: Path, port: int) -> None:
    """Serve the built editions of ``output`` until Ctrl-C, saying where."""
    server = editions_server(output, port)
    print(
        f"Éditions servies sur http://{HOST}:{server.server_address[1]}/ (dossier {output}) ; "
        "Ctrl-C pour arrêter.",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Serveur arrêté.", flush=True)
    finally:
        server.server_close()
