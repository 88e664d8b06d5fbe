"""``lda-book serve``: the built editions served on 127.0.0.1 for a local preview."""

import re
import signal
import subprocess
import sys
import urllib.request

from lda_analysis.cli.lda_book import main


def test_serve_shows_the_editions_index_and_the_books_then_stops_on_ctrl_c(built_book):
    editions = built_book.parent.parent
    command = [sys.executable, "-m", "lda_analysis.cli", "serve", "--output", str(editions), "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        found = re.match(
            r"Éditions servies sur (http://127\.0\.0\.1:\d+/) \(dossier .+\) ; Ctrl-C pour arrêter\.", first
        )
        assert found, first
        home = urllib.request.urlopen(found.group(1), timeout=10).read().decode("utf-8")
        assert '<a href="2024/html/index.html">Édition 2024</a>' in home
        page = urllib.request.urlopen(found.group(1) + "2024/html/notebooks/accueil.html", timeout=10)
        assert '<html lang="fr"' in page.read().decode("utf-8")
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=10)
    assert server.returncode == 0 and "Serveur arrêté." in out
    assert "GET /2024/html/notebooks/accueil.html" in err  # each request is said in the terminal


def test_serve_without_a_built_edition_says_what_to_do(tmp_path, capsys):
    assert main(["serve", "--output", str(tmp_path), "--port", "0"]) == 1
    assert "Aucune édition construite dans" in capsys.readouterr().err


def test_serve_on_a_taken_port_says_so_in_french(built_book, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--output", str(built_book.parent.parent), "--port", str(port)]) == 1
    assert f"Impossible de servir les éditions sur le port {port} de 127.0.0.1" in capsys.readouterr().err
