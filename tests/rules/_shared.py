"""What the per-rule test modules share: findings of one rule, and the checks of docstring examples and cases."""

from __future__ import annotations

import re
from types import ModuleType

from flyte_lint.api import lint_source
from flyte_lint.diagnostics import Diagnostic

OLD, NEW = "2.1.9", "2.12.1"


def rule_findings(code: str, source: str, version: str = NEW) -> list[Diagnostic]:
    return [d for d in lint_source(source, path="m.py", target_version=version) if d.code == code]


def check_docstring_examples(rule: ModuleType, version: str) -> None:
    """The bad example raises exactly the rule's code, the good one nothing."""
    bad, good = re.findall(r"```python\n(.*?)```", rule.__doc__ or "", re.S)[:2]
    assert {d.code for d in lint_source(bad, path="m.py", target_version=version)} == {rule.CODE}
    assert lint_source(good, path="m.py", target_version=version) == []


def check_case(found: list[Diagnostic], verdict: str, *, warn_severity: str = "warning") -> None:
    """A case's verdict: reported for "rule"/"warn"/"deferred", silent otherwise, at the expected severity."""
    assert bool(found) == (verdict in ("rule", "warn", "deferred")), found
    expected_severity = warn_severity if verdict == "warn" else "error"
    assert all(d.severity == expected_severity for d in found), found
