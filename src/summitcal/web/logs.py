"""Tokens never reach a log: a filter that blanks ``token=...`` in every record.

The service logs paths without query strings, and its outermost layer catches every
error before gunicorn could log the request's URI. This filter is the second belt: on
the app's logger and on gunicorn's error and access logs (their handlers, so records
from child loggers are covered too), it rewrites any ``token=VALUE`` (also ``token%3D``,
any case) in a record's message, arguments and traceback to ``token=[redacted]``.

>>> redact("GET /calendars/x.ics?kind=meal&token=kq1v-SECRET HTTP/1.1")
'GET /calendars/x.ics?kind=meal&token=[redacted] HTTP/1.1'
>>> redact("Invalid request line: 'GET /?TOKEN%3Dabc'")
"Invalid request line: 'GET /?TOKEN%3D[redacted]'"
"""

from __future__ import annotations

import logging
import re

__all__ = ["RedactTokens", "install", "redact"]

_TOKEN = re.compile(r"(token(?:=|%3[dD]))[^&;\s'\"<>]*", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` with the value of every ``token=`` blanked."""
    return _TOKEN.sub(r"\1[redacted]", text)


class RedactTokens(logging.Filter):
    """Rewrites a record so that no token is in its message or traceback."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own error handling
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER = RedactTokens()


def install(*loggers: logging.Logger) -> None:
    """Put the filter on each logger and on each of its handlers (once)."""
    for logger in loggers:
        for target in (logger, *logger.handlers):
            if not any(isinstance(f, RedactTokens) for f in target.filters):
                target.addFilter(_FILTER)
