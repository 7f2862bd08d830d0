"""The preview server under hostile or careless requests (issue 11, finding 10).

Raw bytes over a real socket to the real server (`make_server` on a built fixture room):
every request gets a status line (400, 404, 414, 431, 501, 505), nothing is printed, the
server goes on answering, folders are never listed, an idle connection is closed after
the server's timeout, and more connections than its thread cap get a 503 while the
number of threads stays bounded.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time

import pytest

from conftest import FIXTURES
from customer_room.live import serve
from customer_room.build import build_site
from customer_room.report import Reporter
from customer_room.live.serve import LiveState, make_server
from customer_room.output.manifest import published_build_id

pytestmark = pytest.mark.slow

IDLE = 1.0  # the server's idle timeout in these tests
CAP = 6  # its thread cap


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture room built once, with a media/ folder as a room with images has."""
    root = tmp_path_factory.mktemp("hostile") / "room"
    shutil.copytree(FIXTURES / "small_room", root, ignore=shutil.ignore_patterns(".cache", "site"))
    build_site(root, root / "site", Reporter(quiet=True))
    (root / "site/media").mkdir(exist_ok=True)
    (root / "site/media/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root / "site"


@pytest.fixture
def server(site):
    """The preview server on a free port, with a short idle timeout and a small thread cap."""
    srv = make_server(site, LiveState(published_build_id(site)), port=0, idle_seconds=IDLE, max_threads=CAP)
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)  # quick to shut down
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def exchange(port: int, data: bytes, close_write: bool = False) -> bytes:
    """Send `data` as it is and read the whole answer (the server closes the connection)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        if close_write:
            s.shutdown(socket.SHUT_WR)
        return read_all(s)


def read_all(s: socket.socket) -> bytes:
    out = b""
    while chunk := s.recv(65536):
        out += chunk
    return out


def status(answer: bytes) -> str:
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


def assert_still_answering(port: int) -> None:
    answer = exchange(port, b"GET /walls/issues.html HTTP/1.0\r\n\r\n")
    assert status(answer) == "HTTP/1.0 200 OK" and b"<h1" in answer


def request(target: bytes, version: bytes = b"HTTP/1.0", method: bytes = b"GET") -> bytes:
    return method + b" " + target + b" " + version + b"\r\nHost: 127.0.0.1\r\n\r\n"


HOSTILE = [
    ("nul escaped in the path", request(b"/%00"), "400 Bad Request"),
    ("nul escaped inside a page name", request(b"/walls/%00issues.html"), "400 Bad Request"),
    ("raw nul in the path", request(b"/a\x00b.html"), "400 Bad Request"),
    ("nul in a HEAD request", request(b"/%00", method=b"HEAD"), "400 Bad Request"),
    ("control character", request(b"/walls/%1b[2J.html"), "400 Bad Request"),
    ("escaped lone surrogate", request(b"/%ED%A0%80.html"), "400 Bad Request"),
    ("escapes that are not UTF-8", request(b"/%C3%28.html"), "400 Bad Request"),
    ("path without a leading slash", request(b"walls/issues.html"), "400 Bad Request"),
    ("70 KB URL", request(b"/" + b"a" * 70_000), "414 Request-URI Too Long"),
    ("HTTP/9.9", request(b"/", b"HTTP/9.9"), "505 HTTP Version Not Supported"),
    ("HTTP/2.0 as text", request(b"/", b"HTTP/2.0"), "505 HTTP Version Not Supported"),
    ("HTTP/0.9 (no version)", b"GET /\r\n", "505 HTTP Version Not Supported"),
    ("HTTP/0.9 split by a separator", b"GET\x1c/\r\n", "505 HTTP Version Not Supported"),
    ("version that is not a number", request(b"/", b"HTTP/1.x"), "400 Bad Request"),
    ("binary garbage", bytes(range(256)).replace(b"\n", b"") + b"\r\n\r\n", "400 Bad Request"),
    ("garbage and no line end", b"\x89\xfe\xff\x00\x01garbage", "400 Bad Request"),
    ("blank request line", b"\r\n\r\n", "400 Bad Request"),
    ("whitespace request line", b" \t\x1c\x1f \r\n\r\n", "400 Bad Request"),
    ("four words", b"GET / HTTP/1.0 more\r\n\r\n", "400 Bad Request"),
    ("unknown method", request(b"/", method=b"BREW"), "501 Not Implemented"),
    ("header line of 70 KB", b"GET / HTTP/1.0\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
     "431 Request Header Fields Too Large"),
    ("epoch that is a superscript two", request(b"/__live__/wait?epoch=%C2%B2"), "400 Bad Request"),
    ("epoch of 5,000 digits", request(b"/__live__/wait?epoch=" + b"9" * 5000), "400 Bad Request"),
    ("negative epoch", request(b"/__live__/wait?epoch=-1"), "400 Bad Request"),
    ("epoch in Arabic-Indic digits", request(b"/__live__/wait?epoch=%D9%A3"), "400 Bad Request"),
    ("epoch with a nul", request(b"/__live__/wait?epoch=1%00"), "400 Bad Request"),
    ("dot-dot traversal", request(b"/../../../../etc/passwd"), "404 Not Found"),
    ("escaped dot-dot traversal", request(b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd"), "404 Not Found"),
    ("escaped slash traversal", request(b"/walls/..%2f..%2f..%2fetc%2fpasswd"), "404 Not Found"),
    ("double slash", request(b"//etc/passwd", b"HTTP/1.1"), "404 Not Found"),
    ("file name too long for the system", request(b"/" + b"a" * 300 + b".html"), "404 Not Found"),
    ("folder name too long for the system", request(b"/" + b"a" * 300 + b"/"), "404 Not Found"),
    ("page that is not there", request(b"/walls/nothing.html"), "404 Not Found"),
]


@pytest.mark.parametrize("name, data, expected", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_every_hostile_request_gets_a_status_and_nothing_is_printed(server, capfd, name, data, expected):
    answer = exchange(server, data, close_write=name == "garbage and no line end")
    assert status(answer) == f"HTTP/1.0 {expected}"
    assert b"root:" not in answer  # never a file from outside the site
    assert_still_answering(server)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


@pytest.mark.parametrize("folder", ["/assets/", "/media/", "/charts/", "/assets/fonts/", "/issues/"])
def test_folders_are_never_listed(server, capfd, folder):
    answer = exchange(server, request(folder.encode()))
    assert status(answer) == "HTTP/1.0 404 Not Found"
    assert b"Directory listing" not in answer and b".svg" not in answer and b".css" not in answer
    without_slash = exchange(server, request(folder.rstrip("/").encode()))
    assert status(without_slash) in ("HTTP/1.0 301 Moved Permanently", "HTTP/1.0 404 Not Found")
    assert b"Directory listing" not in without_slash
    assert capfd.readouterr() == ("", "")


def test_a_folder_with_an_index_page_still_serves_it(server):
    answer = exchange(server, request(b"/"))
    assert status(answer) == "HTTP/1.0 200 OK" and b"/__live__/reload.js" in answer
    assert b"Cache-Control: no-store" in answer


def test_an_svg_is_served_with_a_policy_that_forbids_scripts(server, site):
    chart = next(site.glob("charts/**/*.svg")).relative_to(site).as_posix()
    answer = exchange(server, request(f"/{chart}".encode()))
    assert status(answer) == "HTTP/1.0 200 OK"
    assert b"Content-Security-Policy: default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'" in answer
    assert b"Content-Security-Policy" not in exchange(server, request(b"/index.html")).split(b"\r\n\r\n")[0]


def test_the_live_endpoints_still_answer(server):
    answer = exchange(server, request(b"/__live__/wait?epoch="))  # no epoch: at once
    assert status(answer) == "HTTP/1.0 200 OK" and b'"epoch": 0' in answer
    assert status(exchange(server, request(b"/__live__/reload.js"))) == "HTTP/1.0 200 OK"


@pytest.mark.parametrize("sent", [b"", b"GET / HTTP/1.0\r\n", b"GE"], ids=["nothing", "no blank line", "half a word"])
def test_an_idle_connection_is_closed_after_the_timeout(server, capfd, sent):
    with socket.create_connection(("127.0.0.1", server), timeout=10) as s:
        s.sendall(sent)
        began = time.monotonic()
        assert read_all(s) == b""  # closed by the server, with nothing to answer yet
        waited = time.monotonic() - began
    assert IDLE * 0.8 <= waited < IDLE + 3, waited
    assert_still_answering(server)
    assert capfd.readouterr() == ("", "")


def test_more_connections_than_the_cap_get_a_503_and_threads_stay_bounded(server, capfd):
    before = threading.active_count()
    held = [socket.create_connection(("127.0.0.1", server), timeout=10) for _ in range(CAP * 10)]
    try:
        time.sleep(0.3)  # all accepted: the first CAP each hold a thread, silent
        assert threading.active_count() <= before + CAP
        busy = exchange(server, request(b"/walls/issues.html"))  # answered, not left waiting
        assert status(busy) == "HTTP/1.0 503 Service Unavailable"
        assert b"Retry-After: 2" in busy and b"preview server is busy" in busy
        refused = [s for s in held[CAP:] if status(read_all(s)) == "HTTP/1.0 503 Service Unavailable"]
        assert len(refused) == len(held) - CAP
    finally:
        for s in held:
            s.close()
    deadline = time.monotonic() + 5
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before
    assert_still_answering(server)
    assert capfd.readouterr() == ("", "")


def test_a_failure_inside_the_server_is_a_500_not_a_dropped_connection(server, capfd, monkeypatch):
    def broken(self):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(serve.LiveHandler, "do_GET", broken)
    answer = exchange(server, request(b"/walls/issues.html"))
    assert status(answer) == "HTTP/1.0 500 Internal Server Error"
    assert b"RuntimeError: simulated bug" in answer
    assert capfd.readouterr() == ("", "")
