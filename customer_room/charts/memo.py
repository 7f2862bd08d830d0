"""Charts whose inputs are the same as in the last build are not made again.

Every chart function is pure: frames and options in, a `Chart` out. Inside a running
watch, most charts of a rebuild get the very same inputs as last time (a new day of
issues leaves last month's bars alone), so each call is keyed by a digest of its
pickled arguments and answered with the chart made last time. The chart object then
also keeps what was worked out from it (its SVG name, its JSON and table for the
page), so an unchanged chart costs a hash and nothing else. Callers must not change a
chart they are given (pass `title=` instead). Charts no build asked for since the one
before are let go by `forget_unused()`.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable

from .model import Chart

_MADE: dict[bytes, Chart] = {}  # charts by the digest of their inputs
_USED: set[bytes] = set()  # digests asked for since the last `forget_unused`


def remembered(make: Callable[..., Chart]) -> Callable[..., Chart]:
    """`make`, answered from the charts made before when called with equal arguments."""

    @functools.wraps(make)
    def chart(*args, **kwargs) -> Chart:
        try:
            key = hashlib.sha1(pickle.dumps((make.__module__, make.__qualname__, args, kwargs),
                                            protocol=pickle.HIGHEST_PROTOCOL)).digest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return make(*args, **kwargs)
        _USED.add(key)
        found = _MADE.get(key)
        if found is None:
            found = _MADE[key] = make(*args, **kwargs)
        return found

    return chart


def forget_unused() -> int:
    """Let go of the charts not asked for since the last call; return how many are kept."""
    for key in _MADE.keys() - _USED:
        del _MADE[key]
    _USED.clear()
    return len(_MADE)
