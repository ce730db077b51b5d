"""What any ledger backend must do, written against the ``Ledger`` protocol only.

A backend is a :class:`Backend`: a name, and how to make the URL of a new, empty ledger
(given the test's request, for a server fixture, and a folder of its own).
``tests/test_ledger_contract.py`` runs :class:`LedgerContract` against every backend in
its list: SQLite, and PostgreSQL (a new database of a real server per call). Nothing
here knows either: ledgers are made with ``open_ledger`` and used through the protocol,
and closed when the test ends. What only SQLite does (its file deleted or replaced, WAL,
a full disk) is tested in ``test_revisions.py`` and ``test_ledger_faults.py``; what only
PostgreSQL does in ``test_pg_ledger.py``. It is one module, over 400 lines, on purpose: the contract
is one list a new backend passes or does not.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcal.ical import calendar_bytes
from summitcal.model import Event, Location, Schedule, Status
from summitcal.revisions import (
    ChangeKind,
    Ledger,
    LedgerNotFound,
    TooSoon,
    describe_change,
    open_ledger,
)
from summitcal.schedule_file import parse_schedule

from conftest import Clock

__all__ = ["Backend", "LedgerContract", "field", "vevents"]


@dataclass(frozen=True)
class Backend:
    name: str
    # (the test's request, a folder of its own) → the URL of a new, empty ledger
    new_url: Callable[[pytest.FixtureRequest, Path], str]


Opener = Callable[..., Ledger]  # (url=None, **open_ledger's options) → a ledger


def vevents(feed: bytes) -> dict[str, bytes]:
    """Event id → its VEVENT's bytes."""
    found = {}
    for block in feed.split(b"BEGIN:VEVENT")[1:]:
        uid = re.search(rb"UID:([^.]+)\.", block)
        assert uid is not None
        found[uid.group(1).decode()] = block.split(b"END:VEVENT")[0]
    return found


def field(vevent: bytes, name: str) -> str:
    found = re.search(rb"\r\n" + name.encode() + rb"[:;]([^\r]*)", vevent)
    assert found is not None, name
    return found.group(1).decode()


def moved(schedule: Schedule, event_id: str, minutes: int) -> Schedule:
    shift = timedelta(minutes=minutes)
    return replace(
        schedule,
        events=tuple(
            replace(e, start=e.start + shift, end=e.end + shift) if e.id == event_id else e
            for e in schedule.events
        ),
    )


def feed_of(ledger: Ledger, schedule_id: str) -> bytes:
    release = ledger.release(schedule_id)
    assert release is not None
    return calendar_bytes(release.schedule, stamps=release.stamps)


def heard(ledger: Ledger, within: float = 5.0) -> bool:
    """Whether ``changed()`` says True within ``within`` seconds: SQLite says so at
    once; PostgreSQL hears a NOTIFY a moment after the other's commit (milliseconds)."""
    deadline = time.monotonic() + within
    while not ledger.changed():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def _without_dangling(events: list[Event]) -> list[Event]:
    ids = {e.id for e in events}
    return [
        e if e.follows in ids or e.follows is None else replace(e, follows=None) for e in events
    ]


def _content(vevent: bytes) -> bytes:
    """The VEVENT without what the ledger numbers and dates."""
    stamped = (b"SEQUENCE:", b"DTSTAMP:", b"CREATED:", b"LAST-MODIFIED:")
    return b"".join(line for line in vevent.split(b"\r\n") if not line.startswith(stamped))


_edits = st.lists(
    st.tuples(
        st.sampled_from(["summit-meeting", "joint-statement", "press-conference", "luncheon"]),
        st.sampled_from(["move", "retitle", "cancel", "remove", "restore", "shuffle", "nothing"]),
        st.integers(min_value=-90, max_value=90),
    ),
    min_size=1,
    max_size=12,
)


class LedgerContract:
    """The tests; a subclass in a test module runs them with its ``backend`` fixture."""

    @pytest.fixture
    def new_url(
        self,
        backend: Backend,
        request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory,
    ) -> Callable[[], str]:
        """A new, empty ledger's URL at each call."""
        return lambda: backend.new_url(request, tmp_path_factory.mktemp(backend.name))

    @pytest.fixture
    def opener(self, new_url: Callable[[], str], clock: Clock) -> Iterator[Opener]:
        """Open the ledger at ``url`` (default: a new one) on the test's clock; every
        ledger opened is closed when the test ends."""
        opened: list[Ledger] = []

        def open_it(url: str | None = None, **options: Any) -> Ledger:
            options = {"clock": clock, "sleep": clock.sleep, **options}
            opened.append(open_ledger(url or new_url(), **options))
            return opened[-1]

        yield open_it
        for ledger in opened:
            ledger.close()

    # -- a new ledger, a first publish, reading it back ---------------------------------

    def test_a_new_ledger_has_published_nothing(self, opener: Opener, example: Schedule) -> None:
        ledger = opener()
        ledger.check()
        assert ledger.versions() == {}
        assert ledger.release(example.id) is None
        assert ledger.history(example.id) == []
        pending = ledger.pending(example)
        assert [(c.kind, c.event_id) for c in pending] == [
            (ChangeKind.ADDED, e.id) for e in example.events
        ]
        assert ledger.versions() == {}, "pending writes nothing"

    def test_a_ledger_that_is_not_there_is_not_made_without_create(
        self, opener: Opener, new_url: Callable[[], str], example: Schedule
    ) -> None:
        url = new_url()
        with pytest.raises(LedgerNotFound):
            opener(url, create=False).check()
        opener(url).publish(example)
        assert opener(url, create=False).versions() == {example.id: 1}

    def test_a_first_publish_and_an_unchanged_one(
        self, opener: Opener, example: Schedule, clock: Clock
    ) -> None:
        ledger = opener()
        first = ledger.publish(example)
        assert first is not None and first.version == 1
        assert first.modified == clock.now
        assert {key: stamp.sequence for key, stamp in first.stamps.items()} == dict.fromkeys(
            (e.id for e in example.events), 0
        )
        assert {stamp.created for stamp in first.stamps.values()} == {clock.now}
        assert {stamp.modified for stamp in first.stamps.values()} == {clock.now}
        (version,) = ledger.history(example.id)
        assert (version.schedule_id, version.version, version.published) == (
            example.id,
            1,
            clock.now,
        )
        assert [c.kind for c in version.changes] == [ChangeKind.ADDED] * len(example.events)
        clock.advance(hours=1)
        assert ledger.publish(example) == first, "nothing changed: the same release"
        assert ledger.pending(example) == ()
        assert ledger.versions() == {example.id: 1}
        assert [v.version for v in ledger.history(example.id)] == [1]

    def test_another_opening_reads_what_was_published(
        self, opener: Opener, new_url: Callable[[], str], example: Schedule, clock: Clock
    ) -> None:
        url = new_url()
        ledger = opener(url)
        ledger.publish(example)
        other = replace(example, id="other-visit", title="Other visit")
        clock.advance(minutes=1)
        ledger.publish(other)
        ledger.close()
        again = opener(url)  # another process, or this one after a restart
        assert again.versions() == {example.id: 1, other.id: 1}
        release = again.release(example.id)
        assert release is not None and release.schedule.title == example.title
        assert feed_of(again, example.id) == feed_of(ledger, example.id)  # reopened after close

    def test_pending_says_what_a_publish_would_change_and_writes_nothing(
        self, opener: Opener, example: Schedule, clock: Clock
    ) -> None:
        ledger = opener()
        ledger.publish(example)
        before = feed_of(ledger, example.id)
        clock.advance(minutes=5)
        later = moved(example, "luncheon", 15)
        (change,) = ledger.pending(later)
        assert (change.kind, change.event_id, change.sequence) == (
            ChangeKind.CHANGED,
            "luncheon",
            1,
        )
        assert ledger.versions() == {example.id: 1}
        assert feed_of(ledger, example.id) == before
        release = ledger.publish(later)
        assert release is not None and release.version == 2
        assert ledger.history(example.id)[0].changes == (change,)

    def test_still_current_is_asked_once_and_false_writes_nothing(
        self, opener: Opener, example: Schedule, clock: Clock
    ) -> None:
        ledger = opener()
        ledger.publish(example)
        clock.advance(minutes=5)
        asked: list[bool] = []

        def stale() -> bool:
            asked.append(False)
            return False

        assert ledger.publish(moved(example, "luncheon", 15), still_current=stale) is None
        assert asked == [False]
        assert ledger.versions() == {example.id: 1}
        assert [v.version for v in ledger.history(example.id)] == [1]
        current = ledger.publish(moved(example, "luncheon", 15), still_current=lambda: True)
        assert current is not None and current.version == 2

    def test_changed_says_when_someone_else_has_written(
        self, opener: Opener, new_url: Callable[[], str], example: Schedule, clock: Clock
    ) -> None:
        url = new_url()
        ours, theirs = opener(url), opener(url)
        ours.check()
        assert ours.changed() is True  # the first time: others may have written already
        assert ours.changed() is False
        theirs.publish(example)
        assert heard(ours)
        assert ours.changed() is False
        assert ours.versions() == {example.id: 1}
        clock.advance(minutes=1)
        theirs.publish(moved(example, "luncheon", 5))
        assert heard(ours)
        assert ours.versions() == {example.id: 2}
        assert ours.changed() is False
        time.sleep(0.2)  # nothing more to hear, however long it is asked
        assert ours.changed() is False

    # -- the rules of publishing, with a clock the test moves --------------------------

    def test_removed_events_leave_after_the_retention_period(
        self, opener: Opener, example: Schedule, clock: Clock
    ) -> None:
        ledger = opener()
        ledger.publish(example)
        clock.advance(hours=1)
        fewer = replace(example, events=tuple(e for e in example.events if e.id != "luncheon"))
        release = ledger.publish(fewer)
        assert release is not None and release.schedule.event("luncheon").status is Status.CANCELLED
        assert release.expires == clock.now + timedelta(days=30)
        clock.advance(days=29, hours=23)
        still = ledger.publish(fewer)
        assert still is not None and "luncheon" in still.stamps
        clock.advance(hours=1)
        gone = ledger.publish(fewer)
        assert gone is not None and "luncheon" not in gone.stamps
        assert b"UID:luncheon." not in calendar_bytes(gone.schedule, stamps=gone.stamps)
        assert ledger.history(example.id)[0].changes[0].kind is ChangeKind.EXPIRED
        # Back in the file a year later: restored, its SEQUENCE continuing, never reset.
        clock.advance(days=365)
        back = ledger.publish(example)
        assert back is not None and back.stamps["luncheon"].sequence == 2

    def test_a_cancelled_event_leaves_after_the_retention_period_too(
        self, opener: Opener, example: Schedule, clock: Clock
    ) -> None:
        ledger = opener(retention=timedelta(days=7))
        ledger.publish(example)
        clock.advance(hours=1)
        cancelled = replace(
            example,
            events=tuple(
                replace(e, status=Status.CANCELLED) if e.id == "luncheon" else e
                for e in example.events
            ),
        )
        first = ledger.publish(cancelled)
        assert first is not None and first.stamps["luncheon"].sequence == 1
        clock.advance(days=7)
        later = ledger.publish(cancelled)
        assert later is not None and "luncheon" not in later.stamps
        clock.advance(days=1)
        assert ledger.publish(cancelled) == later  # still cancelled: stays out, no new version

    def test_time_never_runs_backwards_in_the_ledger(
        self, opener: Opener, example: Schedule, clock: Clock
    ) -> None:
        ledger = opener()
        ledger.publish(example)
        clock.advance(days=-3)  # the machine's clock set back
        release = ledger.publish(moved(example, "luncheon", 10))
        assert release is not None
        # A second after the previous version, never before it.
        assert release.stamps["luncheon"].modified == datetime(2024, 11, 17, 12, 0, 1, tzinfo=UTC)

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(edits=_edits)
    def test_sequence_never_goes_down_and_never_skips(
        self, new_url: Callable[[], str], example: Schedule, edits: list[tuple[str, str, int]]
    ) -> None:
        clock = Clock()  # one per example: the fixture's would carry over
        ledger = open_ledger(new_url(), clock=clock, sleep=clock.sleep)
        ledger.publish(example)
        current: dict[str, Event] = {e.id: e for e in example.events}
        original = dict(current)
        seen = dict.fromkeys(current, 0)
        for event_id, action, minutes in edits:
            clock.advance(minutes=5)
            if action == "move" and event_id in current:
                shift = timedelta(minutes=minutes)
                current[event_id] = replace(
                    current[event_id],
                    start=current[event_id].start + shift,
                    end=current[event_id].end + shift,
                )
            elif action == "retitle" and event_id in current:
                current[event_id] = replace(current[event_id], title=f"Retitled {minutes}")
            elif action == "cancel" and event_id in current:
                current[event_id] = replace(current[event_id], status=Status.CANCELLED)
            elif action == "remove":
                current.pop(event_id, None)
            elif action == "restore":
                current[event_id] = original[event_id]
            events = list(current.values())
            if action == "shuffle":
                events.reverse()
            schedule = replace(example, events=tuple(_without_dangling(events)))
            before = vevents(feed_of(ledger, example.id))
            release = ledger.publish(schedule)
            assert release is not None
            after = vevents(calendar_bytes(release.schedule, stamps=release.stamps))
            for stamped_id, stamp in release.stamps.items():
                assert stamp.sequence in (seen[stamped_id], seen[stamped_id] + 1), "never skips"
                was = before.get(stamped_id)
                changed = was is None or _content(was) != _content(after[stamped_id])
                assert (stamp.sequence > seen[stamped_id]) == changed, (stamped_id, action)
                if not changed:
                    assert after[stamped_id] == was, "an unchanged event keeps its bytes"
                seen[stamped_id] = stamp.sequence
            if action in ("shuffle", "nothing"):
                assert after == before, "the order of events in the file is no change"
        ledger.close()

    def test_each_version_is_modified_a_second_after_the_last(
        self, opener: Opener, example: Schedule, clock: Clock
    ) -> None:
        """Two versions within one second must not share Last-Modified (a client asking
        If-Modified-Since the first would be told the second is not newer), nor may the
        second be dated after the clock: it waits for its second, or says when it may come."""
        ledger = opener()
        first = ledger.publish(example)
        clock.advance(seconds=0.4)
        with pytest.raises(TooSoon) as soon:
            ledger.publish(moved(example, "luncheon", 10), wait=False)
        assert first is not None and soon.value.retry_at == first.modified + timedelta(seconds=1)
        assert soon.value.version == 2 and ledger.versions() == {example.id: 1}  # nothing written
        second = ledger.publish(moved(example, "luncheon", 10))  # waits (the lock released)
        assert second is not None and second.modified == first.modified + timedelta(seconds=1)
        assert second.modified <= clock.now

    def test_events_at_the_same_time_render_the_same_in_every_process(
        self, opener: Opener, new_url: Callable[[], str], write_schedule: Callable[..., Path]
    ) -> None:
        """Two events with the same start: the publishing process and any other reading the
        ledger give the same bytes (one order, whatever the file's)."""
        path = write_schedule(
            '[[events]]\nid = "zeta"\ntitle = "Zeta"\nstart = 2024-11-17T10:00:00\nduration = 30\n'
            '[[events]]\nid = "alpha"\ntitle = "Alpha"\nstart = 2024-11-17T10:00:00\nduration = 30\n'
        )
        schedule = parse_schedule(path.read_text(encoding="utf-8"), str(path))
        url = new_url()
        published = opener(url).publish(schedule)
        read_back = opener(url).release(schedule.id)
        assert published is not None and read_back is not None
        assert calendar_bytes(published.schedule, stamps=published.stamps) == calendar_bytes(
            read_back.schedule, stamps=read_back.stamps
        )
        assert [e.id for e in read_back.schedule.events] == ["alpha", "zeta"]

    # -- the history, in words ----------------------------------------------------------

    @pytest.mark.parametrize(
        ("minutes", "expected"),
        [
            (15, "moved from 12:45 to 13:00 Lima time (2:45 to 3:00 on 18 November in Tokyo)"),
            (
                -180,
                "moved from 12:45 to 9:45 Lima time "
                "(2:45 on 18 November to 23:45 on 17 November in Tokyo)",
            ),
            (
                -780,
                "moved from 12:45 on 17 November to 23:45 on 16 November Lima time "
                "(2:45 on 18 November to 13:45 on 17 November in Tokyo)",
            ),
        ],
    )
    def test_moves_in_words(
        self, opener: Opener, example: Schedule, minutes: int, expected: str
    ) -> None:
        ledger = opener()
        ledger.publish(example)
        ledger.publish(moved(example, "luncheon", minutes))
        (change,) = ledger.history(example.id)[0].changes
        assert (
            describe_change(change, "Asia/Tokyo")
            == f"“Luncheon hosted by President Boluarte”: {expected}"
        )

    def test_words_without_a_second_zone_and_for_a_new_place(
        self, opener: Opener, example: Schedule
    ) -> None:
        local = replace(example, home_zone=example.zone)
        ledger = opener()
        ledger.publish(local)
        luncheon = local.event("luncheon")
        changed = replace(
            local,
            events=tuple(
                replace(e, end=e.end + timedelta(minutes=30), location=Location("Hotel Bolívar"))
                if e.id == "luncheon"
                else e
                for e in local.events
            ),
        )
        ledger.publish(changed)
        (change,) = ledger.history(local.id)[0].changes
        assert luncheon.location is None
        assert describe_change(change, local.home_zone.key) == (
            "“Luncheon hosted by President Boluarte”: now ends at 14:45 instead of 14:15 Lima "
            "time; place now given: “Hotel Bolívar”"
        )
