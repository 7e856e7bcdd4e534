"""The import graph of our packages: imports go one way (no cycle, module-level or inside a
function), and no module takes a private (``_name``) name from another of our modules.

Read from the source with ``ast``, so nothing is imported and lazy imports count too.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("winnow", "crawler", "pipeline", "storage")


def our_sources(root: Path = ROOT) -> dict[str, str]:
    """Dotted module name -> source text, for every .py file of our packages."""
    sources = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a ``from … import`` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports(module: str, source: str, known: set[str]) -> list[tuple[str, str]]:
    """(imported module, name taken from it or "") for each import of one of ``known`` in
    ``source``, wherever it stands (module level, functions, ``if TYPE_CHECKING``)."""
    found = []
    is_package = f"{module}.__init__" in known or any(k.startswith(module + ".") for k in known)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name in known]
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, is_package, node)
            for alias in node.names:
                if f"{target}.{alias.name}" in known:  # `from pkg import submodule`
                    found.append((f"{target}.{alias.name}", ""))
                elif target in known:
                    found.append((target, alias.name))
    return found


def import_graph(sources: Mapping[str, str]) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (itself excluded)."""
    known = set(sources)
    return {m: {t for t, _ in imports(m, s, known) if t != m} for m, s in sources.items()}


def find_cycle(graph: Mapping[str, set[str]]) -> list[str]:
    """One import cycle as [a, b, …, a], or [] when the graph has none (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return []


def private_imports(sources: Mapping[str, str]) -> list[str]:
    """``importer: from module import _name`` for every private name taken from another module."""
    known = set(sources)
    return [
        f"{module}: from {target} import {name}"
        for module, source in sources.items()
        for target, name in imports(module, source, known)
        if name.startswith("_") and not name.startswith("__") and target != module
    ]


def test_our_modules_are_all_found() -> None:
    sources = our_sources()
    assert {
        "winnow.cli",
        "winnow.commands.ingest",
        "crawler.pipelines",
        "pipeline.chain",
        "storage.repository",
        "winnow.service.batches",
    } <= set(sources)


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph(our_sources()))
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_no_module_imports_a_private_name_of_another() -> None:
    assert private_imports(our_sources()) == []


def test_the_cli_is_at_the_top() -> None:
    graph = import_graph(our_sources())
    importers = sorted(m for m, targets in graph.items() if "winnow.cli" in targets and m != "winnow.__main__")
    assert importers == []


def test_the_checks_catch_the_old_circle() -> None:
    """The layout before the commands package: cli -> commands (lazily) -> cli, and distributed
    taking ``_summary`` from commands."""
    old = {
        "winnow": "",
        "winnow.cli": "def _commands():\n    from winnow import commands, distributed\n",
        "winnow.commands": "from winnow.cli import EXIT_OK, UsageError\n",
        "winnow.distributed": "from winnow.cli import EXIT_OK\ndef f():\n    from winnow.commands import _summary\n",
        "winnow.service": "",
        "winnow.service.corpus": "from . import batches\nfrom .batches import store_all\n",
        "winnow.service.batches": "",
    }
    cycle = find_cycle(import_graph(old))
    assert cycle[0] == cycle[-1] and {"winnow.cli", "winnow.commands"} <= set(cycle)
    assert private_imports(old) == ["winnow.distributed: from winnow.commands import _summary"]
    graph = import_graph(old)
    assert graph["winnow.service.corpus"] == {"winnow.service.batches"}  # relative imports resolved
