from __future__ import annotations

from pathlib import Path

import pytest
from _shared import rule_findings

from flyte_lint.api import lint_paths
from flyte_lint.rules import fly308_dependency_made_later as rule

OLDEST = "2.0.12"


def test_a_dependency_added_to_an_earlier_environment_is_reported_for_flyte_2_0_only() -> None:
    source = 'import flyte\napi = flyte.TaskEnvironment(name="api")\ndb = flyte.TaskEnvironment(name="db")\n'
    source += "api.add_dependency(db)\n"
    (finding,) = rule_findings(rule.CODE, source, OLDEST)
    assert (finding.line, finding.severity) == (3, "warning")
    assert "imported twice under different module names" in finding.message
    assert rule_findings(rule.CODE, source, "2.1.9") == []


def test_a_dependency_reached_through_another_environment_counts() -> None:
    source = (
        "import flyte\n"
        'api = flyte.TaskEnvironment(name="api")\n'
        'cache = flyte.TaskEnvironment(name="cache")\n'
        "api.add_dependency(cache)\n"
        'db = flyte.TaskEnvironment(name="db")\n'
        "cache.add_dependency(db)\n"
    )
    assert [d.line for d in rule_findings(rule.CODE, source, OLDEST)] == [3, 5]


@pytest.mark.parametrize(
    "source",
    [
        # made first, passed in depends_on: planned once
        'import flyte\ndb = flyte.TaskEnvironment(name="db")\n'
        'api = flyte.TaskEnvironment(name="api", depends_on=[db])\n',
        # a cycle is FLY302's
        'import flyte\na = flyte.TaskEnvironment(name="a")\nb = flyte.TaskEnvironment(name="b", depends_on=[a])\n'
        "a.add_dependency(b)\n",
        # made conditionally: which is made, and when, is not read here
        'import flyte, os\napi = flyte.TaskEnvironment(name="api")\nif os.environ.get("X"):\n'
        '    db = flyte.TaskEnvironment(name="db")\n    api.add_dependency(db)\n',
    ],
)
def test_orders_that_plan_fine_or_cannot_be_read_are_silent(source: str) -> None:
    assert rule_findings(rule.CODE, source, OLDEST) == []


def test_environments_of_two_modules_are_not_ordered(tmp_path: Path) -> None:
    (tmp_path / "envs.py").write_text('import flyte\napi = flyte.TaskEnvironment(name="api")\n')
    (tmp_path / "db.py").write_text(
        'import flyte\nfrom envs import api\ndb = flyte.TaskEnvironment(name="db")\napi.add_dependency(db)\n'
    )
    assert [d for d in lint_paths([tmp_path], target_version=OLDEST) if d.code == rule.CODE] == []
