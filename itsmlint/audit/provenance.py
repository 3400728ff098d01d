"""How an audit was produced: what an auditor needs to reproduce it.

The itsmlint version, the date the rules used (and whether it was given with
``--today`` or taken from the clock), the paths audited, the configuration
files and presets, the rules switched off or given another severity, the
parameters changed from the catalog's defaults, the custom rules, the git
commit and whether the work tree had uncommitted changes, and the command
that gives the same report. The waivers in force are the audit's register.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsmlint.engine import Result
from itsmlint.gitstate import GitState
from itsmlint.params import defaults


@dataclass(frozen=True, slots=True)
class Provenance:
    """Everything that made the report what it is, as text ready to be escaped and shown."""

    version: str
    today: dt.date
    today_given: bool
    """True when ``--today`` set the date; False when it was the system date."""
    paths: tuple[str, ...]
    """The audited paths, relative to the work tree's top when in git, else as given."""
    title: str
    """What the report is an audit of, for its title."""
    command: str
    """The command that reproduces the report (from the work tree's top, at the commit, when in git)."""
    config_files: tuple[str, ...] = ()
    presets: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    """Command-line options that changed what was checked (``--isolated``, ``--no-suppressions``...)."""
    rules_off: tuple[str, ...] = ()
    regraded: tuple[tuple[str, str, str], ...] = ()
    """(rule or ``RULE[sub-check]``, catalog severity, severity used)."""
    changed_params: tuple[tuple[str, str], ...] = ()
    """(parameter or ``RULE.option``, the value used as JSON) where it differs from the catalog's default."""
    custom_rules: tuple[tuple[str, str], ...] = ()
    """(rule id, where it was defined) for rules that are not built in."""
    git: GitState = field(default_factory=GitState)

    def as_dict(self) -> dict[str, Any]:
        git = self.git
        return {
            "itsmlint": self.version,
            "today": self.today.isoformat(),
            "todayFrom": "--today" if self.today_given else "system date",
            "paths": list(self.paths),
            "command": self.command,
            "configFiles": list(self.config_files),
            "presets": list(self.presets),
            "options": list(self.flags),
            "rulesOff": list(self.rules_off),
            "regraded": [{"rule": r, "default": d, "used": u} for r, d, u in self.regraded],
            "params": {name: json.loads(value) for name, value in self.changed_params},
            "customRules": [{"rule": r, "source": s} for r, s in self.custom_rules],
            "git": {
                "read": git.read,
                "commit": git.commit,
                "branch": git.branch,
                "dirty": git.dirty,
                "changed": git.changed,
                "changes": list(git.changes),
                "notes": list(git.notes),
            }
            if git.read
            else {"read": False},
        }


def _relative(path: Path, top: Path | None) -> str:
    """``path`` from the work tree's top (without git, the current folder) when it is inside it, else as given.

    Never the absolute path of a checkout: a report names files as anyone who
    checks the repository out elsewhere can find them (POSIX separators).
    """
    full = os.path.normpath(os.path.abspath(path))
    base = os.path.normpath(os.path.abspath(top if top is not None else os.curdir))
    if full == base or full.startswith(base.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(full, base)).as_posix()
    return path.as_posix()


def _label(shown: str, path: Path, top: Path | None) -> str:
    """A name for the title: the path, or, for a whole folder written ``.``, that folder's name."""
    if shown not in (".", ""):
        return shown
    folder = top if top is not None and _relative(path, top) == "." else Path(os.path.abspath(path))
    return f"{folder.name or folder.as_posix()} (the whole {'repository' if top is not None else 'folder'})"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def gather(
    result: Result,
    version: str,
    paths: Sequence[Path],
    *,
    today_given: bool,
    git: GitState,
    compare: Path | None = None,
) -> Provenance:
    """The provenance of an audit run: the choices it was run with are ``result.options``."""
    options = result.options
    top = git.top if git.read else None
    shown = tuple(_relative(p, top) for p in paths)
    title = ", ".join(_label(s, p, top) for s, p in zip(shown, paths, strict=True))
    settings = result.settings
    catalog = {m.id: m for m in result.catalog}
    run = set(result.rules_run)
    rules_off = tuple(sorted(m.id for m in result.catalog if m.id not in run))
    regraded: list[tuple[str, str, str]] = []
    changed: list[tuple[str, str]] = []
    config_files: tuple[str, ...] = ()
    presets: tuple[str, ...] = ()
    if settings is not None:
        for target, severity in sorted(settings.severities.items()):
            rule_id, _, sub = target.partition("[")
            meta = catalog.get(rule_id)
            if severity is None or meta is None:
                continue  # switched off: listed with rules_off
            default = meta.severity_of(sub.rstrip("]") or None)
            if severity is not default:
                regraded.append((target, default.label, severity.label))
        base = defaults()
        changed += [
            (name, _json(value))
            for name, value in sorted(settings.params.items())
            if _json(value) != _json(base.get(name))
        ]
        changed += [
            (f"{rule_id}.{name}", _json(value))
            for rule_id, options in sorted(settings.options.items())
            for name, value in sorted(options.items())
        ]
        config_files = tuple(_relative(p, top) for p in settings.config_files)
        presets = settings.presets
    flags = tuple(
        flag for flag, on in (("--isolated", options.isolated), ("--no-suppressions", not options.suppressions)) if on
    )
    custom = tuple(sorted((m.id, m.source) for m in result.catalog if not m.builtin))
    words = ["itsmlint", "audit", *shown, "--today", result.today.isoformat()]
    if options.config is not None:
        words += ["--config", _relative(options.config, top)]
    if options.policy is not None:
        words += ["--policy", options.policy]
    words += list(flags)
    if compare is not None:
        words += ["--compare", _relative(compare, top)]
    return Provenance(
        version,
        result.today,
        today_given,
        shown,
        title,
        shlex.join(words),
        config_files,
        presets,
        flags,
        rules_off,
        tuple(regraded),
        tuple(changed),
        custom,
        git,
    )
