"""summitcal: timezone-aware schedules for official visits."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("summitcal")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
