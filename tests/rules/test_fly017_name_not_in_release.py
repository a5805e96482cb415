from __future__ import annotations

from pathlib import Path

import pytest
from _shared import NEW, OLD, check_docstring_examples, rule_findings

from flyte_lint.api import lint_paths
from flyte_lint.rules import fly017_name_not_in_release as rule


@pytest.mark.parametrize("version", [OLD, NEW])
def test_docstring_examples(version: str) -> None:
    check_docstring_examples(rule, version)


def test_a_name_added_later_is_reported_for_the_older_release_only() -> None:
    source = "from flyte.extras import Sleep\n"
    found = rule_findings(rule.CODE, source, "2.0.12")
    assert [(d.line, d.column, d.severity) for d in found] == [(1, 26, "error")]
    assert found[0].message.startswith("ImportError: cannot import name 'Sleep' from 'flyte.extras'")
    assert "flyte.extras.Sleep needs flyte >= 2.1" in found[0].message
    assert rule_findings(rule.CODE, source, "2.1.9") == []
    assert rule_findings(rule.CODE, source, NEW) == []


def test_a_class_added_later_names_the_release_it_needs() -> None:
    (finding,) = rule_findings(rule.CODE, "from flyte import Backoff\n", "2.2.4")
    assert finding.message.startswith("ImportError: cannot import name 'Backoff' from 'flyte' (flyte 2.2.4;")
    assert "flyte.Backoff needs flyte >= 2.3" in finding.message
    assert rule_findings(rule.CODE, "from flyte import Backoff\n", "2.3.9") == []


def test_a_misspelt_name_gets_a_suggestion() -> None:
    (finding,) = rule_findings(rule.CODE, "from flyte import TaskEnviroment as TE\n")
    assert finding.message.endswith("did you mean 'TaskEnvironment'?")
    assert (finding.line, finding.column) == (1, 19)


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    from flyte.extras import Nope\nexcept ImportError:\n    Nope = None\n",
        "try:\n    import flyte.nope\nexcept Exception:\n    pass\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from flyte import Nope\n",
        "from flyte.extras import *\n",
        "from flyte.io import NotProbedBecauseLazy\n",  # flyte.io makes names on demand in 2.12
        "from flyte._internal import anything\n",  # private modules are not the public surface
        "from flyteplugins.x import Nope\nfrom flyte_extra import Nope2\n",
        # Modules another distribution may install into the flyte package (flyte-sdk's examples use flyte.migrate).
        "import flyte.migrate\nfrom flyte import migrate\nfrom flyte.migrate import Thing\n",
        "import flyte.clustered\n",  # 2.4 has no flyte.clustered; a plugin could still provide one
    ],
)
def test_imports_the_release_may_still_satisfy_are_silent(source: str) -> None:
    assert rule_findings(rule.CODE, source) == []


def test_a_module_added_later_is_not_judged_missing() -> None:
    assert rule_findings(rule.CODE, "import flyte.clustered\nfrom flyte import clustered\n", "2.4.4") == []


def test_a_release_newer_than_probed_is_not_checked() -> None:
    assert rule_findings(rule.CODE, "from flyte import NotYetProbed\n", "2.99") == []


def test_a_range_where_only_older_releases_lack_the_name_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\nversion = "0"\ndependencies = ["flyte>=2.0,<2.3"]\n', encoding="utf-8"
    )
    module = tmp_path / "m.py"
    module.write_text("from flyte.extras import Sleep\n", encoding="utf-8")
    found = [d for d in lint_paths([module], isolated=False) if d.code == rule.CODE]
    assert [d.severity for d in found] == ["warning"]
    assert "only with flyte 2.0.12" in found[0].message
