"""Every worked example of the mapping guide builds as the guide says (issue 15).

`docs/guide/mapping-exports.md` shows, per export shape, a `room.toml` and a few rows of
the export (a ```csv block whose info string names the file). This test builds a room
from each example exactly as written, and checks the figures and messages the guide
quotes, so that the guide cannot drift from what the tool does. The NYC 311 and Olist
examples use real files and are built by `test_realdata.py`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from pagetext import read_page

from customer_room.build import build_site
from customer_room.report import Reporter

pytestmark = pytest.mark.slow  # builds rooms

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide" / "mapping-exports.md"
BLOCK = re.compile(r"^```(\w+)(?: (\S+))?\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples() -> dict[str, tuple[str, dict[str, str]]]:
    """Title → (room.toml, {path: text}) of each worked example that has a sample export."""
    out = {}
    for section in GUIDE.read_text(encoding="utf-8").split("### Worked example: ")[1:]:
        title = section.split("\n", 1)[0]
        toml = "\n".join(body for kind, _, body in BLOCK.findall(section) if kind == "toml")
        files = {path: body for kind, path, body in BLOCK.findall(section) if kind == "csv" and path}
        if files:
            out[title] = (toml, files)
    return out


def encodings(toml: str) -> dict[str, str]:
    """The encoding each export of a room.toml is read in (UTF-8 unless it says)."""
    out = {}
    for readings in tomllib.loads(toml).get("data", {}).values():
        for reading in readings if isinstance(readings, list) else [readings]:
            out[reading["file"]] = reading.get("encoding", "utf-8")
    return out


EXAMPLES = examples()


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def built(request, tmp_path_factory):
    toml, files = EXAMPLES[request.param]
    room = tmp_path_factory.mktemp("guide") / "room"
    (room / "data").mkdir(parents=True)
    (room / "room.toml").write_text(toml, encoding="utf-8")
    enc = encodings(toml)
    for path, text in files.items():
        (room / path).parent.mkdir(parents=True, exist_ok=True)
        (room / path).write_bytes(text.encode(enc.get(path, "utf-8")))
    result = build_site(room, room / "site", Reporter(quiet=True))
    return request.param, room / "site", result


def test_the_guide_has_a_sample_for_each_shape():
    assert sorted(EXAMPLES) == sorted([
        "a subscription table, read twice", "a churn snapshot", "tickets with a status and no close date",
        "numbers as a spreadsheet writes them", "two-digit years, day first", "a free-text column as the category",
        "repeated ids (one row per order item)", "a report with a title, in latin-1"])


def test_each_example_shows_what_the_guide_says(built):
    title, site, result = built
    notes = " | ".join(map(str, result.notes))
    warnings = " | ".join(map(str, result.warnings))
    if title == "a subscription table, read twice":
        f, _ = read_page(site / "walls/outcomes.html")
        assert (f["came-in"], f["left"], f["active-customers"]) == ("1", "2", "3")
        assert "kept 2 of 6 rows" in notes
    elif title == "a churn snapshot":
        f, _ = read_page(site / "walls/outcomes.html")
        assert f["left"] == "2" and "2022-09" in f["left-detail"] + read_page(site / "walls/outcomes.html")[1]
        assert "kept 2 of 5 rows" in notes
    elif title == "tickets with a status and no close date":
        f, _ = read_page(site / "walls/issues.html")
        assert f["backlog"] == "2" and f["closed-unknown"].startswith("3 issues closed by their status have no close date")
    elif title == "numbers as a spreadsheet writes them":
        f, _ = read_page(site / "touchpoints/contacting-support.html")
        assert f["actual:contacting-support:Calls answered"] == "1,188"  # 1.187,5: read as 1,187.5, shown whole
        assert f["status:contacting-support:Calls answered"] == "watch"
    elif title == "two-digit years, day first":
        f, _ = read_page(site / "walls/issues.html")
        assert (f["opened"], f["closed"], f["backlog"]) == ("1", "1", "1")
        assert "latest complete week: 2015-W18" in read_page(site / "walls/issues.html")[1]  # the week to 3 May
    elif title == "a free-text column as the category":
        pages = sorted(p.name for p in (site / "issues").glob("*.html"))
        assert pages == ["categories-with-fewer-than-3-issues.html", "comcast.html", "internet-speed.html"]
        f, _ = read_page(site / "walls/issues.html")
        assert f["grouped"].startswith("4 categories with fewer than 3 issues each (4 issues) have no page of their own")
        assert "'Comcast' (also 'comcast', 'COMCAST')" in notes and "'Internet speed' (also 'Internet  speed')" in notes
        assert "looks like free text" not in warnings  # 4 of 11 issues: not most
    elif title == "repeated ids (one row per order item)":
        f, text = read_page(site / "issues/late-delivery.html")
        assert text.count("Still waiting") == 1
        assert "3 rows repeat" in notes
    elif title == "a report with a title, in latin-1":
        _, text = read_page(site / "walls/issues.html")
        assert "Cobrança" in text and "Não entregue" in text and "mis-decoded" not in warnings
    else:
        pytest.fail(f"no check for the example '{title}'")
