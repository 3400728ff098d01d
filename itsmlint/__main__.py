"""Allow ``python -m itsmlint``."""

from itsmlint.cli import main

main()
