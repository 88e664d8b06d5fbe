# Commandes du projet. Seul prérequis : Python 3.11 avec pip (et l'accès aux dépôts de paquets).
#   make book   construit le livre de l'édition par défaut (2024, données embarquées)
#   make test   lance tous les tests (bibliothèque, notebooks avec nbval, livre construit)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2024
RUNS ?= 3
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: help book test notebooks bench constraints clean

help:
	@echo "make book       construit le livre (YEAR=$(YEAR)) dans _build/editions/$(YEAR)/html/"
	@echo "make test       installe les dépendances de test et lance tous les tests"
	@echo "make notebooks  réexécute les notebooks et enregistre leurs sorties (pour nbval)"
	@echo "make bench      mesure le temps de construction (complète et sans changement)"
	@echo "make clean      supprime les fichiers générés (_build/)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 est requis (PYTHON=$(PYTHON))")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installe-livre: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installe-tests: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e ".[test]"
	touch $@ $(VENV)/.installe-livre

book: $(VENV)/.installe-livre
	$(BIN)/lda-book build --year $(YEAR)

test: $(VENV)/.installe-tests
	$(BIN)/python -m pytest

notebooks: $(VENV)/.installe-livre
	$(BIN)/lda-book notebooks

bench: $(VENV)/.installe-livre
	$(BIN)/python benchmarks/bench_build.py --runs $(RUNS)

constraints: $(VENV)/.installe-tests
	{ sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^lda-analysis'; } > constraints.tmp
	mv constraints.tmp constraints.txt

clean:
	rm -rf _build
