"""Read-only query helpers for analysts: every function returns a pandas ``DataFrame``.

The same code runs on SQLite and PostgreSQL: the SQL is portable SQLAlchemy Core, and the JSON
columns (``documents.removed``, ``crawl_runs.counts``) are decoded in Python rather than with
dialect-specific JSON functions. Timestamps come back as timezone-aware UTC pandas timestamps.

Typical use (notebooks read the URL from env ``WINNOW_DB`` like the CLI)::

    from storage import queries as q
    db = q.engine()                      # env WINNOW_DB, else sqlite:///winnow.db
    q.clusters(db, min_members=2).head()
    q.cluster_members(db, "t9923ae41f1ead2d")

Every helper takes ``bind``: an ``Engine`` or an open ``Connection``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Executable, func, select
from sqlalchemy.orm import Session

from pipeline.gazetteer import cities_by_name
from pipeline.normalise import canonical_cities
from storage.db import database_url, make_engine
from storage.export import MEMBER_COLUMNS, member_rows
from storage.export import deviation as deviation
from storage.export import text_lines as _lines
from storage.models import ClusterRow, CrawlRun, DocumentRow, RawPage, SectionRow

Bind = Engine | Connection

__all__ = [
    "Bind",
    "engine",
    "documents",
    "sections",
    "clusters",
    "canonical_entry",
    "cluster_members",
    "city_coverage",
    "variations",
    "crawl_runs",
    "run_counts",
    "errors",
    "removed_lines",
    "top_removed_lines",
    "removal_share",
    "least_content",
    "removal_by_reason",
    "split_list",
    "members",
    "city_map",
    "province_points",
    "missing_cities",
    "run_health",
]


def engine(url: str | None = None) -> Engine:
    """An engine for ``url``, else env ``WINNOW_DB``, else ``sqlite:///winnow.db`` (no migration)."""
    return make_engine(database_url(url))


# -- plumbing ---------------------------------------------------------------------------------


@contextmanager
def _connect(bind: Bind) -> Iterator[Connection]:
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn


def _frame(bind: Bind, stmt: Executable, columns: Sequence[str] | None = None) -> pd.DataFrame:
    with _connect(bind) as conn:
        result = conn.execute(stmt)
        names = list(columns or result.keys())
        return pd.DataFrame(result.all(), columns=names)


def _records(df: pd.DataFrame) -> Iterator[Any]:
    """A frame's rows as named tuples (typed ``Any``: the columns hold lists, dicts and text)."""
    return df.itertuples(index=False)


def _utc(series: pd.Series) -> pd.Series:
    """SQLite returns naive UTC datetimes, PostgreSQL aware ones: make both aware UTC."""
    return pd.to_datetime(series, utc=True, format="mixed")


def split_list(value: str | None) -> list[str]:
    """The ';'-separated lists stored in ``cities``/``urls`` columns, as a list."""
    return [v for v in (value or "").split(";") if v]


# -- documents and sections -------------------------------------------------------------------


def documents(
    bind: Bind, *, host: str | None = None, status: str | None = None, with_text: bool = False
) -> pd.DataFrame:
    """One row per document: doc_id, url, host, title, published_at, status, error,
    clean_chars, sections, first_seen, last_seen (+ clean_text when ``with_text``)."""
    n_sections = select(func.count(SectionRow.id)).where(SectionRow.document_id == DocumentRow.id).scalar_subquery()
    cols = [
        DocumentRow.id.label("doc_id"),
        DocumentRow.url,
        DocumentRow.host,
        DocumentRow.title,
        DocumentRow.published_at,
        DocumentRow.status,
        DocumentRow.error,
        func.length(DocumentRow.clean_text).label("clean_chars"),
        n_sections.label("sections"),
        DocumentRow.first_seen,
        DocumentRow.last_seen,
    ]
    if with_text:
        cols.append(DocumentRow.clean_text)
    stmt = select(*cols).order_by(DocumentRow.id)
    if host is not None:
        stmt = stmt.where(DocumentRow.host == host)
    if status is not None:
        stmt = stmt.where(DocumentRow.status == status)
    df = _frame(bind, stmt)
    df["clean_chars"] = df["clean_chars"].fillna(0).astype("int64")
    for col in ("first_seen", "last_seen"):
        df[col] = _utc(df[col])
    return df


def sections(bind: Bind, *, cluster_id: str | None = None, doc_id: int | None = None) -> pd.DataFrame:
    """One row per section: section_id, doc_id, url, host, section_no, heading, text,
    template_text, cities (list), cluster_id (the stable cluster key), variation."""
    stmt = (
        select(
            SectionRow.id.label("section_id"),
            SectionRow.document_id.label("doc_id"),
            DocumentRow.url,
            DocumentRow.host,
            SectionRow.section_no,
            SectionRow.heading,
            SectionRow.text,
            SectionRow.template_text,
            SectionRow.cities,
            ClusterRow.key.label("cluster_id"),
            SectionRow.variation,
        )
        .join(DocumentRow, SectionRow.document_id == DocumentRow.id)
        .outerjoin(ClusterRow, SectionRow.cluster_id == ClusterRow.id)
        .order_by(SectionRow.document_id, SectionRow.section_no)
    )
    if cluster_id is not None:
        stmt = stmt.where(ClusterRow.key == cluster_id)
    if doc_id is not None:
        stmt = stmt.where(SectionRow.document_id == doc_id)
    df = _frame(bind, stmt)
    df["cities"] = df["cities"].map(split_list)
    return df


# -- clusters / canonical entries -------------------------------------------------------------


def clusters(bind: Bind, *, min_members: int = 1) -> pd.DataFrame:
    """Canonical entries, largest first: cluster_id (stable key), title, member_count,
    city_count, cities (list), url_count, first_seen, last_seen, canonical_text, template_text."""
    stmt = (
        select(
            ClusterRow.key.label("cluster_id"),
            ClusterRow.title,
            ClusterRow.member_count,
            ClusterRow.cities,
            ClusterRow.urls,
            ClusterRow.first_seen,
            ClusterRow.last_seen,
            ClusterRow.canonical_text,
            ClusterRow.template_text,
        )
        .where(ClusterRow.member_count >= min_members)
        .order_by(ClusterRow.member_count.desc(), ClusterRow.key)
    )
    df = _frame(bind, stmt)
    df["cities"] = df["cities"].map(split_list)
    df["city_count"] = df["cities"].map(len).astype("int64")
    df["url_count"] = df["urls"].map(lambda v: len(split_list(v))).astype("int64")
    order = [
        "cluster_id",
        "title",
        "member_count",
        "city_count",
        "cities",
        "url_count",
        "first_seen",
        "last_seen",
        "canonical_text",
        "template_text",
    ]
    return df[order]


def canonical_entry(bind: Bind, cluster_id: str) -> pd.Series:
    """One canonical entry (a row of :func:`clusters` plus ``urls`` as a list). KeyError if unknown."""
    stmt = select(ClusterRow).where(ClusterRow.key == cluster_id)
    with _connect(bind) as conn:
        row = conn.execute(stmt).mappings().first()
    if row is None:
        raise KeyError(cluster_id)
    return pd.Series(
        {
            "cluster_id": row["key"],
            "title": row["title"],
            "member_count": row["member_count"],
            "cities": split_list(row["cities"]),
            "urls": split_list(row["urls"]),
            "first_seen": row["first_seen"],
            "last_seen": row["last_seen"],
            "canonical_text": row["canonical_text"],
            "template_text": row["template_text"],
        }
    )


def cluster_members(bind: Bind, cluster_id: str) -> pd.DataFrame:
    """Members of one cluster, the most deviating first.

    Columns: those of :func:`sections`, plus ``similarity`` (0..1, share of lines the member's
    ``{city}``-normalised text has in common with the cluster template, in any order),
    ``extra_lines`` (lines the member adds), ``missing_lines`` (template lines it lacks) and
    ``variation_lines``.
    """
    template = _lines(canonical_entry(bind, cluster_id)["template_text"])
    df = sections(bind, cluster_id=cluster_id)
    stats = [deviation(template, _lines(t)) for t in df["template_text"]]
    df["similarity"] = [s[0] for s in stats]
    df["extra_lines"] = pd.Series([s[1] for s in stats], dtype="int64")
    df["missing_lines"] = pd.Series([s[2] for s in stats], dtype="int64")
    df["variation_lines"] = df["variation"].map(lambda v: len(_lines(v))).astype("int64")
    return df.sort_values(["similarity", "section_id"], ascending=[True, True]).reset_index(drop=True)


def city_coverage(bind: Bind, cluster_id: str | None = None) -> pd.DataFrame:
    """How many member sections mention each city: city, province, adcode, members (most first).

    Cities are canonical prefecture-level names (``昆明`` and ``云南昆明`` count once; rows stored
    before names were canonical are resolved here too; a province alone is no city); province
    and the 6-digit adcode come from the gazetteer ('' for a name it does not know).
    For one cluster with ``cluster_id``, else over all clustered sections."""
    df = sections(bind, cluster_id=cluster_id)
    if cluster_id is None:
        df = df[df["cluster_id"].notna()]
    counts: Counter[str] = Counter(c for cities in df["cities"] for c in canonical_cities(cities))
    known = cities_by_name()
    rows = [
        (city, known[city].province if city in known else "", known[city].adcode if city in known else "", n)
        for city, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    out = pd.DataFrame(rows, columns=["city", "province", "adcode", "members"])
    out["members"] = out["members"].astype("int64")
    return out


def variations(bind: Bind, cluster_id: str | None = None) -> pd.DataFrame:
    """What members say beyond their template, one row per line: cluster_id, section_id, url,
    city (the member's first city, '' if none), cities (list), line."""
    df = sections(bind, cluster_id=cluster_id)
    rows = [
        (r.cluster_id, r.section_id, r.url, (r.cities or [""])[0], r.cities, line)
        for r in _records(df)
        for line in _lines(r.variation)
    ]
    return pd.DataFrame(rows, columns=["cluster_id", "section_id", "url", "city", "cities", "line"])


def members(bind: Bind, cluster_id: str | None = None) -> pd.DataFrame:
    """The ``members`` table as exported: one row per member of a cluster with 2+ members:
    cluster_id, doc_id, url, section_no, heading, city, province, adcode (canonical city-level
    names, see ``pipeline.places_lookup``), similarity (0..1), variation."""
    with _connect(bind) as conn, Session(bind=conn) as session:
        rows = list(member_rows(session, cluster_id))
    return pd.DataFrame(rows, columns=list(MEMBER_COLUMNS))


def city_map(bind: Bind, cluster_id: str | None = None) -> pd.DataFrame:
    """Every city-level place of China (prefectures, municipalities, province-governed county
    cities; cpca's 2021 table) with how many members of the cluster (of every multi-member
    cluster without ``cluster_id``) are for it: city, province, adcode, lon, lat (degrees),
    members, covered (members > 0). The rows a coverage map draws."""
    from pipeline.places_lookup import all_cities

    places = pd.DataFrame([p.__dict__ for p in all_cities()], columns=["city", "province", "adcode", "lon", "lat"])
    found = members(bind, cluster_id)
    counts = found[found["city"] != ""].groupby("adcode").size().rename("members")
    out = places.merge(counts, left_on="adcode", right_index=True, how="left")
    out["members"] = out["members"].fillna(0).astype("int64")
    out["covered"] = out["members"] > 0
    return out


def province_points() -> pd.DataFrame:
    """Every province-level unit at its capital's coordinates: province, short (湖南 for 湖南省),
    adcode, lon, lat (for labels on a map)."""
    from pipeline.gazetteer import short_name
    from pipeline.places_lookup import provinces

    rows = [(p.province, short_name(p.province), p.adcode, p.lon, p.lat) for p in provinces()]
    return pd.DataFrame(rows, columns=["province", "short", "adcode", "lon", "lat"])


def missing_cities(bind: Bind, cluster_id: str | None = None) -> pd.DataFrame:
    """Cities the cluster does not cover in the provinces where it covers at least one:
    province, city, adcode, covered_in_province (cities it covers there), cities_in_province."""
    cities = city_map(bind, cluster_id)
    per_province = cities.groupby("province")["covered"].agg(covered_in_province="sum", cities_in_province="size")
    covered = per_province[per_province["covered_in_province"] > 0].index
    missing = cities[cities["province"].isin(covered) & ~cities["covered"]]
    out = missing[["province", "city", "adcode"]].merge(per_province, left_on="province", right_index=True)
    out[["covered_in_province", "cities_in_province"]] = out[["covered_in_province", "cities_in_province"]].astype(
        "int64"
    )
    return out.sort_values(["province", "adcode"]).reset_index(drop=True)


# -- crawl runs -------------------------------------------------------------------------------

_RUN_COUNT_KEYS = {
    "fetched": ("downloader/response_count",),
    "stored": ("item_scraped_count", "stored"),
    "ok": ("winnow/documents_ok", "documents_ok"),
    "errors": ("winnow/documents_error", "documents_error"),
    "skipped": ("winnow/documents_skipped", "documents_skipped"),
}


def crawl_runs(bind: Bind, *, kind: str | None = None, site: str | None = None) -> pd.DataFrame:
    """One row per run, oldest first: run_id, kind, site, status, started_at, finished_at,
    duration_s, fetched, stored, ok, errors, skipped, new, changed, pages_per_s, message, counts.

    ``new``/``changed``: raw pages the run stored for a URL seen for the first time / for a URL
    whose body changed (an unchanged refetch stores nothing). ``counts`` is the raw JSON dict.
    """
    stmt = select(
        CrawlRun.id.label("run_id"),
        CrawlRun.kind,
        CrawlRun.site,
        CrawlRun.status,
        CrawlRun.started_at,
        CrawlRun.finished_at,
        CrawlRun.message,
        CrawlRun.counts,
    ).order_by(CrawlRun.id)
    if kind is not None:
        stmt = stmt.where(CrawlRun.kind == kind)
    if site is not None:
        stmt = stmt.where(CrawlRun.site == site)
    df = _frame(bind, stmt)
    df["counts"] = df["counts"].map(lambda c: c if isinstance(c, dict) else {})
    df["started_at"], df["finished_at"] = _utc(df["started_at"]), _utc(df["finished_at"])
    df["duration_s"] = (df["finished_at"] - df["started_at"]).dt.total_seconds()
    for name, keys in _RUN_COUNT_KEYS.items():
        df[name] = df["counts"].map(lambda c, keys=keys: _first(c, keys)).astype("int64")
    # `winnow crawl` keeps only "a/b" stats: stored = every document the run processed.
    processed = df["ok"] + df["errors"] + df["skipped"]
    df["stored"] = df["stored"].where(df["stored"] > 0, processed)
    fresh = _new_and_changed(bind)
    df = df.merge(fresh, on="run_id", how="left")
    df[["new", "changed"]] = df[["new", "changed"]].fillna(0).astype("int64")
    seconds = df["duration_s"].where(df["duration_s"] > 0)
    df["pages_per_s"] = (df["fetched"] / seconds).round(2)
    order = [
        "run_id",
        "kind",
        "site",
        "status",
        "started_at",
        "finished_at",
        "duration_s",
        "fetched",
        "stored",
        "ok",
        "errors",
        "skipped",
        "new",
        "changed",
        "pages_per_s",
        "message",
        "counts",
    ]
    return df[order]


HEALTH_FIGURES = ("pages", "near_empty", "removed_share", "sections_per_page", "joined_share", "decode_warnings")


def run_health(bind: Bind, *, site: str | None = None) -> pd.DataFrame:
    """Each run's quality figures (see ``winnow.health``), oldest first: run_id, kind, site,
    status, started_at, pages, near_empty, removed_share, sections_per_page, joined_share,
    decode_warnings (shares 0..1; NaN when not recorded or not applicable), drift (the one-line
    report, "" when the figures stayed near the site's previous runs)."""
    stmt = select(
        CrawlRun.id.label("run_id"),
        CrawlRun.kind,
        CrawlRun.site,
        CrawlRun.status,
        CrawlRun.started_at,
        CrawlRun.health,
        CrawlRun.drift,
    ).order_by(CrawlRun.id)
    if site is not None:
        stmt = stmt.where(CrawlRun.site == site)
    df = _frame(bind, stmt)
    df["started_at"] = _utc(df["started_at"])
    health = df.pop("health").map(lambda h: h if isinstance(h, dict) else {})
    for key in HEALTH_FIGURES:
        df[key] = pd.to_numeric(health.map(lambda h, key=key: h.get(key)), errors="coerce").astype("float64")
    df["drift"] = df.pop("drift").fillna("")
    return df


def _first(counts: dict[str, Any], keys: Sequence[str]) -> int:
    for key in keys:
        value = counts.get(key)
        if isinstance(value, (int, float)):
            return int(value)
    return 0


def _new_and_changed(bind: Bind) -> pd.DataFrame:
    first = select(RawPage.url, func.min(RawPage.id).label("first_id")).group_by(RawPage.url).subquery()
    stmt = (
        select(RawPage.run_id, (RawPage.id == first.c.first_id).label("is_new"), func.count().label("n"))
        .join(first, first.c.url == RawPage.url)
        .where(RawPage.run_id.is_not(None))
        .group_by(RawPage.run_id, (RawPage.id == first.c.first_id))
    )
    df = _frame(bind, stmt)
    if df.empty:
        return pd.DataFrame({"run_id": pd.Series(dtype="int64"), "new": [], "changed": []})
    df["is_new"] = df["is_new"].astype(bool)
    wide = df.pivot_table(index="run_id", columns="is_new", values="n", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=[True, False], fill_value=0)
    return pd.DataFrame(
        {"run_id": wide.index.astype("int64"), "new": wide[True].to_numpy(), "changed": wide[False].to_numpy()}
    )


def run_counts(bind: Bind, prefix: str = "") -> pd.DataFrame:
    """``crawl_runs.counts`` in long form: run_id, started_at, key, value (keys starting with
    ``prefix``, which is stripped), e.g. ``prefix="downloader/response_status_count/"``."""
    runs = crawl_runs(bind)
    rows = [
        (r.run_id, r.started_at, key[len(prefix) :], value)
        for r in _records(runs)
        for key, value in sorted(r.counts.items())
        if key.startswith(prefix) and isinstance(value, (int, float))
    ]
    return pd.DataFrame(rows, columns=["run_id", "started_at", "key", "value"])


_NUMBERS = re.compile(r"\d{3,}|0x[0-9a-f]+", re.I)


def error_kind(error: str) -> str:
    """A short, groupable kind for an error message: 'http 404', 'non-html', 'TimeoutError'..."""
    error = (error or "").strip()
    if error.startswith("http "):
        return " ".join(error.split()[:2])
    head = re.split(r"[:(]", error, maxsplit=1)[0].strip()
    return _NUMBERS.sub("N", head)[:60] or "unknown"


def errors(bind: Bind, *, include_skipped: bool = True) -> pd.DataFrame:
    """Documents that failed (and, by default, were skipped), one row each: doc_id, url, host,
    status, kind (see :func:`error_kind`), error, run_id (the run that fetched the page), last_seen."""
    statuses = ["error", "skipped"] if include_skipped else ["error"]
    stmt = (
        select(
            DocumentRow.id.label("doc_id"),
            DocumentRow.url,
            DocumentRow.host,
            DocumentRow.status,
            DocumentRow.error,
            RawPage.run_id,
            DocumentRow.last_seen,
        )
        .outerjoin(RawPage, RawPage.id == DocumentRow.raw_page_id)
        .where(DocumentRow.status.in_(statuses))
        .order_by(DocumentRow.id)
    )
    df = _frame(bind, stmt)
    df["kind"] = df["error"].map(error_kind)
    df["run_id"] = df["run_id"].astype("Int64")
    df["last_seen"] = _utc(df["last_seen"])
    return df[["doc_id", "url", "host", "status", "kind", "error", "run_id", "last_seen"]]


# -- boilerplate ------------------------------------------------------------------------------


def removed_lines(bind: Bind, *, host: str | None = None) -> pd.DataFrame:
    """Every line removed from a page, long form: doc_id, url, host, text, reason, stage, chars.

    stage: ``extract`` (left out by main-content extraction: menus, related lists, link-dense
    lines; reasons ``extract:…``), ``sitewide`` (learned from many pages of the site) or
    ``clean`` (the boilerplate catalogue and byline rules inside the article body)."""
    stmt = select(DocumentRow.id, DocumentRow.url, DocumentRow.host, DocumentRow.removed).order_by(DocumentRow.id)
    if host is not None:
        stmt = stmt.where(DocumentRow.host == host)
    rows = []
    with _connect(bind) as conn:
        for doc_id, url, doc_host, removed in conn.execute(stmt.execution_options(yield_per=1000)):
            for entry in removed or []:
                if isinstance(entry, dict):
                    text = str(entry.get("text", ""))
                    reason = str(entry.get("reason", ""))
                    rows.append((doc_id, url, doc_host, text, reason, _stage(reason), len(text)))
    df = pd.DataFrame(rows, columns=["doc_id", "url", "host", "text", "reason", "stage", "chars"])
    return df.astype({"doc_id": "int64", "chars": "int64"})


def _stage(reason: str) -> str:
    if reason.startswith("extract:"):
        return "extract"
    return "sitewide" if reason == "sitewide" else "clean"


def top_removed_lines(bind: Bind, *, per_host: int = 10, min_pages: int = 2) -> pd.DataFrame:
    """The most frequently stripped lines of each host: host, text, reason, pages (distinct
    pages it was stripped from, at least ``min_pages``: one-off date lines are left out),
    page_share (of the host's documents), rank."""
    lines = removed_lines(bind)
    columns = ["host", "text", "reason", "pages", "page_share", "rank"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    grouped = (
        lines.groupby(["host", "text"], sort=False)
        .agg(reason=("reason", lambda r: r.mode().iat[0]), pages=("doc_id", "nunique"))
        .reset_index()
    )
    docs = documents(bind)
    per_host_docs = docs.groupby("host")["doc_id"].count()
    grouped["page_share"] = (grouped["pages"] / grouped["host"].map(per_host_docs)).round(4)
    grouped = grouped[grouped["pages"] >= min_pages]
    grouped = grouped.sort_values(["host", "pages", "text"], ascending=[True, False, True])
    grouped["rank"] = grouped.groupby("host").cumcount() + 1
    return grouped[grouped["rank"] <= per_host][columns].reset_index(drop=True)


def removal_share(bind: Bind, *, status: str | None = "ok") -> pd.DataFrame:
    """Per page: doc_id, url, host, title, kept_chars, removed_chars, removed_lines,
    removed_share (removed / (kept + removed), 0..1), most removed first."""
    docs = documents(bind, status=status)
    lines = removed_lines(bind)
    per_doc = lines.groupby("doc_id").agg(removed_chars=("chars", "sum"), removed_lines=("text", "size"))
    df = docs[["doc_id", "url", "host", "title", "clean_chars"]].rename(columns={"clean_chars": "kept_chars"})
    df = df.merge(per_doc, left_on="doc_id", right_index=True, how="left")
    df[["removed_chars", "removed_lines"]] = df[["removed_chars", "removed_lines"]].fillna(0).astype("int64")
    total = (df["kept_chars"] + df["removed_chars"]).where(lambda t: t > 0)
    df["removed_share"] = (df["removed_chars"] / total).fillna(0.0).round(4)
    return df.sort_values(["removed_share", "doc_id"], ascending=[False, True]).reset_index(drop=True)


def least_content(bind: Bind, n: int = 20) -> pd.DataFrame:
    """The ``n`` ok pages with the least main text left after boilerplate removal."""
    df = removal_share(bind)
    return df.sort_values(["kept_chars", "doc_id"]).head(n).reset_index(drop=True)


def removal_by_reason(bind: Bind) -> pd.DataFrame:
    """Removed lines per host and rule: host, stage, reason, lines, chars, pages."""
    lines = removed_lines(bind)
    out = (
        lines.groupby(["host", "stage", "reason"])
        .agg(lines=("text", "size"), chars=("chars", "sum"), pages=("doc_id", "nunique"))
        .reset_index()
        .sort_values(["host", "lines"], ascending=[True, False])
    )
    return out.reset_index(drop=True)
