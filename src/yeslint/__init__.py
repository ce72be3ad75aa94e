"""yeslint: a wording linter that turns "no, you can't" into "yes, we can"."""

__version__ = "0.1.0"
"""The one place the version lives; pyproject.toml reads it from here. A literal, because
asking importlib.metadata costs every run ~60 ms of imports."""
