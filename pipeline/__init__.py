"""Pure processing stages: bytes in, ``Document`` out. Imports nothing else of ours, does no I/O."""

from typing import Any

from pipeline.document import ERROR, OK, SKIPPED, Document, Removed, Section

__all__ = ["Document", "Section", "Removed", "OK", "ERROR", "SKIPPED", "process", "process_text"]


def __getattr__(name: str) -> Any:
    # Stages load lazily, so importing the Document type stays cheap.
    if name in ("process", "process_text"):
        from pipeline import chain as module

        return getattr(module, name)
    raise AttributeError(name)
