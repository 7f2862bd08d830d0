"""Where a reading's mapping is in room.toml, for messages.

One data file is read by one `[data.<file>]` table, or by several (`[[data.<file>]]`,
one per reading: a subscription export read as acquisitions and as losses). A message
names the table a user would edit, and a key as room.toml spells it.
"""

from __future__ import annotations

import re


def key_of(section: str) -> str:
    """A reading's keys as room.toml names them: "data.issues" for "[data.issues]",
    "data.customers[1]" for "[[data.customers]] #2"."""
    found = re.fullmatch(r"\[\[(.+)\]\] #(\d+)", section)
    return f"{found.group(1)}[{int(found.group(2)) - 1}]" if found else section.strip("[]")


def table_of(section: str, table: str) -> str:
    """The sub-table of a reading as room.toml writes it: "[data.issues.values.event]",
    "[[data.customers]] #2 .keep" for one of several readings."""
    return f"[{section.strip('[]')}.{table}]" if not section.startswith("[[") else f"{section} .{table}"


def section_of(name: str, index: int, count: int) -> str:
    """Where a reading's mapping is, for messages: "[data.issues]", or "[[data.customers]]
    #2" for the second of several readings."""
    return f"[data.{name}]" if count == 1 else f"[[data.{name}]] #{index + 1}"
