"""Dependencies point one way (issue 10, "The house in order").

Layers, bottom to top:

0. infrastructure: ``config`` (settings, the Celery app, the task toolkit), which imports no app;
1. the domain and intake: ``recruiting`` (models, services, extraction, parsing, identity...);
2. the AI: ``ai`` (models, services, providers, scoring, requirements, guardrails, tasks);
3. voice and interviews: ``voice``, ``interviews``;
4. the HR pages, admin and API: views, forms, urls, admin, templatetags and management
   commands of every app, the dashboard and its charts, the shared web helpers, and
   ``config.urls``.

A module may import its own layer and the ones below, never one above: not at module
level, and not inside a function either (an import tucked into a function is the same
dependency, only hidden). A lower layer that must set off work above it sends a signal,
or enqueues a task by name (``config.tasks.enqueue``), or leaves it to its caller.

No import cycles, anywhere: none at module level, and none closed by an import inside a
function either (that only moves the cycle to run time). A package's ``__init__``
re-exporting its own modules is not a cycle: an import is an edge to the module it names.
The graph is read with ``ast`` from the source, so the test needs no Django and sees
imports that never ran.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ("config", "recruiting", "ai", "voice", "interviews")

INFRASTRUCTURE, DOMAIN, AI, CONVERSATIONS, WEB = range(5)
LAYER_NAMES = {
    INFRASTRUCTURE: "infrastructure",
    DOMAIN: "domain and intake",
    AI: "AI",
    CONVERSATIONS: "voice and interviews",
    WEB: "HR pages, admin and API",
}
# The layer of every module of a top-level package, unless a rule below moves it up.
PACKAGE_LAYERS = {
    "config": INFRASTRUCTURE,
    "recruiting": DOMAIN,
    "ai": AI,
    "voice": CONVERSATIONS,
    "interviews": CONVERSATIONS,
}
# A module with one of these names in its dotted path (below the app) is a way in for people.
WEB_PARTS = {"views", "forms", "urls", "admin", "templatetags", "management"}
# Modules (and packages: everything under them) that are web despite their names.
WEB_MODULES = (
    "config.urls",
    "config.wsgi",
    "config.asgi",
    "config.health",
    "recruiting.web",
    "recruiting.dashboard",
    "recruiting.charts",
    "recruiting.uploads",
    "recruiting.file_serving",
)


def layer_of(module: str) -> int:
    parts = module.split(".")
    if WEB_PARTS.intersection(parts[1:]) or any(
        module == web or module.startswith(web + ".") for web in WEB_MODULES
    ):
        return WEB
    return PACKAGE_LAYERS[parts[0]]


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    path: str
    line: int
    module_level: bool

    def describe(self) -> str:
        where = "at module level" if self.module_level else "inside a function"
        return (
            f"{self.path}:{self.line}: {self.importer} ({LAYER_NAMES[layer_of(self.importer)]})"
            f" imports {self.imported} ({LAYER_NAMES[layer_of(self.imported)]}) {where}"
        )


def _product_modules() -> dict[str, Path]:
    modules = {}
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The product module ``name`` refers to: itself, or the nearest package holding it."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


class _ImportVisitor(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, modules: dict[str, Path]):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.modules = modules
        self.depth = 0  # how many functions we are inside
        self.found: list[tuple[str, int, bool]] = []

    def _function(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _add(self, name: str, line: int) -> None:
        if name.split(".")[0] not in PRODUCT_PACKAGES:
            return
        target = _resolve(name, self.modules)
        if target is not None and target != self.module:
            self.found.append((target, line, self.depth == 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        for alias in node.names:
            # ``from ai import services`` names a module; ``from ai.models import AIRun``
            # names something in one.
            submodule = f"{source}.{alias.name}"
            self._add(submodule if submodule in self.modules else source, node.lineno)


def import_graph() -> list[Import]:
    modules = _product_modules()
    imports = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        visitor = _ImportVisitor(module, path.name == "__init__.py", modules)
        visitor.visit(tree)
        relative = str(path.relative_to(ROOT))
        imports += [
            Import(module, target, relative, line, module_level)
            for target, line, module_level in visitor.found
        ]
    return imports


def upward_imports(imports: list[Import]) -> list[Import]:
    return [i for i in imports if layer_of(i.imported) > layer_of(i.importer)]


def import_cycles(imports: list[Import]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan) in the import graph."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        graph.setdefault(i.importer, set()).add(i.imported)
        graph.setdefault(i.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


def test_the_layer_rules_know_every_product_module():
    for module in _product_modules():
        assert layer_of(module) in LAYER_NAMES, module


def test_nothing_imports_a_layer_above_it():
    upward = [i.describe() for i in upward_imports(import_graph())]
    assert not upward, "Imports that point up a layer:\n" + "\n".join(upward)


def test_no_import_cycles():
    imports = import_graph()
    cycles = import_cycles(imports)
    lines = []
    for cycle in cycles:
        members = set(cycle)
        lines.append(" <-> ".join(cycle))
        lines += [
            "    " + i.describe()
            for i in imports
            if i.importer in members and i.imported in members
        ]
    assert not cycles, "Import cycles:\n" + "\n".join(lines)


def test_the_checker_sees_imports_inside_functions_and_cycles():
    """The graph reader itself: an import in a function counts as upward, and a cycle is
    found, also one closed inside a function."""
    source = "from ai.models import Screening\n\ndef f():\n    from voice import models\n"
    modules = {"recruiting.x": Path("x.py"), "ai.models": Path(), "voice.models": Path()}
    visitor = _ImportVisitor("recruiting.x", False, modules)
    visitor.visit(ast.parse(source))
    found = [Import("recruiting.x", t, "x.py", line, level) for t, line, level in visitor.found]
    assert [(i.imported, i.line, i.module_level) for i in upward_imports(found)] == [
        ("ai.models", 1, True),
        ("voice.models", 4, False),
    ]
    ring = [
        Import("ai.a", "ai.b", "a.py", 1, True),
        Import("ai.b", "ai.a", "b.py", 1, True),
        Import("ai.c", "ai.d", "c.py", 2, False),
        Import("ai.d", "ai.c", "d.py", 1, True),
        Import("ai.d", "ai.e", "d.py", 2, True),
    ]
    assert import_cycles(ring) == [["ai.a", "ai.b"], ["ai.c", "ai.d"]]
