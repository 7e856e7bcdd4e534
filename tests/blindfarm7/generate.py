"""Deterministic generator of the 就业帮帮网 (jiuyebb.cn) content farm with gold labels.

    from tests.blindfarm7.generate import build_site
    gold = build_site(out_dir, articles=400, seed=61, punctuation="fullwidth")

CLI:  python -m tests.blindfarm7.generate OUT_DIR [--articles N] [--seed S]
                                                  [--punctuation fullwidth|ascii]

Standard library only.
"""

import argparse
import datetime as dt
import html
import json
import os
import random
import re

from . import data_boiler as B
from .data_cities import (
    CAT_NAME,
    CATEGORIES,
    CITIES,
    CITY_NAMES,
    COMMENT_TEXTS,
    COMMENT_USERS,
    DOMAIN,
    EMAILS,
    GENERIC_LOCAL,
    ICP,
    MINI,
    PEOPLE,
    PHONES,
    SITE,
    WWW,
    WXSITE,
)
from .data_templates import ONEOFFS, TEMPLATES

LAYOUTS = ["classic", "boldp", "qa", "wechat", "portal"]
FOLD = str.maketrans("：，；？！（）", ":,;?!()")
CN = "〇一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
TZ = dt.timezone(dt.timedelta(hours=8))

# container of the article body per layout: (attribute, value)
BODY_CONTAINER = {
    "classic": ("id", "artContent"),
    "boldp": ("class", "neirong"),
    "qa": ("class", "qa-body"),
    "wechat": ("id", "js_content"),
    "portal": ("class", "TRS_Editor"),
}


def E(s):
    return html.escape(s, quote=False)


def A(s):
    return html.escape(s, quote=True)


# ---------------------------------------------------------------- DSL parsing
_LINE_RE = re.compile(r"^(TT|H|P|L|S|T|R|-|\+)([?~*]*)(?:\s+(.*))?$")
_TYPE = {"P": "p", "L": "list", "S": "steps", "T": "table"}


def parse_dsl(src):
    out, cur, last = [], None, None
    for raw in src.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            parts = line[1:].split("|")
            cur = {
                "id": parts[0],
                "cat": parts[1],
                "topic": parts[2] if len(parts) > 2 else "",
                "tags": parts[3].split(",") if len(parts) > 3 else [],
                "headings": [],
                "titles": [],
                "elems": [],
            }
            out.append(cur)
            last = None
            continue
        m = _LINE_RE.match(line)
        if not m:
            raise ValueError(f"bad template line: {line!r}")
        tag, flags, rest = m.group(1), m.group(2), (m.group(3) or "").strip()
        if tag == "R":
            last["rows"].append([c.strip() for c in rest.split("|")])
            continue
        alts = [a.strip() for a in rest.split("||")] if rest else []
        if tag == "H":
            cur["headings"] += alts
        elif tag == "TT":
            cur["titles"] += alts
        elif tag in _TYPE:
            last = {
                "type": _TYPE[tag],
                "alts": alts,
                "opt": "?" in flags,
                "grp": "~" in flags,
                "shuffle": "*" in flags,
                "items": [],
                "rows": [],
            }
            cur["elems"].append(last)
        else:  # - or + item
            last["items"].append((alts, "?" in flags))
    return out


TPLS = parse_dsl(TEMPLATES)
ONEOFF_TPLS = parse_dsl(ONEOFFS)
TPL_BY_ID = {t["id"]: t for t in TPLS + ONEOFF_TPLS}


def fill(text, ctx, rng, drop=0.3):
    text = re.sub(r"\(\((.+?)\)\)", lambda m: rng.choice(m.group(1).split("//")), text)
    text = re.sub(r"\[\[(.+?)\]\]", lambda m: "" if rng.random() < drop else m.group(1), text)
    text = text.replace("，。", "。")
    if text.endswith("，"):
        text = text[:-1] + "。"
    return text.format_map(ctx)


def split_para(txt, rng, prob=0.12):
    cuts = [m.end() for m in re.finditer("。", txt) if m.end() < len(txt)]
    if cuts and rng.random() < prob:
        k = rng.choice(cuts)
        return [txt[:k], txt[k:]]
    return [txt]


def instantiate(tpl, ctx, rng):
    """One rewritten copy of a template: {'tid','heading','elems'}."""
    kept = [e for e in tpl["elems"] if not (e["opt"] and rng.random() < 0.3)]
    ordered, i = [], 0
    while i < len(kept):
        if kept[i]["grp"]:
            j = i
            while j < len(kept) and kept[j]["grp"]:
                j += 1
            run = kept[i:j]
            if len(run) > 1 and rng.random() < 0.6:
                run = run[:]
                rng.shuffle(run)
            ordered.extend(run)
            i = j
        else:
            ordered.append(kept[i])
            i += 1
    elems = []
    for e in ordered:
        t = e["type"]
        if t == "p":
            for part in split_para(fill(rng.choice(e["alts"]), ctx, rng), rng):
                elems.append(["p", part])
        elif t in ("list", "steps"):
            intro = fill(rng.choice(e["alts"]), ctx, rng) if e["alts"] else None
            items = [fill(rng.choice(alts), ctx, rng) for alts, opt in e["items"] if not (opt and rng.random() < 0.3)]
            if e["shuffle"] and rng.random() < 0.5:
                rng.shuffle(items)
            elems.append([t, intro, items])
        elif t == "table":
            cap = fill(rng.choice(e["alts"]), ctx, rng) if e["alts"] else None
            rows = [[fill(c, ctx, rng) for c in r] for r in e["rows"]]
            elems.append(["table", cap, rows[0], rows[1:]])
    heading = fill(rng.choice(tpl["headings"]), ctx, rng)
    return {"tid": tpl["id"], "heading": heading, "elems": elems}


def add_local(sec, city, ctx, rng):
    pool = list(city["local"]) + [fill(g, ctx, rng) for g in GENERIC_LOCAL]
    sent = rng.choice(pool)
    ps = [i for i, e in enumerate(sec["elems"]) if e[0] == "p"]
    if ps and rng.random() < 0.5:
        k = rng.choice(ps)
        sec["elems"][k][1] = sec["elems"][k][1] + sent
    else:
        pos = rng.randint(1, len(sec["elems"]))
        sec["elems"].insert(pos, ["p", sent])


# ---------------------------------------------------------------- planning
START = dt.datetime(2022, 6, 1, 0, 0, 0)
SPAN = int((dt.datetime(2025, 5, 31, 23, 0, 0) - START).total_seconds())


def rand_dt(rng):
    d = START + dt.timedelta(seconds=rng.randrange(SPAN))
    hour = rng.choices(
        range(24), weights=[1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 8, 10, 12, 12, 12, 10, 8, 8, 8, 6, 4, 2]
    )[0]
    return d.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))


def make_title(a, rng):
    src = a["srcs"][0]
    ctx = a["ctx"]
    if src[0] == "tpl":
        base = fill(rng.choice(src[1]["titles"]), ctx, rng)
        tpls = [s[1] for s in a["srcs"] if s[0] == "tpl"]
        if len(tpls) >= 2 and rng.random() < 0.25:
            base = "{}{}及{}指南".format(ctx["city"], tpls[0]["topic"], tpls[1]["topic"])
    else:
        base = a["sections"][0]["heading"]
    r = rng.random()
    ends_punct = base[-1] in "？！）"
    if r < 0.08 and "——" not in base:
        return base + "——最新政策解读"
    if r < 0.14 and not base.endswith("）"):
        return base + "（%d年最新版）" % a["pub"].year
    if r < 0.19:
        return "【建议收藏】" + base
    if r < 0.24 and not ends_punct:
        return base + "，一文讲清楚"
    if r < 0.29 and not base.endswith("）"):
        return base + "（附办理流程）"
    return base


def plan_articles(rng, n):
    weights = [c["weight"] for c in CITIES]
    pool = list(ONEOFF_TPLS)
    rng.shuffle(pool)
    arts = []
    for _ in range(n):
        city = rng.choices(CITIES, weights=weights)[0]
        on_www = rng.random() < 0.15
        host = WWW if on_www else city["host"]
        nb = rng.choices([1, 2, 3], weights=[45, 38, 17])[0]
        first = rng.choice(TPLS)
        chosen = [first]
        while len(chosen) < nb:
            same = [t for t in TPLS if t["cat"] == first["cat"] and t not in chosen]
            cand = same if same and rng.random() < 0.6 else [t for t in TPLS if t not in chosen]
            chosen.append(rng.choice(cand))
        srcs = []
        for t in chosen:
            if pool and rng.random() < 0.055:
                srcs.append(("oneoff", pool.pop()))
            else:
                srcs.append(("tpl", t))
        if on_www:
            layout = rng.choices(LAYOUTS, weights=[35, 12, 15, 8, 30])[0]
        elif rng.random() < 0.55:
            layout = city["layout"]
        else:
            layout = rng.choice([ln for ln in LAYOUTS if ln != city["layout"]])
        gbk = rng.random() < 0.03
        arts.append({"city": city, "host": host, "srcs": srcs, "layout": layout, "pub": rand_dt(rng), "gbk": gbk})
    if n >= 20 and not any(a["gbk"] for a in arts):
        arts[rng.randrange(n)]["gbk"] = True
    arts.sort(key=lambda a: a["pub"])
    nid = 20000 + rng.randrange(500)
    for a in arts:
        nid += rng.randint(1, 9)
        a["id"] = nid
    return arts


# ---------------------------------------------------------------- labels
def step_label(style, i):
    return {
        "dot": "%d." % i,
        "dun": "%d、" % i,
        "di": f"第{CN[i]}步：",
        "bz": "步骤%d：" % i,
        "paren": "（%d）" % i,
    }[style]


def head_label(scheme, i):
    if not scheme:
        return ""
    return {
        "cn": f"{CN[i]}、",
        "pcn": f"（{CN[i]}）",
        "dot": "%d. " % i,
        "part": f"第{CN[i]}部分：",
        "zero": "0%d｜" % i,
    }[scheme]


def item_label(style, i):
    if style == "circle":
        return CIRCLED[i - 1]
    if style == "paren":
        return "（%d）" % i
    if style == "dun":
        return "%d、" % i
    return ""


def rich(text, rng, tokens):
    h = E(text)
    for tok in tokens:
        et = E(tok)
        if tok and et in h and rng.random() < 0.35:
            tag = rng.choice(["strong", "b", 'span style="color:#c00;"'])
            close = tag.split()[0]
            h = h.replace(et, f"<{tag}>{et}</{close}>", 1)
    return h


def spans(text, rng):
    """Split text into 1-3 inline spans (WeChat editor style)."""
    n = rng.choice([1, 1, 2, 3]) if len(text) > 8 else 1
    cuts = sorted(rng.sample(range(1, len(text)), n - 1)) if n > 1 else []
    parts, prev = [], 0
    for c in cuts + [len(text)]:
        parts.append(text[prev:c])
        prev = c
    styles = ["font-size:15px;", "font-size:15px;color:#333333;", "letter-spacing:1px;font-size:15px;"]
    return "".join(f'<span style="{rng.choice(styles)}">{E(p)}</span>' for p in parts)


# ---------------------------------------------------------------- section rendering
def render_section(layout, sec, idx, nsec, st, rng, tokens):
    """Return (html, heading_line, [paragraph lines])."""
    label = head_label(st["hnum"], idx + 1) if nsec > 1 else ""
    lines = []
    h = []
    if layout == "qa":
        heading = st["qlab"] + sec["heading"]
        h.append('<div class="qa-item" id="q%d">' % (idx + 1))
        h.append('<h3 class="q-title"><span class="q-label">{}</span>{}</h3>'.format(E(st["qlab"]), E(sec["heading"])))
        h.append('<div class="q-answer">')
    else:
        heading = label + sec["heading"]
    if layout == "classic":
        tag = st["htag"]
        h.append(f"<{tag}>{E(heading)}</{tag}>")
    elif layout == "boldp":
        h.append(st["bold"] % E(heading))
    elif layout == "wechat":
        h.append('<section style="margin:20px 0 8px;">')
        if label:
            h.append(
                '<p style="text-align:left;"><span style="color:#1e6fff;font-weight:bold;">{}</span>'
                '<span style="font-size:17px;font-weight:bold;">{}</span></p>'.format(E(label), E(sec["heading"]))
            )
        elif st["wxhead"] == 0:
            h.append(f'<p><strong><span style="font-size:17px;color:#1e6fff;">{E(heading)}</span></strong></p>')
        else:
            h.append(
                '<section style="border-left:4px solid #1e6fff;padding-left:8px;">'
                f'<span style="font-size:17px;font-weight:bold;">{E(heading)}</span></section>'
            )
    elif layout == "portal":
        h.append(f'<h3 class="sub-tit">{E(heading)}</h3>')

    first = True
    for el in sec["elems"]:
        kind = el[0]
        if kind == "p":
            text = el[1]
            if layout == "qa" and first:
                lines.append(st["alab"] + text)
                h.append('<p><span class="a-label">{}</span>{}</p>'.format(E(st["alab"]), rich(text, rng, tokens)))
            else:
                lines.append(text)
                if layout == "classic":
                    h.append(f"<p>{rich(text, rng, tokens)}</p>")
                elif layout == "boldp":
                    h.append(f'<p style="text-indent:2em;">{rich(text, rng, tokens)}</p>')
                elif layout == "qa":
                    h.append(f"<p>{rich(text, rng, tokens)}</p>")
                elif layout == "wechat":
                    h.append(f'<p style="line-height:1.75;margin-bottom:12px;">{spans(text, rng)}</p>')
                else:
                    h.append(f"<p>{rich(text, rng, tokens)}</p>")
        elif kind in ("list", "steps"):
            intro, items = el[1], el[2]
            if intro:
                lines.append(intro)
                if layout == "wechat":
                    h.append(f'<p style="line-height:1.75;">{spans(intro, rng)}</p>')
                else:
                    h.append(f"<p>{E(intro)}</p>")
            if kind == "steps":
                labelled = [step_label(st["step"], i + 1) + s for i, s in enumerate(items)]
                lines.extend(labelled)
                if layout in ("classic", "qa"):
                    cls = "step-list" if layout == "classic" else "ans-steps"
                    h.append(
                        f'<ol class="{cls}" style="list-style:none;">'
                        + "".join(f"<li>{E(s)}</li>" for s in labelled)
                        + "</ol>"
                    )
                elif layout == "boldp":
                    h.append("<p>" + "<br>\n".join(E(s) for s in labelled) + "</p>")
                elif layout == "wechat":
                    h.append(
                        '<p style="line-height:1.75;">'
                        + "<br>".join(f'<span style="font-size:15px;">{E(s)}</span>' for s in labelled)
                        + "</p>"
                    )
                else:
                    h.extend(f'<p class="step">{E(s)}</p>' for s in labelled)
            else:
                if layout == "boldp":
                    labelled = [item_label(st["item"], i + 1) + s for i, s in enumerate(items)]
                    lines.extend(labelled)
                    h.append("<p>" + "<br>".join(E(s) for s in labelled) + "</p>")
                elif layout == "wechat":
                    labelled = [item_label("circle", i + 1) + s for i, s in enumerate(items)]
                    lines.extend(labelled)
                    for i, s in enumerate(items):
                        h.append(
                            '<p><span style="color:#1e6fff;">{}</span><span style="font-size:15px;">{}</span></p>'.format(
                                item_label("circle", i + 1), E(s)
                            )
                        )
                else:
                    lines.extend(items)
                    cls = {"classic": "", "qa": ' class="ans-list"', "portal": ' class="list-dot"'}[layout]
                    h.append(f"<ul{cls}>" + "".join(f"<li>{E(s)}</li>" for s in items) + "</ul>")
        elif kind == "table":
            cap, head, rows = el[1], el[2], el[3]
            if cap:
                lines.append(cap)
                h.append(f"<p>{E(cap)}</p>")
            lines.append(" ".join(head))
            lines.extend(" ".join(r) for r in rows)
            if layout in ("classic", "portal"):
                cls = "tb" if layout == "classic" else "data-table"
                h.append(
                    f'<table class="{cls}" border="1" cellspacing="0"><thead><tr>'
                    + "".join(f"<th>{E(c)}</th>" for c in head)
                    + "</tr></thead><tbody>"
                    + "".join("<tr>" + "".join(f"<td>{E(c)}</td>" for c in r) + "</tr>" for r in rows)
                    + "</tbody></table>"
                )
            elif layout == "qa":
                h.append(
                    '<table class="qa-table"><tr>'
                    + "".join(f"<th>{E(c)}</th>" for c in head)
                    + "</tr>"
                    + "".join("<tr>" + "".join(f"<td>{E(c)}</td>" for c in r) + "</tr>" for r in rows)
                    + "</table>"
                )
            elif layout == "boldp":
                h.append(
                    '<table border="1" cellpadding="4" cellspacing="0"><tbody><tr>'
                    + "".join(f"<td><strong>{E(c)}</strong></td>" for c in head)
                    + "</tr>"
                    + "".join("<tr>" + "".join(f"<td>{E(c)}</td>" for c in r) + "</tr>" for r in rows)
                    + "</tbody></table>"
                )
            else:
                h.append(
                    '<table style="width:100%;border-collapse:collapse;"><tbody><tr style="background:#f2f6ff;">'
                    + "".join(f'<td style="border:1px solid #ddd;"><strong>{E(c)}</strong></td>' for c in head)
                    + "</tr>"
                    + "".join(
                        "<tr>" + "".join(f'<td style="border:1px solid #ddd;">{E(c)}</td>' for c in r) + "</tr>"
                        for r in rows
                    )
                    + "</tbody></table>"
                )
        first = False
        if rng.random() < 0.04 and layout != "qa":
            h.append(
                '<p style="text-align:center;"><img src="/uploads/%d/%s.jpg" alt=""></p>'
                % (2020 + rng.randrange(6), f"{rng.getrandbits(32):08x}")
            )
    if layout == "qa":
        h.append("</div></div>")
    elif layout == "wechat":
        h.append("</section>")
    return "\n".join(h), heading, lines


# ---------------------------------------------------------------- boilerplate
def linkify(text, href):
    parts = re.split(r"\[@(.+?)@\]", text)
    plain = "".join(parts)
    out = []
    for i, p in enumerate(parts):
        out.append(E(p) if i % 2 == 0 else f'<a href="{A(href)}" target="_blank">{E(p)}</a>')
    return plain, "".join(out)


CLASSIC_CLS = {
    "editor": "editor",
    "source": "laiyuan",
    "copyright": "copyright",
    "disclaimer": "mianze",
    "opening": "daodu",
    "transition": "guodu",
    "closing": "jieyu",
    "prompt": "hudong",
    "ad": "ad-text",
    "qr": "qr-text",
    "update": "gengxin",
    "qrtop": "qr-top",
}


def bp_wrap(layout, kind, inner, rng):
    if layout == "classic":
        return f'<p class="{CLASSIC_CLS[kind]}">{inner}</p>'
    if layout == "boldp":
        if kind in ("opening", "closing"):
            return f"<p>{inner}</p>"
        if kind == "transition":
            return rng.choice(["<p><strong>%s</strong></p>", "<p>%s</p>"]) % inner
        if kind == "editor":
            return f'<p style="text-align:right;">{inner}</p>'
        return f'<p style="color:#888888;font-size:12px;">{inner}</p>'
    if layout == "qa":
        if kind in ("opening", "transition"):
            return f'<p class="intro">{inner}</p>'
        return f'<div class="tip tip-{kind}">{inner}</div>'
    if layout == "wechat":
        if kind in ("opening", "closing", "prompt", "transition"):
            return f'<p style="line-height:1.75;"><span style="font-size:15px;">{inner}</span></p>'
        return f'<p style="text-align:center;"><span style="font-size:12px;color:#888888;">{inner}</span></p>'
    # portal
    if kind in ("copyright", "disclaimer"):
        return f'<div class="statement">{inner}</div>'
    return f'<p class="p-{kind}">{inner}</p>'


POOLS = {
    "opening": B.OPENING,
    "transition": B.TRANSITION,
    "closing": B.CLOSING,
    "disclaimer": B.DISCLAIMER,
    "copyright": B.COPYRIGHT,
    "source": B.SOURCE,
    "editor": B.EDITOR,
    "prompt": B.PROMPT,
    "ad": B.AD,
    "qr": B.QR,
    "update": B.UPDATE,
    "qrtop": B.QR_WECHAT_TOP,
}


def fmt_cn_date(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


class PageCtx:
    """Everything a page needs to render its boilerplate."""

    def __init__(self, a, arts, rng):
        self.a = a
        self.arts = arts
        self.rng = rng


def bp_simple(layout, kind, slots, rng, href="#"):
    text = rng.choice(POOLS[kind]).format_map(slots)
    plain, inner = linkify(text, href)
    html_ = bp_wrap(layout, kind, inner, rng)
    if kind == "qr" and rng.random() < 0.7:
        img = '<p style="text-align:center;"><img src="/static/qrcode/{}.png" alt="二维码" width="160"></p>'.format(
            rng.choice(["gzh", "xcx", "group%d" % rng.randrange(10)])
        )
        html_ = html_ + "\n" + img if rng.random() < 0.6 else img + "\n" + html_
    return {"kind": kind, "lines": [plain], "html": html_}


def bp_rating(layout, rng):
    q = rng.choice(B.RATING_Q)
    btns = rng.choice(B.RATING_BTN)
    form = rng.randrange(4)
    cls = rng.choice(["rate-box", "feedback", "helpful", "vote-wrap"])
    if form == 0:
        h = (
            f'<div class="{cls}"><p>{E(q)}</p><div class="btns">'
            + " ".join(f'<a href="javascript:;" class="btn">{E(b)}</a>' for b in btns)
            + "</div></div>"
        )
        lines = [q, " ".join(btns)]
    elif form == 1:
        h = f'<div class="{cls}">{E(q)} ' + " ".join(f"<button>{E(b)}</button>" for b in btns) + "</div>"
        lines = [q + " " + " ".join(btns)]
    elif form == 2:
        h = (
            f'<div class="{cls}"><p>{E(q)}</p>'
            + "".join(f'<p><button type="button">{E(b)}</button></p>' for b in btns)
            + "</div>"
        )
        lines = [q] + list(btns)
    else:
        counts = [rng.randrange(0, 300) for _ in btns]
        labels = ["%s（%d）" % (b, c) for b, c in zip(btns, counts, strict=False)]
        h = (
            f'<div class="{cls}"><div class="q">{E(q)}</div><div class="opts">'
            + " ".join(
                '<a href="javascript:;">%s<span>（%d）</span></a>' % (E(b), c)
                for b, c in zip(btns, counts, strict=False)
            )
            + "</div></div>"
        )
        lines = [q, " ".join(labels)]
    return {"kind": "rating", "lines": lines, "html": h}


def bp_tags(layout, tags, rng):
    head = rng.choice(B.TAG_HEAD)
    if rng.random() < 0.6:
        h = '<div class="tags">{}{}</div>'.format(
            E(head), " ".join('<a href="http://%s/tag/%d.html">%s</a>' % (WWW, TAG_IDS.get(t, 0), E(t)) for t in tags)
        )
        line = head + " ".join(tags)
    else:
        line = head + "、".join(tags)
        h = f'<p class="keywords">{E(line)}</p>'
    return {"kind": "tags", "lines": [line], "html": h}


def bp_share(layout, rng):
    head = rng.choice(B.SHARE_HEAD)
    targets = rng.sample(B.SHARE_TARGETS, rng.randint(3, 5))
    if rng.random() < 0.25:
        h = (
            f'<div class="bdsharebuttonbox"><span>{E(head)}</span>'
            + "".join('<a href="#" class="bds_%d" title="分享到%s"></a>' % (i, A(t)) for i, t in enumerate(targets))
            + "</div>"
        )
        return {"kind": "share", "lines": [head], "html": h}
    sep = "" if head.endswith("：") else " "
    h = (
        f'<div class="share-bar">{E(head)}{sep}'
        + " ".join('<a href="javascript:;" class="s%d">%s</a>' % (i, E(t)) for i, t in enumerate(targets))
        + "</div>"
    )
    return {"kind": "share", "lines": [head + sep + " ".join(targets)], "html": h}


def bp_prevnext(layout, prev, nxt, rng):
    hp, hn = rng.choice(B.PREV_NEXT)
    none = rng.choice(B.NONE_LEFT)
    lines, parts = [], []
    for head, other in ((hp, prev), (hn, nxt)):
        if other is None:
            lines.append(head + none)
            parts.append(f"{E(head)}<span>{E(none)}</span>")
        else:
            lines.append(head + other["title"])
            parts.append('{}<a href="{}">{}</a>'.format(E(head), A(other["url"]), E(other["title"])))
    if rng.random() < 0.5:
        h = '<div class="prenext">' + "".join(f"<p>{p}</p>" for p in parts) + "</div>"
    else:
        h = '<ul class="page-turn">' + "".join(f"<li>{p}</li>" for p in parts) + "</ul>"
    return {"kind": "prevnext", "lines": lines, "html": h}


def bp_related(layout, others, rng):
    head = rng.choice(B.RELATED_HEAD)
    titles = [o["title"] for o in others]
    form = rng.randrange(3) if layout != "wechat" else 3
    links = ['<a href="{}">{}</a>'.format(A(o["url"]), E(o["title"])) for o in others]
    if form == 0:
        htag = rng.choice(["h3", "h4", "div"])
        h = (
            f'<div class="related"><{htag} class="rel-hd">{E(head)}</{htag}><ul>'
            + "".join(f"<li>{ln}</li>" for ln in links)
            + "</ul></div>"
        )
    elif form == 1:
        h = f'<div class="xgyd"><p><strong>{E(head)}</strong></p><p>' + "<br>".join(links) + "</p></div>"
    elif form == 2:
        h = (
            f'<div class="rel"><div class="rel-hd">{E(head)}</div><ol>'
            + "".join(f"<li>{ln}</li>" for ln in links)
            + "</ol></div>"
        )
    else:
        h = (
            f'<section class="wx-rel"><p><span style="font-weight:bold;color:#1e6fff;">{E(head)}</span></p>'
            + "".join(f"<p>{ln}</p>" for ln in links)
            + "</section>"
        )
    return {"kind": "related", "lines": [head] + titles, "html": h}


def bp_teaser(layout, other, rng):
    src = other["first_para"]
    L = rng.randint(22, 46)
    L = min(L, max(8, len(src) - 4))
    snip = src[:L].rstrip("，、；：“（") + "……"
    form = rng.randrange(4)
    link = '<a href="%s">%s</a>'
    if form == 0:
        head = rng.choice(B.TEASER_HEAD)
        h = '<div class="teaser"><p>{}{}</p><p>{}</p></div>'.format(
            E(head), link % (A(other["url"]), E(other["title"])), E(snip)
        )
        lines = [head + other["title"], snip]
    elif form == 1:
        more = rng.choice(B.TEASER_MORE)
        h = '<p class="teaser">{}{}</p>'.format(E(snip), link % (A(other["url"]), E(more)))
        lines = [snip + more]
    elif form == 2:
        more = rng.choice(B.TEASER_MORE)
        h = '<div class="teaser"><p>{}</p><p>{}</p></div>'.format(E(snip), link % (A(other["url"]), E(more)))
        lines = [snip, more]
    else:
        head = rng.choice(B.TEASER_HEAD)
        line = head + other["title"] + "：" + snip
        h = '<p class="teaser">{}{}：{}</p>'.format(E(head), link % (A(other["url"]), E(other["title"])), E(snip))
        lines = [line]
    return {"kind": "teaser", "lines": lines, "html": h}


BOTTOM_ORDER = [
    "closing",
    "disclaimer",
    "copyright",
    "source",
    "editor",
    "update",
    "prompt",
    "rating",
    "qr",
    "ad",
    "tags",
    "share",
    "teaser",
    "related",
    "prevnext",
]


def plan_boiler(layout, nsec, rng):
    top, bottom = [], []
    gaps = [[] for _ in range(max(0, nsec - 1))]
    if layout == "wechat" and rng.random() < 0.5:
        top.append("qrtop")
    if rng.random() < 0.45:
        top.append("opening")
    if rng.random() < 0.5:
        (top if rng.random() < 0.25 else bottom).append("editor")
    if rng.random() < 0.4:
        (top if rng.random() < 0.3 else bottom).append("source")
    if rng.random() < 0.12:
        (top if rng.random() < 0.5 else bottom).append("update")
    if len(top) > 1 and rng.random() < 0.4:
        i = rng.randrange(len(top) - 1)
        top[i], top[i + 1] = top[i + 1], top[i]
    for g in gaps:
        if rng.random() < 0.6:
            g.append("transition")
    for kind, p in (("ad", 0.3), ("teaser", 0.2)):
        if rng.random() < p:
            if gaps and rng.random() < 0.45:
                rng.choice(gaps).insert(0, kind)
            elif kind == "ad" and rng.random() < 0.15:
                top.append(kind)
            else:
                bottom.append(kind)
    for kind, p in (
        ("closing", 0.5),
        ("disclaimer", 0.45),
        ("copyright", 0.35),
        ("prompt", 0.4),
        ("rating", 0.25),
        ("qr", 0.35),
        ("tags", 0.35),
        ("share", 0.25),
        ("related", 0.45),
        ("prevnext", 0.35),
    ):
        if rng.random() < p:
            bottom.append(kind)
    bottom.sort(key=BOTTOM_ORDER.index)
    for _ in range(2):
        if len(bottom) > 1 and rng.random() < 0.35:
            i = rng.randrange(len(bottom) - 1)
            bottom[i], bottom[i + 1] = bottom[i + 1], bottom[i]
    return top, gaps, bottom


# ---------------------------------------------------------------- outside-body chrome
def nav_html(cls, city=None):
    items = [f'<a href="http://{WWW}/">首页</a>']
    items += [f'<a href="http://{WWW}/{slug}/">{name}</a>' for slug, name in CATEGORIES]
    if city:
        items.append('<a href="http://{}/">{}站</a>'.format(city["host"], city["name"]))
    return '<div class="{}">{}</div>'.format(cls, " | ".join(items))


def sidebar_html(a, arts, rng, cls):
    hot = rng.sample(arts, min(8, len(arts)))
    new = sorted(rng.sample(arts, min(5, len(arts))), key=lambda x: x["pub"], reverse=True)
    h = [f'<div class="{cls}">', '<div class="side-box"><h3>热门文章</h3><ul>']
    for o in hot:
        h.append(
            '<li><a href="{}">{}</a><span class="d">{}</span></li>'.format(
                A(o["url"]), E(o["title"]), o["pub"].strftime("%m-%d")
            )
        )
    h.append('</ul></div><div class="side-box"><h3>最新发布</h3><ul>')
    for _k, o in enumerate(new):
        stamp = rng.choice(
            ["%d小时前" % rng.randint(1, 23), "%d分钟前" % rng.randint(2, 59), o["pub"].strftime("%Y-%m-%d")]
        )
        h.append('<li><a href="{}">{}</a> <em>{}</em></li>'.format(A(o["url"]), E(o["title"]), stamp))
    h.append("</ul></div>")
    h.append(
        '<div class="side-box"><h3>城市频道</h3><p>{}</p></div>'.format(
            " ".join('<a href="http://{}/">{}</a>'.format(c["host"], c["name"]) for c in CITIES)
        )
    )
    h.append("</div>")
    return "\n".join(h)


def footer_html(cls, rng):
    y0 = rng.choice([2015, 2016, 2017])
    return (
        '<div class="%s"><p><a href="/about.html">关于我们</a> | <a href="/contact.html">联系我们</a> | '
        '<a href="/disclaimer.html">免责声明</a> | <a href="/sitemap.xml">网站地图</a></p>'
        "<p>Copyright © %d-2025 %s 版权所有 %s</p>"
        "<p>本站信息仅供参考，不作为办事依据 投诉邮箱：%s</p></div>" % (cls, y0, DOMAIN, ICP, EMAILS[0])
    )


def comments_html(a, rng, cls, title_tag="h3"):
    n = rng.randint(0, 4)
    if n == 0:
        return ""
    h = ['<div class="%s"><%s>网友评论（%d）</%s><ul>' % (cls, title_tag, n, title_tag)]
    t = a["pub"]
    for _ in range(n):
        t = t + dt.timedelta(hours=rng.randint(2, 400), minutes=rng.randrange(60))
        stamp = t.strftime("%Y-%m-%d %H:%M") if rng.random() < 0.6 else "%d天前" % rng.randint(1, 30)
        h.append(
            f'<li><span class="u">{E(rng.choice(COMMENT_USERS))}</span> <span class="t">{stamp}</span><p>{E(rng.choice(COMMENT_TEXTS))}</p></li>'
        )
    h.append("</ul></div>")
    return "\n".join(h)


def meta_charset(a):
    cs = a["meta_charset"]
    if a["layout"] in ("boldp", "classic") and cs != "utf-8":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={cs}">'
    return f'<meta charset="{cs}">'


# ---------------------------------------------------------------- page assembly
def render_article(a, arts, by_host, rng):
    layout = a["layout"]
    city = a["city"]
    ctx = a["ctx"]
    st = {
        "hnum": {
            "classic": rng.choice([None, None, "cn"]),
            "boldp": rng.choice(["cn", "cn", "pcn"]),
            "qa": None,
            "wechat": rng.choice(["pcn", "zero"]),
            "portal": rng.choice(["dot", "part"]),
        }[layout],
        "htag": rng.choice(["h2", "h2", "h3"]),
        "bold": rng.choice(["<p><strong>%s</strong></p>", '<p style="font-weight:bold;">%s</p>', "<p><b>%s</b></p>"]),
        "qlab": rng.choice(["问：", "问：", "Q："]),
        "step": rng.choice(
            {
                "classic": ["di", "dot", "bz"],
                "boldp": ["dun", "dot", "paren"],
                "qa": ["dun", "di", "dot"],
                "wechat": ["dot", "di"],
                "portal": ["bz", "dot", "di"],
            }[layout]
        ),
        "item": rng.choice(["paren", "dun"]),
        "wxhead": rng.randrange(2),
    }
    st["alab"] = "答：" if st["qlab"] == "问：" else "A："
    tokens = [ctx["hotline"], ctx["app"], ctx["arb_tel"]]
    secs = a["sections"]
    items = []  # dicts: kind main/bp, html, lines, sec
    rendered = []
    for i, s in enumerate(secs):
        h, heading, lines = render_section(layout, s, i, len(secs), st, rng, tokens)
        rendered.append((h, heading, lines))
    main_set = set()
    for _, hd, ls in rendered:
        main_set.add(hd)
        main_set.update(ls)

    top, gaps, bottom = plan_boiler(layout, len(secs), rng)
    people = rng.sample(PEOPLE, 3)
    upd = a["pub"] + dt.timedelta(days=rng.randint(12, 420))
    datefmt = rng.choice([fmt_cn_date, lambda d: d.strftime("%Y-%m-%d")])
    wc = sum(len(x) for _, hd, ls in rendered for x in [hd] + ls)
    slots = {
        "site": SITE,
        "city": city["name"],
        "kw": a["kw"],
        "kw2": a["kw"],
        "n1": people[0],
        "n2": people[1],
        "n3": people[2],
        "date": datefmt(upd),
        "pubdate": datefmt(a["pub"]),
        "email": rng.choice(EMAILS),
        "phone": rng.choice(PHONES),
        "wxsite": WXSITE,
        "mini": MINI,
        "mobile": "1%d%d%04d%04d"
        % (rng.choice([3, 5, 8, 9]), rng.randrange(10), rng.randrange(10000), rng.randrange(10000)),
        "wx": ctx["wx"],
        "hrss": ctx["hrss"],
        "words": str((wc // 100 + 1) * 100),
        "mins": str(max(1, wc // 400 + 1)),
        "num": str(rng.randint(10, 99)),
        "url": a["url"],
    }

    def others(pred, k):
        cand = [o for o in arts if o is not a and pred(o) and o["title"] not in main_set]
        rng.shuffle(cand)
        seen, out = set(), []
        for o in cand:
            if o["title"] in seen:
                continue
            seen.add(o["title"])
            out.append(o)
            if len(out) == k:
                break
        return out

    def make_bp(kind, sec_idx=None):
        if kind in POOLS:
            if kind == "transition" and sec_idx is not None:
                s = dict(slots)
                s["kw"] = a["topics"][sec_idx]
                return bp_simple(layout, kind, s, rng)
            href = "http://%s/ad/click?id=%d" % (WWW, rng.randrange(1000)) if kind == "ad" else a["url"]
            return bp_simple(layout, kind, slots, rng, href)
        if kind == "rating":
            return bp_rating(layout, rng)
        if kind == "tags":
            tags = list(dict.fromkeys(a["tags"][: rng.randint(2, 4)] + ([city["name"]] if rng.random() < 0.6 else [])))
            return bp_tags(layout, tags, rng)
        if kind == "share":
            return bp_share(layout, rng)
        if kind == "prevnext":
            lst = by_host[a["host"]]
            k = lst.index(a)
            prev = lst[k - 1] if k > 0 else None
            nxt = lst[k + 1] if k + 1 < len(lst) else None
            if prev is not None and prev["title"] in main_set:
                prev = None
            if nxt is not None and nxt["title"] in main_set:
                nxt = None
            return bp_prevnext(layout, prev, nxt, rng)
        if kind == "related":
            pref = rng.random()
            if pref < 0.5:

                def pred(o):
                    return o["cat"] == a["cat"]
            elif pref < 0.8:

                def pred(o):
                    return o["city"] is city
            else:

                def pred(o):
                    return True

            got = others(pred, rng.randint(3, 6))
            if len(got) < 3:
                got = others(lambda o: True, rng.randint(3, 6))
            return bp_related(layout, got, rng)
        if kind == "teaser":
            got = others(lambda o: o["city"] is city or rng.random() < 0.3, 1) or others(lambda o: True, 1)
            return bp_teaser(layout, got[0], rng)
        raise KeyError(kind)

    for kind in top:
        items.append(dict(make_bp(kind), main=False))
    for i, (h, heading, lines) in enumerate(rendered):
        if i > 0:
            for kind in gaps[i - 1]:
                items.append(dict(make_bp(kind, sec_idx=i - 1), main=False))
        items.append({"main": True, "html": h, "lines": [heading] + lines, "sec": i})
        if i == 0 and rng.random() < 0.08:
            items.append(
                {
                    "main": False,
                    "kind": "adslot",
                    "lines": [],
                    "html": '<div class="ad-slot"><script>(window.slotbydup=window.slotbydup||[]).push({id:"u%d",container:"ad_%d"});</script></div>'
                    % (rng.randrange(10**6), rng.randrange(100)),
                }
            )
    for kind in bottom:
        items.append(dict(make_bp(kind), main=False))

    # a line is either main or boilerplate, never both
    items = [it for it in items if it["main"] or not (set(it["lines"]) & main_set)]

    body_html = "\n".join(it["html"] for it in items)
    main_text, boiler, sections = [], [], []
    for it in items:
        if it["main"]:
            main_text.extend(it["lines"])
            s = secs[it["sec"]]
            sections.append(
                {
                    "heading": it["lines"][0],
                    "template_id": s["tid"],
                    "city": city["name"],
                    "paragraphs": it["lines"][1:],
                }
            )
        else:
            boiler.extend(it["lines"])

    page = page_html(a, body_html, arts, rng)
    return page, main_text, boiler, sections


def fmt_pub(a):
    """(visible strings..., gold published_at) per layout."""
    d = a["pub"]
    lay = a["layout"]
    if lay == "classic":
        if a["prec"] == "s":
            return d.strftime("%Y-%m-%d %H:%M:%S"), d.strftime("%Y-%m-%dT%H:%M:%S")
        return d.strftime("%Y-%m-%d %H:%M"), d.strftime("%Y-%m-%dT%H:%M")
    if lay == "boldp":
        return "%d年%d月%d日 %02d:%02d" % (d.year, d.month, d.day, d.hour, d.minute), d.strftime("%Y-%m-%dT%H:%M")
    if lay == "qa":
        return d.strftime("%Y-%m-%d"), d.strftime("%Y-%m-%d")
    if lay == "wechat":
        return d.strftime("%Y-%m-%d %H:%M"), d.strftime("%Y-%m-%dT%H:%M")
    return d.strftime("%Y-%m-%dT%H:%M:%S+08:00"), d.strftime("%Y-%m-%dT%H:%M:%S")


def page_html(a, body, arts, rng):
    lay = a["layout"]
    city = a["city"]
    title = a["title"]
    t_title = title + a["suffix"]
    vis, _ = fmt_pub(a)
    cat = a["cat"]
    catname = CAT_NAME[cat]
    desc = A(a["first_para"][:70])
    kw = A(",".join(a["tags"]))
    src = rng.choice([SITE, a["ctx"]["wx"], a["ctx"]["hrss"], "网络整理", city["name"] + "人社"])
    author = rng.choice(PEOPLE + ["小帮", "帮帮君", "admin"])
    views = rng.randint(80, 25000)
    cs = meta_charset(a)
    if lay == "classic":
        upd = ""
        if rng.random() < 0.2:
            upd = '<span class="upd">（更新于{}）</span>'.format(
                (a["pub"] + dt.timedelta(days=rng.randint(3, 300))).strftime("%Y-%m-%d")
            )
        pt = a["pub"].strftime("%Y-%m-%dT%H:%M:%S") if a["prec"] == "s" else a["pub"].strftime("%Y-%m-%dT%H:%M")
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{cs}
<title>{E(t_title)}</title>
<meta name="keywords" content="{kw}">
<meta name="description" content="{desc}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{pt}+08:00">
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
<div class="top-bar">欢迎来到{SITE}！ <a href="#">设为首页</a> <a href="#">加入收藏</a></div>
<div class="header"><div class="logo"><a href="http://{WWW}/"><img src="/static/images/logo.png" alt="{SITE}"></a></div>
{nav_html("nav", city)}</div>
<div class="crumb">当前位置：<a href="http://{WWW}/">首页</a> &gt; <a href="http://{city["host"]}/">{city["name"]}频道</a> &gt; <a href="http://{WWW}/{cat}/">{catname}</a> &gt; 正文</div>
<div class="wrap">
<div class="main-left">
<div class="article">
<h1 class="art-title">{E(title)}</h1>
<div class="art-info"><span>发布时间：{vis}</span>{upd} <span>来源：{E(src)}</span> <span>作者：{E(author)}</span> <span>阅读：<em>{views}</em></span></div>
<!-- 正文开始 -->
<div class="art-content" id="artContent">
{body}
</div>
<!-- 正文结束 -->
</div>
{comments_html(a, rng, "comment-box") if rng.random() < 0.35 else ""}
</div>
{sidebar_html(a, arts, rng, "sidebar")}
</div>
{footer_html("footer", rng)}
</body>
</html>
"""
    if lay == "boldp":
        return f"""<!DOCTYPE html>
<html>
<head>
{cs}
<title>{E(t_title)}</title>
<meta name="keywords" content="{kw}">
</head>
<body>
<div class="head"><div class="logo-text"><a href="http://{WWW}/">{SITE}</a></div>
{nav_html("menu", city)}</div>
<div class="position">您的位置：<a href="http://{WWW}/">首页</a> » <a href="http://{WWW}/{cat}/">{catname}</a> » {city["name"]}</div>
<div class="content-wrap">
<div class="main-wrap">
<div class="title-box"><h1>{E(title)}</h1><p class="time">时间：{vis}　来源：{E(src)}　编辑：{E(author)}</p></div>
<div class="neirong">
{body}
</div>
{comments_html(a, rng, "pinglun")}
</div>
{sidebar_html(a, arts, rng, "right-side")}
</div>
{footer_html("foot", rng)}
</body>
</html>
"""
    if lay == "qa":
        return f"""<!DOCTYPE html>
<html lang="zh">
<head>
{cs}
<title>{E(t_title)}</title>
<meta name="description" content="{desc}">
</head>
<body>
<header class="site-header"><a class="brand" href="http://{WWW}/">{SITE}·问答</a>
{nav_html("qa-nav", city)}</header>
<div class="breadcrumb"><a href="http://{WWW}/">首页</a> / <a href="http://{city["host"]}/">{city["name"]}</a> / 问答</div>
<main class="qa-main">
<div class="qa-detail">
<h1 class="q-headline">{E(title)}</h1>
<div class="q-meta"><span>发布于 <time datetime="{vis}">{vis}</time></span> <span>{views}人看过</span> <span>{len(a["sections"])}个回答</span></div>
<div class="qa-body">
{body}
</div>
{comments_html(a, rng, "other-answers", "h2")}
</div>
</main>
{sidebar_html(a, arts, rng, "qa-side")}
{footer_html("site-footer", rng)}
</body>
</html>
"""
    if lay == "wechat":
        ts = int(a["pub"].replace(tzinfo=TZ).timestamp())
        return f"""<!DOCTYPE html>
<html>
<head>
{cs}
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=no">
<title>{E(t_title)}</title>
<meta property="og:title" content="{A(title)}">
</head>
<body class="mobile">
<div class="m-top"><a href="http://{city["host"]}/">{SITE}·{city["name"]}</a> <a href="http://{WWW}/">更多</a></div>
<div class="rich_media" id="js_article">
<h2 class="rich_media_title" id="activity-name">{E(title)}</h2>
<div class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">原创</span> <span class="rich_media_meta rich_media_meta_text">{E(author)}</span> <span class="rich_media_meta meta-src">{E(a["ctx"]["wx"])}{vis}</span></div>
<div class="rich_media_content" id="js_content">
{body}
</div>
<div class="rich_media_tool"><span>阅读 {views}</span> <span>在看 {rng.randint(0, 99)}</span></div>
</div>
<script>var ct = "{ts}"; var biz = "MzA{rng.randrange(10**6)}"; var msg_title = "{A(title)}";</script>
{comments_html(a, rng, "wx-comments") if rng.random() < 0.4 else ""}
<div class="m-footer">© {SITE} {ICP}</div>
</body>
</html>
"""
    # portal
    rel = rng.choice(
        ["%d小时前" % rng.randint(1, 23), "%d天前" % rng.randint(1, 6), "刚刚", "%d分钟前" % rng.randint(2, 59)]
    )
    mod = (a["pub"] + dt.timedelta(days=rng.randint(1, 200))).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": vis,
            "dateModified": mod,
            "publisher": {"@type": "Organization", "name": SITE},
        },
        ensure_ascii=False,
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{cs}
<title>{E(t_title)}</title>
<meta name="publishdate" content="{a["pub"].strftime("%Y-%m-%d %H:%M:%S")}">
<meta name="description" content="{desc}">
<script type="application/ld+json">{ld}</script>
</head>
<body>
<div class="g-hd"><h1 class="logo"><a href="http://{WWW}/">{SITE}</a></h1>
<form class="search" action="/search/"><input type="text" name="q" placeholder="搜索政策"><button>搜索</button></form>
{nav_html("main-nav", city)}</div>
<div class="g-bd">
<div class="path"><a href="http://{WWW}/">{SITE}</a> &gt; <a href="http://{WWW}/{cat}/">{catname}</a></div>
<div class="g-main">
<div class="article-hd"><div class="headline">{E(title)}</div>
<div class="sub-info"><span class="pub-time">{rel}</span> <span class="from">来源：{E(src)}</span> <span class="hits">{views}次浏览</span></div></div>
<div class="TRS_Editor">
{body}
</div>
</div>
{sidebar_html(a, arts, rng, "g-side")}
</div>
{footer_html("g-ft", rng)}
</body>
</html>
"""


# ---------------------------------------------------------------- list pages
def list_page(host, title_heading, t_title, entries, pager, rng, arts):
    lis = "\n".join(
        '<li><a href="{}">{}</a><span class="date">{}</span></li>'.format(
            A(o["url"]), E(o["title"]), o["pub"].strftime("%Y-%m-%d")
        )
        for o in entries
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{E(t_title)}</title>
</head>
<body>
<div class="header"><div class="logo"><a href="http://{WWW}/">{SITE}</a></div>
{nav_html("nav")}</div>
<div class="wrap">
<div class="list-main">
<h1 class="list-title">{E(title_heading)}</h1>
<ul class="news-list">
{lis}
</ul>
<div class="pages">{pager}</div>
</div>
{sidebar_html(None, arts, rng, "sidebar")}
</div>
{footer_html("footer", rng)}
</body>
</html>
"""


def pager_html(base, n, cur):
    parts = []
    for i in range(1, n + 1):
        href = base + ("index.html" if i == 1 else "list_%d.html" % i)
        parts.append("<span>%d</span>" % i if i == cur else '<a href="%s">%d</a>' % (href, i))
    if cur < n:
        parts.append('<a href="%slist_%d.html">下一页</a>' % (base, cur + 1))
    return " ".join(parts)


TAG_IDS = {}


# ---------------------------------------------------------------- main entry
def cities_in(lines):
    text = "\n".join(lines)
    found = [(text.find(c), c) for c in CITY_NAMES if c in text]
    return [c for _, c in sorted(found)]


def build_site(out_dir, articles=400, seed=61, punctuation="fullwidth"):
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError("punctuation must be 'fullwidth' or 'ascii'")
    rng = random.Random(seed)
    TAG_IDS.clear()
    for i, t in enumerate(sorted({t for tp in TPLS for t in tp["tags"]} | set(CAT_NAME.values()))):
        TAG_IDS[t] = i + 1
    arts = plan_articles(rng, articles)

    # instantiate blocks, titles, urls
    for a in arts:
        city = a["city"]
        d = city["districts"]
        d1, d2 = rng.sample(d, 2)
        ctx = dict(city["ctx"], district=d1, district2=d2, year=str(a["pub"].year))
        a["ctx"] = ctx
        secs = []
        for _kind, t in a["srcs"]:
            secs.append(instantiate(t, ctx, rng))
        if rng.random() < 0.25:
            k = rng.randrange(len(secs))
            if a["srcs"][k][0] == "tpl":
                add_local(secs[k], city, ctx, rng)
        a["sections"] = secs
        a["topics"] = [t["topic"] if kind == "tpl" else "这件事" for kind, t in a["srcs"]]
        a["kw"] = a["topics"][0] if a["srcs"][0][0] == "tpl" else "就业创业政策"
        a["cat"] = a["srcs"][0][1]["cat"]
        a["tags"] = list(dict.fromkeys(t for kind, tp in a["srcs"] for t in tp["tags"]))
        if not a["tags"]:
            a["tags"] = [CAT_NAME[a["cat"]]]
        a["title"] = make_title(a, rng)
        ym = a["pub"].strftime("%Y%m")
        if a["host"] == WWW:
            a["path_on_host"] = "/%s/%s/%d.html" % (a["cat"], a["pub"].strftime("%Y%m%d"), a["id"])
        else:
            a["path_on_host"] = "/%s/%s/%d.html" % (a["cat"], ym, a["id"])
        a["url"] = "http://{}{}".format(a["host"], a["path_on_host"])
        a["first_para"] = next(e[1] for e in secs[0]["elems"] if e[0] == "p")
        a["prec"] = "s" if rng.random() < 0.7 else "m"
        a["suffix"] = rng.choice(["_" + SITE, " - " + SITE, "｜" + SITE, "_{}频道_{}".format(city["name"], SITE)])
        a["meta_charset"] = rng.choice(["gbk", "gb2312", "utf-8"]) if a["gbk"] else "utf-8"

    by_host = {}
    for a in arts:
        by_host.setdefault(a["host"], []).append(a)

    files = {}  # rel path -> (text, encoding)
    gold = []
    for a in arts:
        page, main_text, boiler, sections = render_article(a, arts, by_host, rng)
        _, pub_iso = fmt_pub(a)
        rel = a["host"] + a["path_on_host"]
        enc = "gbk" if a["gbk"] else "utf-8"
        files[rel] = (page, enc)
        gold.append(
            {
                "host": a["host"],
                "path": rel,
                "url": a["url"],
                "page_type": "article",
                "layout": a["layout"],
                "encoding": enc,
                "title": a["title"],
                "published_at": pub_iso,
                "main_text": main_text,
                "boilerplate": boiler,
                "sections": sections,
                "cities": cities_in(main_text),
            }
        )

    # list pages

    def add_list(host, path_on_host, heading, t_title, entries, pager, layout):
        rel = host + path_on_host
        files[rel] = (list_page(host, heading, t_title, entries, pager, rng, arts), "utf-8")
        gold.append(
            {
                "host": host,
                "path": rel,
                "url": f"http://{host}{path_on_host}",
                "page_type": "list",
                "layout": layout,
                "encoding": "utf-8",
                "title": heading,
                "published_at": None,
                "main_text": [],
                "boilerplate": [],
                "sections": [],
                "cities": [],
            }
        )

    newest = sorted(arts, key=lambda x: x["pub"], reverse=True)
    add_list(WWW, "/index.html", SITE, SITE + " - 就业创业与劳动保障政策指南", newest[:30], "", "home")
    per = 20
    for slug, name in CATEGORIES:
        ents = [o for o in newest if o["cat"] == slug]
        npages = max(1, (len(ents) + per - 1) // per)
        for p in range(1, npages + 1):
            path = f"/{slug}/index.html" if p == 1 else "/%s/list_%d.html" % (slug, p)
            t_title = name + ("" if p == 1 else "_第%d页" % p) + "_" + SITE
            add_list(
                WWW,
                path,
                name,
                t_title,
                ents[(p - 1) * per : p * per],
                pager_html(f"/{slug}/", npages, p),
                "category",
            )
    for tag, tid in sorted(TAG_IDS.items(), key=lambda kv: kv[1]):
        ents = [o for o in newest if tag in o["tags"]][:40]
        if ents:
            add_list(WWW, "/tag/%d.html" % tid, tag + "相关文章", tag + "相关文章_" + SITE, ents, "", "tag")
    for c in CITIES:
        ents = [o for o in newest if o["city"] is c]
        per_c = 30
        npages = max(1, (len(ents) + per_c - 1) // per_c)
        for p in range(1, npages + 1):
            path = "/index.html" if p == 1 else "/list_%d.html" % p
            heading = c["name"] + "就业创业指南"
            add_list(
                c["host"],
                path,
                heading,
                heading + ("" if p == 1 else "_第%d页" % p) + "_" + SITE,
                ents[(p - 1) * per_c : p * per_c],
                pager_html("/", npages, p),
                "city_index",
            )

    # robots + sitemap per host
    hosts = [WWW] + [c["host"] for c in CITIES]
    extra = {}
    for h in hosts:
        extra[h + "/robots.txt"] = (
            "User-agent: *\nDisallow: /search/\nDisallow: /ad/\nDisallow: /member/\n"
            f"Crawl-delay: 2\nSitemap: http://{h}/sitemap.xml\n"
        )
        urls = [g for g in gold if g["host"] == h]
        body = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for g in urls:
            lm = g["published_at"][:10] if g["published_at"] else "2025-06-01"
            body.append("  <url><loc>{}</loc><lastmod>{}</lastmod></url>".format(E(g["url"]), lm))
        body.append("</urlset>")
        extra[h + "/sitemap.xml"] = "\n".join(body) + "\n"

    # punctuation switch + write
    ascii_mode = punctuation == "ascii"
    if ascii_mode:
        for g in gold:
            g["title"] = g["title"].translate(FOLD)
            g["main_text"] = [x.translate(FOLD) for x in g["main_text"]]
            g["boilerplate"] = [x.translate(FOLD) for x in g["boilerplate"]]
            for s in g["sections"]:
                s["heading"] = s["heading"].translate(FOLD)
                s["paragraphs"] = [x.translate(FOLD) for x in s["paragraphs"]]
    os.makedirs(out_dir, exist_ok=True)
    for rel, (text, enc) in files.items():
        if ascii_mode:
            text = text.translate(FOLD)
        full = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        data = text.encode("gbk", errors="xmlcharrefreplace") if enc == "gbk" else text.encode("utf-8")
        with open(full, "wb") as f:
            f.write(data)
    for rel, text in extra.items():
        full = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write((text.translate(FOLD) if ascii_mode else text).encode("utf-8"))
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate the blindfarm7 content farm (就业帮帮网).")
    ap.add_argument("out_dir")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=61)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    args = ap.parse_args(argv)
    gold = build_site(args.out_dir, articles=args.articles, seed=args.seed, punctuation=args.punctuation)
    n_art = sum(1 for g in gold if g["page_type"] == "article")
    print("wrote %d pages (%d articles, %d list pages) to %s" % (len(gold), n_art, len(gold) - n_art, args.out_dir))


if __name__ == "__main__":
    main()
