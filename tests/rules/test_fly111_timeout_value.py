from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly111_timeout_value as rule


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
            "@env.task(timeout=1.5)\n"
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
            '@env.task(timeout="10")\n'
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
            "@env.task(timeout=0.0)\n"
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
            "@env.task(timeout=60)\n"
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
            "@env.task(timeout=-5)\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            "from datetime import timedelta\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            "@env.task(timeout=timedelta(minutes=5))\n"
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
            '@env.task(timeout=flyte.Timeout(max_runtime="10"))\n'
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
            "@env.task(timeout=flyte.Timeout(max_runtime=1.5))\n"
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
            "@env.task(timeout=flyte.Timeout(max_runtime=10, max_queued_time=1.5))\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e")\n'
            "\n"
            "\n"
            "@env.task(timeout=flyte.Timeout(max_runtime=None))\n"
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
            "@env.task(timeout=flyte.Timeout(max_runtime=60, max_queued_time=30))\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
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


def test_message_says_deploy() -> None:
    source = (
        "import flyte\nenv = flyte.TaskEnvironment(name='e')\n"
        + """
@env.task(timeout=1.5)
async def t(x: int) -> int:
    return x
"""
    )
    for version in (OLD, NEW):
        (found,) = findings(source, version)
        assert (
            "at deploy" in found.message
            and "Timeout must be an instance of Timeout, int, or timedelta" in found.message
        )
        assert (found.line, found.column) == (4, 19)


def test_override_values() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="e")


@env.task
async def child(x: int) -> int:
    return x


@env.task
async def parent(x: int) -> int:
    return await child.override(timeout=2.5)(x) + await child.override(timeout=0)(x)
"""
    (found,) = findings(source)
    assert "override(timeout=...)" in found.message


def test_shared_timeout_object_reported_once() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="e")
SLOW = flyte.Timeout(max_runtime=1.5)


@env.task(timeout=SLOW)
async def a(x: int) -> int:
    return x


@env.task(timeout=SLOW)
async def b(x: int) -> int:
    return x
"""
    (found,) = findings(source, OLD)
    # The deploy fails serializing the first task that uses it: reported there, naming the line it is made at.
    assert found.line == 7 and "'float' object has no attribute 'seconds'" in found.message
    assert "(made at line 4)" in found.message
