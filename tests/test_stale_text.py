"""The code's own text stays true: every module a docstring or comment names exists,
every repository path it cites is there, and none cites what a reader cannot open (an
issue number, a folder outside the repository)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SOURCES = sorted((ROOT / "src").rglob("*.py")) + sorted((ROOT / "src").rglob("*.html"))
MODULE = re.compile(r":mod:`~?([.\w]+)`")
PATH = re.compile(r"`+((?:src|tests|benchmarks|fuzz|docs|examples)/[\w./*-]*\w)/?`+")
UNREACHABLE = re.compile(r"\bissues? #?\d+|\bshared/|\.\./shared")


def _module_file(name: str) -> bool:
    base = ROOT / "src" / Path(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _package_of(path: Path) -> str:
    parts = path.relative_to(ROOT / "src").with_suffix("").parts
    return ".".join(parts[:-1])


def _ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", SOURCES, ids=_ids)
def test_every_module_named_exists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    missing = []
    for found in MODULE.finditer(text):
        name = found[1]
        if name.startswith("."):
            name = _package_of(path) + name
        if not _module_file(name):
            missing.append(found[1])
    assert missing == []


@pytest.mark.parametrize("path", SOURCES, ids=_ids)
def test_every_repository_path_cited_is_there(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    missing = [cited for cited in PATH.findall(text) if not any(ROOT.glob(cited.removesuffix("/")))]
    assert missing == []


@pytest.mark.parametrize("path", SOURCES, ids=_ids)
def test_nothing_cites_what_a_reader_of_the_repository_cannot_open(path: Path) -> None:
    assert UNREACHABLE.findall(path.read_text(encoding="utf-8")) == []


def test_the_checks_see_a_stale_name() -> None:
    """The patterns find what they are for (so an empty result above means something)."""
    assert MODULE.findall("see :mod:`.atom` and :mod:`~summitcal.days`") == [
        ".atom",
        "summitcal.days",
    ]
    assert not _module_file("summitcal.revisions.atom")
    assert _module_file("summitcal.revisions") and _module_file("summitcal.days")
    assert PATH.findall("in ``tests/fixtures/ledger-v1/`` and `src/x.py`") == [
        "tests/fixtures/ledger-v1",
        "src/x.py",
    ]
    assert UNREACHABLE.findall("the contract of issue 6 (see shared/INTEROP.md)") == [
        "issue 6",
        "shared/",
    ]
