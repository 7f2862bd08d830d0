"""The page stage: which pages a room has, and the figures and charts each one shows.

Each module plans the pages of one wall from the computed figures: it slices what the
page needs, builds its charts (pure specs from `charts`) and returns `Page` objects for
the render stage. Nothing here reads or writes files.
"""

from .common import Page, PageKit
from .index import index_page
from .issues import issue_pages, issues_wall
from .outcomes import outcomes_wall
from .touchpoints import touchpoint_pages, touchpoints_wall

__all__ = ["Page", "PageKit", "index_page", "issue_pages", "issues_wall", "outcomes_wall",
           "touchpoint_pages", "touchpoints_wall"]
