"""The package's layering: imports point down, and no module reaches itself through its imports.

Reads the source with `ast` (every import, also those inside functions or under TYPE_CHECKING: a
circle hidden in a function is still a circle).
"""
from __future__ import annotations

import ast
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The user interfaces over the console: the only places that may import it.
CONSOLE_USERS = ("bot.console", "bot.web", "bot.__main__")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _our_modules() -> dict[str, Path]:
    files = [*PROJECT_ROOT.glob("bot/**/*.py"), *PROJECT_ROOT.glob("actions/**/*.py")]
    return {_module_name(f): f for f in files if "migrations" not in f.parts}


def _imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The project's modules that `path` imports (a `from x import y` counts x, and x.y when a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in found if m in known and m != name}


def _import_graph() -> dict[str, set[str]]:
    modules = _our_modules()
    return {name: _imported(path, name, set(modules)) for name, path in modules.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))
    return circles


def _within(name: str, owners: tuple[str, ...]) -> bool:
    return any(name == owner or name.startswith(owner + ".") for owner in owners)


def test_only_the_user_interfaces_import_the_console():
    upward = sorted(f"{name} -> {target}" for name, targets in _import_graph().items()
                    if not _within(name, CONSOLE_USERS)
                    for target in targets if _within(target, ("bot.console",)))
    assert upward == [], "the console is a user interface; move what these need below it:\n" + "\n".join(upward)


def test_bot_never_imports_the_actions():
    upward = sorted(f"{name} -> {target}" for name, targets in _import_graph().items()
                    if _within(name, ("bot",)) for target in targets if _within(target, ("actions",)))
    assert upward == [], "actions are the thin layer over bot/:\n" + "\n".join(upward)


def test_no_module_imports_itself_in_a_circle():
    circles = _circles(_import_graph())
    assert circles == [], "import circles:\n" + "\n".join(" <-> ".join(group) for group in circles)


def test_the_circle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]
