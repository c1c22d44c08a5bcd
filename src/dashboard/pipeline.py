"""Load once, view many times: a Dataset is one pull, normalized; a View is it as of a day, for a place.

The expensive part (reading and normalizing) happens once per pull in `load_dataset`. A View
only cuts rows after the as-of day, decides which rows are superseded, and filters by place,
so every visitor's filter change is cheap.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard import corrections as fixes
from dashboard.config import REGISTER, Config, day_end, load_config
from dashboard.errors import DashboardError, Words, said
from dashboard.normalize.forms import normalize_tables
from dashboard.normalize.places import gazetteer
from dashboard.normalize.status import assign_status
from dashboard.sources import RawBundle, read_source


@dataclass
class AsOf:
    """Every source with its `status` as of one cut, and what views of that cut share: the rows
    of each province, and figures computed once for the whole country (see `metrics`)."""

    tables: dict[str, pd.DataFrame]
    _by_province: dict = field(default_factory=dict, repr=False)
    _status: dict = field(default_factory=dict, repr=False)
    shared: dict = field(default_factory=dict, repr=False)  # metrics' national tables, by key

    def province_rows(self, sid: str) -> dict[str, np.ndarray]:
        """Province code -> positions of that province's rows, in sheet order."""
        hit = self._by_province.get(sid)
        if hit is None:
            codes = self.tables[sid]["province_code"]
            hit = self._by_province[sid] = {k: np.asarray(v) for k, v in codes.groupby(codes, sort=False).indices.items()}
        return hit

    def status_is(self, sid: str, which: str) -> np.ndarray:
        """Mask of the rows `used`, or `accepted` (not quarantined)."""
        hit = self._status.get((sid, which))
        if hit is None:
            status = self.tables[sid]["status"].to_numpy()
            hit = self._status[(sid, which)] = status == "used" if which == "used" else status != "quarantined"
        return hit


@dataclass
class Dataset:
    cfg: Config
    raw: RawBundle
    tables: dict[str, pd.DataFrame]
    unmapped: dict[str, list[str]]
    # One line per line of the corrections table, with its outcome (see `corrections`).
    corrections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=fixes.OUTCOME_COLUMNS))
    _suggestions: dict = field(default_factory=dict, repr=False)  # place text -> suggestions (`suggest`)
    # Per source, fields of optional columns the sheet lacks (their figures are null).
    absent: dict[str, list[str]] = field(default_factory=dict)
    # Tables with their status, per as-of cut: every visitor on the same day shares them.
    _by_cutoff: OrderedDict = field(default_factory=OrderedDict, repr=False)
    # Views by their filters and scope: visitors who look at the same thing share one view and
    # the figures it has computed (a view holds no one's access beyond the scope in its key).
    _views: OrderedDict = field(default_factory=OrderedDict, repr=False)

    def as_of(self, cutoff: datetime | None) -> AsOf:
        """The dataset cut at `cutoff` (computed once per cutoff, kept for a few)."""
        hit = self._by_cutoff.get(cutoff)
        if hit is None:
            hit = AsOf(
                {
                    sid: self.tables[sid] if sid == REGISTER else assign_status(self.tables[sid], cutoff)
                    for sid in self.cfg.source_ids
                }
            )
            self._by_cutoff[cutoff] = hit
            while len(self._by_cutoff) > 8:
                self._by_cutoff.popitem(last=False)
        return hit

    @property
    def provinces(self) -> list[str]:
        """Codes of the programme's provinces (the 76 outside Bangkok)."""
        gaz = gazetteer(self.cfg)
        return sorted(c for c in gaz.province_names if c not in gaz.excluded)

    def missing_columns(self) -> list[tuple[str, str, str]]:
        """(source id, sheet, header) of every configured optional column a sheet lacks."""
        out = []
        for sid, fields in self.absent.items():
            spec = self.cfg.sources[sid]
            out += [(sid, f"{spec.title_th} ({spec.file})", spec.columns[f]) for f in fields]
        return out


def build_dataset(raw: RawBundle, cfg: Config) -> Dataset:
    # Corrections are written into the raw cells before anything is checked.
    # Each spreadsheet's timestamps are read in its own time zone.
    normalize = partial(normalize_tables, zones=raw.zones) if raw.zones else normalize_tables
    norm, outcomes = fixes.normalize_corrected(
        raw.tables, raw.tables.get(fixes.CORRECTIONS), cfg, normalize
    )
    return Dataset(cfg=cfg, raw=raw, tables=norm.tables, unmapped=norm.unmapped, corrections=outcomes,
                   absent=norm.absent)


def load_dataset(source: str | Path = "demo", cfg: Config | None = None) -> Dataset:
    cfg = cfg or load_config()
    return build_dataset(read_source(source, cfg), cfg)


class _ViewTables(Mapping):
    """The view's rows of each source, filtered when first asked for.

    Metrics read a few columns through `View.rows`; the whole filtered table of a source is
    only built when a page or download asks for it.
    """

    def __init__(self, base: dict[str, pd.DataFrame], positions: dict[str, np.ndarray | None]) -> None:
        self._base = base
        self._positions = positions
        self._built: dict[str, pd.DataFrame] = {}

    def __getitem__(self, sid: str) -> pd.DataFrame:
        hit = self._built.get(sid)
        if hit is None:
            pos = self._positions[sid]
            t = self._base[sid]
            hit = self._built[sid] = t if pos is None else t.take(pos)
        return hit

    def __iter__(self):
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


@dataclass
class View:
    dataset: Dataset
    as_of: date | None
    province: str | None
    district: str | None
    tambon_type: str | None
    tables: Mapping[str, pd.DataFrame]
    register: pd.DataFrame  # register tambons in use under the filters: the expected units
    scope: tuple[str, ...] | None = None  # the provinces this person may see (None: all)
    _memo: dict = field(default_factory=dict, repr=False)
    # The cut this view filters, and per source the positions of its rows there (None: all).
    _cut: AsOf | None = field(default=None, repr=False)
    _positions: dict[str, np.ndarray | None] = field(default_factory=dict, repr=False)

    @property
    def cfg(self) -> Config:
        return self.dataset.cfg

    @property
    def filtered(self) -> bool:
        return bool(self.province or self.district or self.tambon_type or self.scope is not None)

    def memo(self, key: tuple, make: Callable[[], Any]) -> Any:
        """`make()`'s result, made once per view: what metrics ask for many times per page."""
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = make()
        return hit

    def cut_memo(self, key: tuple, make: Callable[[], Any]) -> Any | None:
        """`make()`'s result shared by every view of the same as-of cut (the whole country's
        tables, computed once for all visitors); None when the view has no cut."""
        if self._cut is None:
            return None
        hit = self._cut.shared.get(key)
        if hit is None:
            hit = self._cut.shared[key] = make()
        return hit

    def used(self, sid: str) -> pd.DataFrame:
        """Rows in use (memoized: metrics ask for them many times per page)."""
        hit = self._memo.get(("used", sid))
        if hit is None:
            t = self.tables[sid]
            hit = self._memo[("used", sid)] = t.loc[t["status"] == "used"]
        return hit

    def rows(self, sid: str, which: str, cols: tuple[str, ...]) -> pd.DataFrame:
        """Only `cols` of the rows `used` or `accepted`: filtering a few columns of a
        30,000-row table is much cheaper than filtering all of them."""
        key = (which, sid, cols)
        hit = self._memo.get(key)
        if hit is None:
            if self._cut is None:
                t = self.tables[sid]
                mask = t["status"] == "used" if which == "used" else t["status"] != "quarantined"
                hit = t.loc[mask, list(cols)]
            else:
                # Straight from the cut: the view's positions that have that status.
                t = self._cut.tables[sid][list(cols)]
                mask = self._cut.status_is(sid, which)
                pos = self._positions[sid]
                hit = t.loc[mask] if pos is None else t.take(pos[mask[pos]])
            self._memo[key] = hit
        return hit

    def accepted(self, sid: str) -> pd.DataFrame:
        """Rows not quarantined: in use and superseded."""
        hit = self._memo.get(("accepted", sid))
        if hit is None:
            t = self.tables[sid]
            hit = self._memo[("accepted", sid)] = t.loc[t["status"] != "quarantined"]
        return hit

    @property
    def provinces(self) -> list[str]:
        if self.province:
            return [self.province]
        if self.scope is not None:
            return [p for p in self.dataset.provinces if p in self.scope]
        return self.dataset.provinces

    @property
    def districts(self) -> list[str]:
        """The programme districts this view expects ratings from."""
        if self.district:
            return [self.district]
        allowed = set(self.provinces)
        return [d for d in gazetteer(self.cfg).programme_districts if d[:2] in allowed]


def make_view(
    ds: Dataset,
    as_of: date | None = None,
    province: str | None = None,
    district: str | None = None,
    tambon_type: str | None = None,
    scope: tuple[str, ...] | None = None,
) -> View:
    """The dataset as of a day (end of day, Asia/Bangkok) for one province/district/tambon type.

    `scope` is the provinces the person may see (`access.Access.provinces`; None for all). It is
    enforced here, where every figure, table, map and download comes from: a province outside
    it raises `OutOfScope`, and without a province the view holds only the scope's provinces.
    A district outside the chosen province raises `DistrictOutsideProvince`.
    """
    cutoff = day_end(as_of, ds.cfg.timezone) if as_of else None
    if district and not province:
        province = district[:2]
    if district and str(district)[:2] != province:
        raise DistrictOutsideProvince(district, province, ds.cfg)
    if scope is not None:
        scope = tuple(scope)
        if province and province not in scope:
            raise OutOfScope(province, scope, ds.cfg)
        if len(scope) == 1 and not province:
            province = scope[0]
    key = (as_of, province, district, tambon_type, scope)
    shared = ds._views.get(key)
    if shared is not None:
        return shared
    cut = ds.as_of(cutoff)
    # Rows are picked by position (each province's rows are grouped once per cut), so a
    # filter change does not compare 30,000 province codes again.
    positions: dict[str, np.ndarray | None] = {}
    for sid, t in cut.tables.items():
        pos = None
        if province:
            pos = cut.province_rows(sid).get(province, _NONE)
        elif scope is not None:
            groups = cut.province_rows(sid)
            pos = np.sort(np.concatenate([_NONE, *(groups[p] for p in scope if p in groups)]))
        if district and "district_code" in t:
            pos = _where(t["district_code"], pos, district)
        if tambon_type and ds.cfg.sources[sid].unit == "tambon":  # the register's tambons and their forms
            pos = _where(t["tambon_type" if sid == REGISTER else "reg_tambon_type"], pos, tambon_type)
        positions[sid] = pos
    tables = _ViewTables(cut.tables, positions)
    reg = tables["register"]
    view = View(
        dataset=ds,
        as_of=as_of,
        province=province,
        district=district,
        tambon_type=tambon_type,
        tables=tables,
        register=reg.loc[reg["status"] == "used"],
        scope=scope,
        _cut=cut,
        _positions=positions,
    )
    ds._views[key] = view
    while len(ds._views) > 64:
        ds._views.popitem(last=False)
    return view


_NONE = np.empty(0, dtype=np.intp)


def _where(column: pd.Series, pos: np.ndarray | None, value: str) -> np.ndarray:
    """The positions (of `pos`, or of every row) where `column` equals `value`."""
    values = column.to_numpy()
    if pos is None:
        return np.flatnonzero(values == value)
    return pos[values[pos] == value]


class OutOfScope(DashboardError):
    """A province the person may not see was asked for (a tampered link, say)."""

    def __init__(self, province: str, scope: tuple[str, ...], cfg: Config) -> None:
        gaz = gazetteer(cfg)
        values = {
            "allowed": Words(
                ", ".join(gaz.province_names.get(p, p) for p in scope),
                ", ".join(gaz.province_names_en.get(p, p) for p in scope),
            ),
            "province": Words(gaz.province_names.get(province, province), gaz.province_names_en.get(province, province)),
        }
        super().__init__(*said("pipeline.outside_scope", values), key="pipeline.outside_scope", values=values)
        self.province = province


class DistrictOutsideProvince(DashboardError):
    """A district of another province than the one chosen (a hand-edited link, say)."""

    def __init__(self, district: str, province: str, cfg: Config) -> None:
        gaz = gazetteer(cfg)
        values = {
            "district": district,
            "province": Words(gaz.province_names.get(province, province), gaz.province_names_en.get(province, province)),
        }
        super().__init__(*said("pipeline.district_elsewhere", values), key="pipeline.district_elsewhere", values=values)
        self.district = district
        self.province = province
