"""One kind of worker pool: fresh interpreters fed over pipes, for chart SVGs and posters.

Drawing a chart with vl-convert and laying out a poster with WeasyPrint both hold the
interpreter (vl-convert renders one chart at a time, WeasyPrint is pure Python), so a
build uses two cores by handing that work to worker processes. A worker is a fresh
interpreter started by `python -P -m customer_room.workers SERVICE`, never a fork: a
process forked after vl-convert ran in its parent deadlocks, and a `multiprocessing`
spawn child would first import the build's `__main__` (pandas, Altair: about a second).
A service module imports only what its work needs, so a worker is ready at once.

Requests and answers are pickled one after the other on the worker's stdin and a
private copy of its stdout (anything a library prints goes to stderr). An exception in
a request is pickled back and raised in the caller; a worker that dies fails the
requests it had. Pools stay warm between the builds of a running watch: `pool()` keeps
one per service, the only state this program keeps for the whole process.
"""

from __future__ import annotations

import atexit
import importlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future

# What each service runs: a module with `handle(request) -> answer` and, optionally,
# `warm_up()` (paid when the worker starts, while the build is still loading).
SERVICES = {
    "charts": "customer_room.charts._render",
    "posters": "customer_room.posters.weasy",
}


class WorkerError(RuntimeError):
    """A worker stopped (or could not start) before it answered."""


class Worker:
    """One worker interpreter for `service`, answering one request at a time."""

    def __init__(self, service: str):
        self.service = service
        self.proc = subprocess.Popen([sys.executable, "-P", "-m", __name__, service],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def alive(self) -> bool:
        """Whether the worker is still running."""
        return self.proc.poll() is None

    def ask(self, request):
        """Send one request and wait for its answer (an exception it raised is raised here)."""
        try:
            pickle.dump(request, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.proc.stdin.flush()
            answer = pickle.load(self.proc.stdout)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
            raise WorkerError(f"the {self.service} worker {self.proc.pid} stopped "
                              f"(exit code {self.proc.poll()}): {exc}") from None
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def close(self) -> None:
        """Let the worker finish and exit (it stops when its stdin closes)."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Pool:
    """`size` workers of one service taking requests from one queue, oldest first.

    `lock` is for a caller that wants the whole pool for a while (the background chart
    renderer holds it while pages are planned).
    """

    def __init__(self, service: str, size: int):
        self.service, self.size = service, size
        self.workers = [Worker(service) for _ in range(size)]
        self.lock = threading.Lock()
        self._jobs: queue.Queue = queue.Queue()
        self._feeders = [threading.Thread(target=self._feed, args=(w,), daemon=True) for w in self.workers]
        for feeder in self._feeders:
            feeder.start()

    def alive(self) -> bool:
        """Whether every worker is still running."""
        return all(w.alive() for w in self.workers)

    def submit(self, request) -> Future:
        """Queue a request; its future gets the answer (or the exception)."""
        future: Future = Future()
        self._jobs.put((request, future))
        return future

    def map(self, requests: list, done) -> None:
        """Ask every request and call `done(answer)` in this thread as each comes back,
        in the order they come; the first failure is raised once the rest are back."""
        futures = [self.submit(r) for r in requests]
        answers: queue.Queue = queue.Queue()
        for future in futures:
            future.add_done_callback(answers.put)
        failure = None
        for _ in futures:
            future = answers.get()
            if future.exception() is not None:
                failure = failure or future.exception()
            elif failure is None:
                done(future.result())
        if failure is not None:
            raise failure

    def close(self) -> None:
        """Stop taking requests and let the workers exit."""
        for _ in self._feeders:
            self._jobs.put(None)
        for worker in self.workers:
            worker.close()

    def _feed(self, worker: Worker) -> None:
        """One worker's loop: the next request from the queue, until told to stop. A
        worker that stopped fails what it is given (and the pool is started afresh)."""
        while (job := self._jobs.get()) is not None:
            request, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(worker.ask(request))
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)


_POOLS: dict[str, Pool] = {}
_GUARD = threading.Lock()


def pool(service: str, size: int = 2) -> Pool:
    """The running pool of `size` workers for `service`, started (or started again) if needed."""
    with _GUARD:
        found = _POOLS.get(service)
        if found is None or found.size != size or not found.alive():
            if found is not None:
                found.close()
            found = _POOLS[service] = Pool(service, size)
        return found


def running(service: str) -> Pool | None:
    """The pool of `service` if it is running, else None (nothing is started)."""
    found = _POOLS.get(service)
    return found if found is not None and found.alive() else None


def shutdown(service: str | None = None) -> None:
    """Stop the pool of `service` (every pool when None); also done at exit."""
    with _GUARD:
        names = [service] if service else list(_POOLS)
        stopping = [_POOLS.pop(name) for name in names if name in _POOLS]
    for found in stopping:
        found.close()


atexit.register(shutdown)


def main(service: str) -> None:
    """Be a worker: answer pickled requests from stdin on a private copy of stdout."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the answers
    sys.stdout = sys.stderr
    module = importlib.import_module(SERVICES[service])
    if hasattr(module, "warm_up"):
        module.warm_up()
    while True:
        try:
            request = pickle.load(sys.stdin.buffer)
        except (EOFError, OSError, pickle.UnpicklingError):  # the build closed our stdin: done
            return
        try:
            answer = module.handle(request)
        except Exception as exc:  # handed back, raised in the build
            answer = exc
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot travel: its words can
            data = pickle.dumps(RuntimeError(f"{type(answer).__name__}: {answer}"))
        try:
            answers.write(data)
            answers.flush()
        except OSError:  # the build stopped listening
            return


if __name__ == "__main__":  # a worker, started by `Worker`
    main(sys.argv[1])
