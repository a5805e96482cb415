"""The LibCST child processes (PEP 701 re-read, the fixer's re-parse) never import the user's modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TRAP = "import pathlib\npathlib.Path(__file__).with_name('EXECUTED-' + pathlib.Path(__file__).name).touch()\n"
PEP701_MODULE = 'import flyte\nd = {"a": 1}\ns = f"{d["a"]}"\nenv = flyte.TaskEnvironment(name="Bad")\n'


def _project(tmp_path: Path) -> Path:
    for name in ("ast.py", "json.py", "libcst.py", "subprocess.py"):
        (tmp_path / name).write_text(TRAP)
    (tmp_path / "pipeline.py").write_text(PEP701_MODULE)
    return tmp_path


def test_pep701_reread_runs_no_user_module(tmp_path: Path) -> None:
    project = _project(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--no-cache", "--format", "concise", "pipeline.py"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "pipeline.py:4:34: FLY001" in done.stdout
    assert not list(project.glob("EXECUTED-*"))


def test_fixer_reparse_runs_no_user_module(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "pipeline.py").write_text('import flyte\nenv = flyte.TaskEnvironment(name="Bad")\n')
    done = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--no-cache", "--fix", "--unsafe-fixes", "pipeline.py"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'name="bad"' in (project / "pipeline.py").read_text()
    assert not list(project.glob("EXECUTED-*"))
