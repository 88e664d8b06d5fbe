# Commandes du projet. Seul prérequis : Python 3.11, 3.12 ou 3.13 avec pip (et l'accès aux dépôts de
# paquets). Le premier trouvé est pris (python3.11, python3.12, python3.13, puis python3) ; PYTHON=…
# en impose un.
#   make book   construit le livre de l'édition par défaut (la dernière année complète des données
#               embarquées ; YEAR=2025 pour une autre)
#   make watch  construit l'édition, puis la reconstruit à chaque changement des données ou des pages
#   make test   vérifie le code (ruff) et lance tous les tests (bibliothèque, notebooks avec nbval,
#               livre construit, navigateur)
#   make audit  audit d'accessibilité automatique du livre (axe-core dans Chromium), dont le résultat
#               est enregistré dans book/audit_accessibilite.json et repris par la page « Accessibilité »

SUPPORTED := 3.11, 3.12 ou 3.13
# The first Python found whose version is supported (a pyenv shim of a version that is not active
# fails to run: it is passed over).
SUPPORTED_CHECK := 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))'
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach candidate,python3.11 python3.12 python3.13 python3,$(shell \
	$(candidate) -c $(SUPPORTED_CHECK) >/dev/null 2>&1 && echo $(candidate))))
endif
VENV := .venv
BIN := $(VENV)/bin
# Vide : l'édition par défaut, lue dans les données (lda-book construire sans --annee).
YEAR ?=
RUNS ?= 3
PORT ?= 8000
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: help book watch serve release test audit lint format notebooks bench lighthouse constraints clean

help:
	@echo "make book       construit le livre de l'édition par défaut (ou YEAR=ANNÉE) dans _build/editions/"
	@echo "make watch      construit l'édition, puis la reconstruit à chaque changement (Ctrl-C pour arrêter)"
	@echo "make serve      sert les éditions construites sur http://127.0.0.1:8000/ (PORT=… pour un autre)"
	@echo "make release    publie l'édition YEAR=ANNÉE : vérifie, construit, crée l'étiquette edition-ANNÉE"
	@echo "make test       installe les dépendances de test, vérifie le code (ruff) et lance tous les tests"
	@echo "make audit      audite l'accessibilité du livre (axe-core, Chromium) et enregistre le résultat"
	@echo "make lint       vérifie le style du code (ruff check et ruff format --check)"
	@echo "make format     remet le code en forme (ruff format, ruff check --fix)"
	@echo "make notebooks  réexécute les notebooks et enregistre leurs sorties (pour nbval)"
	@echo "make bench      mesure le temps de construction (complète et sans changement)"
	@echo "make lighthouse mesure Lighthouse (mobile) sur trois pages du livre construit"
	@echo "make clean      supprime les fichiers générés (_build/)"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Aucun Python $(SUPPORTED) trouvé (python3.11, python3.12, python3.13, python3) : installez-en un, ou indiquez-le avec PYTHON=chemin/vers/python3.x" >&2; exit 1; }
	@$(PYTHON) -c $(SUPPORTED_CHECK) >/dev/null 2>&1 || { echo "$(PYTHON) est introuvable, ou sa version n'est pas $(SUPPORTED) : indiquez un Python $(SUPPORTED) avec PYTHON=chemin/vers/python3.x" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installe-livre: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installe-tests: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e ".[test]"
	touch $@ $(VENV)/.installe-livre

book: $(VENV)/.installe-livre
	$(BIN)/lda-book construire $(if $(YEAR),--annee $(YEAR))

watch: $(VENV)/.installe-livre
	$(BIN)/lda-book surveiller $(if $(YEAR),--annee $(YEAR))

serve: $(VENV)/.installe-livre
	$(BIN)/lda-book servir --port $(PORT)

release: $(VENV)/.installe-livre
	@test -n "$(YEAR)" || { echo "Indiquez l'année de l'édition à publier : make release YEAR=2024" >&2; exit 1; }
	$(BIN)/python -m lda_analysis.cli.release $(YEAR)

test: lint
	$(BIN)/python -m pytest

audit: $(VENV)/.installe-tests
	$(BIN)/python tests/axe_audit.py $(if $(YEAR),--year $(YEAR))

lint: $(VENV)/.installe-tests
	$(BIN)/ruff check lda_analysis tests benchmarks
	$(BIN)/ruff format --check lda_analysis tests benchmarks

format: $(VENV)/.installe-tests
	$(BIN)/ruff format lda_analysis tests benchmarks
	$(BIN)/ruff check --fix lda_analysis tests benchmarks

notebooks: $(VENV)/.installe-livre
	$(BIN)/lda-book notebooks

bench: $(VENV)/.installe-livre
	$(BIN)/python benchmarks/bench_build.py --runs $(RUNS)

lighthouse: $(VENV)/.installe-livre
	$(BIN)/python benchmarks/lighthouse.py --runs 3

constraints: $(VENV)/.installe-tests
	{ sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^lda-analysis'; } > constraints.tmp
	mv constraints.tmp constraints.txt

clean:
	rm -rf _build
