"""The ``summitcal`` command line: each command a few lines over the library.

Errors a user can make (a bad file, an unknown zone, a time that does not exist, an
unwritable output) become one message per problem and their exit status in one place
(:mod:`summitcal.cli.group`); usage errors exit 2 as usual with click. The commands live
by what they work on: :mod:`.times` (show, convert, check), :mod:`.documents` (extract,
lint), :mod:`.feeds` (export, publish, history), :mod:`.service` (serve, tokens).
"""

from summitcal.cli import documents, feeds, service, times
from summitcal.cli.group import main

__all__ = ["main"]

_COMMANDS = (documents, feeds, service, times)  # imported for the commands they add to main
