"""`customer-room serve`: the watch plus a preview server with live reload.

The server serves the published site folder as it is; since a build swaps the whole
folder in at once (`publish.py`), no request ever sees a half-built site. Into each
HTML page it serves (not into the files on disk, which stay plain static files) it adds
one script, `/__live__/reload.js`, which long-polls `/__live__/wait`: the request is
held until the next build finishes, so an open page learns of a good build at once
and reloads, and of a failed one at once and shows its problems in a banner over the
last good page, until a build succeeds. No websockets, nothing to install in the
browser; the kiosk page is left alone (it polls `build.json` and turns pages itself).
"""

from __future__ import annotations

import errno
import html
import http.server
import json
import threading
import urllib.parse
from pathlib import Path

from .errors import UsageError
from .report import Reporter
from .watch import SETTLE_SECONDS, Outcome, Watcher

LIVE = "/__live__/"
WAIT_SECONDS = 25.0  # a held request is answered at the latest after this, and asked again
_CLIENT = (Path(__file__).parent / "assets" / "live-reload.js").read_text(encoding="utf-8")
NOT_INJECTED = ("kiosk.html",)


class LiveState:
    """The last build's id and problems, and a counter that moves with every build."""

    def __init__(self, build_id: str | None = None):
        self.epoch = 0
        self.build_id = build_id
        self.problems: list[str] = []
        self._changed = threading.Condition()

    def update(self, outcome: Outcome) -> None:
        """A build finished: remember how it went and wake every waiting page."""
        with self._changed:
            if outcome.ok:
                self.build_id, self.problems = outcome.result.build_id, []
            else:
                self.problems = list(outcome.problems)
            self.epoch += 1
            self._changed.notify_all()

    def wait(self, epoch: int | None, timeout: float = WAIT_SECONDS) -> dict:
        """The state once it has moved past `epoch` (or after `timeout`); at once if None."""
        with self._changed:
            if epoch is not None:
                self._changed.wait_for(lambda: self.epoch != epoch, timeout)
            return {"epoch": self.epoch, "build_id": self.build_id, "problems": self.problems}


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder, with the live-reload script added to its pages."""

    state: LiveState  # set on the subclass made by `make_server`

    def do_GET(self) -> None:
        """The live endpoints, else a file of the site."""
        url = urllib.parse.urlsplit(self.path)
        if url.path == LIVE + "reload.js":
            return self._send(200, _CLIENT.encode("utf-8"), "text/javascript; charset=utf-8")
        if url.path == LIVE + "wait":
            epoch = urllib.parse.parse_qs(url.query).get("epoch", [""])[0]
            state = self.state.wait(int(epoch) if epoch.isdigit() else None)
            return self._send(200, json.dumps(state).encode("utf-8"), "application/json")
        if self.state.build_id is None and not Path(self.directory, "build.json").is_file():
            return self._send(503, self._with_client(self._not_built()), "text/html; charset=utf-8")
        path = Path(self.translate_path(url.path))
        if path.is_dir() and url.path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.name not in NOT_INJECTED and path.is_file():
            return self._send(200, self._with_client(path.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def end_headers(self) -> None:
        """Pages and build.json are never cached: a preview must show each build as soon
        as it exists. Scripts, styles and SVGs are revalidated (a 304 when unchanged), so
        a reload does not fetch and compile the 900 KB chart bundle again."""
        path = urllib.parse.urlsplit(self.path).path
        fresh = path.endswith((".html", ".json", "/")) or path.startswith(LIVE)
        self.send_header("Cache-Control", "no-store" if fresh else "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        """Quiet: a preview server that logs every request drowns the build messages."""

    def _with_client(self, page: bytes) -> bytes:
        """The page with the live-reload script and the build it belongs to."""
        tag = f'<script src="{LIVE}reload.js" data-build="{self.state.build_id or ""}" defer></script>'.encode()
        at = page.rfind(b"</body>")
        return page[:at] + tag + page[at:] if at >= 0 else page + tag

    def _not_built(self) -> bytes:
        """What a page shows before the room was ever built: why, and it reloads once it is."""
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in self.state.problems)
        return (f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not built yet</title>"
                f"<body style=\"font:18px/1.5 system-ui,sans-serif;margin:3em\"><h1>The room is not built yet</h1>"
                f"<p>{'The build failed:' if problems else 'The first build is running.'} This page reloads "
                f"by itself when a build succeeds.</p><ul>{problems}</ul></body></html>").encode("utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away while its request was held


def make_server(site: Path, state: LiveState, host: str = "127.0.0.1", port: int = 8000):
    """A threading HTTP server for `site`; UsageError when the port is taken."""
    handler = type("Handler", (LiveHandler,), {"state": state})

    def factory(*args, **kwargs):
        return handler(*args, directory=str(site), **kwargs)

    try:
        server = http.server.ThreadingHTTPServer((host, port), factory)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use; choose another with --port") from None
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
    server.daemon_threads = True
    return server


def published_build_id(out: Path) -> str | None:
    """The id of the site already published in `out`, if any: pages served before the
    first build finishes belong to it."""
    try:
        return json.loads((out / "build.json").read_text(encoding="utf-8")).get("build_id")
    except (OSError, ValueError, AttributeError):
        return None


def address(server) -> str:
    """The server's address as a URL."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def serve(root: Path, out: Path, reporter: Reporter, host: str = "127.0.0.1", port: int = 8000,
          settle: float = SETTLE_SECONDS) -> None:
    """Run `customer-room serve` until Ctrl-C: build, serve, rebuild on every change."""
    state = LiveState(published_build_id(out))
    watcher = Watcher(root, out, reporter, settle, on_build=state.update)
    server = make_server(watcher.out, state, host, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        watcher.start()
        watcher.build()
        thread.start()
        reporter.info(f"serving {watcher.out} at {address(server)} with live reload (Ctrl-C to stop)")
        watcher.loop()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.close()
        server.shutdown() if thread.is_alive() else None
        server.server_close()
    reporter.info("stopped serving")
