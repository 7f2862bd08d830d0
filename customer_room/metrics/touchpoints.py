"""Wall 3 figures: each touchpoint's KPIs against target, survey scores and complaints.

The touchpoints wall holds each owner accountable for a contact point (SPEC section 4,
surveys and KPIs): every KPI reading gets a status word (on target / watch / off
target), every survey instrument a score with its response count n and a significance
flag, and complaints are put against the touchpoint's volume per 1,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..load.schema import INSTRUMENTS
from .periods import period_start

ON_TARGET, WATCH, OFF_TARGET = "on target", "watch", "off target"
# A reading exactly on an edge stays there despite float rounding (e.g. 3.0 + 5 % band).
_TOLERANCE = 1e-9


def _statuses(actual, target, better, amber_pct: float) -> np.ndarray:
    """KPI status per reading (object array, None where undefined); see `kpi_status`."""
    actual = np.asarray(actual, dtype="float64")
    target = np.asarray(target, dtype="float64")
    better = pd.Series(np.asarray(better, dtype=object)).fillna("higher").astype(str)
    better = better.str.strip().str.lower().to_numpy()
    higher, lower = better == "higher", better == "lower"
    band = np.abs(target) * amber_pct / 100.0
    slack = _TOLERANCE * np.maximum(1.0, np.abs(target))
    with np.errstate(invalid="ignore"):
        on = (higher & (actual >= target - slack)) | (lower & (actual <= target + slack))
        watch = (higher & (actual >= target - band - slack)) | (
            lower & (actual <= target + band + slack))
    undefined = np.isnan(actual) | np.isnan(target) | ~(higher | lower)
    return np.select([undefined, on, watch], [None, ON_TARGET, WATCH],
                     default=OFF_TARGET).astype(object)


def kpi_status(
    actual: float, target: float, better: str = "higher", amber_pct: float = 5.0
) -> str | None:
    """Say whether one KPI reading meets its target: "on target", "watch" or "off target".

    The amber band is amber_pct % of |target|. Higher-is-better: actual >= target is on
    target, actual >= target − band is watch (the edge itself is watch), else off
    target; lower-is-better mirrors it. None when actual or target is missing. A
    missing `better` means "higher"; any other word is an error.
    """
    if better is not None and not pd.isna(better) and \
            str(better).strip().lower() not in ("higher", "lower"):
        raise ValueError(f"KPI 'better' must be 'higher' or 'lower', not {better!r}")
    actual = np.nan if actual is None else actual
    target = np.nan if target is None else target
    return _statuses([actual], [target], [better], amber_pct)[0]


def kpi_history(kpis: pd.DataFrame, amber_pct: float = 5.0) -> pd.DataFrame:
    """Return a copy of the KPI readings with a `status` column for each reading.

    Drives KPI sparklines coloured by status. Same rules as `kpi_status`; rows with an
    unknown `better` word get no status (NA).
    """
    result = kpis.copy()
    target = result["target"] if "target" in result else np.full(len(result), np.nan)
    better = result["better"] if "better" in result else np.full(len(result), None)
    result["status"] = _statuses(result["actual"], target, better, amber_pct)
    return result


WORST_FIRST = ("off target", "watch", "on target")


def status_counts(history: pd.DataFrame, period) -> dict[str, int]:
    """How many touchpoints are off target, watch and on target in `period`, each by its
    worst KPI reading of that period (a reading with no status, such as a volume with no
    target, does not count): the journey's totals, for comparing one period with the one
    before."""
    rows = history.loc[(history["period"] == period) & history["status"].notna()]
    rank = rows["status"].map({word: i for i, word in enumerate(WORST_FIRST)})
    worst = rank.groupby(rows["touchpoint"]).min()
    return {word: int((worst == i).sum()) for i, word in enumerate(WORST_FIRST)}


def kpi_latest(kpis: pd.DataFrame, amber_pct: float = 5.0) -> pd.DataFrame:
    """Each touchpoint's KPIs at their latest reading, with the reading before it.

    One row per (touchpoint, kpi): touchpoint, kpi, period, actual, target, better,
    unit, status, previous_actual and previous_period (the reading before the latest
    one, NaN/NaT when there is none). Two readings of one period: the last row wins.
    """
    history = kpi_history(kpis, amber_pct)
    for name, default in (("target", np.nan), ("better", "higher"), ("unit", pd.NA)):
        if name not in history:
            history[name] = default
    keys = ["touchpoint", "kpi"]
    history = history.sort_values(keys + ["period"], kind="stable").drop_duplicates(
        keys + ["period"], keep="last")
    rank = history.groupby(keys, sort=False).cumcount(ascending=False)
    columns = keys + ["period", "actual", "target", "better", "unit", "status"]
    latest = history.loc[rank == 0, columns]
    previous = history.loc[rank == 1, keys + ["period", "actual"]].rename(
        columns={"period": "previous_period", "actual": "previous_actual"})
    merged = latest.merge(previous, on=keys, how="left").reset_index(drop=True)
    return merged[columns + ["previous_actual", "previous_period"]]


def _indicators(scores: np.ndarray, instrument: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per response: counts +1 toward the score, counts −1, and is usable at all."""
    is_nps, is_csat, is_ces = (instrument == index for index in range(len(INSTRUMENTS)))
    with np.errstate(invalid="ignore"):
        plus = ((is_nps & (scores >= 9)) | (is_csat & (scores >= 4))
                | (is_ces & (scores >= 5)))
        minus = is_nps & (scores <= 6)
    usable = (instrument >= 0) & ~np.isnan(scores)
    return plus, minus, usable


def _score_table(cells: pd.DataFrame, freq: str | None, min_n: int) -> pd.DataFrame:
    """Score every touchpoint × instrument (× period when `freq` is given) at once, from
    the engine's `score_cells` (touchpoint, instrument, period, score, count).

    A score is a share of responses at given scores and a mean a weighted sum, so the
    counts are all it needs. Responses with an unknown instrument, or (per period) no
    date, are left out.
    """
    known = cells["instrument"].isin(INSTRUMENTS).to_numpy().copy()
    if freq is not None:
        known &= cells["period"].notna().to_numpy()
    cells = cells[known]
    instrument = cells["instrument"].map({name: i for i, name in enumerate(INSTRUMENTS)}).to_numpy(dtype="int64")
    scores, weight = cells["score"].to_numpy("float64"), cells["count"].to_numpy("float64")
    plus, minus, _ = _indicators(scores, instrument)
    keys = ["touchpoint", "instrument"] + (["period"] if freq is not None else [])
    frame = pd.DataFrame({"touchpoint": cells["touchpoint"].astype(object).to_numpy(),
                          "instrument": cells["instrument"].astype(object).to_numpy(),
                          "n": weight, "plus": plus * weight - minus * weight, "sum": scores * weight})
    if freq is not None:
        frame["period"] = period_start(cells["period"], freq).to_numpy("datetime64[ns]")
    table = frame.groupby(keys, sort=True).sum().reset_index()
    n = table["n"].to_numpy("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        table["score"] = table["plus"] / n * 100.0
        table["mean"] = table["sum"] / n
    table["n"], table["significant"] = n, n >= min_n
    return table[[*keys, "n", "score", "mean", "significant"]].reset_index(drop=True)


def survey_score(scores: pd.Series, instrument: str) -> dict:
    """Score one set of responses the way the SPEC defines the instrument.

    nps = % of 9–10 − % of 0–6 (passives 7–8 count in n only); csat = % of 4–5;
    ces = % of 5–7. Returns {"score", "n", "mean"} with NaN score and mean when n == 0.
    """
    name = str(instrument).strip().lower()
    if name not in INSTRUMENTS:
        raise ValueError(
            f"unknown survey instrument {instrument!r}: expected nps, csat or ces")
    values = np.asarray(pd.Series(scores, dtype="float64"), dtype="float64")
    kind = np.full(len(values), INSTRUMENTS.index(name))
    plus, minus, usable = _indicators(values, kind)
    n = int(usable.sum())
    if n == 0:
        return {"score": np.nan, "n": 0, "mean": np.nan}
    return {"score": float((plus[usable].sum() - minus[usable].sum()) / n * 100.0),
            "n": n, "mean": float(values[usable].mean())}


def survey_summary(cells: pd.DataFrame, freq: str = "month", min_n: int = 30) -> pd.DataFrame:
    """Survey score per touchpoint, instrument and period, for the score trend lines,
    from the engine's `score_cells`.

    Columns touchpoint, instrument, period, n, score, mean, significant (n >= min_n),
    sorted in that order. Only periods with responses appear.
    """
    return _score_table(cells, freq, min_n)


def complaints_per_thousand(
    complaints: pd.DataFrame, kpis: pd.DataFrame, freq: str = "month"
) -> pd.DataFrame:
    """Complaints tied to a touchpoint per 1,000 of its volume, where a volume is known.

    Volume comes from KPI rows named "volume" (any case) for that touchpoint, summed per
    period; complaints are issues with that touchpoint opened in the period (the engine's
`touchpoint_cells`: touchpoint, period, complaints). Columns
    touchpoint, period, complaints, volume, per_thousand (NaN where volume <= 0).
    """
    keys = ["touchpoint", "period"]
    names = kpis["kpi"].astype("object").fillna("").astype(str).str.strip().str.lower()
    readings = kpis.loc[(names == "volume").to_numpy()]
    volumes = pd.DataFrame({
        "touchpoint": readings["touchpoint"].to_numpy(),
        "period": period_start(readings["period"], freq).to_numpy("datetime64[ns]"),
        "volume": readings["actual"].to_numpy("float64"),
    }).groupby(keys, sort=True, as_index=False)["volume"].sum(min_count=1)
    if complaints is None:
        complaints = pd.DataFrame({"touchpoint": [], "period": pd.Series([], dtype="datetime64[ns]"), "complaints": []})
    complaints = complaints.astype({"touchpoint": object, "period": "datetime64[ns]"})
    table = volumes.merge(complaints, on=keys, how="left")
    table["complaints"] = table["complaints"].fillna(0).astype("int64")
    volume = table["volume"]
    table["per_thousand"] = table["complaints"] / volume.where(volume > 0) * 1000.0
    return table[["touchpoint", "period", "complaints", "volume", "per_thousand"]]
