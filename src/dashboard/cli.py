"""`python -m dashboard report|export|check` — the same core as the pages, from a shell.

Imports nothing of Streamlit, plotly or pydeck, so it starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from dashboard.config import REPORT_IDS, SETTINGS, bangkok_now, load_config, parse_as_of, setting
from dashboard.errors import BadArgument, DashboardError
from dashboard.i18n import t


def _both(key: str, **values: object) -> str:
    """A catalogue line as the shell prints it: English, then Thai."""
    return f"{t(key, 'en', **values)} | {t(key, 'th', **values)}"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard", description="Programme monitoring from the report sheets.")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--source", default="demo", help="'demo', 'gsheets', a folder of CSV files or an .xlsx file")
        # Read in `_view`, so a bad day is one bilingual line like every other error.
        sp.add_argument(
            "--as-of", default=None,
            help="count only rows submitted by the end of this day (YYYY-MM-DD; a Buddhist-Era year is the same day)",
        )
        sp.add_argument("--province", default=None, help="province name or 2-digit DOPA code")
        sp.add_argument("--config", default=None, help="programme TOML (default data/programme.toml)")
        sp.add_argument("--mapping", default=None, help="header mapping overlay TOML (default $DASHBOARD_MAPPING)")

    r = sub.add_parser("report", help="print the summary figures")
    common(r)
    r.add_argument("--format", choices=("json", "text"), default="json")

    e = sub.add_parser("export", help="write one table as CSV or XLSX")
    common(e)
    e.add_argument(
        "--table", required=True,
        help="register, 1.1, 2.1, 2.2, 3, 4, quarantine, missing-<report>, clips, clips-over, corrections or to-fix",
    )
    e.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    e.add_argument("--out", required=True, type=Path)
    e.add_argument("--lang", choices=("th", "en"), default="th", help="headings and words of the file (Thai by default)")
    e.add_argument("--raw", action="store_true", help="the machine-readable form: field names and codes")

    b = sub.add_parser("brief", help="write the A4 PDF brief of a scope (Sarabun, Thai shaped)")
    common(b)
    b.add_argument("--lang", choices=("th", "en"), default="th")
    b.add_argument("--out", required=True, type=Path, help="the PDF file (a folder with --all-provinces)")
    b.add_argument("--all-provinces", action="store_true", help="one brief per province into the --out folder")

    n = sub.add_parser("notify", help="send each [notify] recipient its Thai digest (LINE, e-mail)")
    n.add_argument("--source", default="demo", help="'demo', 'gsheets', a folder of CSV files or an .xlsx file")
    n.add_argument("--as-of", default=None, help="count only rows submitted by the end of this day (YYYY-MM-DD)")
    n.add_argument("--config", default=None, help="programme TOML (default data/programme.toml)")
    n.add_argument("--dry-run", action="store_true", help="print every message instead of sending it")
    c = sub.add_parser("check", help="check the sheets' headers and propose a mapping for missing fields")
    c.add_argument("--source", default="demo", help="'demo', 'gsheets', a folder of CSV files or an .xlsx file")
    c.add_argument("--config", default=None, help="programme TOML (default data/programme.toml)")
    c.add_argument("--mapping", default=None, help="header mapping overlay TOML (default $DASHBOARD_MAPPING)")
    c.add_argument("--write-mapping", default=None, type=Path, help="write the mapped and proposed pairs here")
    c.add_argument("--lang", choices=("th", "en"), default="th")

    d = sub.add_parser("downloads", help="print the download log")
    d.add_argument("--format", choices=("json", "text"), default="text")
    return p


def _view(args):
    from dashboard.normalize.places import province_code
    from dashboard.pipeline import load_dataset, make_view

    cfg = load_config(args.config, args.mapping)
    as_of: date | None = parse_as_of(args.as_of) if args.as_of is not None else None
    if args.province is not None and not args.province.strip():
        # An empty --province (a shell variable left unset) must not quietly mean the whole country.
        raise BadArgument.from_key("cli.province_empty")
    ds = load_dataset(args.source, cfg)
    for _sid, sheet, header in ds.missing_columns():
        print(f"warning: {_both('cli.missing_column', sheet=sheet, header=header)}", file=sys.stderr)
    province = None
    if args.province:
        province = province_code(cfg, args.province)
        if province is None:
            raise DashboardError.from_key("cli.unknown_province", province=args.province)
    if ds.raw.stale:
        print(f"stale: {ds.raw.stale_reason}", file=sys.stderr)
    return ds, make_view(ds, as_of=as_of, province=province)


def _source_block(ds) -> dict:
    raw = ds.raw
    return {
        "kind": raw.kind,
        "label": raw.label,
        "pulled_at": raw.pulled_at.isoformat() if raw.pulled_at else None,
        "stale": bool(raw.stale),
        "unmapped_columns": {k: v for k, v in ds.unmapped.items() if v},
    }


def cmd_report(args) -> int:
    from dashboard.forecast import full_report

    ds, view = _view(args)
    out = full_report(view)
    src = _source_block(ds)
    out["stale"] = src["stale"]
    out["pulled_at"] = src["pulled_at"]
    out["source"] = src
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        from dashboard.summary import line_summary

        print(line_summary(view, out, now=bangkok_now(view.cfg)))
    return 0


def cmd_export(args) -> int:
    ds, view = _view(args)
    table = args.table
    if table not in (*ds.tables, "quarantine", *(f"missing-{r}" for r in REPORT_IDS), "clips", "clips-over",
                     "corrections", "to-fix"):
        raise DashboardError.from_key("cli.unknown_table", table=table)
    from dashboard.access import PUBLIC
    from dashboard.audit import record_download
    from dashboard.downloads import log_filters, prepare

    got = prepare(view, table, args.format, lang=args.lang, raw=args.raw, via="cli", log=False)
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(got.data)
    except OSError as exc:
        raise DashboardError.from_key("cli.cannot_write", path=args.out, reason=exc.strerror or exc) from None
    # Logged only once the file is written: a failed export is no download.
    record_download(
        None, table, log_filters(view, "cli", "raw" if args.raw else args.lang), got.rows, args.format,
        role=PUBLIC.role, scope=PUBLIC.provinces, names=PUBLIC.show_names, phones=PUBLIC.show_phones,
    )
    print(f"{got.rows} rows -> {args.out}", file=sys.stderr)
    return 0


def cmd_check(args) -> int:
    """The header check: 0 when every required field is mapped or proposed with confidence, else 2."""
    from dashboard.mapping import check_tables, overlay_toml, render_text
    from dashboard.sources import read_source
    from dashboard.sources.bundle import other_zones

    cfg = load_config(args.config, args.mapping)
    raw = read_source(args.source, cfg, headers_checked=False)
    if raw.stale:
        print(f"stale: {raw.stale_reason}", file=sys.stderr)
    result = check_tables(raw.tables, cfg)
    print(render_text(result, args.lang))
    for sid, zone in other_zones(raw, cfg):
        spec = cfg.sources[sid]
        print(_both("source.other_zone", sheet=f"{spec.title_th} ({spec.file})", zone=zone))
    if args.write_mapping is not None:
        pairs = result.pairs()
        args.write_mapping.parent.mkdir(parents=True, exist_ok=True)
        args.write_mapping.write_text(overlay_toml(pairs), encoding="utf-8")
        print(f"{len(pairs)} pairs -> {args.write_mapping}", file=sys.stderr)
    return 0 if result.ok else 2


def cmd_downloads(args) -> int:
    from dashboard.audit import log_path, read_log

    entries, torn = read_log(with_torn=True)
    if torn:
        print(f"warning: {_both('cli.torn_lines', count=torn, path=log_path())}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        print(f"# {log_path()}")
        for e in entries:
            f = ", ".join(f"{k}={v}" for k, v in e.get("filters", {}).items())
            who = e.get("role") or "-"
            if "role" in e:
                scope = e.get("scope")
                who += f" [{'*' if scope == '*' else ','.join(scope or [])}]"
                who += " names+phones" if e.get("names") or e.get("phones") else " masked"
            print(f"{e['at']}  {e.get('email') or '-'}  {who}  {e['table']}.{e.get('format', '')}  {e.get('rows', '?')} rows  {f}")
    return 0


def cmd_notify(args) -> int:
    from dashboard import notify
    from dashboard.config import load_secrets
    from dashboard.pipeline import load_dataset

    secrets = load_secrets()
    cfg = load_config(args.config)
    notify.recipients(secrets, cfg)  # a broken [notify] fails before the data is pulled
    ds = load_dataset(args.source, cfg)
    if ds.raw.stale:
        print(f"stale: {ds.raw.stale_reason}", file=sys.stderr)
    as_of = parse_as_of(args.as_of) if args.as_of is not None else None
    outcomes = notify.run(ds, secrets, as_of=as_of, dry_run=args.dry_run)
    failed = [o for o in outcomes if o.error]
    for o in outcomes:
        if o.sent:
            print(f"sent: {o.recipient.label}", file=sys.stderr)
    for o in failed:
        print(f"error: {o.error.message_en} | {o.error.message_th}", file=sys.stderr)
    if failed:
        print(f"error: {len(failed)} of {len(outcomes)} recipients not reached: "
              + ", ".join(o.recipient.label for o in failed), file=sys.stderr)
        return 2
    return 0


def cmd_brief(args) -> int:

    from dashboard.brief import render_brief, view_url
    from dashboard.forecast import full_report
    from dashboard.metrics import missing_units
    from dashboard.normalize.places import gazetteer
    from dashboard.pipeline import make_view

    ds, view = _view(args)
    gaz = gazetteer(view.cfg)
    names = gaz.province_names if args.lang == "th" else gaz.province_names_en
    base = setting("DASHBOARD_URL") or SETTINGS["DASHBOARD_URL"].default
    src = _source_block(ds)

    def one(v, out_path: Path) -> None:
        out = full_report(v)
        province = out.get("province")
        scope = names.get(province, province) if province else t("brief.country", args.lang)
        url = view_url(base, province, v.as_of)
        units = {r: missing_units(v, r) for r in v.cfg.report_ids}
        out_path.write_bytes(render_brief(out, scope, src, url, args.lang, units))
        print(f"wrote {out_path}", file=sys.stderr)

    if args.all_provinces:
        args.out.mkdir(parents=True, exist_ok=True)
        for code in sorted(set(view.register["province_code"].dropna())):
            one(make_view(ds, as_of=view.as_of, province=code), args.out / f"brief-{code}.pdf")
    else:
        one(view, args.out)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return cmd_report(args)
        if args.command == "downloads":
            return cmd_downloads(args)
        if args.command == "notify":
            return cmd_notify(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "brief":
            return cmd_brief(args)
        return cmd_export(args)
    except DashboardError as exc:
        print(f"error: {exc.message_en} | {exc.message_th}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {_both('cli.file_error', path=exc.filename or '', reason=exc.strerror or exc)}", file=sys.stderr)
        return 2
