"""summitcal's own words: every message of the code and templates is in each catalog,
translated, with the placeholders the code fills and CLDR patterns that parse.

The messages are extracted from the source as ``pybabel extract -F babel.cfg`` does, so a
new ``gettext`` call without its Japanese and Spanish fails here, not in front of a reader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.dates import parse_pattern
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from summitcal.languages import CATALOGS, DOMAIN, LOCALE_FOLDER, words

ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"\{(\w*)\}")

Key = tuple[str | None, str]


def _extracted() -> dict[Key, Message]:
    with (ROOT / "babel.cfg").open() as stream:
        method_map, options_map = parse_mapping_cfg(stream)
    found: dict[Key, Message] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found[(context, msgid)] = Message(message, context=context)
    return found


EXTRACTED = _extracted()


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=locale)


def _key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context, str(msgid))


def _strings(message: Message) -> list[str]:
    value = message.string
    return list(value) if isinstance(value, tuple | list) else [str(value)]


def test_the_source_has_messages_to_translate() -> None:
    assert len(EXTRACTED) >= 20
    assert ("house style: both clocks", "{local} (local time; {home})") in EXTRACTED


def test_the_template_holds_every_message_of_the_source() -> None:
    template = _catalog(LOCALE_FOLDER / f"{DOMAIN}.pot")
    held = {_key(message) for message in template if message.id}
    assert held == set(EXTRACTED), (
        "run: pybabel extract -F babel.cfg --no-location --sort-output "
        f"-o src/summitcal/locale/{DOMAIN}.pot . && pybabel update "
        f"-i src/summitcal/locale/{DOMAIN}.pot -d src/summitcal/locale -D {DOMAIN}"
    )


@pytest.mark.parametrize("language", CATALOGS)
def test_every_message_is_translated(language: str) -> None:
    catalog = _catalog(LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po", language)
    translated = {
        _key(message): message
        for message in catalog
        if message.id and all(_strings(message)) and "fuzzy" not in message.flags
    }
    missing = sorted(str(key) for key in set(EXTRACTED) - set(translated))
    assert not missing, f"{language} catalog lacks: {missing}"
    for key, message in translated.items():
        if key in EXTRACTED and isinstance(message.id, tuple | list):
            assert len(_strings(message)) == catalog.num_plurals, key


@pytest.mark.parametrize("language", CATALOGS)
def test_translations_use_only_the_placeholders_the_code_fills(language: str) -> None:
    """A placeholder the English leaves out is named in the message's context."""
    catalog = _catalog(LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po", language)
    for message in catalog:
        if not message.id or _key(message) not in EXTRACTED:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        offered = {name for text in ids for name in _PLACEHOLDER.findall(str(text))}
        offered |= set(_PLACEHOLDER.findall(message.context or ""))
        for text in _strings(message):
            used = set(_PLACEHOLDER.findall(text))
            assert used <= offered, (language, _key(message), used - offered)


@pytest.mark.parametrize("language", CATALOGS)
def test_cldr_patterns_in_the_catalogs_parse(language: str) -> None:
    for (context, msgid), _message in EXTRACTED.items():
        if context and "CLDR pattern" in context:
            pattern = words(language).pgettext(context, msgid)
            assert parse_pattern(pattern).format, (language, context, pattern)


@pytest.mark.parametrize("language", CATALOGS)
def test_the_compiled_catalog_is_the_current_one(language: str) -> None:
    """The installed ``.mo`` says what the ``.po`` says (the build hook compiled it)."""
    catalog = _catalog(LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po", language)
    loaded = words(language)
    for message in catalog:
        if not message.id or isinstance(message.id, tuple | list):
            continue
        if message.context is None:
            assert loaded.gettext(message.id) == message.string, _key(message)
        else:
            assert loaded.pgettext(message.context, message.id) == message.string, _key(message)
