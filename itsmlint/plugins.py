"""Python plugins: rules and output formats from other installed packages.

A package adds rules through the entry-point group ``itsmlint.rules`` and
output formats through ``itsmlint.reporters``::

    [project.entry-points."itsmlint.rules"]
    acme = "acme_itsmlint.rules:RULES"        # a Rule subclass, or a list of them

    [project.entry-points."itsmlint.reporters"]
    acme-csv = "acme_itsmlint.csv:render"     # (Result, RenderContext) -> str

A rule class is a :class:`~itsmlint.rule.DocumentRule` or
:class:`~itsmlint.rule.CorpusRule` whose ``metadata`` mapping holds what a
rule file holds (``id`` with the ``X-`` prefix, ``name``, ``summary``,
``kinds``, ``severity``, ``level``, ``remediation``...) and whose docstring
is its documentation. A plugin that fails to load, a malformed rule, or an
id or format name already taken is a configuration error naming the plugin.

Only installed distributions count. ``importlib.metadata`` finds a
distribution in every ``sys.path`` entry, and an entry that names the
current folder (``python -m`` and ``-c`` add one, so does ``PYTHONPATH=.``)
would make a ``*.dist-info`` folder of the linted checkout a plugin, and its
module code that runs. The command line drops such entries before it starts
(:mod:`itsmlint.entry`); discovery ignores distributions found there as well,
for a program that calls itsmlint with the current folder on its path.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

from itsmlint.entry import names_current_folder
from itsmlint.loader import ConfigError
from itsmlint.registry import build_rule, custom_id_problem
from itsmlint.rule import CorpusRule, DocumentRule, Rule

if TYPE_CHECKING:
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
    found = {(ep.dist.name if ep.dist is not None else "", ep.name, ep.value): ep for ep in entry_points(group=name)
             if _installed(ep)}
    return [found[k] for k in sorted(found)]


def _load(ep: EntryPoint) -> Any:
    try:
        return ep.load()
    except Exception as exc:  # a broken plugin is the user's environment, not our traceback
        raise ConfigError(_source(ep), 0, 0, f"cannot load: {type(exc).__name__}: {exc}") from None


def _rule(cls: object, source: str) -> Rule:
    if not (isinstance(cls, type) and issubclass(cls, (DocumentRule, CorpusRule))):
        raise ConfigError(source, 0, 0, f"{cls!r} is not a DocumentRule or CorpusRule subclass")
    metadata = getattr(cls, "metadata", None)
    if not isinstance(metadata, dict):
        raise ConfigError(source, 0, 0, f"{cls.__name__} has no metadata mapping (id, name, summary, kinds, "
                          "severity, level, remediation)")
    if "given" in metadata or "then" in metadata:
        raise ConfigError(source, 0, 0, f"{cls.__name__}: declarative rules belong in a rules_dirs folder, not in a "
                          "plugin")
    rule_id = metadata.get("id")
    problem = custom_id_problem(rule_id) if isinstance(rule_id, str) else None
    if problem is not None:
        raise ConfigError(source, 0, 0, problem)
    source = f"{source} {cls.__name__}"
    return build_rule(dict(metadata), None, source, "plugin", inspect.cleandoc(cls.__doc__ or ""), {str(rule_id): cls},
                      origin=source)


def plugin_rules() -> list[Rule]:
    """Every rule that installed plugins provide, in a stable order."""
    out: list[Rule] = []
    for ep in _group(RULES_GROUP):
        value = _load(ep)
        classes: Iterable[object] = [value] if isinstance(value, type) else value
        if not isinstance(classes, Iterable):
            raise ConfigError(_source(ep), 0, 0, "the entry point must name a rule class or a list of them")
        out.extend(_rule(cls, _source(ep)) for cls in classes)
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
            raise ConfigError(source, 0, 0, f"format name {ep.name!r} is defined twice: in {out[ep.name][1]} and "
                              f"in {source}")
        render = _load(ep)
        if not callable(render):
            raise ConfigError(source, 0, 0, "a reporter is a function (result, context) -> str")
        out[ep.name] = (render, source)
    return out
