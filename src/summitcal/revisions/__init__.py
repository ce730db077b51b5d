"""Revisions: what each feed has published, so every change reaches every subscriber.

The ledger (:mod:`.ledger`, opened by :func:`open_ledger`) keeps per schedule and event
a fingerprint of what a calendar shows, the SEQUENCE, CREATED and LAST-MODIFIED, and
the history of changes; :mod:`.plan` decides a publish, :mod:`.words` says what
changed, :mod:`.history` makes the history text, JSON and an Atom feed.
"""

from summitcal.revisions.ledger import Ledger, LedgerError, LedgerNotFound, TooSoon, open_ledger
from summitcal.revisions.records import (
    DEFAULT_RETENTION,
    Change,
    ChangeKind,
    Release,
    Stamp,
    Version,
)
from summitcal.revisions.sqlite_ledger import SqliteLedger
from summitcal.revisions.words import describe_change
from summitcal.state_url import StateUrlError

__all__ = [
    "DEFAULT_RETENTION",
    "Change",
    "ChangeKind",
    "Ledger",
    "LedgerError",
    "LedgerNotFound",
    "Release",
    "SqliteLedger",
    "Stamp",
    "StateUrlError",
    "TooSoon",
    "Version",
    "describe_change",
    "open_ledger",
]
