"""`customer-room watch`: rebuild the room whenever its inputs change, for as long as it runs.

watchdog reports file events; the callback only notes that something relevant changed
(the room's `room.toml`, `data/`, `walls/`, `templates/` and exports mapped from
elsewhere; never the site, the cache or an editor's scratch files). The build loop then
waits until the changes settle (exporters and editors write in several steps: partial
writes, temporary files and renames) and builds with the `BuildState` it keeps, which
knows from its last snapshot what changed, so the build redoes only that (see `deps.py`): a
commentary edit costs a fraction of a second. A failed build prints its problems and
leaves the published site as it was (it is swapped in atomically, see `output/writer.py`);
the watcher carries on and the next good save builds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from ..build import BuildResult, build_site
from ..charts.svg import warm_in_process
from ..errors import RoomError, UsageError
from ..failures import describe
from ..report import Reporter
from ..state import BuildState
from ..load.inputs import is_scratch, mapped_files
from ..paths import INPUT_DIRS, SETTINGS_FILE

SETTLE_SECONDS = 0.2  # quiet time after the last event before a build starts
LONGEST_WAIT = 5.0  # a file written without pause for longer still gets built


@dataclass
class Outcome:
    """What one build in the watch came to: the result, or the problems that stopped it."""

    result: BuildResult | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the build succeeded (its site is now published)."""
        return self.result is not None


class Watcher:
    """Builds a room, then again after every settled change, until `stop()` or Ctrl-C."""

    def __init__(self, root: Path, out: Path, reporter: Reporter, settle: float = SETTLE_SECONDS,
                 on_build: Callable[[Outcome], None] | None = None):
        self.root, self.out, self.reporter = root.resolve(), out.resolve(), reporter
        self.settle = settle
        self.on_build = on_build
        self.state = BuildState(appends=True)  # what the watch keeps between builds
        self.changed = threading.Event()
        self.stopping = threading.Event()
        self.builds = 0  # how many builds ran, good or failed (tests wait on it)
        self._observer = None
        self._watched: set[Path] = set()
        self._mapped: set[Path] = set()

    # ---------------------------------------------------------------- the loop

    def run(self) -> None:
        """Watch and build until stopped; Ctrl-C stops cleanly."""
        self.start()
        try:
            self.build()
            self.loop()
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def start(self) -> None:
        """Start watching the room's folders (the first build is `build()`)."""
        self._observer = Observer()
        self._refresh_watches()
        self._observer.start()

    def loop(self) -> None:
        """Build after each settled change until `stop()`."""
        while not self.stopping.is_set():
            if not self.changed.wait(0.2):
                continue
            self._wait_until_settled()
            if not self.stopping.is_set():
                self.build()

    def build(self) -> Outcome:
        """One build now: report it, hand it to `on_build`, never raise for bad input."""
        began = time.perf_counter()
        outcome = Outcome()
        try:
            outcome.result = build_site(self.root, self.out, self.reporter, self.state)
        except RoomError as exc:
            outcome.problems = [str(p) for p in exc.problems] or [str(exc)]
        except UsageError as exc:  # the site folder became one customer-room may not replace
            outcome.problems = [str(exc)]
        except Exception as exc:  # a template error, a full disk: the watch goes on
            outcome.problems = [describe(exc)]
        outcome.seconds = time.perf_counter() - began
        self._report(outcome, first=self.builds == 0)
        if self.builds == 0:  # while the room is quiet, get the chart renderer ready for the next build
            threading.Thread(target=warm_in_process, daemon=True).start()
        self.builds += 1
        self._refresh_watches()  # a new folder or a newly mapped export is watched from now on
        if self.on_build is not None:
            self.on_build(outcome)
        return outcome

    def stop(self) -> None:
        """Ask the loop to finish (from another thread or a signal handler)."""
        self.stopping.set()
        self.changed.set()

    def close(self) -> None:
        """Stop watching the file system."""
        self.stop()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None

    def _wait_until_settled(self) -> None:
        """Wait until no relevant event came for `settle` seconds (at most `LONGEST_WAIT`)."""
        began = time.monotonic()
        while not self.stopping.is_set():
            self.changed.clear()
            if not self.changed.wait(self.settle) or time.monotonic() - began > LONGEST_WAIT:
                return

    def _report(self, outcome: Outcome, first: bool) -> None:
        """One line per build; a failed build lists its problems and says the site stayed."""
        if outcome.ok:
            result = outcome.result
            if result.written or result.removed:
                self.reporter.info(f"{'built' if first else 'rebuilt'} in {outcome.seconds:.2f} s: wrote {len(result.written)} of "
                                   f"{len(result.pages)} pages" + (f", removed {len(result.removed)}" if result.removed else "")
                                   + f"; {result.summary()}")
            elif first:
                self.reporter.info(f"built in {outcome.seconds:.2f} s: all {len(result.pages)} pages were up to date")
            else:
                self.reporter.info(f"built in {outcome.seconds:.2f} s: no page changed")
            return
        shown = outcome.problems[:20]
        more = len(outcome.problems) - len(shown)
        self.reporter.error("the build failed; the site still shows the last good build:\n"
                            + "\n".join(f"  {p}" for p in shown) + (f"\n  … and {more} more" if more > 0 else ""))

    # ---------------------------------------------------------------- events

    def relevant(self, path: str) -> bool:
        """Whether a changed path is an input of the room (and not a scratch file)."""
        p = Path(path)
        if is_scratch(p.name) or p.is_relative_to(self.out):
            return False
        if p in self._mapped:
            return True
        try:
            rel = p.relative_to(self.root)
        except ValueError:
            return False
        parts = rel.parts
        if not parts:
            return False
        if len(parts) == 1:
            return parts[0] == SETTINGS_FILE or parts[0] in INPUT_DIRS
        return parts[0] in INPUT_DIRS and not any(is_scratch(part) for part in parts[1:-1])

    def notice(self, *paths: str) -> None:
        """An event touched `paths`: wake the loop if any of them is an input."""
        if any(self.relevant(p) for p in paths if p):
            self.changed.set()

    def _refresh_watches(self) -> None:
        """Watch the room folder itself, each input folder, and the folders of mapped exports."""
        if self._observer is None:
            return
        self._mapped = {p.resolve() for p in mapped_files(self.root)}
        wanted = {self.root: False}
        wanted.update({self.root / d: True for d in INPUT_DIRS if (self.root / d).is_dir()})
        for path in self._mapped:
            if not any(path.is_relative_to(self.root / d) for d in INPUT_DIRS):
                wanted.setdefault(path.parent, False)
        handler = _Handler(self)
        for folder, recursive in wanted.items():
            if folder not in self._watched:
                self._observer.schedule(handler, str(folder), recursive=recursive)
                self._watched.add(folder)


class _Handler(FileSystemEventHandler):
    """Passes every event's paths to the watcher; does no work on watchdog's thread."""

    def __init__(self, watcher: Watcher):
        super().__init__()
        self.watcher = watcher

    def on_any_event(self, event) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return  # a folder is "modified" whenever a file in it comes or goes, scratch files too
        self.watcher.notice(str(event.src_path), str(getattr(event, "dest_path", "") or ""))


def watch(root: Path, out: Path, reporter: Reporter, settle: float = SETTLE_SECONDS) -> None:
    """Run `customer-room watch` until Ctrl-C."""
    watcher = Watcher(root, out, reporter, settle)
    reporter.info(f"watching {watcher.root} for changes to room.toml, data/, walls/ and templates/ "
                  f"(Ctrl-C to stop); the site is {watcher.out}")
    watcher.run()
    reporter.info("stopped watching")
