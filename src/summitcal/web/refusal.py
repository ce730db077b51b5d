"""An HTTP error whose text is a :class:`~summitcal.messages.Message`: the views refuse
a request with :func:`refuse`, and :mod:`summitcal.web.errors` says the message in the
reader's language (and logs it in English)."""

from __future__ import annotations

from typing import NoReturn

from werkzeug.exceptions import HTTPException

from summitcal.messages import Message

__all__ = ["Refusal", "refuse"]


class Refusal(HTTPException):
    """``status`` with ``message``; its ``description`` is the English sentence."""

    def __init__(self, status: int, message: Message) -> None:
        super().__init__(description=str(message))
        self.code = status
        self.message = message


def refuse(status: int, message: Message) -> NoReturn:
    """Answer the request with ``status`` and ``message`` (as ``flask.abort`` does)."""
    raise Refusal(status, message)
