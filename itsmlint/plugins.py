"""Python plugins: rules and output formats from other installed packages.

A package adds rules through the entry-point group ``itsmlint.rules`` and
output formats through ``itsmlint.reporters``::

    [project.entry-points."itsmlint.rules"]
    acme = "acme_itsmlint.rules"              # a package of rule files

    [project.entry-points."itsmlint.reporters"]
    acme-csv = "acme_itsmlint.csv:render"     # (Result, RenderContext) -> str

The rules package is laid out like a family of the built-in catalog
(:mod:`itsmlint.registry`): per rule ``x-acme001.yaml`` (metadata, or a
declarative rule), ``x-acme001.md`` (its page) and, for a rule that needs
code, ``x-acme001.py`` with one rule class. Ids take the ``X-`` prefix. A
plugin that fails to load, a malformed rule, or an id or format name already
taken is a configuration error naming the plugin.

Only installed distributions count. ``importlib.metadata`` finds a
distribution in every ``sys.path`` entry, and an entry that names the
current folder (``python -m`` and ``-c`` add one, so does ``PYTHONPATH=.``)
would make a ``*.dist-info`` folder of the linted checkout a plugin, and its
module code that runs. The command line drops such entries before it starts
(:mod:`itsmlint.entry`); discovery ignores distributions found there as well,
for a program that calls itsmlint with the current folder on its path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from itsmlint.configfiles import ConfigError
from itsmlint.entry import names_current_folder
from itsmlint.reading import read_bounded
from itsmlint.registry import custom_id_problem, package_rules
from itsmlint.rule import Rule

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from itsmlint.reporters import Reporter

RULES_GROUP = "itsmlint.rules"
REPORTERS_GROUP = "itsmlint.reporters"


def _source(ep: EntryPoint) -> str:
    dist = ep.dist.name if ep.dist is not None else "?"
    return f"plugin {dist} ({ep.name} = {ep.value})"


def _installed(ep: EntryPoint) -> bool:
    """Whether the entry point comes from a distribution installed outside the current folder."""
    if ep.dist is None:
        return False  # not found through a distribution at all: nothing says where it comes from
    return not names_current_folder(str(ep.dist.locate_file("")))


def _group(name: str) -> list[EntryPoint]:
    if not _declared(name):
        return []
    from importlib.metadata import entry_points

    found = {
        (ep.dist.name if ep.dist is not None else "", ep.name, ep.value): ep
        for ep in entry_points(group=name)
        if _installed(ep)
    }
    return [found[k] for k in sorted(found)]


def _declarations() -> str:
    """The entry-point declarations of every installed distribution, as one text.

    Most runs have no plugin: finding that out by reading the small
    ``entry_points.txt`` files directly costs a tenth of importing
    importlib.metadata (and the email package it brings) to ask it.
    """
    texts = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    texts.append(
                        read_bounded(os.path.join(folder or ".", name, "entry_points.txt"), 1 << 20).decode(
                            "utf-8", errors="replace"
                        )
                    )
                except OSError:
                    continue
    return "\n".join(texts)


def _declared(group: str) -> bool:
    return f"[{group}]" in _declarations()


def _load(ep: EntryPoint) -> Any:
    try:
        return ep.load()
    except Exception as exc:  # a broken plugin is the user's environment, not our traceback
        raise ConfigError(_source(ep), 0, 0, f"cannot load: {type(exc).__name__}: {exc}") from None


def plugin_rules() -> list[Rule]:
    """Every rule that installed plugins provide, in a stable order."""
    out: list[Rule] = []
    for ep in _group(RULES_GROUP):
        source = _source(ep)
        package = _load(ep)
        if not isinstance(package, ModuleType) or not hasattr(package, "__path__"):
            raise ConfigError(
                source,
                0,
                0,
                "an itsmlint.rules entry point names a package that holds rule files "
                "(<id>.yaml, <id>.md and, for code, <id>.py), as rules/<family>/ does",
            )
        try:
            # Errors name the plugin's own files; the rules say which plugin they come from.
            rules = package_rules(package.__name__, "plugin", source, str(next(iter(package.__path__))))
        except (ImportError, OSError, SyntaxError) as exc:  # a broken plugin is the user's environment, not our bug
            raise ConfigError(source, 0, 0, f"cannot load: {type(exc).__name__}: {exc}") from None
        for rule in rules:
            problem = custom_id_problem(rule.meta.id)
            if problem is not None:
                raise ConfigError(source, 0, 0, problem)
        out.extend(rules)
    return out


def plugin_reporters(builtin: Iterable[str]) -> dict[str, tuple[Reporter, str]]:
    """Every output format that installed plugins provide, by name."""
    taken = set(builtin)
    out: dict[str, tuple[Reporter, str]] = {}
    for ep in _group(REPORTERS_GROUP):
        source = _source(ep)
        if ep.name in taken:
            raise ConfigError(source, 0, 0, f"format name {ep.name!r} is already taken by a built-in format")
        if ep.name in out:
            raise ConfigError(
                source, 0, 0, f"format name {ep.name!r} is defined twice: in {out[ep.name][1]} and in {source}"
            )
        render = _load(ep)
        if not callable(render):
            raise ConfigError(source, 0, 0, "a reporter is a function (result, context) -> str")
        out[ep.name] = (render, source)
    return out
