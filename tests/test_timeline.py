"""The time lines of the local days: one SVG per day, its own clock above, the home clock
below, every label inside the picture and off every other label and bar.

The geometry is checked from the SVG alone: each text's box from its x, y, anchor, font
size and weight and :func:`text_width` (the estimate the layout uses, itself checked
against DejaVu Sans's real advances), each bar's from its rect.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcal.clocks import own_place
from summitcal.display import clock
from summitcal.model import Certainty, Event, Schedule, Status, start_of_day
from summitcal.schedule_file import parse_schedule
from summitcal.timeline import TICK_STEPS, DayTimeline, day_timelines, text_width
from summitcal.tzdb import load
from summitcal.zones import resolve
from trip_schedule import trip_schedule

NS = "{http://www.w3.org/2000/svg}"
ASCENT, DESCENT = 0.95, 0.25  # a line of text's box above and below its baseline, in em
WIDTHS = (900, 360)
LIMA, TOKYO, NEW_YORK = load("America/Lima"), load("Asia/Tokyo"), load("America/New_York")

TRIP = trip_schedule("apec", "summit", "flight", "g20", "session-1")


# -- reading the pictures -------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    what: str  # the text, or "bar"
    row: int  # the event's row, -1 for the axes

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def words_of(node: ElementTree.Element) -> list[tuple[str, bool]]:
    """A text element's pieces and whether each is bold, as SVG collapses white space."""
    bold = node.get("font-weight") == "bold"
    pieces = [(node.text or "", bold)]
    for child in node:
        pieces += [(child.text or "", child.get("font-weight", "") == "bold" or bold)]
        pieces += [(child.tail or "", bold)]
    joined = "".join(text for text, _ in pieces)
    assert joined == " ".join(joined.split()), f"white space the browser would collapse: {joined!r}"
    return pieces


def text_of(node: ElementTree.Element) -> str:
    return "".join(text for text, _ in words_of(node))


def text_box(node: ElementTree.Element, row: int) -> Box:
    size = float(node.get("font-size", "0"))
    assert 11 <= size <= 13
    width = sum(text_width(text, size, bold=bold) for text, bold in words_of(node))
    x, y = float(node.get("x", "nan")), float(node.get("y", "nan"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor", "start")]
    return Box(left, y - ASCENT * size, left + width, y + DESCENT * size, text_of(node), row)


def bar_box(node: ElementTree.Element, row: int) -> Box:
    x, y = float(node.get("x", "nan")), float(node.get("y", "nan"))
    width, height = float(node.get("width", "nan")), float(node.get("height", "nan"))
    return Box(x, y, x + width, y + height, "bar", row)


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def events_in(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [g for g in root.iter(f"{NS}g") if "event" in g.get("class", "").split()]


def labels(group: ElementTree.Element) -> list[str]:
    return [text_of(t) for t in group.iter(f"{NS}text")]


def texts(root: ElementTree.Element, kind: str) -> list[ElementTree.Element]:
    return [t for t in root.iter(f"{NS}text") if t.get("class") == kind]


def bar(group: ElementTree.Element) -> ElementTree.Element:
    [rect] = [r for r in group.iter(f"{NS}rect") if "bar" in r.get("class", "").split()]
    return rect


def desc(root: ElementTree.Element) -> str:
    node = root.find(f"{NS}desc")
    assert node is not None and node.text
    return node.text


def check_layout(svg: str, width: int) -> ElementTree.Element:
    """Every text and bar inside the viewBox; no text over another text or a bar; no
    bar over another row's; bars at least 6 wide; ids unique, references resolved."""
    root = parse(svg)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    x0, y0, w, h = (float(v) for v in root.get("viewBox", "").split())
    assert (x0, y0, w) == (0, 0, width)
    boxes: list[Box] = [text_box(t, -1) for t in root if t.tag == f"{NS}text"]
    bars: list[Box] = []
    for row, group in enumerate(events_in(root)):
        boxes += [text_box(t, row) for t in group.iter(f"{NS}text")]
        bars.append(bar_box(bar(group), row))
    for polygon in root.iter(f"{NS}polygon"):  # the arrows of events that go on
        for point in (polygon.get("points") or "").split():
            px, py = (float(v) for v in point.split(","))
            assert 0 <= px <= w and 0 <= py <= h, point
    for box in boxes + bars:
        assert box.left >= 0 and box.right <= w and box.top >= 0 and box.bottom <= h, box
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :] + bars:
            assert not box.overlaps(other), (box, other)
    for i, box in enumerate(bars):
        assert box.right - box.left >= 6 - 1e-9, box
        for other in bars[i + 1 :]:
            assert not box.overlaps(other), (box, other)
    ids = [node.get("id") for node in root.iter() if node.get("id")]
    assert len(ids) == len(set(ids))
    assert set(root.get("aria-labelledby", "").split()) <= set(ids)
    assert len(root.get("aria-labelledby", "").split()) == 2
    for ref in re.findall(r"url\(#([^)]+)\)", svg):
        assert ref in ids
    return root


def all_ids(days: tuple[DayTimeline, ...]) -> list[str]:
    return [n.get("id", "") for d in days if d.svg for n in parse(d.svg).iter() if n.get("id")]


def spoken(moment: datetime, certainty: Certainty) -> str:
    if certainty is Certainty.APPROXIMATE:
        return f"about {clock(moment)}"
    if certainty is Certainty.NOT_ANNOUNCED:
        return f"{clock(moment)} (estimated)"
    return clock(moment)


def order(event: Event) -> tuple[datetime, datetime, str]:
    return (event.start.astimezone(UTC), event.end.astimezone(UTC), event.id)


def check_days(schedule: Schedule, width: int) -> tuple[DayTimeline, ...]:
    """Each local day of the timed events once, with its events in order; the desc
    starts from its first event in its own clock; every whole-day event a banner on its
    first day."""
    days = day_timelines(schedule, width=width)
    expected: dict[tuple[date, str, str], list[Event]] = {}
    for event in sorted(schedule.events, key=order):
        if not event.whole_days:
            expected.setdefault((event.start.date(), event.zone.key, own_place(event)), [])
            expected[(event.start.date(), event.zone.key, own_place(event))].append(event)
    drawn = {(d.day, d.zone.key, d.place): d for d in days if d.svg}
    assert len(drawn) == len([d for d in days if d.svg]), "a day drawn twice"
    assert drawn.keys() == expected.keys()
    for key, day in drawn.items():
        root = check_layout(day.svg, width)
        chosen = expected[key]
        assert [g.get("data-event") for g in events_in(root)] == [e.id for e in chosen]
        first = chosen[0]
        text = desc(root)
        assert text.startswith(
            f"{len(chosen)} event{'s' if len(chosen) > 1 else ''} from "
            f"{spoken(first.start, first.start_certainty)} {day.place} time"
        ), text
        position = 0
        for event in chosen:
            position = text.index(" ".join(event.title.split()), position)
        assert day.heading.endswith(f" · {day.place}")
    for event in schedule.events:
        if event.whole_days:
            assert any(
                event in d.banners and d.day == event.start.date() and d.zone.key == event.zone.key
                for d in days
            ), event.id
    assert days == day_timelines(schedule, width=width), "not deterministic"
    assert len(set(all_ids(days))) == len(all_ids(days))
    return days


def schedule(*events: Event, zone: str = "America/Lima", home: str = "Asia/Tokyo") -> Schedule:
    return Schedule(id="v", title="V", zone=load(zone), home_zone=load(home), events=events)


def event(
    id: str,
    day: date,
    hour: int,
    minute: int = 0,
    minutes: int = 60,
    zone: str = "America/Lima",
    **extra: object,
) -> Event:
    """``minutes`` long from ``hour:minute`` on ``day`` in ``zone``, counted in real time."""
    start = resolve(datetime.combine(day, time(hour, minute)), load(zone))
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)
    return Event(id, f"Event {id}", start, end, **extra)  # type: ignore[arg-type]


def whole(id: str, first: date, days: int, zone: str = "America/Lima") -> Event:
    start = start_of_day(first, load(zone))
    return Event(
        id, f"Days {id}", start, start_of_day(first + timedelta(days), load(zone)), whole_days=True
    )


NOV17 = date(2024, 11, 17)


# -- the bundled example and the trip ---------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_example_is_one_day_with_its_events_and_both_clocks(
    example: Schedule, width: int
) -> None:
    [day] = check_days(example, width)
    assert (day.day, day.zone.key, day.place, day.banners) == (NOV17, "America/Lima", "Lima", ())
    assert day.heading == "Sun 17 Nov 2024 · Lima"
    root = parse(day.svg)
    assert [text_of(t) for t in texts(root, "axis-name")] == [
        "Lima (UTC-05:00)",
        "Tokyo (UTC+09:00)",
    ]
    title = root.find(f"{NS}title")
    assert title is not None and title.text == "Sun 17 Nov 2024 in Lima, with Tokyo's clock"
    assert desc(root).startswith(
        "4 events from 10:50 Lima time, which is 00:50 on Mon 18 Nov in Tokyo: "
        "Welcome ceremony and Japan–Peru Summit Meeting, 10:50 to about 12:00; "
        "Presentation ceremony of the Joint Statement, 12:00 (estimated) to 12:15 (estimated);"
    )
    first = " ".join(labels(events_in(root)[0]))
    assert first == "10:50–~12:00 Welcome ceremony and Japan–Peru Summit Meeting"
    dates = [text_of(t) for t in texts(root, "date")]
    assert dates == ["Sun 17 Nov", "Mon 18 Nov"]  # Tokyo's date changes at the left end


def test_the_example_on_a_desk_ticks_every_hour_and_wraps_nothing(example: Schedule) -> None:
    [day] = day_timelines(example, width=900)
    root = parse(day.svg)
    ticks = [text_of(t) for t in texts(root, "tick")]
    assert ticks == [f"{h:02d}:00" for h in range(10, 16)] + [f"{h:02d}:00" for h in range(6)]
    assert all(len(labels(group)) == 1 for group in events_in(root))


def test_on_a_phone_long_labels_wrap_at_word_boundaries(example: Schedule) -> None:
    [day] = day_timelines(example, width=360)
    group = events_in(parse(day.svg))[0]
    lines = labels(group)
    assert len(lines) == 2
    assert " ".join(lines) == "10:50–~12:00 Welcome ceremony and Japan–Peru Summit Meeting"
    assert all(text_width(line, 12) <= 360 - 24 for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_trip_has_a_day_per_clock_and_whole_days_as_banners(width: int) -> None:
    trip = parse_schedule(TRIP)
    days = check_days(trip, width)
    assert [(d.heading, [b.id for b in d.banners], bool(d.svg)) for d in days] == [
        ("Thu 14 Nov 2024 · Lima", ["apec"], False),
        ("Sun 17 Nov 2024 · Lima", [], True),
        ("Mon 18 Nov 2024 · São Paulo", ["g20"], True),
    ]
    root = parse(days[1].svg)
    flight = events_in(root)[1]
    assert " ".join(labels(flight)) == "16:30 Lima → 23:10 São Paulo Flight to Rio de Janeiro"
    # From 10:00 Lima (before 10:50) to 22:00 (after the landing, 21:10 Lima time).
    axis = next(line for line in root.iter(f"{NS}line") if line.get("class") == "axis")
    left, right = float(axis.get("x1", "0")), float(axis.get("x2", "0"))
    landing = left + (right - left) * (11 + 10 / 60) / 12
    box = bar_box(bar(flight), 1)
    assert box.right == pytest.approx(landing, abs=0.1)
    sao_paulo = parse(days[2].svg)
    assert desc(sao_paulo).startswith(
        "1 event from about 10:00 São Paulo time, which is 22:00 on Mon 18 Nov in Tokyo: "
        "G20 Session I, about 10:00 to 12:30."
    )
    assert [text_of(t) for t in texts(sao_paulo, "date")] == [
        "Mon 18 Nov",
        "Mon 18 Nov",
        "Tue 19 Nov",
    ]


def test_ids_are_unique_on_a_page_with_both_widths() -> None:
    trip = parse_schedule(TRIP)
    same_date = schedule(event("a", NOV17, 10), event("b", NOV17, 10, zone="America/Sao_Paulo"))
    for chosen in (trip, same_date):
        ids = all_ids(day_timelines(chosen, width=900) + day_timelines(chosen, width=360))
        assert ids and len(ids) == len(set(ids))
    assert len([d for d in day_timelines(same_date) if d.day == NOV17]) == 2


# -- whole days -------------------------------------------------------------------------


def test_a_whole_day_event_is_a_banner_on_each_timed_day_it_covers_and_its_first() -> None:
    summit = whole("summit", date(2024, 11, 14), 3)  # Thu 14 – Sat 16 Nov
    days = day_timelines(schedule(summit, event("talks", date(2024, 11, 15), 9)))
    assert [(d.day.day, d.banners, bool(d.svg)) for d in days] == [
        (14, (summit,), False),  # its first day, a day of its own
        (15, (summit,), True),  # inside it: the timed day says so
    ]  # and not Sat 16, which has nothing timed
    elsewhere = day_timelines(
        schedule(summit, event("tokyo", date(2024, 11, 15), 9, zone="Asia/Tokyo"))
    )
    assert [(d.day.day, d.place, len(d.banners)) for d in elsewhere] == [
        (14, "Lima", 1),
        (15, "Tokyo", 0),
    ]


def test_no_events_no_days_and_too_narrow_is_refused() -> None:
    assert day_timelines(schedule()) == ()
    with pytest.raises(ValueError, match="width"):
        day_timelines(schedule(event("a", NOV17, 9)), width=100)


# -- clocks -----------------------------------------------------------------------------


def tick_xs(root: ElementTree.Element) -> list[tuple[str, float]]:
    """Each tick label and the x of its tick (the middle, or an edge it is anchored to
    only at the picture's ends)."""
    found = []
    for node in texts(root, "tick"):
        box = text_box(node, -1)
        found.append((text_of(node), (box.left + box.right) / 2, node.get("text-anchor", "start")))
    return [(text, x) for text, x, anchor in found if anchor == "middle"]


def test_half_hour_zones_tick_at_their_own_whole_hours() -> None:
    day = date(2024, 11, 17)
    [drawn] = day_timelines(schedule(event("a", day, 10, zone="Asia/Kolkata"), home="Asia/Tokyo"))
    root = parse(drawn.svg)
    ticks = tick_xs(root)
    assert all(re.fullmatch(r"\d\d:00", text) for text, _ in ticks)
    xs = dict(ticks)
    hour = xs["11:00"] - xs["10:00"]  # Kolkata's
    # Tokyo's 14:00 is Kolkata's 10:30: half an hour to the right of Kolkata's 10:00.
    assert xs["14:00"] - xs["10:00"] == pytest.approx(hour / 2, abs=0.2)
    assert [text_of(t) for t in texts(root, "axis-name")] == [
        "Kolkata (UTC+05:30)",
        "Tokyo (UTC+09:00)",
    ]


def test_spring_forward_skips_the_missing_hour_by_instants() -> None:
    day = date(2024, 3, 10)
    [drawn] = day_timelines(
        schedule(
            event("a", day, 0, 30, minutes=150, zone="America/New_York"), home="America/New_York"
        )
    )
    root = check_layout(drawn.svg, 900)
    ticks = [text_of(t) for t in texts(root, "tick")]
    # 00:30 EST to 04:00 EDT: two and a half hours; 02:00 never happened.
    assert ticks == ["00:00", "01:00", "03:00", "04:00", "05:00"]
    xs = dict(tick_xs(root))
    assert xs["03:00"] - xs["01:00"] == pytest.approx(xs["04:00"] - xs["03:00"], abs=0.2)
    assert [text_of(t) for t in texts(root, "axis-name")] == ["New York (UTC-05:00 → UTC-04:00)"]
    assert "with" not in (root.findtext(f"{NS}title") or "")  # one axis: home is the same zone


def test_fall_back_shows_the_repeated_hour_twice() -> None:
    day = date(2024, 11, 3)
    [drawn] = day_timelines(
        schedule(event("a", day, 0, 30, minutes=150, zone="America/New_York"), home="Europe/London")
    )
    root = check_layout(drawn.svg, 900)
    top = [text_of(t) for t in texts(root, "tick")][:5]
    assert top == ["00:00", "01:00", "01:00", "02:00", "03:00"]


def test_across_the_date_line_the_same_hour_has_another_date() -> None:
    [drawn] = day_timelines(
        schedule(event("a", NOV17, 10, zone="Pacific/Kiritimati"), home="Pacific/Honolulu"),
        width=360,
    )
    root = check_layout(drawn.svg, 360)
    assert desc(root).startswith(
        "1 event from 10:00 Kiritimati time, which is 10:00 on Sat 16 Nov in Honolulu:"
    )
    assert [text_of(t) for t in texts(root, "date")] == ["Sun 17 Nov", "Sat 16 Nov"]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_day_ticks_less_often_with_dates_where_they_change(width: int) -> None:
    long = event("long", NOV17, 6, minutes=30 * 60)  # 06:00 to 12:00 the next day
    [drawn] = day_timelines(schedule(long), width=width)
    root = check_layout(drawn.svg, width)
    ticks = [text_of(t) for t in texts(root, "tick")]
    hours = sorted({int(text[:2]) for text in ticks})
    steps = [step for step in TICK_STEPS if all(h % step == 0 for h in hours)]
    assert steps and steps[-1] > 1  # not every hour on 31 hours
    dates = [text_of(t) for t in texts(root, "date")]
    assert dates[:2] == ["Sun 17 Nov", "Mon 18 Nov"]  # the first tick's and Lima's midnight
    # Lima's midnight, and Tokyo's two (20:00 on the 17th to 02:00 on the 19th there).
    assert ticks.count("00:00") == 3
    # Tokyo's midnight is 5 hours in: on a phone there is no room for the date before it,
    # and the change wins.
    expected = (
        ["Sun 17 Nov", "Mon 18 Nov", "Tue 19 Nov"] if width == 900 else ["Mon 18 Nov", "Tue 19 Nov"]
    )
    assert dates[2:] == expected
    assert any(line.get("class") == "date-change" for line in root.iter(f"{NS}line"))


def test_an_event_of_years_runs_off_the_picture_with_its_real_end_in_its_label() -> None:
    """A timed event far longer than a day (a conference, or a typo of a year) neither
    squeezes the day into a sliver nor costs a tick for each of its hours: the picture
    ends at the day's midnight (the others end before), the bar in an arrow, and the
    label says when it really ends."""
    long = event("long", NOV17, 10, minutes=(365 * 3 + 30) * 24 * 60)
    short = event("short", NOV17, 12)
    for width in WIDTHS:
        [drawn] = day_timelines(schedule(long, short), width=width)
        root = check_layout(drawn.svg, width)
        dates = [text_of(t) for t in texts(root, "date")]
        assert dates[-1] == "Mon 18 Nov", dates
        groups = {g.get("data-event"): g for g in events_in(root)}
        rows_top = min(float(t.get("y", 0)) for g in groups.values() for t in g.iter(f"{NS}text"))
        above = [t for t in texts(root, "tick") if float(t.get("y", 0)) < rows_top]
        assert text_of(above[-1]) == "00:00"  # Lima's midnight, at the right end
        groups = {g.get("data-event"): g for g in events_in(root)}
        assert "continues" in (bar(groups["long"]).get("class") or "").split()
        assert len(list(groups["long"].iter(f"{NS}polygon"))) == 1
        assert "continues" not in (bar(groups["short"]).get("class") or "")
        assert not list(groups["short"].iter(f"{NS}polygon"))
        assert " ".join(labels(groups["long"])).startswith("10:00–Fri 17 Dec 2027 10:00")
        assert "to Fri 17 Dec 2027 10:00" in desc(root)
        short_bar = bar_box(bar(groups["short"]), 1)
        assert short_bar.right - short_bar.left >= 6  # an hour of at most 50 hours shown


# -- what the events are -----------------------------------------------------------------


def test_cancelled_not_announced_approximate_and_tentative_are_drawn_as_such() -> None:
    chosen = schedule(
        event("plain", NOV17, 8),
        event("off", NOV17, 9, status=Status.CANCELLED),
        event("guess", NOV17, 10, start_certainty=Certainty.NOT_ANNOUNCED),
        event("about", NOV17, 11, end_certainty=Certainty.APPROXIMATE),
        event("maybe", NOV17, 12, status=Status.TENTATIVE),
    )
    [drawn] = day_timelines(chosen)
    root = check_layout(drawn.svg, 900)
    groups = {g.get("data-event"): g for g in events_in(root)}
    plain, off, guess, about, maybe = (
        groups[k] for k in ("plain", "off", "guess", "about", "maybe")
    )

    def decorations(group: ElementTree.Element) -> list[str]:
        return [n.get("class", "") for n in group if n.tag != f"{NS}text"]

    assert decorations(plain) == ["bar"] and bar(plain).get("stroke-dasharray") is None
    assert labels(plain) == ["08:00–09:00 Event plain"]
    # Cancelled: in words, grey, and struck through.
    assert labels(off) == ["09:00–10:00 Cancelled: Event off"]
    assert bar(off).get("fill") != bar(plain).get("fill")
    [strike] = [n for n in off if n.get("class") == "strike"]
    box = bar_box(bar(off), 0)
    assert box.top < float(strike.get("y1", "0")) < box.bottom
    assert float(strike.get("x1", "0")) <= box.left and float(strike.get("x2", "0")) >= box.right
    # Not announced: dashed, lighter, and the time in brackets.
    assert bar(guess).get("stroke-dasharray") and bar(guess).get("fill") != bar(plain).get("fill")
    assert labels(guess)[0].startswith("(10:00)–11:00 ")
    # Approximate end: fades out to the right.
    reference = re.fullmatch(r"url\(#(.+)\)", bar(about).get("fill", ""))
    assert reference and labels(about)[0].startswith("11:00–~12:00 ")
    [gradient] = [n for n in root.iter(f"{NS}linearGradient") if n.get("id") == reference[1]]
    opacities = [float(stop.get("stop-opacity", "1")) for stop in gradient]
    assert opacities[0] == 1 and opacities[-1] < 0.5
    # Tentative: in words, and hatched.
    assert labels(maybe) == ["12:00–13:00 Tentative: Event maybe"]
    assert "hatch" in decorations(maybe)
    assert "cancelled" in desc(root) and "tentative" in desc(root)


def test_titles_are_escaped_and_impossible_characters_replaced() -> None:
    tricky = Event(
        "x", '<b>"Fish" & chips</b>\x01', *(event("x", NOV17, 9).start, event("x", NOV17, 10).start)
    )
    [drawn] = day_timelines(schedule(tricky))
    root = check_layout(drawn.svg, 900)
    assert labels(events_in(root)[0]) == ['09:00–10:00 <b>"Fish" & chips</b>\ufffd']
    assert "<b>" not in drawn.svg


def test_the_description_starts_from_the_first_event_whatever_the_order_given() -> None:
    late, early = (
        event("late", NOV17, 15),
        event("early", NOV17, 9, start_certainty=Certainty.APPROXIMATE),
    )
    [drawn] = day_timelines(schedule(late, early), events=(late, early))
    assert desc(parse(drawn.svg)).startswith(
        "2 events from about 09:00 Lima time, which is 23:00 on Sun 17 Nov in Tokyo: Event early"
    )


def test_a_chosen_subset_draws_only_those_events(example: Schedule) -> None:
    chosen = tuple(e for e in example.events if e.kind.value == "meal")
    [drawn] = day_timelines(example, chosen)
    assert [g.get("data-event") for g in events_in(parse(drawn.svg))] == ["luncheon"]


# -- the width estimate -------------------------------------------------------------------

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def advances(path: Path) -> dict[str, float]:
    """Each character's advance in em, from a TrueType font's cmap (format 4) and hmtx."""
    data = path.read_bytes()
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode()] = offset
    units = struct.unpack(">H", data[tables["head"] + 18 : tables["head"] + 20])[0]
    metrics = struct.unpack(">H", data[tables["hhea"] + 34 : tables["hhea"] + 36])[0]
    hmtx = tables["hmtx"]
    widths = [struct.unpack(">H", data[hmtx + 4 * i : hmtx + 4 * i + 2])[0] for i in range(metrics)]
    cmap = tables["cmap"]
    found: dict[str, float] = {}
    for i in range(struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]):
        platform, _, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * i : cmap + 12 + 8 * i])
        at = cmap + offset
        if platform != 3 or struct.unpack(">H", data[at : at + 2])[0] != 4:
            continue
        count = struct.unpack(">H", data[at + 6 : at + 8])[0] // 2

        def array(index: int, kind: str = "H", count: int = count, at: int = at) -> tuple[int, ...]:
            start = at + 14 + 2 * count * index + 2 * (index > 0)
            return struct.unpack(f">{count}{kind}", data[start : start + 2 * count])

        ends, starts, deltas, ranges = array(0), array(1), array(2, "h"), array(3)
        range_at = at + 16 + 6 * count
        for seg in range(count):
            for code in range(starts[seg], min(ends[seg], 0xFFFE) + 1):
                if ranges[seg]:
                    where = range_at + 2 * seg + ranges[seg] + 2 * (code - starts[seg])
                    glyph = struct.unpack(">H", data[where : where + 2])[0]
                    glyph = (glyph + deltas[seg]) & 0xFFFF if glyph else 0
                else:
                    glyph = (code + deltas[seg]) & 0xFFFF
                found.setdefault(chr(code), widths[min(glyph, metrics - 1)] / units)
    return found


SAMPLE = "".join(chr(c) for c in range(0x20, 0x7F)) + "–—→·…‘’“”•éãçñüÅØßÉ"


@pytest.mark.parametrize(
    ("font", "bold"), [("DejaVuSans.ttf", False), ("DejaVuSans-Bold.ttf", True)]
)
def test_the_width_estimate_is_never_narrower_than_dejavu_sans(font: str, bold: bool) -> None:
    assert (DEJAVU / font).exists(), "DejaVu Sans is missing: ./dev test installs fonts-dejavu-core"
    real = advances(DEJAVU / font)
    assert real["n"] == pytest.approx(0.634 if not bold else 0.712, abs=0.01)  # read right
    for char in SAMPLE:
        assert text_width(char, 1000, bold=bold) >= real[char] * 1000, char


def test_east_asian_text_is_a_full_em_a_character() -> None:
    assert text_width("首脳会談", 12) == 48
    assert text_width("é", 12) == text_width("e", 12)  # combining marks take no room
    assert text_width("e\u0301", 12) == text_width("e", 12)


# -- generated schedules ------------------------------------------------------------------

ZONES = (
    "America/New_York",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
    "America/Lima",
    "Asia/Tokyo",
    "Australia/Lord_Howe",  # half-hour DST
)
DAYS = (date(2024, 3, 10), date(2024, 11, 3), date(2024, 4, 7), date(2024, 10, 6), NOV17)
WORDS = (
    "Summit", "meeting", "of", "the", "Welcome", "WWWWWWWW", "mmmmm", "Japan–Peru", "→", "iii",
    "東京", "首脳会談", "日本・ペルー首脳会談および歓迎式典", "Supercalifragilisticexpialidocious",
    "São", "Zürich", "x", "(A)", "%@", "Ⅻ", "한국어",
)  # fmt: skip
TITLES = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join),
    st.text(alphabet="あ漢字ペ WMil,.", min_size=1, max_size=90).filter(str.strip),
)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    zones = draw(st.lists(st.sampled_from(ZONES), min_size=1, max_size=3, unique=True))
    events = []
    for number in range(draw(st.integers(1, 7))):
        zone = load(draw(st.sampled_from(zones)))
        day = draw(st.sampled_from(DAYS)) + timedelta(days=draw(st.integers(0, 2)))
        if draw(st.integers(0, 9)) == 0:
            length = timedelta(days=draw(st.integers(1, 3)))
            start = start_of_day(day, zone)
            end = start_of_day(day + length, zone)
            events.append(Event(f"e{number}", draw(TITLES), start, end, whole_days=True))
            continue
        minute = draw(st.integers(0, 24 * 60 - 1)) // 5 * 5
        start = resolve(datetime.combine(day, time()) + timedelta(minutes=minute), zone, "later")
        minutes = draw(
            st.sampled_from((0, 0, 5, 15, 60, 150, 400 * 24 * 60)) | st.integers(0, 30 * 60)
        )
        end_zone = load(draw(st.sampled_from(zones))) if draw(st.booleans()) else zone
        end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(end_zone)
        events.append(
            Event(
                f"e{number}",
                draw(TITLES),
                start,
                end,
                status=draw(st.sampled_from(Status)),
                start_certainty=draw(st.sampled_from(Certainty)),
                end_certainty=draw(st.sampled_from(Certainty)),
                zone_name=draw(st.sampled_from(("", "", "Rio de Janeiro", "東京"))),
            )
        )
    home = draw(st.sampled_from((*ZONES, "Europe/London")))
    return Schedule(
        id="g", title="G", zone=events[0].zone, home_zone=load(home), events=tuple(events)
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedules(), st.sampled_from(WIDTHS))
def test_generated_schedules_lay_out_inside_and_apart(chosen: Schedule, width: int) -> None:
    days = check_days(chosen, width)
    for day in days:
        if day.svg:
            root = parse(day.svg)
            for node in texts(root, "tick"):
                assert re.fullmatch(r"\d\d:00", text_of(node))
