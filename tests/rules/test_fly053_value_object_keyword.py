from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly053_value_object_keyword as rule


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
        ("import flyte\nr = flyte.Resources(cpus=2)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nr = flyte.Resources(1, "1Gi", 1, "1Gi", "1Gi", "x")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(1, cpu=2)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\np = flyte.ReusePolicy(scope="run")\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nc = flyte.Cache("auto", max_age=60)\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ("import flyte\nt = flyte.Timeout()\n"),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ("import flyte\nt = flyte.Timeout(max_runtime=60, deadline=120)\n"),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nt = flyte.Trigger(name="t")\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nt = flyte.Trigger(name="t", automation=flyte.Cron("* * * * *"), max_action_concurrency=4)\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ("import flyte\nc = flyte.Cache()\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ns = flyte.Secret(name="k")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.RetryStrategy(3, None)\n"),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ("import flyte\nr = flyte.RetryStrategy(count=3)\n"),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\np = flyte.PodTemplate(primary_container_name="main", labels={"a": "b"})\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ("import flyte\nt = flyte.Timeout(60, 30)\n"),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


def test_message_is_the_typeerror_with_a_suggestion() -> None:
    (found,) = findings("import flyte\nr = flyte.Resources(cpus=2)\n")
    assert "Resources.__init__() got an unexpected keyword argument 'cpus'" in found.message
    assert "Did you mean `cpu`?" in found.message
    assert (found.line, found.column) == (2, 21)


def test_version_hint_for_newer_fields() -> None:
    (found,) = findings("import flyte\np = flyte.ReusePolicy(scope='run')\n", OLD)
    assert "newer" in found.message


def test_missing_required_messages() -> None:
    (found,) = findings("import flyte\nt = flyte.Trigger()\n", OLD)
    assert "missing 2 required positional arguments: 'name' and 'automation'" in found.message
    (found,) = findings("import flyte\nt = flyte.Trigger()\n", NEW)
    assert "missing 1 required positional argument: 'name'" in found.message


def test_too_many_positionals_counts_self() -> None:
    (found,) = findings("import flyte\nr = flyte.RetryStrategy(1, 2, 3)\n", OLD)
    assert "RetryStrategy.__init__() takes 2 positional arguments but 4 were given" in found.message
    (found,) = findings("import flyte\nr = flyte.RetryStrategy(1, 2, 3)\n", NEW)
    assert "takes from 2 to 3 positional arguments but 4 were given" in found.message


def test_star_kwargs_do_not_hide_explicit_unknown_keywords() -> None:
    assert findings("import flyte\nimport os\nr = flyte.Resources(cpus=1, **dict(os.environ))\n")
    assert findings("import flyte\nimport os\nc = flyte.Cache(**dict(os.environ))\n") == []
