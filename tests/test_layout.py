"""The shape of the code (issue 12): stages as folders whose imports run one way, small
modules, and a docstring on every module and public function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "customer_room"

# Each module's place in the pipeline, left to right (ARCHITECTURE.md): a module may
# import from its own stage and the stages to its left, never to its right.
STAGES = [
    ("helpers", ["", "errors", "report", "fmt", "slug", "failures", "limits", "sheets", "paths", "workers"]),
    ("load", ["load"]),
    ("engine", ["engine"]),
    ("metrics", ["metrics"]),
    ("compute", ["figures", "compute"]),
    ("charts", ["charts"]),
    ("pages", ["pages"]),
    ("output", ["output"]),
    ("pipeline", ["build", "state", "deps", "hooks"]),
    ("on top", ["live", "posters"]),
    ("command line", ["cli", "init_room"]),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> int:
    first = module.split(".")[0]
    for rank, (_, names) in enumerate(STAGES):
        if first in names:
            return rank
    raise AssertionError(f"customer_room.{module} belongs to no stage: add it to STAGES")


def imports(path: Path) -> set[str]:
    """Every customer_room module `path` imports, anywhere in it (late imports too)."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("customer_room"):
                target = node.module.removeprefix("customer_room").lstrip(".")
            else:
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}".lstrip(".")
                found.add(full if (PACKAGE / full.replace(".", "/")).exists()
                          or (PACKAGE / (full.replace(".", "/") + ".py")).exists() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("customer_room.") for a in node.names if a.name.startswith("customer_room."))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) or "customer_room" for p in MODULES])
def test_imports_run_left_to_right(path):
    mine = stage_of(module_name(path))
    later = sorted(m for m in imports(path) if stage_of(m) > mine)
    assert later == [], f"{module_name(path)} ({STAGES[mine][0]}) imports from a later stage: {later}"


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) or "customer_room" for p in MODULES])
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) or "customer_room" for p in MODULES])
def test_every_module_and_public_function_says_why_it_exists(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    public = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")]
    methods = [m for c in public if isinstance(c, ast.ClassDef) for m in c.body
               if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")]
    missing = [n.name for n in public + methods if not ast.get_docstring(n)]
    assert missing == [], f"{module_name(path)}: no docstring on {missing}"
