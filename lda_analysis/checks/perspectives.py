"""Consistency checks of the perspectives domain (see lda_analysis.checks)."""

from __future__ import annotations
