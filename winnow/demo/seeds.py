"""The five seed pages split into templates and boilerplate pools.

Everything here is driven by a hand-decided table of raw line numbers (1-based, as shown by
``cat -n``) instead of a heuristic: the seeds are fixed package data, so an explicit table is
both simpler and easier to audit.  Each table row also carries the exact heading text it expects,
so an edited seed file fails loudly instead of silently shifting blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SEED_FILES = {
    "000": "000_d2c4c95fda4e0d35.txt",
    "001": "001_53df3716919925ed.txt",
    "002": "002_b6c06127dced1748.txt",
    "003": "003_aee2752afa523ed4.txt",
    "004": "004_7fe2028d952ffd06.txt",
}

_NUMERAL_PREFIX = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class BlockSpec:
    """Where one question/answer block sits in a seed file."""

    template_id: str
    seed: str
    heading_line: int
    expected_heading: str
    body: tuple[int, int]  # inclusive raw line range
    place: str | None  # place name in the heading, replaced by "{city}"
    # Reorderable groups: unit start lines, the last number is the (exclusive) end.
    swaps: tuple[tuple[int, ...], ...] = ()


BLOCKS: tuple[BlockSpec, ...] = (
    # Same-template group "balance": three seed copies of one article.
    BlockSpec(
        "balance",
        "000",
        1,
        "益阳怎么查医保卡余额?",
        (2, 51),
        "益阳",
        ((3, 9, 35, 51), (10, 14, 18, 25, 29, 35), (36, 41, 46, 51)),
    ),
    BlockSpec(
        "balance",
        "001",
        7,
        "一、嘉兴医保卡余额查询的几种方法?",
        (9, 113),
        "嘉兴",
        ((11, 63, 85, 113), (13, 19, 33, 57, 63), (87, 97, 109, 113)),
    ),
    BlockSpec(
        "balance",
        "002",
        41,
        "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!",
        (43, 129),
        "新疆乌鲁木齐",
        ((45, 91, 101, 129), (47, 61, 73, 85, 91), (103, 113, 125, 129)),
    ),
    # Same-template group "family".
    BlockSpec("family", "000", 52, "益阳医保卡里的钱家人也能用?", (53, 68), "益阳", ((56, 58, 62, 64, 66, 69),)),
    BlockSpec(
        "family",
        "002",
        7,
        "新疆乌鲁木齐医保卡里的钱可以给家人用吗?",
        (9, 39),
        "新疆乌鲁木齐",
        ((13, 17, 25, 29, 37, 40), (31, 33, 35, 37)),
    ),
    # Single-copy templates.
    BlockSpec(
        "withdraw", "000", 69, "益阳医保卡里的钱怎么刷出来用?", (70, 79), "益阳", ((71, 74, 76, 80), (77, 78, 79, 80))
    ),
    BlockSpec(
        "reimburse",
        "001",
        115,
        "二、嘉兴医保怎么报销?",
        (117, 181),
        "嘉兴",
        ((119, 149, 167, 181), (131, 133, 135, 137, 139, 141, 143)),
    ),
    # Hard negatives: same topic, different wording.
    BlockSpec(
        "balance_alt", "003", 1, "医保个人账户余额怎么查看", (3, 49), None, ((7, 23, 37, 41, 49), (9, 13, 17, 23))
    ),
    BlockSpec("detail_query", "004", 6, "一、医保卡余额查询怎么查明细", (8, 16), None, ((12, 14, 16),)),
    BlockSpec("card_usage", "004", 18, "二、医保卡余额如何使用", (20, 28), None, ((20, 22, 24, 26, 28, 29),)),
    BlockSpec("selfpay_part", "004", 30, "三、医保卡余额是个人缴费部分吗", (32, 42), None),
)

# Page leads (teaser paragraphs before the first block): (seed, line, editor filler at its end).
LEADS: dict[str, tuple[str, int, str | None]] = {
    "balance": ("001", 5, "下面随新社通小编一起了解详情。"),
    "family": ("002", 5, "下面随新社通小编一起了解具体内容。"),
    "detail_query": ("004", 4, None),
}

# Seed boilerplate, by raw line numbers.
_DISCLAIMER_LINES = (("000", 80), ("001", 183), ("003", 51))
_STATEMENT_LINE = ("001", 185)
_TAG_LINES = ("000", 81, 90)
_KEYWORD_LINE = ("004", 44)
_RECOMMEND_RANGE = ("003", 54, 172)  # title / teaser / "健康新闻 date" triples
_GUESS_RANGE = ("004", 52, 110)  # title / teaser...更多 / date triples
_FOOTER_LINES = (("004", 113), ("004", 115))


@dataclass(frozen=True)
class Template:
    template_id: str
    source: str  # "seed:line" of the heading, e.g. "000:1"
    heading: str  # numeral prefix removed, place replaced by "{city}" when it had one
    lines: tuple[tuple[int, str], ...]  # (raw line number, stripped text), blank lines dropped
    swaps: tuple[tuple[int, ...], ...]

    @property
    def unit_starts(self) -> frozenset[int]:
        return frozenset(n for group in self.swaps for n in group)


@dataclass(frozen=True)
class Boilerplate:
    disclaimers: tuple[str, ...]
    statement: str
    fillers: tuple[str, ...]
    tags: tuple[str, ...]
    keywords: str
    recommend: tuple[tuple[str, str, str], ...]
    guess: tuple[tuple[str, str, str], ...]
    footer: tuple[str, ...]


def read_seed(seed: str) -> list[str]:
    """Raw lines of one seed file (index 0 is line 1)."""
    path = resources.files("winnow.demo").joinpath("seeds", SEED_FILES[seed])
    return path.read_text(encoding="utf-8").splitlines()


def _line(seed: str, number: int) -> str:
    return " ".join(read_seed(seed)[number - 1].split())


def _range(seed: str, first: int, last: int) -> list[tuple[int, str]]:
    raw = read_seed(seed)
    # Whitespace runs collapse to one space: that is what any HTML text extraction yields.
    return [(n, " ".join(raw[n - 1].split())) for n in range(first, last + 1) if raw[n - 1].strip()]


def _template(spec: BlockSpec) -> Template:
    heading = _line(spec.seed, spec.heading_line)
    if heading != spec.expected_heading:
        raise ValueError(
            f"seed {spec.seed} line {spec.heading_line}: {heading!r} is not "
            f"{spec.expected_heading!r}; the block table is out of date"
        )
    heading = _NUMERAL_PREFIX.sub("", heading)
    if spec.place:
        heading = heading.replace(spec.place, "{city}")
    lines = tuple(_range(spec.seed, *spec.body))
    return Template(spec.template_id, f"{spec.seed}:{spec.heading_line}", heading, lines, spec.swaps)


@lru_cache(maxsize=1)
def templates() -> dict[str, tuple[Template, ...]]:
    """template_id -> the seed copies (variants) of that template."""
    out: dict[str, list[Template]] = {}
    for spec in BLOCKS:
        out.setdefault(spec.template_id, []).append(_template(spec))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def leads() -> dict[str, str]:
    """template_id -> lead paragraph with its editor filler removed."""
    out = {}
    for template_id, (seed, number, filler) in LEADS.items():
        text = _line(seed, number)
        if filler:
            if not text.endswith(filler):
                raise ValueError(f"seed {seed} line {number} does not end with {filler!r}")
            text = text[: -len(filler)]
        out[template_id] = text
    return out


def _triples(seed: str, first: int, last: int) -> tuple[tuple[str, str, str], ...]:
    texts = [text for _, text in _range(seed, first, last)]
    if len(texts) % 3:
        raise ValueError(f"seed {seed} lines {first}-{last} are not title/teaser/meta triples")
    return tuple((texts[i], texts[i + 1], texts[i + 2]) for i in range(0, len(texts), 3))


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    tag_seed, tag_first, tag_last = _TAG_LINES
    tags = list(dict.fromkeys(text for _, text in _range(tag_seed, tag_first, tag_last)))
    return Boilerplate(
        disclaimers=tuple(_line(s, n) for s, n in _DISCLAIMER_LINES),
        statement=_line(*_STATEMENT_LINE),
        fillers=tuple(f for _, _, f in LEADS.values() if f),
        tags=tuple(tags),
        keywords=_line(*_KEYWORD_LINE),
        recommend=_triples(*_RECOMMEND_RANGE),
        guess=_triples(*_GUESS_RANGE),
        footer=tuple(_line(s, n) for s, n in _FOOTER_LINES),
    )
