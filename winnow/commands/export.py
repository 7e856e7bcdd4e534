"""``winnow export --out DIR``: documents, sections, canonical and members tables as CSV
(UTF-8 with BOM), XLSX or Parquet."""

from __future__ import annotations

import argparse

from storage.export import ExportCounts, export_csv, export_parquet, export_xlsx
from winnow.commands.common import EXIT_OK
from winnow.commands.job import open_sessions
from winnow.progress import Progress


def export(args: argparse.Namespace) -> int:
    sessions = open_sessions(args)
    fmt = getattr(args, "format", "csv")
    limit = {"max_rows": args.max_rows} if getattr(args, "max_rows", None) and fmt != "parquet" else {}
    write = {"parquet": export_parquet, "xlsx": export_xlsx}.get(fmt, export_csv)
    with sessions() as session, Progress("export", unit="rows") as progress:
        counts = write(session, args.out, on_row=progress.advance, **limit)
    print(f"export finished into {args.out}: {describe_export(counts, fmt)}")
    return EXIT_OK


def describe_export(counts: ExportCounts, fmt: str) -> str:
    """``documents.csv: 3 rows, sections.csv: 9 rows in 2 parts, …`` (xlsx: sheets of winnow.xlsx)."""
    parts = []
    for name, rows in counts.items():
        files = counts.files.get(name, [])
        split = f" in {len(files)} parts" if len(files) > 1 else ""
        label = f"{name} sheet" if fmt == "xlsx" else f"{name}.{fmt}"
        parts.append(f"{label}: {rows} rows{split}")
    return ", ".join(parts)
