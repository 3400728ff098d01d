"""Configuration: discovery, extends, validation with file and line."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from itsmlint.configfiles import CONFIG_KEYS, ConfigError
from itsmlint.files import find_config
from itsmlint.finding import Severity
from itsmlint.registry import builtin_catalog
from itsmlint.settings import build_settings


def config(tmp_path: Path, text: str, name: str = ".itsmlint.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def settings(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    return build_settings(builtin_catalog(), config(tmp_path, text))


def test_found_by_walking_up_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config(tmp_path, "params: {maxConsulted: 3}\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / ".itsmlint.yaml"
    assert build_settings(builtin_catalog(), start=deep).params["maxConsulted"] == 3


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    config(tmp_path, "params: {maxConsulted: 3}\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(repo) is None


def test_rule_severities_by_id_slug_and_sub_check(tmp_path: Path) -> None:
    s = settings(tmp_path, "rules:\n  RACI001: warning\n  references-resolve: off\n  DOC002[no-procedure]: info\n")
    assert s.severity("RACI001", None, Severity.ERROR) is Severity.WARNING
    assert not s.enabled("REF001")
    assert s.severity("DOC002", "no-procedure", Severity.WARNING) is Severity.INFO
    assert s.severity("DOC002", "missing-identity", Severity.ERROR) is Severity.ERROR


def test_rule_options_override_params_for_that_rule_only(tmp_path: Path) -> None:
    s = settings(tmp_path, "rules:\n  RACI003: {options: {maxConsulted: 2}}\n")
    assert s.params_for("RACI003")["maxConsulted"] == 2
    assert s.params_for("OWN005")["maxConsulted"] == 5


def test_extends_a_preset_and_a_file(tmp_path: Path) -> None:
    config(tmp_path, "params: {maxConsulted: 4}\nexclude: [drafts/]\n", "base.yaml")
    s = settings(tmp_path, "extends: [recommended, base.yaml]\nparams: {minPurposeWords: 3}\nexclude: [old/]\n")
    assert s.params["maxConsulted"] == 4
    assert s.params["minPurposeWords"] == 3
    assert s.exclude == ("drafts/", "old/")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("rule:\n  RACI001: off\n", 1, "unknown key 'rule' (did you mean 'rules'?)"),
        ("rules:\n  RACI01: off\n", 2, "unknown rule 'RACI01' (did you mean 'RACI001'?)"),
        ("rules:\n  DOC002[nope]: off\n", 2, "has no sub-check 'nope'"),
        # Changed with issue 17: a sentence, not the schema's 'not valid under any of the given schemas'.
        ("rules:\n  RACI001: loud\n", 2, "'loud' is not a severity; use off, info, warning or error"),
        (
            "params:\n  maxConsulted: 3\n  maxConsult: 2\n",
            3,
            "unknown parameter 'maxConsult' (did you mean 'maxConsulted'?)",
        ),
        ("params:\n  maxConsulted: many\n", 2, "invalid value for maxConsulted"),
        ("rules:\n  RACI003: {options: {minPurposeWords: 3}}\n", 2, "unknown option for this rule 'minPurposeWords'"),
        ("extends: no-such-policy\n", 1, "unknown policy 'no-such-policy'"),
        ("rules: [\n", 2, "invalid YAML"),
    ],
)
def test_mistakes_are_errors_with_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        settings(tmp_path, text)
    assert info.value.line == line
    assert fragment in info.value.message
    assert info.value.path.endswith(".itsmlint.yaml")


def test_extends_loop_is_reported(tmp_path: Path) -> None:
    config(tmp_path, "extends: b.yaml\n", "a.yaml")
    config(tmp_path, "extends: a.yaml\n", "b.yaml")
    with pytest.raises(ConfigError, match="loops back"):
        build_settings(builtin_catalog(), tmp_path / "a.yaml")


def test_a_configuration_is_recognised_by_any_key_of_its_schema(tmp_path: Path) -> None:
    schema = json.loads((resources.files("itsmlint.schemas") / "config.schema.json").read_text(encoding="utf-8"))
    assert set(CONFIG_KEYS) == set(schema["properties"]) - {"description"}
    # A file that only switches a format off is a configuration, not somebody else's YAML.
    s = settings(tmp_path, "formats: {backstage: false}\n")
    assert s.formats["backstage"] is False
