"""Run health: quality figures of each crawl, ingest or reprocess, compared with the site's
previous runs, so a site that changed its layout does not make extraction silently worse.

Figures (over the documents the run saw — fetched or read, new, changed or unchanged; every
document for a reprocess):

- ``near_empty``: share of ok pages with less than ``NEAR_EMPTY_CHARS`` characters of main text
  (a layout the extractor no longer understands, or text moved into scripts);
- ``removed_share``: characters stripped as boilerplate / (kept + stripped), over ok pages;
- ``sections_per_page``: sections per ok page (a changed heading style merges or splits them);
- ``joined_share``: of the sections new to the store in this run, the share that joined a
  template that was already there (None when there were fewer than ``MIN_SECTIONS`` new ones,
  or nothing to join: a first run, a reprocess, or every page changed);
- ``decode_warnings``: share of ok pages whose decoding needed a fallback or left warnings;
- ``soft_errors``: share of the run's responses that were error pages served as content
  (``soft-404``, ``login-wall``: a site that deleted pages or put them behind a login).

The record also holds ``error_kinds``: the run's dropped responses by error kind (fetch log).

A figure *drifts* when it moves past its threshold (``THRESHOLDS``) from the median of the same
site's previous ``BASELINE_RUNS`` finished runs of the same family (crawl and demo together;
ingest; reprocess). Runs with fewer than ``MIN_PAGES`` ok pages are neither judged nor used
as a baseline: a handful of pages is noise. The result is written to ``crawl_runs.health`` and
``crawl_runs.drift`` (one line), printed, and turned into exit code 1 by ``--fail-on-drift``.

Why not Spidermon: it checks one Scrapy job's stats when the spider closes; these figures come
from the database after processing and clustering (which run after the spider closed), they
must cover ``ingest`` and ``reprocess`` too, which run no spider, and the comparison needs the
site's earlier runs, which live in ``crawl_runs`` already.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from storage.repository import (
    SOFT_ERROR_KINDS,
    PageFigures,
    RunInfo,
    error_kinds,
    fetch_count,
    get_run,
    previous_runs,
    record_health,
    run_pages,
)

NEAR_EMPTY_CHARS = 100
MIN_PAGES = 20
MIN_SECTIONS = 10
BASELINE_RUNS = 5
FAMILIES = {"crawl": ("crawl", "demo"), "demo": ("crawl", "demo"), "ingest": ("ingest",), "reprocess": ("reprocess",)}


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    threshold: float  # absolute change that counts as drift
    relative: float = 0.0  # ...or, if larger, this share of the baseline
    percent: bool = True  # shown as a percentage


# Thresholds: far above the run-to-run noise of an unchanged site (identical figures on an
# unchanged re-crawl; a few points when a site adds pages), far below what a layout change does
# (near-empty pages 0% → 100% when text moves into scripts; removed share +30 points when
# boilerplate lands inside the article container).
THRESHOLDS = (
    Metric("near_empty", "near-empty pages", 0.15),
    Metric("removed_share", "text removed as boilerplate", 0.15),
    Metric("sections_per_page", "sections per page", 0.5, relative=0.3, percent=False),
    Metric("joined_share", "new sections joining a template", 0.25),
    Metric("decode_warnings", "pages with decode warnings", 0.15),
    Metric("soft_errors", "error pages served as content", 0.1),
)


def figures(pages: Iterable[PageFigures], counts: Mapping[str, Any], fetched: int = 0) -> dict[str, Any]:
    """The health figures of one run (see the module docstring); shares are 0..1. One pass over
    ``pages`` (a run's pages are streamed from the store, not held). ``fetched``: responses the
    run logged (the base of ``soft_errors``; 0: not known)."""
    ok = kept = removed = near_empty = sections = warned = 0
    for page in pages:
        if page.status != "ok":
            continue
        ok += 1
        kept += page.clean_chars
        removed += page.removed_chars
        near_empty += page.clean_chars < NEAR_EMPTY_CHARS
        sections += page.sections
        warned += page.warnings > 0
    new = _count(counts, "new_sections")
    joined = _count(counts, "joined_existing")
    return {
        "pages": ok,
        "near_empty": _share(near_empty, ok),
        "removed_share": _share(removed, kept + removed),
        "sections_per_page": round(sections / ok, 3) if ok else None,
        "joined_share": _share(joined, new) if new >= MIN_SECTIONS else None,
        "decode_warnings": _share(warned, ok),
        "soft_errors": _share(sum(_count(counts, k) for k in SOFT_ERROR_KINDS), fetched),
    }


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _count(counts: Mapping[str, Any], key: str) -> int:
    value = counts.get(f"winnow/{key}", counts.get(key, 0))
    return int(value) if isinstance(value, (int, float)) else 0


@dataclass(frozen=True)
class Shift:
    metric: Metric
    baseline: float
    value: float

    def describe(self) -> str:
        def show(v: float) -> str:
            return f"{v:.0%}" if self.metric.percent else f"{v:.1f}"

        return f"{self.metric.label} {show(self.baseline)} → {show(self.value)}"


def compare(
    current: Mapping[str, Any], previous: Sequence[Mapping[str, Any]], min_pages: int = MIN_PAGES
) -> tuple[dict[str, float], list[Shift]]:
    """(baseline per figure, the figures that drifted from it). ``previous``: earlier runs'
    figures, newest first; those with fewer than ``min_pages`` pages are ignored, and so is a
    current run that small."""
    usable = [p for p in previous if (p.get("pages") or 0) >= min_pages]
    baseline: dict[str, float] = {}
    shifts: list[Shift] = []
    for metric in THRESHOLDS:
        values = [p[metric.key] for p in usable if p.get(metric.key) is not None]
        if not values:
            continue
        baseline[metric.key] = round(statistics.median(values), 4)
        value = current.get(metric.key)
        if value is None or (current.get("pages") or 0) < min_pages:
            continue
        allowed = max(metric.threshold, metric.relative * abs(baseline[metric.key]))
        if abs(value - baseline[metric.key]) >= allowed:
            shifts.append(Shift(metric, baseline[metric.key], value))
    return baseline, shifts


@dataclass(frozen=True)
class Assessment:
    run_id: int
    figures: Mapping[str, Any]
    baseline_runs: Sequence[int] = ()
    shifts: Sequence[Shift] = field(default_factory=tuple)
    site: str = ""

    @property
    def drift(self) -> str:
        """One line naming what moved, or "" when nothing did."""
        if not self.shifts:
            return ""
        where = f"site {self.site}" if self.site else "these pages"
        runs = ", ".join(f"#{r}" for r in self.baseline_runs)
        return (
            f"drift on {where} in run #{self.run_id} against runs {runs}: "
            + "; ".join(s.describe() for s in self.shifts)
            + " — check the site's layout and the extraction (winnow runs; crawl_health notebook)"
        )


def assess_run(sessions: sessionmaker[Session], run_id: int) -> Assessment:
    """Compute run ``run_id``'s figures, compare them with the same site's previous runs, and
    write both (and the drift line) to ``crawl_runs``. Call it after the run has finished."""
    with sessions() as session:
        run = get_run(session, run_id)
        fetched = fetch_count(session, run_id)
        current = figures(run_pages(session, None if run.kind == "reprocess" else run_id), run.counts, fetched)
        current["error_kinds"] = error_kinds(session, [run_id]).get(run_id, {})
        earlier = previous_runs(session, run_id, run.site, FAMILIES.get(run.kind, (run.kind,)), BASELINE_RUNS)
    baseline, shifts = compare(current, [_figures_of(r) for r in earlier])
    used = [r.id for r in earlier if (_figures_of(r).get("pages") or 0) >= MIN_PAGES]
    assessment = Assessment(run_id, current, used, tuple(shifts), run.site)
    with sessions.begin() as session:
        record_health(session, run_id, {**current, "baseline": baseline, "baseline_runs": used}, assessment.drift)
    return assessment


def _figures_of(run: RunInfo) -> Mapping[str, Any]:
    return run.health or {}
