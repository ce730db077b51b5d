"""A publish that costs what changed decides exactly what a whole comparison decides.

``plan(..., known)`` passes over an event that is the one its row was planned from
(:class:`summitcal.revisions.plan.Known`); the ledgers keep the rows and ``known`` of
the schedules they last wrote (:mod:`summitcal.revisions.kept`). Here every step of a
generated history of edits is planned both ways and the plans compared field by field,
and two ledger objects on one file take turns publishing, each one's kept rows never
hiding the other's versions.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcal.ical import calendar_bytes
from summitcal.model import Event, Schedule, Status, Texts
from summitcal.revisions import open_ledger
from summitcal.revisions.plan import Known, plan
from summitcal.revisions.records import DEFAULT_RETENTION, EventRow
from summitcal.schedule_file import read_schedule
from summitcal.tzdb import load

from conftest import EXAMPLE, Clock

IDS = ["summit-meeting", "joint-statement", "press-conference", "luncheon", "extra"]
ACTIONS = [
    "move",
    "retitle",
    "translate",
    "cancel",
    "remove",
    "restore",
    "rezone",  # the same instants in another zone of the same offset
    "follow",
    "unfollow",
    "home-name",  # the schedule's context: what every VEVENT shows of it
    "domain",
    "nothing",
    "wait",  # the retention period passes: removed and cancelled events leave
]
edits = st.lists(
    st.tuples(st.sampled_from(IDS), st.sampled_from(ACTIONS), st.integers(-90, 90)),
    min_size=1,
    max_size=14,
)


def _edited(
    schedule: Schedule, current: dict[str, Event], original: dict[str, Event], edit: tuple
) -> Schedule:
    event_id, action, minutes = edit
    event = current.get(event_id)
    if action == "restore" and event_id in original:
        current[event_id] = original[event_id]
    elif action == "remove":
        current.pop(event_id, None)
    elif event is not None:
        if action == "move":
            shift = timedelta(minutes=minutes)
            current[event_id] = replace(event, start=event.start + shift, end=event.end + shift)
        elif action == "retitle":
            current[event_id] = replace(event, title=f"Retitled {minutes}")
        elif action == "translate":
            texts = Texts.of({"ja": {"title": f"会談 {minutes}"}})
            current[event_id] = replace(event, texts=texts)
        elif action == "cancel":
            current[event_id] = replace(event, status=Status.CANCELLED)
        elif action == "rezone":
            bogota = load("America/Bogota")
            current[event_id] = replace(
                event, start=event.start.astimezone(bogota), end=event.end.astimezone(bogota)
            )
        elif action == "follow":
            others = sorted(set(current) - {event_id})
            if others:
                current[event_id] = replace(event, follows=others[minutes % len(others)])
        elif action == "unfollow":
            current[event_id] = replace(event, follows=None)
    if action == "home-name":
        schedule = replace(schedule, home_zone_name=f"Home {minutes}")
    elif action == "domain":
        schedule = replace(schedule, uid_domain=f"d{minutes}.example.org")
    ids = set(current)
    events = [
        e if e.follows in ids or e.follows is None else replace(e, follows=None)
        for e in current.values()
    ]
    # Each version's events made anew, as a file read again makes them: equal, not the same.
    return replace(schedule, events=tuple(replace(e) for e in events))


def _example() -> tuple[Schedule, dict[str, Event]]:
    example = read_schedule(EXAMPLE)
    first = example.events[0]
    start = first.start + timedelta(days=1)
    extra = replace(
        first, id="extra", title="Extra", start=start, end=start + timedelta(hours=1), follows=None
    )
    events = {e.id: e for e in (*example.events, extra)}
    return replace(example, events=tuple(events.values())), events


@given(edits)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_plan_given_what_the_last_left_is_the_plan_without_it(
    steps: list[tuple[str, str, int]],
) -> None:
    schedule, original = _example()
    current = dict(original)
    now = datetime(2024, 11, 17, 12, tzinfo=UTC)
    rows: dict[str, EventRow] = {}
    head = None
    known: Known | None = None
    for step in [("extra", "nothing", 0), *steps]:
        now += timedelta(days=40) if step[1] == "wait" else timedelta(minutes=5)
        schedule = _edited(schedule, current, original, step)
        quick = plan(head, rows, schedule, now, DEFAULT_RETENTION, known)
        whole = plan(head, rows, schedule, now, DEFAULT_RETENTION)
        assert quick.schedule == whole.schedule
        assert dict(quick.events) == dict(whole.events)
        assert quick.written == whole.written and quick.changes == whole.changes
        assert quick.retry_at == whole.retry_at
        head, rows, known = quick.schedule, dict(quick.events), quick.known


@given(edits)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_ledgers_taking_turns_on_one_file_never_serve_a_version_they_did_not_read(
    tmp_path_factory: object, steps: list[tuple[str, str, int]]
) -> None:
    folder = tmp_path_factory.mktemp("turns")  # type: ignore[attr-defined]
    clock = Clock()
    path = Path(folder) / "ledger.sqlite3"
    ledgers = [open_ledger(path, clock=clock, sleep=clock.sleep) for _ in range(2)]
    schedule, original = _example()
    current = dict(original)
    try:
        for number, step in enumerate([("extra", "nothing", 0), *steps]):
            clock.advance(days=40) if step[1] == "wait" else clock.advance(minutes=5)
            schedule = _edited(schedule, current, original, step)
            ledgers[number % 2].publish(schedule)
            fresh = open_ledger(path, clock=clock, sleep=clock.sleep)
            truth = fresh.release(schedule.id)
            fresh.close()
            assert truth is not None
            expected = calendar_bytes(truth.schedule, stamps=truth.stamps)
            for ledger in ledgers:  # the one that published, and the one that did not
                seen = ledger.release(schedule.id)
                assert seen is not None and seen.version == truth.version
                assert calendar_bytes(seen.schedule, stamps=seen.stamps) == expected
    finally:
        for ledger in ledgers:
            ledger.close()


def test_an_event_equal_to_its_last_version_is_written_alike_after_parts_are_dropped() -> None:
    """The plan passes over an event equal to its row's; that is right only if equal
    events are written alike (GEO -0.0 equals 0.0: one form of it), also when the
    kept parts were dropped in between (200,000 others rendered since)."""
    from summitcal.ical.feed import clear_parts
    from summitcal.model import Location

    lima = load("America/Lima")
    start = datetime(2024, 11, 17, 10, tzinfo=lima)

    def schedule(geo: tuple[float, float]) -> Schedule:
        event = Event("e", "Meeting", start, start + timedelta(hours=1))
        event = replace(event, location=Location("Plaza", geo))
        return Schedule("s", "T", lima, load("Asia/Tokyo"), (event,))

    now = datetime(2024, 11, 17, 12, tzinfo=UTC)
    first = plan(None, {}, schedule((0.0, -77.0)), now, DEFAULT_RETENTION)
    clear_parts()
    later, rows = now + timedelta(minutes=5), dict(first.events)
    quick = plan(
        first.schedule, rows, schedule((-0.0, -77.0)), later, DEFAULT_RETENTION, first.known
    )
    whole = plan(first.schedule, rows, schedule((-0.0, -77.0)), later, DEFAULT_RETENTION)
    assert quick.changes == whole.changes == ()
