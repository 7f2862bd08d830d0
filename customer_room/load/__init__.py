"""Stage 1, load: `load_room(root, cache) -> RoomInput`, the room's settings, data files and
commentary read and checked together (see `room.py`).

The names are imported on first use (PEP 562), so that the light modules of this stage
(`inputs`, which the command line uses to see that nothing changed) load without pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {"load_room": "room", "RoomInput": "room", "LoadCache": "room", "data_as_of": "room"}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """Import `name` from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
