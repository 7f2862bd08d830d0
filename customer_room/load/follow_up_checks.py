"""The survey export's closed loop checked: a detractor contacted back before they answered.

A `followed_up` date before the response's own date is usable data with a slip in it
(a wrong year, a contact date typed into the wrong row): a warning naming the first line,
and the row left out of the follow-up figures (`engine/surveys.follow_up_cells`). The
message is built here once, for a file's frame and for rows queried where they are
(`view_checks.followed_up_early`), so the two cannot drift apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem


def check_followed_up(typed, frame: pd.DataFrame) -> None:
    """Warn when responses were followed up on a day before they were given."""
    if typed.part:  # a chunk of a big export: counted over the whole (`view_checks.followed_up_early`)
        return
    early = (frame["followed_up"].notna() & (frame["followed_up"].dt.normalize() < frame["date"])).to_numpy()
    if early.any():
        typed.warnings.append(followed_up_early(typed.rel, int(early.sum()), typed._line(int(np.flatnonzero(early)[0]))))


def followed_up_early(rel: str, rows: int, first_line: int) -> Problem:
    """The warning for `rows` responses followed up before their date, the first on `first_line`."""
    return Problem(rel, f"{rows:,} responses were followed up before they were given (the first on line "
                   f"{first_line}); they are left out of the follow-up figures", column="followed_up")
