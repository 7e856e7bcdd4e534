"""CSV (default) or Parquet export of documents, sections and canonical entries (the contract's
three files).

CSV files are UTF-8 with a BOM so Excel opens Chinese text correctly; fields with commas, quotes
or newlines are quoted (RFC 4180). Parquet files keep the same columns, typed, with text verbatim
(no spreadsheet-formula neutralising). Each file is written to a temporary file and renamed, so a
killed export never leaves a half-written file behind.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ClusterRow, DocumentRow, SectionRow

DOCUMENT_COLUMNS = ("doc_id", "url", "title", "published_at", "clean_text", "status", "error")
SECTION_COLUMNS = ("doc_id", "url", "section_no", "heading", "text", "cluster_id")
CANONICAL_COLUMNS = (
    "cluster_id", "title", "canonical_text", "template_text", "member_count",
    "cities", "urls", "first_seen", "last_seen",
)
# Excel and LibreOffice treat cells starting with these as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a quote to text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


OnRow = Callable[[], None]


def temp_beside(path: Path) -> tuple[int, str]:
    """A temporary file next to ``path`` (same file system, so the final rename is atomic).

    Its name carries our PID; temp files of exports that were killed (their PID is gone) are
    removed first, so repeated kills cannot fill the disk.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        if not _alive(stale.name.rsplit(".", 3)[-3]):
            stale.unlink(missing_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], on_row: OnRow | None = None) -> int:
    """Write atomically; returns the number of data rows. ``on_row`` is called after each row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([neutralise(v) for v in row])
                count += 1
                if on_row:
                    on_row()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def document_rows(session: Session) -> Iterator[tuple[Any, ...]]:
    stmt = select(
        DocumentRow.id, DocumentRow.url, DocumentRow.title, DocumentRow.published_at,
        DocumentRow.clean_text, DocumentRow.status, DocumentRow.error,
    ).order_by(DocumentRow.id)
    yield from session.execute(stmt.execution_options(yield_per=500))


def section_rows(session: Session) -> Iterator[tuple[Any, ...]]:
    stmt = (
        select(
            SectionRow.document_id, DocumentRow.url, SectionRow.section_no,
            SectionRow.heading, SectionRow.text, ClusterRow.key,
        )
        .join(DocumentRow, SectionRow.document_id == DocumentRow.id)
        .outerjoin(ClusterRow, SectionRow.cluster_id == ClusterRow.id)
        .order_by(SectionRow.document_id, SectionRow.section_no)
    )
    yield from session.execute(stmt.execution_options(yield_per=500))


def canonical_rows(session: Session) -> Iterator[tuple[Any, ...]]:
    stmt = select(
        ClusterRow.key, ClusterRow.title, ClusterRow.canonical_text, ClusterRow.template_text,
        ClusterRow.member_count, ClusterRow.cities, ClusterRow.urls,
        ClusterRow.first_seen, ClusterRow.last_seen,
    ).order_by(ClusterRow.member_count.desc(), ClusterRow.key)
    yield from session.execute(stmt.execution_options(yield_per=500))


TABLES = (
    ("documents", DOCUMENT_COLUMNS, document_rows),
    ("sections", SECTION_COLUMNS, section_rows),
    ("canonical", CANONICAL_COLUMNS, canonical_rows),
)


def _export(session: Session, out_dir: Path, write: Any, suffix: str, on_row: OnRow | None) -> dict[str, int]:
    out_dir = Path(out_dir)
    return {name: write(out_dir / f"{name}.{suffix}", columns, rows(session), on_row) for name, columns, rows in TABLES}


def export_csv(session: Session, out_dir: Path, on_row: OnRow | None = None) -> dict[str, int]:
    """Write documents.csv, sections.csv and canonical.csv into ``out_dir``; returns row counts."""
    return _export(session, out_dir, write_csv, "csv", on_row)


# -- Parquet ----------------------------------------------------------------------------------

INT_COLUMNS = frozenset({"doc_id", "section_no", "member_count"})


def write_parquet(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], on_row: OnRow | None = None,
    chunk_rows: int = 5000,
) -> int:
    """Write atomically in row groups of ``chunk_rows``; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.string()) for c in header])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    os.close(fd)
    count = 0
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            chunk: list[Sequence[Any]] = []
            for row in rows:
                chunk.append(tuple(row))
                count += 1
                if on_row:
                    on_row()
                if len(chunk) >= chunk_rows:
                    writer.write_table(pa.Table.from_pylist([dict(zip(header, r)) for r in chunk], schema))
                    chunk = []
            writer.write_table(pa.Table.from_pylist([dict(zip(header, r)) for r in chunk], schema))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def export_parquet(session: Session, out_dir: Path, on_row: OnRow | None = None) -> dict[str, int]:
    """Write documents.parquet, sections.parquet and canonical.parquet (needs pyarrow)."""
    return _export(session, out_dir, write_parquet, "parquet", on_row)
