"""Values as real sheets bring them, served by the Sheets API: the same figures as the same
sheets read from CSV — a phone typed into a count, a Thai Excel short date, a renamed optional
question (spec/FORMS.md "What values look like")."""

from __future__ import annotations

import csv
import shutil

from dashboard import metrics
from dashboard.config import SOURCE_IDS
from dashboard.pipeline import build_dataset, load_dataset, make_view
from dashboard.sources.gsheets import read_gsheets
from dashboard.testing import load_folder


def _edit(path, fn):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    rows = table[1:]
    fn(table[0], rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([table[0], *rows])


def _messy_folder(small_folder, tmp_path, cfg):
    folder = tmp_path / "messy"
    shutil.copytree(small_folder, folder)
    s22 = cfg.sources["2.2"].columns

    def report_22(head, rows):
        # a later answer for the first tambon with a phone typed into a count
        again = list(rows[0])
        again[head.index(s22["submitted_at"])] = "20/9/2021 08:30:00"
        again[head.index(s22["leaders_developed"])] = "0812345678"
        rows.append(again)
        head[head.index(s22["self_reliance_activity"])] += "หรือไม่"  # a renamed optional question

    def report_21(head, rows):
        rows[0][0] = "6/8/64 13:00"  # Thai Excel's short date

    _edit(folder / "form_2_2.csv", report_22)
    _edit(folder / "form_2_1.csv", report_21)
    return folder


def test_messy_sheets_through_the_api_give_the_csv_figures(api, account, tmp_path, cfg, small_folder, fast):
    folder = _messy_folder(small_folder, tmp_path, cfg)
    urls = load_folder(api, folder, [cfg.sources[s].stem for s in SOURCE_IDS], share_with=[account.email], times=False)
    secrets = {"gcp_service_account": account.info(api.token_uri), "sheets": urls}
    sheets = build_dataset(read_gsheets(cfg, secrets=secrets, endpoint=api.url, cache_dir=tmp_path / "c", policy=fast), cfg)
    local = load_dataset(folder, cfg)
    clean = metrics.report_dict(make_view(load_dataset(small_folder, cfg)))
    for ds in (local, sheets):
        got = metrics.report_dict(make_view(ds))
        assert got["kpi_driving_pct"] == clean["kpi_driving_pct"]  # the phone moved nothing
        assert got["tambons"]["with_activity"] is None and clean["tambons"]["with_activity"] == 1
        assert got["reports"]["2.1"] == clean["reports"]["2.1"]
        assert got["issues"]["inconsistent"] == clean["issues"]["inconsistent"] + 1
        assert ds.missing_columns() == [("2.2", f"{cfg.sources['2.2'].title_th} (form_2_2.csv)",
                                         cfg.sources["2.2"].columns["self_reliance_activity"])]
        q = metrics.quarantine_table(make_view(ds))
        assert not q["detail"].astype(str).str.contains("812345678").any()
