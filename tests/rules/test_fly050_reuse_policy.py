from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly050_reuse_policy as rule


def findings(source: str, version: str = NEW) -> list[Diagnostic]:
    return rule_findings(rule.CODE, source, version)


@pytest.mark.parametrize("version", [OLD, NEW])
def test_docstring_examples(version: str) -> None:
    check_docstring_examples(rule, version)


# Each case is a whole module with, per SDK version, the verdict: "rule" (the SDK rejects it at import or deploy
# and this rule reports it), "warn" (the SDK only logs a warning; reported as info), "ok" (the SDK accepts
# it), "other" (the SDK rejects it for a reason another rule reports), "missed" (the SDK rejects it but the rule
# stays silent by design), "deferred" (import and deploy pass, but the value fails when the object is used, e.g.
# an override that is run). Every "rule"/"ok"/"other"/"missed"/"warn" verdict was checked by running the module
# through tests/sdk_oracle.py with flyte 2.1.9 and 2.12.1.
CASES: list[tuple[str, dict[str, str]]] = [
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=2, idle_ttl=10)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=2, scaledown_ttl=5)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=2, idle_ttl=1.5)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=None)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=[1, 2])\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=(1, 2, 3))\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=(3, 1))\n"),
        {"2.1.9": "warn", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=-1)\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(concurrency=0)\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(concurrency=2.5)\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ('import flyte\np = flyte.ReusePolicy(scope="everywhere")\n'),
        {"2.1.9": "other", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=1)\n"),
        {"2.1.9": "warn", "2.12.1": "warn"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=(0, 1), concurrency=1, idle_ttl=120)\n"),
        {"2.1.9": "warn", "2.12.1": "warn"},
    ),
    (
        ("import flyte\nfrom datetime import timedelta\np = flyte.ReusePolicy(2, timedelta(seconds=10))\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=2, idle_ttl=60, concurrency=4)\n"),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=(0, 4))\n"),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ("import flyte\np = flyte.ReusePolicy(replicas=0)\n"),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict, warn_severity="info")  # the SDK only logs: info


def test_message_names_value_and_phase() -> None:
    (found,) = findings("import flyte\np = flyte.ReusePolicy(replicas=2, idle_ttl=10)\n")
    assert found.severity == "error"
    assert "idle_ttl must be at least 30 seconds" in found.message and "at import" in found.message
    assert (found.line, found.column) == (2, 44)  # the idle_ttl argument


def test_unknown_values_are_silent() -> None:
    assert findings("import flyte\nimport os\np = flyte.ReusePolicy(idle_ttl=int(os.environ['T']))\n") == []


def test_typeerror_first_is_left_to_fly053() -> None:
    # 2.1.9: ``scope`` is an unexpected keyword, so the constructor raises TypeError before any value check.
    assert findings("import flyte\np = flyte.ReusePolicy(scope='run', idle_ttl=10)\n", OLD) == []


@pytest.mark.parametrize("version", [OLD, NEW])
def test_starvation_is_only_info(version: str) -> None:
    # The SDK only logs "It is recommended to use a minimum of 2 replicas..." (checked in both versions): a
    # recommendation, so never a warning or an error on a module the SDK accepts.
    (found,) = findings("import flyte\np = flyte.ReusePolicy(replicas=1)\n", version)
    assert found.severity == "info"
    assert "only logs a warning" in found.message
    assert findings("import flyte\np = flyte.ReusePolicy(replicas=1, concurrency=2)\n", version) == []
    assert findings("import flyte\np = flyte.ReusePolicy(replicas=(1, 2))\n", version) == []


def test_intermediate_version_needs_both_profiles() -> None:
    assert findings("import flyte\np = flyte.ReusePolicy(concurrency=0)\n", "2.5") == []
    assert findings("import flyte\np = flyte.ReusePolicy(idle_ttl=10)\n", "2.5")


_FLOAT_CONCURRENCY = """import flyte

POLICY = flyte.ReusePolicy(replicas=2, concurrency=2.5)
env = flyte.TaskEnvironment(name="etl", reusable=POLICY)


@env.task
async def load(x: int) -> int:
    return x
"""


@pytest.mark.parametrize(("version", "expected"), [("2.4.4", []), ("2.5.20", ["deploy"]), ("2.8.1", ["deploy"])])
def test_a_float_concurrency_fails_at_deploy_from_2_5_until_the_constructor_refuses_it(
    version: str, expected: list[str]
) -> None:
    found = rule_findings(rule.CODE, _FLOAT_CONCURRENCY, version)
    assert ["deploy" for d in found if "deploying its tasks fails" in d.message] == expected
    assert all(d.line == 4 for d in found)  # at the environment's reusable= argument


def test_a_float_concurrency_is_refused_when_constructed_from_2_9() -> None:
    (finding,) = rule_findings(rule.CODE, _FLOAT_CONCURRENCY, "2.9.0")
    assert "concurrency must be an int, got 2.5" in finding.message and finding.line == 3


_BOOL_POLICY = """import flyte

env = flyte.TaskEnvironment(name="etl", reusable=flyte.ReusePolicy({policy}))


@env.task
async def load(x: int) -> int:
    return x
"""


# Probed in every release (reuse.serialized.*): from 2.5.20 the policy is a ReusePolicy proto of uint32 fields,
# where protobuf (>= 7.34) refuses a bool; before, a JSON struct took it.
@pytest.mark.parametrize(
    ("policy", "field"),
    [
        ("replicas=True", "min_replicas"),
        ("replicas=False", "min_replicas"),
        ("replicas=(True, 2)", "min_replicas"),
        ("replicas=(1, True)", "max_replicas"),
        ("replicas=2, concurrency=True", "concurrency"),
    ],
)
@pytest.mark.parametrize("version", ["2.4.4", "2.5.20", "2.12.1"])
def test_a_bool_replicas_or_concurrency_fails_at_deploy_from_2_5(policy: str, field: str, version: str) -> None:
    found = [d for d in findings(_BOOL_POLICY.format(policy=policy), version) if d.severity == "error"]
    if version == "2.4.4":
        assert found == []
        return
    (finding,) = found
    assert f"ReusePolicy.{field}: Expected an int, got a boolean. Fix:" in finding.message and finding.line == 3
