"""``winnow ingest``, ``export`` and ``reprocess`` load only what they use: never the crawl stack
(Scrapy, Twisted, scrapy-redis, redis), nor pandas or matplotlib. Each command runs in a fresh
interpreter that, after the command, lists what ``sys.modules`` holds."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NEVER = ("scrapy", "scrapy_redis", "twisted", "redis", "pandas", "matplotlib")

# Run the command, then print its exit code and the top-level packages it loaded, as JSON.
PROBE = """
import json, sys
from winnow.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted({m.split(".")[0] for m in sys.modules})}))
"""

PAGE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/about">关于我们</a></div>
<div class="article"><h1>{title}</h1>
<p>{city}的市民可以在工作日前往政务服务中心办理居住证，需要携带身份证和租房合同原件。</p>
<p>办理时间为每周一至周五上午九点到下午五点，节假日除外，请提前在网上预约。</p>
<p>如有疑问，可以拨打{city}政务服务热线咨询，工作人员会在两个工作日内答复。</p>
</div><div class="footer">版权所有 © 2024</div></body></html>
"""


def run(args: list[str], cwd: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("startup")
    pages = tmp / "pages"
    pages.mkdir()
    for name, city in (("a.html", "深圳"), ("b.html", "广州")):
        (pages / name).write_text(PAGE.format(title=f"{city}居住证怎么办理", city=city), encoding="utf-8")
    return tmp


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", "pages"],
        ["export", "--out", "out"],
        ["reprocess"],
    ],
)
def test_command_loads_no_crawl_stack(store: Path, command: list[str]) -> None:
    if command[0] != "ingest":  # export and reprocess work on what ingest stored
        run(["ingest", "pages", "--db", "sqlite:///winnow.db"], store)
    result = run([*command, "--db", "sqlite:///winnow.db"], store)
    assert result["code"] == 0
    loaded = set(result["loaded"])  # type: ignore[arg-type]
    assert "storage" in loaded and "sqlalchemy" in loaded  # the probe really ran the command
    assert sorted(loaded & set(NEVER)) == []
    if command[0] == "export":
        with open(store / "out" / "documents.csv", encoding="utf-8-sig", newline="") as f:
            assert [row["status"] for row in csv.DictReader(f)] == ["ok", "ok"]


def test_help_loads_no_command(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom winnow.cli import build_parser\nbuild_parser().format_help()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('winnow.commands.', 'storage', 'sqlalchemy'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['winnow.commands.common']"
