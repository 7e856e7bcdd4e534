"""Main content of articles and forum / Q&A pages: ours vs magic-html vs trafilatura, per cell.

Corpus: the half of opendatalab/magic-html's benchmark kept in ``../shared/benchmarks/magic-html``
(``article/`` 79 pages, ``forum/`` 52 pages; ``html/<id>.html.gz`` + ``ground-truth.json`` with
human-made ``content``); about a third of the pages are Chinese. Nothing of it is copied into
this repository: the bench takes ``--root`` and says so when the folder is absent.

Cells: page kind (article / forum) x language (zh when over 20 % of the gold's characters are
CJK, else other). Metric: bag-of-tokens precision / recall / F1 of title + main text against the
gold (``bench/extract_bench.py``'s tokens: characters for Chinese, lower-cased words otherwise;
punctuation and spaces ignored), averaged over the cell's pages.

Tools, each given the same decoded page (our decoder; the corpus stores bytes):
  ours        decode -> extract -> clean, title + paragraphs;
  magic-html  ``GeneralExtractor().extract(html, base_url=url, html_type="forum")`` on forum
              pages (as the benchmark's own script calls it), no type on articles; its HTML
              output as text the way its script reads it (BeautifulSoup ``get_text("\\n")``),
              title first. Not a dependency of ours: install it from a local mirror of its
              repository (``pip install --no-deps <mirror>``); the column is left out when it
              does not import;
  trafilatura ``bare_extraction`` title + text (favor neither precision nor recall).

    python bench/magic_bench.py [--root PATH] [--tools ours,magic,traf] [--worst N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.extract_bench import prf  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.decode import decode  # noqa: E402
from pipeline.document import Document  # noqa: E402
from pipeline.extract import extract  # noqa: E402

ROOT = REPO.parent / "shared" / "benchmarks" / "magic-html"
KINDS = ("article", "forum")
_CJK = re.compile(r"[\u3400-\u9fff]")

Page = tuple[str, str, str, str, str]  # id, kind, url, decoded html, gold text


def language(gold: str) -> str:
    """'zh' when over 20 % of the gold's non-space characters are CJK, else 'other'."""
    chars = "".join(gold.split())
    return "zh" if len(_CJK.findall(chars)) > 0.2 * max(len(chars), 1) else "other"


def load(root: Path) -> Iterator[Page]:
    for kind in KINDS:
        truth = json.loads((root / kind / "ground-truth.json").read_text(encoding="utf-8"))
        for key in sorted(truth):
            raw = gzip.decompress((root / kind / "html" / f"{key}.html.gz").read_bytes())
            url = truth[key].get("url", "")
            yield key, kind, url, decode(Document(url=url or key, raw=raw)).html, truth[key]["content"]


def ours(page: Page) -> str:
    key, _, url, html, _ = page
    doc = clean(extract(Document(url=url or key, html=html)))
    return "\n".join([doc.title, *doc.paragraphs])


def _magic() -> Callable[[Page], str] | None:
    try:
        from bs4 import BeautifulSoup
        from magic_html import GeneralExtractor
    except ImportError:
        return None
    extractor = GeneralExtractor()

    def run(page: Page) -> str:
        _, kind, url, html, _ = page
        options = {"html_type": "forum"} if kind == "forum" else {}
        try:
            out = extractor.extract(html=html, base_url=url, **options)
        except Exception:  # its failures count as empty output, as in its own script
            return ""
        text = BeautifulSoup(out.get("html") or "", "lxml").get_text("\n", strip=True)
        return "\n".join([out.get("title") or "", text])

    return run


def _trafilatura() -> Callable[[Page], str]:
    import trafilatura

    def run(page: Page) -> str:
        found = trafilatura.bare_extraction(page[3], include_comments=False, include_tables=True)
        if not found:
            return ""
        data = found if isinstance(found, dict) else found.as_dict()
        return "\n".join([data.get("title") or "", data.get("text") or ""])

    return run


def score(tools: dict[str, Callable[[Page], str]], pages: list[Page]) -> dict[str, dict[str, list[float]]]:
    """tool -> cell ('forum/zh') -> per-page F1."""
    table: dict[str, dict[str, list[float]]] = {name: {} for name in tools}
    for page in pages:
        cell = f"{page[1]}/{language(page[4])}"
        for name, tool in tools.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                f1 = prf(tool(page), page[4])[2]
            table[name].setdefault(cell, []).append(f1)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the magic-html benchmark half (article/, forum/)")
    parser.add_argument("--tools", default="ours,magic,traf")
    parser.add_argument("--worst", type=int, default=0, help="also list our N worst pages per cell")
    args = parser.parse_args(argv)
    if not (args.root / "forum" / "ground-truth.json").exists():
        print(f"skipped: no magic-html benchmark at {args.root}")
        return 0
    available: dict[str, Callable[[], Callable[[Page], str] | None]] = {
        "ours": lambda: ours,
        "magic": _magic,
        "traf": _trafilatura,
    }
    tools = {}
    for name in args.tools.split(","):
        tool = available[name]()
        if tool is None:
            print(f"{name}: not importable, left out")
        else:
            tools[name] = tool
    pages = list(load(args.root))
    table = score(tools, pages)
    cells = sorted({cell for per_tool in table.values() for cell in per_tool})
    print("cell            pages  " + "  ".join(f"{name:>7}" for name in tools))
    for cell in cells:
        n = len(next(iter(table.values()))[cell])
        row = "  ".join(f"{sum(table[name][cell]) / n:7.3f}" for name in tools)
        print(f"{cell:<15} {n:5d}  {row}")
    if args.worst and "ours" in tools:
        by_cell: dict[str, list[tuple[float, str]]] = {}
        for page, f1 in zip(pages, (f for p in pages for f in [prf(ours(p), p[4])[2]]), strict=True):
            by_cell.setdefault(f"{page[1]}/{language(page[4])}", []).append((f1, page[0]))
        for cell in cells:
            worst = sorted(by_cell[cell])[: args.worst]
            print(cell, " ".join(f"{key[:10]}={f1:.2f}" for f1, key in worst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
