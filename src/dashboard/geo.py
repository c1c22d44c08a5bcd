"""District and province boundaries, and joining figures to them.

The boundary files are not part of the project. They are read from the folder named by
`DASHBOARD_GEO_DIR` (tests and CI point it at a local copy), or downloaded once from a pinned
commit, checked against their SHA-256 and kept in the user's cache folder. When neither works,
`BoundariesUnavailable` says so and the map page falls back to a table.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.config import setting
from dashboard.errors import DashboardError

GEO_DIR_ENV = "DASHBOARD_GEO_DIR"
# Where the pinned files are published; replaceable so tests can prove the offline path.
GEO_URL_ENV = "DASHBOARD_GEO_BASE_URL"
BASE_URL = (
    "https://raw.githubusercontent.com/piyayut-ch/mapthai/"
    "2e20a60189cf1737429e7f0b9359e9cc8d794e1a/data-raw/geojson/"
)
CACHE_NAME = "banphi-dashboard"
CACHE_DIR_ENV = "DASHBOARD_CACHE_DIR"  # the same folder the last good pull is kept in
DOWNLOAD_TIMEOUT_S = 20
RETRY_AFTER_S = 300  # after a failed download, fail fast for this long before trying again
COORD_DECIMALS = 4
ATTRIBUTION = "Boundaries: Royal Thai Survey Department / OCHA (CC BY-IGO), simplified by mapthai"


@dataclass(frozen=True)
class BoundaryFile:
    level: str
    name: str
    sha256: str
    code_property: str


FILES: dict[str, BoundaryFile] = {
    "province": BoundaryFile(
        "province", "th_adm1.geojson", "34abbc739f8d3c92bfe68ee43c51313d89ae26643806f2e7daf5c68423bbaf9e", "ADM1_PCODE"
    ),
    "district": BoundaryFile(
        "district", "th_adm2.geojson", "1a1d85b08ff32f57da9cdb42f6a3283ec70bdbaf7d76735298962457cad7beef", "ADM2_PCODE"
    ),
}


class BoundariesUnavailable(DashboardError):
    """Neither the configured folder nor the download gave the boundary file."""


_failures: dict[tuple[str, str], float] = {}  # (url, cache folder) -> when the download failed


def _level(level: str) -> BoundaryFile:
    try:
        return FILES[level]
    except KeyError:
        raise ValueError(f"level must be one of {sorted(FILES)}, not {level!r}") from None


def boundaries_dir() -> Path | None:
    """The folder named by DASHBOARD_GEO_DIR, or None when it is not set."""
    value = setting(GEO_DIR_ENV)
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """Where downloads are kept: `<DASHBOARD_CACHE_DIR>/boundaries` when that is set (tests
    isolate themselves this way), else the user's cache folder (pooch.os_cache)."""
    chosen = setting(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser() / "boundaries"
    import pooch

    return Path(pooch.os_cache(CACHE_NAME))


def boundaries_path(
    level: str,
    directory: str | Path | None = None,
    base_url: str | None = None,
    cache: str | Path | None = None,
) -> Path:
    """Local path of a boundary file: the configured folder's copy, else the verified download.

    `directory` defaults to DASHBOARD_GEO_DIR; `base_url` to the pinned commit (or
    DASHBOARD_GEO_BASE_URL); `cache` to the user's cache folder.
    """
    spec = _level(level)
    folder = Path(directory) if directory is not None else boundaries_dir()
    if folder is not None:
        local = folder / spec.name
        if local.is_file():
            return local
    url = (base_url or setting(GEO_URL_ENV) or BASE_URL).rstrip("/") + "/" + spec.name
    target = Path(cache) if cache is not None else cache_dir()
    # A configured folder without the file is named in the message: it is what to fix first.
    missing = {"path": folder / spec.name} if folder is not None else {}
    variant = "_folder" if missing else ""
    attempt = (url, str(target))
    failed_at = _failures.get(attempt)
    if failed_at is not None and time.monotonic() - failed_at < RETRY_AFTER_S:
        # Offline: every page run would otherwise wait for the network again.
        raise BoundariesUnavailable.from_key(f"geo.failed_recently{variant}", name=spec.name, url=url, **missing)
    try:
        import pooch

        path = pooch.retrieve(
            url,
            known_hash=f"sha256:{spec.sha256}",
            fname=spec.name,
            path=target,
            progressbar=False,
            downloader=pooch.HTTPDownloader(progressbar=False, timeout=DOWNLOAD_TIMEOUT_S),
        )
    except Exception as exc:  # network, HTTP status, hash mismatch, unwritable cache
        _failures[attempt] = time.monotonic()
        raise BoundariesUnavailable.from_key(
            f"geo.download_failed{variant}", name=spec.name, url=url, kind=type(exc).__name__, **missing
        ) from exc
    _failures.pop(attempt, None)
    return Path(path)


def load_boundaries(
    level: str = "district",
    directory: str | Path | None = None,
    base_url: str | None = None,
    cache: str | Path | None = None,
) -> dict[str, Any]:
    """The parsed GeoJSON FeatureCollection of a level (`province` or `district`).

    The parsed object is shared between callers: treat it as read-only (the joins below copy).
    """
    path = boundaries_path(level, directory, base_url, cache)
    stat = path.stat()
    try:
        return _parse(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError) as exc:
        raise BoundariesUnavailable.from_key("geo.unreadable", path=path, problem=exc) from exc


def _coordinate(text: str) -> float:
    return round(float(text), COORD_DECIMALS)


@lru_cache(maxsize=4)
def _parse(path: str, _mtime: int, _size: int) -> dict[str, Any]:
    # Four decimals (about 11 m) is finer than the simplified outlines and halves what every
    # map render sends to the browser.
    data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=_coordinate)
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise ValueError("not a GeoJSON FeatureCollection")
    return data


# ---- codes and joins -----------------------------------------------------------------------


def pcode(code: str) -> str:
    """DOPA code -> the boundary files' P-code (`4301` -> `TH4301`)."""
    return "TH" + str(code)


def dopa_code(p: str) -> str:
    """P-code -> DOPA code (`TH43` -> `43`)."""
    return p[2:] if str(p).startswith("TH") else str(p)


def _programme_features(geojson: dict[str, Any], excluded: Iterable[str]) -> Iterator[tuple[dict, dict]]:
    """(feature, properties) of every feature outside the excluded provinces (Bangkok)."""
    skip = {pcode(c) for c in excluded}
    for f in geojson["features"]:
        p = f.get("properties") or {}
        if p.get("ADM1_PCODE") not in skip:
            yield f, p


def _records(frame: pd.DataFrame | None, key: str) -> dict[str, dict[str, Any]]:
    if frame is None or frame.empty:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for rec in frame.to_dict("records"):
        out[str(rec[key])] = {k: (None if _na(v) else v) for k, v in rec.items()}
    return out


def _na(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def join_district_ratings(
    geojson: dict[str, Any],
    ratings: pd.DataFrame | None,
    excluded_provinces: Iterable[str] = ("10",),
) -> dict[str, Any]:
    """District features with the rating of each district attached, as a new FeatureCollection.

    `ratings` is shaped as `metrics.ratings_by_district`. Properties kept: `district_code`,
    `province_code`, `district_name`, `province_name` (Thai), `district_name_en`,
    `province_name_en`, `grade` (A–D, `unrated`, or `outside` for a district with no row: outside
    the view), `score` (float or None). Districts of excluded provinces (Bangkok) are left out.
    """
    by_code = _records(ratings, "district_code")
    features = []
    for f, p in _programme_features(geojson, excluded_provinces):
        code = dopa_code(p.get("ADM2_PCODE", ""))
        rec = by_code.get(code)
        grade = "outside" if rec is None else str(rec.get("grade") or "unrated")
        score = None if rec is None or rec.get("score") is None else float(rec["score"])
        props = {
            "district_code": code,
            "province_code": dopa_code(p.get("ADM1_PCODE", "")),
            "district_name": (rec or {}).get("district_name") or p.get("ADM2_TH"),
            "province_name": (rec or {}).get("province_name") or p.get("ADM1_TH"),
            "district_name_en": p.get("ADM2_EN"),
            "province_name_en": p.get("ADM1_EN"),
            "grade": grade,
            "score": score,
        }
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": props})
    return {"type": "FeatureCollection", "features": features}


def join_province_figures(
    geojson: dict[str, Any],
    figures: pd.DataFrame | None,
    excluded_provinces: Iterable[str] = ("10",),
) -> dict[str, Any]:
    """Province features with one row of `figures` (keyed by `province_code`) merged into each.

    Used with `metrics.ratings_share_by_province` or `province_ranking`; a province with no row
    gets only its names and code.
    """
    by_code = _records(figures, "province_code")
    features = []
    for f, p in _programme_features(geojson, excluded_provinces):
        code = dopa_code(p.get("ADM1_PCODE", ""))
        props = {"province_code": code, "province_name": p.get("ADM1_TH"), "province_name_en": p.get("ADM1_EN")}
        props.update({k: v for k, v in by_code.get(code, {}).items() if k != "province_code"})
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": props})
    return {"type": "FeatureCollection", "features": features}


# ---- geometry ------------------------------------------------------------------------------


def _positions(geometry: dict[str, Any]) -> Iterator[tuple[float, float]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates", [])
    if kind == "Polygon":
        rings = coords
    elif kind == "MultiPolygon":
        rings = [ring for poly in coords for ring in poly]
    elif kind == "GeometryCollection":
        for g in geometry.get("geometries", []):
            yield from _positions(g)
        return
    else:
        return
    for ring in rings:
        for pos in ring:
            yield float(pos[0]), float(pos[1])


def bounds(features: Iterable[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of the features, or None when there are none."""
    xs: list[float] = []
    ys: list[float] = []
    for f in features:
        for x, y in _positions(f.get("geometry") or {}):
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def province_features(geojson: dict[str, Any], province: str) -> list[dict[str, Any]]:
    """Features of one province (2-digit code), from either a raw or a joined collection."""
    out = []
    for f in geojson["features"]:
        p = f.get("properties") or {}
        code = p.get("province_code") or dopa_code(p.get("ADM1_PCODE", ""))
        if code == str(province):
            out.append(f)
    return out
