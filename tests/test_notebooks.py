"""Every analyst notebook runs top to bottom against a freshly built demo database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WINNOW = str(Path(sys.executable).parent / "winnow")
JUPYTER = str(Path(sys.executable).parent / "jupyter")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{work / 'x.db'}"
    env = os.environ | {"WINNOW_LOCK_DIR": str(work / "locks")}
    result = subprocess.run(
        [WINNOW, "demo", "--db", url], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return url


def test_there_are_three_notebooks_stored_without_outputs() -> None:
    assert [p.stem for p in NOTEBOOKS] == ["boilerplate_report", "canonical_explorer", "crawl_health"]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert (path.with_suffix(".py")).is_file(), f"{path.name} has no paired py:percent file"
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name} is stored with outputs"
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        imports = {line.split()[1] for line in code.splitlines() if line.startswith(("import ", "from "))}
        assert not imports & {"storage.db", "storage.models", "storage.repository", "sqlalchemy", "pipeline"}


# Figures each notebook must draw (besides any others).
FIGURES = {
    "canonical_explorer": {"clusters_by_size", "cities_covered", "coverage_map", "member_similarity"},
    "crawl_health": {"runs_over_time", "run_health"},
    "boilerplate_report": set(),
}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_without_errors(path: Path, demo_db: str, tmp_path: Path) -> None:
    """Run as an analyst would, with the venv's `jupyter execute` (nbclient underneath)."""
    env = os.environ | {
        "WINNOW_DB": demo_db,
        "WINNOW_FIGURES": str(tmp_path / "figures"),
        "MPLBACKEND": "agg",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    executed = tmp_path / f"{path.stem}.out.ipynb"
    run = subprocess.run(
        [JUPYTER, "execute", f"--output={executed}", str(path)],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]  # a failing cell fails the command
    nb = nbformat.read(executed, as_version=4)
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code"), "not every cell ran"
    streams = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "No CJK font found" not in streams, "install one: deploy/install-fonts.sh"
    assert "missing from font" not in streams, "a label was drawn as boxes"
    drawn = {p.stem for p in (tmp_path / "figures").glob("*.png")}
    assert drawn and FIGURES[path.stem] <= drawn, f"figures drawn: {sorted(drawn)}"


def test_jupyterlab_is_installed_in_the_venv() -> None:
    out = subprocess.run([JUPYTER, "lab", "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip().split(".")[0]) >= 4


@pytest.mark.slow
def test_readme_notebook_command_starts_jupyterlab(demo_db: str, tmp_path: Path) -> None:
    """`jupyter lab notebooks/` (the command docs/analysts.md gives) serves JupyterLab with the three notebooks."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        JUPYTER,
        "lab",
        "notebooks/",
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=winnow-test",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI runs as root; people do not
    env = os.environ | {
        "WINNOW_DB": demo_db,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
    }
    lab = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/lab?token=winnow-test", timeout=5) as page:
                    assert page.status == 200 and b"JupyterLab" in page.read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert lab.poll() is None, lab.stdout.read() if lab.stdout else "jupyter lab exited"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 120 s"
                time.sleep(1)
        # the directory given on the command line is the server's root
        with urllib.request.urlopen(f"{base}/api/contents?token=winnow-test", timeout=10) as listing:
            names = {item["name"] for item in json.load(listing)["content"]}
        assert {p.name for p in NOTEBOOKS} <= names
    finally:
        lab.terminate()
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            lab.kill()
            lab.wait()
