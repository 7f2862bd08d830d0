"""Make the demo room's walk history: the room built as it stood at its last two reviews.

The walk page compares the room with what it showed at the last walk, which a fresh
demo room has never had. This builds a copy of the demo room for each earlier review
with its data cut at that day (events, issues and responses up to it, issues closed
after it open again, actions done after it not yet done, KPI readings of the
months over by then) and most of its notes read as they did before they were last edited,
and keeps the snapshots in `history/walks.json`, as if the room had been built on those
days. Run it after `generate.py`; the next build of the demo adds today's snapshot.

    .venv/bin/python scripts/demo/history.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOM = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOM))

from customer_room.build import build_site
from customer_room.load.history import HISTORY_FILE
from customer_room.report import Reporter

REVIEWS = ("2026-10-06", "2026-11-03")  # the first Tuesdays before the demo data's "as of" (2026-11-15)
UNCHANGED = ("walls/touchpoints.md", "walls/issues/long-hold-time.md")  # notes nobody touched since the walks


def main() -> None:
    """Build the room as it was at each review, oldest first, and keep its history."""
    (ROOM / HISTORY_FILE).unlink(missing_ok=True)
    for day in REVIEWS:
        with tempfile.TemporaryDirectory() as folder:
            room = Path(folder) / "room"
            for part in ("data", "walls", "templates", "room.toml", "history"):
                source = ROOM / part
                if source.is_dir():
                    shutil.copytree(source, room / part)
                elif source.exists():
                    room.mkdir(exist_ok=True)
                    shutil.copy2(source, room / part)
            _cut(room, pd.Timestamp(day))
            build_site(room, room / "site", Reporter(quiet=True))
            (ROOM / HISTORY_FILE).parent.mkdir(exist_ok=True)
            shutil.copy2(room / HISTORY_FILE, ROOM / HISTORY_FILE)
            print(f"{day}: the room as it was, kept in {HISTORY_FILE}")


def _cut(room: Path, day: pd.Timestamp) -> None:
    """The room's data and notes as they were on `day`."""
    data = room / "data"
    end = day + pd.Timedelta(days=1)
    for name, column in (("customers", "date"), ("surveys", "date")):
        frame = pd.read_csv(data / f"{name}.csv", dtype=str, keep_default_na=False)
        frame[pd.to_datetime(frame[column]) < end].to_csv(data / f"{name}.csv", index=False)
    issues = pd.read_csv(data / "issues.csv", dtype=str, keep_default_na=False)
    issues = issues[pd.to_datetime(issues["opened"]) < end].copy()
    issues.loc[pd.to_datetime(issues["closed"].replace("", None)) >= end, "closed"] = ""
    issues.to_csv(data / "issues.csv", index=False)
    actions = pd.read_csv(data / "actions.csv", dtype=str, keep_default_na=False)
    later = pd.to_datetime(actions["done"].replace("", None)) >= end
    actions.loc[later, ["status", "done"]] = ["doing", ""]
    actions.to_csv(data / "actions.csv", index=False)
    kpis = pd.read_excel(data / "kpis.xlsx", engine="calamine")
    kpis[kpis["period"] < day.to_period("M").start_time].to_csv(data / "kpis.csv", index=False)  # months read by then
    (data / "kpis.xlsx").unlink()
    for note in (room / "walls").rglob("*.md"):
        if note.relative_to(room).as_posix() not in UNCHANGED:
            note.write_text(note.read_text(encoding="utf-8") + f"\n\n(As it read before the walk of {day:%Y-%m-%d}.)\n",
                            encoding="utf-8")


if __name__ == "__main__":
    main()
