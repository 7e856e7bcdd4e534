"""Our top-level packages must not be shadowed by same-named PyPI packages (DESIGN.md trap)."""

import os
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


@pytest.mark.slow
def test_the_built_wheel_runs_the_demo_from_another_directory(tmp_path: Path) -> None:
    """`pip install .` (not editable) must ship every sub-package and data file: the wheel alone,
    imported from outside the repo, crawls the demo site and exports it. The build must print no
    setuptools warnings (a package list that does not match the folders prints them)."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(tmp_path / "dist"), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    log = build.stdout + build.stderr
    assert "would be ignored" not in log and "SetuptoolsDeprecationWarning" not in log
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)], check=True
    )
    run = tmp_path / "elsewhere"
    run.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import winnow, crawler, pipeline, storage; print(winnow.__file__, storage.__file__)"],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert all(Path(p).is_relative_to(site) for p in where.stdout.split())
    demo = subprocess.run(
        [sys.executable, "-c", "import sys; from winnow.cli import main; sys.exit(main(['demo']))"],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-3000:]
    assert (run / "exports" / "canonical.csv").stat().st_size > 0
