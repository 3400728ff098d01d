"""Forging: text from the repository under review cannot pass for the linter's own output.

The repository's authors control titles, activity names, YAML keys (quoted by
SCHEMA001), file names, waiver reasons and the messages of their own rules.
Each of them here holds a forged GitHub workflow command, a forged summary
line, line separators, terminal escape sequences (clear screen, OSC 52
clipboard write, OSC 8 link, 8-bit CSI) and a Markdown comment opener. No
format may let them start a line or reach the reader raw; the JSON formats
must still carry them exactly.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import lint_paths

from itsmlint.cli import main
from itsmlint.reporters import REPORTERS, RenderContext

ROOT = Path(__file__).parents[2]
TODAY = "2026-11-23"

FORGED = (
    "x\n::error file=README.md,line=1::forged\n"
    "3 files, 9 documents checked: 0 errors, 0 warnings, 0 info.\r\n"
    "\x85::warning file=README.md::nel\u2028::notice::ls\u2029```\n# Heading <!-- "
    "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
    "\x9b31m\x00\x7f\u202e | ]]> & ` \\| [a](https://evil.example) <script>alert(1)</script> 100%0A "
    "é 漢字 🚀"
)
# A file name holds no NUL or slash and at most 255 bytes.
FILE_NAME = "evil\n::error file=README.md,line=1::forged\n1 file, 1 document checked: 0 errors.\x1b[2J\x9b\u2028.yaml"

# What must never reach the reader raw: controls other than the report's own
# line feeds, line separators and bidirectional overrides.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SUMMARY = re.compile(r"(itsmlint: )?\d+ files?, \d+ documents? checked: ")


def _yaml(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every control written as an escape."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif RAW.match(ch) or ch == "\n":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _build(root: Path) -> None:
    shutil.copytree(ROOT / "samples" / "custom-rules", root)
    # The organisation's own rule speaks the forged text and quotes the hostile title.
    rule = root / "governance" / "rules" / "x-acme002-major-incident-path.yaml"
    text = rule.read_text(encoding="utf-8")
    old = 'message: "process {name}: {property} {error}"'
    assert old in text
    rule.write_text(
        text.replace(old, f"message: {_yaml('process {title}: ' + FORGED)}\nhint: {_yaml(FORGED)}"), encoding="utf-8"
    )
    (root / "processes" / "hostile.yaml").write_text(
        f"""\
apiVersion: itsmlint/v1
kind: Process
metadata: {{name: hostile, title: {_yaml(FORGED)}}}
spec:
  practice: incident-management
  purpose: Restore normal service as quickly as possible and keep the people affected informed throughout
  scope: From the first report of a disruption to its confirmed resolution with the user
  owner: person:akoval
  managers: [role:incident-manager]
  activities:
    - id: log
      name: {_yaml(FORGED)}
      raci: {{responsible: [role:service-desk-agent], accountable: role:incident-manager}}
  {_yaml(FORGED)}: 1
---
apiVersion: itsmlint/v1
kind: Waiver
metadata: {{name: hostile-path}}
spec:
  rule: X-ACME002
  target: process:warehouse-incidents
  reason: {_yaml(FORGED)}
  owner: person:akoval
  approvedBy: person:dfisher
  approvedOn: 2026-10-05
  expires: 2027-01-31
""",
        encoding="utf-8",
    )
    (root / "services" / FILE_NAME).write_text(
        "apiVersion: itsmlint/v1\nkind: Team\nmetadata: {name: evil}\nspec: {bogus: 1}\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("forging") / "repo"
    _build(root)
    return root


@pytest.fixture
def repo(built: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(built)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return built


def check(fmt: str, *extra: str) -> str:
    result = CliRunner().invoke(main, ["check", ".", "--today", TODAY, "--format", fmt, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1, result.stderr
    return result.stdout


def _findings(repo: Path) -> list[dict[str, object]]:
    data = json.loads(check("json"))
    found: list[dict[str, object]] = data["findings"]
    return found


def _no_forged_line(lines: list[str]) -> None:
    assert not [line for line in lines if line.startswith("::")]
    assert not [line for line in lines if line.lstrip().startswith(("#", "<!--"))]


def test_text_output_keeps_user_text_on_its_line(repo: Path) -> None:
    out = check("text")
    assert RAW.search(out) is None
    lines = out.splitlines()  # splitlines also breaks at NEL, U+2028 and the rest
    assert len(lines) == len(_findings(repo)) + 1
    _no_forged_line(lines)
    assert [line for line in lines if SUMMARY.match(line)] == [lines[-1]]
    # Shown escaped, as Ruff and git show them; printable non-ASCII stays.
    assert "x\\n::error file=README.md,line=1::forged\\n3 files, 9 documents" in out
    assert "info.\\r\\n\\x85::warning" in out and "\\u2028::notice" in out
    assert "\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\x1b]8;;https://evil.example" in out
    assert "\\x9b31m\\x00\\x7f\\u202e" in out
    assert "é 漢字 🚀" in out
    assert "services/evil\\n::error file=README.md,line=1::forged\\n1 file" in out
    assert "[suppressed by waiver:hostile-path until 2027-01-31: x\\n::error" in out


def test_colored_text_has_no_escape_but_its_own_colors(repo: Path) -> None:
    result = lint_paths([repo / "processes" / "hostile.yaml"], repo, ["SCHEMA001"])
    assert result.findings
    out = REPORTERS["text"](result, RenderContext("0", color=True))
    assert re.search(r"\x1b\[[0-9;]*m", out)
    assert RAW.search(re.sub(r"\x1b\[[0-9;]*m", "", out)) is None
    assert len(out.splitlines()) == len(result.findings) + 1


GITHUB_COMMAND = re.compile(r"::(error|warning|notice) file=([^,:]*),line=\d+,col=\d+,title=[^,:]*::[^:]")


def test_github_annotations_cannot_be_forged(repo: Path) -> None:
    out = check("github")
    assert RAW.search(out) is None
    lines = out.splitlines()
    commands, last = lines[:-1], lines[-1]
    assert len(commands) == len(_findings(repo))
    assert all(GITHUB_COMMAND.match(line) for line in commands), [c for c in commands if not GITHUB_COMMAND.match(c)]
    assert "README.md" not in {m.group(2) for m in map(GITHUB_COMMAND.match, commands) if m}
    assert SUMMARY.match(last) and not [line for line in commands if SUMMARY.match(line)]
    # GitHub's own escaping on top: a percent sign in user text is no escape of ours ...
    assert "100%250A" in out and "100%0A" not in out
    # ... the file property escapes ':' and ',', and the fix still goes on a line of its own.
    assert "file=services/evil\\n%3A%3Aerror file=README.md%2Cline=1%3A%3Aforged" in out
    assert "%0AFix: x\\n::error" in out


def _xmllint(text: str) -> None:
    if shutil.which("xmllint") is None:
        return
    done = subprocess.run(["xmllint", "--noout", "-"], input=text.encode("utf-8"), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")


def test_junit_stays_well_formed_xml(repo: Path) -> None:
    # The forged message is a warning's: --fail-on warning puts it in a failure's message attribute.
    out = check("junit", "--fail-on", "warning")
    assert RAW.search(out) is None
    root = ET.fromstring(out.encode("utf-8"))
    _xmllint(out)
    suites = {s.get("name") for s in root.iter("testsuite")}
    assert (
        "services/evil\\n::error file=README.md,line=1::forged\\n1 file, 1 document checked: 0 errors."
        "\\x1b[2J\\x9b\\u2028.yaml" in suites
    )
    failures = [f.get("message") or "" for f in root.iter("failure")]
    assert any(m.startswith("process x\\n::error file=README.md") and "\\x1b]52;c;" in m for m in failures)
    skipped = [s.get("message") or "" for s in root.iter("skipped")]
    assert any("é 漢字 🚀" in s and "\\x07" in s for s in skipped)
    for failure in [*root.iter("failure"), *root.iter("system-out")]:
        body = failure.text or ""
        # One line per finding; the user's text stays on it.
        assert all(re.match(r".+?:\d+:\d+: (error|warning|info) ", line) for line in body.splitlines()), body


def _json_texts(fmt: str, data: object) -> tuple[list[str], list[str]]:
    """(messages, paths) of a JSON report."""
    if fmt == "gitlab":
        assert isinstance(data, list)
        return [i["description"] for i in data], [i["location"]["path"] for i in data]
    if fmt == "sarif":
        assert isinstance(data, dict)
        results = data["runs"][0]["results"]
        return (
            [r["message"]["text"] for r in results],
            [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results],
        )
    assert isinstance(data, dict)
    return [f["message"] for f in data["findings"]], [f["path"] for f in data["findings"]]


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_formats_carry_the_exact_text_and_nothing_raw(repo: Path, fmt: str) -> None:
    out = check(fmt)
    # json.dumps escapes C0 controls but wrote NEL, C1, DEL, the line separators and
    # the bidirectional overrides raw: a line-oriented reader split lines at them.
    assert RAW.search(out) is None
    _no_forged_line(out.splitlines())
    data = json.loads(out)
    messages, paths = _json_texts(fmt, data)
    assert any(FORGED in m for m in messages)
    assert f"services/{FILE_NAME}" in paths
    if fmt == "json":  # the forged text reaches every kind of field the other formats show
        findings = data["findings"]
        assert any(f["message"].startswith("unknown key") and FORGED in f["message"] for f in findings)  # a YAML key
        assert any(f["message"].startswith("process " + FORGED) for f in findings)  # a title, in a rule's message
        assert any(f["hint"] == FORGED for f in findings)  # a custom rule's hint
        assert any(f["suppressed"] and f["suppressed"]["reason"] == FORGED for f in findings)  # a waiver's reason


@pytest.fixture(scope="module")
def audited(built: Path) -> Path:
    out = built.parent / "audit"
    result = CliRunner().invoke(main, ["audit", str(built), "--today", TODAY, "--output", str(out)])
    assert result.exit_code == 0, (result.stderr, result.exc_info)
    return out


# A table cell ends at a pipe that no backslash escapes (an escaped backslash does not count).
_CELL_END = re.compile(r"(?<!\\)(?:\\\\)*\|")


def test_markdown_report_keeps_its_structure(audited: Path) -> None:
    md = (audited / "report.md").read_text(encoding="utf-8")
    assert RAW.search(md) is None
    lines = md.splitlines()
    # Outside code blocks (where Markdown shows text as it is) nothing is raw HTML.
    prose = "\n".join(re.sub(r"^```mermaid\n.*?^```$", "", md, flags=re.S | re.M).splitlines())
    assert "```mermaid" in md and "flowchart" not in prose
    assert "<!--" not in prose and "<script>" not in prose
    assert [line for line in lines if line.startswith("## ")] == [
        "## Overview",
        "## Bundles",
        "## Actions by owner",
        "## Processes",
        "## Service levels",
        "## Risks",
        "## Waivers and risk acceptances",
        "## Framework coverage",
        "## How this audit was produced",
        "## Findings",
    ]
    assert not [line for line in lines if line.startswith(("# ", "::")) and "Service-management audit" not in line]
    # Every fenced block opened is closed: the forged text cannot end a Mermaid block early.
    fences = [line for line in lines if line.startswith("```")]
    assert fences == ["```mermaid", "```"] * (len(fences) // 2)
    # The hostile title is one heading line, escaped.
    (heading,) = [line for line in lines if line.startswith("### x")]
    # Markdown shows "\\n" as a backslash and an n: the reader sees the escape the text report shows.
    assert heading.startswith("### x\\\\n::error file=README.md,line=1::forged\\\\n3 files")
    assert "&lt;!-- " in heading and " \\| " in heading and " \\\\\\| " in heading and "[a]\\(https:" in heading
    assert "é 漢字 🚀" in heading
    # Each table row has as many cells as its header.
    table: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            widths = {len(_CELL_END.findall(row)) for row in table}
            assert len(widths) == 1, table
            table = []


def test_html_report_has_no_raw_control_and_no_markup_from_the_repository(audited: Path) -> None:
    html = (audited / "report.html").read_text(encoding="utf-8")
    assert RAW.search(html) is None
    assert "<!--" not in html and "<script>" not in html
    assert "&lt;!-- \\x1b[2J\\x1b]52;c;" in html and "é 漢字 🚀" in html
    data = (audited / "audit.json").read_text(encoding="utf-8")
    assert RAW.search(data) is None
    assert any(FORGED in f["message"] for f in json.loads(data)["findings"])


def test_errors_on_standard_error_keep_user_text_on_their_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GitHub reads workflow commands from standard error too.
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    # A rule file is named in a configuration error ...
    (root / ".itsmlint.yaml").write_text("rules_dirs: [rules]\n", encoding="utf-8")
    (root / "rules").mkdir()
    (root / "rules" / "bad\n::error file=README.md::forged\x1b]52;c;eA==\x07.yaml").write_text(
        "id: X-ACME009\nname: bad\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", ".", "--today", TODAY])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "itsmlint: error: rules/bad\\n::error file=README.md::forged\\x1b]52;c;eA==\\x07.yaml"
    )
    assert len(result.stderr.splitlines()) == 1 and RAW.search(result.stderr) is None
    # ... and a bundle below --min-level by its reference, whatever its (invalid) name.
    (root / ".itsmlint.yaml").unlink()
    (root / "p.yaml").write_text(
        f"apiVersion: itsmlint/v1\nkind: Process\nmetadata: {{name: {_yaml(FORGED)}}}\nspec: {{}}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", ".", "--today", TODAY, "--min-level", "2", "--format", "json"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("maturity: ") for line in lines), lines
    assert RAW.search(result.stderr) is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\r\n", "a\\r\\n"),
        ("\t", "\\t"),
        ("\x00\x07\x1b[2J", "\\x00\\x07\\x1b[2J"),
        ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("\u202e\u2066", "\\u202e\\u2066"),
        ("\ufffe\uffff", "\\ufffe\\uffff"),
        ("bad\udcffname", "bad\\udcffname"),
    ],
)
def test_one_line_shows_what_would_break_a_line(text: str, shown: str) -> None:
    from itsmlint.render import one_line

    assert one_line(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "",
        "C:\\temp\\new",
        "é 漢字 🚀",
        "👩\u200d👩\u200d👧",
        "\u05e9\u05dc\u05d5\u05dd\u200f",
        "soft\u00adhyphen",
        "expected person:<name> | [a](b) & `c`",
    ],
)
def test_one_line_leaves_printable_text_alone(text: str) -> None:
    from itsmlint.render import one_line

    assert one_line(text) == text


def test_json_controls_escape_only_what_json_dumps_leaves_raw() -> None:
    from itsmlint.render import json_controls

    value = {"m": FORGED + "\udcff\ufffe", "k\u2028": ["\x85", "é 漢字 🚀", "\\\x9b"]}
    dumped = json.dumps(value, indent=2, ensure_ascii=False)
    escaped = json_controls(dumped)
    assert RAW.search(escaped) is None
    assert json.loads(escaped) == value
    plain = json.dumps({"a": "é 漢字 🚀 \\n"}, indent=2, ensure_ascii=False)
    assert json_controls(plain) == plain
