"""What a command tells the person running it: steps, progress on long work, warnings.

One small object passed down the pipeline, so that `--quiet` and `--verbose` are decided
in one place and no stage prints on its own.
"""

from __future__ import annotations

import sys
import time


class Reporter:
    """Prints progress to stderr; quiet prints only errors, verbose prints every step."""

    def __init__(self, quiet: bool = False, verbose: bool = False, stream=None):
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream or sys.stderr
        self._last_progress = 0.0

    def info(self, message: str) -> None:
        """A line the user should normally see."""
        if not self.quiet:
            print(message, file=self.stream, flush=True)

    def detail(self, message: str) -> None:
        """A line only `--verbose` shows."""
        if self.verbose:
            print(message, file=self.stream, flush=True)

    def warning(self, message: str) -> None:
        """Suspicious input: shown unless quiet."""
        if not self.quiet:
            print(f"warning: {message}", file=self.stream, flush=True)

    def error(self, message: str) -> None:
        """Something failed that the person must see, even with --quiet."""
        print(f"error: {message}", file=self.stream, flush=True)

    def progress(self, what: str, done: int, total: int) -> None:
        """Progress of long work, at most a few lines a second (and always the last)."""
        if self.quiet or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._last_progress < 0.5:
            return
        self._last_progress = now
        print(f"  {what}: {done}/{total}", file=self.stream, flush=True)
