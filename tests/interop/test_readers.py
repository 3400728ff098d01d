"""The readers and the one directory: Backstage references, catalog people in itsmlint rules, CODEOWNERS lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_text

from itsmlint.interop.backstage import EntityRef, parse_entity_ref
from itsmlint.interop.codeowners import Rule as OwnersRule
from itsmlint.interop.codeowners import _regex, parse, shadowed_by
from itsmlint.interop.openslo import parse_duration
from itsmlint.loader import parse_file
from itsmlint.model import parse_ref


@pytest.mark.parametrize(
    ("value", "kind", "namespace", "expected"),
    [
        # Backstage's own grammar, [kind:][namespace/]name, with the field's defaults filled in.
        ("guest", "Group", "default", EntityRef("Group", "default", "guest")),
        ("user:guest", "Group", "default", EntityRef("user", "default", "guest")),
        ("group:default/team-a", "Group", "development", EntityRef("group", "default", "team-a")),
        ("internal/streetlights", "API", "default", EntityRef("API", "internal", "streetlights")),
        ("  team-b ", "Group", "ops", EntityRef("Group", "ops", "team-b")),
        ({"kind": "Resource", "name": "artists-db"}, None, "default", EntityRef("Resource", "default", "artists-db")),
        ("artists-db", None, "default", "it names no kind, and this field has no default kind; write kind:name"),
        ("a/b/c", "Group", "default", "it is not of the form [kind:][namespace/]name"),
        ("", "Group", "default", "it is empty"),
        (42, "Group", "default", "it is not text"),
    ],
)
def test_entity_references_read_as_backstage_reads_them(
    value: object, kind: str | None, namespace: str, expected: object
) -> None:
    assert parse_entity_ref(value, kind, namespace) == expected


def test_catalog_references_in_itsmlint_documents_follow_backstage_names() -> None:
    # user: and group: take Backstage's names: dots, underscores and upper case are fine there.
    user = parse_ref("user:janelle.dawe")
    assert user is not None and (user.kind, user.name) == ("user", "janelle.dawe")
    group = parse_ref("group:default/Platform_Team")
    assert group is not None and group.namespace == "default"
    assert parse_ref("user:a..b") is None and parse_ref("User:jdoe") is None
    # The 13 kinds keep itsmlint's own names.
    assert parse_ref("person:Janelle_Dawe") is None


PEOPLE = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: infrastructure}
spec: {type: department, children: [platform]}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: platform}
spec: {type: team, parent: infrastructure, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: Janelle.Dawe}
spec: {memberOf: [platform]}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: old.timer
  annotations: {itsmlint/left-on: "2026-06-30"}
spec: {memberOf: [platform]}
---
apiVersion: itsmlint/v1
kind: Role
metadata: {name: change-manager}
spec: {category: approver, competencies: [risk assessment]}
---
apiVersion: itsmlint/v1
kind: RoleAssignment
metadata: {name: change-manager}
spec: {role: role:change-manager, assignees: [user:janelle.dawe]}
"""


def test_catalog_people_stand_where_persons_and_teams_are_expected(tmp_path: Path) -> None:
    text = (
        PEOPLE
        + """\
---
apiVersion: itsmlint/v1
kind: Process
metadata: {name: change}
spec:
  owner: user:JANELLE.DAWE
  managers: [role:change-manager, group:platform]
  activities:
    - id: build
      raci: {responsible: [group:platform], accountable: user:old.timer}
    - id: approve
      after: [build]
      raci: {responsible: [user:janelle.dawe], accountable: user:janele.dawe}
      handoff: {to: group:infrastructure}
"""
    )
    findings = lint_text(tmp_path, text, ["OWN001", "OWN002", "REF001", "REF002", "REF003"])
    shown = sorted((f.line, f.qualified_id, f.message) for f in findings)
    assert shown == [
        # A Group stands for a Team: no manager, no RACI party (domain.md §8.10), but a handoff's target.
        (38, "REF001[wrong-kind]", "group:platform is a Backstage Group; this field accepts Person or Role"),
        (41, "REF001[wrong-kind]", "group:platform is a Backstage Group; this field accepts Person or Role"),
        # The directory knows the catalog's leavers (an annotation) ...
        (41, "REF002", "user:old.timer left on 2026-06-30; reassign to a current person"),
        # ... and suggests the closest catalog User for a misspelt one (OWN001 takes user:JANELLE.DAWE).
        (
            44,
            "REF001[unresolved]",
            "user:janele.dawe does not resolve to any document; did you mean user:janelle.dawe?",
        ),
    ]


def test_a_group_holds_its_members_and_those_of_the_groups_below_it(tmp_path: Path) -> None:
    from helpers import lint_paths

    (tmp_path / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    result = lint_paths([tmp_path / "people.yaml"], tmp_path, ["REF001"])
    directory = result.directory
    assert [p.name for p in directory.holders("group:infrastructure", None)] == ["Janelle.Dawe"]  # old.timer left
    assert [p.name for p in directory.holders("role:change-manager", None)] == ["Janelle.Dawe"]
    janelle = result.corpus.resolve("user:janelle.dawe")
    assert janelle is not None
    teams = {key[2] for key in directory.teams_of(janelle)}
    assert teams == {"platform", "infrastructure"}


def test_codeowners_lines_keep_their_places() -> None:
    text = (
        "# comment\r\n"
        "\\#notes/ @a  # inline comment\r\n"
        "docs/my\\ file.md @acme/docs-team docs@example.com\r\n"
        "[Backend][2] @acme/backend\r\n"
        "src/\r\n"
        "!vendor/ @a\r\n"
        "x/ bad!owner"
    )
    data, places, lines = parse(text)
    assert lines == 7
    assert [(r["pattern"], r["owners"]) for r in data["rules"]] == [
        ("#notes/", ["@a"]),
        ("docs/my file.md", ["@acme/docs-team", "docs@example.com"]),
        ("src/", []),
        ("x/", ["bad!owner"]),
    ]
    assert data["rules"][2]["section"] == "Backend" and data["rules"][2]["sectionOwners"] == ["@acme/backend"]
    assert places[("rules", 1, "owners", 1)] == (3, 34)
    assert places[("rules", 2, "sectionOwners", 0)] == (4, 14)
    assert [(places[("errors", i)], e["message"]) for i, e in enumerate(data["errors"])] == [
        ((6, 1), "'!vendor/': CODEOWNERS has no negated patterns ('!')"),
        ((7, 4), "'bad!owner' is not an owner: write @user, @org/team or an e-mail address"),
    ]
    result = parse_file(text.encode("utf-8"), ".github/CODEOWNERS")
    (doc,) = result.foreign
    assert (doc.ref, doc.locate(("rules", 3, "owners", 0))) == ("codeowners:.github/CODEOWNERS", (7, 4))


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        ("*", ["a", "x/y/z.md"], []),
        ("*.js", ["a.js", "src/app/a.js"], ["a.jsx"]),
        ("/docs/", ["docs/a.md", "docs/x/y.md"], ["src/docs/a.md", "docs"]),
        ("docs/*", ["docs/a.md"], ["docs/x/y.md", "src/docs/a.md"]),
        ("apps/", ["apps/a", "x/apps/b/c"], ["apps"]),
        ("/plugins/adr-*", ["plugins/adr-backend/src/a.ts"], ["plugins/adr/src/a.ts"]),
        ("**/logs", ["logs/a", "x/y/logs/b"], ["logsx/a"]),
    ],
)
def test_codeowners_patterns_match_as_github_documents_them(
    pattern: str, matches: list[str], misses: list[str]
) -> None:
    import re

    regex = re.compile(_regex(pattern))
    assert [p for p in matches if not regex.match(p)] == []
    assert [p for p in misses if regex.match(p)] == []


def test_shadowing_is_told_only_when_certain() -> None:
    def rule(pattern: str) -> OwnersRule:
        return OwnersRule(0, pattern, ("@a",), True)

    assert shadowed_by(rule("docs/*"), rule("/docs/"))
    assert shadowed_by(rule("/docs/a.md"), rule("*"))
    assert shadowed_by(rule("*.js"), rule("*.js"))
    assert not shadowed_by(rule("/docs/"), rule("docs/*"))
    assert not shadowed_by(rule("*.go"), rule("/docs/"))
    assert not shadowed_by(rule("/plugins/adr"), rule("/plugins/adr-*"))


def test_openslo_durations() -> None:
    assert str(parse_duration("28d")) == "28d" and parse_duration("1M").minutes == 43200  # type: ignore[union-attr]
    assert parse_duration("1 month") is None and parse_duration("0d") is None and parse_duration("P1M") is None
