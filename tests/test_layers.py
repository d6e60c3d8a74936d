"""The package's architecture, read from its imports: layers that depend one way only, routes
that do not lean on each other, and no import cycle, counting every import (module level,
inside functions, and under ``TYPE_CHECKING``)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).parent.parent / "service" / "styrgraf"

# Lower layers first. A module may import its own layer and those before it, never one after.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("styrgraf", "styrgraf.vocabulary", "styrgraf.settings", "styrgraf.i18n"),
    ("styrgraf.model",),
    ("styrgraf.sparql",),
    ("styrgraf.store",),
    ("styrgraf.analysis",),
    ("styrgraf.generator",),
    ("styrgraf.results",),
    ("styrgraf.render",),
    ("styrgraf.execution",),
    ("styrgraf.web",),
    ("styrgraf.cli",),
)


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[str, int, bool]]:
    """Every styrgraf module ``path`` imports: (module, line, inside a function)."""
    module = _name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text("utf-8"))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inside |= {id(n) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from styrgraf.web import errors`` imports the module styrgraf.web.errors.
            names = [
                f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            if name == "styrgraf" or name.startswith("styrgraf."):
                yield name, node.lineno, id(node) in inside


def _is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (PACKAGE.parent / relative).with_suffix(".py").is_file() or (
        PACKAGE.parent / relative / "__init__.py"
    ).is_file()


def _layer(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or (p != "styrgraf" and module.startswith(p + ".")) for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
EDGES = [(m, target, line, late) for m, p in MODULES.items() for target, line, late in _imports(p)]


def test_every_module_belongs_to_a_layer() -> None:
    assert len(MODULES) > 40
    for module in MODULES:
        _layer(module)


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{m}:{line} imports {target}" for m, target, line, _ in EDGES if _layer(target) > _layer(m)
    ]
    assert upward == []


def test_the_import_graph_has_no_cycle() -> None:
    graph = nx.DiGraph((m, target) for m, target, _, _ in EDGES if m != target)
    cycles = list(nx.simple_cycles(graph))
    assert cycles == []


def test_no_import_inside_a_function() -> None:
    # Every dependency shows at the top of its module, where the layers can be read.
    late = [f"{m}:{line} imports {target}" for m, target, line, inside in EDGES if inside]
    assert late == []


def test_no_blueprint_imports_another() -> None:
    routes = "styrgraf.web.routes."
    crossing = [
        f"{m}:{line} imports {target}"
        for m, target, line, _ in EDGES
        if m.startswith(routes) and target.startswith(routes) and target != m
    ]
    assert crossing == []


def test_only_the_app_factory_reaches_the_routes() -> None:
    # The shared parts of the web layer sit beneath the blueprints, never imported back up.
    reaching = {
        m
        for m, target, _, _ in EDGES
        if target.startswith("styrgraf.web.routes") and not m.startswith("styrgraf.web.routes")
    }
    assert reaching == {"styrgraf.web.app"}


@pytest.mark.parametrize(
    ("module", "allowed"),
    [("styrgraf.generator", ("styrgraf.cli",))],
)
def test_a_side_package_is_used_only_where_it_belongs(
    module: str, allowed: tuple[str, ...]
) -> None:
    users = {
        m for m, target, _, _ in EDGES if target.startswith(module) and not m.startswith(module)
    }
    assert users and all(u.startswith(allowed) for u in users), users
