"""The command line: user mistakes give one clear line and exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

WINNOW = str(Path(sys.executable).parent / "winnow")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WINNOW, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("command", ["crawl", "ingest", "reprocess", "export", "demo", "sites"])
def test_every_command_has_help_with_db_option(command: str) -> None:
    out = run(command, "--help")
    assert out.returncode == 0
    assert "--db" in out.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["crawl", "--start-url", "ftp://example.com/"], "not an http(s) URL"),
        (["crawl", "--start-url", "not a url"], "not an http(s) URL"),
        (["crawl"], "give --start-url"),
        (["crawl", "--site", "no-such-site"], "unknown site"),
        (["ingest", "/no/such/path"], "no such file or directory"),
        (["export", "--out", "x", "--db", "postgresql+psycopg://u:topsecret@127.0.0.1:1/db"], "database unavailable"),
        (["export", "--out", "x", "--db", "nonsense://"], "database unavailable"),
        (["crawl", "--start-url", "http://127.0.0.1:9/", "-s", "NOEQUALS"], "KEY=VALUE"),
    ],
)
def test_user_mistakes_exit_2_with_one_clear_line(args: list[str], message: str, tmp_path: Path) -> None:
    out = (
        run(*args, "--db", f"sqlite:///{tmp_path}/w.db", cwd=tmp_path)
        if "--db" not in args
        else run(*args, cwd=tmp_path)
    )
    assert out.returncode == 2, out.stderr
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert "topsecret" not in out.stderr + out.stdout


def test_bad_option_is_usage_error() -> None:
    out = run("crawl", "--no-such-option")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
