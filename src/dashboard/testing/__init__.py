"""Test doubles that run real protocols on loopback (needs the `test` extras: werkzeug, cryptography)."""

from dashboard.testing.line_api import LineAPI
from dashboard.testing.sheets_api import (
    DateTimeCell,
    Fault,
    ServiceAccount,
    SheetsAPI,
    TimeCell,
    load_folder,
    make_service_account,
    sheet_value,
    sheet_values_from_csv,
    sheet_values_from_rows,
    write_secrets,
)

__all__ = [
    "DateTimeCell",
    "Fault",
    "LineAPI",
    "ServiceAccount",
    "SheetsAPI",
    "TimeCell",
    "load_folder",
    "make_service_account",
    "sheet_value",
    "sheet_values_from_csv",
    "sheet_values_from_rows",
    "write_secrets",
]
