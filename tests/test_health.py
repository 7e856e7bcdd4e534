"""Run health: per-run quality figures, compared with the site's previous runs; a layout change
of the demo site is reported as drift and fails the command with --fail-on-drift."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import open_db
from storage.models import CrawlRun
from storage.repository import PageFigures
from winnow.demo.server import serve
from winnow.demo.site import build_site
from winnow.demo.variant import redesign, redesign_page
from winnow.health import MIN_PAGES, compare, figures

WINNOW = str(Path(sys.executable).parent / "winnow")


def _pages(n: int, chars: int = 800, removed: int = 200, sections: int = 2, warnings: int = 0) -> list[PageFigures]:
    return [PageFigures("ok", chars, removed, sections, warnings) for _ in range(n)]


def test_figures_of_a_run() -> None:
    pages = _pages(30) + _pages(10, chars=20, removed=0, sections=0) + [PageFigures("error", 0, 0, 0, 0)]
    got = figures(pages, {"winnow/new_sections": 40, "winnow/joined_existing": 30})
    assert got == {
        "pages": 40,
        "near_empty": 0.25,
        "removed_share": round(6000 / (24200 + 6000), 4),
        "sections_per_page": 1.5,
        "joined_share": 0.75,
        "decode_warnings": 0.0,
        "soft_errors": None,  # no responses counted
    }
    assert figures(pages, {"new_sections": 3, "joined_existing": 3})["joined_share"] is None  # too few to judge
    assert figures([], {})["near_empty"] is None


def test_soft_errors_are_a_figure_and_a_jump_of_them_is_drift() -> None:
    jumped = figures(_pages(40), {"winnow/soft-404": 6, "winnow/login-wall": 2}, fetched=50)
    assert jumped["soft_errors"] == 0.16
    steady = figures(_pages(40), {"winnow/soft-404": 1}, fetched=50)
    assert steady["soft_errors"] == 0.02
    assert [s.metric.key for s in compare(jumped, [steady, steady])[1]] == ["soft_errors"]
    assert compare(figures(_pages(40), {"soft-404": 2}, fetched=50), [steady])[1] == []  # noise, not drift


def test_compare_flags_large_shifts_only() -> None:
    steady = figures(_pages(50), {"new_sections": 100, "joined_existing": 90})
    previous = [steady, {**steady, "removed_share": 0.22}, {**steady, "removed_share": 0.18}]
    baseline, shifts = compare({**steady, "removed_share": 0.25, "sections_per_page": 2.4}, previous)
    assert baseline["removed_share"] == 0.2 and not shifts  # median of three; small moves are noise
    _, shifts = compare({**steady, "near_empty": 0.9, "sections_per_page": 0.2, "joined_share": 0.1}, previous)
    assert {s.metric.key for s in shifts} == {"near_empty", "sections_per_page", "joined_share"}
    assert [s.describe() for s in shifts][0] == "near-empty pages 0% → 90%"


def test_small_runs_are_neither_judged_nor_a_baseline() -> None:
    small = figures(_pages(MIN_PAGES - 1), {})
    broken = figures(_pages(MIN_PAGES - 1, chars=0, sections=0), {})
    assert compare(broken, [figures(_pages(50), {})])[1] == []  # too small to judge
    assert compare(figures(_pages(50, chars=0), {}), [small]) == ({}, [])  # no usable baseline


def test_redesign_moves_article_text_into_a_script(tmp_path: Path) -> None:
    root = tmp_path / "site"
    build_site(root)
    gbk = next((root / "gbk").glob("1*.html"))
    before = gbk.read_bytes()
    after = redesign_page(before)
    assert after is not None and b'id="page-data"' in after
    data = json.loads(after.split(b'type="application/json">', 1)[1].split(b"</script>", 1)[0])
    title = before.decode("gb18030").split("<title>")[1].split(" - ")[0]
    assert any(title in p for p in data["paragraphs"])  # the text is still there, in the JSON
    assert title in after.decode("gb18030")  # ...and the page still reads in its own encoding
    assert redesign_page((root / "robots.txt").read_bytes()) is None


@pytest.fixture
def served_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "site"
    build_site(root)
    with serve(root) as server:  # one server for every crawl: the same site, port and run key
        yield root, server.url


def _crawl(url: str, db: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WINNOW, "crawl", "--site", "demo", "--start-url", url + "/", "--db", db, "--fail-on-drift"],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.slow
def test_recrawl_after_a_layout_change_reports_drift_and_fails(served_site: tuple[Path, str], tmp_path: Path) -> None:
    root, url = served_site
    db = f"sqlite:///{tmp_path / 'h.db'}"
    first = _crawl(url, db, tmp_path)
    assert first.returncode == 0, first.stderr
    unchanged = _crawl(url, db, tmp_path)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "drift" not in unchanged.stderr and "WARNING" not in first.stderr + unchanged.stderr

    assert redesign(root) >= 180
    changed = _crawl(url, db, tmp_path)
    assert changed.returncode == 1
    last = changed.stderr.strip().splitlines()[-1]
    assert last.startswith("winnow: drift on site demo in run #3 against runs #2, #1: near-empty pages 0% → 100%")

    with open_db(db)() as s:
        runs = s.execute(select(CrawlRun).order_by(CrawlRun.id)).scalars().all()
    assert [r.drift for r in runs[:2]] == ["", ""] and runs[2].drift == last.removeprefix("winnow: ")
    assert runs[0].health["near_empty"] == runs[1].health["near_empty"] == 0.0  # unchanged: identical figures
    assert runs[1].health["sections_per_page"] == runs[0].health["sections_per_page"] > 1
    assert runs[2].health["near_empty"] == 1.0 and runs[2].health["baseline_runs"] == [2, 1]

    listed = subprocess.run([WINNOW, "runs", "--db", db], capture_output=True, text=True, timeout=60)
    header, newest = listed.stdout.splitlines()[:2]
    assert header.split("\t")[-1] == "drift" and newest.split("\t")[-1] == runs[2].drift


@pytest.mark.slow
def test_without_the_flag_drift_is_reported_but_the_run_succeeds(served_site: tuple[Path, str], tmp_path: Path) -> None:
    root, url = served_site
    db = f"sqlite:///{tmp_path / 'h.db'}"
    assert _crawl(url, db, tmp_path).returncode == 0
    redesign(root)
    out = subprocess.run(
        [WINNOW, "crawl", "--site", "demo", "--start-url", url + "/", "--db", db],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert out.returncode == 0 and "winnow: drift on site demo" in out.stderr
    # ...and a reprocess of the same (redesigned) pages has nothing to compare with yet
    again = subprocess.run(
        [WINNOW, "reprocess", "--db", db, "--fail-on-drift"], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert again.returncode == 0 and "drift" not in again.stderr, again.stderr
    shutil.rmtree(root)
