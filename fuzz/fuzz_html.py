"""Coverage-guided fuzzing (atheris / libFuzzer) of ``pipeline.chain.process``.

The fuzzer's bytes go in as a response body with one of a few Content-Type headers (chosen by the
first byte), and the result is checked for what must always hold:

- ``process`` never raises (a stage that raises is recorded in ``error``, "decode: ..." etc.; an
  exception escaping ``process`` or a stage error is a finding);
- the status is ok/error/skipped and a non-ok document says why;
- no RecursionError, and no text appears that is not in the input: paragraphs (whitespace removed)
  are a subsequence of the decoded page's text nodes;
- each input finishes in bounded time (libFuzzer's ``-timeout``, 10 s below) and memory (``-rss_limit_mb``).

Run (see fuzz/README.md for the figures of the last long run):

    .venv/bin/python fuzz/fuzz_html.py fuzz/corpus -max_total_time=300 -timeout=10 -rss_limit_mb=2048 \\
        -max_len=200000 -dict=fuzz/html.dict -artifact_prefix=fuzz/findings/
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

with atheris.instrument_imports(include=["pipeline"]):
    from pipeline.chain import process

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

CONTENT_TYPES = (
    {},
    {"Content-Type": "text/html"},
    {"Content-Type": "text/html; charset=utf-8"},
    {"Content-Type": "text/html; charset=gbk"},
    {"Content-Type": "text/html; charset=iso-8859-1"},
    {"Content-Type": "text/html; charset=utf-16"},
    {"Content-Type": "text/plain"},
    {"Content-Type": "application/octet-stream"},
)


def _squash(text: str) -> str:
    return "".join(text.split())


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def check(data: bytes) -> None:
    if not data:
        return
    headers = CONTENT_TYPES[data[0] % len(CONTENT_TYPES)]
    body = data[1:]
    doc = process("http://fuzz.test/", body, headers)
    assert doc.status in ("ok", "error", "skipped"), doc.status
    if not doc.ok:
        assert doc.error, "a failed document must say why"
    # a stage that raised: "decode: ValueError: ..." — that is a bug in the stage
    assert not any(
        doc.error.startswith(f"{stage}: ")
        for stage in ("decode", "extract", "clean", "segment", "normalise", "fingerprint")
    ), doc.error
    assert not any("Error" in w for w in doc.warnings if w.startswith(("normalise:", "fingerprint:"))), doc.warnings
    if doc.ok and doc.paragraphs and len(doc.html) < 100_000:
        root = LexborHTMLParser(doc.html).root
        nodes = (
            ""
            if root is None
            else "".join(n.text_content or "" for n in root.traverse(include_text=True) if n.tag == "-text")
        )
        assert _is_subsequence(_squash("".join(doc.paragraphs)), _squash(nodes)), "text invented by the pipeline"


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
