"""The mypy plugin on the multi-module projects of fixtures/sdk_projects/ (each judged by the real SDK in
tests/test_differential_projects.py): it reports every error-level finding of the linter's single-module rules at
the linter's line, in every module, and no flyte- error where the linter has none. Real mypy, real flyte.

Each project is copied on its own (no configuration above it) and checked as a project is: the linter on its
folder, mypy with the plugin on the same folder. One mypy cache per test worker, shared by its projects: the
standard library and flyte are read once; each project's own modules are checked again.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from flyte_lint.mypy_plugin._codes import shown_under

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = ROOT / "fixtures" / "sdk_projects"
sys.path.insert(0, str(Path(__file__).parent))
from test_mypy_plugin import parse  # noqa: E402

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None or importlib.util.find_spec("flyte") is None,
    reason="needs mypy and flyte installed",
)

_CONFIG = "[mypy]\nplugins = flyte_lint.mypy_plugin\nexplicit_package_bases = True\nshow_traceback = True\n"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("project-parity-cache")


# Each project's files get a modification time of their own, in whole seconds: mypy trusts a cached module whose
# path and size match and whose mtime is the same second (projects share module names, and a bad/good pair often
# has files of one size), and projects checked within one second would read each other's modules.
_MTIMES = itertools.count(int(time.time()) - 10_000_000)


@pytest.mark.parametrize("name", sorted(p.name for p in PROJECTS.iterdir() if p.is_dir()))
def test_plugin_reports_the_linters_errors_in_every_module_of_a_project(
    name: str, shared_cache: Path, tmp_path: Path
) -> None:
    project = tmp_path / name
    # New modification times: projects share module names (config.py, app/envs.py), and mypy trusts a cached
    # module whose path, size and modification time match.
    shutil.copytree(PROJECTS / name, project, copy_function=shutil.copy)
    stamp = next(_MTIMES)
    for copied in project.rglob("*"):
        os.utime(copied, (stamp, stamp))
    (tmp_path / "mypy.ini").write_text(_CONFIG)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FLYTE_LINT_NO_CACHE": "1"}
    env.pop("MYPYPATH", None)
    lint = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "check", "--no-cache", "--format", "json", "."],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    expected: dict[tuple[str, int], set[str]] = defaultdict(set)
    for d in json.loads(lint.stdout):
        codes = shown_under(str(d["code"]), str(d["severity"]))
        if codes:
            expected[(Path(str(d["path"])).as_posix(), int(str(d["line"])))].update(codes)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(tmp_path / "mypy.ini"), "--cache-dir", str(shared_cache),
         "--no-error-summary", "."],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert "Traceback" not in checked.stderr + checked.stdout, checked.stderr + checked.stdout
    got: dict[tuple[str, int], set[str]] = defaultdict(set)
    for path, line, kind, _, code in parse(checked.stdout):
        if kind == "error" and code:
            got[(Path(path).as_posix(), line)].add(code)
    for place, codes in expected.items():
        assert got.get(place, set()) & codes, f"{place}: expected one of {sorted(codes)}, got {got.get(place)}"
    flyte = {place for place, codes in got.items() if any(c.startswith("flyte-") for c in codes)}
    assert flyte <= set(expected), f"flyte- errors where the linter has none: {sorted(flyte - set(expected))}"
