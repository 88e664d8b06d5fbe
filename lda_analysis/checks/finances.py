"""Consistency checks of the finances domain (see lda_analysis.checks)."""

from __future__ import annotations
