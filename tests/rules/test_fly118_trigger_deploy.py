from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly118_trigger_deploy as rule


def findings(trigger: str, signature: str = "x: int = 1", version: str = NEW, triggers: str = "t") -> list[Diagnostic]:
    source = (
        "from datetime import datetime\n"
        "import flyte\n"
        f"t = {trigger}\n"
        'env = flyte.TaskEnvironment(name="d")\n'
        "\n"
        f"@env.task(triggers={triggers})\n"
        f"async def work({signature}) -> int:\n"
        "    return 1\n"
    )
    return rule_findings(rule.CODE, source, version)


CRON = 'flyte.Trigger(name="n", automation=flyte.Cron("0 * * * *"), inputs={inputs})'


@pytest.mark.parametrize("version", [OLD, NEW])
def test_docstring_examples(version: str) -> None:
    check_docstring_examples(rule, version)


@pytest.mark.parametrize("version", [OLD, NEW])
def test_default_input_that_is_not_a_parameter_fails_deploy(version: str) -> None:
    found = findings(CRON.format(inputs='{"x": 1, "y": 2}'), version=version)
    assert len(found) == 1 and found[0].severity == "error" and found[0].line == 6
    assert (
        "Trigger default input 'y' must be an input to the task, but not found in task d.work. Available inputs: ['x']"
        in found[0].message
    )


def test_trigger_time_key_is_checked_first_with_its_own_message() -> None:
    found = findings(CRON.format(inputs='{"y": 2, "when": flyte.TriggerTime}'))
    assert "the TriggerTime input 'when' must be an input to the task, but not found in task d.work" in found[0].message


@pytest.mark.parametrize(
    "inputs",
    ['{"x": 5}', '{"when": flyte.TriggerTime}', "{}", "None", "dict(x=1)", '{"x": 1, **extra}'],
)
def test_inputs_that_name_parameters_or_are_unknown_are_accepted(inputs: str) -> None:
    assert findings(CRON.format(inputs=inputs), signature="x: int, when: datetime") == []


def test_unknown_triggers_and_unknown_signatures_are_not_judged() -> None:
    assert findings("flyte.Trigger.hourly()") == []
    assert findings(CRON.format(inputs='{"y": 1}'), signature="*args: int") == []


def test_a_list_of_triggers_fails_only_on_2_1() -> None:
    bad_list = 'flyte.Trigger(name="n", automation=flyte.Cron("0 * * * *"))'
    found = findings(bad_list, version=OLD, triggers="[t]")
    assert len(found) == 1 and "'list' object has no attribute 'env_vars'" in found[0].message
    assert findings(bad_list, version=NEW, triggers="[t]") == []
    assert findings(bad_list, version=OLD, triggers="(t,)") == []


def test_a_string_is_not_a_trigger_on_any_release() -> None:
    for version in (OLD, NEW):
        found = findings("None", version=version, triggers='"nightly"')
        assert len(found) == 1 and "'str' object has no attribute 'env_vars'" in found[0].message


def test_a_trigger_shared_by_tasks_is_judged_per_task() -> None:
    source = (
        "import flyte\n"
        't = flyte.Trigger(name="n", automation=flyte.Cron("0 * * * *"), inputs={"x": 1})\n'
        'env = flyte.TaskEnvironment(name="d")\n\n'
        "@env.task(triggers=t)\nasync def a(x: int) -> int:\n    return x\n\n"
        "@env.task(triggers=t)\nasync def b(y: int) -> int:\n    return y\n"
    )
    found = rule_findings(rule.CODE, source)
    assert [d.line for d in found] == [9] and "task d.b" in found[0].message
