"""The mypy plugin, with real mypy and the real flyte SDK on the fixture modules in fixtures/mypy/.

Each fixture line may end with ``# E: <code> ...`` (the error codes expected there) or ``# N: <note>``;
every other line must stay free of errors. One mypy run checks all fixtures (fast); further runs check the
incremental cache, the missing-flyte case and error-code configuration.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "mypy"
FIXTURE_FILES = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.py"))

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None or importlib.util.find_spec("flyte") is None,
    reason="needs mypy and flyte installed",
)

_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)


def _config(tmp: Path, extra: str = "") -> Path:
    config = tmp / "mypy.ini"
    config.write_text(f"[mypy]\nplugins = flyte_lint.mypy_plugin\nshow_traceback = True\n{extra}")
    return config


def run_mypy(files: list[str], cwd: Path, cache: Path, config: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MYPYPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache), *extra, *files],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def parse(output: str) -> Iterator[tuple[str, int, str, str, str | None]]:
    for line in output.splitlines():
        match = _LINE.match(line)
        if match:
            yield (match["path"], int(match["line"]), match["kind"], match["text"], match["code"])


def expectations(relative: str) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    errors: dict[int, list[str]] = defaultdict(list)
    notes: dict[int, list[str]] = defaultdict(list)
    for number, text in enumerate((FIXTURES / relative).read_text().splitlines(), start=1):
        for marker in re.finditer(r"# E: ([a-z -]+?)\s*(?=#|$)", text):
            errors[number].extend(marker.group(1).split())
        for marker in re.finditer(r"# N: (.*)$", text):
            notes[number].append(marker.group(1).strip())
    return errors, notes


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("mypy")
    result = run_mypy(FIXTURE_FILES, FIXTURES, tmp / "cache", _config(tmp, "enable_error_code = flyte-description\n"))
    assert "Traceback" not in result.stderr + result.stdout, result.stderr + result.stdout
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("relative", FIXTURE_FILES)
def test_fixture(fixture_run: str, relative: str) -> None:
    expected_errors, expected_notes = expectations(relative)
    if _mypy_version() < (1, 19):  # older mypy refuses a plugin's code in enable_error_code: it stays off
        expected_errors = defaultdict(
            list, {k: [c for c in v if c != "flyte-description"] for k, v in expected_errors.items()}
        )
        expected_errors = defaultdict(list, {k: v for k, v in expected_errors.items() if v})
    got_errors: dict[int, list[str]] = defaultdict(list)
    got_notes: dict[int, list[str]] = defaultdict(list)
    for path, line, kind, text, code in parse(fixture_run):
        if path != relative:
            continue
        if kind == "error":
            got_errors[line].append(code or "?")
        elif text.startswith("Revealed type is"):
            got_notes[line].append(text.replace("builtins.", ""))  # mypy 1.x spells builtins out
    assert {k: sorted(v) for k, v in got_errors.items()} == {k: sorted(v) for k, v in expected_errors.items()}
    assert dict(got_notes) == dict(expected_notes)


def test_every_code_has_positive_and_negative_cases() -> None:
    from flyte_lint.mypy_plugin import _codes

    used: set[str] = set()
    for relative in FIXTURE_FILES:
        errors, _ = expectations(relative)
        used.update(code for codes in errors.values() for code in codes)
    # flyte-config needs a broken pyproject.toml: test_a_broken_configuration_is_reported_not_silently_dropped.
    assert {code.code for code in _codes.ALL} - {_codes.CONFIG.code} <= used


def test_messages_name_the_problem(fixture_run: str) -> None:
    lines = {(p, n): t for p, n, kind, t, _ in parse(fixture_run) if kind == "error"}
    assert lines[("env_name.py", 9)].startswith("Environment name 'myEnv' must be in snake_case or kebab-case format.")
    assert "did you mean 'timeout'?" in lines[("override.py", 24)]
    assert "reusable='off'" in lines[("reusable.py", 80)]
    # An unknown keyword written out at the call: mypy's [call-arg], and beside it the linter's words.
    level = [(t, c) for p, n, kind, t, c in parse(fixture_run) if kind == "error" and (p, n) == ("level.py", 3)]
    assert any("task decorator" in text and code == "flyte-level" for text, code in level), level
    assert any(code == "call-arg" for _, code in level), level


def test_incremental_run_reports_the_same(tmp_path: Path) -> None:
    config = _config(tmp_path)
    files = ["reusable.py", "override.py", "env_name.py"]
    first = run_mypy(files, FIXTURES, tmp_path / "cache", config)
    second = run_mypy(files, FIXTURES, tmp_path / "cache", config)
    assert "flyte-reusable" in first.stdout
    assert first.stdout == second.stdout
    assert first.returncode == second.returncode == 1


def _one_module_project(tmp_path: Path, module: str, pyproject: str) -> Path:
    """``proj/mod.py`` and ``proj/pyproject.toml`` under ``tmp_path``: the project folder."""
    project = tmp_path / "proj"
    project.mkdir()
    (project / "mod.py").write_text(module)
    (project / "pyproject.toml").write_text(pyproject)
    return project


BAD_NAME = 'import flyte\n\nenv = flyte.TaskEnvironment(name="Bad Env")\n'


def test_target_change_invalidates_the_cache(tmp_path: Path) -> None:
    project = _one_module_project(
        tmp_path,
        'import flyte\n\nenv = flyte.TaskEnvironment(name="sa", service_account="x")\n',
        '[tool.flyte-lint]\ntarget-version = "2.12"\n',
    )
    config = _config(tmp_path)
    assert "flyte-level" not in run_mypy(["mod.py"], project, tmp_path / "cache", config).stdout
    (project / "pyproject.toml").write_text('[tool.flyte-lint]\ntarget-version = "2.1.9"\n')
    assert "flyte-level" in run_mypy(["mod.py"], project, tmp_path / "cache", config).stdout


def test_a_broken_configuration_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    """The linter refuses a [tool.flyte-lint] it cannot read; under mypy the module says so at its first line
    instead of losing its findings, and the finding goes once the configuration is fixed."""
    project = _one_module_project(tmp_path, BAD_NAME, '[tool.flyte-lint]\nignore = "FLY001"\n')
    config = _config(tmp_path)
    broken = run_mypy(["mod.py"], project, tmp_path / "cache", config)
    assert "mod.py:1: error: flyte-lint's configuration cannot be read" in broken.stdout
    assert "ignore: expected a list of rule codes" in broken.stdout
    assert "[flyte-config]" in broken.stdout
    assert "[flyte-name]" not in broken.stdout
    (project / "pyproject.toml").write_text('[tool.flyte-lint]\nignore = ["FLY003"]\n')
    fixed = run_mypy(["mod.py"], project, tmp_path / "cache", config)
    assert "[flyte-config]" not in fixed.stdout
    assert "mod.py:3: error: Environment name 'Bad Env'" in fixed.stdout


def _mypy_version() -> tuple[int, ...]:
    from mypy.version import __version__

    return tuple(int(part) for part in re.findall(r"\d+", __version__)[:2])


def test_error_codes_can_be_disabled_and_ignored(tmp_path: Path) -> None:
    """``# type: ignore[flyte-...]`` everywhere; flyte-description (a description the SDK truncates, but accepts)
    is off unless enabled, and ``enable_error_code`` / ``disable_error_code`` for plugin codes need mypy >= 1.19."""
    project = tmp_path / "proj"
    project.mkdir()
    (project / "mod.py").write_text(
        textwrap.dedent(
            """
            import flyte

            env = flyte.TaskEnvironment(name="Bad Env", description="x" "%s")
            other = flyte.TaskEnvironment(name="Bad Two")  # type: ignore[flyte-name]


            @env.task
            async def t(x: int) -> int:
                return await t.override(name="n")(x=x)  # type: ignore[flyte-override]
            """
            % ("y" * 300)
        )
    )
    by_default = run_mypy(["mod.py"], project, tmp_path / "cache", _config(tmp_path, "warn_unused_ignores = True\n"))
    assert sorted(code for _, _, kind, _, code in parse(by_default.stdout) if kind == "error") == ["flyte-name"]
    config = _config(tmp_path, "enable_error_code = flyte-description\nwarn_unused_ignores = True\n")
    result = run_mypy(["mod.py"], project, tmp_path / "cache2", config)
    codes = sorted(code for _, _, kind, _, code in parse(result.stdout) if kind == "error")
    if _mypy_version() >= (1, 19):
        assert codes == ["flyte-description", "flyte-name"], result.stdout
    else:  # older mypy validates enable_error_code before plugins register their codes
        assert codes == ["flyte-name"], result.stdout
    config = _config(tmp_path, "disable_error_code = flyte-name\n")
    result = run_mypy(["mod.py"], project, tmp_path / "cache3", config)
    codes = sorted(code for _, _, kind, _, code in parse(result.stdout) if kind == "error")
    assert codes == ([] if _mypy_version() >= (1, 19) else ["flyte-name"]), result.stdout


def test_quiet_without_flyte(tmp_path: Path) -> None:
    """With flyte not importable, mypy sees no flyte types and the plugin reports nothing (and never crashes)."""
    project = tmp_path / "proj"
    project.mkdir()
    for relative in ("reusable.py", "override.py", "types_check.py"):
        shutil.copy(FIXTURES / relative, project / relative)
    result = run_mypy(
        ["reusable.py", "override.py", "types_check.py"],
        project,
        tmp_path / "cache",
        _config(tmp_path),
        "--no-site-packages",
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "INTERNAL ERROR" not in output
    assert result.returncode == 1  # only mypy's own import errors
    codes = {code for _, _, kind, _, code in parse(result.stdout) if kind == "error"}
    assert codes <= {"import-not-found", "import-untyped", "misc"}, result.stdout
    assert "flyte-" not in result.stdout


def _modules_loaded_with_the_plugin(prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that a fresh interpreter has after importing the plugin."""
    code = f"import sys, flyte_lint.mypy_plugin; print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    loaded: list[str] = ast.literal_eval(result.stdout)
    return loaded


def test_plugin_module_does_not_import_flyte() -> None:
    assert [m for m in _modules_loaded_with_the_plugin(("flyte",)) if m == "flyte" or m.startswith("flyte.")] == []


# tasks.py of the two-module projects: an override of a task of the reusable environment ``pool`` that envs.py
# makes (line 13), which flyte 2.12 refuses.
TASKS_ON_POOL = textwrap.dedent(
    """\
    import flyte

    from envs import pool


    @pool.task
    async def infer(x: int) -> int:
        return x


    @pool.task
    async def main(x: int) -> int:
        return await infer.override(resources=flyte.Resources(cpu=2))(x=x)
    """
)


def test_findings_stored_on_disk_serve_a_cold_mypy_run_until_an_imported_module_changes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')
    envs = project / "envs.py"
    envs.write_text(
        "import flyte\n\npool = flyte.TaskEnvironment(name='pool', reusable=flyte.ReusePolicy(replicas=2))\n"
    )
    (project / "tasks.py").write_text(TASKS_ON_POOL)
    config = _config(tmp_path)

    def errors(run: int) -> set[tuple[str, int, str | None]]:
        result = run_mypy(["envs.py", "tasks.py"], project, tmp_path / f"cache-{run}", config)
        return {(p, n, c) for p, n, kind, _, c in parse(result.stdout) if kind == "error"}

    first = errors(1)
    assert ("tasks.py", 13, "flyte-reusable") in first
    stored = list((project / ".flyte_lint_cache" / "mypy").rglob("*.json"))
    assert stored, "the findings were not stored"
    assert errors(2) == first  # a new mypy cache: the stored findings answer
    envs.write_text("import flyte\n\npool = flyte.TaskEnvironment(name='pool')\n")
    assert ("tasks.py", 13, "flyte-reusable") not in errors(3)  # envs.py changed: tasks.py is linted again
    for entry in stored:
        entry.write_text("{not json")  # a damaged entry is linted again, never trusted
    envs.write_text(
        "import flyte\n\npool = flyte.TaskEnvironment(name='pool', reusable=flyte.ReusePolicy(replicas=2))\n"
    )
    assert errors(4) == first


def test_a_module_whose_errors_mypy_drops_is_not_linted(tmp_path: Path) -> None:
    """A module mypy reaches with ``follow_imports = silent``, or one that says ``# mypy: ignore-errors``, shows
    no error whatever the plugin finds: it is not linted (no findings stored for it), while the module that
    imports it still gets the findings that depend on it."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')
    (project / "envs.py").write_text(
        "import flyte\n\nbad = flyte.TaskEnvironment(name='Bad Env')\n"
        "pool = flyte.TaskEnvironment(name='pool', reusable=flyte.ReusePolicy(replicas=2))\n"
    )
    (project / "quiet.py").write_text(
        "# mypy: ignore-errors\nimport flyte\n\nenv = flyte.TaskEnvironment(name='Bad')\n"
    )
    (project / "tasks.py").write_text(TASKS_ON_POOL)
    stored = project / ".flyte_lint_cache" / "mypy"
    config = _config(tmp_path, "follow_imports = silent\n")
    result = run_mypy(["tasks.py", "quiet.py"], project, tmp_path / "cache", config)
    found = {(p, n, c) for p, n, kind, _, c in parse(result.stdout) if kind == "error"}
    assert found == {("tasks.py", 13, "flyte-reusable")}, result.stdout
    assert len(list(stored.rglob("*.json"))) == 1  # tasks.py's findings only
    result = run_mypy(["tasks.py", "envs.py"], project, tmp_path / "cache-2", _config(tmp_path))
    found = {(p, n, c) for p, n, kind, _, c in parse(result.stdout) if kind == "error"}
    assert found == {("tasks.py", 13, "flyte-reusable"), ("envs.py", 3, "flyte-name")}, result.stdout
    assert len(list(stored.rglob("*.json"))) == 2  # and now envs.py's


def test_a_settings_change_makes_mypy_check_cached_modules_again(tmp_path: Path) -> None:
    """The governing pyproject.toml is part of each module's cache data: select/ignore edits apply on the next
    run with the same mypy cache, not only target edits."""
    project = _one_module_project(tmp_path, BAD_NAME, '[project]\nname = "p"\n')
    pyproject = project / "pyproject.toml"
    config, cache = _config(tmp_path), tmp_path / "cache"

    def codes() -> list[str | None]:
        result = run_mypy(["mod.py"], project, cache, config)
        return [code for _, _, kind, _, code in parse(result.stdout) if kind == "error"]

    assert codes() == ["flyte-name"]
    pyproject.write_text('[project]\nname = "p"\n[tool.flyte-lint]\nignore = ["FLY001"]\n')
    assert codes() == []
    pyproject.write_text('[project]\nname = "p"\n')
    assert codes() == ["flyte-name"]


def test_loading_the_plugin_loads_no_part_of_the_linter() -> None:
    """mypy loads the plugin at every run, a warm one that checks nothing included: the linter (extraction,
    rules, spec, settings) is imported only when a module is checked."""
    heavy = ("flyte_lint.extract", "flyte_lint.rules", "flyte_lint.spec", "flyte_lint.config", "flyte_lint.single")
    assert _modules_loaded_with_the_plugin(heavy) == []


def test_a_run_answered_by_stored_findings_loads_no_part_of_the_linter(tmp_path: Path) -> None:
    project = _one_module_project(tmp_path, BAD_NAME, '[project]\nname = "p"\n')
    config = _config(tmp_path)
    script = (
        "import sys\nfrom mypy import api\n"
        f"out = api.run(['--config-file', {str(config)!r}, '--cache-dir', sys.argv[1], 'mod.py'])[0]\n"
        "heavy = ('flyte_lint.extract', 'flyte_lint.rules', 'flyte_lint.spec', 'flyte_lint.config')\n"
        "print(out.count('[flyte-name]'), sorted(m for m in sys.modules if m.startswith(heavy))[:1])\n"
    )

    def run(cache: str) -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("FLYTE_LINT_NO_CACHE", None)
        result = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / cache)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return result.stdout.strip()

    assert run("cache-1") == "1 ['flyte_lint.config']"  # linted: the linter was loaded
    assert run("cache-2") == "1 []"  # a new mypy cache, the same finding, from the store
