"""Publication dates: ours (pipeline.dates through the whole chain) vs htmldate, and relative
bylines: ours (``dates.relative``) vs dateparser.

Pages: zh-web-content, article-extraction-benchmark and the magic-html half in
``/work/shared/benchmarks`` (none has gold dates). The reference is ``bench/data/date_reference.json``
(page → ISO day, "" when the page shows no publication date): where ours and htmldate named the
same day it is that day ("agreed", spot-checked); where they differed the page was read by hand
("judged": the byline, a first post's date, the date in the URL; a day either side counts, as
meta tags give UTC and URLs local days). Pages that could not be judged are left out. A tool is
right on a page when its day equals the reference (or both are empty).

Printed per corpus and tool: pages right / judged, how many of the judged pages get a wrong date
(not an empty one), and ms/page ("ours" and "ours+htmldate-fast", the chain as it runs, time the
whole per-page chain, not only the dates).

Relative phrases: the forms found in those corpora and the farm forms of field case 30, resolved
against a fixed fetch time; right when the day (and the minute, when the phrase names a time of
day) is the phrase's meaning, "unresolved" when the tool gives no date.

    python bench/date_bench.py [--tools ours,htmldate,htmldate-fast,ours+htmldate-fast]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import dates  # noqa: E402
from pipeline.chain import process  # noqa: E402
from pipeline.decode import decode  # noqa: E402
from pipeline.document import Document  # noqa: E402

SHARED = Path("/work/shared/benchmarks")
REFERENCE = REPO / "bench" / "data" / "date_reference.json"
SLACK = timedelta(days=1)


def load_pages() -> Iterator[tuple[str, str, bytes, str]]:
    """(corpus, id, raw bytes, url) of every page of the three corpora."""
    zh = json.loads((SHARED / "zh-web-content" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in zh:
        yield "zh", key, (SHARED / "zh-web-content" / "html" / f"{key}.html").read_bytes(), ""
    aeb = json.loads((SHARED / "article-extraction-benchmark" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, value in aeb.items():
        path = SHARED / "article-extraction-benchmark" / "html" / f"{key}.html.gz"
        yield "aeb", key, gzip.decompress(path.read_bytes()), value.get("url", "")
    for part in ("article", "forum"):
        folder = SHARED / "magic-html" / part
        gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        for key, value in gold.items():
            raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
            yield f"magic-{part}", key, raw, value.get("url", "")


def shipped(url: str, raw: bytes, html: str) -> str:
    """The chain as it runs: our sources, then htmldate's fast search (dates.from_page)."""
    return process(url, raw, {"Content-Type": "text/html"}).published_at


def ours(url: str, raw: bytes, html: str) -> str:
    """Our own sources only: the chain with the htmldate fallback switched off."""
    fallback = dates.from_page
    dates.from_page = lambda html, url="": ""  # type: ignore[assignment]
    try:
        return shipped(url, raw, html)
    finally:
        dates.from_page = fallback  # type: ignore[assignment]


def htmldate_tool(extensive: bool) -> Callable[[str, bytes, str], str]:
    from htmldate import find_date

    def run(url: str, raw: bytes, html: str) -> str:
        try:
            return find_date(html, url=url or None, original_date=True, extensive_search=extensive) or ""
        except Exception:  # a tool's failure on one page is an empty answer
            return ""

    return run


TOOLS: dict[str, Callable[[str, bytes, str], str]] = {
    "ours": ours,
    "htmldate": htmldate_tool(True),
    "htmldate-fast": htmldate_tool(False),
    "ours+htmldate-fast": shipped,
}


def right(found: str, want: str) -> bool:
    if not want or not found:
        return not want and not found
    return abs(date.fromisoformat(found[:10]) - date.fromisoformat(want)) <= SLACK


# (phrase, what it means fetched at FETCHED: the ISO prefix a right answer starts with, None when
# it names no day). English phrases are read in UTC, Chinese ones in Beijing time (16:00 then).
FETCHED = datetime(2024, 3, 12, 8, 0, tzinfo=UTC)
PHRASES: list[tuple[str, str | None]] = [
    # forms seen in the benchmark pages (aeb, readability, magic-html)
    ("7 hours ago", "2024-03-12T01:00"),
    ("13 hours ago", "2024-03-11T19:00"),
    ("49 minutes ago", "2024-03-12T07:11"),
    ("1 day ago", "2024-03-11"),
    ("2 days ago", "2024-03-10"),
    ("4 days ago", "2024-03-08"),
    ("Yesterday 12:35PM", "2024-03-11T12:35"),
    ("yesterday", "2024-03-11"),
    ("1 week ago", None),
    ("2 weeks ago", None),
    ("10月前", None),
    # farm forms (field case 30 and the reports it cites)
    ("昨天 14:20", "2024-03-11T14:20"),
    ("昨天14:20", "2024-03-11T14:20"),
    ("前天 09:05", "2024-03-10T09:05"),
    ("今天 09:05", "2024-03-12T09:05"),
    ("3天前", "2024-03-09"),
    ("2小时前", "2024-03-12T14:00"),
    ("半小时前", "2024-03-12T15:30"),
    ("5分钟前", "2024-03-12T15:55"),
    ("刚刚", "2024-03-12T16:00"),
]


def phrase_tools() -> dict[str, Callable[[str], str]]:
    import dateparser  # type: ignore[import-untyped]

    def parse_ours(phrase: str) -> str:
        found = dates.relative(phrase, FETCHED)
        return found[0] if found else ""

    def parse_dateparser(phrase: str) -> str:
        # the phrase's own language decides the zone, as ours does (Beijing for Chinese)
        zone = "Asia/Shanghai" if any("\u4e00" <= ch <= "\u9fff" for ch in phrase) else "UTC"
        local = FETCHED.astimezone(dates.BEIJING if zone != "UTC" else UTC).replace(tzinfo=None)
        settings = {"RELATIVE_BASE": local, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        found = dateparser.parse(phrase, settings=settings)  # type: ignore[arg-type]
        return found.isoformat() if found else ""

    return {"ours": parse_ours, "dateparser": parse_dateparser}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", default=",".join(TOOLS))
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    if not SHARED.exists():
        print(f"{SHARED} not found: nothing to measure")
        return 0
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    chosen = {name: TOOLS[name] for name in args.tools.split(",")}
    scores: dict[tuple[str, str], list[int]] = {}
    seconds: dict[str, float] = dict.fromkeys(chosen, 0.0)
    for corpus, key, raw, url in load_pages():
        want = reference.get(f"{corpus}/{key}")
        if want is None:
            continue
        page_url = url or f"http://example.com/{key}.html"
        html = decode(Document(url=page_url, raw=raw)).html
        for name, tool in chosen.items():
            start = time.perf_counter()
            found = tool(page_url, raw, html)
            seconds[name] += time.perf_counter() - start
            for group in (corpus, "all"):
                cell = scores.setdefault((group, name), [0, 0, 0])
                cell[0] += right(found, want["date"])
                cell[1] += 1
                cell[2] += bool(found) and not right(found, want["date"])
    print(f"{'corpus':14} {'tool':20} {'right':>11} {'share':>6} {'wrong date':>10} {'ms/page':>8}")
    for (group, name), (good, total, wrong) in sorted(scores.items(), key=lambda item: (item[0][0] == "all", item[0])):
        pages = scores[("all", name)][1]
        ms = 1000 * seconds[name] / pages if group == "all" else float("nan")
        print(f"{group:14} {name:20} {good:>5} / {total:<3} {good / total:6.3f} {wrong:>10} {ms:8.1f}")
    print()
    day_phrases = [(phrase, meaning) for phrase, meaning in PHRASES if meaning]
    coarse = [phrase for phrase, meaning in PHRASES if not meaning]
    print(f"relative phrases, fetched {FETCHED.isoformat()}: {len(day_phrases)} name a day, {len(coarse)} do not")
    for name, parse_phrase in phrase_tools().items():
        good = sum(parse_phrase(phrase).startswith(meaning) for phrase, meaning in day_phrases)
        dated = [f"{phrase} -> {parse_phrase(phrase)[:10]}" for phrase in coarse if parse_phrase(phrase)]
        print(f"{name:12} day phrases right {good} / {len(day_phrases)}; coarse ones dated {len(dated)}: {dated}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
