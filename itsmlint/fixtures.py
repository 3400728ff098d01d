"""Rule fixtures: documents that must pass a rule, and documents that must fail it where marked.

The built-in catalog's tests and ``itsmlint test-rules`` read fixtures the
same way. A fixture is a YAML file of documents named ``pass_*.yaml`` (no
finding expected) or ``fail_*.yaml``, where each line that should carry a
finding ends with ``# expect: RULE`` (or ``RULE[sub-check]``, or several,
comma-separated). An optional first line sets the date and parameters::

    # itsmlint-test: {today: 2026-01-31, params: {maxConsulted: 2}}

For an organisation's rule file ``governance/rules/x-acme001.yaml`` the
fixtures live in the folder beside it with the same stem,
``governance/rules/x-acme001/``.

A fixture may hold Backstage entities and OpenSLO objects as well as
itsmlint documents. A rule about a CODEOWNERS file takes a companion
``<stem>.CODEOWNERS`` beside the fixture, read with it as the CODEOWNERS of
the fixture's folder; a case that needs several files (a catalog whose
Locations list other files) puts them in a folder ``<stem>/`` beside it.
Their lines may carry ``# expect:`` markers too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsmlint.configfiles import ConfigError, inside, parse_config_text
from itsmlint.engine import run
from itsmlint.files import DEFAULT_MAX_FILE_SIZE
from itsmlint.finding import Finding
from itsmlint.ids import INTERNAL_ERROR
from itsmlint.loader import iter_documents, load
from itsmlint.model import KINDS
from itsmlint.options import Options
from itsmlint.params import defaults
from itsmlint.reading import read_bounded, why
from itsmlint.registry import Catalog
from itsmlint.rule import Rule
from itsmlint.settings import Settings

_HEADER = re.compile(r"^#\s*itsmlint-test:\s*(\{.*\})\s*$")
#: The suffix of a fixture's companion CODEOWNERS file (``fail_x.yaml`` and ``fail_x.CODEOWNERS``).
CODEOWNERS_SUFFIX = ".CODEOWNERS"
_EXPECT = re.compile(r"#\s*expect:\s*([A-Za-z0-9\[\]\-,\s]+?)\s*$")
#: Rules that say a fixture is not a realistic document; their findings always count.

Expected = tuple[int, str, "str | None"]
"""(line, RULE or RULE[sub], document ref)."""


@dataclass(frozen=True)
class Case:
    path: Path
    today: dt.date | None
    params: dict[str, Any]
    expected: list[Expected]
    also: list[str] = field(default_factory=list)
    """Rules that also run and whose own findings are not compared (a waiver needs findings to act on)."""
    companions: list[Path] = field(default_factory=list)
    """Files read with the fixture: its ``<stem>.CODEOWNERS`` and the files of its folder ``<stem>/``."""

    @property
    def paths(self) -> list[Path]:
        return [self.path, *self.companions]

    @property
    def passing(self) -> bool:
        return self.path.name.startswith("pass_")


def document_starts(text: str) -> list[tuple[int, str | None]]:
    """(first line, document ref) of each document of a file, in order (each object of an OpenSLO list too)."""
    from itsmlint.loader.envelope import foreign_documents

    out: list[tuple[int, str | None]] = []
    for index, value, locator in iter_documents(text):
        others, _ = foreign_documents(value, "<text>", index, locator, False)
        if others:
            out.extend((doc.locator.lines[0], doc.ref) for doc in others)
            continue
        ref = None
        if isinstance(value, dict) and isinstance(value.get("kind"), str):
            meta = value.get("metadata")
            name = meta.get("name") if isinstance(meta, dict) else None
            kind = KINDS.get(value["kind"].lower())
            if kind and isinstance(name, str):
                ref = f"{kind.lower()}:{name}"
        out.append((locator.lines[0], ref))
    return out


def _ref_at(starts: list[tuple[int, str | None]], line: int) -> str | None:
    ref = None
    for start, candidate in starts:
        if start <= line:
            ref = candidate
    return ref


def expected_markers(text: str, document: str | None = None) -> list[Expected]:
    """Sorted (line, rule, document) of every ``# expect:`` marker; ``document`` names a file that is one document."""
    starts: list[tuple[int, str | None]] = document_starts(text) if document is None else [(1, document)]
    expected: list[Expected] = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = _EXPECT.search(line)
        if m:
            expected.extend(
                (number, rule.strip(), _ref_at(starts, number)) for rule in m.group(1).split(",") if rule.strip()
            )
    return sorted(expected, key=str)


def read_case(path: Path, within: Path | None = None) -> Case:
    """A fixture's header and markers; a header that does not parse is a :class:`ConfigError`.

    Read like a document (a regular file within the default max_file_size,
    never waited on) and, with ``within`` (the rules folder), never through
    a link out of that folder: what a fixture holds is echoed in the report.
    """
    if within is not None and not inside(path, within):
        raise ConfigError(
            str(path), 0, 0, "a symbolic link out of the rules folder; fixtures are read only from inside it"
        )
    try:
        text = read_bounded(path, DEFAULT_MAX_FILE_SIZE).decode("utf-8")
    except OSError as exc:
        raise ConfigError(str(path), 1, 1, f"cannot read the fixture: {why(path, exc)}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), 1, 1, f"cannot read the fixture: {exc}") from None
    today: dt.date | None = None
    params: dict[str, Any] = {}
    also: list[str] = []
    first = text.splitlines()[0] if text else ""
    m = _HEADER.match(first)
    if m:
        header, _ = parse_config_text(m.group(1), str(path))
        if not isinstance(header, dict) or set(header) - {"today", "params", "also"}:
            raise ConfigError(str(path), 1, 1, "the itsmlint-test header takes today, params and also")
        day = header.get("today")
        if day is not None and not isinstance(day, dt.date):
            raise ConfigError(str(path), 1, 1, f"today must be a date (YYYY-MM-DD), not {day!r}")
        today = day
        params = dict(header.get("params") or {})
        also = [str(r) for r in header.get("also") or []]
    expected = expected_markers(text)
    companions: list[Path] = []
    for extra in _companions(path):
        if within is not None and not inside(extra, within):
            raise ConfigError(
                str(extra), 0, 0, "a symbolic link out of the rules folder; fixtures are read only from inside it"
            )
        try:
            extra_text = read_bounded(extra, DEFAULT_MAX_FILE_SIZE).decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(str(extra), 1, 1, f"cannot read the fixture: {exc}") from None
        companions.append(extra)
        shown = extra.relative_to(path.parent).as_posix()
        document = f"codeowners:{shown}" if extra.name.endswith(CODEOWNERS_SUFFIX[1:]) else None
        expected += expected_markers(extra_text, document)
    expected = sorted(expected, key=str)
    return Case(path, today, params, expected, also, companions)


def _companions(path: Path) -> list[Path]:
    """The files read with a fixture: ``<stem>.CODEOWNERS``, and every file in a folder ``<stem>/`` beside it."""
    found = []
    owners = path.with_suffix(CODEOWNERS_SUFFIX)
    if owners.is_file():
        found.append(owners)
    folder = path.with_suffix("")
    if folder.is_dir():
        found += sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and (p.suffix in (".yaml", ".yml") or p.name.endswith(CODEOWNERS_SUFFIX[1:]))
        )
    return found


def compare(findings: Sequence[Finding], expected: Sequence[Expected]) -> list[Expected]:
    """Findings as (line, rule, document), pinned to ``RULE[sub]`` where a marker asks for it."""
    got = []
    for f in findings:
        pinned = (f.line, f.qualified_id, f.document) in expected
        got.append((f.line, f.qualified_id if pinned else f.rule_id, f.document))
    return sorted(got, key=str)


@dataclass(frozen=True)
class Outcome:
    """One fixture checked against one rule."""

    case: Case
    problems: tuple[str, ...]
    """Empty when the fixture behaves as written."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_case(case: Case, rule_id: str, catalog: Catalog, today: dt.date) -> Outcome:
    """Run ``rule_id`` (and the structural rules) on one fixture and compare with its markers."""
    params = defaults()
    params.update(case.params)
    # The structural rules run with every fixture (a broken fixture must say so), and a crash shows as INT001.
    always = [*(r.meta.id for r in catalog if r.meta.structural), INTERNAL_ERROR]
    select = [rule_id] if rule_id in always else [rule_id, *always]
    loaded = load(case.paths, case.path.parent)
    result = run(loaded, catalog, Settings(params=params), Options(case.today or today, select=(*select, *case.also)))
    got = compare([f for f in result.findings if f.rule_id in select], case.expected)
    problems: list[str] = []
    if not case.passing and not case.path.name.startswith("fail_"):
        problems.append("fixtures are named pass_*.yaml or fail_*.yaml")
    elif not case.passing and not case.expected:
        problems.append("a fail_ fixture needs '# expect: RULE' markers on the lines that should fail")
    wrong = [
        (line, f"line {line}: expected {rule} ({doc or 'no document'}), got nothing")
        for line, rule, doc in case.expected
        if (line, rule, doc) not in got
    ]
    wrong += [
        (line, f"line {line}: unexpected {rule} ({doc or 'no document'}): {_message(result.findings, line, rule)}")
        for line, rule, doc in got
        if (line, rule, doc) not in case.expected
    ]
    problems += [text for _, text in sorted(wrong, key=lambda w: w[0])]
    return Outcome(case, tuple(problems))


def _message(findings: Sequence[Finding], line: int, rule: str) -> str:
    for f in findings:
        if f.line == line and rule in (f.rule_id, f.qualified_id):
            return f.message
    return ""


def fixtures_of(rule_file: Path) -> list[Path]:
    """The fixtures beside a rule file: ``<stem>/pass_*.yaml`` and ``<stem>/fail_*.yaml``."""
    folder = rule_file.with_suffix("")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


@dataclass(frozen=True)
class RuleReport:
    """A custom rule and what its fixtures showed."""

    rule: Rule
    source: str
    outcomes: tuple[Outcome, ...]
    problems: tuple[str, ...] = ()
    """About the rule as a whole (no fixtures, no failing fixture)."""

    @property
    def ok(self) -> bool:
        return not self.problems and all(o.ok for o in self.outcomes)


def verify(rules: Sequence[tuple[Rule, Path, str]], catalog: Catalog, today: dt.date) -> list[RuleReport]:
    """Check each (rule, its file, shown as) against its fixtures."""
    reports = []
    for rule, rule_file, shown in rules:
        paths = fixtures_of(rule_file)
        try:
            cases = [read_case(p, rule_file.parent) for p in paths]
        except ConfigError as exc:
            reports.append(RuleReport(rule, shown, (), (str(exc),)))
            continue
        outcomes = tuple(check_case(c, rule.meta.id, catalog, today) for c in cases)
        problems = []
        if not any(c.passing for c in cases):
            problems.append(f"no pass_*.yaml fixture in {shown.rsplit('.', 1)[0]}/")
        if not any(not c.passing for c in cases):
            problems.append(f"no fail_*.yaml fixture in {shown.rsplit('.', 1)[0]}/")
        reports.append(RuleReport(rule, shown, outcomes, tuple(problems)))
    return reports
