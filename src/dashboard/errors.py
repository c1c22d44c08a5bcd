"""Errors raised at the boundary, each with a Thai and an English message that says what to do."""

from __future__ import annotations

from dashboard.messages import Words, in_language


def said(key: str, values: dict) -> tuple[str, str]:
    """The catalogue's English and Thai words for `key`, filled with `values`."""
    from dashboard.i18n import t

    def filled(lang: str) -> str:
        return t(key, lang, **in_language(values, lang))

    return filled("en"), filled("th")


def words(key: str, /, **values: object) -> Words:
    """A catalogue phrase in both languages, to fill a larger message (a part of a list, say)."""
    en, th = said(key, values)
    return Words(th, en)


class DashboardError(Exception):
    """Base error: `message_th` and `message_en` are safe to show to users (no secrets).

    An error made with `from_key` also carries its catalogue `key` (dashboard.i18n) and the
    `values` its words are filled with, so a page can say it in its own language.
    """

    def __init__(
        self, message_en: str, message_th: str | None = None, *, key: str | None = None, values: dict | None = None
    ) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_th = message_th or message_en
        self.key = key
        self.values = dict(values or {})

    @classmethod
    def from_key(cls, key: str, /, **values: object):
        """The error whose words are the catalogue's `key`, in Thai and English, filled with `values`."""
        # Paths, days and exceptions are kept as the text they say, so the values are plain data.
        plain = {k: v if isinstance(v, str | int | float | Words) or v is None else str(v) for k, v in values.items()}
        return cls(*said(key, plain), key=key, values=plain)

    def message(self, lang: str) -> str:
        """The message in `lang` ("en" or Thai)."""
        return self.message_en if lang == "en" else self.message_th

    def bilingual(self) -> str:
        return f"{self.message_th} / {self.message_en}"


class ConfigError(DashboardError):
    """The configuration or secrets are missing or malformed."""


class SourceError(DashboardError):
    """A source could not be read."""


class SourceNotFound(SourceError):
    """A local path or a spreadsheet does not exist."""


class SheetNotFound(SourceError):
    """A source's sheet/tab/file is missing from the source."""


class SheetPermissionError(SourceError):
    """The spreadsheet is not shared with the service account."""


class MissingColumn(SourceError):
    """A required column is missing from a sheet."""

    def __init__(self, sheet: str, columns: list[str]) -> None:
        values = {"sheet": sheet, "columns": ", ".join(f"'{c}'" for c in columns)}
        super().__init__(*said("sheet.missing_column", values), key="sheet.missing_column", values=values)
        self.sheet = sheet
        self.columns = columns


class EmptySheet(SourceError):
    """A sheet has no header row at all."""


class AuthError(SourceError):
    """The service account's credentials are missing, malformed or refused by Google."""


class SourceUnavailable(SourceError):
    """A source did not answer usefully in time (quota, server error, timeout, network, bad body)."""


class BadArgument(DashboardError):
    """A value given on the command line or in a link cannot be used (a day, a province)."""
