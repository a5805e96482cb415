from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly052_secret as rule


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
        ('import flyte\ns = flyte.Secret(key="openai.key")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="1password")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="k", group="my.group")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="k", mount="/tmp/secrets")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="k", as_env_var="lower")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="openai.key", as_env_var="OPENAI_KEY")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="openai.key", mount="/etc/flyte/secrets")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="db-pass", group="prod")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\ns = flyte.Secret(key="a.b", mount="")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e", secrets="a.b")\n'
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
            'env = flyte.TaskEnvironment(name="e", secrets=["GOOD", "db.pass"])\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nenv = flyte.TaskEnvironment(name="e", secrets="a.b")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'env = flyte.TaskEnvironment(name="e", secrets=["db-pass", "api_key"])\n'
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
            'base = flyte.TaskEnvironment(name="b", secrets="a.b")\n'
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
            'env = base.clone_with("c", secrets="x.y")\n'
            "\n"
            "\n"
            "@env.task\n"
            "async def t(x: int) -> int:\n"
            "    return x\n"
        ),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


def test_plain_string_message_says_deploy() -> None:
    source = (
        "import flyte\nenv = flyte.TaskEnvironment(name='e', secrets='a.b')\n"
        + """
@env.task
async def t(x: int) -> int:
    return x
"""
    )
    (found,) = findings(source)
    assert "fails at deploy" in found.message and "A.B" in found.message
    assert (found.line, found.column) == (2, 47)


def test_override_string_secret() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="e")


@env.task
async def child(x: int) -> int:
    return x


@env.task
async def parent(x: int) -> int:
    return await child.override(secrets="my.key")(x)
"""
    (found,) = findings(source)
    assert "fails at deploy" in found.message and "MY.KEY" in found.message
    fixed = source.replace('secrets="my.key"', 'secrets="MY_KEY"')
    assert findings(fixed) == []


def test_override_on_reusable_task_is_left_to_the_reusable_rule() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="e", reusable=flyte.ReusePolicy(replicas=2))


@env.task
async def child(x: int) -> int:
    return x


@env.task
async def parent(x: int) -> int:
    return await child.override(secrets="my.key")(x)
"""
    assert findings(source) == []
