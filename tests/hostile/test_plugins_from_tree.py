"""No code from the linted checkout runs, however itsmlint is started.

``python -m itsmlint`` puts the current folder first on ``sys.path``, and so
do ``python -c`` (as ``''``), an empty entry in ``PYTHONPATH`` and a relative
one such as ``.``. A repository could then ship ``evil-1.0.dist-info`` with an
``entry_points.txt`` in the ``itsmlint.rules`` group, which plugin discovery
would import, or a module named like one itsmlint imports later. Each case
runs from inside such a checkout, in a child process, and checks that the
marker the checkout's code would write never appears.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Spawns processes (or a browser): left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

HANG = 120
PERSON = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: ann}\nspec: {displayName: Ann}\n"
MODULE = """\
import pathlib
pathlib.Path({marker!r}).write_text("ran", encoding="utf-8")
RULES = []


def render(result, ctx):
    return "hijacked"
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A repository whose folder holds an installed-looking distribution and modules that write a marker."""
    root = tmp_path / "checkout"
    (root / ".git").mkdir(parents=True)
    (root / "people.yaml").write_text(PERSON, encoding="utf-8")
    marker = str(tmp_path / "marker")
    info = root / "evil-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[itsmlint.rules]\nevil = evil_rules:RULES\n[itsmlint.reporters]\nevil = evil_rules:render\n", encoding="utf-8"
    )
    (root / "evil_rules.py").write_text(MODULE.format(marker=marker), encoding="utf-8")
    # Named like a standard module that itsmlint imports after it has started.
    (root / "difflib.py").write_text(MODULE.format(marker=marker), encoding="utf-8")
    return root


def _script() -> str:
    folder = Path(sys.executable).parent
    for name in ("itsmlint", "itsmlint.exe"):
        if (folder / name).exists():
            return str(folder / name)
    pytest.skip("the itsmlint console script is not installed beside this Python")


LAUNCHES = {
    "python -m": lambda: [sys.executable, "-m", "itsmlint"],
    "python -c, embedded": lambda: [
        sys.executable,
        "-c",
        "import sys\nfrom itsmlint.entry import main\nmain(sys.argv[1:])",
    ],
    "python -c, as the command": lambda: [sys.executable, "-c", "from itsmlint.entry import main\nmain()"],
    "console script": lambda: [_script()],
}


@pytest.mark.parametrize(
    "pythonpath",
    ["", ".", os.pathsep + "nowhere"],
    ids=["no PYTHONPATH", "PYTHONPATH=.", "PYTHONPATH with an empty entry"],
)
@pytest.mark.parametrize("launch", list(LAUNCHES))
def test_nothing_from_the_checkout_is_imported(checkout: Path, launch: str, pythonpath: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    args = [*LAUNCHES[launch](), "check", ".", "--today", "2026-11-23", "--format", "json"]
    try:
        done = subprocess.run(args, cwd=checkout, env=env, capture_output=True, text=True, timeout=HANG, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{launch} did not finish within {HANG} s")
    assert not (checkout.parent / "marker").exists(), "code from the checkout ran"
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert json.loads(done.stdout)["summary"]["documents"] == 1


def test_a_checkout_format_is_not_offered(checkout: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "itsmlint", "check", ".", "--format", "evil"],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert not (checkout.parent / "marker").exists(), "code from the checkout ran"
    assert done.returncode == 2
    assert done.stderr.startswith("itsmlint: error: unknown format 'evil'; choose from github, gitlab, json"), (
        done.stderr
    )


@pytest.mark.parametrize("launch", ["-c", "-m"])
def test_discovery_alone_ignores_distributions_in_the_current_folder(checkout: Path, launch: str) -> None:
    # A program that imports itsmlint with the current folder on sys.path, rather than running its command line.
    (checkout / "difflib.py").unlink()
    probe = (
        "from itsmlint.plugins import plugin_reporters, plugin_rules\n"
        "print(len(plugin_rules()), sorted(plugin_reporters([])))\n"
    )
    if launch == "-m":
        (checkout / "probe.py").write_text(probe, encoding="utf-8")
    args = [sys.executable, "-c", probe] if launch == "-c" else [sys.executable, "-m", "probe"]
    done = subprocess.run(args, cwd=checkout, capture_output=True, text=True, timeout=HANG, check=False)
    assert not (checkout.parent / "marker").exists(), "code from the checkout ran"
    assert (done.returncode, done.stdout, done.stderr) == (0, "0 []\n", "")
