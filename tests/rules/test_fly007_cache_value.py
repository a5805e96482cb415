from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly007_cache_value as rule


def findings(source: str, version: str = NEW) -> list[Diagnostic]:
    return rule_findings(rule.CODE, source, version)


@pytest.mark.parametrize("version", [OLD, NEW])
def test_docstring_examples(version: str) -> None:
    check_docstring_examples(rule, version)


# Each case is a whole module with, per SDK version, the verdict: "rule" (the SDK rejects it at import or deploy
# and this rule reports it), "warn" (the SDK only logs a warning; reported as a warning), "ok" (the SDK accepts
# it), "other" (the SDK rejects it for a reason another rule reports), "missed" (the SDK rejects it but the rule
# stays silent by design), "deferred" (import and deploy pass, but the value fails when the object is used, e.g.
# an override that is run). Every "rule"/"ok"/"other"/"missed"/"warn" verdict was checked by running the module
# through tests/sdk_oracle.py with flyte 2.1.9 and 2.12.1.
CASES: list[tuple[str, dict[str, str]]] = [
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            '@env.task(cache="always")\n'
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            '@env.task(cache="enable")\n'
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            '@env.task(cache="AUTO")\n'
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            '@env.task(cache="ON")\n'
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e", cache="always")\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nenv = flyte.TaskEnvironment(name="e", cache="always")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e", cache=None)\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e", cache=False)\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e", cache=None)\n'
            "\n"
            "\n"
            '@env.task(cache="auto")\n'
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e", cache="always")\n'
            "\n"
            "\n"
            '@env.task(cache="disable")\n'
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            "@env.task(cache=None)\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'base = flyte.TaskEnvironment(name="b", cache="always")\n'
            'env = base.clone_with("c")\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'base = flyte.TaskEnvironment(name="b")\n'
            'env = base.clone_with("c", cache="sometimes")\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'base = flyte.TaskEnvironment(name="b", cache="always")\n'
            'env = base.clone_with("c", cache="auto")\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
            'u = t.override(cache="always")\n'
        ),
        # 2.1.9 stores the value and never serializes an override that is not called: import and deploy
        # pass, so nothing is reported (the called form is tested below).
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


def test_phase_depends_on_version() -> None:
    source = (
        "import flyte\nenv = flyte.TaskEnvironment(name='e')\n"
        + """
@env.task(cache="always")
async def t(x: int) -> int:
    return x
"""
    )
    (new,) = findings(source, NEW)
    assert "when the task is decorated (at import)" in new.message and "'always'" in new.message
    (old,) = findings(source, OLD)
    assert "at deploy" in old.message
    assert (new.line, new.column) == (4, 17)


def test_override_inside_a_task_body() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="e")


@env.task
async def child(x: int) -> int:
    return x


@env.task
async def parent(x: int) -> int:
    return await child.override(cache="yes-please")(x)
"""
    for version in (OLD, NEW):
        (found,) = findings(source, version)
        assert "yes-please" in found.message
    assert "when the override() call runs" in findings(source, NEW)[0].message
    assert findings(source.replace("yes-please", "auto"), NEW) == []


def test_falsy_override_is_not_this_rules_business() -> None:
    source = (
        "import flyte\nenv = flyte.TaskEnvironment(name='e')\n"
        + """
@env.task
async def t(x: int) -> int:
    return x


u = t.override(cache="")
"""
    )
    assert findings(source) == []
