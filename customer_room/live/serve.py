"""`customer-room serve`: the watch plus a preview server with live reload.

The server serves the published site folder as it is; since a build swaps the whole
folder in at once (`output/writer.py`), no request ever sees a half-built site. Into each
HTML page it serves (not into the files on disk, which stay plain static files) it adds
one script, `/__live__/reload.js`, which long-polls `/__live__/wait`: the request is
held until the next build finishes, so an open page learns of a good build at once
and reloads, and of a failed one at once and shows its problems in a banner over the
last good page, until a build succeeds. No websockets, nothing to install in the
browser; the kiosk page is left alone (it polls `build.json` and turns pages itself).

It previews a site for one person's browser tabs, but any program on the machine can
talk to it, so every request gets an HTTP answer and nothing is printed per request: a
bad request line or path is a 400, a file that is not there (or a folder with no
index.html: folders are never listed) a 404, a URL too long a 414, an HTTP version
other than 1.x (0.9 included) a 505. At most `MAX_THREADS` requests are handled at
once; a connection beyond that is answered 503 at once (a page's live script asks again
two seconds later) rather than left waiting, unseen, behind whatever holds the others.
A connection that sends nothing for `IDLE_SECONDS` is closed.
"""

from __future__ import annotations

import errno
import html
import http.server
import json
import os
import threading
import urllib.parse
from pathlib import Path

from ..errors import UsageError
from ..output.manifest import published_build_id
from ..paths import BUILD_JSON
from ..report import Reporter
from .watch import SETTLE_SECONDS, Outcome, Watcher

LIVE = "/__live__/"
WAIT_SECONDS = 25.0  # a held request is answered at the latest after this, and asked again
IDLE_SECONDS = 30.0  # a connection silent this long is closed; held requests end sooner (WAIT_SECONDS)
MAX_THREADS = 64  # requests handled at once: a browser opens at most 6 to one server, so many tabs and devices
EPOCH_DIGITS = 18  # an epoch counts builds: up to 18 ASCII digits
_CLIENT = (Path(__file__).resolve().parent.parent / "assets" / "live-reload.js").read_text(encoding="utf-8")
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


def parse_epoch(text: str) -> int | None:
    """The epoch a page last saw, from `?epoch=`: None when empty (answer at once).

    Only ASCII digits, at most EPOCH_DIGITS of them: `str.isdigit` alone takes '²' (which
    `int` refuses) and 5,000 digits (which `int` refuses too). ValueError otherwise.
    """
    if not text:
        return None
    if len(text) > EPOCH_DIGITS or not (text.isascii() and text.isdigit()):
        raise ValueError(f"epoch must be a number of at most {EPOCH_DIGITS} digits")
    return int(text)


def bad_target(target: str) -> str | None:
    """Why a request's target can name no file of the site (a 400), or None if it can.

    The path must start with '/' and, once its %-escapes are decoded, be UTF-8 with no
    control characters: a NUL byte or a lone surrogate makes the operating system's
    file calls raise rather than say 'not found'.
    """
    if not target.startswith("/"):
        return "the path must start with '/'"
    path = target.split("?", 1)[0].split("#", 1)[0]
    try:
        name = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return "the path is not UTF-8"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "the path holds a control character"
    return None


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder, with the live-reload script added to its pages."""

    state: LiveState  # set on the subclass made by `make_server`
    timeout = IDLE_SECONDS  # socketserver sets it on the connection: idle reads and writes end
    default_request_version = "HTTP/1.0"  # so that an error before the version is known has a status line
    _answered = False

    def handle_one_request(self) -> None:
        """One request, always answered: a failure of this server is a 500 naming it, a
        client gone away just ends the connection; neither prints a traceback."""
        self._answered = False
        try:
            super().handle_one_request()
        except ConnectionError:
            self.close_connection = True
        except Exception as exc:  # a bug here must not drop the request unanswered
            self.close_connection = True
            if not self._answered:
                try:
                    self.send_error(500, f"The preview server failed: {type(exc).__name__}: {exc}")
                except OSError:
                    pass

    def parse_request(self) -> bool:
        """The request line and headers (the standard library's checks), then the path's:
        a blank request line (which the standard library leaves unanswered) or a path
        that can name no file is a 400, an HTTP/0.9 request (no version) a 505."""
        if len(str(self.raw_requestline, "iso-8859-1").split()) == 2:  # the library would wait for headers
            self.command, self.requestline = None, ""
            self.request_version, self.close_connection = self.default_request_version, True
            self.send_error(505, "HTTP/0.9 is not served: ask 'GET /path HTTP/1.1'")
            return False
        if not super().parse_request():
            if not self._answered:
                self.send_error(400, "The request line is empty")
            return False
        problem = bad_target(self.path)
        if problem:
            self.send_error(400, f"Bad path: {problem}.")
            return False
        return True

    def do_GET(self) -> None:
        """The live endpoints, else a file of the site."""
        url = urllib.parse.urlsplit(self.path)
        if url.path == LIVE + "reload.js":
            return self._send(200, _CLIENT.encode("utf-8"), "text/javascript; charset=utf-8")
        if url.path == LIVE + "wait":
            try:
                epoch = parse_epoch(urllib.parse.parse_qs(url.query).get("epoch", [""])[0])
            except ValueError as exc:
                return self.send_error(400, f"Bad epoch: {exc}.")
            return self._send(200, json.dumps(self.state.wait(epoch)).encode("utf-8"), "application/json")
        if self.state.build_id is None and not Path(self.directory, BUILD_JSON).is_file():
            return self._send(503, self._with_client(self._not_built()), "text/html; charset=utf-8")
        path = self.translate_path(url.path)
        if os.path.isdir(path) and url.path.endswith("/"):
            path = os.path.join(path, "index.html")
        if path.endswith(".html") and os.path.basename(path) not in NOT_INJECTED and os.path.isfile(path):
            try:
                page = Path(path).read_bytes()
            except OSError:
                return self.send_error(404, "File not found")
            return self._send(200, self._with_client(page), "text/html; charset=utf-8")
        return super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """An error page; its status line has the standard reason ('400 Bad Request'), and
        what was wrong (which may quote the request) goes in the page, escaped."""
        super().send_error(code, None, " ".join(filter(None, (message, explain))) or None)

    def list_directory(self, path) -> None:
        """A folder with no index.html is not a page: 404, never a listing of its files."""
        self.send_error(404, "File not found")

    def end_headers(self) -> None:
        """Pages and build.json are never cached: a preview must show each build as soon
        as it exists. Scripts, styles and SVGs are revalidated (a 304 when unchanged), so
        a reload does not fetch and compile the 900 KB chart bundle again."""
        path = getattr(self, "path", "").split("?", 1)[0]  # not set when the request line was bad
        fresh = path.endswith((".html", ".json", "/")) or path.startswith(LIVE)
        self.send_header("Cache-Control", "no-store" if fresh else "no-cache")
        if path.lower().endswith(".svg"):  # an SVG opened on its own runs nothing, even one cleaned badly
            self.send_header("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'")
        self._answered = True
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


class PreviewServer(http.server.ThreadingHTTPServer):
    """A thread per request, at most `max_threads` at once; quiet about failed requests."""

    daemon_threads = True
    request_queue_size = 128  # connections the system accepts before this server does (socketserver's 5
    # makes a browser wait a second to connect again when a few tabs reload at once)

    def __init__(self, address, handler, max_threads: int = MAX_THREADS):
        self.max_threads = max_threads
        self._slots = threading.BoundedSemaphore(max_threads)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        """Hand the connection to a thread of its own when one is free, else answer 503."""
        if not self._slots.acquire(blocking=False):
            return self._busy(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()  # no thread was started to release it
            raise

    def process_request_thread(self, request, client_address) -> None:
        """The request's thread: its slot is free again once the connection is closed."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:
        """Quiet: a connection that failed (the handler answers what it can) is no
        traceback in the terminal where the build messages are."""

    def _busy(self, request) -> None:
        """Answer 503 from the accepting thread without waiting on the client."""
        body = (f"The preview server is busy: {self.max_threads} requests are being handled at once. "
                "Reload in a moment; if this goes on, a program on this machine is holding connections "
                "open.\n").encode("utf-8")
        head = ("HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Cache-Control: no-store\r\nRetry-After: 2\r\nContent-Length: {len(body)}\r\n\r\n")
        try:
            request.setblocking(False)
            try:
                request.recv(65536)  # what the client already sent: closing on unread bytes resets the answer
            except OSError:
                pass
            request.send(head.encode("ascii") + body)
        except OSError:
            pass
        self.shutdown_request(request)


def make_server(site: Path, state: LiveState, host: str = "127.0.0.1", port: int = 8000,
                idle_seconds: float = IDLE_SECONDS, max_threads: int = MAX_THREADS):
    """A threading HTTP server for `site`; UsageError when the port is taken.

    `idle_seconds` and `max_threads` are the limits described above (tests make them small).
    """
    handler = type("Handler", (LiveHandler,), {"state": state, "timeout": idle_seconds})

    def factory(*args, **kwargs):
        return handler(*args, directory=str(site), **kwargs)

    try:
        return PreviewServer((host, port), factory, max_threads)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use; choose another with --port") from None
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}") from None


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
