"""room.toml and owners' commentary for the synthetic benchmark rooms (see rooms.py).

A build spends real time on Markdown (front matter, tables, images), so the generated
rooms carry commentary of the demo's kind: the three wall notes, one note per tracked
issue (front matter `category`, `owner`, `started`, `target`, `target_date`, `period`)
and a note for some touchpoints. Figures quoted in the notes come from the generated
data, so the pages read plausibly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import vocab

ROOM_TOML = """\
# A synthetic room written by bench/rooms.py for benchmarking; do not edit by hand.
name = "{name}"
logo = "walls/images/logo.svg"
base_url = ""
opening_balance = {opening}
currency = "$"
stages = [{stages}]
min_responses = 30
amber_band = 5.0

[periods]
outcomes = "month"
issues = "week"
touchpoints = "month"

[colors]
primary = "#1F4E3D"
accent = "#B85C1E"
"""


def write_commentary(dest: Path, name: str, opening: int, facts: dict, tps: dict, as_of: str, start) -> None:
    """room.toml and every note under walls/."""
    stages = ", ".join(f'"{s}"' for s in vocab.STAGES)
    (dest / "room.toml").write_text(ROOM_TOML.format(name=name, opening=opening, stages=stages), encoding="utf-8")
    walls = dest / "walls"
    for folder in ("issues", "touchpoints"):
        (walls / folder).mkdir(parents=True, exist_ok=True)
    period = as_of[:7]
    head = f"period: {period}\nupdated: {as_of}\n"
    daily = facts["daily"]
    (walls / "outcomes.md").write_text(_outcomes(head), encoding="utf-8")
    (walls / "issues.md").write_text(_issues_wall(head, facts, daily), encoding="utf-8")
    (walls / "touchpoints.md").write_text(_touchpoints_wall(head, tps), encoding="utf-8")
    for i, c in enumerate(facts["tracked"]):
        (walls / "issues" / f"{facts['keys'][c]}.md").write_text(_issue_note(i, c, facts, head, start),
                                                                encoding="utf-8")
    for i in range(0, len(tps["id"]), 7):
        (walls / "touchpoints" / f"{tps['id'][i]}.md").write_text(_touchpoint_note(i, tps, head),
                                                                 encoding="utf-8")


def _outcomes(head: str) -> str:
    """Wall 1's note: a short narrative with a table."""
    return f"""---
title: "Wall 1: Outcomes. Growth holds, churn is creeping up"
author: {vocab.PEOPLE[12]}
{head}---
We keep growing, but **churn crept up** in the last quarter. The biggest single reason
customers give for leaving is price, ahead of delivery problems.

| What | Last month | A year ago |
|---|---|---|
| Came in | more | fewer |
| Left | a few more | fewer |

**What I need from this room:** a decision on the retention offer for Business customers.
"""


def _issues_wall(head: str, facts: dict, daily: np.ndarray) -> str:
    """Wall 2's note: the last four weeks and the top five categories in them."""
    recent = daily[:, -28:].sum(axis=1)
    top = np.argsort(-recent, kind="stable")[:5]
    total = int(recent.sum())
    owners = {c: vocab.PEOPLE[i % len(vocab.PEOPLE)] for i, c in enumerate(facts["tracked"])}
    rows = "\n".join(f"| {facts['names'][c]} | {int(recent[c]):,} | {100 * recent[c] / max(total, 1):.0f} % | "
                     f"{owners.get(int(c), '**nobody**').split(',')[0]} |" for c in top)
    return f"""---
title: "Wall 2: Issues. {total:,} in four weeks"
author: {vocab.PEOPLE[10]}
{head}---
In the last four weeks customers raised **{total:,} issues**.

**What customers raise most** (last four weeks):

| Issue | Count | Share | Owner |
|---|---|---|---|
{rows}

{len(facts['tracked'])} issues are tracked by a named owner; see their cards below.
"""


def _touchpoints_wall(head: str, tps: dict) -> str:
    """Wall 3's note: one line per stage."""
    lines = "\n".join(f"| {s} | {sum(1 for x in tps['stage'] if x == s)} |" for s in vocab.STAGES)
    return f"""---
title: "Wall 3: Touchpoints. {len(tps['id'])} priority contact points"
author: {vocab.PEOPLE[11]}
{head}---
We track {len(tps['id'])} touchpoints across the six stages of the journey.

| Stage | Touchpoints |
|---|---|
{lines}

**What is changing:** Get help is still the stage with the most KPIs off target.
"""


def _issue_note(i: int, c: int, facts: dict, head: str, start) -> str:
    """A tracked issue's note: owner, start, target and the story so far."""
    daily = facts["daily"][c]
    begun = int(facts["peaks"][c]) + 14
    baseline = int(daily[begun:begun + 7].sum())
    last = int(daily[-7:].sum())
    target = max(1, round(0.4 * baseline))
    change = 100 * (last - baseline) / max(baseline, 1)
    owner = vocab.PEOPLE[i % len(vocab.PEOPLE)]
    return f"""---
category: {facts['names'][c]}
owner: {owner}
started: {start + begun}
target: {target}
target_date: {"2026-12-31" if i % 2 else "2027-03-31"}
{head}---
## {facts['names'][c]}: {"down" if change < 0 else "up"} {abs(change):.0f} % since I started

When I took this on we logged **{baseline:,}** complaints in a week. Last week we
logged **{last:,}**. The target is **{target:,}** a week.

| Week | Issues |
|---|---|
| The week I started | {baseline:,} |
| Last week | {last:,} |

**What I need from this room**

- A decision on the budget for the fix by the end of the month.
- Help from {vocab.PEOPLE[(i + 5) % len(vocab.PEOPLE)].split(',')[0]} on the supplier side.
"""


def _touchpoint_note(i: int, tps: dict, head: str) -> str:
    """A touchpoint's note, with its artifact image when it has one."""
    image = tps["image"][i]
    picture = f"![The artifact on the wall](../images/{image})\n\n" if image else ""
    return f"""---
author: {tps['owner'][i]}
{head}---
{picture}**{tps['name'][i]}** is a priority {tps['priority'][i]} touchpoint in the
{tps['stage'][i]} stage. Two of its KPIs are on target; one is on watch.

| KPI | Status |
|---|---|
| First | on target |
| Second | watch |
"""
