"""Clustering quality: ours (section level) vs whole-page ``SimhashIndex`` k=3.

Corpora:
  combined (the headline) - ONE labelled corpus: the demo site's gold sections
           (``winnow.demo.site.build_site``) + the hand-split seed blocks + their edited per-city
           variants + the 44 hand-written hard negatives (same topics, other wording; structural
           clones on another subject; texts quoting template sentences verbatim; paraphrases).
           Seed blocks carry the demo's template ids (they are copies of the same templates).
  seeds  - the seed part alone (seed blocks, variants, hard negatives);
  demo   - the demo-site part alone.
Metrics: pairwise and B-cubed precision / recall / F1 against the gold template labels
(a section without a template label is a cluster of its own).

False merges on real, distinct articles (no gold labels needed): the article-extraction-benchmark
(181 pages, mostly English news), the readability test pages (94, many languages) and
zh-web-content (35 Chinese pages) from ``../shared/benchmarks``, run through the per-document
chain and clustered together. None of these pages is a copy of another, so a section in a
multi-member cluster whose best word 3-shingle Jaccard with any other member is below 0.2 is a
false merge (the issue's measure; words are script-aware tokens, one per CJK character, as
``pipeline.fingerprint.token_runs`` cuts them). Target: at most 1 % of the clustered sections.

    python bench/cluster_quality.py [--articles 300] [--sweep] [--benchmarks DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "cluster"))

import numpy as np  # noqa: E402

from pipeline.cluster import ClusterConfig, ClusterItem, cluster, connected_components  # noqa: E402
from pipeline.fingerprint import simhash64  # noqa: E402
from pipeline.normalise import template_of  # noqa: E402

# ---------------------------------------------------------------- corpora: [{key, url, heading, text, label}]


def seed_corpus() -> list[dict]:
    from seed_blocks import labelled_corpus

    return labelled_corpus()


def combined_corpus(demo: list[dict]) -> list[dict]:
    from seed_blocks import demo_labelled, edited_variants, hard_negatives, seed_blocks

    return demo + demo_labelled(seed_blocks() + edited_variants()) + hard_negatives()


def demo_corpus(n_articles: int) -> list[dict] | None:
    try:
        from winnow.demo.site import build_site
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        gold = json.loads(build_site(Path(tmp), n_articles=n_articles).read_text(encoding="utf-8"))
    out = []
    for art in gold["articles"]:
        for no, sec in enumerate(art["sections"]):
            out.append(
                {
                    "key": f"{art['id']:06d}-{no:02d}",
                    "url": art["path"],
                    "heading": sec["heading"],
                    "text": sec["text"],
                    "label": sec.get("template_id"),
                }
            )
    return out


# ---------------------------------------------------------------- clusterings


def gold_labels(corpus: list[dict]) -> list[str]:
    return [c["label"] if c["label"] is not None else f"own:{c['key']}" for c in corpus]


def ours(corpus: list[dict], config: ClusterConfig = ClusterConfig()) -> list[int]:
    items = []
    for c in corpus:
        text, _ = template_of(c["text"])
        items.append(ClusterItem(c["key"], text, simhash64(text)))
    return cluster(items, config)


def page_simhash_baseline(corpus: list[dict], k: int = 3) -> list[int]:
    """Whole-page SimHash (package defaults) in a SimhashIndex; sections inherit the page's group."""
    from simhash import Simhash, SimhashIndex

    pages: dict[str, list[str]] = {}
    for c in corpus:
        pages.setdefault(c["url"], []).append(c["heading"] + "\n" + c["text"])
    urls = sorted(pages)
    hashes = {u: Simhash("\n".join(pages[u])) for u in urls}
    index = SimhashIndex([(str(i), hashes[u]) for i, u in enumerate(urls)], k=k)
    pairs = [(i, int(j)) for i, u in enumerate(urls) for j in index.get_near_dups(hashes[u]) if int(j) > i]
    page_label = connected_components(len(urls), np.array(pairs, dtype=np.int64).reshape(-1, 2))
    by_url = {u: int(page_label[i]) for i, u in enumerate(urls)}
    return [by_url[c["url"]] for c in corpus]


# ---------------------------------------------------------------- false merges on real articles

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
REAL_SETS = (("article-extraction-benchmark", "*.html.gz"), ("readability", "*.html.gz"), ("zh-web-content", "*.html"))


def real_pages(root: Path) -> list[tuple[str, bytes]]:
    """(name, HTML bytes) of every benchmark page, gzip-compressed files decompressed."""
    pages = []
    for name, pattern in REAL_SETS:
        for path in sorted((root / name / "html").glob(pattern)):
            body = path.read_bytes()
            pages.append((f"bench://{name}/{path.name}", gzip.decompress(body) if path.suffix == ".gz" else body))
    return pages


def word_shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """Word n-grams of the whole text (script-aware words; a text of fewer words is one shingle)."""
    from pipeline.fingerprint import token_runs

    words = [w for run in token_runs(text) for w in run]
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))} if words else set()


def false_merges(root: Path = BENCHMARKS) -> dict | None:
    """Cluster the benchmark pages' sections together; count clustered sections whose best
    member Jaccard (word 3-shingles) is below 0.2. None when the pages are not there."""
    from pipeline.chain import process

    pages = real_pages(root)
    if not pages:
        return None
    items, texts = [], []
    for url, body in pages:
        for s in process(url, body).sections:
            items.append(ClusterItem(f"{url}#{s.section_no}", s.template_text, s.simhash or 0))
            texts.append(s.heading + "\n" + s.text)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(cluster(items)):
        groups.setdefault(label, []).append(i)
    multi = [g for g in groups.values() if len(g) > 1]
    bad = 0
    for group in multi:
        shingles = {i: word_shingles(texts[i]) for i in group}
        for i in group:
            best = max(len(shingles[i] & shingles[j]) / max(1, len(shingles[i] | shingles[j])) for j in group if j != i)
            bad += best < 0.2
    clustered = sum(len(g) for g in multi)
    return {
        "pages": len(pages),
        "sections": len(items),
        "multi_clusters": len(multi),
        "clustered": clustered,
        "false": bad,
        "share": bad / clustered if clustered else 0.0,
    }


def report_false_merges(root: Path) -> None:
    out = false_merges(root)
    if out is None:
        print(f"\nbenchmark pages not found under {root}: false-merge check skipped")
        return
    print(f"\n== real, distinct articles: {out['pages']} pages, {out['sections']} sections")
    print(
        f"multi-member clusters {out['multi_clusters']}, sections in them {out['clustered']}, "
        f"best-member word 3-shingle Jaccard < 0.2: {out['false']} "
        f"({out['share']:.1%} of clustered sections; {out['false'] / max(1, out['sections']):.1%} of all)"
    )
    print(f"target: false merges <= 1 % of clustered sections: {'met' if out['share'] <= 0.01 else 'NOT met'}")


# ---------------------------------------------------------------- metrics


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairwise(gold: list, pred: list) -> tuple[float, float, float]:
    same_gold = same_pred = both = 0
    for i, j in combinations(range(len(gold)), 2):
        g, p = gold[i] == gold[j], pred[i] == pred[j]
        same_gold += g
        same_pred += p
        both += g and p
    prec = both / same_pred if same_pred else 1.0
    rec = both / same_gold if same_gold else 1.0
    return prec, rec, _f1(prec, rec)


def bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    joint = Counter(zip(gold, pred, strict=False))
    g_size, p_size = Counter(gold), Counter(pred)
    prec = sum(joint[(g, p)] / p_size[p] for g, p in zip(gold, pred, strict=False)) / len(gold)
    rec = sum(joint[(g, p)] / g_size[g] for g, p in zip(gold, pred, strict=False)) / len(gold)
    return prec, rec, _f1(prec, rec)


def report(name: str, corpus: list[dict]) -> dict:
    gold = gold_labels(corpus)
    rows = {"ours": ours(corpus), "page SimhashIndex k=3": page_simhash_baseline(corpus)}
    print(f"\n== {name}: {len(corpus)} sections, {len(set(gold))} gold clusters")
    print(f"{'method':24s} {'pair P':>7s} {'pair R':>7s} {'pair F1':>7s} {'B3 P':>7s} {'B3 R':>7s} {'B3 F1':>7s}")
    out = {}
    for method, pred in rows.items():
        pw, b3 = pairwise(gold, pred), bcubed(gold, pred)
        out[method] = {"pairwise": pw, "bcubed": b3}
        print(f"{method:24s} " + " ".join(f"{v:7.3f}" for v in (*pw, *b3)))
    gap = out["ours"]["bcubed"][2] - out["page SimhashIndex k=3"]["bcubed"][2]
    print(f"B-cubed F1 gain over page-level SimhashIndex: {gap:+.3f}")
    return out


def margins(corpus: list[dict], config: ClusterConfig = ClusterConfig()) -> None:
    """Closest different-template pair vs the verification threshold (how much room is left)."""
    from pipeline.cluster import shingle_set, similarity

    gold = gold_labels(corpus)
    sets = [shingle_set(template_of(c["text"])[0], config.shingle) for c in corpus]
    worst, where = 0.0, ("", "")
    for i in range(len(corpus)):
        for j in range(i + 1, len(corpus)):
            if gold[i] != gold[j] and (sim := similarity(sets[i], sets[j])) > worst:
                worst, where = sim, (corpus[i]["key"], corpus[j]["key"])
    print(
        f"closest different-template pair: containment {worst:.2f} ({where[0]} / {where[1]}); "
        f"threshold {config.threshold:.2f}"
    )


def sweep(corpus: list[dict]) -> None:
    """B-cubed F1 of ours across thresholds and k (the evidence for ClusterConfig defaults)."""
    gold = gold_labels(corpus)
    print("\nthreshold sweep (k=3):  " + "  ".join(f"{t:.2f}" for t in (0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)))
    f1s = [
        bcubed(gold, ours(corpus, replace(ClusterConfig(), threshold=t)))[2]
        for t in (0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)
    ]
    print("B3 F1:                  " + "  ".join(f"{f:.3f}" for f in f1s))
    for k in (0, 3, 6):
        f = bcubed(gold, ours(corpus, replace(ClusterConfig(), k=k)))[2]
        print(f"k={k}: B3 F1 {f:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="demo-site articles (>= 500 sections)")
    parser.add_argument("--sweep", action="store_true", help="also sweep threshold and k")
    parser.add_argument("--benchmarks", type=Path, default=BENCHMARKS, help="the shared real-page benchmarks")
    args = parser.parse_args(argv)
    corpora = {}
    demo = demo_corpus(args.articles)
    if demo is None:
        print("winnow.demo.site not available: combined and demo corpora skipped")
    else:
        corpora["COMBINED (headline): demo gold + seeds + variants + hard negatives"] = combined_corpus(demo)
    corpora["part: seeds + variants + hard negatives"] = seed_corpus()
    if demo is not None:
        corpora["part: demo site"] = demo
    for name, corpus in corpora.items():
        out = report(name, corpus)
        if name.startswith("COMBINED"):
            f1, gain = out["ours"]["bcubed"][2], out["ours"]["bcubed"][2] - out["page SimhashIndex k=3"]["bcubed"][2]
            margins(corpus)
            print(
                f"targets: B-cubed F1 >= 0.97: {'met' if f1 >= 0.97 else 'NOT met'} ({f1:.3f}); "
                f"gain >= 0.30: {'met' if gain >= 0.30 else 'NOT met'} ({gain:+.3f})"
            )
        if args.sweep:
            sweep(corpus)
    report_false_merges(args.benchmarks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
