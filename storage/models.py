"""SQLAlchemy 2.0 models. Every row can be rebuilt from ``raw_pages`` by ``winnow reprocess``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_2_63 = 1 << 63
_2_64 = 1 << 64


class UInt64(TypeDecorator[int]):
    """An unsigned 64-bit value kept in a signed BIGINT (SQLite overflows at 2**63)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        return value - _2_64 if value >= _2_63 else value

    def process_result_value(self, value: int | None, dialect: Any) -> int | None:
        if value is None:
            return None
        return value + _2_64 if value < 0 else value


intpk = Annotated[int, mapped_column(Integer, primary_key=True, autoincrement=True)]
created = Annotated[datetime, mapped_column(DateTime(timezone=True), server_default=func.now())]
url_str = Annotated[str, mapped_column(String(2048))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(32))  # crawl | ingest | reprocess | demo
    site: Mapped[str] = mapped_column(String(255), default="")
    started_at: Mapped[created]
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|finished|failed
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(Text, default="")
    # Quality figures of the pages this run saw, and the previous runs' they were compared with
    # (see winnow.health); None for runs before they were recorded, or still running.
    health: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    drift: Mapped[str] = mapped_column(Text, default="", server_default="")  # one line; "" = none


class RawPage(Base):
    """One fetched response, kept byte for byte (one row per distinct body of a URL)."""

    __tablename__ = "raw_pages"
    __table_args__ = (UniqueConstraint("url", "content_hash"),)

    id: Mapped[intpk]
    url: Mapped[url_str] = mapped_column(index=True)
    status_code: Mapped[int] = mapped_column(Integer, default=200)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="html")  # html | text
    fetched_at: Mapped[created]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))


class FetchRow(Base):
    """One fetch attempt of a crawl run and its outcome (the per-URL crawl log)."""

    __tablename__ = "fetches"
    __table_args__ = (UniqueConstraint("run_id", "url"),)

    id: Mapped[intpk]
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[url_str]
    status_code: Mapped[int] = mapped_column(Integer, default=0)
    # new | changed | unchanged | error | gone | skipped
    outcome: Mapped[str] = mapped_column(String(16))
    error_kind: Mapped[str] = mapped_column(String(32), default="")  # http_404, timeout, dns, too_large, …
    fetched_at: Mapped[created]


class DocumentRow(Base):
    """The processed, current version of one URL."""

    __tablename__ = "documents"

    id: Mapped[intpk]
    url: Mapped[url_str] = mapped_column(unique=True)
    host: Mapped[str] = mapped_column(String(255), default="", index=True)
    # The site it was crawled for: the site name, else the start hosts and host patterns
    # (crawler.sites.run_key); "" for ingested files. Group by it for per-site views.
    site: Mapped[str] = mapped_column(String(255), default="", server_default="", index=True)
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_pages.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[str] = mapped_column(String(32), default="")
    source: Mapped[str] = mapped_column(String(255), default="")
    clean_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="ok", index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    declared_encoding: Mapped[str] = mapped_column(String(64), default="")
    encoding: Mapped[str] = mapped_column(String(64), default="")
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    removed: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # [[paragraph, level], ...]: the paragraphs the page marks as headings (segmentation input)
    headings: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    first_seen: Mapped[created]
    last_seen: Mapped[created]
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    gone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # vanished; kept
    # Site-wide steps: a signed 64-bit hash of the URL orders the pages a scope learns from (its
    # sample is the lowest hashes: the same pages whatever the crawl order), and ``sitewide_pending``
    # marks text written by the per-page pipeline that site-wide stripping has not seen yet.
    url_hash: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    sitewide_pending: Mapped[bool] = mapped_column(Boolean, default=True, server_default=false(), index=True)

    # (host, status, sitewide_pending, id): every run asks which hosts have ok or pending pages,
    # counts a host's ok pages and pages through its pending ones; from the index alone, not by
    # reading every row (100 new pages into a cold 100k SQLite store: site-wide step 13.5 s)
    __table_args__ = (
        Index("ix_documents_host_url_hash", "host", "url_hash"),
        Index("ix_documents_host_status_pending", "host", "status", "sitewide_pending", "id"),
    )

    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="SectionRow.section_no"
    )


class SitewideScope(Base):
    """What ``pipeline.sitewide`` learned for one scope (a host, or ``site:`` + registrable domain):
    its furniture line keys and known block headings, and how many pages the scope had then. Pages
    that arrive later are stripped with these until the scope has grown by a set share
    (``winnow.service.corpus.RELEARN_GROWTH``)."""

    __tablename__ = "sitewide_scopes"

    scope: Mapped[str] = mapped_column(String(300), primary_key=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    keys: Mapped[list[Any]] = mapped_column(JSON, default=list)
    headings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    learned_at: Mapped[created]


class ClusterRow(Base):
    """A near-duplicate template and its canonical entry."""

    __tablename__ = "clusters"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(64), unique=True)  # stable across reprocess
    # No foreign key: sections are rebuilt on reprocess while the cluster row survives.
    representative_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    canonical_text: Mapped[str] = mapped_column(Text, default="")
    template_text: Mapped[str] = mapped_column(Text, default="")
    member_count: Mapped[int] = mapped_column(Integer, default=0)
    cities: Mapped[str] = mapped_column(Text, default="")
    urls: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[str] = mapped_column(String(32), default="")
    last_seen: Mapped[str] = mapped_column(String(32), default="")
    # the member with the smallest key (url#section_no): new sections are matched against it
    leader_id: Mapped[int | None] = mapped_column(Integer)


class ClusterKey(Base):
    """Candidate keys of a cluster's members (``pipeline.cluster.candidate_keys``: sentence-end
    keys and the bottom-k shingle sketch), so a new section finds a cluster through any member, as
    ``pipeline.cluster.cluster`` does over one batch, without re-reading the members."""

    __tablename__ = "cluster_keys"

    key: Mapped[int] = mapped_column(UInt64, primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True, index=True)


class SectionRow(Base):
    __tablename__ = "sections"
    # a cluster's sample (its members of the lowest url_hash) is read from this index in order,
    # not sorted out of every member
    __table_args__ = (
        UniqueConstraint("document_id", "section_no"),
        Index("ix_sections_cluster_id_url_hash", "cluster_id", "url_hash"),
    )

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    section_no: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    template_text: Mapped[str] = mapped_column(Text, default="")
    cities: Mapped[str] = mapped_column(Text, default="")
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"), index=True)
    variation: Mapped[str] = mapped_column(Text, default="")  # what it says beyond the template
    url_hash: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")  # its document's

    document: Mapped[DocumentRow] = relationship(back_populates="sections")
    fingerprint: Mapped[FingerprintRow | None] = relationship(cascade="all, delete-orphan", uselist=False)


class FingerprintRow(Base):
    """64-bit SimHash of a section, plus its four 16-bit blocks for indexed near-duplicate lookups."""

    __tablename__ = "fingerprints"
    __table_args__ = tuple(Index(f"ix_fingerprints_b{i}", f"b{i}") for i in range(4))

    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True)
    simhash: Mapped[int] = mapped_column(UInt64)
    b0: Mapped[int] = mapped_column(Integer)
    b1: Mapped[int] = mapped_column(Integer)
    b2: Mapped[int] = mapped_column(Integer)
    b3: Mapped[int] = mapped_column(Integer)

    @staticmethod
    def blocks(simhash: int) -> dict[str, int]:
        return {f"b{i}": (simhash >> (48 - 16 * i)) & 0xFFFF for i in range(4)}
