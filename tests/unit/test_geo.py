"""Boundaries from a folder, a verified download (served on 127.0.0.1), or a calm failure; joins."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pandas as pd
import pytest

from dashboard import geo
from dashboard.geo import BoundariesUnavailable, load_boundaries

SHARED_GEO = Path(__file__).resolve().parents[2].parent / "shared" / "geo"


@pytest.fixture(autouse=True)
def _no_geo_env(monkeypatch, tmp_path):
    # Each test says where boundaries come from; nothing falls through to the internet or to
    # the user's cache.
    monkeypatch.delenv(geo.GEO_DIR_ENV, raising=False)
    monkeypatch.setenv(geo.GEO_URL_ENV, f"http://127.0.0.1:{_closed_port()}/")
    monkeypatch.setenv(geo.CACHE_DIR_ENV, str(tmp_path / "user-cache"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def districts():
    return load_boundaries("district", directory=SHARED_GEO)


@pytest.fixture(scope="module")
def provinces():
    return load_boundaries("province", directory=SHARED_GEO)


def test_pinned_hashes_match_the_shared_copies():
    for spec in geo.FILES.values():
        assert hashlib.sha256((SHARED_GEO / spec.name).read_bytes()).hexdigest() == spec.sha256
    assert "2e20a60189cf1737429e7f0b9359e9cc8d794e1a" in geo.BASE_URL


def test_reads_the_folder_named_by_the_environment(monkeypatch):
    monkeypatch.setenv(geo.GEO_DIR_ENV, str(SHARED_GEO))
    assert geo.boundaries_dir() == SHARED_GEO
    d = load_boundaries("district")
    p = load_boundaries("province")
    assert len(d["features"]) == 928
    assert len(p["features"]) == 77
    f = d["features"][0]["properties"]
    assert f["ADM2_PCODE"].startswith("TH") and f["ADM1_PCODE"] == f["ADM2_PCODE"][:4]


def test_cache_folder(tmp_path, monkeypatch):
    assert geo.cache_dir() == tmp_path / "user-cache" / "boundaries"
    monkeypatch.delenv(geo.CACHE_DIR_ENV)
    assert geo.cache_dir().name == geo.CACHE_NAME


def test_downloads_into_the_cache_folder_by_default(tmp_path, httpserver):
    httpserver.expect_request("/th_adm1.geojson").respond_with_data((SHARED_GEO / "th_adm1.geojson").read_bytes())
    path = geo.boundaries_path("province", base_url=httpserver.url_for("/"))
    assert path == tmp_path / "user-cache" / "boundaries" / "th_adm1.geojson"


def test_unknown_level_is_an_error():
    with pytest.raises(ValueError):
        load_boundaries("tambon", directory=SHARED_GEO)


def test_no_folder_and_no_network_fails_calmly(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(geo.GEO_DIR_ENV, str(empty))
    with pytest.raises(BoundariesUnavailable) as err:
        load_boundaries("district", cache=tmp_path / "cache")
    assert "th_adm2.geojson" in err.value.message_en
    assert "127.0.0.1" in err.value.message_en
    assert err.value.message_th.startswith("โหลดไฟล์ขอบเขต")


def test_bogus_url_without_folder_fails_calmly(tmp_path):
    with pytest.raises(BoundariesUnavailable):
        load_boundaries("province", base_url=f"http://127.0.0.1:{_closed_port()}/x", cache=tmp_path)


def test_after_a_failure_it_fails_fast_then_tries_again(tmp_path, httpserver, monkeypatch):
    url = httpserver.url_for("/later/")
    httpserver.expect_oneshot_request("/later/th_adm1.geojson").respond_with_data("gone", status=503)
    with pytest.raises(BoundariesUnavailable):
        load_boundaries("province", base_url=url, cache=tmp_path)
    httpserver.expect_request("/later/th_adm1.geojson").respond_with_data(
        (SHARED_GEO / "th_adm1.geojson").read_bytes()
    )
    with pytest.raises(BoundariesUnavailable, match="failed recently"):
        load_boundaries("province", base_url=url, cache=tmp_path)
    # once the retry interval has passed, the download is tried again
    monkeypatch.setattr(geo, "RETRY_AFTER_S", 0)
    assert len(load_boundaries("province", base_url=url, cache=tmp_path)["features"]) == 77


def test_downloads_once_verifies_and_caches(tmp_path, httpserver):
    body = (SHARED_GEO / "th_adm1.geojson").read_bytes()
    httpserver.expect_oneshot_request("/geo/th_adm1.geojson").respond_with_data(body)
    cache = tmp_path / "cache"
    first = load_boundaries("province", base_url=httpserver.url_for("/geo/"), cache=cache)
    assert len(first["features"]) == 77
    assert (cache / "th_adm1.geojson").read_bytes() == body
    # The server would refuse a second request: the cached, verified copy is used.
    again = geo.boundaries_path("province", base_url=httpserver.url_for("/geo/"), cache=cache)
    assert again == cache / "th_adm1.geojson"
    httpserver.check_assertions()


def test_base_url_from_the_environment(tmp_path, httpserver, monkeypatch):
    httpserver.expect_request("/mirror/th_adm1.geojson").respond_with_data(
        (SHARED_GEO / "th_adm1.geojson").read_bytes()
    )
    monkeypatch.setenv(geo.GEO_URL_ENV, httpserver.url_for("/mirror"))
    assert len(load_boundaries("province", cache=tmp_path)["features"]) == 77


def test_a_file_with_the_wrong_hash_is_refused(tmp_path, httpserver):
    httpserver.expect_request("/th_adm1.geojson").respond_with_data(b'{"type": "FeatureCollection", "features": []}')
    with pytest.raises(BoundariesUnavailable):
        load_boundaries("province", base_url=httpserver.url_for("/"), cache=tmp_path)
    assert not (tmp_path / "th_adm1.geojson").exists()


def test_a_broken_file_in_the_folder_is_unavailable(tmp_path):
    (tmp_path / "th_adm1.geojson").write_text("not json", encoding="utf-8")
    with pytest.raises(BoundariesUnavailable):
        load_boundaries("province", directory=tmp_path)


def test_codes():
    assert geo.pcode("4301") == "TH4301"
    assert geo.dopa_code("TH43") == "43"


def test_district_join_by_pcode_and_without_bangkok(districts):
    ratings = pd.DataFrame(
        {
            "district_code": ["4301", "4302", "4305"],
            "district_name": ["เมืองหนองคาย", "ท่าบ่อ", "โพนพิสัย"],
            "province_code": ["43", "43", "43"],
            "province_name": ["หนองคาย"] * 3,
            "grade": ["A", "D", "unrated"],
            "score": [91.5, 48.0, None],
        }
    )
    joined = geo.join_district_ratings(districts, ratings)
    feats = {f["properties"]["district_code"]: f["properties"] for f in joined["features"]}
    assert len(feats) == 928 - 50  # Bangkok's 50 khet are outside the programme
    assert not any(code.startswith("10") for code in feats)
    assert feats["4301"]["grade"] == "A" and feats["4301"]["score"] == 91.5
    assert feats["4302"]["grade"] == "D"
    assert feats["4305"]["grade"] == "unrated" and feats["4305"]["score"] is None
    assert feats["4301"]["district_name"] == "เมืองหนองคาย"
    assert feats["4301"]["province_name_en"] == "Nong Khai"
    assert feats["4711"]["grade"] == "outside"  # no row: outside the view
    assert feats["4711"]["district_name"] == "อากาศอำนวย"
    # the shared boundaries are not modified
    assert "grade" not in districts["features"][0]["properties"]


def test_district_join_can_keep_bangkok(districts):
    joined = geo.join_district_ratings(districts, None, excluded_provinces=())
    assert len(joined["features"]) == 928


def test_province_join(provinces):
    shares = pd.DataFrame({"province_code": ["43"], "province_name": ["หนองคาย"], "A": [3], "pct_A": [33.3]})
    joined = geo.join_province_figures(provinces, shares)
    props = {f["properties"]["province_code"]: f["properties"] for f in joined["features"]}
    assert len(props) == 76 and "10" not in props
    assert props["43"]["A"] == 3 and props["43"]["pct_A"] == 33.3
    assert "A" not in props["30"] and props["30"]["province_name"] == "นครราชสีมา"


def test_bounds_of_a_province(districts):
    nk = geo.province_features(districts, "43")
    assert {f["properties"]["ADM1_PCODE"] for f in nk} == {"TH43"}
    min_lon, min_lat, max_lon, max_lat = geo.bounds(nk)
    # Nong Khai lies along the Mekong around 102–104°E, 17.5–18.5°N
    assert 101.5 < min_lon < max_lon < 104.5
    assert 17.0 < min_lat < max_lat < 18.6
    country = geo.bounds(districts["features"])
    assert country[0] < 98 and country[2] > 105 and country[1] < 6 and country[3] > 20
    assert geo.bounds([]) is None


def test_bounds_reads_polygons_and_multipolygons():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    multi = {"type": "MultiPolygon", "coordinates": [[[[5, 5], [6, 5], [6, 7], [5, 5]]]]}
    feats = [{"geometry": square}, {"geometry": multi}]
    assert geo.bounds(feats) == (0.0, 0.0, 6.0, 7.0)
