#!/usr/bin/env python3
"""The parse floor: load every YAML file under a folder with PyYAML's CSafeLoader, and nothing else.

No linter can read the files faster than this with the same library, so the
benchmark states every other time as a multiple of it.

    python benchmarks/floor.py FOLDER
"""

from __future__ import annotations

import os
import sys

import yaml


def main(folder: str) -> int:
    documents = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(dirpath, name), "rb") as handle:
                    documents += sum(1 for _ in yaml.load_all(handle, Loader=yaml.CSafeLoader))
    print(documents)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
