"""The six data files of a room and their canonical columns (SPEC section 3).

One table says, for each file, which columns exist, which are required, what type each
holds and which values are allowed, which column is its key, which checks across
columns it gets, which columns the metrics aggregate, and which dates set the data's
period and "as of". The loader types and checks every file from it, the compute stage
takes its columns from it, and the data reference is written from it too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One canonical column: its type (`kind`) and what values it allows."""

    name: str
    kind: str  # text | date | datetime | number | integer | choice
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    help: str = ""
    charted: bool = False  # its dates set where the charts' time axes start and end


@dataclass(frozen=True)
class FileSchema:
    """One data file: its default name, its columns, its unique key (if any), the
    checks across its columns (`load/typed.py`'s `CHECKS`), and the columns the
    metrics aggregate (the rest, such as the customers' words, are not copied into them)."""

    name: str
    help: str
    columns: tuple[Column, ...]
    unique: str | None = None
    checks: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()

    @property
    def required(self) -> list[str]:
        """Names of the columns the file must have."""
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        """The column called `name`."""
        return next(c for c in self.columns if c.name == name)


EVENTS = ("acquired", "lost", "saved", "at_risk", "referred")
ACTION_STATUSES = ("planned", "doing", "done", "blocked")
BETTER = ("higher", "lower")



@dataclass(frozen=True)
class Instrument:
    """A survey instrument: its name in the data, its label, the scores it allows, and the
    scores of a detractor (the unhappy respondents a closed loop contacts back)."""

    name: str
    label: str
    scores: tuple[int, int]
    detractors: tuple[int, int]


INSTRUMENT_TABLE = {i.name: i for i in (Instrument("nps", "NPS", (0, 10), (0, 6)),
                                        Instrument("csat", "CSAT", (1, 5), (1, 2)),
                                        Instrument("ces", "CES", (1, 7), (1, 3)))}
INSTRUMENTS = tuple(INSTRUMENT_TABLE)  # nps, csat, ces: the order every table uses

FILES: dict[str, FileSchema] = {
    schema.name: schema
    for schema in (
        FileSchema(
            "customers",
            "one row per customer event",
            (
                Column("date", "date", True, help="day of the event", charted=True),
                Column("customer_id", "text", True),
                Column("event", "choice", True, EVENTS),
                Column("segment", "text"),
                Column("value", "number", minimum=0, help="annual value of the customer"),
                Column("reason", "text", help="why the customer was lost or saved"),
            ),
        ),
        FileSchema(
            "issues",
            "one row per customer issue (complaint, ticket)",
            (
                Column("id", "text", True),
                Column("opened", "datetime", True, charted=True),
                Column("closed", "datetime", charted=True),
                Column("category", "text", True, help="the issue type"),
                Column("touchpoint", "text", help="id of the touchpoint where it arose"),
                Column("channel", "text"),
                Column("severity", "text"),
                Column("customer_id", "text"),
                Column("text", "text", help="the customer's words"),
                Column("status", "text", help="the ticket's status; with closed_statuses, which ones are closed"),
            ),
            unique="id",
            checks=("closed after opened", "closes"),
            metrics=("opened", "closed", "category", "touchpoint", "channel", "severity", "closed_unknown"),
        ),
        FileSchema(
            "actions",
            "what owners are doing about each issue",
            (
                Column("issue", "text", True, help="issue category (name or key)"),
                Column("action", "text", True),
                Column("owner", "text", True),
                Column("due", "date"),
                Column("status", "choice", choices=ACTION_STATUSES),
                Column("done", "date"),
            ),
        ),
        FileSchema(
            "touchpoints",
            "the priority contact points",
            (
                Column("id", "text", True),
                Column("name", "text", True),
                Column("stage", "text", True, help="one of the journey stages in room.toml"),
                Column("owner", "text"),
                Column("priority", "integer", minimum=1, help="1 = highest"),
                Column("image", "text", help="artifact image in walls/images/"),
            ),
            unique="id",
        ),
        FileSchema(
            "kpis",
            "KPI readings per touchpoint and period",
            (
                Column("period", "date", True, charted=True),
                Column("touchpoint", "text", True),
                Column("kpi", "text", True),
                Column("actual", "number", True),
                Column("target", "number"),
                Column("better", "choice", choices=BETTER, help="higher (default) or lower"),
                Column("unit", "text"),
            ),
        ),
        FileSchema(
            "surveys",
            "survey responses",
            (
                Column("date", "date", True, charted=True),
                Column("touchpoint", "text", True),
                Column("instrument", "choice", True, INSTRUMENTS),
                Column("score", "number", True),
                Column("comment", "text"),
                Column("followed_up", "datetime", help="when a detractor was contacted back (a date, or a date and "
                       "time); the closed loop on Wall 3"),
                Column("outcome", "text", help="what came of the contact (resolved, no answer …)"),
            ),
            checks=("scores in range", "followed up after"),
        ),
    )
}

# The dates that set a room's data period (the earliest) and "as of" (the latest): the
# columns whose dates set where the charts' time axes start and end.
DATES = tuple((f.name, c.name) for f in FILES.values() for c in f.columns if c.charted)
