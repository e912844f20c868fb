"""Where export files live: in the database by default, or an S3-compatible bucket.

Every app host reaches the same database (and the same bucket), so a worker on one machine and
a web process on another agree on the file; nothing is kept on one host's disk.
`EXPORT_STORAGE_URL` chooses where new files go; each export keeps where its own went
(`Export.location`, NULL for the row itself), so files written before a change of setting
stay readable, and purgeable, until they expire. `bucket.py` imports boto3 (an optional
extra) only when a bucket is used.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from flask import current_app

from ..config_checks import parse_bucket_url
from . import bucket as s3
from .files import StorageError, StoredFile
from .models import Export

__all__ = ["StorageError", "StoredFile", "delete_files", "open_file", "save"]


def save(export: Export, data: bytes) -> dict[str, Any]:
    """Store `data` as `export`'s file where `EXPORT_STORAGE_URL` says; raise `StorageError`.

    Return the columns to write with the export's status (`data`, `location`, `size`).
    """
    bucket = parse_bucket_url(current_app.config.get("EXPORT_STORAGE_URL"))
    if bucket is None:
        return {"data": data, "location": None, "size": len(data)}
    name, prefix = bucket
    # A random part: ids can come back (SQLite) and two sites may share a prefix.
    unique = f"{export.id}-{secrets.token_hex(8)}"
    key = f"{prefix}{export.institution_id}/{unique}-{export.filename}"
    location = s3.put(name, key, data, export.content_type)
    return {"data": None, "location": location, "size": len(data)}


def open_file(export: Export) -> StoredFile | None:
    """Return `export`'s file to stream, or None when it is gone; raise `StorageError`."""
    if export.location is None:
        data = export.data
        return None if data is None else StoredFile([data], len(data))
    return s3.get(export.location)


def delete_files(locations: Iterable[str | None]) -> None:
    """Delete files kept in a bucket (missing ones count as deleted); raise `StorageError`."""
    wanted = sorted({location for location in locations if location})
    if wanted:
        s3.delete(wanted)
