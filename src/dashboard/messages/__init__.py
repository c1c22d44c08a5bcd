"""The words of the catalogue that are not page labels, one module per area, each a `TH` and an
`EN` dict with the same keys. `dashboard.i18n` merges them into its catalogues, so every key is
looked up with `i18n.t` and checked by the same catalogue tests.

- `errors`: what a failed read, setting, command or request says (raised as `DashboardError.from_key`).
- `details`: why a row was set aside, and what became of a correction line.
- `notify`: the pushed summaries (LINE, e-mail) and the digest.
"""

from __future__ import annotations

from typing import NamedTuple


class Words(NamedTuple):
    """A value said differently in Thai and English (a form's title, a province's name, a day):
    a message in Thai is filled with `th`, one in English with `en`."""

    th: str
    en: str

    def __str__(self) -> str:
        return self.en
