"""Where export files live: one small interface, the database by default.

Every app host reads the same database, so a worker on one machine and a web process on
another agree on the file. An S3-compatible backend would implement the same three calls.
"""

from __future__ import annotations

from typing import Protocol

from .models import Export


class ExportStorage(Protocol):
    def save(self, export: Export, data: bytes) -> None: ...
    def read(self, export: Export) -> bytes | None: ...
    def delete(self, export: Export) -> None: ...


class DatabaseStorage:
    """Keep the bytes in the export's own row (`exports.data`)."""

    def save(self, export: Export, data: bytes) -> None:
        export.data = data
        export.size = len(data)

    def read(self, export: Export) -> bytes | None:
        return export.data

    def delete(self, export: Export) -> None:
        export.data = None


def storage() -> ExportStorage:
    """Return the configured storage (the database: no other backend is configured yet)."""
    return DatabaseStorage()
