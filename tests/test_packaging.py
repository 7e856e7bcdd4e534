"""Our top-level packages must not be shadowed by same-named PyPI packages (DESIGN.md trap)."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("package", ["crawler", "pipeline", "storage", "winnow"])
def test_package_imports_from_this_repo(package: str, tmp_path: Path) -> None:
    code = f"import {package}, sys; print({package}.__file__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()).resolve().is_relative_to(REPO)


def test_console_script_is_installed() -> None:
    winnow = Path(sys.executable).parent / "winnow"
    out = subprocess.run([str(winnow), "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("crawl", "ingest", "reprocess", "export", "demo"):
        assert command in out.stdout
