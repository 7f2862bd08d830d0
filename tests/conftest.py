"""Shared fixtures: real room folders written into tmp_path, and the repository paths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["chart_samples"]  # the `charts` and `validator` fixtures of the chart tests

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def shared_chart_cache(tmp_path_factory):
    """One chart cache for every room the tests build (CUSTOMER_ROOM_CACHE): the rooms
    are copies of a few fixtures, so their charts are drawn once per run, not per test.
    A test of the room's own cache folder unsets it."""
    import os

    folder = tmp_path_factory.mktemp("chart-cache")
    os.environ["CUSTOMER_ROOM_CACHE"] = str(folder)
    yield folder
    os.environ.pop("CUSTOMER_ROOM_CACHE", None)


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


@pytest.fixture(scope="module")
def demo_url(demo_site):
    """The demo site served on 127.0.0.1 for the tests of one module."""
    from browser import serve

    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (Debian's, through Playwright) for the tests of one module."""
    from browser import chromium

    with chromium() as b:
        yield b


def files_of(*folders: Path, skip: tuple[str, ...] = ("site", ".cache", ".site.lock")) -> dict[str, str]:
    """Every file and link under `folders` with a digest of its content (a link: its
    target), leaving out what a build may write (`skip`, at each folder's top): what a
    test compares before and after to prove that nothing outside the site changed.
    A site's lock file (`.site.lock`, which holds the pid of the last build) never counts."""
    import hashlib
    import os

    out = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.exists() else ():
            rel = path.relative_to(folder)
            if rel.parts[0] in skip or (path.name.startswith(".") and path.name.endswith(".lock")):
                continue
            key = f"{folder.name}/{rel.as_posix()}"
            if path.is_symlink():
                out[key] = "link:" + os.readlink(path)
            elif path.is_file():
                out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                out[key] = "folder"
            else:
                out[key] = "other"
    return out


def cli(*args: str, cwd: Path | None = None, unprivileged: bool = False, env: dict | None = None,
        timeout: float = 300):
    """Run the real `customer-room` in a new process: (exit code, stderr).

    `unprivileged` drops root's power to read and write any file (CAP_DAC_OVERRIDE), so
    that a `chmod 000` file is as unreadable to the build as it is to any user; without
    root (or setpriv) the command runs as it is, where the permissions already apply.
    `env` adds variables to the environment.
    """
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "customer_room.cli", *args]
    if unprivileged and os.geteuid() == 0 and shutil.which("setpriv"):
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    return done.returncode, done.stderr


class Rebuilds:
    """One room built again and again with one `BuildState`, as `watch` builds it."""

    def __init__(self, root: Path, out: Path, reporter=None, appends: bool = False):
        from customer_room.report import Reporter
        from customer_room.state import BuildState

        self.root, self.out = root, out
        self.reporter = reporter or Reporter(quiet=True)
        self.state = BuildState(appends=appends)

    def build(self):
        """One build now, keeping what it made for the next."""
        from customer_room.build import build_site

        return build_site(self.root, self.out, self.reporter, self.state)

    @property
    def planned(self) -> dict:
        """The state's planned pages, by path."""
        return self.state.planned
