"""Hostile-input benchmark: each case of ``tests/hostile.py`` through the whole per-document
pipeline and into SQLite (``winnow.service.batches.BatchWriter``), one fresh subprocess per case.

Per case it prints wall time (processing + storing, input generation excluded), its CPU time
(wall well above CPU means the machine was busy, not that the case is slow), peak RSS delta
(the kernel's high-water mark ``VmHWM`` after the run minus ``VmRSS`` just before it, with the
mark reset through ``/proc/self/clear_refs`` once the input is built, so generation does not
count) and the stored status / error / warnings. A fresh process per case keeps one case's
allocator state from hiding the next one's peak.

Limits: 2 s wall and 500 MB peak RSS delta per case. Exit code 1 and a "FAIL" line when any
case exceeds either (or crashes); 0 and "all within limits" otherwise.

    python bench/hostile_bench.py [CASE ...] [--limit-seconds 2] [--limit-mb 500] [--db-url URL]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")  # reset VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


def run_case(name: str, db_url: str) -> dict[str, object]:
    """Child side: build the input, reset the RSS peak, process + store, report JSON."""
    import gc

    import hostile
    from sqlalchemy import select

    from storage.db import open_db
    from storage.models import DocumentRow, SectionRow
    from winnow.service.batches import BatchWriter

    sessions = open_db(db_url)
    writer = BatchWriter(sessions, batch_size=10)
    raw = hostile.raw_input(name)
    gc.collect()
    reset = _reset_peak()
    before = hostile.status_kb("VmRSS")
    start, cpu_start = time.perf_counter(), time.process_time()
    writer.add(raw)  # processes the page (its return value differs between BatchWriter versions)
    writer.flush()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = hostile.status_kb("VmHWM")
    with sessions() as session:
        row = session.execute(select(DocumentRow).where(DocumentRow.url == raw.url)).scalar_one()
        stored = {
            "status": row.status,
            "error": row.error,
            "warnings": row.warnings,
            "sections": len(session.execute(select(SectionRow.id).where(SectionRow.document_id == row.id)).all()),
            "chars": len(row.clean_text or ""),
        }
    return {
        "case": name,
        "bytes": len(raw.body),
        "wall_s": wall,
        "cpu_s": cpu,
        "rss_delta_mb": (peak - before) / 1024 if reset else None,
        "status": stored["status"],
        "error": stored["error"],
        "warnings": stored["warnings"],
        "sections": stored["sections"],
        "chars": stored["chars"],
    }


def measure(name: str, db_url: str | None = None, timeout: float = 120.0) -> dict[str, object]:
    """Parent side: run one case in a fresh interpreter and parse its JSON line."""
    with tempfile.TemporaryDirectory(prefix="winnow-hostile-") as tmp:
        url = db_url or f"sqlite:///{tmp}/bench.db"
        cmd = [sys.executable, __file__, "--child", name, "--db-url", url]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
        except subprocess.TimeoutExpired:
            return {"case": name, "crash": f"timed out after {timeout:.0f} s"}
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return {"case": name, "crash": f"exit {out.returncode}: {tail}"}
    return json.loads(lines[-1])


def _short(text: str, size: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--limit-seconds", type=float, default=2.0)
    parser.add_argument("--limit-mb", type=float, default=500.0)
    parser.add_argument("--db-url", help="database to store into (default: a fresh SQLite file per case)")
    parser.add_argument("--child", metavar="CASE", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON object per case")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_case(args.child, args.db_url), ensure_ascii=False))
        return 0

    import hostile

    names = args.cases or list(hostile.CASES)
    unknown = [n for n in names if n not in hostile.CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    print(f"{'case':30} {'input':>9} {'wall s':>7} {'CPU s':>7} {'ΔRSS MB':>8}  status   error / warnings")
    failures: list[str] = []
    for name in names:
        result = measure(name, args.db_url)
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
            continue
        if "crash" in result:
            failures.append(f"{name}: {result['crash']}")
            print(f"{name:30} {'':>9} {'':>7} {'':>7} {'':>8}  CRASH    {_short(result['crash'], 80)}")
            continue
        wall, rss = float(result["wall_s"]), result["rss_delta_mb"]
        note = result["error"] or "; ".join(result["warnings"]) or "-"
        size = f"{int(result['bytes']) / 1e6:.2f}MB"
        rss_text = f"{rss:8.1f}" if rss is not None else "     n/a"
        cpu = float(result["cpu_s"])
        print(f"{name:30} {size:>9} {wall:7.3f} {cpu:7.3f} {rss_text}  {result['status']:8} {_short(note)}")
        if wall > args.limit_seconds:
            failures.append(f"{name}: {wall:.2f} s > {args.limit_seconds} s")
        if rss is not None and rss > args.limit_mb:
            failures.append(f"{name}: {rss:.0f} MB > {args.limit_mb} MB")
    if args.json:
        return 0
    if failures:
        print(f"FAIL: {len(failures)} case(s) over the limits ({args.limit_seconds} s, {args.limit_mb} MB):")
        for failure in failures:
            print("  " + failure)
        return 1
    print(f"all {len(names)} cases within limits ({args.limit_seconds} s wall, {args.limit_mb} MB peak RSS delta)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
