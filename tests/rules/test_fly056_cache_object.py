from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly056_cache_object as rule


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
        ('import flyte\nc = flyte.Cache(behavior="always")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nc = flyte.Cache(behavior="AUTO")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nc = flyte.Cache(behavior="enabled")\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nc = flyte.Cache(behavior="ON")\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ("import flyte\nc = flyte.Cache(behavior=None)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nc = flyte.Cache("auto", policies=[])\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nc = flyte.Cache("override", policies=[])\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nc = flyte.Cache("disable", policies=[])\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nc = flyte.Cache("auto", policies=[], version_override="v1")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nc = flyte.Cache("auto", max_age=-1)\n'),
        {"2.1.9": "other", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nc = flyte.Cache("auto", max_age=1.5)\n'),
        {"2.1.9": "other", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nfrom datetime import timedelta\nc = flyte.Cache("auto", max_age=timedelta(hours=1))\n'),
        {"2.1.9": "other", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nc = flyte.Cache("auto", version_override="v2", salt="s")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


@pytest.mark.parametrize(
    "source",
    [
        "import flyte\nc = flyte.Cache('auto', max_age=-1)\n",
        "import flyte\nc = flyte.Cache('auto', max_age=1.5)\n",
        "import flyte\nc = flyte.Cache('auto', max_age=True)\n",
    ],
)
def test_max_age_only_2_12(source: str) -> None:
    assert findings(source, NEW)
    assert findings(source, OLD) == []  # max_age is an unexpected keyword in 2.1 (FLY053)


def test_max_age_type_is_a_typeerror() -> None:
    (found,) = findings("import flyte\nc = flyte.Cache('auto', max_age='1d')\n")
    assert (
        "raises TypeError" in found.message and "max_age must be an int (seconds), timedelta, or None" in found.message
    )
