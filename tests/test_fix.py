"""Fixes: every fixable rule on a fixture. The fixed file parses, the finding is gone, a second --fix changes
nothing, nothing outside the edited spans changes, a failed write leaves the file intact, and the fixed module
runs under the real SDK (``tests/_sdk_runner.py``: import + deploy dry-run) where the original raised."""

from __future__ import annotations

import ast
import json
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import libcst
import pytest

from flyte_lint.config import Overrides
from flyte_lint.diagnostics import Diagnostic
from flyte_lint.engine import Options, RunResult, run
from flyte_lint.fix import apply_edits, apply_fixes, choose_fixes, parse_error
from flyte_lint.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "fixtures" / "sdk_cases"
RUNNER = ROOT / "tests" / "_sdk_runner.py"


@dataclass(frozen=True)
class Case:
    code: str
    fixture: Path  # a file, or a project folder
    file: str  # the file (relative to the project) the fix edits
    sdk_raises: bool  # running the original under the SDK raises (import or deploy dry-run)
    expected: str  # a piece of the fixed text
    replace: tuple[str, str] | None = None  # a variation of the fixture: (old, new) in its text


CASES = [
    Case("FLY001", CASES_DIR / "env_name_bad_uppercase.py", "mod.py", True, '"feature_eng"'),
    Case("FLY001", CASES_DIR / "env_name_bad_dot.py", "mod.py", True, '"team_etl"'),
    Case(
        "FLY202",
        CASES_DIR / "override_bad_typo.py",
        "mod.py",
        True,
        "score.override(retries=2)",
        ("retry=2", "retires=2"),
    ),
    Case(
        "FLY202",
        CASES_DIR / "override_bad_typo.py",
        "mod.py",
        True,
        "score.override(timeout=2)",
        ("retry=2", "timout=2"),
    ),
    Case("FLY204", CASES_DIR / "override_resources_on_reusable.py", "mod.py", True, 'reusable="off"'),
    Case("FLY204", CASES_DIR / "override_env_vars_on_reusable.py", "mod.py", True, 'reusable="off"'),
    Case("FLY204", CASES_DIR / "override_reusable_none_still_restricted.py", "mod.py", True, '"off"'),
    Case("FLY204", ROOT / "fixtures" / "example_project", "pipelines/train.py", False, 'reusable="off"'),
    Case("FLY301", ROOT / "fixtures" / "projects" / "missing_dep_fix", "app.py", False, "depends_on=[worker]"),
    Case("FLY304", ROOT / "fixtures" / "projects" / "dup_dep_bad", "envs.py", False, "depends_on=[base])"),
    Case("FLY903", ROOT / "fixtures" / "projects" / "unused_noqa_fix", "mod.py", False, '"etl")  # noqa: E501\n'),
]


def _fixable_codes() -> set[str]:
    """Rules that say they are fixable, and rules whose module builds a Fix."""
    codes = set()
    for rule in all_rules():
        source = Path(rule.module.__file__ or "").read_text() if getattr(rule.module, "__file__", None) else ""
        if getattr(rule, "fixable", False) or "Fix(" in source:
            codes.add(rule.code)
    return codes


def _project(case: Case, tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "project"
    if case.fixture.is_dir():
        shutil.copytree(case.fixture, project)
    else:
        project.mkdir()
        (project / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')
        shutil.copy2(case.fixture, project / case.file)
    if case.replace is not None:
        target = project / case.file
        old, new = case.replace
        assert old in target.read_text()
        target.write_text(target.read_text().replace(old, new))
    return project, project / case.file


def _options(project: Path, code: str) -> Options:
    return Options([project], Overrides(select=(code,), isolated=True), jobs=1, use_cache=False)


def _lint(project: Path, code: str) -> RunResult:
    return run(_options(project, code))


def _codes_in(diagnostics: list[Diagnostic], path: Path) -> set[str]:
    return {d.code for d in diagnostics if Path(d.path) == path}


def _sdk_verdict(path: Path, tmp_path: Path) -> dict[str, object]:
    out = tmp_path / f"verdict-{path.stem}.json"
    subprocess.run([sys.executable, "-I", "-B", str(RUNNER), str(path), str(out)], capture_output=True, timeout=300)
    verdict: dict[str, object] = json.loads(out.read_text())
    return verdict


def _offsets(text: str, line: int, column: int) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(x) for x in lines[: line - 1]) + column - 1


def test_every_fixable_rule_has_a_case() -> None:
    covered = {case.code for case in CASES}
    assert _fixable_codes() <= covered, f"fixable rules without a fix test: {_fixable_codes() - covered}"


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.code}-{c.fixture.stem}" + (f"-{c.replace[1]}" if c.replace else "")
)
def test_fix(case: Case, tmp_path: Path) -> None:
    if case.code not in _fixable_codes():
        pytest.skip(f"{case.code} is not a fixable rule in this build")
    if not case.fixture.exists():
        pytest.skip(f"fixture {case.fixture} is missing")
    project, target = _project(case, tmp_path)
    original = target.read_text()
    mode = 0o640
    os.chmod(target, mode)
    first = _lint(project, case.code)
    found = [d for d in first.diagnostics if d.code == case.code and Path(d.path) == target]
    assert found and all(d.fix is not None for d in found), first.diagnostics
    fix_edits = [e for d in found for e in d.fix.edits]  # type: ignore[union-attr]

    if case.sdk_raises:
        assert _sdk_verdict(target, tmp_path)["phase"] != "ok"

    outcome = apply_fixes(first, unsafe=True, write=True, stdin=None, options=_options(project, case.code))
    fixed = target.read_text()
    assert fixed != original and case.expected in fixed
    assert not outcome.errors
    # parses with both parsers
    ast.parse(fixed)
    libcst.parse_module(fixed)
    # the finding is gone (in what apply_fixes reports and on a fresh run)
    assert case.code not in _codes_in(outcome.remaining, target)
    assert case.code not in _codes_in(_lint(project, case.code).diagnostics, target)
    # the file mode is kept, no temporary file is left behind
    assert stat.S_IMODE(os.stat(target).st_mode) == mode
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".flyte-lint-tmp")]
    # nothing outside the edited spans changed
    begin = min(_offsets(original, e.span.line, e.span.column) for e in fix_edits)
    end = max(_offsets(original, e.span.end_line, e.span.end_column) for e in fix_edits)
    tail = len(original) - end
    assert fixed[:begin] == original[:begin]
    assert fixed[len(fixed) - tail :] == original[len(original) - tail :]
    # the diff shows the change
    assert outcome.diff.startswith("--- a/") and "+++ b/" in outcome.diff
    # a second --fix changes nothing
    again = apply_fixes(_lint(project, case.code), unsafe=True, write=True, stdin=None,
                        options=_options(project, case.code))  # fmt: skip
    assert again.diff == "" and target.read_text() == fixed
    # the fixed module no longer raises under the real SDK
    if case.sdk_raises:
        verdict = _sdk_verdict(target, tmp_path)
        assert verdict["phase"] == "ok", verdict


@pytest.mark.parametrize("case", [c for c in CASES if c.fixture.is_file()][:5], ids=lambda c: c.fixture.stem)
def test_write_failure_leaves_the_file_intact(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, target = _project(case, tmp_path)
    original = target.read_bytes()
    result = _lint(project, case.code)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    outcome = apply_fixes(result, unsafe=True, write=True, stdin=None, options=_options(project, case.code))
    assert target.read_bytes() == original
    assert outcome.errors and "No space left on device" in outcome.errors[0]
    assert case.code in _codes_in(outcome.remaining, target)
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".flyte-lint-tmp")]


def test_unsafe_fixes_need_the_flag(tmp_path: Path) -> None:
    case = CASES[4]
    project, target = _project(case, tmp_path)
    original = target.read_text()
    outcome = apply_fixes(_lint(project, case.code), unsafe=False, write=True, stdin=None,
                          options=_options(project, case.code))  # fmt: skip
    assert outcome.diff == "" and target.read_text() == original
    assert case.code in _codes_in(outcome.remaining, target)


def test_diff_does_not_write(tmp_path: Path) -> None:
    case = CASES[2]
    project, target = _project(case, tmp_path)
    original = target.read_text()
    outcome = apply_fixes(_lint(project, case.code), unsafe=True, write=False, stdin=None,
                          options=_options(project, case.code))  # fmt: skip
    assert target.read_text() == original
    assert "-patient = score.override(retires=2)" in outcome.diff
    assert "+patient = score.override(retries=2)" in outcome.diff


def _cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flyte_lint", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_cli_fix_diff_and_stdin(tmp_path: Path) -> None:
    case = CASES[4]
    project, target = _project(case, tmp_path)
    original = target.read_text()
    diff = _cli("--diff", "--unsafe-fixes", "--no-cache", "--isolated", "--select", "FLY204", ".", cwd=project)
    assert diff.returncode == 1 and 'reusable="off"' in diff.stdout and target.read_text() == original
    safe = _cli("--fix", "--no-cache", "--isolated", "--select", "FLY204", ".", cwd=project)
    assert safe.returncode == 1 and target.read_text() == original and "FLY204" in safe.stdout
    piped = _cli("--fix", "--unsafe-fixes", "--no-cache", "--isolated", "--stdin-filename", "mod.py", "-",
                 cwd=project, stdin=original)  # fmt: skip
    assert 'reusable="off"' in piped.stdout and target.read_text() == original
    fixed = _cli("--fix", "--unsafe-fixes", "--no-cache", "--isolated", "--select", "FLY204", ".", cwd=project)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert target.read_text() == piped.stdout


# ---------------------------------------------------------------------------------------------------------
# The edit machinery


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    from flyte_lint.diagnostics import Edit, Fix
    from flyte_lint.facts import Span

    text = "x = f(a, b)\n"
    one = Fix("one", (Edit(Span(1, 7, 1, 8), "aa"),))
    two = Fix("two", (Edit(Span(1, 7, 1, 11), "c"),))
    three = Fix("three", (Edit(Span(1, 11, 1, 11), ", d=1"),))
    assert apply_edits(text, choose_fixes(text, [one, two, three])) == "x = f(aa, b, d=1)\n"
    # identical fixes (two findings, one fix) apply once
    assert apply_edits(text, choose_fixes(text, [three, three])) == "x = f(a, b, d=1)\n"


def test_unparsable_result_is_refused(tmp_path: Path) -> None:
    assert parse_error("x = (\n") is not None
    assert parse_error("x = 1\n") is None


# ---------------------------------------------------------------------------------------------------------
# No fix where the value is not written at the finding

_NOT_WRITTEN_HERE = {
    "name_through_a_factory_parameter": (
        "FLY001",
        {"mod.py": 'import flyte\n\n\ndef make(n):\n    return flyte.TaskEnvironment(name=n)\n\n\n'
                   'env = make("Hello World")\n'},
    ),
    "name_through_a_factory_of_another_module": (
        "FLY001",
        {"envs.py": "import flyte\n\n\ndef make(n):\n    return flyte.TaskEnvironment(name=n)\n",
         "mod.py": 'from envs import make\n\nenv = make("Hello World")\n'},
    ),
    "name_held_by_a_partial": (
        "FLY001",
        {"mod.py": 'import functools\n\nimport flyte\n\n'
                   'Env = functools.partial(flyte.TaskEnvironment, name="Hello World")\nenv = Env(cache="auto")\n'},
    ),
    "name_spread_from_a_dict": (
        "FLY001",
        {"mod.py": 'import flyte\n\nCOMMON = {"name": "Hello World"}\nenv = flyte.TaskEnvironment(**COMMON)\n'},
    ),
    "override_keyword_spread_from_a_dict_display": (
        "FLY202",
        {"mod.py": 'import flyte\n\nenv = flyte.TaskEnvironment(name="e")\n\n\n'
                   '@env.task\nasync def child(x: int) -> int:\n    return x\n\n\n'
                   '@env.task\nasync def parent() -> int:\n'
                   '    return await child.override(**{"retires": 2})(1)\n'},
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(_NOT_WRITTEN_HERE))
def test_no_fix_is_offered_for_a_value_not_written_at_the_finding(name: str, tmp_path: Path) -> None:
    # The finding stands, but rewriting the text at its span would change another value (a parameter, the whole
    # call, ``**COMMON``), not the one the SDK rejects.
    code, files = _NOT_WRITTEN_HERE[name]
    for file, text in files.items():
        (tmp_path / file).write_text(text)
    result = _lint(tmp_path, code)
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"{code} not reported"
    assert all(d.fix is None for d in found), [d.fix for d in found]
