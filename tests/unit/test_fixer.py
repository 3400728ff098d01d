"""The fixer's splices keep every byte they do not change.

Properties over every file under samples/: a no-op edit through the writer
(each value set to itself, each key renamed to itself) returns the input
byte for byte, in the file's own form and with CRLF line endings and a
byte-order mark; a real edit of one scalar changes the lines that scalar is
on and no other. And the edits themselves: a list grows in its own style, a
key lands at its mapping's indentation, quoting follows the value replaced,
and an edit that would not read back as intended is refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from itsmlint.finding import Pointer
from itsmlint.fixer import Refused, Text, fix_bytes, render
from itsmlint.fixes import Fix, append_item, rename_key, set_value

ROOT = Path(__file__).parents[2]
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def scalars(data: Any, pointer: Pointer = ()) -> list[tuple[Pointer, Any]]:
    """Every scalar value of a document with its pointer."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in scalars(value, (*pointer, key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in scalars(value, (*pointer, i))]
    return [(pointer, data)] if pointer else []


def keys(data: Any, pointer: Pointer = ()) -> list[Pointer]:
    if isinstance(data, dict):
        return [(*pointer, k) for k in data] + [p for k, v in data.items() for p in keys(v, (*pointer, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in keys(v, (*pointer, i))]
    return []


def no_op_fixes(data: bytes) -> list[Fix]:
    fixes = []
    for index, document in Text(data).data.items():
        for pointer, value in scalars(document):
            if isinstance(value, (str, int, float, bool, dt.date)) or value is None:
                fixes.append(Fix("same", (set_value(pointer, value).placed("f", index),), "safe"))
        for pointer in keys(document):
            fixes.append(Fix("same", (rename_key(pointer, str(pointer[-1])).placed("f", index),), "safe"))
    return fixes


def variants(data: bytes) -> list[bytes]:
    """The file as it is, with CRLF line endings, and with a byte-order mark too."""
    crlf = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return [data, crlf, b"\xef\xbb\xbf" + crlf]


def test_samples_are_there() -> None:
    assert len(SAMPLES) > 100


@pytest.mark.parametrize("path", SAMPLES, ids=[p.relative_to(ROOT).as_posix() for p in SAMPLES])
def test_a_no_op_edit_returns_the_input_unchanged(path: Path) -> None:
    for data in variants(path.read_bytes()):
        try:
            Text(data)
        except Refused:  # a sample that is broken YAML on purpose has no values to edit
            assert fix_bytes(data, [], "f") == (data, [])
            continue
        fixes = no_op_fixes(data)
        out, _ = fix_bytes(data, fixes, "f")
        assert out == data
        assert fix_bytes(data, [], "f") == (data, [])


@pytest.mark.parametrize("path", SAMPLES[::4], ids=[p.relative_to(ROOT).as_posix() for p in SAMPLES[::4]])
def test_one_edit_changes_its_own_line_and_no_other(path: Path) -> None:
    for data in variants(path.read_bytes())[1:]:
        try:
            text = Text(data)
        except Refused:  # broken on purpose
            continue
        before = data.split(b"\n")
        for index, document in list(text.data.items())[:3]:
            for pointer, value in [s for s in scalars(document) if isinstance(s[1], str)][:8]:
                fix = Fix("probe", (set_value(pointer, "probe value").placed("f", index),), "safe")
                out, taken = fix_bytes(data, [fix], "f")
                if not taken:
                    continue  # a block scalar, an anchor: refused, the file untouched
                assert out.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
                after = out.split(b"\n")
                assert len(after) == len(before)
                changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
                assert len(changed) == 1 and after[changed[0]].endswith(b"\r"), (pointer, value)
                assert Text(out).data[index] != document


def fixed(text: str, *edits: Any) -> str:
    fixes = [Fix("t", (e.placed("f", 0),), "safe") for e in edits]
    out, taken = fix_bytes(text.encode(), fixes, "f")
    assert len(taken) == len(fixes), "an edit was refused"
    return out.decode()


def test_a_flow_list_grows_in_flow_style() -> None:
    assert fixed("a: [x, y]  # c\n", append_item(("a",), "z")) == "a: [x, y, z]  # c\n"
    assert fixed("a: []\n", append_item(("a",), "z")) == "a: [z]\n"


def test_a_block_list_grows_at_its_dash_column_after_a_trailing_comment() -> None:
    text = "spec:\n  a:\n    - x\n    - y  # why\n  b: 1\n"
    assert fixed(text, append_item(("spec", "a"), "z")) == "spec:\n  a:\n    - x\n    - y  # why\n    - z\n  b: 1\n"
    indentless = "a:\n- x\nb: 1\n"
    assert fixed(indentless, append_item(("a",), "y")) == "a:\n- x\n- y\nb: 1\n"


def test_a_missing_key_joins_its_mapping_in_its_style() -> None:
    assert fixed("spec: {a: 1}\n", append_item(("spec", "b"), "x")) == "spec: {a: 1, b: [x]}\n"
    assert fixed("spec: {}\n", set_value(("spec", "b"), ())) == "spec: {b: []}\n"
    block = "spec:\n  a: 1\n  c:\n    d: 2  # last\n# tail\n"
    assert fixed(block, set_value(("spec", "b"), "x")) == "spec:\n  a: 1\n  c:\n    d: 2  # last\n  b: x\n# tail\n"


def test_quoting_follows_the_value_replaced() -> None:
    assert (
        fixed(
            "a: 'P1d'\nb: \"4 hours\"\nc: pt1h\n",
            set_value(("a",), "P1D"),
            set_value(("b",), "PT4H"),
            set_value(("c",), "PT1H"),
        )
        == "a: 'P1D'\nb: \"PT4H\"\nc: PT1H\n"
    )
    # Plain text that would read as something else is quoted.
    assert fixed("a: x\n", set_value(("a",), "true")) == 'a: "true"\n'
    assert fixed("a: x\n", set_value(("a",), "2026-01-01")) == 'a: "2026-01-01"\n'
    assert fixed("a: x\n", set_value(("a",), dt.date(2026, 1, 1))) == "a: 2026-01-01\n"
    assert render("a, b", flow=True) == '"a, b"' and render("a, b", flow=False) == "a, b"


def test_a_key_with_no_value_gets_one() -> None:
    assert fixed("a:\nb: 1\n", set_value(("a",), "x")) == "a: x\nb: 1\n"


def test_crlf_and_bom_are_kept() -> None:
    data = b"\xef\xbb\xbfa:\r\n  - x\r\nb: 1\r\n"
    out, taken = fix_bytes(data, [Fix("t", (append_item(("a",), "y").placed("f", 0),), "safe")], "f")
    assert taken and out == b"\xef\xbb\xbfa:\r\n  - x\r\n  - y\r\nb: 1\r\n"


def test_other_documents_stay_byte_for_byte() -> None:
    text = "a: 1\n---\n# two\nb: [x]\n---\nc: {d: e}\n"
    out, _ = fix_bytes(text.encode(), [Fix("t", (append_item(("b",), "y").placed("f", 1),), "safe")], "f")
    assert out.decode() == "a: 1\n---\n# two\nb: [x, y]\n---\nc: {d: e}\n"


@pytest.mark.parametrize(
    "text, pointer",
    [
        ("a: &x [1]\nb: *x\n", ("a",)),  # shared through an alias
        ("a: !!str [1]\n", ("a",)),  # an explicit tag
        ("a: |\n  x\nb: 1\n", ("a",)),  # a block scalar
    ],
)
def test_anchors_tags_and_block_scalars_are_not_edited(text: str, pointer: Pointer) -> None:
    edit = append_item(pointer, "y") if "[" in text else set_value(pointer, "y")
    out, taken = fix_bytes(text.encode(), [Fix("t", (edit.placed("f", 0),), "safe")], "f")
    assert (out, taken) == (text.encode(), [])


def test_a_stale_edit_is_refused() -> None:
    fix = Fix("t", (set_value(("a",), "new", "old").placed("f", 0),), "safe")
    assert fix_bytes(b"a: changed\n", [fix], "f") == (b"a: changed\n", [])


def test_two_fixes_adding_one_key_wait_for_the_next_round() -> None:
    first = Fix("t", (append_item(("spec", "m"), "x").placed("f", 0),), "safe")
    second = Fix("t", (append_item(("spec", "m"), "y").placed("f", 0),), "safe")
    out, taken = fix_bytes(b"spec: {a: 1}\n", [first, second], "f")
    assert out == b"spec: {a: 1, m: [x]}\n" and taken == [first]
    out, taken = fix_bytes(out, [second], "f")
    assert out == b"spec: {a: 1, m: [x, y]}\n"


def test_a_fix_survives_pickling_to_and_from_a_helper_process() -> None:
    import pickle

    fix = Fix("t", (append_item(("a",), "z").placed("f", 0),), "safe")
    out, taken = fix_bytes(b"a: [x]\n", [pickle.loads(pickle.dumps(fix))], "f")
    assert out == b"a: [x, z]\n" and taken


def test_a_block_list_replaced_by_a_value_moves_to_the_key_line_with_every_comment() -> None:
    text = "spec:\n  owner:  # who\n    - person:x  # the one\n  purpose: y\n"
    assert (
        fixed(text, set_value(("spec", "owner"), "person:x", ("person:x",)))
        == "spec:\n  owner: person:x  # who  # the one\n  purpose: y\n"
    )
