"""The folder tree is the architecture: stages import one way, no circles, small modules.

Every import in the package counts, wherever it stands (inside a function, or under
``TYPE_CHECKING``): a lazy import is still a dependency, and a circle through one is still a
circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "paperparse"
MAX_MODULE_LINES = 450
MAX_LOOSE_MODULES = 10  # the stages' few loose modules, the CLI, and the engines' entries

# The stages, lowest first. A module may import from its own stage folder and from stages
# in an earlier layer; never from a later layer or from another stage of its own layer.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"_version", "_bounds"}),
    frozenset({"_model"}),
    frozenset({"_fields", "_sources"}),
    frozenset({"_text", "_hub"}),
    frozenset({"_html", "_exports"}),
    frozenset({"_parse"}),
    frozenset({"_batch"}),
    frozenset({"_cli", "_engines"}),
    frozenset({"cli", "dask", "spark"}),
    frozenset({"__init__", "__main__"}),
)


def _modules() -> dict[str, Path]:
    """Every module as its dotted name below the package ("_text.tokens", "_model")."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]  # a stage folder's own module is named by its folder
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imported(name: str, path: Path) -> Iterator[str]:
    """The package's modules that ``name`` imports, as dotted names below the package."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package and name != "__init__" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "paperparse":
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                submodule = ".".join([*target, alias.name])
                if submodule in MODULES:
                    yield submodule
                elif target:
                    yield ".".join(target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("paperparse."):
                    yield alias.name.removeprefix("paperparse.")


GRAPH = {name: sorted(set(_imported(name, path)) - {name}) for name, path in MODULES.items()}


def _stage(module: str) -> str:
    return module.split(".")[0]


def _layer(stage: str) -> int:
    for index, stages in enumerate(LAYERS):
        if stage in stages:
            return index
    raise AssertionError(f"stage {stage!r} is in no layer of LAYERS")


def test_the_graph_is_read() -> None:
    # The scan must see the imports it judges: a few that are known to be there.
    assert "_model" in GRAPH["_parse"]
    assert "_text.line_kinds" in GRAPH["_text.cards"]
    assert "_hub.items" in GRAPH["_html.hydration"]
    assert "_batch.merge" in GRAPH["__init__"]  # under TYPE_CHECKING


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_down_the_stages(module: str) -> None:
    stage = _stage(module)
    upward = [
        target
        for target in GRAPH[module]
        if _stage(target) != stage and _layer(_stage(target)) >= _layer(stage)
    ]
    assert not upward, f"{module} imports from its own layer or a later one: {upward}"


def test_no_import_circles() -> None:
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> None:
        if module in path:
            circle = [*path[path.index(module) :], module]
            raise AssertionError("import circle: " + " -> ".join(circle))
        if module in done:
            return
        path.append(module)
        for target in GRAPH[module]:
            visit(target)
        path.pop()
        done.add(module)

    for module in GRAPH:
        visit(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines: split it by job"


def test_the_top_level_shows_the_stages() -> None:
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    folders = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists())
    assert len(loose) <= MAX_LOOSE_MODULES, loose
    assert folders == [
        "_batch",
        "_cli",
        "_engines",
        "_exports",
        "_fields",
        "_html",
        "_hub",
        "_sources",
        "_text",
    ]
    every_stage = {stage for stages in LAYERS for stage in stages}
    assert {_stage(module) for module in MODULES} == every_stage


@pytest.mark.parametrize("folder", sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")))
def test_a_stage_folder_says_its_job_and_holds_no_logic(folder: str) -> None:
    tree = ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{folder}/__init__.py has no docstring"
    assert len(tree.body) == 1, f"{folder}/__init__.py holds more than its docstring"
