"""Place names: masked only when the context confirms them (field case 23 and siblings), and
every mention resolved to one canonical prefecture-level city with province and adcode."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli import read_csv, winnow

from pipeline.chain import process
from pipeline.gazetteer import cities_by_name
from pipeline.normalise import canonical_cities, cities_in, mask_places, normalise_text
from pipeline.textview import full_width
from storage import queries as q

FIELD_CASES = Path(__file__).resolve().parents[2] / "shared" / "field-cases"
WIDTHS = {"ascii": lambda text: text, "full-width": full_width}


# ---------------------------------------------------------------- 23: look-alikes are not places

# (text, the only names that may be masked): streets, estates, buildings, schools, floor areas
# and words that merely contain a place name stay as written.
LOOK_ALIKES = [
    ("嘉兴社保大厅在南京东路88号,从北京路口往东走200米。", ("嘉兴",)),
    ("住在长沙花园小区和昆明新村的参保人,可以到中山大学附属医院办理。", ()),
    ("窗口设在北京大厦二楼西区,矿区、林区、郊区企业职工另行办理。", ()),
    ("在平台中找到医保服务板块,也可以去宁波广场的自助终端查询。", ()),
    ("孙中山穿着中山装,后来葬在中山陵;吕西安沿美国西北海岸旅行。", ()),
    ("益阳医保服务大厅设在市民服务中心二楼东区,从中山路正门进入后乘电梯上楼即可。", ("益阳",)),
    (
        "中山参保人可以到中山市社保局办理,湖南省益阳市赫山区的参保人到赫山区医保局。",
        ("中山", "中山市", "湖南省益阳市赫山区", "赫山区"),
    ),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text, names", LOOK_ALIKES)
def test_only_names_the_context_confirms_are_masked(text, names, width):
    masked, found = mask_places(normalise_text(WIDTHS[width](text)))
    assert found == names
    assert masked.count("{city}") == len(names)


PAGE_23 = """<html><head><meta charset="utf-8"><title>嘉兴社保服务大厅在哪里_民生问答网</title></head>
<body><div class="content"><h1>嘉兴社保服务大厅在哪里</h1>
<p>嘉兴社保服务大厅设在行政服务中心三楼北区,从南湖路东门进入后右转即可。</p>
<p>住在南京花园小区附近的参保人,也可以就近到长安街社区服务站办理社保卡挂失。</p>
<p>矿区、林区企业的退休职工,社保关系由原单位统一转到属地管理。</p>
</div></body></html>"""


@pytest.mark.parametrize("width", WIDTHS)
def test_field_case_23_sibling_page(width):
    doc = process("https://x.example/23.html", WIDTHS[width](PAGE_23).encode("utf-8"))
    (section,) = doc.sections
    assert section.cities == ("嘉兴",)
    assert section.template_text.count("{city}") == 1
    assert section.template_text.startswith("{city}社保服务大厅设在行政服务中心三楼北区")
    assert "南京花园小区" in section.template_text and "长安街" in section.template_text


def test_field_case_23_page():
    path = FIELD_CASES / "23-place-name-false-positives.html"
    if not path.exists():
        pytest.skip("field case 23 not available")
    (section,) = process("https://x.example/23", path.read_bytes()).sections
    assert section.cities == ("益阳",)
    assert section.template_text.startswith("{city}医保服务大厅设在市民服务中心二楼东区,从中山路正门进入后")
    assert section.template_text.count("{city}") == 1


# ---------------------------------------------------------------- canonical cities


def names(text: str) -> list[str]:
    return [c.name for c in cities_in(normalise_text(text))]


def test_one_city_under_all_its_names():
    assert names("昆明、云南昆明和云南省昆明市五华区") == ["昆明"]
    assert names("伊犁、新疆伊犁与伊犁哈萨克自治州") == ["伊犁"]
    assert names("湖南省益阳市赫山区,赫山区,益阳") == ["益阳"]
    assert names("北京朝阳区、北京市和上海浦东新区") == ["北京", "上海"]


def test_provinces_alone_are_not_cities():
    assert names("甘肃、湖南省和新疆的参保人") == []
    assert names("甘肃兰州") == ["兰州"]


def test_a_county_name_shared_by_several_cities_needs_the_text_to_say_which():
    assert names("鼓楼区医保局") == []  # 南京, 福州, 徐州, 开封 all have one
    assert names("鼓楼区医保局在福州市鼓楼区") == ["福州"]


def test_cities_carry_province_and_adcode():
    kunming, yili = cities_by_name()["昆明"], cities_by_name()["伊犁"]
    assert (kunming.province, kunming.adcode, kunming.full_name) == ("云南省", "530100", "昆明市")
    assert (yili.province, yili.adcode) == ("新疆维吾尔自治区", "654000")


def test_stored_mentions_resolve_to_canonical_names():
    assert canonical_cities(["昆明", "云南昆明", "甘肃", "新疆伊犁", "伊犁"]) == ("昆明", "伊犁")


# ---------------------------------------------------------------- canonical.csv and city_coverage

BODY = "参保人可以拨打12393医保服务热线查询医保卡余额,也可以在国家医保服务平台APP上登录后查看个人账户明细。"


def test_canonical_csv_counts_each_city_once(tmp_path: Path) -> None:
    pages = {"a": "昆明", "b": "云南昆明", "c": "新疆伊犁", "d": "伊犁", "e": "湖南省益阳市赫山区"}
    for name, place in pages.items():
        (tmp_path / f"{name}.txt").write_text(f"{place}医保卡余额怎么查?\n{place}{BODY}\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", "--db", db, *(str(tmp_path / f"{n}.txt") for n in pages), cwd=tmp_path)
    winnow("export", "--db", db, "--out", str(tmp_path / "out"), cwd=tmp_path)
    (row,) = read_csv(tmp_path / "out" / "canonical.csv")
    assert row["member_count"] == "5"
    assert sorted(row["cities"].split(";")) == ["伊犁", "昆明", "益阳"]
    coverage = q.city_coverage(q.engine(db)).set_index("city")
    assert coverage.loc["昆明", "members"] == 2 and coverage.loc["伊犁", "members"] == 2
    assert (coverage.loc["昆明", "province"], coverage.loc["昆明", "adcode"]) == ("云南省", "530100")
    assert len(coverage) == 3
