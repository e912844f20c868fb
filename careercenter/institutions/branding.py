"""Brand colours that keep text readable: WCAG 2.1 contrast against white."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"#[0-9a-f]{6}")
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a #rrggbb colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(colour: str) -> float:
    """Return the contrast ratio between `colour` and white (1 to 21)."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def darker_shade(colour: str) -> str:
    """Return the lightest shade of `colour` (same hue, scaled down) that passes the contrast."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(100, -1, -1):
        shade = "#" + "".join(f"{round(c * step / 100):02x}" for c in (r, g, b))
        if contrast_with_white(shade) >= MIN_CONTRAST:
            return shade
    return "#000000"


def colour_problem(colour: str) -> str | None:
    """Return why `colour` cannot be the brand colour, or None when it can."""
    if not HEX_COLOUR.fullmatch(colour or ""):
        return "Write the colour as # followed by six hex digits, for example #1f5f8b."
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        return (
            f"{colour} is too light: white text on it and links in it on white reach only "
            f"{ratio:.1f}:1 contrast, and they need at least {MIN_CONTRAST}:1 to stay readable. "
            f"Try a darker shade such as {darker_shade(colour)}."
        )
    return None
