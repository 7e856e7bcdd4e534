"""Deterministic generator of a Chinese housing-guidance content farm (宜居问答网) with gold labels.

Usage:
    from tests.blindfarm8.generate import build_site
    gold = build_site(out_dir, articles=400, seed=71, punctuation="fullwidth")

    python -m tests.blindfarm8.generate OUT_DIR [--articles N] [--seed S] [--punctuation fullwidth|ascii]
"""

import argparse
import datetime as _dt
import html
import json
import os
import random
import re

from . import data as D

FOLD = str.maketrans("：，；？！（）", ":,;?!()")

# layout -> (tag, attribute, value) identifying the body container
BODY_CONTAINERS = {
    "portal": ("div", "id", "artContent"),
    "logo": ("div", "class", "doc-body"),
    "qa": ("div", "id", "answerList"),
    "wechat": ("div", "id", "js_content"),
    "guide": ("div", "class", "guide-text"),
}
LAYOUT_WEIGHTS = [("portal", 30), ("logo", 18), ("qa", 18), ("wechat", 17), ("guide", 17)]

CN_NUM = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
CAT_NAME = dict(D.CATEGORIES)
TPL_BY_ID = {t["id"]: t for t in D.TEMPLATES}
CITY_NAMES = [c[0] for c in D.CITIES]


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


# ------------------------------------------------------------------ city parameters
def city_params(city):
    name, sub, prov, code, dists, app = city
    r = random.Random("yjwd-city-" + name)

    def hot():
        return "%s-%d" % (code, r.randint(10000000, 89999999) if len(code) == 3 else r.randint(8000000, 8999999))

    def money(lo, hi, step=0.1):
        n = int(round((hi - lo) / step))
        return "%.1f" % (lo + step * r.randint(0, n))

    fund2 = r.choice([60, 70, 80, 90, 100, 110, 120])
    wy = sorted(r.sample([0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.3], 4), reverse=True)
    p = dict(
        city=name,
        prov=prov,
        code=code,
        app=app,
        site=D.SITE_NAME,
        zjj=name + "市住房和城乡建设局",
        bzzx=name + "市住房保障中心",
        fgzx=name + "市住宅专项维修资金管理中心",
        jdzx=name + "市房屋安全鉴定管理站",
        rsj=name + "市人力资源和社会保障局",
        hot=hot(),
        hot2=hot(),
        inc=r.choice([1800, 2100, 2400, 2600, 2900, 3200, 3500]),
        inc_y=r.choice(["3.6", "4.2", "4.8", "5.1", "5.6", "6.3"]),
        area=r.choice([13, 15, 16, 18, 20]),
        hk_years=r.choice([1, 2, 3, 5]),
        grad_years=r.choice([3, 5]),
        sb_years=r.choice([1, 2, 3]),
        days=r.choice([5, 7, 10, 15, 20]),
        rent_pct=r.choice([60, 65, 70, 75, 80, 85]),
        rent1=money(8, 22),
        rent2=money(6, 18),
        rent3=money(5, 14),
        pol_year=r.randint(2017, 2023),
        pol_date="%d年%d月1日" % (r.randint(2019, 2024), r.choice([1, 3, 5, 7, 10])),
        contract_years=r.choice([1, 2, 3]),
        tal_pct=r.choice([50, 60, 70, 80]),
        tal_a=r.choice([100, 150, 200, 300]),
        tal_b=r.choice([50, 60, 80, 100]),
        tal_c=r.choice([20, 30, 40, 50]),
        tal_rb=r.choice([3000, 3500, 4000, 5000]),
        tal_rc=r.choice([1500, 2000, 2500]),
        tal_rd=r.choice([500, 600, 800, 1000]),
        fund1=fund2 - r.choice([20, 30, 40]),
        fund2=fund2,
        fund3=fund2 + r.choice([10, 20, 30]),
        fund_ex=fund2 * 100,
        emerg_days=r.choice([2, 3, 5]),
        wy1=wy[0],
        wy2=wy[1],
        wy3=wy[2],
        wy4=wy[3],
        wy1h="%.1f" % (wy[0] + 0.8),
        wy2h="%.1f" % (wy[1] + 0.7),
        wy3h="%.1f" % (wy[2] + 0.6),
        wy4h="%.1f" % (wy[3] + 0.5),
        elev=r.choice([10, 12, 15, 20, 25]),
        jd_fee1=money(2, 5, 0.5),
        jd_fee2=money(4, 9, 0.5),
        sub_rent1=r.choice([20, 22, 25, 28, 30]),
        sub_rent2=r.choice([14, 15, 16, 18]),
        sub_rent3=r.choice([8, 9, 10, 12]),
        pg_trans=r.choice([800, 1000, 1200, 1500]),
        pg_bonus=r.choice([200, 300, 400, 500]),
        pg_years=r.choice([3, 5]),
        n_local=r.randint(8, 60) * 1000,
        n_local2=r.randint(20, 90) * 100,
    )
    return p


# ------------------------------------------------------------------ block construction
def _sentences(text):
    parts = re.findall(r"[^。！？]*[。！？]", text)
    rest = text[sum(len(x) for x in parts) :]
    if rest:
        parts.append(rest)
    return parts


def _end_list(items):
    if items and items[-1].endswith("；"):
        items[-1] = items[-1][:-1] + "。"
    return items


def build_block(tpl, ctx, r):
    def f(s):
        return s.format_map(ctx)

    heading = f(r.choice(tpl["heads"]))
    units = []
    for u in tpl["units"]:
        kind, flags = u[0], u[-1]
        if "o" in flags and r.random() < 0.35:
            continue
        g = re.search(r"g(\d)", flags)
        gid = g.group(1) if g else None
        if kind == "p":
            it = {"k": "p", "text": f(r.choice(u[1]))}
        elif kind in ("ul", "steps"):
            intro = f(r.choice(u[1])) if u[1] and r.random() < 0.85 else None
            items = []
            for x in u[2]:
                if isinstance(x, str) and x.startswith("?"):
                    if r.random() < 0.35:
                        continue
                    x = x[1:]
                items.append(f(x if isinstance(x, str) else r.choice(x)))
            it = {"k": kind, "intro": intro, "items": _end_list(items)}
        else:  # table
            intro = f(r.choice(u[1])) if u[1] and r.random() < 0.9 else None
            rows = []
            for row in u[3]:
                if row[0].startswith("?"):
                    if r.random() < 0.35:
                        continue
                    row = [row[0][1:]] + row[1:]
                rows.append([f(c) for c in row])
            it = {"k": "table", "intro": intro, "header": [f(c) for c in u[2]], "rows": rows}
        units.append([gid, it])
    # reorder paragraphs whose order does not matter
    for gid in sorted({x[0] for x in units if x[0]}):
        pos = [i for i, x in enumerate(units) if x[0] == gid]
        if len(pos) > 1 and r.random() < 0.5:
            its = [units[i][1] for i in pos]
            r.shuffle(its)
            for i, it in zip(pos, its, strict=False):
                units[i][1] = it
    out = []
    for _, it in units:
        if it["k"] == "p" and r.random() < 0.15:
            ss = _sentences(it["text"])
            if len(ss) >= 2:
                k = r.randint(1, len(ss) - 1)
                out.append({"k": "p", "text": "".join(ss[:k])})
                out.append({"k": "p", "text": "".join(ss[k:])})
                continue
        out.append(it)
    if r.random() < 0.3:
        out.append({"k": "p", "text": f(r.choice(D.LOCAL_SENTENCES))})
    return {"heading": heading, "template_id": tpl["id"], "city": ctx["city"], "units": out}


def build_oneoff(ctx, r, n, used):
    """A block written once and never reused."""
    while True:
        xq = r.choice(D.XQ_A) + r.choice(D.XQ_B)
        dist = ctx["dist"]
        kind = r.randrange(4)
        y = r.randint(1985, 2002)
        name = r.choice(D.SURNAMES) + r.choice(["阿姨", "师傅", "先生", "女士", "大爷"])
        b, fl, u = r.randint(3, 18), r.randint(3, 7), r.randint(1, 4)
        if kind == 0:
            head = f"{dist}{xq}加装电梯进展如何？"
            title = "%s%s%s%d号楼电梯投用了" % (ctx["city"], dist, xq, b)
            ps = [
                "%s位于%s%s，建成于%d年，共有%d栋%d层住宅，此前一直没有电梯。"
                % (xq, dist, r.choice(D.ROADS), y, r.randint(6, 30), fl),
                "今年%d月，%s%d号楼%d单元的电梯正式投入使用，总投资约%d万元，其中财政补助%d万元，其余由%d户业主按楼层分摊。"
                % (r.randint(1, 12), xq, b, u, r.randint(45, 80), ctx["elev"], r.randint(10, 24)),
                "住在%d楼的%s说：“以前买菜上下楼要歇好几回，现在方便多了。”" % (fl, name),
            ]
        elif kind == 1:
            k = r.randint(2, 12)
            head = "%s%s公租房第%d批配租结果出炉" % (ctx["city"], xq, k)
            title = "%s%s公租房第%d批次配租情况" % (ctx["city"], dist, k)
            ps = [
                "%s公租房项目位于%s，本批次共推出房源%d套，户型为%d至%d平方米。"
                % (xq, dist, r.randint(80, 600), r.randint(35, 45), r.randint(50, 65)),
                "经资格复核，共有%d户家庭参加摇号，最终%d户选房成功，平均轮候时间约%d个月。"
                % (r.randint(300, 2000), r.randint(80, 600), r.randint(6, 30)),
                "未选中的家庭仍保留轮候资格，后续房源将按轮候顺序继续配租。",
            ]
        elif kind == 2:
            head = f"{xq}选聘新物业，投票结果公布"
            title = "{}{}业主大会表决选聘物业".format(ctx["city"], xq)
            ps = [
                "%s%s共有业主%d户，原物业服务合同于%d年底到期。"
                % (dist, xq, r.randint(300, 2500), r.randint(2021, 2024)),
                "业委会组织公开招标，共有%d家企业参与竞标，最终报价为每平方米每月%.2f元的企业中标。"
                % (r.randint(3, 9), r.uniform(0.8, 2.8)),
                "本次表决参与业主占比%d%%，同意票占参与表决业主的%d%%。" % (r.randint(68, 92), r.randint(55, 88)),
            ]
        else:
            head = f"{xq}维修资金使用情况公示"
            title = "%s%s外墙维修动用维修资金%d万元" % (ctx["city"], xq, r.randint(20, 300))
            ps = [
                "%s%s%d号楼外墙瓷砖脱落，存在安全隐患，业委会申请使用维修资金进行修缮。" % (dist, xq, b),
                "工程审定金额%d.%d万元，涉及业主%d户，按各户建筑面积分摊，户均约%d元。"
                % (r.randint(20, 300), r.randint(0, 9), r.randint(40, 300), r.randint(600, 4800)),
                "%s表示，工程预计%d月底完工，届时将组织业主代表参与验收。" % (name, r.randint(1, 12)),
            ]
        if head not in used:
            used.add(head)
            break
    return {
        "heading": head,
        "template_id": "oneoff-%03d" % n,
        "city": ctx["city"],
        "units": [{"k": "p", "text": p} for p in ps],
    }, title


# ------------------------------------------------------------------ layouts
class Layout:
    name = ""

    def heading(self, i, n, t):
        raise NotImplementedError

    def para(self, t):
        return f"<p>{esc(t)}</p>", [t]

    def ulist(self, items):
        return "<ul>{}</ul>".format("".join(f"<li>{esc(x)}</li>" for x in items)), list(items)

    def steps(self, items):
        lines = ["%d. %s" % (i + 1, x) for i, x in enumerate(items)]
        return '<ol style="list-style:none">{}</ol>'.format("".join(f"<li>{esc(x)}</li>" for x in lines)), lines

    def table(self, header, rows):
        h = "<table><tr>{}</tr>".format("".join(f"<th>{esc(c)}</th>" for c in header))
        for row in rows:
            h += "<tr>{}</tr>".format("".join(f"<td>{esc(c)}</td>" for c in row))
        h += "</table>"
        return h, [" ".join(header)] + [" ".join(row) for row in rows]

    def wrap_block(self, head_html, body_html):
        return head_html + "\n" + body_html

    def bp(self, cls, t):
        return f'<p class="{cls}">{esc(t)}</p>'


class Portal(Layout):
    name = "portal"

    def heading(self, i, n, t):
        return f'<h2 class="sub-t">{esc(t)}</h2>', t

    def ulist(self, items):
        return '<ul class="dot-list">\n{}\n</ul>'.format("\n".join(f"<li>{esc(x)}</li>" for x in items)), list(items)

    def steps(self, items):
        lines = ["%d. %s" % (i + 1, x) for i, x in enumerate(items)]
        return '<ol class="step-list" style="list-style:none">\n{}\n</ol>'.format(
            "\n".join(f"<li>{esc(x)}</li>" for x in lines)
        ), lines

    def table(self, header, rows):
        h = '<table class="tb" border="1" cellspacing="0">\n<thead><tr>{}</tr></thead>\n<tbody>\n'.format(
            "".join(f"<th>{esc(c)}</th>" for c in header)
        )
        h += "\n".join("<tr>{}</tr>".format("".join(f"<td>{esc(c)}</td>" for c in row)) for row in rows)
        h += "\n</tbody>\n</table>"
        return h, [" ".join(header)] + [" ".join(row) for row in rows]


class Logo(Layout):
    name = "logo"

    def heading(self, i, n, t):
        line = (f"{CN_NUM[i]}、{t}") if n > 1 else t
        return f'<h3 class="sec-title">{esc(line)}</h3>', line

    def para(self, t):
        return f'<p class="txt">{esc(t)}</p>', [t]

    def ulist(self, items):
        lines = [CIRCLED[i] + x for i, x in enumerate(items)]
        return '<p class="txt">{}</p>'.format("<br>\n".join(esc(x) for x in lines)), lines

    def steps(self, items):
        lines = [f"第{CN_NUM[i]}步：{x}" for i, x in enumerate(items)]
        return '<p class="txt step">{}</p>'.format("<br/>".join(esc(x) for x in lines)), lines

    def table(self, header, rows):
        h = '<table class="grid">\n<tr class="hd">{}</tr>\n'.format("".join(f"<th>{esc(c)}</th>" for c in header))
        h += "\n".join("<tr>{}</tr>".format("".join(f"<td>{esc(c)}</td>" for c in row)) for row in rows)
        return h + "\n</table>", [" ".join(header)] + [" ".join(row) for row in rows]

    def bp(self, cls, t):
        return f'<div class="{cls}">{esc(t)}</div>'


class QA(Layout):
    name = "qa"

    def heading(self, i, n, t):
        return f'<div class="q-line"><i class="ico-q">问</i>：{esc(t)}</div>', "问：" + t

    def ulist(self, items):
        return '<ul class="a-list">{}</ul>'.format("".join(f"<li>{esc(x)}</li>" for x in items)), list(items)

    def steps(self, items):
        lines = ["步骤%d：%s" % (i + 1, x) for i, x in enumerate(items)]
        return '<ul class="a-steps">\n{}\n</ul>'.format("\n".join(f"<li>{esc(x)}</li>" for x in lines)), lines

    def wrap_block(self, head_html, body_html):
        return f'<div class="qa-item">\n{head_html}\n<div class="a-box">\n{body_html}\n</div>\n</div>'


WX_SPAN = [
    "font-size:15px;color:#3f3f3f;",
    "font-size:15px;color:#3f3f3f;letter-spacing:1px;",
    "font-size:16px;color:#595959;",
]


class WeChat(Layout):
    name = "wechat"

    def __init__(self, r):
        self.r = r

    def heading(self, i, n, t):
        return (
            f'<p style="margin:24px 0 12px;text-align:left;"><strong><span style="color:#1e8e6e;font-size:17px;">{esc(t)}</span></strong></p>'
        ), t

    def _spans(self, t):
        r = self.r
        cuts = sorted(r.sample(range(1, len(t)), min(len(t) - 1, r.choice([0, 0, 1, 2]))))
        parts, last = [], 0
        for c in cuts + [len(t)]:
            parts.append(t[last:c])
            last = c
        out = ""
        for p in parts:
            s = f'<span style="{r.choice(WX_SPAN)}">{esc(p)}</span>'
            if r.random() < 0.2:
                s = f"<strong>{s}</strong>"
            out += s
        return out

    def para(self, t):
        return f'<p style="line-height:1.75em;margin-bottom:16px;">{self._spans(t)}</p>', [t]

    def ulist(self, items):
        lines = ["● " + x for x in items]
        return "\n".join(f'<p style="line-height:1.75em;padding-left:1em;">{self._spans(x)}</p>' for x in lines), lines

    def steps(self, items):
        lines = ["%d、%s" % (i + 1, x) for i, x in enumerate(items)]
        return '<p style="line-height:1.75em;">{}</p>'.format(
            "<br>".join(f'<span style="font-size:15px;">{esc(x)}</span>' for x in lines)
        ), lines

    def table(self, header, rows):
        h = '<table style="width:100%;border-collapse:collapse;"><tbody>'
        h += "<tr>{}</tr>".format(
            "".join(f'<th style="border:1px solid #ddd;background:#f3f9f7;"><span>{esc(c)}</span></th>' for c in header)
        )
        h += "".join(
            "<tr>{}</tr>".format("".join(f'<td style="border:1px solid #ddd;"><span>{esc(c)}</span></td>' for c in row))
            for row in rows
        )
        return h + "</tbody></table>", [" ".join(header)] + [" ".join(row) for row in rows]

    def bp(self, cls, t):
        return f'<p style="font-size:13px;color:#888;"><span>{esc(t)}</span></p>'


class Guide(Layout):
    name = "guide"

    def heading(self, i, n, t):
        line = (f"（{CN_NUM[i]}）{t}") if n > 1 else t
        return f'<p class="g-h"><b>{esc(line)}</b></p>', line

    def ulist(self, items):
        return '<ul class="g-ul">{}</ul>'.format("".join(f"<li>{esc(x)}</li>" for x in items)), list(items)

    def steps(self, items):
        lines = ["（%d）%s" % (i + 1, x) for i, x in enumerate(items)]
        return '<ol class="g-ol">{}</ol>'.format("".join(f"<li>{esc(x)}</li>" for x in lines)), lines

    def table(self, header, rows):
        h = '<table class="g-tb"><tr class="th">{}</tr>'.format("".join(f"<td><b>{esc(c)}</b></td>" for c in header))
        h += "".join("<tr>{}</tr>".format("".join(f"<td>{esc(c)}</td>" for c in row)) for row in rows)
        return h + "</table>", [" ".join(header)] + [" ".join(row) for row in rows]


def make_layout(name, r):
    return {"portal": Portal, "logo": Logo, "qa": QA, "guide": Guide}[name]() if name != "wechat" else WeChat(r)


# ------------------------------------------------------------------ page chrome
def host_of(sub):
    return f"{sub}.{D.DOMAIN}"


WWW = "www." + D.DOMAIN


def nav_html(city=None):
    items = [f'<li><a href="http://{WWW}/">首页</a></li>']
    for slug, name in D.CATEGORIES[:8]:
        items.append(f'<li><a href="http://{WWW}/cat/{slug}/index.html">{name}</a></li>')
    cs = "".join(f'<a href="http://{host_of(c[1])}/">{c[0]}</a>' for c in D.CITIES[:8])
    return (
        '<div class="topbar"><span>欢迎访问{}</span>{}<span class="city-sw">切换城市：{}</span></div>\n'
        '<div class="nav"><ul>{}</ul></div>'
    ).format(D.SITE_NAME, (f"<b>{city}站</b>") if city else "", cs, "".join(items))


def footer_html(year):
    return (
        '<div class="footer"><p><a href="/about.html">关于我们</a> | <a href="/contact.html">联系我们</a> | '
        '<a href="/report.html">投诉举报</a> | <a href="/sitemap.xml">网站地图</a></p>'
        "<p>Copyright &copy; 2016-%d %s 版权所有 浙ICP备16032571号-3</p>"
        "<p>本站信息仅供参考，不代表任何政府部门立场。</p></div>"
    ) % (year, D.SITE_NAME)


def sidebar_html(r, arts, now):
    out = '<div class="sidebar">'
    for head in r.sample(D.SIDE_HEADS, 2):
        out += f'<div class="side-box"><h3>{head}</h3><ul>'
        for a in r.sample(arts, min(6, len(arts))):
            if r.random() < 0.5:
                d = a["dt"].strftime("%m-%d")
            elif r.random() < 0.5:
                d = a["dt"].strftime("%Y-%m-%d")
            else:
                d = "%d%s前" % (r.randint(1, 23), r.choice(["小时", "天"]))
            out += '<li><a href="{}">{}</a><span class="d">{}</span></li>'.format(a["url"], esc(a["title"]), d)
        out += "</ul></div>"
    return out + "</div>"


def comments_html(r, dt):
    n = r.randint(0, 4)
    if not n:
        return '<div class="comments"><h3>网友评论</h3><p class="none">暂无评论，快来抢沙发吧！</p></div>'
    out = '<div class="comments"><h3>网友评论（%d）</h3>' % n
    for _i in range(n):
        cdt = dt + _dt.timedelta(hours=r.randint(2, 2000), minutes=r.randint(0, 59))
        stamp = cdt.strftime("%Y-%m-%d %H:%M") if r.random() < 0.7 else "%d天前" % r.randint(1, 30)
        out += f'<div class="cmt"><p class="u">网友{r.choice(D.SURNAMES)}*** <span class="t">{stamp}</span></p><p class="c">{esc(r.choice(D.COMMENTS))}</p></div>'
    return out + "</div>"


def cn_date(dt):
    return "%d年%d月%d日" % (dt.year, dt.month, dt.day)


# ------------------------------------------------------------------ boilerplate
def bp_items(a, r, arts_by_cat, arts_all, host_arts):
    """Decide boilerplate for an article; returns dict with 'top', 'mid', 'trans', 'tail' lists of (kind, data)."""
    ctx = dict(a["ctx"])
    ctx.update(
        host=a["host"],
        ed=r.choice(D.EDITORS),
        ed2=r.choice(D.EDITORS),
        x4=r.randint(1000, 9999),
        y4=r.randint(1000, 9999),
        mob=r.randint(3000000000, 8999999999),
        wx=r.randint(100, 999),
        kw=D.TEMPLATES[0]["tags"][0]
        if a["blocks"][0]["template_id"].startswith("oneoff")
        else TPL_BY_ID[a["blocks"][0]["template_id"]]["tags"][0],
        n1=r.randint(3, 300),
        n2=r.randint(0, 40),
    )

    def f(s):
        return s.format_map(ctx)

    top, mid, tail = [], [], []
    if r.random() < 0.45:
        top.append(("opening", [f(r.choice(D.BP_OPENING))]))
    editor_top = r.random() < 0.12
    if editor_top:
        top.insert(0, ("editor", [f(r.choice(D.BP_EDITOR))]))
    if r.random() < 0.08:
        top.append(("ad", [f(r.choice(D.BP_AD_PLAIN))]))
    trans = [f(r.choice(D.BP_TRANSITION)) if r.random() < 0.6 else None for _ in a["blocks"][1:]]
    if len(a["blocks"]) > 1 and r.random() < 0.2:
        mid.append(("ad", [f(r.choice(D.BP_AD_LABELLED + D.BP_AD_PLAIN))]))
    cand = []
    if r.random() < 0.45:
        cand.append(("closing", [f(r.choice(D.BP_CLOSING))]))
    if r.random() < 0.3:
        cand.append(("prompt", [f(r.choice(D.BP_PROMPT))]))
    if r.random() < 0.4:
        cand.append(("disclaimer", [f(r.choice(D.BP_DISCLAIMER))]))
    if r.random() < 0.35:
        cand.append(("source", [f(r.choice(D.BP_SOURCE))]))
    if r.random() < 0.3:
        cand.append(("copyright", [f(r.choice(D.BP_COPYRIGHT))]))
    if not editor_top and r.random() < 0.35:
        cand.append(("editor", [f(r.choice(D.BP_EDITOR))]))
    if r.random() < (0.4 if a["layout"] == "qa" else 0.2):
        q = r.choice(D.BP_RATING_Q)
        cand.append(("rating", [q] + [f(b) for b in r.choice(D.BP_RATING_BTN)]))
    if r.random() < 0.3:
        cand.append(("ad", [f(r.choice(D.BP_AD_LABELLED + D.BP_AD_PLAIN))]))
    if r.random() < (0.55 if a["layout"] == "wechat" else 0.25):
        cand.append(("qr", [f(r.choice(D.BP_QR))]))
    others = [x for x in arts_all if x is not a]
    if r.random() < 0.2:
        o = r.choice(others)
        ex = o["blocks"][0]["units"][0]
        ex = ex.get("text") or ex.get("intro") or o["blocks"][0]["heading"]
        cut = r.randint(22, 40)
        cand.append(
            (
                "teaser",
                [r.choice(D.BP_TEASER_PREFIX) + o["title"], ex[:cut] + "……" + r.choice(D.BP_TEASER_MORE)],
                o["url"],
            )
        )
    if r.random() < 0.45:
        pool = [x for x in arts_by_cat[a["cat"]] if x is not a] or others
        k = min(len(pool), r.randint(3, 6))
        rel = r.sample(pool, k)
        if len(rel) < 3:
            rel += r.sample([x for x in others if all(x is not y for y in rel)], 3 - len(rel))
        seen, titles = set(), []
        for x in rel:
            if x["title"] not in seen:
                seen.add(x["title"])
                titles.append((x["title"], x["url"]))
        cand.append(("related", [f(r.choice(D.BP_RELATED_HEAD))] + [t for t, _ in titles], [u for _, u in titles]))
    if r.random() < 0.35:
        tags = list(a["tags"])
        if r.random() < 0.6:
            tags.insert(r.randint(0, len(tags)), a["city"])
        cand.append(("tags", [r.choice(D.BP_TAG_PREFIX) + " ".join(tags)], r.choice(D.BP_TAG_PREFIX), tags))
    if r.random() < 0.3:
        pre, plats = r.choice(D.BP_SHARE)
        cand.append(("share", [pre + " ".join(plats)], pre, plats))
    if r.random() < 0.4:
        lst = host_arts[a["host"]]
        i = next(j for j, x in enumerate(lst) if x is a)
        p, n = r.choice(D.BP_PREVNEXT)
        prev = lst[i - 1] if i > 0 else None
        nxt = lst[i + 1] if i + 1 < len(lst) else None
        cand.append(
            (
                "prevnext",
                [p + (prev["title"] if prev else "没有了"), n + (nxt["title"] if nxt else "没有了")],
                p,
                n,
                prev,
                nxt,
            )
        )
    # mild shuffling of the tail order
    for _ in range(2):
        if len(cand) > 1 and r.random() < 0.5:
            i = r.randrange(len(cand) - 1)
            cand[i], cand[i + 1] = cand[i + 1], cand[i]
    tail = cand
    return top, mid, trans, tail


def render_bp(L, item):
    kind = item[0]
    lines = item[1]
    if kind == "rating":
        h = '<div class="fb-box"><p class="fb-q">{}</p><div class="fb-btns">{}</div></div>'.format(
            esc(lines[0]), "".join(f'<div class="fb-btn"><span>{esc(b)}</span></div>' for b in lines[1:])
        )
        return h, lines
    if kind == "qr":
        return '<div class="qr-box"><img src="/static/img/qrcode.jpg" alt="" width="120">{}</div>'.format(
            L.bp("qr-txt", lines[0])
        ), lines
    if kind == "teaser":
        pre = lines[0]
        return (
            f'<div class="teaser"><p class="tz-t"><a href="{item[2]}">{esc(pre)}</a></p><p class="tz-d">{esc(lines[1])}</p></div>'
        ), lines
    if kind == "related":
        lis = "".join(
            f'<li><a href="{u}" target="_blank">{esc(t)}</a></li>' for t, u in zip(lines[1:], item[2], strict=False)
        )
        return f'<div class="rel-box"><h4>{esc(lines[0])}</h4><ul>{lis}</ul></div>', lines
    if kind == "tags":
        # prefix chosen twice is irrelevant: line text is authoritative; rebuild prefix from line
        tags = item[3]
        pre = lines[0][: len(lines[0]) - len(" ".join(tags))]
        return '<div class="tag-line">{}{}</div>'.format(
            esc(pre), " ".join(f'<a href="/tag/{tag_slug(t)}.html">{esc(t)}</a>' for t in tags)
        ), lines
    if kind == "share":
        pre, plats = item[2], item[3]
        return '<div class="share-bar">{}{}</div>'.format(
            esc(pre), " ".join(f'<a href="javascript:;" class="sh">{esc(p)}</a>' for p in plats)
        ), lines
    if kind == "prevnext":
        p, n, prev, nxt = item[2:]

        def one(lbl, x):
            return "<p>{}{}</p>".format(
                esc(lbl), ('<a href="{}">{}</a>'.format(x["url"], esc(x["title"]))) if x else "没有了"
            )

        return f'<div class="pre-next">{one(p, prev)}{one(n, nxt)}</div>', lines
    cls = {
        "opening": "lead",
        "transition": "trans",
        "closing": "end",
        "prompt": "ask",
        "disclaimer": "tips",
        "source": "src",
        "copyright": "statement",
        "editor": "editor",
        "ad": "ad-line",
    }[kind]
    return L.bp(cls, lines[0]), lines


TAG_SLUGS = {}


def tag_slug(t):
    if t not in TAG_SLUGS:
        TAG_SLUGS[t] = "t%03d" % (len(TAG_SLUGS) + 1)
    return TAG_SLUGS[t]


# ------------------------------------------------------------------ article rendering
def render_article(a, r, top, mid, trans, tail, arts_all):
    L = make_layout(a["layout"], r)
    parts = []  # html fragments
    seq = []  # ("main"/"bp", line)
    sections = []

    def add_bp(item):
        h, lines = render_bp(L, item)
        parts.append(h)
        seq.extend(("bp", x) for x in lines)

    for it in top:
        add_bp(it)
    n = len(a["blocks"])
    for bi, b in enumerate(a["blocks"]):
        if bi > 0 and trans[bi - 1]:
            add_bp(("transition", [trans[bi - 1]]))
        hh, hline = L.heading(bi, n, b["heading"])
        body, lines = [], []
        for u in b["units"]:
            if u["k"] == "p":
                h, ls = L.para(u["text"])
            else:
                h, ls = "", []
                if u.get("intro"):
                    h1, l1 = L.para(u["intro"])
                    h += h1 + "\n"
                    ls += l1
                h2, l2 = {
                    "ul": lambda u=u: L.ulist(u["items"]),
                    "steps": lambda u=u: L.steps(u["items"]),
                    "table": lambda u=u: L.table(u["header"], u["rows"]),
                }[u["k"]]()
                h += h2
                ls += l2
            body.append(h)
            lines.extend(ls)
        parts.append(L.wrap_block(hh, "\n".join(body)))
        seq.append(("main", hline))
        seq.extend(("main", x) for x in lines)
        sections.append({"heading": hline, "template_id": b["template_id"], "city": b["city"], "paragraphs": lines})
        if bi == 0:
            for it in mid:
                add_bp(it)
    for it in tail:
        add_bp(it)
    body_html = "\n".join(parts)
    return body_html, seq, sections


def page_head(title_full, charset, extra="", desc="", kw=""):
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
        f'<meta http-equiv="X-UA-Compatible" content="IE=edge">\n<title>{esc(title_full)}</title>\n'
        f'<meta name="keywords" content="{attr(kw)}">\n<meta name="description" content="{attr(desc)}">\n{extra}'
        '<link rel="stylesheet" href="/static/css/main.css">\n</head>\n'
    )


def article_page(a, r, body_html, arts_all, max_year):
    dt = a["dt"]
    title = a["title"]
    suffix = r.choice(
        [
            f"_{D.SITE_NAME}",
            f" - {D.SITE_NAME}",
            "_{}{}站_{}".format(a["city"], "", D.SITE_NAME) if a["on_sub"] else f"_{D.SITE_NAME}",
        ]
    )
    first = next((u for u in a["blocks"][0]["units"] if u["k"] == "p"), None)
    desc = first["text"][:60] if first else title
    kw = ",".join(a["tags"] + [a["city"]])
    cont = BODY_CONTAINERS[a["layout"]]
    cont_open = f'<div {cont[1]}="{cont[2]}">'
    src = r.choice(
        [
            D.SITE_NAME,
            a["ctx"]["zjj"],
            "{}{}站".format(D.SITE_NAME, a["city"]),
            "网络整理",
            "{}住房通".format(a["city"]),
        ]
    )
    side = sidebar_html(r, arts_all, dt)
    crumbs = '<div class="crumbs">当前位置：<a href="http://{}/">首页</a> &gt; <a href="http://{}/cat/{}/index.html">{}</a> &gt; 正文</div>'.format(
        a["host"], WWW, a["cat"], CAT_NAME[a["cat"]]
    )
    lay = a["layout"]
    cs = a["charset_label"]
    if lay == "portal":
        extra = '<meta property="article:published_time" content="{}+08:00">\n'.format(dt.strftime("%Y-%m-%dT%H:%M:%S"))
        main = (
            '<div class="article-main">\n<h1 class="art-title">%s</h1>\n'
            '<div class="info-bar"><span>发布时间：%s</span> <span>来源：%s</span> <span>浏览：%d</span></div>\n'
            "%s\n%s\n</div>\n</div>\n%s"
        ) % (
            esc(title),
            dt.strftime("%Y-%m-%d %H:%M:%S"),
            esc(src),
            r.randint(100, 90000),
            '<div id="artContent" class="art-content">',
            body_html,
            comments_html(r, dt),
        )
        bodytag = f'<div class="wrap">{crumbs}\n<div class="main-l">{main}</div>\n{side}</div>'
        page = page_head(
            title + suffix, cs, extra, desc, kw
        ) + '<body class="pg-article">\n{}\n{}\n{}\n</body>\n</html>\n'.format(
            nav_html(a["city"] if a["on_sub"] else None), bodytag, footer_html(max_year)
        )
        pub = dt.strftime("%Y-%m-%dT%H:%M:%S")
    elif lay == "logo":
        upd = ""
        if r.random() < 0.5:
            upd = f'<span class="upd">更新于{cn_date(dt + _dt.timedelta(days=r.randint(3, 200)))}</span>'
        main = (
            '<div class="doc">\n<div class="doc-head"><div class="doc-title">{}</div>'
            '<p class="doc-meta"><span>时间：{} {}</span> <span>作者：{}</span> {}</p></div>\n'
            "{}\n{}\n</div>\n</div>"
        ).format(esc(title), cn_date(dt), dt.strftime("%H:%M"), esc(src), upd, cont_open, body_html)
        head = f'<div class="hd"><h1 class="logo"><a href="http://{WWW}/">{D.SITE_NAME}</a></h1><p class="slogan">住房保障 物业服务 一站式问答</p></div>'
        page = page_head(
            title + suffix, cs, "", desc, kw
        ) + '<body>\n{}\n{}\n{}\n<div class="container">{}\n{}</div>\n{}\n</body>\n</html>\n'.format(
            head, nav_html(a["city"] if a["on_sub"] else None), crumbs, main, side, footer_html(max_year)
        )
        pub = dt.strftime("%Y-%m-%dT%H:%M")
    elif lay == "qa":
        main = (
            '<div class="question">\n<h1 class="q-title">%s</h1>\n<div class="q-meta"><span class="asker">提问者：%s网友</span> '
            '<time datetime="%s">%s</time> <span>%d人看过</span></div>\n</div>\n'
            '<div class="answers"><div class="ans-hd">最佳回答</div>\n%s\n%s\n</div>\n</div>\n%s'
        ) % (
            esc(title),
            a["city"],
            dt.strftime("%Y-%m-%d"),
            dt.strftime("%Y-%m-%d"),
            r.randint(50, 20000),
            cont_open,
            body_html,
            comments_html(r, dt),
        )
        page = page_head(
            title + suffix, cs, "", desc, kw
        ) + '<body class="qa-page">\n{}\n{}\n<div class="qa-main">{}</div>\n{}\n{}\n</body>\n</html>\n'.format(
            nav_html(a["city"] if a["on_sub"] else None), crumbs, main, side, footer_html(max_year)
        )
        pub = dt.strftime("%Y-%m-%d")
    elif lay == "wechat":
        main = (
            '<div class="rich_media">\n<h2 class="rich_media_title" id="activity-name">%s</h2>\n'
            '<div class="rich_media_meta_list"><span class="rich_media_meta meta_original">原创</span> '
            '<span class="rich_media_meta src-time">%s%s</span></div>\n'
            '<div class="rich_media_content" id="js_content">\n%s\n</div>\n'
            '<div class="rich_media_tool"><span>阅读 %s</span> <span>在看 %d</span></div>\n</div>'
        ) % (
            esc(title),
            esc(src),
            dt.strftime("%Y-%m-%d"),
            body_html,
            r.choice(["10万+", str(r.randint(200, 99999))]),
            r.randint(1, 300),
        )
        page = page_head(
            title + suffix, cs, "", desc, kw
        ) + '<body id="activity-detail">\n{}\n{}\n{}\n{}\n</body>\n</html>\n'.format(
            nav_html(a["city"] if a["on_sub"] else None), main, side, footer_html(max_year)
        )
        pub = dt.strftime("%Y-%m-%d")
    else:  # guide
        extra = '<meta name="publishdate" content="{}">\n'.format(dt.strftime("%Y-%m-%d %H:%M"))
        main = (
            '<div class="guide">\n<div class="g-top"><h1>%s</h1><div class="g-info"><span>%s</span> '
            '<span class="g-src">%s</span> <span class="g-rel">最近浏览：%d分钟前</span></div></div>\n'
            "%s\n%s\n</div>\n</div>"
        ) % (esc(title), dt.strftime("%Y.%m.%d %H:%M"), esc(src), r.randint(1, 59), cont_open, body_html)
        page = page_head(
            title + suffix, cs, extra, desc, kw
        ) + '<body>\n{}\n{}\n<div class="g-wrap">{}\n{}</div>\n{}\n</body>\n</html>\n'.format(
            nav_html(a["city"] if a["on_sub"] else None), crumbs, main, side, footer_html(max_year)
        )
        pub = dt.strftime("%Y-%m-%dT%H:%M")
    return page, pub


# ------------------------------------------------------------------ list pages
def list_page(title, items, max_year, pager="", intro=""):
    lis = "\n".join(
        '<li><a href="{}">{}</a> <span class="date">{}</span><p class="sum">{}</p></li>'.format(
            a["url"], esc(a["title"]), a["dt"].strftime("%Y-%m-%d"), esc(a["summary"])
        )
        for a in items
    )
    return page_head(f"{title}_{D.SITE_NAME}", "utf-8") + (
        f'<body class="list-page">\n{nav_html()}\n<div class="list-main"><h1 class="list-title">{esc(title)}</h1>{intro}\n<ul class="news-list">\n{lis}\n</ul>\n{pager}</div>\n{footer_html(max_year)}\n</body>\n</html>\n'
    )


def pager_html(base, page, total):
    if total <= 1:
        return ""
    links = []
    for i in range(1, total + 1):
        href = base + ("index.html" if i == 1 else "list_%d.html" % i)
        links.append('<span class="cur">%d</span>' % i if i == page else '<a href="%s">%d</a>' % (href, i))
    if page < total:
        links.append('<a href="%slist_%d.html">下一页</a>' % (base, page + 1))
    return '<div class="pages">{}</div>'.format(" ".join(links))


# ------------------------------------------------------------------ main entry
def _fold(x, on):
    if not on:
        return x
    if isinstance(x, str):
        return x.translate(FOLD)
    if isinstance(x, list):
        return [_fold(i, on) for i in x]
    if isinstance(x, dict):
        return {k: _fold(v, on) for k, v in x.items()}
    return x


def _cities(lines):
    text = "\n".join(lines)
    pos = []
    for c in CITY_NAMES:
        i = text.find(c)
        if i >= 0:
            pos.append((i, c))
    return [c for _, c in sorted(pos)]


def build_site(out_dir, articles=400, seed=71, punctuation="fullwidth"):
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError("punctuation must be fullwidth or ascii")
    asc = punctuation == "ascii"
    TAG_SLUGS.clear()
    for t in sorted({tg for tp in D.TEMPLATES for tg in tp["tags"]}) + CITY_NAMES:
        tag_slug(t)
    r = random.Random(seed)
    params = {c[0]: city_params(c) for c in D.CITIES}
    city_w = [r.randint(3, 10) for _ in D.CITIES]
    start = _dt.datetime(2023, 1, 3, 8, 0, 0)
    span = int((_dt.datetime(2024, 12, 28) - start).total_seconds())
    used_oneoff, n_oneoff = set(), 0
    arts = []
    aid = 100000
    for i in range(articles):
        city = r.choices(D.CITIES, city_w)[0]
        name, sub = city[0], city[1]
        on_sub = r.random() < 0.85
        host = host_of(sub) if on_sub else WWW
        ctx = dict(params[name])
        d1, d2 = r.sample(city[4], 2)
        dt = start + _dt.timedelta(seconds=r.randrange(span))
        ctx.update(dist=d1, dist2=d2, year=dt.year)
        prim = r.choice(D.TEMPLATES)
        nb = r.choices([1, 2, 3], [45, 35, 20])[0]
        tpls = [prim]
        while len(tpls) < nb:
            same = [t for t in D.TEMPLATES if t["cat"] == prim["cat"] and t not in tpls]
            pool = same if same and r.random() < 0.6 else [t for t in D.TEMPLATES if t not in tpls]
            tpls.append(r.choice(pool))
        blocks = []
        title = None
        for bi, t in enumerate(tpls):
            if r.random() < (0.02 if bi == 0 else 0.1):
                n_oneoff += 1
                b, otitle = build_oneoff(ctx, r, n_oneoff, used_oneoff)
                if bi == 0:
                    title = otitle
            else:
                b = build_block(t, ctx, r)
            blocks.append(b)
        if title is None:
            title = r.choice(prim["titles"]).format_map(ctx)
            suf = r.choice(D.TITLE_SUFFIXES).format_map(ctx)
            if not (title.endswith("？") and suf.startswith("，")):
                title += suf
        aid += r.randint(1, 9)
        layout = r.choices([ln for ln, _ in LAYOUT_WEIGHTS], [w for _, w in LAYOUT_WEIGHTS])[0]
        if on_sub:
            path = "/%s/%s/%d.html" % (prim["cat"], dt.strftime("%Y%m%d"), aid)
        else:
            path = ("/article/%d.html" if layout != "wechat" else "/wx/%d.html") % aid
        gbk = r.random() < 0.03
        cs_label = r.choice(["gbk", "gb2312", "utf-8"]) if gbk else r.choice(["utf-8", "UTF-8"])
        summary = next((u["text"] for u in blocks[0]["units"] if u["k"] == "p"), blocks[0]["heading"])[:48] + "…"
        arts.append(
            dict(
                idx=i,
                city=name,
                on_sub=on_sub,
                host=host,
                path=path,
                url=f"http://{host}{path}",
                ctx=ctx,
                dt=dt,
                cat=prim["cat"],
                tags=list(prim["tags"]),
                blocks=blocks,
                title=title,
                layout=layout,
                encoding="gbk" if gbk else "utf-8",
                charset_label=cs_label,
                summary=summary,
            )
        )
    arts_by_cat = {}
    for a in arts:
        arts_by_cat.setdefault(a["cat"], []).append(a)
    host_arts = {}
    for a in sorted(arts, key=lambda x: (x["dt"], x["idx"])):
        host_arts.setdefault(a["host"], []).append(a)
    max_year = max(a["dt"].year for a in arts) if arts else 2024

    files = {}  # relpath -> (text, encoding)
    gold = []
    for a in arts:
        top, mid, trans, tail = bp_items(a, r, arts_by_cat, arts, host_arts)
        body_html, seq, sections = render_article(a, r, top, mid, trans, tail, arts)
        page, pub = article_page(a, r, body_html, arts, max_year)
        main_text = [ln for k, ln in seq if k == "main"]
        bp = [ln for k, ln in seq if k == "bp"]
        clash = set(main_text) & set(bp)
        assert not clash, clash
        rel = "{}{}".format(a["host"], a["path"])
        files[rel] = (page, a["encoding"])
        gold.append(
            dict(
                host=a["host"],
                path=rel,
                url=a["url"],
                page_type="article",
                layout=a["layout"],
                encoding=a["encoding"],
                title=a["title"],
                published_at=pub,
                main_text=main_text,
                boilerplate=bp,
                sections=sections,
                cities=_cities(main_text),
            )
        )

    # list pages
    def add_list(host, path, title, items, layout, pager="", intro=""):
        rel = host + path
        files[rel] = (list_page(title, items, max_year, pager, intro), "utf-8")
        gold.append(
            dict(
                host=host,
                path=rel,
                url=f"http://{host}{path}",
                page_type="list",
                layout=layout,
                encoding="utf-8",
                title=title,
                published_at=None,
                main_text=[],
                boilerplate=[],
                sections=[],
                cities=[],
            )
        )

    newest = sorted(arts, key=lambda x: (x["dt"], x["idx"]), reverse=True)
    add_list(WWW, "/index.html", f"{D.SITE_NAME} - 住房保障与物业服务问答", newest[:40], "list-home")
    per = 20
    for slug, cname in D.CATEGORIES:
        items = [a for a in newest if a["cat"] == slug]
        total = max(1, (len(items) + per - 1) // per)
        for pg in range(1, total + 1):
            path = "/cat/{}/{}".format(slug, "index.html" if pg == 1 else "list_%d.html" % pg)
            add_list(
                WWW,
                path,
                cname if pg == 1 else "%s（第%d页）" % (cname, pg),
                items[(pg - 1) * per : pg * per],
                "list-category",
                pager_html(f"/cat/{slug}/", pg, total),
            )
    for t in sorted({tg for tp in D.TEMPLATES for tg in tp["tags"]}):
        items = [a for a in newest if t in a["tags"]][:30]
        add_list(WWW, f"/tag/{tag_slug(t)}.html", f"标签：{t}", items, "list-tag")
    for c in D.CITIES:
        h = host_of(c[1])
        items = [a for a in newest if a["city"] == c[0]]
        total = max(1, (len(items) + per - 1) // per)
        for pg in range(1, total + 1):
            path = "/index.html" if pg == 1 else "/list_%d.html" % pg
            add_list(
                h,
                path,
                f"{c[0]}住房问答" if pg == 1 else "%s住房问答（第%d页）" % (c[0], pg),
                items[(pg - 1) * per : pg * per],
                "list-city",
                pager_html("/", pg, total),
                f'<p class="city-intro">{c[0]}站汇集{c[0]}公租房、保租房、物业、维修资金等办事问答。</p>',
            )

    # write
    os.makedirs(out_dir, exist_ok=True)
    by_host = {}
    for rel, (text, enc) in files.items():
        host, _, p = rel.partition("/")
        by_host.setdefault(host, []).append("/" + p)
        full = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        text = _fold(text, asc)
        with open(full, "wb") as fh:
            fh.write(text.encode(enc, errors="xmlcharrefreplace") if enc == "gbk" else text.encode("utf-8"))
    lastmod = {g["url"]: None for g in gold}
    for a in arts:
        lastmod[a["url"]] = a["dt"].strftime("%Y-%m-%d")
    for host in sorted(by_host):
        paths = sorted(by_host[host])
        with open(os.path.join(out_dir, host, "robots.txt"), "w", encoding="utf-8") as fh:
            fh.write(
                f"User-agent: *\nDisallow: /search/\nDisallow: /member/\nAllow: /\n\nSitemap: http://{host}/sitemap.xml\n"
            )
        sm = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for p in paths:
            u = f"http://{host}{p}"
            lm = lastmod.get(u)
            sm.append("  <url><loc>{}</loc>{}</url>".format(u, (f"<lastmod>{lm}</lastmod>") if lm else ""))
        sm.append("</urlset>")
        with open(os.path.join(out_dir, host, "sitemap.xml"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(sm) + "\n")
    gold = _fold(gold, asc)
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as fh:
        for g in gold:
            fh.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=71)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    a = ap.parse_args(argv)
    gold = build_site(a.out_dir, a.articles, a.seed, a.punctuation)
    print("wrote %d pages (%d articles) to %s" % (len(gold), sum(g["page_type"] == "article" for g in gold), a.out_dir))


if __name__ == "__main__":
    main()
