"""The demo room's generator, one job per module (run it with scripts/demo/generate.py).

Why this exists: the generator invents six data files that tell the same stories on
the same dates. Keeping each file's simulation in its own module, next to the tables
that drive it, lets a story be changed in one place without reading the rest.

    timeline.py          dates, seed, opening balance, story-curve helpers
    writers.py           byte-identical CSV and Excel writers
    touchpoints.py       the journey, its owners          -> touchpoints.csv
    customers.py         the customer base, day by day    -> customers.csv
    vocab.py             word lists and dated templates for customer texts
    issue_categories.py  the issue categories' stories
    issues.py            one row per issue                -> issues.csv
    actions.py           the improvement plan             -> actions.csv
    kpis.py              monthly KPIs and targets         -> kpis.xlsx
    survey_comments.py   what respondents write
    surveys.py           CSAT, CES and NPS responses      -> surveys.csv
    follow_up.py         detractors called back, and what came of it (surveys.csv)

Python files here are never read as room data: the room only reads
data/<customers|issues|actions|touchpoints|kpis|surveys>.<csv|xlsx|parquet>.
"""
