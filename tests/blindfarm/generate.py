"""Deterministic generator of a blind Chinese content-farm site with gold labels.

    build_site(out_dir, articles=400, seed=7, punctuation="fullwidth") -> list[dict]
    python -m tests.blindfarm.generate OUT_DIR [--articles N] [--seed S] [--punctuation fullwidth|ascii]

See README.md in this folder for the gold format and what varies.
Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import pathlib
import random
import re
import sys

try:
    from . import content as C
except ImportError:  # run as a plain script
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    import content as C  # type: ignore

SITE = "便民办事通"
DOMAIN = "bmbanshi.cn"
MAIN_HOST = "www." + DOMAIN
M_HOST = "m." + DOMAIN  # mobile mirror host: ASCII punctuation even in the fullwidth build

# short name, province (short), subdomain or None, area code
CITIES = [
    ("益阳", "湖南", "yiyang", "0737"),
    ("长沙", "湖南", "changsha", "0731"),
    ("岳阳", "湖南", None, "0730"),
    ("常德", "湖南", None, "0736"),
    ("衡阳", "湖南", None, "0734"),
    ("嘉兴", "浙江", "jiaxing", "0573"),
    ("杭州", "浙江", "hangzhou", "0571"),
    ("宁波", "浙江", "ningbo", "0574"),
    ("温州", "浙江", None, "0577"),
    ("绍兴", "浙江", None, "0575"),
    ("乌鲁木齐", "新疆", "wulumuqi", "0991"),
    ("克拉玛依", "新疆", None, "0990"),
    ("昆明", "云南", "kunming", "0871"),
    ("曲靖", "云南", None, "0874"),
    ("苏州", "江苏", "suzhou", "0512"),
    ("无锡", "江苏", "wuxi", "0510"),
    ("徐州", "江苏", None, "0516"),
    ("扬州", "江苏", None, "0514"),
    ("广州", "广东", "guangzhou", "020"),
    ("佛山", "广东", "foshan", "0757"),
    ("东莞", "广东", "dongguan", "0769"),
    ("惠州", "广东", None, "0752"),
    ("成都", "四川", "chengdu", "028"),
    ("绵阳", "四川", None, "0816"),
    ("宜宾", "四川", None, "0831"),
    ("武汉", "湖北", "wuhan", "027"),
    ("宜昌", "湖北", None, "0717"),
    ("襄阳", "湖北", None, "0710"),
    ("郑州", "河南", "zhengzhou", "0371"),
    ("洛阳", "河南", "luoyang", "0379"),
    ("南阳", "河南", None, "0377"),
    ("济南", "山东", "jinan", "0531"),
    ("青岛", "山东", "qingdao", "0532"),
    ("烟台", "山东", None, "0535"),
    ("潍坊", "山东", None, "0536"),
    ("石家庄", "河北", "shijiazhuang", "0311"),
    ("保定", "河北", None, "0312"),
    ("唐山", "河北", None, "0315"),
    ("西安", "陕西", "xian", "029"),
    ("宝鸡", "陕西", None, "0917"),
    ("太原", "山西", None, "0351"),
    ("合肥", "安徽", "hefei", "0551"),
    ("芜湖", "安徽", None, "0553"),
    ("福州", "福建", None, "0591"),
    ("厦门", "福建", "xiamen", "0592"),
    ("泉州", "福建", None, "0595"),
    ("南昌", "江西", None, "0791"),
    ("赣州", "江西", None, "0797"),
    ("南宁", "广西", "nanning", "0771"),
    ("桂林", "广西", None, "0773"),
    ("贵阳", "贵州", None, "0851"),
    ("遵义", "贵州", None, "0851"),
    ("兰州", "甘肃", None, "0931"),
    ("哈尔滨", "黑龙江", "haerbin", "0451"),
    ("长春", "吉林", None, "0431"),
    ("沈阳", "辽宁", None, "024"),
    ("大连", "辽宁", None, "0411"),
    ("包头", "内蒙古", None, "0472"),
    ("银川", "宁夏", None, "0951"),
    ("海口", "海南", None, "0898"),
]
M_CITIES = {"岳阳", "温州", "曲靖", "宜宾", "南阳", "赣州"}
PROV_FULL = {"新疆": "新疆维吾尔自治区", "广西": "广西壮族自治区", "内蒙古": "内蒙古自治区", "宁夏": "宁夏回族自治区"}
CITY = {c[0]: c for c in CITIES}

LAYOUTS = ["cms_div", "table_old", "minified", "html5_jsonld", "mobile"]
SUB_LAYOUT_CYCLE = [
    "minified",
    "html5_jsonld",
    "table_old",
    "mobile",
    "minified",
    "html5_jsonld",
    "cms_div",
    "minified",
]
# the main host migrated CMS: its articles published before this date still use the old table layout
MAIN_MIGRATION = dt.datetime(2023, 7, 1)
LAYOUT_PREC = {"cms_div": "ms", "table_old": "md", "minified": "s", "html5_jsonld": "sm", "mobile": "dm"}
LAYOUT_HSTYLES = {
    "cms_div": ["h2", "h3", "pstrong"],
    "table_old": ["pstrong", "pb", "plain"],
    "minified": ["h3", "divtitle", "plain"],
    "html5_jsonld": ["h2", "h3"],
    "mobile": ["divtitle", "pstrong", "plain"],
}
CAT_NAME = dict(C.CATS)
TPL = {t["id"]: t for t in C.TEMPLATES}

FW2ASCII = str.maketrans({"：": ":", "，": ",", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"})
CN_NUM = "一二三四五六七八九十"
CIRC = "①②③④⑤⑥⑦⑧⑨⑩"
STEP_STYLES = ["dot", "dun", "paren", "circ", "step", "bz"]
ROADS = ["人民路", "建设大道", "解放路", "迎宾路", "文化路", "新华路", "振兴大道", "光明路"]
APP_FORMS = ["{c}通", "i{c}", "{c}市民云", "掌上{c}", "爱{c}"]


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def attr(s: str) -> str:
    return html.escape(s, quote=True)


def city_form(short: str, kind: str) -> str:
    prov = CITY[short][1]
    if kind == "shi":
        return short + "市"
    if kind == "p":
        return prov + short
    if kind == "pf":
        return PROV_FULL.get(prov, prov + "省") + short + "市"
    return short


# ---------------------------------------------------------------- template variants
SLOT = re.compile(r"\{([^{}]*)\}")


def parse_unit(s: str):
    kind, rest = s[0], s[2:]
    if kind == "P":
        return ["P", rest]
    if kind == "S":
        return ["S", rest.split("|")]
    if kind in "LO":
        intro, items = rest.split("::", 1)
        return ["L", intro, items.split("|"), kind == "O"]
    if kind == "T":
        cap, head, rows = rest.split("::", 2)
        return ["T", cap, [head.split("|")] + [r.split("|") for r in rows.split(";;")]]
    if kind == "K":
        label, text = rest.split("::", 1)
        return ["K", label, text]
    raise ValueError(s)


def step_prefix(style: str, i: int) -> str:
    return {
        "dot": f"{i + 1}.",
        "dun": f"{i + 1}、",
        "paren": f"（{i + 1}）",
        "circ": CIRC[i],
        "step": f"第{CN_NUM[i]}步：",
        "bz": f"步骤{CN_NUM[i]}：",
    }[style]


def make_variant(tid: str, city: str, seed: int) -> dict:
    """One city's rewrite of one template: deterministic per (seed, template, city)."""
    rng = random.Random(f"{seed}:{tid}:{city}")
    t = TPL[tid]
    raw = list(t["body"])
    nslots = sum(len(SLOT.findall(s)) for s in raw)
    k = min(nslots, rng.choice([0, 1, 1, 2, 2, 3, 4]))
    chosen = set(rng.sample(range(nslots), k))
    counter = iter(range(nslots))

    def fill(m):
        i = next(counter)
        if i in chosen:
            return city + ("市" if rng.random() < 0.3 else "")
        return m.group(1)

    units = [parse_unit(SLOT.sub(fill, s)) for s in raw]
    ops = []
    # drop a sentence
    if rng.random() < 0.25:
        cands = [
            u
            for u in units
            if u[0] == "P" and u[1].count("。") >= 2 and len(u[1]) - len(u[1].rstrip("。").split("。")[-1]) >= 20
        ]
        if cands:
            u = rng.choice(cands)
            sents = [x + "。" for x in u[1].split("。") if x]
            u[1] = "".join(sents[:-1])
            ops.append("drop_sentence")
    # add a sentence
    if rng.random() < 0.3:
        extra = rng.choice(t["extra"])
        cands = [u for u in units if u[0] == "P" and u[1].endswith("。")]
        if cands and rng.random() < 0.6:
            rng.choice(cands)[1] += extra
        else:
            units.insert(rng.randint(1, len(units)), ["P", extra])
        ops.append("add_sentence")
    # reorder
    if rng.random() < 0.25 and len(units) >= 3:
        i = rng.randint(1, len(units) - 2)
        units[i], units[i + 1] = units[i + 1], units[i]
        ops.append("reorder")
    # local detail
    if rng.random() < 0.5:
        c = CITY[city]
        kind = rng.choice(["tel", "addr", "app"])
        if kind == "tel":
            num = "".join(
                str(random.Random(f"tel:{city}:{tid}").randint(0, 9)) for _ in range(8 if len(c[3]) == 4 else 8)
            )
            lab = rng.choice(["咨询电话：", "服务热线：", "联系电话："])
            det = ["K", lab, f"{c[3]}-{num}"]
        elif kind == "addr":
            r = random.Random(f"addr:{city}")
            det = [
                "K",
                rng.choice(["办理地址：", "服务地址："]),
                f"{city}市民之家{r.randint(1, 4)}楼政务服务大厅（{r.choice(ROADS)}{r.randint(2, 399)}号）",
            ]
        else:
            app = random.Random(f"app:{city}").choice(APP_FORMS).format(c=city)
            det = ["P", f"{city}的市民还可以下载“{app}”APP，在相关专区在线办理。"]
        units.insert(len(units) - rng.randint(0, 1), det)
        ops.append("local_" + kind)
    style = t["style"] if rng.random() > 0.25 else rng.choice(STEP_STYLES)
    split_labels = rng.random() < 0.3
    # flatten units into body items
    items = []
    for u in units:
        if u[0] == "P":
            items.append({"t": "p", "text": u[1]})
        elif u[0] == "S":
            for i, s in enumerate(u[1]):
                items.append({"t": "p", "text": step_prefix(style, i) + s})
        elif u[0] == "L":
            items.append({"t": "p", "text": u[1]})
            items.append({"t": "list", "items": u[2], "ordered": u[3]})
        elif u[0] == "T":
            items.append({"t": "p", "text": u[1]})
            items.append({"t": "table", "rows": u[2]})
        elif u[0] == "K":
            if split_labels:
                items.append({"t": "p", "text": u[1], "label": True})
                items.append({"t": "p", "text": u[2]})
            else:
                items.append({"t": "p", "text": u[1] + u[2], "label": u[1]})
    return {"tid": tid, "q": rng.randrange(len(t["q"])), "n": rng.randrange(len(t["n"])), "items": items, "ops": ops}


def unique_variant(idx: int, city: str) -> dict:
    u = C.UNIQUES[idx]
    rng = random.Random(f"u:{idx}:{city}")
    body = [SLOT.sub(lambda m: m.group(1), s) for s in u["body"]]
    items = [{"t": "p", "text": s[2:]} for s in body]
    if rng.random() < 0.5:
        items.insert(
            rng.randint(1, len(items)), {"t": "p", "text": f"{city}的办理地点和时间以当地政务服务中心公布的为准。"}
        )
    return {"tid": f"u{idx + 1:04d}", "items": items, "ops": []}


def item_lines(it) -> list[str]:
    if it["t"] == "p":
        return [it["text"]]
    if it["t"] == "list":
        return list(it["items"])
    if it["t"] == "table":
        return [" ".join(r) for r in it["rows"]]
    return []


# ---------------------------------------------------------------- dates
def fmt_date(d: dt.datetime, style: str, prec: str) -> str:
    if style == "iso":
        return {
            "d": d.strftime("%Y-%m-%d"),
            "m": d.strftime("%Y-%m-%dT%H:%M+08:00"),
            "s": d.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
        }[prec]
    if style == "cn":
        base = f"{d.year}年{d.month}月{d.day}日"
    elif style == "cn0":
        base = d.strftime("%Y年%m月%d日")
    elif style == "slash":
        base = d.strftime("%Y/%m/%d")
    elif style == "dot":
        base = d.strftime("%Y.%m.%d")
    else:
        base = d.strftime("%Y-%m-%d")
    if prec == "d":
        return base
    return base + " " + d.strftime("%H:%M" if prec == "m" else "%H:%M:%S")


def gold_date(d: dt.datetime, prec: str) -> str:
    return {"d": d.strftime("%Y-%m-%d"), "m": d.strftime("%Y-%m-%dT%H:%M"), "s": d.strftime("%Y-%m-%dT%H:%M:%S")}[prec]


# ---------------------------------------------------------------- site plan
def host_of(city: str) -> str:
    sub = CITY[city][2]
    if sub:
        return f"{sub}.{DOMAIN}"
    return M_HOST if city in M_CITIES else MAIN_HOST


def host_layouts() -> dict:
    lay = {MAIN_HOST: "cms_div", M_HOST: "mobile"}
    subs = [c for c in CITIES if c[2]]
    for i, c in enumerate(subs):
        lay[f"{c[2]}.{DOMAIN}"] = SUB_LAYOUT_CYCLE[i % len(SUB_LAYOUT_CYCLE)]
    return lay


def host_label(host: str) -> str:
    for c in CITIES:
        if c[2] and host.startswith(c[2] + "."):
            return f"{SITE}·{c[0]}站"
    return SITE + ("手机版" if host == M_HOST else "")


def article_path(layout: str, cat: str, d: dt.datetime, aid: int) -> str:
    if layout == "cms_div":
        return f"{cat}/{d:%Y}/{d:%m%d}/{aid}.html"
    if layout == "table_old":
        return f"html/{cat}/{d:%Y%m}/{aid}.html"
    if layout == "minified":
        return f"a/{aid}.html"
    if layout == "html5_jsonld":
        return f"news/{d:%Y%m%d}/{aid}.html"
    return f"m/{cat}/{aid}.html"


def plan(articles: int, seed: int, punctuation: str) -> list[dict]:
    rng = random.Random(seed)
    lays = host_layouts()
    start = dt.datetime(2022, 3, 1, 8, 0)
    span = (dt.datetime(2025, 6, 20) - start).total_seconds()
    secs = sorted(rng.uniform(0, span) for _ in range(articles))
    n_uni = min(len(C.UNIQUES), round(articles * 0.05))
    uni_pos = set(rng.sample(range(articles), n_uni))
    n_gbk = round(articles * 0.025)
    n_lie = max(1, round(articles * 0.01)) if articles >= 20 else 0
    enc_pick = rng.sample(range(articles), n_gbk + n_lie)
    enc = {i: "gbk" for i in enc_pick[:n_gbk]}
    enc.update({i: "gbk-lie" for i in enc_pick[n_gbk:]})
    weights = [1.0 / (1 + 0.08 * i) for i in range(len(C.TEMPLATES))]
    tids = [t["id"] for t in C.TEMPLATES]
    uni_next = 0
    specs = []
    aid = 10000 + rng.randint(0, 500)
    for i in range(articles):
        ar = random.Random(f"{seed}:art:{i}")
        aid += ar.randint(3, 60)
        d = start + dt.timedelta(seconds=int(secs[i]))
        d = d.replace(hour=ar.randint(7, 22))
        city = ar.choices(CITIES, [1.6 if c[2] else 1.0 for c in CITIES])[0][0]
        host = host_of(city)
        layout = lays[host]
        if host == MAIN_HOST and d < MAIN_MIGRATION:
            layout = "table_old"
        blocks = []
        if i in uni_pos:
            blocks.append((unique_variant(uni_next, city), city))
            uni_next += 1
            nb = 1
        else:
            nb = ar.choices([1, 2, 3], [35, 40, 25])[0]
            chosen = []
            while len(chosen) < nb:
                t = ar.choices(tids, weights)[0]
                if t not in chosen:
                    chosen.append(t)
            for j, t in enumerate(chosen):
                bc = city
                if j > 0 and ar.random() < 0.08:
                    bc = ar.choice([c[0] for c in CITIES if c[1] == CITY[city][1]])
                blocks.append((make_variant(t, bc, seed), bc))
        # headings
        question = ar.random() < (0.85 if nb == 1 else 0.5)
        prefix = None
        if nb > 1 and ar.random() < 0.4:
            prefix = ar.choice(["cn", "paren"])
        hform = ar.choices(["s", "shi", "p", "pf"], [50, 20, 25, 5])[0]
        heads = []
        for _j, (v, bc) in enumerate(blocks):
            form = city_form(bc, hform)
            if v["tid"].startswith("u"):
                h = C.UNIQUES[int(v["tid"][1:]) - 1]["q"].format(c=form)
            else:
                t = TPL[v["tid"]]
                h = (t["q"][v["q"]] if question else t["n"][v["n"]]).format(c=form)
            heads.append(h)
        shown = []
        for j, h in enumerate(heads):
            if prefix == "cn":
                shown.append(f"{CN_NUM[j]}、{h}")
            elif prefix == "paren":
                shown.append(f"（{CN_NUM[j]}）{h}")
            else:
                shown.append(h)
        # title
        r = ar.random()
        form0 = city_form(city, hform)
        tag0 = (
            C.UNIQUES[int(blocks[0][0]["tid"][1:]) - 1]["tag"]
            if blocks[0][0]["tid"].startswith("u")
            else TPL[blocks[0][0]["tid"]]["tag"]
        )
        if r < 0.45:
            title = heads[0]
        elif r < 0.62:
            title = ar.choice(C.TITLE_REPHRASE).format(c=form0, tag=tag0, y=d.year)
        elif r < 0.80:
            title = heads[0] + "——" + ar.choice(C.TITLE_SUBS)
        elif r < 0.90:
            title = heads[0] + f"（{d.year % 100}年{d.month}月{d.day}日）"
        else:
            title = heads[0] + heads[1] if nb > 1 and question else heads[0]
        cat = "bianmin" if blocks[0][0]["tid"].startswith("u") else TPL[blocks[0][0]["tid"]]["cat"]
        path = article_path(layout, cat, d, aid)
        e = enc.get(i, "utf-8")
        specs.append(
            dict(
                idx=i,
                id=aid,
                host=host,
                layout=layout,
                city=city,
                date=d,
                prec=ar.choice(LAYOUT_PREC[layout]),
                cat=cat,
                blocks=blocks,
                heads=shown,
                title=title,
                tag=tag0,
                path=path,
                url=f"http://{host}/{path}",
                encoding="gbk" if e != "utf-8" else "utf-8",
                meta_lies=(e == "gbk-lie"),
                ascii=(punctuation == "ascii" or host == M_HOST),
                hstyle=ar.choice(LAYOUT_HSTYLES[layout]),
            )
        )
    return specs


# ---------------------------------------------------------------- article body
def build_body(sp: dict, specs: list, rng: random.Random) -> list[dict]:
    """Body items in reading order. Each p item carries segs [(html, text, role, sec)]."""
    city, d = sp["city"], sp["date"]
    out = []

    def bp(text, htm=None):
        out.append({"t": "p", "segs": [(htm if htm is not None else esc(text), text, "bp", None)]})

    lay = sp["layout"]
    src = rng.choice(C.SOURCES)
    sp["source"] = src
    if lay == "minified":
        if rng.random() < 0.6:
            bp(fmt_date(d, "dash", "s") + src)  # date glued to the source name
        else:
            bp(f"来源：{src}　时间：{fmt_date(d, 'dash', 's')}")
    elif lay == "mobile":
        bp(f"来源：{src} {fmt_date(d, 'slash', sp['prec'])}")
    names = rng.sample(C.EDITORS, 2)
    credit = rng.choice(C.CREDITS).format(a=names[0], b=names[1])
    credit_top = rng.random() < 0.2
    if rng.random() < 0.5 and credit_top:
        bp(credit)
        credit = None
    elif credit_top:
        credit = None
    if rng.random() < 0.6:
        bp(rng.choice(C.INTROS).format(topic=sp["tag"], city=city))
    img_after = 1 if rng.random() < 0.25 else None
    for j, (v, _bc) in enumerate(sp["blocks"]):
        if j > 0 and rng.random() < 0.5:
            bp(rng.choice(C.TRANSITIONS))
        out.append({"t": "h", "text": sp["heads"][j], "sec": j})
        for k, it in enumerate(v["items"]):
            if it["t"] == "p":
                lab = it.get("label")
                if lab is True:
                    htm = f"<strong>{esc(it['text'])}</strong>"
                elif lab:
                    htm = f"<strong>{esc(lab)}</strong>{esc(it['text'][len(lab) :])}"
                else:
                    htm = esc(it["text"])
                out.append({"t": "p", "segs": [(htm, it["text"], "main", j)]})
            else:
                out.append(dict(it, sec=j))
            if j == 0 and k == 0 and img_after:
                out.append(
                    {"t": "img", "src": f"/uploads/{d:%Y%m}/{sp['id']}_{rng.randint(1, 9)}.jpg", "alt": sp["tag"]}
                )
                bp(rng.choice(C.CAPTIONS).format(city=city))
    tail = []
    if rng.random() < 0.55:
        tail.append(rng.choice(C.OUTROS))
    if rng.random() < 0.35:
        words = [sp["tag"], city] + rng.sample(["办理流程", "所需材料", "政策解读", "社保", "医保", "办事指南"], 2)
        tail.append(rng.choice(C.KEYWORD_LABELS) + " ".join(words))
    if credit and rng.random() < 0.6:
        tail.append(credit)
    extras = []
    for pool, p in ((C.DISCLAIMERS, 0.35), (C.COPYRIGHTS, 0.3), (C.PLATFORMS, 0.25), (C.COMPLAINTS, 0.25)):
        if rng.random() < p:
            extras.append(rng.choice(pool).format(site=SITE, url=sp["url"]))
    rng.shuffle(extras)
    tail += extras
    if lay == "cms_div" and rng.random() < 0.15:
        tail.append(f"（本文来源：{src}　{fmt_date(d, 'dash', sp['prec'])}）")
    for t in tail:
        bp(t)
    if rng.random() < 0.4:
        other = rng.choice(specs)
        lab = rng.choice(C.TEASERS)
        href = other["url"] if other["host"] != sp["host"] else "/" + other["path"]
        seg = (f'{esc(lab)}<a href="{attr(href)}">{esc(other["title"])}</a>', lab + other["title"], "bp", None)
        last = out[-1]
        if last["t"] == "p" and rng.random() < 0.3:
            last["segs"].append(seg)  # glued to the last paragraph with <br>
        else:
            out.append({"t": "p", "segs": [seg]})
    return out


HEAD_TAG = {
    "h2": ("<h2>", "</h2>"),
    "h3": ("<h3>", "</h3>"),
    "pstrong": ("<p><strong>", "</strong></p>"),
    "pb": ("<p><b>", "</b></p>"),
    "plain": ("<p>", "</p>"),
}


def render_body(items: list, sp: dict, rng: random.Random) -> str:
    lay, hs = sp["layout"], sp["hstyle"]
    parts = []
    brmode = lay == "table_old" and rng.random() < 0.5
    indent = "　　" if lay == "table_old" else ""
    pcls = {"cms_div": "", "table_old": "", "minified": ' class="p"', "html5_jsonld": "", "mobile": ' class="m-p"'}[lay]
    for it in items:
        t = it["t"]
        if t == "h":
            if hs == "divtitle":
                cls = "sec-title" if lay == "minified" else "m-sub-title"
                parts.append(f'<div class="{cls}">{esc(it["text"])}</div>')
            elif brmode:
                parts.append(f"<b>{esc(it['text'])}</b><br/>" if hs != "plain" else f"{indent}{esc(it['text'])}<br/>")
            else:
                a, b = HEAD_TAG[hs]
                parts.append(f"{a}{esc(it['text'])}{b}")
        elif t == "p":
            inner = "<br/>".join(s[0] for s in it["segs"])
            if brmode:
                parts.append(f"{indent}{inner}<br/>")
            else:
                parts.append(f"<p{pcls}>{indent}{inner}</p>")
        elif t == "list":
            tag = "ol" if it["ordered"] else "ul"
            lis = "".join(f"<li>{esc(x)}</li>" for x in it["items"])
            parts.append(f"<{tag}>{lis}</{tag}>")
        elif t == "table":
            rows = it["rows"]
            hd = "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in rows[0]) + "</tr>"
            bd = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
            tcls = {"table_old": ' border="1" cellpadding="4"', "minified": ' class="tb"'}.get(
                lay, ' class="fee-table"'
            )
            parts.append(f"<table{tcls}>{hd}{bd}</table>")
        elif t == "img":
            img = f'<img src="{attr(it["src"])}" alt="{attr(it["alt"])}"/>'
            parts.append(f"{img}<br/>" if brmode else f'<p class="pic">{img}</p>')
    sep = "" if lay == "minified" else "\n"
    if brmode:
        return '<div id="zoom" class="artbody">' + sep.join(parts) + "</div>"
    return sep.join(parts)


def gold_from_body(items: list, sp: dict):
    main, bpl = [], []
    secs = []
    for j, (v, bc) in enumerate(sp["blocks"]):
        secs.append(
            {"heading": sp["heads"][j], "template_id": v["tid"], "city": bc, "province": CITY[bc][1], "paragraphs": []}
        )
    for it in items:
        if it["t"] == "h":
            main.append(it["text"])
        elif it["t"] == "p":
            for _h, text, role, sec in it["segs"]:
                if role == "main":
                    main.append(text)
                    secs[sec]["paragraphs"].append(text)
                else:
                    bpl.append(text)
        elif it["t"] in ("list", "table"):
            for line in item_lines(it):
                main.append(line)
                secs[it["sec"]]["paragraphs"].append(line)
    return main, bpl, secs


# ---------------------------------------------------------------- page chrome
def link(sp_from_host: str, other: dict) -> str:
    return other["url"] if other["host"] != sp_from_host else "/" + other["path"]


def nav_html(host: str) -> str:
    lis = "".join(f'<li><a href="/{c}/index.html">{n}</a></li>' for c, n in C.CATS)
    return f'<ul><li><a href="/index.html">首页</a></li>{lis}</ul>'


def stations_html() -> str:
    subs = [c for c in CITIES if c[2]]
    return (
        "".join(f'<a href="http://{c[2]}.{DOMAIN}/index.html">{c[0]}</a> ' for c in subs)
        + f'<a href="http://{M_HOST}/index.html">手机版</a>'
    )


def rel_list(sp, specs, rng, n, with_date=True, prec_date=True):
    tid = sp["blocks"][0][0]["tid"]
    pool = [o for o in specs if o is not sp and o["blocks"][0][0]["tid"] == tid]
    if len(pool) < n:
        pool += [o for o in specs if o is not sp and o not in pool]
    picks = rng.sample(pool, min(n, len(pool)))
    lis = []
    for o in picks:
        ds = f'<span class="d">{o["date"]:%Y-%m-%d}</span>' if with_date else ""
        lis.append(f'<li><a href="{attr(link(sp["host"], o))}">{esc(o["title"])}</a>{ds}</li>')
    return "".join(lis)


def hot_list(sp, specs, rng, n=8):
    picks = rng.sample(specs, min(n, len(specs)))
    return "".join(f'<li><a href="{attr(link(sp["host"], o))}">{esc(o["title"])}</a></li>' for o in picks)


def comments_html(sp, rng):
    n = rng.choice([0, 0, 1, 2, 3])
    if n == 0:
        return '<div class="cmt-empty">暂无评论，快来抢沙发吧！</div>'
    out = []
    for _k in range(n):
        cd = sp["date"] + dt.timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 900))
        out.append(
            f'<li><span class="u">{esc(rng.choice(C.COMMENT_USERS))}</span><span class="t">{cd:%Y-%m-%d %H:%M}</span>'
            f"<p>{esc(rng.choice(C.COMMENTS))}</p></li>"
        )
    return "<ul>" + "".join(out) + "</ul>"


def prev_next(sp, host_articles):
    lst = host_articles[sp["host"]]
    i = lst.index(sp)
    prev = lst[i - 1] if i > 0 else None
    nxt = lst[i + 1] if i + 1 < len(lst) else None
    a = f'上一篇：<a href="/{prev["path"]}">{esc(prev["title"])}</a>' if prev else "上一篇：没有了"
    b = f'下一篇：<a href="/{nxt["path"]}">{esc(nxt["title"])}</a>' if nxt else "下一篇：没有了"
    return a, b


def charset_decl(sp) -> str:
    if sp["encoding"] == "gbk" and not sp["meta_lies"]:
        return "gbk"
    return "utf-8"


def suffix_for(layout: str) -> str:
    return {
        "cms_div": "_" + SITE,
        "table_old": " - " + SITE + "办事指南",
        "minified": "|" + SITE,
        "html5_jsonld": " - " + SITE,
        "mobile": "_" + SITE + "手机版",
    }[layout]


def page_cms_div(sp, body, specs, host_articles, rng):
    d, prec = sp["date"], sp["prec"]
    pv, nx = prev_next(sp, host_articles)
    lab = rng.choice(["发布时间：", "时间：", "日期：", "发布日期："])
    upd = ""
    if rng.random() < 0.35:
        upd = f'<span class="upd">更新时间：{fmt_date(d + dt.timedelta(days=rng.randint(2, 30)), "dash", prec)}</span>'
    tags = "".join(
        f'<a href="/tag/{TPL[v["tid"]]["slug"]}.html">{esc(TPL[v["tid"]]["tag"])}</a>'
        for v, _ in sp["blocks"]
        if not v["tid"].startswith("u")
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset_decl(sp)}">
<title>{esc(sp["title"])}{suffix_for("cms_div")}</title>
<meta name="keywords" content="{attr(sp["tag"])},{attr(sp["city"])},办事指南">
<meta name="description" content="{attr(sp["desc"])}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{fmt_date(d, "iso", prec)}">
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body>
<div class="top-bar"><div class="wrap">城市分站：{stations_html()}</div></div>
<div class="header"><div class="logo"><a href="/index.html"><img src="/static/img/logo.png" alt="{SITE}"></a></div>
<div class="search-box"><form action="/search/" method="get"><input name="q" placeholder="搜索办事指南"><button>搜索</button></form></div></div>
<div class="nav">{nav_html(sp["host"])}</div>
<div class="wrap clearfix">
<div class="main-l">
<div class="crumbs">当前位置：<a href="/index.html">首页</a> &gt; <a href="/{sp["cat"]}/index.html">{CAT_NAME[sp["cat"]]}</a> &gt; 正文</div>
<div class="art-box">
<h1 class="art-title">{esc(sp["title"])}</h1>
<div class="art-info"><span>{lab}{fmt_date(d, "dash", prec)}</span><span>来源：{esc(sp["source"])}</span><span>阅读：{rng.randint(80, 9000)}</span>{upd}</div>
<div class="ad ad-top">{esc(rng.choice(C.ADS))}</div>
<div class="art-content" id="artContent">
{body}
</div>
<div class="art-tags">标签：{tags}</div>
<div class="share-bar">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
<div class="prev-next"><p>{pv}</p><p>{nx}</p></div>
</div>
<div class="rel-box"><div class="rel-hd">{rng.choice(C.RELATED_HEADS)}</div><ul>{rel_list(sp, specs, rng, 6)}</ul></div>
<div class="comment-box"><div class="cmt-hd">网友评论</div>{comments_html(sp, rng)}</div>
</div>
<div class="main-r">
<div class="side-box"><div class="side-hd">{rng.choice(C.HOT_HEADS)}</div><ol>{hot_list(sp, specs, rng)}</ol></div>
<div class="ad ad-side">{esc(rng.choice(C.ADS))}</div>
</div>
</div>
<div class="footer"><p>{esc(rng.choice(C.FOOTERS).format(site=SITE))}</p></div>
</body>
</html>
"""


def page_table_old(sp, body, specs, host_articles, rng):
    d, prec = sp["date"], sp["prec"]
    pv, nx = prev_next(sp, host_articles)
    title_el = (
        f'<h2 class="arttitle">{esc(sp["title"])}</h2>'
        if rng.random() < 0.5
        else f'<div class="tit">{esc(sp["title"])}</div>'
    )
    info = rng.choice(
        [f"{fmt_date(d, 'cn', prec)}", f"日期：{fmt_date(d, 'dash', prec)}", f"{fmt_date(d, 'cn0', prec)}"]
    )
    cs = charset_decl(sp)
    cs_show = cs.upper() if cs == "gbk" and rng.random() < 0.5 else cs
    cats = "".join(f'<td><a href="/{c}/index.html">{n}</a></td>' for c, n in C.CATS)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={cs_show}" />
<title>{esc(sp["title"])}{suffix_for("table_old")}</title>
<meta name="keywords" content="{attr(sp["tag"])}" />
<meta name="description" content="{attr(sp["desc"])}" />
<meta name="pubdate" content="{fmt_date(d, "dash", prec)}" />
<link href="/templets/style/css.css" rel="stylesheet" type="text/css" />
</head>
<body>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="top">
<tr><td width="300"><h1 class="logo"><a href="/index.html">{esc(host_label(sp["host"]))}</a></h1></td>
<td class="topnav"><a href="http://{MAIN_HOST}/index.html">网站首页</a> | 设为首页 | 加入收藏</td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="nav"><tr><td><a href="/index.html">首页</a></td>{cats}</tr></table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="700" valign="top" class="left">
<div class="position">您现在的位置：<a href="/index.html">首页</a> &gt;&gt; <a href="/{sp["cat"]}/index.html">{CAT_NAME[sp["cat"]]}</a> &gt;&gt; 正文</div>
{title_el}
<div class="artinfo">{info}　来源：{esc(sp["source"])}　点击：<span id="hits">{rng.randint(50, 5000)}</span>　【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="content">
{body}
</div>
<div class="pages"><p>{pv}</p><p>{nx}</p></div>
<table width="100%" class="xgwz"><tr><td class="xgwz-hd">{rng.choice(C.RELATED_HEADS)}</td></tr><tr><td><ul>{rel_list(sp, specs, rng, 8)}</ul></td></tr></table>
</td>
<td width="260" valign="top" class="right">
<table width="100%" class="box"><tr><td class="box-hd">{rng.choice(C.HOT_HEADS)}</td></tr><tr><td><ul>{hot_list(sp, specs, rng, 10)}</ul></td></tr></table>
<table width="100%" class="box"><tr><td class="box-hd">城市分站</td></tr><tr><td>{stations_html()}</td></tr></table>
<div class="gg">{esc(rng.choice(C.ADS))}</div>
</td>
</tr>
</table>
<table width="980" align="center" class="foot"><tr><td>{esc(rng.choice(C.FOOTERS).format(site=SITE))}<br/>联系邮箱：service@{DOMAIN}</td></tr></table>
</body>
</html>
"""


def page_minified(sp, body, specs, host_articles, rng):
    pv, nx = prev_next(sp, host_articles)
    cs = charset_decl(sp)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        f'<meta charset="{cs}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{esc(sp['title'])}{suffix_for('minified')}</title>",
        f'<meta name="description" content="{attr(sp["desc"])}">',
        '<link rel="stylesheet" href="/s/app.min.css">',
        "</head>",
        "<body>",
        f'<div class="hd"><a class="lg" href="/index.html">{esc(host_label(sp["host"]))}</a><div class="nv">{nav_html(sp["host"])}</div></div>',
        f'<div class="bc"><a href="/index.html">首页</a>/<a href="/{sp["cat"]}/index.html">{CAT_NAME[sp["cat"]]}</a>/正文</div>',
        '<div class="ct"><div class="lf">',
        f'<h1 class="post-h">{esc(sp["title"])}</h1>',
        f'<div class="post-txt">{body}</div>',
        f'<div class="pn"><span>{pv}</span><span>{nx}</span></div>',
        '<div class="sh">分享：<a href="#">朋友圈</a><a href="#">微博</a><a href="#">复制链接</a></div>',
        f'<div class="rl"><h4>{rng.choice(C.RELATED_HEADS)}</h4><ul>{rel_list(sp, specs, rng, 6)}</ul></div>',
        f'<div class="cm"><h4>评论区</h4>{comments_html(sp, rng)}</div>',
        '</div><div class="rt">',
        f'<div class="bx"><h4>{rng.choice(C.HOT_HEADS)}</h4><ul>{hot_list(sp, specs, rng)}</ul></div>',
        f'<div class="adv">{esc(rng.choice(C.ADS))}</div>',
        "</div></div>",
        f'<div class="ft">{esc(rng.choice(C.FOOTERS).format(site=SITE))}</div>',
        "</body></html>",
    ]
    return "".join(parts)


def page_html5(sp, body, specs, host_articles, rng):
    d, prec = sp["date"], sp["prec"]
    pv, nx = prev_next(sp, host_articles)
    mod = d + dt.timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 5))
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": sp["title"],
        "datePublished": fmt_date(d, "iso", prec),
        "dateModified": fmt_date(mod, "iso", prec),
        "author": {"@type": "Organization", "name": SITE},
        "publisher": {
            "@type": "Organization",
            "name": SITE,
            "logo": {"@type": "ImageObject", "url": f"http://{sp['host']}/img/logo.png"},
        },
        "mainEntityOfPage": sp["url"],
    }
    show_mod = rng.random() < 0.4
    modline = f'<span class="modified">更新于 {fmt_date(mod, "cn", prec)}</span>' if show_mod else ""
    tags = "".join(
        f'<a rel="tag" href="/tag/{TPL[v["tid"]]["slug"]}.html">{esc(TPL[v["tid"]]["tag"])}</a>'
        for v, _ in sp["blocks"]
        if not v["tid"].startswith("u")
    )
    return f"""<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="{charset_decl(sp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(sp["title"])}{suffix_for("html5_jsonld")}</title>
<link rel="canonical" href="{attr(sp["url"])}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body class="single">
<header class="site-hd"><div class="brand"><a href="/index.html">{esc(host_label(sp["host"]))}</a></div>
<nav class="menu">{nav_html(sp["host"])}</nav></header>
<main class="layout">
<article class="entry">
<header class="entry-hd">
<nav class="trail"><a href="/index.html">首页</a> › <a href="/{sp["cat"]}/index.html">{CAT_NAME[sp["cat"]]}</a></nav>
<h1 class="entry-title">{esc(sp["title"])}</h1>
<div class="entry-meta"><time class="published" datetime="{fmt_date(d, "iso", prec)}">{fmt_date(d, "cn", prec)}</time> · <span class="by">{esc(sp["source"])}</span> {modline}</div>
</header>
<section class="entry-content">
{body}
</section>
<footer class="entry-ft"><div class="entry-tags">{tags}</div>
<div class="share">分享到 <a href="#">微信</a> <a href="#">微博</a></div>
<nav class="post-nav"><div>{pv}</div><div>{nx}</div></nav></footer>
</article>
<section class="related"><h3>{rng.choice(C.RELATED_HEADS)}</h3><ul>{rel_list(sp, specs, rng, 5)}</ul></section>
<aside class="sidebar"><section class="widget"><h3>{rng.choice(C.HOT_HEADS)}</h3><ol>{hot_list(sp, specs, rng)}</ol></section>
<section class="widget ad">{esc(rng.choice(C.ADS))}</section></aside>
</main>
<footer class="site-ft"><p>{esc(rng.choice(C.FOOTERS).format(site=SITE))}</p></footer>
</body>
</html>
"""


def page_mobile(sp, body, specs, host_articles, rng):
    d, _prec = sp["date"], sp["prec"]
    upd = ""
    if rng.random() < 0.4:
        upd = f'<span class="m-upd">更新：{fmt_date(d + dt.timedelta(days=rng.randint(3, 90)), "slash", "d")}</span>'
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="{charset_decl(sp)}">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<title>{esc(sp["title"])}{suffix_for("mobile")}</title>
<meta name="description" content="{attr(sp["desc"])}">
</head>
<body>
<div class="m-header"><a class="m-back" href="/index.html">返回</a><span class="m-logo">{esc(host_label(sp["host"]))}</span><a class="m-menu" href="/{sp["cat"]}/index.html">{CAT_NAME[sp["cat"]]}</a></div>
<div class="m-art">
<h1 class="m-h1">{esc(sp["title"])}</h1>
<div class="m-meta"><span>阅读 {rng.randint(100, 20000)}</span>{upd}</div>
<div class="m-body">
{body}
</div>
<div class="m-share">觉得有用？分享给朋友 <a href="#">微信</a> <a href="#">QQ</a></div>
</div>
<div class="m-more"><div class="m-more-hd">{rng.choice(C.RELATED_HEADS)}</div><ul>{rel_list(sp, specs, rng, 6)}</ul></div>
<div class="m-ad">{esc(rng.choice(C.ADS))}</div>
<div class="m-foot">{esc(rng.choice(C.FOOTERS).format(site=SITE))}</div>
<div class="m-tabbar"><a href="/index.html">首页</a><a href="/{sp["cat"]}/index.html">分类</a><a href="http://{MAIN_HOST}/index.html">电脑版</a></div>
</body>
</html>
"""


PAGE = {
    "cms_div": page_cms_div,
    "table_old": page_table_old,
    "minified": page_minified,
    "html5_jsonld": page_html5,
    "mobile": page_mobile,
}


# ---------------------------------------------------------------- list pages
def list_page(host, layout, heading, entries, pager, extra="") -> str:
    lis = "".join(f'<li><a href="{attr(u)}">{esc(t)}</a><span class="date">{ds}</span></li>' for u, t, ds in entries)
    wrap = {
        "cms_div": "list-box",
        "table_old": "listbox",
        "minified": "lst",
        "html5_jsonld": "archive",
        "mobile": "m-list",
    }[layout]
    sep = "" if layout == "minified" else "\n"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8">',
        f"<title>{esc(heading)}{suffix_for(layout)}</title></head>",
        "<body>",
        f'<div class="header"><a href="/index.html">{esc(host_label(host))}</a></div>',
        f'<div class="nav">{nav_html(host)}</div>',
        f'<div class="{wrap}"><h2>{esc(heading)}</h2><ul>{lis}</ul></div>',
        f'<div class="pager">{pager}</div>',
        extra,
        f'<div class="stations">城市分站：{stations_html()}</div>',
        f'<div class="footer">{esc(C.FOOTERS[0].format(site=SITE))}</div>',
        "</body></html>",
    ]
    return sep.join(parts)


def pager_html(base: str, n: int, cur: int) -> str:
    def href(k):
        return f"/{base}/index.html" if k == 1 else f"/{base}/list_{k}.html"

    out = []
    if cur > 1:
        out.append(f'<a href="{href(cur - 1)}">上一页</a>')
    for k in range(1, n + 1):
        out.append(f"<span>{k}</span>" if k == cur else f'<a href="{href(k)}">{k}</a>')
    if cur < n:
        out.append(f'<a href="{href(cur + 1)}">下一页</a>')
    return " ".join(out)


# ---------------------------------------------------------------- main entry
def build_site(
    out_dir: pathlib.Path, *, articles: int = 400, seed: int = 7, punctuation: str = "fullwidth"
) -> list[dict]:
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError("punctuation must be 'fullwidth' or 'ascii'")
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = plan(articles, seed, punctuation)
    lays = host_layouts()
    host_articles: dict[str, list] = {h: [] for h in lays}
    for sp in specs:
        host_articles[sp["host"]].append(sp)
    gold = []
    written: dict[str, list] = {h: [] for h in lays}  # host -> [(path, lastmod)]

    def write(host, path, text, encoding="utf-8"):
        p = out_dir / host / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))

    for sp in specs:
        rng = random.Random(f"{seed}:page:{sp['idx']}")
        items = build_body(sp, specs, rng)
        main, bpl, secs = gold_from_body(items, sp)
        sp["desc"] = (main[1] if len(main) > 1 else main[0])[:60]
        body = render_body(items, sp, rng)
        page = PAGE[sp["layout"]](sp, body, specs, host_articles, rng)
        title = sp["title"]
        if sp["ascii"]:
            page = page.translate(FW2ASCII)
            main = [x.translate(FW2ASCII) for x in main]
            bpl = [x.translate(FW2ASCII) for x in bpl]
            title = title.translate(FW2ASCII)
            for s in secs:
                s["heading"] = s["heading"].translate(FW2ASCII)
                s["paragraphs"] = [x.translate(FW2ASCII) for x in s["paragraphs"]]
        write(sp["host"], sp["path"], page, sp["encoding"])
        written[sp["host"]].append((sp["path"], sp["date"]))
        cities = []
        text_all = "\n".join(main)
        for c in CITIES:
            if c[0] in text_all:
                cities.append(c[0])
        gold.append(
            {
                "host": sp["host"],
                "path": f"{sp['host']}/{sp['path']}",
                "url": sp["url"],
                "page_type": "article",
                "layout": sp["layout"],
                "encoding": sp["encoding"],
                "charset_declared": charset_decl(sp),
                "punctuation": "ascii" if sp["ascii"] else "fullwidth",
                "title": title,
                "published_at": gold_date(sp["date"], sp["prec"]),
                "main_text": main,
                "boilerplate": bpl,
                "sections": secs,
                "cities": cities,
            }
        )

    # list pages, per host
    PAGE_SIZE = 20
    for host, arts in host_articles.items():
        layout = lays[host]
        newest = sorted(arts, key=lambda s: s["date"], reverse=True)
        lists = []

        def ent(s):
            return ("/" + s["path"], s["title"], f"{s['date']:%Y-%m-%d}")

        cats_here = [c for c, _ in C.CATS if any(s["cat"] == c for s in arts)]
        slugs = sorted({TPL[v["tid"]]["slug"] for s in arts for v, _ in s["blocks"] if not v["tid"].startswith("u")})
        tagcloud = "".join(
            f'<a href="/tag/{sl}.html">{esc(next(t["tag"] for t in C.TEMPLATES if t["slug"] == sl))}</a> '
            for sl in slugs
        )
        catlinks = "".join(f'<a href="/{c}/index.html">{CAT_NAME[c]}</a> ' for c in cats_here)
        lists.append(
            (
                "index.html",
                list_page(
                    host,
                    layout,
                    host_label(host) + " - 最新办事指南",
                    [ent(s) for s in newest[:30]],
                    "",
                    f'<div class="cats">栏目：{catlinks}</div><div class="tags">热门标签：{tagcloud}</div>',
                ),
            )
        )
        for c in cats_here:
            cs = [s for s in newest if s["cat"] == c]
            npages = (len(cs) + PAGE_SIZE - 1) // PAGE_SIZE
            for k in range(1, npages + 1):
                chunk = cs[(k - 1) * PAGE_SIZE : k * PAGE_SIZE]
                path = f"{c}/index.html" if k == 1 else f"{c}/list_{k}.html"
                lists.append(
                    (
                        path,
                        list_page(
                            host,
                            layout,
                            f"{CAT_NAME[c]}办事指南 第{k}页",
                            [ent(s) for s in chunk],
                            pager_html(c, npages, k),
                        ),
                    )
                )
        for sl in slugs:
            t = next(t for t in C.TEMPLATES if t["slug"] == sl)
            ts = [s for s in newest if any(v["tid"] == t["id"] for v, _ in s["blocks"])]
            lists.append(
                (f"tag/{sl}.html", list_page(host, layout, f"{t['tag']}相关文章", [ent(s) for s in ts[:50]], ""))
            )
        last = newest[0]["date"] if newest else dt.datetime(2025, 6, 20)
        for path, text in lists:
            if host == M_HOST or punctuation == "ascii":
                text = text.translate(FW2ASCII)
            write(host, path, text)
            written[host].append((path, last))
            gold.append(
                {
                    "host": host,
                    "path": f"{host}/{path}",
                    "url": f"http://{host}/{path}",
                    "page_type": "list",
                    "layout": layout,
                    "encoding": "utf-8",
                }
            )
        urls = "".join(
            f"<url><loc>http://{host}/{p}</loc><lastmod>{d:%Y-%m-%d}</lastmod></url>\n" for p, d in written[host]
        )
        write(
            host,
            "sitemap.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n",
        )
        write(
            host,
            "robots.txt",
            "User-agent: *\nDisallow: /search/\nDisallow: /member/\nDisallow: /static/\n"
            f"\nSitemap: http://{host}/sitemap.xml\n",
        )

    with open(out_dir / "gold.jsonl", "w", encoding="utf-8") as fh:
        for g in gold:
            fh.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write a blind content-farm test site with gold labels.")
    ap.add_argument("out_dir", type=pathlib.Path)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    a = ap.parse_args(argv)
    gold = build_site(a.out_dir, articles=a.articles, seed=a.seed, punctuation=a.punctuation)
    arts = sum(1 for g in gold if g["page_type"] == "article")
    print(
        f"wrote {len(gold)} pages ({arts} articles, {len(gold) - arts} list pages) "
        f"on {len({g['host'] for g in gold})} hosts to {a.out_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
