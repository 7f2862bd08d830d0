"""Generate the demo room's data: Kestrel Outdoor Co., 2025-01-01 to 2026-11-15.

Why this exists
---------------
The repository root is itself a complete customer room, so that one command builds a
full site with no setup. Real exports cannot be published, so the six data files in
this folder are invented, but they are invented *on purpose*: each wall has a story a
leader could walk through in the monthly room meeting, and the commentary in `walls/`
quotes numbers that this script's output actually contains.

The company
-----------
Kestrel Outdoor Co. sells outdoor gear online, direct to consumers, with a paid
membership (the Kestrel Club: free shipping, repairs, member prices) and a small
business line (clubs, schools and guiding companies buying kit for teams).

The stories in the data
-----------------------
* Carrier change. On 2026-02-02 deliveries moved from Swift Parcel to ParcelPath. Late
  deliveries and missing tracking updates spiked in February and March, on-time
  delivery fell, shipment CSAT dipped and "Delivery problems" rose among loss reasons;
  all recover slowly after the fulfillment owner took the issue on (2026-03-02).
* New mailer box. Damaged items rose with the new carrier; a redesigned mailer box
  rolled out from 2026-06-15 and damage complaints halved.
* App 5.0. The app release of 2026-04-13 broke logins; fixes on 2026-05-11 and 2026-07-06
  brought login complaints below where they started.
* Hold times. Call waits peaked over the 2025 holidays; callbacks and hiring since
  2026-01 have brought "Long hold time" down steadily.
* Refunds. The returns center moved in May 2026; refunds have been slowing ever since.
  Its owner started on 2026-06-01 and the count is still rising (the one that is not
  converging), and "Returns and refunds" is a growing reason for losing customers.
* Billing. A membership price rise on 2025-09-01 brought double charges and a jump in
  "Price" as a loss reason among Members; billing errors have stayed flat since.
* "Wrong size" is one of the biggest issue categories and has no owner.
* Closing the loop. In 2025 about four detractors in ten are called back within 48 hours;
  the carrier change swamps the team; a callback rota from 2026-03-16 brings it to more
  than eight in ten by the autumn (surveys.csv's followed_up and outcome).

How to run
----------
    .venv/bin/python scripts/demo/generate.py

It writes customers.csv, issues.csv, actions.csv, touchpoints.csv, kpis.xlsx and
surveys.csv into the demo room's data/ folder (the repository root is the room). It
lives here, not in data/, because everything in data/ is room input: the build
fingerprints it. It is deterministic: numpy Generators with fixed seeds,
fixed workbook properties and fixed zip timestamps, so running it twice gives
byte-identical files. Change SEED (demo/timeline.py) or a story (the tables in the
demo/ modules) and re-run to get a new room; then re-check the numbers quoted in
walls/*.md.

Where the code is
-----------------
This file only runs the steps in order. The work is in the `demo` package next to it,
one module per job (see demo/__init__.py): timeline and writers are shared; then one
module per data file, with the tables that tell its stories (issue_categories,
survey_comments and vocab hold the words; follow_up, the detractors called back).
"""

from __future__ import annotations

import sys

import numpy as np

# Importing demo/ leaves no __pycache__ folder beside the script.
sys.dont_write_bytecode = True

from demo.actions import write_actions  # noqa: E402  (after the bytecode switch)
from demo.customers import simulate_customers  # noqa: E402
from demo.issues import simulate_issues  # noqa: E402
from demo.kpis import write_kpis  # noqa: E402
from demo.surveys import write_surveys  # noqa: E402
from demo.timeline import SEED  # noqa: E402
from demo.touchpoints import write_touchpoints  # noqa: E402
from demo.writers import OUT_DIR  # noqa: E402


def main() -> None:
    """Write the six files in a fixed order, each step with its own random stream.

    The five streams are spawned from SEED, so changing one file's simulation does not
    shift the random numbers of the others (the fifth, the surveys' follow-up, was added
    after the first four: spawning five keeps those as they were). Issues and KPIs
    depend on the customers.
    """
    ss = np.random.SeedSequence(SEED)
    r_cust, r_iss, r_kpi, r_srv, r_fup = (np.random.default_rng(s) for s in ss.spawn(5))
    write_touchpoints()
    cust = simulate_customers(r_cust)
    simulate_issues(r_iss, cust)
    write_actions()
    write_kpis(r_kpi, cust)
    write_surveys(r_srv, r_fup)
    for name in ("customers.csv", "issues.csv", "actions.csv", "touchpoints.csv", "kpis.xlsx", "surveys.csv"):
        p = OUT_DIR / name
        print(f"{name:16s} {p.stat().st_size:>10,d} bytes")


if __name__ == "__main__":
    main()
