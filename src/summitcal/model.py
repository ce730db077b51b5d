"""The schedule of a visit: events with aware times, what they are, how sure their times are.

Frozen dataclasses; every time is an aware datetime in a ``zoneinfo`` zone. An event's
zone is the zone of its start; its end keeps a zone of its own (a flight lands in
another clock). Build them directly or load them with :mod:`summitcal.schedule_file`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_UID_DOMAIN",
    "DETAILS",
    "TEXT_FIELDS",
    "Certainty",
    "Detail",
    "Event",
    "Kind",
    "Location",
    "Schedule",
    "Status",
    "Texts",
    "start_of_day",
]

# The fields that may be given in several languages (an event's; a schedule's are
# title and description). The model holds the default language's text in the field
# itself and the other languages' in ``texts``.
TEXT_FIELDS = ("title", "description", "location")

# The domain in UIDs when a schedule names none: reserved (RFC 2606), so it can never
# clash with a real publisher's UIDs.
DEFAULT_UID_DOMAIN = "summitcal.invalid"
# A placeholder for fields made from others after construction (never seen).
_NO_TIME = datetime.min.replace(tzinfo=UTC)


class Kind(StrEnum):
    """What sort of event it is; the feed's CATEGORIES and the service's filters use it."""

    CEREMONY = "ceremony"
    MEETING = "meeting"
    PRESS_CONFERENCE = "press-conference"
    MEAL = "meal"
    SPEECH = "speech"
    VISIT = "visit"
    CALL = "call"
    TRAVEL = "travel"
    OTHER = "other"

    @property
    def label(self) -> str:
        """``Press conference``."""
        return self.value.replace("-", " ").capitalize()


class Status(StrEnum):
    """RFC 5545 event status."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class Certainty(StrEnum):
    """How sure a time is.

    ``EXACT``: stated ("commencing at 10:50 a.m."). ``APPROXIMATE``: stated with a hedge
    ("for approximately 70 minutes", "around 10:40"). ``NOT_ANNOUNCED``: not stated at
    all ("held afterwards"); the schedule then carries an estimate, shown as such.
    """

    EXACT = "exact"
    APPROXIMATE = "approximate"
    NOT_ANNOUNCED = "not-announced"


@dataclass(frozen=True, slots=True)
class Detail:
    """How one of an event's optional fields travels, declared beside the field.

    The schedule file's reader, the ledger's stored state, the JSON, the feed, the page
    and the change words all follow :data:`DETAILS`, so a new optional field is one line
    in :class:`Event` (``contact: str = field(default="", metadata=detail(...))``).

    ``default``: the value when a file leaves it out (and in a ledger written before the
    field existed), as written. ``choices``: the enum of its values (the default's
    type), None for text. ``paragraphs``: text that may hold line breaks. ``ical``: the
    VEVENT property it is written as, if any (a default value is left out, so a new
    field never changes an existing event's bytes). ``label``: how the
    change words name it ("details updated: url"; they are made again from the ledger
    whenever shown, so changing one rewords old history); empty where they say it in
    words of their own. ``page``: the heading it is shown under, below the event's title
    on the page; empty: not shown there.
    """

    name: str
    default: str
    choices: type[StrEnum] | None = None
    paragraphs: bool = False
    ical: str = ""
    label: str = ""
    page: str = ""

    def plain(self, value: object) -> str:
        """The value as the file, the JSON and the ledger write it."""
        return str(value.value) if isinstance(value, StrEnum) else str(value)

    def value(self, plain: object) -> Any:
        """The model's value from a plain one (the default for None)."""
        text = self.default if plain is None else str(plain)
        return self.choices(text) if self.choices is not None else text


def detail(
    *, paragraphs: bool = False, ical: str = "", label: str = "", page: str = ""
) -> dict[str, Any]:
    """The ``metadata`` of a dataclass field that is one of an event's :class:`Detail`."""
    return {"detail": {"paragraphs": paragraphs, "ical": ical, "label": label, "page": page}}


@dataclass(frozen=True, slots=True)
class Texts:
    """The text fields of an event or a schedule in languages other than its default:
    ``(language, field, text)`` triples, sorted, so that equal texts compare equal and
    hash. A language a field lacks falls back to the default's text (the field's own).

    >>> texts = Texts.of({"ja": {"title": "日・ペルー首脳会談"}})
    >>> texts.get("ja", "title"), texts.get("es", "title")
    ('日・ペルー首脳会談', None)
    """

    items: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def of(cls, by_language: Mapping[str, Mapping[str, str]]) -> Texts:
        return cls(
            tuple(
                sorted(
                    (language, name, text)
                    for language, fields_ in by_language.items()
                    for name, text in fields_.items()
                )
            )
        )

    def get(self, language: str, name: str) -> str | None:
        """The text of field ``name`` in ``language``, None if it has none of its own."""
        for item_language, item_name, text in self.items:
            if item_language == language and item_name == name:
                return text
        return None

    def by_language(self) -> dict[str, dict[str, str]]:
        """``{"ja": {"title": ...}}``, as the ledger stores it."""
        found: dict[str, dict[str, str]] = {}
        for language, name, text in self.items:
            found.setdefault(language, {})[name] = text
        return found

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event takes place; ``geo`` is (latitude, longitude) in degrees."""

    name: str
    geo: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.geo is not None:
            # -0.0 equals 0.0 but is written "-0.0": one form, so equal places are
            # written alike (an event compared equal to its last version is not rendered).
            latitude, longitude = self.geo
            object.__setattr__(self, "geo", (latitude + 0.0, longitude + 0.0))


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` on ``zone``'s clock: midnight, or the time the clocks
    jumped to where midnight was skipped (Havana's spring change is at 00:00)."""
    # fold=0 reads a skipped midnight on the offset before the jump: the instant of it.
    instant = datetime.combine(day, time(), zone).astimezone(UTC)
    return instant.astimezone(zone)


@dataclass(frozen=True, slots=True)
class Event:
    """One event. ``start`` is in the event's own zone, ``end`` in its end's zone (the
    same unless the event ends in another clock, like a flight).

    ``whole_days``: the event takes whole days of its zone's calendar (a summit's days,
    not its hours); ``start`` is then the first instant of the first day and ``end`` that
    of the day after the last (see :func:`start_of_day`), both in the event's zone.
    """

    id: str
    title: str
    start: datetime
    end: datetime
    # The rest by keyword only: an earlier order of them must fail loudly, not mean others.
    _: KW_ONLY
    location: Location | None = None
    follows: str | None = None  # id of the event this one is held after
    whole_days: bool = False
    # The place the file named for the start's and the end's zone ("Rio de Janeiro" for
    # America/Sao_Paulo), which the views call that clock; empty: the zone's own city.
    zone_name: str = ""
    end_zone_name: str = ""
    # The optional details, in the order the file reference, the JSON and the words use.
    kind: Kind = field(default=Kind.OTHER, metadata=detail(label="kind"))
    status: Status = field(default=Status.CONFIRMED, metadata=detail())  # worded in full
    start_certainty: Certainty = field(default=Certainty.EXACT, metadata=detail())
    end_certainty: Certainty = field(default=Certainty.EXACT, metadata=detail())
    description: str = field(default="", metadata=detail(paragraphs=True, label="description"))
    # What the source document states, in its words.
    source: str = field(default="", metadata=detail(paragraphs=True, label="source"))
    url: str = field(default="", metadata=detail(ical="url", label="url", page="URL"))
    # Whom the press asks about the event ("Press office, +51 1 204 2400").
    contact: str = field(
        default="", metadata=detail(ical="contact", label="contact", page="Contact")
    )
    # title, description and location in the schedule's other languages
    texts: Texts = field(default=Texts())
    # The zones and folds of start and end, compared too: aware datetimes in two zones
    # compare (and hash) as instants, and in one zone as wall times whatever their fold,
    # so without them an event moved to another zone of the same offset (Lima to Bogotá
    # in November), or to the other 02:30 of a night the clocks go back, would equal the
    # old one, and never be published.
    _clocks: tuple[str, str, int, int] = field(init=False, repr=False, default=("", "", 0, 0))
    # Start and end as UTC instants, then the id: a schedule's order, made once (sorting
    # thousands of events would otherwise convert every time twice on each sort).
    _order: tuple[datetime, datetime, str] = field(
        init=False, repr=False, compare=False, default=(_NO_TIME, _NO_TIME, "")
    )

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            moment: datetime = getattr(self, name)
            if not isinstance(moment.tzinfo, ZoneInfo):
                raise ValueError(f"event {self.id!r}: {name} must be aware, in a ZoneInfo zone")
            if moment.microsecond:
                raise ValueError(f"event {self.id!r}: {name} has fractions of a second")
        clocks = (self.zone.key, self.end_zone.key, self.start.fold, self.end.fold)
        object.__setattr__(self, "_clocks", clocks)
        # Compare instants: Python compares two times in the same zone by wall clock.
        start, end = self.start.astimezone(UTC), self.end.astimezone(UTC)
        object.__setattr__(self, "_order", (start, end, self.id))
        if end < start:
            raise ValueError(f"event {self.id!r}: end is before start")
        if self.whole_days:
            self._check_days()

    def _check_days(self) -> None:
        if self.end_zone.key != self.zone.key:
            raise ValueError(f"event {self.id!r}: whole days end in their own zone")
        for name, moment in (("start", self.start), ("end", self.end)):
            if moment != start_of_day(moment.date(), self.zone):
                raise ValueError(f"event {self.id!r}: a whole day's {name} must begin a day")
        if self.end.date() <= self.start.date():
            raise ValueError(f"event {self.id!r}: whole days end on a later day")

    def order(self) -> tuple[datetime, datetime, str]:
        """Where the event stands in a schedule: by start, then end (as instants),
        then id."""
        return self._order

    @property
    def zone(self) -> ZoneInfo:
        """The zone whose wall clock the event's times are given in."""
        assert isinstance(self.start.tzinfo, ZoneInfo)
        return self.start.tzinfo

    @property
    def end_zone(self) -> ZoneInfo:
        """The zone whose wall clock the end is given in (the event's, unless it ends
        in another clock)."""
        assert isinstance(self.end.tzinfo, ZoneInfo)
        return self.end.tzinfo

    @property
    def last_day(self) -> date:
        """The last day of a whole-day event: the date just before its end, which is the
        start of the next day that happened (Apia skipped 30 December 2011: a day on
        the 29th ends when the 31st begins)."""
        return (self.end.astimezone(UTC) - timedelta(seconds=1)).astimezone(self.zone).date()

    @property
    def duration(self) -> timedelta:
        """Elapsed time, correct across a DST change."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


def _details() -> tuple[Detail, ...]:
    found = []
    for spec in fields(Event):
        if "detail" in spec.metadata:
            default = spec.default
            choices = type(default) if isinstance(default, StrEnum) else None
            found.append(Detail(spec.name, str(default), choices, **spec.metadata["detail"]))
    return tuple(found)


DETAILS: tuple[Detail, ...] = _details()  # in the order of the fields


@dataclass(frozen=True, slots=True)
class Schedule:
    """A visit's schedule: events in order of start, a local zone and a home zone.

    ``revision`` is when this version was published (UTC); the feed's DTSTAMP and
    LAST-MODIFIED come from it, never from the clock.
    """

    id: str
    title: str
    zone: ZoneInfo
    home_zone: ZoneInfo
    events: tuple[Event, ...] = ()
    revision: datetime | None = None
    description: str = ""
    uid_domain: str = DEFAULT_UID_DOMAIN
    refresh: timedelta = field(default=timedelta(hours=1))
    private: bool = False  # served only with a token (see summitcal.tokens)
    # The places the file named the zones by, where the zone's own city is another
    # ("Rio de Janeiro" for America/Sao_Paulo); empty: the zone's city.
    zone_name: str = ""
    home_zone_name: str = ""
    # The languages it is offered in, the first its default (the fields' own text);
    # title and description in the others.
    languages: tuple[str, ...] = ("en",)
    texts: Texts = field(default=Texts())
    _by_id: dict[str, Event] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if len({event.id for event in self.events}) < len(self.events):
            counts = Counter(event.id for event in self.events)
            duplicates = sorted(i for i, n in counts.items() if n > 1)
            raise ValueError(f"schedule {self.id!r}: duplicate event ids {duplicates}")
        if self.revision is not None and self.revision.utcoffset() is None:
            raise ValueError(f"schedule {self.id!r}: revision must be an aware datetime")
        # By start, then end, then id: the same order whatever the order they came in.
        ordered = tuple(sorted(self.events, key=Event.order))
        object.__setattr__(self, "events", ordered)
        object.__setattr__(self, "_by_id", {event.id: event for event in ordered})

    @property
    def by_id(self) -> Mapping[str, Event]:
        """Event id → event (built once)."""
        return self._by_id

    def event(self, event_id: str) -> Event:
        """The event with that id (a lookup, not a scan). Raises KeyError."""
        return self._by_id[event_id]
