"""Peak memory of a whole process tree, sampled from /proc (Linux only).

A build is one Python process plus the render worker interpreters it starts, so the
parent's own peak (what `/usr/bin/time` or `ru_maxrss` show) understates what the
machine must hold. `TreeSampler` walks the tree every ~50 ms in a thread and keeps the
largest sum of VmRSS over the tree and the largest single process seen.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")


def children(pid: int) -> list[int]:
    """Direct children of `pid` (from every thread's `children` file, else a /proc scan)."""
    out: list[int] = []
    try:
        for task in (PROC / str(pid) / "task").iterdir():
            text = (task / "children").read_text()
            out.extend(int(c) for c in text.split())
        return out
    except FileNotFoundError:  # kernel without CONFIG_PROC_CHILDREN, or the process is gone
        pass
    except OSError:
        return out
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants still running."""
    seen, todo = [], [pid]
    while todo:
        current = todo.pop()
        seen.append(current)
        todo.extend(children(current))
    return seen


def rss_kib(pid: int) -> int:
    """VmRSS of one process in KiB (0 when it has gone or is a zombie)."""
    try:
        with open(PROC / str(pid) / "status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def command(pid: int) -> str:
    """A short name for a process: its script or program name."""
    try:
        argv = (PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a and not a.startswith(b"-")]
    return os.path.basename(words[1] if len(words) > 1 else words[0]) if words else "?"


@dataclass
class TreeSampler:
    """Samples a process tree's memory in a background thread until `stop()`."""

    pid: int
    interval: float = 0.05
    peak_tree_kib: int = 0
    peak_single_kib: int = 0
    peak_single_name: str = ""
    max_processes: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> "TreeSampler":
        """Begin sampling."""
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def sample(self) -> None:
        """One look at the tree: update the peaks."""
        pids = tree(self.pid)
        sizes = {p: rss_kib(p) for p in pids}
        self.samples += 1
        self.max_processes = max(self.max_processes, sum(1 for s in sizes.values() if s))
        self.peak_tree_kib = max(self.peak_tree_kib, sum(sizes.values()))
        biggest = max(sizes, key=sizes.get)
        if sizes[biggest] > self.peak_single_kib:
            self.peak_single_kib, self.peak_single_name = sizes[biggest], command(biggest)

    def _run(self) -> None:
        """Sample until stopped."""
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
