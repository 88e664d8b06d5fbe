"""Lighthouse (mobile) on three pages of a built book: the front page, an action page and a chart page.

The built HTML (``_build/editions/YEAR/html`` by default) is served on 127.0.0.1 as a web host
serves it (text files compressed with gzip: :class:`_Host`), and Google's
Lighthouse, installed from the npm registry outside the project, audits each page with its default
mobile settings (a phone's screen, a slow 4G network and a slowed processor, simulated) in Debian's
Chromium. The scores of the four categories (performance, accessibility, best practices, SEO) and the
main measures of speed are printed in French and written to ``benchmarks/results/`` (JSON). The
project's targets: performance 90 at least and SEO 95 at least on each page.

    npm install --prefix /work/tools-lighthouse lighthouse     # once, outside the repository
    python benchmarks/lighthouse.py [--html DOSSIER] [--lighthouse CHEMIN] [--runs N]

``make lighthouse`` runs it. Without Lighthouse (or Chromium), it says what to install and stops with
code 2. Scores vary a little from one run to the next (the processor is shared): ``--runs`` keeps the
median of each score.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PAGES = {
    "accueil": "notebooks/accueil.html",
    "action 14": "notebooks/actions/action_14.html",
    "graphiques (accès au logement social)": "notebooks/acces_logement_social.html",
}
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibilité",
    "best-practices": "bonnes pratiques",
    "seo": "SEO",
}
TARGETS = {"performance": 90, "seo": 95}
MEASURES = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "total-byte-weight": "octets",
}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEFAULT_LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", "/work/tools-lighthouse/node_modules/.bin/lighthouse"))


def find_lighthouse(given: Path | None) -> Path | None:
    """The Lighthouse command: given, $LIGHTHOUSE, the usual install folder, or on the PATH."""
    for candidate in (given, DEFAULT_LIGHTHOUSE, shutil.which("lighthouse")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


# Text files a web host sends compressed (gzip), as every common host does (GitHub Pages, GitLab
# Pages, nginx and Apache as usually set up): Python's own server does not, and Lighthouse would then
# measure a book four to seven times heavier than a reader downloads.
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml"}


class _Host(SimpleHTTPRequestHandler):
    """The built book as a web host serves it: text files compressed when the browser accepts it."""

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (
            path.suffix not in COMPRESSED
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def audit(lighthouse: Path, url: str, folder: Path) -> dict:
    """One Lighthouse run on ``url`` (mobile, default settings): its report, as JSON."""
    report = folder / "rapport.json"
    subprocess.run(
        [
            str(lighthouse),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    return json.loads(report.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    """The scores (0-100) of the categories and the numbers of the main measures."""
    scores = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    measures = {name: report["audits"][name]["numericValue"] for name in MEASURES}
    return {"scores": scores, "measures": measures}


def median_summary(runs: list[dict]) -> dict:
    return {
        key: {name: statistics.median(run[key][name] for run in runs) for name in runs[0][key]}
        for key in ("scores", "measures")
    }


def _seconds(milliseconds: float) -> str:
    """A duration in seconds, written in French (« 1,4 »)."""
    return f"{milliseconds / 1000:.1f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse (mobile) sur trois pages du livre construit.")
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "editions" / "2024" / "html")
    parser.add_argument("--lighthouse", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args(argv)
    lighthouse = find_lighthouse(options.lighthouse)
    if lighthouse is None:
        print(
            "Lighthouse absent : l'installer hors du dépôt avec « npm install --prefix "
            "/work/tools-lighthouse lighthouse » (ou indiquer son chemin avec --lighthouse).",
            file=sys.stderr,
        )
        return 2
    if not Path(CHROMIUM).exists():
        print("Chromium absent (/usr/bin/chromium) : « apt-get install chromium ».", file=sys.stderr)
        return 2
    if not (options.html / PAGES["accueil"]).is_file():
        print(f"Livre non construit dans {options.html} : lancer « make book ».", file=sys.stderr)
        return 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Host, directory=str(options.html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results, failed = {}, []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name, path in PAGES.items():
                runs = [
                    summary(audit(lighthouse, f"{base}/{path}", Path(folder))) for _ in range(options.runs)
                ]
                results[name] = {"page": path, **median_summary(runs)}
    finally:
        server.shutdown()
        server.server_close()
    for name, result in results.items():
        scores, measures = result["scores"], result["measures"]
        print(
            f"{name} ({result['page']}) : "
            + ", ".join(f"{CATEGORIES[key]} {value}" for key, value in scores.items())
            + f" ; FCP {_seconds(measures['first-contentful-paint'])} s, LCP "
            f"{_seconds(measures['largest-contentful-paint'])} s, TBT {measures['total-blocking-time']:.0f} ms, "
            f"{measures['total-byte-weight'] / 1024:.0f} Kio"
        )
        for key, target in TARGETS.items():
            if scores[key] < target:
                failed.append(f"{name} : {CATEGORIES[key]} {scores[key]} < {target}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
    record = RESULTS / f"lighthouse_{stamp}.json"
    record.write_text(
        json.dumps(
            {"date": stamp, "runs": options.runs, "targets": TARGETS, "pages": results},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"Résultats enregistrés : {record.relative_to(ROOT)}")
    if failed:
        print("Objectifs non atteints : " + " ; ".join(failed))
        return 1
    print("Objectifs atteints : performance ≥ 90 et SEO ≥ 95 sur les trois pages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
