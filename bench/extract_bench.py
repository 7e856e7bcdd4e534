"""Main-text extraction benchmark: ours vs trafilatura (default, favor_precision) vs readability.

Corpora:
  own   tests/data/extract/: ``{name}.html`` + ``{name}.gold.txt`` pairs (``.txt`` inputs are
        plain text, e.g. the seeds); drop more pairs in to extend it.
  zh    /work/shared/benchmarks/zh-web-content (bytes decoded by OUR decoder, the same str
        given to every tool; trafilatura is also run on the raw bytes).
  aeb   /work/shared/benchmarks/article-extraction-benchmark (.html.gz).
  rdb   /work/shared/benchmarks/readability (94 pages of many sites and languages, .html.gz as
        saved; reference text = Readability.js's reviewed output, gold/<id>.txt).
  demo  the demo content-farm site (``winnow.demo.site.build_site``) built on the fly into a
        temp dir; bytes decoded by OUR decoder (layout A sends a utf-8 header charset, layout B
        is GBK without one). Gold is ``main_text``; a page also "leaks" when its output holds
        one of the page's gold ``boilerplate`` lines.

Metric: precision/recall/F1 over a bag of tokens (characters for Chinese, lower-cased words
otherwise), whitespace and punctuation ignored, averaged over pages. "leak" is the share of
pages whose output holds a boilerplate marker (相关推荐, 版权所有, ©, 上一篇, ...) absent from gold;
"empty" counts pages with no output, "garbled" pages whose output shows a wrong decoding
(U+FFFD in > 0.5 % of the output or mojibake, absent from gold, or Chinese gold with almost no
Chinese in the output).

Speed: ms/page is the median over pages of each page's fastest of ``--passes`` passes (3) over
the corpus, measured for every tool in the same run.

    python bench/extract_bench.py [--quick N] [--corpus own,zh,aeb,demo] [--tools ours,traf,...]
                                  [--passes N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.clean import clean  # noqa: E402
from pipeline.decode import decode  # noqa: E402
from pipeline.document import Document  # noqa: E402
from pipeline.extract import extract  # noqa: E402

OWN = REPO / "tests" / "data" / "extract"
SHARED = Path("/work/shared/benchmarks")
ZH = SHARED / "zh-web-content"
AEB = SHARED / "article-extraction-benchmark"
RDB = SHARED / "readability"

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LEAK_MARKERS = (
    "相关推荐",
    "猜你喜欢",
    "相关阅读",
    "上一篇",
    "下一篇",
    "版权所有",
    "©",
    "ICP备",
    "仅供参考",
    "小编",
    "关键词:",
    "免责声明",
    "All rights reserved",
    "Copyright",
    "Sign up for",
    "Subscribe to",
    "Related Articles",
    "Share this",
)


def tokens(text: str) -> Counter[str]:
    """Characters for Chinese text, lower-cased words otherwise; punctuation/space ignored."""
    cjk = len(_CJK.findall(text))
    if cjk > 0.2 * max(len(text.replace(" ", "")), 1):
        return Counter(ch for ch in text if ch.isalnum())
    return Counter(word.lower() for word in _WORD.findall(text))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    got, want = tokens(predicted), tokens(gold)
    common = sum((got & want).values())
    if not got and not want:
        return 1.0, 1.0, 1.0
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def leaks(predicted: str, gold: str, boilerplate: tuple[str, ...] = ()) -> bool:
    if any(marker in predicted and marker not in gold for marker in _LEAK_MARKERS):
        return True
    squash = lambda s: "".join(s.split())  # noqa: E731
    out = squash(predicted)
    return any(len(line) >= 4 and squash(line) in out and squash(line) not in squash(gold) for line in boilerplate)


# UTF-8 read as Latin-1/cp1252 ("Ã©", "â€™"), GBK read as UTF-8 and back ("锟斤拷")
_MOJIBAKE = re.compile(r"[\u00c2-\u00ef][\u0080-\u00bf\u2018-\u203a\u20ac]|锟斤拷|ï»¿")


def garbled(predicted: str, gold: str) -> bool:
    """Output a wrong decoding produced: U+FFFD in more than 0.5 % of the characters (a few
    stand for bytes damaged in the page itself), mojibake the gold lacks, or Chinese gold whose
    non-empty output holds almost no Chinese."""
    if predicted.count("\ufffd") > 0.005 * len(predicted) and "\ufffd" not in gold:
        return True
    if _MOJIBAKE.search(predicted) and not _MOJIBAKE.search(gold):
        return True
    text = "".join(predicted.split())
    gold_cjk = len(_CJK.findall(gold)) > 0.2 * max(len("".join(gold.split())), 1)
    return bool(text) and gold_cjk and len(_CJK.findall(text)) < 0.05 * len(text)


# --- tools: each takes (html str or text, kind) and returns main text -------------------------


def ours(html: str | bytes, kind: str = "html") -> str:
    if isinstance(html, bytes):
        doc = decode(Document(url="bench", raw=html))
    else:
        doc = Document(url="bench", html=html, kind=kind)
    return "\n".join(clean(extract(doc)).paragraphs)


def ours_extract_only(html: str, kind: str = "html") -> str:
    return "\n".join(extract(Document(url="bench", html=html, kind=kind)).paragraphs)


def as_html(text: str | bytes) -> str:
    """Plain-text inputs (the seeds) as one <p> per line, so other tools get a fair chance."""
    from html import escape

    text = text if isinstance(text, str) else text.decode()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{escape(line)}</p>" for line in lines[1:])
    return f"<html><head><title>{escape(lines[0] if lines else '')}</title></head><body>{body}</body></html>"


def _trafilatura(precision: bool) -> Callable[[str | bytes, str], str]:
    import trafilatura

    def run(html: str | bytes, kind: str = "html") -> str:
        if kind == "text":
            html = as_html(html)
        out = trafilatura.extract(
            html, favor_precision=precision, include_comments=False, include_tables=True, deduplicate=False
        )
        return out or ""

    return run


def readability(html: str | bytes, kind: str = "html") -> str:
    if kind == "text":
        html = as_html(html)
    from lxml import html as lxml_html
    from readability import Document as ReadabilityDocument

    try:
        summary = ReadabilityDocument(html).summary(html_partial=True)
        return lxml_html.fromstring(summary).text_content()
    except Exception:  # readability raises on some empty/odd pages; count it as no output
        return ""


TOOLS: dict[str, Callable[[], Callable]] = {
    "ours": lambda: ours,
    "ours-extract": lambda: ours_extract_only,
    "traf": lambda: _trafilatura(False),
    "traf-prec": lambda: _trafilatura(True),
    "readability": lambda: readability,
}


# --- corpora: yield (name, input, kind, gold) --------------------------------------------------


def load_dir(directory: Path) -> Iterator[tuple[str, str, str, str]]:
    """``{name}.html`` / ``{name}.txt`` + ``{name}.gold.txt`` pairs, sorted by name."""
    for gold_path in sorted(directory.glob("*.gold.txt")):
        name = gold_path.name[: -len(".gold.txt")]
        gold = gold_path.read_text(encoding="utf-8")
        html_path, text_path = directory / f"{name}.html", directory / f"{name}.txt"
        if html_path.exists():
            yield name, html_path.read_text(encoding="utf-8"), "html", gold
        elif text_path.exists():
            yield name, text_path.read_text(encoding="utf-8"), "text", gold


def load_zh(raw: bool = False) -> Iterator[tuple[str, str | bytes, str, str]]:
    truth = json.loads((ZH / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        data = (ZH / "html" / f"{key}.html").read_bytes()
        body = data if raw else decode(Document(url=key, raw=data)).html
        yield key, body, "html", truth[key]["articleBody"]


def load_aeb() -> Iterator[tuple[str, str, str, str]]:
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        data = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes())
        yield key, decode(Document(url=key, raw=data)).html, "html", truth[key]["articleBody"]


def load_rdb() -> Iterator[tuple[str, str, str, str]]:
    for gold_path in sorted((RDB / "gold").glob("*.txt")):
        key = gold_path.stem
        data = gzip.decompress((RDB / "html" / f"{key}.html.gz").read_bytes())
        yield key, decode(Document(url=key, raw=data)).html, "html", gold_path.read_text(encoding="utf-8")


def load_demo() -> Iterator[tuple[str, str, str, str, tuple[str, ...]]]:
    import tempfile

    from winnow.demo.site import build_site

    with tempfile.TemporaryDirectory(prefix="winnow-demo-") as tmp:
        gold = json.loads(build_site(Path(tmp)).read_text(encoding="utf-8"))
        for art in gold["articles"]:
            data = (Path(tmp) / art["path"].lstrip("/")).read_bytes()
            charset = art.get("header_charset")
            headers = {"Content-Type": f"text/html; charset={charset}"} if charset else {}
            html = decode(Document(url=art["path"], raw=data, headers=headers)).html
            name = f"{art['layout']}{art['id']}"
            yield name, html, "html", art["main_text"], tuple(art["boilerplate"])


def run(tools: dict[str, Callable], pages: list[tuple], passes: int = 3) -> dict[str, dict]:
    """Per tool: quality from the first pass; ms/page is the median over pages of each page's
    fastest pass.

    Each pass runs every tool over the whole corpus in turn, as a pipeline would (one tool,
    page after page). A tool's passes are thus spread over the run, so a burst of load on the
    shared machine cannot spoil all of them, and the fastest of a page's passes drops
    first-touch costs and noise (timeit's rule), the same way for every tool.
    """
    best = {name: [float("inf")] * len(pages) for name in tools}
    scores: dict[str, list] = {name: [] for name in tools}
    leaked = dict.fromkeys(tools, 0)
    empty, bad = dict.fromkeys(tools, 0), dict.fromkeys(tools, 0)
    for number in range(max(passes, 1)):
        for name, tool in tools.items():
            for index, (page, body, kind, gold, *extra) in enumerate(pages):
                out, ms = _timed(tool, page, body, kind, quiet=number > 0)
                best[name][index] = min(best[name][index], ms)
                if number == 0:
                    scores[name].append((*prf(out, gold), page))
                    leaked[name] += leaks(out, gold, extra[0] if extra else ())
                    empty[name] += not out.strip()
                    bad[name] += garbled(out, gold)
    return {
        name: {**_summary(scores[name], leaked[name], best[name]), "empty": empty[name], "garbled": bad[name]}
        for name in tools
    }


def _timed(tool: Callable, page: str, body: str | bytes, kind: str, quiet: bool) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        out = tool(body, kind)
    except Exception as exc:  # a crashing tool scores 0 on that page, the run goes on
        if not quiet:
            print(f"  {page}: {type(exc).__name__}: {exc}", file=sys.stderr)
        out = ""
    return out, (time.perf_counter() - start) * 1000


def _summary(scores: list[tuple], leaked: int, best: list[float]) -> dict:
    n = max(len(scores), 1)
    return {
        "P": sum(s[0] for s in scores) / n,
        "R": sum(s[1] for s in scores) / n,
        "F1": sum(s[2] for s in scores) / n,
        "leak": leaked / n,
        "ms": statistics.median(best) if best else 0.0,
        "worst": sorted((s[2], s[3]) for s in scores)[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", type=int, default=0, help="only the first N pages per corpus")
    parser.add_argument("--corpus", default="own,zh,zh-raw,aeb,rdb,demo")
    parser.add_argument("--tools", default="ours,traf,traf-prec,readability")
    parser.add_argument("--worst", action="store_true", help="print the 5 worst pages per tool")
    parser.add_argument(
        "--passes", type=int, default=3, help="timed passes over each corpus per tool (a page's fastest counts)"
    )
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    corpora: dict[str, Callable[[], Iterator]] = {"own": lambda: load_dir(OWN), "demo": load_demo}
    if SHARED.exists():
        corpora |= {"zh": load_zh, "zh-raw": lambda: load_zh(raw=True), "aeb": load_aeb, "rdb": load_rdb}
    else:
        print(f"{SHARED} not found: skipping zh-web-content and article-extraction-benchmark")
    tools = {name: TOOLS[name]() for name in args.tools.split(",")}
    print(
        f"{'corpus':8} {'tool':13} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'leak':>6} {'ms/page':>8} "
        f"{'empty':>5} {'garbled':>7}"
    )
    for corpus in args.corpus.split(","):
        if corpus not in corpora:
            continue
        pages = list(corpora[corpus]())
        if args.quick:
            pages = pages[: args.quick]
        chosen = {
            name: tool
            for name, tool in tools.items()
            if corpus != "zh-raw" or name.startswith("traf") or name == "ours"
        }
        results = run(chosen, pages, args.passes)
        for name, result in results.items():
            print(
                f"{corpus:8} {name:13} {len(pages):5d} {result['P']:6.3f} {result['R']:6.3f} "
                f"{result['F1']:6.3f} {result['leak']:6.1%} {result['ms']:8.2f} "
                f"{result['empty']:5d} {result['garbled']:7d}"
            )
            if args.worst:
                print("         worst:", ", ".join(f"{n[:12]}={f:.2f}" for f, n in result["worst"]))
        medians = {name: result["ms"] for name, result in results.items()}
        if medians.get("ours") and len(medians) > 1:
            print(
                f"{corpus:8} speed: ours is "
                + ", ".join(
                    f"{ms / medians['ours']:.1f}x faster than {name}" for name, ms in medians.items() if name != "ours"
                )
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
