"""Deterministic generator for a blind, held-out Chinese Q&A content farm.

Site: 晓问生活网 (www.xiaowen365.cn plus one subdomain per city).  Every
article page is one to three Q/A blocks drawn from shared templates and
rewritten per city; about 5 % of the articles are one-offs.  ``gold.jsonl``
records, per page, what a reader would call the title, the publish date, the
main text line by line, the boilerplate lines inside the body container, the
sections (template ids and cities) and the cities mentioned.

    python -m tests.blindfarm2.generate OUT_DIR [--articles N] [--seed S]
                                                [--punctuation fullwidth|ascii]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import pathlib
import random
import re

from . import boiler as B
from . import content as C

MAIN_HOST = "www." + B.DOMAIN
FOLD = str.maketrans({"：": ":", "，": ",", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"})
CN_NUM = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

TOPICS = dict(C.TOPICS)
TOPICS["misc"] = ("changshi", "生活常识", "日常办事", [("changshi", "生活常识"), ("banshi", "办事指南")])

# layout -> (tag, attribute, value) of the body container (used by the self-check)
LAYOUTS = {
    "qa": ("div", "id", "best-answer"),
    "news": ("div", "id", "artContent"),
    "logo": ("article", "class", "post-body"),
    "legacy": ("div", "id", "text"),
    "card": ("main", "class", "detail-main"),
}
LAYOUT_WEIGHTS = [("qa", 26), ("news", 24), ("logo", 20), ("legacy", 12), ("card", 18)]


# --------------------------------------------------------------------------- parsing
def _parse(src: str, oneoff: bool = False) -> list[dict]:
    out: list[dict] = []
    cur = None
    for raw in src.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            parts = line[1:].split()
            if oneoff:
                cur = {"id": "u%04d" % (len(out) + 1), "topic": "misc", "short": parts[1]}
            else:
                cur = {"id": parts[0], "topic": parts[1], "short": parts[2]}
            cur.update(q=[], s=[], units=[], local=[])
            out.append(cur)
            continue
        tag, _, text = line.partition(" ")
        units = cur["units"]
        if tag == "Q":
            cur["q"].append(text)
        elif tag == "S":
            cur["s"].append(text)
        elif tag in ("P", "P?", "P~"):
            units.append({"k": "p", "text": text, "opt": tag == "P?", "shuf": tag == "P~"})
        elif tag in ("L", "L#"):
            units.append({"k": "list", "intro": text, "steps": tag == "L#", "items": []})
        elif tag in ("-", "~"):
            units[-1]["items"].append((text, tag == "~"))
        elif tag == "T":
            if not units or units[-1]["k"] != "table":
                units.append({"k": "table", "rows": []})
            units[-1]["rows"].append(text.split("|"))
        elif tag == "K":
            label, _, body = text.partition("|")
            units.append({"k": "kv", "label": label, "text": body})
        elif tag == "C":
            cur["local"].append(text)
        else:  # pragma: no cover - authoring error
            raise ValueError(line)
    return out


TEMPLATES = _parse(C.TEMPLATES)
ONEOFFS = _parse(C.ONEOFFS, oneoff=True)
TPL_BY_ID = {t["id"]: t for t in TEMPLATES}
TOPIC_TPLS: dict[str, list[dict]] = {}
for _t in TEMPLATES:
    TOPIC_TPLS.setdefault(_t["topic"], []).append(_t)


# --------------------------------------------------------------------------- helpers
class City:
    def __init__(self, row):
        self.short, self.prov, self.prov_full, self.sub, self.districts, self.road = row
        self.host = f"{self.sub}.{B.DOMAIN}"

    def form(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.40:
            return self.short
        if r < 0.70:
            return self.short + "市"
        if r < 0.88:
            return self.prov + self.short
        return self.prov_full + self.short + "市"


CITIES = [City(r) for r in C.CITIES]


def fill(text: str, rng: random.Random, city: City | None) -> str:
    text = re.sub(r"\(\((.*?)\)\)", lambda m: rng.choice(m.group(1).split("|")), text)
    text = re.sub(r"\[\[(.*?)\]\]", lambda m: m.group(1) if rng.random() > 0.3 else "", text)

    def field(m):
        name = m.group(1)
        if name == "c":
            return city.form(rng) if city else ""
        if name == "L":
            return city.form(rng) if city else "当地"
        if name == "d1":
            return city.districts[0]
        if name == "d2":
            return city.districts[1]
        if name == "road":
            return city.road
        return m.group(0)

    return re.sub(r"\{(c|L|d1|d2|road)\}", field, text)


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def fmt_date(d: dt.datetime, prec: str) -> str:
    if prec == "day":
        return d.strftime("%Y-%m-%d")
    if prec == "min":
        return d.strftime("%Y-%m-%dT%H:%M")
    return d.strftime("%Y-%m-%dT%H:%M:%S")


# --------------------------------------------------------------------------- sections
LIST_STYLES_STEPS = ["ol", "dun", "dot", "paren", "circled", "step", "br"]
LIST_STYLES_PLAIN = ["ul", "ol", "dun", "paren", "bullet", "dot", "br"]


def _prefix(style: str, i: int) -> str:
    return {
        "ol": "",
        "ul": "",
        "br": f"{i}、",
        "dun": f"{i}、",
        "dot": f"{i}.",
        "paren": f"（{i}）",
        "circled": CIRCLED[i - 1],
        "step": f"第{CN_NUM[i - 1]}步：",
        "bullet": "● ",
    }[style]


def build_section(tpl: dict, city: City | None, rng: random.Random, heading: str) -> list[dict]:
    """Return the blocks of one section: first the heading, then content blocks.

    A block is {"kind", "lines", ...}; its HTML is produced by the layout.
    """
    units = [u for u in tpl["units"] if not (u.get("opt") and rng.random() < 0.4)]
    # shuffle runs of P~ paragraphs
    i = 0
    while i < len(units):
        if units[i].get("shuf"):
            j = i
            while j < len(units) and units[j].get("shuf"):
                j += 1
            run = units[i:j]
            rng.shuffle(run)
            units[i:j] = run
            i = j
        else:
            i += 1
    units = list(units)
    if city and tpl["local"]:
        k = rng.choice([0, 1, 1, 2])
        if city.short not in heading and not any(
            "{c}" in u.get("text", "") or "{L}" in u.get("text", "") for u in units
        ):
            k = max(k, 1)  # a city rewrite always names its city somewhere
        for text in rng.sample(tpl["local"], min(k, len(tpl["local"]))):
            pos = rng.randint(1, len(units))
            units.insert(pos, {"k": "p", "text": text, "local": True})
    blocks = [{"kind": "head", "lines": [heading]}]
    for u in units:
        if u["k"] == "p":
            blocks.append({"kind": "p", "lines": [fill(u["text"], rng, city)]})
        elif u["k"] == "kv":
            label, body = fill(u["label"], rng, city), fill(u["text"], rng, city)
            style = rng.choice(["strong", "bracket", "span"])
            line = f"【{label}】{body}" if style == "bracket" else f"{label}：{body}"
            blocks.append({"kind": "kv", "lines": [line], "label": label, "body": body, "style": style})
        elif u["k"] == "table":
            rows = [[fill(c, rng, city) for c in r] for r in u["rows"]]
            blocks.append({"kind": "table", "rows": rows, "lines": [" ".join(r) for r in rows]})
        elif u["k"] == "list":
            items = list(u["items"])
            idx = [n for n, (_, s) in enumerate(items) if s]
            vals = [items[n] for n in idx]
            rng.shuffle(vals)
            for n, v in zip(idx, vals, strict=False):
                items[n] = v
            if len(items) > 3 and not u["steps"] and rng.random() < 0.25:
                items.pop(rng.randrange(len(items)))
            texts = [fill(t, rng, city) for t, _ in items]
            style = rng.choice(LIST_STYLES_STEPS if u["steps"] else LIST_STYLES_PLAIN)
            intro = fill(u["intro"], rng, city)
            blocks.append({"kind": "p", "lines": [intro], "intro": True})
            lines = [_prefix(style, n + 1) + t for n, t in enumerate(texts)]
            blocks.append({"kind": "list", "style": style, "items": texts, "lines": lines})
    return blocks


def make_heading(tpl: dict, city: City | None, rng: random.Random, mode: str, num: str) -> str:
    pool = tpl["q"] if (mode == "q" or not tpl["s"]) else tpl["s"]
    h = fill(rng.choice(pool), rng, city)
    return num + h


def numbering(style: str, i: int) -> str:
    if style == "cn":
        return CN_NUM[i] + "、"
    if style == "paren":
        return f"（{CN_NUM[i]}）"
    if style == "arabic":
        return f"{i + 1}."
    if style == "wen":
        return f"问题{CN_NUM[i]}："
    return ""


# --------------------------------------------------------------------------- body assembly
class Body:
    """Ordered body-container items; each is main content or boilerplate."""

    def __init__(self):
        self.items: list[dict] = []

    def main(self, block: dict, html_: str, sec: int):
        self.items.append({"main": True, "lines": block["lines"], "html": html_, "sec": sec, "block": block})

    def bp(self, lines: list[str], html_: str):
        self.items.append({"main": False, "lines": lines, "html": html_})


def block_html(block: dict, hstyle: str, layout: str) -> str:
    k = block["kind"]
    if k == "head":
        t = esc(block["lines"][0])
        return {
            "h2": f"<h2>{t}</h2>",
            "h3": f'<h3 class="sub-title">{t}</h3>',
            "pstrong": f"<p><strong>{t}</strong></p>",
            "pb": f"<p><b>{t}</b></p>",
            "div": f'<div class="{ {"qa": "wd-q", "logo": "sub-q", "card": "card-q"}.get(layout, "stitle") }">{t}</div>',
            "plain": f"<p>{t}</p>",
        }[hstyle]
    if k == "p":
        return f"<p>{esc(block['lines'][0])}</p>"
    if k == "kv":
        lab, body = esc(block["label"]), esc(block["body"])
        if block["style"] == "strong":
            return f"<p><strong>{lab}：</strong>{body}</p>"
        if block["style"] == "bracket":
            return f"<p>【{lab}】{body}</p>"
        return f'<p><span class="lab">{lab}</span>：{body}</p>'
    if k == "table":
        rows = block["rows"]
        border = ' border="1" cellspacing="0"' if layout == "legacy" else ' class="tb"'
        out = [f"<table{border}>"]
        for n, r in enumerate(rows):
            cell = "th" if n == 0 and layout != "legacy" else "td"
            out.append("<tr>" + "".join(f"<{cell}>{esc(c)}</{cell}>" for c in r) + "</tr>")
        out.append("</table>")
        return "\n".join(out)
    if k == "list":
        st = block["style"]
        if st in ("ol", "ul"):
            return f"<{st}>" + "".join(f"<li>{esc(t)}</li>" for t in block["items"]) + f"</{st}>"
        if st == "br":
            return "<p>" + "<br>\n".join(esc(t) for t in block["lines"]) + "</p>"
        return "\n".join(f"<p>{esc(t)}</p>" for t in block["lines"])
    raise ValueError(k)


BP_CLASSES = {
    "intro": ["intro", "lead", "", "c-gray"],
    "outro": ["end", "", "summary-tip"],
    "prompt": ["follow", "", "tips"],
    "disclaim": ["statement", "note", "", "disclaimer"],
    "copyright": ["copy", "", "c-gray", "notice"],
    "platform": ["platform", "", "note"],
    "caption": ["img-desc", "pic-note", ""],
    "teaser": ["related-q", "", "xg"],
    "label": ["ans-label", "best-tag"],
    "user": ["ans-user", "answerer"],
    "vote": ["ans-vote", "useful", "zan"],
    "trans": ["", "trans"],
    "kw": ["keywords", "tags", ""],
    "share": ["share", "bdsharebuttonbox", "share-bar"],
    "pn": ["prenext", "page-turn", ""],
    "credit": ["editor", "", "author-info"],
    "updated": ["upd", ""],
    "byline": ["post-meta", "meta"],
}


def bp_p(rng, kind: str, line: str, inner: str | None = None, tag: str | None = None) -> str:
    cls = rng.choice(BP_CLASSES[kind])
    tag = tag or rng.choice(["p", "p", "div"])
    attr = f' class="{cls}"' if cls else ""
    return f"<{tag}{attr}>{inner if inner is not None else esc(line)}</{tag}>"


# --------------------------------------------------------------------------- site planning
def _plan(articles: int, seed: int) -> list[dict]:
    rng = random.Random(f"plan-{seed}")
    n_one = min(round(articles * 0.05), len(ONEOFFS))
    one_slots = set(rng.sample(range(articles), n_one)) if n_one else set()
    n_gbk = max(1, round(articles * 0.03)) if articles >= 10 else 0
    gbk_slots = rng.sample(range(articles), n_gbk) if n_gbk else []
    ids = rng.sample(range(10000, 99999), articles)
    one_iter = iter(rng.sample(ONEOFFS, n_one))
    topics = list(TOPIC_TPLS)
    plans = []
    start = dt.datetime(2019, 1, 1)
    for i in range(articles):
        p: dict = {"n": i, "id": ids[i]}
        if i in one_slots:
            tpl = next(one_iter)
            p["tpls"] = [tpl]
            p["topic"] = "misc"
            p["city"] = rng.choice(CITIES) if ("{c}" in str(tpl) and rng.random() < 0.8) else None
        else:
            topic = rng.choice(topics)
            pool = TOPIC_TPLS[topic]
            k = min(len(pool), rng.choices([1, 2, 3], [45, 35, 20])[0])
            chosen = rng.sample(pool, k)
            if rng.random() < 0.75:
                chosen.sort(key=lambda t: t["id"])
            p["tpls"] = chosen
            p["topic"] = topic
            p["city"] = None if rng.random() < 0.12 else rng.choice(CITIES)
        p["host"] = p["city"].host if p["city"] else MAIN_HOST
        p["layout"] = rng.choices([ln for ln, _ in LAYOUT_WEIGHTS], [w for _, w in LAYOUT_WEIGHTS])[0]
        p["date"] = start + dt.timedelta(seconds=rng.randrange(6 * 365 * 86400))
        if i in gbk_slots:
            p["encoding"] = "gbk"
            p["declared"] = ["gbk", "gb2312", "utf-8"][gbk_slots.index(i) % 3]
        else:
            p["encoding"] = "utf-8"
            p["declared"] = "utf-8"
        p["title_rng"] = random.Random(f"title-{seed}-{i}")
        plans.append(p)
    for p in plans:
        _plan_title_url(p)
    return plans


def _plan_title_url(p: dict) -> None:
    rng = p["title_rng"]
    tpl, city = p["tpls"][0], p["city"]
    mode = rng.choice(["q", "q", "s"]) if tpl["s"] else "q"
    main = fill(rng.choice(tpl["q"] if mode == "q" else tpl["s"]), rng, city)
    sub = None
    r = rng.random()
    if r < 0.35:
        subs = [
            f"{p['date'].year}年最新整理",
            "一文讲清楚",
            "看完少跑冤枉路",
            "附常见问题解答",
            "过来人的经验总结",
            "建议收藏",
        ]
        if len(p["tpls"]) > 1:
            subs.append("附" + p["tpls"][1]["short"])
        sub = rng.choice(subs)
    if sub:
        sep = "——" if main.endswith("？") or rng.random() < 0.5 else "："
        p["title"] = main + sep + sub
    else:
        p["title"] = main
    lay, aid, d = p["layout"], p["id"], p["date"]
    cat = TOPICS[p["topic"]][0]
    if lay == "qa":
        path = f"wenda/{aid}.html"
    elif lay == "news":
        path = f"{cat}/{aid}.html"
    elif lay == "logo":
        path = f"a/{aid}.html"
    elif lay == "legacy":
        path = f"html/{d:%Y}/{d:%m%d}/{aid}.html"
    else:
        path = f"m/p/{aid}/"
    p["urlpath"] = "/" + path
    p["file"] = path + ("index.html" if path.endswith("/") else "")
    p["url"] = f"https://{p['host']}/{path}"


# --------------------------------------------------------------------------- page chrome
def _nav(host: str) -> str:
    links = ['<a href="/">首页</a>'] + [f'<a href="/{v[0]}/">{v[1]}</a>' for v in TOPICS.values()]
    return '<div class="nav">' + " ".join(links) + "</div>"


def _sidebar(rng, related: list[dict], title: str = "相关问题") -> str:
    lis = "".join(
        f'<li><a href="{r["urlpath"]}">{esc(r["title"])}</a><span class="d">{r["date"]:%Y-%m-%d}</span></li>'
        for r in related
    )
    hot = "".join(f'<a href="/tag/{s}.html">{n}</a> ' for v in list(TOPICS.values())[:5] for s, n in v[3][:1])
    return (
        f'<div class="side"><div class="side-box"><h3>{title}</h3><ul>{lis}</ul></div>'
        f'<div class="side-box"><h3>热门标签</h3>{hot}</div></div>'
    )


def _footer(rng, host: str) -> str:
    year = rng.choice([2023, 2024, 2025])
    return (
        '<div class="footer"><p><a href="/about.html">关于我们</a> | <a href="/contact.html">联系我们</a> | '
        '<a href="/mianze.html">免责声明</a> | <a href="/sitemap.xml">网站地图</a></p>'
        f"<p>Copyright © 2016-{year} {B.SITE} {B.DOMAIN} 版权所有　浙ICP备1703{rng.randint(1000, 9999)}号-2</p></div>"
    )


def _head(p_title_tag: str, charset: str, extra: str, legacy: bool, url: str, desc: str) -> str:
    cs = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if legacy
        else f'<meta charset="{charset}">'
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n' + cs + "\n"
        f"<title>{esc(p_title_tag)}</title>\n"
        f'<meta name="description" content="{html.escape(desc)}">\n'
        f'<link rel="canonical" href="{url}">\n' + extra + "</head>\n"
    )


def _jsonld(obj: dict) -> str:
    s = json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{s}</script>\n'


# --------------------------------------------------------------------------- article rendering
def render_article(p: dict, plans_by_host: dict, seed: int, fold_all: bool) -> tuple[str, dict]:
    rng = random.Random(f"art-{seed}-{p['n']}")
    lay, city, d = p["layout"], p["city"], p["date"]
    topic_words = TOPICS[p["topic"]][2]
    fmt = lambda s: s.replace("{topic}", topic_words)  # noqa: E731
    pick = rng.choice

    # ---- sections
    multi = len(p["tpls"]) > 1
    num_style = pick(["cn", "paren", "arabic", "wen", "", ""]) if multi else pick(["", "", "", "", "cn"])
    hmode = pick(["q", "q", "s", "mix"])
    hstyle = pick(
        {
            "qa": ["h3", "pstrong", "div"],
            "news": ["h2", "h3", "pstrong"],
            "logo": ["pb", "div", "h3"],
            "legacy": ["pstrong", "plain", "pb"],
            "card": ["div", "h2", "pstrong"],
        }[lay]
    )
    sections, sec_blocks = [], []
    for si, tpl in enumerate(p["tpls"]):
        mode = hmode if hmode != "mix" else pick(["q", "s"])
        head = make_heading(tpl, city, rng, mode, numbering(num_style, si))
        blocks = build_section(tpl, city, rng, head)
        sec_blocks.append(blocks)
        sections.append(
            {
                "heading": head,
                "template_id": tpl["id"],
                "city": city.short if city else None,
                "province": city.prov if city else None,
                "paragraphs": [ln for b in blocks[1:] for ln in b["lines"]],
            }
        )

    # ---- others on same host, for teasers / prev-next / sidebar
    host_list = plans_by_host[p["host"]]
    others = [o for o in host_list if o is not p]
    related = rng.sample(others, min(6, len(others)))
    pos = host_list.index(p)
    prev_p = host_list[pos - 1] if pos > 0 else None
    next_p = host_list[pos + 1] if pos + 1 < len(host_list) else None

    # ---- body
    body = Body()
    when = lambda t: t.strftime(pick(["%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y年%m月%d日 %H:%M"]))  # noqa: E731
    answer_time = d + dt.timedelta(minutes=rng.randint(20, 60 * 24 * 20))
    updated_time = d + dt.timedelta(days=rng.randint(3, 500), minutes=rng.randint(0, 1440))
    views = rng.randint(120, 98000)
    author = pick(B.EDITORS)

    if lay == "logo":
        line = f"{author} 发表于 {d:%Y年%m月%d日} · 阅读 {views}"
        inner = f'{esc(author)} 发表于 <time datetime="{d:%Y-%m-%d}">{d:%Y年%m月%d日}</time> · 阅读 {views}'
        body.bp([line], bp_p(rng, "byline", line, inner, tag="p"))
    if lay == "qa" or (lay == "card" and rng.random() < 0.3):
        lab = pick(B.ANSLABEL)
        body.bp([lab], bp_p(rng, "label", lab, tag="div"))
        if lay == "qa":
            u = pick(B.ANSUSER).format(name=pick(B.ANSWERERS), when=when(answer_time))
            body.bp([u], bp_p(rng, "user", u, tag="div"))
    if lay in ("news", "logo") and rng.random() < 0.25:
        u = pick(B.UPDATED).format(when=when(updated_time))
        body.bp([u], bp_p(rng, "updated", u))
    if rng.random() < 0.15:
        t = pick(B.DISCLAIM)
        body.bp([t], bp_p(rng, "disclaim", t))
    if rng.random() < 0.6:
        t = fmt(pick(B.INTRO))
        body.bp([t], bp_p(rng, "intro", t))

    teaser_left = 1 if rng.random() < 0.45 else 0
    image_done = False
    for si, blocks in enumerate(sec_blocks):
        if lay == "card":
            body.items.append({"main": None, "lines": [], "html": '<section class="card">'})
        if si > 0 and rng.random() < 0.6:
            t = pick(B.TRANSITION)
            if "{prev}" in t:
                t = t.format(prev=p["tpls"][si - 1]["short"], next=p["tpls"][si]["short"])
            body.bp([t], bp_p(rng, "trans", t, tag="p"))
        n_content = len(blocks) - 1
        img_at = rng.randint(1, n_content) if (not image_done and rng.random() < 0.4) else -1
        teaser_at = rng.randint(2, max(2, n_content)) if teaser_left else -1
        # never separate a list intro from its list
        while 0 <= img_at < len(blocks) and blocks[img_at].get("intro"):
            img_at += 1
        while 0 <= teaser_at < len(blocks) and blocks[teaser_at].get("intro"):
            teaser_at += 1
        for bi, b in enumerate(blocks):
            body.main(b, block_html(b, hstyle, lay), si)
            if bi == img_at:
                image_done = True
                cap = fmt(pick(B.CAPTION))
                src = f"/uploads/{d:%Y%m}/{rng.randrange(16**8):08x}.jpg"
                alt = esc(sections[si]["heading"][:12])
                if rng.random() < 0.5:
                    body.bp([cap], f'<figure><img src="{src}" alt="{alt}"><figcaption>{esc(cap)}</figcaption></figure>')
                else:
                    body.items.append(
                        {"main": None, "lines": [], "html": f'<p class="img-c"><img src="{src}" alt="{alt}"></p>'}
                    )
                    body.bp([cap], bp_p(rng, "caption", cap, tag="p"))
            if bi == teaser_at and others:
                teaser_left = 0
                tgt = pick(others)
                t = pick(B.TEASER).format(q=tgt["title"])
                inner = f'<a href="{tgt["urlpath"]}">{esc(t)}</a>'
                last = body.items[-1]
                if last.get("main") and b["kind"] == "p" and rng.random() < 0.4:
                    # glued onto the paragraph it follows (same <p>, after a <br>)
                    last["html"] = last["html"][:-4] + "<br>" + inner + "</p>"
                    body.items.append({"main": False, "lines": [t], "html": ""})
                else:
                    body.bp([t], bp_p(rng, "teaser", t, inner, tag="p"))
        if lay == "card":
            body.items.append({"main": None, "lines": [], "html": "</section>"})

    # trailing boilerplate, in a page-specific order
    trail = []
    if rng.random() < 0.5:
        t = fmt(pick(B.OUTRO))
        trail.append(([t], bp_p(rng, "outro", t)))
    if rng.random() < 0.45:
        t = pick(B.PROMPT)
        trail.append(([t], bp_p(rng, "prompt", t)))
    if rng.random() < 0.55:
        t = pick(B.CREDIT).format(e=author, r=pick(B.REVIEWERS))
        trail.append(([t], bp_p(rng, "credit", t)))
    if rng.random() < 0.55:
        t = pick(B.DISCLAIM)
        trail.append(([t], bp_p(rng, "disclaim", t)))
    if rng.random() < 0.45:
        t = pick(B.COPYRIGHT)
        trail.append(([t], bp_p(rng, "copyright", t)))
    if rng.random() < (0.7 if lay == "qa" else 0.25):
        t = pick(B.PLATFORM)
        trail.append(([t], bp_p(rng, "platform", t)))
    rng.shuffle(trail)
    if lay == "qa" or rng.random() < 0.15:
        t = pick(B.VOTE).format(n=rng.randint(2, 900), m=rng.randint(0, 40))
        trail.insert(0 if lay == "qa" else len(trail), ([t], bp_p(rng, "vote", t, tag="div")))
    if rng.random() < 0.5:
        kws = [n for _, n in TOPICS[p["topic"]][3]] + ([city.short] if city else [])
        t = pick(B.KEYWORDS).format(kw=pick([" ", "、", "，"]).join(kws))
        trail.append(([t], bp_p(rng, "kw", t, tag="div")))
    if rng.random() < 0.4:
        parts = pick(B.SHARE)
        t = " ".join(parts)
        inner = esc(parts[0]) + " " + " ".join(f'<a href="javascript:;">{esc(x)}</a>' for x in parts[1:])
        trail.append(([t], bp_p(rng, "share", t, inner, tag="div")))
    if rng.random() < 0.5 and (prev_p or next_p):
        a, b = pick(B.PREVNEXT)
        lines, inners = [], []
        dated = rng.random() < 0.3
        for lab, q in ((a, prev_p), (b, next_p)):
            if q is None:
                t = lab + "没有了"
                lines.append(t)
                inners.append(f"<p>{esc(t)}</p>")
            else:
                suffix = f"（{q['date']:%Y-%m-%d}）" if dated else ""
                t = lab + q["title"] + suffix
                lines.append(t)
                inners.append(f'<p>{esc(lab)}<a href="{q["urlpath"]}">{esc(q["title"])}</a>{esc(suffix)}</p>')
        cls = pick(BP_CLASSES["pn"])
        trail.append((lines, f'<div class="{cls or "pn"}">' + "".join(inners) + "</div>"))
    for lines, h in trail:
        body.bp(lines, h)

    main_text = [ln for it in body.items if it["main"] for ln in it["lines"]]
    bp_lines = [ln for it in body.items if it["main"] is False for ln in it["lines"]]
    body_html = "\n".join(it["html"] for it in body.items if it["html"])

    # ---- chrome + dates
    title = p["title"]
    suffixes = {
        "qa": [f"{title}_晓问问答_{B.SITE}", f"{title} - {B.SITE}"],
        "news": [f"{title}-{B.SITE}", f"{title}_{(city.short + '频道_') if city else ''}{B.SITE}"],
        "logo": [f"{title} | {B.SITE}", f"{title} | 晓问"],
        "legacy": [f"{title}_{B.SITE}", f"{title}-{B.SITE}-生活百事通"],
        "card": [f"{title} - {B.SITE}{(city.short + '站') if city else ''}", f"{title}_{B.SITE}手机版"],
    }[lay]
    title_tag = pick(suffixes)
    desc = (sections[0]["paragraphs"] or [""])[0][:70]
    charset = p["declared"]
    url = p["url"]
    extra = ""
    if lay == "qa":
        prec = "min"
        iso = d.strftime("%Y-%m-%dT%H:%M")
        extra += _jsonld(
            {
                "@context": "https://schema.org",
                "@type": "QAPage",
                "mainEntity": {
                    "@type": "Question",
                    "name": title,
                    "dateCreated": iso,
                    "answerCount": 1,
                    "acceptedAnswer": {
                        "@type": "Answer",
                        "dateCreated": answer_time.strftime("%Y-%m-%dT%H:%M"),
                        "upvoteCount": rng.randint(1, 300),
                    },
                },
            }
        )
        disp = d.strftime(pick(["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M"]))
        top = (
            f'<div class="question-box"><h1 class="q-h1">{esc(title)}</h1>\n'
            f'<div class="q-info"><span>提问者：{esc(pick(["匿名网友", "用户" + str(rng.randint(1000, 9999)), "小白求助"]))}</span> '
            f'<span>提问时间：<time datetime="{iso}">{disp}</time></span> <span>{views}次浏览</span></div></div>\n'
        )
        open_tag = '<div class="answer-box best" id="best-answer">'
        close_tag = "</div>"
    elif lay == "news":
        prec = "sec"
        extra += f'<meta property="article:published_time" content="{d:%Y-%m-%dT%H:%M:%S}+08:00">\n'
        extra += f'<meta property="article:modified_time" content="{updated_time:%Y-%m-%dT%H:%M:%S}+08:00">\n'
        disp = d.strftime(pick(["%Y-%m-%d %H:%M:%S", "%Y年%m月%d日 %H:%M:%S"]))
        upd = "" if rng.random() < 0.5 else f"　更新时间：{updated_time:%Y-%m-%d %H:%M:%S}"
        top = (
            f'<h1 class="art-title">{esc(title)}</h1>\n'
            f'<div class="art-info">来源：{esc(pick(B.SOURCES))}　作者：{esc(author)}　发布时间：{disp}{upd}　阅读：{views}</div>\n'
        )
        open_tag = '<div class="article-content" id="artContent">'
        close_tag = "</div>"
    elif lay == "logo":
        prec = "day"
        top = (
            f'<div class="post">\n<h2 class="post-title">{esc(title)}</h2>\n'
            if rng.random() < 0.5
            else f'<div class="post">\n<div class="post-title">{esc(title)}</div>\n'
        )
        open_tag = '<article class="post-body">'
        close_tag = "</article>\n</div>"
    elif lay == "legacy":
        prec = "day"
        top = (
            f'<div class="title"><h1>{esc(title)}</h1></div>\n'
            f'<div class="info">时间: {d:%Y-%m-%d} 来源: {esc(pick(B.SOURCES))} 作者: {esc(author)} 点击: <span>{views}</span></div>\n'
        )
        open_tag = '<div id="text" class="content">'
        close_tag = "</div>"
    else:  # card
        prec = "min"
        extra += _jsonld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": title,
                "datePublished": d.strftime("%Y-%m-%dT%H:%M+08:00"),
                "dateModified": updated_time.strftime("%Y-%m-%dT%H:%M+08:00"),
                "author": {"@type": "Person", "name": author},
                "publisher": {"@type": "Organization", "name": B.SITE},
            }
        )
        disp = d.strftime(pick(["%Y/%m/%d %H:%M 发布", "发布于 %Y年%m月%d日 %H:%M", "%Y-%m-%d %H:%M"]))
        top = (
            f'<h1 class="d-title">{esc(title)}</h1>\n'
            f'<div class="d-meta"><span class="src">{esc(pick(B.SOURCES))}</span> <span class="time">{disp}</span></div>\n'
        )
        open_tag = '<main class="detail-main">'
        close_tag = "</main>"

    crumbs = (
        f'<div class="crumbs"><a href="/">首页</a> &gt; <a href="/{TOPICS[p["topic"]][0]}/">'
        f"{TOPICS[p['topic']][1]}</a> &gt; 正文</div>\n"
    )
    if lay == "logo":
        header = f'<header><h1 class="logo"><a href="/">{B.SITE}</a></h1>{_nav(p["host"])}</header>\n'
    elif lay == "card":
        header = f'<div class="m-top"><a href="/" class="back">返回</a><span class="m-logo">{B.SITE}</span></div>\n'
    else:
        header = f'<div class="header"><div class="logo"><a href="/">{B.SITE}</a></div>{_nav(p["host"])}</div>\n'
    side = _sidebar(rng, related, pick(["相关问题", "猜你喜欢", "最新文章", "热门推荐"]))
    foot = _footer(rng, p["host"])
    if lay == "legacy":
        page_body = (
            f'<body>\n{header}{crumbs}<table width="960" align="center"><tr><td class="left" valign="top">\n'
            f'{top}{open_tag}\n{body_html}\n{close_tag}\n</td><td class="right" valign="top">{side}</td></tr></table>\n{foot}\n</body>\n</html>\n'
        )
    else:
        page_body = (
            f'<body>\n<div class="wrap">\n{header}{crumbs}<div class="main">\n{top}{open_tag}\n'
            f"{body_html}\n{close_tag}\n</div>\n{side}\n</div>\n{foot}\n</body>\n</html>\n"
        )
    page = _head(title_tag, charset, extra, lay == "legacy", url, desc) + page_body

    cities = []
    for ln in main_text:
        for c in CITIES:
            if c.short in ln and c.short not in cities:
                cities.append(c.short)
    gold = {
        "host": p["host"],
        "path": f"{p['host']}/{p['file']}",
        "url": url,
        "page_type": "article",
        "layout": lay,
        "encoding": p["encoding"],
        "charset_declared": charset,
        "title": title,
        "published_at": fmt_date(d, prec),
        "main_text": main_text,
        "boilerplate": bp_lines,
        "sections": sections,
        "cities": sorted(cities, key=lambda s: _first_pos(main_text, s)),
    }
    if fold_all or lay == "legacy":
        page = page.translate(FOLD)
        gold = _fold_gold(gold)
    return page, gold


def _first_pos(lines, s):
    for n, ln in enumerate(lines):
        if s in ln:
            return (n, ln.index(s))
    return (len(lines), 0)


def _fold_gold(g: dict) -> dict:
    def f(x):
        if isinstance(x, str):
            return x.translate(FOLD)
        if isinstance(x, list):
            return [f(y) for y in x]
        if isinstance(x, dict):
            return {k: (v if k in ("host", "path", "url", "template_id") else f(v)) for k, v in x.items()}
        return x

    return f(g)


# --------------------------------------------------------------------------- list pages
PER_PAGE = 15


def render_list(
    host: str,
    urlpath: str,
    heading: str,
    tag_title: str,
    entries: list[dict],
    extra_links: str,
    pager: str,
    rng: random.Random,
    fold_all: bool,
) -> tuple[str, dict]:
    lis = "\n".join(
        f'<li><a href="{e["urlpath"]}">{esc(e["title"])}</a> <span class="time">{e["date"]:%Y-%m-%d}</span></li>'
        for e in entries
    )
    page = (
        _head(tag_title, "utf-8", "", False, f"https://{host}{urlpath}", heading)
        + f'<body>\n<div class="wrap">\n<div class="header"><div class="logo"><a href="/">{B.SITE}</a></div>{_nav(host)}</div>\n'
        f'<div class="main"><h1 class="list-title">{esc(heading)}</h1>\n{extra_links}<ul class="art-list">\n{lis}\n</ul>\n{pager}</div>\n'
        f"</div>\n{_footer(rng, host)}\n</body>\n</html>\n"
    )
    file = urlpath.lstrip("/")
    if file == "" or file.endswith("/"):
        file += "index.html"
    gold = {
        "host": host,
        "path": f"{host}/{file}",
        "url": f"https://{host}{urlpath}",
        "page_type": "list",
        "layout": "list",
        "encoding": "utf-8",
        "charset_declared": "utf-8",
        "title": heading,
        "published_at": None,
        "main_text": [],
        "boilerplate": [],
        "sections": [],
        "cities": [],
    }
    if fold_all:
        page = page.translate(FOLD)
        gold = _fold_gold(gold)
    return page, gold


def _host_lists(host: str, arts: list[dict], rng, fold_all: bool, city: City | None) -> list[tuple[str, dict]]:
    out = []
    site_name = B.SITE + (f"{city.short}站" if city else "")
    newest = sorted(arts, key=lambda a: a["date"], reverse=True)
    cats = {}
    for a in newest:
        cats.setdefault(a["topic"], []).append(a)
    cat_links = (
        '<div class="cats">' + " ".join(f'<a href="/{TOPICS[t][0]}/">{TOPICS[t][1]}</a>' for t in cats) + "</div>\n"
    )
    extra = cat_links
    if city is None:
        extra += (
            '<div class="city-sites">'
            + " ".join(f'<a href="https://{c.host}/">{c.short}</a>' for c in CITIES)
            + "</div>\n"
        )
    out.append(
        render_list(host, "/", site_name, f"{site_name}_生活问答_办事指南", newest[:30], extra, "", rng, fold_all)
    )
    for t, items in cats.items():
        slug, name = TOPICS[t][0], TOPICS[t][1]
        pages = [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
        for n, chunk in enumerate(pages, 1):
            up = f"/{slug}/" if n == 1 else f"/{slug}/list_{n}.html"
            links = []
            for m in range(1, len(pages) + 1):
                href = f"/{slug}/" if m == 1 else f"/{slug}/list_{m}.html"
                links.append(f"<span>{m}</span>" if m == n else f'<a href="{href}">{m}</a>')
            if n < len(pages):
                links.append(f'<a href="/{slug}/list_{n + 1}.html">下一页</a>')
            pager = '<div class="pages">' + " ".join(links) + "</div>\n"
            tt = f"{name}_{site_name}" if n == 1 else f"{name}_第{n}页_{site_name}"
            out.append(render_list(host, up, name, tt, chunk, "", pager, rng, fold_all))
    tags = {}
    for a in newest:
        for s, n in TOPICS[a["topic"]][3][: (2 if city is None else 1)]:
            tags.setdefault((s, n), []).append(a)
    for (s, n), items in tags.items():
        out.append(render_list(host, f"/tag/{s}.html", n, f"{n}相关问题_{site_name}", items, "", "", rng, fold_all))
    return out


# --------------------------------------------------------------------------- entry point
def build_site(
    out_dir: pathlib.Path, *, articles: int = 400, seed: int = 11, punctuation: str = "fullwidth"
) -> list[dict]:
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError(punctuation)
    fold_all = punctuation == "ascii"
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plans = _plan(articles, seed)
    by_host: dict[str, list[dict]] = {}
    for p in sorted(plans, key=lambda p: p["id"]):
        by_host.setdefault(p["host"], []).append(p)
    golds: list[dict] = []
    written: dict[str, list[tuple[str, str]]] = {}

    def write(gold: dict, page: str, enc: str):
        path = out_dir / gold["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.encode(enc, errors="xmlcharrefreplace"))
        golds.append(gold)

    for p in plans:
        page, gold = render_article(p, by_host, seed, fold_all)
        write(gold, page, p["encoding"])
        written.setdefault(p["host"], []).append((gold["url"], p["date"].strftime("%Y-%m-%d")))
    rng = random.Random(f"lists-{seed}")
    hosts = [(MAIN_HOST, None)] + [(c.host, c) for c in CITIES]
    for host, city in hosts:
        for page, gold in _host_lists(host, by_host.get(host, []), rng, fold_all, city):
            write(gold, page, "utf-8")
            written.setdefault(host, []).append((gold["url"], None))
        hdir = out_dir / host
        hdir.mkdir(parents=True, exist_ok=True)
        (hdir / "robots.txt").write_text(
            "User-agent: *\nDisallow: /search/\nDisallow: /member/\nDisallow: /*?from=\n\n"
            f"Sitemap: https://{host}/sitemap.xml\n",
            encoding="utf-8",
        )
        urls = []
        for u, lm in written.get(host, []):
            urls.append(f"  <url><loc>{html.escape(u)}</loc>" + (f"<lastmod>{lm}</lastmod>" if lm else "") + "</url>")
        (hdir / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(urls)
            + "\n</urlset>\n",
            encoding="utf-8",
        )
    with open(out_dir / "gold.jsonl", "w", encoding="utf-8") as fh:
        for g in golds:
            fh.write(json.dumps(g, ensure_ascii=False) + "\n")
    return golds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=pathlib.Path)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    a = ap.parse_args(argv)
    golds = build_site(a.out_dir, articles=a.articles, seed=a.seed, punctuation=a.punctuation)
    arts = sum(g["page_type"] == "article" for g in golds)
    print(f"wrote {len(golds)} pages ({arts} articles, {len(golds) - arts} list pages) to {a.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
