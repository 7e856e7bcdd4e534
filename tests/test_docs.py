"""The documentation describes code that exists: README.md and docs/ are checked against the tree.

Every file path, ``winnow`` command and option, importable name (``pipeline.cluster.cluster``),
``storage.queries`` helper, database column (``documents.removed``), environment variable and
test name that README.md or a docs page mentions must exist; the export columns of
docs/analysts.md and the catalogue rules of docs/text-rules.md must be exactly the code's. And the
MkDocs site builds with ``--strict``: a broken link or anchor, or a page left out of ``nav``,
fails. CHANGELOG.md is history and is not checked (it names code that was since removed).
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
CHECKED = [ROOT / "README.md", *PAGES]
PACKAGES = ("winnow", "crawler", "pipeline", "storage")
TOP_DIRS = (*PACKAGES, "bench", "tests", "deploy", "fuzz", "notebooks", "docs")

_PATH = re.compile(rf"(?<![\w./-])((?:{'|'.join(TOP_DIRS)})/[\w./@*-]*)")
_ROOT_FILE = re.compile(r"`((?:[\w-]+\.(?:toml|txt|yml|cfg|md))|Makefile)`")
_COMMAND = re.compile(r"(?:^|[\s`(]|bin/)winnow ([a-z][a-z-]*)", re.MULTILINE)
_OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z-]+)")
_FILE_SUFFIX = r"(?!\.(?:csv|xlsx|parquet|db|md|toml|py|txt)\b)"
_DOTTED = re.compile(rf"`((?:{'|'.join(PACKAGES)}){_FILE_SUFFIX}(?:\.\w+{_FILE_SUFFIX})+)")
_QUERY = re.compile(r"\bq\.(\w+)\(")
_COLUMN = re.compile(r"`(\w+)\.(?!(?:csv|xlsx|parquet)`)(\w+)`")
_ENV = re.compile(r"\bWINNOW_[A-Z_]+[A-Z]\b")
_TEST = re.compile(r"\btest_\w+")
# Options of other tools the docs show next to ours (mkdocs, jupytext, pip, ruff, pytest, curl's -d form).
OTHER_TOOLS_OPTIONS = {"--strict", "--sync", "--upgrade", "--now", "--check", "--dist", "--durations"}


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def mentions(pattern: re.Pattern[str], paths: list[Path] = CHECKED) -> dict[str, list[str]]:
    """Each match of ``pattern`` (group 1, else the whole match) -> the files it is in."""
    found: dict[str, list[str]] = {}
    for path in paths:
        for match in pattern.finditer(text_of(path)):
            key = match.group(1) if pattern.groups else match.group(0)
            found.setdefault(key, []).append(path.name)
    return found


def path_exists(mention: str) -> bool:
    """A repository path as written in the docs: a file, a folder, a glob, ``file.py::test``."""
    path = mention.split("::", 1)[0].rstrip(".,;:)…")
    if "*" in path:
        return any(ROOT.glob(path.rstrip("/")))
    return (ROOT / path).exists()


def test_every_file_path_mentioned_exists() -> None:
    code = _code_text()
    # A path-like name that is not a file may be a string the code uses (Scrapy stats keys such
    # as "winnow/pages_added"): it exists when the code spells it in quotes.
    missing = {m: where for m, where in mentions(_PATH).items() if not path_exists(m) and f'"{m}"' not in code}
    missing |= {m: where for m, where in mentions(_ROOT_FILE).items() if not (ROOT / m).exists()}
    assert not missing, f"docs name files that do not exist: {missing}"


def test_every_winnow_command_mentioned_exists() -> None:
    from winnow.cli import COMMAND_FUNCTIONS

    found = mentions(_COMMAND)
    assert "crawl" in found and "export" in found  # the pattern sees the commands at all
    missing = {c: where for c, where in found.items() if c not in COMMAND_FUNCTIONS}
    assert not missing, f"docs name winnow commands that do not exist: {missing}"


def _option_strings() -> set[str]:
    """Every option of the ``winnow`` parser and its subcommands, plus the bench scripts'."""
    from winnow.cli import build_parser

    options: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:  # argparse has no public walk over its actions
            options.update(action.option_strings)
            if action.choices and isinstance(action.choices, dict):
                parsers.extend(action.choices.values())
    for script in (ROOT / "bench").glob("*.py"):
        options.update(re.findall(r'add_argument\(\s*"(--[a-z-]+)"', text_of(script)))
    return options


def test_every_option_mentioned_exists() -> None:
    known = _option_strings() | OTHER_TOOLS_OPTIONS
    assert "--fail-on-drift" in known and "--passes" in known
    missing = {o: where for o, where in mentions(_OPTION).items() if o not in known}
    assert not missing, f"docs name options no parser defines: {missing}"


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_every_dotted_name_mentioned_resolves() -> None:
    found = mentions(_DOTTED)
    assert "pipeline.cluster.cluster" in found
    missing = {d: where for d, where in found.items() if not _resolves(d)}
    assert not missing, f"docs name modules or attributes that do not exist: {missing}"


def test_every_query_helper_mentioned_exists() -> None:
    from storage import queries

    found = mentions(_QUERY)
    assert "clusters" in found
    missing = {f: where for f, where in found.items() if not callable(getattr(queries, f, None))}
    assert not missing, f"docs name storage.queries helpers that do not exist: {missing}"


def test_every_table_column_mentioned_exists() -> None:
    from storage.models import Base

    tables = Base.metadata.tables
    found = {(t, c): where for (t, c), where in _column_mentions().items() if t in tables}
    assert ("documents", "removed") in found
    missing = {f"{t}.{c}": where for (t, c), where in found.items() if c not in tables[t].columns}
    assert not missing, f"docs name database columns that do not exist: {missing}"


def _column_mentions() -> dict[tuple[str, str], list[str]]:
    """Each ``table.column`` in backticks -> the files it is in."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for path in CHECKED:
        for match in _COLUMN.finditer(text_of(path)):
            pairs.setdefault((match.group(1), match.group(2)), []).append(path.name)
    return pairs


def _code_text() -> str:
    parts = []
    for folder in (*PACKAGES, "bench", "deploy", "notebooks"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".toml", ".service", ".example", ".sh", ".conf", ""}:
                parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_every_environment_variable_mentioned_is_read_by_the_code() -> None:
    code = _code_text()
    found = mentions(_ENV)
    assert "WINNOW_DB" in found
    missing = {v: where for v, where in found.items() if v not in code}
    assert not missing, f"docs name environment variables or settings the code never reads: {missing}"


def test_every_test_mentioned_exists() -> None:
    tests = "\n".join(text_of(p) for p in (ROOT / "tests").rglob("*.py"))
    files = {p.stem for p in (ROOT / "tests").glob("test_*.py")}
    found = mentions(_TEST)
    missing = {
        t: where for t, where in found.items() if t not in files and not re.search(rf"def {re.escape(t)}", tests)
    }
    assert not missing, f"docs name tests that do not exist: {missing}"


def _table_names(page: str, heading: str) -> list[str]:
    """The backticked names in the first column of the table under ``heading`` of a docs page."""
    section = text_of(DOCS / page).split(heading, 1)[1].split("\n#", 1)[0]
    names: list[str] = []
    for row in re.findall(r"^\| ([^|]+) \|", section, re.MULTILINE):
        names.extend(re.findall(r"`([\w-]+)`", row))
    return names


@pytest.mark.parametrize(
    ("heading", "columns"),
    [
        ("### documents.csv", "DOCUMENT_COLUMNS"),
        ("### sections.csv", "SECTION_COLUMNS"),
        ("### canonical.csv", "CANONICAL_COLUMNS"),
        ("### members.csv", "MEMBER_COLUMNS"),
    ],
)
def test_export_columns_documented_are_the_exported_ones(heading: str, columns: str) -> None:
    from storage import export

    assert _table_names("analysts.md", heading) == list(getattr(export, columns))


def test_text_rules_page_lists_every_catalogue_rule_and_no_other() -> None:
    from pipeline.boilerplate import CATALOGUE

    documented = _table_names("text-rules.md", "## The boilerplate catalogue")
    assert documented == [rule.name for rule in CATALOGUE]


def test_every_docs_page_is_in_the_nav() -> None:
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load(text_of(ROOT / "mkdocs.yml"))
    in_nav = {next(iter(entry.values())) for entry in config["nav"]}
    assert in_nav == {p.name for p in PAGES}


def test_mkdocs_builds_strict_with_no_warning(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    # Not -q: mkdocs counts only the warnings it logs, so a quiet build passes with broken links.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_hostile_cases_named_in_the_reliability_page_exist() -> None:
    from tests.hostile import CASES

    named = {
        name.strip()
        for group in re.findall(r"…\[([^\]]+)\]", text_of(DOCS / "reliability.md"))
        for name in group.split(",")
    }
    assert "deep_nesting" in named
    assert named <= set(CASES), sorted(named - set(CASES))
