"""Hostile and broken pages through the whole per-document pipeline and into storage.

Every case of ``tests/hostile.py`` must end as a stored document with a clear status (and an
error when it is not ok), in bounded time and memory, without RecursionError or hang, and the
page stored right after it in the same batch must still be stored ``ok``.

Each case runs in a forked child (the parent has already imported everything, so a fork costs
milliseconds): the parent can kill a case that hangs, and the child measures its own peak RSS
(``VmHWM``, reset through ``/proc/self/clear_refs`` once the input is built). Limits here are
generous (3x the 2 s contract, in CPU seconds of the child, and 2x the 500 MB one) so a loaded
2-core CI machine does not flake;
``bench/hostile_bench.py`` holds the strict figures. Cases that are known to break the strict
contract are ``xfail(strict=True)`` and are checked against the strict limits, so they turn
into failures (remove the marker) as soon as their owner fixes them.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from pathlib import Path
from typing import Any

import hostile
import pytest
from sqlalchemy import select

from pipeline.document import ERROR, OK, SKIPPED
from storage.db import open_db
from storage.models import DocumentRow, SectionRow
from storage.repository import RawInput
from winnow.service.batches import BatchWriter

GENEROUS_SECONDS = 6.0
GENEROUS_MB = 1000.0
STRICT_SECONDS = 2.0
STRICT_MB = 500.0
GOOD_URL = "http://good.test/after"

# Known violations of the strict contract (2 s, 500 MB), measured on the 2-core dev machine.
# Cases that break the 2 s / 500 MB contract, as strict xfails naming the owner (none left:
# pipeline/limits.py bounds the 50 MB page, tag soup, huge lines, entity bombs and section floods).
KNOWN_SLOW: dict[str, str] = {}


def _child(name: str, db_url: str, conn: Any) -> None:
    """Build the case, tell the parent, process + store it and a good page, report."""
    try:
        raw = hostile.raw_input(name)
        sessions = open_db(db_url)
        writer = BatchWriter(sessions, batch_size=10)
        conn.send(("built", len(raw.body)))
        try:
            with open("/proc/self/clear_refs", "w") as handle:
                handle.write("5")
        except OSError:
            pass
        before = hostile.status_kb("VmRSS")
        start, cpu_start = time.perf_counter(), time.process_time()
        writer.add(raw)
        writer.add(RawInput(url=GOOD_URL, body=hostile.good_page(), headers=hostile.HTML))
        writer.flush()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        peak = hostile.status_kb("VmHWM")
        with sessions() as session:
            rows = {r.url: r for r in session.execute(select(DocumentRow)).scalars()}
            hostile_row, good_row = rows.get(raw.url), rows.get(GOOD_URL)
            conn.send(
                (
                    "done",
                    {
                        "wall": wall,
                        "cpu": cpu,
                        "rss_mb": (peak - before) / 1024,
                        "status": hostile_row.status if hostile_row else None,
                        "error": hostile_row.error if hostile_row else None,
                        "warnings": list(hostile_row.warnings) if hostile_row else None,
                        "clean_text": (hostile_row.clean_text or "")[:2000] if hostile_row else "",
                        "title": hostile_row.title if hostile_row else "",
                        "good_status": good_row.status if good_row else None,
                        "good_sections": len(
                            session.execute(select(SectionRow.id).where(SectionRow.document_id == good_row.id)).all()
                        )
                        if good_row
                        else 0,
                    },
                )
            )
    except BaseException as exc:  # report, don't hang the parent
        conn.send(("crash", f"{type(exc).__name__}: {str(exc)[:300]}"))
    finally:
        conn.close()
        os._exit(0)


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied per case (migrating costs more than most cases)."""
    path = tmp_path_factory.mktemp("hostile") / "template.db"
    open_db(f"sqlite:///{path}").kw["bind"].dispose()
    return path


def run_case(
    name: str, tmp_path: Path, limit_seconds: float, slack: float = 1.0, template: Path | None = None
) -> dict[str, Any]:
    """Run one case in a forked child; kill it once it exceeds ``limit_seconds`` (plus slack)."""
    db = tmp_path / "h.db"
    if template is not None:
        shutil.copyfile(template, db)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(name, f"sqlite:///{db}", child), daemon=True)
    proc.start()
    child.close()
    try:
        assert parent.poll(60), f"{name}: input not built within 60 s"
        kind, payload = parent.recv()
        assert kind == "built", payload
        if not parent.poll(limit_seconds + slack):
            return {"killed": True, "wall": float("inf"), "cpu": float("inf")}
        kind, payload = parent.recv()
        if kind == "crash":
            pytest.fail(f"{name}: the pipeline or storage raised: {payload}")
        return payload
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(10)
        parent.close()


def _params() -> list[Any]:
    params = []
    for name in hostile.CASES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_SLOW[name])] if name in KNOWN_SLOW else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.mark.parametrize("name", _params())
def test_hostile_page_is_stored_with_a_status_in_bounded_time_and_memory(
    name: str, tmp_path: Path, migrated_db: Path
) -> None:
    slow = name in KNOWN_SLOW
    seconds, megabytes = (STRICT_SECONDS, STRICT_MB) if slow else (GENEROUS_SECONDS, GENEROUS_MB)
    # CPU seconds are what is asserted (other processes on a loaded CI machine do not inflate
    # them); wall time only decides when a runaway case is killed: at once for known-slow cases,
    # with a wide margin otherwise.
    kill_after = seconds + 0.2 if slow else 3 * seconds
    result = run_case(name, tmp_path, kill_after, slack=0.0, template=migrated_db)
    assert not result.get("killed"), f"{name}: still running after {kill_after} s wall (killed)"
    assert result["cpu"] < seconds, f"{name}: {result['cpu']:.2f} CPU s ({result['wall']:.2f} s wall)"
    assert result["rss_mb"] < megabytes, f"{name}: peak RSS +{result['rss_mb']:.0f} MB"
    assert result["status"] in (OK, ERROR, SKIPPED), f"{name}: not stored ({result})"
    if result["status"] != OK:
        assert result["error"], f"{name}: status {result['status']} without an error"
    assert "RecursionError" not in (result["error"] or "")
    assert result["good_status"] == OK, f"the good page after {name} was not stored ok"
    assert result["good_sections"] >= 1
    for expected in EXPECTED_WARNINGS.get(name, ()):
        assert any(expected in w for w in result["warnings"]), (name, expected, result["warnings"])


EXPECTED_WARNINGS = {
    "huge_attributes": ("truncated",),
    "entity_bomb_amp": ("truncated",),
    "million_siblings": ("truncated",),
    "many_lines": ("cut",),
    "deep_nesting": ("cut",),
    "mixed_encodings": ("U+FFFD",),
    "lone_surrogates_text": ("replaced",),
}


# -- what each case must come out as -------------------------------------------------------------


def _process(name: str) -> Any:
    from winnow.service.batches import process_raw

    return process_raw(hostile.raw_input(name))


@pytest.mark.parametrize(
    "name, status, error",
    [
        ("empty", ERROR, "empty"),
        ("whitespace_only", ERROR, "empty"),
        ("binary_random", SKIPPED, "binary"),
        ("nul_bytes_only", SKIPPED, "binary"),
        # a gzip body served as HTML is unpacked (issue 25), but never past the page limit: a bomb is refused
        ("gzip_body_as_html", ERROR, "bad gzip body: larger than"),
        ("utf16_without_bom", SKIPPED, "binary"),
    ],
)
def test_pages_without_text_get_a_clear_reason(name: str, status: str, error: str) -> None:
    doc = _process(name)
    assert doc.status == status and error in doc.error


def test_nul_bytes_in_html_never_reach_the_text() -> None:
    doc = _process("nul_bytes_in_html")
    assert doc.ok
    assert "\x00" not in doc.clean_text + doc.title


def test_nul_bytes_in_text_files_never_reach_the_text() -> None:
    doc = _process("nul_bytes_text")
    assert doc.ok
    assert "\x00" not in doc.clean_text + doc.title


def test_xml_entity_bomb_is_not_expanded() -> None:
    doc = _process("xml_entity_bomb")
    assert "lollollol" not in doc.clean_text
    assert len(doc.clean_text) < 10_000


def test_entity_bomb_output_is_bounded_by_the_input() -> None:
    doc = _process("entity_bomb_amp")
    assert doc.ok and len(doc.clean_text) <= len(hostile.entity_bomb_amp())


def test_zero_width_and_bidi_controls_do_not_change_the_fingerprint() -> None:
    from pipeline.chain import process

    plain = process(
        "http://x/", hostile._wrap(f"<article><h1>标题</h1><p>{hostile._PARA}</p></article>").encode(), hostile.HTML
    )
    controlled = _process("zero_width_bidi")
    assert controlled.ok
    assert controlled.sections[0].simhash == plain.sections[0].simhash


def test_zero_width_and_bidi_controls_are_removed_from_stored_text() -> None:
    doc = _process("zero_width_bidi")
    bad = set("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert not bad & set(doc.title + doc.clean_text)


def test_damaged_utf8_keeps_its_valid_text() -> None:
    doc = _process("damaged_utf8")
    assert doc.encoding == "utf-8"
    assert hostile._PARA in doc.clean_text


# -- the rest of a batch goes on --------------------------------------------------------------


BATCH_CASES = [n for n, c in hostile.CASES.items() if not c.big and n not in KNOWN_SLOW]


def test_batch_goes_on_after_every_hostile_page(db_url: str) -> None:
    """One writer, hostile and good pages interleaved, small batches that mix them."""
    sessions = open_db(db_url)
    writer = BatchWriter(sessions, batch_size=7)
    for name in BATCH_CASES:
        writer.add(hostile.raw_input(name))
        writer.add(RawInput(url=f"http://good.test/{name}", body=hostile.good_page(), headers=hostile.HTML))
    writer.flush()
    with sessions() as session:
        rows = {r.url: r for r in session.execute(select(DocumentRow)).scalars()}
    for name in BATCH_CASES:
        hostile_row = rows[f"http://hostile.test/{name}"]
        assert hostile_row.status in (OK, ERROR, SKIPPED)
        assert hostile_row.status == OK or hostile_row.error
        assert rows[f"http://good.test/{name}"].status == OK, name
    assert len(rows) == 2 * len(BATCH_CASES)


def test_case_generation_is_fast() -> None:
    """The big inputs are built by multiplication, so CI can afford them."""
    start = time.perf_counter()
    for name in ("page_50mb", "million_siblings", "million_paragraphs"):
        assert len(hostile.CASES[name].build()) > 10_000_000
    assert time.perf_counter() - start < 10


def test_results_are_json_serialisable_for_the_bench() -> None:
    json.dumps({"case": "x", "wall": 0.1})  # the bench parses the child's JSON line
