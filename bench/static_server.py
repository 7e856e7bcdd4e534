"""A minimal keep-alive HTTP/1.1 server for the crawl benches: a built demo site served from
memory with the demo's content types.

Why not ``winnow.demo.server``: on a 2-core machine the site and the crawler share the CPU, and
``http.server`` spends ~3 ms of Python per request parsing headers. That cost lands on whichever
crawl is measured and hides the crawler's own. This one answers from a dict in ~0.2 ms.

    python bench/static_server.py ROOT PORT
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from winnow.demo.server import content_type
from winnow.demo.site import BASE_PLACEHOLDER

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def load(root: Path, base_url: str) -> dict[str, bytes]:
    """Every servable file as a complete HTTP response, keyed by URL path."""
    responses = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        ctype = content_type(rel) if path.is_file() else None
        if not ctype or rel == "gold.json":
            continue
        body = path.read_bytes()
        if rel in ("robots.txt", "sitemap.xml"):
            body = body.replace(BASE_PLACEHOLDER.encode(), base_url.encode())
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
        responses["/" + rel] = head.encode("latin-1") + body
    if "/index.html" in responses:
        responses["/"] = responses["/index.html"]
    return responses


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, site: dict[str, bytes]) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            target = head.split(b" ", 2)[1].decode("latin-1")
            writer.write(site.get(target.split("?", 1)[0], NOT_FOUND))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, IndexError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def serve(root: Path, port: int) -> None:
    site = load(root, f"http://127.0.0.1:{port}")
    server = await asyncio.start_server(lambda r, w: handle(r, w, site), "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1]), int(sys.argv[2])))
