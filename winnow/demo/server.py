"""A tiny static server for the demo site, with the headers the demo needs.

Layout A pages get ``text/html; charset=utf-8``; layout B pages (under ``/gbk/``) get bare
``text/html`` so decoders must use the meta tag or detection.  ``robots.txt`` and
``sitemap.xml`` have the build-time base-URL placeholder replaced by the server's own URL.

Run: ``python -m winnow.demo.server ROOT [--port 8000]``.
"""

from __future__ import annotations

import argparse
import posixpath
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from winnow.demo.site import BASE_PLACEHOLDER

_TYPES = {
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
_HIDDEN = frozenset({"gold.json"})  # labels stay off the wire


def content_type(rel_path: str) -> str | None:
    """Content-Type for a root-relative path, or None if the server will not serve it."""
    suffix = posixpath.splitext(rel_path)[1].lower()
    if suffix in (".html", ".htm"):
        return "text/html" if rel_path.startswith("gbk/") else "text/html; charset=utf-8"
    return _TYPES.get(suffix)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # quiet: tests and crawls should not spam stderr

    def _respond(self, with_body: bool) -> None:
        found = self._resolve(urlsplit(self.path).path)
        if found is None:
            self._send(
                HTTPStatus.NOT_FOUND,
                "text/html; charset=utf-8",
                b"<html><body><h1>404 Not Found</h1></body></html>",
                with_body,
            )
            return
        file, ctype = found
        body = file.read_bytes()
        if file.name in ("robots.txt", "sitemap.xml"):
            body = body.replace(BASE_PLACEHOLDER.encode(), self.server.base_url.encode())
        self._send(HTTPStatus.OK, ctype, body, with_body)

    def _resolve(self, url_path: str) -> tuple[Path, str] | None:
        # normpath folds "..", so the result can never climb above the root.
        rel = posixpath.normpath("/" + unquote(url_path)).lstrip("/")
        if rel in ("", "."):
            rel = "index.html"
        elif url_path.endswith("/"):
            rel += "/index.html"
        if rel in _HIDDEN or "\x00" in rel:
            return None
        ctype = content_type(rel)
        file = self.server.root / rel
        if ctype is None or not file.is_file():
            return None
        return file, ctype

    def _send(self, status: HTTPStatus, ctype: str, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    root: Path
    base_url: str

    def handle_error(self, request, client_address) -> None:
        pass  # clients that hang up mid-response are normal during crawls


class DemoServer:
    """A running demo server; use as a context manager or call ``close()``."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self._httpd = _Server((host, port), _Handler)
        self._httpd.root = Path(root).resolve()
        host_address, self.port = self._httpd.server_address[:2]
        self.host = host_address.decode() if isinstance(host_address, bytes) else host_address
        self.url = f"http://{self.host}:{self.port}"
        self._httpd.base_url = self.url
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="winnow-demo-server", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve(root: Path, host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    """Start serving ``root`` in a daemon thread; ``port=0`` picks a free port."""
    return DemoServer(root, host, port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a built Winnow demo site.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    server = serve(args.root, args.host, args.port)
    print(f"serving {args.root} at {server.url} (Ctrl-C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
