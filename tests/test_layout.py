"""The folder layout is the architecture: each room imports only the rooms below it,
and no import circle appears anywhere in ``derive/``.

The imports are read with :mod:`ast` (function-level ones included: a lazy
import is still a dependency), so the test needs nothing installed.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "derive"

FOUNDATION = {"errors", "atomic", "printing"}
# room -> the rooms (or single modules) it may import; its own modules always.
ALLOWED = {
    "errors": set(),
    "atomic": {"errors"},
    "printing": {"errors"},
    "symbols": FOUNDATION,
    "kernel": FOUNDATION | {"symbols"},
    "derivation": FOUNDATION | {"symbols", "kernel"},
    "catalogue": FOUNDATION | {"symbols", "kernel"},
    "numeric": FOUNDATION | {"symbols", "derivation.model"},
    "handcheck": FOUNDATION | {"symbols", "kernel", "derivation.model"},
    # latex renders results; of the deciders' rooms it sees only their result types
    "latex": FOUNDATION | {"symbols", "kernel.verdict", "derivation.model"},
    "audit": FOUNDATION | {"symbols", "kernel", "handcheck", "latex.tables"},
    "testing": FOUNDATION | {"symbols", "kernel", "numeric", "__init__"},
    "bench": FOUNDATION | {"symbols", "kernel", "derivation", "catalogue", "numeric",
                           "handcheck", "latex", "audit", "bench", "testing", "__init__"},
    "__main__": {"cli"},
}
# the rooms at the top, which may import every room but these
EVERYTHING_BUT = {
    "pipeline": {"cli", "bench"},
    "cli": set(),
    "__init__": {"cli", "bench", "pipeline", "testing"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The derive modules ``name`` imports (a ``from X import m`` of a module counts as X.m)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "derive":
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            found.update(subs if subs else [target])
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "derive")
    found.discard(name)
    return {m for m in found if m in MODULES}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _room(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _permits(room: str, target: str) -> bool:
    if room in EVERYTHING_BUT:
        return _room(target) not in EVERYTHING_BUT[room]
    allowed = ALLOWED[room]
    dotted = target.split(".", 1)[1] if "." in target else "__init__"
    return any(dotted == a or dotted.startswith(a + ".") for a in allowed)


def test_every_module_belongs_to_a_known_room():
    known = set(ALLOWED) | set(EVERYTHING_BUT)
    assert {_room(m) for m in MODULES} <= known, sorted({_room(m) for m in MODULES} - known)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_a_room_imports_only_the_rooms_below_it(module):
    room = _room(module)
    bad = sorted(t for t in GRAPH[module] if _room(t) != room and not _permits(room, t))
    assert not bad, f"{module} (room {room}) imports {bad}, which its room may not"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circle():
    # A package's __init__ re-exporting its own modules is not a circle of the design.
    graph = {m: {t for t in ts if not (t.startswith(m + ".") and MODULES[m].name == "__init__.py")}
             for m, ts in GRAPH.items()}
    graph = {m: {t for t in ts if not (MODULES[t].name == "__init__.py" and m.startswith(t + "."))}
             for m, ts in graph.items()}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


@pytest.mark.parametrize("graph, has_cycle", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
])
def test_the_cycle_finder_finds_circles(graph, has_cycle):
    assert (_cycle(graph) is not None) == has_cycle


def test_the_room_rule_rejects_an_upward_import():
    assert not _permits("kernel", "derive.latex.document")
    assert not _permits("latex", "derive.kernel.checker")
    assert not _permits("handcheck", "derive.derivation.runner")
    assert _permits("handcheck", "derive.derivation.model")
    assert not _permits("pipeline", "derive.cli")
    assert _permits("cli", "derive.pipeline.units")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_runs_over_400_lines(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{module} has {lines} lines"


ROOMS = sorted({_room(m) for m in MODULES if len(m.split(".")) > 2})


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_says_what_it_may_import(room):
    doc = ast.get_docstring(ast.parse((ROOT / room / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "May import" in doc, f"derive/{room}/__init__.py must say what the room may import"


PROBLEM_NAMES = ("entropy_uniform", "maxent_gibbs", "ftrl_softmax", "solve_entropy", "solve_maxent",
                 "solve_ftrl", "sparsemax", "entmax")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_problem_specific_code_in_the_engine(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    names |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not names & set(PROBLEM_NAMES), f"{module} names {sorted(names & set(PROBLEM_NAMES))}"
