from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.document import Document
from pipeline.extract import extract
from pipeline.segment import is_question_heading, segment

SEEDS = Path(__file__).resolve().parents[1] / "winnow" / "demo" / "seeds"

EXPECTED = {
    "000": ["益阳怎么查医保卡余额?", "益阳医保卡里的钱家人也能用?", "益阳医保卡里的钱怎么刷出来用?"],
    "001": ["一、嘉兴医保卡余额查询的几种方法?", "二、嘉兴医保怎么报销?"],
    "002": ["新疆乌鲁木齐医保卡里的钱可以给家人用吗?", "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!"],
    "003": ["医保个人账户余额怎么查看"],
    "004": ["一、医保卡余额查询怎么查明细", "二、医保卡余额如何使用", "三、医保卡余额是个人缴费部分吗"],
}


def run(prefix: str) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return segment(clean(extract(Document(url="x", html=path.read_text(encoding="utf-8"), kind="text"))))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_sections(name):
    doc = run(name)
    assert [s.heading for s in doc.sections] == EXPECTED[name]
    assert [s.section_no for s in doc.sections] == list(range(1, len(EXPECTED[name]) + 1))
    for section in doc.sections:
        assert section.text and section.heading not in section.text.split("\n")


def test_sections_cover_all_paragraphs():
    doc = run("001")
    body = [p for s in doc.sections for p in s.paragraphs]
    assert len(body) + len(doc.sections) == len(doc.paragraphs)


def test_sub_headings_do_not_split():
    doc = run("000")
    assert "一、电话查询" in doc.sections[0].text and "1.支付宝查询:" in doc.sections[0].text


@pytest.mark.parametrize("line", ["一、电话查询", "1.支付宝查询:", "步骤:", "可以给家人用的条件:",
                                  "查询医保卡余额有多种便捷的方法,您可以选择以下适合自己的方式:", "优点:", "四、其他注意事项",
                                  "医保卡的余额不是个人缴纳的部分。", "1.如何办理?"])
def test_not_question_headings(line):
    assert not is_question_heading(line)


@pytest.mark.parametrize("line", ["益阳医保卡里的钱家人也能用?", "二、嘉兴医保怎么报销?", "三、医保卡余额是个人缴费部分吗",
                                  "医保卡怎么用", "How do I check my balance?"])
def test_question_headings(line):
    assert is_question_heading(line)


def test_no_questions_is_one_section_titled():
    doc = segment(Document(url="x", title="公告", paragraphs=("第一段。", "第二段。")))
    assert [(s.section_no, s.heading, s.text) for s in doc.sections] == [(1, "公告", "第一段。\n第二段。")]


def test_empty_document_has_no_sections():
    assert segment(Document(url="x", title="t")).sections == ()
