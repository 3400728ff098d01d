"""Allow ``python -m itsmlint``."""

from itsmlint.entry import main

main()
