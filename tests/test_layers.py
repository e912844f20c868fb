"""The package's import structure: no module cycles, and no package importing a higher floor.

Every `import` in every module counts, function-local ones included (they are how cycles
hide), and importing another package's module counts as importing its `__init__` too. Imports
under `if TYPE_CHECKING:` never run, so they cannot close a cycle, but they still count for
floors. A package (`careercenter/<name>/` or a top-level module `careercenter/<name>.py`) may
import packages on its own floor or lower ones; `FLOORS` lists them bottom up. What a lower
floor needs from a higher one goes through a registry the higher one fills (navigation, demo
steps, audit labels, blueprint stages, cohort page panels).
"""

from __future__ import annotations

import ast
from pathlib import Path

import careercenter

ROOT = Path(careercenter.__file__).resolve().parent
PACKAGE = "careercenter"

# Bottom up. A package may import its own floor and the floors below, never one above.
FLOORS: list[set[str]] = [
    # core: framework glue and plain helpers that know nothing of institutions
    {
        "extensions",
        "config",
        "config_checks",
        "json_input",
        "jobs",
        "light",
        "dbpool",
        "pgcursor",
        "formcheck",
        "csvio",
        "pdf",
        "mail",
        "security",
        "sorting",
        "choices",
        "links",
        "errors",
        "health",
        "lru",
        "csrf_tokens",
        "dbtransactions",
    },
    {"tenancy"},
    # the one way views change state, and the registries capabilities fill in
    {"actions", "nav", "stages", "events", "demo", "record_sections"},
    {"auth", "audit"},
    {"institutions"},
    # single sign-on: signs people in (auth) to institutions through their identity provider
    {"sso"},
    {"practices"},
    {"cohorts"},
    {"checklists"},
    {"plans"},
    # advisor review of blueprints: above plans (publishing goes through plans' services),
    # below readiness, which reads the blueprint stage plans keeps (changed only on publish)
    {"reviews"},
    {"readiness"},
    {"outcomes"},
    # pages that gather every capability, and operator commands
    {"home", "members", "platform", "records", "notifications", "reports"},
    # the application: its factory and the layout's template globals
    {"__init__", "templating"},
]
# Edges allowed against the rules, each with its reason. Keep this short.
ENTRY_POINTS = {
    # A plain `rq worker` process has no app until its first job: jobs builds one from the
    # factory (function-local). Every other module is loaded by, never loads, the factory.
    ("careercenter.jobs", "careercenter"),
}
FLOOR = {name: level for level, names in enumerate(FLOORS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Return the ids of import nodes under `if TYPE_CHECKING:` (never run, so never a cycle)."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return guarded


def imports_of(
    module: str, path: Path, modules: dict[str, Path], type_only: bool = True
) -> set[str]:
    """Return the package's modules that `module` imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set() if type_only else _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, is_package, node)
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # `import a.b.c` names a.b.c, or a.b when c is an attribute
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if (
                (target == PACKAGE or target.startswith(PACKAGE + "."))
                and target != module
                and (module, target) not in ENTRY_POINTS
            ):
                found.add(target)
                # importing another package's module runs that package's `__init__` first
                package = f"{PACKAGE}.{package_of(target)}"
                if package_of(target) != package_of(module) and package in modules:
                    found.add(package)
    return found


def import_graph(type_only: bool = True) -> dict[str, set[str]]:
    """Return each module's imports; `type_only=False` leaves out `if TYPE_CHECKING:` ones."""
    modules = all_modules()
    return {name: imports_of(name, path, modules, type_only) for name, path in modules.items()}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
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
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_package_has_a_floor():
    packages = {package_of(m) for m in all_modules()}
    assert packages - FLOOR.keys() == set(), "add the new package to FLOORS"


def test_no_import_cycles():
    assert cycles(import_graph(type_only=False)) == []


def test_no_package_imports_a_higher_floor():
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if FLOOR[package_of(target)] > FLOOR[package_of(module)]
    )
    assert upward == []


def test_the_checker_sees_what_it_must():
    """Function-local and relative imports are edges; a cycle and an upward edge are caught."""
    graph = import_graph()
    assert "careercenter.readiness.rules" in graph["careercenter.readiness.dashboard"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    # a late import inside a function body counts
    assert "careercenter.auth.sessions" in graph["careercenter"]
    # a type-only import couples packages (floors) but runs nothing (no cycle)
    assert "careercenter.tenancy.models" in graph["careercenter.tenancy.clock"]
    runtime = import_graph(type_only=False)
    assert "careercenter.tenancy.models" not in runtime["careercenter.tenancy.clock"]
