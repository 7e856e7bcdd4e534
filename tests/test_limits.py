"""pipeline.limits: hostile pages are bounded but their readable text survives."""

from pipeline.chain import process
from pipeline.limits import MAX_SECTIONS, soup_paragraphs, unclosed_tags


def test_tag_soup_is_read_as_text_in_linear_time() -> None:
    soup = "<table><tr><td>" + "<a href='#'><b><i>医保卡余额查询" * 30_000
    assert unclosed_tags(soup) > 20_000
    doc = process("http://x/", soup.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})
    assert doc.ok
    assert any("tag soup" in w for w in doc.warnings)
    assert "医保卡余额查询" in doc.clean_text


def test_ordinary_pages_are_parsed_not_treated_as_soup() -> None:
    page = "<html><body>" + "<p>段落<br>一行<img src=x></p><li>项</li>" * 500 + "</body></html>"
    assert unclosed_tags(page) < 100


def test_soup_paragraphs_split_on_blocks_and_drop_scripts() -> None:
    text = soup_paragraphs("<div>一段<script>var x='坏';</script></div><p>二段 &amp; 三</p>")
    assert text == ("一段", "二段 & 三")


def test_invisible_characters_are_removed_and_sections_capped() -> None:
    answer = "可以通过支付宝、微信或者当地医保经办机构窗口查询医保卡余额,也可以拨打12333热线。"
    body = (
        "<h1>标\u202e题</h1><article>"
        + "".join(f"<p>问题{i}怎么办?</p><p>答\u200b案{i}:{answer}</p>" for i in range(400))
        + "</article>"
    )
    doc = process("http://x/", body.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})
    assert "\u202e" not in doc.title and "\u200b" not in doc.clean_text
    assert len(doc.sections) == MAX_SECTIONS
    assert any("sections" in w for w in doc.warnings)
