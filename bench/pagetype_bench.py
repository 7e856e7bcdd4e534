"""Page-type classification (``pipeline.pagetype``): precision and recall of "article".

Corpora (every page labelled by how it was made, not by looking at the classifier):
  demo         the bundled demo site (``winnow.demo.site.build_site``): gold articles (public and
               robots-private) are articles; its list pages and index pages are lists.
  farm         the multi-host content farm of the tests (``tests/farm.py``): articles, city
               index pages, list pages with pagination, tag pages, the copying domain.
  readability  /work/shared/benchmarks/readability/html/*.html.gz (94 real pages; all articles).
  aeb          /work/shared/benchmarks/article-extraction-benchmark/html/*.html.gz (181; all articles).

On the last two every page is an article, so precision there is 1.0 unless nothing is called an
article; recall is the number that matters. Pages classified wrongly are listed (first 10).

    python bench/pagetype_bench.py [--corpus demo,farm,readability,aeb] [--target 0.98]
Exit status 1 when a corpus falls below the target.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.pagetype import ARTICLE, classify  # noqa: E402

SHARED = Path("/work/shared/benchmarks")
Labelled = tuple[str, bytes, str]  # url, body, gold kind (article | list)


def demo_pages() -> Iterator[Labelled]:
    from winnow.demo.site import build_site

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        gold = json.loads(build_site(root).read_text(encoding="utf-8"))
        base = "http://demo.test"
        for article in gold["articles"]:
            yield base + article["path"], (root / article["path"].lstrip("/")).read_bytes(), "article"
        for path in gold["list_pages"] + ["/index.html", "/gbk/index.html"]:
            yield base + path, (root / path.lstrip("/")).read_bytes(), "list"


def farm_pages() -> Iterator[Labelled]:
    from tests.farm import build_farm

    farm = build_farm()
    for (host, path), page in sorted(farm.pages.items()):
        if page.kind in ("article", "list"):
            yield f"http://{host}{path}", page.body, page.kind


def gz_pages(folder: Path) -> Iterator[Labelled]:
    for path in sorted(folder.glob("*.html.gz")):
        yield f"http://bench.test/{path.name[:-3]}", gzip.decompress(path.read_bytes()), "article"


CORPORA = {
    "demo": demo_pages,
    "farm": farm_pages,
    "readability": lambda: gz_pages(SHARED / "readability" / "html"),
    "aeb": lambda: gz_pages(SHARED / "article-extraction-benchmark" / "html"),
}


def measure(pages: Iterator[Labelled]) -> dict[str, object]:
    tp = fp = fn = n = 0
    wrong: list[str] = []
    started = time.perf_counter()
    for url, body, gold in pages:
        n += 1
        verdict = classify(url, body)
        said = verdict.kind == ARTICLE
        if said and gold == ARTICLE:
            tp += 1
        elif said:
            fp += 1
        elif gold == ARTICLE:
            fn += 1
        if said != (gold == ARTICLE):
            wrong.append(f"{url} gold={gold} got={verdict.kind} ({verdict.reason})")
    seconds = time.perf_counter() - started
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "pages": n,
        "articles": tp + fn,
        "precision": precision,
        "recall": recall,
        "ms_per_page": 1000 * seconds / max(n, 1),
        "wrong": wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=",".join(CORPORA))
    parser.add_argument("--target", type=float, default=0.98)
    args = parser.parse_args(argv)
    ok = True
    print(f"{'corpus':<12} {'pages':>6} {'articles':>8} {'precision':>9} {'recall':>7} {'ms/page':>8}")
    for name in args.corpus.split(","):
        result = measure(CORPORA[name]())
        print(
            f"{name:<12} {result['pages']:>6} {result['articles']:>8} {result['precision']:>9.3f} "
            f"{result['recall']:>7.3f} {result['ms_per_page']:>8.2f}"
        )
        for line in result["wrong"][:10]:  # type: ignore[index]
            print("    " + line)
        ok &= min(result["precision"], result["recall"]) >= args.target  # type: ignore[type-var]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
