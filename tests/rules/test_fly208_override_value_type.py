from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_docstring_examples, rule_findings

from flyte_lint.rules import fly208_override_value_type as rule

PROGRAM = """import flyte

env = flyte.TaskEnvironment(name="etl"{env})


@env.task
async def step(x: int) -> int:
    return x


@env.task
async def main() -> int:
    return await step.override({override})(x=1)
"""


def findings(override: str, version: str = NEW, env: str = "") -> list[str]:
    source = PROGRAM.format(override=override, env=env)
    return [d.message for d in rule_findings(rule.CODE, source, version)]


@pytest.mark.parametrize("version", [OLD, NEW])
def test_docstring_examples(version: str) -> None:
    check_docstring_examples(rule, version)


@pytest.mark.parametrize(
    ("override", "new", "old"),
    [
        ('resources="big"', "'str' object has no attribute 'get_device'", "'str' object has no attribute 'cpu'"),
        ('resources={"cpu": 2}', "'dict' object has no attribute 'get_device'", "'dict' object has no attribute 'cpu'"),
        ('env_vars=["A=1"]', "TypeError: 'list' object is not a mapping", "'list' object has no attribute 'items'"),
        ('env_vars={"A": 1}', "bad argument type for built-in operation", "bad argument type for built-in operation"),
        ("secrets=5", "TypeError: 'int' object is not iterable", "TypeError: 'int' object is not iterable"),
        (
            'interruptible="yes"',
            "'str' object cannot be interpreted as an integer",
            "cannot be interpreted as an integer",
        ),
        ('interruptible=""', "'str' object cannot be interpreted as an integer", "cannot be interpreted as an integer"),
    ],
)
def test_each_release_is_quoted_with_its_own_message(override: str, new: str, old: str) -> None:
    (message,) = findings(override, NEW)
    assert new in message
    (message,) = findings(override, OLD)
    assert old in message


@pytest.mark.parametrize(
    "override",
    [
        "resources=None",
        'resources=""',
        "env_vars={}",
        'env_vars={"A": "1"}',
        'secrets="token"',
        'secrets=["token", flyte.Secret(key="k")]',
        'secrets={"token": "ignored"}',
        "resources=flyte.Resources(cpu=2)",
        "resources=make_resources()",
        "interruptible=True",
        "interruptible=None",
    ],
)
def test_values_that_serialize_or_cannot_be_followed_are_silent(override: str) -> None:
    assert findings(override) == []


def test_a_reusable_task_is_left_to_the_override_on_reusable_rule() -> None:
    assert findings('resources="big"', env=", reusable=flyte.ReusePolicy(replicas=2)") == []


def test_an_override_that_is_never_called_is_silent() -> None:
    source = PROGRAM.format(override="", env="").replace(
        "return await step.override()(x=1)", 'tuned = step.override(resources="big")\n    return 1'
    )
    assert rule_findings(rule.CODE, source) == []
