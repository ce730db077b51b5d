"""Revisions: what each feed has published, so every change reaches every subscriber.

The ledger (:mod:`.ledger`) keeps per schedule and event a fingerprint of what a
calendar shows, the SEQUENCE, CREATED and LAST-MODIFIED, and the history of changes;
:mod:`.plan` decides a publish, :mod:`.words` says what changed, :mod:`.atom` makes
the history a feed.
"""

from summitcal.revisions.ledger import Ledger, LedgerError, SqliteLedger, TooSoon
from summitcal.revisions.records import (
    DEFAULT_RETENTION,
    Change,
    ChangeKind,
    Release,
    Stamp,
    Version,
)
from summitcal.revisions.words import describe_change

__all__ = [
    "DEFAULT_RETENTION",
    "Change",
    "ChangeKind",
    "Ledger",
    "LedgerError",
    "Release",
    "SqliteLedger",
    "Stamp",
    "TooSoon",
    "Version",
    "describe_change",
]
