"""Build this customer room: `python build.py [build|check|init] [options]`.

A thin entry to the same program as the installed `customer-room` command, so that the
room's own folder can be built with nothing but Python and the project's dependencies.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from customer_room.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
