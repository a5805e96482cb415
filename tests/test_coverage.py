"""The coverage table (flyte_lint/coverage.toml): every behaviour of the SDK catalogue is mapped to rules that
exist and fixtures that exist, or to a reason; docs/coverage.md is generated from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flyte_lint import coverage, docs_gen
from flyte_lint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
BEHAVIOURS = coverage.load()
IDS = [b.id for b in BEHAVIOURS]


def _catalogue() -> Path | None:
    """shared/flyte-semantics.md of this workplace, or CI's copy of shared/ beside the checkout (../shared)."""
    for candidate in (ROOT.parent / "shared" / "flyte-semantics.md", Path("/work/shared/flyte-semantics.md")):
        if candidate.is_file():
            return candidate
    return coverage.find_catalogue(ROOT)


def test_every_catalogue_id_is_mapped() -> None:
    path = _catalogue()
    if path is None:
        pytest.skip("shared/flyte-semantics.md is neither at ../shared nor at /work/shared")
    catalogue = coverage.catalogue_ids(path.read_text(encoding="utf-8"))
    assert len(catalogue) > 100, f"the id parser found only {len(catalogue)} ids in {path}"
    unmapped = [i for i in catalogue if i not in IDS]
    assert not unmapped, f"behaviour ids of {path.name} missing from flyte_lint/coverage.toml: {unmapped}"
    stale = [i for i in IDS if i not in catalogue]
    assert not stale, f"ids in flyte_lint/coverage.toml that the catalogue no longer has: {stale}"


def test_ids_are_unique_and_well_formed() -> None:
    assert len(IDS) == len(set(IDS))
    assert len(IDS) > 100


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=IDS)
def test_behaviour_is_checked_or_explained(behaviour: coverage.Behaviour) -> None:
    if behaviour.checked:
        assert behaviour.fixtures, f"{behaviour.id}: mapped to {behaviour.rules} without a fixture that proves it"
        assert not behaviour.reason, f"{behaviour.id}: a rule and a reason; use `limits` for what the rule leaves out"
    else:
        assert behaviour.reason and behaviour.instead, f"{behaviour.id}: no rule, so it needs a reason and `instead`"
        assert not behaviour.fixtures and not behaviour.limits, behaviour.id


def test_rule_codes_exist() -> None:
    codes = {rule.code for rule in all_rules()}
    missing = {(b.id, code) for b in BEHAVIOURS for code in b.rules if code not in codes}
    assert not missing, f"coverage.toml names rules that do not exist: {sorted(missing)}"


def test_fixture_paths_exist() -> None:
    missing = [(b.id, path) for b in BEHAVIOURS for path in b.fixtures if not (FIXTURES / path).exists()]
    assert not missing, f"coverage.toml names fixtures that do not exist under fixtures/: {missing}"


def test_catalogue_parser_reads_paragraph_and_table_ids() -> None:
    text = (
        "**Check ids** (by section): §4.1 `env-name-format`, `resources-*` · §5 `silent-*`.\n\n"
        "## 4. Check catalogue\n\n| id | x |\n|---|---|\n| `env-name-format` | a |\n| `task-varargs` | b |\n"
        "| `cache` | parameter row |\n\n## 5. Silent\n\n| `silent-docs` | c |\n\n## 6. Project-wide\n\n"
        "| `not-an-id` | d |\n"
    )
    assert coverage.catalogue_ids(text) == ["env-name-format", "resources-*", "task-varargs", "silent-docs"]


def test_docs_coverage_is_current() -> None:
    assert not docs_gen.coverage_stale(), "docs/coverage.md is stale; run 'python -m flyte_lint.docs_gen'"


def test_docs_gen_check_fails_on_a_stale_coverage_page(tmp_path: Path) -> None:
    page = tmp_path / "coverage.md"
    page.write_text("outdated\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "flyte_lint.docs_gen", "--check", "--coverage-output", str(page)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 1 and "coverage.md" in proc.stderr
    assert docs_gen.write_coverage(page) and not docs_gen.coverage_stale(page)


def test_page_counts_and_lists_every_behaviour() -> None:
    text = docs_gen.render_coverage()
    checked = sum(b.checked for b in BEHAVIOURS)
    assert f"**{checked} of {len(BEHAVIOURS)}**" in text
    for behaviour in BEHAVIOURS:
        assert f"| `{behaviour.id}` |" in text


def test_data_file_ships_with_the_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"coverage.toml"' in pyproject
    assert coverage.DATA_FILE.parent == Path(coverage.__file__).parent
