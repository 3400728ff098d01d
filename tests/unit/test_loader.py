"""The loader: YAML 1.2 scalars, exact positions, and bad input as problems."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from itsmlint.files import compile_globs, discover, glob_regex
from itsmlint.loader import load, parse_text

DOC = """\
apiVersion: itsmlint/v1
kind: Process
metadata:
  name: incident-management
  lastReviewed: 2025-01-15
spec:
  owner: person:jdoe
  activities:
    - id: record
      raci: {responsible: [role:agent], accountable: role:lead}
"""


def value(text: str) -> object:
    docs, problems = parse_text(text, "t.yaml")
    assert problems == []
    return docs[0][1]


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("on", "on"),
        ("yes", "yes"),
        ("no", "no"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("08:00", "08:00"),
        ("1:20:30", "1:20:30"),
        ("2025-01-15", dt.date(2025, 1, 15)),
        ("2025-13-01", "2025-13-01"),
        ("2025-01-15T10:00:00", "2025-01-15T10:00:00"),
        ("12", 12),
        ("0x1f", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("~", None),
        ("null", None),
        ("", None),
        ("PT15M", "PT15M"),
        ("'true'", "true"),
    ],
)
def test_yaml_1_2_scalars(scalar: str, expected: object) -> None:
    assert value(f"k: {scalar}\n") == {"k": expected}


def test_on_key_stays_a_string() -> None:
    assert value("waitsFor: [{on: activity:x}]\n") == {"waitsFor": [{"on": "activity:x"}]}


def test_positions_are_one_based_and_point_at_the_value() -> None:
    ((_, _, locator),) = parse_text(DOC, "t.yaml")[0]
    assert locator.locate(("spec", "owner")) == (7, 10)
    assert locator.locate(("spec", "activities", 0)) == (9, 7)
    assert locator.locate(("spec", "activities", 0, "raci", "accountable")) == (10, 54)


def test_missing_field_is_located_at_its_parent_key() -> None:
    ((_, _, locator),) = parse_text(DOC, "t.yaml")[0]
    assert locator.locate(("spec", "managers")) == (6, 1)
    assert locator.locate(("spec", "activities", 0, "raci", "consulted")) == (10, 7)
    # A block mapping is reported at its key, not at its first child.
    assert locator.locate(("metadata",)) == (3, 1)


def test_duplicate_key_is_reported_and_last_value_wins() -> None:
    docs, problems = parse_text("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert docs[0][1] == {"a": 3, "b": 2}
    assert [(p.rule_id, p.line, p.column) for p in problems] == [("YAML002", 3, 1)]


def test_syntax_error_keeps_earlier_documents() -> None:
    docs, problems = parse_text("a: 1\n---\nb: [1, 2\n", "t.yaml")
    assert [d[1] for d in docs] == [{"a": 1}]
    assert [(p.rule_id, p.line) for p in problems] == [("YAML001", 4)]


def test_unsupported_tag_is_a_problem_not_an_object() -> None:
    docs, problems = parse_text("a: !!python/object:os.system {}\n", "t.yaml")
    assert docs[0][1] == {"a": {}}
    assert [p.rule_id for p in problems] == ["YAML003"]


def test_alias_bomb_is_refused_in_linear_time() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 40):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    docs, problems = parse_text("\n".join(lines) + "\n", "bomb.yaml")
    # 10**40 leaves if expanded: counted in linear time and refused, never walked.
    assert docs == []
    assert [(p.rule_id, p.line) for p in problems] == [("YAML001", 1)]
    assert "aliases that expand to" in problems[0].message


def test_modest_aliases_are_shared_not_refused() -> None:
    text = "cab: &cab [person:a, person:b, person:c]\n" + "".join(f"a{i}: *cab\n" for i in range(200))
    docs, problems = parse_text(text, "aliases.yaml")
    assert problems == []
    assert docs[0][1]["a199"] is docs[0][1]["cab"]


def test_deep_nesting_does_not_crash() -> None:
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    docs, problems = parse_text(text, "deep.yaml")
    assert docs or problems  # parsed, or reported: never a traceback


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_repository_with_bad_files_still_loads_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", DOC)
    write(tmp_path, "broken.yaml", "apiVersion: itsmlint/v1\nkind: [\n")
    write(
        tmp_path,
        "dupes.yaml",
        DOC.replace("  owner: person:jdoe\n", "  owner: person:jdoe\n  owner: person:x\n").replace(
            "incident-management", "other"
        ),
    )
    write(tmp_path, "workflow.yml", "on: push\njobs: {build: {runs-on: ubuntu-latest}}\n")
    write(tmp_path, "unknown-kind.yaml", "apiVersion: itsmlint/v1\nkind: Proces\nmetadata: {name: x}\nspec: {}\n")
    write(tmp_path, "latin1.yaml", b"apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: caf\xe9}\n")
    write(tmp_path, "vendor-latin1.yaml", b"a: caf\xe9\n")
    write(tmp_path, "helm-template.yaml", "replicas: {{ .Values.replicas }\n")
    write(tmp_path, "bom.yaml", "\ufeff" + DOC.replace("incident-management", "with-bom"))
    write(tmp_path, "notes.txt", "not yaml")
    result = load([tmp_path], tmp_path)
    assert sorted(d.name for d in result.documents) == ["incident-management", "other", "with-bom"]
    problems = sorted((p.path, p.rule_id, p.line) for p in result.problems)
    assert problems == [
        ("broken.yaml", "YAML001", 3),
        ("dupes.yaml", "YAML002", 8),
        ("latin1.yaml", "YAML001", 3),
        ("unknown-kind.yaml", "SCHEMA001", 2),
    ]
    assert result.files == 6  # the workflow, the vendor file and the template are not ours


def test_unknown_kind_suggests_the_right_one(tmp_path: Path) -> None:
    write(tmp_path, "k.yaml", "apiVersion: itsmlint/v1\nkind: Proces\nmetadata: {name: x}\nspec: {}\n")
    (problem,) = load([tmp_path], tmp_path).problems
    assert "did you mean 'Process'" in problem.message


def test_document_with_our_kind_but_no_api_version_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "k.yaml", "kind: Process\nmetadata: {name: x}\nspec: {}\n")
    (problem,) = load([tmp_path], tmp_path).problems
    assert (problem.rule_id, problem.line) == ("SCHEMA001", 1)
    assert "apiVersion" in problem.message


def test_oversized_file_is_skipped_with_one_problem(tmp_path: Path) -> None:
    write(tmp_path, "big.yaml", DOC + "# " + "x" * 2000 + "\n")
    write(tmp_path, "big-data-dump.yaml", "rows:\n" + "  - x\n" * 500)
    result = load([tmp_path], tmp_path, max_file_size=1000)
    assert result.documents == []
    assert [(p.path, p.rule_id) for p in result.problems] == [("big.yaml", "YAML001")]


def test_files_named_explicitly_are_always_reported(tmp_path: Path) -> None:
    broken = write(tmp_path, "helm-template.yaml", "replicas: {{ .Values.replicas }\n")
    assert [p.rule_id for p in load([broken], tmp_path).problems] == ["YAML001"]


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        (["drafts/"], "drafts/a.yaml", True),
        (["drafts/"], "org/drafts/a.yaml", True),
        (["/drafts"], "org/drafts/a.yaml", False),
        (["*.tmp.yaml"], "x/y/z.tmp.yaml", True),
        (["org/*.yaml"], "org/people.yaml", True),
        (["org/*.yaml"], "org/sub/people.yaml", False),
        (["org/**/*.yaml"], "org/sub/people.yaml", True),
        (["people.yaml"], "org/people.yaml", True),
    ],
)
def test_exclude_globs(patterns: list[str], path: str, excluded: bool) -> None:
    regex = compile_globs(patterns)
    assert regex is not None
    assert bool(regex.match(path)) is excluded


def test_exclude_globs_match_on_re2_as_they_did_on_re() -> None:
    # The globs moved to RE2 so that no glob can backtrack for minutes; every
    # short glob and path still gets the answer Python's re gives.
    pieces = ["a", "*", "/", "?", "**/", "."]
    globs = ["".join(g) for n in (1, 2, 3) for g in itertools.product(pieces, repeat=n)]
    paths = ["".join(p) for n in (1, 2, 3, 4) for p in itertools.product("ab/.", repeat=n)]
    for glob in globs:
        regex = glob_regex([glob])
        assert regex is not None
        ours, theirs = compile_globs([glob]), re.compile(regex)
        assert ours is not None
        wrong = [p for p in paths if bool(ours.match(p)) != bool(theirs.match(p))]
        assert wrong == [], (glob, wrong)


def test_discover_skips_vcs_and_symlinks_out_of_tree(tmp_path: Path) -> None:
    tree = tmp_path / "repo"
    write(tree, "a.yaml", "x: 1\n")
    write(tree, ".git/config.yaml", "x: 1\n")
    outside = write(tmp_path, "outside.yaml", "x: 1\n")
    (tree / "link.yaml").symlink_to(outside)
    (tree / "loop").symlink_to(tree)
    found = [p.name for p in discover([tree], tree)]
    assert found == ["a.yaml"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        ("2026-01-02", dt.date(2026, 1, 2)),
        ("2026-02-30", None),
        ("next spring", None),
        (20260102, None),
        (None, None),
    ],
)
def test_date_fields_accept_quoted_iso_dates(value: object, expected: dt.date | None) -> None:
    from itsmlint.model import as_date

    assert as_date(value) == expected
