"""The steps of `summitcal extract`, each on its own: reading the document, the times
stated in a second zone, the events named, the zones, placing, and the checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from summitcal.extract import extract
from summitcal.extract.conversions import check_conversions, check_stated
from summitcal.extract.document import read_document
from summitcal.extract.document_zones import DocumentZones, choose_zones, context_zones
from summitcal.extract.event_ids import event_ids
from summitcal.extract.mentions import Mention, find_mentions
from summitcal.extract.placement import Chain, PlacedEvent, place_event, place_events
from summitcal.extract.records import Conversion, ExtractedEvent, StatedTime, ZoneChoice
from summitcal.extract.render import as_json
from summitcal.extract.second_zone import find_second_zone_times
from summitcal.extract.sentences import split_sentences
from summitcal.extract.stated_start import stated_start
from summitcal.gazetteer import cities_named, lowercase_unaccented
from summitcal.model import Certainty, Kind

LIMA_TOKYO = DocumentZones(
    ZoneChoice("America/Lima", "test"), ZoneChoice("Asia/Tokyo", "test"), ("America/Lima",)
)


def _document(body: str, date_line: str = "November 17, 2024") -> str:
    return f"Japan-Peru Summit Meeting (Summary)\n\n{date_line}\n\n {body}\n"


def _mentions(body: str, date_line: str = "November 17, 2024") -> tuple[Mention, ...]:
    document = read_document(_document(body, date_line))
    second = find_second_zone_times(document.sentences, context_zones(document.narrative))
    return find_mentions(document.sentences, second, document.date).events


def _placed(body: str, zones: DocumentZones = LIMA_TOKYO) -> tuple[PlacedEvent, ...]:
    return place_events(_mentions(body), zones)


def _checked(
    body: str, zones: DocumentZones = LIMA_TOKYO
) -> tuple[list[ExtractedEvent], tuple[str, ...]]:
    events, findings = check_conversions(_placed(body, zones))
    return list(events), findings


def _lima(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("America/Lima"))


# -- reading the document ----------------------------------------------------------------


def test_the_document_has_its_title_date_and_schedule_sentences() -> None:
    text = _document(
        "At 10:00 a.m. a meeting was held.\n1. The leaders welcomed the visit to Chile.\n"
        "2. At 2:00 p.m. a lunch was held."
    )
    document = read_document(text)
    assert document.title == "Japan-Peru Summit Meeting"
    assert (document.date, document.date_reason) == (
        date(2024, 11, 17),
        "the date line “November 17, 2024”",
    )
    # The numbered paragraph without a clock is the talks' content: not read for events,
    # and Chile is not where the visit is.
    assert [(s.text, s.numbered) for s in document.sentences][-2:] == [
        ("At 10:00 a.m. a meeting was held.", False),
        ("At 2:00 p.m. a lunch was held.", True),
    ]
    assert "Chile" not in document.narrative
    assert document.findings == ()


def test_a_given_date_wins_and_a_missing_one_is_a_finding() -> None:
    assert read_document("Visit\n\nMarch 3, 2025", on=date(2025, 3, 4)).date == date(2025, 3, 4)
    undated = read_document("Visit\n\nAt 10:00 a.m. a meeting was held.")
    assert undated.date is None
    assert "give --date" in undated.date_reason
    assert any("no date found" in finding for finding in undated.findings)


def test_control_characters_keep_the_offsets_true() -> None:
    text = _document("At 10:00 a.m.\x0b a meeting\x00 was held.")
    sentence = read_document(text).sentences[-1]
    assert sentence.text == "At 10:00 a.m.  a meeting  was held."
    assert len(text[sentence.start : sentence.end]) == len(sentence.text)


# -- times stated in a second zone -------------------------------------------------------


def test_a_parenthesis_gives_the_time_in_the_home_zone() -> None:
    (sentence,) = split_sentences(
        "Commencing at 10:50 a.m. (local time; 00:50 a.m. on November 18, Japan Standard "
        "Time), a welcome ceremony was held."
    )
    found = find_second_zone_times([sentence], ())
    ((parenthetical,),) = found.by_sentence
    assert (parenthetical.zone, parenthetical.label) == ("Asia/Tokyo", "Japan Standard Time")
    assert parenthetical.clock.text == "00:50 a.m."
    assert parenthetical.date is not None and parenthetical.date.day == 18
    assert found.labels == ("Japan Standard Time",)


def test_the_local_time_in_parentheses_is_not_a_home_zone_label() -> None:
    (sentence,) = split_sentences("At 8:00 a.m. (6:00 p.m. on March 3, local time), a meeting.")
    found = find_second_zone_times([sentence], ())
    ((parenthetical,),) = found.by_sentence
    assert parenthetical.local and parenthetical.zone is None
    assert found.labels == ()


def test_a_label_no_zone_has_is_a_finding_and_a_shared_one_means_the_named_place() -> None:
    sentences = split_sentences(
        "At 9:00 a.m. (2:00 p.m. Narnia time) a meeting. At 9:00 a.m. (9:00 a.m. Central "
        "European Time) a lunch."
    )
    found = find_second_zone_times(sentences, ("Europe/Paris",))
    assert [p.zone for ps in found.by_sentence for p in ps] == [None, "Europe/Paris"]
    assert len(found.findings) == 1 and "Narnia time" in found.findings[0]


# -- the events named ----------------------------------------------------------------------


def test_a_sub_session_follows_the_timed_event_and_shares_its_duration() -> None:
    ceremony, meeting = _mentions(
        "On November 17, commencing at 10:50 a.m., for approximately 70 minutes, Prime "
        "Minister Ishiba attended a welcome ceremony followed by a meeting with President "
        "Boluarte."
    )
    assert ceremony.timing is not None and ceremony.timing.clock.text == "10:50 a.m."
    assert ceremony.duration is not None and ceremony.duration.minutes == 70
    assert (ceremony.followers, meeting.follows_previous) == (1, True)
    assert meeting.timing is None and meeting.day == date(2024, 11, 17)


def test_each_time_belongs_to_the_event_named_before_it_and_the_first_one_wins() -> None:
    meeting, press = _mentions(
        "At 10:00 a.m., a meeting was held, which ended at 11:00 a.m., and a press "
        "conference at 11:30 a.m."
    )
    assert meeting.timing is not None and meeting.timing.clock.text == "10:00 a.m."
    assert press.timing is not None and press.timing.clock.text == "11:30 a.m."


def test_a_later_sentence_gives_its_duration_to_the_event_it_names() -> None:
    (meeting,) = _mentions(
        "At 10:00 a.m. a meeting was held. The meeting lasted approximately 90 minutes."
    )
    assert meeting.duration is not None
    assert (meeting.duration.minutes, meeting.duration.hedged) == (90, True)


def test_a_weekday_is_the_nearest_such_day_to_the_document_date() -> None:
    (lunch,) = _mentions("On Saturday, at 1:00 p.m., a lunch was held.")  # 17 Nov: a Sunday
    assert lunch.day == date(2024, 11, 16)


# -- the document's zones ----------------------------------------------------------------


def test_the_visited_country_is_local_and_the_labelled_clock_is_home() -> None:
    narrative = "Prime Minister Ishiba, who is visiting the Republic of Peru, held a meeting."
    zones = choose_zones(narrative, ["JST"], context_zones(narrative))
    assert (zones.local.zone, zones.home.zone) == ("America/Lima", "Asia/Tokyo")
    assert "Peru" in zones.local.reason and "JST" in zones.home.reason


def test_a_given_zone_wins_and_no_zone_at_all_is_utc() -> None:
    given = choose_zones("visiting the Republic of Peru", [], (), "Australia/Sydney")
    assert given.local == ZoneChoice("Australia/Sydney", "given with --zone")
    nothing = choose_zones("A meeting was held.", [], ())
    assert (nothing.local.zone, nothing.home.zone) == ("Etc/UTC", "Etc/UTC")
    assert "give --zone" in nothing.local.reason


# -- the stated start --------------------------------------------------------------------


def test_the_start_is_the_local_time_when_the_home_time_comes_first() -> None:
    (mention,) = _mentions(
        "At 8:00 a.m. on March 4 (6:00 p.m. on March 3, local time), the Prime Minister "
        "held a meeting.",
        date_line="March 4, 2025",
    )
    stated = stated_start(mention, "America/Lima", "Asia/Tokyo")
    assert stated.start == _lima(2025, 3, 3, 18, 0)
    assert [(s.zone, s.time) for s in stated.others] == [("Asia/Tokyo", datetime(2025, 3, 4, 8, 0))]


def test_a_time_that_cannot_exist_is_worked_back_from_the_other_one() -> None:
    (mention,) = _mentions("At 25:00 (local time; 3:00 p.m. on November 18, JST), a meeting.")
    stated = stated_start(mention, "America/Lima", "Asia/Tokyo")
    assert stated.start == _lima(2024, 11, 18, 1, 0)  # 15:00 in Tokyo
    assert stated.worked_back
    assert stated.notes == ("“25:00” cannot exist; the start is worked back from 15:00 JST",)


# -- placing events ----------------------------------------------------------------------


def test_an_event_in_lima_with_its_time_in_tokyo_the_next_day() -> None:
    """ "10:50 a.m. local time (00:50 on the 18th, Japan time)": 10:50 in Lima on the 17th
    is 00:50 in Tokyo on the 18th, which the check finds consistent."""
    body = (
        "On November 17, at 10:50 a.m. local time (00:50 on the 18th, Japan time), the "
        "Prime Minister attended a welcome ceremony."
    )
    (placed,) = _placed(body)
    assert (placed.zone, placed.span.start) == ("America/Lima", _lima(2024, 11, 17, 10, 50))
    (event,), findings = _checked(body)
    assert [(s.zone, s.time) for s in event.stated_times] == [
        ("Asia/Tokyo", datetime(2024, 11, 18, 0, 50))
    ]
    assert (event.conversion, findings) == (Conversion.CONSISTENT, ())


def test_sub_sessions_split_the_stated_duration() -> None:
    ceremony, meeting = _placed(
        "On November 17, commencing at 10:50 a.m., for approximately 70 minutes, Prime "
        "Minister Ishiba attended a welcome ceremony followed by a meeting with President "
        "Boluarte."
    )
    assert (ceremony.span.start, ceremony.span.minutes) == (_lima(2024, 11, 17, 10, 50), 15)
    assert (meeting.span.start, meeting.span.minutes) == (_lima(2024, 11, 17, 11, 5), 55)
    assert meeting.span.follows == ceremony.id
    assert meeting.span.start_certainty is Certainty.NOT_ANNOUNCED
    assert meeting.span.end_certainty is Certainty.APPROXIMATE  # "approximately 70"


def test_a_short_block_gives_the_timed_event_at_most_half() -> None:
    ceremony, meeting, lunch = _placed(
        "At 10:00 a.m., for 25 minutes, the Prime Minister attended a welcome ceremony "
        "followed by a meeting and a lunch."
    )
    # 12 minutes (at most half of 25), then the rest shared: 6, and 7 to end with the block.
    assert [e.span.minutes for e in (ceremony, meeting, lunch)] == [12, 6, 7]
    assert lunch.span.start == _lima(2024, 11, 17, 10, 18)
    assert lunch.span.end_certainty is Certainty.EXACT


def test_an_untimed_event_ends_when_the_next_timed_one_starts() -> None:
    _meeting, lunch, _press = _placed(
        "At 10:00 a.m. a meeting was held. Then a lunch was held. At 12:00 p.m. a press "
        "conference was held."
    )
    assert (lunch.span.start, lunch.span.minutes) == (_lima(2024, 11, 17, 11, 0), 60)
    assert "ends when the next timed event starts" in lunch.notes[-1]


def test_a_telephone_talk_with_no_place_is_in_the_home_zone() -> None:
    (call,) = _placed("At 9:30 p.m., the Prime Minister held a telephone talk with the President.")
    assert call.mention.phrase.kind is Kind.CALL
    assert call.zone == "Asia/Tokyo"
    assert call.span.start == datetime(2024, 11, 17, 21, 30, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_an_estimate_counts_elapsed_time_across_the_clock_change() -> None:
    berlin = DocumentZones(ZoneChoice("Europe/Berlin", ""), ZoneChoice("Europe/Berlin", ""), ())
    document = read_document(
        "Visit\n\nMarch 30, 2025\n\n At 1:30 a.m. the Chancellor arrived in Berlin. Then a "
        "meeting was held for 60 minutes.\n"
    )
    second = find_second_zone_times(document.sentences, ())
    _arrival, meeting = place_events(
        find_mentions(document.sentences, second, document.date).events, berlin
    )
    assert meeting.span.start == datetime(2025, 3, 30, 3, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_one_event_placed_from_what_the_one_before_left() -> None:
    (mention,) = _mentions("Then a meeting was held.")
    before = Chain(end=_lima(2024, 11, 17, 12, 0), last_id="lunch", shares=(40, 20))
    placed, after = place_event(
        replace(mention, follows_previous=True),  # a sub-session of the block before
        "meeting",
        "America/Lima",
        stated_start(mention, "America/Lima", "Asia/Tokyo"),
        before,
    )
    assert (placed.span.start, placed.span.minutes, placed.span.follows) == (
        _lima(2024, 11, 17, 12, 0),
        40,
        "lunch",
    )
    assert (after.shares, after.last_id, after.end) == (
        (20,),
        "meeting",
        _lima(2024, 11, 17, 12, 40),
    )
    assert before.shares == (40, 20)  # the chain given is left as it was


def test_an_event_nothing_places_is_left_for_a_person() -> None:
    document = read_document("Visit\n\n A meeting was held.\n")
    second = find_second_zone_times(document.sentences, ())
    (placed,) = place_events(find_mentions(document.sentences, second, None).events, LIMA_TOKYO)
    assert placed.span.start is None
    assert "place it by hand" in placed.notes[-1]


def test_event_ids_are_unique_in_a_document() -> None:
    assert event_ids(["Meeting", "Meeting", "Meeting-2", "Réunion à Brasília", "!!"]) == (
        "meeting",
        "meeting-2",
        "meeting-2-2",
        "reunion-a-brasilia",
        "event",
    )


def test_place_names_match_with_or_without_accents() -> None:
    assert lowercase_unaccented("Brasília") == "brasilia"
    assert cities_named("Brasília")[0].zone == cities_named("Brasilia")[0].zone


# -- checking conversions ----------------------------------------------------------------


def test_a_twelve_hour_slip_is_an_inconsistency_with_its_cause() -> None:
    (event,), findings = _checked(
        "Commencing at 12:45 p.m. (local time; 2:45 p.m. on November 18, JST), Prime "
        "Minister Ishiba attended a luncheon."
    )
    assert (event.conversion, event.conversion_error_minutes) == (Conversion.INCONSISTENT, 720)
    assert len(findings) == 1 and "12-hour slip" in findings[0]
    assert (
        as_json(extract(_document("At 12:45 p.m. (2:45 p.m. on November 18, JST), a lunch.")))[
            "events"
        ][0]["conversion"]
        == "inconsistent"
    )


def test_a_hedged_time_is_consistent_within_a_quarter_hour() -> None:
    (event,), findings = _checked(
        "Around 10:40 a.m. (local time; 0:50 a.m. on November 18, JST), a meeting was held."
    )
    assert (event.conversion, event.conversion_error_minutes, findings) == (
        Conversion.CONSISTENT,
        10,
        (),
    )


def test_times_a_start_is_worked_back_from_are_shown_not_checked() -> None:
    (event,), findings = _checked(
        "At 25:00 (local time; 3:00 p.m. on November 18, JST), a meeting."
    )
    assert event.conversion is Conversion.UNCHECKED
    assert [(s.zone, s.time) for s in event.stated_times] == [
        ("Asia/Tokyo", datetime(2024, 11, 18, 15, 0))
    ]
    assert findings == ()


def test_a_stated_time_without_a_date_takes_the_nearest_day() -> None:
    start = datetime(2024, 11, 17, 15, 50, tzinfo=UTC).astimezone(ZoneInfo("America/Lima"))
    check = check_stated(
        start, StatedTime("Asia/Tokyo", datetime(2024, 11, 17, 0, 50), "JST", False), 0
    )
    assert check.stated.time == datetime(2024, 11, 18, 0, 50)
    assert (check.conversion, check.error_minutes) == (Conversion.CONSISTENT, 0)
