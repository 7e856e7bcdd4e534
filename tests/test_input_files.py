"""Local inputs are found in the order of their sorted paths, one directory at a time."""

from __future__ import annotations

import os
from pathlib import Path

from winnow.files import input_files


def test_files_come_in_sorted_path_order_and_only_supported_ones(tmp_path: Path) -> None:
    names = [
        "b.html",
        "b/c.htm",
        "b/a/z.txt",
        "a-b.html",
        "a/b.html",
        "a/b/c.html",
        "B.html",
        "页面/医保.html",
        "b/skip.pdf",
        "x.warc.gz",
        "a b/c.html",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"<p>x</p>")
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith(".pdf"))
    assert list(input_files([tmp_path])) == expected
    assert list(input_files([tmp_path / "b.html", tmp_path / "a"])) == [
        tmp_path / "b.html",
        *sorted(p for p in (tmp_path / "a").rglob("*") if p.is_file()),
    ]


def test_symlinked_directories_are_not_followed_but_symlinked_files_are(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "p.html").write_bytes(b"<p>x</p>")
    os.symlink(tmp_path / "real", tmp_path / "loop")
    os.symlink(tmp_path / "real" / "p.html", tmp_path / "q.html")
    assert list(input_files([tmp_path])) == sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert tmp_path / "loop" / "p.html" not in list(input_files([tmp_path]))
