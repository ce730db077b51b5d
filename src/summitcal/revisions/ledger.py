"""The revision ledger: what each schedule's feed has published, whatever keeps it.

:class:`Ledger` is the interface the service and the CLI use, and :func:`open_ledger`
the one place that turns a setting (``--state``, ``--ledger``, ``LEDGER_DB``: a file
path, a ``sqlite:`` URL or a ``postgresql://`` URL, see :mod:`summitcal.state_url`) into
one: SQLite (:mod:`.sqlite_ledger`, its rows in :mod:`.sqlite_rows`, its schema versions
in :mod:`.migrations`), the default, or PostgreSQL for several app servers
(:mod:`.pg_ledger`, :mod:`.pg_rows`, :mod:`.pg_migrations`). The rules of publishing
are in :mod:`.plan` and the rows' values in :mod:`.row_values`, shared by both, and
``tests/ledger_contract.py`` is what any backend must pass.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from summitcal.errors import LedgerError
from summitcal.messages import N_, Message
from summitcal.model import Schedule
from summitcal.revisions.records import DEFAULT_RETENTION, Change, Release, Version
from summitcal.state_url import ServerUrl, locate
from summitcal.timerange import utc_stamp

__all__ = ["Ledger", "LedgerError", "LedgerNotFound", "TooSoon", "open_ledger"]


class TooSoon(LedgerError):
    """A publish less than a second after the schedule's last version: its version would
    be dated after the clock (an HTTP Last-Modified later than Date, which RFC 9110
    forbids). Nothing was written; publish again at ``retry_at`` (at most a second on)."""

    def __init__(
        self, where: str | os.PathLike[str], schedule_id: str, version: int, retry_at: datetime
    ) -> None:
        self.schedule_id = schedule_id
        self.version = version  # the version it would have published
        self.retry_at = retry_at  # aware, UTC, whole seconds
        super().__init__(
            N_(
                "{ledger}: {id} was published less than a second ago; version {version} "
                "would be dated after the clock, so nothing was written; publish again at "
                "{when}",
                ledger=str(where),
                id=repr(schedule_id),
                version=version,
                when=utc_stamp(retry_at),
            )
        )


class LedgerNotFound(LedgerError):
    """No ledger is there: never made (and not to be, ``create=False``), or deleted while
    in use. The message is for the service; the CLI says "no such ledger" instead."""


class Ledger(Protocol):
    """What the service and the CLI need of a ledger, whatever keeps it."""

    def publish(
        self,
        schedule: Schedule,
        *,
        still_current: Callable[[], bool] | None = None,
        wait: bool = True,
    ) -> Release | None:
        """Record ``schedule`` as published; its release. ``still_current`` is asked
        once the write lock is held: False (the file changed meanwhile) writes nothing
        and returns None, so a slow reader never publishes an older version.

        A version is dated now, at least a second after the one before and never after
        the clock: one that would come sooner is published once its second has come
        (``wait``, the lock released meanwhile), or with ``wait=False`` not at all:
        :class:`TooSoon` says when to try again."""
        ...

    def release(self, schedule_id: str) -> Release | None:
        """The schedule's feed as last published, or None if never published."""
        ...

    def pending(self, schedule: Schedule) -> tuple[Change, ...]:
        """What publishing ``schedule`` now would change; nothing is written."""
        ...

    def versions(self) -> dict[str, int]:
        """Every schedule's current version number."""
        ...

    def history(self, schedule_id: str) -> list[Version]:
        """Every version of the schedule, newest first."""
        ...

    def changed(self) -> bool:
        """Whether someone else has written since this process last asked (cheap: it
        is asked on every request). A server's ledger may hear of a write a moment after
        its commit (PostgreSQL's NOTIFY: milliseconds). Raises LedgerError if the ledger
        can no longer be used (its file replaced)."""
        ...

    def check(self) -> None:
        """Open the ledger now (making it if it may, upgrading an older schema) and
        check it: LedgerError (:class:`LedgerNotFound` if there is none) if it cannot
        be used. A process checks before it forks its workers."""
        ...

    def close(self) -> None:
        """Let go of this thread's connection (the next call opens another): before a
        fork, since a connection must not cross into a child process."""
        ...


# Publishes that wait for their second before giving up (others publishing the same
# schedule at once), in every backend.
PUBLISH_ATTEMPTS = 10


def publish_retrying(
    publish_once: Callable[[], Release | None],
    *,
    wait: bool,
    clock: Callable[[], datetime],
    sleep: Callable[[float], object],
) -> Release | None:
    """``publish_once()``, tried again after the second a :class:`TooSoon` names while
    ``wait`` (up to :data:`PUBLISH_ATTEMPTS` tries): the retry every backend shares."""
    for attempt in range(1, PUBLISH_ATTEMPTS + 1):
        try:
            return publish_once()
        except TooSoon as soon:
            if not wait or attempt == PUBLISH_ATTEMPTS:
                raise
            sleep(max(0.0, (soon.retry_at - clock()).total_seconds()) + 0.001)
    raise AssertionError("unreachable")  # pragma: no cover


def warn_if_behind(
    where: object, now: datetime, schedule_id: str, version: int, dated: datetime
) -> None:
    """Logs that this machine's clock is behind a schedule's last version, when it is."""
    if dated > now:
        logging.getLogger("summitcal.revisions.ledger").warning(
            "%s: the clock (%s) is behind %r's last version: version %d is dated %s, a "
            "second after it",
            where,
            utc_stamp(now),
            schedule_id,
            version,
            utc_stamp(dated),
        )


def unpublishable(where: object, schedule_id: str, error: object) -> Message:
    """The message for a schedule no ledger could take, whatever its backend."""
    return N_(
        "{ledger}: {id} cannot be published: {reason}; nothing was written (the ledger is as "
        "it was)",
        ledger=str(where),
        id=repr(schedule_id),
        reason=str(error),
    )


def utc_now() -> datetime:
    """The ledgers' default clock: to the microsecond, so a wait ends as soon as it can."""
    return datetime.now(UTC)


def open_ledger(
    url: str | os.PathLike[str],
    *,
    retention: timedelta = DEFAULT_RETENTION,
    clock: Callable[[], datetime] = utc_now,
    sleep: Callable[[float], None] = time.sleep,
    create: bool = True,
    upgrade: bool = True,
) -> Ledger:
    """The ledger ``url`` names: a file path, ``sqlite:///absolute/path`` or
    ``sqlite:relative/path`` (an ``os.PathLike`` is always a path), or a PostgreSQL
    database, ``postgresql://user@host/database``. Any other scheme is refused with
    :class:`~summitcal.state_url.StateUrlError` (exit status 1), a PostgreSQL URL libpq
    cannot read with :class:`~summitcal.state_url.ServerUrlError` (exit status 3).

    ``retention``: how long a removed or cancelled event stays in the feed, cancelled.
    ``clock`` dates versions and ``sleep`` waits for a version's second (a test's clock
    gives both). ``create=False``: a ledger that is not there is :class:`LedgerNotFound`,
    never made new (a worker started after the service checked its ledger, or a command
    that only reads). ``upgrade=False`` (a command that only reads): a ledger of an
    older schema is read as it is where it can be, not upgraded. Nothing is opened until
    the first call (or :meth:`Ledger.check`).
    """
    where = locate(url, N_("the revision ledger"))
    if isinstance(where, ServerUrl):
        from summitcal.revisions.pg_ledger import PostgresLedger  # it imports this module

        return PostgresLedger(
            where, retention=retention, clock=clock, sleep=sleep, create=create, upgrade=upgrade
        )
    from summitcal.revisions.sqlite_ledger import SqliteLedger  # it imports this module

    return SqliteLedger(
        where, retention=retention, clock=clock, sleep=sleep, create=create, upgrade=upgrade
    )
