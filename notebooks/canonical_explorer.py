# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Canonical guidance explorer
#
# Which templates does the site repeat, and what does each city's copy say beyond the template?
# Reads the database in `WINNOW_DB` (default `sqlite:///winnow.db`, the database `winnow demo`
# builds). Set `CLUSTER_ID` below to look at another cluster (ids as in `canonical.csv`).

# %%
import difflib
import html
import os

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display
from matplotlib.ticker import MaxNLocator

from storage import queries as q
from winnow.plots import show, use_cjk_font

print("CJK font:", use_cjk_font())
pd.set_option("display.max_colwidth", 60)
db = q.engine()  # env WINNOW_DB, else the demo's sqlite:///winnow.db, as for the CLI


# %% [markdown]
# ## Clusters by size
# One row per canonical entry (template). `member_count`: sections that follow it; `city_count`:
# distinct places named in them.

# %%
clusters = q.clusters(db)
print(f"{len(clusters)} clusters, {int((clusters.member_count >= 2).sum())} with 2+ members")
clusters[["cluster_id", "title", "member_count", "city_count", "first_seen", "last_seen"]].head(15)

# %%
top = clusters.head(12).iloc[::-1]
fig, ax = plt.subplots(figsize=(9, 0.45 * len(top) + 1))
ax.barh(top["title"].str.slice(0, 28), top["member_count"], color="#4c72b0")
ax.set_xlabel("成员数 (sections)")
ax.set_title("最大的模板 (clusters by size)")
show(fig, "clusters_by_size")

# %% [markdown]
# ## One cluster: canonical text and template

# %%
CLUSTER_ID = os.environ.get("CLUSTER_ID") or (clusters.cluster_id.iloc[0] if len(clusters) else None)
assert CLUSTER_ID is not None, "the database has no clusters yet: run `winnow demo` or a crawl first"
entry = q.canonical_entry(db, CLUSTER_ID)
print(entry["title"], f"— {entry['member_count']} members, {len(entry['cities'])} cities")
print("\n--- canonical text ---\n" + entry["canonical_text"])
print("\n--- template ({city} = place name) ---\n" + entry["template_text"])

# %% [markdown]
# ## Cities covered
# Place names as pages write them (`芜湖`, `安徽芜湖`, `和平区`) resolved to one city-level name each
# (prefecture, municipality or province-governed city, with its province and adcode); a member
# whose page names only a province is not counted as a city.

# %%
city_map = q.city_map(db, CLUSTER_ID)
covered = city_map[city_map["covered"]].sort_values(["members", "adcode"], ascending=[False, True])
shown = covered.head(25)
fig, ax = plt.subplots(figsize=(10, 4))
ax.bar(shown["city"], shown["members"], color="#55a868")
ax.set_ylabel("成员数")
ax.yaxis.set_major_locator(MaxNLocator(integer=True))
ax.set_title(f"覆盖的城市 (top {len(shown)} of {len(covered)}): {entry['title'][:30]}")
ax.tick_params(axis="x", labelrotation=60)
show(fig, "cities_covered")

# %% [markdown]
# ## Coverage map
# Every city-level place of China at its coordinates from the gazetteer (cpca's adcode table;
# offline, no tile server): grey points are cities the template does not cover, coloured points
# the ones it does (size = members). Province names sit at their capitals.

# %%
provinces = q.province_points()
others = city_map[~city_map["covered"]]
fig, ax = plt.subplots(figsize=(10, 7.5))
ax.scatter(others["lon"], others["lat"], s=10, color="#c8c8c8", label=f"未覆盖 not covered ({len(others)})")
size = 25 + 150 * (covered["members"] / max(covered["members"].max(), 1)) ** 0.5  # area ~ members, capped
points = ax.scatter(
    covered["lon"],
    covered["lat"],
    s=size,
    c=covered["members"],
    cmap="viridis_r",
    edgecolor="black",
    linewidth=0.5,
    zorder=3,
    label=f"已覆盖 covered ({len(covered)})",
)
fig.colorbar(points, ax=ax, shrink=0.6, label="成员数 (members)", ticks=MaxNLocator(integer=True))
for p in provinces.itertuples():
    ax.annotate(
        p.short,
        (p.lon, p.lat),
        xytext=(0, 6),
        textcoords="offset points",
        fontsize=8,
        color="#555555",
        ha="center",
        va="bottom",
        zorder=5,
    )
for c in covered.head(15).itertuples():  # the 15 with most members: more labels would overlap
    ax.annotate(c.city, (c.lon, c.lat), fontsize=7, xytext=(4, -8), textcoords="offset points", zorder=4)
ax.set_aspect(1 / 0.8)  # ~1/cos(35°): a degree of longitude is shorter than one of latitude here
ax.set_xlim(73, 136)
ax.set_ylim(17, 54)
ax.set_xlabel("经度 longitude")
ax.set_ylabel("纬度 latitude")
ax.legend(loc="lower left")
ax.set_title(f"覆盖地图 (coverage map): {entry['title'][:24]} — {len(covered)} of {len(city_map)} cities")
show(fig, "coverage_map")

# %% [markdown]
# ## Missing cities in the provinces it covers
# Where the template is present in a province but not in all of its cities: the cities the
# site has not (yet) published it for.

# %%
missing = q.missing_cities(db, CLUSTER_ID)
print(f"{len(missing)} cities missing in {missing.province.nunique()} provinces the template covers")
missing.groupby(["province", "covered_in_province", "cities_in_province"])["city"].agg("、".join).reset_index()

# %% [markdown]
# ## Members that deviate most from the template
# `similarity`: share of lines the member's `{city}`-normalised text has in common with the
# template, in any order (1.0 = a pure city swap, perhaps reordered); `extra_lines` /
# `missing_lines`: lines added / dropped. A low similarity in a big cluster can mean an edited
# rewrite of the template — or two templates merged by the clustering: read the diff below.

# %%
members = q.cluster_members(db, CLUSTER_ID)
members[["url", "cities", "similarity", "extra_lines", "missing_lines", "variation_lines"]].head(10)

# %%
fig, ax = plt.subplots(figsize=(8, 3))
ax.hist(members["similarity"], bins=20, range=(0, 1), color="#c44e52")
ax.set_xlabel("与模板的相似度 (similarity to template)")
ax.set_ylabel("成员数")
ax.set_title("成员偏离程度分布")
show(fig, "member_similarity")

# %% [markdown]
# ## Per-city variations
# What members say beyond the template (a local hotline, a local app…), by city.

# %%
variations = q.variations(db, CLUSTER_ID)
print(f"{variations.section_id.nunique()} members add {len(variations)} lines beyond the template")
variations[["city", "line"]].drop_duplicates().head(20)

# %% [markdown]
# ## Side by side: one member vs the canonical text
# Left: canonical text; right: the member. Yellow: lines the member adds (its per-city
# variation); orange: changed lines; grey: template lines the member lacks. Place names are
# highlighted.

# %%
MEMBER = members.iloc[0]  # the most deviating member; pick any row of `members`


def mark_cities(text: str, cities: list[str]) -> str:
    out = html.escape(text)
    for city in sorted(set(cities), key=len, reverse=True):
        out = out.replace(html.escape(city), f"<mark style='background:#9fd3ff'>{html.escape(city)}</mark>")
    return out


def side_by_side(canonical: str, member: str, variation: str, cities: list[str]) -> str:
    left, right = canonical.split("\n"), member.split("\n")
    extra = set(filter(None, variation.split("\n")))
    colours = {"equal": "", "replace": "#ffd8a8", "delete": "#e9ecef", "insert": "#fff3a3"}
    rows = []
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            a = left[i1 + k] if i1 + k < i2 else ""
            b = right[j1 + k] if j1 + k < j2 else ""
            colour = "#fff3a3" if b in extra and op != "equal" else colours[op]
            style = f"background:{colour};" if colour else ""
            rows.append(
                f"<tr><td style='{style if a else ''}'>{mark_cities(a, cities)}</td>"
                f"<td style='{style if b else ''}'>{mark_cities(b, cities)}</td></tr>"
            )
    head = "<tr><th style='width:50%'>canonical</th><th>member</th></tr>"
    return (
        "<table style='font-size:13px;border-collapse:collapse;text-align:left' border='1'>"
        + head
        + "".join(rows)
        + "</table>"
    )


all_cities = entry["cities"] + list(MEMBER["cities"])
print(MEMBER["url"], "—", ", ".join(MEMBER["cities"]), f"— similarity {MEMBER['similarity']}")
diff_html = side_by_side(entry["canonical_text"], MEMBER["text"], MEMBER["variation"], all_cities)
if os.environ.get("WINNOW_FIGURES"):
    with open(os.path.join(os.environ["WINNOW_FIGURES"], "side_by_side.html"), "w", encoding="utf-8") as handle:
        handle.write("<meta charset='utf-8'>" + diff_html)
display(HTML(diff_html))
