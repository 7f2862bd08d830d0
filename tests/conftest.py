"""Shared fixtures: real room folders written into tmp_path, and the repository paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["chart_samples"]  # the `charts` and `validator` fixtures of the chart tests

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_room(root: Path, files: dict[str, str]) -> Path:
    """Write a room from {relative path: text}; returns its folder."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def room_factory(tmp_path):
    """Make a room in a fresh folder from a dict of files."""
    counter = iter(range(1000))

    def make(files: dict[str, str]) -> Path:
        return write_room(tmp_path / f"room{next(counter)}", files)

    return make


@pytest.fixture
def small_room(tmp_path) -> Path:
    """A copy of the hand-computed fixture room (tests/fixtures/small_room)."""
    target = tmp_path / "small"
    shutil.copytree(FIXTURES / "small_room", target)
    return target


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo room (the repository root) built once per test run into a temp folder."""
    from customer_room.build import build_site
    from customer_room.report import Reporter

    out = tmp_path_factory.mktemp("demo") / "site"
    build_site(REPO, out, Reporter(quiet=True))
    return out
