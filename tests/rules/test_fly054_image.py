from __future__ import annotations

import pytest
from _shared import NEW, OLD, check_case, check_docstring_examples, rule_findings

from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly054_image as rule


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
        ('import flyte\ni = flyte.Image.from_base("python:3.12").with_pip_packages("pandas")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ni = flyte.Image.from_ref_name("gpu").with_apt_packages("git")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\nbase = flyte.Image.from_base("python:3.12")\ni = base.with_env_vars({"A": "1"})\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ni = flyte.Image.from_base("python:3.12").clone(name="x").with_pip_packages("a")\n'),
        {"2.1.9": "missed", "2.12.1": "missed"},
    ),
    (
        ('import flyte\ni = flyte.Image.from_debian_base().with_requirements("reqs.in")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ni = flyte.Image.from_debian_base().with_requirements(file="requirements.txt/")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\ni = flyte.Image(base_image="python:3.12")\n'),
        {"2.1.9": "rule", "2.12.1": "rule"},
    ),
    (
        ('import flyte\ni = flyte.Image.from_debian_base().with_pip_packages("pandas").with_apt_packages("git")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        (
            "import flyte\n"
            'i = flyte.Image.from_base("python:3.12").clone(name="x", extendable=True).with_pip_packages("a")\n'
        ),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
    (
        ('import flyte\ni = flyte.Image.from_base("python:3.12")\n'),
        {"2.1.9": "ok", "2.12.1": "ok"},
    ),
]


@pytest.mark.parametrize(
    ("source", "version", "verdict"),
    [(source, version, verdict) for source, verdicts in CASES for version, verdict in verdicts.items()],
)
def test_cases(source: str, version: str, verdict: str) -> None:
    check_case(findings(source, version), verdict)


def test_requirements_error_is_reported_at_the_file_argument() -> None:
    (found,) = findings("import flyte\ni = flyte.Image.from_debian_base().with_requirements('reqs.in')\n")
    assert "Requirements file reqs.in must have a .txt extension" in found.message
    assert (found.line, found.column) == (2, 54)


def test_requirements_extension_is_checked_before_extendability() -> None:
    (found,) = findings("import flyte\ni = flyte.Image.from_base('x').with_requirements('r.in')\n")
    assert ".txt extension" in found.message


def test_only_the_first_layer_of_a_chain_is_reported() -> None:
    source = "import flyte\ni = flyte.Image.from_base('x').with_pip_packages('a').with_apt_packages('b')\n"
    (found,) = findings(source)
    assert "with_pip_packages" in found.message
