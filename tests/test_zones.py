"""Zone lookup, wall-time resolution with gap and fold policies, conversion."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcal import zone_names
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
            # Cities of the gazetteer that neither IANA nor CLDR name.
            ("Rio de Janeiro", "America/Sao_Paulo"),
            ("rio de janeiro time", "America/Sao_Paulo"),
            # Accents do not matter, either way round.
            ("Brasília", "America/Sao_Paulo"),
            ("BRASILIA", "America/Sao_Paulo"),  # not Brasiléia (Acre), another name
            ("Zürich", "Europe/Zurich"),
            ("Sao Paulo", "America/Sao_Paulo"),
            ("SÃO PAULO", "America/Sao_Paulo"),
            # An IANA city wins over the gazetteer's namesakes (Santiago de Cuba…).
            ("Santiago", "America/Santiago"),
            ("Tokio", "Asia/Tokyo"),  # another name GeoNames gives Tokyo
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
            find_zone("Tokyio")

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

    @pytest.mark.parametrize("name", ["Rio de Janiero", "Rio de"])
    def test_misspelt_or_partial_gazetteer_city_gets_a_suggestion(self, name: str) -> None:
        with pytest.raises(
            UnknownZoneError, match=rf"^unknown time zone '{name}'; did you mean .*Rio de Janeiro"
        ) as caught:
            find_zone(name)
        assert "Rio de Janeiro" in caught.value.suggestions
        assert find_zone(caught.value.suggestions[0])  # a suggestion is a name it accepts

    def test_city_namesakes_with_other_clocks_are_ambiguous(self) -> None:
        # San Jose (California), San José (Costa Rica), San Jose (Philippines): however
        # much smaller the others are, the name does not say which.
        with pytest.raises(UnknownZoneError, match=r"^'San Jose' stands for several") as caught:
            find_zone("San Jose")
        assert set(caught.value.suggestions) == {
            "America/Los_Angeles",
            "America/Costa_Rica",
            "Asia/Manila",
        }

    def test_the_gazetteer_is_not_loaded_for_an_iana_name(self) -> None:
        program = (
            "import sys; from summitcal.zones import find_zone; find_zone('America/Lima'); "
            "find_zone('Asia/Calcutta'); print('summitcal.gazetteer' in sys.modules)"
        )
        ran = subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, check=True
        )
        assert ran.stdout.strip() == "False"


NOV_18 = datetime(2024, 11, 18, 10, 0)  # a naive wall time, as an event's start is written


class TestFindZoneAtMoments:
    """Names for several zones, accepted where their zones agree at the event's moments."""

    @pytest.mark.parametrize("name", ["BRT", "Brasilia time", "Brasília time", "brasília"])
    def test_brasilia_time_in_2024(self, name: str) -> None:
        assert find_zone(name, at=[NOV_18]).key == "America/Sao_Paulo"
        aware = datetime(2024, 11, 18, 13, 0, tzinfo=UTC)
        end = NOV_18 + timedelta(hours=2)
        assert find_zone(name, at=[aware, end]).key == "America/Sao_Paulo"

    @pytest.mark.parametrize("name", ["BRT", "Brasilia time", "Brasília time"])
    def test_without_moments_brasilia_time_is_refused_as_before(self, name: str) -> None:
        # São Paulo kept summer time until 2019; Recife and Araguaína did not.
        with pytest.raises(
            UnknownZoneError,
            match=rf"^'{name}' stands for several zones with different clocks; did you mean",
        ) as caught:
            find_zone(name)
        assert "America/Sao_Paulo" in caught.value.suggestions

    def test_brt_in_a_summer_of_sao_paulo_is_refused_naming_the_date(self) -> None:
        with pytest.raises(UnknownZoneError) as caught:
            find_zone("BRT", at=[datetime(2017, 1, 10, 9, 0)])
        assert str(caught.value).startswith(
            "'BRT' stands for several zones with different clocks on 2017-01-10 "
            "(UTC-03:00, UTC-02:00); did you mean "
        )
        assert caught.value.suggestions[-1] == "America/Sao_Paulo"  # the -02:00 one

    def test_brazil_is_refused_with_one_zone_per_clock(self) -> None:
        with pytest.raises(UnknownZoneError) as caught:
            find_zone("Brazil", at=[NOV_18])
        assert str(caught.value) == (
            "'Brazil' stands for several zones with different clocks on 2024-11-18 "
            "(UTC-05:00, UTC-04:00, UTC-03:00, UTC-02:00); did you mean America/Rio_Branco, "
            "America/Cuiaba, America/Sao_Paulo, America/Noronha?"
        )
        assert caught.value.name == "Brazil"
        offsets = [
            NOV_18.replace(tzinfo=load(zone)).utcoffset() for zone in caught.value.suggestions
        ]
        assert offsets == [timedelta(hours=h) for h in (-5, -4, -3, -2)]

    def test_cst_is_refused(self) -> None:
        with pytest.raises(UnknownZoneError, match=r"^'CST' .* on 2024-11-18 ") as caught:
            find_zone("CST", at=[NOV_18])
        assert {"America/Mexico_City", "Asia/Shanghai"} <= set(caught.value.suggestions)

    def test_eastern_time_agrees_in_january_but_not_in_july(self) -> None:
        # In January New York, Toronto, Cancún, Panama and Jamaica all show UTC-05:00;
        # in July New York is on UTC-04:00 and the others stay on UTC-05:00.
        january, july = datetime(2024, 1, 15, 12, 0), datetime(2024, 7, 1, 12, 0)
        assert find_zone("Eastern Time", at=[january]).key == "America/New_York"
        with pytest.raises(UnknownZoneError, match=r"on 2024-07-01 \(UTC-05:00, UTC-04:00\)"):
            find_zone("Eastern Time", at=[july])
        with pytest.raises(UnknownZoneError, match="on 2024-07-01") as caught:
            find_zone("Eastern Time", at=iter([january, july]))  # any iterable; July fails
        assert "America/New_York" in caught.value.suggestions

    def test_a_wall_time_in_a_gap_of_one_zone_is_not_the_same_time(self) -> None:
        # 02:30 on 10 March 2024 does not exist in New York; in Cancún it does.
        with pytest.raises(
            UnknownZoneError, match=r"on 2024-03-10 \(UTC-05:00, UTC-05:00 or UTC-04:00\)"
        ):
            find_zone("Eastern Time", at=[datetime(2024, 3, 10, 2, 30)])

    def test_an_aware_instant_is_read_as_that_instant(self) -> None:
        # 22:30 in Lima on 31 December is 01:30 on 1 January in Noronha and 22:30 in
        # Rio Branco: the instant is compared, and the date named is the one written.
        lima_night = datetime(2024, 12, 31, 22, 30, tzinfo=timezone(timedelta(hours=-5)))
        with pytest.raises(UnknownZoneError, match=r"on 2024-12-31 \(UTC-05:00, ") as caught:
            find_zone("Brazil", at=[lima_night])
        assert "America/Noronha" in caught.value.suggestions

    def test_city_namesakes_are_refused_with_the_date(self) -> None:
        with pytest.raises(UnknownZoneError, match=r"^'San Jose' .* on 2024-11-18 \("):
            find_zone("San Jose", at=[NOV_18])

    def test_moments_do_not_matter_for_a_name_of_one_clock(self) -> None:
        assert find_zone("Lima", at=[NOV_18]).key == "America/Lima"
        assert find_zone("JST", at=[]).key == "Asia/Tokyo"


AMBIGUOUS = [
    "BRT",
    "Brazil",
    "CST",
    "IST",
    "Eastern Time",
    "Central European Time",
    "Mexico",
    "San Jose",
    "Brasilia time",
    "Australia",
    "Pacific Time",
]
MOMENTS = st.one_of(
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2040, 12, 31)),
    st.datetimes(
        min_value=datetime(2015, 1, 1),
        max_value=datetime(2040, 12, 31),
        timezones=st.just(UTC),
    ),
)


def _reading(moment: datetime, key: str) -> tuple[timedelta | None, ...]:
    zone = load(key)
    if moment.tzinfo is None:
        return tuple(moment.replace(tzinfo=zone, fold=f).utcoffset() for f in (0, 1))
    return (moment.astimezone(zone).utcoffset(),)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(AMBIGUOUS), MOMENTS)
def test_a_name_for_several_zones_is_accepted_exactly_where_they_agree(
    name: str, moment: datetime
) -> None:
    zones = zone_names.candidates(name, cities=True)
    readings = {_reading(moment, zone) for zone in zones}
    if len(readings) == 1:
        found = find_zone(name, at=[moment])
        assert found.key in zones
        assert readings == {_reading(moment, found.key)}
        return
    with pytest.raises(UnknownZoneError) as caught:
        find_zone(name, at=[moment])
    assert str(caught.value).startswith(
        f"'{name}' stands for several zones with different clocks on {moment:%Y-%m-%d} ("
    )
    shown = [_reading(moment, zone) for zone in caught.value.suggestions]
    assert set(shown) == readings and len(shown) == len(readings)  # one zone per clock


ALIASES = sorted(set(zone_names.all_names().values()))
MARKS = st.sampled_from(["", "\u0301", "\u0303", "\u0308", "\u0327"])  # ´ ˜ ¨ ¸


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALIASES), st.data())
def test_case_and_accents_do_not_matter(name: str, data: st.DataObject) -> None:
    marks = data.draw(st.lists(MARKS, min_size=len(name), max_size=len(name)))
    written = "".join(c + mark if c.isalpha() else c for c, mark in zip(name, marks, strict=True))
    accented = unicodedata.normalize("NFC", written)
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    expected = zone_names.lookup(name)
    assert zone_names.lookup(accented) == expected
    assert zone_names.lookup(accented.upper()) == expected
    assert zone_names.lookup(plain) == expected  # "Bahia de Banderas", "Reunion Time"


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
