"""tools/plugin_parity.py: on generated programs (sdk_fuzz's shapes: settings modules, factories, loops,
``functools.partial`` decorators, multi-module projects), the mypy plugin reports every error the linter reports,
at its line, and no flyte- error the linter does not have. Real mypy, real flyte, real linter."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import plugin_parity  # noqa: E402

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None or importlib.util.find_spec("flyte") is None,
    reason="needs mypy and flyte installed",
)

SEED = 14
PROGRAMS = 60  # about half a minute


def test_the_plugin_reports_what_the_linter_reports_on_generated_programs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    differing = plugin_parity.check(SEED, PROGRAMS, tmp_path, quiet=True)
    assert differing == 0, capsys.readouterr().out


def test_a_finding_the_plugin_leaves_out_or_adds_counts_as_a_difference() -> None:
    want = plugin_parity.expected(
        [
            {"path": "/p/main.py", "line": 3, "code": "FLY001", "severity": "error"},
            {"path": "/p/main.py", "line": 5, "code": "FLY101", "severity": "error"},
            {"path": "/p/main.py", "line": 7, "code": "FLY207", "severity": "warning"},  # not the plugin's
        ]
    )
    assert want == {("main.py", 3): {"flyte-name"}, ("main.py", 5): {"flyte-level"}}
    output = "\n".join(
        [
            'main.py:5: error: No overload variant of "task" matches  [call-overload]',
            "main.py:5: error: TaskEnvironment.task() got an unexpected keyword argument 'x'  [flyte-level]",
            "main.py:9: error: Environment name 'X' must be in snake_case  [flyte-name]",
            "main.py:9: error: Incompatible types  [arg-type]",
        ]
    )
    missed, added = plugin_parity.differences(want, plugin_parity.reported(output))
    assert missed == {("main.py", 3): {"flyte-name"}}
    assert added == {("main.py", 9): {"flyte-name", "arg-type"}}
    assert plugin_parity.differences(want, plugin_parity.reported(output.replace(":9:", ":3:"))) == ({}, {})


def test_the_daemon_agrees_with_a_fresh_run_through_edits_of_generated_projects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Eight generated projects, each edited variant by variant under one ``dmypy run`` daemon (about 40 edits,
    some of them only of the module main.py imports); after each, the daemon's errors are a fresh run's."""
    run = plugin_parity.check_edits(SEED, 500, tmp_path, quiet=True, groups=8)
    assert run.differing == 0, capsys.readouterr().out
    # The edits change findings, main.py's among them by an edit of another module: the check can fail.
    assert run.changed >= 5 and run.across >= 2, run
