#!/usr/bin/env python3
"""Write ``docs/kinds/``: a reference page per document kind, and an index.

Each page holds the kind's fields (from its JSON Schema), the rules that
apply to it (from the catalog) and an example: the document of that kind of
middling length in ``samples/northwind`` (else in the rules' passing
fixtures), copied as it is written there. ``python3 tools/gen_kind_docs.py``
rewrites the pages; ``--check`` only compares and exits 1 on a difference
(a test does the same).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itsmlint.kinddocs import index, page  # noqa: E402  (the checkout's package, not an installed one)
from itsmlint.loader import iter_documents  # noqa: E402
from itsmlint.model import KINDS  # noqa: E402
from itsmlint.registry import builtin_catalog  # noqa: E402

OUT = ROOT / "docs" / "kinds"
SOURCES = (ROOT / "samples" / "northwind", ROOT / "tests" / "rules" / "cases")


def _documents(path: Path) -> list[tuple[str, str]]:
    """(kind, text) of each document of a file, its text cut from the file between its first and last line."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for _, value, positions in iter_documents(text, path.as_posix()):
        if isinstance(value, dict) and isinstance(value.get("kind"), str):
            first, last = positions.lines
            body = lines[first - 1 : last]
            while body and (not body[-1].strip() or body[-1].startswith(("---", "#"))):
                body.pop()
            out.append((value["kind"], "\n".join(body)))
    return out


def examples() -> dict[str, str]:
    """The example of each kind: of its documents in the first source that has one, the one of middling length."""
    found: dict[str, str] = {}
    for source in SOURCES:
        files = sorted(source.rglob("*.yaml")) if source.name == "northwind" else sorted(source.glob("*/pass_*.yaml"))
        pool: dict[str, list[str]] = {}
        for path in files:
            for kind, body in _documents(path):
                if kind in KINDS.values() and kind not in found and "# expect:" not in body:
                    pool.setdefault(kind, []).append(body)
        for kind, bodies in pool.items():
            ordered = sorted(bodies, key=lambda b: (len(b.splitlines()), b))
            found[kind] = ordered[len(ordered) // 2]
    return found


def files() -> dict[str, str]:
    catalog = list(builtin_catalog())
    chosen = examples()
    out = {f"{kind.lower()}.md": page(kind, catalog, chosen.get(kind)) for kind in KINDS.values()}
    out["README.md"] = index(KINDS.values())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if a page differs")
    args = parser.parse_args(argv)
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files().items():
        path = OUT / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + "; run python3 tools/gen_kind_docs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
