"""Each table's download on each page, in Thai and in English, is the table on screen.

Streamlit draws a dataframe on a canvas, so the screen's cells are read with the grid's own
"Download as CSV" (its toolbar button exports the cells the grid holds, with their headers).
The page's CSV and XLSX buttons are then compared with that, cell by cell: headings, order and
words as text; the XLSX's dates by value (shown again as the page writes them), numbers as
numbers. Both files are also byte for byte what the core makes for the same view, which is what
`python -m dashboard export` writes.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pytest
from playwright.sync_api import expect

from dashboard import downloads, screen
from dashboard.config import load_config
from dashboard.i18n import t, thai_date, thai_datetime
from dashboard.pipeline import load_dataset, make_view

NONG_KHAI = "43"
BOM = b"\xef\xbb\xbf"
DATA_TABLES = ("register", "1.1", "2.1", "2.2", "3", "4", "quarantine")
MISSING = ("1.1", "2.1", "2.2", "3", "4")


@pytest.fixture(scope="module")
def app_server(servers, tmp_path_factory):
    """The dashboard turns the grids' own export off for users (`client.disableDataExport`, so no
    file leaves unlogged); this module's server alone turns it on, to read the cells on screen."""
    cache = tmp_path_factory.mktemp("dashboard-cache-downloads")
    server = servers.start(
        "downloads", env={"DASHBOARD_CACHE_DIR": str(cache), "STREAMLIT_CLIENT_DISABLE_DATA_EXPORT": "false"}
    )
    try:
        yield server
    finally:
        servers.stop(server.process)


@pytest.fixture(scope="module")
def view():
    return make_view(load_dataset("demo", load_config()), province=NONG_KHAI)


def _cases():
    for lang in ("th", "en"):
        for table in DATA_TABLES:
            yield pytest.param("data", table, lang, id=f"data-{table}-{lang}")
        for report in MISSING:
            yield pytest.param("reports", f"missing-{report}", lang, id=f"reports-missing-{report}-{lang}")
        yield pytest.param("clips", "clips", lang, id=f"clips-{lang}")


def _path(page_name: str, table: str, lang: str) -> str:
    query = f"province={NONG_KHAI}&lang={lang}"
    if page_name == "data":
        return f"/data?{query}&table={table}"
    if page_name == "reports":
        return f"/reports?{query}&report={table.removeprefix('missing-')}"
    return f"/clips?{query}"


BUTTONS = {"data": "downloads_data", "reports": "downloads_missing", "clips": "downloads_clips"}


def _download(page, container: str, label: str, tmp_path) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.locator(f".st-key-{container}").get_by_role("button", name=label).click()
    got = info.value
    path = tmp_path / got.suggested_filename
    got.save_as(path)
    return got.suggested_filename, path.read_bytes()


def _grid_csv(page, container: str, above_count: int, tmp_path) -> list[list[str]]:
    """The cells of the dataframe just above the download buttons (the `above_count`th table
    of the page), as the grid exports them."""
    above = """(key) => {
      const box = document.querySelector('.st-key-' + key);
      const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
      return box ? grids.filter(g => g.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING).length : 0;
    }"""
    # the grids arrive after the buttons' box: wait for every table above it
    page.wait_for_function(f"(key) => ({above})(key) >= {above_count}", arg=container)
    index = page.evaluate(above, container) - 1
    assert index == above_count - 1
    grid = page.locator('[data-testid="stDataFrame"]').nth(index)
    grid.hover()
    with page.expect_download() as info:
        # the toolbar of this grid (it shows on hover, beside the grid in the same frame)
        frame = grid.locator("xpath=..")
        button = frame.locator('[data-testid="stElementToolbar"] button[aria-label="Download as CSV"]')
        # a click event, not a pointer: the grid's scroller lies over its toolbar for the mouse
        button.dispatch_event("click")
    path = tmp_path / "screen.csv"
    info.value.save_as(path)
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _same_text(file_cell: str, screen_cell: str) -> bool:
    """A file's text cell against the grid's: equal, or the same number however separated, or
    the file's `'` that keeps a formula-looking answer as text."""
    if file_cell == screen_cell or file_cell == "'" + screen_cell:
        return True
    a, b = file_cell.replace(",", ""), screen_cell.replace(",", "")
    try:
        return float(a) == float(b)
    except ValueError:
        return False


@pytest.fixture
def no_file_picker(page):
    # The grid saves through the File System Access picker when the browser has one; without it,
    # it falls back to an ordinary download that the test can catch.
    page.add_init_script("window.showSaveFilePicker = undefined;")
    return page


@pytest.mark.parametrize("page_name, table, lang", list(_cases()))
def test_each_download_is_the_table_on_screen(open_app, no_file_picker, view, tmp_path, page_name, table, lang):
    page = no_file_picker
    st = screen.screen_table(view, table, lang)
    open_app(_path(page_name, table, lang))
    box = BUTTONS[page_name]
    if not len(st):  # nothing to list: the page says so and offers no file
        expect(page.locator(f".st-key-{box}")).to_have_count(0)
        return
    expect(page.locator(f".st-key-{box}")).to_be_visible()

    # the table on screen, read from the page's grid
    # tables above the buttons: the reports' summary, the quarantine's reasons, then this one
    # (the reports page: its summary, the forecast per area in its expander, then the missing units)
    above = 3 if page_name == "reports" else 2 if table == "quarantine" else 1
    on_screen = _grid_csv(page, box, above, tmp_path)
    heads, cells = on_screen[0], on_screen[1:]
    assert heads == list(st.page.columns)  # the page renders the core's table
    # a file is the page's table; a detail is also beside it in the other language
    file_heads = list(st.shown.columns)
    assert [h for h in file_heads if h != st.other_detail] == heads
    assert len(cells) == len(st)

    # the CSV: the screen's headings, order and words; each date followed by its ISO value
    name, data = _download(page, box, t("download.csv", lang), tmp_path)
    assert name == downloads.filename(view, table, "csv", lang)
    assert data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    iso = {t("file.iso", lang, column=h) for h, k in st.kinds.items() if k in ("datetime", "date")}
    assert [h for h in header if h not in iso] == file_heads
    assert len(body) == len(cells)
    for j, heading in enumerate(heads):
        k = header.index(heading)
        for i, r in enumerate(body):
            assert _same_text(r[k], cells[i][j]), (heading, i, r[k], cells[i][j])
        if st.kinds[heading] in ("datetime", "date"):
            assert header[k + 1] == t("file.iso", lang, column=heading)
            for i, r in enumerate(body):  # the ISO value is the date shown
                value = datetime.fromisoformat(r[k + 1]) if r[k + 1] else None
                shown = (thai_datetime if st.kinds[heading] == "datetime" else thai_date)(value, lang)
                assert shown == cells[i][j], (heading, i, r[k + 1], cells[i][j])
    assert data == downloads.prepare(view, table, "csv", lang=lang, log=False).data

    # the XLSX: the same table, typed
    name, data = _download(page, box, t("download.xlsx", lang), tmp_path)
    assert name == downloads.filename(view, table, "xlsx", lang)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    book = [list(r) for r in ws.iter_rows(values_only=True)]
    assert list(book[0]) == file_heads
    assert len(book) - 1 == len(cells)
    for j, heading in enumerate(heads):
        kind = st.kinds[heading]
        k = file_heads.index(heading)
        for i in range(len(cells)):
            got, want = book[i + 1][k], cells[i][j]
            if kind in ("datetime", "date"):  # a real date, by value: written as the page writes it
                assert isinstance(got, datetime) or (got is None and want in ("", "—")), (heading, i, got)
                if got is not None:
                    value = got if kind == "datetime" else got.date()
                    assert (thai_datetime if kind == "datetime" else thai_date)(value, lang) == want
            elif isinstance(got, (int, float)):
                assert float(got) == float(want.replace(",", "")), (heading, i, got, want)
            else:
                assert _same_text("" if got is None else str(got), want), (heading, i, got, want)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert wb.sheetnames[1] == t("file.about_sheet", lang)
    assert data == downloads.prepare(view, table, "xlsx", lang=lang, log=False).data


def test_the_machine_readable_csv_is_under_the_buttons(open_app, page, view, tmp_path):
    open_app(f"/data?province={NONG_KHAI}&table=1.1&lang=en")
    with page.expect_download() as info:
        page.get_by_role("button", name=t("download.raw", "en")).click()
    got = info.value
    assert got.suggested_filename == downloads.filename(view, "1.1", "csv", raw=True)
    path = tmp_path / got.suggested_filename
    got.save_as(path)
    header = next(csv.reader(io.StringIO(path.read_bytes()[len(BOM):].decode("utf-8"))))
    assert header[:2] == ["row", "submitted_at"] and "national_id_last4" in header
