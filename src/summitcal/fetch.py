"""Fetching a feed by URL for ``summitcal lint``: bounded in time and size."""

from __future__ import annotations

import urllib.error
import urllib.request

from summitcal import __version__
from summitcal.errors import FetchError

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
        raise FetchError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise FetchError(f"{url}: cannot fetch it ({error.reason})") from None
    except (TimeoutError, OSError, ValueError) as error:
        raise FetchError(f"{url}: cannot fetch it ({error})") from None
    if len(data) > limit:
        raise FetchError(f"{url}: more than {limit // (1024 * 1024)} MB; not a calendar feed")
    return data
