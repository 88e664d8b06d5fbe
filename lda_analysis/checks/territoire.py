"""Consistency checks of the territoire domain (see lda_analysis.checks)."""

from __future__ import annotations
