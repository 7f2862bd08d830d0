"""A real PostgreSQL server for a test: started in a fresh temporary folder, stopped after.

The engine's Ibis expressions are meant to run on a warehouse as well as on the embedded
DuckDB; only a real server shows that they compile and give the same figures there. This
module starts one from the machine's PostgreSQL binaries (Debian's `postgresql` package),
listening on 127.0.0.1 only, on a free port, with a role that logs in with a password
(`room` / `secret-pw`, database `room`) so a test can also pass the password the way a
user would, e.g. through an environment variable. Durability is switched off: the data
lives only as long as the test.

PostgreSQL refuses to run as root, so when the tests run as root (here and in CI) the
server runs as the `postgres` system user the package creates.

Without PostgreSQL binaries the tests that use a server skip, unless CI=true: CI
installs PostgreSQL (`.ci/setup`), so there a missing server is a failure, not a skip.
(psycopg is imported only once a server is there: it needs libpq, which comes with it.)
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

USER, PASSWORD, DATABASE = "room", "secret-pw", "room"
SETTINGS = {  # fast, throwaway: no durability, and no WAL for a table filled in the transaction creating it
    "listen_addresses": "'127.0.0.1'", "fsync": "off", "full_page_writes": "off",
    "synchronous_commit": "off", "wal_level": "minimal", "max_wal_senders": "0", "max_wal_size": "'1GB'",
    "timezone": "'UTC'",
    "shared_preload_libraries": "'pg_stat_statements'",  # the server counts the rows each statement returns
}


@dataclass(frozen=True)
class Server:
    """Where a running server listens and how the test's role logs in."""

    host: str
    port: int
    user: str
    password: str
    database: str
    socket_dir: str  # the superuser `postgres` logs in here without a password

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"


def _bin_dir() -> Path | None:
    """The folder of pg_ctl and initdb: on PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(dirs[-1]).parent if dirs else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def postgres_server():
    """Start a fresh PostgreSQL server, yield its `Server`, and stop and delete it after,
    whatever happens in between. Skips the test when PostgreSQL is not installed (fails
    instead when CI=true)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        reason = "PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + "; CI must have it: see .ci/setup")
        pytest.skip(reason)
    import psycopg  # here, not at the top: without PostgreSQL's libpq it does not import
    from psycopg import sql

    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # postgres refuses root
    root = Path(tempfile.mkdtemp(prefix="customer-room-pg-"))  # not under pytest's root-only tmp folders
    data, log, port = root / "data", root / "server.log", _free_port()
    if as_user:
        shutil.chown(root, "postgres", "postgres")

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, str(bin_dir / args[0]), *args[1:]], check=False, cwd=root,
                              capture_output=True, text=True)
        if done.returncode != 0:
            server_log = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}{server_log}")

    try:
        run("initdb", "-D", str(data), "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync",
            "--auth-local=trust", "--auth-host=scram-sha-256")
        settings = {**SETTINGS, "port": str(port), "unix_socket_directories": f"'{root}'"}
        with open(data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        run("pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", "60", "start")
        with psycopg.connect(host=str(root), port=port, user="postgres", dbname="postgres",
                             autocommit=True) as con:
            con.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(USER),
                                                                           sql.Literal(PASSWORD)))
            con.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(DATABASE),
                                                                      sql.Identifier(USER)))
        with psycopg.connect(host=str(root), port=port, user="postgres", dbname=DATABASE, autocommit=True) as con:
            con.execute("CREATE EXTENSION pg_stat_statements")
        yield Server("127.0.0.1", port, USER, PASSWORD, DATABASE, str(root))
    finally:
        if (data / "postmaster.pid").exists():
            try:
                run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
            except RuntimeError:
                run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def pg():
    """One PostgreSQL server for a test module (import it into the module to use it)."""
    with postgres_server() as server:
        yield server


def _column_type(column: pd.Series) -> str:
    """The PostgreSQL type of a frame's column; an object column by the values it holds."""
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return "timestamptz"
    if kind in ("datetime64", "datetime"):
        return "timestamp"
    if kind == "boolean":
        return "boolean"
    if kind == "integer":
        return "bigint"
    if kind in ("floating", "mixed-integer-float", "decimal"):
        return "double precision"
    return "text"


def _copy_text(column: pd.Series, kind: str) -> pd.Series:
    """A column as the fields of COPY's text format: NULL as \\N, and in text the
    backslash, tab, newline and carriage return escaped (an empty string stays empty)."""
    text = column.astype(str)
    if kind == "text":
        for char, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
            text = text.str.replace(char, escaped, regex=False)
    return text.where(column.notna(), "\\N")


def load_frame(server: Server, name: str, frame: pd.DataFrame, chunk: int = 200_000) -> None:
    """Write `frame` into a new table `name` (replacing one of that name) with COPY, so a
    test can fill a server with a million rows in seconds: datetimes become timestamp,
    ints bigint, floats double precision, bools boolean, the rest text; NaN, NaT, None
    and NA become NULL (PostgreSQL keeps microseconds: nanoseconds are rounded). The
    index is not written."""
    import psycopg
    from psycopg import sql

    kinds = {col: _column_type(frame[col]) for col in frame.columns}
    columns = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(col), sql.SQL(kind))
                                 for col, kind in kinds.items())
    table = sql.Identifier(name)
    with psycopg.connect(server.url) as con, con.cursor() as cur:  # one transaction: commits at the end
        cur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        cur.execute(sql.SQL("CREATE TABLE {} ({})").format(table, columns))
        with cur.copy(sql.SQL("COPY {} FROM STDIN").format(table)) as copy:
            for start in range(0, len(frame), chunk):
                part = frame.iloc[start:start + chunk]
                fields = [_copy_text(part[col], kind).tolist() for col, kind in kinds.items()]
                copy.write("".join("\t".join(row) + "\n" for row in zip(*fields)))
        cur.execute(sql.SQL("ANALYZE {}").format(table))


def rows_returned(server: Server) -> int:
    """How many rows the server has sent back to its clients since the last
    `forget_statements`, as PostgreSQL itself counts them (pg_stat_statements)."""
    import psycopg

    with psycopg.connect(host=server.socket_dir, port=server.port, user="postgres", dbname=server.database) as con:
        return int(con.execute("SELECT coalesce(sum(rows), 0) FROM pg_stat_statements "
                               "WHERE query NOT ILIKE '%pg_stat_statements%'").fetchone()[0])


def forget_statements(server: Server) -> None:
    """Start counting the rows returned afresh."""
    import psycopg

    with psycopg.connect(host=server.socket_dir, port=server.port, user="postgres", dbname=server.database,
                         autocommit=True) as con:
        con.execute("SELECT pg_stat_statements_reset()")
