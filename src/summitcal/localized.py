"""A schedule in one of its languages: its text fields in that language's words.

A schedule file gives ``title``, ``description`` and ``location`` either as one string
(the default language's) or per language; the model keeps the default's text in the
fields and the others in ``texts``. Every renderer works on one language's schedule,
made here, so none of them needs to know about languages.

>>> from summitcal.schedule_file import read_schedule
>>> schedule = read_schedule("examples/japan-peru-2024.toml")
>>> offered(schedule, "es-PE"), offered(schedule, "fr"), offered(schedule, "JA")
('es', None, 'ja')
>>> localize(schedule, "ja").events[-1].title
'ボルアルテ大統領主催昼食会'
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from summitcal.languages import pick
from summitcal.model import Event, Location, Schedule, Texts

__all__ = [
    "DefaultChange",
    "default_change",
    "default_language",
    "for_reader",
    "localize",
    "offered",
    "title_for_reader",
]


@dataclass(frozen=True, slots=True)
class DefaultChange:
    """The default language of a schedule changes between two versions: ``events``
    are the ids of the events whose default text (title, description, place) differs,
    each of which gets a new SEQUENCE when it is published (docs/i18n.md, rule 8)."""

    before: str
    after: str
    events: tuple[str, ...]


def default_change(published: Schedule, schedule: Schedule) -> DefaultChange | None:
    """What changing the default language from ``published``'s to ``schedule``'s does,
    or None when it is the same language. Events new in ``schedule`` are not counted:
    they have no SEQUENCE yet.

    >>> from dataclasses import replace
    >>> from summitcal.schedule_file import read_schedule
    >>> schedule = read_schedule("examples/japan-peru-2024.toml")
    >>> default_change(schedule, schedule) is None
    True
    >>> reordered = replace(localize(schedule, "ja"), languages=("ja", "en", "es"))
    >>> change = default_change(schedule, reordered)
    >>> change.before, change.after, len(change.events)
    ('en', 'ja', 4)
    """
    before, after = default_language(published), default_language(schedule)
    if before.lower() == after.lower():
        return None
    old = {event.id: _default_text(event) for event in published.events}
    differing = tuple(
        event.id
        for event in schedule.events
        if event.id in old and old[event.id] != _default_text(event)
    )
    return DefaultChange(before, after, differing)


def _default_text(event: Event) -> tuple[str, str, str | None]:
    return (event.title, event.description, event.location.name if event.location else None)


def default_language(schedule: Schedule) -> str:
    """The language of the schedule's own fields: the first it offers."""
    return schedule.languages[0]


def offered(schedule: Schedule, requested: str) -> str | None:
    """Which of the schedule's languages serves a reader asking for ``requested``
    (:func:`summitcal.languages.pick`); None if none."""
    return pick(schedule.languages, requested)


def for_reader(schedule: Schedule, requested: str) -> Schedule:
    """The schedule in the language that serves a reader of ``requested`` (see
    :func:`offered`), else in its default language."""
    return localize(schedule, offered(schedule, requested) or default_language(schedule))


def title_for_reader(schedule: Schedule, requested: str) -> str:
    """The schedule's title for a reader of ``requested`` (what :func:`for_reader`
    gives, without making the rest of the schedule in that language)."""
    language = offered(schedule, requested) or default_language(schedule)
    return _text(schedule.texts, language, "title", schedule.title)


def localize(schedule: Schedule, language: str) -> Schedule:
    """The schedule with its texts in ``language`` (one it offers; each field falls
    back to the default language's text where it has none of its own). The default
    language gives the schedule itself."""
    if language == default_language(schedule) or (
        not schedule.texts and not any(event.texts for event in schedule.events)
    ):
        return schedule
    return replace(
        schedule,
        title=_text(schedule.texts, language, "title", schedule.title),
        description=_text(schedule.texts, language, "description", schedule.description),
        events=tuple(_event(event, language) for event in schedule.events),
    )


def _event(event: Event, language: str) -> Event:
    if not event.texts:
        return event
    location = event.location
    if location is not None:
        location = Location(_text(event.texts, language, "location", location.name), location.geo)
    return replace(
        event,
        title=_text(event.texts, language, "title", event.title),
        description=_text(event.texts, language, "description", event.description),
        location=location,
    )


def _text(texts: Texts, language: str, name: str, default: str) -> str:
    own = texts.get(language, name)
    return default if own is None else own
