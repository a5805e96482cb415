from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly110_retries_value as rule


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
            "@env.task(retries=-1)\n"
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
            "@env.task(retries=1.5)\n"
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
            '@env.task(retries="3")\n'
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
            "@env.task(retries=[1])\n"
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
            "@env.task(retries=True)\n"
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
            "@env.task(retries=2**33)\n"
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
            "@env.task(retries=0.0)\n"
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
            "@env.task(retries=3)\n"
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
            "@env.task(retries=flyte.RetryStrategy(count=2))\n"
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
            "u = t.override(retries=-1)\n"
        ),
        # 2.1.9 stores the value and never serializes an override that is not called: import and deploy
        # pass, so nothing is reported (the called form is tested below).
        {"2.1.9": "ok", "2.12.1": "rule"},
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
            "u = t.override(retries=0)\n"
        ),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


def test_messages_per_version() -> None:
    source = (
        "import flyte\nenv = flyte.TaskEnvironment(name='e')\n"
        + """
@env.task(retries=1.5)
async def t(x: int) -> int:
    return x
"""
    )
    (new,) = findings(source, NEW)
    assert "retries must be an int (a retry count) or a flyte.RetryStrategy, got 1.5" in new.message
    assert "when the task is decorated" in new.message
    (old,) = findings(source, OLD)
    assert "'float' object has no attribute 'count'" in old.message and "at deploy" in old.message


def test_override_in_body_2_1_fails_on_serialization() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="e")


@env.task
async def child(x: int) -> int:
    return x


@env.task
async def parent(x: int) -> int:
    return await child.override(retries=-2)(x)
"""
    (old,) = findings(source, OLD)
    assert "serialized" in old.message and "Value out of range: -2" in old.message
    (new,) = findings(source, NEW)
    assert "when override() runs" in new.message
