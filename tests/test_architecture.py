"""The folder tree is the architecture: these tests keep it so.

Each stage folder has a rank; a module may import its own stage and lower ranks only,
lazy imports inside functions included (they are imports all the same, just later). A
cycle anywhere, an upward import, a module over 350 lines or a function over 60 lines
fails with the place to look.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import consortium

PACKAGE = Path(consortium.__file__).parent

# Lower ranks know nothing of higher ones.
RANKS = {
    "base": 0,        # errors, resources, text, files
    "calls": 1, "partners": 1,
    "embed": 2,
    "score": 3, "rank": 3,   # rank: learned relevance (features, network, model)
    "search": 4,
    "scout": 5, "render": 5, "draft": 5,   # draft: the proposal parts a partner list sets
    "eval": 6,
    "report": 7,
    "pipeline": 8,
    "cli": 9, "web": 9,
    "__main__": 10,
}
BASE = {"errors", "resources", "text", "files", "__init__"}
MAX_LINES, MAX_FUNCTION = 350, 60


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in BASE:
        return "base"
    return parts[1]


def imports(path: Path) -> set[str]:
    """Every consortium module ``path`` imports, at any depth of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                raise AssertionError(f"{path}: relative import; use absolute imports")
            if node.module.startswith("consortium"):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("consortium"))
    return found


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in root.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges[name] = set()
        for target in imports(path):
            # "from consortium.calls import topic" names a package; keep what exists.
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != name and target != "consortium":
                edges[name].add(target)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_stage_folder_has_a_rank() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - BASE
    assert folders | modules <= set(RANKS), f"unranked: {(folders | modules) - set(RANKS)}"


def test_no_import_from_a_lower_stage_up() -> None:
    upward = [f"{source} imports {target}" for source, targets in graph().items()
              for target in targets if RANKS[stage(target)] > RANKS[stage(source)]]
    assert not upward, "upward imports: " + "; ".join(sorted(upward))


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_small_modules_and_functions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path}: over {MAX_LINES} lines"
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno is not None and node.end_lineno - node.lineno + 1 > MAX_FUNCTION]
    assert not long, f"{path}: functions over {MAX_FUNCTION} lines: {', '.join(long)}"
