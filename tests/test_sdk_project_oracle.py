"""Tests of the project oracle (``sdk_oracle.judge_project``) and of local runs (``# sdk-run:``), on the real SDK.

Small projects are written to a temporary directory and judged by flyte 2.12.1 and 2.1.9 in a subprocess.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdk_oracle import judge, judge_project
from sdk_venvs import SUPPORTED_VERSIONS, sdk_interpreter

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "sdk_cases"


@pytest.fixture(params=SUPPORTED_VERSIONS, ids=lambda v: f"flyte-{v}")
def python(request: pytest.FixtureRequest) -> str:
    interpreter = sdk_interpreter(request.param)
    if interpreter.python is None:
        pytest.skip(f"flyte {request.param} interpreter unavailable: {interpreter.reason}")
    return interpreter.python


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return root


def test_import_failure_is_located_in_the_deepest_project_file(python: str, tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        {
            "a_main.py": '''
                """Imports the settings."""
                import flyte

                from conf.values import NAME

                env = flyte.TaskEnvironment(name=NAME)
            ''',
            "conf/__init__.py": '"""Settings package."""\n',
            "conf/values.py": '''
                """Builds a name with a bug."""
                NAME = "etl" + 1
            ''',
        },
    )
    verdict = judge_project(project, python)
    assert (verdict.phase, verdict.step, verdict.exc_type) == ("import", "import", "TypeError")
    assert (verdict.file, verdict.line) == ("conf/values.py", 2)
    assert verdict.module_file == "a_main.py"
    assert ("a_main.py", 4, 4) in verdict.locations  # the importing line is a project frame too


def test_modules_are_imported_by_dotted_name_in_sorted_order(python: str, tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        {
            "zeta.py": '"""Last."""\nimport flyte\n\nenv = flyte.TaskEnvironment(name="zeta")\n',
            "pkg/__init__.py": '"""A package."""\n',
            "pkg/inner/__init__.py": '"""A subpackage."""\n',
            "pkg/inner/mod.py": '"""Nested."""\nimport flyte\n\nenv = flyte.TaskEnvironment(name="inner")\n',
            "alpha.py": '"""First."""\n',
        },
    )
    verdict = judge_project(project, python)
    assert verdict.ok, verdict.summary()
    assert verdict.raw["modules"] == ["alpha", "pkg.inner.mod", "zeta"]


def test_duplicate_from_a_factory_names_every_call_site(python: str, tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        {
            "factory.py": '''
                """Builds environments."""
                import flyte


                def make(name: str) -> flyte.TaskEnvironment:
                    return flyte.TaskEnvironment(name=name)
            ''',
            "one.py": '"""First user."""\nfrom factory import make\n\nenv = make("etl")\n',
            "two.py": '"""Second user."""\nfrom factory import make\n\nenv = make("etl")\n',
        },
    )
    verdict = judge_project(project, python)
    assert (verdict.phase, verdict.step) == ("deploy", "plan")
    assert "etl" in (verdict.message or "")
    assert {("factory.py", 6, 6), ("one.py", 4, 4), ("two.py", 4, 4)} <= set(verdict.locations)


def test_sdk_run_marker_runs_the_task_and_locates_the_override(python: str, tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        {
            "helpers.py": '''
                """Overrides whatever task it is given."""


                def renamed(task):
                    return task.override(name="other")
            ''',
            "flow.py": '''
                # sdk-run: main
                """A parent task calling a helper."""
                import flyte

                from helpers import renamed

                env = flyte.TaskEnvironment(name="etl")


                @env.task
                async def child(x: int) -> int:
                    return x


                @env.task
                async def main(x: int = 1) -> int:
                    return await renamed(child)(x)
            ''',
        },
    )
    verdict = judge_project(project, python)
    assert (verdict.phase, verdict.step, verdict.exc_type) == ("run", "run", "ValueError")
    assert verdict.message == "Name cannot be overridden"
    assert (verdict.file, verdict.line) == ("helpers.py", 5)
    assert ("flow.py", 17, 17) in verdict.locations
    assert verdict.ran == ("flow.main",)
    assert verdict.wrapped_message is not None and "RuntimeUserError" in verdict.wrapped_message


def test_sdk_run_of_a_good_task_is_ok(python: str, tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        {
            "flow.py": '''
                # sdk-run: main
                """A parent task overriding its child the allowed way."""
                import flyte

                env = flyte.TaskEnvironment(name="etl")


                @env.task
                async def child(x: int) -> int:
                    return x


                @env.task
                async def main(x: int = 1) -> int:
                    return await child.override(retries=2)(x)
            ''',
        },
    )
    verdict = judge_project(project, python)
    assert verdict.ok, verdict.summary()
    assert verdict.ran == ("flow.main",)


def test_single_module_judge_runs_marked_tasks(python: str) -> None:
    verdict = judge(CASES / "flow_helper_override_name_bad.py", python)
    assert (verdict.phase, verdict.step, verdict.line) == ("run", "run", 14)
    assert 19 in {start for start, _ in verdict.spans}
    assert verdict.file is None and verdict.related_files == ()
