"""Islands, states and provinces that press texts name as the place of an event ("on
the sidelines of the G20 summit in Bali", "arrived in Hawaii"), where the gazetteer
knows only cities: a smaller city of the same name elsewhere (Bāli, India) must not be
taken for them. Each is given as a city of its own population in its zone.

Only regions within one zone are listed, and only names people use alone.
"""

from __future__ import annotations

from summitcal.gazetteer import City, lowercase_unaccented

__all__ = ["region_named"]

_REGIONS: dict[str, City] = {
    lowercase_unaccented(region.name): region
    for region in (
        City("Bali", "ID", "Asia/Makassar", 4_300_000),
        City("Java", "ID", "Asia/Jakarta", 150_000_000),
        City("Sumatra", "ID", "Asia/Jakarta", 60_000_000),
        City("Hawaii", "US", "Pacific/Honolulu", 1_400_000),
        City("Alaska", "US", "America/Anchorage", 730_000),
        City("California", "US", "America/Los_Angeles", 39_000_000),
        City("Florida", "US", "America/New_York", 22_000_000),
        City("Okinawa", "JP", "Asia/Tokyo", 1_460_000),
        City("Hokkaido", "JP", "Asia/Tokyo", 5_100_000),
        City("Jeju", "KR", "Asia/Seoul", 670_000),
        City("Hainan", "CN", "Asia/Shanghai", 10_000_000),
        City("Sicily", "IT", "Europe/Rome", 4_800_000),
        City("Sardinia", "IT", "Europe/Rome", 1_600_000),
        City("Bavaria", "DE", "Europe/Berlin", 13_000_000),
        City("Scotland", "GB", "Europe/London", 5_400_000),
        City("Tasmania", "AU", "Australia/Hobart", 570_000),
        City("Queensland", "AU", "Australia/Brisbane", 5_300_000),
    )
}


def region_named(name: str) -> City | None:
    """The region called ``name``, as a city, if it is one of those listed."""
    return _REGIONS.get(lowercase_unaccented(name.strip()))
