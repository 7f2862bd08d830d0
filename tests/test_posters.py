"""Posters: real WeasyPrint PDFs of the demo room's walls on every sheet, read back with
pdfplumber (page size, words, type sizes, images), rendered with pdftoppm for a person
to look at, and the command's behaviour on bad input. Nothing is mocked.

The demo room is built once with its posters (`make_posters`); every other sheet is
then laid out from the same planned pages, so a size costs one layout per wall.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from browser import artifacts_dir
from conftest import REPO
from customer_room.cli import main
from customer_room.errors import ConfigError
from customer_room.posters.hook import make_posters
from customer_room.output.render import data_period, figure_html, figure_kind, qr_data_uri
from customer_room.report import Reporter
from customer_room.load.settings import parse_settings
from customer_room.sheets import FITS, SIZES, SheetError, canonical_size, sheet, sheet_css
from pagetext import read_page

pytestmark = pytest.mark.slow  # a real browser, printer, watcher or killed process

# Sheet sizes in millimetres or inches, written out here rather than taken from sheets.py.
MM, IN = 72 / 25.4, 72.0
PORTRAIT = {"A0": (841 * MM, 1189 * MM), "A1": (594 * MM, 841 * MM), "A2": (420 * MM, 594 * MM),
            "A3": (297 * MM, 420 * MM), "A4": (210 * MM, 297 * MM), "ARCH C": (18 * IN, 24 * IN),
            "ARCH D": (24 * IN, 36 * IN), "ARCH E": (36 * IN, 48 * IN), "24x36": (24 * IN, 36 * IN),
            "tabloid": (11 * IN, 17 * IN), "letter": (8.5 * IN, 11 * IN)}
WALLS = ("outcomes", "issues", "touchpoints")
TITLES = {"outcomes": "Outcomes", "issues": "Issues", "touchpoints": "Touchpoints"}
# Headline figures of each wall by their data-figure name on the wall's page.
HEADLINES = {"outcomes": ("came-in", "left", "net-growth", "active-customers", "churn", "retention", "save-rate",
                          "referral-rate"),
             "issues": ("opened", "closed", "backlog", "time-to-close", "per-1000-customers")}


def expected_size(size: str, orientation: str = "landscape") -> tuple[float, float]:
    short, long = PORTRAIT[size]
    return (long, short) if orientation == "landscape" else (short, long)


def expected_scale(size: str, orientation: str = "landscape") -> float:
    """Of A1's layout, how much fits on this sheet: its smaller ratio to A1."""
    w, h = expected_size(size, orientation)
    a1w, a1h = expected_size("A1", orientation)
    return min(w / a1w, h / a1h)


def font_size(char: dict) -> float:
    """A character's type size (pdfplumber's `size` is its height along the page, which
    for a vertical axis title is its advance; its width there is the type size)."""
    return char["size"] if char["upright"] else char["width"]


def artifact_text(room: Path) -> str:
    """The text inside the room's own images (artifacts and logo), whose type is theirs."""
    return "".join(p.read_text(errors="ignore") for p in (room / "walls" / "images").glob("*.svg"))


def raster_limit(room: Path) -> tuple[int, int]:
    """The largest raster artifact of the room, in pixels; (0, 0) when it has none."""
    from PIL import Image

    sizes = [Image.open(p).size for p in (room / "walls" / "images").iterdir()
             if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".webp")]
    return max(sizes, default=(0, 0))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo room built with its A1 posters, and the planned posters, ready for other sheets."""
    out = tmp_path_factory.mktemp("posters") / "site"
    made = make_posters(REPO, out, Reporter(quiet=True))
    published = replace(made.posters.staged, site=SimpleNamespace(staging=out))  # the site as published
    posters = made.posters.prepare(published, Reporter(quiet=True))
    figures = {wall: read_page(out / "walls" / f"{wall}.html")[0] for wall in WALLS}
    return {"out": out, "made": made, "posters": posters, "figures": figures,
            "period": data_period(made.posters.kit.room)}


def check_poster(pdf_path: Path, wall: str, size: str, orientation: str, demo: dict) -> None:
    """Everything a poster must be, read back from its PDF."""
    k = expected_scale(size, orientation)
    width, height = expected_size(size, orientation)
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == 1, f"{wall} on {size}: {len(pdf.pages)} pages"
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (round(width), round(height))
        text = page.extract_text()
        flat = re.sub(r"\s+", " ", text)
        assert TITLES[wall] in text and demo["period"] in flat
        ours = [c for c in page.chars if "Room-Sans" in c["fontname"]]
        theirs = {c["text"] for c in page.chars if "Room-Sans" not in c["fontname"]}
        assert ours and theirs <= set(artifact_text(REPO)), "text in a font that is neither Room Sans nor an artifact's"
        smallest = min(font_size(c) for c in ours)
        assert smallest >= 24 * k - 0.05, f"{wall} on {size}: {smallest:.2f} pt < {24 * k:.2f} pt"
        headline = "".join(c["text"] for c in ours if font_size(c) >= 96 * k - 0.05)
        for name in HEADLINES.get(wall, ()):
            number = demo["figures"][wall][name].split(" ")[0]
            assert number in headline, f"{wall} on {size}: {name} {number!r} is not in headline type"
        if wall == "touchpoints":
            assert {"on target", "watch", "off target"} <= set(re.findall(r"on target|watch|off target", flat))
        limit = raster_limit(REPO)
        assert all(img["srcsize"][0] <= limit[0] and img["srcsize"][1] <= limit[1] for img in page.images)
        # the sheet is used: its content runs down to at least 85 % of its height (the
        # sheet's own frame and the page's background, taller than half of it, left out)
        bottom = max(o["bottom"] for kind in ("chars", "rects", "lines", "curves", "images") for o in getattr(page, kind)
                     if o["bottom"] - o["top"] <= page.height / 2)
        assert bottom >= 0.85 * page.height, f"{wall} on {size} {orientation}: content ends at {bottom / page.height:.0%}"


@pytest.mark.parametrize("size", list(PORTRAIT))
def test_every_wall_fits_one_sheet_of_every_size(demo, tmp_path, size):
    for wall in WALLS:
        page = next(p for p in demo["posters"].pages if p.kind == wall)
        path = tmp_path / f"{wall}.pdf"
        path.write_bytes(demo["posters"].pdf(page, sheet(size, "landscape")))
        check_poster(path, wall, size, "landscape", demo)


def test_portrait_a1_fits_one_sheet(demo, tmp_path):
    for wall in WALLS:
        page = next(p for p in demo["posters"].pages if p.kind == wall)
        path = tmp_path / f"{wall}.pdf"
        path.write_bytes(demo["posters"].pdf(page, sheet("A1", "portrait")))
        check_poster(path, wall, "A1", "portrait", demo)


def test_a1_posters_are_written_and_rendered_for_a_person(demo):
    out, made = demo["out"], demo["made"]
    assert made.written == [f"posters/{wall}.pdf" for wall in WALLS] + ["posters/walk-handout.pdf"]  # walked monthly
    folder = artifacts_dir("posters")
    for wall in WALLS:
        pdf = out / "posters" / f"{wall}.pdf"
        check_poster(pdf, wall, "A1", "landscape", demo)
        subprocess.run(["pdftoppm", "-png", "-r", "24", "-singlefile", str(pdf), str(folder / f"{wall}-A1")],
                       check=True, timeout=60)
        assert (folder / f"{wall}-A1.png").stat().st_size > 10_000
    index = (out / "index.html").read_text()
    assert all(f'href="posters/{wall}.pdf"' in index for wall in WALLS)


def test_every_chart_of_a_poster_prints_at_one_scale(demo):
    """One label size per poster: each chart's printed size is its SVG's size times the
    one factor of its poster, at least 1 (its 32 px labels print at 24 pt or more)."""
    from customer_room.posters.chart_scale import svg_size

    for orientation in ("landscape", "portrait"):
        for page in (p for p in demo["posters"].pages if p.charts):  # the touchpoints wall has none
            html = demo["posters"].html(page, sheet("A1", orientation))
            printed = dict(re.findall(r'src="(?:\.\./)*(charts/[0-9a-f]+\.svg)"[^>]*style="width: ([\d.]+)px', html))
            own = {c.svg_path: svg_size(c.svg)[0] for c in page.charts}
            assert printed and set(printed) <= set(own), page.path
            factors = {round(float(w) / own[path], 2) for path, w in printed.items()}
            assert len(factors) == 1 and min(factors) >= 1, f"{page.path} {orientation}: {factors}"


def test_walls_pages_carry_the_sheet_for_printing_from_a_browser(demo):
    page = (demo["out"] / "walls" / "outcomes.html").read_text()
    assert "@page { size: 2383.937pt 1683.780pt" in page and "font-size: 24.0000pt" in page
    css = (demo["out"] / "assets" / "room.css").read_text()
    assert "@media print" in css and ".beyond-sheet" in css


def test_a_data_error_exits_1_and_leaves_the_posters_as_they_were(small_room, capsys):
    assert main(["posters", "--room", str(small_room), "-q"]) == 0
    posters = small_room / "site" / "posters"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in posters.glob("*.pdf")}
    assert sorted(before) == ["issues.pdf", "outcomes.pdf", "touchpoints.pdf"]
    issues = small_room / "data" / "issues.csv"
    issues.write_text(issues.read_text() + "X99,2026-13-01,,Billing,,,,,\n")
    assert main(["posters", "--room", str(small_room), "-q"]) == 1
    assert "data/issues.csv" in capsys.readouterr().err
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in posters.glob("*.pdf")}
    assert after == before


def test_base_url_prints_the_address_and_a_vector_qr_code(small_room):
    (small_room / "room.toml").write_text((small_room / "room.toml").read_text()
                                          + 'base_url = "https://intranet.example.com/customer-room/"\n')
    assert main(["posters", "--room", str(small_room), "-q", "--size", "A3"]) == 0
    url = "https://intranet.example.com/customer-room/walls/issues.html"
    with pdfplumber.open(small_room / "site" / "posters" / "issues.pdf") as pdf:
        page = pdf.pages[0]
        assert url in re.sub(r"\s+", "", page.extract_text())
        assert page.images == []  # the QR code is drawn, not pasted in as a picture
        corner = [o for o in page.lines + page.rects + page.curves
                  if o["x0"] > page.width * 0.8 and o["bottom"] < page.height * 0.15]
        assert len(corner) > 100  # its modules, as vector strokes
    assert "Posters print no address" not in (small_room / "site" / "index.html").read_text()


def test_qr_code_is_an_svg_of_the_address():
    import segno
    from urllib.parse import unquote

    url = "https://intranet.example.com/room/walls/outcomes.html"
    svg = unquote(qr_data_uri(url).split(",", 1)[1])
    assert svg.startswith("<svg") and "<image" not in svg
    size = len(segno.make(url, error="m", micro=False).matrix) + 4  # two modules of quiet zone each side
    assert f"width='{size}'" in svg


def test_a_plain_build_keeps_the_posters(small_room):
    from customer_room.build import build_site

    assert main(["posters", "--room", str(small_room), "-q", "--size", "A4"]) == 0
    pdf = small_room / "site" / "posters" / "touchpoints.pdf"
    before = pdf.read_bytes()
    build_site(small_room, small_room / "site", Reporter(quiet=True))
    assert pdf.read_bytes() == before
    assert 'href="posters/touchpoints.pdf"' in (small_room / "site" / "index.html").read_text()


def test_issue_posters(small_room):
    assert main(["posters", "--room", str(small_room), "-q", "--issues", "--size", "A4"]) == 0
    issue = small_room / "site" / "posters" / "issues" / "late-delivery.pdf"
    with pdfplumber.open(issue) as pdf:
        assert len(pdf.pages) == 1 and "Late delivery" in pdf.pages[0].extract_text()


def test_a_stage_with_more_touchpoints_than_fit_keeps_its_off_target_ones(small_room):
    """A stage has room for two cards: its off-target touchpoint is printed even though
    it comes last by priority, and an on-target one gives way ("+ 1 more")."""
    (small_room / "data" / "touchpoints.csv").write_text(
        "id,name,stage,owner,priority\n"
        "web,Finding a product,Discover,Alex,2\n"
        "ship,Receiving a shipment,Receive,Sam,3\n"
        "pack,Unboxing,Receive,Kim,1\n"
        "track,Tracking an order,Receive,Lee,2\n")
    with (small_room / "data" / "kpis.csv").open("a") as f:  # both on target in February
        f.write("2026-02-01,pack,Arrived intact,99,98,higher,%\n2026-02-01,track,Scans on time,97,95,higher,%\n")
    assert main(["posters", "--room", str(small_room), "-q", "--size", "A1"]) == 0
    with pdfplumber.open(small_room / "site" / "posters" / "touchpoints.pdf") as pdf:
        text = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    # "Receiving a shipment" is off target (cost per parcel 5.5 against 5.0) and priority 3.
    assert "Receiving a shipment" in text and "Unboxing" in text
    assert "Tracking an order" not in text and "+ 1 more in this stage" in text


# ---------------------------------------------------------------- pure parts

@pytest.mark.parametrize("size", list(PORTRAIT))
def test_sheet_sizes_in_points(size):
    s = sheet(size, "portrait")
    assert (round(s.width, 2), round(s.height, 2)) == tuple(round(v, 2) for v in PORTRAIT[size])
    turned = sheet(size, "landscape")
    assert (turned.width, turned.height) == (s.height, s.width)


@pytest.mark.parametrize("size, scale", [("A1", 1.0), ("A0", 1.4138), ("A4", 0.35315), ("letter", 0.33222),
                                         ("tabloid", 0.47037), ("ARCH E", 1.4497)])
def test_scale_keeps_the_a1_layout_inside_the_sheet(size, scale):
    s = sheet(size, "landscape")
    assert s.scale == pytest.approx(scale, abs=1e-4)
    assert s.scale == pytest.approx(expected_scale(size), abs=1e-9)
    assert s.body_pt == pytest.approx(24 * scale, abs=1e-3) and s.headline_pt == pytest.approx(96 * scale, abs=1e-3)


def test_sheet_css_sets_the_page_and_the_root_type():
    a4 = sheet("A4", "portrait")
    assert sheet_css(a4) == ("@page { size: 595.276pt 841.890pt; margin: 14.126pt }\n"
                             "@media print { html { font-size: 8.4756pt } }")
    laid_out = sheet_css(a4, zoom=a4.scale)  # at A1's type sizes, scaled when written
    assert "font-size: 24.0000pt" in laid_out and "margin: 40.000pt" in laid_out


@pytest.mark.parametrize("name, size", [("a1", "A1"), ("arch  d", "ARCH D"), ("ARCHE", "ARCH E"), ("24×36", "24x36"),
                                        ("Letter", "letter")])
def test_size_names_are_forgiving(name, size):
    assert canonical_size(name) == size


def test_an_unknown_size_lists_the_valid_ones():
    with pytest.raises(SheetError, match="'B2' is not a sheet size .expected one of A0, A1, A2, A3, A4, ARCH C"):
        sheet("B2")


@pytest.mark.parametrize("table, message", [
    ('size = "B2"', "room.toml: 'posters.size' is 'B2' (expected one of " + ", ".join(SIZES) + ")"),
    ('orientation = "sideways"', "room.toml: 'posters.orientation' is 'sideways' (expected one of landscape, portrait)"),
    ('size = 1', "room.toml: 'posters.size' must be text, not 1"),
    ('sise = "A1"', "room.toml: unknown setting 'posters.sise' (did you mean 'posters.size'?)"),
])
def test_bad_posters_settings_are_named(table, message):
    import tomllib

    with pytest.raises(ConfigError) as err:
        parse_settings(tomllib.loads(f"[posters]\n{table}\n"))
    assert str(err.value) == message


def test_posters_settings_are_typed():
    posters = parse_settings({"posters": {"size": "arch d", "orientation": "portrait"}}).posters
    assert (posters.size, posters.orientation) == ("ARCH D", "portrait")


def test_a_bad_size_on_the_command_line_is_a_usage_error(small_room, capsys):
    assert main(["posters", "--room", str(small_room), "--size", "B2"]) == 2
    assert "--size: 'B2' is not a sheet size (expected one of A0, A1" in capsys.readouterr().err
    assert main(["build", "--room", str(small_room), "--size", "A3"]) == 2


def test_each_fit_step_shows_no_more_than_the_one_before():
    for before, after in zip(FITS, FITS[1:]):
        assert all(getattr(after, f) <= getattr(before, f) for f in before.__dataclass_fields__)
        assert after != before


@pytest.mark.parametrize("value, kind, html", [
    ("1,278", "number", "1,278"), ("2.0 %", "number", '2.0<span class="unit"> %</span>'),
    ("0.6 days", "number", '0.6<span class="unit"> days</span>'), ("$570k", "number", "$570k"),
    ("−55.5 %", "number", '−55.5<span class="unit"> %</span>'), ("not converging", "text", "not converging"),
    ("2026-W50", "text", "2026-W50"), ("<b>", "text", "&lt;b&gt;"),
])
def test_headline_figures_split_their_unit(value, kind, html):
    assert (figure_kind(value), str(figure_html(value))) == (kind, html)


def test_pdftoppm_is_installed():
    assert shutil.which("pdftoppm"), "poppler-utils is missing: run .ci/setup"
