"""flyte-lint never imports or runs the code it checks (issue 8, item 1).

fixtures/hostile/never_execute is a project whose every module, when imported or run, writes a marker file
``EXECUTED-<where>`` next to itself and ends the process with ``os._exit(3)``: module level, package
``__init__``, a decorator, a default argument, a class body, and modules named like standard-library or
dependency modules (``typing.py``, ``ast.py``, ``tokenize.py``, ``libcst.py``, ``networkx.py``) in the
project folder. Each front end runs on a temporary copy (markers never land in the repository); afterwards
no marker exists and the exit code is the expected one (never 3).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "fixtures" / "hostile" / "never_execute"
BIN = Path(sys.executable).parent
STDLIB_NAMED = ("typing.py", "ast.py", "tokenize.py")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP")}
    env["NO_COLOR"] = "1"
    env["MYPY_FORCE_COLOR"] = "0"
    return env


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "never_execute"
    shutil.copytree(FIXTURE, target)
    return target


def _markers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("EXECUTED-*"))


def _run(cmd: list[str], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)


def _script(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"console script {name!r} is not installed next to {sys.executable} (pip install -e .)")
    return path


def _check(result: subprocess.CompletedProcess[str], project: Path, expected: set[int]) -> None:
    assert _markers(project) == [], f"user code was executed: {_markers(project)}\n{result.stdout}\n{result.stderr}"
    assert result.returncode != 3, f"a user module ended the process\n{result.stdout}\n{result.stderr}"
    assert result.returncode in expected, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr


def test_fixture_really_executes_when_imported(project: Path) -> None:
    """The traps work: importing the package, or running python with a stdlib-named module in the cwd,
    leaves a marker and exits 3 (otherwise the tests below would prove nothing)."""
    result = _run([sys.executable, "-c", "import pkg.tasks"], project)
    assert result.returncode == 3
    assert _markers(project)
    for marker in project.rglob("EXECUTED-*"):
        marker.unlink()
    result = _run([sys.executable, "-c", "import sys; sys.path.insert(0, ''); import tokenize"], project)
    assert result.returncode == 3 and _markers(project) == ["EXECUTED-tokenize.py"]


def test_console_script(project: Path) -> None:
    result = _run([str(_script("flyte-lint")), "--no-cache"], project)
    _check(result, project, {1})
    assert "pkg/envs.py:13:34: FLY001" in result.stdout
    assert "pkg/tasks.py:34:22: FLY110" in result.stdout


def test_console_script_with_cache_and_files(project: Path) -> None:
    files = ["pkg/__init__.py", "pkg/envs.py", "pkg/tasks.py", "typing.py", "ast.py"]
    result = _run([str(_script("flyte-lint")), *files], project)
    _check(result, project, {1})
    result = _run([str(_script("flyte-lint")), "--format", "json", "."], project)  # warm cache
    _check(result, project, {1})


def test_python_dash_m(project: Path) -> None:
    """``python -m flyte_lint`` from inside the project: the cwd (with typing.py, ast.py...) is on sys.path."""
    result = _run([sys.executable, "-m", "flyte_lint", "--no-cache"], project)
    _check(result, project, {1})
    assert "FLY001" in result.stdout
    result = _run([sys.executable, "-m", "flyte_lint", "--no-cache", "--jobs", "2", "pkg/tasks.py"], project)
    _check(result, project, {1})


def test_graph_command(project: Path) -> None:
    result = _run([sys.executable, "-m", "flyte_lint", "graph", "."], project)
    _check(result, project, {0, 1})


def test_flake8(project: Path) -> None:
    flake8 = _script("flake8")
    if importlib.util.find_spec("flyte_lint.flake8_plugin") is None:
        pytest.skip("flyte_lint.flake8_plugin does not exist yet")
    result = _run([str(flake8), "--select", "FLY"], project)
    _check(result, project, {1})
    assert "FLY001" in result.stdout, result.stdout + result.stderr


def test_fix(project: Path) -> None:
    before = (project / "pkg" / "envs.py").read_text()
    result = _run([str(_script("flyte-lint")), "--no-cache", "--fix", "--unsafe-fixes"], project)
    _check(result, project, {0, 1})
    after = (project / "pkg" / "envs.py").read_text()
    assert after != before and "bad_name" in after and "Bad_Name" not in after
    compile(after, "envs.py", "exec")  # parses; compiling runs nothing
    result = _run([sys.executable, "-m", "flyte_lint", "--no-cache", "--diff", "--unsafe-fixes"], project)
    _check(result, project, {0, 1})


def test_mypy_plugin_refused_by_stdlib_shadow(project: Path) -> None:
    """mypy refuses a project that shadows ``typing`` (exit 2) - after analysing, never importing."""
    mypy = _script("mypy")
    result = _run([str(mypy), "--no-incremental", "pkg"], project)
    _check(result, project, {1, 2})


def test_mypy_plugin(project: Path) -> None:
    """With the stdlib-named modules removed mypy checks the project and the plugin reports (exit 1); the
    plugin is loaded with the config's folder first on sys.path, where libcst.py and networkx.py wait."""
    mypy = _script("mypy")
    for name in STDLIB_NAMED:
        (project / name).unlink()
    result = _run([str(mypy), "--no-incremental", "pkg"], project)
    _check(result, project, {1})
    assert "Bad_Name" in result.stdout, result.stdout + result.stderr
