"""Consistency checks of the fiches_actions domain (see lda_analysis.checks)."""

from __future__ import annotations
