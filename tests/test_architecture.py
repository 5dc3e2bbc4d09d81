"""The shape of the package: folders in pipeline order, no import cycles, no module too big to
read, every module saying what it is for."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "handouts"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path) -> set[str]:
    """Modules of ours imported when this one is imported (not inside functions, not only for
    type checking)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if not isinstance(node, ast.FunctionDef) else ():
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                break
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.add(child.module)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
    return {name for name in found if name.startswith("handouts")}


def test_there_are_no_import_cycles() -> None:
    graph = {_name(path): _top_level_imports(path) for path in MODULES}
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        assert module not in trail, " -> ".join([*trail, module])
        if module in done or module not in graph:
            return
        for imported in graph[module]:
            visit(imported, [*trail, module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_no_module_is_too_long_to_read() -> None:
    long = {_name(p): n for p in MODULES if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long


def test_every_module_says_what_it_is_for() -> None:
    missing = [_name(p) for p in MODULES if not ast.get_docstring(ast.parse(p.read_text()))]
    assert not missing


def test_the_folders_show_the_pipeline() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == {"content", "parts", "render", "publish", "build", "serve"}
    content_imports = set().union(
        *(_top_level_imports(p) for p in (PACKAGE / "content").glob("*.py"))
    )
    assert not {m for m in content_imports if m.startswith(("handouts.publish", "handouts.build"))}
