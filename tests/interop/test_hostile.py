"""Bad input in the other formats gets a finding or nothing, never a crash (INT001) or a traceback."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import yaml
from helpers import TODAY, lint_paths

from itsmlint.ids import INTERNAL_ERROR
from itsmlint.loader import load, parse_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "harbourline"
WRONG: list[object] = [
    None,
    0,
    1.5,
    True,
    "",
    "x",
    "a:b/c/d",
    [],
    {},
    [None],
    {"kind": 1},
    "2026-02-30",
    "user:",
    "group:x/y/z",
    "1m",
    "0d",
    "-1h",
    "P1M",
    "*",
    "../../etc/passwd",
]


def _bend(value: object, rng: random.Random) -> object:
    """The value with one node somewhere inside it replaced by a value of the wrong type."""
    value = copy.deepcopy(value)
    node, key = value, None
    while True:
        children = (
            list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
        )
        if not children or (key is not None and rng.random() < 0.3):
            break
        key, child = rng.choice(children)
        if not isinstance(child, (dict, list)) or rng.random() < 0.25:
            node[key] = copy.deepcopy(rng.choice(WRONG))  # type: ignore[index]
            return value
        node = child
    return value


def test_bent_catalog_slo_and_codeowners_files_never_crash_a_rule(tmp_path: Path) -> None:
    rng = random.Random(18)
    files = sorted(p for p in SAMPLE.rglob("*.yaml") if p.name != ".itsmlint.yaml")
    for round_ in range(12):
        repo = tmp_path / f"round-{round_}"
        for path in files:
            target = repo / path.relative_to(SAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
            bent = [_bend(d, rng) if rng.random() < 0.6 else d for d in documents]
            target.write_text(yaml.safe_dump_all(bent, sort_keys=False), encoding="utf-8")
        owners = (SAMPLE / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        owners.insert(
            rng.randrange(len(owners)),
            rng.choice(
                ["[", "^[x", "\\", "!* @a", "* @", "a\tb\t@c", "x" * 5000, "[s][2] bad!", "# itsmlint: ignore["]
            ),
        )
        (repo / ".github").mkdir(parents=True, exist_ok=True)
        (repo / ".github" / "CODEOWNERS").write_text("\n".join(owners), encoding="utf-8")
        result = lint_paths([repo], repo, [], TODAY)
        crashes = [f"{f.path}:{f.line}: {f.message}" for f in result.findings if f.rule_id == INTERNAL_ERROR]
        assert crashes == [], f"round {round_}"


def test_odd_shapes_are_read_or_reported_not_raised() -> None:
    for text in [
        "apiVersion: backstage.io/v1alpha1\nkind: Component\n",  # no metadata
        "apiVersion: backstage.io/v1alpha1\nkind: [Component]\nmetadata: {name: x}\n",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: true}\nspec: 3\n",
        "- apiVersion: openslo/v1\n  kind: SLO\n- 3\n- [a]\n- apiVersion: openslo/v1\n",
        "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {timeWindow: 1m, objectives: 3}\n",
    ]:
        result = parse_file(text.encode("utf-8"), "x.yaml")
        assert all(p.rule_id == "SCHEMA001" for p in result.problems), result.problems
    result = parse_file(b"\xff\xfe\x00*  @a\n", ".github/CODEOWNERS")
    assert [p.rule_id for p in result.problems] == ["YAML001"]  # not UTF-8: one finding, no traceback


def test_a_location_cannot_lead_the_reader_out_of_the_repository(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "secret.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: s}\nspec: {type: team, children: []}\n",
        encoding="utf-8",
    )
    (tmp_path / "repo" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (tmp_path / "repo" / "all.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: all}\n"
        "spec: {targets: [../secret.yaml, ./link.yaml, /etc/hostname, ./all.yaml]}\n",
        encoding="utf-8",
    )
    loaded = load([tmp_path / "repo" / "all.yaml"], tmp_path / "repo")
    # Only the Location itself: the file above, the link out and an absolute path stay unread.
    assert [d.path for d in loaded.foreign] == ["all.yaml"]
