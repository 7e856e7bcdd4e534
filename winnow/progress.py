"""A one-line progress display on stderr when it is a terminal; silent otherwise (cron, CI, logs).

with Progress("ingest", unit="files") as progress:
    for item in progress.track(items): ...

"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TypeVar

T = TypeVar("T")


class Progress:
    def __init__(
        self,
        label: str,
        total: int | None = None,
        unit: str = "items",
        stream: IO[str] | None = None,
        interval: float = 0.2,
        enabled: bool | None = None,
    ) -> None:
        self.label, self.total, self.unit, self.interval = label, total, unit, interval
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_tty(self.stream) if enabled is None else enabled
        self.done = 0
        self.started = time.monotonic()
        self._shown = 0.0
        self._width = 0
        self._lock = threading.Lock()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.enabled and time.monotonic() - self._shown >= self.interval:
            self.render()

    def track(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            yield item
            self.advance()

    @contextmanager
    def ticking(self) -> Iterator[Progress]:
        """Redraw (elapsed time) from a background thread while the block runs."""
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(max(self.interval, 0.5)):
                self.render()

        thread = threading.Thread(target=tick, daemon=True) if self.enabled else None
        if thread:
            thread.start()
        try:
            yield self
        finally:
            stop.set()
            if thread:
                thread.join()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        count = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
        rate = f", {self.done / elapsed:.1f}/s" if self.done and elapsed > 0 else ""
        return f"{self.label}: {count} {self.unit}{rate}, {elapsed:.0f}s"

    def render(self) -> None:
        if not self.enabled:
            return
        with self._lock:
            text = self.line()
            self.stream.write("\r" + text.ljust(self._width))
            self.stream.flush()
            self._width = len(text)
            self._shown = time.monotonic()

    def close(self) -> None:
        if self.enabled and self._width:
            with self._lock:
                self.stream.write("\r" + " " * self._width + "\r")  # leave the line clean
                self.stream.flush()
                self._width = 0


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
