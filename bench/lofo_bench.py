"""Leave-one-farm-out figures for the settings of ``pipeline.siteblocks``.

The structural furniture learner has two shares (``COMPANION_SHARE``, ``PLACE_SHARE``). Every
figure printed for a farm here comes from the setting that scored best on the *other* farms
(mean extraction F1 minus mean leak), so no farm's figure was chosen by looking at that farm.
The rest of the chain (per-page extraction and the line-rule stack of ``pipeline.sitewide``)
runs as landed. Each farm's pages are built and processed once; each setting re-runs only the
site-wide steps (``bench/blind_bench.corpus_steps``).

    python bench/lofo_bench.py [--farm farm1,...,farm8] [--articles 400] [--punctuation fullwidth]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import blind_bench  # noqa: E402
from extract_bench import prf  # noqa: E402

from pipeline import siteblocks  # noqa: E402

COMPANION_SHARES = (0.4, 0.5, 0.6)
PLACE_SHARES = (0.6, 0.7, 0.8)


def farm_docs(farm: str, articles: int, punctuation: str) -> tuple[list[dict], list]:
    build_site, seed = blind_bench.FARMS[farm]
    with tempfile.TemporaryDirectory(prefix="winnow-lofo-") as tmp:
        out = Path(tmp)
        gold = build_site(out, articles=articles, seed=seed, punctuation=punctuation)
        wanted = [g for g in gold if g["page_type"] == "article"]
        docs = [
            blind_bench.process(g["url"], (out / g["path"]).read_bytes(), {"Content-Type": "text/html"}) for g in wanted
        ]
    return wanted, docs


def score(wanted: list[dict], docs: list, setting: tuple[float, float]) -> dict[str, float]:
    siteblocks.COMPANION_SHARE, siteblocks.PLACE_SHARE = setting
    done = blind_bench.corpus_steps(docs, {d.url: d.html for d in docs if d.ok})
    n = len(wanted)
    return {
        "F1": sum(prf(d.clean_text, "\n".join(w["main_text"]))[2] for d, w in zip(done, wanted, strict=True)) / n,
        "leak": sum(bool(blind_bench.leaked(d, w["boilerplate"])) for d, w in zip(done, wanted, strict=True)) / n,
        "date": sum(
            blind_bench.date_right(d.published_at, w["published_at"]) for d, w in zip(done, wanted, strict=True)
        )
        / n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--farm", default=",".join(blind_bench.FARMS))
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--punctuation", default="fullwidth")
    args = parser.parse_args(argv)
    farms = args.farm.split(",")
    settings = list(itertools.product(COMPANION_SHARES, PLACE_SHARES))
    # a page's lines do not depend on the setting: read each page's markup once
    siteblocks.page_lines = functools.lru_cache(maxsize=None)(siteblocks.page_lines)  # type: ignore[method-assign]
    results: dict[str, dict[tuple[float, float], dict[str, float]]] = {}
    for farm in farms:
        wanted, docs = farm_docs(farm, args.articles, args.punctuation)
        results[farm] = {setting: score(wanted, docs, setting) for setting in settings}
        siteblocks.page_lines.cache_clear()  # type: ignore[attr-defined]
    print(f"{'farm':6} {'setting (companion, place)':>27} {'F1':>6} {'leak':>6} {'date':>6}")
    held = []
    for farm in farms:
        others = [f for f in farms if f != farm] or [farm]

        def trained(setting: tuple[float, float], others: list[str] = others) -> float:
            return sum(results[f][setting]["F1"] - results[f][setting]["leak"] for f in others) / len(others)

        best = max(settings, key=trained)
        figures = results[farm][best]
        held.append(figures)
        print(f"{farm:6} {str(best):>27} {figures['F1']:6.3f} {figures['leak']:6.1%} {figures['date']:6.1%}")
    n = len(held)
    print(
        f"{'mean':6} {'':>27} {sum(h['F1'] for h in held) / n:6.3f} {sum(h['leak'] for h in held) / n:6.1%} "
        f"{sum(h['date'] for h in held) / n:6.1%}   worst leak {max(h['leak'] for h in held):.1%}, "
        f"lowest F1 {min(h['F1'] for h in held):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
