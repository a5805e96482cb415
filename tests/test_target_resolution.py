"""One target resolution for every front end: the linter and the mypy plugin check a file against the same
release(s), from ``target-version``, a PEP 723 header, or the project's pin (PEP 621, Poetry, dependency
groups, uv, PDM, requirements files), ranges included."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from flyte_lint import spec
from flyte_lint.api import lint_paths
from flyte_lint.config import SettingsResolver
from flyte_lint.pep723 import scan_pep723_pin
from flyte_lint.rules import known_codes

SERVICE_ACCOUNT = 'import flyte\n\nenv = flyte.TaskEnvironment(name="etl", service_account="etl-sa")\n'
HEADER = '# /// script\n# dependencies = ["flyte==2.12.1"]\n# ///\n'

LAYOUTS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "pep621": ({"pyproject.toml": '[project]\nname = "p"\ndependencies = ["flyte==2.5.20"]\n'}, ("2.5.20",)),
    "pep621-optional": (
        {"pyproject.toml": '[project]\nname = "p"\n[project.optional-dependencies]\nrun = ["flyte==2.8.1"]\n'},
        ("2.8.1",),
    ),
    "poetry-exact": ({"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\nflyte = "2.1.9"\n'}, ("2.1.9",)),
    "poetry-caret": (
        {"pyproject.toml": '[tool.poetry.dependencies]\nflyte = "^2.9"\n'},
        ("2.9.0", "2.10.7", "2.11.4", "2.12.1"),
    ),
    "poetry-group": (
        {"pyproject.toml": '[tool.poetry.group.flyte.dependencies]\nflyte = { version = "~2.6" }\n'},
        ("2.6.13",),
    ),
    "dependency-groups": ({"pyproject.toml": '[dependency-groups]\nwf = ["flyte==2.7.2"]\n'}, ("2.7.2",)),
    "uv": ({"pyproject.toml": '[tool.uv]\ndev-dependencies = ["flyte==2.3.9"]\n'}, ("2.3.9",)),
    "pdm": ({"pyproject.toml": '[tool.pdm.dev-dependencies]\nwf = ["flyte==2.4.4"]\n'}, ("2.4.4",)),
    "requirements-range": (
        {"pyproject.toml": '[project]\nname = "p"\n', "requirements.txt": "flyte>=2.5,<2.9  # pinned\n"},
        ("2.5.20", "2.6.13", "2.7.2", "2.8.1"),
    ),
    "target-version-wins": (
        {
            "pyproject.toml": '[project]\nname = "p"\ndependencies = ["flyte==2.1.9"]\n'
            + '[tool.flyte-lint]\ntarget-version = "2.10"\n'
        },
        ("2.10.7",),
    ),
    "pep723-header-wins": ({"pyproject.toml": '[project]\nname = "p"\ndependencies = ["flyte==2.1.9"]\n'}, ("2.12.1",)),
}


def _project(tmp_path: Path, name: str) -> Path:
    files, _ = LAYOUTS[name]
    root = tmp_path / name
    root.mkdir()
    for file, text in files.items():
        (root / file).write_text(text)
    module = root / "flows.py"
    module.write_text((HEADER if name == "pep723-header-wins" else "") + SERVICE_ACCOUNT)
    return module


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_layout_gives_its_target_and_the_linter_checks_against_it(tmp_path: Path, name: str) -> None:
    module = _project(tmp_path, name)
    settings = SettingsResolver(frozenset(known_codes())).for_file(module)
    target = settings.target(scan_pep723_pin(module.read_text()))
    assert target.profiles == LAYOUTS[name][1]
    # The linter on the same file: service_account= exists from flyte 2.6 on, so FLY004 says what the
    # target is. A range that mixes both gets a warning naming the releases that refuse it.
    findings = [d for d in lint_paths([module], isolated=False) if d.code == "FLY004"]
    refusing = [p for p in target.profiles if "service_account" not in spec.env_fields(p)]
    if not refusing:
        assert findings == []
    elif len(refusing) == len(target.profiles):
        assert [d.severity for d in findings] == ["error"]
    else:
        assert [d.severity for d in findings] == ["warning"]
        assert all(release in findings[0].message for release in refusing)


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="needs mypy")
@pytest.mark.parametrize("name", ["poetry-exact", "pep723-header-wins", "uv"])
def test_real_mypy_checks_the_same_release(tmp_path: Path, name: str) -> None:
    module = _project(tmp_path, name)
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nplugins = flyte_lint.mypy_plugin\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "flows.py",
        ],
        cwd=module.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    linter_errors = [d for d in lint_paths([module], isolated=False) if d.severity == "error"]
    plugin_errors = [line for line in result.stdout.splitlines() if "[flyte-" in line]
    assert bool(linter_errors) == bool(plugin_errors), (result.stdout, linter_errors)


def test_a_release_newer_than_the_newest_probed_one_is_named_on_stderr(tmp_path: Path) -> None:
    module = tmp_path / "flows.py"
    module.write_text(SERVICE_ACCOUNT)
    result = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--target-version", "2.99", str(module)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "2.99" in lines[0] and spec.NEWEST_RELEASE in lines[0]


def test_targets_map_to_probed_releases() -> None:
    assert spec.parse_target("2.5").profiles == ("2.5.20",) and spec.parse_target("2.5").exact
    assert spec.parse_target("2.5.3").profiles == ("2.5.20",) and not spec.parse_target("2.5.3").exact
    beyond = spec.parse_target("2.99")
    assert beyond.beyond and beyond.profiles == (spec.NEWEST_RELEASE,)
    with pytest.raises(spec.VersionError):
        spec.parse_target("3.0")
    ranged = spec.target_from_pin("flyte>=2.5,<2.9")
    assert ranged is not None and ranged.profiles == ("2.5.20", "2.6.13", "2.7.2", "2.8.1")
    assert spec.target_from_pin("flyte") is None


def test_a_range_given_as_target_version_stands_for_every_release_it_admits() -> None:
    target = spec.parse_target(">=2.5,<2.9")
    assert target.profiles == ("2.5.20", "2.6.13", "2.7.2", "2.8.1")
    assert spec.parse_target("~=2.11").profiles == ("2.11.4", "2.12.1")


def test_a_target_version_that_admits_no_flyte_2_release_is_refused() -> None:
    with pytest.raises(spec.VersionError, match="range"):
        spec.parse_target(">=9.0")
