"""The languages summitcal speaks: tags, and the catalogs of its own words.

English is the source language: every message is written in English in the code and
templates, and ``pybabel extract`` collects them into ``locale/summitcal.pot``. Japanese
and Spanish are complete catalogs (``locale/ja``, ``locale/es``), compiled to ``.mo``
files when the package is built or installed (``hatch_build.py``). A language with no
catalog of ours (``fr``) still gets its dates and zone names from the CLDR; our words are
then English.

>>> tag("ES-pe"), base("es-PE"), tag("ja")
('es-PE', 'es', 'ja')
>>> words("ja").pgettext("house style: an approximate time", "about {time}")
'{time}頃'

The language being written is a context variable, like a request's in Flask-Babel:
:func:`speaking` sets it for a block (a command, a request), and :func:`gettext` and the
CLDR formats of :mod:`summitcal.display` follow it, so no renderer passes it along.

>>> with speaking("es"):
...     current(), gettext("Event")
('es', 'Actividad')
>>> current()
'en'
"""

from __future__ import annotations

import functools
import gettext as _gettext
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel import Locale, UnknownLocaleError

__all__ = [
    "CATALOGS",
    "DOMAIN",
    "LOCALE_FOLDER",
    "SOURCE",
    "LanguageError",
    "base",
    "current",
    "display_name",
    "from_environment",
    "gettext",
    "ngettext",
    "pgettext",
    "pick",
    "speaking",
    "tag",
    "words",
]

SOURCE = "en"  # the language the messages are written in
CATALOGS = ("ja", "es")  # the languages with a complete catalog of summitcal's words
DOMAIN = "summitcal"
LOCALE_FOLDER = Path(__file__).parent / "locale"


class LanguageError(ValueError):
    """A language tag that is not one (``"jp-"``), or that the CLDR does not know."""


@functools.lru_cache(maxsize=4096)  # bounded: requests bring tags of their own
def tag(text: str) -> str:
    """The BCP 47 tag in its usual case (``es-PE``), or LanguageError.

    Tags compare without regard to case; ``_`` is read as ``-`` (``es_PE``, as POSIX
    locales write it).
    """
    cleaned = text.strip().replace("_", "-")
    try:
        locale = Locale.parse(cleaned, sep="-")
    except (ValueError, UnknownLocaleError):
        raise LanguageError(
            f'{text!r} is not a language tag the CLDR knows; write one like "en", "ja" or "es-PE"'
        ) from None
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    return "-".join(parts)


def base(language: str) -> str:
    """The language without its region or script: ``es-PE`` → ``es``. House styles and
    catalogs are chosen by it."""
    return tag(language).split("-")[0]


@functools.cache
def display_name(language: str) -> str:
    """The language's name in itself, from the CLDR: ``日本語``, ``español``, ``English``."""
    locale = Locale.parse(tag(language), sep="-")
    return str(locale.get_display_name(locale) or language)


def pick(offered: Sequence[str], requested: str | None) -> str | None:
    """Which of the ``offered`` tags serves a reader asking for ``requested``: the same
    tag in any case, else one of the same language (``es-PE`` asked and ``es`` offered,
    or the other way round); None if none, or if ``requested`` is not a tag.

    >>> pick(("en", "es-PE"), "ES"), pick(("en", "es"), "es-MX"), pick(("en",), "ja")
    ('es-PE', 'es', None)
    """
    if requested is None:
        return None
    try:
        wanted = tag(requested)
    except LanguageError:
        return None
    for language in offered:
        if language.lower() == wanted.lower():
            return language
    for language in offered:
        if base(language) == base(wanted):
            return language
    return None


@functools.cache
def words(language: str) -> _gettext.NullTranslations:
    """summitcal's words in ``language``: its catalog, or the English source.

    Raises:
        LanguageError: a language with a catalog whose compiled file is missing, which
            means the package was installed without building its catalogs.
    """
    name = base(language)
    if name not in CATALOGS:
        return _gettext.NullTranslations()
    compiled = LOCALE_FOLDER / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with compiled.open("rb") as stream:
            return _gettext.GNUTranslations(stream)
    except OSError:
        raise LanguageError(
            f"the {name} catalog is not compiled ({compiled} is missing); reinstall "
            "summitcal (pip install .), or run: pybabel compile -d src/summitcal/locale "
            f"-D {DOMAIN}"
        ) from None


_CURRENT: ContextVar[str] = ContextVar("summitcal_language", default=SOURCE)


def current() -> str:
    """The language being written (English unless inside :func:`speaking`)."""
    return _CURRENT.get()


@contextmanager
def speaking(language: str) -> Iterator[str]:
    """Write in ``language`` inside the block (its tag, checked: LanguageError)."""
    token = _CURRENT.set(tag(language))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return words(_CURRENT.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language."""
    return words(_CURRENT.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English words
    elsewhere by ``context``."""
    return words(_CURRENT.get()).pgettext(context, message)


def from_environment(environ: Mapping[str, str]) -> str:
    """The language of the environment's locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
    in POSIX's order of precedence; ``ja_JP.UTF-8`` → ``ja-JP``); English when none is
    set, for ``C`` and ``POSIX``, and for one the CLDR does not know.

    >>> from_environment({"LANG": "ja_JP.UTF-8"}), from_environment({"LC_ALL": "C.UTF-8"})
    ('ja-JP', 'en')
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        language = value.split(".")[0].split("@")[0]
        if language in ("C", "POSIX"):
            return SOURCE
        try:
            return tag(language)
        except LanguageError:
            return SOURCE
    return SOURCE
