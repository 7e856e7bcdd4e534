"""Writing pages: classify each raw input against what is stored, run the per-document pipeline
on it, and write a batch in one transaction. Used by ``ingest``, ``reprocess``, distributed
workers and the Scrapy item pipeline (there in a worker process of its own).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import html as html_lib
import logging
import multiprocessing
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.pool import Pool
from typing import TypeVar
from urllib.parse import urlsplit

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pipeline import Document, memo, process, process_text
from pipeline.decode import GZIP_MAGIC
from pipeline.pagetype import ARTICLE
from pipeline.pagetype import classify as classify_page
from pipeline.softerror import (
    LOGIN_WALL,
    REDIRECTED_TO_HEADER,
    SOFT_404,
    NotFoundSample,
    Verdict,
    detect,
    quick_hint,
)
from storage.repository import (
    Current,
    Fetch,
    PageWrite,
    RawInput,
    current_document,
    current_of_urls,
    mark_gone,
    record_fetches,
    retract_document,
    save_pages,
    touch_documents,
)

log = logging.getLogger(__name__)

FETCH_ERROR_HEADER = "x-winnow-fetch-error"
WARNING_HEADER = "x-winnow-warning"  # crawler.items.WARNING_HEADER
RETRACT_HEADER = "x-winnow-retract"  # crawler.items.RETRACT_HEADER
# RawInput.kind of pages that are not articles (pipeline.pagetype): recorded in the fetch log
# under that outcome, never stored as documents.
# "part": page 2+ of an article reached on its own (crawler: it is stored joined to page 1).
NOT_ARTICLES = ("list", "other", "part")
CLASSIFY = "classify"  # crawler.items.CLASSIFY: the page type is decided here (``page_type``)
# RawInput.kind of what a host served for a random unknown URL (crawler.middlewares.NotFoundProbe):
# learned, never stored or logged as a fetch.
PROBE = "probe"
# Outcomes of pages that are error pages served as content (pipeline.softerror): logged in the
# fetch log with that error kind, never stored as a document or a version.
SOFT_ERRORS = (SOFT_404, LOGIN_WALL)
T = TypeVar("T")


def page_type(raw: RawInput) -> RawInput:
    """A crawled page no site pattern classified (kind ``classify``) gets its type from its own
    evidence (``pipeline.pagetype``): an article becomes ``html``, else ``list`` / ``other``
    (recorded in the fetch log, never a document). Done here, in the store worker, because it
    parses the page: CPU the crawler's reactor must not spend."""
    if raw.kind != CLASSIFY:
        return raw
    if is_failure(raw) or raw.body.startswith(GZIP_MAGIC):  # a packed body: processing unpacks it or says why not
        return replace(raw, kind="html")
    kind = classify_page(raw.url, raw.body, raw.headers).kind
    return replace(raw, kind="html" if kind == ARTICLE else kind)


def process_raw(raw: RawInput) -> Document:
    """Run the per-document pipeline on one stored or fetched response."""
    fetch_error = raw.headers.get(FETCH_ERROR_HEADER)
    if fetch_error:
        return Document(url=raw.url, headers=dict(raw.headers)).fail(fetch_error)
    if raw.kind == "text":
        return process_text(raw.url, raw.body)
    if raw.status_code >= 400:
        return Document(url=raw.url, headers=dict(raw.headers)).fail(f"http {raw.status_code}")
    doc = process(raw.url, raw.body, raw.headers)
    warning = raw.headers.get(WARNING_HEADER)  # what the crawler noticed (e.g. a canonical ignored)
    return doc.warn(warning) if warning else doc


def soft_error_hint(raw: RawInput) -> bool:
    """A cheap look at a page typed as a list or as no article: could it be an error page
    (``pipeline.softerror.quick_hint``)? Only then is it processed to find out."""
    head = raw.body[:_HINT_BYTES]
    text = head.decode("utf-8", errors="replace")
    if text.count("\ufffd") > 8:  # not UTF-8: GBK is what these sites use otherwise
        text = head.decode("gb18030", errors="replace")
    title = _TITLE.search(text)
    heading = _H1.search(text)
    return quick_hint(_inner(title), _inner(heading), text, raw.headers)


_HINT_BYTES = 65536
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1", re.I | re.S)
_TAGS = re.compile(r"<[^>]*>")


def _inner(match: re.Match[str] | None) -> str:
    return html_lib.unescape(_TAGS.sub(" ", match.group(1))).strip() if match else ""


def is_failure(raw: RawInput) -> bool:
    return bool(raw.headers.get(FETCH_ERROR_HEADER)) or raw.status_code >= 400


def error_kind(raw: RawInput) -> str:
    """A short, countable name for why a fetch failed (the error text itself is stored too)."""
    if raw.status_code >= 400:
        return f"http_{raw.status_code}"
    text = raw.headers.get(FETCH_ERROR_HEADER, "").lower()
    for kind, needles in ERROR_KINDS:
        if any(n in text for n in needles):
            return kind
    return "other"


ERROR_KINDS = (
    ("bad_gzip", ("bad gzip",)),
    ("too_large", ("maxsize", "max size", "too large", "decompression")),
    ("timeout", ("timeout", "timed out")),
    ("dns", ("dns", "lookup", "no address")),
    ("connection", ("connection", "refused", "reset")),
    ("redirect_loop", ("redirect",)),
)


def processing_error_kind(error: str) -> str:
    """A short, countable name for why processing found nothing to store ("empty_document",
    "bad_gzip", "non_html", ...)."""
    text = error.lower()
    for kind, needles in ERROR_KINDS[:2]:
        if any(n in text for n in needles):
            return kind
    head = re.split(r"[:(]", text, maxsplit=1)[0].strip()
    return re.sub(r"\W+", "_", head)[:32].strip("_") or "processing"


def retry_while_unreachable(write: Callable[[], T], give_up_after: float) -> T:
    """Run one transaction, retrying while the database cannot be reached (server restart,
    network blip): the batch stays in memory and is written when the database is back, instead
    of being lost. Other errors, and an outage longer than ``give_up_after``, propagate."""
    deadline = time.monotonic() + give_up_after
    delay = 0.5
    while True:
        try:
            return write()
        except (OperationalError, InterfaceError) as exc:
            if not exc.connection_invalidated and not _is_connection_error(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise
            log.warning("database unreachable, retrying the batch in %.1f s: %s", delay, str(exc.orig).strip()[:200])
            time.sleep(delay)
            delay = min(delay * 2, 10.0)


def _is_connection_error(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return any(n in text for n in ("connection", "connect", "server closed", "terminating", "could not receive"))


# What to do with a page, decided before any processing, from what is stored for its URL.
NEW, CHANGED, UNCHANGED, GONE, ERROR, KEPT = "new", "changed", "unchanged", "gone", "error", "kept"


def classify(raw: RawInput, current: Current | None) -> str:
    if raw.kind in NOT_ARTICLES and not is_failure(raw):
        return raw.kind
    if is_failure(raw):
        if current is None or current.status != "ok":
            return ERROR
        return GONE if raw.status_code in (404, 410) else KEPT  # a blip must not erase good text
    if current is not None and current.content_hash == raw.content_hash:
        return UNCHANGED
    return CHANGED if current is not None else NEW


@dataclass
class BatchWriter:
    """Classifies pages against what is stored, and writes them in one transaction per batch.

    One transaction per batch (not per page) is what makes SQLite keep up with the crawler;
    a batch also goes out after ``max_seconds`` so a killed crawl loses at most that much.
    Unchanged pages are not reprocessed; a vanished page is marked gone, never deleted.
    """

    sessions: sessionmaker[Session]
    run_id: int | None = None
    batch_size: int = 100
    max_seconds: float = 2.0
    force: bool = False  # reprocess: every page is processed and saved again
    counts: Counter[str] = field(default_factory=Counter)
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # wall seconds per stage
    current: dict[str, Current] | None = None  # preloaded by crawls; else looked up per URL
    retry_seconds: float = 600.0  # how long a batch waits for an unreachable database
    site: str = ""  # the site (name, or start hosts and host patterns) every document belongs to
    # host -> what it serves for an unknown URL (learned from PROBE pages; see pipeline.softerror)
    not_found: dict[str, NotFoundSample] = field(default_factory=dict)
    _pending: list[tuple[RawInput, Document | None, str]] = field(default_factory=list)
    # looked up for the pages about to be added; valid until the next write (see prefetch)
    _prefetched: dict[str, Current | None] = field(default_factory=dict)
    _last_flush: float = field(default_factory=time.monotonic)

    def outcome_of(self, raw: RawInput) -> str:
        if raw.kind in NOT_ARTICLES and not is_failure(raw):
            return raw.kind
        if self.force:
            return CHANGED
        if self.current is not None:
            return classify(raw, self.current.get(raw.url))
        if raw.url in self._prefetched:
            return classify(raw, self._prefetched[raw.url])
        with self.sessions() as session:
            return classify(raw, current_document(session, raw.url))

    def add(
        self, raw: RawInput, doc: Document | None = None, outcome: str | None = None, autoflush: bool = True
    ) -> str:
        """Queue one page (processing it here unless ``doc`` is given); returns its outcome.
        A ``PROBE`` page is learned from (not queued); an error page served as content gets
        outcome ``soft-404`` / ``login-wall`` and is never stored as a document."""
        if raw.kind == PROBE:
            self.learn_not_found(raw)
            return PROBE
        raw = page_type(raw)
        outcome = outcome or self.outcome_of(raw)
        if outcome in NOT_ARTICLES and soft_error_hint(raw):
            verdict = self.soft_error(raw, doc or self._process(raw))
            outcome, doc = (verdict.kind if verdict else outcome), None
        elif outcome in (NEW, CHANGED, ERROR) and doc is None:
            doc = self._process(raw)
        if doc is not None and outcome in NEEDS_PROCESSING and not is_failure(raw):
            verdict = self.soft_error(raw, doc)
            if verdict is not None:
                outcome, doc = verdict.kind, None
        if doc is not None and not doc.ok and outcome != ERROR:
            outcome = doc.status if doc.status == "skipped" else ERROR
        self._pending.append((raw, doc, outcome))
        self.counts[outcome] += 1
        if autoflush and self.due:
            self.flush()
        return outcome

    def _process(self, raw: RawInput) -> Document:
        started = time.perf_counter()
        doc = process_raw(raw)
        self.seconds["process"] += time.perf_counter() - started
        return doc

    def soft_error(self, raw: RawInput, doc: Document) -> Verdict | None:
        """Is this processed page an error page served as content (``pipeline.softerror``)?"""
        sample = self.not_found.get(urlsplit(raw.url).netloc.lower())
        verdict = detect(raw.url, doc.title, doc.paragraphs, doc.html, raw.headers, sample)
        if verdict is not None:
            log.info("%s %s: %s", verdict.kind, raw.url, verdict.reason)
        return verdict

    def learn_not_found(self, raw: RawInput) -> None:
        """Remember what ``raw``'s host serves for a URL that cannot exist (a ``PROBE`` page)."""
        final = raw.headers.get(REDIRECTED_TO_HEADER, "") or raw.url
        lines: tuple[str, ...] = ()
        title = ""
        if not is_failure(raw):
            doc = self._process(raw)
            title, lines = doc.title, doc.paragraphs
        host = urlsplit(raw.url).netloc.lower()
        self.not_found[host] = NotFoundSample.learn(final, title, lines)
        self.counts["not_found_learned"] += 1

    @property
    def due(self) -> bool:
        too_old = time.monotonic() - self._last_flush >= self.max_seconds
        return len(self._pending) >= self.batch_size or (bool(self._pending) and too_old)

    def prefetch(self, urls: Sequence[str]) -> None:
        """Look up what is stored for these URLs in one query, for the next ``add`` calls (a
        page's outcome otherwise costs a query of its own). Forgotten at the next write."""
        if self.current is None and not self.force and urls:
            with self.sessions() as session:
                stored = current_of_urls(session, urls)
            self._prefetched = {url: stored.get(url) for url in urls}

    def take(self) -> list[tuple[RawInput, Document | None, str]]:
        pending, self._pending = self._pending, []
        self._prefetched = {}  # what was looked up may be written now
        self._last_flush = time.monotonic()
        return pending

    def flush(self, pending: list[tuple[RawInput, Document | None, str]] | None = None) -> None:
        pending = self.take() if pending is None else pending
        if not pending:
            return
        started = time.perf_counter()
        retry_while_unreachable(lambda: self._write_batch(pending), self.retry_seconds)
        self.seconds["write"] += time.perf_counter() - started
        self._remember(pending)
        self.counts["stored"] += len(pending)

    def _write_batch(self, pending: list[tuple[RawInput, Document | None, str]]) -> None:
        with self.sessions.begin() as session:
            for segment in segments(pending):
                self._write(session, segment)
            if self.run_id is not None:
                record_fetches(session, self.run_id, [self._fetch(raw, outcome, doc) for raw, doc, outcome in pending])

    def _write(self, session: Session, segment: list[tuple[RawInput, Document | None, str]]) -> None:
        """Write a segment (see ``segments``) with a fixed number of bulk statements."""
        first = segment[0][0]
        retract = first.headers.get(RETRACT_HEADER)
        if retract:  # this page was stored under a canonical URL that turned out to be shared
            retract_document(session, retract, first.url)
        touch_documents(session, [raw.url for raw, _, outcome in segment if outcome == UNCHANGED])
        # a stored article now answered by an error page (a soft 404) went like a 404: kept, marked
        mark_gone(session, [raw.url for raw, _, outcome in segment if outcome in (GONE, SOFT_404)])
        save_pages(
            session,
            [
                PageWrite(raw, doc, changed=outcome == CHANGED and not self.force)
                for raw, doc, outcome in segment
                if doc is not None and outcome not in (*NOT_ARTICLES, *SOFT_ERRORS, UNCHANGED, GONE, KEPT)
            ],
            self.run_id,
            self.site,
        )

    def _fetch(self, raw: RawInput, outcome: str, doc: Document | None) -> Fetch:
        """The fetch log row: every response that was dropped says why (``error_kind``)."""
        if outcome in (ERROR, GONE, KEPT) and is_failure(raw):
            kind = error_kind(raw)
        elif outcome in SOFT_ERRORS:
            kind = outcome
        elif outcome == ERROR and doc is not None:
            kind = processing_error_kind(doc.error)
        elif outcome == "other":
            kind = "no_article"
        else:
            kind = ""
        return Fetch(raw.url, raw.status_code, outcome, kind)

    def _remember(self, pending: list[tuple[RawInput, Document | None, str]]) -> None:
        if self.current is None:
            return
        for raw, doc, outcome in pending:
            if outcome in (NEW, CHANGED, "skipped") or (outcome == ERROR and doc is not None):
                self.current[raw.url] = Current(raw.content_hash, doc.status if doc else "error")


Pending = tuple[RawInput, "Document | None", str]


def segments(pending: list[Pending]) -> list[list[Pending]]:
    """Split a batch of (raw, doc, outcome) into runs that can be written in bulk without
    changing what writing them one by one would give: a new segment starts at a page that
    retracts a document (the retraction must see the pages before it written, and none after)
    and at a URL already in the segment (its second version must overwrite the first)."""
    result: list[list[Pending]] = []
    urls: set[str] = set()
    for item in pending:
        raw = item[0]
        if not result or raw.url in urls or raw.headers.get(RETRACT_HEADER):
            result.append([])
            urls = set()
        result[-1].append(item)
        urls.add(raw.url)
    return result


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (0 where unavailable). Recorded after
    each stage of a run (``peak_mb_<stage>``): where a run's memory went.

    Linux's VmHWM, not ``ru_maxrss``: a process started by a large one (fork, then exec) inherits
    its parent's peak in ``ru_maxrss``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return round(next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    try:
        import resource
    except ImportError:  # not on Unix
        return 0.0
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KB on Linux


def release_memory() -> None:
    """Between corpus steps: empty the pipeline's memos, collect cycles, and hand the C heap's
    free pages back to the system (glibc ``malloc_trim``, as Dask's workers do; elsewhere a
    no-op). Without it a step's peak stays resident under the next step's (measured at 10k pages:
    the clustering step kept 38 MB it had freed)."""
    memo.clear_all()
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def stage_seconds(seconds: Mapping[str, float]) -> dict[str, float]:
    """Run counts ``seconds_<stage>`` (rounded to ms) of a stage-time tally."""
    return {f"seconds_{stage}": round(value, 3) for stage, value in seconds.items()}


def store_all(writer: BatchWriter, raws: Iterable[RawInput], pool: PagePool | None = None) -> None:
    """Add every page (looking up what is stored a batch of URLs at a time), then flush. With a
    ``pool`` (``process_pool``) the pages of every batch after the first are processed in its
    worker processes (a run of one batch is not worth starting them); what is stored is the same."""
    for number, chunk in enumerate(batched(raws, writer.batch_size)):
        writer.prefetch([raw.url for raw in chunk])
        if pool is None or number == 0:
            for raw in chunk:
                writer.add(raw)
        else:
            _add_processed_in(pool, writer, chunk)
    writer.flush()


def _add_processed_in(pool: PagePool, writer: BatchWriter, chunk: list[RawInput]) -> None:
    typed = [page_type(raw) for raw in chunk]
    outcomes = [writer.outcome_of(raw) for raw in typed]
    todo = [raw for raw, outcome in zip(typed, outcomes, strict=False) if outcome in NEEDS_PROCESSING]
    started = time.perf_counter()
    docs = iter(pool.process(todo))
    writer.seconds["process"] += time.perf_counter() - started
    for raw, outcome in zip(typed, outcomes, strict=False):
        writer.add(raw, next(docs) if outcome in NEEDS_PROCESSING else None, outcome, autoflush=False)
    if writer.due:
        writer.flush()


NEEDS_PROCESSING = (NEW, CHANGED, ERROR)


def _process_lean(raw: RawInput) -> Document:
    """``process_raw`` in a worker: the page's bytes and decoded HTML are not sent back (nothing
    after processing reads them, and they are most of a document's size)."""
    return replace(process_raw(raw), raw=b"", html="")


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, which containers and ``taskset`` set)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# One page is processed in the parent first: the gazetteer, the character tables and the
# compiled patterns it loads are then shared with the workers instead of loaded by each.
_WARM_UP = (
    "http://warm-up.invalid/",
    "<html><head><title>北京市医保卡余额怎么查？</title></head><body><article>"
    "<h1>北京市医保卡余额怎么查？</h1><p>发布时间：2025-06-05 来源：网络</p>"
    "<p>北京市参保人可以拨打12333查询，也可以登录医保局网站。</p></article></body></html>",
)


class PagePool:
    """``jobs`` worker processes for the per-page pipeline, started on first use.

    Forked (Linux): a worker starts in milliseconds with the parent's loaded tables, and only
    runs pure pipeline stages, never the parent's database connections."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pages = 0  # processed by the workers
        self._pool: Pool | None = None

    def process(self, raws: Sequence[RawInput]) -> list[Document]:
        """``process_raw`` of each page, in order (without the page's bytes and HTML)."""
        if self._pool is None:
            process(*_WARM_UP)
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
        self.pages += len(raws)
        # small slices: pages differ in cost by 100x, and a worker that finished waits for no one
        return self._pool.map(_process_lean, raws, chunksize=max(1, len(raws) // (8 * self.jobs)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


@contextmanager
def process_pool(jobs: int) -> Iterator[PagePool | None]:
    """Worker processes for the per-page pipeline (``PagePool``): ``jobs`` of them (0: one per
    usable core, at most 8); None when that is one, or where processes cannot be forked."""
    jobs = min(usable_cores(), 8) if jobs <= 0 else jobs
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    pool = PagePool(jobs)
    try:
        yield pool
    finally:
        pool.close()


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- a writer in its own process ---------------------------------------------------------------
# The crawler hands whole batches to one worker process that classifies, processes and writes
# them: both the pipeline stages and SQLAlchemy's ORM work are CPU-bound Python, and in a thread
# they would hold the GIL that the Twisted reactor needs to keep downloading.

_worker_writer: BatchWriter | None = None


def init_store_worker(
    db_url: str, run_id: int | None, hosts: Sequence[str], retry_seconds: float = 600.0, site: str = ""
) -> None:
    """``hosts``: exact hosts of the crawl; ``site``: its site key (documents of hosts matched by
    patterns are found through it)."""
    global _worker_writer
    from storage.db import open_db
    from storage.repository import current_documents

    sessions = open_db(db_url)
    with sessions() as session:
        current = current_documents(session, list(hosts), site)
    _worker_writer = BatchWriter(sessions, run_id=run_id, current=current, retry_seconds=retry_seconds, site=site)


def store_batch(raws: Sequence[RawInput]) -> dict[str, float]:
    """Classify, process and write one batch in one transaction; returns outcome counts, and
    ``seconds_process``: seconds spent processing pages (0 when every page was unchanged)."""
    assert _worker_writer is not None, "init_store_worker() first"
    counts: Counter[str] = Counter()
    before = _worker_writer.seconds["process"]
    for raw in raws:
        counts[_worker_writer.add(raw, autoflush=False)] += 1
    _worker_writer.flush()
    return {**counts, "seconds_process": round(_worker_writer.seconds["process"] - before, 4)}
