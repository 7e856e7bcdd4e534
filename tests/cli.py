"""Running the installed `winnow` command from tests, and reading what it exports."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

WINNOW = str(Path(sys.executable).parent / "winnow")


def winnow(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `winnow ARGS` and insist that it succeeds (its stderr is the failure message)."""
    out = subprocess.run([WINNOW, *args], capture_output=True, text=True, cwd=cwd, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
