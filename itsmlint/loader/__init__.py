"""Files to documents: read safely, parse, recognise, and remember what each file gave.

The loader is one of the two parts of itsmlint allowed to touch a YAML
library. Its modules, one job each:

* :mod:`itsmlint.reading` (no YAML): regular files only, bounded, never blocking;
* :mod:`.compose`: libyaml's events to plain values and their positions;
* :mod:`.envelope`: which documents are ours, and the identity of each;
* :mod:`.comments`: the ``# itsmlint`` comments of a file (the suppressions);
* :mod:`.stored`: what a file gave, as an entry of the per-file cache.

This module puts them together: :func:`load_file` for one file and
:func:`load` for everything under some paths (in several processes with
``jobs``). Configuration files are read by :mod:`itsmlint.configfiles`,
through :func:`parse_text`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsmlint.files import CODEOWNERS_NAME, DEFAULT_MAX_FILE_SIZE, compile_globs, discover, display_path
from itsmlint.finding import Problem
from itsmlint.ids import INVALID_YAML
from itsmlint.loader.comments import MARK, Comment, comments
from itsmlint.loader.compose import MAX_DEPTH, decode, parse_text, read_text
from itsmlint.loader.envelope import envelope, foreign_documents, is_itsmlint, looks_like_ours
from itsmlint.model import BACKSTAGE, Document, parse_ref, reference_candidates
from itsmlint.positions import Positions
from itsmlint.reading import NotRegular, TooLarge, read_bounded, why

if TYPE_CHECKING:
    from itsmlint.cache import FileCache
    from itsmlint.patterns import Matcher

__all__ = [
    "MAX_DEPTH",
    "Comment",
    "LoadResult",
    "Problem",
    "comments",
    "decode",
    "is_itsmlint",
    "iter_documents",
    "load",
    "load_file",
    "load_sources",
    "looks_like_ours",
    "parse_file",
    "parse_text",
]


@dataclass(slots=True)
class LoadResult:
    """Every document that could be read, and every problem met on the way."""

    documents: list[Document] = field(default_factory=list)
    """itsmlint's own documents."""
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    """Files that held itsmlint documents or a problem; other YAML is not counted."""
    comments: list[Comment] = field(default_factory=list)
    """``# itsmlint`` comments in files that hold itsmlint documents: the inline suppressions."""
    shareable: bool = True
    """Whether this result may be kept in the file cache: plain data with no shared (aliased) values."""
    foreign: list[Document] = field(default_factory=list)
    """Documents of the other formats (Backstage, OpenSLO, CODEOWNERS; see :mod:`itsmlint.interop`), kept apart
    so that whoever reads :attr:`documents` gets itsmlint's own only."""

    def add(self, other: LoadResult) -> None:
        self.documents.extend(other.documents)
        self.foreign.extend(other.foreign)
        self.problems.extend(other.problems)
        self.comments.extend(other.comments)
        self.files += other.files

    def without(self, families: Collection[str]) -> LoadResult:
        """This result less the documents of some foreign formats, and their files' problems and comments.

        A format switched off in the configuration (``formats:``) is read as
        if it were anybody else's YAML: nothing of it is reported.
        """
        dropped = {d.path for d in self.foreign if d.family in families}
        if not dropped:
            return self
        foreign = [d for d in self.foreign if d.family not in families]
        gone = dropped - {d.path for d in (*self.documents, *foreign)}
        problems = [p for p in self.problems if not (p.path in gone or (p.document or "").split(":", 1)[0] in families)]
        result = LoadResult(
            self.documents, problems, 0, [c for c in self.comments if c.path not in gone], self.shareable, foreign
        )
        result.files = len({d.path for d in (*self.documents, *foreign)} | {p.path for p in problems})
        return result


def load_file(
    path: Path,
    display: str,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    explicit: bool = True,
    cache: FileCache | None = None,
) -> LoadResult:
    """Load one file; never raises for anything the file may contain.

    ``explicit`` is false for files found by walking a folder: a syntax error
    in those is reported only when the file looks like itsmlint documents.
    With a ``cache``, a file whose bytes were read before (by the same
    itsmlint, with the same settings) is not parsed again.
    """
    result = LoadResult()
    try:
        data = read_bounded(path, max_size)
    except TooLarge as exc:
        if explicit or looks_like_ours(exc.head.decode("utf-8", errors="replace")):
            result.problems.append(
                Problem(
                    INVALID_YAML,
                    display,
                    1,
                    1,
                    f"file is {exc.size} bytes, over the max_file_size limit of {max_size}; skipped",
                )
            )
            result.files = 1
        return result
    except NotRegular as exc:
        # A named pipe, socket or device called *.yaml would block or never
        # end; it is not a document file whatever its name.
        if explicit:
            result.problems.append(
                Problem(INVALID_YAML, display, 1, 1, f"not a regular file ({exc.strerror}); skipped")
            )
            result.files = 1
        return result
    except OSError as exc:
        result.problems.append(Problem(INVALID_YAML, display, 1, 1, f"cannot read file: {why(path, exc)}"))
        result.files = 1
        return result
    return _parse_cached(data, display, explicit, cache)


def load_sources(sources: Sequence[tuple[str, bytes]], cache: FileCache | None = None) -> LoadResult:
    """Load files given as (display path, bytes), as if found by walking a folder (a git revision's files)."""
    result = LoadResult()
    for display, data in sources:
        result.add(_parse_cached(data, display, False, cache))
    return result


def _parse_cached(data: bytes, display: str, explicit: bool, cache: FileCache | None) -> LoadResult:
    if cache is None:
        return parse_file(data, display, explicit)
    from itsmlint.loader import stored

    key = cache.key(data, explicit, "codeowners" if is_codeowners(display) else "")
    entry = cache.get(key)
    if entry is not None:
        found = stored.decode(entry, display)
        if found is not None:
            return found
    result = parse_file(data, display, explicit)
    if result.shareable:
        cache.put(key, stored.encode(result))
    return result


def parse_file(data: bytes, display: str, explicit: bool = True) -> LoadResult:
    """What the bytes of one file hold: documents, problems, ``# itsmlint`` comments.

    Each document's schema problems and reference candidates are worked out
    here, once: they depend on the document alone, so they can be kept in
    the file cache and computed in parallel.
    """
    from itsmlint.schema import schema_errors

    result = LoadResult()
    if is_codeowners(display):
        return parse_codeowners(data, display)
    text, problem = decode(data, display)
    if text is None:
        assert problem is not None
        # Undecodable bytes in a file we only came across are reported only
        # when the rest of it reads like ours.
        if explicit or looks_like_ours(data.decode("latin-1")):
            result.problems.append(problem)
            result.files = 1
        return result
    parsed, problems, shared, candidates = read_text(text, display)
    result.shareable = not shared
    refs: dict[int, str | None] = {}
    skipped: set[int] = set()
    for index, value, locator in parsed:
        if not is_itsmlint(value):
            # A Backstage entity or OpenSLO objects: read, so that their own rules can judge them.
            others, trouble = foreign_documents(value, display, index, locator, not shared)
            result.foreign.extend(others)
            result.problems.extend(trouble)
            if others:
                refs[index] = others[0].ref
            else:
                skipped.add(index)
            continue
        doc, envelope_problems = envelope(value, display, index, locator)
        result.problems.extend(envelope_problems)
        if doc is not None:
            schema_errors(doc)
            collected = candidates.get(index)
            if collected is not None:  # by the reader, in the order a walk of the data finds them
                doc._references = [(pointer, text, parse_ref(text)) for pointer, text in collected]
            reference_candidates(doc)
            result.documents.append(doc)
            refs[index] = doc.ref
        elif envelope_problems:
            refs[index] = envelope_problems[0].document
    for found in problems:
        if found.index is None and not explicit and not refs and not looks_like_ours(text):
            continue  # unparseable YAML that never claimed to be ours
        if found.index in skipped:
            continue  # someone else's YAML: duplicate keys and tags there are not ours to judge
        if found.index is not None:
            found = dataclasses.replace(found, document=refs.get(found.index))
        result.problems.append(found)
    result.files = int(bool(result.documents or result.foreign or result.problems or refs))
    # Look for the comment itself before scanning the file for comments. Not
    # in a file that did not parse cleanly: scanning it again could cost as
    # much as the attack it held.
    if refs and MARK.search(text) and not any(p.rule_id == INVALID_YAML for p in problems):
        result.comments = comments(text, display)
    return result


def is_codeowners(display: str) -> bool:
    """Whether a file is a CODEOWNERS file, by its name (the walk takes it only where GitHub and GitLab look).

    ``team.CODEOWNERS`` counts too, for a file named on the command line (rule fixtures keep one beside them).
    """
    name = display.rsplit("/", 1)[-1]
    return name == CODEOWNERS_NAME or name.endswith("." + CODEOWNERS_NAME)


def parse_codeowners(data: bytes, display: str) -> LoadResult:
    """A CODEOWNERS file as one document (see :mod:`itsmlint.interop.codeowners`); never raises."""
    from itsmlint.interop.codeowners import parse
    from itsmlint.model import CODEOWNERS
    from itsmlint.positions import from_places

    result = LoadResult(files=1)
    text, problem = decode(data, display)
    if text is None:
        assert problem is not None
        result.problems.append(problem)
        return result
    content, places, lines = parse(text)
    locator = from_places(content, places, 1, lines)
    doc = Document(display, 0, "CODEOWNERS", "CODEOWNERS", "default", content, locator, family=CODEOWNERS)
    doc._schema, doc._references = [], []
    result.foreign.append(doc)
    if MARK.search(text):
        # Every '#' that starts a word is a comment here: no value of this format holds one.
        result.comments = comments(text, display, spans=[])
    return result


def load(
    paths: Sequence[Path],
    root: Path,
    exclude: Sequence[str] = (),
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    exclude_base: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    skip: Sequence[Path] = (),
    jobs: int = 1,
    cache: FileCache | None = None,
    overlay: Mapping[str, bytes] | None = None,
) -> LoadResult:
    """Discover and load every document under ``paths``; ``progress(stage, done, total)`` per file.

    With ``jobs`` > 1 the files are parsed by that many processes; the result
    is the same, in the same order. ``overlay`` gives the bytes of some files
    by display path, read instead of the files (``check --diff`` lints the
    fixed text without writing it).
    """
    result = LoadResult()
    named = {display_path(p, root) for p in paths if not p.is_dir()}
    files = discover(paths, root, compile_globs(exclude), exclude_base, skip)
    work = [(str(f), shown, shown in named) for f in files for shown in (display_path(f, root),)]
    if jobs > 1 and len(work) >= _PARALLEL_FROM:
        from itsmlint.parallel import map_forked

        # Parts of about a hundred files even out files of unequal size.
        parts = [work[i : i + _PART] for i in range(0, len(work), _PART)]
        finished = [0]

        def advance(item: int) -> None:
            finished[0] += len(parts[item])
            if progress is not None:
                progress("loading", finished[0], len(work))

        loaded: Iterable[LoadResult] | None = map_forked(
            len(parts), lambda item: _load_part(parts[item], max_file_size, cache, overlay), jobs, advance
        )
        if loaded is None:  # no fork on this system: one process
            loaded = _load_each(work, max_file_size, progress, cache, overlay)
    else:
        loaded = _load_each(work, max_file_size, progress, cache, overlay)
    for one in loaded:
        result.add(one)
    if any(d.kind == "Location" and d.family == BACKSTAGE for d in result.foreign):
        _follow_locations(
            result,
            paths,
            root,
            {shown for _, shown, _ in work},
            max_file_size,
            cache,
            compile_globs(exclude),
            exclude_base,
        )
    return result


#: At most this many files are read by following Location targets, whatever the Locations say.
MAX_FOLLOWED = 10_000


def _follow_locations(
    result: LoadResult,
    paths: Sequence[Path],
    root: Path,
    read: set[str],
    max_size: int,
    cache: FileCache | None,
    exclude: Matcher | None,
    exclude_base: Path | None,
) -> None:
    """Read the files Backstage Locations list that the walk did not (another suffix, a file named alone).

    Only inside the folders the run reads (the named folders, or the folder
    of a named file), never through a link out of them, never an excluded
    file, a glob or a URL, and at most :data:`MAX_FOLLOWED` files; a target
    that leads nowhere is reported by BKS009, not here.
    """
    tops = [os.path.realpath(p if p.is_dir() else p.parent) for p in paths]
    base = os.path.normpath(os.path.join(os.getcwd(), root))
    prefix = base.rstrip(os.sep) + os.sep
    queue = [d for d in result.foreign if d.kind == "Location" and d.family == BACKSTAGE]
    followed = 0
    while queue and followed < MAX_FOLLOWED:
        location = queue.pop(0)
        folder = os.path.dirname(os.path.join(base, location.path))
        for target in _location_targets(location):
            joined = os.path.normpath(os.path.join(folder, target))
            # As display_path shows it: relative to the root inside it, whole outside.
            guess = joined[len(prefix) :] if joined.startswith(prefix) else joined
            if guess.replace(os.sep, "/") in read:
                continue  # the walk read it already: the usual case, decided without touching the disk
            full = os.path.realpath(joined)
            shown = display_path(Path(full), root)
            inside = any(full == top or full.startswith(top.rstrip(os.sep) + os.sep) for top in tops)
            if shown in read or not inside or not os.path.isfile(full):
                continue
            if exclude is not None and exclude.match(display_path(Path(full), exclude_base or root)) is not None:
                continue
            read.add(shown)
            found = load_file(Path(full), shown, max_size, False, cache)
            result.add(found)
            queue.extend(d for d in found.foreign if d.kind == "Location" and d.family == BACKSTAGE)
            followed += 1
            if followed >= MAX_FOLLOWED:
                break


def _location_targets(location: Document) -> list[str]:
    """A Location's file targets that name one file (no URL, no glob)."""
    kind = location.spec.get("type")
    if isinstance(kind, str) and kind not in ("file", ""):
        return []
    many = location.spec.get("targets")
    values = [location.spec.get("target"), *(many if isinstance(many, list) else [])]
    return [
        v.strip()
        for v in values
        if isinstance(v, str) and v.strip() and "://" not in v and not any(c in v for c in "*?[")
    ]


#: Below this many files, starting processes costs more than it saves.
_PARALLEL_FROM = 64
_PART = 96


def _load_each(
    work: Sequence[tuple[str, str, bool]],
    max_size: int,
    progress: Callable[[str, int, int], None] | None,
    cache: FileCache | None,
    overlay: Mapping[str, bytes] | None = None,
) -> Iterator[LoadResult]:
    for done, (path, shown, explicit) in enumerate(work, start=1):
        if progress is not None:
            progress("loading", done, len(work))
        if overlay and shown in overlay:
            yield _parse_cached(overlay[shown], shown, explicit, cache)
        else:
            yield load_file(Path(path), shown, max_size, explicit, cache)


def _load_part(
    work: Sequence[tuple[str, str, bool]],
    max_size: int,
    cache: FileCache | None,
    overlay: Mapping[str, bytes] | None = None,
) -> LoadResult:
    """Load some files; in a helper process, the documents travel back with their data and positions."""
    out = LoadResult()
    for one in _load_each(work, max_size, None, cache, overlay):
        out.add(one)
    return out


def iter_documents(text: str, path: str = "<text>") -> Iterator[tuple[int, Any, Positions]]:
    """Parse text into raw (index, value, positions) triples; for tests and tools."""
    parsed, _ = parse_text(text, path)
    yield from parsed
