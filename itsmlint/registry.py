"""The rule catalog: every rule's metadata, docs and logic, checked on load.

One shape for a rule, wherever it comes from: ``<id>.yaml`` (its metadata,
plus ``given``/``then`` for a declarative rule), ``<id>.md`` (its page) and,
for a rule that needs code, ``<id>.py`` holding exactly one
:class:`~itsmlint.rule.DocumentRule` or :class:`~itsmlint.rule.CorpusRule`
subclass, bound to the metadata by the file name (the class carries no id).

* Built-in rules live in the top-level ``rules/`` folder, shipped as the
  ``itsmlint.catalog`` package, one sub-package per family.
* A plugin's ``itsmlint.rules`` entry point names a package laid out the
  same way (:mod:`itsmlint.plugins`).
* An organisation's ``rules_dirs`` folders hold the same files, but data
  only: a Python file there is never imported.

So a rule moves between the three by copying its files (and giving it an
``X-`` id outside the catalog), never by rewriting it.
"""

from __future__ import annotations

import importlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsmlint.configfiles import RULE, ConfigError, inside, outside, parse_config_text, read_page, read_yaml
from itsmlint.declarative import (
    MESSAGE_FIELDS,
    Check,
    DeclarativeRule,
    Given,
    SelectorError,
    parse_selector,
    unknown_placeholders,
)
from itsmlint.dsl import OptionError, compile_call, compile_conditions
from itsmlint.files import CONFIG_NAMES, DEFAULT_MAX_FILE_SIZE
from itsmlint.finding import Severity
from itsmlint.interop import FOREIGN_KINDS
from itsmlint.model import KINDS
from itsmlint.params import PARAMS
from itsmlint.positions import Positions
from itsmlint.reading import read_bounded
from itsmlint.rule import CorpusRule, DocumentRule, ReportedRule, Rule, RuleMeta
from itsmlint.validation import Compiled, first_mistake

if TYPE_CHECKING:
    from importlib.abc import Traversable

CATALOG_PACKAGE = "itsmlint.catalog"


@cache
def _meta_schema() -> Compiled:
    text = (resources.files("itsmlint.schemas") / "rule.schema.json").read_text(encoding="utf-8")
    return Compiled(json.loads(text))


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every known rule, by id, in id order."""

    rules: dict[str, Rule]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, key: str) -> Rule | None:
        """A rule by id (any case) or by slug."""
        rule = self.rules.get(key.upper())
        if rule is not None:
            return rule
        for candidate in self.rules.values():
            if candidate.meta.name == key:
                return candidate
        return None

    def select(self, selector: str) -> list[Rule]:
        """The rules a selector names: an id, a slug, or the start of ids (a family such as ``RACI``, or ``DOC00``).

        The same words select rules on the command line (``--select``,
        ``--ignore``) and in a configuration's ``rules:``; any case.
        """
        found = self.find(selector)
        if found is not None:
            return [found]
        prefix = selector.upper()
        return [r for r in self.rules.values() if r.meta.id.startswith(prefix)] if prefix else []

    def unknown(self, selector: str) -> str:
        """Why a selector names no rule, in one sentence with a "did you mean"."""
        from difflib import get_close_matches

        families = sorted({re.sub(r"\d+$", "", r.meta.id) for r in self})
        pool = [*self.rules, *(r.meta.name for r in self), *families]
        guess = get_close_matches(selector, pool, n=1) or get_close_matches(selector.upper(), pool, n=1)
        return f"unknown rule {selector!r}" + (f" (did you mean {guess[0]!r}?)" if guess else "")


def _fail(source: str, locator: Positions | None, pointer: tuple[str | int, ...], message: str) -> ConfigError:
    line, column = locator.locate(pointer) if locator else (0, 0)
    return ConfigError(source, line, column, message)


def build_rule(
    data: Any,
    locator: Positions | None,
    source: str,
    family: str,
    doc: str,
    code: type[Rule] | None = None,
    origin: str = "built-in",
) -> Rule:
    """Validate one rule file's data and make the rule: declarative, reported, or of the Python class ``code``."""
    if not isinstance(data, dict):
        raise _fail(source, locator, (), "a rule file must be a mapping")
    mistake = first_mistake(_meta_schema(), data)
    if mistake is not None:
        raise _fail(source, locator, mistake.pointer, f"invalid rule: {mistake.message}")
    for i, kind in enumerate(data["kinds"]):
        if kind not in KINDS.values() and kind not in FOREIGN_KINDS:
            raise _fail(source, locator, ("kinds", i), f"unknown kind {kind!r}")
    for i, param in enumerate(data.get("params", [])):
        if param not in PARAMS:
            raise _fail(source, locator, ("params", i), f"unknown parameter {param!r}")
    meta = RuleMeta(
        id=data["id"],
        name=data["name"],
        summary=data["summary"],
        family=family,
        kinds=tuple(data["kinds"]),
        severity=Severity.parse(data["severity"]),
        level=int(data["level"]),
        params=tuple(data.get("params", [])),
        subchecks={k: Severity.parse(v) for k, v in data.get("subchecks", {}).items()},
        refs={k: tuple(v) for k, v in data.get("refs", {}).items()},
        remediation=data["remediation"],
        heuristic=bool(data.get("heuristic", False)),
        doc=doc,
        source=origin,
        reported=bool(data.get("reported", False)),
        structural=bool(data.get("structural", False)),
        url=str(data.get("url", "")),
        fix={k: str(v) for k, v in data.get("fix", {}).items()},
    )
    ways = [
        what
        for what, there in (
            ("'then' checks", "then" in data),
            ("'reported: true'", meta.reported),
            ("a Python file", code is not None),
        )
        if there
    ]
    if len(ways) != 1:
        raise _fail(
            source,
            locator,
            ("id",),
            f"rule {meta.id} needs exactly one of 'then' checks, 'reported: true' "
            f"or a Python file beside it; it has {' and '.join(ways) or 'none'}",
        )
    if "then" in data:
        if meta.fix:
            # A declarative rule has no code to say what to change; a fix it declares would never come.
            raise _fail(
                source,
                locator,
                ("fix",),
                f"rule {meta.id} declares a fix, but only rules with code (or reported by itsmlint) offer fixes",
            )
        return _declarative(data, locator, source, meta)
    if meta.reported:
        return ReportedRule(meta)
    assert code is not None
    return code(meta)


def _declarative(data: dict[str, Any], locator: Positions | None, source: str, meta: RuleMeta) -> DeclarativeRule:
    raw_given = data["given"] if isinstance(data["given"], list) else [data["given"]]
    given = []
    for i, item in enumerate(raw_given):
        where: tuple[str | int, ...] = ("given", i) if isinstance(data["given"], list) else ("given",)
        path, kinds = (item, ()) if isinstance(item, str) else (item["path"], tuple(item.get("kinds", ())))
        _known_kinds(kinds, locator, source, (*where, "kinds"))
        try:
            given.append(Given(parse_selector(path), kinds))
        except SelectorError as exc:
            raise _fail(source, locator, where if isinstance(item, str) else (*where, "path"), str(exc)) from None
    try:
        when = compile_conditions(data["when"], ("when",)) if "when" in data else ()
    except OptionError as exc:
        raise _fail(source, locator, exc.pointer, exc.message) from None
    raw_then = data["then"] if isinstance(data["then"], list) else [data["then"]]
    checks = []
    for i, item in enumerate(raw_then):
        pointer: tuple[str | int, ...] = ("then", i) if isinstance(data["then"], list) else ("then",)
        try:
            name, options = compile_call(item, pointer)
        except OptionError as exc:
            raise _fail(source, locator, exc.pointer, exc.message) from None
        sub = item.get("sub")
        if sub is not None and sub not in meta.subchecks:
            raise _fail(source, locator, (*pointer, "sub"), f"sub-check {sub!r} is not declared in subchecks")
        _known_kinds(item.get("kinds", ()), locator, source, (*pointer, "kinds"))
        for key in ("message",):
            if key in item:
                _placeholders(item[key], locator, source, (*pointer, key))
        checks.append(Check(name, item.get("field"), options, tuple(item.get("kinds", ())), sub, item.get("message")))
    _placeholders(data["message"], locator, source, ("message",))
    if "hint" in data:
        _placeholders(data["hint"], locator, source, ("hint",))
    return DeclarativeRule(meta, tuple(given), tuple(checks), data["message"], data.get("hint"), when)


def _known_kinds(kinds: Any, locator: Positions | None, source: str, pointer: tuple[str | int, ...]) -> None:
    for i, kind in enumerate(kinds):
        if kind not in KINDS.values():
            raise _fail(source, locator, (*pointer, i), f"unknown kind {kind!r}; known: {', '.join(KINDS.values())}")


def _placeholders(template: str, locator: Positions | None, source: str, pointer: tuple[str | int, ...]) -> None:
    unknown = unknown_placeholders(template)
    if unknown:
        raise _fail(
            source,
            locator,
            pointer,
            f"unknown placeholder {{{unknown[0]}}} in the message; "
            f"known: {', '.join('{' + p + '}' for p in MESSAGE_FIELDS)}",
        )


def rule_class(module_name: str, source: str) -> type[Rule]:
    """The one rule class that ``<id>.py`` defines; anything else is a catalog error naming the file."""
    module = importlib.import_module(module_name)
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, (DocumentRule, CorpusRule))
        and value.__module__ == module.__name__
    ]
    if len(found) != 1:
        raise ConfigError(
            source,
            1,
            1,
            f"a rule's Python file defines exactly one DocumentRule or CorpusRule "
            f"subclass; this one defines {len(found)}",
        )
    return found[0]


def package_rules(package: str, family: str, origin: str, shown: str) -> list[Rule]:
    """Every rule of a package laid out as a rule folder (a family of the catalog, or a plugin's package).

    ``shown`` is how sources are named in errors (``rules/sm``). A Python file
    without its ``.yaml`` is an error too: a rule must not vanish unseen.
    """
    folder = resources.files(package)
    entries = {e.name: e for e in folder.iterdir()}
    rules = []
    for name in sorted(entries):
        if not name.endswith(".yaml"):
            continue
        stem, source = name[:-5], f"{shown}/{name}"
        data, locator = parse_config_text(entries[name].read_text(encoding="utf-8"), source)
        page = entries.get(f"{stem}.md")
        doc = page.read_text(encoding="utf-8") if page is not None else ""
        code = rule_class(f"{package}.{stem}", f"{shown}/{stem}.py") if f"{stem}.py" in entries else None
        rule = build_rule(data, locator, source, family, doc, code, origin)
        if rule.meta.id.lower() != stem:
            raise ConfigError(
                source,
                1,
                1,
                f"rule {rule.meta.id} must be in {rule.meta.id.lower()}.yaml, with its "
                "page and its code beside it under the same name",
            )
        rules.append(rule)
    orphans = sorted(
        n for n in entries if n.endswith(".py") and not n.startswith("_") and f"{n[:-3]}.yaml" not in entries
    )
    if orphans:
        raise ConfigError(shown, 1, 1, f"Python files without their rule's .yaml: {', '.join(orphans)}")
    return rules


def _families() -> list[Traversable]:
    root = resources.files(CATALOG_PACKAGE)
    return sorted((e for e in root.iterdir() if e.is_dir() and (e / "__init__.py").is_file()), key=lambda e: e.name)


@cache
def builtin_catalog() -> Catalog:
    """Load and check the built-in catalog (once per process)."""
    rules: dict[str, Rule] = {}
    for family_dir in _families():
        family = family_dir.name
        for rule in package_rules(f"{CATALOG_PACKAGE}.{family}", family, "built-in", f"rules/{family}"):
            if rule.meta.id in rules:
                raise ConfigError(f"rules/{family}", 1, 1, f"rule id {rule.meta.id} is defined twice")
            rules[rule.meta.id] = rule
    return Catalog(dict(sorted(rules.items())))


# --------------------------------------------------------------------------
# An organisation's own rules
# --------------------------------------------------------------------------

#: Ids of rules that do not ship with itsmlint start with this, so that a
#: future built-in rule can never take an organisation's id.
CUSTOM_PREFIX = "X-"
RULE_SUFFIXES = (".yaml", ".yml")


def custom_id_problem(rule_id: str) -> str | None:
    if rule_id.startswith(CUSTOM_PREFIX):
        return None
    return (
        f"rule id {rule_id!r} is reserved for built-in rules; an organisation's own rules use the "
        f"{CUSTOM_PREFIX} prefix, e.g. {CUSTOM_PREFIX}ACME001"
    )


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder: its ``*.yaml``/``*.yml`` entries but folders (fixtures live there) and config files.

    A pipe, a device or a link out of the folder named like a rule file is
    listed all the same: loading it reports it, rather than dropping a rule
    in silence.
    """
    found = []
    for name in sorted(os.listdir(folder)):
        path = folder / name
        if name.endswith(RULE_SUFFIXES) and name not in CONFIG_NAMES and not path.is_dir():
            found.append(path)
    return found


def claims_rules(files: Iterable[Path]) -> bool:
    """Whether any of the files reads like a rule file (an ``id`` and a rule key at the top level).

    Tells a rules folder from a folder of documents or of other tools' YAML
    before anything in it is judged as a rule; a file that cannot be read
    counts, so that loading it says why.
    """
    for path in files:
        try:
            text = read_bounded(path, DEFAULT_MAX_FILE_SIZE).decode("utf-8", errors="replace")
        except OSError:
            return True
        if RULE.claims_text(text):
            return True
    return False


def load_rule_file(path: Path, display: str, max_size: int | None = None, folder: Path | None = None) -> Rule:
    """One custom rule file, checked as strictly as the built-in catalog.

    The file is data: loading it parses YAML and compiles regular
    expressions, it never imports or runs anything. It is read only from
    inside its ``folder`` (a link out of it is refused) and within
    ``max_size`` (the configuration's ``max_file_size``), and so is its page.
    """
    folder = path.parent if folder is None else folder
    if not inside(path, folder):
        raise outside(display)
    data, locator = read_yaml(path, display, RULE, max_size)
    if isinstance(data, dict) and "id" in data and isinstance(data["id"], str):
        problem = custom_id_problem(data["id"])
        if problem is not None:
            raise _fail(display, locator, ("id",), problem)
    if isinstance(data, dict) and "then" not in data and "id" in data:
        raise _fail(
            display,
            locator,
            (),
            "a rule file needs given, then and message; rules that need code come "
            "as Python plugins (entry point group itsmlint.rules)",
        )
    doc = read_page(path.with_suffix(".md"), display.rsplit(".", 1)[0] + ".md", folder, max_size)
    return build_rule(data, locator, display, "custom", doc, origin=display)


def load_rules_dir(folder: Path, display: str, max_size: int | None = None) -> list[Rule]:
    """Every rule file of one ``rules_dirs`` folder."""
    try:
        files = rule_files(folder)
    except OSError as exc:
        raise ConfigError(display, 1, 1, f"cannot read the rules folder: {exc.strerror or exc}") from None
    return [load_rule_file(p, f"{display.rstrip('/')}/{p.name}", max_size, folder) for p in files]


def extend(base: Catalog, extra: Iterable[Rule]) -> Catalog:
    """The catalog with more rules; an id or a name defined twice is an error naming both sources."""
    rules = dict(base.rules)
    names = {r.meta.name: r for r in base}
    for rule in extra:
        meta = rule.meta
        for clash in (rules.get(meta.id), names.get(meta.name)):
            if clash is not None:
                what = f"rule id {meta.id}" if clash.meta.id == meta.id else f"rule name {meta.name!r}"
                raise ConfigError(
                    meta.source, 0, 0, f"{what} is defined twice: in {clash.meta.source} and in {meta.source}"
                )
        rules[meta.id] = rule
        names[meta.name] = rule
    return Catalog(dict(sorted(rules.items())))
