"""Who holds what: people, teams and role assignments, as of ``today``.

Several rule families ask the same questions (is this person still here,
who holds this role for this process, which team is this person in), so the
answers are computed once per run here and shared through the rule context.

The people and teams of a Backstage catalog are part of the same directory
(:data:`itsmlint.model.CATALOG_KINDS`): a ``user:`` reference stands for a
Person and a ``group:`` for a Team. A Group holds its members and those of
the groups below it (an organisation-level group owns through its teams), so
a person's teams are the groups they are in and every group above those. A
User has left when its ``itsmlint/left-on`` annotation says so (or
``itsmlint/active: "false"``); most catalogs simply drop leavers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property

from itsmlint.interop.backstage import catalog_of, user_is_active
from itsmlint.model import BACKSTAGE, Corpus, Document, as_date, as_list, parse_ref


class Directory:
    """Answers about people and roles, evaluated at one date."""

    def __init__(self, corpus: Corpus, today: dt.date) -> None:
        self.corpus = corpus
        self.today = today
        # Keyed by id(scope) too: documents live as long as the corpus, so an id is never reused.
        self._holders: dict[tuple[object, int, bool], list[Document]] = {}
        self._people: dict[tuple[str, str, str], Document] = {}
        """Every team member by key, as :attr:`_team_members` finds them."""

    @cached_property
    def _assignments_by_role(self) -> dict[tuple[str, str, str], list[Document]]:
        index: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
        for assignment in self.corpus.of_kind("RoleAssignment"):
            role = self.corpus.resolve(assignment.spec.get("role"), assignment)
            if role is not None and role.kind == "Role":
                index[role.key].append(assignment)
        return index

    @cached_property
    def _team_members(self) -> dict[tuple[str, str, str], set[tuple[str, str, str]]]:
        members: dict[tuple[str, str, str], set[tuple[str, str, str]]] = defaultdict(set)
        for person in self.corpus.of_kind("Person"):
            for team_ref in as_list(person.spec.get("memberOf")):
                team = self.corpus.resolve(team_ref, person)
                if team is not None:
                    members[team.key].add(person.key)
                    self._people.setdefault(person.key, person)
        for team in self.corpus.of_kind("Team"):
            for person_ref in as_list(team.spec.get("members")):
                member = self.corpus.resolve(person_ref, team)
                if member is not None and member.acts_as == "Person":
                    members[team.key].add(member.key)
                    self._people.setdefault(member.key, member)
        catalog = catalog_of(self.corpus)
        for group in catalog.of_kind("group"):
            for user in catalog.everyone(group):
                members[group.key].add(user.key)
                self._people.setdefault(user.key, user)
        return members

    def is_active(self, person: Document) -> bool:
        """A Person counts until ``active: false`` or a ``leftOn`` on or before today (a User: see above)."""
        if person.family == BACKSTAGE:
            return user_is_active(person, self.today)
        if person.spec.get("active") is False:
            return False
        left = as_date(person.spec.get("leftOn"))
        return not (left is not None and left <= self.today)

    def is_current(self, doc: Document, start: str = "validFrom", end: str = "validUntil") -> bool:
        """Whether today lies inside the document's validity window."""
        first, last = as_date(doc.spec.get(start)), as_date(doc.spec.get(end))
        if first is not None and first > self.today:
            return False
        return not (last is not None and last < self.today)

    def assignments(self, role: Document, scope: Document | None) -> list[Document]:
        """Current RoleAssignments that staff ``role`` for ``scope``.

        Per domain.md §8.2 an assignment with a ``scope`` staffs the role for
        that one document only; one without a scope staffs it everywhere.
        """
        found = []
        for assignment in self._assignments_by_role.get(role.key, []):
            if not self.is_current(assignment):
                continue
            scopes = assignment.spec.get("scope")
            if scopes is None:
                found.append(assignment)
                continue
            targets = [self.corpus.resolve(s, assignment) for s in (scopes if isinstance(scopes, list) else [scopes])]
            if scope is not None and any(t is scope for t in targets):
                found.append(assignment)
        return found

    def holders(self, party: object, scope: Document | None, *, deputies: bool = False) -> list[Document]:
        """The active Persons behind a ``person:``, ``role:`` or ``team:`` reference."""
        doc = self.corpus.resolve(party, scope)
        if doc is None:
            return []
        kind = doc.acts_as
        if kind == "Person":
            return [doc] if self.is_active(doc) else []
        if kind not in ("Team", "Role"):
            return []
        # Rules ask about the same few teams and roles for every document
        # (``team:all-staff`` may hold thousands): each answer is worked out once.
        team = kind == "Team"
        key = (doc.key, 0, False) if team else (doc.key, id(scope), deputies)
        known = self._holders.get(key)
        if known is None:
            known = self._team_holders(doc) if team else self._role_holders(doc, scope, deputies)
            self._holders[key] = known
        return list(known)

    def _team_holders(self, team: Document) -> list[Document]:
        found = [self._people.get(k) for k in sorted(self._team_members.get(team.key, ()))]
        return [p for p in found if p is not None and self.is_active(p)]

    def _role_holders(self, doc: Document, scope: Document | None, deputies: bool) -> list[Document]:
        people: dict[tuple[str, str, str], Document] = {}
        for assignment in self.assignments(doc, scope):
            fields = ["assignees", "deputies"] if deputies else ["assignees"]
            for name in fields:
                for ref in as_list(assignment.spec.get(name)):
                    person = self.corpus.resolve(ref, assignment)
                    if person is not None and person.acts_as == "Person" and self.is_active(person):
                        people.setdefault(person.key, person)
        return [people[k] for k in sorted(people)]

    @cached_property
    def _teams_by_person(self) -> dict[tuple[str, str, str], frozenset[tuple[str, str, str]]]:
        found: dict[tuple[str, str, str], set[tuple[str, str, str]]] = defaultdict(set)
        for team, members in self._team_members.items():
            for member in members:
                found[member].add(team)
        return {person: frozenset(teams) for person, teams in found.items()}

    def teams_of(self, person: Document) -> frozenset[tuple[str, str, str]]:
        """The keys of every Team the person belongs to."""
        return self._teams_by_person.get(person.key, frozenset())

    @cached_property
    def _everyone(self) -> frozenset[tuple[str, str, str]]:
        """Teams that hold every person who is in any team: ``all-staff`` and the like."""
        members = self._team_members
        people = set().union(*members.values()) if members else set()
        return frozenset(t for t, m in members.items() if len(m) > 1 and m >= people)

    def working_teams(self, person: Document) -> frozenset[tuple[str, str, str]]:
        """The person's teams, leaving out organisation-wide ones.

        Everybody is in ``team:all-staff``; counting it would make every pair
        of people colleagues, and no handoff would ever show. Departments
        and working teams both count: two people who share either are not
        handing work across a team boundary.
        """
        return self.teams_of(person) - self._everyone

    def party_kind(self, party: object) -> str | None:
        """The lower-case kind a reference names, resolved or not."""
        ref = parse_ref(party)
        return ref.kind if ref else None
