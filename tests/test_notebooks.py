"""Every analyst notebook runs top to bottom against a freshly built demo database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WINNOW = str(Path(sys.executable).parent / "winnow")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{work / 'x.db'}"
    env = os.environ | {"WINNOW_LOCK_DIR": str(work / "locks")}
    result = subprocess.run([WINNOW, "demo", "--db", url], cwd=work, env=env,
                            capture_output=True, text=True, timeout=300)
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


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_without_errors(path: Path, demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WINNOW_DB", demo_db)
    monkeypatch.setenv("WINNOW_FIGURES", str(tmp_path / "figures"))
    monkeypatch.setenv("MPLBACKEND", "agg")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(REPO / "notebooks")}})
    client.execute()  # raises CellExecutionError on the first failing cell
    streams = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "No CJK font found" not in streams, "install one: deploy/install-fonts.sh"
    assert list((tmp_path / "figures").glob("*.png")), "the notebook drew no figure"
