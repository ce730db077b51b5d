"""How long a client, or an HTTP cache in front of the service, may keep what it serves.

A schedule's feeds, JSON and history carry ``Cache-Control: public, max-age=N,
must-revalidate`` with a strong ``ETag`` and ``Last-Modified``, so a shared cache (nginx
before several app servers) keeps them for ``N`` seconds and then revalidates them with a
conditional request; a private schedule's carry ``private`` instead, which a shared cache
never stores. ``N`` is ``summitcal serve --max-age`` (the app's ``FEED_MAX_AGE``). No
Flask here: the command line reads the limits without loading the service.
"""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_AGE", "MAX_AGE_LIMIT", "cache_control"]

DEFAULT_MAX_AGE = 60  # seconds: a change reaches every client within a minute
MAX_AGE_LIMIT = 86_400  # a day


def cache_control(private: bool, max_age: int = DEFAULT_MAX_AGE) -> str:
    """The ``Cache-Control`` of a schedule's feeds, JSON and history.

    >>> cache_control(private=False)
    'public, max-age=60, must-revalidate'
    >>> cache_control(private=True, max_age=5)
    'private, max-age=5, must-revalidate'
    """
    return f"{'private' if private else 'public'}, max-age={max_age}, must-revalidate"
