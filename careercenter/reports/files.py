"""A stored export file as the download sends it, and the error a file store raises."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


class StorageError(Exception):
    """The file store failed; the message is fit to show the person who asked."""


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class StoredFile:
    """A file to send, chunk by chunk; `close()` releases its connection, read or not."""

    chunks: Iterable[bytes]
    size: int
    close: Callable[[], None] = _nothing
