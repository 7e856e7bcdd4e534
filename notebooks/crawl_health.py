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
# # Crawl health
#
# Runs over time, what each fetched (new / changed / errors), why pages failed and where, and
# how fast the crawler went. Reads `WINNOW_DB` (default `sqlite:///winnow.db`).

# %%
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from storage import queries as q
from winnow.plots import show, use_cjk_font

print("CJK font:", use_cjk_font())
pd.set_option("display.max_colwidth", 60)
db = q.engine()  # env WINNOW_DB, else the demo's sqlite:///winnow.db, as for the CLI


# %% [markdown]
# ## Runs
# `fetched`: HTTP responses; `new`/`changed`: pages stored for a URL seen for the first time / whose
# body changed (unchanged refetches store nothing); `errors`/`skipped`: pages that failed or were
# not articles; `pages_per_s`: responses per second of wall time.

# %%
runs = q.crawl_runs(db)
print(f"{len(runs)} runs; statuses: {runs.status.value_counts().to_dict()}")
runs.drop(columns=["counts"]).tail(20)

# %%
if runs.empty:
    print("no runs yet: run `winnow demo` or `winnow crawl` first")
else:
    labels = [f"#{r.run_id} {r.started_at:%m-%d %H:%M}" for r in runs.itertuples()]
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    x = range(len(runs))
    ax1.plot(x, runs["fetched"], marker="o", label="抓取 fetched")
    ax1.bar(x, runs["new"], width=0.6, alpha=0.6, label="新页面 new")
    ax1.bar(x, runs["changed"], bottom=runs["new"], width=0.6, alpha=0.6, label="已变化 changed")
    ax1.bar(
        x,
        runs["errors"],
        bottom=runs["new"] + runs["changed"],
        width=0.6,
        alpha=0.8,
        color="#c44e52",
        label="错误 errors",
    )
    ax1.set_ylabel("页面数")
    ax1.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax1.legend(loc="upper left", fontsize=8)
    ax1.set_title("每次运行的页面 (pages per run)")
    ax2.plot(x, runs["pages_per_s"], marker="s", color="#8172b2")
    ax2.set_ylabel("页/秒 (pages/s)")
    ax2.set_title("抓取速度 (crawl rate)")
    ax2.set_xticks(list(x), labels, rotation=45, ha="right", fontsize=8)
    show(fig, "runs_over_time")

# %% [markdown]
# ## Run health: did extraction get worse?
# Per run, over the pages it saw: `near_empty` (share of pages with < 100 characters of main
# text), `removed_share` (text stripped as boilerplate), `sections_per_page`, `joined_share` (new
# sections that joined an existing template) and `decode_warnings`. A run whose figures moved far
# from the same site's previous runs has a `drift` line (also printed by the command, and
# `--fail-on-drift` makes it exit 1): usually the site changed its layout.

# %%
health = q.run_health(db)
drifted = health[health["drift"] != ""]
print(f"{len(drifted)} of {len(health)} runs drifted")
for row in drifted.itertuples():
    print(f"run #{row.run_id} ({row.site}): {row.drift}")
health.drop(columns=["drift"]).tail(20)

# %%
if health["pages"].notna().any():
    shown = health[health["pages"].notna()]
    x = range(len(shown))
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    for key, label in (
        ("near_empty", "近乎空白 near-empty"),
        ("removed_share", "去除比例 removed"),
        ("joined_share", "加入模板 joined"),
        ("decode_warnings", "解码警告 decode warnings"),
    ):
        ax1.plot(x, shown[key], marker="o", label=label)
    ax1.set_ylim(-0.05, 1.05)
    ax1.set_ylabel("比例 (share)")
    ax1.legend(loc="upper left", fontsize=8)
    ax1.set_title("每次运行的质量 (quality per run); red lines: drift")
    ax2.plot(x, shown["sections_per_page"], marker="s", color="#8172b2")
    ax2.set_ylabel("段落/页 (sections per page)")
    for i, drift in enumerate(shown["drift"]):
        if drift:
            for ax in (ax1, ax2):
                ax.axvline(i, color="#c44e52", linewidth=2, alpha=0.6)
    ax2.set_xticks(
        list(x),
        [f"#{r} {k}" for r, k in zip(shown["run_id"], shown["kind"], strict=False)],
        rotation=45,
        ha="right",
        fontsize=8,
    )
    show(fig, "run_health")
else:
    print("no run has health figures yet: run `winnow demo` or a crawl")

# %% [markdown]
# ## Errors by kind and host

# %%
errors = q.errors(db)
by_kind = errors.groupby(["kind", "host"]).size().rename("pages").reset_index().sort_values("pages", ascending=False)
by_kind

# %%
if errors.empty:
    print("no failed pages")
else:
    table = errors.pivot_table(index="kind", columns="host", values="doc_id", aggfunc="count", fill_value=0)
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(table) + 1.5))
    table.plot.barh(stacked=True, ax=ax)
    ax.set_xlabel("页面数")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("失败页面: 原因 × 主机 (failed pages by kind and host)")
    show(fig, "errors_by_kind")

# %% [markdown]
# ## HTTP status codes per run (from the crawler's stats)

# %%
statuses = q.run_counts(db, "downloader/response_status_count/")
statuses.pivot_table(index="run_id", columns="key", values="value", aggfunc="sum", fill_value=0)

# %%
exceptions = q.run_counts(db, "downloader/exception_type_count/")
exceptions.pivot_table(index="key", columns="run_id", values="value", aggfunc="sum", fill_value=0)
