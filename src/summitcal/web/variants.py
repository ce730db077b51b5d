"""Renderings derived from a served schedule (a filtered feed, one event, its history),
made once per version of the schedule and kept among the most recently used."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

__all__ = ["VariantCache"]


class VariantCache:
    """Thread-safe, least recently used first out, at most ``size`` renderings.

    A rendering is keyed by the schedule's content (its feed's bytes and every
    language's text: ``Published.content``), so a new version of the schedule, or of
    one of its translations, never gets an old rendering, and the old ones age out."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._bodies: OrderedDict[tuple[str, Hashable], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: str, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """The rendering ``key`` of the schedule whose feed's ETag is ``version``; made by
        ``render`` (outside the lock: two threads may both make it, once) if not kept."""
        cache_key = (version, key)
        with self._lock:
            if cache_key in self._bodies:
                self._bodies.move_to_end(cache_key)
                return self._bodies[cache_key]
        body = render()
        with self._lock:
            self._bodies[cache_key] = body
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)
        return body

    def __len__(self) -> int:
        with self._lock:
            return len(self._bodies)
