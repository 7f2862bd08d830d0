"""Excel exports too big to read: a sheet whose cells would take more memory than the
machine has is refused, by measuring the sheet's XML before calamine reads it, and one
within the limits builds. See `export_rooms` for the room.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from export_rooms import (  # noqa: F401 - `room` is a fixture
    HEADER, ISSUES, LINES, assert_built_unharmed, build, problems_printed, rewrite, room, with_line,
)
from pagetext import read_page

pytestmark = pytest.mark.slow  # builds a room per case


# --- finding 8 (Excel): a sheet that would take more memory than the machine has ------------

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
KPI_HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>period</t></is></c><c r="B1" t="inlineStr"><is>'
              '<t>touchpoint</t></is></c><c r="C1" t="inlineStr"><is><t>kpi</t></is></c><c r="D1" t="inlineStr">'
              '<is><t>actual</t></is></c></row>')
KPI_ROW = ('<row r="2"><c r="A2" t="inlineStr"><is><t>2026-01-01</t></is></c><c r="B2" t="inlineStr"><is><t>ship'
           '</t></is></c><c r="C2" t="inlineStr"><is><t>On-time delivery</t></is></c><c r="D2"><v>93</v></c></row>')
FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>boom</t></is></c></row>'
TOO_BIG = ("data/kpis.xlsx: sheet 'Sheet1' reaches {}: {} columns × {} rows; customer-room reads at most 500 "
           "columns and 5,000,000 cells of an Excel sheet (export only the used range, or save the sheet as CSV "
           "or Parquet, which read in a fraction of the time)")


def write_xlsx(path: Path, rows_xml: str, dimension: str | None = "A1:D2") -> None:
    """A minimal .xlsx written by hand: one sheet, inline strings, no styles."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   'xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                   f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{SHEET_NS}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship '
                   f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}">{dim}'
                   f"<sheetData>{rows_xml}</sheetData></worksheet>")


SHEETS = [
    ("a cell at XFD1048576 behind a dimension of A1:D2", KPI_HEADER + KPI_ROW + FAR, "A1:D2",
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("a cell at XFD1048576 and no dimension", KPI_HEADER + KPI_ROW + FAR, None,
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("the far cell with a namespace prefix", KPI_HEADER + KPI_ROW + FAR.replace("<row", f'<x:row xmlns:x="{SHEET_NS}"')
     .replace("</row>", "</x:row>").replace("<c ", "<x:c ").replace("</c>", "</x:c>"), "A1:D2",
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("601 cells without a reference in one row", KPI_HEADER + KPI_ROW.replace("</row>", "<c><v>1</v></c>" * 597
                                                                             + "</row>"), "A1:D2",
     [TOO_BIG.format("WC2", "601", "2")]),
    ("1,250,001 rows of 4 columns", KPI_HEADER + KPI_ROW + '<row r="1250001"><c r="D1250001"><v>1</v></c></row>',
     "A1:D2", [TOO_BIG.format("D1250001", "4", "1,250,001")]),
    ("a far cell in a tag with a 100 KB attribute", KPI_HEADER + KPI_ROW + FAR.replace(
        '<row r="1048576"', '<row r="1048576" x="' + "a" * 100_000 + '"'), "A1:D2",
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("cells without a reference in XML that is not well-formed", KPI_HEADER + KPI_ROW
     + '<row r="3"><c><v>1 & 2</v></c></row>', "A1:D3",
     ["data/kpis.xlsx: sheet 'Sheet1' cannot be measured before it is read: its XML is not well-formed (invalid "
      "token) at line 1 (open it in Excel and save it again, or save it as CSV)"]),
]


@pytest.mark.parametrize("case, rows_xml, dimension, expected", SHEETS, ids=[c[0] for c in SHEETS])
def test_an_excel_sheet_too_big_to_read_is_refused_before_calamine_reads_it(room, capfd, case, rows_xml,
                                                                            dimension, expected):
    (room / "data" / "kpis.csv").unlink()
    write_xlsx(room / "data" / "kpis.xlsx", rows_xml, dimension)
    assert (room / "data" / "kpis.xlsx").stat().st_size < 8_000  # a tiny file (compressed)…
    printed = assert_built_unharmed(room, capfd, 1, timeout=120)  # …that aborted the process before
    assert problems_printed(printed) == expected


@pytest.mark.parametrize("case, rows_xml, dimension", [
    ("a dimension of A1:XFD1048576 with two rows (calamine never allocates from it)", KPI_HEADER + KPI_ROW,
     "A1:XFD1048576"),
    ("500 columns, the most allowed", KPI_HEADER + KPI_ROW.replace("</row>", '<c r="SF2"><v>1</v></c></row>'),
     "A1:SF2"),
    ("an empty styled cell at XFD1048576 (calamine skips it)",
     KPI_HEADER + KPI_ROW + '<row r="1048576"><c r="XFD1048576" s="1"/></row>', "A1:XFD1048576"),
], ids=["dimension only", "500 columns", "empty far cell"])
def test_an_excel_sheet_within_the_limits_builds(room, capfd, case, rows_xml, dimension):
    (room / "data" / "kpis.csv").unlink()
    write_xlsx(room / "data" / "kpis.xlsx", rows_xml, dimension)
    assert_built_unharmed(room, capfd, 0, timeout=120)
    assert "On-time delivery" in read_page(room / "site" / "walls" / "touchpoints.html")[1]


