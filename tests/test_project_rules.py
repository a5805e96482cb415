"""FLY3xx project rules on the fixture projects under fixtures/projects/, and their claims against the SDK."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flyte_lint.engine import Options, run

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "fixtures" / "projects"


def _findings(project: Path) -> tuple[set[str], list]:
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = run(Options([Path(".")], use_cache=False))
    finally:
        os.chdir(cwd)
    diags = [d for d in result.diagnostics if d.code.startswith("FLY3")]
    return {f"{Path(d.path).as_posix()}:{d.line}:{d.code}" for d in diags}, diags


@pytest.mark.parametrize("name", sorted(p.name for p in PROJECTS.iterdir() if p.is_dir()))
def test_fixture_project(name: str) -> None:
    project = PROJECTS / name
    expected = {line.strip() for line in (project / "expected.txt").read_text().splitlines() if line.strip()}
    found, diags = _findings(project)
    assert found == expected
    for d in diags:
        assert d.related, d  # every finding names the other place
        if name.endswith("_good"):
            raise AssertionError(d)


def test_missing_dependency_fix_inserts_depends_on() -> None:
    _, diags = _findings(PROJECTS / "missing_dep_fix")
    (diag,) = diags
    assert diag.severity == "error"  # the worker image has build layers: the cluster run fails
    assert diag.fix is not None
    (edit,) = diag.fix.edits
    assert edit.replacement == ", depends_on=[worker]"
    source = (PROJECTS / "missing_dep_fix" / "app.py").read_text().splitlines()
    line = source[edit.span.line - 1]
    fixed = line[: edit.span.column - 1] + edit.replacement + line[edit.span.end_column - 1 :]
    expected = 'driver = flyte.TaskEnvironment(name="driver", resources=flyte.Resources(cpu=1), depends_on=[worker])'
    assert fixed == expected


def test_missing_dependency_fix_extends_list(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        textwrap.dedent("""
        import flyte

        base = flyte.TaskEnvironment(name="base")
        worker = flyte.TaskEnvironment(name="worker")
        driver = flyte.TaskEnvironment(name="driver", depends_on=[base])


        @worker.task
        def square(x: int) -> int:
            return x * x


        @driver.task
        def main(n: int) -> int:
            return square(n)
    """)
    )
    _, diags = _findings(tmp_path)
    (diag,) = diags
    (edit,) = diag.fix.edits
    line = (tmp_path / "app.py").read_text().splitlines()[edit.span.line - 1]
    fixed = line[: edit.span.column - 1] + edit.replacement + line[edit.span.end_column - 1 :]
    assert fixed.endswith("depends_on=[base, worker])")


def test_partial_run_reports_only_given_paths() -> None:
    project = PROJECTS / "missing_dep_bad"
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = run(Options([Path(".")], use_cache=False, report_only={Path("pkg/envs.py")}))
        kept = run(Options([Path(".")], use_cache=False, report_only={Path("pkg/pipeline.py")}))
    finally:
        os.chdir(cwd)
    assert not [d for d in result.diagnostics if d.code == "FLY301"]
    assert len([d for d in kept.diagnostics if d.code == "FLY301"]) == 2


# ---------------------------------------------------------------------------------------------------------
# The SDK agrees: plan_deploy raises on duplicate names and recurses forever on cycles.

_SDK_SCRIPT = r"""
import importlib, sys
sys.path.insert(0, sys.argv[1])
from flyte._deploy import plan_deploy
from flyte._environment import list_loaded_environments
for mod in sys.argv[2].split(","):
    importlib.import_module(mod)
envs = list(list_loaded_environments())
try:
    plan_deploy(*envs)
except RecursionError:
    print("RecursionError")
except ValueError as e:
    print("ValueError", e)
else:
    print("OK")
"""


def _plan(project: Path, modules: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", _SDK_SCRIPT, str(project), modules],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def _sdk_available() -> bool:
    try:
        import flyte._deploy  # noqa: F401
    except Exception:
        return False
    return True


sdk = pytest.mark.skipif(not _sdk_available(), reason="flyte SDK not installed")


@sdk
def test_sdk_duplicate_name_across_imported_modules() -> None:
    out = _plan(PROJECTS / "dup_name_bad2", "pkg.main")
    assert out.startswith("ValueError Duplicate environment name 'etl'")


@sdk
def test_sdk_duplicate_name_clone_in_one_module() -> None:
    out = _plan(PROJECTS / "dup_name_bad2", "pkg.base")
    assert out.startswith("ValueError") and "'base'" in out


@sdk
def test_sdk_independent_scripts_with_one_name_plan_fine() -> None:
    assert _plan(PROJECTS / "dup_name_good" / "hello", "hello") == "OK"


@sdk
def test_sdk_cycle_recursion_error() -> None:
    assert _plan(PROJECTS / "cycle_bad", "envs_b") == "RecursionError"


@sdk
def test_sdk_self_dependency_by_name() -> None:
    assert _plan(PROJECTS / "self_dep_bad", "envs").startswith("ValueError")


@sdk
def test_sdk_duplicate_dependency_is_harmless() -> None:
    assert _plan(PROJECTS / "dup_dep_bad", "more") == "OK"


@sdk
def test_sdk_good_projects_plan() -> None:
    assert _plan(PROJECTS / "cycle_good", "envs") == "OK"
    assert _plan(PROJECTS / "dup_dep_good", "envs") == "OK"
