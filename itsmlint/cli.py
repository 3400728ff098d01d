"""The command line: the only module that prints, reads flags or sets exit codes.

Exit codes (one table, used by every command):

====  ==========================================================
0     nothing at or above ``--fail-on``
1     findings at or above ``--fail-on``, or a rule crashed
2     usage or configuration error (bad flag, config, missing path)
====  ==========================================================
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from itsmlint import __version__, files
from itsmlint.configfiles import ConfigError
from itsmlint.decide import Baseline, BaselineError, read_baseline, render_baseline
from itsmlint.engine import Result, run
from itsmlint.files import DEFAULT_MAX_FILE_SIZE, display_path
from itsmlint.finding import Severity
from itsmlint.loader import load, load_sources
from itsmlint.options import DEFAULT_SARIF_CATEGORY, Options
from itsmlint.registry import Catalog, builtin_catalog, extend, load_rules_dir
from itsmlint.render import one_line
from itsmlint.reporters import REPORTERS, RenderContext, Reporter
from itsmlint.reporters.text import plural
from itsmlint.settings import Settings, build_settings, read_layers, rules_dirs, size_bound

if TYPE_CHECKING:
    from itsmlint.maturity import Organisation

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
BASELINE_FILE = ".itsmlint-baseline.json"
FAIL_ON = ("error", "warning", "info", "never")


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _selectors(catalog: Catalog, values: Sequence[str], flag: str) -> list[str]:
    """The rule selectors of ``--select`` or ``--ignore``; one that names no rule is a usage error.

    A typo must not switch every rule off (``--select RACI999`` would check
    nothing and pass) or leave one on: the same words as a configuration's
    ``rules:`` keys, checked the same way.
    """
    selectors = _split(values)
    for selector in selectors:
        if not catalog.select(selector):
            _fail(f"{flag}: {catalog.unknown(selector)}")
    return selectors


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint="--today") from None


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` whole or not at all (see :func:`itsmlint.files.write_atomically`); exit 2 on failure."""
    try:
        files.write_atomically(path, text)
    except OSError as exc:
        _fail(f"{path}: cannot write: {exc.strerror or exc}")


def _fail(message: str) -> None:
    # The message may name a file or quote a value of the repository's: one line, no escape sequences.
    click.echo(f"itsmlint: error: {one_line(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _configure(
    config: Path | None, start: Path, isolated: bool, policy: str | None = None, plugins: bool = True
) -> tuple[Catalog, Settings]:
    """The run's catalog (built-in, plugins, rules_dirs) and settings; any mistake is one line and exit 2.

    The configuration is read first because it names the rule folders, and
    checked against the complete catalog because it may configure their rules.
    """
    from itsmlint.plugins import plugin_rules

    try:
        layers = read_layers(config, start, isolated, policy)
        catalog = builtin_catalog()
        if plugins:
            catalog = extend(catalog, plugin_rules())
        for folder, display in rules_dirs(layers):
            catalog = extend(catalog, load_rules_dir(folder, display, size_bound(layers)))
        return catalog, build_settings(catalog, layers=layers)
    except ConfigError as exc:
        _fail(str(exc))
        raise AssertionError from None


def _reporters() -> dict[str, Reporter]:
    """The built-in output formats and those of installed plugins."""
    from itsmlint.plugins import plugin_reporters

    try:
        extra = plugin_reporters(REPORTERS)
    except ConfigError as exc:
        _fail(str(exc))
        raise AssertionError from None
    return {**REPORTERS, **{name: render for name, (render, _) in extra.items()}}


def _lint(
    targets: Sequence[Path],
    options: Options,
    progress: Callable[[str, int, int], None] | None = None,
    revision: str | None = None,
    overlay: Mapping[str, bytes] | None = None,
) -> Result:
    """Load and lint: what check, baseline, graph and audit share.

    Files whose bytes were read before come from the per-file cache (see
    :mod:`itsmlint.cache`); every rule still runs on the whole repository.
    With ``revision``, the files are those of that git revision, not of the
    work tree (``check --new-since``). With ``overlay``, the bytes it holds for
    some files are read instead of those files (``check --fix`` lints its fixes
    before anything is written).
    """
    from itsmlint.cache import open_cache

    catalog, settings = _configure(options.config, targets[0], options.isolated, options.policy)
    options = dataclasses.replace(
        options,
        select=tuple(_selectors(catalog, options.select, "--select")),
        ignore=tuple(_selectors(catalog, options.ignore, "--ignore")),
    )
    cache = open_cache(options.cache, f"max_file_size={settings.max_file_size}")
    # A run allocates millions of small objects that live until it ends and
    # form almost no reference cycles; the cyclic collector would walk them
    # again and again (more than half of a large run's time). It is paused
    # for the run, and what the run built is frozen out of later collections.
    gc.disable()
    try:
        if revision is None:
            loaded = load(
                targets,
                Path.cwd(),
                settings.exclude,
                settings.max_file_size,
                settings.exclude_base,
                progress,
                settings.rules_dirs,
                options.jobs,
                cache,
                overlay,
            )
        else:
            loaded = load_sources(_revision_files(revision, targets, settings), cache)
        if cache is not None:
            cache.prune()
        return run(loaded, catalog, settings, options, progress)
    finally:
        gc.freeze()
        gc.enable()


class _Progress:
    """A one-line progress bar on standard error, on a terminal only."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        # Redrawing every file would cost more than the work on small repositories.
        if total < 50 or (done % max(1, total // 100) and done != total):
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r{stage:<9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _baseline(path: Path, config: Path | None, start: Path, isolated: bool, policy: str | None) -> Baseline:
    """The baseline, read within the configuration's max_file_size (so the configuration is read for it)."""
    try:
        return read_baseline(path, path.as_posix(), size_bound(read_layers(config, start, isolated, policy)))
    except (BaselineError, ConfigError) as exc:
        _fail(str(exc))
        raise AssertionError from None


def _organisation(result: Result) -> Organisation:
    from itsmlint.maturity import assess  # only --min-level and audits rate bundles

    return assess(result.corpus, result.directory, result.findings, result.catalog, result.rules_run)


def _below(organisation: Organisation, level: int) -> list[str]:
    """One line per bundle below ``level``, then a verdict; nothing when all reach it."""
    low = [r for r in organisation.ratings if (r.level or 0) < level]
    if not low:
        return []
    lines = [
        f"maturity: {one_line(r.bundle.ref)} is "
        + (f"at level {r.level} ({r.name}), below {level}" if r.level else "unrated (a document does not load)")
        + (f"; blocking: {', '.join(r.blockers)}" if r.blockers else "")
        for r in low
    ]
    lines.append(
        f"maturity: {len(low)} of {plural(len(organisation.ratings), 'bundle')} "
        f"{'is' if len(low) == 1 else 'are'} below level {level}"
    )
    return lines


def _revision_files(revision: str, targets: Sequence[Path], settings: Settings) -> list[tuple[str, bytes]]:
    """The files of a git revision that a run on ``targets`` would read, with the paths they have now."""
    from itsmlint import gitrev

    try:
        top = gitrev.work_tree_top(targets[0])
        found = gitrev.yaml_files(top, revision, settings.max_file_size)
    except gitrev.GitError as exc:
        _fail(f"--new-since {revision}: {exc}")
        raise AssertionError from None
    exclude = files.compile_globs(settings.exclude)
    shown = ((gitrev.display(top, path), data) for path, data in sorted(found.items()))
    return [
        (display, data)
        for display, data in shown
        if files.admitted(display, targets, Path.cwd(), exclude, settings.exclude_base, settings.rules_dirs)
    ]


def _context(targets: Sequence[Path], chosen: Path | None = None) -> list[Path]:
    """What a run reads: the named paths, within the repository that gives them their meaning.

    An owner is a Person defined in another file, a role is staffed by a
    RoleAssignment elsewhere: linting one file or folder alone would report
    every such reference as broken. The context is ``--context``, else the
    folder of the nearest configuration file, else the git work tree, else
    the paths themselves; findings are then reported for the named paths only
    (see :func:`_narrow`).
    """
    root = chosen
    if root is None:
        config = files.find_config(targets[0])
        root = config.parent if config is not None else files.work_tree(targets[0])
    if root is None:
        return list(targets)
    base = os.path.realpath(root)
    if all(os.path.realpath(t) == base for t in targets):
        return list(targets)
    if not all(os.path.realpath(t).startswith(base.rstrip(os.sep) + os.sep) for t in targets):
        return list(targets)  # a path outside the repository: read the paths themselves
    return [root]


def _narrow(result: Result, targets: Sequence[Path], scope: Sequence[Path], must_hold_documents: bool) -> None:
    """Keep the findings, and count the files and documents, of the named paths; each must hold a document.

    A path that holds no itsmlint document (a misspelt folder in a CI job, a
    folder of other YAML, an empty repository) would pass with nothing
    checked: it is a usage error.
    """
    cwd = os.getcwd()

    def where(path: str | Path) -> str:
        return os.path.normpath(os.path.join(cwd, path))

    named = [where(t) for t in targets]

    def under(path: str, target: str) -> bool:
        return path == target or path.startswith(target.rstrip(os.sep) + os.sep)

    if must_hold_documents:
        # A catalog, SLOs or a CODEOWNERS file hold documents too (itsmlint.interop): such a path is checked.
        places = {where(d.path) for d in (*result.corpus, *result.corpus.foreign)} | {
            where(f.path) for f in result.findings
        }
        for target, shown in zip(named, targets, strict=True):
            if not any(under(place, target) for place in places):
                _fail(
                    f"{shown.as_posix()}: no itsmlint documents here (YAML files with apiVersion: itsmlint/v1); "
                    "nothing was checked"
                )
    if list(scope) == list(targets):
        return

    def wanted(path: str) -> bool:
        full = where(path)
        return any(under(full, t) for t in named)

    result.findings = [f for f in result.findings if wanted(f.path)]
    documents = [d for d in (*result.corpus, *result.corpus.foreign) if wanted(d.path)]
    result.files = len({d.path for d in documents} | {f.path for f in result.findings})
    result.documents = len(documents)


def _targets(paths: Sequence[Path]) -> list[Path]:
    targets = list(paths) or [Path(".")]
    for path in targets:
        if not path.exists():
            _fail(f"{path}: broken symbolic link" if path.is_symlink() else f"{path}: no such file or folder")
    return targets


def _sarif_category(value: str) -> str:
    """``--sarif-category`` as SARIF's automationDetails.id: GitHub reads the part before the last '/' as the category.

    Its upload-sarif action appends the '/' to a category that lacks one, so
    the same name given to both yields the same id.
    """
    if not value.strip() or one_line(value) != value:
        raise click.BadParameter("give a name, such as itsmlint/ or itsmlint/governance", param_hint="--sarif-category")
    return value if value.endswith("/") else value + "/"


def _use_color(stream_is_tty: bool, choice: str = "auto") -> bool:
    """``--color``: always and never decide; auto follows NO_COLOR, then FORCE_COLOR, then the terminal.

    NO_COLOR and FORCE_COLOR count when set and not empty (no-color.org,
    force-color.org); NO_COLOR wins when both are, as in Python's own CLI.
    """
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream_is_tty and os.environ.get("TERM") != "dumb"


def exit_code(result: Result, fail_on: str) -> int:
    if result.crashed:
        return EXIT_FINDINGS
    if fail_on == "never":
        return EXIT_OK
    worst = result.worst()
    return EXIT_FINDINGS if worst is not None and worst >= Severity.parse(fail_on) else EXIT_OK


_CONFIG_OPTIONS = [
    click.option("--config", "-c", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file."),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file (and the rules_dirs it names)."),
]


def _config_options(fn: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_CONFIG_OPTIONS):
        fn = option(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="itsmlint")
def main() -> None:
    """itsmlint: lint IT service-management artefacts kept as YAML."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="NAME[:FILE]",
    help=f"Output format ({', '.join(sorted(REPORTERS))}); repeat for several; NAME:FILE writes that one to FILE.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the (first) report to FILE instead of standard output.",
)
@click.option("--today", metavar="YYYY-MM-DD", help="The date that date-based rules use (default: today).")
@click.option(
    "--select", multiple=True, metavar="RULES", help="Only these rules (ids, prefixes or names; comma-separated)."
)
@click.option(
    "--ignore", multiple=True, metavar="RULES", help="Skip these rules (ids, prefixes or names; comma-separated)."
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@_config_options
@click.option(
    "--no-suppressions",
    is_flag=True,
    help="Ignore every waiver and inline suppression (for audits); expired waivers are still reported.",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings that are not in this baseline file (see 'itsmlint baseline write').",
)
@click.option(
    "--context",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="Read DIR for context (references to other files) and report findings under PATHS only "
    "(default: the folder of the nearest .itsmlint.yaml, else the git work tree).",
)
@click.option(
    "--new-since",
    "new_since",
    metavar="REV",
    help="Report only findings that the files at git revision REV did not have, wherever they are "
    "(the pre-commit hook itsmlint-changed uses HEAD).",
)
@click.option(
    "--changed-only",
    is_flag=True,
    help="PATHS are changed files: lint the whole current folder for context, report only their findings "
    "(the pre-commit hook itsmlint-changed).",
)
@click.option(
    "--policy",
    metavar="NAME",
    help="Apply a preset from policies/ (level-2 … level-5, iso20000, recommended) over the configuration.",
)
@click.option(
    "--min-level",
    type=click.IntRange(1, 5),
    metavar="N",
    help="Also fail (exit 1) when any bundle's maturity level is below N.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    metavar="N",
    help="Share the work among N processes (the output is the same).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every file again instead of taking unchanged ones from the per-file cache "
    "(in the user's cache folder; ITSMLINT_CACHE_DIR moves it).",
)
@click.option(
    "--sarif-category",
    default=DEFAULT_SARIF_CATEGORY,
    show_default=True,
    metavar="NAME",
    help="SARIF automationDetails.id: the category GitHub code scanning and Azure DevOps group "
    "analyses by (a final '/' is added, as GitHub's upload-sarif does).",
)
@click.option(
    "--sarif-full-help",
    is_flag=True,
    help="SARIF: embed the whole documentation page of each rule with results (default: a short help "
    "and the page's URI).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Text output: a count per rule (count, id, name) instead of the findings, then the summary.",
)
@click.option(
    "--show-source",
    is_flag=True,
    help="Text output: under each finding, the offending line with a caret, the fix and the notes.",
)
@click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text on standard output: auto colours a terminal unless NO_COLOR is set "
    "(FORCE_COLOR forces it, e.g. in CI logs).",
)
@click.option(
    "--fix",
    "fix",
    is_flag=True,
    help="Apply the safe fixes of the findings under PATHS, lint again and repeat, then write the changed "
    "files and report what is left (docs/fixing.md).",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, apply the unsafe fixes too (they may change what a document means).",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print a unified diff of what --fix would change and change nothing (with --fix too); exit 1 "
    "when there is something to fix.",
)
def check(
    paths: tuple[Path, ...],
    formats: tuple[str, ...],
    output: Path | None,
    today: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str,
    config: Path | None,
    isolated: bool,
    no_suppressions: bool,
    baseline_file: Path | None,
    context: Path | None,
    new_since: str | None,
    changed_only: bool,
    policy: str | None,
    min_level: int | None,
    jobs: int,
    no_cache: bool,
    sarif_category: str,
    sarif_full_help: bool,
    statistics: bool,
    show_source: bool,
    color: str,
    fix: bool = False,
    unsafe_fixes: bool = False,
    show_diff: bool = False,
) -> None:
    """Lint the documents under PATHS (default: the current folder)."""
    if unsafe_fixes and not (fix or show_diff):
        _fail("--unsafe-fixes goes with --fix or --diff")
    targets = _targets(paths)
    outputs: list[tuple[str, Path | None]] = []
    # On GitHub Actions, annotations are what the reader sees first.
    default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    reporters = REPORTERS if all(s.partition(":")[0] in REPORTERS for s in formats) else _reporters()
    for spec in formats or (default,):
        name, colon, target = spec.partition(":")
        if name not in reporters:
            _fail(f"unknown format {name!r}; choose from {', '.join(sorted(reporters))}")
        if colon and not target:
            _fail(
                f"--format {spec!r} names no file; write --format {name}:FILE, or --format {name} for standard output"
            )
        outputs.append((name, Path(target) if target else None))
    if output is not None:
        outputs[0] = (outputs[0][0], output)
    scope = [Path(".")] if changed_only else _context(targets, context)
    # _lint looks for the configuration from the first path it reads, and so does the baseline's size bound.
    baseline = _baseline(baseline_file, config, scope[0], isolated, policy) if baseline_file is not None else None
    options = Options(
        _today(today),
        config,
        isolated,
        policy,
        select,
        ignore,
        not no_suppressions,
        baseline,
        jobs,
        not no_cache,
        None if fail_on == "never" else Severity.parse(fail_on),
        unsafe_fixes,
        _sarif_category(sarif_category),
        sarif_full_help,
        statistics,
        show_source,
    )
    result = _lint(scope, options)
    _narrow(result, targets, scope, must_hold_documents=not changed_only)
    known: set[str] = set()
    if new_since is not None:
        before = _lint(scope, options, revision=new_since)
        known = {f.fingerprint for f in before.findings}
        result.findings = [f for f in result.findings if f.fingerprint not in known]
    fix_errors: list[str] = []
    if fix or show_diff:

        def again(overlay: Mapping[str, bytes]) -> Result:
            """The same run with the fixed bytes in place of the files."""
            redone = _lint(scope, options, overlay=overlay)
            _narrow(redone, targets, scope, must_hold_documents=False)
            redone.findings = [f for f in redone.findings if f.fingerprint not in known]
            return redone

        result, fix_errors = _fix(result, again, targets, show_diff)
    stdout: list[str] = []
    writes: list[tuple[Path, str]] = []
    coloured = False
    lines: dict[tuple[str, int], str] = {}
    if any(name != "text" for name, _ in outputs) and any(f.fix is not None for f in result.findings):
        from itsmlint.fixing import with_replacements

        # SARIF and JSON carry each fix's text too, so a code-scanning UI can offer it; reporters never read files.
        result.findings = with_replacements(result.findings, _max_size(result))
    if show_source and any(name == "text" for name, _ in outputs):
        from itsmlint.excerpt import source_lines

        lines = source_lines(result.findings, DEFAULT_MAX_FILE_SIZE)
    for name, file in outputs:
        # Colour goes to standard output only: a report written to a file is read by tools too.
        ctx = RenderContext(
            __version__, color=file is None and _use_color(sys.stdout.isatty(), color), source_lines=lines
        )
        coloured = coloured or ctx.color
        text = reporters[name](result, ctx)
        if file is None:
            stdout.append(text)
        else:
            writes.append((file, text))
    code = exit_code(result, fail_on)
    stderr: list[str] = []
    if min_level is not None:
        stderr = _below(_organisation(result), min_level)
        if stderr:
            code = max(code, EXIT_FINDINGS)
    # Colour chosen (--color always, FORCE_COLOR): click would strip it off a pipe, and CI logs are pipes.
    click.echo("".join(stdout), nl=False, color=True if coloured else None)
    for file, text in writes:
        write_atomically(file, text)
    for line in stderr:
        click.echo(line, err=True)
    for line in fix_errors:
        click.echo(f"itsmlint: error: {one_line(line)}", err=True)
    sys.exit(max(code, EXIT_FINDINGS) if fix_errors else code)


def _max_size(result: Result) -> int:
    """The run's max_file_size, which bounds every file read for fixing (the configuration was read once)."""
    return result.settings.max_file_size if result.settings is not None else DEFAULT_MAX_FILE_SIZE


def _fix(
    result: Result, again: Callable[[Mapping[str, bytes]], Result], targets: Sequence[Path], show_diff: bool
) -> tuple[Result, list[str]]:
    """``--fix``: apply, lint again, write; the final result and the files that could not be fixed.

    ``--diff``: the same in memory, then the diff on standard output and a
    count on standard error; exit 1 when something would change.
    """
    from itsmlint import fixing

    cwd = os.getcwd()
    named = [os.path.normpath(os.path.join(cwd, t)) for t in targets]

    def may_edit(path: str) -> bool:
        """Only the files the run was asked about: a fix never edits a file that is only read for context."""
        full = os.path.normpath(os.path.join(cwd, path))
        return any(full == t or full.startswith(t.rstrip(os.sep) + os.sep) for t in named)

    outcome = fixing.run_fixes(
        result, again, unsafe=result.options.unsafe_fixes, max_size=_max_size(result), may_edit=may_edit
    )
    if show_diff:
        click.echo(fixing.diff(outcome), nl=False)
        changed = outcome.changed
        click.echo(
            f"Would fix {plural(outcome.fixed, 'finding')} in {plural(len(changed), 'file')}."
            if changed
            else "Nothing to fix.",
            err=True,
        )
        for line in outcome.errors:
            click.echo(f"itsmlint: error: {one_line(line)}", err=True)
        sys.exit(EXIT_FINDINGS if changed or outcome.errors else EXIT_OK)
    written = fixing.write(outcome)
    final = outcome.result
    if written != outcome.changed:
        # What is reported must be what is on disk: lint again with only the files that were written.
        final = again({path: outcome.texts[path] for path in written})
    final.fixed = sum(outcome.per_file[path] for path in written)
    return final, outcome.errors


@main.group()
def baseline() -> None:
    """Record today's findings so that only new ones fail (for adopting itsmlint)."""


@baseline.command("write")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(BASELINE_FILE),
    show_default=True,
    help="The baseline file to write.",
)
@click.option("--today", metavar="YYYY-MM-DD", help="The date that date-based rules use (default: today).")
@_config_options
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (as for check).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (as for check).")
def baseline_write(
    paths: tuple[Path, ...],
    output: Path,
    today: str | None,
    config: Path | None,
    isolated: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Write the fingerprints of the current findings under PATHS to the baseline file.

    Fingerprints hold rule, document and pointer, not lines, so reformatting or
    reordering a file does not invalidate the baseline. Use it with
    'itsmlint check --baseline FILE'.
    """
    targets = _targets(paths)
    scope = _context(targets)
    result = _lint(scope, Options(_today(today), config, isolated, select=select, ignore=ignore))
    _narrow(result, targets, scope, must_hold_documents=True)
    text = render_baseline(result.findings, __version__)
    write_atomically(output, text)
    count = sum(1 for f in result.findings if f.active)
    click.echo(f"{output}: {count} finding{'s' if count != 1 else ''} recorded.", err=True)


AUDIT_FOLDER = Path("itsmlint-audit")
# The default folder is made inside the repository, so it ignores itself: an
# audit must not leave the work tree dirty (the next audit would record that).
# A folder the user names is theirs: its reports may be meant for a commit.
AUDIT_GITIGNORE = (
    "# Written by itsmlint audit: the reports are outputs, not sources. Delete this file to commit them.\n*\n"
)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for report.html, report.md and audit.json (default: itsmlint-audit/, which gets a "
    ".gitignore so that it stays out of git).",
)
@click.option(
    "--compare",
    "previous",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A previous audit.json: show which levels and findings changed since.",
)
@click.option("--today", metavar="YYYY-MM-DD", help="The date that date-based rules use (default: today).")
@_config_options
@click.option("--policy", metavar="NAME", help="Apply a preset from policies/ over the configuration.")
@click.option("--no-suppressions", is_flag=True, help="Ignore every waiver and inline suppression.")
@click.option(
    "--min-level", type=click.IntRange(1, 5), metavar="N", help="Exit 1 when any bundle's maturity level is below N."
)
@click.option(
    "--no-git",
    is_flag=True,
    help="Do not read git: the report records no commit (for a report committed into the repository it "
    "describes, which cannot name its own commit).",
)
def audit(
    paths: tuple[Path, ...],
    output: Path | None,
    previous: Path | None,
    today: str | None,
    config: Path | None,
    isolated: bool,
    policy: str | None,
    no_suppressions: bool,
    min_level: int | None,
    no_git: bool,
) -> None:
    """Write an audit of the documents under PATHS: maturity levels, RACI, flows, SLAs, risks, coverage.

    Writes report.html (one self-contained page), report.md and audit.json
    to the output folder, with how the audit was produced: the version,
    date, configuration, rules switched off or re-graded, waivers, and the
    git commit and whether the work tree had uncommitted changes.
    """
    from itsmlint import gitstate
    from itsmlint.audit import build, compare
    from itsmlint.audit import data as audit_data
    from itsmlint.audit import html as audit_html
    from itsmlint.audit import markdown as audit_markdown
    from itsmlint.audit.provenance import gather

    targets = _targets(paths)
    earlier = _previous_audit(previous) if previous is not None else None
    bar = _Progress() if sys.stderr.isatty() else None
    try:
        result = _lint(
            targets, Options(_today(today), config, isolated, policy, suppressions=not no_suppressions), progress=bar
        )
    finally:
        if bar is not None:
            bar.close()
    report = build(result, result.params, __version__)
    if earlier is not None:
        report.comparison = compare(report, earlier)
    # Git is read before anything is written, so the reports never count themselves as a change.
    git = gitstate.GitState(read=False) if no_git else gitstate.read(targets[0])
    report.provenance = gather(result, __version__, targets, today_given=today is not None, git=git, compare=previous)
    scope = report.provenance.title
    # Everything is rendered before anything is written, so a failure leaves
    # the previous report whole rather than a mix of old and new files.
    rendered = {
        "report.html": audit_html.render(report, scope),
        "report.md": audit_markdown.render(report, scope),
        "audit.json": audit_data.render(report),
    }
    folder = output if output is not None else AUDIT_FOLDER
    if output is None:
        rendered = {".gitignore": AUDIT_GITIGNORE, **rendered}
    for name, text in rendered.items():
        write_atomically(folder / name, text)
    org = report.organisation
    critical = org.weakest_critical
    click.echo(
        f"{folder}/report.html, report.md, audit.json: organisation at "
        + (f"level {org.level}" if org.level else "no level (unrated)")
        + (f" (weakest of {len(org.ratings)} bundles: {one_line(org.weakest.bundle.ref)})" if org.weakest else "")
        + (
            f"; critical bundles at {'level ' + str(critical.level) if critical.level else 'no level'} "
            f"({len(org.critical)} marked criticality: high)"
            if critical
            else ""
        )
        + f"; {result.summary.error} errors, {result.summary.warning} warnings."
    )
    if report.comparison is not None:
        c = report.comparison
        click.echo(
            f"since {c.previous_today}: {len(c.new)} new findings, {len(c.fixed)} fixed, "
            f"{len(c.level_changes)} bundles changed level."
        )
        for ref, before, after in c.level_changes:
            click.echo(
                f"  {one_line(ref)}: {_level_word(before, ref, c.previous_bundles)} → "
                f"{_level_word(after, ref, c.current_bundles)}"
            )
    if min_level is not None:
        low = _below(report.organisation, min_level)
        for line in low:
            click.echo(line, err=True)
        sys.exit(EXIT_FINDINGS if low else EXIT_OK)


def _level_word(level: int | None, ref: str, present: frozenset[str]) -> str:
    if ref not in present:
        return "absent"
    return f"L{level}" if level else "unrated"


def _previous_audit(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"{path}: cannot read the previous audit: {exc}")
        raise AssertionError from None
    if not isinstance(data, dict) or "bundles" not in data:
        _fail(f"{path}: not an itsmlint audit.json")
    return cast("dict[str, Any]", data)


@main.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text: one rule a line; markdown: the catalog page (docs/rules.md); json: for tools.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE (atomically) instead of standard output.",
)
@click.option("--builtin", is_flag=True, help="Only the rules that ship with itsmlint (no plugins, no rules_dirs).")
@_config_options
def rules_command(fmt: str, output: Path | None, builtin: bool, config: Path | None, isolated: bool) -> None:
    """List the rule catalog: built-in rules, plugin rules and the rules_dirs of the configuration."""
    from itsmlint import ruledocs

    catalog = builtin_catalog() if builtin else _configure(config, Path.cwd(), isolated)[0]
    if fmt == "markdown":
        command = (
            "itsmlint rules --format markdown"
            + (" --builtin" if builtin else "")
            + (f" -o {output.as_posix()}" if output is not None else "")
        )
        text = ruledocs.markdown(catalog, command)
    elif fmt == "json":
        text = ruledocs.as_json(catalog)
    else:
        text = "".join(
            f"{r.meta.id:<10} {r.meta.name:<40} {r.meta.severity.label:<8} L{r.meta.level}  {r.meta.summary}\n"
            for r in catalog
        )
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)


@main.command()
@click.argument("rule")
@_config_options
def explain(rule: str, config: Path | None, isolated: bool) -> None:
    """Explain RULE (an id or a name): what, why, example, fix, references."""
    found = _configure(config, Path.cwd(), isolated)[0].find(rule)
    if found is None:
        _fail(f"unknown rule {rule!r}; run 'itsmlint rules' for the list")
        return
    m = found.meta
    click.echo(m.doc.rstrip() if m.doc else f"# {m.id} {m.name}\n\n{m.summary}")
    click.echo("")
    click.echo("## Facts")
    from itsmlint.ruledocs import facts

    click.echo("\n".join(facts(m, markdown=False)))


def _rule_folders(folder: Path, shown: str) -> tuple[list[tuple[Path, str]], int | None]:
    """The rules folders that ``test-rules FOLDER`` means, as (path, display), and the bound on their files.

    A folder holding a configuration file means the rules_dirs it names: at
    a repository's root, .itsmlint.yaml and .pre-commit-hooks.yaml are not
    rule files. Any other folder must hold rule files; a folder of documents
    or of other tools' YAML is said to be neither, before any of it is
    judged as a rule.
    """
    from itsmlint.registry import claims_rules, rule_files

    config = next((folder / name for name in files.CONFIG_NAMES if os.path.lexists(folder / name)), None)
    if config is not None:
        layers = read_layers(config)
        found = rules_dirs(layers)
        if not found:
            _fail(f"{shown}/{config.name}: names no rules_dirs, so there is no rule to test")
        return found, size_bound(layers)
    if not claims_rules(rule_files(folder)):
        _fail(f"{shown}: neither a rules folder (no rule file here) nor a folder with .itsmlint.yaml")
    # The configuration that would give max_file_size is not known here: rule files get the default bound.
    return [(folder, shown)], None


@main.command("test-rules")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--today", metavar="YYYY-MM-DD", help="The date for fixtures whose header sets none (default: today).")
@click.option("--verbose", "-v", is_flag=True, help="List passing fixtures too.")
def rule_tests(folder: Path, today: str | None, verbose: bool) -> None:
    """Check the custom rules in FOLDER against their fixtures.

    FOLDER is a rules folder, or a folder holding .itsmlint.yaml (such as
    the repository's root): then the rules of every folder that its
    rules_dirs names (and those of what it extends) are checked.

    For a rule file RULES/x-acme001.yaml the fixtures are
    RULES/x-acme001/pass_*.yaml (no finding expected) and fail_*.yaml (a
    '# expect: X-ACME001' marker on each line that should fail). Exit 0 when
    every fixture behaves as written, 1 when one does not, 2 when a rule file
    is broken or FOLDER holds neither rules nor a configuration.
    """
    from itsmlint.fixtures import verify
    from itsmlint.registry import load_rule_file, rule_files

    if not folder.is_dir():
        _fail(f"{folder}: no such folder")
    shown = display_path(folder, Path.cwd()).rstrip("/")
    try:
        folders, bound = _rule_folders(folder, shown)
        loaded = [
            (load_rule_file(p, f"{display}/{p.name}", bound, path), p, f"{display}/{p.name}")
            for path, display in folders
            for p in rule_files(path)
        ]
        catalog = extend(builtin_catalog(), [rule for rule, _, _ in loaded])
    except ConfigError as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"{folder}: cannot read: {exc.strerror or exc}")
        return
    if not loaded:
        _fail(f"{', '.join(display for _, display in folders)}: no rule files (*.yaml) here")
    reports = verify(loaded, catalog, _today(today))
    fixtures = 0
    for report in reports:
        mark = "ok  " if report.ok else "FAIL"
        count = len(report.outcomes)
        click.echo(f"{mark} {report.rule.meta.id} {report.source} ({count} fixture{'s' if count != 1 else ''})")
        for problem in report.problems:
            click.echo(f"       {problem}")
        for outcome in report.outcomes:
            if outcome.ok and not verbose:
                continue
            click.echo(f"     {'ok  ' if outcome.ok else 'FAIL'} {outcome.case.path.name}")
            for problem in outcome.problems:
                click.echo(f"         {problem}")
        fixtures += len(report.outcomes)
    broken = sum(1 for r in reports if not r.ok)
    click.echo(
        f"{len(reports)} rules, {fixtures} fixtures: "
        + ("all pass." if not broken else f"{broken} rule{'s' if broken != 1 else ''} failing.")
    )
    sys.exit(EXIT_FINDINGS if broken else EXIT_OK)


@main.command()
@click.argument("process")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot", "svg"]),
    default="mermaid",
    show_default=True,
    help="Diagram format; svg is drawn by itsmlint itself, with no other tool.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the diagram to FILE instead of standard output.",
)
@click.option("--today", metavar="YYYY-MM-DD", help="The date that date-based rules use (default: today).")
@_config_options
def graph(
    process: str,
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    today: str | None,
    config: Path | None,
    isolated: bool,
) -> None:
    """Draw the activity graph of PROCESS (process:NAME or NAME) found under PATHS.

    Activities are grouped in swimlanes by team; waits, approvals and
    handoffs are marked, and every activity or edge with a finding is
    highlighted with the rule id.
    """
    from itsmlint.diagram import build as build_diagram
    from itsmlint.diagram import renderers

    targets = _targets(paths)
    result = _lint(targets, Options(_today(today), config, isolated))
    ref = process if ":" in process else f"process:{process}"
    doc = result.corpus.resolve(ref)
    if doc is None or doc.kind != "Process":
        known = [d.ref for d in result.corpus.of_kind("Process")]
        guess = get_close_matches(ref, known, n=1)
        hint = f"; did you mean {guess[0]}?" if guess else f"; processes found: {', '.join(known) or 'none'}"
        _fail(f"no process {ref} under {', '.join(map(str, targets))}{hint}")
        return
    text = renderers()[fmt](build_diagram(result.graphs.of(doc), result.findings))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)


@main.command()
@click.argument("kind", required=False, default="all")
def schema(kind: str) -> None:
    """Print a JSON Schema, for editors and the YAML language server.

    With no KIND (or 'all'): the schema of every document, which applies the
    schema of each document's kind, for files that mix kinds. A KIND such as
    Process: that kind's alone. 'config': the schema of .itsmlint.yaml.

    To read instead: docs/kinds/KIND.md, a page per kind with its fields,
    what each rule expects of them and an example; 'itsmlint new KIND NAME'
    starts a document with every field.
    """
    from itsmlint.model import KINDS
    from itsmlint.schema import COMBINED_FILE, CONFIG_FILE, schema_text, shipped_text

    if kind.lower() in ("all", "config"):
        click.echo(shipped_text(COMBINED_FILE if kind.lower() == "all" else CONFIG_FILE), nl=False)
        return
    canonical = KINDS.get(kind.lower())
    if canonical is None:
        _fail(f"unknown kind {kind!r}; expected all, config or one of {', '.join(KINDS.values())}")
        return
    click.echo(schema_text(canonical), nl=False)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@click.option(
    "--level",
    type=click.Choice(["level-2", "level-3", "level-4", "level-5", "recommended", "iso20000"]),
    default="recommended",
    show_default=True,
    help="The preset .itsmlint.yaml extends: the rules up to a maturity level, every rule (recommended), "
    "or those mapped to ISO/IEC 20000-1.",
)
@click.option(
    "--today", metavar="YYYY-MM-DD", help="The date the sample documents are approved and reviewed on (default: today)."
)
def init(folder: Path, level: str, today: str | None) -> None:
    """Start a repository in FOLDER (default: here): configuration, pre-commit, CI, and a small organisation.

    Writes .itsmlint.yaml (extending the preset --level names), the
    pre-commit configuration, a GitHub Actions workflow, and two documents:
    people, a team, a role and its assignment, and one complete process,
    which lint clean. Nothing is overwritten: if one of the files is there
    already, nothing is written.
    """
    from itsmlint.scaffold import starter

    planned = starter(level, _today(today))
    there = [name for name in planned if os.path.lexists(folder / name)]
    if there:
        _fail(f"{folder.as_posix()}: {', '.join(there)} already there; nothing was written")
    for name, text in planned.items():
        write_atomically(folder / name, text)
    shown = "" if folder == Path(".") else f" {folder.as_posix()}"
    for name in planned:
        click.echo(f"wrote {(folder / name).as_posix()}")
    click.echo(f"Next: itsmlint check{shown}; 'itsmlint new KIND NAME' starts a document of any kind.")


@main.command()
@click.argument("kind")
@click.argument("name")
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Append the document to FILE (created if missing) instead of printing it.",
)
def new(kind: str, name: str, target: Path | None) -> None:
    """Print a new document of KIND named NAME: every field, a one-line comment each, TBD to fill in.

    'itsmlint check' reports every TBD until it is replaced, so the linter
    guides the writer; docs/kinds/ describes each kind's fields.
    """
    import re

    from itsmlint.model import KINDS
    from itsmlint.scaffold import new_document

    canonical = KINDS.get(kind.lower())
    if canonical is None:
        _fail(f"unknown kind {kind!r}; expected one of {', '.join(KINDS.values())}")
        return
    if not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", name) or len(name) > 63:
        _fail(f"{name!r} is not a name: lower-case letters, digits and '-', starting and ending with a letter or digit")
    text = new_document(canonical, name)
    if target is None:
        click.echo(text, nl=False)
        return
    from itsmlint.reading import read_bounded, why

    before = ""
    if os.path.lexists(target):
        try:
            before = read_bounded(target, DEFAULT_MAX_FILE_SIZE).decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"{target}: cannot append: {why(target, exc) if isinstance(exc, OSError) else 'not UTF-8'}")
    joined = before + ("" if not before or before.endswith("\n") else "\n") + ("---\n" if before.strip() else "") + text
    write_atomically(target, joined)
    click.echo(f"{target.as_posix()}: a new {canonical} named {name}; fill in every TBD.", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
