"""Property tests (hypothesis) for the per-document stages: they never raise, they only ever keep
(never invent) text, and they are deterministic.

What "only keeps text" means, stage by stage (what actually holds, checked here):

- extract: the paragraphs, joined and with whitespace removed, are a *subsequence* (in order) of
  the page's text nodes as lexbor parses them (document order, whitespace removed). Not a
  substring: text inside skipped elements (script, nav, ...) between two kept nodes is dropped.
- clean: the kept lines map, in order, onto input lines, and each is a subsequence of its input
  line: whole lines go, and editor-filler sentences can be cut from the *middle* of a line, so
  "output line = input line or a substring of one" does *not* hold (see the xfail below).
- segment: every heading and body line of every section is an input paragraph or the title; headings
  keep input order and body lines keep input order (a short intro moves under the first heading).
- normalise.mask_places: the masked text without its ``{city}`` tokens is a subsequence of the
  input, and every reported place name occurs in the input.
- fingerprint.simhash64: an unsigned 64-bit int, unchanged by inserting spaces (they carry no signal).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from pipeline.clean import clean
from pipeline.document import Document
from pipeline.extract import extract
from pipeline.fingerprint import simhash64
from pipeline.normalise import CITY, mask_places
from pipeline.segment import segment

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like these pages: CJK, punctuation both widths, place names, question words,
# boilerplate triggers, digits/dates, odd whitespace and control characters.
WORDS = [
    "医保卡",
    "余额",
    "怎么",
    "查询",
    "吗",
    "?",
    "?",
    "。",
    ",",
    ",",
    "北京",
    "益阳",
    "嘉兴",
    "新疆乌鲁木齐",
    "广东东莞",
    "相关推荐",
    "上一篇:",
    "来源:",
    "2025-06-05 17:29:34",
    "版权所有",
    "小编带大家了解一下",
    "仅供参考",
    "1.",
    "一、",
    "(1)",
    "①",
    "标签:",
    "&amp;",
    "&#0;",
    "<",
    ">",
    " ",
    "\t",
    "\u3000",
    "\xa0",
    "\u200b",
    "\u202e",
    "\x00",
    "\r",
    "{city}",
    "{num}",
    "a",
    "Z",
    "0",
    "12333",
]
line = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=12).map("".join)
lines = st.lists(line, max_size=15)


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def squash(text: str) -> str:
    return "".join(text.split())


# -- extract ---------------------------------------------------------------------------------

TAGS = [
    "p",
    "div",
    "span",
    "a",
    "b",
    "li",
    "ul",
    "h1",
    "h2",
    "td",
    "tr",
    "table",
    "article",
    "nav",
    "footer",
    "script",
    "style",
    "br",
    "title",
    "head",
    "body",
    "section",
    "pre",
    "textarea",
    "template",
    "noscript",
]


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup: random open/close tags (often unbalanced), attributes and text between them."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attr = draw(
                st.sampled_from(
                    [
                        "",
                        " class='content'",
                        " id='nav'",
                        " class='related'",
                        " href='/x'",
                        ' class="footer main"',
                        " hidden",
                    ]
                )
            )
            parts.append(f"<{tag}{attr}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(line))
    return "".join(parts)


def text_nodes(html: str) -> str:
    tree = LexborHTMLParser(html)
    root = tree.root
    if root is None:
        return ""
    return "".join(node.text_content or "" for node in root.traverse(include_text=True) if node.tag == "-text")


@FUZZ
@given(html_pages())
@example("<p>a<script>x</script>b</p>")
@example("<table><tr><td>医保卡余额怎么查?<a>上一篇:</a>" * 5)
def test_extract_keeps_only_text_nodes_in_order(html: str) -> None:
    doc = extract(Document(url="http://x/", html=html))
    assert doc.status in ("ok", "error")
    out = squash("".join(doc.paragraphs))
    assert is_subsequence(out, squash(text_nodes(html)))
    again = extract(Document(url="http://x/", html=html))
    assert again == doc


@FUZZ
@given(st.text(max_size=300))
def test_extract_never_raises_on_any_text(text: str) -> None:
    for kind in ("html", "text"):
        doc = extract(Document(url="http://x/", html=text, kind=kind))
        assert doc.status in ("ok", "error")
        assert all(p.strip() for p in doc.paragraphs)


# -- clean -----------------------------------------------------------------------------------


def _in_order(outputs: list[str], inputs: list[str], match) -> bool:  # type: ignore[no-untyped-def]
    position = 0
    for out in outputs:
        while position < len(inputs) and not match(out, inputs[position]):
            position += 1
        if position == len(inputs):
            return False
        position += 1
    return True


@FUZZ
@given(lines, line)
@example(["医保卡余额怎么查?小编带大家了解一下。可以打开支付宝查询。"], "")
def test_clean_keeps_lines_in_order_as_subsequences_of_input_lines(paragraphs: list[str], title: str) -> None:
    doc = Document(url="http://x/", title=title, paragraphs=tuple(p for p in paragraphs if p.strip()))
    out = clean(doc)
    assert _in_order(list(out.paragraphs), list(doc.paragraphs), is_subsequence)
    kept_or_removed = len(out.paragraphs) + len(out.removed)
    assert kept_or_removed >= len(doc.paragraphs)  # every input line is kept, or recorded as removed
    assert clean(doc) == out


@pytest.mark.xfail(
    strict=True,
    reason="by design, not a bug: clean._strip_filler drops editor-filler sentences from "
    "the middle of a line ('A。小编带大家了解一下。B。' -> 'A。B。'), so an output line is a subsequence "
    "of an input line, not always a substring",
)
@FUZZ
@given(lines)
@example(["可以打开支付宝查询。下面就跟小编一起来了解一下。然后点击医保电子凭证。"] * 5)
def test_clean_output_lines_are_substrings_of_input_lines(paragraphs: list[str]) -> None:
    doc = Document(url="http://x/", paragraphs=tuple(p for p in paragraphs if p.strip()))
    out = clean(doc)
    assert _in_order(list(out.paragraphs), list(doc.paragraphs), lambda a, b: a in b)


# -- segment ---------------------------------------------------------------------------------


@FUZZ
@given(lines, line)
def test_segment_lines_are_input_paragraphs_in_order(paragraphs: list[str], title: str) -> None:
    paragraphs = [p.replace("\n", " ") for p in paragraphs]  # extract never yields a line with "\n" in it
    doc = Document(url="http://x/", title=title, paragraphs=tuple(paragraphs))
    out = segment(doc)
    allowed = set(paragraphs) | {title}
    headings: list[str] = []
    bodies: list[str] = []
    for number, section in enumerate(out.sections, start=1):
        assert section.section_no == number
        assert section.heading in allowed
        body = [p for p in section.text.split("\n") if p]
        assert all(p in allowed for p in body)
        if section.heading != title:
            headings.append(section.heading)
        bodies += body
    # Headings and body lines each keep the input order; a short intro (<= 2 lines) moves under
    # the first heading by design, so the two are not interleaved in input order.
    real = [p for p in paragraphs if p.strip()]
    assert _in_order(headings, real, lambda a, b: a == b)
    assert _in_order(bodies, real, lambda a, b: a == b)
    assert segment(doc) == out


# -- normalise / fingerprint -------------------------------------------------------------------


@FUZZ
@given(line)
@example("广东东莞{city}北京北京")
def test_mask_places_only_replaces_names_found_in_the_input(text: str) -> None:
    masked, cities = mask_places(text)
    assert is_subsequence(masked.replace(CITY, ""), text)
    assert all(city and city in text for city in cities)
    assert len(set(cities)) == len(cities)
    assert mask_places(text) == (masked, cities)


@FUZZ
@given(st.text(max_size=400), st.integers(1, 4))
def test_simhash64_is_a_deterministic_unsigned_64_bit_int(text: str, shingle: int) -> None:
    value = simhash64(text, shingle)
    assert isinstance(value, int) and 0 <= value < 2**64
    assert simhash64(text, shingle) == value


@FUZZ
@given(line)
def test_simhash64_ignores_inserted_spaces(text: str) -> None:
    """Spaces inserted everywhere except inside a word of a space-delimited script (where a
    space makes two words of one: issue 13 gives those scripts word shingles) change nothing."""
    from pipeline.fingerprint import _WORD, _class_of

    assume("{" not in text)  # a spaced-out "{city}" is no longer the placeholder
    inside_word = [_class_of(a) == _WORD and _class_of(b) == _WORD for a, b in zip(text, text[1:], strict=False)]
    spaced = "".join(ch + ("" if joined else " ") for ch, joined in zip(text, inside_word + [False], strict=False))
    assert simhash64(spaced) == simhash64(text)


@FUZZ
@given(html_pages())
def test_whole_chain_never_raises_and_is_deterministic(html: str) -> None:
    from pipeline.chain import process

    for body in (html, html.encode("utf-8", "surrogatepass"), html.encode("gb18030", "replace")):
        doc = process("http://x/", body, {})
        assert doc.status in ("ok", "error", "skipped")
        assert "Error" not in doc.error or doc.status != "error" or doc.error.startswith(("empty", "non-html"))
        assert replace(process("http://x/", body, {}), headers={}) == replace(doc, headers={})
