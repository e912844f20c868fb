"""Sort people's names the way readers expect: ignoring case and accents, on any database.

Byte order puts "Łucja" after "Zoë" and lower case after upper case; databases disagree on
collations (SQLite has none for this). Pages that list people sort in Python with `name_key`:
the members list sorts the (id, name) pairs of every match before loading one page, the
dashboard and the cohort pages already hold every row.
"""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "Th",
        "þ": "th",
        "Æ": "Ae",
        "æ": "ae",
        "Œ": "Oe",
        "œ": "oe",
        "ı": "i",
    }
)


def name_key(name: str | None) -> tuple[str, str]:
    """Return a key that sorts names case- and accent-insensitively (ties: by exact casefold)."""
    text = (name or "").translate(_UNDECOMPOSED)
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.casefold(), (name or "").casefold()
