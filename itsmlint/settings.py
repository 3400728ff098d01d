"""Configuration: find, load, merge and check it, and freeze it as Settings.

Precedence, weakest first (``--policy NAME`` adds a preset after step 3):

1. each rule's catalog defaults (severity, parameters of domain.md §5);
2. ``extends:`` policies, in list order (a bare name is a preset shipped in
   ``policies/``; anything else is a file path relative to the config file);
3. the project's ``.itsmlint.yaml`` (or ``.itsmlint.yml``), found by walking
   up from the first linted path to the repository root, or the file given
   with ``--config``;
4. command-line flags (``--select``, ``--ignore``, ``--today``...).

Unknown keys, rule ids, sub-checks and parameters are errors that name the
file and line; a setting that silently does nothing is worse than none.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from itsmlint.configfiles import CONFIG, ConfigError, NotOurs, Unreadable, parse_config_text, read_yaml
from itsmlint.files import CONFIG_NAMES, DEFAULT_MAX_FILE_SIZE, compile_globs, find_config
from itsmlint.finding import Severity
from itsmlint.model import FOREIGN_FAMILIES
from itsmlint.params import PARAMS, defaults
from itsmlint.patterns import PatternError
from itsmlint.positions import Positions
from itsmlint.registry import Catalog
from itsmlint.validation import Compiled, compiled, first_mistake

OFF = "off"
#: What a rule's severity may be set to, in the order the messages list them.
SEVERITY_WORDS = (OFF, "info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective configuration of one run."""

    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    """Overrides keyed by ``ID`` or ``ID[sub]``; None switches a rule off."""
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=defaults)
    exclude: tuple[str, ...] = ()
    exclude_base: Path | None = None
    """The folder of the project config file; ``exclude`` globs are relative to it."""
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    sources: tuple[str, ...] = ()
    rules_dirs: tuple[Path, ...] = ()
    """Folders of custom rules; not linted as documents (their fixtures break rules on purpose)."""
    config_files: tuple[Path, ...] = ()
    """The configuration files read (the presets shipped with itsmlint aside)."""
    presets: tuple[str, ...] = ()
    """The presets shipped with itsmlint that applied (``extends: level-3``, ``--policy``): ``policies/NAME.yaml``."""
    formats: Mapping[str, bool] = field(default_factory=lambda: dict.fromkeys(FOREIGN_FAMILIES, True))
    """Which other formats are read beside itsmlint's own (``formats:``); each is on unless switched off, and only
    matters where the repository holds it."""

    def severity(self, rule_id: str, sub: str | None, default: Severity) -> Severity | None:
        """The severity of a finding, or None when its rule or sub-check is off."""
        if sub is not None and f"{rule_id}[{sub}]" in self.severities:
            return self.severities[f"{rule_id}[{sub}]"]
        if rule_id in self.severities:
            rule_level = self.severities[rule_id]
            # Switching a rule off switches all its parts off; raising or
            # lowering it applies to parts without a setting of their own.
            return rule_level
        return default

    def enabled(self, rule_id: str) -> bool:
        return self.severities.get(rule_id, Severity.INFO) is not None

    def params_for(self, rule_id: str) -> dict[str, Any]:
        merged = dict(self.params)
        merged.update(self.options.get(rule_id, {}))
        return merged


@cache
def _config_schema() -> Compiled:
    text = (resources.files("itsmlint.schemas") / "config.schema.json").read_text(encoding="utf-8")
    return Compiled(json.loads(text))


@dataclass(slots=True)
class _Layer:
    """One parsed config file or policy, before merging."""

    data: dict[str, Any]
    locator: Positions | None
    source: str
    base: Path | None
    path: Path | None = None
    """The file read, for a layer that is one (not a preset shipped with itsmlint)."""


def _read_policy(name: str) -> _Layer:
    folder = resources.files("itsmlint.policies")
    known = sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".yaml"))
    # Only a name from the list: a name is never a path (not even one with a
    # Windows backslash, which the caller's "/" test would not see).
    if name not in known:
        raise ConfigError(f"policy {name}", 1, 1, f"unknown policy {name!r}; known: {', '.join(known)}")
    entry = folder / f"{name}.yaml"
    source = f"policies/{name}.yaml"
    if isinstance(entry, Path):  # installed as files, as pip does: read with the bounds of every other file
        data, locator = read_yaml(entry, source, CONFIG, trusted=True)
    else:  # inside a zip archive, where nothing can be a pipe or a link
        data, locator = parse_config_text(entry.read_text(encoding="utf-8"), source)
    return _checked(data, locator, source, None)


def _read_file(path: Path, display: str) -> _Layer:
    """A configuration file; its errors are shown in full only if it is ours (see :mod:`itsmlint.configfiles`)."""
    # A file named .itsmlint.yaml (found, or given with --config) is ours by its name, unless it is a link
    # to elsewhere; any other file (an extends target, a link) is ours only if it claims to be a configuration.
    trusted = path.name in CONFIG_NAMES and not os.path.islink(path)
    data, locator = read_yaml(path, display, CONFIG, trusted=trusted)
    layer = _checked(data, locator, display, path.parent)
    layer.path = path
    return layer


def _checked(data: Any, locator: Positions | None, source: str, base: Path | None) -> _Layer:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(source, 1, 1, "configuration must be a mapping")
    mistake = first_mistake(_config_schema(), data)
    if mistake is not None:
        line, column = locator.locate(mistake.pointer) if locator else (1, 1)
        if mistake.unknown is None and len(mistake.pointer) == 2 and mistake.pointer[0] == "rules":
            raise _rule_setting_error(data["rules"][mistake.pointer[1]], mistake.pointer, locator, source)
        where = "/".join(map(str, mistake.pointer)) or "top level"
        raise ConfigError(
            source,
            line,
            column,
            mistake.message if mistake.unknown is not None else f"invalid value at {where}: {mistake.message}",
        )
    return _Layer(data, locator, source, base)


def _rule_setting_error(value: Any, pointer: tuple[Any, ...], locator: Positions | None, source: str) -> ConfigError:
    """A sentence for a wrong ``rules:`` entry, where the schema would say 'not valid under any of the given schemas'.

    An entry is a severity, or a mapping with ``severity`` and ``options``.
    """
    where, at_key = pointer, False
    message = f"{_shown(value)} is not a severity; use {_words()}"
    if isinstance(value, dict):
        extra = sorted(set(value) - {"severity", "options"}, key=str)
        if extra:
            where, at_key = (*pointer, extra[0]), True
            message = f"unknown key {extra[0]!r} in a rule's setting; use severity and options"
        elif "severity" in value and value["severity"] not in SEVERITY_WORDS:
            where = (*pointer, "severity")
            message = f"{_shown(value['severity'])} is not a severity; use {_words()}"
        else:
            where = (*pointer, "options")
            message = "options must be a mapping of the rule's parameters"
    if locator is None:
        line, column = 1, 1
    else:
        line, column = locator.locate_key(where) if at_key else locator.locate(where)
    return ConfigError(source, line, column, message)


def _shown(value: Any) -> str:
    """A value as the reader wrote it: a string quoted, anything else in YAML's words (false, 3, null)."""
    return repr(value) if isinstance(value, str) else json.dumps(value, default=str)


def _words() -> str:
    return ", ".join(SEVERITY_WORDS[:-1]) + f" or {SEVERITY_WORDS[-1]}"


def _layers(layer: _Layer, seen: tuple[str, ...] = ()) -> list[_Layer]:
    """The layer preceded by everything it extends, weakest first."""
    if layer.source in seen:
        raise ConfigError(layer.source, 1, 1, f"extends loops back: {' -> '.join((*seen, layer.source))}")
    extends = layer.data.get("extends", [])
    names = [extends] if isinstance(extends, str) else list(extends)
    out: list[_Layer] = []
    for i, name in enumerate(names):
        pointer: tuple[str | int, ...] = ("extends",) if isinstance(extends, str) else ("extends", i)
        try:
            if "/" not in name and not name.endswith((".yaml", ".yml")):
                parent = _read_policy(name)
            else:
                path = (layer.base or Path.cwd()) / name
                parent = _read_file(path, str(path))
        except (Unreadable, NotOurs) as exc:
            # Nothing of that file is worth pointing at (or may be shown): point at the line that names it.
            line, column = _where(layer, pointer)
            raise ConfigError(layer.source, line, column, f"extends {name!r}: {exc.message}") from None
        except ConfigError as exc:
            if exc.path.startswith("policy "):
                line, column = _where(layer, pointer)
                raise ConfigError(layer.source, line, column, exc.message) from None
            raise
        out.extend(_layers(parent, (*seen, layer.source)))
    out.append(layer)
    return out


def _where(layer: _Layer, pointer: tuple[str | int, ...]) -> tuple[int, int]:
    return layer.locator.locate(pointer) if layer.locator else (1, 1)


def _rule_keys(key: str, catalog: Catalog, layer: _Layer) -> tuple[list[tuple[str, str | None]], int]:
    """The (id, sub-check) pairs a ``rules:`` key sets, and how specific it is (0 family, 1 rule, 2 sub-check).

    A key is what ``--select`` takes (an id, a slug or a family such as
    ``OWN``), or ``ID[sub-check]``.
    """
    base, sub = key, None
    if key.endswith("]") and "[" in key:
        base, sub = key[:-1].split("[", 1)
    line, column = layer.locator.locate_key(("rules", key)) if layer.locator else (1, 1)
    if sub is None:
        rules = catalog.select(base)
        if not rules:
            raise ConfigError(layer.source, line, column, catalog.unknown(base))
        return [(r.meta.id, None) for r in rules], 1 if catalog.find(base) is not None else 0
    rule = catalog.find(base)
    if rule is None:
        raise ConfigError(layer.source, line, column, catalog.unknown(base))
    if sub not in rule.meta.subchecks:
        known = ", ".join(rule.meta.subchecks) or "none"
        raise ConfigError(
            layer.source, line, column, f"rule {rule.meta.id} has no sub-check {sub!r} (its sub-checks: {known})"
        )
    return [(rule.meta.id, sub)], 2


def _check_param(
    layer: _Layer, pointer: tuple[str | int, ...], name: str, value: Any, allowed: Sequence[str] | None = None
) -> None:
    if name not in PARAMS or (allowed is not None and name not in allowed):
        pool = list(allowed) if allowed is not None else list(PARAMS)
        guess = get_close_matches(name, pool, n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        what = "parameter" if allowed is None else "option for this rule"
        line, column = _where(layer, pointer)
        raise ConfigError(layer.source, line, column, f"unknown {what} {name!r}{hint}")
    mistake = first_mistake(compiled(PARAMS[name][1]), value)
    if mistake is not None:
        line, column = _where(layer, pointer)
        raise ConfigError(layer.source, line, column, f"invalid value for {name}: {mistake.message}")


def _check_glob(layer: _Layer, index: int, glob: str) -> None:
    """An exclude glob that RE2 cannot compile (only a huge one) is a config error, not a crash while walking."""
    try:
        compile_globs([glob])
    except PatternError:
        line, column = _where(layer, ("exclude", index))
        raise ConfigError(
            layer.source, line, column, f"exclude glob of {len(glob)} characters is too large to match; shorten it"
        ) from None


def _check_globs(layers: Sequence[_Layer], globs: Sequence[str]) -> None:
    """Globs that compile one by one may still be too many for RE2 together: say so at the last exclude list."""
    try:
        compile_globs(globs)
    except PatternError:
        layer = next(x for x in reversed(layers) if x.data.get("exclude"))
        line, column = _where(layer, ("exclude",))
        raise ConfigError(
            layer.source,
            line,
            column,
            f"the {len(globs)} exclude globs are too many to match together; merge some, e.g. into a folder",
        ) from None


def read_layers(
    config: Path | None = None, start: Path | None = None, isolated: bool = False, policy: str | None = None
) -> list[_Layer]:
    """Every configuration layer of a run, weakest first (``--policy`` last)."""
    layers: list[_Layer] = []
    if config is not None:
        if not os.path.lexists(config):
            raise ConfigError(str(config), 1, 1, "config file not found")
        layers = _layers(_read_file(config, str(config)))
    elif not isolated:
        found = find_config(start or Path.cwd())
        if found is not None:
            layers = _layers(_read_file(found, _display(found)))
    if policy is not None:
        layers += _layers(_read_policy(policy))
    return layers


def rules_dirs(layers: Sequence[_Layer]) -> list[tuple[Path, str]]:
    """The custom rule folders the layers name, as (path, display), each relative to its own file."""
    out: list[tuple[Path, str]] = []
    for layer in layers:
        for i, name in enumerate(layer.data.get("rules_dirs", [])):
            path = (layer.base or Path.cwd()) / name
            if not path.is_dir():
                line, column = _where(layer, ("rules_dirs", i))
                raise ConfigError(layer.source, line, column, f"rules folder {name!r} not found")
            if all(path.resolve() != p.resolve() for p, _ in out):
                out.append((path, _display(path)))
    return out


def size_bound(layers: Sequence[_Layer]) -> int:
    """The bound on every file a run reads (documents, rule files and pages, the baseline): the strongest layer's."""
    for layer in reversed(layers):
        if "max_file_size" in layer.data:
            return int(layer.data["max_file_size"])
    return DEFAULT_MAX_FILE_SIZE


def build_settings(
    catalog: Catalog,
    config: Path | None = None,
    start: Path | None = None,
    isolated: bool = False,
    policy: str | None = None,
    layers: Sequence[_Layer] | None = None,
) -> Settings:
    """Load the configuration that applies to a run and check it against the catalog.

    ``policy`` (``--policy``) is applied last, over the configuration file:
    its rule choices win, while the file's parameters and excludes stay.
    ``layers`` (from :func:`read_layers`) saves reading the files twice.
    """
    if layers is None:
        layers = read_layers(config, start, isolated, policy)
    severities: dict[str, Severity | None] = {}
    options: dict[str, dict[str, Any]] = {}
    params = defaults()
    exclude: list[str] = []
    max_file_size = DEFAULT_MAX_FILE_SIZE
    formats = dict.fromkeys(FOREIGN_FAMILIES, True)
    for layer in layers:
        formats.update(layer.data.get("formats", {}))
        # A family first, then its rules, then their sub-checks: "OWN: off" with "OWN001: error" keeps OWN001.
        keyed = [(key, entry, *_rule_keys(key, catalog, layer)) for key, entry in layer.data.get("rules", {}).items()]
        for key, entry, targets, specific in sorted(keyed, key=lambda k: k[3]):
            level = entry if isinstance(entry, str) else entry.get("severity")
            for rule_id, sub in targets:
                if level is not None:
                    target = f"{rule_id}[{sub}]" if sub else rule_id
                    severities[target] = None if level == OFF else Severity.parse(level)
            if isinstance(entry, dict) and "options" in entry:
                if specific != 1:
                    line, column = _where(layer, ("rules", key, "options"))
                    raise ConfigError(
                        layer.source,
                        line,
                        column,
                        "options apply to one whole rule, not to "
                        + ("a sub-check" if specific == 2 else "a family of rules"),
                    )
                rule_id = targets[0][0]
                allowed = catalog.rules[rule_id].meta.params
                for name, value in entry["options"].items():
                    _check_param(layer, ("rules", key, "options", name), name, value, allowed)
                    options.setdefault(rule_id, {})[name] = value
        for name, value in layer.data.get("params", {}).items():
            _check_param(layer, ("params", name), name, value)
            params[name] = value
        for i, glob in enumerate(layer.data.get("exclude", [])):
            _check_glob(layer, i, glob)
            exclude.append(glob)
        max_file_size = layer.data.get("max_file_size", max_file_size)
    if exclude:
        _check_globs(layers, exclude)
    base = next((x.base for x in reversed(layers) if x.base is not None), None)
    return Settings(
        severities,
        options,
        params,
        tuple(exclude),
        base,
        max_file_size,
        tuple(x.source for x in layers),
        tuple(p for p, _ in rules_dirs(layers)),
        tuple(x.path for x in layers if x.path is not None),
        tuple(dict.fromkeys(x.source for x in layers if x.path is None)),
        formats,
    )


def _display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
