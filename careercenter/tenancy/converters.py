"""URL converters: `<slug:…>` for institutions, and `<int:…>` bounded to the id columns."""

from werkzeug.routing import BaseConverter, IntegerConverter

# Ids are `Integer` columns: 32-bit signed on PostgreSQL, and the widest value SQLite and
# PostgreSQL both compare without overflowing.
MAX_ID = 2**31 - 1


class SlugConverter(BaseConverter):
    regex = r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?"


class IdConverter(IntegerConverter):
    """`<int:…>` that matches only 0…MAX_ID, so a larger id is a 404 before any view runs.

    Unbounded, 2**63 reached the database driver and failed there (OverflowError, a 500).
    """

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
