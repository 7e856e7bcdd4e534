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
# # Boilerplate report
#
# What the cleaner strips from each host's pages (date lines, editor filler, disclaimers, related
# links, footers…), how much of each page that is, and which pages have least content left —
# the ones to check for over-stripping. Reads `WINNOW_DB` (default `sqlite:///winnow.db`).

# %%
import matplotlib.pyplot as plt
import pandas as pd

from storage import queries as q
from winnow.plots import show, use_cjk_font

print("CJK font:", use_cjk_font())
pd.set_option("display.max_colwidth", 60)
db = q.engine()  # env WINNOW_DB, else the demo's sqlite:///winnow.db, as for the CLI


# %% [markdown]
# ## Most frequently stripped lines per host
# `pages`: pages the line was stripped from; `page_share`: of the host's documents.

# %%
top = q.top_removed_lines(db, per_host=15)
top

# %%
if top.empty:
    print("nothing was stripped")
else:
    host = top["host"].iloc[0]
    shown = top[top["host"] == host].iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.4 * len(shown) + 1))
    ax.barh(shown["text"].str.slice(0, 30), shown["pages"], color="#dd8452")
    for y, (pages, reason) in enumerate(zip(shown["pages"], shown["reason"], strict=False)):
        ax.text(pages, y, f" {reason}", va="center", fontsize=8)
    ax.set_xlabel("页面数 (pages)")
    ax.set_title(f"最常删除的行: {host}")
    show(fig, "top_removed_lines")

# %% [markdown]
# ## By rule

# %%
by_reason = q.removal_by_reason(db)
# extraction leaves out page furniture (menus, related lists) before any rule runs; the
# in-body rules (clean) and site-wide learning then remove boilerplate inside the article
print(by_reason.groupby("stage")[["lines", "chars"]].sum().to_string())
by_reason

# %% [markdown]
# ## Share of text removed per page

# %%
share = q.removal_share(db)
print(share["removed_share"].describe().round(3).to_string())
fig, ax = plt.subplots(figsize=(8, 3))
ax.hist(share["removed_share"] * 100, bins=25, range=(0, 100), color="#64b5cd")
ax.set_xlabel("删除文本占比 % (share of page text removed)")
ax.set_ylabel("页面数")
ax.set_title("每页删除的样板文字比例")
show(fig, "removed_share")
share.head(10)

# %% [markdown]
# ## Pages with the least content left
# Short pages with a high removed share are where the cleaner may have taken too much.

# %%
least = q.least_content(db, n=15)
fig, ax = plt.subplots(figsize=(8, 4))
ax.scatter(share["kept_chars"], share["removed_share"] * 100, s=12, alpha=0.6, label="all pages")
ax.scatter(least["kept_chars"], least["removed_share"] * 100, s=24, color="#c44e52", label="least content")
ax.set_xlabel("保留的正文字数 (kept characters)")
ax.set_ylabel("删除占比 %")
ax.set_title("保留字数 vs 删除占比")
ax.legend()
show(fig, "least_content")
least[["url", "title", "kept_chars", "removed_chars", "removed_share"]]
