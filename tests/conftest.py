"""Make tests/helpers.py importable from every test folder, and keep the tests' file cache to themselves."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# Every itsmlint the tests start, in this process or as a child, shares one
# file cache in a fresh folder: never the user's, and warm for most tests, so
# that the suite also exercises reading documents back from the cache.
os.environ["ITSMLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="itsmlint-tests-cache-")

# FORCE_COLOR in the developer's or CI's environment would colour every text
# output the tests read; the tests that want colour set it themselves.
os.environ.pop("FORCE_COLOR", None)
