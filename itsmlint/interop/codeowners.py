"""CODEOWNERS: a bounded parser with positions, who owns a path, and who an owner is.

GitHub looks for the file in ``.github/``, at the root and in ``docs/``, in
that order, and uses the first it finds; GitLab looks at the root, in
``docs/`` and in ``.gitlab/``. Its patterns follow ``.gitignore`` with
GitHub's exceptions: no ``!`` negation, and ``dir/*`` matches the files
directly in ``dir`` only. The last rule that matches a path decides its
owners; a rule with no owners leaves the path without any. A line of
invalid syntax makes GitHub ignore the whole file, so it is reported as an
error. GitLab's sections (``[Section]`` or ``^[Optional section]``, with
default owners after the header) are read too.

The parser is linear in the file's length (the file itself is read within
``max_file_size`` like every other) and keeps no more than the rules it
finds. Patterns are matched with RE2 (:mod:`itsmlint.patterns`), since they
come from the repository.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itsmlint.files import glob_body
from itsmlint.finding import Pointer
from itsmlint.model import CODEOWNERS, Corpus, Document, as_dict, as_list, dig

if TYPE_CHECKING:
    from itsmlint.patterns import Matcher

FILE_NAME = "CODEOWNERS"
#: Where GitHub and GitLab look, relative to the repository root, in GitHub's order of preference.
PLACES = (".github", "", "docs", ".gitlab")

_USER = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_TEAM = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)+$")
_ROLE = re.compile(r"^@@[A-Za-z_]+$")  # GitLab's role owners, such as @@maintainer
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SECTION = re.compile(r"^\s*(\^?)\[([^\]]+)\](?:\[([0-9]+)\])?(.*)$")
_WILD = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern line, read back from the document's data."""

    index: int
    pattern: str
    owners: tuple[str, ...]
    """The owners written on the line, or the section's default owners when the line names none."""
    written: bool
    """Whether the owners are on the line itself (not a GitLab section's defaults)."""


def parse(text: str) -> tuple[dict[str, Any], dict[Pointer, tuple[int, int]], int]:
    """The file as data, the (line, column) of each value by pointer, and the number of lines.

    The data is ``{"rules": [{"pattern", "owners", ["section", "sectionOwners"]}], "errors": [{"message"}]}``;
    every line that GitHub or GitLab would reject is an entry of ``errors`` at
    that line.
    """
    rules: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    place: dict[Pointer, tuple[int, int]] = {(): (1, 1), ("rules",): (1, 1), ("errors",): (1, 1)}
    section: tuple[str, list[str], list[tuple[int, int]]] | None = None
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        tokens = list(_tokens(line))
        if not tokens:
            continue
        first, column = tokens[0]
        if first.startswith(("[", "^[")):
            header = _SECTION.match(line)
            if header is None:
                _error(errors, place, number, column, f"cannot read the section header {first!r}")
                continue
            offset = header.start(4)
            owners = [(t, c + offset) for t, c in _tokens(line[offset:])] if offset >= 0 else []
            for token, at in owners:
                if not _owner_ok(token):
                    _error(errors, place, number, at, _owner_problem(token))
            section = (header.group(2).strip(), [t for t, _ in owners], [(number, c) for _, c in owners])
            continue
        pattern = first.replace("\\ ", " ").replace("\\#", "#")
        if pattern.startswith("!"):
            _error(errors, place, number, column, f"{first!r}: CODEOWNERS has no negated patterns ('!')")
            continue
        owners = tokens[1:]
        bad = [(t, c) for t, c in owners if not _owner_ok(t)]
        for token, at in bad:
            _error(errors, place, number, at, _owner_problem(token))
        i = len(rules)
        entry: dict[str, Any] = {"pattern": pattern, "owners": [t for t, _ in owners]}
        place[("rules", i)] = (number, column)
        place[("rules", i, "pattern")] = (number, column)
        place[("rules", i, "owners")] = (number, owners[0][1] if owners else column)
        for j, (_, at) in enumerate(owners):
            place[("rules", i, "owners", j)] = (number, at)
        if section is not None:
            entry["section"] = section[0]
            entry["sectionOwners"] = list(section[1])
            place[("rules", i, "section")] = (number, column)
            place[("rules", i, "sectionOwners")] = section[2][0] if section[2] else (number, column)
            for j, spot in enumerate(section[2]):
                place[("rules", i, "sectionOwners", j)] = spot
        rules.append(entry)
    return {"rules": rules, "errors": errors}, place, max(1, len(lines) - (1 if text.endswith("\n") else 0))


def _error(
    errors: list[dict[str, str]], place: dict[Pointer, tuple[int, int]], line: int, column: int, message: str
) -> None:
    place[("errors", len(errors))] = (line, column)
    place[("errors", len(errors), "message")] = (line, column)
    errors.append({"message": message})


def _tokens(line: str) -> Iterator[tuple[str, int]]:
    """The words of a line with their 1-based columns, up to a comment; a backslash escapes the next character."""
    i, n = 0, len(line)
    while i < n:
        while i < n and line[i] in " \t":
            i += 1
        if i >= n or line[i] == "#":
            return  # the rest is a comment (a '#' that starts a word; a pattern writes it '\#')
        start = i
        while i < n and line[i] not in " \t":
            i += 2 if line[i] == "\\" else 1
        yield line[start : min(i, n)], start + 1


def _owner_ok(token: str) -> bool:
    return bool(_USER.match(token) or _TEAM.match(token) or _EMAIL.match(token) or _ROLE.match(token))


def _owner_problem(token: str) -> str:
    return f"{token!r} is not an owner: write @user, @org/team or an e-mail address"


def rules_of(doc: Document) -> list[Rule]:
    """The rules of a CODEOWNERS document, with each one's effective owners."""
    out = []
    for i, entry in enumerate(as_list(doc.data.get("rules"))):
        entry = as_dict(entry)
        owners = tuple(str(o) for o in as_list(entry.get("owners")))
        written = bool(owners)
        if not owners:
            owners = tuple(str(o) for o in as_list(entry.get("sectionOwners")))
        out.append(Rule(i, str(entry.get("pattern", "")), owners, written))
    return out


# ----------------------------------------------------------------- places


def base_of(path: str) -> str:
    """The folder a CODEOWNERS file's patterns start from: its own, or the one above .github, docs or .gitlab."""
    folder = posixpath.dirname(path)
    if posixpath.basename(folder) in (".github", "docs", ".gitlab"):
        folder = posixpath.dirname(folder)
    return folder


def relative(path: str, base: str) -> str | None:
    """``path`` relative to ``base``, or None when it lies outside."""
    if not base or base == ".":
        return path if not path.startswith("../") and not path.startswith("/") else None
    prefix = base.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def governing(files: Sequence[Document], path: str) -> Document | None:
    """The CODEOWNERS file that decides who owns ``path``: the nearest above it, in GitHub's order of places."""
    best: tuple[int, int, Document] | None = None
    for doc in files:
        base = base_of(doc.path)
        if relative(path, base) is None:
            continue
        place = posixpath.basename(posixpath.dirname(doc.path)) if base != posixpath.dirname(doc.path) else ""
        rank = (-len(base), PLACES.index(place) if place in PLACES else len(PLACES))
        if best is None or rank < best[:2]:
            best = (*rank, doc)
    return best[2] if best is not None else None


# --------------------------------------------------------------- matching


def _regex(pattern: str) -> str:
    """A CODEOWNERS pattern as a regular expression over a path relative to the base (see the module's notes)."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    folder_only = pattern.endswith("/")
    direct = pattern.endswith("/*") and not pattern.endswith("**/*")
    out = glob_body(pattern.strip("/"), escapes=True)
    tail = "/.*" if folder_only else "" if direct else "(?:/.*)?"
    return f"^{'' if anchored else '(?:.*/)?'}{out}{tail}$"


class Owners:
    """Who a CODEOWNERS file gives each path to: its rules, matched on demand, last match winning."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rules = rules_of(doc)
        self._compiled: list[Matcher | None] = []

    def _matchers(self) -> list[Matcher | None]:
        if not self._compiled and self.rules:
            from itsmlint.patterns import PatternError, compile_linear

            for rule in self.rules:
                try:
                    self._compiled.append(compile_linear(_regex(rule.pattern)))
                except PatternError:
                    self._compiled.append(None)  # too large for RE2: it matches nothing here
        return self._compiled

    def rule_for(self, rel: str) -> Rule | None:
        """The rule that decides ``rel`` (a path relative to the file's base), or None when none matches."""
        for rule, matcher in zip(reversed(self.rules), reversed(self._matchers()), strict=True):
            if matcher is not None and matcher.match(rel) is not None:
                return rule
        return None


def owners_of(corpus: Corpus, doc: Document) -> Owners:
    """The matcher of one CODEOWNERS document, built once per run."""
    return corpus.memo(("codeowners", id(doc)), lambda: Owners(doc))


def files_of(corpus: Corpus) -> list[Document]:
    return [d for d in corpus.foreign if d.family == CODEOWNERS]


def shadowed_by(earlier: Rule, later: Rule) -> bool:
    """Whether ``later`` matches every path ``earlier`` matches, so ``earlier`` never decides anything.

    Told for the plain cases only, never wrongly: the same pattern; a later
    ``*`` or ``**``; or a later anchored folder without wildcards (``/docs/``)
    that holds everything an earlier anchored pattern can match.
    """
    a, b = earlier.pattern, later.pattern
    if a.rstrip("/") == b.rstrip("/") and (a.endswith("/") or not b.endswith("/")):
        return True
    if b in ("*", "**", "/**"):
        return True
    anchored = a.startswith("/") or "/" in a.rstrip("/")
    b_anchored = b.startswith("/") or "/" in b.rstrip("/")
    if not (anchored and b_anchored) or any(c in _WILD for c in b) or b.endswith("/*"):
        return False
    folder = b.strip("/") + "/"
    body = a.lstrip("/")
    literal = body[: min((body.index(c) for c in _WILD if c in body), default=len(body))]
    return literal.startswith(folder)


# ------------------------------------------------------------ who's who


def who(owner: str, corpus: Corpus) -> Document | None:
    """The person or team a CODEOWNERS owner names, if the run knows them.

    ``@org/team`` is a Backstage Group whose ``github.com/team-slug``
    annotation is ``org/team``, else a Group or an itsmlint Team named
    ``team``; ``@login`` a User whose ``github.com/user-login`` annotation is
    ``login``, else a User or Person named ``login``; an e-mail address a
    Person with that ``spec.email`` or a User with that ``spec.profile.email``.
    Case does not matter. The index is built once per run.
    """
    return corpus.memo("codeowners-who", lambda: _Directory(corpus)).find(owner)


class _Directory:
    def __init__(self, corpus: Corpus) -> None:
        from itsmlint.interop.backstage import LOGIN_ANNOTATION, TEAM_ANNOTATION, annotation, catalog_of

        self.logins: dict[str, Document] = {}
        self.teams: dict[str, Document] = {}
        self.emails: dict[str, Document] = {}
        catalog = catalog_of(corpus)
        # Annotations first: they are the explicit link, and win over a name that happens to match.
        for doc in [*catalog.of_kind("user"), *corpus.of_kind("Person")]:
            login = annotation(doc, LOGIN_ANNOTATION)
            if login:
                self.logins.setdefault(login.lower(), doc)
        for doc in [*catalog.of_kind("group"), *corpus.of_kind("Team")]:
            slug = annotation(doc, TEAM_ANNOTATION)
            if slug:
                self.teams.setdefault(slug.lower(), doc)
        for doc in [*catalog.of_kind("user"), *corpus.of_kind("Person")]:
            self.logins.setdefault(doc.name.lower(), doc)
            email = doc.spec.get("email") if not doc.foreign else dig(doc.spec, "profile", "email")
            if isinstance(email, str):
                self.emails.setdefault(email.lower(), doc)
        for doc in [*catalog.of_kind("group"), *corpus.of_kind("Team")]:
            self.teams.setdefault(doc.name.lower(), doc)

    def find(self, owner: str) -> Document | None:
        text = owner.lower()
        if _EMAIL.match(owner) and not text.startswith("@"):
            return self.emails.get(text)
        if text.startswith("@@"):
            return None  # a GitLab role names no one in particular
        if "/" in text:
            return self.teams.get(text[1:]) or self.teams.get(text.rsplit("/", 1)[1])
        return self.logins.get(text[1:])
