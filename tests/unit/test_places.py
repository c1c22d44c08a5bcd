"""Place names as people write them -> DOPA codes; never guessed."""

import pytest

from dashboard.config import load_config
from dashboard.normalize.places import gazetteer


@pytest.fixture(scope="module")
def gaz():
    return gazetteer(load_config())


@pytest.mark.parametrize(
    "text, code",
    [
        ("หนองคาย", "43"),
        ("จ.หนองคาย", "43"),
        ("จ. หนองคาย", "43"),
        ("จังหวัดหนองคาย", "43"),
        ("  หนองคาย ", "43"),
        ("Nong Khai", "43"),
        ("nongkhai", "43"),
        ("โคราช", "30"),
        ("Korat", "30"),
        ("อยุธยา", "14"),
        ("Phra Nakhon Si Ayutthaya", "14"),
        ("อุบล", "34"),
    ],
)
def test_provinces(gaz, text, code):
    assert gaz.province(text).code == code


@pytest.mark.parametrize("text", ["กรุงเทพมหานคร", "กทม", "Bangkok", "ลาว", "หนองคายย"])
def test_provinces_outside_the_programme_or_unknown(gaz, text):
    r = gaz.province(text)
    assert r.code is None and r.reason == "unknown_place" and r.detail


@pytest.mark.parametrize(
    "province, district, code",
    [
        ("หนองคาย", "เมือง", "4301"),
        ("หนองคาย", "อ.เมือง", "4301"),
        ("หนองคาย", "อำเภอเมืองหนองคาย", "4301"),
        ("หนองคาย", "Mueang Nong Khai", "4301"),
        ("หนองคาย", "ท่าบ่อ", "4302"),
        ("หนองคาย", "Tha Bo", "4302"),
        ("นครราชสีมา", "เมือง", "3001"),
    ],
)
def test_districts(gaz, province, district, code):
    assert gaz.place(province, district, None).code == code


@pytest.mark.parametrize(
    "province, district, tambon, code",
    [
        ("หนองคาย", "เมือง", "ในเมือง", "430101"),
        ("จ.หนองคาย", "อ.เมือง", "ต.ในเมือง", "430101"),
        ("Nong Khai", "Mueang Nong Khai", "Nai Mueang", "430101"),
        ("หนองคาย", "ท่าบ่อ", "ตำบลท่าบ่อ", "430201"),
        ("หนองคาย", "", "ท่าบ่อ", "430201"),  # unique in the province: not a guess
    ],
)
def test_tambons(gaz, province, district, tambon, code):
    assert gaz.place(province, district, tambon).code == code


def test_contradictory_district_is_not_ignored(gaz):
    # ในเมือง is in อ.เมืองหนองคาย, not in ท่าบ่อ
    r = gaz.place("หนองคาย", "ท่าบ่อ", "ในเมือง")
    assert r.code is None and r.reason == "unknown_place"


def test_tambon_name_shared_in_a_province_without_district_is_ambiguous(gaz):
    # The same tambon name occurs in two districts of one province: a blank district cannot decide.
    from collections import Counter

    import geothai

    names = Counter((s.province_code, s.name_th) for s in geothai._subdistricts() if s.province_code != "10")
    (pcode, name), _ = next((k, n) for k, n in names.items() if n > 1)
    r = gaz.place(geothai.province(pcode).name_th, "", name)
    assert r.code is None and r.reason == "ambiguous_place"


def test_english_name_shared_within_a_district_is_ambiguous(gaz):
    # Two tambons of district 5009 (Chiang Mai) share the English name "Mae Kha".
    import geothai

    same = [s for s in geothai.subdistricts("5009") if geothai.normalize(s.name_en) == "maekha"]
    assert len(same) == 2
    r = gaz.place("เชียงใหม่", geothai.district("5009").name_th, same[0].name_en)
    assert r.reason == "ambiguous_place"
    # ... while the Thai names decide it.
    assert gaz.place("เชียงใหม่", geothai.district("5009").name_th, same[0].name_th).code == same[0].code
