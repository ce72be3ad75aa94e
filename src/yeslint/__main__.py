"""Allow ``python -m yeslint``."""

from yeslint.cli import main

main()
