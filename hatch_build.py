"""Compiles summitcal's message catalogs (``.po`` → ``.mo``) whenever the package is built
or installed, editable installs included, so a checkout never holds stale ``.mo`` files
(they are not in git) and an installed summitcal always has them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        for source in sorted(Path(self.root, "src/summitcal/locale").glob("*/LC_MESSAGES/*.po")):
            language = source.parent.parent.name
            with source.open("rb") as stream:
                catalog = read_po(stream, locale=language, abort_invalid=True)
            compiled = source.with_suffix(".mo")
            with compiled.open("wb") as stream:
                write_mo(stream, catalog, use_fuzzy=False)
        build_data["artifacts"].append("src/summitcal/locale/*/LC_MESSAGES/*.mo")
