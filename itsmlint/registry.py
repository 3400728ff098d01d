"""The rule catalog: every rule's metadata, docs and logic, checked on load.

Built-in rules live under the top-level ``rules/`` folder, shipped as the
``itsmlint.catalog`` package: one folder per family, and per rule an
``<id>.yaml`` (metadata, plus ``given``/``then`` for declarative rules), an
``<id>.md`` (its documentation page) and, for rules that need code, an
``<id>.py`` holding a :class:`~itsmlint.rule.Rule` subclass with the same id.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from itsmlint.declarative import Check, DeclarativeRule, Given, SelectorError, parse_selector
from itsmlint.finding import Severity
from itsmlint.functions import FUNCTIONS
from itsmlint.loader import ConfigError, NodeLocator, parse_config_text
from itsmlint.model import KINDS
from itsmlint.params import PARAMS
from itsmlint.rule import ReportedRule, Rule, RuleMeta
from itsmlint.validation import Compiled, best_match, compiled

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


def _fail(source: str, locator: NodeLocator | None, pointer: tuple[str | int, ...], message: str) -> ConfigError:
    line, column = locator.locate(pointer) if locator else (1, 1)
    return ConfigError(source, line, column, message)


def build_rule(data: Any, locator: NodeLocator | None, source: str, family: str, doc: str,
               python_rules: dict[str, type[Rule]], origin: str = "built-in") -> Rule:
    """Validate one rule file's data and turn it into a bound rule."""
    if not isinstance(data, dict):
        raise _fail(source, locator, (), "a rule file must be a mapping")
    errors = sorted(_meta_schema().first_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    best = best_match(errors) if errors else None
    if best is not None:
        raise _fail(source, locator, tuple(best.absolute_path), f"invalid rule: {best.message}")
    for i, kind in enumerate(data["kinds"]):
        if kind not in KINDS.values():
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
    )
    rule: Rule
    if "then" in data:
        rule = _declarative(data, locator, source, meta)
    else:
        cls = python_rules.get(meta.id)
        if cls is None:
            raise _fail(source, locator, ("id",), f"rule {meta.id} has no 'then' checks and no Python class")
        rule = cls()
        if isinstance(rule, ReportedRule):
            meta = dataclasses.replace(meta, reported=True)
    rule.meta = meta
    return rule


def _declarative(data: dict[str, Any], locator: NodeLocator | None, source: str, meta: RuleMeta) -> DeclarativeRule:
    raw_given = data["given"] if isinstance(data["given"], list) else [data["given"]]
    given = []
    for item in raw_given:
        path, kinds = (item, ()) if isinstance(item, str) else (item["path"], tuple(item.get("kinds", ())))
        try:
            given.append(Given(parse_selector(path), kinds))
        except SelectorError as exc:
            raise _fail(source, locator, ("given",), str(exc)) from None
    raw_then = data["then"] if isinstance(data["then"], list) else [data["then"]]
    checks = []
    for i, item in enumerate(raw_then):
        pointer: tuple[str | int, ...] = ("then", i) if isinstance(data["then"], list) else ("then",)
        spec = FUNCTIONS.get(item["function"])
        if spec is None:
            raise _fail(source, locator, (*pointer, "function"),
                        f"unknown function {item['function']!r}; known: {', '.join(sorted(FUNCTIONS))}")
        options = item.get("options", {})
        plain = {k: v for k, v in options.items() if not (isinstance(v, dict) and set(v) == {"param"})}
        for key, value in options.items():
            if isinstance(value, dict) and set(value) == {"param"} and value["param"] not in PARAMS:
                raise _fail(source, locator, (*pointer, "options", key), f"unknown parameter {value['param']!r}")
        option_errors = compiled(spec.options).first_errors(plain)
        if option_errors:
            err = option_errors[0]
            raise _fail(source, locator, (*pointer, "options", *err.absolute_path),
                        f"bad options for {item['function']}: {err.message}")
        sub = item.get("sub")
        if sub is not None and sub not in meta.subchecks:
            raise _fail(source, locator, (*pointer, "sub"), f"sub-check {sub!r} is not declared in subchecks")
        checks.append(Check(item["function"], item.get("field"), options, tuple(item.get("kinds", ())),
                            sub, item.get("message")))
    return DeclarativeRule(tuple(given), tuple(checks), data["message"], data.get("hint"))


def _python_rules(family: str) -> dict[str, type[Rule]]:
    """Import the family's Python modules and collect their rule classes."""
    found: dict[str, type[Rule]] = {}
    package = resources.files(f"{CATALOG_PACKAGE}.{family}")
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        module = importlib.import_module(f"{CATALOG_PACKAGE}.{family}.{entry.name[:-3]}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.id and value.__module__ == module.__name__:
                found[value.id] = value
    return found


def _families() -> list[Traversable]:
    root = resources.files(CATALOG_PACKAGE)
    return sorted((e for e in root.iterdir() if e.is_dir() and (e / "__init__.py").is_file()), key=lambda e: e.name)


@cache
def builtin_catalog() -> Catalog:
    """Load and check the built-in catalog (once per process)."""
    rules: dict[str, Rule] = {}
    sources: dict[str, str] = {}
    for family_dir in _families():
        family = family_dir.name
        python_rules = _python_rules(family)
        used: set[str] = set()
        for entry in sorted(family_dir.iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".yaml"):
                continue
            source = f"rules/{family}/{entry.name}"
            data, locator = parse_config_text(entry.read_text(encoding="utf-8"), source)
            doc_file = family_dir / (entry.name[:-5] + ".md")
            doc = doc_file.read_text(encoding="utf-8") if doc_file.is_file() else ""
            rule = build_rule(data, locator, source, family, doc, python_rules)
            if rule.meta.id in rules:
                raise ConfigError(source, 1, 1, f"rule id {rule.meta.id} is also defined in {sources[rule.meta.id]}")
            rules[rule.meta.id] = rule
            sources[rule.meta.id] = source
            used.add(rule.meta.id)
        orphans = sorted(set(python_rules) - used)
        if orphans:
            raise ConfigError(f"rules/{family}", 1, 1, f"Python rules without a catalog file: {', '.join(orphans)}")
    return Catalog(dict(sorted(rules.items())))
