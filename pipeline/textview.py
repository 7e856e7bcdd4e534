"""The matching view of a line: the one form every text rule matches against.

Real Chinese pages write punctuation full-width (``：，；？！（）``), digits and Latin letters
sometimes full-width too (``２０２５``, ``ＡＰＰ``), spaces as U+3000 or U+00A0, and dashes and
quotes in half a dozen code points. A rule written for one form silently misses the others.
So rules never see raw text: they see ``match_view(line)``, which

- folds every character whose NFKC form is one printable ASCII character (the full-width
  block U+FF01–FF5E, U+3000, no-break and other Unicode spaces, small and vertical forms);
- unifies dashes (‐ ‑ ‒ – — ― − ﹣ －) to ``-`` and curly quotes to ``"``/``'``;
- collapses runs of white space to one space and strips the ends.

``fold`` does only the one-to-one part (same length as its input), for code that maps match
positions back to the page's own text. Circled and parenthesised numbers (①, ⑴) and CJK
punctuation without an ASCII twin (。、《》【】…) are kept: they carry meaning for the rules
(a circled number is a step, ``。`` ends a sentence).

The text that is stored and exported keeps the page's own characters; only matching folds.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u301d\u301e\u301f\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\uff07"
# Blocks where NFKC folds characters to ASCII; scanning only these keeps start-up cheap.
_FOLD_RANGES = ((0x00A0, 0x00FF), (0x2000, 0x206F), (0x3000, 0x3000), (0xFE10, 0xFE6F), (0xFF00, 0xFFEF))
# Enclosed numbers NFKC would turn into bare digits; they mark steps, so they stay.
_KEEP = frozenset(chr(c) for c in range(0x2460, 0x24FF + 1))


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for low, high in _FOLD_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            folded = unicodedata.normalize("NFKC", char)
            if char not in _KEEP and len(folded) == 1 and folded.isascii() and folded != char:
                table[code] = " " if folded.isspace() else folded
    for code in (0x00A0, 0x2007, 0x202F, 0x3000):
        table[code] = " "
    table.update({ord(c): "-" for c in _DASHES})
    table.update({ord(c): '"' for c in _DOUBLE_QUOTES})
    table.update({ord(c): "'" for c in _SINGLE_QUOTES})
    return table


_FOLD = _fold_table()
# The characters real pages use most, replaced one by one (str.replace is ~20x faster than
# translate on CJK text); the rest of the table only when a search finds one of them.
_COMMON = tuple(
    (ch, _FOLD[ord(ch)]) for ch in "\uff1a\uff0c\uff1b\uff1f\uff01\uff08\uff09\u3000\u201c\u201d\u2014\u00a0"
)
_SHORT = 200  # characters: below this a regex substitution beats the str.replace chain
_RARE = re.compile("[" + "".join(re.escape(chr(code)) for code in _FOLD) + "]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def fold(text: str) -> str:
    """One-to-one fold of full-width forms, Unicode spaces, dashes and quotes (same length)."""
    if text.isascii():
        return text
    if len(text) <= _SHORT:  # one C scan decides; most short lines have nothing to fold
        return _RARE.sub(_fold_match, text) if _RARE.search(text) else text
    for char, ascii_char in _COMMON:
        if char in text:
            text = text.replace(char, ascii_char)
    # str.translate looks every character up (~0.2 µs each on CJK text); the rare ones are few
    return _RARE.sub(_fold_match, text)


def _fold_match(match: re.Match[str]) -> str:
    return _FOLD[ord(match.group())]


def match_view(text: str) -> str:
    """``fold`` plus white space collapsed to single spaces and stripped: what rules match."""
    text = fold(text)
    if not text.isascii() and _ZERO_WIDTH.search(text):
        text = _ZERO_WIDTH.sub("", text)
    return " ".join(text.split())


def full_width(text: str) -> str:
    """ASCII ``:,;?!()`` next to a Chinese character made full-width, as real pages write them
    (times such as ``17:29`` and English text keep ASCII). For tests: every text rule is
    exercised on ``full_width(line)`` as well as on the ASCII-folded line."""
    return _BESIDE_CJK.sub(lambda m: chr(ord(m.group()) + 0xFEE0), text)


_CJK_CLASS = "\u3400-\u9fff\u3000-\u303f"
_BESIDE_CJK = re.compile(f"(?<=[{_CJK_CLASS}])[:,;?!()]|[:,;?!()](?=[{_CJK_CLASS}])")


def views(lines: list[str]) -> list[str]:
    """``match_view`` of each line, folded in one pass over the joined text (lines hold no
    newline: extraction already collapsed their white space)."""
    if not lines:
        return []
    return [" ".join(view.split()) for view in fold("\n".join(lines)).split("\n")]


def both_widths(chars: str) -> str:
    """``chars`` plus the full-width twin of each ASCII one (for character classes in scoring
    code that runs on raw text, where folding every line first would cost more)."""
    twins = "".join(chr(ord(c) + 0xFEE0) for c in chars if "!" <= c <= "~")
    return chars + twins
