"""yeslint: a wording linter that turns "no, you can't" into "yes, we can"."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("yeslint")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
