"""Discovery skips what git ignores. Real git is the judge: each tree is made a repository and the files
``git ls-files --others --exclude-standard`` lists are the files discovery must find."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from flyte_lint.discover import discover

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TREE = [
    "a.py", "skip_me.py", "keep.py", "gen_1.py", "gen_keep.py", "notes.pyi",
    "pkg/__init__.py", "pkg/skip_me.py", "pkg/sub/deep.py", "pkg/sub/gen_2.py", "pkg/top_only.py",
    "top_only.py", "docs/conf.py", "docs/api/conf.py", "out/x.py", "pkg/out/y.py", "logs/a.py",
    "data/keep/k.py", "data/drop/d.py", "weird[1].py", "space name.py",
]  # fmt: skip

CASES = {
    "names at any depth": "skip_me.py\n",
    "globs": "gen_*.py\n!gen_keep.py\n",
    "anchored to the folder": "/top_only.py\n",
    "a path with a slash": "docs/conf.py\n",
    "directories only": "out/\nlogs/\n",
    "double star": "**/sub/*.py\n",
    "trailing double star": "data/**\n!data/keep/\n",
    "character classes": "a.p[xy]\nnotes.py[!x]\n",
    "comments, blanks and escapes": "# a.py\n\n\\#x.py\nkeep.py   \n",
    "re-inclusion order": "*.py\n!pkg/\n!*.py\npkg/sub/deep.py\n",
    "question mark": "gen_?.py\n",
}


def _git(repo: Path, *args: str) -> str:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-c", "core.excludesFile=", *args], cwd=repo, env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout


def _make_tree(root: Path, files: list[str]) -> None:
    _git(root, "init", "-q")
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def _git_visible(repo: Path, below: str = "") -> set[str]:
    listed = _git(repo, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return {name[len(below) :] for name in listed if name.endswith((".py", ".pyi")) and name.startswith(below)}


def _discovered(root: Path) -> set[str]:
    found = discover([root]).files
    return {os.path.relpath(path, root).replace(os.sep, "/") for path in found}


@pytest.mark.parametrize("gitignore", CASES.values(), ids=list(CASES))
def test_discovery_skips_exactly_what_git_ignores(tmp_path: Path, gitignore: str) -> None:
    _make_tree(tmp_path, TREE)
    (tmp_path / ".gitignore").write_text(gitignore)
    expected = _git_visible(tmp_path)
    assert expected != {name for name in TREE if name.endswith((".py", ".pyi"))} or "a.p[xy]" in gitignore
    assert _discovered(tmp_path) == expected


def test_a_nested_gitignore_overrides_the_outer_one(tmp_path: Path) -> None:
    _make_tree(tmp_path, TREE)
    (tmp_path / ".gitignore").write_text("deep.py\nskip_me.py\n")
    (tmp_path / "pkg" / ".gitignore").write_text("!skip_me.py\n/top_only.py\n")
    expected = _git_visible(tmp_path)
    assert "pkg/skip_me.py" in expected and "skip_me.py" not in expected and "pkg/top_only.py" not in expected
    assert _discovered(tmp_path) == expected


def test_the_gitignore_of_an_enclosing_folder_applies_when_a_subfolder_is_checked(tmp_path: Path) -> None:
    _make_tree(tmp_path, TREE)
    (tmp_path / ".gitignore").write_text("pkg/sub/\n/pkg/top_only.py\n")
    expected = _git_visible(tmp_path, below="pkg/")
    assert expected == {"__init__.py", "skip_me.py", "out/y.py"}
    assert _discovered(tmp_path / "pkg") == expected


def test_outside_a_repository_only_the_checked_folder_and_below_count(tmp_path: Path) -> None:
    (tmp_path / "proj" / "src").mkdir(parents=True)
    (tmp_path / "proj" / ".gitignore").write_text("*.py\n")  # no .git anywhere: not a repository
    (tmp_path / "proj" / "src" / "a.py").write_text("x = 1\n")
    assert _discovered(tmp_path / "proj" / "src") == {"a.py"}
