"""Hostile YAML: every nasty file gets a precise finding or is linted correctly.

The seed corpus in ``corpus/`` holds small nasty files kept in the
repository; the large ones (bombs, million-level nesting, oversized files)
are generated here and checked in a separate process with bounded memory
and time, so that a regression shows as a failure rather than a hung or
killed test run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from itsmlint import reading
from itsmlint.engine import run
from itsmlint.loader import MAX_DEPTH, compose, load, load_file, parse_text
from itsmlint.options import Options
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.settings import Settings

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
ROOT = HERE.parents[1]
TODAY = dt.date(2026, 11, 23)

# file -> (documents loaded, [(rule, line, column, fragment of the message)])
EXPECTED: dict[str, tuple[int, list[tuple[str, int, int, str]]]] = {
    "bom.yaml": (1, []),
    "crlf.yaml": (1, [("SCHEMA001", 7, 12, "unknown key 'spec-typo'")]),
    "empty.yaml": (0, []),
    "comments-only.yaml": (0, []),
    "only-separators.yaml": (0, []),
    "nul-byte.yaml": (0, [("YAML001", 6, 17, "control characters are not allowed (character #x0000)")]),
    "control-char.yaml": (0, [("YAML001", 6, 17, "(character #x0007)")]),
    "latin-1.yaml": (0, [("YAML001", 6, 16, "not valid UTF-8 (byte 0xc5)")]),
    "python-tag.yaml": (1, [("YAML003", 7, 10, "'!!python/object/apply:os.system'")]),
    "custom-tag.yaml": (1, [("YAML003", 7, 11, "'!now'")]),
    "alias-bomb.yaml": (1, [("YAML001", 1, 1, "aliases that expand to 12,345,679,031 values")]),
    "self-alias.yaml": (1, [("YAML001", 4, 7, "alias to a value that contains it")]),
    "undefined-alias.yaml": (0, [("YAML001", 7, 8, "found undefined alias")]),
    "deep-flow.yaml": (1, [("YAML001", 5, 9 + MAX_DEPTH, f"nested more than {MAX_DEPTH} levels deep")]),
    "duplicate-keys.yaml": (1, [("YAML002", 7, 3, "duplicate key 'displayName' (first defined on line 6)")]),
    "tabs.yaml": (0, [("YAML001", 4, 1, "a tab cannot indent YAML")]),
    "syntax-error-after-good.yaml": (1, [("YAML001", 11, 1, "did not find expected node content")]),
    "not-ours.yaml": (0, [("YAML001", 5, 1, "did not find expected ',' or ']'")]),
    "scalar-document.yaml": (0, []),
    "list-document.yaml": (0, []),
    "long-line.yaml": (1, []),
    "unicode.yaml": (1, []),
    "huge-numbers.yaml": (1, []),
}


def lint(*paths: Path, root: Path = CORPUS, **settings: object) -> tuple[int, list[tuple[str, str, int, int, str]]]:
    loaded = load(list(paths), root, **settings)  # type: ignore[arg-type]
    result = run(loaded, builtin_catalog(), Settings(params=defaults()), Options(TODAY, select=("YAML", "SCHEMA")))
    return len(loaded.documents), [(f.rule_id, f.path, f.line, f.column, f.message) for f in result.findings]


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_named_on_the_command_line(name: str) -> None:
    documents, findings = lint(CORPUS / name)
    want_documents, want = EXPECTED[name]
    assert documents == want_documents
    assert [(rule, line, column) for rule, _, line, column, _ in findings] == [(r, ln, c) for r, ln, c, _ in want]
    for (_, path, _, _, message), (_, _, _, fragment) in zip(findings, want, strict=True):
        assert path == name
        assert fragment in message


def test_the_whole_corpus_at_once_loses_nothing() -> None:
    """One walk over every nasty file: each good document still loads, beside every problem."""
    documents, findings = lint(CORPUS)
    assert documents == sum(n for n, _ in EXPECTED.values())
    # Walked (not named) files that never claim to be ours stay silent.
    expected = sorted(
        (name, line) for name, (_, want) in EXPECTED.items() if name != "not-ours.yaml" for _, line, _, _ in want
    )
    assert sorted((path, line) for _, path, line, _, _ in findings) == expected


def test_crlf_and_bom_keep_exact_columns(tmp_path: Path) -> None:
    plain = b"apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: a}\nspec: {displayName: 5}\n"
    for data in (plain, plain.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + plain):
        (tmp_path / "x.yaml").write_bytes(data)
        loaded = load_file(tmp_path / "x.yaml", "x.yaml")
        assert loaded.problems == []
        assert loaded.documents[0].locator.locate(("spec", "displayName")) == (4, 21)


def test_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    text = (
        f"apiVersion: itsmlint/v1\nkind: Person\nmetadata: {{name: t}}\nspec:\n"
        f'  x-a: !!python/object/apply:os.system ["touch {marker}"]\n'
        f'  x-b: !!python/object/new:pathlib.Path ["{marker}"]\n'
    )
    docs, problems = parse_text(text, "t.yaml")
    assert not marker.exists()
    assert sorted((p.rule_id, p.line) for p in problems) == [("YAML003", 5), ("YAML003", 6)]
    assert docs[0][1]["spec"]["x-a"] == [f"touch {marker}"]  # plain data


def _node_value(node: yaml.Node) -> object:
    """What libyaml's own composer gives for a node, converted as v1 reads scalars (last duplicate key wins)."""
    if isinstance(node, yaml.ScalarNode):
        return compose.typed(node.value, node.tag)
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(item) for item in node.value]
    out: dict[str, object] = {}
    for key, value in node.value:
        out[key.value if isinstance(key, yaml.ScalarNode) else "<complex key>"] = _node_value(value)
    return out


def _node_locate(root: yaml.Node, pointer: tuple[str | int, ...]) -> tuple[int, int]:
    """Where a pointer is shown, found on libyaml's node graph: the rule the position table must follow."""
    node, key_node = root, None
    for part in pointer:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next(
                (
                    (k, v)
                    for k, v in reversed(node.value)
                    if (k.value if isinstance(k, yaml.ScalarNode) else "<complex key>") == str(part)
                ),
                None,
            )
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = (None, node.value[part])
        if child is None:
            at = key_node or node
            return at.start_mark.line + 1, at.start_mark.column + 1
        key_node, node = child
    block = isinstance(node, yaml.CollectionNode) and node.flow_style is not True
    at = key_node if key_node is not None and block else node
    return at.start_mark.line + 1, at.start_mark.column + 1


def test_the_reader_reads_and_places_every_value_as_libyaml_composes_it() -> None:
    """The reader's values and positions equal those of libyaml's node graph, for every value of every sample."""
    files = [*sorted((ROOT / "samples").rglob("*.yaml")), *sorted(CORPUS.rglob("*.yaml"))]
    assert len(files) > 50
    compared = 0
    for file in files:
        text = file.read_bytes().decode("utf-8", errors="replace")
        try:
            nodes = list(yaml.compose_all(text, Loader=compose._Loader))
        except yaml.YAMLError:
            continue  # broken on purpose: tests below place its error
        parsed, problems = parse_text(text, file.name)
        if any(p.rule_id == "YAML001" for p in problems):
            continue  # over-deep or an alias bomb: skipped documents, tested below
        assert len(parsed) == len(nodes), file
        for (_, value, positions), node in zip(parsed, nodes, strict=True):
            assert repr(value) == repr(_node_value(node)), file  # repr: a NaN equals itself there
            missing = (*_pointers(value)[-1], "no-such-key")
            for pointer in [*_pointers(value), missing]:
                assert positions.locate(pointer) == _node_locate(node, pointer), (file, pointer)
                compared += 1
    assert compared > 5000


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, y]\na: {c: 2}\n",  # the last duplicate wins, in the place of the first
        "a: &x {b: 1}\nc: *x\nd: [*x, &y 2, *y]\n",  # aliases share one value and show the anchor
        "? [complex, key]\n: value\nplain: 1\n",
        "a:\n  - b: 1\n    c:\n      - 1\n      - {d: e}\n",
        "a: 1\na: 2\na: 3\n",
    ],
)
def test_tricky_shapes_are_placed_as_libyaml_composes_them(text: str) -> None:
    node = yaml.compose(text, Loader=compose._Loader)
    assert node is not None
    ((_, value, positions),), _ = parse_text(text, "x.yaml")
    assert value == _node_value(node)
    for pointer in _pointers(value):
        assert positions.locate(pointer) == _node_locate(node, pointer), pointer


def _pointers(value: object, pointer: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_pointers(item, (*pointer, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_pointers(item, (*pointer, i)))
    return out


def test_nesting_at_the_limit_is_read_and_one_more_level_is_not() -> None:
    def doc(depth: int) -> str:
        inner = depth - 2  # the document mapping and spec are two levels
        return (
            "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: a}\nspec:\n  x-n: "
            + "[" * inner
            + "]" * inner
            + "\n"
        )

    docs, problems = parse_text(doc(MAX_DEPTH), "ok.yaml")
    assert len(docs) == 1 and problems == []
    docs, problems = parse_text(doc(MAX_DEPTH + 1), "deep.yaml")
    assert docs == [] and [p.rule_id for p in problems] == ["YAML001"]


def test_many_over_deep_documents_end_the_file_with_one_more_finding() -> None:
    deep = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: d}\nspec: " + "[" * 9000 + "]" * 9000 + "\n"
    good = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: g}\nspec: {}\n"
    docs, problems = parse_text(good + "---\n" + "---\n".join([deep] * 12) + "---\n" + good, "many.yaml")
    assert len(docs) == 1
    assert [p.line for p in problems] == [9 + 5 * i for i in range(10)] + [55]
    assert "the rest of the file is skipped" in problems[-1].message


def _run_bounded(
    args: list[str], cwd: Path, memory: int = 1 << 30, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process with at most ``memory`` bytes of address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "itsmlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env=env,
        check=False,
    )


def _findings(out: str) -> list[tuple[str, int, str]]:
    return [(f["rule"], f["line"], f["message"]) for f in json.loads(out)["findings"]]


BOMBS = {
    # Ten levels of ten aliases: 10**10 values if expanded.
    "billion-laughs": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: b}\nspec:\n"
    + "  x-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"  x-{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    + "  displayName: *a9\n  memberOf: *a9\n",
    # A million nested brackets: about 2 MB, under the size limit; libyaml's own composer would crash.
    "million-brackets": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: b}\nspec:\n  x-d: "
    + "[" * 1_000_000
    + "]" * 1_000_000
    + "\n",
    "deep-block": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: b}\nspec:\n"
    + "".join("  " * i + "k:\n" for i in range(1, 2000)),
    "deep-mappings": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: b}\nspec: "
    + "{a: " * 200_000
    + "x"
    + "}" * 200_000
    + "\n",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bombs_cost_bounded_time_and_memory(tmp_path: Path, name: str) -> None:
    good = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: survivor}\nspec: {displayName: S}\n"
    (tmp_path / "bomb.yaml").write_text(BOMBS[name] + "---\n" + good, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(good.replace("survivor", "neighbour"), encoding="utf-8")
    done = _run_bounded(["check", ".", "--format", "json", "--today", "2026-11-23"], tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr == ""
    findings = _findings(done.stdout)
    assert [rule for rule, _, _ in findings] == ["YAML001"]
    data = json.loads(done.stdout)
    # The bomb's own document is skipped; the one after it and the other file are linted.
    assert data["summary"]["documents"] == 2


def test_oversized_file_is_one_finding_and_the_limit_is_configurable(tmp_path: Path) -> None:
    body = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: big}\nspec:\n  displayName: " + "x" * 5000 + "\n"
    (tmp_path / "big.yaml").write_text(body, encoding="utf-8")
    (tmp_path / "small.yaml").write_text(body.replace("big", "small")[:200] + "\n", encoding="utf-8")
    (tmp_path / ".itsmlint.yaml").write_text("max_file_size: 4096\n", encoding="utf-8")
    done = _run_bounded(["check", ".", "--format", "json", "--today", "2026-11-23"], tmp_path)
    assert _findings(done.stdout) == [
        ("YAML001", 1, f"file is {len(body)} bytes, over the max_file_size limit of 4096; skipped")
    ]
    assert json.loads(done.stdout)["summary"]["documents"] == 1
    # Raised above the file, it is linted.
    (tmp_path / ".itsmlint.yaml").write_text("max_file_size: 1048576\n", encoding="utf-8")
    done = _run_bounded(["check", ".", "--format", "json", "--today", "2026-11-23"], tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["summary"]["documents"] == 2


def test_oversized_file_that_is_not_ours_is_skipped_silently(tmp_path: Path) -> None:
    (tmp_path / "vendor.yaml").write_text("data: " + "x" * 5000 + "\n", encoding="utf-8")
    assert load_file(tmp_path / "vendor.yaml", "vendor.yaml", max_size=4096, explicit=False).problems == []
    named = load_file(tmp_path / "vendor.yaml", "vendor.yaml", max_size=4096, explicit=True).problems
    assert [p.rule_id for p in named] == ["YAML001"]


def test_a_file_that_grows_past_the_limit_while_read_is_never_read_whole(tmp_path: Path) -> None:
    """Only max_file_size + 1 bytes are read, whatever stat said (a file appended to meanwhile)."""
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"a: " + b"x" * 10_000)
    with pytest.raises(reading.TooLarge) as caught:
        reading.read_bounded(path, 100)
    assert caught.value.size == 10_003


def test_hostile_files_run_through_the_whole_catalog_without_a_crash() -> None:
    loaded = load([CORPUS], CORPUS)
    result = run(loaded, builtin_catalog(), Settings(params=defaults()), Options(TODAY))
    assert not result.crashed
    assert [f for f in result.findings if f.rule_id == "INT001"] == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: [1", (1, 6)),  # no final line break: the error stays on the file's last line
        ("a: [1\n", (2, 1)),  # with one, the end of the stream is the start of the next line
        ("é: \x00", (1, 4)),  # libyaml's offset is in UTF-8 bytes; the column is in characters
        ("a: 1\rb: \x00", (2, 4)),  # a lone CR breaks a line in YAML, as in libyaml's own marks
        ("a: 1\u2028b: 2\nc: \x07", (3, 4)),
    ],
)
def test_syntax_errors_are_placed_on_characters_of_the_file(text: str, where: tuple[int, int]) -> None:
    _, problems = parse_text(text, "x.yaml")
    assert [(p.rule_id, (p.line, p.column)) for p in problems] == [("YAML001", where)]


@pytest.mark.parametrize(
    "extra",
    [
        "a: team:x\nb: [role:y, {c: person:z}]\nd: 'service:quoted'\ne: !!str process:tagged\n",
        "a: &x [team:shared]\nb: *x\nc: &s person:once\nd: *s\n",  # aliases: a shared list once, a string twice
        "a: team:first\nb: 1\na: team:second\n",  # a duplicate key: the data keeps the last value
        "? [team:inside-a-key]\n: team:value\n",
        "a: 'team:x with spaces'\nb: Team:upper\nc: https://example.com\n",
    ],
)
def test_the_reader_collects_the_reference_candidates_a_walk_of_the_data_finds(extra: str) -> None:
    from itsmlint.loader.compose import read_text
    from itsmlint.model import _candidates

    files = [*sorted((ROOT / "samples").rglob("*.yaml")), *sorted(CORPUS.rglob("*.yaml"))]
    texts = [f.read_bytes().decode("utf-8", errors="replace") for f in files] + [extra]
    checked = 0
    for text in texts:
        parsed, _, _, candidates = read_text(text, "x.yaml")
        for index, value, _ in parsed:
            walked = (
                [(pointer, found) for pointer, found, _ in _candidates(value)]
                if isinstance(value, (dict, list))
                else []
            )
            if candidates[index] is not None:  # None: an irregular document, walked instead
                assert candidates[index] == walked, (text[:60], index)
                checked += len(walked)
    assert checked > 500


@pytest.mark.parametrize(
    "text",
    [
        '{"apiVersion": "itsmlint/v1", "kind": "Person", "metadata": {"name": "ann"}, "spec": {"displayName": "Ann"\n',
        "apiVersion : itsmlint/v1\nkind : Person\nmetadata: {name: ann\nspec: {}\n",
        "'apiVersion': 'itsmlint/v1'\n'kind': 'Team'\nspec: [\n",
        "kind: process\nmetadata: {name: broken\n",
    ],
)
def test_a_broken_document_of_ours_in_a_scanned_folder_is_reported(tmp_path: Path, text: str) -> None:
    """Whatever style it is written in (JSON-like, quoted keys, a space before the colon), it cannot slip past."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "broken.yaml").write_text(text, encoding="utf-8")
    (folder / "workflow.yml").write_text("on: push\njobs: {build: [\n", encoding="utf-8")  # someone else's
    loaded = load([folder], tmp_path)
    assert [(p.rule_id, p.path) for p in loaded.problems] == [("YAML001", "docs/broken.yaml")]
