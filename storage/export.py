"""Export of documents, sections, canonical entries and cluster members: CSV (default), XLSX or
Parquet.

Tables (the contract's three, plus ``members``):

- ``documents``, ``sections``, ``canonical``: the contract's columns, unchanged;
- ``members``: one row per section of a cluster with two or more members (cluster_id, doc_id,
  url, section_no, heading, city, province, adcode, similarity, variation): which city each
  copy of a template is for, how close it is to the canonical text (0..1, see
  ``deviation``) and what it says beyond the template (its per-city variation).

CSV files are UTF-8 with a BOM so Excel opens Chinese text correctly; fields with commas, quotes
or newlines are quoted (RFC 4180). CSV and XLSX stay inside Excel's limits, because a cell or
row Excel cannot hold is cut silently and the rest of the row shifts:

- a cell holds at most 32,767 characters: longer text is cut and ends with an explicit
  ``… (N more characters)``; the ``cities``/``urls`` lists of ``canonical`` are cut at an item
  with ``… and N more`` (the full lists are the ``members`` rows);
- a sheet holds 1,048,576 rows (with the header): a longer table is split into numbered parts,
  ``sections_part1.csv``, ``sections_part2.csv``… (sheets ``sections``, ``sections_2``… in XLSX).

Cells that a spreadsheet would run as formulas (starting with ``= + - @``, tab or CR) get a
leading ``'``, in CSV and XLSX alike (XLSX cells are also written as strings, never formulas).
Parquet keeps everything verbatim and whole (it is for pandas/duckdb/Spark, not Excel).
Each file is written to a temporary file and renamed, so a killed export never leaves a
half-written file behind.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session, aliased

from pipeline.places_lookup import resolve_first
from storage.models import ClusterRow, DocumentRow, SectionRow
from storage.repository import stream

DOCUMENT_COLUMNS = ("doc_id", "url", "title", "published_at", "clean_text", "status", "error")
SECTION_COLUMNS = ("doc_id", "url", "section_no", "heading", "text", "cluster_id")
CANONICAL_COLUMNS = (
    "cluster_id",
    "title",
    "canonical_text",
    "template_text",
    "member_count",
    "cities",
    "urls",
    "first_seen",
    "last_seen",
)
MEMBER_COLUMNS = (
    "cluster_id",
    "doc_id",
    "url",
    "section_no",
    "heading",
    "city",
    "province",
    "adcode",
    "similarity",
    "variation",
)
# Excel and LibreOffice treat cells starting with these as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

EXCEL_MAX_CELL = 32_767  # characters (UTF-16 code units) in one cell
EXCEL_MAX_ROWS = 1_048_576  # rows in one sheet, the header included
MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1  # data rows per file or sheet

INT_COLUMNS = frozenset({"doc_id", "section_no", "member_count"})
FLOAT_COLUMNS = frozenset({"similarity"})


def text_lines(text: str | None) -> list[str]:
    """The non-blank lines of a text."""
    return [line for line in (text or "").split("\n") if line.strip()]


def deviation(template: list[str], member: list[str]) -> tuple[float, int, int]:
    """(similarity 0..1, extra lines, missing lines) of a member's non-empty lines against its
    template's. Order-insensitive (content farms reorder paragraphs): Dice overlap of the line
    multisets, rounded to 4 places. ``members`` rows and ``queries.cluster_members`` use it."""
    shared = sum((Counter(template) & Counter(member)).values())
    total = len(template) + len(member)
    similarity = 2 * shared / total if total else 1.0
    return round(similarity, 4), len(member) - shared, len(template) - shared


def neutralise(value: Any) -> Any:
    """Prefix a quote to text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def excel_len(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units (a character outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def fit_cell(value: Any, limit: int = EXCEL_MAX_CELL) -> Any:
    """Text cut to ``limit`` characters, ending with ``… (N more characters)`` when cut."""
    if not isinstance(value, str) or len(value) * 2 <= limit or excel_len(value) <= limit:
        return value
    keep = limit - 40  # room for the marker, whatever N is
    head = value[:keep]
    while excel_len(head) > keep:  # astral characters count twice
        head = head[: -max(1, (excel_len(head) - keep) // 2)]
    return f"{head}… ({len(value) - len(head)} more characters)"


def fit_list(items: Sequence[str], limit: int = EXCEL_MAX_CELL, sep: str = ";") -> str:
    """``sep``-joined items, as many as fit in ``limit`` characters; if some do not, the cell
    ends with ``… and N more``. (An item too long on its own is cut by ``fit_cell`` later.)"""
    joined = sep.join(items)
    if excel_len(joined) <= limit:
        return joined
    kept: list[str] = []
    used = 0
    for n, item in enumerate(items):
        marker = len(f"{sep}… and {len(items) - n} more")
        cost = excel_len(item) + (len(sep) if kept else 0)
        if used + cost + marker > limit:
            break
        kept.append(item)
        used += cost
    return sep.join(kept + [f"… and {len(items) - len(kept)} more"])


def spreadsheet_cell(value: Any) -> Any:
    """A value as CSV and XLSX cells carry it: formula-safe, within Excel's cell size."""
    return fit_cell(neutralise(value))


OnRow = Callable[[], None]


class ExportCounts(dict[str, int]):
    """Rows per table (a plain dict to compare) plus ``files``: table → the files written."""

    files: dict[str, list[Path]]

    def __init__(self) -> None:
        super().__init__()
        self.files = {}


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


def publish(tmp: str, path: Path) -> None:
    """Rename a finished temp file to ``path`` (atomic), readable as any file this process
    creates: mkstemp makes it owner-only (0600), which would keep an export from the people
    and jobs that read the export folder."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


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
    """Write one CSV file atomically (no row limit); returns the number of data rows.
    ``on_row`` is called after each row. Cells are made formula-safe and cut to Excel's size."""
    fd, tmp = temp_beside(path)
    try:
        count = _write_csv_rows(fd, header, rows, on_row)
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _write_csv_rows(fd: int, header: Sequence[str], rows: Iterable[Sequence[Any]], on_row: OnRow | None) -> int:
    count = 0
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([spreadsheet_cell(v) for v in row])
            count += 1
            if on_row:
                on_row()
    return count


def part_path(path: Path, number: int) -> Path:
    """``dir/sections.csv`` → ``dir/sections_part2.csv``."""
    return path.with_name(f"{path.stem}_part{number}{path.suffix}")


def chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[Iterator[Sequence[Any]]]:
    """Split a row stream into consecutive runs of at most ``size`` rows, lazily; no empty run
    after the last row (the next run is only started once a row for it exists)."""
    if size < 1:
        raise ValueError("size must be at least 1")
    iterator = iter(rows)
    for first in iterator:

        def run(first: Sequence[Any] = first) -> Iterator[Sequence[Any]]:
            yield first
            for _, row in zip(range(size - 1), iterator, strict=False):
                yield row

        yield run()


def write_csv_parts(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    on_row: OnRow | None = None,
    max_rows: int = MAX_DATA_ROWS,
) -> list[Path]:
    """Write ``path``, or ``path``'s numbered parts when there are more than ``max_rows`` rows;
    returns the files written (an empty table still gets its file with the header).

    Each part is written under a temporary name and renamed only when the table is complete,
    so a reader never sees ``sections.csv`` where parts belong. Files of an earlier export of
    the same table that this one does not replace (a whole file now split, extra parts) are
    removed, so the folder never mixes two exports.
    """
    temps: list[str] = []
    try:
        for part in chunks(rows, max_rows):
            fd, tmp = temp_beside(path if not temps else part_path(path, len(temps) + 1))
            temps.append(tmp)
            _write_csv_rows(fd, header, part, on_row)
        if not temps:  # no rows: a file with the header only
            fd, tmp = temp_beside(path)
            temps.append(tmp)
            _write_csv_rows(fd, header, [], on_row)
        finals = [path] if len(temps) == 1 else [part_path(path, n) for n in range(1, len(temps) + 1)]
        for tmp, final in zip(temps, finals, strict=False):
            publish(tmp, final)
    except BaseException:
        for tmp in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    _remove_other_parts(path, finals)
    return finals


def _remove_other_parts(path: Path, keep: Sequence[Path]) -> None:
    pattern = re.compile(rf"{re.escape(path.stem)}(_part\d+)?{re.escape(path.suffix)}")
    for old in path.parent.iterdir():
        if pattern.fullmatch(old.name) and old not in keep:
            old.unlink(missing_ok=True)


# -- the tables -------------------------------------------------------------------------------


def document_rows(session: Session) -> Iterator[tuple[Any, ...]]:
    stmt = select(
        DocumentRow.id,
        DocumentRow.url,
        DocumentRow.title,
        DocumentRow.published_at,
        DocumentRow.clean_text,
        DocumentRow.status,
        DocumentRow.error,
    ).order_by(DocumentRow.id)
    yield from stream(session, stmt, 500)


def section_rows(session: Session) -> Iterator[tuple[Any, ...]]:
    stmt = (
        select(
            SectionRow.document_id,
            DocumentRow.url,
            SectionRow.section_no,
            SectionRow.heading,
            SectionRow.text,
            ClusterRow.key,
        )
        .join(DocumentRow, SectionRow.document_id == DocumentRow.id)
        .outerjoin(ClusterRow, SectionRow.cluster_id == ClusterRow.id)
        .order_by(SectionRow.document_id, SectionRow.section_no)
    )
    yield from stream(session, stmt, 500)


def canonical_rows(session: Session) -> Iterator[tuple[Any, ...]]:
    """Canonical entries, largest first, with ``cities``/``urls`` as stored (';'-separated)."""
    stmt = select(
        ClusterRow.key,
        ClusterRow.title,
        ClusterRow.canonical_text,
        ClusterRow.template_text,
        ClusterRow.member_count,
        ClusterRow.cities,
        ClusterRow.urls,
        ClusterRow.first_seen,
        ClusterRow.last_seen,
    ).order_by(ClusterRow.member_count.desc(), ClusterRow.key)
    yield from stream(session, stmt, 500)


def canonical_rows_fitted(session: Session) -> Iterator[tuple[Any, ...]]:
    """:func:`canonical_rows` with the lists cut to fit a cell (``… and N more``)."""
    cities, urls = CANONICAL_COLUMNS.index("cities"), CANONICAL_COLUMNS.index("urls")
    for fixed in canonical_rows(session):
        row = list(fixed)
        for i in (cities, urls):
            row[i] = fit_list([v for v in (row[i] or "").split(";") if v])
        yield tuple(row)


def member_rows(session: Session, cluster_id: str | None = None) -> Iterator[tuple[Any, ...]]:
    """One row per member of every cluster with two or more members (columns: MEMBER_COLUMNS),
    clusters largest first as in ``canonical``, members in document order.

    city/province/adcode: the member's first stored place name that is a city, resolved by
    ``pipeline.places_lookup``; a section that names no place takes its page's (the first
    section of the page that names one). A member naming only a province has city ""; one whose
    page names no place has all three empty. similarity: ``deviation`` of the member's
    ``{city}``-normalised lines against the cluster's template (1.0 = a pure city swap).
    ``cluster_id``: only that cluster's members."""
    sibling = aliased(SectionRow)
    # A page names its city once, usually in its first section: a later section without a place
    # name of its own is for the city of the page's first section that names one.
    page_cities = (
        select(sibling.cities)
        .where(sibling.document_id == SectionRow.document_id, sibling.cities != "")
        .order_by(sibling.section_no)
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        select(
            ClusterRow.key,
            ClusterRow.template_text,
            SectionRow.document_id,
            DocumentRow.url,
            SectionRow.section_no,
            SectionRow.heading,
            case((SectionRow.cities != "", SectionRow.cities), else_=page_cities),
            SectionRow.template_text,
            SectionRow.variation,
        )
        .join(SectionRow, SectionRow.cluster_id == ClusterRow.id)
        .join(DocumentRow, SectionRow.document_id == DocumentRow.id)
        .where(ClusterRow.member_count >= 2)
        .order_by(ClusterRow.member_count.desc(), ClusterRow.key, SectionRow.document_id, SectionRow.section_no)
    )
    if cluster_id is not None:
        stmt = stmt.where(ClusterRow.key == cluster_id)
    key, template = None, []
    seen: dict[str, float] = {}  # a member's text -> its similarity, within one cluster
    for cluster, cluster_template, doc_id, url, section_no, heading, cities, text, variation in stream(
        session, stmt, 500
    ):
        if cluster != key:  # rows come cluster by cluster: split each template once
            key, template, seen = cluster, text_lines(cluster_template), {}
        place = resolve_first([c for c in (cities or "").split(";") if c])
        # Pure city swaps share one {city} text: compare each distinct text once per cluster.
        similarity = seen.get(text)
        if similarity is None:
            similarity = deviation(template, text_lines(text))[0]
            if len(seen) < 10_000:
                seen[text] = similarity
        yield (
            cluster,
            doc_id,
            url,
            section_no,
            heading,
            place.city if place else "",
            place.province if place else "",
            place.adcode if place else "",
            similarity,
            variation or "",
        )


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[Session], Iterator[tuple[Any, ...]]]  # as a spreadsheet shows them
    whole_rows: Callable[[Session], Iterator[tuple[Any, ...]]]  # verbatim (Parquet)


TABLES = (
    Table("documents", DOCUMENT_COLUMNS, document_rows, document_rows),
    Table("sections", SECTION_COLUMNS, section_rows, section_rows),
    Table("canonical", CANONICAL_COLUMNS, canonical_rows_fitted, canonical_rows),
    Table("members", MEMBER_COLUMNS, member_rows, member_rows),
)


def export_csv(
    session: Session, out_dir: Path, on_row: OnRow | None = None, max_rows: int = MAX_DATA_ROWS
) -> ExportCounts:
    """Write documents.csv, sections.csv, canonical.csv and members.csv into ``out_dir`` (a
    table of more than ``max_rows`` rows as numbered parts); returns rows per table."""
    counts = ExportCounts()
    for table in TABLES:
        rows = _counted(table.rows(session), counts, table.name)
        counts.files[table.name] = write_csv_parts(
            Path(out_dir) / f"{table.name}.csv", table.columns, rows, on_row, max_rows
        )
    return counts


def _counted(rows: Iterable[Sequence[Any]], counts: dict[str, int], name: str) -> Iterator[Sequence[Any]]:
    counts[name] = 0
    for row in rows:
        counts[name] += 1
        yield row


# -- XLSX -------------------------------------------------------------------------------------

XLSX_NAME = "winnow.xlsx"
WIDTH_SAMPLE = 200  # rows looked at to size the columns
MAX_WIDTH = 80  # column width cap, in Excel's character units


def display_width(text: str) -> int:
    """Columns a text takes on screen: East Asian wide/full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_widths(header: Sequence[str], sample: Sequence[Sequence[Any]]) -> list[float]:
    """Width per column from the header and a sample of rows: the longest line of each cell
    (wide characters count 2, so Chinese text is not cut), capped at ``MAX_WIDTH``."""
    widths = [display_width(h) + 2 for h in header]
    for row in sample:
        for i, value in enumerate(row):
            if value is None:
                continue
            longest = max((display_width(line) for line in str(value)[:2000].split("\n")), default=0)
            widths[i] = max(widths[i], min(longest + 2, MAX_WIDTH))
    return [float(w) for w in widths]


def sheet_name(table: str, number: int) -> str:
    """``sections``, then ``sections_2``… (Excel: at most 31 characters)."""
    return (table if number == 1 else f"{table}_{number}")[:31]


def export_xlsx(
    session: Session, out_dir: Path, on_row: OnRow | None = None, max_rows: int = MAX_DATA_ROWS
) -> ExportCounts:
    """Write ``out_dir/winnow.xlsx``: one sheet per table (documents, sections, canonical,
    members), header row frozen, columns sized for Chinese text, every cell formula-safe and
    within Excel's size; a table of more than ``max_rows`` rows continues on ``NAME_2``… sheets.

    Rows are streamed (XlsxWriter ``constant_memory``), so memory stays flat on big exports.
    Needs XlsxWriter (a dependency of the package).
    """
    import xlsxwriter

    path = Path(out_dir) / XLSX_NAME
    fd, tmp = temp_beside(path)
    os.close(fd)
    counts = ExportCounts()
    try:
        workbook = xlsxwriter.Workbook(
            tmp,
            {
                "constant_memory": True,
                # Text stays text: no formulas, no numbers or URLs guessed from scraped strings.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        header_format = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        top = workbook.add_format({"valign": "top"})  # multi-line cells read from their first line
        for table in TABLES:
            counts[table.name] = 0
            names = []
            for number, part in enumerate(chunks(table.rows(session), max_rows), start=1):
                names.append(sheet_name(table.name, number))
                counts[table.name] += _write_sheet(workbook, names[-1], table.columns, part, header_format, top, on_row)
            if not names:
                names.append(sheet_name(table.name, 1))
                _write_sheet(workbook, names[-1], table.columns, iter(()), header_format, top, on_row)
            counts.files[table.name] = [path]
        workbook.close()
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def _write_sheet(
    workbook: Any,
    name: str,
    header: Sequence[str],
    rows: Iterator[Sequence[Any]],
    header_format: Any,
    cell_format: Any,
    on_row: OnRow | None,
) -> int:
    sheet = workbook.add_worksheet(name)
    sample = [tuple(spreadsheet_cell(v) for v in row) for _, row in zip(range(WIDTH_SAMPLE), rows, strict=False)]
    # constant_memory: widths and panes must be set before the first row is written.
    for col, width in enumerate(column_widths(header, sample)):
        sheet.set_column(col, col, width, cell_format)
    sheet.freeze_panes(1, 0)
    for col, title in enumerate(header):
        sheet.write_string(0, col, title, header_format)
    count = 0
    for row in _chain(sample, (tuple(spreadsheet_cell(v) for v in r) for r in rows)):
        count += 1
        for col, (column, value) in enumerate(zip(header, row, strict=False)):
            _write_cell(sheet, count, col, column, value)
        if on_row:
            on_row()
    return count


def _chain(first: Sequence[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest


def _write_cell(sheet: Any, row: int, col: int, column: str, value: Any) -> None:
    if value is None or value == "":
        return
    if column in INT_COLUMNS or column in FLOAT_COLUMNS:
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))


# -- Parquet ----------------------------------------------------------------------------------


def write_parquet(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    on_row: OnRow | None = None,
    chunk_rows: int = 5000,
) -> int:
    """Write atomically in row groups of ``chunk_rows``; returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def kind(column: str) -> Any:
        return pa.int64() if column in INT_COLUMNS else pa.float64() if column in FLOAT_COLUMNS else pa.string()

    schema = pa.schema([(c, kind(c)) for c in header])
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
                    writer.write_table(
                        pa.Table.from_pylist([dict(zip(header, r, strict=False)) for r in chunk], schema)
                    )
                    chunk = []
            writer.write_table(pa.Table.from_pylist([dict(zip(header, r, strict=False)) for r in chunk], schema))
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def export_parquet(session: Session, out_dir: Path, on_row: OnRow | None = None) -> ExportCounts:
    """Write documents, sections, canonical and members ``.parquet`` files (needs pyarrow),
    text verbatim and whole."""
    counts = ExportCounts()
    for table in TABLES:
        path = Path(out_dir) / f"{table.name}.parquet"
        counts[table.name] = write_parquet(path, table.columns, table.whole_rows(session), on_row)
        counts.files[table.name] = [path]
    return counts
