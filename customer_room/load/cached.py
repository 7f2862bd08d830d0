"""A big CSV export read in chunks into a typed Parquet cache, which the engine scans.

Read whole, a 10M-row CSV export held 4.8 GiB: its text, then its typed frame, both in
pandas. Here it is read a block at a time (pyarrow's streaming reader), each block typed
and checked by `typed.TypedFile` as a file read whole is (every bad cell named by its
line, counted in file order), and written to Parquet under `.cache/typed/`. The rows then
stay on disk: the embedded DuckDB scans the cache like a Parquet export (`scanned.py`),
and the checks across rows (a repeated id, stray dates, issues closed early, what the
closing statuses closed) run there as queries (`view_checks.py`).

The next build, in any process, reads nothing when the export is as it was (size and
modification time), and only the rows appended when the export only grew: the old bytes
are checked against a digest taken while they were read, then the new rows go to a new
part. Anything else reads the export again. Whatever this path does not cover falls back
to reading the whole file as before (`tables.py`): a repeated id (the whole-file reader
drops exact repeats with a warning), a block pyarrow cannot parse (the whole read names
the line), filters, keys and skipped rows.
"""

from __future__ import annotations

import hashlib
import io
import json
import queue
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .. import __version__
from ..errors import Problem
from ..paths import SETTINGS_FILE, caches_off, room_cache
from .appended import Prefix, appended_bytes
from .dates import never_message
from .formats import (
    _SNIFF_BYTES,
    RawTable,
    ReadError,
    _canonical,
    _csv_options,
    _header,
    _text_encoding,
)
from .mapping import FileMapping
from .scanned import repeats
from .schema import FILES
from .text_checks import SAMPLE_ROWS, mojibake_problem, recode_problems
from .typed import TypedFile
from .view_checks import ROW, closed_early, closes, followed_up_early, stray_dates
from .warehouse import AGGREGATED

CACHE_MIN_BYTES = 256 * 1024 * 1024  # smaller exports are read whole: quicker (L, 172 MB: 2.7 s whole, 4.1-5.3 s through the cache)
BLOCK_BYTES = 32 * 1024 * 1024  # typed at a time: ~200k rows of a ticket export
READ_BYTES = 4 * 1024 * 1024  # pyarrow's block: its streaming reader holds about 40 of them (164 MB; 1.1 GB at 32 MB)
FORMAT = 1  # the cache's layout; a cache of another layout is read again
_CSV = (".csv", ".txt", ".tsv")


def cacheable(name: str, path: Path, mapping: FileMapping, readings: int) -> bool:
    """Whether an export is read into the typed cache: a big CSV of a big data file, read
    once, without row filters, a key or skipped rows (those need every row at once)."""
    try:
        big = path.stat().st_size >= CACHE_MIN_BYTES
    except OSError:
        return False
    return (big and name in AGGREGATED and path.suffix.lower() in _CSV and readings == 1
            and not (mapping.keep or mapping.drop or mapping.key or mapping.skip_bad_rows))


@dataclass
class Manifest:
    """What the cache of one export holds, kept beside its parts as JSON."""

    source: str
    mapping: str
    stat: list  # the export's size and modification time when last read
    prefix: list | None  # its size and sha1 then, to know a later version only grew
    rows: int = 0
    parts: list = field(default_factory=list)
    names: list = field(default_factory=list)  # the header, for reading appended rows
    multiline: bool = False
    first_line: int = 2
    warnings: list = field(default_factory=list)  # what reading said, said again on every build
    notes: list = field(default_factory=list)
    nevers: dict = field(default_factory=dict)  # column -> [cells read as no date, their days]
    recoded: dict = field(default_factory=dict)  # column -> the distinct values its recode was checked against
    across: dict | None = None  # what the checks across rows said of this version (`_across`)
    version: str = f"{FORMAT}:{__version__}"


@dataclass
class Cached:
    """The canonical view over the cache, or None with the problems that stop the build."""

    view: object
    problems: list[Problem]
    warnings: list[Problem]
    notes: list[Problem]


def read_cached(con, room: Path, path: Path, rel: str, name: str, mapping: FileMapping, section: str) -> Cached | None:
    """The export at `path` through its typed cache, or None to read it whole instead."""
    folder = room_cache(room) / "typed" / f"{name}-{hashlib.sha1(str(path).encode()).hexdigest()[:12]}"
    stat = path.stat()
    old = _manifest(folder, path, mapping) if "typed" not in caches_off() else None
    if old is not None and old.stat == [stat.st_size, stat.st_mtime_ns]:
        manifest, problems = old, []
    else:
        grown = appended_bytes(path, Prefix(*old.prefix)) if old is not None and old.prefix else None
        try:
            if grown is not None:
                manifest, problems = _append(folder, path, rel, name, mapping, section, old, grown)
            else:
                shutil.rmtree(folder, ignore_errors=True)
                manifest, problems = _read(folder, path, rel, name, mapping, section)
        except (ReadError, pa.ArrowException, UnicodeDecodeError, ValueError):
            return None  # the whole read names what is wrong, with its line
        manifest.stat = [stat.st_size, stat.st_mtime_ns]
    warnings, notes = [Problem(**p) for p in manifest.warnings], [Problem(**p) for p in manifest.notes]
    if problems:
        return Cached(None, problems, warnings, notes)
    if not manifest.parts:
        return None  # a header and no rows: the whole read says so
    view = con.read_parquet([str(folder / part) for part in manifest.parts])
    if manifest.across is None:  # the checks across rows, once per version of the export
        across = _across(view, path, rel, name, mapping, section, manifest)
        if across is None:
            return None
        if across[0]:
            return Cached(None, across[0], warnings, notes)
        manifest.across = {"warnings": [asdict(p) for p in across[1]], "notes": [asdict(p) for p in across[2]]}
        (folder / "manifest.json").write_text(json.dumps(asdict(manifest)))  # only a cache that checks out is kept
    warnings += [Problem(**p) for p in manifest.across["warnings"]]
    notes += [Problem(**p) for p in manifest.across["notes"]]
    return Cached(view.drop(ROW), [], warnings, notes + _never_notes(manifest, rel))


def _across(view, path: Path, rel: str, name: str, mapping: FileMapping, section: str, manifest: Manifest):
    """(problems, warnings, notes) of the checks across the export's rows, or None when
    an id repeats (the whole read then drops exact repeats or names the row)."""
    if FILES[name].unique and repeats(view, FILES[name].unique, None):
        return None
    raw = RawTable(None, rel, manifest.first_line, path, manifest.multiline, (_text_encoding(mapping),
                   mapping.delimiter))
    warnings, problems, notes = [], [], []
    if name == "issues":  # in the order a whole read says them
        problems, said, notes = closes(view, mapping, rel, section)
        warnings = closed_early(view, rel, raw.line) + said
    if name == "surveys":
        warnings = followed_up_early(view, rel, raw.line)
    return problems, warnings + stray_dates(view, name, rel, raw.line), notes


def _manifest(folder: Path, path: Path, mapping: FileMapping) -> Manifest | None:
    """The cache's manifest when it is of this export, mapping and version, else None."""
    try:
        manifest = Manifest(**json.loads((folder / "manifest.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None
    ok = (manifest.source == str(path) and manifest.mapping == repr(mapping) and manifest.version == Manifest.version
          and all(_readable(folder / part) for part in manifest.parts))
    return manifest if ok else None


def _readable(part: Path) -> bool:
    """Whether a part is whole Parquet (its footer reads): a part cut short is read again."""
    try:
        pq.read_metadata(part)
        return True
    except (OSError, pa.ArrowException):
        return False


def _read(folder: Path, path: Path, rel: str, name: str, mapping: FileMapping, section: str):
    """Read the whole export into a fresh cache: (its manifest, the problems found)."""
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if b"\x00" in head or not head.strip():
        raise ReadError([])  # binary or empty: the whole read says so
    names = list(mapping.header) or _header(path, rel, _text_encoding(mapping), mapping, section)
    skip = mapping.skip_rows + (0 if mapping.header else 1)
    manifest = Manifest(str(path), repr(mapping), [], None, names=names, first_line=mapping.skip_rows
                        + (1 if mapping.header else 2), multiline=b'"' in head or b"\n\n" in head or b"\n\r\n" in head
                        or len(head) == _SNIFF_BYTES)
    with open(path, "rb", buffering=0) as handle:
        hashing = _Hashing(handle)
        problems = _parts(folder, hashing, path, rel, name, mapping, section, manifest, names, skip)
    if hashing.last == b"\n":
        manifest.prefix = [hashing.size, hashing.sha.hexdigest()]
    return manifest, problems


def _append(folder: Path, path: Path, rel: str, name: str, mapping: FileMapping, section: str, manifest: Manifest,
            grown: tuple):
    """Add the rows appended to the export since the cache was made, as a new part."""
    data, prefix = grown
    manifest.across = None
    problems = _parts(folder, io.BytesIO(data), path, rel, name, mapping, section, manifest, manifest.names, 0)
    manifest.prefix = [prefix.size, prefix.digest] if prefix else None
    return manifest, problems


def _parts(folder: Path, source, path: Path, rel: str, name: str, mapping: FileMapping, section: str,
           manifest: Manifest, names: list, skip: int) -> list[Problem]:
    """Stream `source` block by block: each typed, checked, and written to one new part.
    Every block is read so that every bad cell is counted; after the first problem,
    nothing more is written. Returns the problems, merged as a whole read gives them."""
    options = _csv_options(mapping, names, skip)
    options["read_options"].block_size = min(READ_BYTES, BLOCK_BYTES)
    folder.mkdir(parents=True, exist_ok=True)
    part = f"part-{len(manifest.parts)}.parquet"
    writer, schema, shown, counts, pending = None, None, [], {}, None
    first = not manifest.parts
    pool = ThreadPoolExecutor(1)  # a block is written while the next is typed (pyarrow lets go of the GIL)
    try:
        for batch in _ahead(pa_csv.open_csv(source, **options)):
            frame = batch.to_pandas()
            frame.columns = [str(c).strip() for c in frame.columns]
            raw = RawTable(frame, rel, manifest.first_line, path, manifest.multiline,
                           (_text_encoding(mapping), mapping.delimiter), whole=False, offset=manifest.rows)
            _remember_recoded(frame, mapping, manifest)
            _canonical(raw, FILES[name], mapping, section)
            if manifest.rows < SAMPLE_ROWS and not any("mis-decoded" in w["message"] for w in manifest.warnings):
                sample = raw.frame.iloc[: SAMPLE_ROWS - manifest.rows]  # the rows a whole read looks at
                manifest.warnings += [asdict(p) for p in mojibake_problem(sample, raw, mapping.encoding, section)]
            checked = TypedFile(raw, FILES[name], mapping, section, part=True)
            typed = checked.run()
            if first:
                manifest.notes += [asdict(p) for p in checked.notes]
                first = False
            for column, (count, days) in checked.nevers.items():
                was = manifest.nevers.get(column, [0, []])
                manifest.nevers[column] = [was[0] + count, sorted(set(was[1]) | set(days))]
            _gather(checked, shown, counts)
            if any(p.row is None and not _more(p) for p in checked.problems):
                break  # the file itself is wrong (a required column missing): every block would say it again
            if typed is not None and not shown:
                typed[ROW] = np.arange(manifest.rows, manifest.rows + len(typed), dtype=np.int64)
                table = pa.Table.from_pandas(typed, preserve_index=False)
                schema = schema or _fixed(table.schema, name)
                writer = writer or pq.ParquetWriter(folder / part, schema, compression="lz4")  # scans 1.4 s quicker than zstd on XL
                if pending is not None:
                    pending.result()
                pending = pool.submit(writer.write_table, table.cast(schema))
            manifest.rows += len(frame)
            del frame, typed, raw
        if pending is not None:
            pending.result()
    finally:
        pool.shutdown()
        if writer is not None:
            writer.close()
    if writer is not None:
        manifest.parts.append(part)
    manifest.warnings = [w for w in manifest.warnings if w["file"] != SETTINGS_FILE]  # the recodes, said again
    manifest.warnings += [asdict(p) for p in _recode_warnings(manifest, mapping, rel, section)]
    return _merged(shown, counts, rel)


def _ahead(reader):
    """The reader's batches gathered into blocks of about BLOCK_BYTES, each parsed on a
    thread while the one before is typed (both cores work: parsing is a third of the
    time). An error comes out in its turn."""
    blocks: queue.Queue = queue.Queue(maxsize=1)
    done = object()

    def parse():
        try:
            group, size = [], 0
            for batch in reader:
                group.append(batch)
                size += batch.nbytes
                if size >= BLOCK_BYTES:
                    blocks.put(pa.Table.from_batches(group))
                    group, size = [], 0
            if group:
                blocks.put(pa.Table.from_batches(group))
            blocks.put(done)
        except BaseException as exc:  # noqa: BLE001 (handed to the reader's caller)
            blocks.put(exc)

    thread = threading.Thread(target=parse, daemon=True)
    thread.start()
    try:
        while (item := blocks.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        while thread.is_alive():  # let a parser stopped half way finish its block and end
            try:
                blocks.get(timeout=0.05)
            except queue.Empty:
                pass


def _gather(checked: TypedFile, shown: list[Problem], counts: dict) -> None:
    """Keep a block's problems as a whole read lists them: the first few bad rows of each
    column in file order, then how many more (counted from the block's reasons)."""
    for problem in checked.problems:
        if _more(problem):
            continue
        if problem.row is None:
            if problem not in shown:
                shown.append(problem)
            continue
        column = problem.column
        if sum(1 for p in shown if p.column == column and p.row is not None) < 5:
            shown.append(problem)
    for first, rows in checked.reasons:
        counts[first.column] = counts.get(first.column, 0) + len(rows)


def _more(problem: Problem) -> bool:
    """Whether a problem is a block's count of the bad rows it did not show."""
    return problem.row is None and problem.message.endswith(("more rows like these", "more duplicates"))


def _merged(shown: list[Problem], counts: dict, rel: str) -> list[Problem]:
    """The problems kept, with 'N more rows like these' after each column's last shown."""
    out = list(shown)
    for column, total in counts.items():
        more = total - sum(1 for p in shown if p.column == column and p.row is not None)
        if more > 0:
            out.append(Problem(rel, f"{more:,} more rows like these", column=column))
    return out


def _remember_recoded(frame: pd.DataFrame, mapping: FileMapping, manifest: Manifest) -> None:
    """The distinct values of each recoded column, to say which recode keys match nothing."""
    for column in mapping.values:
        source = mapping.columns.get(column, column)
        if source in frame.columns:
            seen = set(manifest.recoded.get(column, [])) | {str(v).strip() for v in pd.unique(frame[source])}
            manifest.recoded[column] = sorted(seen)


def _recode_warnings(manifest: Manifest, mapping: FileMapping, rel: str, section: str) -> list[Problem]:
    """`text_checks.recode_problems` over every value the export has held."""
    out = []
    for column, recode in mapping.values.items():
        values = manifest.recoded.get(column)
        frame = pd.DataFrame({column: values}) if values is not None else pd.DataFrame()
        out += recode_problems(frame, {column: recode}, rel, section)
    return out


def _never_notes(manifest: Manifest, rel: str) -> list[Problem]:
    """The note a whole read gives for dates in the year 9999, per column."""
    return [Problem(rel, never_message(count, days), column=column) for column, (count, days) in manifest.nevers.items()]


def _fixed(schema: pa.Schema, name: str) -> pa.Schema:
    """The first block's schema with each all-empty column given its kind's type, so the
    blocks after it (which may hold values there) are written alike."""
    kinds = {c.name: c.kind for c in FILES[name].columns}
    types = {"date": pa.timestamp("us"), "datetime": pa.timestamp("us"), "number": pa.float64(),
             "integer": pa.int64()}
    fields = [pa.field(f.name, types.get(kinds.get(f.name), pa.large_string())) if pa.types.is_null(f.type) else f
              for f in schema]
    return pa.schema(fields)


class _Hashing(io.RawIOBase):
    """A file read through, its sha1 and size taken on the way (no second pass over it)."""

    def __init__(self, handle):
        self.handle, self.sha, self.size, self.last = handle, hashlib.sha1(), 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.handle.readinto(buffer)
        if n:
            view = memoryview(buffer)[:n]
            self.sha.update(view)
            self.size += n
            self.last = bytes(view[-1:])
        return n
