"""Property-based fuzzing: whatever a repository holds, itsmlint neither crashes, misplaces a finding nor varies.

Repositories of 1-4 files, each of 1-4 documents, are generated from the
documents of ``samples/northwind`` (and ``samples/anti-patterns`` for kinds
northwind lacks): a seed as it is or renamed, a seed with 1-5 structural
mutations (a key deleted or added, a value of any shape put anywhere, the kind
changed), and the YAML text of those with byte-level damage (stray NULs, CRs,
tabs, BOMs and invalid UTF-8, deleted slices, duplicated or re-indented lines,
truncation). Every repository is loaded and linted with the whole built-in
catalog, in-process, as tests/helpers.py does.

The "ci" profile (the default) is small and derandomized, so the suite stays
fast and reproducible; ``tools/fuzz_campaign.py`` runs the "campaign" profile
(``HYPOTHESIS_PROFILE=campaign``, ``ITSMLINT_FUZZ_EXAMPLES`` examples per test).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

from itsmlint.engine import Result, run
from itsmlint.ids import INTERNAL_ERROR
from itsmlint.loader import load
from itsmlint.model import KINDS
from itsmlint.options import Options
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.reporters import RenderContext
from itsmlint.reporters.json_reporter import render
from itsmlint.settings import Settings

# Hundreds of generated repositories: left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).parents[2]
TODAY = dt.date(2026, 11, 23)

# Hypothesis keeps its caches (and the campaign its failing examples) in the system temp dir, not the checkout.
HYPOTHESIS_HOME = Path(tempfile.gettempdir()) / "itsmlint-hypothesis"
set_hypothesis_home_dir(HYPOTHESIS_HOME)
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_HEALTH,
    print_blob=True,
)
settings.register_profile(
    "campaign",
    max_examples=int(os.environ.get("ITSMLINT_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    suppress_health_check=_HEALTH,
    print_blob=True,
    database=DirectoryBasedExampleDatabase(HYPOTHESIS_HOME / "examples"),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

Data = dict[str, Any]
Place = tuple[str | int, ...]
T = TypeVar("T")


# --- seeds -------------------------------------------------------------------------------------------------------


def _seeds() -> dict[str, list[Data]]:
    """The sample documents' data by kind; the anti-patterns fill the kinds northwind lacks (Waiver)."""
    by_kind: dict[str, list[Data]] = {kind: [] for kind in KINDS.values()}
    for doc in load([ROOT / "samples" / "northwind"], ROOT).documents:
        by_kind[doc.kind].append(doc.data)
    missing = {kind for kind, docs in by_kind.items() if not docs}
    for doc in load([ROOT / "samples" / "anti-patterns"], ROOT).documents:
        if doc.kind in missing:
            by_kind[doc.kind].append(doc.data)
    return by_kind


def _keys(value: Any, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        out.update(value)
        for item in value.values():
            _keys(item, out)
    elif isinstance(value, list):
        for item in value:
            _keys(item, out)
    return out


SEEDS = _seeds()
KIND_NAMES = sorted(SEEDS)
NAMES = sorted({d["metadata"]["name"] for docs in SEEDS.values() for d in docs})
KEYS = sorted(_keys(SEEDS, set()))
REFS = sorted({f"{kind.lower()}:{d['metadata']['name']}" for kind, docs in SEEDS.items() for d in docs})
REF_LIKE = [
    "person:nobody",
    "activity:x",
    "role:",
    "person:",
    ":",
    "person:Nobody",
    "team:ns/x",
    "team:/x",
    "process:x#step",
    "process:x#",
    "sla:a b",
    "service:" + "a" * 300,
    "waiver:x",
    "control:x#",
    "risk:x.",
    "activity:",
    "event:x",
    "https://example.com/a",
    "vault:secret/x",
    "person:nobody#",
    "#frag",
]
DURATIONS = [
    "PT0S",
    "P99999Y",
    "P0D",
    "P1Y2M3DT4H5M6S",
    "PT",
    "P",
    "-P1D",
    "P1.5D",
    "P1W",
    "p1d",
    "P1Y1W",
    "P9999999999999999999D",
    "PT99999999999H",
    "PT0.5S",
    "1 day",
    "ASAP",
    "P6M",
    "PT15M",
    "P1DT",
]
WRONG_KINDS = ["person", "PROCESS", "Proces", "Wavier", "", " Person", "Kind", "ConfigMap", "sla", "Service "]

# --- strategies --------------------------------------------------------------------------------------------------


def pick(items: list[T]) -> st.SearchStrategy[T]:
    """``sampled_from(items)`` whose repr does not list the items (it fills the statistics' event lines)."""
    return st.integers(0, len(items) - 1).map(lambda i: items[i])


_BITS = st.sampled_from((63, 64, 1330, 13287))  # beyond int64, beyond float (10**400), ~4000 digits
_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    _BITS.map(lambda bits: 2**bits) | _BITS.map(lambda bits: -(2**bits) - 1),
    st.floats(),  # nan and ±inf included
    st.text(max_size=20),
    pick(REF_LIKE + REFS),
    pick(DURATIONS),
    st.dates(),
)
_KEY: st.SearchStrategy[str] = pick(KEYS) | st.text(max_size=12)
VALUES: st.SearchStrategy[Any] = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEY, inner, max_size=4), max_leaves=10
)


@st.composite
def valid_documents(draw: st.DrawFn) -> Data:
    """A sample document of a chosen kind, perhaps renamed (so names collide or references dangle)."""
    kind = draw(st.sampled_from(KIND_NAMES))
    data: Data = copy.deepcopy(draw(st.sampled_from(SEEDS[kind])))
    if draw(st.booleans()):
        data["metadata"]["name"] = draw(pick(NAMES) | st.from_regex(r"[a-z0-9][a-z0-9-]{0,14}", fullmatch=True))
    return data


def _places(value: Any, at: Place = ()) -> list[Place]:
    """Every place below ``value`` that holds a value."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    out: list[Place] = []
    for key, item in items:
        out.append((*at, key))
        out.extend(_places(item, (*at, key)))
    return out


def _get(value: Any, place: Place) -> Any:
    for part in place:
        value = value[part]
    return value


@st.composite
def mutated_documents(draw: st.DrawFn) -> Data:
    """A sample document with 1-5 mutations at random places: delete, replace, add a key, wrong kind."""
    data = draw(valid_documents())
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(("replace", "delete", "add", "kind")))
        places = _places(data)
        if op == "kind":
            data["kind"] = draw(st.sampled_from(KIND_NAMES + WRONG_KINDS) | _SCALARS)
        elif op == "add":
            dicts = [p for p in [(), *places] if isinstance(_get(data, p), dict)]
            _get(data, draw(st.sampled_from(dicts)))[draw(_KEY)] = draw(VALUES)
        elif places:
            place = draw(st.sampled_from(places))
            parent = _get(data, place[:-1])
            if op == "delete":
                del parent[place[-1]]
            else:
                parent[place[-1]] = draw(VALUES)
    return data


# Bytes the YAML text rarely holds by itself: controls, line breaks of every kind, BOMs, invalid UTF-8,
# YAML syntax and suppression comments.
SPECIAL = [
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n",
    b"\t",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\x85",
    "\x85".encode(),
    "\u2028".encode(),
    b"\x1b",
    b"\x7f",
    b": ",
    b"- ",
    b"[",
    b"{",
    b"]",
    b"}",
    b"&a ",
    b"*a",
    b"!!python/object ",
    b"!custom ",
    b"#",
    b"'",
    b'"',
    b"---\n",
    b"...\n",
    b"? ",
    b"|\n",
    b">-\n",
    b"<<: ",
    b"%YAML 1.1\n",
    b"# itsmlint: ignore[REF001] fuzz\n",
    b"  # itsmlint: ignore-file[RIG]",
    b"# itsmlint ignore",
    "😀".encode(),
]


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one text-level mutation: insert bytes, delete a slice, duplicate or re-indent a line, truncate."""
    op = draw(st.sampled_from(("insert", "delete", "duplicate", "indent", "truncate")))
    if op == "insert":
        at = draw(st.integers(0, len(data)))
        piece = draw(pick(SPECIAL) | st.text(min_size=1, max_size=4).map(str.encode))
        return data[:at] + piece + data[at:]
    if op == "delete":
        at = draw(st.integers(0, len(data)))
        return data[:at] + data[at + draw(st.integers(1, 40)) :]
    if op == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    i = draw(st.integers(0, len(lines) - 1))
    if op == "duplicate":
        lines.insert(i, lines[i])
    else:
        body = lines[i].lstrip(b" ")
        indent = len(lines[i]) - len(body)
        change = draw(st.sampled_from(("-4", "-2", "-1", "+1", "+2", "+4", "tab")))
        lines[i] = (b"\t" * max(1, indent // 2) if change == "tab" else b" " * max(0, indent + int(change))) + body
    return b"".join(lines)


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """One file: 1-4 documents (valid or mutated) joined by ``---``, then 0-3 text mutations."""
    docs = draw(st.lists(valid_documents() | mutated_documents(), min_size=1, max_size=4))
    data = "---\n".join(yaml.safe_dump(d, sort_keys=False, allow_unicode=True) for d in docs).encode()
    for _ in range(draw(st.sampled_from((0, 0, 1, 2, 3)))):  # half the files keep their text intact
        data = draw(damaged(data))
    return data


FILE_NAMES = ("a.yaml", "sub/b.yml", "c.yaml", "sub/deep/d.yaml")
repositories: st.SearchStrategy[list[bytes]] = st.lists(files(), min_size=1, max_size=len(FILE_NAMES))

# --- running -----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def repository(contents: list[bytes]) -> Iterator[Path]:
    """A temporary folder holding ``contents`` as files (a fresh one per example, unlike tmp_path)."""
    with tempfile.TemporaryDirectory(prefix="itsmlint-fuzz-") as tmp:
        folder = Path(tmp)
        for name, data in zip(FILE_NAMES, contents, strict=False):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        yield folder


def lint(folder: Path) -> Result:
    """Load and lint ``folder`` with the whole built-in catalog and the default parameters."""
    return run(load([folder], folder), builtin_catalog(), Settings(params=defaults()), Options(TODAY))


# The line breaks libyaml counts (YAML 1.1): every position of a parsed document is counted with these.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# "control characters are not allowed (character #x0000)", "file is not valid UTF-8 (byte 0xff)"
_NAMED = re.compile(r"\((?:character #x|byte 0x)(?P<code>[0-9a-f]+)\)$")


class Source(NamedTuple):
    text: str
    lines: list[str]


def source_of(data: bytes) -> Source:
    """A file as itsmlint reads it (UTF-8, with or without a BOM), and its lines.

    The text after the last line break counts as a line even when it is
    empty: a YAML error at the end of the stream of a file that ends with a
    line break is legitimately reported there (line N+1, column 1, of the
    lines an editor numbers). A file that is not UTF-8 is reported at a byte
    offset, so it is read as bytes (Latin-1) in lines ending at "\\n".
    """
    try:
        text = data.decode("utf-8-sig")
        return Source(text, _BREAK.split(text))
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        return Source(text, text.split("\n"))


def wrong_place(source: Source, line: int, column: int, message: str) -> str | None:
    """Why (line, column) cannot be where ``message`` is; None if it can."""
    lines = source.lines
    if not (1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1):
        shown = repr(lines[line - 1]) if 1 <= line <= len(lines) else "-"
        return f"outside the file ({len(lines)} lines; that line {shown})"
    named = _NAMED.search(message)
    if named and lines[line - 1][column - 1 : column] != chr(int(named["code"], 16)):
        return f"at {lines[line - 1][column - 1 : column]!r}, not at the character the message names"
    return None


def misplaced(result: Result, folder: Path) -> list[str]:
    """Every finding (or related note) whose file, line, column or pointer is impossible or wrong."""
    sources: dict[str, Source | None] = {}
    bad = []
    for f in result.findings:
        if not isinstance(f.pointer, tuple) or not all(isinstance(p, str | int) for p in f.pointer):
            bad.append(f"{f.rule_id} {f.path}:{f.line}:{f.column}: pointer {f.pointer!r}")
        places = [(f.path, f.line, f.column, f.message)] + [(r.path, r.line, r.column, "") for r in f.related]
        for path, line, column, message in places:
            what = f"{f.rule_id}{'' if message else ' (related)'} {path}:{line}:{column}"
            if path not in sources:
                file = folder / path
                sources[path] = source_of(file.read_bytes()) if file.is_file() and folder in file.parents else None
            source = sources[path]
            if source is None:
                bad.append(f"{what}: not a file of the repository")
            elif (why := wrong_place(source, line, column, message)) is not None:
                bad.append(f"{what} {why}: {f.message}")
    return bad


def rendered(folder: Path) -> bytes:
    """The JSON report of a fresh load and run of ``folder``, as the CLI would write it."""
    return render(lint(folder), RenderContext("fuzz")).encode("utf-8")


def bucket(n: int) -> str:
    return "0" if n == 0 else "1-3" if n <= 3 else "4-9" if n <= 9 else "10+"


# --- properties --------------------------------------------------------------------------------------------------


@given(repositories)
def test_no_input_crashes_a_rule(contents: list[bytes]) -> None:
    """Loading and running the whole catalog never raises, and no rule crashes (no INT001 finding)."""
    with repository(contents) as folder:
        result = lint(folder)
    rules = len({f.rule_id for f in result.findings})
    event(f"documents loaded: {bucket(result.documents)}")  # how deep the examples reach, in the statistics
    event(f"rules with findings: {bucket(rules)}")
    crashes = [f"{f.path}:{f.line}: {f.message}" for f in result.findings if f.rule_id == INTERNAL_ERROR]
    assert crashes == []
    assert result.crashed == []


@given(repositories)
def test_every_location_is_in_its_file(contents: list[bytes]) -> None:
    """Every finding names a file of the repository, a line and column inside it, and a tuple pointer."""
    with repository(contents) as folder:
        bad = misplaced(lint(folder), folder)
    assert bad == []


@given(repositories)
def test_runs_are_deterministic(contents: list[bytes]) -> None:
    """Two separate load+run passes over the same files give byte-identical JSON reports.

    Both passes share one process, hence one string-hash seed: this catches
    state kept between runs and identity-based ordering, not set orders that
    vary with PYTHONHASHSEED.
    """
    with repository(contents) as folder:
        first = rendered(folder)
        second = rendered(folder)
    assert first == second
