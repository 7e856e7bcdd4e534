"""Scheduled re-crawls of the demo and the blind farms (issue 25): what is stored, what a re-crawl
of an unchanged site costs.

Each site is built (``winnow.demo.site`` / ``tests/blindfarm*/generate.py``), served by a local
static server that behaves like nginx (``Last-Modified`` and ``ETag`` on every file, 304 to a
matching ``If-Modified-Since`` / ``If-None-Match``), and crawled twice into one database by
``winnow crawl``. The farms' many hosts reach the server as an HTTP proxy (``http_proxy``), so
their absolute links (``http://yiyang.bmbanshi.cn/...``) need no DNS; ``https://`` links are
served as ``http://``. Printed per site:

- ``docs``: ok documents; ``non-article``: of them, pages the gold says are not articles (list,
  index, tag pages: must be 0); ``soft``: soft-404 / login-wall outcomes (none of these sites has
  an error page: each one would be an article lost); ``soft stored``: ok documents whose text our
  soft-error rules call an error page (must be 0);
- re-crawl: requests to stored pages, the share of them that were conditional, 304 answers, and
  pages processed again (``new`` + ``changed`` outcomes and the store's processing seconds: 0).

    python bench/recrawl_bench.py [--sites demo,farm1,...,farm8] [--articles 60]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
FARMS = {f"farm{i}": f"tests.blindfarm{'' if i == 1 else i}.generate" for i in range(1, 9)}
MODIFIED = formatdate(1_700_000_000, usegmt=True)


class Files:
    """(host, path) -> (content type, body) of a built site; host "" for the one-host demo."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, str], tuple[str, bytes]] = {}
        self.log: list[tuple[str, str, bool, int]] = []  # host, path, conditional, status
        self.lock = threading.Lock()

    def add_tree(self, root: Path, host: str, replace: dict[bytes, bytes]) -> None:
        from winnow.demo.server import content_type

        for path in root.rglob("*"):
            rel = path.relative_to(root).as_posix()
            ctype = content_type(rel) if path.is_file() else None
            if path.is_file() and not ctype and rel.endswith((".shtml", ".htm", ".php", ".asp", ".aspx", ".jsp")):
                ctype = "text/html"  # the demo's table knows .html only; farms use these too
            if not ctype or rel.startswith("gold"):
                continue
            body = path.read_bytes()
            for old, new in replace.items():
                body = body.replace(old, new)
            self.files[(host, "/" + rel)] = (ctype, body)
            if rel.endswith("index.html"):
                self.files[(host, "/" + rel[: -len("index.html")])] = (ctype, body)


def serve(files: Files) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            host = parts.hostname or ""
            found = files.files.get((host, parts.path)) or files.files.get(("", parts.path))
            conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
            if found is None:
                status, ctype, body, headers = 404, "text/html", b"<html><body>404 Not Found</body></html>", {}
            else:
                ctype, body = found
                tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers = {"ETag": tag, "Last-Modified": MODIFIED}
                fresh = self.headers.get("If-None-Match") == tag or self.headers.get("If-Modified-Since") == MODIFIED
                status, body = (304, b"") if fresh else (200, body)
            with files.lock:
                files.log.append((host, parts.path, conditional, status))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build(name: str, out: Path, articles: int, port: int) -> tuple[Files, str, list[str], dict[tuple[str, str], str]]:
    """(files, start URL, extra crawl arguments, gold page type by (host, path))."""
    files = Files()
    if name == "demo":
        from winnow.demo.site import BASE_PLACEHOLDER, build_site

        gold = json.loads(build_site(out).read_text(encoding="utf-8"))
        base = f"http://127.0.0.1:{port}"
        files.add_tree(out, "", {BASE_PLACEHOLDER.encode(): base.encode()})
        kinds = {("127.0.0.1", a["path"]): "article" for a in gold["articles"]}
        return files, base + "/", [], kinds
    golds = importlib.import_module(FARMS[name]).build_site(out, articles=articles)
    for host_dir in out.iterdir():
        if host_dir.is_dir():
            files.add_tree(host_dir, host_dir.name, {b"https://": b"http://"})
    kinds = {_host_path(g): g.get("page_type", "article") for g in golds}
    hosts = sorted({g["host"] for g in golds})
    main = next((h for h in hosts if h.startswith("www.")), hosts[0])
    domain = ".".join(main.split(".")[1:]) if main.count(".") >= 2 else main
    return files, f"http://{main}/", ["--allow-host", f"*.{domain}", "--allow-host", domain], kinds


def _host_path(gold: dict[str, str]) -> tuple[str, str]:
    """(host, path) of a gold page (some generators write the host into ``path``)."""
    if gold.get("url"):
        parts = urlsplit(gold["url"])
        return parts.hostname or "", parts.path
    path = gold["path"]
    return gold["host"], path if path.startswith("/") else "/" + path.split("/", 1)[1]


def crawl(start: str, db: Path, extra: list[str], env: dict[str, str], cwd: Path) -> None:
    args = [str(BIN / "winnow"), "crawl", "--start-url", start, "--db", f"sqlite:///{db}", *FAST, *extra]
    out = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, timeout=1800)
    if out.returncode not in (0, 1):
        raise SystemExit(f"crawl failed ({out.returncode}): {out.stderr[-2000:]}")


def measure(name: str, articles: int) -> dict[str, object]:
    from pipeline.softerror import detect

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = Files()
        server = serve(files)
        port = server.server_address[1]
        built, start, extra, kinds = build(name, root / "site", articles, port)
        files.files = built.files
        env = dict(os.environ)
        if name != "demo":
            env.update(http_proxy=f"http://127.0.0.1:{port}", no_proxy="")
        db = root / "w.db"
        crawl(start, db, extra, env, root)
        stored_urls = {u for (u,) in sqlite3.connect(db).execute("select url from documents where status = 'ok'")}
        files.log.clear()
        crawl(start, db, extra, env, root)
        server.shutdown()
        con = sqlite3.connect(db)
        docs = con.execute("select url, title, clean_text from documents where status = 'ok'").fetchall()
        outcomes = dict(con.execute("select outcome, count(*) from fetches where run_id = 2 group by 1").fetchall())
        soft = con.execute("select count(*) from fetches where outcome in ('soft-404', 'login-wall')").fetchone()[0]
        (counts,) = con.execute("select counts from crawl_runs where id = 2").fetchone()
    host_of = (lambda u: "127.0.0.1") if name == "demo" else (lambda u: urlsplit(u).hostname)
    non_articles = [u for u, _, _ in docs if kinds.get((host_of(u), urlsplit(u).path), "none") != "article"]
    soft_stored = [u for u, title, text in docs if detect(u, title, text.split("\n"))]
    again = [(c, s) for h, p, c, s in files.log if (f"http://{h or '127.0.0.1:' + str(port)}{p}") in stored_urls]
    counts = json.loads(counts) if isinstance(counts, str) else counts
    return {
        "site": name,
        "docs": len(docs),
        "non-article": len(non_articles),
        "soft": soft,
        "soft stored": len(soft_stored),
        "re-requests": len(again),
        "conditional": f"{sum(c for c, _ in again) / len(again):.0%}" if again else "-",
        "304": sum(s == 304 for _, s in again),
        "reprocessed": outcomes.get("new", 0) + outcomes.get("changed", 0),
        "process s": round(float(counts.get("winnow/seconds_process", 0) or 0), 2),
        "examples": (non_articles + soft_stored)[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="demo," + ",".join(FARMS))
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    columns = (
        "site",
        "docs",
        "non-article",
        "soft",
        "soft stored",
        "re-requests",
        "conditional",
        "304",
        "reprocessed",
        "process s",
    )
    print("\t".join(columns))
    for name in args.sites.split(","):
        row = measure(name.strip(), args.articles)
        print("\t".join(str(row[c]) for c in columns) + (f"\t{row['examples']}" if row["examples"] else ""), flush=True)


if __name__ == "__main__":
    main()
