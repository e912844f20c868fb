"""A small thread-safe least-recently-used map, for values a process keeps between requests."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class LRU:
    """At most `size` values by key; the least recently used goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable | None) -> Any:
        """Return the value under `key`, or None (also for a None key: nothing is kept)."""
        if key is None:
            return None
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable | None, value: Any) -> None:
        """Keep `value` under `key` (nothing for a None key)."""
        if key is None:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def cached(self, key: Hashable | None, compute: Callable[[], Any]) -> Any:
        """Return the value under `key`, computing and keeping it on a miss."""
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
