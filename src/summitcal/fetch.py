"""Fetching a feed by URL for ``summitcal lint``: bounded in time and size."""

from __future__ import annotations

import urllib.error
import urllib.request

from summitcal import __version__
from summitcal.errors import FetchError
from summitcal.messages import N_

__all__ = ["FetchError", "fetch", "is_url"]

LIMIT = 20 * 1024 * 1024  # bytes; a calendar feed larger than this is a problem in itself
TIMEOUT = 20  # seconds


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://", "webcal://"))


def fetch(url: str, *, limit: int = LIMIT, timeout: float = TIMEOUT) -> bytes:
    """The body of ``url`` (``webcal://`` is fetched as ``https://``).

    Raises:
        FetchError: the server cannot be reached, answers with an error status, or sends
            more than ``limit`` bytes.
    """
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    request = urllib.request.Request(url, headers={"User-Agent": f"summitcal/{__version__} lint"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise FetchError(
            N_(
                "{url}: the server answered {status} {reason}",
                url=url,
                status=error.code,
                reason=str(error.reason),
            )
        ) from None
    except urllib.error.URLError as error:
        raise FetchError(
            N_("{url}: cannot fetch it ({reason})", url=url, reason=str(error.reason))
        ) from None
    except (TimeoutError, OSError, ValueError) as error:
        raise FetchError(
            N_("{url}: cannot fetch it ({reason})", url=url, reason=str(error))
        ) from None
    if len(data) > limit:
        raise FetchError(
            N_(
                "{url}: more than {limit} MB; not a calendar feed",
                url=url,
                limit=limit // (1024 * 1024),
            )
        )
    return data
