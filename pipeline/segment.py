"""Split an article's paragraphs into question/answer sections.

A section starts at a heading the page marks up at its top heading level (see
``_structural_starts``), or at a *question heading*: a short line that asks something (ends in ?/？, or
holds a question word such as 怎么/如何/吗/哪些/多少) and is not a label ending in a colon or a
sentence. Lines numbered 1. / (1) / ① are sub-steps of an answer and never start a section;
Chinese ordinals 一、二、 do only when the heading itself is a question ("一、电话查询" does not).
When the body starts with the answer, the title is the first heading; a short intro (<= 2
paragraphs) before the first heading is kept with the first section rather than becoming one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.document import EMPHASIS_LEVEL, KNOWN_HEADING, Document, Section
from pipeline.textview import match_view

MAX_HEADING_CHARS = 40
MAX_INTRO_PARAGRAPHS = 2
# what follows a bold numbered line for it to head a block rather than a step (_numbered_block_heads)
BLOCK_BODY_PARAGRAPHS, BLOCK_BODY_CHARS = 3, 100

_QUESTION_WORDS = re.compile(
    r"怎么|怎样|如何|吗|哪些|哪里|哪个|哪儿|多少|多久|几种|能否|是否|可否|可以|能不能|是不是|"
    r"有没有|为什么|为何|什么|啥|咋"
)
# matched on the matching view (pipeline.textview): "(" and "?" stand for "（" and "？" too
_ARABIC_NUMBERED = re.compile(r"^\s*(?:\d{1,2}\s*[.、)]|\(\d{1,2}\)|[①-⑳])")
_CHINESE_NUMBERED = re.compile(r"^\s*\(?[一二三四五六七八九十]{1,3}[、.)]\s*")
_LABEL_OR_SENTENCE_END = re.compile(r"[:。;,、]$")
_STEP = re.compile(r"^\s*(?:第[一二三四五六七八九十\d]{1,3}步|步骤[一二三四五六七八九十\d]{0,3})")
# a block label of WeChat-style pages: "PART 2 …", "Part.2 …", "02 …" (zero-padded, then a space)
_LABEL_NUMBERED = re.compile(r"^\s*(?:part|section)\s*\.?\s*(\d{1,2})(?![\d.、)])\s*|^\s*0([1-9])\s+", re.IGNORECASE)


def segment(doc: Document) -> Document:
    """Set ``sections`` from ``paragraphs`` (one section headed by the title when no questions)."""
    paragraphs = [p for p in doc.paragraphs if p.strip()]
    if not paragraphs:
        return replace(doc, sections=())
    structural = _structural_starts(paragraphs, doc.headings)
    learned = {text for text, level in doc.headings if level == KNOWN_HEADING}
    own = {i for i in structural if paragraphs[i] not in learned}
    blocks = _blocks(paragraphs, doc.title, structural, len(own) >= 2)
    sections = tuple(
        Section(section_no=number, heading=heading, text="\n".join(body))
        for number, (heading, body) in enumerate(blocks, start=1)
    )
    return replace(doc, sections=sections)


def is_question_heading(line: str, marked_up: bool = False) -> bool:
    """True for a short question line that can open a new top-level section.

    ``marked_up``: the page marks its headings up, so only an explicit question mark counts
    (a question word alone, "字号名称(可以不起字号)", is the weak evidence of plain-text pages).
    """
    text = match_view(line)
    if not text or len(text) > MAX_HEADING_CHARS or _ARABIC_NUMBERED.match(text):
        return False
    if _LABEL_OR_SENTENCE_END.search(text):
        return False
    core = _CHINESE_NUMBERED.sub("", text)
    asks = "?" in core
    if not asks and (marked_up or not _QUESTION_WORDS.search(core)):
        return False
    # a comma inside a non-question line means a sentence, not a heading
    return asks or not re.search(r"[,。]", core)


def is_heading_shape(line: str, level: int = EMPHASIS_LEVEL) -> bool:
    """A line that can title a section: short, no sentence or label ending, not a step. A line
    numbered 1. / (1) is a step unless the page makes it a heading element (<h2>-<h6>)."""
    text = match_view(line)
    if not 2 <= len(text) <= MAX_HEADING_CHARS or "。" in text:
        return False
    if _ARABIC_NUMBERED.match(text) and level >= EMPHASIS_LEVEL:
        return False
    return not (_STEP.match(text) or _LABEL_OR_SENTENCE_END.search(text))


def _structural_starts(paragraphs: list[str], headings: tuple[tuple[str, int], ...]) -> set[int]:
    """Paragraphs the page marks as headings at its top heading level.

    Content farms head stitched blocks with <h2>, an all-bold line or a "title" block, and not
    every block heading is a question ("益阳居住证办理流程和条件"). Headings one level down (an
    <h3> under <h2> blocks) are sub-headings of an answer and stay inside it.
    """
    level_of = {text: level for text, level in headings if level >= 2}
    marked = [(i, level_of[p]) for i, p in enumerate(paragraphs) if p in level_of and is_heading_shape(p, level_of[p])]
    marked += _numbered_block_heads(paragraphs, level_of)
    if all(level == KNOWN_HEADING for _, level in marked):  # the page's own markup heads nothing
        marked += [(i, KNOWN_HEADING) for i in _numbered_plain_heads(paragraphs, level_of)]
    if not marked:
        return set()
    # a heading that other pages of the site start sections with (pipeline.sitewide) counts
    # whatever this page's markup says
    top = min((level for _, level in marked if level != KNOWN_HEADING), default=KNOWN_HEADING)
    return {i for i, level in marked if level in (top, KNOWN_HEADING)}


def _numbered_block_heads(paragraphs: list[str], level_of: dict[str, int]) -> list[tuple[int, int]]:
    """Bold numbered lines ("1、…?", "2. …") that head blocks rather than steps.

    A bold "1、登录APP" is usually a step of one answer; a sequence of bold numbered lines each
    followed by an answer of its own (at least BLOCK_BODY_PARAGRAPHS paragraphs and
    BLOCK_BODY_CHARS characters before the next one) is how farms number stitched questions.
    The decision is taken for the whole sequence, so one long step cannot split an answer.
    """
    numbered = [
        i for i, p in enumerate(paragraphs) if level_of.get(p, 0) >= EMPHASIS_LEVEL and _numbered_heading_shape(p)
    ]
    if not _heads_blocks(paragraphs, numbered):
        return []
    return [(i, level_of[paragraphs[i]]) for i in numbered]


def _numbered_plain_heads(paragraphs: list[str], level_of: dict[str, int]) -> list[int]:
    """Plain numbered lines ("1.苏州护照办理流程", "(一)…", "PART 2 …", "02 …") that head blocks: as
    for bold ones, and the numbers must run 1, 2, 3 … over the page, so a step list inside one
    answer ("1.登录" … "1.准备材料" again in the next answer) never qualifies."""
    numbered = [
        i
        for i, p in enumerate(paragraphs)  # a known heading is plain on this page
        if level_of.get(p, KNOWN_HEADING) == KNOWN_HEADING and _numbered_heading_shape(p)
    ]
    by_scheme: dict[str, list[int]] = {}
    for i in numbered:  # "一、" heads, "(1)" items under it: each scheme counts on its own
        by_scheme.setdefault(_scheme_of(paragraphs[i]), []).append(i)
    for scheme in _SCHEMES:
        starts = by_scheme.get(scheme, [])
        numbers = [_number_of(paragraphs[i]) for i in starts]
        if numbers == list(range(1, len(numbers) + 1)) and _heads_blocks(paragraphs, starts):
            return starts
    return []


# outermost first; "(一)" heads and "(1)" items under it are two schemes, as are "一、" and "1."
_SCHEMES = ("labelled", "chinese", "parenthesised-chinese", "arabic", "parenthesised", "circled")


def _scheme_of(line: str) -> str:
    view = match_view(line).lstrip()
    if _LABEL_NUMBERED.match(view):
        return "labelled"
    if view[:1] == "(":
        return "parenthesised" if view[1:2].isdigit() else "parenthesised-chinese"
    if view[:1].isdigit():
        return "arabic"
    return "circled" if "①" <= view[:1] <= "⑳" else "chinese"


def _numbered_heading_shape(line: str) -> bool:
    view = match_view(line)
    numbering = next(
        (pattern for pattern in (_LABEL_NUMBERED, _ARABIC_NUMBERED) if pattern.match(view)), _CHINESE_NUMBERED
    )
    return bool(numbering.match(view)) and is_heading_shape(numbering.sub("", view, count=1), 2)


_CHINESE_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)}


def _number_of(line: str) -> int:
    """The number a numbered line starts with: 3 for "3.", "(3)", "③", "三、", "PART 3" and "03 "
    (one to ten)."""
    view = match_view(line)
    label = _LABEL_NUMBERED.match(view)
    if label:
        return int(label.group(1) or label.group(2))
    view = view.lstrip(" (")
    digits = re.match(r"\d+", view)
    if digits:
        return int(digits.group())
    if _scheme_of(view) == "circled":
        return ord(view[0]) - ord("①") + 1
    return _CHINESE_DIGITS.get(view[:1], 0)


def _heads_blocks(paragraphs: list[str], starts: list[int]) -> bool:
    """Whether each of ``starts`` (two or more) is followed by an answer of its own."""
    if len(starts) < 2:
        return False
    for start, end in zip(starts, starts[1:] + [len(paragraphs)], strict=False):
        body = paragraphs[start + 1 : end]
        if len(body) < BLOCK_BODY_PARAGRAPHS or sum(map(len, body)) < BLOCK_BODY_CHARS:
            return False
    return True


def _blocks(
    paragraphs: list[str], title: str, structural: set[int], marks_blocks: bool = False
) -> list[tuple[str, list[str]]]:
    """``marks_blocks``: the page's own markup heads two or more blocks. It then heads them all, and
    a plain question line is a question inside an answer ("谁可以参加?" over a list), not a block."""
    marked_up = bool(structural)
    if marks_blocks:
        starts = sorted(structural)
    else:
        starts = [i for i, p in enumerate(paragraphs) if i in structural or is_question_heading(p, marked_up)]
    if not starts:
        return [(title, paragraphs)]
    blocks: list[tuple[str, list[str]]] = []
    intro = paragraphs[: starts[0]]
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(paragraphs)
        blocks.append((paragraphs[start], paragraphs[start + 1 : end]))
    if intro and len(intro) <= MAX_INTRO_PARAGRAPHS:
        heading, body = blocks[0]
        blocks[0] = (heading, intro + body)
    elif intro:
        blocks.insert(0, (title, intro))
    # a heading followed directly by another heading has no answer: fold it into the next one
    return [(h, b) for h, b in blocks if b] or blocks[-1:]
