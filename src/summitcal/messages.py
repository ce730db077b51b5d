"""Sentences for a person, made where a mistake is found and said in the reader's
language where they are shown.

An error is made deep in the core, often before anyone knows who will read it: the
service reads a schedule file once for readers of three languages, and a command finds
a wrong value before it knows which language its error goes out in. So an error carries
a :class:`Message`, the English sentence as a catalog's message id with its values
named, and the one place that shows errors (the command line's group, the service's
error handler) says it in the reader's language with :meth:`Message.said`. ``str()`` is
always the English sentence: the server's logs, the library's exceptions and every
message the tests assert stay English, byte for byte.

>>> from summitcal.languages import speaking
>>> message = N_("unknown time zone {name}", name="'Asia/Tokio'")
>>> str(message)
"unknown time zone 'Asia/Tokio'"
>>> with speaking("es"):
...     message.said()
"zona horaria desconocida: 'Asia/Tokio'"

A value may itself be a message (said in the same language), or a number written with
the reader's grouping of digits (:func:`grouped`). ``N_`` and ``npgettext`` are names
``pybabel extract`` knows, so every message made with them is in the catalogs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Union

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal

from summitcal.languages import CATALOGS, SOURCE, base, current, words

__all__ = [
    "N_",
    "CountryName",
    "DayMonth",
    "English",
    "Grouped",
    "Message",
    "Named",
    "Value",
    "grouped",
    "not_a_tag",
    "npgettext",
    "said",
]


class Grouped:
    """A whole number written with the reader's grouping of digits: ``16,777,216`` in
    English and Japanese, ``16.777.216`` in Spanish."""

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        self.number = number

    def written(self, language: str) -> str:
        locale = base(language) if base(language) in CATALOGS else SOURCE
        return format_decimal(self.number, locale=locale)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Grouped) and other.number == self.number

    def __hash__(self) -> int:
        return hash(("Grouped", self.number))

    def __repr__(self) -> str:
        return f"grouped({self.number})"


class DayMonth:
    """A day of a month: ``17 Nov`` in English (as the extractor always wrote it), the
    CLDR's in the other languages: 「11月17日」, «17 nov»."""

    __slots__ = ("day",)

    def __init__(self, day: date) -> None:
        self.day = day

    def written(self, language: str) -> str:
        if base(language) not in CATALOGS or base(language) == SOURCE:
            return f"{self.day:%d %b}"
        return format_skeleton("MMMd", self.day, locale=base(language))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DayMonth) and other.day == self.day

    def __hash__(self) -> int:
        return hash(("DayMonth", self.day))

    def __repr__(self) -> str:
        return f"DayMonth({self.day!r})"


class CountryName:
    """A country: its English name as given (the gazetteer's, "Peru") in English, the
    CLDR's name of its ISO code in the other languages (「ペルー」, «Perú»)."""

    __slots__ = ("code", "name")

    def __init__(self, code: str, name: str) -> None:
        self.code = code
        self.name = name

    def written(self, language: str) -> str:
        if base(language) not in CATALOGS or base(language) == SOURCE:
            return self.name
        return str(Locale.parse(base(language)).territories.get(self.code, self.name))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CountryName) and (other.code, other.name) == (self.code, self.name)

    def __hash__(self) -> int:
        return hash(("CountryName", self.code, self.name))

    def __repr__(self) -> str:
        return f"CountryName({self.code!r}, {self.name!r})"


class Named:
    """A name as written (the English one, or as the text gives it), and the names other
    languages write instead: a city a Japanese text names 「リマ」 is «Lima» in Spanish."""

    __slots__ = ("name", "names")

    def __init__(self, name: str, names: Mapping[str, str]) -> None:
        self.name = name
        self.names = dict(names)

    def written(self, language: str) -> str:
        return self.names.get(base(language), self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Named) and (other.name, other.names) == (self.name, self.names)

    def __hash__(self) -> int:
        return hash(("Named", self.name, tuple(sorted(self.names.items()))))

    def __repr__(self) -> str:
        return f"Named({self.name!r}, {self.names!r})"


Value = Union[str, int, Grouped, DayMonth, CountryName, Named, "Message"]


class Message:
    """An English sentence with named values, to be said in any language of the
    catalogs. Immutable and hashable, so problems holding messages compare as before."""

    __slots__ = ("context", "count", "plural", "text", "values")

    def __init__(
        self,
        text: str,
        values: Mapping[str, Value],
        *,
        plural: str | None = None,
        count: int = 0,
        context: str | None = None,
    ) -> None:
        self.text = text
        self.values = dict(values)
        self.plural = plural
        self.count = count
        self.context = context

    def in_language(self, language: str) -> str:
        """The sentence in ``language`` (English where the catalogs have none)."""
        catalog = words(language)
        if self.plural is not None:
            form = catalog.npgettext(self.context or "", self.text, self.plural, self.count)
        elif self.context is not None:
            form = catalog.pgettext(self.context, self.text)
        else:
            form = catalog.gettext(self.text)
        return form.format(
            **{name: _written(value, language) for name, value in self.values.items()}
        )

    def said(self) -> str:
        """The sentence in the language being written (:func:`summitcal.languages.current`)."""
        return self.in_language(current())

    def __str__(self) -> str:
        return self.in_language(SOURCE)

    def _key(self) -> tuple[object, ...]:
        return (
            self.text,
            self.plural,
            self.count,
            self.context,
            tuple(sorted(self.values.items())),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Message({str(self)!r})"


class English(str):
    """An English sentence that is also a :class:`Message`: a string where the data keep
    English (the extractor's reasons, notes and findings in its drafts, TOML and JSON, and
    the library's records), which :func:`said` says in the reader's language. Equal to,
    and hashed as, its English; anything made from it with ``str`` methods is plain English.

    >>> from summitcal.languages import speaking
    >>> note = English(N_("unknown time zone {name}", name="'Asia/Tokio'"))
    >>> note == "unknown time zone 'Asia/Tokio'"
    True
    >>> with speaking("es"):
    ...     said(note)
    "zona horaria desconocida: 'Asia/Tokio'"
    """

    message: Message | None

    def __new__(cls, message: Message | str) -> English:
        made = super().__new__(cls, str(message))
        made.message = message if isinstance(message, Message) else None
        return made

    def said(self) -> str:
        return str(self) if self.message is None else self.message.said()

    def __reduce__(self) -> tuple[object, ...]:
        return (English, (self.message if self.message is not None else str(self),))


def _written(value: Value, language: str) -> str:
    if isinstance(value, Message):
        return value.in_language(language)
    if isinstance(value, English):
        return value.message.in_language(language) if value.message else str(value)
    if isinstance(value, (Grouped, DayMonth, CountryName, Named)):
        return value.written(language)
    return str(value)


def N_(text: str, /, **values: Value) -> Message:
    """A message to be said later: ``text`` is its English and its catalog id, with
    ``{name}`` placeholders filled from ``values``."""
    return Message(text, values)


def npgettext(context: str, singular: str, plural: str, count: int, /, **values: Value) -> Message:
    """A message whose words depend on ``count`` (``1 problem``, ``2 problems``);
    ``context`` tells translators what is counted."""
    return Message(singular, values, plural=plural, count=count, context=context)


def grouped(number: int) -> Grouped:
    """``number`` with the reader's grouping of digits (see :class:`Grouped`)."""
    return Grouped(number)


def not_a_tag(text: str) -> Message:
    """What is wrong with a language tag :func:`summitcal.languages.tag` cannot read."""
    return N_(
        '{tag} is not a language tag the CLDR knows; write one like "en", "ja" or "es-PE"',
        tag=repr(text),
    )


def said(text: str | Message) -> str:
    """A message in the language being written (an :class:`English` sentence too); text
    that is not one, as it is."""
    return text.said() if isinstance(text, (Message, English)) else text
