"""A small real HTTP server for crawler tests: routes are plain functions, every request is logged."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = tuple[int, dict[str, str], bytes]
Route = Callable[["Handler"], Reply]


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # (host header, path, headers)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(
        self, path: str, html: str, encoding: str = "utf-8", content_type: str | None = None, etag: bool = False
    ) -> None:
        body = html.encode(encoding)
        ctype = content_type or f"text/html; charset={encoding}"
        self.routes[path] = static(body, ctype, etag)

    def paths_requested(self) -> list[str]:
        with self.lock:
            return [p for _, p, _ in self.log]


def static(body: bytes, content_type: str, etag: bool = False) -> Route:
    tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'

    def route(handler: Handler) -> Reply:
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = tag
            if handler.headers.get("If-None-Match") == tag:
                return 304, headers, b""
        return 200, headers, body

    return route


def flaky(body: bytes, failures: int = 1, status: int = 500) -> Route:
    """Fails ``failures`` times with ``status``, then serves the page."""
    calls = {"n": 0}

    def route(handler: Handler) -> Reply:
        calls["n"] += 1
        if calls["n"] <= failures:
            return status, {"Content-Type": "text/plain"}, b"try again"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    return route


def redirect(location: str, status: int = 302) -> Route:
    return lambda handler: (status, {"Location": location}, b"")


def gzip_bomb(size: int) -> Route:
    payload = gzip.compress(b"\0" * size, compresslevel=9)
    return lambda handler: (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, payload)


class Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        with self.site.lock:
            self.site.log.append((self.headers.get("Host", ""), self.path, dict(self.headers)))
        route = self.site.routes.get(path)
        status, headers, body = route(self) if route else (404, {"Content-Type": "text/plain"}, b"not found")
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class MockServer:
    def __init__(self, site: Site, host: str = "127.0.0.1") -> None:
        handler = type("BoundHandler", (Handler,), {"site": site})
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        self.httpd.daemon_threads = True
        self.site = site
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> MockServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
