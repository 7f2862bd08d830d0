"""A room whose data is in PostgreSQL (issue 16): the same figures as from its files, the
aggregation done in the server, the password never shown, and wrong names named.

A real PostgreSQL server (Debian's) is started for the module on a free local port and
stopped after (`pg_server.py`). The golden room's exports are loaded into it as typed
tables; a copy of the room whose `room.toml` reads them from there is built and every
figure on every page is compared with the room built from its files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES
from pagetext import read_page, same_figures
from pg_server import forget_statements, load_frame, pg, rows_returned  # noqa: F401 (pg is a fixture)

from customer_room.build import build_site
from customer_room.errors import RoomError
from customer_room.report import Reporter

pytestmark = pytest.mark.slow
DATES = {"customers": ["date"], "issues": ["opened", "closed"], "surveys": ["date"], "kpis": ["period"]}
FILES = ("customers", "issues", "surveys", "kpis", "touchpoints", "actions")


def _typed(name: str) -> pd.DataFrame:
    """An export as a warehouse would hold it: dates as timestamps, numbers as numbers."""
    frame = pd.read_csv(FIXTURES / "small_room" / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
    frame = frame.replace("", None)
    for column in DATES.get(name, []):
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    for column in ("value", "score", "actual", "target", "priority"):
        if column in frame and name != "touchpoints":
            frame[column] = pd.to_numeric(frame[column])
    return frame


def source_room(base, folder: str, source: str, tables: dict[str, str]) -> Path:
    """A copy of the golden room without its data folder, whose `[source]` is `source`
    (room.toml lines) and whose data files are the tables `tables` (data file → table)."""
    room = base / folder
    shutil.copytree(FIXTURES / "small_room", room)
    shutil.rmtree(room / "data")
    toml = (room / "room.toml").read_text() + "\n[source]\n" + source
    for name, table in tables.items():
        toml += f'\n[data.{name}]\ntable = "{table}"\n'
    (room / "room.toml").write_text(toml)
    return room


def _warehouse_room(tmp_path, server, extra: str = "", tables: dict | None = None):
    """A copy of the golden room whose data files are tables in `server` (every file, or
    those of `tables`)."""
    source = (f'url = "postgresql://{server.user}@{server.host}:{server.port}/{server.database}"\n'
              'password_env = "ROOM_TEST_PG_PASSWORD"\n' + extra)
    return source_room(tmp_path, "pg-room", source, tables if tables is not None else {n: n for n in FILES})


@pytest.fixture(scope="module")
def loaded(pg):  # noqa: F811 (the fixture imported above)
    for name in FILES:
        load_frame(pg, name, _typed(name))
    return pg


@pytest.fixture(scope="module")
def sites(loaded, tmp_path_factory):
    base = tmp_path_factory.mktemp("warehouse")
    files_room = base / "files-room"
    shutil.copytree(FIXTURES / "small_room", files_room)
    build_site(files_room, base / "files-site", Reporter(quiet=True))
    room = _warehouse_room(base, loaded)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ROOM_TEST_PG_PASSWORD", loaded.password)
        forget_statements(loaded)
        build_site(room, base / "pg-site", Reporter(quiet=True))
        returned = rows_returned(loaded)
    return base / "files-site", base / "pg-site", returned


def test_every_figure_of_every_page_is_the_same_from_postgresql(sites):
    files_site, pg_site, _ = sites
    assert same_figures(files_site, pg_site) > 100  # the tote board, backlog, time to close, NPS, KPI status, burn-down …
    walls = read_page(pg_site / "walls/outcomes.html")[0]
    assert (walls["acquired"], walls["lost"], walls["net"]) == ("1", "2", "−1")  # test_golden's hand count


def test_the_password_is_in_no_page_and_no_file_of_the_site(sites, loaded):
    _, pg_site, _ = sites
    for path in pg_site.rglob("*"):
        if path.is_file():
            assert loaded.password.encode() not in path.read_bytes(), path


def test_a_missing_password_variable_is_named(loaded, tmp_path, monkeypatch):
    monkeypatch.delenv("ROOM_TEST_PG_PASSWORD", raising=False)
    with pytest.raises(RoomError) as caught:
        build_site(_warehouse_room(tmp_path, loaded), tmp_path / "site", Reporter(quiet=True))
    assert "source.password_env names 'ROOM_TEST_PG_PASSWORD', which is not set" in str(caught.value)


def test_a_wrong_password_is_said_without_showing_it(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("ROOM_TEST_PG_PASSWORD", "not-the-password")
    with pytest.raises(RoomError) as caught:
        build_site(_warehouse_room(tmp_path, loaded), tmp_path / "site", Reporter(quiet=True))
    message = str(caught.value)
    assert f"cannot connect to postgresql://room@127.0.0.1:{loaded.port}/room" in message
    assert "not-the-password" not in message and loaded.password not in message


def test_a_wrong_table_names_the_source_and_the_table(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("ROOM_TEST_PG_PASSWORD", loaded.password)
    room = _warehouse_room(tmp_path, loaded, tables={"issues": "tickts", "customers": "customers"})
    with pytest.raises(RoomError) as caught:
        build_site(room, tmp_path / "site", Reporter(quiet=True))
    message = str(caught.value)
    assert f"postgresql://room@127.0.0.1:{loaded.port}/room, table tickts: has no table 'tickts'" in message
    assert "the source has: actions, customers, issues" in message


def test_a_wrong_column_names_the_source_the_table_and_the_column(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("ROOM_TEST_PG_PASSWORD", loaded.password)
    room = _warehouse_room(tmp_path, loaded, tables={"issues": "issues"},
                           extra='\n[data.issues.columns]\nopened = "created_at"\n')
    text = (room / "room.toml").read_text().replace('[data.issues.columns]\nopened = "created_at"\n', "")
    text = text.replace('[data.issues]\ntable = "issues"\n', '[data.issues]\ntable = "issues"\ncolumns = { opened = "created_at" }\n')
    (room / "room.toml").write_text(text)
    with pytest.raises(RoomError) as caught:
        build_site(room, tmp_path / "site", Reporter(quiet=True))
    message = str(caught.value)
    assert f"postgresql://room@127.0.0.1:{loaded.port}/room, table issues: has no column 'created_at' " \
           "(mapped to 'opened' in data.issues)" in message
    assert "the table has: id, opened, closed" in message


def _million(seed: int = 16) -> pd.DataFrame:
    """A million issues over 18 months, 40 categories, a third still open: what comes
    back grows with weeks × categories (78 × 40 here), not with the issues."""
    rng = np.random.default_rng(seed)
    n = 1_000_000
    opened = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 547 * 24 * 60, n), unit="min")
    closed = pd.Series(opened + pd.to_timedelta(rng.gamma(2.0, 36.0, n), unit="h")).dt.floor("s")
    closed = closed.where((rng.random(n) > 0.33) & (closed < pd.Timestamp("2026-07-01")))
    return pd.DataFrame({"id": np.char.add("T", np.arange(n).astype(str)), "opened": opened, "closed": closed,
                         "category": np.asarray([f"Type {i:02d}" for i in range(40)])[rng.zipf(1.6, n) % 40],
                         "touchpoint": np.asarray(["web", "store", "phone"])[rng.integers(0, 3, n)]})


def test_a_million_issues_are_counted_in_the_server(loaded, tmp_path, monkeypatch):
    issues = _million()
    load_frame(loaded, "big_issues", issues)
    files_room = tmp_path / "files"
    (files_room / "data").mkdir(parents=True)
    issues.to_csv(files_room / "data" / "issues.csv", index=False, date_format="%Y-%m-%d %H:%M:%S")
    build_site(files_room, tmp_path / "files-site", Reporter(quiet=True))
    room = tmp_path / "pg"
    room.mkdir()
    (room / "room.toml").write_text(f'[source]\nurl = "postgresql://{loaded.user}@{loaded.host}:{loaded.port}/'
                                    f'{loaded.database}"\npassword_env = "ROOM_TEST_PG_PASSWORD"\n\n'
                                    '[data.issues]\ntable = "big_issues"\n')
    monkeypatch.setenv("ROOM_TEST_PG_PASSWORD", loaded.password)
    forget_statements(loaded)
    build_site(room, tmp_path / "pg-site", Reporter(quiet=True))
    returned = rows_returned(loaded)
    assert returned < len(issues) / 100, returned  # only small aggregated tables came back
    for page in ("walls/issues.html", "issues/type-01.html", "index.html"):
        assert read_page(tmp_path / "pg-site" / page)[0] == read_page(tmp_path / "files-site" / page)[0], page


def test_a_text_column_that_holds_no_date_names_the_source(loaded, tmp_path, monkeypatch):
    issues = _typed("issues").astype({"opened": "str"})
    issues.loc[3, "opened"] = "soon"
    load_frame(loaded, "text_issues", issues)
    monkeypatch.setenv("ROOM_TEST_PG_PASSWORD", loaded.password)
    room = _warehouse_room(tmp_path, loaded, tables={"issues": "text_issues"})
    with pytest.raises(RoomError) as caught:
        build_site(room, tmp_path / "site", Reporter(quiet=True))
    message = str(caught.value)
    assert f"postgresql://room@127.0.0.1:{loaded.port}/room, table text_issues: cannot be read: " in message
    assert "soon" in message  # PostgreSQL's own words: invalid input syntax for type timestamp: "soon"


def test_the_closed_loop_is_the_same_from_postgresql(loaded, tmp_path, monkeypatch):
    """Detractors followed up (issue 17), their follow-up dates as text under the export's
    own names: counted in the server, the same figures as from the file."""
    from test_follow_up_pages import SURVEYS, make_room

    files_room = make_room(tmp_path / "files")
    build_site(files_room, tmp_path / "files-site", Reporter(quiet=True))
    frame = pd.read_csv(files_room / "data" / "surveys.csv", dtype=str, keep_default_na=False).replace("", None)
    frame["date"], frame["score"] = pd.to_datetime(frame["date"]), pd.to_numeric(frame["score"])
    assert len(frame) == SURVEYS.count("\n") - 1
    load_frame(loaded, "surveys_loop", frame)
    room = _warehouse_room(tmp_path, loaded, tables={**{n: n for n in FILES}, "surveys": "surveys_loop"})
    with (room / "room.toml").open("a") as f:
        f.write('\n[data.surveys.columns]\nfollowed_up = "Contacted"\noutcome = "Result"\n')
    monkeypatch.setenv("ROOM_TEST_PG_PASSWORD", loaded.password)
    build_site(room, tmp_path / "pg-site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "pg-site") > 100
    figures = read_page(tmp_path / "pg-site" / "touchpoints" / "ship.html")[0]
    assert (figures["follow-up:share"], figures["follow-up:median"]) == ("50 %", "60 h")
