"""The layers import only downward, and no module imports itself through others.

    0 errors          the exceptions every layer raises
    1 engine          pure Python: the decision, the costs, the architecture
    2 render          engine results -> words, pictures, PDF, starter repos (no HTTP)
    3 application     forms, models, services, selectors, jobs, pictures, settings, Celery
    4 interfaces      views, the JSON API, URLs, management commands
    5 tooling         advisor_tooling: the benchmark and load tools, which drive the app
                      from outside

A module may import its own layer or any lower one, never a higher one. Read from the
source with `ast`, so imports inside functions count too (only those under
`if TYPE_CHECKING:` are left out: they never run). The app reaches up into the tooling
only from the `bench` and `loadtest` command shells, inside `handle`: nothing the
site, the worker or the CLI loads at start-up imports it.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = "advisor"
TOOLING = "advisor_tooling"
PACKAGES = (APP, TOOLING)

# First match wins: the more specific prefixes come first.
LAYERS: tuple[tuple[str, int], ...] = (
    ("advisor.errors", 0),
    ("advisor.engine", 1),
    ("advisor.render", 2),
    ("advisor.jobs.views", 4),
    ("advisor.jobs.urls", 4),
    ("advisor.jobs.management", 4),
    ("advisor.jobs", 3),
    ("advisor.views", 4),
    ("advisor.api", 4),
    ("advisor.urls", 4),
    ("advisor.wsgi", 4),
    ("advisor.management", 4),
    ("advisor", 3),
    ("advisor_tooling", 5),
)
LAYER_NAMES = ("errors", "engine", "render", "application", "interfaces", "tooling")
# The app's only doors into the tooling: management commands that import it inside `handle`.
TOOLING_COMMANDS = ("advisor.management.commands.bench", "advisor.management.commands.loadtest")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    _module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
}


def _layer(module: str) -> int:
    return next(
        layer for prefix, layer in LAYERS if module == prefix or module.startswith(prefix + ".")
    )


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _inside(tree: ast.AST, holds: Callable[[ast.AST], bool]) -> set[int]:
    """The ids of every node within a node for which `holds` is true."""
    return {id(child) for node in ast.walk(tree) if holds(node) for child in ast.walk(node)}


def _is_function(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)


def _imports(path: Path, module: str, *, at_import_only: bool = False) -> set[str]:
    """Our modules `path` imports (a name imported from a package counts as the submodule
    when there is one); with `at_import_only`, only those imported when the module itself
    is, not inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _inside(tree, lambda node: isinstance(node, ast.If) and _is_type_checking(node))
    if at_import_only:
        skipped |= _inside(tree, _is_function)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {name for name in found if name.split(".")[0] in PACKAGES and name != module}


GRAPH = {module: _imports(path, module) for module, path in MODULES.items()}


def _is_tooling(module: str) -> bool:
    return module.split(".")[0] == TOOLING


@pytest.mark.parametrize("module", sorted(MODULES))
def test_it_imports_only_its_own_layer_or_lower_ones(module):
    # when
    upward = sorted(
        f"{target} ({LAYER_NAMES[_layer(target)]})"
        for target in GRAPH[module]
        if target in MODULES
        and _layer(target) > _layer(module)
        and not (module in TOOLING_COMMANDS and _is_tooling(target))
    )

    # then
    assert upward == [], f"{module} ({LAYER_NAMES[_layer(module)]}) reaches up to {upward}"


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in MODULES:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    return groups


def test_no_module_imports_itself_through_others():
    # A package's __init__ that gathers its submodules, each importing a sibling through
    # the package, would show here as a cycle: import the sibling module directly instead.
    assert _cycles() == []


def test_the_app_imports_the_tooling_only_inside_the_bench_and_loadtest_commands():
    # when
    reaching_in = {
        module: sorted(filter(_is_tooling, GRAPH[module]))
        for module in MODULES
        if not _is_tooling(module) and any(map(_is_tooling, GRAPH[module]))
    }
    at_import = {
        module: sorted(filter(_is_tooling, _imports(MODULES[module], module, at_import_only=True)))
        for module in reaching_in
    }

    # then
    assert sorted(reaching_in) == sorted(TOOLING_COMMANDS)
    assert at_import == {module: [] for module in TOOLING_COMMANDS}


def test_starting_the_site_the_worker_and_every_command_loads_no_tooling():
    # given: what a web process, a worker and `manage.py <any command> --help` import
    program = """
import sys

import django

django.setup()
from django.core.management import get_commands, load_command_class

import advisor.celery, advisor.urls, advisor.wsgi

for name, app in get_commands().items():
    if app.split(".")[0] == "advisor":
        load_command_class(app, name).create_parser("manage.py", name)
print(sorted(m for m in sys.modules if m.split(".")[0] == "advisor_tooling"))
"""

    # when
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "advisor.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    # then
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("module", ["advisor.selectors", "advisor.jobs.selectors"])
def test_selectors_only_read_and_leave_the_shaping_to_render(module):
    # when: shaping an engine result for display needs render's words and rows
    shaping = sorted(target for target in GRAPH[module] if _layer(target) == 2)

    # then
    assert shaping == [], f"{module} shapes for display with {shaping}: move it to render"
