"""The code's layout holds: no import cycle, nothing imports a later stage, only the CLI
prints, and no function or module grows past what a person reads in one sitting.

Read from the source with ``ast``, so nothing is imported or run. ``RANKS`` is the order in
which data flows (README, "How the code is laid out"): a module may import only modules of
a lower rank, or of its own package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "kkrparse"

#: Longest function and module, in lines (the limits the README states).
MAX_FUNCTION_LINES = 100
MAX_MODULE_LINES = 900

#: Each module's place in the flow of data; a package's modules share its rank. Modules of
#: rank 0 are the shared vocabulary (types, errors, options, the rule table).
RANKS: dict[str, int] = {
    "kkrparse._version": 0,
    "kkrparse.errors": 0,
    "kkrparse.options": 0,
    "kkrparse.document": 0,
    "kkrparse.patterns": 0,
    "kkrparse.profiles": 1,
    "kkrparse.cases": 2,  # case numbers as keys, from the profiles' schemes
    "kkrparse.models": 0,
    "kkrparse.durable": 0,
    "kkrparse.inputs": 0,
    "kkrparse.extract": 1,
    "kkrparse.layout": 2,
    "kkrparse.hyphen": 3,
    "kkrparse.paragraphs": 4,
    "kkrparse.toc": 5,
    "kkrparse.segment": 6,
    "kkrparse.links": 7,
    "kkrparse.classify": 7,
    "kkrparse.meeting": 8,
    "kkrparse.outcome": 8,
    "kkrparse.build": 9,
    "kkrparse.pipeline": 10,
    "kkrparse.debug": 11,
    "kkrparse.api": 11,
    "kkrparse.compare": 11,
    "kkrparse": 12,
    "kkrparse.__main__": 21,
    "kkrparse.evaluate.__main__": 21,  # an entry point: it starts the CLI command
    "kkrparse.runner": 13,
    "kkrparse.archive": 14,
    "kkrparse.evaluate": 14,
    "kkrparse.cli": 20,
}

#: Only these may print or import the terminal libraries.
CLI_PACKAGES = ("kkrparse.cli", "kkrparse.__main__")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, level: int, current: str) -> str:
    if level == 0:
        return module
    base = current.split(".")
    if not _is_package(current):
        base.pop()
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, current: str) -> Iterator[str]:
    """Every kkrparse module imported at run time (imports under TYPE_CHECKING excluded)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking_only(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, current)
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
        stack.extend(ast.iter_child_nodes(node))


def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


TREES = _trees()
GRAPH: dict[str, set[str]] = {
    name: {m for m in _imports(tree, name) if m in MODULES and m != name}
    for name, tree in TREES.items()
}


def _rank(name: str) -> int:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in RANKS:
            return RANKS[prefix]
    raise KeyError(name)


def _group(name: str) -> str:
    """The package a module belongs to (its own name for a top-level module)."""
    parts = name.split(".")
    return ".".join(parts[:2])


def test_every_module_has_a_rank() -> None:
    missing = []
    for name in MODULES:
        try:
            _rank(name)
        except KeyError:
            missing.append(name)
    assert missing == [], "add these modules to RANKS (and to the README's layout)"


def test_there_is_no_import_cycle() -> None:
    # Tarjan's strongly connected components; any component of two or more is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(GRAPH[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert cycles == []


def test_no_module_imports_a_later_stage() -> None:
    upward = [
        f"{name} (rank {_rank(name)}) imports {dep} (rank {_rank(dep)})"
        for name, deps in sorted(GRAPH.items())
        for dep in sorted(deps)
        if _group(dep) != _group(name) and _rank(dep) >= _rank(name)
    ]
    assert upward == []


def test_only_the_cli_prints_or_imports_terminal_libraries() -> None:
    found = []
    for name, tree in TREES.items():
        if name.startswith(CLI_PACKAGES):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                found.append(f"{name}:{node.lineno}: print()")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                for imported in names:
                    if imported.split(".")[0] in ("typer", "rich", "click"):
                        found.append(f"{name}:{node.lineno}: imports {imported}")
    assert found == []


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


@pytest.mark.parametrize("name", sorted(MODULES))
def test_functions_and_modules_stay_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"
    long = [
        f"{f.name} ({(f.end_lineno or f.lineno) - f.lineno + 1} lines)"
        for f in _functions(TREES[name])
        if (f.end_lineno or f.lineno) - f.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_the_checks_see_the_code() -> None:
    # A layout check that parsed nothing would pass on anything.
    assert len(MODULES) > 30
    assert "kkrparse.pipeline" in GRAPH["kkrparse.api"]
    assert "kkrparse.extract" in GRAPH["kkrparse.pipeline"]
