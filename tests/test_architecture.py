"""The shape the code keeps (docs/architecture.md): small modules and functions, no import cycles,
views that do not import each other. Read from the source with `ast`, so a breach fails here with
the module's name rather than being found in review."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CHECKED = ("actionplan", "jartracker", "tools")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    found = {}
    for top in CHECKED:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _imports(name: str) -> set[str]:
    """The project modules `name` imports, at module level or inside functions."""
    deps = set()
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            deps.add(node.module)
            deps.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            deps.update(alias.name for alias in node.names)
    # A package's re-exports count: importing `actionplan.models` runs every module it imports.
    return {d for d in deps if d in MODULES and d != name}


def test_no_app_module_is_longer_than_400_lines():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    long = {name: lines for name, lines in sizes.items() if name.startswith("actionplan") and lines > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_longer_than_60_lines():
    long = {
        f"{name}.{node.name}": node.end_lineno - node.lineno + 1
        for name, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    }
    assert long == {}


def test_no_view_imports_another_view():
    views = [name for name in MODULES if name.startswith("actionplan.views.")]
    crossing = {name: sorted(d for d in _imports(name) if d.startswith("actionplan.views.")) for name in views}
    assert {name: deps for name, deps in crossing.items() if deps} == {}


def test_there_is_no_import_cycle():
    graph = {name: _imports(name) for name in MODULES}
    cycles, done = [], set()

    def visit(node, path):
        for dep in sorted(graph[node]):
            if dep in path:
                cycles.append(" -> ".join([*path[path.index(dep):], dep]))
            elif dep not in done:
                visit(dep, [*path, dep])
        done.add(node)

    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    assert cycles == []

