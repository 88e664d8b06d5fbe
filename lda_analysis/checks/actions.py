"""Consistency checks of the actions domain (see lda_analysis.checks)."""

from __future__ import annotations
