"""How readable the room's brand colours are: WCAG contrast against white.

A brand colour too pale for white text on it (the page headers) or for marks beside
text is usable, so it is a warning, not a settings error (`settings.py` re-exports
these for its callers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from ..paths import SETTINGS_FILE

if TYPE_CHECKING:
    from .settings import Settings


def contrast_ratio(foreground: str, background: str = "#ffffff") -> float:
    """The WCAG 2 contrast ratio of two hex colours (1 to 21)."""

    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_warnings(settings: Settings) -> list[Problem]:
    """Brand colours too pale against white: 4.5:1 for primary (white text sits on it),
    3:1 for accent (borders and marks beside text, WCAG's minimum for non-text)."""
    out = []
    for key, minimum in (("primary", 4.5), ("accent", 3.0)):
        colour = getattr(settings.colors, key)
        ratio = contrast_ratio(colour)
        if ratio < minimum:
            out.append(Problem(SETTINGS_FILE, f"'colors.{key}' {colour} has a contrast of {ratio:.1f}:1 with white; "
                               "it may be hard to see", hint=f"pick a darker colour ({minimum:g}:1 or more)"))
    return out

