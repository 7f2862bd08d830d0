"""Synthetic customer rooms of named sizes, for benchmarking builds (not for tests).

The demo room (size S) is small; real rooms hold millions of tickets. This module
writes rooms of the shape of SPEC section 3 at sizes that stress the build: L is
1,000,000 issues over two years in 200 categories and 60 touchpoints, XL is ten million
issues in 1,000 categories. Everything is drawn with numpy from a fixed seed, so the
same size always gives the same bytes, and written with pyarrow's CSV writer in chunks,
so L takes seconds and XL does not need the whole file in memory.

    python bench/rooms.py L /tmp/room-L     # or S (a copy of the demo room) or XL
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import notes
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import vocab
from csvout import write_chunks, write_table

REPO = Path(__file__).resolve().parent.parent  # the repository root is the demo room
GENERATOR_VERSION = 2  # 2: issues drawn in chunks (XXL as Parquet)
START = np.datetime64("2024-11-16")
AS_OF = np.datetime64("2026-11-15")
N_DAYS = int((AS_OF - START).astype(int)) + 1
START_S = START.astype("datetime64[s]")
CHUNK = 1_000_000  # rows per CSV write: bounds memory for XL
OPENING_BALANCE = 60_000
TEXTS_PER_CATEGORY = 4


@dataclass(frozen=True)
class Size:
    """How much of everything a room holds."""

    issues: int
    categories: int
    touchpoints: int = 60
    customers: int = 100_000
    surveys: int = 200_000
    actions: int = 300
    tracked: int = 20
    seed: int = 20261115


SIZES = {"L": Size(1_000_000, 200), "XL": Size(10_000_000, 1_000), "XXL": Size(100_000_000, 1_000)}


def slug(name: str) -> str:
    """The page key of a name: lowercase, runs of other characters become one hyphen."""
    out = "".join(c if c.isascii() and c.isalnum() else " " for c in name.lower())
    return "-".join(out.split())


def make_room(size: str, dest: Path) -> dict:
    """Write the room of `size` (S, L or XL) into `dest`; return what was written."""
    dest.mkdir(parents=True, exist_ok=True)
    if size == "S":
        shutil.copy2(REPO / "room.toml", dest / "room.toml")
        for folder in ("data", "walls"):
            shutil.copytree(REPO / folder, dest / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        info = {"size": "S", "source": str(REPO)}
    else:
        info = {"size": size, **asdict(SIZES[size]), **_generate(SIZES[size], dest, f"Synthetic room {size}")}
    info["generator_version"] = GENERATOR_VERSION
    (dest / ".bench-room.json").write_text(json.dumps(info, indent=2))
    return info


def _generate(size: Size, dest: Path, name: str) -> dict:
    """Every data file and commentary of a generated room."""
    rng = np.random.default_rng(size.seed)
    (dest / "data").mkdir(exist_ok=True)
    shutil.copytree(REPO / "walls" / "images", dest / "walls" / "images", dirs_exist_ok=True)
    base = day_weights()
    tps = touchpoints(size.touchpoints)
    write_table(dest / "data/touchpoints.csv", tps)
    cats = category_names(rng, size.categories)
    issues = dest / "data" / ("issues.parquet" if size.issues > 10_000_000 else "issues.csv")  # XXL: Parquet
    facts = write_issues(rng, size, cats, tps, base, issues)
    rows = {"issues": size.issues, "touchpoints": len(tps["id"]),
            "customers": write_table(dest / "data/customers.csv", customers(rng, size.customers, base)),
            "kpis": write_table(dest / "data/kpis.csv", kpis(rng, tps)),
            "surveys": write_table(dest / "data/surveys.csv", surveys(rng, size.surveys, tps, base)),
            "actions": write_table(dest / "data/actions.csv", actions(rng, size.actions, cats, facts))}
    notes.write_commentary(dest, name, OPENING_BALANCE, facts, tps, str(AS_OF), START)
    return {"rows": rows, "categories_tracked": len(facts["tracked"])}


def day_weights() -> np.ndarray:
    """Relative activity per day: slow growth, weekends quieter, a December peak."""
    days = START + np.arange(N_DAYS)
    t = np.arange(N_DAYS) / N_DAYS
    doy = (days - days.astype("datetime64[Y]")).astype(int)
    weekday = (days.astype(int) + 3) % 7  # 0 = Monday
    to_peak = np.minimum(np.abs(doy - 344), 365 - np.abs(doy - 344))  # days from 10 December
    return ((1 + 0.3 * t) * (1 + 0.15 * np.cos(2 * np.pi * (doy - 15) / 365.25))
            * np.where(weekday >= 5, 0.75, 1.0) * (1 + 0.8 * np.exp(-(to_peak / 12.0) ** 2)))


def sample_days(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """`n` day numbers (0 = START) drawn with the given relative weights."""
    cdf = np.cumsum(weights)
    return np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right").astype(np.int32)


def category_names(rng: np.random.Generator, n: int) -> list[str]:
    """`n` distinct issue categories such as 'Late delivery', in a fixed shuffled order."""
    names = [f"{p} {s}" for s in vocab.SUBJECTS for p in vocab.PROBLEMS]
    first = [names.index("Late delivery"), names.index("Delayed refund"), names.index("Failed login")]
    rest = [names[i] for i in rng.permutation(len(names)) if i not in first]
    return ([names[i] for i in first] + rest)[:n]


def touchpoints(n: int) -> dict[str, list]:
    """`n` touchpoints taken round-robin over the journey stages (columns of touchpoints.csv)."""
    chosen = [(stage, vocab.TOUCHPOINTS[stage][i]) for i in range(10) for stage in vocab.STAGES][:n]
    chosen.sort(key=lambda sn: vocab.STAGES.index(sn[0]))
    images = iter(vocab.IMAGES)
    return {"id": [slug(nm) for _, nm in chosen], "name": [nm for _, nm in chosen],
            "stage": [st for st, _ in chosen],
            "owner": [vocab.PEOPLE[i % len(vocab.PEOPLE)] for i in range(len(chosen))],
            "priority": [1 + i % 3 for i in range(len(chosen))],
            "image": [next(images, None) if i % 9 == 0 else None for i in range(len(chosen))]}


def write_issues(rng, size: Size, cats: list[str], tps: dict, base: np.ndarray, path: Path) -> dict:
    """Write the issues (CSV, sorted by opened; or Parquet for XXL, in chunks of CHUNK
    drawn one at a time, so 100M issues never sit in memory); return per-category daily
    counts and the tracked categories."""
    n, nc = size.issues, len(cats)
    p = 1.0 / (np.arange(nc) + 5.0) ** 1.1  # a long tail: the first categories are the big ones
    shape = {"p": p / p.sum(), "slopes": rng.normal(0, 0.5, nc),
             "tracked": np.sort(rng.permutation(min(nc, 40))[:size.tracked]),
             "peaks": rng.integers(int(0.45 * N_DAYS), int(0.7 * N_DAYS), nc),
             "hours": np.exp(rng.normal(np.log(18), 0.8, nc)), "home": rng.integers(0, len(tps["id"]), nc)}
    pools = {"category": pa.array(cats), "touchpoint": pa.array(tps["id"]),
             "channel": pa.array(vocab.CHANNELS), "severity": pa.array(vocab.SEVERITIES),
             "text": pa.array([vocab.PHRASES[(c * 7 + k * 5) % len(vocab.PHRASES)].format(s=cats[c].split(" ", 1)[1])
                               for c in range(nc) for k in range(TEXTS_PER_CATEGORY)])}
    daily = np.zeros((nc, N_DAYS), dtype=np.int64)
    width = max(6, len(str(n)))

    def chunks(sort: bool, step: int):
        for lo in range(0, n, step):
            drawn = _draw_issues(rng, min(step, n - lo), shape, len(tps["id"]), base, size, sort)
            np.add(daily, drawn.pop("daily"), out=daily)
            ids = pc.utf8_lpad(pc.cast(pa.array(np.arange(lo + 1, lo + len(drawn["cat"]) + 1)), pa.string()),
                               width=width, padding="0")
            yield _issue_columns(drawn, ids, pools)

    if path.suffix == ".parquet":
        writer = None
        for columns in chunks(sort=False, step=CHUNK * 5):
            table = pa.table(columns)
            writer = writer or pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table)
        writer.close()
    else:  # one draw, sorted by when each issue was opened, as a ticket system exports them
        write_chunks(path, (c for c in _split(next(chunks(sort=True, step=n)), CHUNK)))
    return {"names": cats, "keys": [slug(c) for c in cats], "daily": daily, "tracked": shape["tracked"].tolist(),
            "peaks": shape["peaks"], "start": START}


def _draw_issues(rng, n: int, shape: dict, touchpoints: int, base: np.ndarray, size: Size, sort: bool) -> dict:
    """`n` issues drawn from the categories' shapes: numpy arrays, and their daily counts."""
    nc = len(shape["p"])
    counts = rng.multinomial(n, shape["p"])
    t = np.arange(N_DAYS, dtype=float)
    cat = np.repeat(np.arange(nc, dtype=np.int16), counts)
    day = np.empty(n, np.int32)
    for c, (lo, hi) in enumerate(zip(np.cumsum(counts) - counts, np.cumsum(counts))):
        weights = np.exp(shape["slopes"][c] * (t / N_DAYS - 0.5))
        if c in shape["tracked"]:  # a spike that the owner is getting down since just after its peak
            peak = shape["peaks"][c]
            rise = np.clip((t - peak + 21) / 21, 0, 1)
            weights = weights * (1 + 2 * rise * np.exp(-np.clip(t - peak, 0, None) / 120))
        day[lo:hi] = sample_days(rng, base * weights, hi - lo)
    daily = np.bincount(cat.astype(np.int64) * N_DAYS + day, minlength=nc * N_DAYS).reshape(nc, N_DAYS)
    opened = day.astype(np.int64) * 86400 + rng.integers(0, 86400, n)
    del day
    if sort:
        order = np.argsort(opened, kind="stable")
        opened, cat = opened[order], cat[order]
        del order
    hours = shape["hours"][cat] * np.exp(rng.normal(0, 1.1, n))
    closed = opened + (hours * 3600).astype(np.int64)
    u = rng.random(n)
    return {"daily": daily, "cat": cat, "opened": opened, "closed": closed,
            "still_open": (closed >= N_DAYS * 86400) | (rng.random(n) < 0.002), "u": u,
            "tp": np.where(u < 0.85, shape["home"][cat], rng.integers(0, touchpoints, n)),
            "channel": rng.choice(len(vocab.CHANNELS), n, p=[0.35, 0.25, 0.2, 0.12, 0.08]).astype(np.int8),
            "severity": rng.choice(3, n, p=[0.6, 0.3, 0.1]).astype(np.int8),
            "customer": rng.integers(100_000, 100_000 + OPENING_BALANCE + size.customers, n),
            "text": cat.astype(np.int64) * TEXTS_PER_CATEGORY + rng.integers(0, TEXTS_PER_CATEGORY, n),
            "no_customer": rng.random(n) < 0.08, "no_text": rng.random(n) < 0.1}


def _issue_columns(d: dict, ids, pools: dict) -> dict:
    """The issues file's columns (Arrow arrays) of drawn issues."""
    return {"id": pc.binary_join_element_wise("T-", ids, ""),
            "opened": pa.array(START_S + d["opened"]),
            "closed": pa.array(START_S + d["closed"], mask=d["still_open"]),
            "category": pools["category"].take(pa.array(d["cat"])),
            "touchpoint": pools["touchpoint"].take(pa.array(d["tp"], mask=d["u"] >= 0.95)),
            "channel": pools["channel"].take(pa.array(d["channel"])),
            "severity": pools["severity"].take(pa.array(d["severity"])),
            "customer_id": pc.binary_join_element_wise(
                "C", pc.cast(pa.array(d["customer"], mask=d["no_customer"]), pa.string()), ""),
            "text": pools["text"].take(pa.array(d["text"], mask=d["no_text"]))}


def _split(columns: dict, rows: int):
    """A dict of Arrow columns in slices of `rows`, for the CSV writer."""
    n = len(columns["id"])
    for lo in range(0, n, rows):
        yield {k: v.slice(lo, rows) for k, v in columns.items()}


def customers(rng, n: int, base: np.ndarray) -> dict:
    """Customer events (customers.csv): acquisitions, losses, risks, saves, referrals."""
    n_acq, n_lost, n_risk, n_saved = int(0.40 * n), int(0.30 * n), int(0.15 * n), int(0.07 * n)
    n_ref = n - n_acq - n_lost - n_risk - n_saved
    start = np.concatenate([np.zeros(OPENING_BALANCE, np.int32), np.sort(sample_days(rng, base, n_acq))])
    total = len(start)
    segment = rng.choice(3, total, p=[0.42, 0.50, 0.08])
    value = np.round(np.array([390.0, 125.0, 2200.0])[segment]
                     * np.exp(rng.normal(0, 1, total) * np.array([0.35, 0.6, 0.7])[segment]))

    def later(who):  # a day on or after the customer's start
        return start[who] + (rng.random(len(who)) * (N_DAYS - start[who])).astype(np.int32)

    lost = rng.choice(total, n_lost, replace=False)
    risk = rng.choice(total, n_risk, replace=False)
    risk_day = later(risk)
    saved = rng.choice(n_risk, n_saved, replace=False)
    ref = rng.choice(total, n_ref)
    who = np.concatenate([np.arange(OPENING_BALANCE, total), lost, risk, risk[saved], ref])
    day = np.concatenate([start[OPENING_BALANCE:], later(lost), risk_day,
                          np.minimum(risk_day[saved] + rng.integers(0, 21, n_saved), N_DAYS - 1), later(ref)])
    event = np.repeat(np.arange(5), [n_acq, n_lost, n_risk, n_saved, n_ref])
    reason = np.full(n, -1)
    reason[event == 1] = rng.integers(0, len(vocab.LOSS_REASONS), n_lost)
    reason[event == 3] = len(vocab.LOSS_REASONS) + rng.integers(0, len(vocab.SAVE_REASONS), n_saved)
    order = np.lexsort((event, day))
    reasons = pa.array(vocab.LOSS_REASONS + vocab.SAVE_REASONS)
    return {"date": pa.array(START + day[order]),
            "customer_id": pc.binary_join_element_wise("C", pc.cast(pa.array(100_000 + who[order]), pa.string()), ""),
            "event": pa.array(["acquired", "lost", "at_risk", "saved", "referred"]).take(pa.array(event[order])),
            "segment": pa.array(vocab.SEGMENTS).take(pa.array(segment[who[order]])),
            "value": pa.array(value[who[order]].astype(np.int64)),
            "reason": reasons.take(pa.array(reason[order], mask=reason[order] < 0))}


def kpis(rng, tps: dict) -> dict:
    """Monthly KPI readings: 2-3 KPIs against target per touchpoint, a volume for every other one."""
    months = np.arange(START.astype("datetime64[M]"), AS_OF.astype("datetime64[M]") + 1).astype("datetime64[D]")
    cols = {k: [] for k in ("period", "touchpoint", "kpi", "actual", "target", "better", "unit")}

    def add(tp, kpi, actual, target, better, unit):
        for key, values in zip(cols, (months, [tp] * len(months), [kpi] * len(months), actual,
                                      [target] * len(months), [better] * len(months), [unit] * len(months))):
            cols[key].extend(values)

    for i, tp in enumerate(tps["id"]):
        for k in rng.choice(len(vocab.KPIS), 2 + i % 2, replace=False):
            name, unit, better, target = vocab.KPIS[k]
            walk = np.cumsum(rng.normal(0, 0.02, len(months))) + rng.normal(0, 0.04)
            actual = target * (1 + walk * (1 if better == "lower" else -0.3))
            actual = np.clip(actual, 0, 100 if unit == "%" else None).round(2 if unit == "%" else 1)
            add(tp, name, actual.tolist(), target, better, unit)
        if i % 2 == 0:
            volume = np.exp(rng.normal(9, 1.2)) * (1 + 0.1 * rng.standard_normal(len(months)))
            add(tp, "volume", np.round(volume).tolist(), None, None, "count")
    cols["period"] = pa.array(np.array(cols["period"], dtype="datetime64[D]"))
    return cols


def surveys(rng, n: int, tps: dict, base: np.ndarray) -> dict:
    """Survey responses: each touchpoint asks one instrument; scores reflect its quality."""
    ntp = len(tps["id"])
    weight = np.exp(rng.normal(0, 1, ntp))
    tp = rng.choice(ntp, n, p=weight / weight.sum())
    instrument = rng.choice(3, ntp, p=[0.3, 0.5, 0.2])[tp]
    quality = rng.normal(0, 1, ntp)[tp]
    noise = rng.standard_normal(n)
    score = np.select([instrument == 0, instrument == 1],
                      [np.clip(np.round(8 + 1.5 * quality + 2.0 * noise), 0, 10),
                       np.clip(np.round(4 + 0.4 * quality + 0.9 * noise), 1, 5)],
                      np.clip(np.round(5 + 0.4 * quality + 1.2 * noise), 1, 7)).astype(np.int64)
    day = np.sort(sample_days(rng, base, n))
    comment = np.where(rng.random(n) < 0.04, rng.integers(0, len(vocab.SURVEY_COMMENTS), n), -1)
    return {"date": pa.array(START + day), "touchpoint": pa.array(tps["id"]).take(pa.array(tp)),
            "instrument": pa.array(["nps", "csat", "ces"]).take(pa.array(instrument)),
            "score": pa.array(score),
            "comment": pa.array(vocab.SURVEY_COMMENTS).take(pa.array(comment, mask=comment < 0))}


def actions(rng, n: int, cats: list[str], facts: dict) -> dict:
    """What owners are doing: 6-10 actions per tracked issue, 2-4 for others, `n` in all."""
    keys, tracked = facts["keys"], facts["tracked"]
    others = [c for c in rng.permutation(len(cats)).tolist() if c not in tracked]
    plan = [(c, int(rng.integers(6, 11))) for c in tracked] + [(c, int(rng.integers(2, 5))) for c in others]
    cols = {k: [] for k in ("issue", "action", "owner", "due", "status", "done")}
    for c, count in plan:
        for j in range(count):
            if len(cols["issue"]) == n:
                break
            due = START + int(facts["peaks"][c]) + int(rng.integers(-20, 200))
            late = due < AS_OF - 14
            if late:  # most past actions are done; the rest are overdue (doing or blocked)
                status = "done" if rng.random() < 0.8 else ("doing", "blocked")[int(rng.integers(0, 2))]
            else:
                status = vocab.ACTION_STATUSES[int(rng.integers(0, 4))]
            done = min(due + int(rng.integers(-7, 15)), AS_OF) if status == "done" else None
            verb = vocab.ACTION_VERBS[(c + j) % len(vocab.ACTION_VERBS)]
            for key, value in zip(cols, (keys[c], f"{verb} {cats[c].split(' ', 1)[1]} ({j + 1})",
                                         vocab.PEOPLE[(c * 3 + j) % len(vocab.PEOPLE)], str(due), status,
                                         None if done is None else str(done))):
                cols[key].append(value)
    return cols


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("S", *SIZES):
        sys.exit("usage: python bench/rooms.py S|L|XL|XXL DEST")
    began = time.perf_counter()
    print(json.dumps(make_room(sys.argv[1], Path(sys.argv[2])), indent=2))
    print(f"generated in {time.perf_counter() - began:.1f} s")
