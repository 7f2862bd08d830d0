"""The command line as a user runs it: exit codes, check writes nothing, init builds."""

from __future__ import annotations

import pytest

import subprocess
import sys
from pathlib import Path

from conftest import REPO

pytestmark = pytest.mark.slow  # runs the real command in new processes


def run(*args, cwd=None):
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_makes_a_room_that_builds(tmp_path):
    room = tmp_path / "new-room"
    made = run("init", str(room))
    assert made.returncode == 0, made.stderr
    assert (room / "room.toml").is_file() and (room / "data" / "issues.csv").is_file()
    built = run("--room", str(room), "--quiet")
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""  # --quiet prints nothing on success
    index = (room / "site" / "index.html").read_text()
    assert "My company" in index and "walls/issues.html" in index
    assert (room / "site" / "issues" / "late-delivery.html").is_file()
    assert (room / "site" / "touchpoints" / "receiving-a-shipment.html").is_file()
    assert 'id="reason-delivery-problems"' in (room / "site" / "walls" / "outcomes.html").read_text()  # an owned reason


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = run("init", str(tmp_path))
    assert result.returncode == 2
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_check_on_the_demo_room_exits_0_and_writes_nothing(tmp_path):
    before = tree(REPO / "data"), tree(REPO / "walls"), sorted(p.name for p in REPO.iterdir())
    site_before = tree(REPO / "site") if (REPO / "site").exists() else None
    result = run("check", "--room", str(REPO))
    assert result.returncode == 0, result.stderr
    assert "checked" in result.stderr
    after = tree(REPO / "data"), tree(REPO / "walls"), sorted(p.name for p in REPO.iterdir())
    assert after == before
    assert (tree(REPO / "site") if (REPO / "site").exists() else None) == site_before


def test_data_errors_exit_1_and_keep_the_last_good_site(small_room):
    assert run("--room", str(small_room), "-q").returncode == 0
    good = tree(small_room / "site")
    issues = small_room / "data" / "issues.csv"
    issues.write_text(issues.read_text().replace("2026-02-17", "2026-02-31"))
    result = run("--room", str(small_room))
    assert result.returncode == 1
    assert ("data/issues.csv:8: column 'opened': '2026-02-31' is not a date "
            "(expected YYYY-MM-DD or YYYY-MM-DD HH:MM, or set date_format in [data.issues])") in result.stderr
    assert tree(small_room / "site") == good


def test_usage_errors_exit_2(tmp_path):
    assert run("publish").returncode == 2
    assert run("--room", str(tmp_path / "nowhere")).returncode == 2
    assert run("build", "extra-arg", "--room", str(tmp_path)).returncode == 2


def test_verbose_shows_steps_and_out_chooses_the_folder(small_room, tmp_path):
    out = tmp_path / "elsewhere"
    result = run("--room", str(small_room), "--out", str(out), "--verbose")
    assert result.returncode == 0, result.stderr
    assert "files used: customers ← data/customers.csv" in result.stderr
    assert "charts:" in result.stderr and "pages:" in result.stderr
    assert (out / "index.html").is_file() and not (small_room / "site").exists()


def test_many_problems_are_listed_up_to_a_limit_then_counted(room_factory):
    bad = "".join(f"T{i},bad{i},,Late\n" for i in range(3))
    files = {f"data/{name}.csv": text for name, text in {
        "issues": "id,opened,closed,category\n" + bad,
        "customers": "date,customer_id,event,value\n" + "".join(f"x{i},C{i},gone,-1\n" for i in range(8)),
        "surveys": "date,touchpoint,instrument,score\n" + "".join(f"x{i},web,nps,99\n" for i in range(8)),
        "kpis": "period,touchpoint,kpi,actual,target\n" + "".join(f"x{i},web,k,lots,many\n" for i in range(8)),
        "actions": "issue,action,owner,due,status\n" + "".join(f"k,a,o,x{i},maybe\n" for i in range(8)),
    }.items()}
    result = run("--room", str(room_factory(files)))
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert lines[0].startswith("customer-room: the room has ") and lines[0].endswith("problems; nothing was written:")
    total = int(lines[0].split()[4])
    assert total > 50
    assert len(lines) == 1 + 50 + 1 and lines[-1] == f"  … and {total - 50} more"


def test_a_build_with_nothing_changed_writes_nothing_and_says_so(small_room):
    assert run("--room", str(small_room), "-q").returncode == 0
    before = tree(small_room / "site")
    again = run("--room", str(small_room))
    assert again.returncode == 0 and "nothing changed since the last build" in again.stderr
    assert tree(small_room / "site") == before
    note = small_room / "walls" / "outcomes.md"
    note.write_text(note.read_text().replace("two", "2"))
    changed = run("--room", str(small_room), "-q")
    assert changed.returncode == 0
    assert "February lost <strong>2</strong> customers" in (small_room / "site/walls/outcomes.html").read_text()
    forced = run("--room", str(small_room), "--force", "-v")
    assert "nothing changed" not in forced.stderr and "built 10 pages" in forced.stderr  # the kiosk and the walk among them


def test_a_room_with_nothing_changed_is_told_so_without_importing_pandas(small_room):
    """The up-to-date check is file-system calls and build.json: no pandas, no Altair
    (they take about a second to import, which is most of what this check saves)."""
    assert run("--room", str(small_room), "-q").returncode == 0
    probe = ("import sys; from customer_room.cli import main; code = main(['--room', sys.argv[1]]); "
             "print(code, sorted(m for m in ('pandas', 'altair', 'jinja2', 'vl_convert') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, str(small_room)], capture_output=True, text=True, timeout=120)
    assert "nothing changed since the last build" in done.stderr
    assert done.stdout.strip() == "0 []"
