"""The one value that flows through every per-document stage.

Stages take a ``Document`` and return a new one (``dataclasses.replace``); a page that
cannot be processed keeps flowing with ``status`` set and ``error`` saying why, so a
batch never stops on one bad page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

OK = "ok"
ERROR = "error"
SKIPPED = "skipped"
EMPHASIS_LEVEL = 6  # heading level of an all-bold line or a block whose class names a title
KNOWN_HEADING = 9  # heading level of a paragraph that other pages of the site show as a heading


@dataclass(frozen=True)
class Section:
    """One question/answer block of an article (the whole article when it has none)."""

    section_no: int
    heading: str
    text: str  # paragraphs joined by "\n", heading excluded
    template_text: str = ""  # normalised text, place names replaced by {city}
    cities: tuple[str, ...] = ()  # place names found in heading + text, in order
    simhash: int | None = None  # unsigned 64-bit SimHash of template_text

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for p in self.text.split("\n") if p)


@dataclass(frozen=True)
class Removed:
    """A line taken out as boilerplate, and the rule that took it out."""

    text: str
    reason: str
    # Site-wide removals: the line's index in the paragraphs before stripping, so the page as the
    # per-page pipeline left it can be rebuilt when what a site learned changes.
    at: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Document:
    url: str
    raw: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    kind: str = "html"  # html | text
    status: str = OK
    error: str = ""
    # decode
    html: str = ""
    declared_encoding: str = ""
    encoding: str = ""
    warnings: tuple[str, ...] = ()
    # extract / clean
    title: str = ""
    published_at: str = ""  # ISO 8601 when found in a date line, else ""
    source: str = ""
    paragraphs: tuple[str, ...] = ()
    # (paragraph text, level) of the paragraphs the page marks as headings: 2-5 for <h2>-<h6>,
    # 6 for an all-bold line or a block whose class names a title (segmentation reads them)
    headings: tuple[tuple[str, int], ...] = ()
    removed: tuple[Removed, ...] = ()
    # segment / normalise / fingerprint
    sections: tuple[Section, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def clean_text(self) -> str:
        return "\n".join(self.paragraphs)

    def fail(self, reason: str, status: str = ERROR) -> Document:
        return replace(self, status=status, error=reason)

    def warn(self, message: str) -> Document:
        return replace(self, warnings=self.warnings + (message,))
