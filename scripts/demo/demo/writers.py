"""Writing the room's files, byte for byte the same on every run.

Why this exists: the data files are committed, so a re-run must not change a byte unless
the story changed. CSVs are written with LF line ends and the csv module's minimal
quoting; the Excel workbook is re-zipped with fixed timestamps, because openpyxl stamps
the clock into both the document properties and the zip entries.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np

OUT_DIR = Path(__file__).resolve().parents[3] / "data"  # the repository root is the demo room


def write_csv(name: str, header: list[str], rows: list[list]) -> None:
    """Write data/<name> as UTF-8 CSV with a header row and LF line ends."""
    with open(OUT_DIR / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fmt_seconds(secs: np.ndarray) -> list[str]:
    """Seconds since 1970 as "YYYY-MM-DD HH:MM:SS", the timestamp form of issues.csv."""
    return [s.replace("T", " ") for s in np.datetime_as_string(secs.astype("datetime64[s]"), unit="s")]


def write_xlsx(name: str, wb, stamp: dt.datetime) -> None:
    """Save openpyxl workbook `wb` as data/<name>, with `stamp` as its only date.

    openpyxl stamps "modified" with the clock and zip entries with the current time:
    both are rewritten so that the workbook is byte-identical run to run.
    """
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + iso.encode() + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    (OUT_DIR / name).write_bytes(out.getvalue())
