"""Bounded memos of the pipeline stages, and a way to empty them all.

A content farm repeats most of its lines and sentences, so a few stages memoise their costliest
step per string. Each memo is bounded (an LRU, as ``functools.lru_cache``); a corpus step that has
finished empties them (``clear_all``) so the next one does not carry their megabytes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_MEMOS: list[Any] = []


def bounded(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered for ``clear_all``."""

    def decorate(function: F) -> F:
        memo = lru_cache(maxsize=maxsize)(function)
        _MEMOS.append(memo)
        return memo  # type: ignore[return-value]

    return decorate


def clear_all() -> None:
    """Empty every registered memo (of the modules imported so far)."""
    for memo in _MEMOS:
        memo.cache_clear()
