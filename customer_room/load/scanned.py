"""A big Parquet export scanned where it lies: the embedded DuckDB reads the file, and
no row is held in pandas.

A room of 100M issues does not fit in memory as a frame, and a Parquet file is already
typed and columnar, so there is nothing to gain by loading it. For the big data files
(customers, issues, surveys) a Parquet export becomes a canonical view on the room's
DuckDB (`warehouse.canonical_view`, the same as a warehouse table's), and the engine
aggregates it in bounded memory: DuckDB streams the file and spills to disk past its
memory limit. The checks a file gets still run, as queries: a cell that is not a date
or a number, an event or a score out of range, a repeated id, each named with its row.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .dates import FIRST_YEAR, LAST_YEAR, NEVER_YEAR, OUTSIDE
from .mapping import FileMapping
from .schema import FILES, INSTRUMENT_TABLE
from .view_checks import ROW, closed_early, closes, followed_up_early, stray_dates
from .warehouse import AGGREGATED, canonical_view

_TARGETS = {"date": "timestamp", "datetime": "timestamp", "number": "float64", "integer": "float64"}


def scannable(name: str, path: Path, mapping: FileMapping, readings: int) -> bool:
    """Whether an export is scanned in place rather than read into a frame: a Parquet
    file of a big data file, read once and without row filters or a key (those need
    the rows in order, as `typed.py` keeps them)."""
    return (name in AGGREGATED and path.suffix.lower() == ".parquet" and readings == 1
            and not (mapping.keep or mapping.drop or mapping.key))


def scan_parquet(con, path: Path, rel: str, name: str, mapping: FileMapping, section: str) -> tuple:
    """(the canonical view of the Parquet export at `path`, the problems found, the
    warnings, the notes)."""
    try:
        relation = con.read_parquet(str(path), file_row_number=True)
    except Exception as exc:  # noqa: BLE001 (DuckDB's own reasons: not Parquet, truncated, unreadable)
        return None, [Problem(rel, f"cannot be read as Parquet: {str(exc).strip().splitlines()[0][:200]}")], [], []
    problems: list[Problem] = []
    _bad_cells(relation, name, mapping, rel, problems)
    notes = _dates_in_range(relation, name, mapping, rel, problems)
    if problems:
        return None, problems, [], notes
    unique = FILES[name].unique
    source = mapping.columns.get(unique, unique) if unique else None
    raw_ids = f"{source}__raw" if source in relation.columns else None  # the export's own ids, untrimmed
    if raw_ids:
        relation = relation.mutate(**{raw_ids: relation[source]})
    view = canonical_view(relation, name, mapping, rel, problems, keep=(ROW, raw_ids) if raw_ids else (ROW,))
    if view is None or problems:
        return None, problems, [], notes
    if unique and unique in view.columns:
        _repeated(view, unique, raw_ids, mapping, rel, problems)
    if name == "surveys":
        _scores(view, rel, problems)
    warnings = stray_dates(view, name, rel, _line) if not problems else []
    if name == "surveys" and not problems:
        warnings += followed_up_early(view, rel, _line)
    if name == "issues" and not problems:
        found, said, told = closes(view, mapping, rel, section)
        problems, warnings, notes = problems + found, warnings + closed_early(view, rel, _line) + said, notes + told
    return (view.drop(ROW, *([raw_ids] if raw_ids else [])) if not problems else None), problems, warnings, notes


def _line(row: int) -> int:
    """The row of a Parquet export as a user counts it: from 1."""
    return row + 1


def _bad_cells(relation, name: str, mapping: FileMapping, rel: str, problems: list[Problem]) -> None:
    """A text column that should hold dates or numbers: its first cell that is neither,
    by row, and how many there are (one query per such column)."""
    for col in FILES[name].columns:
        source = mapping.columns.get(col.name, col.name)
        target = _TARGETS.get(col.kind)
        if target is None or source not in relation.columns or not relation[source].type().is_string():
            continue
        text = relation[source].strip()
        parsed = text.as_timestamp(mapping.date_format) if mapping.date_format and target == "timestamp" \
            else text.try_cast(target)
        bad = relation.filter(text.notnull() & (text != "") & parsed.isnull())
        found = bad.aggregate(rows=bad.count(), first=bad[ROW].min()).to_pandas()
        rows = int(found["rows"].iloc[0])
        if rows:
            first = int(found["first"].iloc[0])
            value = bad.filter(bad[ROW] == first)[source].to_pandas().iloc[0]
            expected = "a date" if target == "timestamp" else "a number"
            more = f" ({rows:,} such rows)" if rows > 1 else ""
            problems.append(Problem(rel, f"'{value}' is not {expected}{more}", row=first + 1,
                                    column=col.name))


def _dates_in_range(relation, name: str, mapping: FileMapping, rel: str, problems: list[Problem]) -> list[Problem]:
    """A date column of the export (dates, not text) holding a date customer-room cannot
    hold: its first row is an error; a date in the year 9999 is read as no date (a note),
    as `typed.py` does for a file read whole. Returns the notes."""
    notes = []
    for col in FILES[name].columns:
        source = mapping.columns.get(col.name, col.name)
        if col.kind not in ("date", "datetime") or source not in relation.columns or relation[source].type().is_string():
            continue
        year = relation[source].year()
        never = year == NEVER_YEAR
        outside = ((year < FIRST_YEAR) | (year > LAST_YEAR)) & ~never
        found = relation.aggregate(never=never.cast("int32").sum(), outside=outside.cast("int32").sum(),
                                   days=relation[source].cast("date").nunique(where=never),
                                   first=relation[ROW].min(where=outside), first_never=relation[ROW].min(where=never)
                                   ).to_pandas().iloc[0]
        if found["outside"]:
            problems.append(Problem(rel, f"'{_shown(relation, source, int(found['first']))}' {OUTSIDE}",
                                    row=int(found["first"]) + 1, column=col.name,
                                    hint="fix the date, or leave the cell empty if there is none"))
        if found["never"] and col.required:
            problems.append(Problem(rel, f"'{_shown(relation, source, int(found['first_never']))}' means no date "
                                    "(a common 'never'), but every row needs one", row=int(found["first_never"]) + 1,
                                    column=col.name))
        elif found["never"]:
            count = int(found["never"])
            what = f"of {_shown(relation, source, int(found['first_never']))[:10]}" if int(found["days"]) == 1 \
                else f"dated in the year {NEVER_YEAR}"
            notes.append(Problem(rel, f"{count:,} cell{'s' if count != 1 else ''} {what} "
                                 f"{'were' if count != 1 else 'was'} read as no date (a common 'never')",
                                 column=col.name))
    return notes


def _shown(relation, source: str, row: int) -> str:
    """A date cell as the export holds it ('0001-01-01', '0001-01-01 00:00:00+00:00')."""
    cell = relation.filter(relation[ROW] == row).select(source).to_pyarrow().column(0).to_pandas()
    return str(cell.astype(str).iloc[0])


def _repeated(view, key: str, raw_ids: str | None, mapping: FileMapping, rel: str, problems: list[Problem]) -> None:
    """A repeated id, named as a file's is: the first row that repeats an earlier one,
    and that earlier row (one windowed query over the ids)."""
    import ibis

    known = view.filter(view[key].notnull())
    if not repeats(view, key, raw_ids):  # the usual case: one spillable group-by over the export's own ids
        return
    ranked = known.select(key, ROW, nth=ibis.row_number().over(group_by=known[key], order_by=known[ROW]))
    again = ranked.filter(ranked.nth > 0)
    found = again.aggregate(rows=again.count(), first=again[ROW].min()).to_pandas()
    rows = int(found["rows"].iloc[0])
    if not rows:
        return
    row = int(found["first"].iloc[0])
    value = known.filter(known[ROW] == row)[key].to_pandas().iloc[0]
    earlier = int(known.filter(known[key] == value)[ROW].min().to_pandas())
    more = f"; {rows - 1:,} more rows repeat an earlier {key}" if rows > 1 else ""
    problems.append(Problem(rel, f"'{value}' is a duplicate (first on line {earlier + 1}){more}", row=row + 1,
                            column=key, hint=f"each {key} must be unique; if the export repeats a row per item, "
                                             f"key = \"{mapping.columns.get(key, key)}\" keeps the first"))


def repeats(view, key: str, raw_ids: str | None) -> bool:
    """Whether an id repeats, counted on the export's own column when no id has spaces
    around it (trimming 100M ids for the count takes five times as long)."""
    raw = view[raw_ids] if raw_ids else None
    ids = raw if raw is not None and int(view.filter(raw != raw.strip()).count().to_pandas()) == 0 else view[key]
    known = view.filter(ids.notnull()).select(id=ids)
    counted = known.group_by("id").aggregate(n=known.count())
    return bool(int(counted.filter(counted.n > 1).count().to_pandas()))


def _scores(view, rel: str, problems: list[Problem]) -> None:
    """A survey score outside its instrument's scale, named by its first row."""
    import ibis

    out = ibis.literal(False)
    for name, instrument in INSTRUMENT_TABLE.items():
        low, high = instrument.scores
        out = out | ((view.instrument == name) & ((view.score < low) | (view.score > high)))
    bad = view.filter(out)
    found = bad.aggregate(rows=bad.count(), first=bad[ROW].min()).to_pandas()
    if int(found["rows"].iloc[0]):
        problems.append(Problem(rel, f"{int(found['rows'].iloc[0]):,} scores are outside their "
                                "instrument's scale (NPS 0–10, CSAT 1–5, CES 1–7)", row=int(found["first"].iloc[0]) + 1,
                                column="score"))
