"""Bad input, one case each: the exact error or warning, and the last good site kept.

Every case starts from a small room that builds, builds it once, then breaks one thing
and builds again. An error must name file, line, column and what was expected, leave
the published site byte for byte as it was, and make the command exit 1. A warning
builds the site and shows on the index page's data health. Unsafe input (scripts,
path tricks) must come out harmless.
"""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import write_room
from customer_room.build import build_site
from customer_room.errors import RoomError
from customer_room.report import Reporter
from pagetext import read_page

pytestmark = pytest.mark.slow  # builds a room per case

ISSUES = ("id,opened,closed,category,touchpoint,text\n"
          "T1,2026-01-05,2026-01-06,Late delivery,ship,Late again\n"
          "T2,2026-01-12,,Billing,ship,Charged twice\n")
SKIPS = ("date,customer_id,event,value\n2026-01-05,C1,acquired,\"68,701\"\n2026-01-06,C2,Stayed,10\n"
         "2026-01-07,C3,Stayed,20\n2026-01-08,C4,acquired,30\n2026-01-20,C5,lost,50\n")
BASE = {
    "room.toml": 'name = "Bad Input Co"\n',
    "data/issues.csv": ISSUES,
    "data/customers.csv": "date,customer_id,event,value\n2026-01-05,C1,acquired,100\n2026-01-20,C2,lost,50\n",
    "data/surveys.csv": "date,touchpoint,instrument,score,comment\n2026-01-07,ship,csat,4,Fine\n",
    "data/touchpoints.csv": "id,name,stage,owner,image\nship,Receiving a shipment,Receive,Sam,box.svg\n",
    "walls/images/box.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    "walls/issues/late-delivery.md": "---\nowner: Sam\nstarted: 2026-01-05\nperiod: 2026-01\n---\nWe are on it.\n",
    "walls/issues/billing.md": "---\nowner: Jo\nstarted: 2026-01-05\nperiod: 2026-01\n---\nSo are we.\n",
}
BIG = "x" * 1_000_000

# (case, files changed, the exact error lines) — the build must fail and keep the site.
ERRORS = [
    # a report's preamble above the header (issue 15: "Expected 1 columns, got 18", no line, no hint)
    ("preamble above the header", {"data/issues.csv": "Complaints report\nGenerated 2026-11-30\n\n" + ISSUES},
     ["data/issues.csv: the header seems to start on line 4: line 1 has 1 field and the records below it 6, as if "
      "a report's title or date stood above the header (set skip_rows = 3 in [data.issues])"]),
    # the file's columns named as the export names them (issue 15: canonical and export names mixed)
    ("missing column of a mapped export", {"room.toml": '[data.issues.columns]\nopened = "Created"\n',
                                           "data/issues.csv": "id,Created,closed\nT1,2026-01-05,\n"},
     ["data/issues.csv: column 'category': required column is missing (the file has: id, Created, closed; if one "
      "of them is it, set columns.category = \"…\" in [data.issues])"]),
    # a constant that is not a value of its column is room.toml's error, even with skip_bad_rows (issue 15:
    # it skipped every row as a warning and `check` exited 0)
    ("bad constant", {"room.toml": '[data.customers]\nskip_bad_rows = true\nconstants = { date = "Q3 2022" }\n',
                      "data/customers.csv": "customer_id,event,value\nC1,acquired,100\nC2,lost,50\n"},
     ["room.toml: 'data.customers.constants.date': 'Q3 2022' is not a date (expected YYYY-MM-DD, or set "
      "date_format in [data.customers]) (give date a value its column can hold, in [data.customers])"]),
    ("missing column", {"data/issues.csv": "id,opened,closed\nT1,2026-01-05,\n"},
     ["data/issues.csv: column 'category': required column is missing (the file has: id, opened, closed; "
      "if one of them is it, set columns.category = \"…\" in [data.issues])"]),
    ("bad date", {"data/issues.csv": ISSUES.replace("2026-01-12", "2026-13-01")},
     ["data/issues.csv:3: column 'opened': '2026-13-01' is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, "
      "or set date_format in [data.issues])"]),
    ("ambiguous date", {"data/issues.csv": ISSUES.replace("2026-01-12", "03/04/2026")},
     ["data/issues.csv:3: column 'opened': '03/04/2026' is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, "
      "or set date_format in [data.issues]) (ambiguous day and month: set dayfirst = true, or date_format = "
      "\"%m/%d/%Y\" in [data.issues])"]),
    ("day-first date", {"data/issues.csv": ISSUES.replace("2026-01-12", "25/01/2026")},
     ["data/issues.csv:3: column 'opened': '25/01/2026' is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, "
      "or set date_format in [data.issues]) (looks like day-first dates: set dayfirst = true in [data.issues])"]),
    # two-digit years (issue 15: no hint), and dayfirst for every date of a reading (issue 15: 4/22/2015 was read
    # month first in one column while 5/1/2015 was read day first in another)
    ("two-digit years", {"data/issues.csv": ISSUES.replace("2026-01-12", "12-Jan-26")},
     ["data/issues.csv:3: column 'opened': '12-Jan-26' is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, "
      "or set date_format in [data.issues]) (two-digit years: set date_format = \"%d-%b-%y\" in [data.issues])"]),
    ("two-digit years, day first", {"room.toml": "[data.issues]\ndayfirst = true\n",
                                    "data/issues.csv": ISSUES.replace("2026-01-12", "22-04-15")},
     ["data/issues.csv:3: column 'opened': '22-04-15' is not a day-first date such as 31/12/2026 (two-digit "
      "years: set date_format = \"%d-%m-%y\" in [data.issues])"]),
    ("month-first dates with dayfirst", {"room.toml": "[data.issues]\ndayfirst = true\n",
                                         "data/issues.csv": ISSUES.replace("2026-01-05,2026-01-06", "1/22/2026,1/23/2026")
                                                          .replace("2026-01-12", "1/5/2026")},
     ["data/issues.csv:2: column 'opened': '1/22/2026' is not a day-first date such as 31/12/2026 (these read "
      "month first: dayfirst = true reads every date of [data.issues] day first; set date_format = \"%m/%d/%Y\" "
      "instead if all of them are month first)",
      "data/issues.csv:2: column 'closed': '1/23/2026' is not a day-first date such as 31/12/2026 (these read "
      "month first: dayfirst = true reads every date of [data.issues] day first; set date_format = \"%m/%d/%Y\" "
      "instead if all of them are month first)"]),
    ("bad number", {"data/customers.csv": "date,customer_id,event,value\n2026-01-05,C1,acquired,\"12,5\"\n"},
     ["data/customers.csv:2: column 'value': '12,5' is not a number (use a dot for decimals, or set decimal = "
      "\",\" in [data.customers])"]),
    ("thousands separator", {"data/customers.csv": "date,customer_id,event,value\n2026-01-05,C1,acquired,\"68,701\"\n"},
     ["data/customers.csv:2: column 'value': '68,701' is not a number (set thousands = \",\" in [data.customers])"]),
    ("thousands and decimal alike", {"room.toml": '[data.customers]\nthousands = ","\ndecimal = ","\n'},
     ["room.toml: 'data.customers.thousands' and 'data.customers.decimal' are both ',' (68.701,5 is thousands = "
      "\".\" and decimal = \",\")"]),
    ("a number in the wrong shape for its file", {"room.toml": '[data.customers]\ndecimal = ","\n',
                                                  "data/customers.csv": "date,customer_id,event,value\n"
                                                                        "2026-01-05,C1,acquired,1.5\n"},
     ["data/customers.csv:2: column 'value': '1.5' is not a number"]),
    ("negative value", {"data/customers.csv": "date,customer_id,event,value\n2026-01-05,C1,acquired,-40\n"},
     ["data/customers.csv:2: column 'value': '-40' is not a value of 0 or more"]),
    ("duplicate id", {"data/issues.csv": ISSUES + "T1,2026-01-20,,Billing,ship,Another\n"},
     ["data/issues.csv:4: column 'id': 'T1' is a duplicate (first on line 2) (each id must be unique; if the "
      "export repeats a row per item, key = \"id\" in [data.issues] keeps the first)"]),
    ("unknown event", {"data/customers.csv": "date,customer_id,event\n2026-01-05,C1,Churned\n"},
     ["data/customers.csv:2: column 'event': 'Churned' is not one of acquired, lost, saved, at_risk, referred "
      "(recode the values with [data.customers.values.event])"]),
    ("unknown instrument", {"data/surveys.csv": "date,touchpoint,instrument,score\n2026-01-07,ship,stars,4\n"},
     ["data/surveys.csv:2: column 'instrument': 'stars' is not one of nps, csat, ces "
      "(recode the values with [data.surveys.values.instrument])"]),
    ("score out of range", {"data/surveys.csv": "date,touchpoint,instrument,score\n2026-01-07,ship,nps,11\n"},
     ["data/surveys.csv:2: column 'score': '11' is not a nps score from 0 to 10"]),
    ("empty file", {"data/issues.csv": ""},
     ["data/issues.csv: is empty (expected a header row and data rows)"]),
    ("wrong delimiter", {"data/issues.csv": "id;opened;category\nT1;2026-01-05;Late\n"},
     ["data/issues.csv: has a single column 'id;opened;category' (the header looks separated by ';': "
      "set delimiter = \";\" in [data.issues])"]),
    ("wrong encoding", {"data/issues.csv": b"id,opened,category\nT1,2026-01-05,Caf\xe9 service\n"},
     ["data/issues.csv:2: is not utf-8 text (byte 0xe9 cannot be read) (set encoding = \"cp1252\" "
      "(or \"latin-1\") in [data.issues])"]),
    ("binary garbage", {"data/issues.csv": bytes(range(256)) * 8},
     ["data/issues.csv: is not a text (CSV) file: it contains binary data (export it as CSV, or give it a "
      ".xlsx or .parquet name if it is one)"]),
    ("1 MB cell", {"data/issues.csv": ISSUES.replace("2026-01-12", BIG)},
     ["data/issues.csv:3: column 'opened': '" + "x" * 39 + "…' is not a date (expected YYYY-MM-DD or "
      "YYYY-MM-DD HH:MM, or set date_format in [data.issues])"]),
    ("malformed room.toml", {"room.toml": 'name = "Bad Input Co\n'},
     ["room.toml: is not valid TOML: Illegal character '\\n' (at line 1, column 21)"]),
    ("unknown room.toml key", {"room.toml": 'name = "x"\nopening_balanse = 10\n'},
     ["room.toml: unknown setting 'opening_balanse' (did you mean 'opening_balance'?)"]),
    ("unknown mapping key", {"room.toml": '[data.issues]\ndayfrist = true\n'},
     ["room.toml: unknown setting 'data.issues.dayfrist' (did you mean 'data.issues.dayfirst'?)"]),
    ("mapped column not in file", {"room.toml": '[data.issues]\ncolumns = { opened = "Created" }\n'},
     ["data/issues.csv: has no column 'Created' (mapped to 'opened' in [data.issues]) (the file has: id, "
      "opened, closed, category, touchpoint, text)"]),
    # the closed loop's contact date (issue 17), under the export's own name
    ("bad follow-up date", {"room.toml": '[data.surveys.columns]\nfollowed_up = "Called back"\n',
                            "data/surveys.csv": "date,touchpoint,instrument,score,Called back\n"
                                                "2026-01-07,ship,csat,1,2026-01-08\n2026-01-08,ship,csat,2,next week\n"},
     ["data/surveys.csv:3: column 'followed_up': 'next week' is not a date (expected YYYY-MM-DD or "
      "YYYY-MM-DD HH:MM, or set date_format in [data.surveys])"]),
    ("bad front matter", {"walls/issues/billing.md": "---\nowner: Jo\nstarted: soon\n---\nHi\n"},
     ["walls/issues/billing.md:3: column 'started': 'soon' is not a date (expected YYYY-MM-DD)"]),
]

# (case, files changed, the exact warning) — the site is built and shows the warning.
WARNINGS = [
    ("header only", {"data/surveys.csv": "date,touchpoint,instrument,score\n"},
     "data/surveys.csv: has a header but no rows"),
    ("unknown stage", {"data/touchpoints.csv": "id,name,stage\nship,Receiving a shipment,Deliver\n"},
     "data/touchpoints.csv:2: column 'stage': stage 'Deliver' of 'ship' is not one of the journey stages in "
     "room.toml; it is shown under 'Other'"),
    ("unknown touchpoint", {"data/surveys.csv": "date,touchpoint,instrument,score\n2026-01-07,shop,csat,4\n"},
     "data/surveys.csv: 1 rows name touchpoints that data/touchpoints.csv does not list: 'shop'"),
    ("closed before opened", {"data/issues.csv": ISSUES.replace("2026-01-06", "2026-01-01")},
     "data/issues.csv: 1 issues were closed before they were opened (the first on line 2); their time to "
     "close is left out"),
    ("followed up before the response", {"data/surveys.csv": "date,touchpoint,instrument,score,followed_up\n"
                                                             "2026-01-07,ship,csat,1,2026-01-05\n"},
     "data/surveys.csv: column 'followed_up': 1 responses were followed up before they were given (the first on "
     "line 2); they are left out of the follow-up figures"),
    ("duplicate rows dropped", {"data/issues.csv": ISSUES + ISSUES.split("\n", 1)[1]},
     "data/issues.csv: 2 duplicate rows were dropped (the first on line 4)"),
    ("unparseable rows skipped", {"room.toml": "[data.issues]\nskip_bad_rows = true\n",
                                  "data/issues.csv": ISSUES + "T3,someday,,Billing,ship,Hmm\n"},
     "data/issues.csv:4: column 'opened': 1 row skipped like this one: 'someday' is not a date (expected "
     "YYYY-MM-DD or YYYY-MM-DD HH:MM, or set date_format in [data.issues])"),
    # two reasons, each with its own count and its own first line (issue 15: the warning paired line 2 with
    # the reason of another row)
    ("skipped rows by reason: the number", {"room.toml": "[data.customers]\nskip_bad_rows = true\n",
                                            "data/customers.csv": SKIPS},
     "data/customers.csv:2: column 'value': 1 row skipped like this one: '68,701' is not a number (set thousands "
     "= \",\" in [data.customers])"),
    ("skipped rows by reason: the event", {"room.toml": "[data.customers]\nskip_bad_rows = true\n",
                                           "data/customers.csv": SKIPS},
     "data/customers.csv:3: column 'event': 2 rows skipped like this one: 'Stayed' is not one of acquired, lost, "
     "saved, at_risk, referred (recode the values with [data.customers.values.event])"),
    ("skipped rows by reason: the count", {"room.toml": "[data.customers]\nskip_bad_rows = true\n",
                                           "data/customers.csv": SKIPS},
     "data/customers.csv: 3 of 5 rows could not be read and were skipped (skip_bad_rows), for 2 reasons:"),
    # more customers lost than the opening balance and the acquisitions hold (issue 15: shown as fact)
    ("active customers below zero", {"data/customers.csv": "date,customer_id,event,value\n2026-01-05,C1,lost,10\n"
                                     "2026-01-06,C2,lost,10\n2026-01-20,C3,acquired,50\n"},
     "room.toml: active customers fall below zero (-1 at the end of 2026-01): data/customers.csv loses more "
     "customers than opening_balance (0) and its acquisitions hold (set opening_balance = 1 (or more: the "
     "customers active before data/customers.csv's first event) in room.toml)"),
    # silent no-ops (issue 15): a recode key that matches nothing, a recode of a column the file lacks,
    # text that reads as mis-decoded UTF-8
    ("recode key matching nothing", {"room.toml": "[data.customers.values.event]\nChurnd = \"lost\"\n"},
     "room.toml: 'data.customers.values.event': 'Churnd' matches no value of column 'event' in "
     "data/customers.csv (the recode changed nothing there) (its values include acquired, lost)"),
    ("recode key near a value", {"room.toml": "[data.customers.values.event]\nlots = \"lost\"\n"},
     "room.toml: 'data.customers.values.event': 'lots' matches no value of column 'event' in "
     "data/customers.csv (the recode changed nothing there) (did you mean 'lost'?)"),
    ("recode of a column the file lacks", {"room.toml": "[data.customers.values.segment]\nA = \"Members\"\n"},
     "room.toml: 'data.customers.values.segment' recodes a column that data/customers.csv does not have (it "
     "changed nothing) (map the export's column with columns.segment = \"…\" in [data.customers])"),
    ("mis-decoded text in the export", {"data/issues.csv": ISSUES.replace("Charged twice", "NÃ£o chegou")},
     "data/issues.csv:3: column 'text': text looks mis-decoded: 'NÃ£o chegou' (the export itself holds text "
     "decoded with the wrong encoding: export it again as UTF-8)"),
    ("UTF-8 read as latin-1", {"room.toml": "[data.issues]\nencoding = \"latin-1\"\n",
                               "data/issues.csv": ISSUES.replace("Charged twice", "Não chegou")},
     "data/issues.csv:3: column 'text': text looks mis-decoded: 'NÃ£o chegou' (it reads like UTF-8 read as "
     "latin-1: set encoding = \"utf-8\" in [data.issues])"),
    ("unparseable rows counted", {"room.toml": "[data.issues]\nskip_bad_rows = true\n",
                                  "data/issues.csv": ISSUES + "T3,someday,,Billing,ship,Hmm\n"},
     "data/issues.csv: 1 of 3 rows could not be read and were skipped (skip_bad_rows), for 1 reason:"),
    ("commentary older than the data", {"walls/outcomes.md": "---\nperiod: 2025-06\n---\nOld news.\n"},
     "walls/outcomes.md: discusses 2025-06 but the data runs to 2026-01-20 (update the commentary and its "
     "'period')"),
    ("category with no owner", {"data/issues.csv": ISSUES + "T3,2026-01-14,,Damaged item,ship,Crushed\n"},
     "data/issues.csv: 1 issue category has no owner: 'Damaged item' (give each an owner in "
     "walls/issues/<issue-key>.md)"),
    ("image path with ..", {"walls/touchpoints/ship.md": "![box](../../../../etc/passwd)\n"},
     "walls/touchpoints/ship.md: image '../../../../etc/passwd' was left out: it points outside the room "
     "(images must be files inside the room)"),
    ("absolute image path", {"walls/touchpoints/ship.md": "![box](/etc/passwd)\n"},
     "walls/touchpoints/ship.md: image '/etc/passwd' was left out: absolute paths are not allowed; give a path "
     "inside the room"),
    ("remote image", {"walls/touchpoints/ship.md": "![box](https://example.com/x.png)\n"},
     "walls/touchpoints/ship.md: image 'https://example.com/x.png' was left out: only files inside the room can "
     "be shown, not web addresses"),
    ("extra unknown column", {"data/issues.csv": ISSUES.replace("text\n", "text,agent\n", 1)
                              .replace("again\n", "again,Ann\n").replace("twice\n", "twice,Bo\n")},
     "data/issues.csv: columns not used by customer-room were ignored: agent"),
]


def tree(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """The base room built once; each case copies it."""
    room = write_room(tmp_path_factory.mktemp("base") / "room", BASE)
    build_site(room, room / "site", Reporter(quiet=True))
    return room


def broken_room(tmp_path, good_site, changes: dict):
    room = tmp_path / "room"
    shutil.copytree(good_site, room, symlinks=True)
    for rel, content in changes.items():
        path = room / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return room


@pytest.mark.parametrize("case, changes, expected", ERRORS, ids=[c[0] for c in ERRORS])
def test_error_is_named_and_the_site_is_kept(tmp_path, good_site, case, changes, expected):
    room = broken_room(tmp_path, good_site, changes)
    before = tree(room / "site")
    with pytest.raises(RoomError) as err:
        build_site(room, room / "site", Reporter(quiet=True))
    assert [str(p) for p in err.value.problems] == expected
    assert tree(room / "site") == before


@pytest.mark.parametrize("case, changes, expected", WARNINGS, ids=[c[0] for c in WARNINGS])
def test_warning_builds_and_shows_on_the_index(tmp_path, good_site, case, changes, expected):
    room = broken_room(tmp_path, good_site, changes)
    result = build_site(room, room / "site", Reporter(quiet=True))
    shown = [str(w) for w in result.warnings] + [str(n) for n in result.notes]
    assert expected in shown
    assert expected in read_page(room / "site" / "index.html")[1]


def test_symlink_out_of_the_room_is_not_published(tmp_path, good_site):
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>secret</text></svg>')
    room = broken_room(tmp_path, good_site, {"walls/touchpoints/ship.md": "![box](../images/leak.svg)\n"})
    os.symlink(secret, room / "walls" / "images" / "leak.svg")
    result = build_site(room, room / "site", Reporter(quiet=True))
    assert ("walls/touchpoints/ship.md: image '../images/leak.svg' was left out: it points outside the room "
            "(images must be files inside the room)") in [str(w) for w in result.warnings]
    assert not any(b"secret" in data for data in tree(room / "site").values())


def test_html_and_script_in_commentary_are_removed(tmp_path, good_site):
    room = broken_room(tmp_path, good_site, {"walls/outcomes.md": (
        "Hello <script>alert(1)</script><img src=x onerror=alert(2)> <iframe src=//evil></iframe>"
        "<a href=\"javascript:alert(3)\">a</a> <a href=\"data:text/html,hi\">b</a> "
        "<span style=\"background:url(javascript:alert(4))\">c</span> [ok](https://example.com)\n")})
    build_site(room, room / "site", Reporter(quiet=True))
    html = (room / "site" / "walls" / "outcomes.html").read_text()
    for bad in ("<script>alert", "onerror", "<iframe", "javascript:", "data:text", "style=\"background"):
        assert bad not in html
    assert '<a href="https://example.com" rel="noopener noreferrer">ok</a>' in html


@pytest.mark.parametrize("field", ["category", "text"])
def test_html_in_data_values_is_escaped(tmp_path, good_site, field):
    evil = "<script>alert('x')</script><b>bold</b>"
    value = {"category": f"Late {evil}", "text": evil}[field]
    issues = ISSUES.replace("Late delivery", value if field == "category" else "Late delivery")
    issues = issues.replace("Late again", value if field == "text" else "Late again")
    room = broken_room(tmp_path, good_site, {"data/issues.csv": issues})
    build_site(room, room / "site", Reporter(quiet=True))
    for path, data in tree(room / "site").items():
        if path.endswith(".html"):
            assert b"<script>alert" not in data and b"<b>bold" not in data, path
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
    page = "issues/late-script-alert-x-script-b-bold-b.html" if field == "category" else "issues/late-delivery.html"
    assert escaped in (room / "site" / page).read_text()


def test_html_in_a_customer_comment_is_escaped(tmp_path, good_site):
    room = broken_room(tmp_path, good_site, {"data/surveys.csv": "date,touchpoint,instrument,score,comment\n"
                                             "2026-01-07,ship,csat,4,<img src=x onerror=alert(1)>\n"})
    build_site(room, room / "site", Reporter(quiet=True))
    html = (room / "site" / "walls" / "touchpoints.html").read_text()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_path_tricks_in_names_become_safe_distinct_file_names(tmp_path, good_site):
    issues = ISSUES + ("T3,2026-01-14,,../../x,ship,Up\nT4,2026-01-14,,Late Delivery!,ship,Case\n"
                       "T5,2026-01-15,,late-delivery,ship,Dash\n")
    room = broken_room(tmp_path, good_site, {"data/issues.csv": issues})
    result = build_site(room, room / "site", Reporter(quiet=True))
    paths = sorted(p.path for p in result.pages if p.kind == "issue")
    assert paths == ["issues/billing.html", "issues/late-delivery-2.html", "issues/late-delivery-3.html",
                     "issues/late-delivery.html", "issues/x.html"]
    assert not (tmp_path / "x.html").exists() and not (room / "x.html").exists()
