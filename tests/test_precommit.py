"""The pre-commit hooks, tried with the real ``pre-commit`` as a new user would (``pre-commit try-repo``).

pre-commit installs the hook repository into its own virtualenv, which needs the package index for the
dependencies (libcst, networkx). Without it the tests skip, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
FIXTURES = ROOT / "fixtures" / "example_project"

pytestmark = pytest.mark.skipif(
    not Path(PRE_COMMIT).exists() or shutil.which("git") is None, reason="pre-commit or git is not installed"
)

INSTALL_FAILURE_MARKS = (
    "An unexpected error has occurred",
    "Could not find a version that satisfies",
    "No matching distribution",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree under test, committed into a fresh git repository (try-repo needs one)."""
    repo = tmp_path_factory.mktemp("hookrepo")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "flyte_lint", repo / "flyte_lint", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "hooks under test")
    return repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _sample_repo(tmp_path: Path) -> Path:
    sample = tmp_path / "sample"
    shutil.copytree(FIXTURES, sample)
    _git(sample, "init", "-q")
    _git(sample, "add", ".")
    _git(sample, "commit", "-q", "-m", "sample")
    return sample


def _pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run([PRE_COMMIT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    output = done.stdout + done.stderr
    if done.returncode != 0 and any(mark in output for mark in INSTALL_FAILURE_MARKS):
        log = home / "pre-commit.log"
        detail = log.read_text()[-2000:] if log.exists() else output[-2000:]
        if any(mark in detail + output for mark in INSTALL_FAILURE_MARKS[1:]) or "pip" in detail:
            pytest.skip(f"pre-commit could not install the hook environment (no package index?):\n{detail}")
    return done


def test_try_repo_reports_findings(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    sample = _sample_repo(tmp_path)
    done = _pre_commit(sample, pre_commit_home, "try-repo", str(hook_repo), "flyte-lint", "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "flyte-lint" in output and "Failed" in output, output
    # Findings from both files, including the one that needs the other module (the env is in envs.py).
    assert "pipelines/envs.py:7:13: FLY001" in output, output
    assert "pipelines/train.py:23:41: FLY204" in output, output


def test_fix_hook_fixes(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    """The fix hook with --unsafe-fixes (configured as a user would, in .pre-commit-config.yaml) fixes the
    override (FLY204) and the environment name (FLY001); a second run changes nothing."""
    sample = _sample_repo(tmp_path)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True).stdout.strip()
    (sample / ".pre-commit-config.yaml").write_text(
        textwrap.dedent(
            f"""\
            repos:
              - repo: {hook_repo}
                rev: {rev}
                hooks:
                  - id: flyte-lint-fix
                    args: [--unsafe-fixes]
            """
        )
    )
    _git(sample, "add", ".pre-commit-config.yaml")
    _git(sample, "commit", "-q", "-m", "config")
    first = _pre_commit(sample, pre_commit_home, "run", "flyte-lint-fix", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr  # files were modified
    assert "files were modified by this hook" in first.stdout + first.stderr
    train = (sample / "pipelines" / "train.py").read_text()
    envs = (sample / "pipelines" / "envs.py").read_text()
    assert 'predict.override(resources=flyte.Resources(cpu=2), reusable="off")' in train
    assert "name='inference_pool'" in envs or 'name="inference_pool"' in envs
    _git(sample, "add", ".")
    _git(sample, "commit", "-q", "-m", "fixed")
    second = _pre_commit(sample, pre_commit_home, "run", "flyte-lint-fix", "--all-files")
    assert "files were modified by this hook" not in second.stdout + second.stderr, second.stdout
    assert (sample / "pipelines" / "train.py").read_text() == train


def test_try_repo_fix_hook_safe_fix(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    """``pre-commit try-repo REPO flyte-lint-fix`` as is: the safe fix (add the missing environment to
    depends_on, FLY301) is applied; the unsafe ones (FLY204 in the example project) are not."""
    fixture = ROOT / "fixtures" / "projects" / "missing_dep_fix"
    if not fixture.exists():
        pytest.skip("fixtures/projects/missing_dep_fix is missing")
    sample = tmp_path / "safe"
    shutil.copytree(fixture, sample)
    shutil.copytree(FIXTURES / "pipelines", sample / "pipelines")
    _git(sample, "init", "-q")
    _git(sample, "add", ".")
    _git(sample, "commit", "-q", "-m", "sample")
    done = _pre_commit(sample, pre_commit_home, "try-repo", str(hook_repo), "flyte-lint-fix", "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "files were modified by this hook" in output, output
    app = (sample / "app.py").read_text()
    assert "depends_on=[worker]" in app, app
    train = (sample / "pipelines" / "train.py").read_text()
    assert train == (FIXTURES / "pipelines" / "train.py").read_text()  # unsafe fixes need --unsafe-fixes
    # the fixed project passes the check hook for that rule's file
    again = _pre_commit(sample, pre_commit_home, "try-repo", str(hook_repo), "flyte-lint-fix", "--files", "app.py")
    assert "files were modified by this hook" not in again.stdout + again.stderr, again.stdout
    assert (sample / "app.py").read_text() == app
