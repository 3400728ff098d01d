"""Python plugins: a package defined here adds a rule and an output format through entry points.

The package is written to a temporary folder with its ``.dist-info``
metadata, which is how an installed distribution announces its entry points;
putting the folder on ``sys.path`` (or ``PYTHONPATH``) installs it as far as
``importlib.metadata`` can tell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]

MODULE = '''\
"""An organisation's itsmlint plugin."""

from itsmlint.finding import Hit
from itsmlint.rule import DocumentRule


class TeamDescribed(DocumentRule):
    """# X-PLUG001 team-described

    Every team says what it does, so that a handoff lands with people who know they own it.
    """

    metadata = {"id": "X-PLUG001", "name": "team-described", "summary": "Every team says what it does.",
                "kinds": ["Team"], "severity": "error", "level": 3, "remediation": "Add spec.description.",
                "refs": {"internal": ["ACME-ORG-01"]}}

    def check(self, doc, ctx):
        if not doc.spec.get("description"):
            yield Hit(("spec",), f"team {doc.name} does not say what it does")


RULES = [TeamDescribed]


def render(result, ctx):
    return "".join(f"{f.rule_id};{f.path};{f.line};{f.severity.label}\\n" for f in result.findings)
'''

DOCS = """\
apiVersion: itsmlint/v1
kind: Person
metadata: {name: jdoe}
spec: {displayName: Jane Doe, active: true}
---
apiVersion: itsmlint/v1
kind: Team
metadata: {name: desk}
spec:
  type: internal
  owner: person:jdoe
---
apiVersion: itsmlint/v1
kind: Team
metadata: {name: ops}
spec: {type: internal, owner: person:jdoe, description: Runs the data centre}
"""


def install(site: Path, module: str, entry_points: str, source: str = MODULE) -> None:
    """Write a distribution named ``module`` into ``site``, as pip would have installed it."""
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "repo"
    work.mkdir()
    (work / ".git").mkdir()
    (work / "org.yaml").write_text(DOCS, encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, entry_points: str,
           source: str = MODULE) -> None:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    install(site, module, entry_points, source)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, module, raising=False)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_plugin_adds_a_rule_and_a_format(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin(tmp_path, monkeypatch, "acme_plugin_a",
           "[itsmlint.rules]\nacme = acme_plugin_a:RULES\n[itsmlint.reporters]\nacme-csv = acme_plugin_a:render\n")
    code, out, err = invoke("check", "--today", "2026-11-23", "--select", "X-PLUG001", "--format", "acme-csv")
    assert (code, err) == (1, "")
    assert out == "X-PLUG001;org.yaml;9;error\n"
    code, out, _ = invoke("check", "--today", "2026-11-23", "--select", "X-PLUG001", "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert (finding["document"], finding["pointer"], finding["message"]) == (
        "team:desk", "/spec", "team desk does not say what it does")
    code, out, _ = invoke("explain", "X-PLUG001")
    assert code == 0 and out.startswith("# X-PLUG001 team-described")
    assert "- Internal: ACME-ORG-01" in out
    assert "- Defined in: plugin acme-plugin-a (acme = acme_plugin_a:RULES) TeamDescribed" in out
    code, out, _ = invoke("rules")
    assert "X-PLUG001  team-described" in out


def test_the_plugin_format_is_listed_when_unknown(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin(tmp_path, monkeypatch, "acme_plugin_b", "[itsmlint.reporters]\nacme-csv = acme_plugin_b:render\n")
    code, _, err = invoke("check", "--format", "acme-xml")
    assert code == 2 and "unknown format 'acme-xml'; choose from acme-csv, github, gitlab, json, junit" in err


@pytest.mark.parametrize(("entry_points", "source", "message"), [
    ("[itsmlint.rules]\nacme = acme_plugin_c:MISSING\n", MODULE,
     "plugin acme-plugin-c (acme = acme_plugin_c:MISSING): cannot load: AttributeError"),
    ("[itsmlint.rules]\nacme = acme_plugin_c:RULES\n", "import not_a_module_anywhere\n",
     "plugin acme-plugin-c (acme = acme_plugin_c:RULES): cannot load: ModuleNotFoundError"),
    ("[itsmlint.rules]\nacme = acme_plugin_c:RULES\n", MODULE.replace('"X-PLUG001"', '"OWN001"'),
     "rule id 'OWN001' is reserved for built-in rules"),
    ("[itsmlint.rules]\nacme = acme_plugin_c:RULES\n", MODULE.replace('"level": 3', '"level": 9'),
     "invalid rule: 9 is greater than the maximum of 5"),
    ("[itsmlint.rules]\nacme = acme_plugin_c:render\n", MODULE,
     "the entry point must name a rule class or a list of them"),
    ("[itsmlint.rules]\nacme = acme_plugin_c:RULES\n", MODULE.replace("    metadata = {", "    meta_data = {"),
     "TeamDescribed has no metadata mapping"),
])
def test_a_broken_plugin_is_one_error_naming_it(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               entry_points: str, source: str, message: str) -> None:
    plugin(tmp_path, monkeypatch, "acme_plugin_c", entry_points, source)
    code, out, err = invoke("check", "--today", "2026-11-23")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err, err


def test_a_plugin_format_may_not_take_a_builtin_name(repo: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    plugin(tmp_path, monkeypatch, "acme_plugin_d", "[itsmlint.reporters]\njson = acme_plugin_d:render\n")
    code, _, err = invoke("check", "--format", "acme")
    assert code == 2 and "format name 'json' is already taken by a built-in format" in err


def test_a_rule_id_in_a_plugin_and_a_rules_folder_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = ROOT / "samples" / "custom-rules"
    monkeypatch.chdir(sample)
    plugin(tmp_path, monkeypatch, "acme_plugin_e", "[itsmlint.rules]\nacme = acme_plugin_e:RULES\n",
           MODULE.replace("X-PLUG001", "X-ACME001"))
    code, _, err = invoke("check", ".", "--today", "2026-11-23")
    assert code == 2
    assert ("rule id X-ACME001 is defined twice: in plugin acme-plugin-e (acme = acme_plugin_e:RULES) TeamDescribed "
            "and in governance/rules/x-acme001-critical-service-24x7.yaml") in err


def test_an_installed_plugin_works_in_a_fresh_interpreter(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    install(site, "acme_plugin_f",
            "[itsmlint.rules]\nacme = acme_plugin_f:RULES\n[itsmlint.reporters]\nacme-csv = acme_plugin_f:render\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "itsmlint", "check", "--today", "2026-11-23", "--select",
                           "X-PLUG001,REF001", "--format", "acme-csv"], cwd=repo, env=env, capture_output=True,
                          text=True, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (1, "", "X-PLUG001;org.yaml;9;error\n")
