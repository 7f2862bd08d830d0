"""The improvement plan behind the stories (actions.csv).

Why this exists: each owned issue gets a list of actions whose dates line up with the
turns in the data (the new mailer box on 2026-06-15, the app hotfix on 2026-05-11, ...),
so the room can show what was done and when, next to what the numbers did.
"""

from __future__ import annotations

from .touchpoints import PEOPLE
from .writers import write_csv

ACTIONS = [
    # issue key, action, owner, due, status, done
    ("late-delivery", "Daily call with ParcelPath on missed pickup slots", "priya", "2026-03-09", "done", "2026-03-06"),
    ("late-delivery", "Second daily pickup from the Salt Lake City warehouse", "priya", "2026-03-31", "done", "2026-04-02"),
    ("late-delivery", "Move rural ZIP codes back to Swift Parcel", "ravi", "2026-05-15", "done", "2026-05-29"),
    ("late-delivery", "Promise dates on the product page from real transit times", "marcus", "2026-07-31", "done", "2026-08-12"),
    ("late-delivery", "Penalty clause for late delivery in the ParcelPath contract", "ravi", "2026-09-30", "blocked", ""),
    ("late-delivery", "Sunday pickups and a second ParcelPath sort center", "ravi", "2026-10-15", "done", "2026-10-12"),
    ("late-delivery", "Peak-season capacity plan agreed with ParcelPath", "priya", "2026-11-06", "doing", ""),
    ("late-delivery", "Proactive 'running late' email before the customer asks", "ravi", "2026-12-15", "planned", ""),
    ("damaged-item", "Drop tests of the current mailer with ParcelPath handling", "tomas", "2026-05-22", "done", "2026-05-20"),
    ("damaged-item", "New mailer box with molded corner inserts", "tomas", "2026-06-15", "done", "2026-06-15"),
    ("damaged-item", "Fragile items double-boxed (tents, stoves, poles)", "tomas", "2026-07-15", "done", "2026-07-10"),
    ("damaged-item", "Photo claim in the app: replacement sent without return", "mei", "2026-10-31", "doing", ""),
    ("damaged-item", "Recycled-fiber void fill to replace plastic air pillows", "tomas", "2027-01-31", "planned", ""),
    ("app-login", "Hotfix 5.0.3: session tokens no longer expire on update", "mei", "2026-05-11", "done", "2026-05-11"),
    ("app-login", "Passkey and Face ID sign-in (5.1)", "mei", "2026-06-30", "done", "2026-07-06"),
    ("app-login", "Password reset emails sent from the new mail service", "hannah", "2026-06-15", "done", "2026-06-12"),
    ("app-login", "Login success rate alert on the on-call dashboard", "mei", "2026-08-31", "done", "2026-08-28"),
    ("app-login", "Retire the old login screen on Android 9", "mei", "2026-12-31", "planned", ""),
    ("long-hold-time", "Callback option on the phone line", "daniel", "2026-03-31", "done", "2026-04-14"),
    ("long-hold-time", "Hire and train 8 agents for the winter peak", "daniel", "2026-10-31", "done", "2026-10-23"),
    ("long-hold-time", "Order status self-service in the IVR", "daniel", "2026-06-30", "done", "2026-07-21"),
    ("long-hold-time", "Chat opening hours extended to 22:00", "daniel", "2026-09-30", "doing", ""),
    ("long-hold-time", "Publish live wait times on the help page", "marcus", "2026-11-30", "planned", ""),
    ("refund-delay", "Extra shift at the new Reno returns center", "sofia", "2026-07-15", "done", "2026-07-20"),
    ("refund-delay", "Refund on carrier scan instead of on inspection (under $150)", "sofia", "2026-09-30", "blocked", ""),
    ("refund-delay", "Clear the 4,000-parcel inspection backlog", "sofia", "2026-10-15", "doing", ""),
    ("refund-delay", "Weekly refund-ageing report to Finance", "grace", "2026-08-31", "done", "2026-09-04"),
    ("refund-delay", "Returns status page in the app", "mei", "2026-11-13", "doing", ""),
    ("refund-delay", "Temporary staff for the January returns peak", "sofia", "2026-12-15", "planned", ""),
    ("billing-error", "Find the cause of duplicate renewal charges", "grace", "2026-09-30", "done", "2026-10-02"),
    ("billing-error", "Idempotency key on renewal payments", "grace", "2026-10-31", "doing", ""),
    ("billing-error", "Renewal reminder email 14 days before charging", "hannah", "2026-11-30", "planned", ""),
    ("billing-error", "Automatic refund of duplicate charges within 24 h", "grace", "2026-12-31", "planned", ""),
]


def write_actions() -> None:
    """Write actions.csv: one row per action, owners spelled out as name and title."""
    rows = [[k, a, PEOPLE[o], due, st, done] for k, a, o, due, st, done in ACTIONS]
    write_csv("actions.csv", ["issue", "action", "owner", "due", "status", "done"], rows)
