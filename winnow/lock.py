"""One run at a time per site and database: a second overlapping run exits at once (code 75).

The lock is a file in ``WINNOW_LOCK_DIR`` (default: ``<system temp dir>/winnow-locks``) named by
a hash of (database URL, site name or start hosts). It is an OS-level lock (``flock`` via
``filelock``), so a crashed or killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout

ENV_LOCK_DIR = "WINNOW_LOCK_DIR"


class AlreadyRunning(Exception):
    """Another run of the same site on the same database holds the lock."""


def lock_dir() -> Path:
    return Path(os.environ.get(ENV_LOCK_DIR) or Path(tempfile.gettempdir()) / "winnow-locks")


def _db_identity(db_url: str) -> str:
    """The database a URL points at, password-free, SQLite paths made absolute."""
    from storage.db import safe_url

    if db_url.startswith("sqlite:///") and db_url not in ("sqlite:///:memory:", "sqlite://"):
        path = db_url[len("sqlite:///") :].split("?", 1)[0]
        return "sqlite:///" + str(Path(path).expanduser().resolve())
    return safe_url(db_url)


def scope(site: str | None = None, start_urls: Iterable[str] = (), job: str = "crawl") -> str:
    """What a run works on: ``site:NAME``, else the sorted start hosts, else the job name."""
    if site:
        return f"site:{site}"
    hosts = sorted({(urlsplit(u).netloc or u).lower() for u in start_urls})
    return "hosts:" + ",".join(hosts) if hosts else f"job:{job}"


def lock_path(db_url: str, what: str) -> Path:
    digest = hashlib.sha256(f"{_db_identity(db_url)}\n{what}".encode()).hexdigest()[:24]
    return lock_dir() / f"winnow-{digest}.lock"


@contextmanager
def run_lock(db_url: str, what: str) -> Iterator[Path]:
    """Hold the lock of (database, ``what``) for the block; ``AlreadyRunning`` if it is taken."""
    path = lock_path(db_url, what)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        from storage.db import safe_url

        raise AlreadyRunning(
            f"another run of {what} on {safe_url(db_url)} is in progress (lock {path}); try later"
        ) from None
    try:
        yield path
    finally:
        lock.release()
