"""Deterministic generator of the blindfarm4 content farm (易办百科网, a 办事指南 farm).

python -m tests.blindfarm4.generate OUT_DIR [--articles N] [--seed S] [--punctuation fullwidth|ascii]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re

from . import boilerplate as B
from .cities import ALL_CITY_NAMES, CITIES, city_vars
from .layouts import LAYOUTS, render_article, render_list
from .templates import CAT_NAME, CATEGORIES, LOCAL, TEMPLATES

MAIN_HOST = "www." + B.DOMAIN
FOLD = str.maketrans("：，；？！（）", ":,;?!()")
CN_NUM = "一二三四五六七八九十"

# ---------------------------------------------------------------- per-city rewrite


def _fill(s, v):
    return s.format(**v)


def rewrite(tid, city, seed):
    """The block of template `tid` rewritten for `city` (same for every page of that pair)."""
    t = TEMPLATES[tid]
    v = city_vars(city)
    rng = random.Random(f"{seed}|{tid}|{city[1]}")
    units = []
    for u in t["units"]:
        if u["opt"] and rng.random() < 0.3:
            continue
        text = _fill(rng.choice(u["alts"]), v)
        items = [_fill(it, v) for it, opt in u["items"] if not (opt and rng.random() < 0.35)]
        units.append({"kind": u["kind"], "text": text, "items": items, "move": u["move"]})
    # reorder movable units among their own slots
    slots = [i for i, u in enumerate(units) if u["move"]]
    moved = [units[i] for i in slots]
    rng.shuffle(moved)
    for i, u in zip(slots, moved, strict=False):
        units[i] = u
    # split a paragraph in two now and then
    out = []
    for u in units:
        if u["kind"] == "P" and rng.random() < 0.12:
            m = re.search(r"[。，]", u["text"][6:-2])
            if m and "。" in u["text"][:-1]:
                k = u["text"].index("。") + 1
                if 4 < k < len(u["text"]) - 4:
                    out.append(dict(u, text=u["text"][:k]))
                    out.append(dict(u, text=u["text"][k:]))
                    continue
        out.append(u)
    units = out
    # a local sentence
    if rng.random() < 0.6:
        loc = {"kind": "P", "text": _fill(rng.choice(LOCAL[t["cat"]]), v), "items": [], "move": False}
        units.insert(rng.randint(1, len(units)), loc)
    return {"tid": tid, "cat": t["cat"], "city": city, "head": _fill(rng.choice(t["head"]), v), "units": units}


SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
ONEOFF_HEADS = [
    "网友提问：{city}{topic}办理时遇到的问题",
    "{city}{topic}的几个常见误区",
    "亲身经历：在{city}办{topic}的全过程",
    "{city}{topic}还有哪些需要注意的地方",
]
ONEOFF_SENT = [
    "家住{city}的{sur}先生前几天刚办完{topic}，他说最麻烦的是材料准备。",
    "{sur}女士反映，她第一次去窗口时少带了一份复印件，只好第二天再跑一趟。",
    "据窗口工作人员介绍，每周一上午是业务高峰，建议错峰前往。",
    "不少人以为必须本人到场，其实部分业务可以委托他人代办，但要带好委托书。",
    "有网友在{app}上提交申请后一直显示审核中，后来打电话才知道是照片不清晰。",
    "办理前最好先看一下官方公布的材料清单，避免因为缺材料被退回。",
    "节假日前后窗口排队的人比较多，最好提前在网上预约时段。",
    "{sur}先生说，线上办理比想象中简单，全程用了不到二十分钟。",
    "需要提醒的是，网上流传的一些“内部渠道”并不可信，千万不要轻易转账。",
    "如果对办理结果有异议，可以在收到通知之日起规定期限内申请复核。",
]


def oneoff(uid, city, cat, rng):
    v = city_vars(city)
    v = dict(v, topic=_topic(cat), sur=rng.choice(SURNAMES))
    sents = rng.sample(ONEOFF_SENT, rng.randint(3, 5))
    paras = []
    while sents:
        k = rng.randint(1, 2)
        paras.append("".join(_fill(s, v) for s in sents[:k]))
        sents = sents[k:]
    units = [{"kind": "P", "text": p, "items": [], "move": False} for p in paras]
    return {"tid": uid, "cat": cat, "city": city, "head": _fill(rng.choice(ONEOFF_HEADS), v), "units": units}


def _topic(cat):
    return {
        "gjj": "公积金业务",
        "jiazhao": "驾驶证业务",
        "huji": "户籍业务",
        "cheliang": "车辆业务",
        "budongchan": "不动产登记",
        "churujing": "出入境证件",
    }[cat]


# ---------------------------------------------------------------- page planning

TAGWORD = {
    "t01": "公积金提取",
    "t02": "网上提取",
    "t03": "公积金贷款",
    "t04": "离职公积金",
    "t05": "驾照换证",
    "t06": "满分学习",
    "t07": "驾校报名",
    "t08": "落户政策",
    "t09": "新生儿落户",
    "t10": "补办身份证",
    "t11": "新车上牌",
    "t12": "车辆年检",
    "t13": "不动产权证",
    "t14": "二手房过户",
    "t15": "护照办理",
    "t16": "港澳签注",
    "t17": "电动车上牌",
}

SUBTITLES = ["——附办理流程", "——附材料清单", "｜{year}最新版", "｜办事指南", "（附详细步骤）", "（{year}年更新）"]


def plan(articles, seed):
    rng = random.Random(seed)
    by_cat = {}
    for tid, t in TEMPLATES.items():
        by_cat.setdefault(t["cat"], []).append(tid)
    start = dt.datetime(2023, 2, 1, 8, 0, 0)
    pages = []
    used_titles = set()
    for i in range(articles):
        city = rng.choice(CITIES)
        host = MAIN_HOST if rng.random() < 0.15 else f"{city[0]}.{B.DOMAIN}"
        cat = rng.choice(CATEGORIES)[0]
        n = rng.choices([1, 2, 3], [45, 35, 20])[0]
        pool = list(by_cat[cat])
        rng.shuffle(pool)
        others = [t for t in TEMPLATES if t not in pool]
        rng.shuffle(others)
        tids = (pool + others)[:n]
        blocks = []
        for j, tid in enumerate(tids):
            if rng.random() < 0.06:
                blocks.append(oneoff(f"u{i:04d}{j}", city, TEMPLATES[tid]["cat"], rng))
            else:
                blocks.append(rewrite(tid, city, seed))
        when = start + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 840), seconds=rng.randint(0, 59))
        v = city_vars(city)
        first = blocks[0]
        if first["tid"].startswith("u"):
            title = first["head"]
        else:
            title = _fill(rng.choice(TEMPLATES[first["tid"]]["title"]), v)
        if rng.random() < 0.3:
            title += rng.choice(SUBTITLES).format(year=when.year)
        if title in used_titles:
            title += rng.choice(["？", "（{}）".format(when.strftime("%y年%m月")), "？一文讲清楚"])
        used_titles.add(title)
        layout = LAYOUTS[rng.randrange(len(LAYOUTS))]
        aid = 10000 + i * 7 + rng.randint(0, 6)
        if host == MAIN_HOST:
            rel = f"{cat}/{when:%Y%m}/{aid}.html"
        else:
            rel = f"{cat}/{aid}.html"
        gbk = rng.random() < 0.03
        pages.append(
            {
                "i": i,
                "aid": aid,
                "host": host,
                "rel": rel,
                "city": city,
                "cat": cat,
                "blocks": blocks,
                "when": when,
                "title": title,
                "layout": layout,
                "gbk": gbk,
                "charset": rng.choice(["gbk", "gb2312", "utf-8"]) if gbk else "utf-8",
                "rng_seed": rng.randrange(1 << 30),
                "tags": [CAT_NAME[cat], f"{city[1]}办事", TAGWORD.get(blocks[0]["tid"], _topic(cat))],
            }
        )
    return pages


# ---------------------------------------------------------------- body composition


def _bp(rng, kind, v):
    return rng.choice(getattr(B, kind)).format(**v)


def compose(page, pages, seed):
    """Ordered body segments: ('block', block, style) or ('bp', kind, payload)."""
    rng = random.Random(page["rng_seed"])
    city = page["city"]
    cv = city_vars(city)
    v = dict(
        cv,
        site=B.SITE,
        site_short=B.SITE_SHORT,
        domain=B.DOMAIN,
        topic=_topic(page["cat"]),
        editor=rng.choice(B.EDITORS),
        reviewer=rng.choice(B.EDITORS),
        kw=CAT_NAME[page["cat"]][:3],
    )
    segs = []
    if rng.random() < 0.18:
        segs.append(("bp", "SOURCE", _bp(rng, "SOURCE", v)))
    if rng.random() < 0.4:
        segs.append(("bp", "OPENING", _bp(rng, "OPENING", v)))
    for k, b in enumerate(page["blocks"]):
        if k:
            r = rng.random()
            if r < 0.45:
                segs.append(("bp", "TRANSITION", _bp(rng, "TRANSITION", v)))
            elif r < 0.6:
                segs.append(("bp", "AD", _bp(rng, "AD", v)))
        segs.append(("block", b))
    tail = []
    if rng.random() < 0.2:
        other = pages[rng.randrange(len(pages))]
        if other is not page:
            if rng.random() < 0.5:
                tail.append(("bp", "TEASER", rng.choice(B.TEASER).format(other=other["title"])))
            else:
                first = other["blocks"][0]["units"][0]["text"]
                tail.append(
                    ("bp", "TEASER", first.split("。")[0] + "……" + rng.choice(["阅读全文", "查看详情", "点击查看"]))
                )
    if rng.random() < 0.35:
        tail.append(("bp", "CLOSING", _bp(rng, "CLOSING", v)))
    for kind, p in [
        ("DISCLAIMER", 0.35),
        ("AD", 0.12),
        ("PROMPT", 0.3),
        ("FEEDBACK", 0.2),
        ("PLATFORM", 0.22),
        ("COPYRIGHT", 0.3),
        ("SOURCE", 0.15),
        ("QR", 0.2),
        ("EDITOR", 0.45),
    ]:
        if rng.random() < p:
            tail.append(("bp", kind, _bp(rng, kind, v)))
    # the order of the tail varies a bit, editor credit usually last of them
    if len(tail) > 2 and rng.random() < 0.4:
        a, b = rng.sample(range(len(tail)), 2)
        tail[a], tail[b] = tail[b], tail[a]
    segs += tail
    if rng.random() < 0.3:
        rel, seen = [], {page["title"]}
        for _ in range(rng.randint(3, 5)):
            o = pages[rng.randrange(len(pages))]
            if o["title"] not in seen:
                seen.add(o["title"])
                rel.append((o["title"], _url(o)))
        if rel:
            segs.append(("bp", "RELATED", (rng.choice(B.RELATED_HEAD), rel)))
    if rng.random() < 0.3:
        segs.append(("bp", "TAGS", [rng.choice(B.TAG_HEAD)] + page["tags"]))
    return segs, rng


def find_cities(lines):
    text = "\n".join(lines)
    pos = []
    for name in ALL_CITY_NAMES:
        k = text.find(name)
        if k >= 0:
            pos.append((k, name))
    return [n for _, n in sorted(pos)]


# ---------------------------------------------------------------- site


def build_site(out_dir, articles=400, seed=31, punctuation="fullwidth"):
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError("punctuation must be 'fullwidth' or 'ascii'")
    fold = (lambda s: s.translate(FOLD)) if punctuation == "ascii" else (lambda s: s)
    pages = plan(articles, seed)
    files = {}  # relpath -> (text, encoding)
    gold = []
    for page in pages:
        segs, rng = compose(page, pages, seed)
        html, info = render_article(page, segs, rng, fold)
        enc = "gbk" if page["gbk"] else "utf-8"
        path = f"{page['host']}/{page['rel']}"
        files[path] = (html, enc)
        main, bp, sections = [], [], []
        for seg, lines, _style in info["order"]:
            if seg[0] == "block":
                main += lines
                b = seg[1]
                sections.append(
                    {
                        "heading": lines[0],
                        "template_id": b["tid"],
                        "city": b["city"][1],
                        "province": b["city"][2],
                        "paragraphs": lines[1:],
                    }
                )
            else:
                bp += lines
        gold.append(
            {
                "host": page["host"],
                "path": path,
                "url": f"https://{page['host']}/{page['rel']}",
                "page_type": "article",
                "layout": page["layout"],
                "encoding": enc,
                "title": fold(page["title"]),
                "published_at": info["published_at"],
                "main_text": [fold(x) for x in main],
                "boilerplate": [fold(x) for x in bp],
                "sections": [
                    dict(s, heading=fold(s["heading"]), paragraphs=[fold(x) for x in s["paragraphs"]]) for s in sections
                ],
                "cities": find_cities(main),
            }
        )
    gold += _list_pages(pages, files, fold)
    _host_files(files)
    for path in sorted(files):
        text, enc = files[path]
        full = os.path.join(out_dir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(text.encode(enc))
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def _url(p):
    return f"https://{p['host']}/{p['rel']}"


def _list_pages(pages, files, fold):
    gold = []

    def add(host, rel, h1, items, pager=None):
        html = render_list(host, h1, [(_url(p), p["title"], p["when"]) for p in items], pager, fold)
        files[f"{host}/{rel}"] = (html, "utf-8")
        gold.append(
            {
                "host": host,
                "path": f"{host}/{rel}",
                "url": f"https://{host}/{rel}",
                "page_type": "list",
                "layout": "list",
                "encoding": "utf-8",
                "title": fold(h1),
                "published_at": None,
                "main_text": [],
                "boilerplate": [],
                "sections": [],
                "cities": [],
            }
        )

    newest = sorted(pages, key=lambda p: (p["when"], p["i"]), reverse=True)
    add(MAIN_HOST, "index.html", f"{B.SITE}——{B.SITE_SHORT}，本地办事一查就懂", newest[:30])
    per = 20
    for cat, name in CATEGORIES:
        items = [p for p in newest if p["cat"] == cat]
        npg = max(1, (len(items) + per - 1) // per)
        for k in range(npg):
            rel = f"{cat}/index.html" if k == 0 else f"{cat}/list_{k + 1}.html"
            pager = [(f"/{cat}/index.html" if j == 0 else f"/{cat}/list_{j + 1}.html", str(j + 1)) for j in range(npg)]
            add(
                MAIN_HOST,
                rel,
                f"{name}办事指南" + (f"（第{k + 1}页）" if k else ""),
                items[k * per : (k + 1) * per],
                pager,
            )
    tags = {}
    for p in pages:
        for t in p["tags"]:
            tags.setdefault(t, []).append(p)
    for n, t in enumerate(sorted(tags)):
        add(MAIN_HOST, f"tag/{n + 1}.html", f"标签：{t}", sorted(tags[t], key=lambda p: p["i"]))
    for c in CITIES:
        host = f"{c[0]}.{B.DOMAIN}"
        items = [p for p in newest if p["city"] == c]
        add(host, "index.html", f"{c[1]}办事指南_{c[1]}本地办事攻略", items)
    return gold


def _host_files(files):
    hosts = sorted({p.split("/", 1)[0] for p in files} | {f"{c[0]}.{B.DOMAIN}" for c in CITIES})
    for h in hosts:
        urls = sorted(p.split("/", 1)[1] for p in files if p.startswith(h + "/"))
        files[f"{h}/robots.txt"] = (
            f"User-agent: *\nDisallow: /search/\nDisallow: /member/\nCrawl-delay: 1\n\nSitemap: https://{h}/sitemap.xml\n",
            "utf-8",
        )
        body = "".join(f"  <url><loc>https://{h}/{u}</loc></url>\n" for u in urls)
        files[f"{h}/sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + body
            + "</urlset>\n",
            "utf-8",
        )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out_dir")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    a = ap.parse_args(argv)
    gold = build_site(a.out_dir, a.articles, a.seed, a.punctuation)
    print(f"wrote {len(gold)} pages to {a.out_dir}")


if __name__ == "__main__":
    main()
