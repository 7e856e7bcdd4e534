"""Pure processing stages: bytes in, ``Document`` out. Imports nothing else of ours, does no I/O."""

from pipeline.document import ERROR, OK, SKIPPED, Document, Removed, Section
from pipeline.process import process, process_text

__all__ = ["Document", "Section", "Removed", "OK", "ERROR", "SKIPPED", "process", "process_text"]
