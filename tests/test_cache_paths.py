"""The facts cache must give the same findings however a file is spelled on the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "example_project"


def _findings(cwd: Path, *args: str) -> list[tuple[str, int, str]]:
    out = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--format", "json", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode in (0, 1), out.stderr
    return sorted((Path(d["path"]).name, d["line"], d["code"]) for d in json.loads(out.stdout))


def test_cached_run_after_absolute_spelling_keeps_relative_findings(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    target = project / "pipelines" / "train.py"
    uncached = _findings(project, "--no-cache", "pipelines/train.py")
    assert uncached, "the example has findings in train.py"
    _findings(project, str(target))  # fills the cache under the absolute spelling
    assert _findings(project, "pipelines/train.py") == uncached
    assert _findings(project, "pipelines/train.py") == uncached  # and again, from the manifest
    assert _findings(project, str(target)) == uncached


def test_warm_run_sees_an_edited_file(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    before = _findings(project, ".")
    envs = project / "pipelines" / "envs.py"
    envs.write_text(envs.read_text().replace('"Inference Pool"', '"inference-pool"'))
    after = _findings(project, ".")
    assert ("envs.py", 7, "FLY001") in before
    assert not any(code == "FLY001" for _, _, code in after)


def test_warm_run_follows_a_configuration_change(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    assert any(code == "FLY001" for _, _, code in _findings(project, "."))
    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace('select = ["FLY"]', 'select = ["FLY"]\nignore = ["FLY001"]'))
    assert not any(code == "FLY001" for _, _, code in _findings(project, "."))


def test_warm_run_sees_a_new_file(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    before = _findings(project, ".")
    (project / "pipelines" / "extra.py").write_text('import flyte\n\nenv = flyte.TaskEnvironment(name="Bad Name")\n')
    after = _findings(project, ".")
    assert ("extra.py", 3, "FLY001") in after and ("extra.py", 3, "FLY001") not in before
