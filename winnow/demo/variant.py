"""A redesign of the demo site, to show what a layout change does to a scheduled crawl.

``redesign(root)`` rewrites a built demo site in place the way content farms often change: the
article text moves out of the HTML into a JSON blob that a script renders in the browser, so
a crawler that reads the HTML finds little more than the title. Crawling the redesigned site
after the original one is what ``winnow crawl --fail-on-drift`` is for (see ``winnow.health``).

Why BeautifulSoup here, when the pipeline parses with selectolax: this rewrites pages as a
whole tree (find the article container in two unrelated layouts, one declared gb2312 but
written in GBK, replace its children, serialise in the page's own encoding), where a forgiving
parser that round-trips old table markup matters and speed does not (a few hundred pages).

Run: ``python -m winnow.demo.variant ROOT`` (after ``python -m winnow.demo.site ROOT``).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date, timedelta
from pathlib import Path

from bs4 import BeautifulSoup, Tag

# The article containers of the demo's two layouts: A (div markup, UTF-8), B (tables, GBK).
CONTAINERS = ("div.article-content", "td#zoom")
_CHARSET = re.compile(rb"charset=[\"']?([\w-]+)", re.I)
_LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def redesign_page(html: bytes) -> bytes | None:
    """The page with its article text moved into a script's JSON, or None if it has no article."""
    # gb2312 declared, GBK written (as on real sites): read it as the superset, GB18030.
    declared = _CHARSET.search(html[:2048])
    encoding = "gb18030" if declared and declared.group(1).lower() in (b"gb2312", b"gbk", b"gb18030") else "utf-8"
    soup = BeautifulSoup(html, "html.parser", from_encoding=encoding)
    container = next((found for css in CONTAINERS if (found := soup.select_one(css)) is not None), None)
    if not isinstance(container, Tag):
        return None
    paragraphs = [p.get_text(" ", strip=True) for p in container.find_all(["p", "h2", "h3"])]
    container.clear()
    app = soup.new_tag("div", attrs={"id": "app", "class": "loading"})
    app.string = "加载中…"
    data = soup.new_tag("script", attrs={"type": "application/json", "id": "page-data"})
    # ASCII-only JSON: the blob survives whatever encoding the page is served in.
    data.string = json.dumps({"paragraphs": paragraphs}, ensure_ascii=True)
    container.append(app)
    container.append(data)
    return soup.encode(encoding)


def redesign(root: Path, today: date | None = None) -> int:
    """Rewrite every article page under ``root`` in place; returns how many were changed.

    The sitemap's ``lastmod`` dates move past ``today`` too, as a CMS that republishes its pages
    does: a crawler that trusts lastmod (winnow does, to skip unchanged pages) would otherwise
    never fetch the redesigned pages."""
    changed = 0
    for path in sorted(Path(root).rglob("*.htm*")):
        new = redesign_page(path.read_bytes())
        if new is not None:
            path.write_bytes(new)
            changed += 1
    sitemap = Path(root) / "sitemap.xml"
    if sitemap.exists():
        # a day after ``today``: lastmod is a date, and pages stored today count as current
        stamp = ((today or date.today()) + timedelta(days=1)).isoformat()
        sitemap.write_text(
            _LASTMOD.sub(f"<lastmod>{stamp}</lastmod>", sitemap.read_text(encoding="utf-8")), encoding="utf-8"
        )
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    print(f"redesigned {redesign(args.root)} pages under {args.root}")


if __name__ == "__main__":
    main()
