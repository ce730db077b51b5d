"""Pictures of the days: one time line per local day, the day's own clock above and the
home clock below, so the point where the home date changes can be seen, not read.

Pure: a schedule in, strings out; the same input gives the same bytes. Every x comes
from an instant (UTC), so a DST change or a date line needs no special case.

A day is what :mod:`summitcal.days` calls one: the timed events that start on one date
of one clock (the date of each event's start in its own zone, the zone, the place the
views name it by), in order of start. Each gets an SVG:

- the time from the last whole hour of the day's clock before the first start to the
  first whole hour after the last end (a flight that lands in another clock ends at its
  instant), leaving out events that go on past the end of the next day of the day's
  clock (a conference's timed days, a mistake of a year): the picture then reaches at
  least the day's midnight, such an event runs to its right edge and ends in an arrow,
  its label giving its real end, and the picture costs the same whatever its length;
- the day's clock above, named with its place and UTC offset ("Lima (UTC-05:00)"), and
  the home clock below ("Tokyo (UTC+09:00)"), one axis when they are the same zone;
  ticks at whole hours of each axis' own clock (Kolkata's ticks and Tokyo's sit half an
  hour apart), every 1, 2, 3, 4, 6, 12 or 24 hours, the smallest step whose labels do
  not overlap; a date on a line of its own at the left end and wherever the date
  changes (the change wins where both do not fit), marked by a dashed line across the
  day; a label near an edge is moved inside, one that would overlap another is left
  out;
- one row per event, its label on its own line(s) above its bar: the times in its own
  clocks with their certainty marks ("10:50–~12:00", "(12:15)"), "Cancelled:" or
  "Tentative:", then the title, wrapped at word boundaries (anywhere in CJK text) to the
  width of the picture. Not-announced times: a dashed outline and a lighter fill;
  approximate ones: the bar fades out at that end; cancelled: grey, struck through;
  tentative: hatched.

The SVG has ``role="img"``, a title and a description that says the day's events in
order in words; its ids start with ``tl-{date}-{width}-{n}``, so a page can hold every
day at both widths.

Whole-day events are not drawn: the page shows them as banners. A day's banners are the
whole-day events of its zone whose days cover its date, so a day inside a three-day
summit says so; a whole-day event whose first day has no timed events of its zone gets
a day of its own there (banners only, no SVG), and no others: a summit with nothing
timed in it is one heading, not three.

Text widths are estimated by :func:`text_width`, conservatively (at least DejaVu Sans's,
the widest common sans-serif), so every label stays inside the picture and off the
others in a real browser too.

>>> from xml.etree import ElementTree
>>> from summitcal.schedule_file import read_schedule
>>> [day] = day_timelines(read_schedule("examples/japan-peru-2024.toml"), width=360)
>>> day.heading, day.banners
('Sun 17 Nov 2024 · Lima', ())
>>> svg = ElementTree.fromstring(day.svg)
>>> svg.get("viewBox"), svg.get("aria-labelledby")
('0 0 360 322', 'tl-2024-11-17-360-0-title tl-2024-11-17-360-0-desc')
>>> print(svg.findtext("{http://www.w3.org/2000/svg}desc")[:69])
4 events from 10:50 Lima time, which is 00:50 on Mon 18 Nov in Tokyo:
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from summitcal.clocks import end_place, own_place, place_of
from summitcal.describe import marked_clock, spoken
from summitcal.display import clock, day_label, offset_label, other_day, short_date
from summitcal.languages import gettext as _
from summitcal.languages import ngettext
from summitcal.model import Certainty, Event, Schedule, Status, start_of_day
from summitcal.table import status_label

__all__ = ["TICK_STEPS", "DayTimeline", "day_timelines", "text_width"]

TICK_STEPS = (1, 2, 3, 4, 6, 12, 24)  # hours between labelled ticks, smallest first
MARGIN = 12  # around the picture; every text and bar stays inside it
LABEL_SIZE, TICK_SIZE, NAME_SIZE = 12, 11, 12  # event labels, tick labels, axis names
ASCENT, DESCENT = 0.95, 0.25  # of the font size: a line's box above and below its baseline
TICK_GAP = 8  # the least room between two labels on one line
BAR_HEIGHT, MIN_BAR, ROW_GAP = 12, 6, 8
FADE = 24  # the length of an approximate end's fade (at most 40% of the bar)
MIN_WIDTH = 160

INK, TICK_INK, DAY_INK, GREY_INK = "#1a202c", "#444", "#a33", "#555"
FILL, STROKE = "#cfe3f7", "#2b6cb0"
LIGHT_FILL = "#e8f1fb"  # not announced
GREY_FILL, GREY_STROKE = "#e2e2e2", "#777"  # cancelled


@dataclass(frozen=True, slots=True)
class DayTimeline:
    """One local day: its heading, its whole-day banners and its picture."""

    day: date  # the local date
    zone: ZoneInfo  # whose calendar: the own zone of the day's events
    place: str  # own_place of those events, "Lima"
    heading: str  # "Sun 17 Nov 2024 · Lima"
    banners: tuple[Event, ...]  # whole-day events covering this day (drawn by the page)
    svg: str  # "" when the day has only banners


# -- text widths --------------------------------------------------------------------

_NARROW = frozenset("fijlrtIJ!'()*,-./:;[\\]`|·‘’")  # at most 0.5 em in DejaVu Sans
_WIDE_ASCII = frozenset("mwMW%@—…")  # up to 1 em


@functools.cache
def _em(char: str) -> float:
    """One character's advance, in em: at least DejaVu Sans's (Book), usually a little
    more (one value per class of characters)."""
    if unicodedata.category(char) == "So":
        return 1.3  # symbols: emoji are drawn wider than an em
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFD", char)[0]  # "é" is as wide as "e"
    if unicodedata.category(base) in ("Mn", "Me", "Cf"):
        return 0.0  # combining marks and joiners take no room of their own
    if base == " ":
        return 0.35
    if base in _WIDE_ASCII:
        return 1.0
    if base in _NARROW:
        return 0.5 if base in "*`" else 0.42
    if base.isascii():
        if base.isdigit() or base.islower():
            return 0.64
        if base.isupper():
            return 0.8
        return 0.84  # " # $ & + < = > ? ^ _ { } ~ and the like
    if base in "–•“”":
        return 0.64
    if base == "→":
        return 0.84
    return 1.0  # any other script or symbol


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A conservative estimate of the width of ``text`` at font ``size``, in the same
    units: DejaVu Sans (Debian's default sans-serif) is about 0.6 em per Latin lowercase
    letter, 0.64 per digit, 0.7 per capital; CJK (East Asian wide) characters 1 em. Bold
    is taken as a fifth wider.

    >>> text_width("10:00", 11), text_width("東京", 12)
    (32.78, 24.0)
    """
    em = sum(_em(char) for char in text)
    return round(em * size * (1.2 if bold else 1.0), 2)


def _breakable(char: str) -> bool:
    """A line may break before or after it (East Asian text has no spaces)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


_Word = tuple[str, bool]  # a word and whether it is bold


def _line_width(line: list[_Word], size: float) -> float:
    """Words and the (regular) spaces between them."""
    words = sum(text_width(text, size, bold=bold) for text, bold in line)
    return words + text_width(" ", size) * max(len(line) - 1, 0)


def _wrap(words: list[_Word], size: float, room: float) -> list[list[_Word]]:
    """``words`` in lines no wider than ``room``: broken at spaces, next to any East
    Asian wide character, and inside a word only when it is wider than a line (never
    before a combining mark)."""
    lines: list[list[_Word]] = []
    line: list[_Word] = []

    def fitting(text: str, bold: bool, anywhere: bool) -> int:
        """The longest head of ``text`` that fits after ``line``, broken where allowed."""
        best = 0
        for end in range(1, len(text)):
            if _line_width([*line, (text[:end], bold)], size) > room:
                break
            legal = anywhere or _breakable(text[end - 1]) or _breakable(text[end])
            if legal and _em(text[end]) > 0:
                best = end
        return best

    for text, bold in words:
        while text:
            if _line_width([*line, (text, bold)], size) <= room:
                line.append((text, bold))
                break
            taken = fitting(text, bold, anywhere=False)
            if not taken and line:
                lines.append(line)
                line = []
                continue
            if not taken:  # alone on a line and still too wide: break it anywhere
                taken = max(fitting(text, bold, anywhere=True), 1)
            lines.append([*line, (text[:taken], bold)])
            line = []
            text = text[taken:]
    if line:
        lines.append(line)
    return lines or [[("", False)]]


# -- the days -----------------------------------------------------------------------


@dataclass(slots=True)
class _Day:
    day: date
    zone: ZoneInfo
    place: str
    first: datetime  # the instant that orders the days
    events: list[Event] = field(default_factory=list)
    banners: list[Event] = field(default_factory=list)


def _instant(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _order(event: Event) -> tuple[datetime, datetime, str]:
    return (_instant(event.start), _instant(event.end), event.id)


def day_timelines(
    schedule: Schedule, events: tuple[Event, ...] | None = None, *, width: int = 900
) -> tuple[DayTimeline, ...]:
    """The schedule's (or the given events') local days, each with its picture
    ``width`` units wide (the viewBox: 900 for a desk, 360 for a phone)."""
    if width < MIN_WIDTH:
        raise ValueError(f"a time line needs a width of at least {MIN_WIDTH}, not {width}")
    chosen = sorted(schedule.events if events is None else events, key=_order)
    days: dict[tuple[date, str, str], _Day] = {}
    for event in chosen:
        if not event.whole_days:
            key = (event.start.date(), event.zone.key, own_place(event))
            if key not in days:
                days[key] = _Day(key[0], event.zone, key[2], _instant(event.start))
            days[key].events.append(event)
    timed = list(days.values())
    for event in chosen:
        if not event.whole_days:
            continue
        first = event.start.date()
        if not any(d.zone.key == event.zone.key and d.day == first for d in timed):
            key = (first, event.zone.key, own_place(event))
            if key not in days:
                days[key] = _Day(first, event.zone, key[2], _instant(event.start))
    for found in days.values():
        found.banners = [
            event
            for event in chosen
            if event.whole_days
            and event.zone.key == found.zone.key
            and event.start.date() <= found.day <= event.last_day
        ]
    ordered = sorted(days.values(), key=lambda d: (d.first, d.zone.key, d.place))
    result: list[DayTimeline] = []
    seen: dict[date, int] = {}
    home = (schedule.home_zone, place_of(schedule, schedule.home_zone))
    for found in ordered:
        number = seen.get(found.day, 0)
        seen[found.day] = number + 1
        prefix = f"tl-{found.day.isoformat()}-{width}-{number}"
        svg = _Picture(found, home, width, prefix).svg() if found.events else ""
        result.append(
            DayTimeline(
                found.day,
                found.zone,
                found.place,
                f"{day_label(found.day)} · {found.place}",
                tuple(found.banners),
                svg,
            )
        )
    return tuple(result)


# -- the picture --------------------------------------------------------------------


def _words(text: str, *, bold: bool = False) -> tuple[_Word, ...]:
    return tuple((word, bold) for word in text.split())


@dataclass(frozen=True, slots=True)
class _Text:
    """One line of text; its box is its estimated width by its font size (ASCENT above
    the baseline, DESCENT below)."""

    x: float
    y: float  # the baseline
    words: tuple[_Word, ...]
    size: float
    anchor: str = "start"
    kind: str = "label"  # its class
    fill: str = INK
    width: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "width", _line_width(list(self.words), self.size))

    @property
    def left(self) -> float:
        shift = {"start": 0.0, "middle": self.width / 2, "end": self.width}[self.anchor]
        return self.x - shift

    @property
    def right(self) -> float:
        return self.left + self.width

    def clashes(self, other: _Text) -> bool:
        """Too close to ``other`` on the same line."""
        return self.left < other.right + TICK_GAP and other.left < self.right + TICK_GAP

    def element(self) -> str:
        """``<text>``, its bold words in a ``<tspan>`` (all bold: the whole text)."""
        anchor = "" if self.anchor == "start" else f' text-anchor="{self.anchor}"'
        every = all(bold for _, bold in self.words)
        runs: list[tuple[bool, list[str]]] = []
        for text, bold in self.words:
            if runs and runs[-1][0] == bold:
                runs[-1][1].append(text)
            else:
                runs.append((bold, [text]))
        content = " ".join(
            f'<tspan font-weight="bold">{_esc(" ".join(run))}</tspan>'
            if bold and not every
            else _esc(" ".join(run))
            for bold, run in runs
        )
        weight = ' font-weight="bold"' if every and self.words else ""
        return (
            f'<text class="{self.kind}" x="{_n(self.x)}" y="{_n(self.y)}" '
            f'font-size="{_n(self.size)}"{weight}{anchor} fill="{self.fill}">{content}</text>'
        )


def _n(value: float) -> str:
    """A coordinate, to a tenth, the same bytes every time."""
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _xml_char(char: str) -> bool:
    code = ord(char)
    return char in "\t\n\r" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def _esc(text: str) -> str:
    """Text for XML: escaped, and without the characters XML cannot hold."""
    return escape("".join(c if _xml_char(c) else "\ufffd" for c in text))


def _line_height(size: float) -> int:
    return math.ceil(size * 1.3)


def _whole_hours(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """The instants in [start, end] at which ``zone``'s clock shows a whole hour."""
    found: set[datetime] = set()
    moment = start.replace(minute=start.minute - start.minute % 15, second=0)
    while moment <= end + timedelta(hours=1):
        local = moment.astimezone(zone)
        whole = moment - timedelta(minutes=local.minute, seconds=local.second)
        shown = whole.astimezone(zone)
        if shown.minute == 0 and shown.second == 0 and start <= whole <= end:
            found.add(whole)
        moment += timedelta(minutes=15)
    return sorted(found)


def _day_end(day: date, zone: ZoneInfo, days: int) -> datetime:
    """The instant ``days`` days after ``day`` begins on ``zone``'s clock."""
    after = day + timedelta(days=days) if day < date.max - timedelta(days=days) else date.max
    return _instant(start_of_day(after, zone))


def _picture_end(day: _Day) -> datetime:
    """The first whole hour after the last end of the events that end by the end of the
    next day; an event that goes on longer runs to the edge, which is then no earlier
    than the day's midnight (nor than an hour after the last start)."""
    limit = _day_end(day.day, day.zone, 2)
    ends = [_instant(e.end) for e in day.events if _instant(e.end) <= limit]
    starts = [_instant(e.start) for e in day.events]
    end = _hour_after(max(ends + starts), day.zone)
    if len(ends) < len(day.events):  # some event goes on past the picture
        end = max(end, _day_end(day.day, day.zone, 1))
    return min(end, limit)


def _starts_day(moment: datetime, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone)
    return _instant(start_of_day(local.date(), zone)) == moment


def _hour_before(moment: datetime, zone: ZoneInfo) -> datetime:
    hours = _whole_hours(zone, moment - timedelta(hours=2), moment - timedelta(seconds=1))
    return hours[-1] if hours else moment - timedelta(hours=1)


def _hour_after(moment: datetime, zone: ZoneInfo) -> datetime:
    hours = _whole_hours(zone, moment + timedelta(seconds=1), moment + timedelta(hours=2))
    return hours[0] if hours else moment + timedelta(hours=1)


def _times(event: Event) -> str:
    """The event's times in its own clocks, as the day view writes them."""
    start = marked_clock(event.start, event.start_certainty)
    end = marked_clock(event.end, event.end_certainty)
    if event.end.date() != event.start.date():
        end = f"{other_day(event.end, event.start)} {end}"
    if event.end_zone.key == event.zone.key:
        return f"{start}–{end}"
    return f"{start} {own_place(event)} → {end} {end_place(event)}"


def _status_title(event: Event) -> str:
    if event.status is Status.CANCELLED:
        return _("Cancelled: {title}").format(title=event.title)
    if event.status is Status.TENTATIVE:
        return _("Tentative: {title}").format(title=event.title)
    return event.title


def _label(event: Event) -> list[_Word]:
    """The times in bold, then the title: ``10:50–~12:00`` ``Welcome ceremony``;
    ``(12:00)–(12:15)`` ``Cancelled: Presentation``."""
    title = _status_title(event)
    return [(word, True) for word in _times(event).split()] + [
        (word, False) for word in title.split()
    ]


def _spoken_event(event: Event) -> str:
    start = spoken(event.start, event.start_certainty)
    end = spoken(event.end, event.end_certainty)
    if event.end.date() != event.start.date():
        end = f"{other_day(event.end, event.start)} {end}"
    if event.end_zone.key == event.zone.key:
        times = _("{start} to {end}").format(start=start, end=end)
    else:
        times = _("{start} {place} time to {end} {end_place} time").format(
            start=start, place=own_place(event), end=end, end_place=end_place(event)
        )
    status = "" if event.status is Status.CONFIRMED else f" ({status_label(event.status)})"
    return _("{title}, {times}").format(title=" ".join(event.title.split()), times=times) + status


class _Picture:
    """One day's SVG, laid out top to bottom."""

    def __init__(self, day: _Day, home: tuple[ZoneInfo, str], width: int, prefix: str) -> None:
        self.day, self.width, self.prefix = day, width, prefix
        self.home, self.home_name = home
        self.left, self.right = float(MARGIN), float(width - MARGIN)
        events = day.events
        self.t0 = _hour_before(min(_instant(e.start) for e in events), day.zone)
        self.t1 = _picture_end(day)
        self.axes = [day.zone] + ([self.home] if self.home.key != day.zone.key else [])
        self.hours: dict[str, list[datetime]] = {}
        self.step = self._step()
        self.defs: list[str] = []
        self.body: list[str] = []
        self.guides: list[float] = []  # x of each date change, either axis
        self.axis_ys: list[float] = []

    def x(self, moment: datetime) -> float:
        span = (self.t1 - self.t0).total_seconds()
        share = (_instant(moment) - self.t0).total_seconds() / span
        return self.left + share * (self.right - self.left)

    # -- axes --

    def _hours(self, zone: ZoneInfo) -> list[datetime]:
        """The whole hours of ``zone``'s clock in the picture (worked out once)."""
        if zone.key not in self.hours:
            self.hours[zone.key] = _whole_hours(zone, self.t0, self.t1)
        return self.hours[zone.key]

    def _ticks(self, zone: ZoneInfo, step: int) -> list[datetime]:
        return [
            moment
            for moment in self._hours(zone)
            if moment.astimezone(zone).hour % step == 0 or _starts_day(moment, zone)
        ]

    def _centred(self, x: float, text: str, y: float, fill: str) -> _Text:
        """A tick label centred on ``x``, moved inside the picture near an edge."""
        label = _Text(x, y, _words(text), TICK_SIZE, "middle", kind="tick", fill=fill)
        if label.left < self.left:
            return _Text(self.left, y, label.words, TICK_SIZE, "start", kind="tick", fill=fill)
        if label.right > self.right:
            return _Text(self.right, y, label.words, TICK_SIZE, "end", kind="tick", fill=fill)
        return label

    def _tick_labels(
        self, zone: ZoneInfo, step: int, y: float, *, trial: bool = False
    ) -> tuple[list[tuple[datetime, _Text]], int]:
        """The tick labels that fit, in order, (the first hours of dates placed first,
        then the others in order) and how many ticks lost theirs (``trial``: stop at
        the first)."""
        ticks = self._ticks(zone, step)
        starts = [t for t in ticks if _starts_day(t, zone)]
        placed: list[tuple[datetime, _Text]] = []
        dropped = 0
        for moment in starts + [t for t in ticks if t not in starts]:
            fill = DAY_INK if moment in starts else TICK_INK
            label = self._centred(self.x(moment), clock(moment.astimezone(zone)), y, fill)
            if any(label.clashes(other) for _, other in placed):
                dropped += 1
                if trial:
                    break
            else:
                placed.append((moment, label))
        return sorted(placed, key=lambda pair: pair[0]), dropped

    def _step(self) -> int:
        """The smallest step whose tick labels all fit, on every axis."""
        for step in TICK_STEPS:
            fits = True
            for zone in self.axes:
                labels, dropped = self._tick_labels(zone, step, 0.0, trial=True)
                hourly = len(self._hours(zone))
                fits = fits and not dropped and len(labels) >= min(2, hourly)
            if fits:
                return step
        return TICK_STEPS[-1]

    def _date_labels(self, zone: ZoneInfo, y: float) -> list[_Text]:
        """The date at the left end and at each date change, each starting at its x; a
        change wins over the left end's when they would overlap."""
        changes = [t for t in self._hours(zone) if _starts_day(t, zone)]
        wanted = [(t, DAY_INK) for t in changes]
        if self.t0 not in changes:
            wanted.append((self.t0, TICK_INK))
        placed: list[_Text] = []
        for moment, fill in wanted:
            words = _words(short_date(moment.astimezone(zone)))
            label = _Text(self.x(moment), y, words, TICK_SIZE, kind="date", fill=fill)
            if label.right > self.right:
                label = _Text(self.right, y, words, TICK_SIZE, "end", kind="date", fill=fill)
            if not any(label.clashes(other) for other in placed):
                placed.append(label)
        return sorted(placed, key=lambda t: t.left)

    def _name(self, zone: ZoneInfo, place: str) -> str:
        offsets = dict.fromkeys(offset_label(m.astimezone(zone)) for m in (self.t0, self.t1))
        return f"{place} ({' → '.join(offsets)})"

    def _axis(self, zone: ZoneInfo, place: str, top: float, above: bool) -> float:
        """Draw one axis from ``top`` down (its line's y into ``axis_ys``); returns the
        y below it."""
        cursor = top
        texts: list[_Text] = []

        def line(size: float) -> float:
            nonlocal cursor
            baseline = cursor + ASCENT * size
            cursor += _line_height(size)
            return baseline

        def names() -> None:
            name = list(_words(self._name(zone, place), bold=True))
            for words in _wrap(name, NAME_SIZE, self.right - self.left):
                y = line(NAME_SIZE)
                texts.append(_Text(self.left, y, tuple(words), NAME_SIZE, kind="axis-name"))

        ticks_y: float
        if above:
            names()
            date_y = line(TICK_SIZE)
            ticks_y = line(TICK_SIZE)
            axis_y = cursor + 4
            cursor = axis_y + 8
        else:
            axis_y = cursor + 2
            cursor = axis_y + 6
            ticks_y = line(TICK_SIZE)
            date_y = line(TICK_SIZE)
        ticks, _ = self._tick_labels(zone, self.step, ticks_y)
        texts += [label for _, label in ticks]
        texts += self._date_labels(zone, date_y)
        if not above:
            names()
        self.body.append(
            f'<line class="axis" x1="{_n(self.left)}" y1="{_n(axis_y)}" '
            f'x2="{_n(self.right)}" y2="{_n(axis_y)}" stroke="{TICK_INK}"/>'
        )
        chosen = set(self._ticks(zone, self.step))
        minor = (self.right - self.left) / ((self.t1 - self.t0).total_seconds() / 3600) >= 4
        direction = -1 if above else 1
        for moment in self._hours(zone):
            if moment not in chosen and not minor:
                continue
            length = 5 if moment in chosen else 2.5
            ink = DAY_INK if _starts_day(moment, zone) else TICK_INK
            x = _n(self.x(moment))
            self.body.append(
                f'<line class="tick-mark" x1="{x}" y1="{_n(axis_y)}" x2="{x}" '
                f'y2="{_n(axis_y + direction * length)}" stroke="{ink}"/>'
            )
            if _starts_day(moment, zone) and self.t0 < moment < self.t1:
                self.guides.append(self.x(moment))
        self.body.extend(text.element() for text in texts)
        self.axis_ys.append(axis_y)
        return cursor

    # -- events --

    def _bar(self, event: Event, row: int, y: float) -> list[str]:
        continues = _instant(event.end) > self.t1  # runs on past the picture's end
        left, right = self.x(event.start), self.x(event.end)
        if continues:  # the arrow's tip at the edge
            right = self.right - BAR_HEIGHT / 2
        if right - left < MIN_BAR:
            middle = (left + right) / 2
            left = min(max(middle - MIN_BAR / 2, self.left), self.right - MIN_BAR)
            right = left + MIN_BAR
        width = right - left
        cancelled = event.status is Status.CANCELLED
        guessed = Certainty.NOT_ANNOUNCED in (event.start_certainty, event.end_certainty)
        fill = GREY_FILL if cancelled else LIGHT_FILL if guessed else FILL
        stroke = GREY_STROKE if cancelled else STROKE
        fade_start = event.start_certainty is Certainty.APPROXIMATE
        fade_end = event.end_certainty is Certainty.APPROXIMATE and not continues
        classes = ["bar"] + ["continues"] * continues
        fill_ref, stroke_ref = fill, stroke
        if fade_start or fade_end:
            tail = min(FADE, 0.4 * width) / width
            fill_ref = self._fade(f"{row}-fill", fill, tail, fade_start, fade_end)
            stroke_ref = self._fade(f"{row}-stroke", stroke, tail, fade_start, fade_end)
            classes += ["approximate-start"] * fade_start + ["approximate-end"] * fade_end
        dash = ' stroke-dasharray="4 3"' if guessed else ""
        if guessed:
            classes.append("not-announced")
        parts = [
            f'<rect class="{" ".join(classes)}" x="{_n(left)}" y="{_n(y)}" width="{_n(width)}" '
            f'height="{BAR_HEIGHT}" rx="2" fill="{fill_ref}" stroke="{stroke_ref}"{dash}/>'
        ]
        if continues:
            tip_x, middle_y = _n(right + BAR_HEIGHT / 2), _n(y + BAR_HEIGHT / 2)
            parts.append(
                f'<polygon class="continues" points="{_n(right)},{_n(y - 2)} {tip_x},{middle_y} '
                f'{_n(right)},{_n(y + BAR_HEIGHT + 2)}" fill="{stroke}"/>'
            )
        if event.status is Status.TENTATIVE:
            parts.append(
                f'<rect class="hatch" x="{_n(left)}" y="{_n(y)}" width="{_n(width)}" '
                f'height="{BAR_HEIGHT}" fill="url(#{self.prefix}-hatch)"/>'
            )
        if cancelled:
            through = _n(y + BAR_HEIGHT / 2)
            parts.append(
                f'<line class="strike" x1="{_n(left - 2)}" y1="{through}" x2="{_n(right + 2)}" '
                f'y2="{through}" stroke="{GREY_INK}" stroke-width="1.5"/>'
            )
        return parts

    def _fade(self, name: str, colour: str, tail: float, start: bool, end: bool) -> str:
        """A gradient that fades ``colour`` out over ``tail`` of the bar at either end."""
        ident = f"{self.prefix}-fade-{name}"
        stops = [(0.0, 0.15 if start else 1.0)]
        stops += [(tail, 1.0)] if start else []
        stops += [(1 - tail, 1.0)] if end else []
        stops += [(1.0, 0.15 if end else 1.0)]
        self.defs.append(
            f'<linearGradient id="{ident}">'
            + "".join(
                f'<stop offset="{offset:.3f}" stop-color="{colour}" stop-opacity="{opacity}"/>'
                for offset, opacity in stops
            )
            + "</linearGradient>"
        )
        return f"url(#{ident})"

    def _rows(self, top: float) -> float:
        cursor = top
        room = self.right - self.left
        for row, event in enumerate(self.day.events):
            cancelled = event.status is Status.CANCELLED
            lines = _wrap(_label(event), LABEL_SIZE, room)
            widest = max(_line_width(line, LABEL_SIZE) for line in lines)
            bar_left = self.x(event.start)
            x = max(min(bar_left, self.right - widest), self.left)
            classes = ["event"] + [event.status.value] * (event.status is not Status.CONFIRMED)
            group = [f'<g class="{" ".join(classes)}" data-event="{_esc(event.id)}">']
            for words in lines:
                baseline = cursor + ASCENT * LABEL_SIZE
                cursor += _line_height(LABEL_SIZE)
                fill = GREY_INK if cancelled else INK
                group.append(_Text(x, baseline, tuple(words), LABEL_SIZE, fill=fill).element())
            bar_y = cursor + 1
            group += self._bar(event, row, bar_y)
            group.append("</g>")
            self.body.extend(group)
            cursor = bar_y + BAR_HEIGHT + ROW_GAP
        return cursor - ROW_GAP

    # -- the whole --

    def _describe(self) -> str:
        events = self.day.events
        first = events[0]
        text = ngettext(
            "{count} event from {start} {place} time",
            "{count} events from {start} {place} time",
            len(events),
        ).format(
            count=len(events),
            start=spoken(first.start, first.start_certainty),
            place=self.day.place,
        )
        if len(self.axes) > 1:
            there = first.start.astimezone(self.home)
            text = _("{summary}, which is {time} on {date} in {home}").format(
                summary=text, time=clock(there), date=short_date(there), home=self.home_name
            )
        listed = "; ".join(_spoken_event(e) for e in events)
        return _("{summary}: {events}.").format(summary=text, events=listed)

    def svg(self) -> str:
        self.defs, self.body, self.guides, self.axis_ys = [], [], [], []
        cursor = self._axis(self.day.zone, self.day.place, MARGIN, above=True)
        cursor = self._rows(cursor)
        if len(self.axes) > 1:
            cursor = self._axis(self.home, self.home_name, cursor + 4, above=False)
        height = math.ceil(cursor + MARGIN / 2)
        top, bottom = self.axis_ys[0], self.axis_ys[-1] if len(self.axis_ys) > 1 else cursor
        guides = [
            f'<line class="date-change" x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" '
            f'y2="{_n(bottom)}" stroke="{DAY_INK}" stroke-opacity="0.4" stroke-dasharray="2 3"/>'
            for x in sorted(set(self.guides))
        ]
        if any(e.status is Status.TENTATIVE for e in self.day.events):
            self.defs.append(
                f'<pattern id="{self.prefix}-hatch" width="6" height="6" '
                f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                f'<line x1="0" y1="0" x2="0" y2="6" stroke="{STROKE}" stroke-width="1.5" '
                f'stroke-opacity="0.45"/></pattern>'
            )
        day, place = day_label(self.day.day), self.day.place
        if len(self.axes) > 1:
            title = _("{day} in {place}, with {home}'s clock").format(
                day=day, place=place, home=self.home_name
            )
        else:
            title = _("{day} in {place}").format(day=day, place=place)
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {height}" '
            f'role="img" aria-labelledby="{self.prefix}-title {self.prefix}-desc" '
            f'class="timeline" font-family="system-ui, sans-serif">',
            f'<title id="{self.prefix}-title">{_esc(title)}</title>',
            f'<desc id="{self.prefix}-desc">{_esc(self._describe())}</desc>',
        ]
        if self.defs:
            parts += ["<defs>", *self.defs, "</defs>"]
        parts += guides + self.body + ["</svg>"]
        return "\n".join(parts)
