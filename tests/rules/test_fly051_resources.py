from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.api import lint_source
from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly051_resources as rule


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
        ("import flyte\nr = flyte.Resources(cpu=-1)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(cpu=(1, 2, 3))\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nr = flyte.Resources(memory=("1Gi",))\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(gpu=-1)\n"),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nr = flyte.Resources(gpu="A100")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nr = flyte.Resources(gpu="a100:1")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(memory=1024)\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(disk=10)\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(cpu=[1, 2])\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(cpu=(-1, 2))\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ("import flyte\nr = flyte.Resources(gpu=1.5)\n"),
        {"2.1.9": "ok", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nr = flyte.Resources(gpu="A100_80G:1")\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nr = flyte.Resources(gpu="RTX PRO 6000:1")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nr = flyte.Resources(cpu=2, memory="4Gi", gpu="T4:1", disk="10Gi", shm="auto")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nr = flyte.Resources(cpu="lots", memory="lots", gpu=0)\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\ng = flyte.GPU("T4", 0)\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ng = flyte.GPU(device="X100", quantity=1)\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ng = flyte.GPU("A100_80G", 1)\n'),
        {"2.1.9": "rule", "2.12.1": "ok"},
    ),
    (
        ('import flyte\ng = flyte.GPU("A100 80G", 2)\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\nd = flyte.Device(quantity=0, device_class="GPU", device="T4")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nd = flyte.Device(quantity=2, device_class="GPU", device="T4")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


def test_reports_the_offending_argument() -> None:
    (found,) = findings("import flyte\nr = flyte.Resources(cpu=1, memory=1024)\n")
    assert (found.line, found.column) == (2, 35)
    assert "got int: 1024" in found.message and "at import" in found.message


def test_only_first_failure_in_sdk_order() -> None:
    (found,) = findings("import flyte\nr = flyte.Resources(cpu=-1, gpu='A100')\n")
    assert "cpu must be greater than or equal to 0" in found.message


def test_positional_arguments_are_mapped() -> None:
    assert findings("import flyte\nr = flyte.Resources('1', 1024)\n")  # memory=1024
    assert findings("import flyte\nr = flyte.Resources('1', '1Gi', 'T4:1')\n") == []


_MEMORY_AS_INT = """\
import flyte

env = flyte.TaskEnvironment(name="e", resources=flyte.Resources(memory=512))


@env.task
async def t(x: int) -> int:
    return x
"""


def test_a_value_every_release_of_a_range_rejects_stays_an_error_across_rules() -> None:
    # flyte 2.12.1 raises at import (FLY051), 2.1.9 when the task is deployed (FLY012): every release of the
    # range fails at that argument, so neither finding is demoted to a warning.
    found = [d for d in lint_source(_MEMORY_AS_INT, path="m.py", target_version=">=2.0") if d.code.startswith("FLY0")]
    assert sorted((d.code, d.severity) for d in found) == [("FLY012", "error"), ("FLY051", "error")]
    assert all("only with flyte" in d.message for d in found)


def test_an_error_only_some_releases_of_a_range_raise_is_a_warning() -> None:
    source = _MEMORY_AS_INT.replace("async def", "def") + "\n\n@env.task\nasync def main() -> int:\n    return t(1)\n"
    found = [d for d in lint_source(source, path="m.py", target_version=">=2.0") if d.code == "FLY117"]
    assert [d.severity for d in found] == ["warning"]
