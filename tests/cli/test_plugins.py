"""Python plugins: a package defined here adds a rule and an output format through entry points.

The package is written to a temporary folder with its ``.dist-info``
metadata, which is how an installed distribution announces its entry points;
putting the folder on ``sys.path`` (or ``PYTHONPATH``) installs it as far as
``importlib.metadata`` can tell.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]

# A plugin's rules package, laid out as a family of the built-in catalog: per rule the metadata, the page and
# (for a rule that needs code) one rule class, bound by the file name.
RULE_YAML = """\
id: X-PLUG001
name: team-described
summary: Every team says what it does.
kinds: [Team]
severity: error
level: 3
refs: {internal: [ACME-ORG-01]}
remediation: Add spec.description.
"""
RULE_MD = "# X-PLUG001 team-described\n\nEvery team says what it does, so that a handoff lands with its owners.\n"
RULE_PY = """\
from itsmlint.finding import Hit
from itsmlint.rule import DocumentRule


class TeamDescribed(DocumentRule):
    def check(self, doc, ctx):
        if not doc.spec.get("description"):
            yield Hit(("spec",), f"team {doc.name} does not say what it does")
"""
INIT = """\
\"\"\"An organisation's itsmlint plugin: rules in this package, and an output format.\"\"\"


def render(result, ctx):
    return "".join(f"{f.rule_id};{f.path};{f.line};{f.severity.label}\\n" for f in result.findings)
"""
MODULE = {"__init__.py": INIT, "x-plug001.yaml": RULE_YAML, "x-plug001.md": RULE_MD, "x-plug001.py": RULE_PY}

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


def install(site: Path, module: str, entry_points: str, files: dict[str, str] | None = None) -> None:
    """Write a distribution whose package is ``module`` into ``site``, as pip would have installed it."""
    package = site / module
    package.mkdir(parents=True)
    for name, text in (MODULE if files is None else files).items():
        (package / name).write_text(text, encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "repo"
    work.mkdir()
    (work / ".git").mkdir()
    (work / "org.yaml").write_text(DOCS, encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, entry_points: str, files: dict[str, str] | None = None
) -> None:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    install(site, module, entry_points, files)
    monkeypatch.syspath_prepend(str(site))
    for name in [n for n in sys.modules if n == module or n.startswith(f"{module}.")]:
        monkeypatch.delitem(sys.modules, name)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_plugin_adds_a_rule_and_a_format(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin(
        tmp_path,
        monkeypatch,
        "acme_plugin_a",
        "[itsmlint.rules]\nacme = acme_plugin_a\n[itsmlint.reporters]\nacme-csv = acme_plugin_a:render\n",
    )
    code, out, err = invoke("check", "--today", "2026-11-23", "--select", "X-PLUG001", "--format", "acme-csv")
    assert (code, err) == (1, "")
    assert out == "X-PLUG001;org.yaml;9;error\n"
    code, out, _ = invoke("check", "--today", "2026-11-23", "--select", "X-PLUG001", "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert (finding["document"], finding["pointer"], finding["message"]) == (
        "team:desk",
        "/spec",
        "team desk does not say what it does",
    )
    code, out, _ = invoke("explain", "X-PLUG001")
    assert code == 0 and out.startswith("# X-PLUG001 team-described")
    assert "- References: Internal: ACME-ORG-01" in out
    assert "- Defined in: plugin acme-plugin-a (acme = acme_plugin_a)" in out
    code, out, _ = invoke("rules")
    assert "X-PLUG001  team-described" in out


def test_the_plugin_format_is_listed_when_unknown(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin(tmp_path, monkeypatch, "acme_plugin_b", "[itsmlint.reporters]\nacme-csv = acme_plugin_b:render\n")
    code, _, err = invoke("check", "--format", "acme-xml")
    assert code == 2 and "unknown format 'acme-xml'; choose from acme-csv, github, gitlab, json, junit" in err


TWO_CLASSES = RULE_PY + "\n\nclass Another(DocumentRule):\n    pass\n"


@pytest.mark.parametrize(
    ("entry_points", "files", "message"),
    [
        (
            "[itsmlint.rules]\nacme = acme_plugin_c:render\n",
            MODULE,
            "an itsmlint.rules entry point names a package that holds rule files",
        ),
        (
            "[itsmlint.rules]\nacme = acme_plugin_c\n",
            {**MODULE, "__init__.py": "import not_a_module_anywhere\n"},
            "plugin acme-plugin-c (acme = acme_plugin_c): cannot load: ModuleNotFoundError",
        ),
        (
            "[itsmlint.rules]\nacme = acme_plugin_c\n",
            {**MODULE, "x-plug001.yaml": RULE_YAML.replace("X-PLUG001", "OWN001")},
            "rule OWN001 must be in own001.yaml",
        ),
        (
            "[itsmlint.rules]\nacme = acme_plugin_c\n",
            {
                "__init__.py": INIT,
                "own001.yaml": RULE_YAML.replace("X-PLUG001", "OWN001").replace("team-described", "own"),
                "own001.py": RULE_PY,
            },
            "rule id 'OWN001' is reserved for built-in rules",
        ),
        (
            "[itsmlint.rules]\nacme = acme_plugin_c\n",
            {**MODULE, "x-plug001.yaml": RULE_YAML.replace("level: 3", "level: 9")},
            "invalid rule: 9 is greater than the maximum of 5",
        ),
        (
            "[itsmlint.rules]\nacme = acme_plugin_c\n",
            {**MODULE, "x-plug001.py": TWO_CLASSES},
            "acme_plugin_c/x-plug001.py:1:1: a rule's Python file defines exactly one DocumentRule or CorpusRule "
            "subclass; this one defines 2",
        ),
        (
            "[itsmlint.rules]\nacme = acme_plugin_c\n",
            {k: v for k, v in MODULE.items() if k != "x-plug001.py"},
            "rule X-PLUG001 needs exactly one of 'then' checks, 'reported: true' or a Python file beside it; "
            "it has none",
        ),
        (
            "[itsmlint.rules]\nacme = acme_plugin_c\n",
            {k: v for k, v in MODULE.items() if k != "x-plug001.yaml"},
            "Python files without their rule's .yaml: x-plug001.py",
        ),
    ],
)
def test_a_broken_plugin_is_one_error_naming_it(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry_points: str, files: dict[str, str], message: str
) -> None:
    plugin(tmp_path, monkeypatch, "acme_plugin_c", entry_points, files)
    code, out, err = invoke("check", "--today", "2026-11-23")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err, err


def test_a_plugin_format_may_not_take_a_builtin_name(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin(tmp_path, monkeypatch, "acme_plugin_d", "[itsmlint.reporters]\njson = acme_plugin_d:render\n")
    code, _, err = invoke("check", "--format", "acme")
    assert code == 2 and "format name 'json' is already taken by a built-in format" in err


def test_a_rule_id_in_a_plugin_and_a_rules_folder_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = ROOT / "samples" / "custom-rules"
    monkeypatch.chdir(sample)
    plugin(
        tmp_path,
        monkeypatch,
        "acme_plugin_e",
        "[itsmlint.rules]\nacme = acme_plugin_e\n",
        {"__init__.py": INIT, "x-acme001.yaml": RULE_YAML.replace("X-PLUG001", "X-ACME001"), "x-acme001.py": RULE_PY},
    )
    code, _, err = invoke("check", ".", "--today", "2026-11-23")
    assert code == 2
    assert (
        "rule id X-ACME001 is defined twice: in plugin acme-plugin-e (acme = acme_plugin_e) "
        "and in governance/rules/x-acme001-critical-service-24x7.yaml"
    ) in err


def test_an_installed_plugin_works_in_a_fresh_interpreter(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    install(
        site,
        "acme_plugin_f",
        "[itsmlint.rules]\nacme = acme_plugin_f\n[itsmlint.reporters]\nacme-csv = acme_plugin_f:render\n",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "itsmlint",
            "check",
            "--today",
            "2026-11-23",
            "--select",
            "X-PLUG001,REF001",
            "--format",
            "acme-csv",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr, done.stdout) == (1, "", "X-PLUG001;org.yaml;9;error\n")


def moved(rule: Path, new_id: str) -> dict[str, str]:
    """A built-in rule's files as another home holds them: renamed to the new id, the code copied unchanged."""
    stem = rule.stem
    out = {}
    for suffix in (".yaml", ".md", ".py"):
        source = rule.with_suffix(suffix)
        if source.is_file():
            text = source.read_text(encoding="utf-8")
            if suffix == ".yaml":
                text = text.replace(f"id: {stem.upper()}", f"id: {new_id}").replace("\nname: ", "\nname: moved-")
            out[f"{new_id.lower()}{suffix}"] = text
    return out


def test_a_rule_moves_between_catalog_plugin_and_rules_folder_without_a_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SM008 (Python) into a plugin, DOC001 (declarative) into a rules_dirs folder: the same findings."""
    gallery = tmp_path / "gallery"
    shutil.copytree(ROOT / "samples" / "anti-patterns", gallery)
    (gallery / ".git").mkdir()
    files = moved(ROOT / "rules" / "sm" / "sm008.yaml", "X-SM008")
    assert files["x-sm008.py"] == (ROOT / "rules" / "sm" / "sm008.py").read_text(encoding="utf-8")
    plugin(
        tmp_path,
        monkeypatch,
        "acme_plugin_g",
        "[itsmlint.rules]\nacme = acme_plugin_g\n",
        {"__init__.py": INIT, **files},
    )
    (gallery / "rules").mkdir()
    for name, text in moved(ROOT / "rules" / "doc" / "doc001.yaml", "X-DOC001").items():
        (gallery / "rules" / name).write_text(text, encoding="utf-8")
    (gallery / ".itsmlint.yaml").write_text(
        (gallery / ".itsmlint.yaml").read_text(encoding="utf-8") + "\nrules_dirs: [rules]\n", encoding="utf-8"
    )
    monkeypatch.chdir(gallery)

    def found(select: str) -> list[tuple[str, int, int, str, str]]:
        _, out, _ = invoke("check", "--today", "2026-11-23", "--select", select, "--format", "json")
        return [(f["path"], f["line"], f["column"], f["check"], f["message"]) for f in json.loads(out)["findings"]]

    for builtin, elsewhere in (("SM008", "X-SM008"), ("DOC001", "X-DOC001")):
        assert found(builtin)
        assert found(builtin) == found(elsewhere), builtin
