"""itsmlint on real upstream files: the Backstage, OpenSLO and CODEOWNERS examples in ``../shared/external``.

The files are byte-exact copies of what those projects wrote (their README
lists the commit of each); they are read where they lie, beside the
checkout, and never copied into it. Each upstream repository is linted as a
repository of its own, with every rule of the catalog, and the findings must
be exactly the ones listed here: the defects the README of
``../shared/external`` verified by reading the files, each commented with the
README's item, plus what the comments justify line by line. Anything else
would be noise. The README's notable facts that are not defects (two Users
``guest`` in two namespaces, an API and a Component that share a name, plain
OpenAPI files beside the entities, a consistent group hierarchy) are pinned
the other way: the tests show they are read correctly and reported nowhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TODAY, lint_paths

from itsmlint.engine import Result
from itsmlint.interop.backstage import catalog_of
from itsmlint.interop.codeowners import files_of, owners_of

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = ROOT.parent / "shared" / "external"
BACKSTAGE = EXTERNAL / "backstage"
OPENSLO = EXTERNAL / "openslo" / "OpenSLO"
GO_SDK = EXTERNAL / "openslo" / "go-sdk"
VALIDATOR_CODEOWNERS = (
    EXTERNAL / "codeowners" / "codeowners-validator" / "pkg" / "codeowners" / "testdata" / "CODEOWNERS"
)

Found = tuple[str, int, str, str | None]
"""(path, line, RULE[sub], document) of one finding."""


def lint(path: Path) -> Result:
    """Every rule of the catalog on one upstream repository (or one named file), paths shown relative to it."""
    root = path if path.is_dir() else path.parent
    return lint_paths([path], root, [], TODAY)


def found(result: Result) -> list[Found]:
    return sorted((f.path, f.line, f.qualified_id, f.document) for f in result.findings)


@pytest.fixture(scope="module")
def backstage() -> Result:
    return lint(BACKSTAGE)


EXAMPLES = "catalog-model-examples"

# backstage/backstage: its root catalog-info.yaml, its .github/CODEOWNERS (copied to the folder's root,
# where GitHub also reads one) and packages/catalog-model/examples/.
BACKSTAGE_FINDINGS: list[Found] = sorted(
    [
        # README Backstage 1. `owner: CNCF`: no Group or User cncf exists (Backstage compares without case).
        ("root-catalog-info.yaml", 22, "BKS001[unresolved]", "backstage:component:default/backstage"),
        # README Backstage 2. `owner: guest` means group:default/guest, and guest exists only as a User;
        # the message says to write user:guest, as upstream later did.
        (
            f"{EXAMPLES}/components/playback-order-component.yaml",
            12,
            "BKS001[wrong-kind]",
            "backstage:component:default/playback-order",
        ),
        # README Backstage 3. Users as owners: the default policy (groupOwnedKinds) wants a Group to own
        # Components and Domains.
        (f"{EXAMPLES}/components/searcher-component.yaml", 11, "BKS002", "backstage:component:default/searcher"),
        (f"{EXAMPLES}/components/shuffle-api-component.yaml", 14, "BKS002", "backstage:component:default/shuffle-api"),
        (f"{EXAMPLES}/domains/playback-domain.yaml", 7, "BKS002", "backstage:domain:default/playback"),
        # README Backstage 5. AiResource references to nothing: the plugin's two skills, the marketplace's
        # testing-plugin (Backstage's AiResource model reads skills and plugins as AiResource references).
        (
            f"{EXAMPLES}/ai-resources/code-review-plugin.yaml",
            12,
            "BKS004[unresolved]",
            "backstage:airesource:default/code-review-plugin",
        ),
        (
            f"{EXAMPLES}/ai-resources/code-review-plugin.yaml",
            13,
            "BKS004[unresolved]",
            "backstage:airesource:default/code-review-plugin",
        ),
        (
            f"{EXAMPLES}/ai-resources/company-ai-marketplace.yaml",
            13,
            "BKS004[unresolved]",
            "backstage:airesource:default/company-ai-tools",
        ),
        # README Backstage 5. The marketplace file is listed by no Location, while all-ai-resources.yaml
        # lists the three files beside it: the catalog never reads it. Reported on its entity's name.
        (
            f"{EXAMPLES}/ai-resources/company-ai-marketplace.yaml",
            4,
            "BKS009[unlisted]",
            "backstage:airesource:default/company-ai-tools",
        ),
        # README Backstage 6. `spec.apiConsumedBy` is a relation's name, not a Component field: ignored.
        (
            f"{EXAMPLES}/components/artist-lookup-component.yaml",
            40,
            "BKS007",
            "backstage:component:default/artist-lookup",
        ),
        # README Backstage 7. wayback-archive-ingestion (team-d) is part of wayback-archive (team-a).
        (
            f"{EXAMPLES}/components/wayback-archive-ingestion-component.yaml",
            9,
            "BKS008",
            "backstage:component:default/wayback-archive-ingestion",
        ),
        # README "Missing references caused by this collection": apis/hello-world-api.yaml was left out of
        # the copy, so in these files (the ones linted) the API hello-world and the Location target really
        # lead nowhere. True of this copy, not of upstream.
        (
            f"{EXAMPLES}/components/petstore-component.yaml",
            21,
            "BKS004[unresolved]",
            "backstage:component:default/petstore",
        ),
        (f"{EXAMPLES}/all-apis.yaml", 9, "BKS009[missing-target]", "backstage:location:default/example-apis"),
        # README Backstage 11. `/.changeset/*.md` names no owner: changesets merge without a code owner.
        ("CODEOWNERS", 10, "CO001[no-owner]", "codeowners:CODEOWNERS"),
    ]
)


def test_backstage_examples_give_exactly_the_verified_defects(backstage: Result) -> None:
    assert found(backstage) == BACKSTAGE_FINDINGS


def test_backstage_findings_carry_file_line_column_and_pointer(backstage: Result) -> None:
    by_place = {(f.path, f.line): f for f in backstage.findings}
    cncf = by_place[("root-catalog-info.yaml", 22)]
    assert (cncf.column, cncf.pointer) == (10, ("spec", "owner"))
    assert "owner 'CNCF' (group:cncf) is not in the catalog" in cncf.message
    guest = by_place[(f"{EXAMPLES}/components/playback-order-component.yaml", 12)]
    assert "write user:guest" in guest.message
    skill = by_place[(f"{EXAMPLES}/ai-resources/code-review-plugin.yaml", 13)]
    assert (skill.column, skill.pointer) == (7, ("spec", "skills", 1))
    unowned = by_place[("CODEOWNERS", 10)]
    assert (unowned.column, unowned.pointer) == (1, ("rules", 3, "pattern"))


def test_two_guests_in_two_namespaces_are_two_users(backstage: Result) -> None:
    # README Backstage 4: not a defect. Two Users guest, in default and development; the second one's
    # memberOf names group:default/team-a across namespaces, and resolves.
    catalog = catalog_of(backstage.corpus)
    guests = sorted(d.namespace for d in catalog.of_kind("user") if d.name == "guest")
    assert guests == ["default", "development"]
    dev = catalog.get("user", "development", "guest")
    assert dev is not None
    (link,) = catalog.links(dev)
    assert link.target is catalog.get("group", "default", "team-a")
    assert dev in catalog.members(catalog.get("group", "default", "team-a"))  # type: ignore[arg-type]
    # An owner `user:guest` written in the default namespace means the default one.
    searcher = catalog.get("component", "default", "searcher")
    assert searcher is not None and catalog.link(searcher, "owner").target is catalog.get(  # type: ignore[union-attr]
        "user", "default", "guest"
    )


def test_a_name_shared_across_kinds_is_two_entities(backstage: Result) -> None:
    # README Backstage 8: an API and a Component both named wayback-archive (and wayback-search) are
    # different entities, and providesApis/consumesApis mean the API (their default kind). metadata.name
    # differing from the file name (playback-sdk, starwars-graphql, company-ai-tools) is not a rule of
    # Backstage's: no finding either.
    catalog = catalog_of(backstage.corpus)
    search = catalog.get("component", "default", "wayback-search")
    assert search is not None
    targets = {k.field.key: k.target for k in catalog.links(search)}
    assert targets["consumesApis"] is catalog.get("api", "default", "wayback-archive")
    assert targets["providesApis"] is catalog.get("api", "default", "wayback-search")
    assert catalog.duplicates == []


def test_plain_openapi_files_beside_the_entities_are_not_read(backstage: Result) -> None:
    # README Backstage 9: petstore.oas.yaml and petstore-webhook.oas.yaml are OpenAPI documents with no
    # apiVersion or kind: nobody's entity, skipped like any other YAML, never reported.
    paths = {d.path for d in (*backstage.corpus, *backstage.corpus.foreign)}
    for name in ("petstore.oas.yaml", "petstore-webhook.oas.yaml"):
        assert f"{EXAMPLES}/apis/{name}" not in paths
        assert all(not f.path.endswith(name) for f in backstage.findings)


def test_the_group_hierarchy_agrees_and_the_organisation_is_staffed(backstage: Result) -> None:
    # README Backstage 10: every parent/children pair agrees, so BKS005 says nothing; and acme-corp,
    # which owns the audio Domain with no member of its own, owns through the teams below it (BKS003).
    catalog = catalog_of(backstage.corpus)
    acme = catalog.get("group", "default", "acme-corp")
    assert acme is not None and catalog.members(acme) == []
    assert len(catalog.everyone(acme)) == 17  # every User, the development guest included
    assert [g.name for g in catalog.subgroups(acme)] == [
        "backstage",
        "boxoffice",
        "infrastructure",
        "team-a",
        "team-b",
        "team-c",
        "team-d",
    ]


def test_backstage_codeowners_last_match_wins(backstage: Result) -> None:
    # README Backstage 11: later rules override the `*` default; /plugins/home is owned only by
    # @backstage/discoverability-maintainers; /.changeset/*.md by nobody.
    (codeowners,) = files_of(backstage.corpus)
    owners = owners_of(backstage.corpus, codeowners)

    def who(path: str) -> tuple[str, ...]:
        rule = owners.rule_for(path)
        return rule.owners if rule is not None else ()

    assert who("plugins/home/src/index.ts") == ("@backstage/discoverability-maintainers",)
    assert who("plugins/kubernetes-backend/package.json") == ("@backstage/kubernetes-maintainers",)
    assert who(".changeset/brave-lions.md") == ()
    assert who("packages/core/package.json") == ("@backstage/maintainers", "@backstage/reviewers")
    assert who("packages/yarn.lock") == ("@backstage/maintainers", "@backstage-service")


# OpenSLO/OpenSLO: examples/. No Service object is kept there, so `service: web-shop` and
# `service: web-availability` are names for the SLO platform, not references to check (README OpenSLO 1).
OPENSLO_FINDINGS: list[Found] = sorted(
    [
        # README OpenSLO 4. `duration: 1m` in a calendar window, commented "1 month": m is minutes.
        (
            "examples/budgeting-method/timeslices-slo.yaml",
            27,
            "SLO003[minutes-window]",
            "openslo:slo:service-availability",
        ),
        # README OpenSLO 2. metadata.name service-availability is used by two SLOs; the second is reported.
        (
            "examples/treat-low-traffic-as-equally-important/timeslices-slo.yaml",
            4,
            "SLO002",
            "openslo:slo:service-availability",
        ),
        # README OpenSLO 5. `alertPolicies:` written with no value, under the upstream comments "you should
        # have something in here" and "SLO that monitor your SLA should always have some alert policy": the
        # SLO alerts nobody. (A key simply left out, as in ratio-timeslices.yaml, is not reported.)
        ("examples/budgeting-method/occurences-slo.yaml", 29, "SLO001[empty]", "openslo:slo:search-slo"),
        ("examples/budgeting-method/timeslices-slo.yaml", 43, "SLO001[empty]", "openslo:slo:service-availability"),
        # Not reported, README OpenSLO 5: the misspelt file name (not a property of the objects); the second
        # objective without `op`, and ratio-timeslices' `op: gt` without `value` (OpenSLO v1 compares against
        # op and value only for a thresholdMetric; these are ratio metrics).
    ]
)


def test_openslo_examples_give_exactly_the_verified_defects() -> None:
    assert found(lint(OPENSLO)) == OPENSLO_FINDINGS


GO_EXAMPLES = "pkg/openslo/v1/examples"

# OpenSLO/go-sdk: pkg/openslo/v1/examples/, lists of objects. Services, SLIs, DataSources, AlertConditions
# and AlertNotificationTargets are all kept here, so a name that matches none of them is a broken reference.
GO_SDK_FINDINGS: list[Found] = sorted(
    [
        # README OpenSLO 1. service: web, but the only Service is example-service.
        (f"{GO_EXAMPLES}/slos.yaml", 14, "SLO001[unresolved]", "openslo:slo:web-availability"),
        # README OpenSLO 2. Two Services example-service in one list; the second is reported.
        (f"{GO_EXAMPLES}/services.yaml", 24, "SLO002", "openslo:service:example-service"),
        # README OpenSLO 3. targetRef on-call-mail-notification and on-call-pd-notification: the targets kept
        # are devs-email-notification and pd-on-call-notification. (conditionRef cpu-usage-breach resolves.)
        (f"{GO_EXAMPLES}/alert_policies.yaml", 18, "SLO001[unresolved]", "openslo:alertpolicy:low-priority"),
        (f"{GO_EXAMPLES}/alert_policies.yaml", 50, "SLO001[unresolved]", "openslo:alertpolicy:high-priority"),
        # README OpenSLO 3. metricSourceRef my-datadog (good and total), appdynamics (bad and total) and
        # my-prometheus: only prometheus and datadog exist. One finding per reference written;
        # wifi-client-satisfaction's `prometheus` resolves.
        (f"{GO_EXAMPLES}/slis.yaml", 18, "SLO001[unresolved]", "openslo:sli:search-availability"),
        (f"{GO_EXAMPLES}/slis.yaml", 24, "SLO001[unresolved]", "openslo:sli:search-availability"),
        (f"{GO_EXAMPLES}/slis.yaml", 44, "SLO001[unresolved]", "openslo:sli:end-user-response"),
        (f"{GO_EXAMPLES}/slis.yaml", 51, "SLO001[unresolved]", "openslo:sli:end-user-response"),
        (f"{GO_EXAMPLES}/slis.yaml", 99, "SLO001[unresolved]", "openslo:sli:annotator-throughput"),
        # Not reported, README OpenSLO 6: ownership appears only as labels (team: [team-a, team-b]); OpenSLO
        # v1 has no owner field, and itsmlint takes an SLO's owner from the Service it measures.
    ]
)


def test_openslo_go_sdk_examples_give_exactly_the_verified_defects() -> None:
    result = lint(GO_SDK)
    assert found(result) == GO_SDK_FINDINGS
    messages = {(f.path, f.line): f.message for f in result.findings}
    # The words swapped: the did-you-mean finds the target with the same words.
    assert messages[(f"{GO_EXAMPLES}/alert_policies.yaml", 50)].endswith("did you mean pd-on-call-notification?")
    assert "did you mean datadog?" in messages[(f"{GO_EXAMPLES}/slis.yaml", 18)]


def test_objects_of_an_openslo_list_are_located_inside_the_list() -> None:
    result = lint(GO_SDK)
    services = [d for d in result.corpus.foreign if d.kind == "Service"]
    assert [(d.path, d.locate(("metadata", "name"))) for d in services] == [
        (f"{GO_EXAMPLES}/services.yaml", (10, 11)),
        (f"{GO_EXAMPLES}/services.yaml", (24, 11)),
    ]
    assert len(result.corpus.foreign) == 16


def test_codeowners_validator_sample_gives_exactly_the_shadowed_rule() -> None:
    result = lint(VALIDATOR_CODEOWNERS)
    # README CODEOWNERS: `docs/*` and `/docs/` overlap and name different owners. `/docs/` comes later and
    # matches every path `docs/*` matches (the files directly in the root docs/ folder); the last match
    # wins, so docs@example.com is never asked for those files.
    assert found(result) == [("CODEOWNERS", 29, "CO001[shadowed]", "codeowners:CODEOWNERS")]
    # Not reported: the placeholder handles (@global-owner1, @octocat...) and the e-mail owner are valid
    # owners; whether they are real people needs a directory (CO002 checks the ones it can match).
    # The file has no newline at its end, and its last line is read all the same.
    (codeowners,) = files_of(result.corpus)
    owners = owners_of(result.corpus, codeowners)
    last = owners.rule_for("docs/getting-started.md")
    assert last is not None and (last.pattern, last.owners) == ("/docs/", ("@doctocat",))
    js = owners.rule_for("src/app.js")
    assert js is not None and js.owners == ("@js-owner",)
    nested = owners.rule_for("apps/web/main.go")  # apps/ anywhere wins over *.go: it comes later
    assert nested is not None and nested.owners == ("@octocat",)
