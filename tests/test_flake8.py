"""The flake8 plugin with the real flake8: same findings as flyte-lint, flake8's noqa and per-file-ignores."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "example_project"
SDK_CASES = ROOT / "fixtures" / "sdk_cases"
LINE_RE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>FLY\d{3}) (?P<message>.*)$")

_FLAKE8_VERSION = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True)
pytestmark = pytest.mark.skipif(
    "flyte-lint" not in _FLAKE8_VERSION.stdout,
    reason="flake8 does not see the flyte-lint plugin (pip install -e . so that the entry point is registered)",
)


def _flake8(*args: str, cwd: Path, stdin: str | None = None) -> set[tuple[str, str, int, int]]:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "FLY", "--jobs", "1", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    found = set()
    for line in done.stdout.splitlines():
        match = LINE_RE.match(line)
        assert match, line
        path = match["path"].removeprefix("./")
        found.add((path, match["code"], int(match["line"]), int(match["col"])))
    return found


def _flyte_lint(*args: str, cwd: Path) -> set[tuple[str, str, int, int]]:
    done = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--format", "json", "--no-cache", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return {(d["path"].removeprefix("./"), d["code"], d["line"], d["column"]) for d in json.loads(done.stdout)}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project)
    return project


def test_plugin_is_registered() -> None:
    done = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True)
    assert "flyte-lint: " in done.stdout


def test_same_findings_as_flyte_lint_on_a_project(example: Path) -> None:
    expected = _flyte_lint(".", cwd=example)
    assert {code for _, code, _, _ in expected} >= {"FLY001", "FLY204"}
    assert _flake8(".", cwd=example) == expected


def test_one_file_still_knows_the_project(example: Path) -> None:
    """flake8 on train.py alone: the environment it uses lives in envs.py (reusable: FLY204, FLY104)."""
    expected = {f for f in _flyte_lint(".", cwd=example) if f[0] == "pipelines/train.py"}
    assert {code for _, code, _, _ in expected} >= {"FLY104", "FLY204"}
    assert _flake8("pipelines/train.py", cwd=example) == expected


def test_same_findings_on_every_sdk_case(tmp_path: Path) -> None:
    project = tmp_path / "cases"
    shutil.copytree(SDK_CASES, project)
    (project / "pyproject.toml").write_text('[project]\nname = "cases"\nversion = "0"\n')
    expected = _flyte_lint(".", cwd=project)
    assert len({path for path, _, _, _ in expected}) > 50
    assert _flake8(".", cwd=project) == expected


def test_each_file_alone_matches(tmp_path: Path) -> None:
    """``flake8 --select FLY FILE`` vs ``flyte-lint FILE`` for the SDK cases (each its own project)."""
    for fixture in sorted(SDK_CASES.glob("*.py"))[::14]:
        project = tmp_path / fixture.stem
        project.mkdir()
        shutil.copy2(fixture, project / fixture.name)
        assert _flake8(fixture.name, cwd=project) == _flyte_lint(fixture.name, cwd=project), fixture.name


def test_noqa(example: Path) -> None:
    train = example / "pipelines" / "train.py"
    text = train.read_text()
    line = "total += await predict.override(resources=flyte.Resources(cpu=2)).aio(x=x)"
    train.write_text(text.replace(line, line + "  # noqa: FLY204"))
    found = _flake8("pipelines/train.py", cwd=example)
    assert "FLY204" not in {code for _, code, _, _ in found}
    assert "FLY104" in {code for _, code, _, _ in found}
    # a noqa for another code does not silence it
    train.write_text(text.replace(line, line + "  # noqa: E501"))
    assert "FLY204" in {code for _, code, _, _ in _flake8("pipelines/train.py", cwd=example)}


def test_per_file_ignores(example: Path) -> None:
    found = _flake8("--per-file-ignores", "pipelines/train.py:FLY204,FLY101", ".", cwd=example)
    codes = {(path, code) for path, code, _, _ in found}
    assert ("pipelines/train.py", "FLY204") not in codes
    assert ("pipelines/train.py", "FLY101") not in codes
    assert ("pipelines/train.py", "FLY104") in codes
    assert ("pipelines/envs.py", "FLY001") in codes


def test_stdin_uses_the_display_name(example: Path) -> None:
    text = (example / "pipelines" / "train.py").read_text()
    found = _flake8("--stdin-display-name", "pipelines/train.py", "-", cwd=example, stdin=text)
    expected = {f for f in _flyte_lint(".", cwd=example) if f[0] == "pipelines/train.py"}
    assert found == expected


def test_unsaved_text_is_linted_not_the_file(example: Path) -> None:
    """A text that differs from the file on disk is what gets linted (editors lint unsaved buffers)."""
    from flyte_lint.flake8_plugin import FlyteLintChecker

    train = example / "pipelines" / "train.py"
    text = train.read_text().replace("resources=flyte.Resources(cpu=2)", "retries=2")
    checker = FlyteLintChecker(None, str(train), text.splitlines(keepends=True))
    codes = {message.split()[0] for _, _, message, _ in checker.run()}
    assert "FLY204" not in codes and "FLY104" in codes
