"""Deterministic generator of the blindfarm10 site (Rapid Home Pros, an English doorway-page farm).

    build_site(out_dir, articles=400, seed=10, punctuation="fullwidth") -> list of gold dicts
    python -m tests.blindfarm10.generate OUT_DIR [--articles N] [--seed S] [--punctuation fullwidth|ascii]

English pages carry no full-width punctuation, so both punctuation variants write the same site.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
from datetime import datetime, timedelta

from tests.blindfarm10 import data as D

WWW = "www." + D.DOMAIN
LOCAL = "local." + D.DOMAIN
PROS = "pros." + D.DOMAIN

BODY_CONTAINERS = {
    "wp": ("div", "class", "entry-content"),
    "builder": ("div", "class", "elementor-section-wrap"),
    "bootstrap": ("main", "id", "main-content"),
    "landing": ("div", "id", "service-areas"),
}
LAYOUTS = ["wp", "builder", "bootstrap"]
HOST = {"wp": WWW, "builder": LOCAL, "bootstrap": PROS}
SVC = {s[0]: s for s in D.SERVICES}
FOLD = str.maketrans("：，；？！（）", ":,;?!()")
INNER = re.compile(r"\{([^{}]*)\}")


def esc(s):
    return html.escape(s, quote=False)


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def spin(text, rng, vals):
    while True:
        m = INNER.search(text)
        if not m:
            break
        text = text[: m.start()] + rng.choice(m.group(1).split("|")) + text[m.end() :]
    text = re.sub(r"\[(\w+)\]", lambda m: vals[m.group(1)], text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([,.?!])", r"\1", text)


def town_facts(seed, town):
    name, st, ac, pop = town
    r = random.Random(f"{seed}|{name}|{st}")
    return {
        "town": name,
        "st": st,
        "state": D.STATES[st],
        "pop": f"{pop:,}",
        "phone": f"({ac}) 555-01{r.randrange(100):02d}",
        "factor": r.uniform(0.85, 1.35),
        "resp": str(r.randrange(30, 95, 5)),
        "jobs": f"{r.randrange(150, 2400):,}",
        "year": str(r.randrange(2008, 2017)),
    }


def values(tf, svc):
    v = dict(tf)
    base = SVC[svc][3]
    v["service"] = SVC[svc][1]
    v["svc"] = SVC[svc][1].lower()
    v["price"] = "${:,}".format(int(round(base * tf["factor"] / 5.0) * 5))
    v["price2"] = "${:,}".format(int(round(base * tf["factor"] * 4 / 10.0) * 10))
    v["brand"] = D.BRAND
    del v["factor"]
    return v


def spin_items(svc, rng, vals):
    items = []
    for it in D.TEMPLATES[svc]["body"]:
        k = it[0]
        if k == "p":
            items.append(("p", spin(it[1], rng, vals)))
        elif k == "h":
            items.append(("sub", spin(it[1], rng, vals)))
        elif k == "ul":
            lis = [spin(x, rng, vals) for x in it[1]]
            if rng.random() < 0.4:
                rng.shuffle(lis)
            items.append(("ul", lis))
        elif k == "faq":
            items.append(("faq", [(spin(q, rng, vals), spin(a, rng, vals)) for q, a in it[1]]))
        elif k == "facts":
            rows = [
                (rng.choice(["Service", "Service type"]), vals["service"]),
                (rng.choice(["Location", "Service area"]), "{}, {}".format(vals["town"], vals["st"])),
                (rng.choice(["Population", "Residents served"]), vals["pop"]),
                (rng.choice(["Average cost", "Typical price"]), vals["price"]),
                (rng.choice(["Response time", "Avg. arrival"]), vals["resp"] + " minutes"),
                (rng.choice(["Local phone", "Local number"]), vals["phone"]),
            ]
            items.append(("facts", rows))
    return items


def render(layout, head, items):
    out, lines = [], []

    def line(tag, text, attrs=""):
        out.append(f"<{tag}{attrs}>{esc(text)}</{tag}>")
        lines.append(text)

    if layout == "builder":
        out.append('<div class="elementor-widget-heading">')
        line("h2", head, ' class="elementor-heading-title"')
        out.append("</div>")
    else:
        line("h2", head)
    for k, pay in items:
        if k == "p":
            if layout == "builder":
                out.append(f'<div class="elementor-text-editor"><p>{esc(pay)}</p></div>')
                lines.append(pay)
            else:
                line("p", pay)
        elif k == "sub":
            line({"wp": "h3", "builder": "h3", "bootstrap": "h4"}[layout], pay)
        elif k == "ul":
            if layout == "wp":
                out.append("<ul>")
                for x in pay:
                    line("li", x)
                out.append("</ul>")
            elif layout == "builder":
                out.append('<ul class="elementor-icon-list-items">')
                for x in pay:
                    out.append(f'<li><span class="elementor-icon">✓ </span><span>{esc(x)}</span></li>')
                    lines.append("✓ " + x)
                out.append("</ul>")
            else:
                for x in pay:
                    line("p", "✔ " + x, ' class="check"')
        elif k == "faq":
            for q, a in pay:
                if layout == "wp":
                    line("h4", q)
                    line("p", a)
                elif layout == "builder":
                    out.append(f"<details><summary>{esc(q)}</summary><p>{esc(a)}</p></details>")
                    lines.extend([q, a])
                else:
                    out.append(f"<p><strong>Q: {esc(q)}</strong><br>A: {esc(a)}</p>")
                    lines.extend(["Q: " + q, "A: " + a])
        elif k == "facts":
            if layout == "wp":
                out.append('<table class="facts">')
                for lab, val in pay:
                    out.append(f"<tr><th>{esc(lab)}</th><td>{esc(val)}</td></tr>")
                    lines.append(lab + " " + val)
                out.append("</table>")
            elif layout == "builder":
                for lab, val in pay:
                    line("p", f"{lab}: {val}")
            else:
                out.append('<dl class="row">')
                for lab, val in pay:
                    line("dt", lab)
                    line("dd", val)
                out.append("</dl>")
    return "\n".join(out), lines


def bp_block(cls, lines, hrefs=None, tag="p"):
    hrefs = hrefs or {}
    inner = []
    for i, x in enumerate(lines):
        t = f'<a href="{hrefs[i]}">{esc(x)}</a>' if i in hrefs else esc(x)
        inner.append("<{0}>{1}</{0}>".format("h3" if (tag == "li" and i == 0) else ("li" if tag == "li" else tag), t))
    if tag == "li":
        return '<div class="{}">{}<ul>{}</ul></div>'.format(cls, inner[0], "".join(inner[1:]))
    return '<div class="{}">{}</div>'.format(cls, "".join(inner))


def find_towns(lines):
    text = "\n".join(lines)
    pos = {}
    for name in {t[0] for t in D.TOWNS}:
        m = re.search(rf"\b{re.escape(name)}\b", text)
        if m:
            pos[name] = m.start()
    return sorted(pos, key=pos.get)


def article_url(layout, svc, town):
    name, st = town[0], town[1]
    if layout == "wp":
        return f"/{SVC[svc][2]}-{slug(name)}-{st.lower()}/index.html"
    if layout == "builder":
        return f"/{SVC[svc][2]}/{slug(name)}-{st.lower()}.html"
    return f"/service-area/{st.lower()}/{slug(name)}/{SVC[svc][2]}.html"


def date_html(layout, dt):
    if layout == "wp":
        return (
            '<div class="entry-meta">Posted on <time class="entry-date">{}</time> by <span class="author">admin</span></div>'.format(
                f"{dt:%B} {dt.day}, {dt.year}"
            ),
            dt.strftime("%Y-%m-%d"),
        )
    if layout == "builder":
        return '<p class="hero-updated">Updated {}</p>'.format(dt.strftime("%m/%d/%Y")), dt.strftime("%Y-%m-%d")
    if layout == "bootstrap":
        return (
            '<div class="meta"><time datetime="{}">{}</time></div>'.format(
                dt.strftime("%Y-%m-%dT%H:%M"),
                f"{dt:%b} {dt.day}, {dt.year} {(dt.hour + 11) % 12 + 1}:{dt:%M %p}",
            ),
            dt.strftime("%Y-%m-%dT%H:%M"),
        )
    return '<p class="updated">Last updated {}</p>'.format(f"{dt:%B} {dt.day}, {dt.year}"), dt.strftime("%Y-%m-%d")


def page(layout, title, head_html, container, phone, host):
    tag, att, val = BODY_CONTAINERS[layout]
    nav = "".join(f'<li><a href="http://{WWW}/{s[2]}/index.html">{s[1]}</a></li>' for s in D.SERVICES)
    return (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} | {D.BRAND}</title>\n"
        f'<meta name="description" content="{esc(title)}. Call {phone} for a free quote.">\n'
        f'<link rel="stylesheet" href="/wp-content/themes/{layout}/style.css">\n'
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-RHP2024"></script>\n'
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>\n"
        f'<script type="application/ld+json">{{"@type":"HomeAndConstructionBusiness","name":"{D.BRAND}","telephone":"{phone}"}}</script>\n'
        f'</head>\n<body class="{layout}">\n<header class="site-header"><a class="logo" href="http://{WWW}/">{D.BRAND}</a>'
        f'<a class="header-phone" href="tel:{phone}">{phone}</a><nav><ul class="menu">{nav}</ul></nav></header>\n'
        f'<div class="breadcrumbs"><a href="http://{WWW}/">Home</a> » <span>{esc(title)}</span></div>\n'
        f'<div id="primary">\n{head_html}\n<{tag} {att}="{val}">\n{container}\n</{tag}>\n</div>\n'
        f'<aside id="secondary"><section class="widget"><h2 class="widget-title">Call Today</h2><p>{phone}</p></section>'
        f'<section class="widget"><h2 class="widget-title">Our Services</h2><ul>{nav}</ul></section></aside>\n'
        '<footer class="site-footer"><div class="copy">Powered by WordPress | Theme by ProLocal</div></footer>\n'
        '<script src="/wp-includes/js/jquery.min.js"></script>\n<script>jQuery(".header-phone").on("click",function(){gtag("event","call")});</script>\n'
        "</body>\n</html>\n"
    )


def build_site(out_dir, articles=400, seed=10, punctuation="fullwidth"):
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError(punctuation)
    rng = random.Random(seed)
    facts = {(t[0], t[1]): town_facts(seed, t) for t in D.TOWNS}
    combos = [(s[0], t) for s in D.SERVICES for t in D.TOWNS]
    rng.shuffle(combos)
    plans = []
    seen_paths = set()
    base = datetime(2021, 1, 1, 7, 0)
    for i in range(articles):
        svc, town = combos[i % len(combos)]
        layout = rng.choices(LAYOUTS, [40, 30, 30])[0]
        path = article_url(layout, svc, town)
        k = 0
        while HOST[layout] + path in seen_paths:
            k += 1
            layout = LAYOUTS[(LAYOUTS.index(layout) + 1) % 3]
            path = article_url(layout, svc, town)
            if k > 3:
                path = path.replace(".html", f"-{i}.html")
        seen_paths.add(HOST[layout] + path)
        dt = base + timedelta(minutes=rng.randrange(60 * 24 * 365 * 4))
        plans.append({"svc": svc, "town": town, "layout": layout, "host": HOST[layout], "path": path, "dt": dt})
    url_of = {}
    for p in plans:
        url_of.setdefault((p["svc"], p["town"][0], p["town"][1]), "http://" + p["host"] + p["path"])

    gold, files = [], {}
    for p in plans:
        svc, town, layout = p["svc"], p["town"], p["layout"]
        tf = facts[(town[0], town[1])]
        vals = values(tf, svc)
        title = spin(D.TEMPLATES[svc]["title"], rng, vals)
        parts, bp, main, sections = [], [], [], []

        def add(cls, lines, hrefs=None, tag="p", parts=parts, bp=bp):
            parts.append(bp_block(cls, lines, hrefs, tag))
            bp.extend(lines)

        def fill(s, vals=vals):
            return spin(s, rng, vals)

        if rng.random() < 0.35:
            add("intro-note", [fill(rng.choice(D.OPENERS))])
        if rng.random() < 0.7:
            add("cta-bar", [fill(rng.choice(D.CTA))])
        head = spin(D.TEMPLATES[svc]["heading"], rng, vals)
        h, lines = render(layout, head, spin_items(svc, rng, vals))
        parts.append(f'<section class="service-content">{h}</section>')
        main.extend(lines)
        sl = {"town": town[0], "state": town[1], "service": SVC[svc][1]}
        sections.append(
            {"heading": lines[0], "paragraphs": lines[1:], "template_id": svc, "city": town[0], "slots": sl}
        )
        if rng.random() < 0.4:
            add("coupon", [rng.choice(D.COUPONS)])
        if rng.random() < 0.22:
            other = rng.choice([s[0] for s in D.SERVICES if s[0] != svc])
            ov = values(tf, other)
            mh, mp = (spin(x, rng, ov) for x in D.MINI[other])
            h, lines = render(layout, mh, [("p", mp)])
            parts.append(f'<section class="also-need">{h}</section>')
            main.extend(lines)
            sections.append(
                {
                    "heading": lines[0],
                    "paragraphs": lines[1:],
                    "template_id": other + "-mini",
                    "city": town[0],
                    "slots": {"town": town[0], "state": town[1], "service": SVC[other][1]},
                }
            )
        if rng.random() < 0.4:
            add("quote-form", [fill(x) for x in rng.choice(D.QUOTE_FORM)], tag="div")
        if rng.random() < 0.5:
            revs = rng.sample(D.REVIEWS, rng.randrange(2, 4))
            lines = [rng.choice(D.REVIEW_HEAD)] + [f'"{t}" - {who}, {town[0]}' for t, who in revs]
            add("reviews", lines, tag="div")
        if rng.random() < 0.5:
            add("cta-bottom", [fill(rng.choice(D.CTA))])
        if rng.random() < 0.45:
            others = [s for s in D.SERVICES if s[0] != svc]
            lines = [fill(rng.choice(D.OTHER_SERVICES_HEAD))] + [f"{s[1]} near {town[0]}" for s in others]
            hrefs = {i + 1: url_of.get((s[0], town[0], town[1]), "#") for i, s in enumerate(others)}
            add("other-services", lines, hrefs, tag="li")
        near = [t for t in D.TOWNS if t[1] == town[1] and t[0] != town[0]]
        rest = [t for t in D.TOWNS if t[1] != town[1]]
        near = near[:6]
        near += rng.sample(rest, 12 - len(near))
        if layout == "wp":
            names = [f"{SVC[svc][1]} in {t[0]}, {t[1]}" for t in near]
        else:
            names = [f"{t[0]}, {t[1]}" for t in near]
        hrefs = {i + 1: url_of.get((svc, t[0], t[1]), "#") for i, t in enumerate(near)}
        add("areas-we-serve", [rng.choice(D.AREAS_HEAD)] + names, hrefs, tag="li")
        if rng.random() < 0.5:
            add("disclaimer", [fill(rng.choice(D.DISCLAIMERS))])
        if rng.random() < 0.3:
            add("author-box", [fill(rng.choice(D.AUTHOR))])
        if rng.random() < 0.3:
            add("share", [rng.choice(D.SHARE)])
        add("page-footer", list(D.FOOTER))
        add("trust-badges", [D.TRUST])
        assert not set(bp) & set(main), p["path"]
        dh, pub = date_html(layout, p["dt"])
        if layout == "builder":
            head_html = f'<section class="hero"><h1 class="hero-title">{esc(title)}</h1>{dh}</section>'
        else:
            head_html = f'<h1 class="entry-title">{esc(title)}</h1>\n{dh}'
        files[p["host"] + p["path"]] = page(layout, title, head_html, "\n".join(parts), tf["phone"], p["host"])
        gold.append(
            {
                "host": p["host"],
                "path": p["host"] + p["path"],
                "url": "http://" + p["host"] + p["path"],
                "page_type": "article",
                "layout": layout,
                "encoding": "utf-8",
                "title": title,
                "published_at": pub,
                "main_text": main,
                "boilerplate": bp,
                "sections": sections,
                "cities": find_towns(main),
                "slot_values": {"town": town[0], "state": town[1], "service": SVC[svc][1]},
            }
        )

    gold.extend(landing_pages(rng, plans, url_of, files))
    gold.extend(list_pages(plans, files))
    for h in (WWW, LOCAL, PROS):
        files[h + "/robots.txt"] = f"User-agent: *\nDisallow: /wp-admin/\nSitemap: http://{h}/sitemap.xml\n"
        urls = [g["url"] for g in gold if g["host"] == h]
        sm = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        files[h + "/sitemap.xml"] = sm + "".join(f"<url><loc>{u}</loc></url>\n" for u in urls) + "</urlset>\n"
    if punctuation == "ascii":
        gold = json.loads(json.dumps(gold, ensure_ascii=False).translate(FOLD))
    for rel, text in sorted(files.items()):
        if punctuation == "ascii":
            text = text.translate(FOLD)
        fp = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(fp), exist_ok=True)
        with open(fp, "w", encoding="utf-8") as fh:
            fh.write(text)
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as fh:
        for g in gold:
            fh.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def landing_pages(rng, plans, url_of, files):
    gold = []
    for sid, name, sslug, _ in D.SERVICES:
        towns = [t for t in D.TOWNS if (sid, t[0], t[1]) in url_of]
        if not towns:
            continue
        big = sorted(towns, key=lambda t: -t[3])[:3]
        while len(big) < 3:
            big.append(big[-1])
        vals = {
            "service": name,
            "brand": D.BRAND,
            "n": str(len(towns)),
            "t1": "{}, {}".format(*big[0][:2]),
            "t2": "{}, {}".format(*big[1][:2]),
            "t3": "{}, {}".format(*big[2][:2]),
        }
        head = spin(D.LANDING_HEAD, rng, vals)
        para = spin(D.LANDING[sid], rng, vals)
        parts = [f'<div class="intro"><h2>{esc(head)}</h2><p>{esc(para)}</p></div>']
        bp = []
        cta = f"Call 1-800-555-0199 to reach the nearest {name.lower()} pro"
        parts.append(f'<p class="cta">{esc(cta)}</p>')
        bp.append(cta)
        bystate = {}
        for t in towns:
            bystate.setdefault(t[1], []).append(t)
        for st in sorted(bystate):
            lines = [D.STATES[st]] + [f"{t[0]}, {t[1]}" for t in bystate[st]]
            hrefs = {i + 1: url_of[(sid, t[0], t[1])] for i, t in enumerate(bystate[st])}
            parts.append(bp_block("state-list", lines, hrefs, tag="li"))
            bp.extend(lines)
        parts.append(bp_block("page-footer", list(D.FOOTER)))
        parts.append(bp_block("trust-badges", [D.TRUST]))
        bp.extend(list(D.FOOTER) + [D.TRUST])
        dt = datetime(2024, 1, 1) + timedelta(days=rng.randrange(300))
        dh, pub = date_html("landing", dt)
        title = f"{name} Service Areas"
        path = f"/{sslug}/index.html"
        head_html = f'<h1 class="entry-title">{esc(title)}</h1>\n{dh}'
        files[WWW + path] = page("landing", title, head_html, "\n".join(parts), "1-800-555-0199", WWW)
        main = [head, para]
        gold.append(
            {
                "host": WWW,
                "path": WWW + path,
                "url": "http://" + WWW + path,
                "page_type": "landing",
                "layout": "landing",
                "encoding": "utf-8",
                "title": title,
                "published_at": pub,
                "main_text": main,
                "boilerplate": bp,
                "sections": [
                    {
                        "heading": head,
                        "paragraphs": [para],
                        "template_id": "landing-" + sid,
                        "city": None,
                        "slots": {"service": name},
                    }
                ],
                "cities": find_towns(main),
                "slot_values": {"service": name},
            }
        )
    return gold


def list_pages(plans, files):
    gold = []
    pages = {}
    for h in (WWW, LOCAL, PROS):
        pages[h + "/index.html"] = [p for p in plans if p["host"] == h][:60]
    pages[WWW + "/locations/index.html"] = plans[:80]
    for st in sorted({p["town"][1] for p in plans}):
        ps = [p for p in plans if p["town"][1] == st]
        if len(ps) >= 12:
            pages[WWW + f"/locations/{st.lower()}.html"] = ps
    for rel, ps in pages.items():
        host = rel.split("/", 1)[0]
        items = "".join(
            '<li><a href="http://{}{}">{} in {}, {}</a></li>'.format(
                p["host"], p["path"], SVC[p["svc"]][1], p["town"][0], p["town"][1]
            )
            for p in ps
        )
        files[rel] = (
            f'<!DOCTYPE html>\n<html lang="en-US"><head><meta charset="utf-8"><title>{D.BRAND} | Local Home Services Near You</title></head>\n'
            f'<body><header><a href="/">{D.BRAND}</a></header><h1>Find a Local Pro</h1><ul class="locations">{items}</ul>'
            f"<footer>{esc(D.FOOTER[0])}</footer></body></html>\n"
        )
        gold.append(
            {
                "host": host,
                "path": rel,
                "url": "http://" + rel,
                "page_type": "list",
                "layout": "list",
                "encoding": "utf-8",
                "title": D.BRAND,
                "published_at": "",
                "main_text": [],
                "boilerplate": [],
                "sections": [],
                "cities": [],
                "slot_values": {},
            }
        )
    return gold


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--punctuation", default="fullwidth", choices=["fullwidth", "ascii"])
    a = ap.parse_args()
    g = build_site(a.out, a.articles, a.seed, a.punctuation)
    print(len(g), "pages")


if __name__ == "__main__":
    main()
