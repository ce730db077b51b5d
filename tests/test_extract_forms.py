"""The forms real press texts use (issue 13), one short text each: datelines, relative
days, clocks in GMT, programmes and day records, verbs for meetings and calls. Every
expected instant is worked out here with ``zoneinfo`` from the text's own words, not
taken from the extractor."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from summitcal.extract import extract
from summitcal.extract.render import as_json


def _events(text: str, **options: Any) -> list[dict[str, Any]]:
    return list(as_json(extract(text, **options))["events"])


def _instant(event: dict[str, Any]) -> datetime:
    wall = datetime.fromisoformat(event["start"])
    return wall.replace(tzinfo=ZoneInfo(event["zone"])).astimezone(UTC)


def _at(zone: str, *wall: int) -> datetime:
    return datetime(*wall, tzinfo=ZoneInfo(zone)).astimezone(UTC)  # type: ignore[misc]


def test_a_dateline_gives_the_date_and_the_place_and_is_no_sentence() -> None:
    text = (
        "SEOUL, June 4, 2024 (Yonhap) -- President Yoon held a summit with Prime "
        "Minister Kishida on Monday at 10 a.m. (0100 GMT)."
    )
    data = as_json(extract(text))
    assert data["document_date"] == "2024-06-04"
    (summit,) = data["events"]
    # 4 June 2024 is a Tuesday: "held … on Monday" is the day before.
    assert _instant(summit) == _at("Asia/Seoul", 2024, 6, 3, 10, 0)
    assert summit["zone"] == "Asia/Seoul"
    assert summit["conversion"] == "consistent"
    assert "Kishida" in summit["title"] and "10 a.m" not in summit["title"]


def test_a_dateline_without_a_year_asks_for_the_date() -> None:
    text = "MOSCOW, March 21. /TASS/. Putin held talks with Xi in the Kremlin today."
    result = extract(text)
    assert result.document_date is None
    assert any("gives no year" in finding and "--date" in finding for finding in result.findings)
    (talks,) = _events(text, on=date(2023, 3, 21))
    assert talks["zone"] == "Europe/Moscow"


def test_a_later_sentence_times_the_talks_named_before() -> None:
    text = (
        "MOSCOW, March 3, 2021. /TASS/. Russian President Vladimir Putin held talks with "
        "Chinese President Xi Jinping in the Kremlin today. The talks began at 12:30 "
        "Moscow time."
    )
    (talks,) = _events(text)
    assert "Xi Jinping" in talks["title"]
    assert _instant(talks) == _at("Europe/Moscow", 2021, 3, 3, 12, 30)


def test_telephone_talks_timed_the_day_before_the_report() -> None:
    text = (
        "SEOUL, Jan. 1, 2014 (Yonhap) -- Foreign Minister Yun Byung-se held telephone talks "
        "with his Chinese counterpart Wang Yi, the ministry said Wednesday. The talks began "
        "at 9:30 p.m. Tuesday and lasted about one hour."
    )
    (call,) = _events(text)
    assert call["kind"] == "call"
    assert _instant(call) == _at("Asia/Seoul", 2013, 12, 31, 21, 30)
    assert call["duration_minutes"] == 60 and call["approximate"] is True


def test_a_future_weekday_is_the_next_one_and_gmt_checks_the_local_time() -> None:
    text = (
        "GENEVA, Jan. 24, 2014 (Reuters) - The two delegations will meet face to face on "
        "Saturday morning at 10:00 a.m. (0900 gmt), mediator Brahimi said."
    )
    (meeting,) = _events(text)
    assert meeting["zone"] == "Europe/Zurich"
    assert _instant(meeting) == _at("Europe/Zurich", 2014, 1, 25, 10, 0)
    assert meeting["conversion"] == "consistent"


def test_a_wrong_gmt_time_is_flagged() -> None:
    text = (
        "PARIS, July 4, 2023 (AFP) - President Macron met Chancellor Scholz at 9 a.m. (0900 GMT)."
    )
    (meeting,) = _events(text)
    assert meeting["conversion"] == "inconsistent"
    assert meeting["conversion_error_minutes"] == 120  # 9:00 CEST is 07:00 GMT


def test_a_city_s_time_is_that_city_s_clock() -> None:
    text = (
        "Buenos Aires, December 1, 2018 - The meeting between Putin and Trump will begin "
        "at 5.30 p.m. Moscow time."
    )
    (meeting,) = _events(text)
    assert _instant(meeting) == _at("Europe/Moscow", 2018, 12, 1, 17, 30)


def test_a_verb_names_the_meeting_or_the_call() -> None:
    text = (
        "TOKYO, May 2, 2023 - Prime Minister Kishida spoke by phone with President Biden at "
        "9 p.m. for about 30 minutes."
    )
    (call,) = _events(text)
    assert call["kind"] == "call" and "Biden" in call["title"]
    assert _instant(call) == _at("Asia/Tokyo", 2023, 5, 2, 21, 0)
    assert call["duration_minutes"] == 30


def test_a_summit_attended_is_no_event_but_one_held_is() -> None:
    text = (
        "LIMA, Nov. 15, 2024 - Ishiba, who is in Lima to attend the APEC summit, will meet "
        "with his Chinese counterpart Xi Jinping at 3 p.m. on Friday."
    )
    (meeting,) = _events(text)
    assert "Xi Jinping" in meeting["title"] and "APEC" not in meeting["title"]
    assert _instant(meeting) == _at("America/Lima", 2024, 11, 15, 15, 0)


def test_a_programme_with_times_on_their_own_lines() -> None:
    text = (
        "Indicative programme - Foreign Affairs Council of 25 June 2018\n\n"
        "European Convention Center Luxembourg (ECCL)\n\n"
        "All times are approximate and subject to change\n\n"
        "from 08.00\n\nArrivals (live streaming)\n\n"
        "+/- 09.00\n\nDoorstep by the High Representative\n\n"
        "+/- 14.00\n\nWorking lunch of foreign ministers\n"
    )
    events = _events(text)
    assert [e["title"].split(" ")[0] for e in events] == ["Arrivals", "Doorstep", "Working"]
    assert [_instant(e) for e in events] == [
        _at("Europe/Luxembourg", 2018, 6, 25, 8, 0),
        _at("Europe/Luxembourg", 2018, 6, 25, 9, 0),
        _at("Europe/Luxembourg", 2018, 6, 25, 14, 0),
    ]
    assert all(e["start_certainty"] == "approximate" for e in events)
    assert events[2]["kind"] == "meal"


def test_a_programme_line_that_ends_the_item_before_it() -> None:
    text = (
        "date 2018-06-22 The informal working meeting will take place on Sunday, 24 June 2018.\n"
        "- 15.05 Working session for Heads of State or Government, Jean Monnet room\n"
        "- 19.00 (approximately) End of the Informal Working Meeting\n"
    )
    (session,) = _events(text, zone="Europe/Brussels")
    assert _instant(session) == _at("Europe/Brussels", 2018, 6, 24, 15, 5)
    assert session["duration_minutes"] == 235 and session["approximate"] is True


def test_a_schedule_in_twelve_hour_lines_with_a_place_line_and_a_label() -> None:
    text = (
        "Itinerary for the Prime Minister for Tuesday, May 24, 2016:\nTokyo, Japan\n"
        "8:30 a.m. JST The Prime Minister will visit the Meiji Shrine.\n"
        "12:00 pm\n27th Floor\nPhoto opportunity: The Secretary-General with the Minister\n"
    )
    shrine, photo = _events(text)
    assert "Meiji Shrine" in shrine["title"] and not shrine["title"].startswith("JST")
    assert _instant(shrine) == _at("Asia/Tokyo", 2016, 5, 24, 8, 30)
    assert photo["title"].startswith("Photo opportunity")
    assert _instant(photo) == _at("Asia/Tokyo", 2016, 5, 24, 12, 0)


def test_a_time_table_in_japanese_with_an_end_in_brackets() -> None:
    text = "出張\n2018.11.19\n11月14日\n07:15 宿舎発\n09:00 衆議院外務委員会(-12:00)\n"
    leave, committee = _events(text, zone="Asia/Tokyo")
    assert leave["title"] == "宿舎発"
    assert _instant(committee) == _at("Asia/Tokyo", 2018, 11, 14, 9, 0)
    assert committee["title"] == "衆議院外務委員会" and committee["duration_minutes"] == 180


def test_a_japanese_day_record_carries_the_hour_and_the_afternoon() -> None:
    text = (
        "首相動静(5月20日)\n2010年5月20日\n"
        " 午前9時34分、公邸発。同36分、官邸着。\n"
        " 午後0時22分、執務室を出て大会議室へ。同23分、関係閣僚会議開始。\n"
        " 午後0時52分、同会議終了。同54分、同室を出て、同55分、官邸発。同1時3分、衆院本会議開会。\n"
    )
    events = _events(text)
    walls = [e["start"] for e in events]
    # 同36分 is 9:36; 同1時3分 after 午後0時 is 13:03; leaving a room (同室を出て) is no event.
    assert walls == [
        "2010-05-20T09:34",
        "2010-05-20T09:36",
        "2010-05-20T12:23",
        "2010-05-20T12:55",
        "2010-05-20T13:03",
    ]
    assert events[0]["title"] == "公邸発" and events[0]["kind"] == "travel"
    assert events[2]["duration_minutes"] == 29  # 開始 at 12:23, 終了 at 12:52
    assert events[-1]["title"] == "衆院本会議開会"


def test_a_trip_s_events_are_in_the_clock_of_the_place_travel_reached() -> None:
    text = (
        "出張\n2018.11.19\n11月14日\n17:00 羽田発\n11月15日\n00:18 ポートモレスビー着\n"
        "08:30 日チリ外相会談\n"
    )
    leave, arrive, talks = _events(text)
    assert leave["zone"] == "Asia/Tokyo"  # a departure is where it leaves from
    assert arrive["zone"] == talks["zone"] == "Pacific/Port_Moresby"
    assert _instant(talks) == _at("Pacific/Port_Moresby", 2018, 11, 15, 8, 30)


def test_prose_between_a_programme_s_lines_does_not_move_its_day() -> None:
    text = (
        "出張\n2018.11.19\n11月15日\n07:40 打ち合わせ\n"
        "この道路は16日の訪問に合わせて開通しました。\n08:30 日チリ外相会談\n"
    )
    _meeting, talks = _events(text, zone="Pacific/Port_Moresby")
    assert talks["start"] == "2018-11-15T08:30"


def test_a_date_inside_a_quotation_is_not_the_day() -> None:
    text = (
        "首相動静(5月20日)\n2010年5月20日\n"
        " 午前9時36分、官邸着。「28日に合意文書をまとめるのか」に「努力している」。\n"
        " 午前10時26分から同11時2分まで、マーク・ベニオフ会長ら。\n"
    )
    *_, visit = _events(text)
    assert visit["start"] == "2010-05-20T10:26" and visit["duration_minutes"] == 36


def test_a_title_naming_a_pair_speaks_for_the_first_country() -> None:
    text = (
        "Japan-Australia Foreign Ministers’ Telephone Talk\n\nAugust 30, 2017\n\n"
        "On Wednesday, August 30, commencing at 3:15 p.m. for approximately 20 minutes, "
        "Mr. Taro Kono, Minister for Foreign Affairs, held a telephone talk with the Hon. "
        "Julie Bishop, MP, Minister for Foreign Affairs of the Commonwealth of Australia."
    )
    (call,) = _events(text)
    assert call["zone"] == "Asia/Tokyo"
    assert _instant(call) == _at("Asia/Tokyo", 2017, 8, 30, 15, 15)


def test_a_call_made_while_visiting_is_in_the_visited_clock() -> None:
    text = (
        "日英外相電話会談\n令和6年7月17日\n"
        "7月17日、訪問中のイタリアにおいて、現地時間午前9時40分（日本時間同日午後4時40分）から"
        "約20分間、上川陽子外務大臣は、ラミー英国外務大臣と電話会談を行いました。"
    )
    (call,) = _events(text)
    assert call["zone"] == "Europe/Rome"
    assert _instant(call) == _at("Europe/Rome", 2024, 7, 17, 9, 40)
    assert call["conversion"] == "consistent"


def test_gmt_is_the_wire_s_check_not_the_reader_s_home() -> None:
    text = (
        "WASHINGTON, Sept 27, 2013 (AFP) - President Barack Obama and President Hassan "
        "Rowhani spoke by telephone on Friday. The White House arranged the call, which "
        "took place at 2:30 pm (1830GMT) and lasted 15 minutes."
    )
    (call,) = _events(text)
    assert call["zone"] == "America/New_York"
    assert _instant(call) == _at("America/New_York", 2013, 9, 27, 14, 30)
    assert call["conversion"] == "consistent" and call["duration_minutes"] == 15


def test_the_day_in_the_parenthesis_is_the_other_clock_s() -> None:
    text = (
        "米露首脳会談\n2025年8月15日\n"
        "米ホワイトハウスによると、会談はアンカレジで15日午前11時（日本時間16日午前4時）に始まる。"
    )
    (talks,) = _events(text, zone="America/Anchorage")
    assert _instant(talks) == _at("America/Anchorage", 2025, 8, 15, 11, 0)
    assert talks["stated_times"][0]["time"] == "2025-08-16T04:00"
    assert talks["conversion"] == "consistent"


def test_a_weekly_schedule_s_place_headings_and_item_places() -> None:
    text = (
        "Weekly schedule of the President\n\n"
        "Monday 14 September 2020\n11.00 Meeting with the Vice-President\n\n"
        "Tuesday 15 September 2020\nVisit to Greece (local time)\n\n"
        "12.45 Meeting with Prime Minister Kyriakos Mitsotakis\n"
        "Visit to Malta\n17.00 Meeting with Prime Minister Robert Abela\n\n"
        "Friday 18 September 2020\n"
        "08.30 Meeting with the Ambassador in Washington, D.C.\n"
    )
    brussels, athens, malta, washington = _events(text, zone="Europe/Brussels")
    assert brussels["zone"] == "Europe/Brussels"
    assert _instant(athens) == _at("Europe/Athens", 2020, 9, 15, 12, 45)
    assert _instant(malta) == _at("Europe/Malta", 2020, 9, 15, 17, 0)
    assert _instant(washington) == _at("America/New_York", 2020, 9, 18, 8, 30)


def test_talks_timed_and_ended_by_later_sentences() -> None:
    text = (
        "date 2021-06-16 GENEVA, June 16. /TASS/. Presidents Vladimir Putin and Joe Biden "
        "have completed their talks in private in Geneva. The meeting began at Villa La "
        "Grange at 13:36 local time.\n\nThis part of the talks was initially scheduled to "
        "take up one hour and 15 minutes, but it lasted almost two hours, finishing at "
        "15:19 local time.\n"
    )
    (talks,) = _events(text)
    assert _instant(talks) == _at("Europe/Zurich", 2021, 6, 16, 13, 36)
    assert talks["duration_minutes"] == 103


def test_the_ministry_s_afternoon_twelve_is_noon_and_its_check_agrees() -> None:
    text = (
        "日・ペルー首脳会談\n令和6年11月17日\n"
        "現地時間11月17日午後12時45分（日本時間18日午前2時45分）から、"
        "訪問中のペルーにおいて、ボルアルテ大統領主催昼食会に出席しました。"
    )
    (lunch,) = _events(text)
    assert _instant(lunch) == _at("America/Lima", 2024, 11, 17, 12, 45)
    assert lunch["conversion"] == "consistent"


def test_a_repeated_lead_names_its_event_once_and_the_later_sentence_times_it() -> None:
    lead = (
        "President Barack Obama and President Hassan Rowhani spoke by telephone on Friday, "
        "the highest-level contact between the two countries in three decades"
    )
    text = (
        f"WASHINGTON, Sept 27, 2013 (AFP) - {lead}...\n\n{lead}. The White House arranged "
        "the call, which took place at 2:30 pm (1830GMT) and lasted 15 minutes.\n"
    )
    (call,) = _events(text)
    assert _instant(call) == _at("America/New_York", 2013, 9, 27, 14, 30)


def test_what_a_reviewer_found_is_read_right() -> None:
    """Each text here was read wrongly (or raised) before the review of the new forms."""
    nothing = extract("8時45分、官邸。\n同60分、会議。\n会談を" + "9" * 5000 + "分行った。")
    assert all(event.start is None or event.start.minute < 60 for event in nothing.events)
    programme = (
        "Programme, 25 June 2018, Luxembourg\n11.00 a.m. - 2.00 Talks with the President\n"
        "9.00 p.m.-12.00 Gala dinner\n22.00 - 24.00 Reception hosted by the President\n"
    )
    assert [e["duration_minutes"] for e in _events(programme, zone="Europe/Luxembourg")] == [
        180,
        180,
        120,
    ]
    (talks,) = _events("首相の動静\n2024年11月14日\n首相は午後3時から4時まで首脳会談を行った。")
    assert talks["start"] == "2024-11-14T15:00" and talks["duration_minutes"] == 60
    (late,) = _events("首相の動静\n2024年11月14日\n深夜12時すぎ、首脳会談を行った。")
    assert late["start"] == "2024-11-15T00:00" and late["title"] == "首脳会談"
    moved = _events(
        "November 13, 2024\nPresident Xi departed from Beijing at 9 a.m. on November 14, 2024 "
        "for a state visit to Russia. He held talks with President Putin in the Kremlin at "
        "3 p.m."
    )
    assert moved[-1]["zone"] == "Europe/Moscow"
    future = _events(
        "November 14, 2024\nIshiba will meet President Biden on Monday at 10 a.m., officials said."
    )
    assert future[0]["start"] == "2024-11-18T10:00"  # Thursday's "on Monday" to come
    assert (
        _events("November 14, 2024\nThe President received the Nobel Peace Prize at 10 a.m.") == []
    )
    counted = _events("November 14, 2024\nThe leaders held talks after 1500 hours of work.")
    assert [e["start"] for e in counted] == [None]  # hours counted, not a clock
    assert _events("November 14, 2024\n3.25 The Leaders welcomed the progress in the talks.") == []


def test_a_call_before_talks_held_abroad_is_at_home_on_its_own_day() -> None:
    text = (
        "日本首相 トランプ大統領と電話会談\n"
        "閣僚交渉が日本時間の24日ワシントンで行われるのを前に、石破総理大臣は23日午前11時から"
        "およそ45分間、トランプ大統領と電話で会談しました。"
    )
    (call,) = [e for e in _events(text, on=date(2025, 5, 23)) if e["start"]]
    assert call["zone"] == "Asia/Tokyo"
    assert _instant(call) == _at("Asia/Tokyo", 2025, 5, 23, 11, 0)
    assert call["duration_minutes"] == 45 and call["approximate"] is True


def test_a_time_said_in_a_place_is_that_place_s_clock() -> None:
    text = (
        "MOSCOW, August 14, 2025 (TASS) - A meeting between Russian President Vladimir "
        "Putin and US President Donald Trump will begin at 11.30 am local time in Alaska "
        "on Friday."
    )
    (meeting,) = _events(text)
    assert _instant(meeting) == _at("America/Anchorage", 2025, 8, 15, 11, 30)


def test_a_date_after_a_second_time_is_that_time_s() -> None:
    text = (
        "NEW DELHI, March 19, 2022 (PTI) - The Japanese prime minister arrived in New Delhi "
        "at around 3:40 pm and is scheduled to depart at 8 am on Sunday."
    )
    arrival = next(e for e in _events(text) if "Arrival" in e["title"])
    assert _instant(arrival) == _at("Asia/Kolkata", 2022, 3, 19, 15, 40)


def test_a_dotted_time_is_a_clock_after_at_or_before_a_label_only() -> None:
    text = (
        "ISTANBUL, March 28, 2022 (RIA Novosti) - The plane with the Russian delegation "
        "on board landed at Ataturk Airport at 16.00 local time. Negotiations will start on "
        "Tuesday at 10.30 Moscow time. Turnout rose to 10.45 per cent at the talks."
    )
    landing, talks = (e for e in _events(text) if e["start"])
    assert _instant(landing) == _at("Europe/Istanbul", 2022, 3, 28, 16, 0)
    assert _instant(talks) == _at("Europe/Moscow", 2022, 3, 29, 10, 30)


def test_a_weekday_in_brackets_inside_the_second_clock_s_brackets() -> None:
    text = (
        "Japan-Australia Summit Meeting\n\nSeptember 24, 2014\n\n"
        "On September 24 (Wednesday), commencing at 1:22 p.m. (0:22 a.m. on September 25 "
        "(Thursday) JST) for approximately 50 minutes, Mr. Shinzo Abe, the Prime Minister, "
        "who was on his visit to New York, held a Japan-Australia summit meeting."
    )
    (meeting,) = _events(text)
    assert _instant(meeting) == _at("America/New_York", 2014, 9, 24, 13, 22)
    # 13:22 in New York is 02:22 in Tokyo: the stated 00:22 is two hours early.
    assert (meeting["conversion"], meeting["conversion_error_minutes"]) == ("inconsistent", -120)


def test_a_winter_abbreviation_written_in_summer_is_taken_as_written() -> None:
    text = (
        "LONDON, September 18, 2025 (MNI) - A press conference is expected at 14:30 BST "
        "(15:30 CET) at Chequers."
    )
    (press,) = _events(text)
    assert _instant(press) == _at("Europe/London", 2025, 9, 18, 14, 30)
    # 15:30 CET is 14:30 UTC; 14:30 BST is 13:30 UTC: the CET time is an hour late.
    assert (press["conversion"], press["conversion_error_minutes"]) == ("inconsistent", 60)
    (stated,) = [s for s in press["stated_times"] if s["zone"] != "Europe/London"]
    assert stated["zone"] == "Etc/GMT-1" and "winter offset" in stated["label"]


def test_three_clocks_in_one_sentence_are_each_checked() -> None:
    text = (
        "LONDON, September 18, 2025 (MNI) - A press conference is expected at around "
        "14:30BST (09:30ET, 15:30CET) at Chequers."
    )
    (press,) = _events(text)
    assert _instant(press) == _at("Europe/London", 2025, 9, 18, 14, 30)
    zones = {s["zone"] for s in press["stated_times"]}
    assert {"America/New_York", "Etc/GMT-1"} <= zones
    # ET agrees; CET taken as written (UTC+1) is an hour late.
    assert (press["conversion"], press["conversion_error_minutes"]) == ("inconsistent", 60)


def test_a_schedule_s_items_at_a_seat_of_government_or_after_one_abroad() -> None:
    text = (
        "Public Schedule\nMarch 9, 2023\n\n"
        "9:30 a.m. LOCAL Secretary meets with the Kenyan President, in Nairobi, Kenya.\n"
        "11:00 a.m. Secretary holds a roundtable with students.\n"
        "10:00 a.m. Under Secretary meets with the Ambassador of Chile at the Department of State.\n"
    )
    nairobi, after, washington = _events(text)
    assert _instant(nairobi) == _at("Africa/Nairobi", 2023, 3, 9, 9, 30)
    assert _instant(after) == _at("Africa/Nairobi", 2023, 3, 9, 11, 0)
    assert _instant(washington) == _at("America/New_York", 2023, 3, 9, 10, 0)


def test_a_programme_that_names_only_its_building_or_a_capital_inside_a_name() -> None:
    brussels = _events(
        "Media programme\nTuesday 3 March 2026\n\n"
        "18.00 – Arrivals (Europa building main entrance)\n18.30 – Working dinner\n"
    )
    assert [e["zone"] for e in brussels] == ["Europe/Brussels"] * 2
    _arrivals, lisbon = _events(
        "Council meeting of 4 May 2026\n\n09.00 Arrivals\n+/- 13.00 Press conference\n\n"
        "Journalists may attend in the CCB Lisbon press room.\n"
    )
    assert _instant(lisbon) == _at("Europe/Lisbon", 2026, 5, 4, 13, 0)


def test_times_all_in_one_clock_place_a_text_that_says_only_in_a_country() -> None:
    text = (
        "Leaders arrive for the summit\n\n"
        "At 10:30 BST the Prime Minister will host a breakfast for the Irish Taoiseach. "
        "The flooding in Greece last week is expected to come up.\n"
    )
    (breakfast,) = _events(text, on=date(2024, 7, 3))
    assert breakfast["zone"] == "Europe/London"
    assert _instant(breakfast) == _at("Europe/London", 2024, 7, 3, 10, 30)


def test_a_city_named_as_the_place_wins_over_a_country_in_the_background() -> None:
    text = (
        "Next week the ministers will meet on Tuesday 8 October. The meeting will take place "
        "in Vienna. They will also discuss the crisis in Sudan, a month after the "
        "clashes on 9 September.\n"
        "The press conference after the meeting is scheduled for +/- 16:30 CEST.\n"
    )
    *_, press = _events(text, on=date(2024, 10, 1))
    assert press["zone"] == "Europe/Vienna"
    assert _instant(press) == _at("Europe/Vienna", 2024, 10, 8, 16, 30)


def test_a_named_sub_meeting_is_its_own_event_and_the_talks_after_it_are_it() -> None:
    text = (
        "OSLO, June 2 (Wire) -- The two presidents held a summit meeting at the palace on "
        "Tuesday. The expanded meeting began at 11:20 a.m., with the talks focusing on trade.\n"
    )
    summit, expanded = _events(text, on=date(2027, 6, 2))
    assert summit["start"] is None
    assert "expanded meeting" in expanded["title"].lower()
    assert _instant(expanded) == _at("Europe/Oslo", 2027, 6, 1, 11, 20)


def test_a_departure_timed_on_a_later_day_in_the_same_sentence() -> None:
    text = (
        "Chancellor arrives in Ottawa\n\nOTTAWA, May 7 (Wire) -- The Chancellor arrived in "
        "the capital at 4:10 pm on Friday and is to leave at 9 am on Sunday.\n"
    )
    arrival, departure = _events(text, on=date(2027, 5, 7))
    assert _instant(arrival) == _at("America/Toronto", 2027, 5, 7, 16, 10)
    assert departure["kind"] == "travel"
    assert _instant(departure) == _at("America/Toronto", 2027, 5, 9, 9, 0)


def test_a_statement_quoted_whole_dates_what_follows() -> None:
    text = (
        "Delegation in Vienna\n\nBERLIN, Oct 6 (Wire) -- “The delegation arrived in Vienna "
        "on Monday for the talks. The plane landed at Schwechat Airport at 15.40 local "
        "time,” the ministry said.\n"
    )
    landing = _events(text, on=date(2027, 10, 6))[-1]
    assert _instant(landing) == _at("Europe/Vienna", 2027, 10, 4, 15, 40)


def test_japanese_talks_by_telephone_and_meetings_only_hoped_or_arranged() -> None:
    text = (
        "首相、大統領と電話会談\n\n"
        "首相は、フランスのマクロン大統領と電話で会談し、来月パリで会談する方向で調整を進めることで一致した。"
        "電話会談は、12日午後9時から約20分間行われた。"
        "首相は「直接会談することを楽しみにしている」と述べ、両首脳は対面で会談するのは初めてとなる。"
        "両首脳はウクライナ情勢を巡り協議した。\n"
    )
    (call,) = _events(text, on=date(2027, 3, 12))
    assert call["kind"] == "call"
    assert _instant(call) == _at("Asia/Tokyo", 2027, 3, 12, 21, 0)
    assert call["duration_minutes"] == 20


def test_japanese_events_listed_then_held_by_the_last_verb() -> None:
    text = (
        "日豪外相会談\n令和9年6月3日\n"
        "6月3日,豪州を訪問中の外務大臣は,10時15分(現地時間)から約60分間,"
        "キャンベラの外務省において日豪外相会談,その後共同記者会見をはさみ,昼食会を実施しました。\n"
    )
    talks, press, lunch = _events(text)
    assert talks["title"] == "日豪外相会談"
    assert _instant(talks) == _at("Australia/Sydney", 2027, 6, 3, 10, 15)
    assert press["title"] == "共同記者会見"
    assert press["start"] is None and lunch["start"] is None


def test_a_photo_caption_is_no_event_and_names_no_place() -> None:
    text = (
        "Leaders to meet in Nairobi\n\n"
        "President Smith talks with Chancellor Braun as they attend a ceremony in Vienna, "
        "Oct. 2, 2026. PHOTO: JANE DOE/WIRE\n"
        "NAIROBI (Wire) - President Smith will hold talks with President Otieno at 10:00 a.m. on "
        "Thursday, Oct. 8, 2026.\n"
    )
    (talks,) = _events(text)
    assert _instant(talks) == _at("Africa/Nairobi", 2026, 10, 8, 10, 0)


def test_an_island_named_as_the_place_is_not_a_namesake_town() -> None:
    text = (
        "Leaders meet on the sidelines\n\n"
        "The two presidents held talks on the sidelines of the summit in Bali on Tuesday. "
        "The talks began at 4:20 p.m. local time.\n"
    )
    (talks,) = _events(text, on=date(2026, 11, 17))
    assert talks["zone"] == "Asia/Makassar"
    assert _instant(talks) == _at("Asia/Makassar", 2026, 11, 17, 16, 20)


def test_a_dotted_time_after_plus_or_minus_in_brackets_is_the_sentence_s_own() -> None:
    text = (
        "Council of 14 April 2026\n\n"
        "At the close of the session (+/- 17.40) – Press conference at the Europa building.\n"
    )
    (press,) = _events(text)
    assert press["start_certainty"] == "approximate"
    assert _instant(press) == _at("Europe/Brussels", 2026, 4, 14, 17, 40)


def test_a_debate_a_talk_and_a_flight_into_a_city_are_events() -> None:
    text = (
        "Summit week in Dublin\n\n"
        "A military jet will fly Chancellor Braun into Dublin Airport at 09:15 GMT. "
        "At 12:00 GMT she will join the Taoiseach for a debate at Trinity College. "
        "The Chancellor is set to deliver a talk at the Royal Irish Academy at 16:30 GMT. "
        "The debate over fishing quotas continues.\n"
    )
    flight, debate, talk = _events(text, on=date(2026, 6, 9))
    assert flight["kind"] == "travel"
    assert _instant(flight) == _at("UTC", 2026, 6, 9, 9, 15)
    assert "debate" in debate["title"].lower()
    assert _instant(debate) == _at("UTC", 2026, 6, 9, 12, 0)
    assert talk["kind"] == "speech"
    assert _instant(talk) == _at("UTC", 2026, 6, 9, 16, 30)


def test_a_lead_told_again_in_a_quote_is_one_event_with_the_fuller_times() -> None:
    text = (
        "Leaders to meet in Hawaii\n\n"
        "A meeting between the two presidents will begin at 10.00 am local time in Hawaii "
        "on Friday with a one-on-one conversation, an aide told reporters in Tokyo.\n\n"
        '"It will all begin tomorrow, at approximately 10.00 local time (2000 GMT), '
        "with a conversation between the presidents. This meeting will be "
        'held with interpreters," he said.\n'
    )
    events = _events(text, on=date(2026, 3, 12))
    timed = [e for e in events if e["start"] is not None]
    assert len(timed) == 1
    (meeting,) = timed
    assert meeting["zone"] == "Pacific/Honolulu"
    assert _instant(meeting) == _at("Pacific/Honolulu", 2026, 3, 13, 10, 0)
    assert meeting["start_certainty"] == "approximate"
    assert meeting["conversion"] == "consistent"
    assert not any(e["title"] == "Meeting" for e in events)  # "This meeting" is it again


def test_a_dateline_in_title_case_with_its_agency_and_a_city_s_own_name() -> None:
    text = (
        "Talks resume\n\nIslamabad, Mar 4 (Wire) The two foreign secretaries met here "
        "today at 10.30 local time.\n"
    )
    (talks,) = _events(text, on=date(2026, 3, 4))
    assert _instant(talks) == _at("Asia/Karachi", 2026, 3, 4, 10, 30)


def test_an_announcement_s_events_and_one_told_again_without_a_time() -> None:
    text = (
        "VIENNA, May 3 (Wire) - Negotiations will take place in the Mirror Hall on Tuesday. "
        "The minister will deliver remarks at a dinner for the Danube Forum. The mayor "
        "will host a reception celebrating the city's anniversary.\n\n"
        "Negotiations between the two delegations will take place on an equal basis, an "
        "aide said.\n"
    )
    titles = [e["title"] for e in _events(text, on=date(2027, 5, 3))]
    assert titles == [
        "Negotiations",
        "Remarks at a dinner for the Danube Forum",
        "Reception celebrating the city's anniversary",
    ]


def test_talks_between_the_subject_s_pair_and_meetings_with_a_list_of_people() -> None:
    text = (
        "Rome talks\n\nROME, June 2 (Wire) - The Chancellor and Italian Prime Minister Luca "
        "Bianchi held talks on Tuesday. Earlier, the Chancellor separately met Director "
        "General of the Food Agency Maria Rossi, Secretary General for Migration Paolo "
        "Neri, and Mayor of Rome Anna Verdi. She had received the Foreign Minister, Carla "
        "Blu, on Monday.\n"
    )
    titles = [e["title"] for e in _events(text, on=date(2027, 6, 2))]
    assert titles[0] == "Talks between the Chancellor and Italian Prime Minister Luca Bianchi"
    assert [t for t in titles if "Rossi" in t or "Neri" in t or "Verdi" in t] == [
        "Meeting with Director General of the Food Agency Maria Rossi",
        "Meeting with Secretary General for Migration Paolo Neri",
        "Meeting with Mayor of Rome Anna Verdi",
    ]
    assert "Meeting with Foreign Minister Carla Blu" in titles


def test_japanese_a_trip_an_incident_elsewhere_and_a_time_only_in_japan_s_clock() -> None:
    text = (
        "首相、大統領と会談\n\n"
        "訪米中の首相は10日午後(日本時間11日朝)、ワシントンのホワイトハウスで大統領と会談した。"
        "9日に南部テキサス州ヒューストンで起きた事故にも触れた。"
        "両氏の会談は、日本時間、午前3時すぎから始まった。\n"
    )
    (talks,) = _events(text, on=date(2027, 3, 10))
    assert talks["zone"] == "America/New_York"
    assert _instant(talks) == _at("Asia/Tokyo", 2027, 3, 11, 3, 0)


def test_japanese_a_minister_on_a_trip_to_a_city() -> None:
    text = (
        "日米外相立ち話\n令和9年4月28日\n"
        "4月28日午前9時20分から約5分間,国連会合に出席するためニューヨーク出張中の外務大臣は,"
        "国連内において,国務長官と立ち話を行いました。\n"
    )
    (talk,) = _events(text)
    assert _instant(talk) == _at("America/New_York", 2027, 4, 28, 9, 20)


def test_a_meeting_at_a_seat_of_government_abroad_is_in_its_clock() -> None:
    text = (
        "Tokyo, Jan. 9 (Wire)--The prime minister left for a tour of Europe and North "
        "America. He will meet with the President at the White House on Friday.\n"
    )
    *_, meeting = _events(text, on=date(2027, 1, 9))
    assert meeting["zone"] == "America/New_York"


def test_a_programme_s_twelve_am_between_noon_items_is_noon_and_zero_am_is_read() -> None:
    text = (
        "Programme of the visit, Monday 8 March 2027, Palace of Nations, Geneva\n\n"
        "12:15 am Ceremonial welcome\n12:40 Talks of the delegations\n13:30 Lunch\n"
    )
    welcome, talks, _lunch = _events(text, zone="Europe/Zurich")
    assert _instant(welcome) == _at("Europe/Zurich", 2027, 3, 8, 12, 15)
    assert _instant(talks) == _at("Europe/Zurich", 2027, 3, 8, 12, 40)
    night = _events("Schedule, Monday 8 March 2027, Tokyo\n\n0:20 a.m. Arrival at Haneda Airport\n")
    assert _instant(night[0]) == _at("Asia/Tokyo", 2027, 3, 8, 0, 20)


def test_lengths_said_as_an_adjective_in_hours_and_minutes_or_as_a_range() -> None:
    from summitcal.extract.times import find_durations

    def lengths(text: str) -> list[tuple[int, bool]]:
        return [(d.minutes, d.hedged) for d in find_durations(text)]

    assert lengths("a 40-minute call with the Chancellor") == [(40, False)]
    assert lengths("held a three-hour meeting") == [(180, False)]
    assert lengths("the talks lasted one hour and 20 minutes") == [(80, False)]
    assert lengths("a chat for about 10-15 minutes") == [(15, True)]
    text = "LIMA, May 4 (Wire) - A 75-minute summit between the leaders began as the President arrived at the palace at 11:10 a.m. on Monday.\n"
    summit, arrival = _events(text, on=date(2027, 5, 4))
    assert _instant(summit) == _instant(arrival) == _at("America/Lima", 2027, 5, 3, 11, 10)
    assert summit["duration_minutes"] == 75


def test_a_call_from_someone_with_words_between_its_article_and_its_noun() -> None:
    text = (
        "TOKYO, May 2 (Wire) - The prime minister took an unexpected 30-minute call from "
        "the Chancellor on Monday.\n"
    )
    (call,) = _events(text, on=date(2027, 5, 2))
    assert call["kind"] == "call"
    assert call["duration_minutes"] == 30


def test_leaving_for_the_venue_and_landing_where_the_flight_was_for() -> None:
    text = (
        "Chancellor in Hanoi\n\nHANOI, June 3 (Wire) - The Chancellor will hold a summit "
        "meeting with regional leaders on Friday. She will leave for the venue of the Mekong Summit at "
        "8am local time and take part in the meeting. Afterwards she will emplane for "
        "Manila at 2:30pm and land around 6:15pm.\n"
    )
    events = {e["title"]: e for e in _events(text, on=date(2027, 6, 3))}
    venue = events["Departure for the venue of the Mekong Summit"]
    assert _instant(venue) == _at("Asia/Bangkok", 2027, 6, 4, 8, 0)
    landing = events["Arrival in Manila"]
    assert landing["zone"] == "Asia/Manila"
    assert _instant(landing) == _at("Asia/Manila", 2027, 6, 4, 18, 15)
    assert sum(e["kind"] == "meeting" for e in events.values()) == 1


def test_a_call_is_on_the_subject_s_side_and_an_earlier_trip_is_not_the_place() -> None:
    text = (
        "Australian Foreign Minister Jane Smith had phone talks with her Chinese counterpart "
        "on trade, her ministry said Thursday.\n"
        "The conversation began at 8:15 p.m. Wednesday and lasted about 40 minutes.\n"
        "The two met in Paris in May, and the Prime Minister's trip to China in March was "
        "discussed.\n"
    )
    (call,) = [e for e in _events(text, on=date(2027, 6, 10)) if e["start"]]
    assert call["zone"] == "Australia/Sydney"
    assert _instant(call) == _at("Australia/Sydney", 2027, 6, 9, 20, 15)


def test_a_headline_told_again_by_the_body_is_one_event() -> None:
    told = (
        "4 October 2027\n\nChancellor and President hold talks in Vienna\n\n"
        "VIENNA (Wire) - The Chancellor met President Novak on Monday and discussed energy.\n"
    )
    assert [e["kind"] for e in _events(told)] == ["meeting"]
    wrapped = (
        "4 October 2027\n\nVIENNA (Wire) - The Chancellor and President Novak held talks\n"
        "in Vienna on Monday, and the Chancellor met Mayor Huber on Tuesday.\n"
    )
    assert [e["kind"] for e in _events(wrapped)] == ["meeting", "meeting"]


def test_japanese_what_describes_someone_a_meeting_prepared_for_and_the_title_s_name() -> None:
    text = (
        "日豪電話外相会談\n令和9年5月12日\n"
        "本12日午後4時から約20分間、外務大臣は豪州外相と電話会談を行いました。"
        "外務大臣は、来週の首脳会談に向け、準備を進めると述べた。"
        "豪州外相は、就任後初めて日本と会談する外国閣僚となった。"
        "会談までに結果が出るか、注目された。\n"
    )
    (call,) = _events(text)
    assert call["title"] == "日豪電話外相会談"
    assert _instant(call) == _at("Asia/Tokyo", 2027, 5, 12, 16, 0)


def test_the_first_event_of_its_kind_said_with_the_and_one_only_told_of() -> None:
    text = (
        "MADRID, May 5 (Wire) - The King received the President at the palace on Tuesday. "
        "The signing of agreements will take place in the Hall of Columns. Following "
        "talks, both leaders are expected to hold a joint press conference. During "
        "telephone talks last month, they had agreed on the visit.\n"
    )
    titles = [e["title"] for e in _events(text, on=date(2027, 5, 5))]
    assert titles == [
        "Meeting with President",
        "Signing of agreements",
        "Joint press conference",
    ]


def test_a_programme_item_followed_by_another_is_two_events() -> None:
    text = (
        "Programme, Monday 14 June 2027, Brussels\n\n"
        "10.00 Meeting with the Prime Minister of Chile followed by joint press conference\n"
        "12.30 Working lunch\n"
    )
    meeting, press, lunch = _events(text, zone="Europe/Brussels")
    assert meeting["title"] == "Meeting with the Prime Minister of Chile"
    assert _instant(meeting) == _at("Europe/Brussels", 2027, 6, 14, 10, 0)
    assert press["title"] == "Joint press conference" and press["start"] is None
    assert press["kind"] == "press-conference"
    assert _instant(lunch) == _at("Europe/Brussels", 2027, 6, 14, 12, 30)


def test_a_welcome_of_a_visitor_and_a_call_on_someone_named_by_a_title() -> None:
    text = (
        "LISBON, May 6 (Wire) - The President welcomed Chancellor Anna Weber at the palace "
        "on Wednesday. Later in the day she saw Prime Minister Rui Costa, and will meet "
        "with president Jorge Sousa on Thursday. The President welcomed the "
        "agreement.\n"
    )
    titles = [e["title"] for e in _events(text, on=date(2027, 5, 6))]
    assert titles[:2] == [
        "Welcome of Chancellor Anna Weber",
        "Meeting with Prime Minister Rui Costa",
    ]
    assert "Meeting with president Jorge Sousa" in titles
    assert not any("agreement" in t for t in titles)


def test_a_leader_met_a_summit_that_may_be_and_prose_told_again_in_the_timed_list() -> None:
    text = (
        "SEOUL (Wire) - The President met North Korean leader Pak Il on Friday to discuss "
        "Pak's possible upcoming summit with the Chancellor.\n"
    )
    titles = [e["title"] for e in _events(text, on=date(2027, 6, 4))]
    assert titles == ["Meeting with North Korean leader Pak Il"]
    schedule = (
        "Schedule of the President, Thursday, March 4, 2027\n\n"
        "In the morning, the President will attend the Annual Trade Breakfast at the Hilton. "
        "Later, the President will receive the Daily Briefing.\n\n"
        "All times ET\n8:00 AM The President attends the Annual Trade Breakfast\n"
        "10:00 AM The President receives the Daily Briefing\n"
    )
    events = _events(schedule, zone="America/New_York")
    assert [e["start"] for e in events] == ["2027-03-04T08:00", "2027-03-04T10:00"]


def test_local_time_said_first_in_brackets_labels_the_time_before_them() -> None:
    text = (
        "Japan-Chile Summit Meeting\n\nOctober 3, 2027\n\n"
        "On October 3, commencing at 4.10p.m. (local time, on October 4, 4.10a.m.) for "
        "approximately 30 minutes, Mr. SATO Ken, Prime Minister of Japan, who is visiting "
        "Chile, held a Japan-Chile Summit Meeting.\n"
    )
    (meeting,) = _events(text)
    assert _instant(meeting) == _at("America/Santiago", 2027, 10, 3, 16, 10)
    assert meeting["conversion"] == "consistent"


def test_japanese_minutes_without_their_kan_before_a_hedge() -> None:
    from summitcal.extract.japanese import ja_durations

    (length,) = ja_durations("首相は午前9時ごろから15分余りにわたって電話会談を行った")
    assert (length.minutes, length.hedged) == (15, True)
