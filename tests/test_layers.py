"""The library's folders are its layers, and imports point down only.

From the bottom: ``contract/`` (the data contract), ``blocks/`` (the book's building blocks),
``domains/`` (the report's domains), ``publication/`` (PDF, workbook, open data, release),
``book_build/`` (the build) and ``cli/`` (the command line). A module may import its own layer and
the layers below it, never one above, and no module imports itself back through others. Imports
made inside functions count as much as the others; what a module loads by name at run time
(``importlib``: the domains' packages, the pages of each domain) is not an import and is not read.
"""

from __future__ import annotations

import ast
from pathlib import Path

from lda_analysis import DOMAINS
from lda_analysis.contract.paths import PACKAGE_DIR

LAYERS = ("contract", "blocks", "domains", "publication", "book_build", "cli")


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The modules of the library that ``path`` imports (``from . import x`` names ``x`` when it is
    a module)."""
    module, package = _module(path), path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    modules = {_module(file) for file in PACKAGE_DIR.rglob("*.py")}
    return {name for name in found if name in modules and name != module}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_is_in_a_layer():
    loose = [
        path.name for path in PACKAGE_DIR.iterdir() if path.suffix == ".py" and path.name != "__init__.py"
    ]
    folders = sorted(path.name for path in PACKAGE_DIR.iterdir() if (path / "__init__.py").is_file())
    assert loose == [] and folders == sorted(LAYERS)


def test_imports_point_down_the_layers():
    upward = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        here = _layer(_module(path))
        for imported in sorted(_imports(path)):
            there = _layer(imported)
            if here and there and LAYERS.index(there) > LAYERS.index(here):
                upward.append(f"{_module(path)} importe {imported}")
    assert upward == []


def test_no_module_imports_itself_back():
    graph = {_module(path): _imports(path) for path in PACKAGE_DIR.rglob("*.py")}
    circles = []
    for start in sorted(graph):
        seen, stack = set(), [(start, (start,))]
        while stack:
            module, route = stack.pop()
            for imported in graph.get(module, ()):
                if imported == start:
                    circles.append(" → ".join([*route, start]))
                elif imported not in seen:
                    seen.add(imported)
                    stack.append((imported, (*route, imported)))
    assert circles == []


def _domain(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "domains" and parts[2] in DOMAINS else None


def test_two_domains_never_import_each_other():
    # A domain may read another (finances reads the §4.5 request of perspectives), never both ways:
    # the domains' folders keep an order, as the layers do.
    reads = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        here = _domain(_module(path))
        for imported in _imports(path):
            there = _domain(imported)
            if here and there and there != here:
                reads.setdefault(here, set()).add(there)
    both_ways = sorted(f"{a} ↔ {b}" for a in reads for b in reads[a] if a < b and a in reads.get(b, ()))
    assert both_ways == []
    assert "perspectives" in reads["finances"]  # the rule reads the imports it is about
