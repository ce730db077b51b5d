"""The small trip the tests of trips share: APEC's days in Lima, the summit, a statement
whose times were not announced, cancelled talks, a flight that lands on Rio de Janeiro's
clock, the G20's days and a session there. Tokyo is home. Each test takes the events it
needs, by id, and may name Rio's clock as the file allows ("Rio de Janeiro")."""

from __future__ import annotations

_EVENTS = {
    "apec": """
title = "APEC Economic Leaders' Week"
start = 2024-11-14
end = 2024-11-16
""",
    "summit": """
title = "Summit meeting"
start = 2024-11-17T10:50:00
duration = 70
end_certainty = "approximate"
""",
    "statement": """
title = "Joint Statement"
start = 2024-11-17T12:00:00
start_certainty = "not-announced"
duration = 15
end_certainty = "not-announced"
""",
    "talks": """
title = "Bilateral talks"
status = "cancelled"
start = 2024-11-17T14:00:00
duration = 30
""",
    "flight": """
title = "Flight to Rio de Janeiro"
kind = "travel"
start = 2024-11-17T16:30:00
end = 2024-11-17T23:10:00
end_zone = "{rio}"
""",
    "g20": """
title = "G20 Rio de Janeiro Summit"
zone = "{rio}"
start = 2024-11-18
end = 2024-11-19
""",
    "session-1": """
title = "G20 Session I"
zone = "{rio}"
start = 2024-11-18T10:00:00
duration = 150
start_certainty = "approximate"
""",
}
EVENT_IDS = tuple(_EVENTS)
TIMED = ("summit", "flight", "session-1")


def trip_events(*ids: str, rio: str = "America/Sao_Paulo") -> str:
    """The ``[[events]]`` tables of ``ids`` (all of them when none are given)."""
    return "".join(
        f'\n[[events]]\nid = "{key}"' + _EVENTS[key].replace("{rio}", rio)
        for key in ids or EVENT_IDS
    )


def trip_schedule(*ids: str, title: str = "Trip", rio: str = "America/Sao_Paulo") -> str:
    """A whole schedule file of the trip with the events ``ids``."""
    header = (
        f'[schedule]\nid = "trip"\ntitle = "{title}"\nzone = "America/Lima"\n'
        'home_zone = "Asia/Tokyo"\nrevision = 2024-11-20T00:00:00Z\n'
    )
    return header + trip_events(*ids, rio=rio)
