"""The mypy plugin checks a module pinned to a range of releases faster than the linter does (when the range's
first release finds nothing there, the others run only the rules whose partial findings it shows): what it
shows must be exactly what the full check gives, on every SDK-judged fixture pinned to every flyte 2 release."""

from __future__ import annotations

from pathlib import Path

import pytest

from flyte_lint.mypy_plugin._codes import SHOWN_WARNINGS, plugin_code
from flyte_lint.single import lint_module, read_text

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "sdk_cases"
_HEADER = '# /// script\n# requires-python = ">=3.10"\n# dependencies = ["flyte>=2.0.0b52"]\n# ///\n'


def _shown(path: Path, shown_partial: frozenset[str] | None) -> list[tuple[str, int, int, str]]:
    result = lint_module(str(path), path.stem, read_text, {}, shown_partial=shown_partial)
    return [(d.code, d.line, d.column, d.message) for d in result.diagnostics if plugin_code(d.code, d.severity)]


def test_the_plugin_shows_the_same_findings_of_a_pinned_range_as_the_full_check(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "cases"\n')
    shown_somewhere = 0
    for case in sorted(CASES.glob("*.py")):
        pinned = tmp_path / case.name
        pinned.write_text(_HEADER + case.read_text())
        full = _shown(pinned, None)
        assert _shown(pinned, SHOWN_WARNINGS) == full, case.name
        shown_somewhere += bool(full)
    # The range finds errors in many fixtures (every release rejects them): the comparison is not vacuous.
    assert shown_somewhere > 50


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
