"""The layers import only downward, and no module imports itself through others.

    0 errors          the exceptions every layer raises
    1 engine          pure Python: the decision, the costs, the architecture
    2 render          engine results -> words, pictures, PDF, starter repos (no HTTP)
    3 application     forms, models, services, selectors, jobs, pictures, settings, Celery
    4 interfaces      views, the JSON API, URLs, commands, the benchmark and load tools

A module may import its own layer or any lower one, never a higher one. Read from the
source with `ast`, so imports inside functions count too (only those under
`if TYPE_CHECKING:` are left out: they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "advisor"

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
    ("advisor.bench", 4),
    ("advisor.loadtest", 4),
    ("advisor", 3),
)
LAYER_NAMES = ("errors", "engine", "render", "application", "interfaces")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    return next(
        layer for prefix, layer in LAYERS if module == prefix or module.startswith(prefix + ".")
    )


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, module: str) -> set[str]:
    """The advisor modules `path` imports (a name imported from a package counts as the
    submodule when there is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for child in ast.walk(node)
    }
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
    return {name for name in found if name.split(".")[0] == "advisor" and name != module}


GRAPH = {module: _imports(path, module) for module, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_it_imports_only_its_own_layer_or_lower_ones(module):
    # when
    upward = sorted(
        f"{target} ({LAYER_NAMES[_layer(target)]})"
        for target in GRAPH[module]
        if target in MODULES and _layer(target) > _layer(module)
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
