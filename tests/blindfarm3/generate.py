"""Deterministic generator of a blind test content farm: 康途健康网 (kangtu120.com).

A 健康/医疗/养老 guidance farm whose articles are rewritten per city.  See README.md.

    python -m tests.blindfarm3.generate OUT_DIR [--articles N] [--seed S] [--punctuation fullwidth|ascii]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import json
import pathlib
import random
import re
import sys

from . import data as D
from .templates import ONEOFFS
from .templates import T as TEMPLATES

FOLD = str.maketrans({"：": ":", "，": ",", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"})
LAYOUTS = ["portal", "logo", "faq", "ascii", "card"]
LAYOUT_WEIGHTS = [30, 22, 18, 12, 18]
CAT_NAME = dict(D.CATEGORIES)


def fold(s: str) -> str:
    return s.translate(FOLD)


def esc(s: str) -> str:
    return html.escape(s, quote=True)


# ---------------------------------------------------------------------------
# cities


def city_context(seed: int, row) -> dict:
    sub, city, prov, capital, area, districts, app = row
    r = random.Random(f"{seed}/city/{sub}")
    r3 = r.choice([70, 75, 78, 80])
    ctx = dict(
        sub=sub,
        city=city,
        prov=prov,
        capital=capital,
        area=area,
        app=app,
        district=districts[0],
        district2=districts[1],
        districts=districts,
        host=f"{sub}.{D.DOMAIN}",
        hot=f"{area}-{r.randint(81000000, 89999999)}",
        h1=f"{city}市第一人民医院",
        h2=f"{city}市中心医院",
        tcm=f"{city}市中医院",
        fy=f"{city}市妇幼保健院",
        cdc=f"{city}市疾病预防控制中心",
        yb=f"{city}市医疗保障局",
        mz=f"{city}市民政局",
        cl=f"{city}市残疾人联合会",
        r3=r3,
        r2=r3 + r.choice([5, 8, 10]),
        r1=min(95, r3 + r.choice([12, 15, 18])),
        qf3=r.choice([800, 900, 1000, 1200]),
        qf2=r.choice([500, 600, 700]),
        qf1=r.choice([200, 300, 400]),
        cap=r.choice([30, 35, 40, 50]),
        tx=r.choice([3, 5]),
        jm=r.choice([380, 400]),
        nurse=r.choice([80, 90, 100, 110]),
        nurse2=r.choice([100, 120, 150]),
        g80=r.choice([50, 60, 100]),
        g90=r.choice([150, 200, 300]),
        g100=r.choice([500, 600, 800]),
        ylfee=r.choice([1800, 2200, 2600]),
        ylfee2=r.choice([3200, 3600, 4000]),
        ylfee3=r.choice([4800, 5500, 6200]),
        tjprice=r.choice([120, 150, 180, 200]),
        hpv=r.choice([1298, 1318, 1331]),
        road=r.choice(D.ROADS),
    )
    return ctx


def pick_alt(s: str, rng: random.Random) -> str:
    return rng.choice(s.split("|")) if "|" in s else s


def fill(s: str, ctx: dict, rng: random.Random) -> str:
    return pick_alt(s, rng).format(**ctx)


# ---------------------------------------------------------------------------
# blocks


def step_label(style: str, n: int) -> str:
    return {
        "dot": f"{n}.",
        "dun": f"{n}、",
        "paren": f"（{n}）",
        "circ": D.CIRC[n - 1],
        "cnstep": f"第{D.CN_NUM[n - 1]}步：",
        "buzhou": f"步骤{n}：",
    }[style]


def head_prefix(style: str, n: int) -> str:
    return {
        "none": "",
        "cn": f"{D.CN_NUM[n - 1]}、",
        "dot": f"{n}.",
        "dun": f"{n}、",
        "zero": f"0{n} ",
        "q": f"Q{n}：",
    }[style]


def build_units(units, ctx, rng, step_style):
    """Apply a per-city rewrite to template units; return rendered units."""
    units = [u for u in units if not ("o" in u[-1] and rng.random() < 0.3)]
    movable = [i for i, u in enumerate(units) if "m" in u[-1]]
    if len(movable) > 1 and rng.random() < 0.6:
        moved = [units[i] for i in movable]
        rng.shuffle(moved)
        for i, u in zip(movable, moved, strict=False):
            units[i] = u
    out = []
    for u in units:
        kind = u[0]
        if kind == "p":
            sents = []
            for s in u[1]:
                if s.startswith("?"):
                    if rng.random() < 0.4:
                        continue
                    s = s[1:]
                sents.append(fill(s, ctx, rng))
            out.append(("p", "".join(sents)))
        elif kind in ("list", "steps"):
            if u[1]:
                out.append(("intro", fill(u[1], ctx, rng)))
            items = []
            for s in u[2]:
                if s.startswith("?"):
                    if rng.random() < 0.4:
                        continue
                    s = s[1:]
                items.append(fill(s, ctx, rng))
            if kind == "steps":
                items = [step_label(step_style, n) + it for n, it in enumerate(items, 1)]
                out.append(("steps", items))
            else:
                out.append(("items", items))
        elif kind == "tab":
            if u[1]:
                out.append(("intro", fill(u[1], ctx, rng)))
            rows = [list(u[2])] + [[fill(c, ctx, rng) for c in row] for row in u[3]]
            out.append(("table", rows))
        elif kind == "lab":
            out.append(("labs", [(lab + "：", fill(v, ctx, rng)) for lab, v in u[1]]))
    # add a local sentence to one paragraph
    paras = [i for i, x in enumerate(out) if x[0] == "p"]
    if paras and rng.random() < 0.55:
        i = rng.choice(paras)
        add = rng.choice(D.LOCAL_ADD).lstrip("?").format(**ctx)
        out[i] = ("p", out[i][1] + add)
    # occasionally drop a trailing paragraph sentence-wise: split a long paragraph in two
    if paras and rng.random() < 0.2:
        i = rng.choice(paras)
        txt = out[i][1]
        parts = [p for p in re.split(r"(?<=。)", txt) if p]
        if len(parts) >= 2:
            out[i : i + 1] = [("p", "".join(parts[:1])), ("p", "".join(parts[1:]))]
    return out


def unit_lines(u) -> list[str]:
    k = u[0]
    if k in ("p", "intro"):
        return [u[1]]
    if k in ("items", "steps"):
        return list(u[1])
    if k == "table":
        return [" ".join(r) for r in u[1]]
    if k == "labs":
        return [a + b for a, b in u[1]]
    raise ValueError(k)


def make_block(tpl, ctx, rng, step_style, hstyle, n):
    head = fill(rng.choice(tpl["heads"]), ctx, rng)
    head = head_prefix(hstyle, n) + head
    units = build_units(tpl["units"], ctx, rng, step_style)
    return dict(heading=head, units=units, template_id=tpl["id"], city=ctx["city"], province=ctx["prov"])


def make_oneoff(k, ctx, rng, hstyle, n):
    h, paras = ONEOFFS[k % len(ONEOFFS)]
    head = head_prefix(hstyle, n) + h.format(**ctx)
    ps = [p.format(**ctx) for p in paras]
    if k >= len(ONEOFFS):  # second cycle: reword slightly so the block stays unique
        ps.append(f"{ctx['city']}的读者如有疑问，可拨打{ctx['hot']}咨询。")
    units = [("p", p) for p in ps]
    if rng.random() < 0.5:
        units.append(("p", f"{ctx['city']}的{ctx['h1']}、{ctx['h2']}均可提供相关诊疗服务。"))
    return dict(heading=head, units=units, template_id=f"u{k:04d}", city=ctx["city"], province=ctx["prov"])


# ---------------------------------------------------------------------------
# boilerplate


class BPMaker:
    def __init__(self, rng, ctx, topic, tags, others):
        self.rng, self.ctx, self.topic, self.tags, self.others = rng, ctx, topic, tags, others
        editor, editor2 = rng.sample(D.EDITORS, 2)
        self.vals = dict(
            site=D.SITE,
            domain=D.DOMAIN,
            mail=D.MAIL,
            city=ctx["city"],
            topic=topic,
            editor=editor,
            editor2=editor2,
            doc=rng.choice(D.DOCTORS),
            dtitle=rng.choice(D.DOC_TITLES),
            dept=rng.choice(D.DEPTS),
            hosp=rng.choice([ctx["h1"], ctx["h2"], ctx["tcm"]]),
            n2=rng.randint(8, 30),
            kw=tags[0],
            adname=rng.choice(D.AD_NAMES),
            price=rng.choice([99, 128, 168, 199]),
            tel=f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            t1=tags[0],
            t2=tags[1],
            t3=tags[2] if len(tags) > 2 else ctx["city"],
        )

    def __call__(self, kind, **extra):
        v = dict(self.vals)
        v.update(n=self.rng.randint(300, 98000), m=self.rng.randint(3, 900))
        v.setdefault("other", self.rng.choice(self.others)["title"] if self.others else self.topic)
        v.update(extra)
        return self.rng.choice(D.BP[kind]).format(**v)


# ---------------------------------------------------------------------------
# layouts: each returns (html, body_bp_lines, main_lines) built from the same node list


def _uid(rng):
    return f"{rng.randint(0, 0xFFFFFF):06x}"


def render_units_portal(units, hstyle_tag, rng):
    out = []
    for u in units:
        k = u[0]
        if k == "p":
            out.append(f"<p>{esc(u[1])}</p>")
        elif k == "intro":
            out.append(f"<p>{esc(u[1])}</p>")
        elif k == "items":
            out.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in u[1]) + "</ul>")
        elif k == "steps":
            out.extend(f'<p class="step">{esc(i)}</p>' for i in u[1])
        elif k == "table":
            rows = u[1]
            t = [
                '<table class="tb" cellspacing="0">',
                "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in rows[0]) + "</tr>",
            ]
            t += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows[1:]]
            out.append("\n".join(t) + "</table>")
        elif k == "labs":
            out.extend(f"<p><strong>{esc(a)}</strong>{esc(b)}</p>" for a, b in u[1])
    return out


def render_units_logo(units, rng):
    out = []
    for u in units:
        k = u[0]
        if k in ("p", "intro"):
            out.append(f"<p>{esc(u[1])}</p>")
        elif k == "items":
            if rng.random() < 0.5:
                out.append("<p>" + "<br>\n".join(esc(i) for i in u[1]) + "</p>")
            else:
                out.extend(f"<p>{esc(i)}</p>" for i in u[1])
        elif k == "steps":
            out.extend(f"<p>{esc(i)}</p>" for i in u[1])
        elif k == "table":
            t = ['<table border="1" width="100%"><tbody>']
            t += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in u[1]]
            out.append("\n".join(t) + "</tbody></table>")
        elif k == "labs":
            out.extend(f"<p>{esc(a)}{esc(b)}</p>" for a, b in u[1])
    return out


def render_units_faq(units, rng):
    out = []
    for u in units:
        k = u[0]
        if k in ("p", "intro"):
            out.append(f"<p>{esc(u[1])}</p>")
        elif k == "items":
            out.append('<ul class="dots">' + "".join(f"<li><span>{esc(i)}</span></li>" for i in u[1]) + "</ul>")
        elif k == "steps":
            for i in u[1]:
                m = re.match(r"^(\d+\.|\d+、|（\d+）|[①-⑩]|第.步：|步骤\d+：)(.*)$", i)
                out.append(f'<div class="step"><em>{esc(m.group(1))}</em>{esc(m.group(2))}</div>')
        elif k == "table":
            t = [
                '<table class="qa-table">',
                "<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in u[1][0]) + "</tr></thead><tbody>",
            ]
            t += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in u[1][1:]]
            out.append("\n".join(t) + "</tbody></table>")
        elif k == "labs":
            out.extend(f'<p><span class="lb">{esc(a)}</span>{esc(b)}</p>' for a, b in u[1])
    return out


def render_units_ascii(units, rng):
    out = []
    for u in units:
        k = u[0]
        if k in ("p", "intro"):
            out.append(f"<p>{esc(u[1])}</p>")
        elif k == "items":
            out.append("<ul>\n" + "\n".join(f"  <li>{esc(i)}</li>" for i in u[1]) + "\n</ul>")
        elif k == "steps":
            out.append('<ol class="nostyle">\n' + "\n".join(f"  <li>{esc(i)}</li>" for i in u[1]) + "\n</ol>")
        elif k == "table":
            t = ["<table>"] + ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in u[1]]
            out.append("\n".join(t) + "</table>")
        elif k == "labs":
            out.extend(f"<p><b>{esc(a)}</b>{esc(b)}</p>" for a, b in u[1])
    return out


def render_units_card(units, rng):
    out = []
    for u in units:
        k = u[0]
        if k in ("p", "intro"):
            out.append(f'<p style="line-height:1.75em;"><span style="font-size:15px;">{esc(u[1])}</span></p>')
        elif k in ("items", "steps"):
            out.append(
                '<section class="box"><p>' + "<br/>".join(f"<span>{esc(i)}</span>" for i in u[1]) + "</p></section>"
            )
        elif k == "table":
            t = ['<table style="width:100%"><tbody>'] + [
                "<tr>" + "".join(f'<td style="border:1px solid #ddd">{esc(c)}</td>' for c in r) + "</tr>" for r in u[1]
            ]
            out.append("".join(t) + "</tbody></table>")
        elif k == "labs":
            out.extend(
                f'<p><span style="color:#c0392b;font-weight:bold">{esc(a)}</span><span>{esc(b)}</span></p>'
                for a, b in u[1]
            )
    return out


def bp_p(text, cls):
    return f'<p class="{cls}">{esc(text)}</p>'


def figure(rng, cap, cls="pic"):
    return (
        f'<div class="{cls}"><img src="/uploads/{rng.randint(2019, 2025)}/{_uid(rng)}.jpg" alt="">'
        f"<p>{esc(cap)}</p></div>"
    )


# ---------------------------------------------------------------------------


def chance(rng, p):
    return rng.random() < p


def build_body(layout, blocks, rng, bp, others):
    """Return (body_html_parts, boilerplate_lines, main_lines)."""
    parts, bpl, main = [], [], []

    def add_bp(kind, html_fn, **kw):
        text = bp(kind, **kw)
        parts.append(html_fn(text))
        bpl.append(text)

    hmark = rng.choice(["strong", "b", "plain"]) if layout == "logo" else rng.choice(["h2", "h3"])
    card_head = rng.choice(["bold", "section"])
    # --- top of body
    if layout == "portal":
        if chance(rng, 0.6):
            add_bp("review", lambda t: f'<div class="doctor-review">{esc(t)}</div>')
        if chance(rng, 0.7):
            add_bp("intro", lambda t: bp_p(t, "lead"))
    elif layout == "logo":
        if chance(rng, 0.8):
            add_bp("byline", lambda t: f'<p class="author">{esc(t)}</p>')
        if chance(rng, 0.5):
            add_bp("counter", lambda t: f'<div class="view-count">{esc(t)}</div>')
        if chance(rng, 0.7):
            add_bp("intro", lambda t: f"<p>{esc(t)}</p>")
    elif layout == "faq":
        if chance(rng, 0.7):
            add_bp("review", lambda t: f'<div class="expert"><span>{esc(t)}</span></div>')
        if chance(rng, 0.5):
            add_bp("disclaimer", lambda t: f'<div class="notice">{esc(t)}</div>')
    elif layout == "ascii":
        if chance(rng, 0.7):
            add_bp("intro", lambda t: f"<p><em>{esc(t)}</em></p>")
    elif layout == "card":
        if chance(rng, 0.7):
            add_bp("byline", lambda t: f'<p style="color:#888;font-size:13px">{esc(t)}</p>')
        if chance(rng, 0.5):
            add_bp("review", lambda t: f'<section class="review-card"><p>{esc(t)}</p></section>')
        if chance(rng, 0.6):
            add_bp(
                "intro", lambda t: f'<p style="line-height:1.75em;"><span style="font-size:15px;">{esc(t)}</span></p>'
            )

    for bi, blk in enumerate(blocks):
        if bi > 0:
            between = rng.choice(["transition", "teaser", "ad", "caption", "none", "transition"])
            if between == "transition":
                add_bp(
                    "transition",
                    lambda t: (
                        bp_p(t, "trans")
                        if layout != "card"
                        else f'<p style="text-align:center;color:#999">{esc(t)}</p>'
                    ),
                )
            elif between == "teaser":
                o = rng.choice(others)
                add_bp(
                    "teaser",
                    lambda t, o=o: f'<p class="rel"><a href="{esc(o["url"])}">{esc(t)}</a></p>',
                    other=o["title"],
                )
            elif between == "ad" and layout in ("portal", "card", "logo"):
                add_bp(
                    "ad",
                    lambda t: (
                        f'<div class="ad-inline" data-ad="{_uid(rng)}"><a href="/go/{_uid(rng)}" rel="nofollow">{esc(t)}</a></div>'
                    ),
                )
            elif between == "caption":
                add_bp("caption", lambda t: figure(rng, t))
        head = blk["heading"]
        main.append(head)
        for u in blk["units"]:
            main.extend(unit_lines(u))
        if layout == "portal":
            parts.append(f"<{hmark}>{esc(head)}</{hmark}>")
            body_units = render_units_portal(blk["units"], hmark, rng)
        elif layout == "logo":
            if hmark == "plain":
                parts.append(f"<p>{esc(head)}</p>")
            else:
                parts.append(f"<p><{hmark}>{esc(head)}</{hmark}></p>")
            body_units = render_units_logo(blk["units"], rng)
        elif layout == "faq":
            body_units = render_units_faq(blk["units"], rng)
        elif layout == "ascii":
            parts.append(f'<h3 class="wp-block-heading">{esc(head)}</h3>')
            body_units = render_units_ascii(blk["units"], rng)
        else:
            if card_head == "bold":
                parts.append(
                    f'<p style="font-weight:bold;color:#1a7f64;margin-top:24px"><span style="font-size:17px">{esc(head)}</span></p>'
                )
            else:
                parts.append(
                    f'<section class="sec-hd" style="border-left:4px solid #1a7f64;padding-left:8px"><span>{esc(head)}</span></section>'
                )
            body_units = render_units_card(blk["units"], rng)
        # a caption figure after the first unit, sometimes
        if len(body_units) > 2 and chance(rng, 0.25):
            cap = bp("caption")
            body_units.insert(1, figure(rng, cap, "img-box"))
            bpl.append(cap)
        # glued teaser inside the block's last paragraph (logo / ascii)
        if layout in ("logo", "ascii") and blk["units"][-1][0] == "p" and chance(rng, 0.3):
            o = rng.choice(others)
            t = bp("teaser", other=o["title"])
            last = body_units[-1]
            assert last.endswith("</p>")
            body_units[-1] = last[:-4] + f'<br><a href="{esc(o["url"])}">{esc(t)}</a></p>'
            bpl.append(t)
        if layout == "faq":
            parts.append(
                f'<dl class="qa-item" id="q{bi + 1}"><dt><i class="ico-q"></i>{esc(head)}</dt>\n<dd>\n'
                + "\n".join(body_units)
                + "\n</dd></dl>"
            )
        else:
            parts.extend(body_units)
    # --- bottom of body
    if layout == "portal":
        for kind, p in (("outro", 0.6), ("disclaimer", 0.7), ("tags", 0.5)):
            if chance(rng, p):
                add_bp(kind, lambda t, kind=kind: bp_p(t, "bt-" + kind))
    elif layout == "logo":
        for kind, p in (("outro", 0.7), ("copyright", 0.7), ("share", 0.5)):
            if chance(rng, p):
                add_bp(kind, lambda t, kind=kind: f'<p class="{kind}">{esc(t)}</p>')
    elif layout == "faq":
        for kind, p in (("prompt", 0.6), ("platform", 0.6), ("counter", 0.5)):
            if chance(rng, p):
                add_bp(kind, lambda t: f'<div class="qa-tip">{esc(t)}</div>')
    elif layout == "ascii":
        for kind, p in (("tags", 0.7), ("copyright", 0.7)):
            if chance(rng, p):
                add_bp(kind, lambda t: f"<p><small>{esc(t)}</small></p>")
    else:
        if chance(rng, 0.4):
            add_bp("ad", lambda t: f'<section class="promo"><p>{esc(t)}</p></section>')
        for kind, p in (("outro", 0.6), ("prompt", 0.5), ("disclaimer", 0.6), ("platform", 0.4), ("counter", 0.6)):
            if chance(rng, p):
                add_bp(kind, lambda t: f'<p style="color:#999;font-size:12px">{esc(t)}</p>')
    return parts, bpl, main


# ---------------------------------------------------------------------------
# page shells

NAV = "".join(f'<a href="https://{D.MAIN_HOST}/{c}/">{n}</a>' for c, n in D.CATEGORIES)


def head_html(title_tag, charset, desc, extra=""):
    cs = (
        f'<meta charset="{charset}">'
        if charset.lower() != "gb2312"
        else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{cs}\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title_tag)}</title>\n"
        f'<meta name="description" content="{esc(desc)}">\n{extra}'
        f'<link rel="stylesheet" href="/static/css/main.css">\n</head>\n'
    )


def sidebar(rng, others, pub):
    items = []
    for o in rng.sample(others, min(6, len(others))):
        d = pub + _dt.timedelta(days=rng.randint(-400, 300))
        items.append(f'<li><a href="{esc(o["url"])}">{esc(o["title"])}</a><span class="d">{d:%m-%d}</span></li>')
    return '<div class="sidebar"><h3>热门推荐</h3><ul>' + "".join(items) + "</ul></div>"


def footer(rng):
    return (
        f'<div class="footer"><p>Copyright 2015-2025 {D.SITE} 版权所有 | 浙ICP备{rng.randint(10000000, 19999999)}号</p>'
        f"<p>本站信息仅供参考，不能作为诊断及医疗的依据 | 投诉邮箱：{D.MAIL}</p></div>"
    )


def shell(layout, a, rng, body_parts, others, charset):
    pub = a["dt"]
    title, ctx, bp = a["title"], a["ctx"], a["bp"]
    body = "\n".join(body_parts)
    related = "".join(
        f'<li><a href="{esc(o["url"])}">{esc(o["title"])}</a></li>' for o in rng.sample(others, min(5, len(others)))
    )
    prev_o, next_o = a["prev"], a["next"]
    cat = CAT_NAME[a["cat"]]
    if layout == "portal":
        shown = f"{pub:%Y-%m-%d %H:%M:%S}"
        tt = f"{title}_{cat}_{D.SITE}"
        share = bp("share")
        pv = bp("prev", a=prev_o["title"]) if prev_o else "上一篇：没有了"
        nx = bp("next", b=next_o["title"]) if next_o else "下一篇：没有了"
        return (
            head_html(tt, charset, title)
            + f"""<body>
<div class="topbar"><a href="https://{D.MAIN_HOST}/">{D.SITE}首页</a>{NAV}</div>
<div class="crumb">当前位置：<a href="https://{D.MAIN_HOST}/">首页</a> &gt; <a href="https://{D.MAIN_HOST}/{a["cat"]}/">{cat}</a> &gt; 正文</div>
<div class="wrap"><div class="main"><div class="article">
<h1 class="art-title">{esc(title)}</h1>
<div class="art-info"><span>发布时间：{shown}</span><span>来源：{D.SITE}{ctx["city"]}站</span><span>作者：{esc(bp.vals["editor"])}</span><span class="views">{esc(bp("counter"))}</span></div>
<div class="article-content" id="artContent">
{body}
</div>
<div class="share-bar">{esc(share)}</div>
<div class="prenext"><p>{pv_link(prev_o, pv)}</p><p>{pv_link(next_o, nx)}</p></div>
<div class="related"><h3>相关文章</h3><ul>{related}</ul></div>
</div></div>
{sidebar(rng, others, pub)}</div>
{footer(rng)}
</body></html>
""",
            fold_date(shown),
        )
    if layout == "logo":
        shown = f"{pub:%Y年%m月%d日 %H:%M}"
        upd = pub + _dt.timedelta(days=rng.randint(20, 500))
        tt = f"{title} - {D.SITE}"
        return (
            head_html(tt, charset, title)
            + f"""<body>
<div class="header"><h1 class="logo"><a href="https://{D.MAIN_HOST}/">{D.SITE}</a></h1><div class="nav">{NAV}</div></div>
<div class="container"><div class="post">
<h2 class="post-title">{esc(title)}</h2>
<div class="post-meta"><span>{ctx["city"]}频道</span> · <span class="pub">{shown}</span> · <span class="upd">更新于{upd:%Y年%m月%d日}</span></div>
<div id="content" class="post-body">
{body}
</div>
<div class="post-related"><h4>猜你喜欢</h4><ul>{related}</ul></div>
</div>{sidebar(rng, others, pub)}</div>
{footer(rng)}
</body></html>
""",
            f"{pub:%Y-%m-%dT%H:%M}",
        )
    if layout == "faq":
        shown = f"{pub.year}/{pub.month}/{pub.day}"
        rev = pub + _dt.timedelta(days=rng.randint(30, 700))
        tt = f"{title}|{ctx['city']}{D.SITE_SHORT}问答"
        comments = "".join(
            f"<li><b>网友{rng.randint(1000, 9999)}</b><span>{(pub + _dt.timedelta(days=rng.randint(1, 90))):%Y-%m-%d}</span><p>{esc(rng.choice(['谢谢分享，很有用', '我们这边也是这样办的', '请问外地户口可以吗', '已收藏']))}</p></li>"
            for _ in range(rng.randint(0, 3))
        )
        return (
            head_html(tt, charset, title)
            + f"""<body>
<div class="site-head"><a class="brand" href="https://{D.MAIN_HOST}/">{D.SITE}</a> <span>{ctx["city"]}站</span></div>
<article class="qa-article">
<header><h1>{esc(title)}</h1><div class="qa-meta"><time datetime="{pub:%Y-%m-%d}">{shown}</time> <span>{cat}</span></div></header>
<div class="qa-body">
{body}
</div>
<footer class="qa-foot"><p>{esc(bp("share"))}</p><p>{esc(bp("copyright"))}</p><p class="audit">最后审核：{rev:%Y-%m-%d}</p></footer>
</article>
<div class="comments"><h3>网友评论</h3><ul>{comments}</ul></div>
<aside><h3>相关问题</h3><ul>{related}</ul></aside>
{footer(rng)}
</body></html>
""",
            f"{pub:%Y-%m-%d}",
        )
    if layout == "ascii":
        upd = pub + _dt.timedelta(days=rng.randint(5, 400))
        tt = f"{title} | {D.SITE}"
        pv = bp("prev", a=prev_o["title"]) if prev_o else ""
        nx = bp("next", b=next_o["title"]) if next_o else ""
        return (
            head_html(
                tt, charset, title, f'<meta property="article:modified_time" content="{upd:%Y-%m-%dT%H:%M:%S}+08:00">\n'
            )
            + f"""<body class="single">
<header id="masthead"><p class="site-title"><a href="https://{D.MAIN_HOST}/">{D.SITE}</a></p><nav>{NAV}</nav></header>
<main id="main"><article class="post">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta">发布于 <time class="published">{pub:%Y-%m-%d}</time> 作者 {esc(bp.vals["editor"])} | 最后修改 {upd:%Y-%m-%d}</div></header>
<section class="entry-content">
{body}
</section>
<nav class="post-navigation"><div>{pv_link(prev_o, pv)}</div><div>{pv_link(next_o, nx)}</div></nav>
</article></main>
<div class="widget"><h3>最新文章</h3><ul>{related}</ul></div>
{footer(rng)}
</body></html>
""",
            f"{pub:%Y-%m-%d}",
        )
    # card
    shown = f"{pub:%Y-%m-%d %H:%M}"
    tt = f"{title}-{ctx['city']}频道-{D.SITE}"
    t_html = esc(a["title_main"]) + (f'<span class="sub">{esc(a["title_sub"])}</span>' if a["title_sub"] else "")
    return (
        head_html(tt, charset, title)
        + f"""<body>
<div class="rich_media">
<div class="top-logo"><a href="https://{D.MAIN_HOST}/">{D.SITE}</a></div>
<h1 class="rich_media_title">{t_html}</h1>
<div class="rich_media_meta"><span class="nick">{D.SITE}{ctx["city"]}</span> <em id="publish_time">{shown}</em> <span>{esc(bp("counter"))}</span></div>
<div class="rich_media_content" id="js_content">
{body}
</div>
<div class="rich_media_tool"><a href="#">阅读原文</a> <span>{esc(bp("share"))}</span></div>
<div class="more"><ul>{related}</ul></div>
</div>
{footer(rng)}
</body></html>
""",
        fold_date(shown),
    )


def pv_link(o, text):
    if not o or not text:
        return esc(text)
    return f'<a href="{esc(o["url"])}">{esc(text)}</a>'


def fold_date(shown):
    return shown.replace(" ", "T")


# ---------------------------------------------------------------------------
# list pages


def list_page(title, host, items, rng, pager="", extra_title=""):
    lis = "\n".join(
        f'<li><a href="{esc(o["url"])}">{esc(o["title"])}</a><span class="date">{o["dt"]:%Y-%m-%d}</span></li>'
        for o in items
    )
    return (
        head_html(f"{title}{extra_title}_{D.SITE}", "utf-8", f"{D.SITE}{title}")
        + f"""<body>
<div class="topbar"><a href="https://{D.MAIN_HOST}/">{D.SITE}首页</a>{NAV}</div>
<div class="list-wrap"><h1>{esc(title)}</h1>
<ul class="art-list">
{lis}
</ul>
<div class="pager">{pager}</div></div>
{footer(rng)}
</body></html>
"""
    )


# ---------------------------------------------------------------------------


def page_url(host, path):
    if path.endswith("/index.html"):
        return f"https://{host}/{path[: -len('index.html')]}"
    if path == "index.html":
        return f"https://{host}/"
    return f"https://{host}/{path}"


def build_site(
    out_dir: pathlib.Path, *, articles: int = 400, seed: int = 23, punctuation: str = "fullwidth"
) -> list[dict]:
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError("punctuation must be 'fullwidth' or 'ascii'")
    out_dir = pathlib.Path(out_dir)
    rng = random.Random(f"blindfarm3/{seed}")
    cities = [city_context(seed, row) for row in D.CITIES]
    start = _dt.datetime(2021, 3, 1, 8, 0, 0)
    span = int((_dt.datetime(2025, 6, 20) - start).total_seconds())

    # ---- plan articles
    plans = []
    n_oneoff = 0
    tcount = len(TEMPLATES)
    for i in range(articles):
        r = random.Random(f"blindfarm3/{seed}/plan/{i}")
        ctx = cities[r.randrange(len(cities))]
        layout = r.choices(LAYOUTS, LAYOUT_WEIGHTS)[0]
        oneoff = r.random() < 0.05
        nblocks = r.choices([1, 2, 3], [45, 38, 17])[0]
        tids = r.sample(range(tcount), nblocks)
        if oneoff:
            k = n_oneoff
            n_oneoff += 1
        else:
            k = None
        on_main = r.random() < 0.15
        host = D.MAIN_HOST if on_main else ctx["host"]
        dt = start + _dt.timedelta(seconds=r.randrange(span))
        aid = 30000 + i * 13 + r.randint(0, 9)
        lead = TEMPLATES[tids[0]]
        cat = lead["cat"] if not oneoff else r.choice(["guahao", "manbing", "tijian"])
        if layout == "portal":
            path = f"{cat}/{aid}.html" if not on_main else f"{cat}/{ctx['sub']}/{aid}.html"
        elif layout == "logo":
            path = f"article/{dt:%Y%m%d}/{aid}.shtml"
        elif layout == "faq":
            path = f"wenda/{aid}.html"
        elif layout == "ascii":
            path = f"p/{aid}/index.html"
        else:
            path = f"{cat}/{dt:%Y}/{dt:%m%d}/{aid}.htm"
        # title
        if oneoff:
            head = ONEOFFS[k % len(ONEOFFS)][0].format(**ctx)
            main_t = re.sub(r"[？?]$", "", head)
            tags = ["健康常识", CAT_NAME[cat], ctx["city"]]
            topic = main_t
        else:
            main_t = r.choice(lead["titles"]).format(**ctx)
            tags = list(lead["tags"])
            topic = ctx["city"] + lead["short"]
        sub = ""
        qish = re.search("怎么|多少|什么|哪|吗|如何|怎样|能否", main_t) is not None
        if nblocks > 1 and not oneoff:
            forms = ["？附{s}", "？（附{s}）"] if qish else ["（附{s}）", "｜{s}指南", "，另附{s}", "及{s}"]
            sub = r.choice(forms).format(s=TEMPLATES[tids[1]]["short"])
        elif r.random() < 0.4:
            sub = r.choice(
                [
                    f"（{dt.year}年最新）",
                    "——附办理流程",
                    "：一文说清楚",
                    "，看这篇就够了",
                    f"（{dt:%y}年{dt.month}月更新）",
                ]
            )
        elif qish and r.random() < 0.5:
            main_t += "？"
        plans.append(
            dict(
                i=i,
                ctx=ctx,
                layout=layout,
                oneoff=k,
                nblocks=nblocks,
                tids=tids,
                host=host,
                path=path,
                url=page_url(host, path),
                dt=dt,
                cat=cat,
                title_main=main_t,
                title_sub=sub,
                title=main_t + sub,
                tags=tags,
                topic=topic,
            )
        )
    by_host = {}
    for p in plans:
        by_host.setdefault(p["host"], []).append(p)
    for hs in by_host.values():
        for j, p in enumerate(hs):
            p["prev"] = hs[j - 1] if j > 0 else None
            p["next"] = hs[j + 1] if j + 1 < len(hs) else None

    gold = []
    files = {}  # (host, path) -> bytes
    gbk_ids = set(rng.sample(range(articles), max(1, round(articles * 0.03)))) if articles else set()

    for p in plans:
        r = random.Random(f"blindfarm3/{seed}/page/{p['i']}")
        ctx, layout = p["ctx"], p["layout"]
        ascii_page = punctuation == "ascii" or layout == "ascii"
        fx = fold if ascii_page else (lambda s: s)
        hstyle = (
            "dot"
            if layout == "ascii"
            else ("none" if layout == "faq" and r.random() < 0.7 else r.choice(D.HEAD_NUM_STYLES))
        )
        if p["nblocks"] == 1 and r.random() < 0.6:
            hstyle = "none"
        step_style = r.choice(D.STEP_STYLES)
        blocks = []
        if p["oneoff"] is not None:
            blocks.append(make_oneoff(p["oneoff"], ctx, r, hstyle, 1))
            for n, ti in enumerate(p["tids"][1:], 2):
                blocks.append(make_block(TEMPLATES[ti], ctx, r, step_style, hstyle, n))
        else:
            for n, ti in enumerate(p["tids"], 1):
                blocks.append(make_block(TEMPLATES[ti], ctx, r, step_style, hstyle, n))
        others = [o for o in r.sample(plans, min(12, len(plans))) if o is not p] or [p]
        bp = BPMaker(r, ctx, p["topic"], p["tags"], others)
        p["bp"] = bp
        parts, bpl, main = build_body(layout, blocks, r, bp, others)
        enc = "gbk" if p["i"] in gbk_ids else "utf-8"
        if enc == "gbk":
            charset = r.choice(["gbk", "gb2312", "utf-8"])  # utf-8 here is a lying meta
        else:
            charset = r.choice(["utf-8", "UTF-8"])
        page_html, published = shell(layout, p, r, parts, others, charset)
        page_html = fx(page_html)
        data = page_html.encode(enc)
        files[(p["host"], p["path"])] = data
        sections = []
        for b in blocks:
            paras = []
            for u in b["units"]:
                paras.extend(unit_lines(u))
            sections.append(
                dict(
                    heading=fx(b["heading"]),
                    template_id=b["template_id"],
                    city=b["city"],
                    province=b["province"],
                    paragraphs=[fx(x) for x in paras],
                )
            )
        main_text = [fx(x) for x in main]
        seen = []
        for line in main_text:
            for m in re.finditer("|".join(D.ALL_CITY_NAMES), line):
                if m.group(0) not in seen:
                    seen.append(m.group(0))
        gold.append(
            dict(
                host=p["host"],
                path=f"{p['host']}/{p['path']}",
                url=p["url"],
                page_type="article",
                layout=layout,
                encoding=enc,
                title=fx(p["title"]),
                published_at=published,
                main_text=main_text,
                boilerplate=[fx(x) for x in bpl],
                sections=sections,
                cities=seen,
            )
        )

    # ---- list pages
    lr = random.Random(f"blindfarm3/{seed}/lists")
    lfx = fold if punctuation == "ascii" else (lambda s: s)

    def add_list(host, path, title, items, pager="", extra=""):
        files[(host, path)] = lfx(list_page(title, host, items, lr, pager, extra)).encode("utf-8")
        gold.append(
            dict(
                host=host,
                path=f"{host}/{path}",
                url=page_url(host, path),
                page_type="list",
                layout="list",
                encoding="utf-8",
                title=lfx(title),
                published_at=None,
                main_text=[],
                boilerplate=[],
                sections=[],
                cities=[],
            )
        )

    newest = sorted(plans, key=lambda x: x["dt"], reverse=True)
    add_list(D.MAIN_HOST, "index.html", f"{D.SITE}——看病办事不求人", newest[:30])
    per = 25
    for cat, cname in D.CATEGORIES:
        items = [x for x in newest if x["cat"] == cat]
        pages = max(1, (len(items) + per - 1) // per)
        for pg in range(1, pages + 1):
            path = f"{cat}/index.html" if pg == 1 else f"{cat}/list_{pg}.html"
            links = []
            for q in range(1, pages + 1):
                qp = f"/{cat}/" if q == 1 else f"/{cat}/list_{q}.html"
                links.append(f"<span>{q}</span>" if q == pg else f'<a href="{qp}">{q}</a>')
            if pg < pages:
                links.append(f'<a href="/{cat}/list_{pg + 1}.html">下一页</a>')
            add_list(
                D.MAIN_HOST,
                path,
                cname,
                items[(pg - 1) * per : pg * per],
                "".join(links),
                "" if pg == 1 else f"_第{pg}页",
            )
    tags = {}
    for x in newest:
        for t in x["tags"]:
            tags.setdefault(t, []).append(x)
    for j, (t, items) in enumerate(sorted(tags.items())):
        add_list(D.MAIN_HOST, f"tag/{j + 1}.html", f"{t}相关文章", items)
    for ctx in cities:
        items = [x for x in newest if x["ctx"] is ctx]
        add_list(ctx["host"], "index.html", f"{ctx['city']}就医办事指南", items)

    # ---- write
    for (host, path), data in files.items():
        fp = out_dir / host / path
        fp.parent.mkdir(parents=True, exist_ok=True)
        fp.write_bytes(data)
    hosts = sorted({h for h, _ in files})
    for host in hosts:
        (out_dir / host / "robots.txt").write_text(
            f"User-agent: *\nDisallow: /search/\nDisallow: /go/\nDisallow: /static/\n\nSitemap: https://{host}/sitemap.xml\n",
            encoding="utf-8",
        )
        urls = "".join(f"  <url><loc>{esc(page_url(host, pth))}</loc></url>\n" for h, pth in sorted(files) if h == host)
        (out_dir / host / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + urls
            + "</urlset>\n",
            encoding="utf-8",
        )
    with open(out_dir / "gold.jsonl", "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=pathlib.Path)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    a = ap.parse_args(argv)
    gold = build_site(a.out_dir, articles=a.articles, seed=a.seed, punctuation=a.punctuation)
    arts = sum(g["page_type"] == "article" for g in gold)
    print(f"wrote {len(gold)} pages ({arts} articles) to {a.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
