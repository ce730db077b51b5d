"""Hearing of other servers' publishes to a PostgreSQL ledger, for ``changed()``.

Each publish that writes a version ``NOTIFY``s :data:`CHANNEL` as it commits. A
:class:`Hearing` ``LISTEN``s on a connection of its own (``application_name``
:data:`LISTENER_NAME`) and reads what arrived without waiting, so asking costs no round
trip; it asks the server something once every ``poll_seconds`` all the same, since a
server gone shows only on a query. When that connection is lost it says "news" (what was
said meanwhile is lost) and listens again at once; when the server refuses ``LISTEN`` (a
pooler that does not pass it on) it polls the versions at most every ``poll_seconds``,
and tries to listen again every :data:`RELISTEN` seconds. A server that cannot be
reached is the ledger's error (``unreachable``), which also lets it rest.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg

from summitcal.errors import LedgerError
from summitcal.state_url import ServerUrl

__all__ = ["CHANNEL", "LISTENER_NAME", "RELISTEN", "Hearing"]

log = logging.getLogger("summitcal.revisions.ledger")

CHANNEL = "summitcal_ledger"  # NOTIFY'd with "schedule-id version" by each publish
LISTENER_NAME = "summitcal-listener"  # the listening connection's application_name
RELISTEN = 5.0  # seconds between attempts to LISTEN again when the server refused it

Connection = psycopg.Connection[tuple[Any, ...]]


class Hearing:
    """One process's ear on the ledger. ``poll`` reads a stamp of every schedule's
    version (for when it cannot listen); ``unreachable`` turns a connection's error into
    the ledger's (and lets the server rest); ``said`` is an error's text without the
    password. Thread-safe."""

    def __init__(
        self,
        server: ServerUrl,
        *,
        connect_timeout: int,
        poll_seconds: float,
        poll: Callable[[], tuple[int, int]],
        unreachable: Callable[[psycopg.Error], LedgerError],
        said: Callable[[BaseException], str],
    ) -> None:
        self.server = server
        self.connect_timeout = connect_timeout
        self.poll_seconds = poll_seconds
        self._poll = poll
        self._unreachable = unreachable
        self._said = said
        self._lock = threading.Lock()
        self._listener: Connection | None = None
        self._relisten_at = 0.0
        self._checked_at = 0.0  # when the listener or the poll last asked the server
        self._stamp: tuple[int, int] | None = None  # the poll's last stamp

    def heard(self) -> bool:
        """Whether a publish was heard of since the last call, or may have been missed."""
        with self._lock:
            return self._heard()

    def close(self) -> None:
        """Close the listening connection (the next call listens again)."""
        with self._lock:
            self._drop_listener()

    def forget(self) -> None:
        """Let go of a connection made before a fork, without closing it: it is the
        parent's, and closing it from here would end the parent's session."""
        with self._lock:
            self._listener = None

    def _heard(self) -> bool:
        now = time.monotonic()
        missed = False
        if self._listener is None and now >= self._relisten_at:
            missed = self._listen()
        listener = self._listener
        if listener is not None:
            try:
                heard = any(True for _ in listener.notifies(timeout=0))
                if now - self._checked_at >= self.poll_seconds:
                    self._checked_at = now
                    listener.execute("SELECT 1")
                    heard = any(True for _ in listener.notifies(timeout=0)) or heard
                return heard or missed
            except psycopg.Error as error:
                log.warning(
                    "%s: stopped listening for publishes (%s)", self.server, self._said(error)
                )
                self._drop_listener()
                self._listen()  # at once: a restarted server takes it; one gone says so
                return True  # what was said meanwhile is lost: take it that something was
        if now - self._checked_at < self.poll_seconds:
            return missed
        self._checked_at = now
        stamp = self._poll()
        news, self._stamp = stamp != self._stamp, stamp
        return news or missed

    def _listen(self) -> bool:
        """Start listening; True when it did (and so may have missed a publish), False
        when the server refuses ``LISTEN``. A server that cannot be reached raises."""
        self._relisten_at = time.monotonic() + RELISTEN
        try:
            listener: Connection = psycopg.connect(
                self.server.url,
                autocommit=True,
                connect_timeout=self.connect_timeout,
                application_name=LISTENER_NAME,
            )
        except psycopg.Error as error:
            raise self._unreachable(error) from None
        try:
            listener.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            listener.close()
            log.warning(
                "%s: cannot listen for publishes (%s); asking every %g s instead",
                self.server,
                self._said(error),
                self.poll_seconds,
            )
            return False
        self._listener = listener
        self._checked_at = time.monotonic()
        return True

    def _drop_listener(self) -> None:
        listener, self._listener = self._listener, None
        self._relisten_at = time.monotonic()
        if listener is not None:
            with contextlib.suppress(psycopg.Error):  # already gone
                listener.close()
