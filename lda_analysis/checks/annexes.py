"""Consistency checks of the annexes domain (see lda_analysis.checks)."""

from __future__ import annotations
