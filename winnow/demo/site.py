"""Deterministic generator for the bundled demo content-farm site.

``build_site(out_dir)`` renders ~180 per-city template articles (plus hard negatives, robots-
disallowed private pages, list pages, sitemap, robots.txt, a PDF) as static files and writes the
gold labels to ``out_dir/gold.json``.  All article text comes from the five seed pages
(``winnow/demo/seeds``); see ``seeds.py`` for how they are split.

Run: ``python -m winnow.demo.site OUT_DIR [--seed N] [--articles N]``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.textview import full_width
from winnow.demo import render
from winnow.demo.cities import CITIES, GBK_ONLY_CHARS, GBK_ONLY_SENTENCES, City
from winnow.demo.render import Item, item_lines
from winnow.demo.seeds import Template, boilerplate, leads, templates

# Sitemap and robots.txt need absolute URLs but the port is only known when serving;
# the demo server swaps this placeholder for its own base URL.
BASE_PLACEHOLDER = "http://winnow-demo.invalid"

PER_LIST_PAGE = 20
N_PRIVATE = 6
PDF_PATH = "/files/yibao-guide.pdf"
DEAD_LINKS = ("/topic/shebao.html", "/about.html", "/article/99999.html", "/gbk/old/2019/1001.html")
COMPLAINT_HREF = "/about.html"
UTM_HOT = "?utm_source=hot&utm_medium=sidebar"
UTM_RELATED = "?utm_source=related&utm_medium=article"
_BASE_TIME = datetime(2025, 6, 5, 17, 30, 0)

REGULAR_TEMPLATES = ("balance", "family", "withdraw", "reimburse")
_FIRST_WEIGHTS = (45, 30, 12, 13)
_NUMERALS = "一二三四五六七八九十"

# Title / alternative heading wordings per template, taken from the seeds' titles and link lists.
TITLE_PATTERNS = {
    "balance": (
        "{city}怎么查医保卡余额?",
        "{city}医保卡余额查询方法手机怎样查询医保卡余额?",
        "{city}你的医保卡余额怎么查?这些方法让你一目了然!",
        "{city}如何查询医保个人账户余额?",
        "我的医保卡余额怎么查?这些方法让你秒懂!(以{city}为例)",
    ),
    "family": (
        "{city}医保卡里的钱可以给家人用吗?",
        "{city}医保卡里的钱家人也能用?",
        "{city}医保卡里的钱能给家里的亲人用吗?",
        "{city}医保个人账户到底可以给家人使用吗?",
    ),
    "withdraw": ("{city}医保卡里的钱怎么刷出来用?", "{city}医保卡里的钱怎么提现到微信里用?"),
    "reimburse": ("{city}医保怎么报销?",),
    "balance_alt": ("{city}医保个人账户余额怎么查看",),
    "detail_query": ("{city}医保卡余额查询怎么查明细?如何使用",),
}
_DATE_SUFFIXES = (
    "({d:%Y/%m/%d})",
    "({d:%y/%m/%d})",
    "({yy}年{m}月{day}日)",
    "({m}月{day}日)",
    "({d:%Y-%m-%d})",
    "({d:%Y}年{m}月{day}日)",
    "({d:%m/%d})",
)
_CITY_STYLES = ("plain", "province", "shi")
_CITY_STYLE_WEIGHTS = (60, 25, 15)


@dataclass
class Section:
    heading: str
    lines: list[str]
    template_id: str
    source: str
    variations: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    reordered: list[int] = field(default_factory=list)  # start lines of the two swapped units


@dataclass
class Article:
    id: int
    path: str
    layout: str  # "A" (utf-8, div markup) or "B" (GBK bytes, table markup)
    charset: str  # declared charset
    city: City
    display: str
    title: str
    published: datetime
    kind: str  # "template" or "hard_negative"
    sections: list[Section]
    lead: str = ""
    filler: str = ""
    disallowed: bool = False
    links_pdf: bool = False
    items: list[Item] = field(default_factory=list)


# ------------------------------------------------------------------ planning articles


def _date_suffix(rng: random.Random, d: datetime) -> str:
    pattern = rng.choice(_DATE_SUFFIXES)
    return pattern.format(d=d, yy=d.year % 100, m=d.month, day=d.day)


def _apply_swap(rng: random.Random, tpl: Template, lines: list[tuple[int, str]]) -> list[int]:
    """Swap two adjacent units of one reorderable group in place; return their start lines."""
    group = rng.choice(tpl.swaps)
    j = rng.randrange(len(group) - 2)
    a0, b0, end = group[j], group[j + 1], group[j + 2]
    first = [x for x in lines if a0 <= x[0] < b0]
    second = [x for x in lines if b0 <= x[0] < end]
    start = lines.index(first[0])
    lines[start : start + len(first) + len(second)] = second + first
    return [a0, b0]


def _droppable(tpl: Template, lines: list[tuple[int, str]]) -> list[int]:
    # Keep the intro line, sub-headings ("步骤:") and unit starts so the structure survives.
    starts = tpl.unit_starts
    return [
        i
        for i, (n, text) in enumerate(lines)
        if i > 0 and n not in starts and len(text) >= 12 and not text.endswith((":", ":"))
    ]


def _heading(rng: random.Random, tpl: Template, display: str, number: int | None) -> str:
    heading = tpl.heading
    alternatives = TITLE_PATTERNS.get(tpl.template_id, ())
    if "{city}" in heading and alternatives and rng.random() < 0.2:
        heading = rng.choice(alternatives)
    elif "{city}" not in heading and tpl.template_id == "balance_alt" and rng.random() < 0.5:
        heading = "{city}" + heading
    heading = heading.format(city=display)
    if number is not None:
        heading = f"{_NUMERALS[number]}、{heading}"
    return heading


def _make_section(
    rng: random.Random, tpl: Template, city: City, display: str, number: int | None, used: set[str]
) -> Section:
    heading = _heading(rng, tpl, display, number)
    lines = list(tpl.lines)
    section = Section(heading, [], tpl.template_id, tpl.source)
    if tpl.swaps and rng.random() < 0.5:
        section.reordered = _apply_swap(rng, tpl, lines)
    candidates = _droppable(tpl, lines)
    if candidates and rng.random() < 0.25:
        section.dropped.append(lines.pop(rng.choice(candidates))[1])
    section.lines = [text for _, text in lines]
    if rng.random() < 0.35:
        # One article never repeats a local sentence across its sections.
        fresh = [x for x in city.local_sentences(display) if x not in used]
        if fresh:
            sentence = rng.choice(fresh)
            used.add(sentence)
            _add_sentence(rng, section, sentence)
    return section


def _add_sentence(rng: random.Random, section: Section, sentence: str) -> None:
    section.lines.insert(rng.randint(1, len(section.lines)), sentence)
    section.variations.append(sentence)


def _regular_sections(rng: random.Random, city: City, display: str) -> list[Section]:
    count = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
    first = rng.choices(REGULAR_TEMPLATES, weights=_FIRST_WEIGHTS)[0]
    rest = [t for t in REGULAR_TEMPLATES if t != first]
    rng.shuffle(rest)
    numbered = rng.random() < 0.3
    used: set[str] = set()
    out = []
    for i, template_id in enumerate([first] + rest[: count - 1]):
        tpl = rng.choice(templates()[template_id])
        out.append(_make_section(rng, tpl, city, display, i if numbered else None, used))
    return out


def _hard_sections(rng: random.Random, k: int, city: City, display: str) -> list[Section]:
    """Same topic, different wording: seed 003 alone, or 004's numbered blocks."""
    used: set[str] = set()
    if k % 2 == 0:
        return [_make_section(rng, templates()["balance_alt"][0], city, display, None, used)]
    ids = ["detail_query", "card_usage", "selfpay_part"][: rng.choice((1, 2, 3))]
    return [_make_section(rng, templates()[t][0], city, display, i, used) for i, t in enumerate(ids)]


def _plan_article(
    rng: random.Random,
    article_id: int,
    path: str,
    layout: str,
    charset: str,
    city: City,
    published: datetime,
    hard_k: int | None,
) -> Article:
    display = city.display(rng.choices(_CITY_STYLES, weights=_CITY_STYLE_WEIGHTS)[0])
    if hard_k is None:
        kind, sections = "template", _regular_sections(rng, city, display)
    else:
        kind, sections = "hard_negative", _hard_sections(rng, hard_k, city, display)
    first = sections[0].template_id
    patterns = TITLE_PATTERNS.get(first) or TITLE_PATTERNS["detail_query"]
    if kind == "template" and rng.random() < 0.3:
        title = sections[0].heading.split("、", 1)[-1]  # seed 000 style: title = first heading
    else:
        title = rng.choice(patterns).format(city=display)
    if kind == "template" and rng.random() < 0.5:
        title += _date_suffix(rng, published)
    art = Article(article_id, path, layout, charset, city, display, title, published, kind, sections)
    if first in leads() and rng.random() < (0.7 if kind == "hard_negative" else 0.5):
        art.lead = leads()[first]
        fillers = {"balance": 0, "family": 1}
        if first in fillers and rng.random() < 0.85:
            art.filler = boilerplate().fillers[fillers[first]]
    # A gb2312-declared page always carries at least one GBK-only character.
    if charset == "gb2312" or (layout == "A" and rng.random() < 0.08):
        sentence = rng.choice(GBK_ONLY_SENTENCES).format(city=display)
        _add_sentence(rng, rng.choice(sections), sentence)
    return art


def _layout_for(rng: random.Random, index: int) -> tuple[str, str]:
    # Force one page of each B flavour early so even tiny sites have them.
    if index == 1:
        return "B", "gb2312"
    if index == 2:
        return "B", "gbk"
    if rng.random() < 0.3:
        return "B", "gb2312" if rng.random() < 0.6 else "gbk"
    return "A", "utf-8"


def plan_articles(rng: random.Random, n_articles: int) -> tuple[list[Article], list[Article]]:
    """Public articles (ids 1001…) and robots-disallowed private ones (ids 9001…)."""
    n_hard = min(10, max(1, n_articles // 18))
    hard_at = sorted(rng.sample(range(3, n_articles), n_hard)) if n_articles > 3 + n_hard else []
    cities = list(CITIES)
    rng.shuffle(cities)
    public = []
    for i in range(n_articles):
        published = _BASE_TIME - timedelta(
            minutes=(n_articles - 1 - i) * 53 + rng.randint(0, 40), seconds=rng.randint(0, 59)
        )
        layout, charset = _layout_for(rng, i)
        article_id = 1001 + i
        path = f"/article/{article_id}.html" if layout == "A" else f"/gbk/{article_id}.html"
        hard_k = hard_at.index(i) if i in hard_at else None
        art = _plan_article(rng, article_id, path, layout, charset, cities[i % len(cities)], published, hard_k)
        _widen(art)
        art.links_pdf = i % 25 == 3
        public.append(art)
    private = []
    for k in range(N_PRIVATE):
        published = _BASE_TIME - timedelta(days=k + 1, minutes=rng.randint(0, 600))
        art = _plan_article(
            rng, 9001 + k, f"/private/{9001 + k}.html", "A", "utf-8", rng.choice(CITIES), published, None
        )
        art.disallowed = True
        private.append(art)
    return public, private


# ------------------------------------------------------------------ article bodies


def _source_line(rng: random.Random, art: Article) -> str:
    stamp = f"{art.published:%Y-%m-%d %H:%M:%S}"
    b_style = (art.layout == "B") != (rng.random() < 0.2)
    return f"来源:社保网 发布时间:{stamp}" if b_style else f"{stamp}社保网"


def _href(art: Article, rng: random.Random, utm_share: float, utm: str) -> str:
    return art.path + (utm if rng.random() < utm_share else "")


def _related_lines(rng: random.Random, pool: list[Article], lines: int) -> list[Item]:
    out = []
    for _ in range(lines):
        picks = rng.sample(pool, 4)
        entries = [(_href(a, rng, 0.2, UTM_RELATED), a.title, f"{a.published:%Y-%m-%d %H:%M}") for a in picks]
        out.append(Item("related", entries=entries))
    return out


def _recommend(rng: random.Random, art: Article, pool: list[Article]) -> Item:
    bp = boilerplate()
    use_guess = (art.layout == "B") != (rng.random() < 0.25)
    heading, source = ("猜你喜欢", bp.guess) if use_guess else ("相关推荐", bp.recommend)
    picks = rng.sample(source, rng.randint(4, min(8, len(source))))
    return Item("recommend", heading, entries=[(rng.choice(pool).path, t, teaser, meta) for t, teaser, meta in picks])


def _prevnext(prev: Article | None, nxt: Article | None) -> Item:
    def entry(label: str, a: Article | None) -> tuple:
        return (label, a.path, a.title) if a else (label, None, "没有了")

    return Item("prevnext", entries=[entry("上一篇", prev), entry("下一篇", nxt)])


def _body_items(
    rng: random.Random, art: Article, pool: list[Article], prev: Article | None, nxt: Article | None, list_pages: int
) -> list[Item]:
    bp = boilerplate()
    items: list[Item] = []
    if rng.random() < 0.9:
        items.append(Item("source", _source_line(rng, art)))
    if art.lead:
        items.append(Item("para", art.lead))
    if art.filler:
        items.append(Item("filler", art.filler))
    for i, sec in enumerate(art.sections):
        items.append(Item("heading", sec.heading))
        items += [Item("para", line) for line in sec.lines]
        if i < len(art.sections) - 1 and rng.random() < 0.1:
            items.append(Item("note", bp.disclaimers[1]))  # a disclaimer between blocks
    is_a = art.layout == "A"
    if art.links_pdf:
        items.append(Item("attachment", "附件下载:医保个人账户查询指南(PDF版)", href=PDF_PATH))
    if rng.random() < 0.75:
        items.append(Item("note", rng.choice(bp.disclaimers)))
    if rng.random() < (0.6 if is_a else 0.2):
        items.append(Item("statement", bp.statement, href=COMPLAINT_HREF))
    if rng.random() < (0.6 if is_a else 0.3):
        items += _related_lines(rng, pool, rng.randint(1, 4) if is_a else 1)
    if is_a and rng.random() < 0.4:
        tags = [t for t in bp.tags if rng.random() < 0.7] or list(bp.tags[:3])
        items.append(Item("tags", entries=[(f"/list/{rng.randint(1, list_pages)}.html", t) for t in tags]))
    if rng.random() < (0.15 if is_a else 0.5):
        items.append(Item("keywords", bp.keywords))
    if rng.random() < (0.4 if is_a else 0.7):
        items.append(_prevnext(prev, nxt))
    if rng.random() < 0.6:
        items.append(_recommend(rng, art, pool))
    return items


def _widen(art: Article) -> None:
    """Layout A writes punctuation beside Chinese full-width (：，；？！（）) as real pages do; layout
    B keeps the ASCII forms the seeds were saved with, so both forms stay exercised."""
    if art.layout != "A":
        return
    art.title = full_width(art.title)
    for sec in art.sections:
        sec.heading, sec.lines = full_width(sec.heading), [full_width(line) for line in sec.lines]
        sec.variations = [full_width(line) for line in sec.variations]
    art.lead, art.filler = full_width(art.lead), full_width(art.filler)
    for item in art.items:
        item.text = full_width(item.text)
        item.entries = [
            tuple(full_width(v) if isinstance(v, str) and not v.startswith("/") else v for v in entry)
            for entry in item.entries
        ]


# ------------------------------------------------------------------ writing the site


def _write(out_dir: Path, path: str, data: bytes) -> None:
    target = out_dir / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _encode(art: Article, html: str) -> bytes:
    # Characters outside GBK (•, ©) become character references, as GBK-era CMSes did.
    return html.encode("utf-8") if art.layout == "A" else html.encode("gbk", "xmlcharrefreplace")


def gbk_only_chars(text: str) -> list[str]:
    """Characters of ``text`` that GBK encodes but GB2312 does not."""
    out = set()
    for ch in set(text):
        if ord(ch) < 128:
            continue
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            try:
                ch.encode("gbk")
                out.add(ch)
            except UnicodeEncodeError:
                pass
    return sorted(out)


def minimal_pdf(text: str) -> bytes:
    """A small valid one-page PDF (correct xref offsets) showing an ASCII line."""
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _teaser(art: Article) -> str:
    first = art.lead or (art.sections[0].lines[0] if art.sections[0].lines else "")
    return first[:40] + "..."


def _list_entries(arts: list[Article]) -> list[tuple[str, str, str, str]]:
    return [(a.path, a.title, f"{a.published:%Y-%m-%d}", _teaser(a)) for a in arts]


def _pager(page: int, pages: int) -> list[tuple[str, str]]:
    out = []
    if page > 1:
        out.append((f"/list/{page - 1}.html", "上一页"))
    out += [(f"/list/{n}.html", str(n)) for n in range(1, pages + 1)]
    if page < pages:
        out.append((f"/list/{page + 1}.html", "下一页"))
    return out


def _write_lists(
    out_dir: Path, public: list[Article], hot: list[tuple[str, str]], footer: list[tuple[str, str]]
) -> list[str]:
    newest = sorted(public, key=lambda a: a.published, reverse=True)
    pages = max(1, -(-len(newest) // PER_LIST_PAGE))
    paths = []
    for page in range(1, pages + 1):
        chunk = newest[(page - 1) * PER_LIST_PAGE : page * PER_LIST_PAGE]
        html = render.list_page_a(f"医保知识 第{page}页", _list_entries(chunk), _pager(page, pages), hot, footer)
        path = f"/list/{page}.html"
        _write(out_dir, path, html.encode("utf-8"))
        paths.append(path)
    index_entries = _list_entries(newest[:15])
    index_entries.append(("/article/99999.html", "今日推荐:医保卡余额查询全攻略", "2025-06-05", "..."))
    html = render.list_page_a(
        "社保网 - 医保知识大全",
        index_entries,
        [("/list/1.html", "更多>>"), ("/list/2.html" if pages > 1 else "/list/1.html", "下一页")],
        hot,
        footer,
    )
    _write(out_dir, "/index.html", html.encode("utf-8"))
    b_arts = [a for a in newest if a.layout == "B"]
    html = render.list_page_b("财经快报网 - 社保", "gb2312", _list_entries(b_arts), _hot_b(b_arts))
    _write(out_dir, "/gbk/index.html", html.encode("gbk", "xmlcharrefreplace"))
    return paths


def _hot_b(b_arts: list[Article]) -> list[tuple[str, str]]:
    return [(a.path, a.title) for a in b_arts[:8]]


def _sitemap(public: list[Article]) -> str:
    urls = "".join(
        f"<url><loc>{BASE_PLACEHOLDER}{a.path}</loc><lastmod>{a.published:%Y-%m-%d}</lastmod></url>\n" for a in public
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    )


def _robots() -> str:
    return f"User-agent: *\nDisallow: /private/\n\nSitemap: {BASE_PLACEHOLDER}/sitemap.xml\n"


_CSS = "body{font:14px/1.8 sans-serif}.wrap{width:1000px;margin:0 auto}.sidebar{float:right}\n"


def _gold_article(art: Article, html: str) -> dict:
    content = [line for item in art.items if item.kind in render.CONTENT_KINDS for line in item_lines(item)]
    boiler = [line for item in art.items if item.kind not in render.CONTENT_KINDS for line in item_lines(item)]
    return {
        "path": art.path,
        "id": art.id,
        "layout": art.layout,
        "encoding": "utf-8" if art.layout == "A" else "gbk",
        "declared_charset": art.charset,
        "header_charset": "utf-8" if art.layout == "A" else None,
        "city": art.city.name,
        "city_display": art.display,
        "province": art.city.province,
        "title": art.title,
        "published": f"{art.published:%Y-%m-%d %H:%M:%S}",
        "kind": art.kind,
        "disallowed": art.disallowed,
        "in_sitemap": not art.disallowed,
        "links_pdf": art.links_pdf,
        "lead": art.lead,
        "main_text": "\n".join(content),
        "boilerplate": boiler,
        "sections": [
            {
                "heading": s.heading,
                "text": "\n".join(s.lines),
                "template_id": s.template_id,
                "source": s.source,
                "variations": s.variations,
                "dropped": s.dropped,
                "reordered": s.reordered,
            }
            for s in art.sections
        ],
        "variations": [s.variations for s in art.sections],
        "gbk_only_chars": gbk_only_chars(html) if art.layout == "B" else [],
    }


def _render_article(
    art: Article, hot: list[tuple[str, str]], hot_b: list[tuple[str, str]], footer: list[tuple[str, str]]
) -> str:
    if art.layout == "A":
        return render.article_page_a(art.title, art.items, hot, art.path, footer)
    return render.article_page_b(art.title, art.charset, art.items, hot_b)


def build_site(out_dir: Path, *, seed: int = 7, n_articles: int = 180) -> Path:
    """Render the demo site into ``out_dir`` (created if needed); return the gold.json path."""
    out_dir = Path(out_dir)
    rng = random.Random(seed)
    public, private = plan_articles(rng, n_articles)
    list_pages = max(1, -(-len(public) // PER_LIST_PAGE))
    hot_arts = rng.sample([a for a in public if a.layout == "A"], min(10, len(public)))
    hot = [(a.path + (UTM_HOT if i % 2 else ""), a.title) for i, a in enumerate(hot_arts)]
    hot_b = _hot_b([a for a in public if a.layout == "B"])
    footer = [("/about.html", "关于我们"), ("/sitemap.xml", "网站地图")]
    footer_private = footer + [(private[0].path, "内部稿件")] if private else footer

    gold_articles = []
    for group in (public, private):
        for i, art in enumerate(group):
            prev = group[i - 1] if i > 0 else None
            nxt = group[i + 1] if i + 1 < len(group) else None
            art.items = _body_items(rng, art, public, prev, nxt, list_pages)
            _widen(art)
            html = _render_article(art, hot, hot_b, footer)
            _write(out_dir, art.path, _encode(art, html))
            gold_articles.append(_gold_article(art, html))

    list_paths = _write_lists(out_dir, public, hot, footer_private)
    _write(out_dir, "/sitemap.xml", _sitemap(public).encode("utf-8"))
    _write(out_dir, "/robots.txt", _robots().encode("utf-8"))
    _write(out_dir, PDF_PATH, minimal_pdf("Yibao guide - demo attachment"))
    _write(out_dir, "/static/style.css", _CSS.encode("utf-8"))

    utm = _utm_variants(hot, public + private)
    gold = _gold(seed, n_articles, gold_articles, public, private, list_paths, utm)
    gold_path = out_dir / "gold.json"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return gold_path


def _utm_variants(hot: list[tuple[str, str]], articles: list[Article]) -> list[dict]:
    """Every ?utm_ link the site contains (sidebar and related-link lines)."""
    hrefs = {href for href, _ in hot}
    for art in articles:
        for item in art.items:
            if item.kind == "related":
                hrefs.update(href for href, _, _ in item.entries)
    return [{"url": h, "path": h.split("?", 1)[0]} for h in sorted(hrefs) if "utm_source=" in h]


def _gold(
    seed: int,
    n_articles: int,
    articles: list[dict],
    public: list[Article],
    private: list[Article],
    list_paths: list[str],
    utm: list[dict],
) -> dict:
    by_template: dict[str, list[dict]] = {}
    for art in articles:
        for k, sec in enumerate(art["sections"]):
            by_template.setdefault(sec["template_id"], []).append({"path": art["path"], "section": k})
    return {
        "schema": 1,
        "seed": seed,
        "n_articles": n_articles,
        "base_url_placeholder": BASE_PLACEHOLDER,
        "gbk_only_chars": GBK_ONLY_CHARS,
        "articles": articles,
        "reachable_articles": [a.path for a in public],
        "disallowed_paths": [a.path for a in private],
        "disallowed_prefix": "/private/",
        "dead_links": list(DEAD_LINKS),
        "pdf_path": PDF_PATH,
        "utm_variants": utm,
        "list_pages": list_paths,
        "index_pages": ["/", "/index.html", "/gbk/index.html"],
        "sitemap_paths": [a.path for a in public],
        "templates": by_template,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Winnow demo content-farm site.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--articles", type=int, default=180)
    args = parser.parse_args(argv)
    gold = build_site(args.out_dir, seed=args.seed, n_articles=args.articles)
    print(f"demo site written to {args.out_dir} (gold: {gold})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
