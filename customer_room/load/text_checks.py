"""What a mapping or an encoding can get silently wrong, found in an export's text.

A `values` recode whose key matches no cell (a typo: "Churnd" for "Churned"), a recode
for a column the file does not have, and text that reads as UTF-8 decoded with the
wrong encoding ("NÃ£o" for "Não") all let a build pass while the walls show something
else than the export says. Each is a warning naming room.toml's key or the file, the
line and the column, with the fix. Only a whole file is looked at (the new rows of a
grown export would miss values the old rows hold), and only its distinct values, so a
big export costs little.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from .sections import key_of
from ..errors import Problem, shorten
from ..paths import SETTINGS_FILE

# UTF-8 bytes decoded one by one as latin-1 or cp1252: a lead byte (Â, Ã, â) followed by
# a continuation byte, which those encodings show as U+0080–U+00BF or cp1252's signs.
MOJIBAKE = re.compile("[ÂÃ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                      "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€")
# Rows looked at for mis-decoded text: a wrong encoding garbles every accented letter of
# a file, so its first rows show it; looking at all of a 1M-row export cost 2.3 s.
SAMPLE_ROWS = 50_000


def recode_problems(frame: pd.DataFrame, values: dict, rel: str, section: str) -> list[Problem]:
    """A recode for a column the file lacks, and recode keys that match no cell."""
    out = []
    name = key_of(section)
    for column, recode in values.items():
        if column not in frame.columns:
            out.append(Problem(SETTINGS_FILE, f"'{name}.values.{column}' recodes a column that {rel} does not have "
                               "(it changed nothing)",
                               hint=f"map the export's column with columns.{column} = \"…\" in {section}"))
            continue
        present = {str(v).strip() for v in pd.unique(frame[column].to_numpy()) if not _missing(v)}
        unused = [key for key in recode if key not in present]
        if unused:
            near = difflib.get_close_matches(unused[0], sorted(present), n=1)
            hint = f"did you mean '{near[0]}'?" if near else \
                f"its values include {shorten(', '.join(sorted(present)[:8]), 120) or 'none'}"
            keys = ", ".join(f"'{shorten(k, 40)}'" for k in unused[:5]) + (f" and {len(unused) - 5} more"
                                                                           if len(unused) > 5 else "")
            out.append(Problem(SETTINGS_FILE, f"'{name}.values.{column}': {keys} match{'es' if len(unused) == 1 else ''} "
                               f"no value of column '{column}' in {rel} (the recode changed nothing there)", hint=hint))
    return out


def mojibake(frame: pd.DataFrame) -> tuple[str, int, str] | None:
    """The first text cell that reads like mis-decoded UTF-8: (column, row, value), or None."""
    for column in frame.columns:
        series = frame[column]
        if series.dtype != object and not pd.api.types.is_string_dtype(series):
            continue
        head = series.iloc[:SAMPLE_ROWS]
        text = "\x00".join(v for v in pd.unique(head.to_numpy()) if isinstance(v, str))
        if not text.isascii() and (hit := MOJIBAKE.search(text)):
            start = text.rfind("\x00", 0, hit.start()) + 1
            end = text.find("\x00", hit.end())
            value = text[start:end if end >= 0 else len(text)]
            row = int(np.flatnonzero((head == value).to_numpy())[0])
            return str(column), row, value
    return None


def mojibake_problem(frame: pd.DataFrame, table, encoding: str, section: str) -> list[Problem]:
    """A warning when an export's text looks mis-decoded, with the encoding to set."""
    found = mojibake(frame)
    if found is None:
        return []
    column, row, value = found
    utf8 = encoding.lower().replace("_", "-").startswith("utf-8")
    hint = ("the export itself holds text decoded with the wrong encoding: export it again as UTF-8" if utf8 else
            f"it reads like UTF-8 read as {encoding}: set encoding = \"utf-8\" in {section}")
    return [Problem(table.rel, f"text looks mis-decoded: '{shorten(value, 40)}'", row=table.line(row), column=column,
                    hint=hint)]


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
