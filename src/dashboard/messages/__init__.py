"""The words of the catalogue that are not page labels, one module per area, each a `TH` and an
`EN` dict with the same keys. `dashboard.i18n` merges them into its catalogues, so every key is
looked up with `i18n.t` and checked by the same catalogue tests.

- `errors`: what a failed read, setting, command or request says (raised as `DashboardError.from_key`).
- `details`: why a row was set aside, and what became of a correction line.
- `notify`: the pushed summaries (LINE, e-mail) and the digest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Words(NamedTuple):
    """A value said differently in Thai and English (a form's title, a province's name, a day):
    a message in Thai is filled with `th`, one in English with `en`."""

    th: str
    en: str

    def __str__(self) -> str:
        return self.en


def in_language(values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """`values` as said in `lang` ("en" or "th"): a `Words` gives its wording there, anything else itself."""
    return {k: getattr(v, lang) if isinstance(v, Words) else v for k, v in values.items()}
