"""Catalogue words: see `dashboard.messages`."""

from __future__ import annotations

TH: dict[str, str] = {}
EN: dict[str, str] = {}
