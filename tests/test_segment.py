from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.document import Document
from pipeline.extract import extract
from pipeline.segment import is_question_heading, segment
from pipeline.textview import full_width

# seeds are ASCII-folded; real pages write full-width punctuation: every rule test runs on both
FORMS = {"ascii": lambda text: text, "full-width": full_width}

SEEDS = Path(__file__).resolve().parents[1] / "winnow" / "demo" / "seeds"

EXPECTED = {
    "000": ["益阳怎么查医保卡余额?", "益阳医保卡里的钱家人也能用?", "益阳医保卡里的钱怎么刷出来用?"],
    "001": ["一、嘉兴医保卡余额查询的几种方法?", "二、嘉兴医保怎么报销?"],
    "002": ["新疆乌鲁木齐医保卡里的钱可以给家人用吗?", "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!"],
    "003": ["医保个人账户余额怎么查看"],
    "004": ["一、医保卡余额查询怎么查明细", "二、医保卡余额如何使用", "三、医保卡余额是个人缴费部分吗"],
}


def run(prefix: str, form: str = "ascii") -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = FORMS[form](path.read_text(encoding="utf-8"))
    return segment(clean(extract(Document(url="x", html=text, kind="text"))))


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_sections(name, form):
    doc = run(name, form)
    assert [s.heading for s in doc.sections] == [FORMS[form](h) for h in EXPECTED[name]]
    assert [s.section_no for s in doc.sections] == list(range(1, len(EXPECTED[name]) + 1))
    for section in doc.sections:
        assert section.text and section.heading not in section.text.split("\n")


def test_sections_cover_all_paragraphs():
    doc = run("001")
    body = [p for s in doc.sections for p in s.paragraphs]
    assert len(body) + len(doc.sections) == len(doc.paragraphs)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_sub_headings_do_not_split(form):
    doc = run("000", form)
    assert "一、电话查询" in doc.sections[0].text and FORMS[form]("1.支付宝查询:") in doc.sections[0].text


@pytest.mark.parametrize(
    "line",
    [
        "一、电话查询",
        "1.支付宝查询:",
        "步骤:",
        "可以给家人用的条件:",
        "查询医保卡余额有多种便捷的方法,您可以选择以下适合自己的方式:",
        "优点:",
        "四、其他注意事项",
        "医保卡的余额不是个人缴纳的部分。",
        "1.如何办理?",
    ],
)
@pytest.mark.parametrize("form", sorted(FORMS))
def test_not_question_headings(line, form):
    assert not is_question_heading(FORMS[form](line))


@pytest.mark.parametrize(
    "line",
    [
        "益阳医保卡里的钱家人也能用?",
        "二、嘉兴医保怎么报销?",
        "三、医保卡余额是个人缴费部分吗",
        "医保卡怎么用",
        "How do I check my balance?",
    ],
)
@pytest.mark.parametrize("form", sorted(FORMS))
def test_question_headings(line, form):
    assert is_question_heading(FORMS[form](line))


def test_no_questions_is_one_section_titled():
    doc = segment(Document(url="x", title="公告", paragraphs=("第一段。", "第二段。")))
    assert [(s.section_no, s.heading, s.text) for s in doc.sections] == [(1, "公告", "第一段。\n第二段。")]


def test_empty_document_has_no_sections():
    assert segment(Document(url="x", title="t")).sections == ()
