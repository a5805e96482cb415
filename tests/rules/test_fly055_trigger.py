from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly055_trigger as rule


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
        ('import flyte\nt = flyte.Trigger(name="", automation=flyte.Cron("0 2 * * *"))\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nt = flyte.Trigger(name=None, automation=flyte.Cron("0 2 * * *"))\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nt = flyte.Trigger("t", None)\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nt = flyte.Trigger(name="t", automation=flyte.Cron("0 2 * * *"), max_action_concurrency=1)\n'),
        {"2.1.9": "other", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nt = flyte.Trigger(name="t", automation=flyte.Cron("0 2 * * *"))\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


def test_max_action_concurrency_only_2_12() -> None:
    source = "import flyte\nt = flyte.Trigger(name='t', automation=flyte.Cron('0 2 * * *'), max_action_concurrency=1)\n"
    (found,) = findings(source, NEW)
    assert "max_action_concurrency must be 0 (platform default) or at least 2, got 1" in found.message
    assert findings(source, OLD) == []  # an unexpected keyword there (FLY053)
    ok = source.replace("max_action_concurrency=1", "max_action_concurrency=0")
    assert findings(ok, NEW) == []
