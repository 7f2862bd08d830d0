"""Each mapping option of [data.<file>] reads a real-world export shape correctly."""

from __future__ import annotations

import pandas as pd
import pytest

from customer_room.load import load_room

CANON = "id,opened,category\nT1,2026-01-05,Café service\n"


def issues_of(room_factory, files: dict, toml: str = "") -> pd.DataFrame:
    room = room_factory({"room.toml": toml, **files})
    return load_room(room).frames["issues"]


@pytest.mark.parametrize("toml, raw", [
    ("", CANON.encode("utf-8")),
    ("", b"\xef\xbb\xbf" + CANON.encode("utf-8")),  # UTF-8 with a BOM (Excel's "CSV UTF-8")
    ('[data.issues]\nencoding = "cp1252"\n', CANON.encode("cp1252")),
    ('[data.issues]\nencoding = "latin-1"\n', CANON.encode("latin-1")),
    ('[data.issues]\ndelimiter = ";"\n', CANON.replace(",", ";").encode()),
    ('[data.issues]\ndelimiter = "\\t"\n', CANON.replace(",", "\t").encode()),
    ('[data.issues]\nskip_rows = 2\n', ("Ticket export\nRun 2026-01-06\n" + CANON).encode()),
    ('[data.issues]\nheader = ["id", "opened", "category"]\n', CANON.split("\n", 1)[1].encode()),
    ('[data.issues]\ncolumns = { id = "Ticket", opened = "Created", category = "Type" }\n',
     CANON.replace("id,opened,category", "Ticket,Created,Type").encode()),
    ('[data.issues]\ndate_format = "%m/%d/%Y %I:%M %p"\n', CANON.replace("2026-01-05", "01/05/2026 12:00 AM").encode()),
    ('[data.issues]\ndayfirst = true\n', CANON.replace("2026-01-05", "05/01/2026").encode()),
    ('[data.issues]\nfile = "exports/tickets.csv"\n', None),
])
def test_options_read_the_same_issue(room_factory, toml, raw):
    files = {"exports/tickets.csv": CANON} if raw is None else {}
    room = room_factory({"room.toml": toml, **files})
    if raw is not None:
        (room / "data").mkdir()
        (room / "data" / "issues.csv").write_bytes(raw)
    issues = load_room(room).frames["issues"]
    assert issues[["id", "opened", "category"]].values.tolist() == [["T1", pd.Timestamp("2026-01-05"), "Café service"]]


def test_values_are_recoded_and_constants_filled(room_factory):
    room = room_factory({
        "room.toml": '[data.customers]\nconstants = { segment = "Retail" }\n'
                     '[data.customers.values.event]\nNew = "acquired"\nChurned = "lost"\n',
        "data/customers.csv": "date,customer_id,event\n2026-01-05,C1,New\n2026-01-09,C1,Churned\n"})
    customers = load_room(room).frames["customers"]
    assert customers["event"].tolist() == ["acquired", "lost"]
    assert customers["segment"].tolist() == ["Retail", "Retail"]


def test_excel_sheet_by_name(room_factory):
    room = room_factory({"room.toml": '[data.kpis]\nfile = "ops.xlsx"\nsheet = "KPIs"\nskip_rows = 1\n'})
    with pd.ExcelWriter(room / "ops.xlsx") as writer:
        pd.DataFrame({"note": ["read me first"]}).to_excel(writer, sheet_name="Notes", index=False)
        pd.DataFrame([["Monthly KPI report", None, None, None], ["period", "touchpoint", "kpi", "actual"],
                      ["2026-01-01", "web", "Search success", 71]]).to_excel(
            writer, sheet_name="KPIs", index=False, header=False)
    kpis = load_room(room).frames["kpis"]
    assert kpis[["touchpoint", "kpi", "actual"]].values.tolist() == [["web", "Search success", 71.0]]
