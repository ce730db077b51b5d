"""Zone lookup, wall-time resolution with gap and fold policies, conversion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcal.tzdb import load, zone_keys
from summitcal.zones import (
    RepeatedTimeError,
    SkippedTimeError,
    UnknownZoneError,
    convert,
    day_shift,
    find_zone,
    format_offset,
    resolve,
    transitions,
)

PARIS = load("Europe/Paris")
LIMA = load("America/Lima")
TOKYO = load("Asia/Tokyo")


class TestFindZone:
    @pytest.mark.parametrize(
        ("name", "key"),
        [
            ("America/Lima", "America/Lima"),
            ("america/lima", "America/Lima"),
            ("America/New York", "America/New_York"),
            ("JST", "Asia/Tokyo"),
            ("Japan Standard Time", "Asia/Tokyo"),
            ("Japan time", "Asia/Tokyo"),
            ("Japan", "Asia/Tokyo"),
            ("Lima", "America/Lima"),
            ("Lima time", "America/Lima"),
            ("Peru time", "America/Lima"),
            ("Peru", "America/Lima"),
            ("Peru Standard Time", "America/Lima"),
            ("Tokyo Standard Time", "Asia/Tokyo"),  # Windows, as Outlook writes it
            ("India Standard Time", "Asia/Kolkata"),
            ("Asia/Calcutta", "Asia/Kolkata"),  # a backward link is made canonical
            ("Kathmandu", "Asia/Kathmandu"),
            ("  new   york  ", "America/New_York"),
            ("UTC", "Etc/UTC"),
        ],
    )
    def test_names_people_write(self, name: str, key: str) -> None:
        assert find_zone(name).key == key

    def test_unknown_zone_names_it_and_suggests_real_ones(self) -> None:
        with pytest.raises(UnknownZoneError, match=r"'America/Lma'.*America/Lima") as caught:
            find_zone("America/Lma")
        assert "America/Lima" in caught.value.suggestions

    def test_misspelt_city_gets_a_suggestion(self) -> None:
        with pytest.raises(UnknownZoneError, match="Tokyo"):
            find_zone("Tokio")

    @pytest.mark.parametrize("name", ["IST", "CST", "Central European Time"])
    def test_ambiguous_names_list_zones_with_different_clocks(self, name: str) -> None:
        with pytest.raises(UnknownZoneError, match="several zones") as caught:
            find_zone(name)
        samples = [datetime(y, m, 15, tzinfo=UTC) for y in range(2015, 2041) for m in (1, 7)]
        clocks = {
            tuple(moment.astimezone(load(zone)).utcoffset() for moment in samples)
            for zone in caught.value.suggestions
        }
        assert len(clocks) == len(caught.value.suggestions) > 1

    @pytest.mark.parametrize("name", ["", "   ", "Xyzzy/Nowhere", "../../etc/passwd"])
    def test_nonsense_is_unknown(self, name: str) -> None:
        with pytest.raises(UnknownZoneError):
            find_zone(name)


class TestResolve:
    def test_ordinary_time(self) -> None:
        assert resolve(datetime(2024, 11, 17, 10, 50), LIMA).isoformat() == (
            "2024-11-17T10:50:00-05:00"
        )

    def test_gap_raises_naming_time_zone_and_jump(self) -> None:
        with pytest.raises(
            SkippedTimeError,
            match=r"2024-03-31 02:30 does not exist in Europe/Paris.*02:00 to 03:00",
        ):
            resolve(datetime(2024, 3, 31, 2, 30), PARIS)

    @pytest.mark.parametrize(
        ("policy", "expected"),
        [
            ("earlier", "2024-03-31T01:30:00+01:00"),
            ("later", "2024-03-31T03:30:00+02:00"),
            ("compatible", "2024-03-31T03:30:00+02:00"),  # RFC 5545: offset before the gap
        ],
    )
    def test_gap_policies(self, policy: str, expected: str) -> None:
        assert resolve(datetime(2024, 3, 31, 2, 30), PARIS, policy).isoformat() == expected  # type: ignore[arg-type]

    def test_fold_raises_naming_both_offsets(self) -> None:
        with pytest.raises(
            RepeatedTimeError, match=r"occurs twice in Europe/Paris.*UTC\+02:00.*UTC\+01:00"
        ):
            resolve(datetime(2024, 10, 27, 2, 30), PARIS)

    @pytest.mark.parametrize(
        ("policy", "utc"),
        [
            ("earlier", "2024-10-27T00:30:00+00:00"),
            ("compatible", "2024-10-27T00:30:00+00:00"),  # RFC 5545: the first occurrence
            ("later", "2024-10-27T01:30:00+00:00"),
        ],
    )
    def test_fold_policies(self, policy: str, utc: str) -> None:
        moment = resolve(datetime(2024, 10, 27, 2, 30), PARIS, policy)  # type: ignore[arg-type]
        assert moment.astimezone(UTC).isoformat() == utc
        assert moment.replace(tzinfo=None) == datetime(2024, 10, 27, 2, 30)

    def test_half_hour_dst_of_lord_howe(self) -> None:
        zone = load("Australia/Lord_Howe")  # clocks go back 30 minutes at 02:00
        with pytest.raises(RepeatedTimeError, match="from 02:00 to 01:30"):
            resolve(datetime(2024, 4, 7, 1, 45), zone)

    def test_aware_input_is_refused(self) -> None:
        with pytest.raises(TypeError):
            resolve(datetime(2024, 1, 1, tzinfo=UTC), LIMA)


class TestConvert:
    def test_summit_is_next_day_in_tokyo(self) -> None:
        start = resolve(datetime(2024, 11, 17, 10, 50), LIMA)
        tokyo = convert(start, TOKYO)
        assert (tokyo.day, tokyo.hour, tokyo.minute) == (18, 0, 50)
        assert day_shift(start, tokyo) == 1
        assert day_shift(tokyo, start) == -1

    def test_offsets(self) -> None:
        assert format_offset(timedelta(hours=5, minutes=45)) == "UTC+05:45"
        assert format_offset(timedelta(hours=-9, minutes=-30)) == "UTC-09:30"
        assert format_offset(timedelta(0)) == "UTC+00:00"


class TestTransitions:
    def test_paris_2024(self) -> None:
        found = transitions(
            PARIS, datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
        )
        assert [(t.instant.isoformat(), t.wall_before.isoformat()) for t in found] == [
            ("2024-03-31T01:00:00+00:00", "2024-03-31T02:00:00"),
            ("2024-10-27T01:00:00+00:00", "2024-10-27T03:00:00"),
        ]
        assert [t.dst_after for t in found] == [True, False]

    def test_lima_has_not_changed_since_1994(self) -> None:
        assert (
            transitions(LIMA, datetime(1995, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
            == []
        )
        in_1994 = transitions(
            LIMA, datetime(1994, 1, 1, tzinfo=UTC), datetime(1995, 1, 1, tzinfo=UTC)
        )
        assert [(t.instant.month, t.offset_after) for t in in_1994][-1] == (4, timedelta(hours=-5))


ZONES = sorted(z for z in zone_keys() if "/" in z and not z.startswith(("posix/", "right/")))
WALL_TIMES = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), WALL_TIMES)
def test_an_existing_wall_time_comes_back_unchanged(key: str, wall: datetime) -> None:
    zone = load(key)
    try:
        moment = resolve(wall, zone)
    except SkippedTimeError:
        later = resolve(wall, zone, "later")
        earlier = resolve(wall, zone, "earlier")
        assert earlier.astimezone(UTC) < later.astimezone(UTC)
        assert earlier.replace(tzinfo=None) < wall < later.replace(tzinfo=None)
        return
    except RepeatedTimeError:
        first, second = resolve(wall, zone, "earlier"), resolve(wall, zone, "later")
        assert first.astimezone(UTC) < second.astimezone(UTC)
        assert first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall
        assert second.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall
        return
    assert moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), st.sampled_from(ZONES), WALL_TIMES)
def test_converting_there_and_back_keeps_the_instant(a: str, b: str, wall: datetime) -> None:
    moment = resolve(wall, load(a), "compatible")
    there = convert(moment, load(b))
    assert there == moment
    assert convert(there, load(a)).replace(tzinfo=None) == moment.replace(tzinfo=None)
    assert abs(day_shift(moment, there)) <= 2
