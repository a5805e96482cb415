"""Tests of the SDK oracle itself: does it report what the real flyte SDK does, at the right line?

Each test runs real fixture modules in a subprocess with a real ``flyte`` (2.12.1 from this environment,
2.1.9 from its cached venv, see ``sdk_venvs.py``). Nothing in flyte is mocked.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest

# The helpers live next to this file; import them the same way under any pytest import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdk_oracle import OracleError, SdkVerdict, judge
from sdk_venvs import LEGACY_VERSION, PRIMARY_VERSION, SUPPORTED_VERSIONS, sdk_interpreter

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "sdk_cases"


@pytest.fixture(params=SUPPORTED_VERSIONS, ids=lambda v: f"flyte-{v}")
def sdk(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(version, interpreter) for each supported SDK version; skipped when it cannot be provided."""
    version: str = request.param
    interpreter = sdk_interpreter(version)
    if interpreter.python is None:
        pytest.skip(f"flyte {version} interpreter unavailable: {interpreter.reason}")
    return version, interpreter.python


def _judge(name: str, python: str) -> SdkVerdict:
    return judge(CASES / f"{name}.py", python)


def test_bad_name_reports_line_type_and_message(sdk: tuple[str, str]) -> None:
    version, python = sdk
    verdict = _judge("env_name_bad_uppercase", python)
    assert verdict.flyte_version == version
    assert verdict.phase == "import"
    assert verdict.exc_type == "ValueError"
    assert verdict.message == "Environment name 'FeatureEng' must be in snake_case or kebab-case format."
    assert (verdict.line, verdict.end_line) == (4, 4)


def test_multiline_constructor_spans_the_whole_call(sdk: tuple[str, str]) -> None:
    _, python = sdk
    verdict = _judge("env_name_bad_double_underscore", python)
    assert verdict.phase == "import"
    assert (verdict.line, verdict.end_line) == (4, 7)
    assert "etl__daily" in (verdict.message or "")


def test_decorator_failure_points_at_the_decorator(sdk: tuple[str, str]) -> None:
    _, python = sdk
    verdict = _judge("task_sync_reusable_concurrency", python)
    assert verdict.phase == "import"
    assert verdict.line == 7  # the `@env.task` line, not the `def` line
    assert (verdict.message or "").startswith("Reusable environments with concurrency greater than 1")


def test_good_module_is_ok_everywhere(sdk: tuple[str, str]) -> None:
    _, python = sdk
    verdict = _judge("ok_full_featured_env", python)
    assert verdict.phase == "ok", verdict.summary()
    assert verdict.exc_type is None and verdict.line is None
    assert verdict.conclusive


def test_version_dependent_cache_string(sdk: tuple[str, str]) -> None:
    """2.12.1 rejects an invalid env cache string at decoration; 2.1.9 only when the task is serialized."""
    version, python = sdk
    verdict = _judge("cache_bad_env_string", python)
    if version == PRIMARY_VERSION:
        assert verdict.phase == "import"
        assert verdict.line == 7
        assert verdict.message is not None and verdict.message.startswith("Invalid cache behavior: 'always'.")
    else:
        assert verdict.phase == "deploy"
        assert verdict.step == "serialize"
        assert verdict.task == "cached.compute"
        assert (verdict.line, verdict.end_line) == (7, 8)  # decorator to `def`
        assert (4, 4) in verdict.related  # the env constructor that carries cache="always"
        assert verdict.message == "Invalid cache behavior: always. Must be one of ['auto', 'override', 'disable']"
        assert verdict.wrapped_message is not None
        assert verdict.wrapped_message.startswith("Failed to deploy task cached.compute file")


def test_alias_accepted_only_by_new_sdk(sdk: tuple[str, str]) -> None:
    version, python = sdk
    verdict = _judge("cache_enable_alias", python)
    if version == PRIMARY_VERSION:
        assert verdict.phase == "ok", verdict.summary()
    else:
        assert (verdict.phase, verdict.step, verdict.line) == ("deploy", "serialize", 7)


def test_duplicate_names_fail_deploy_planning(sdk: tuple[str, str]) -> None:
    _, python = sdk
    verdict = _judge("deploy_duplicate_env_name", python)
    assert (verdict.phase, verdict.step) == ("deploy", "plan")
    assert verdict.exc_type == "ValueError"
    assert verdict.line == 5  # the second environment named "etl"
    # Two same-named envs in one module produce the SDK's dual-import wording.
    assert "imported twice" in (verdict.message or "")


def test_depends_on_cycle_is_a_recursion_error(sdk: tuple[str, str]) -> None:
    _, python = sdk
    verdict = _judge("deploy_depends_on_cycle", python)
    assert (verdict.phase, verdict.step, verdict.exc_type) == ("deploy", "plan", "RecursionError")
    assert {4, 5} <= {span[0] for span in verdict.spans}


def test_bare_environment_has_no_deployer(sdk: tuple[str, str]) -> None:
    _, python = sdk
    verdict = _judge("deploy_bare_environment", python)
    assert (verdict.phase, verdict.step, verdict.line) == ("deploy", "deployer", 4)
    assert "No deployer registered" in (verdict.message or "")


def test_sdk_log_warnings_are_captured(sdk: tuple[str, str]) -> None:
    _, python = sdk
    starving = _judge("reuse_ok_starvation_warning", python)
    assert starving.phase == "ok"
    assert starving.logged("It is recommended to use a minimum of 2 replicas")
    untyped = _judge("task_ok_untyped_param", python)
    assert untyped.phase == "ok"
    assert untyped.logged("has parameter payload without type annotation")


def test_missing_optional_package_is_a_limitation_not_a_failure(sdk: tuple[str, str]) -> None:
    _, python = sdk
    verdict = _judge("task_ok_pod_template_object_on_reusable_env", python)
    assert verdict.phase == "ok", verdict.summary()
    if not verdict.conclusive:  # `kubernetes` is not installed for this interpreter
        assert any("kubernetes" in lim for lim in verdict.limitations)
        assert (11, 12) in verdict.limited_spans


def test_network_is_blocked_in_the_child(sdk: tuple[str, str], tmp_path: Path) -> None:
    _, python = sdk
    module = tmp_path / "phones_home.py"
    module.write_text(
        '"""Tries to open a TCP connection at import."""\n'
        "import socket\n\n"
        'socket.create_connection(("127.0.0.1", 9), timeout=1)\n'
    )
    verdict = judge(module, python)
    assert verdict.phase == "import"
    assert verdict.line == 4
    assert "disabled in the flyte-lint SDK oracle" in (verdict.message or "")


def test_home_is_a_throwaway_directory(sdk: tuple[str, str], tmp_path: Path) -> None:
    _, python = sdk
    module = tmp_path / "where_is_home.py"
    module.write_text(
        '"""Reports HOME and cwd."""\nimport os\n\nraise RuntimeError(os.environ["HOME"] + "|" + os.getcwd())\n'
    )
    verdict = judge(module, python)
    assert verdict.exc_type == "RuntimeError"
    home, cwd = (verdict.message or "|").split("|")
    assert os.path.realpath(home) == os.path.realpath(cwd)
    assert home != os.path.expanduser("~")
    assert not Path(home).exists()  # removed after the run


def test_syntax_error_line(sdk: tuple[str, str], tmp_path: Path) -> None:
    _, python = sdk
    module = tmp_path / "broken.py"
    module.write_text('"""Broken."""\nimport flyte\n\nenv = flyte.TaskEnvironment(name="x"\n')
    verdict = judge(module, python)
    assert verdict.phase == "import"
    assert verdict.exc_type == "SyntaxError"
    assert verdict.line == 4


def test_timeout_raises_oracle_error(sdk: tuple[str, str], tmp_path: Path) -> None:
    _, python = sdk
    module = tmp_path / "sleepy.py"
    module.write_text('"""Never finishes in time."""\nimport time\n\ntime.sleep(60)\n')
    with pytest.raises(OracleError, match="timed out"):
        judge(module, python, timeout=5)


def test_fixture_directory_stays_clean(sdk: tuple[str, str]) -> None:
    _, python = sdk
    _judge("ok_import_alias", python)
    assert not (CASES / "__pycache__").exists()


# ---------------------------------------------------------------- corpus hygiene (no subprocess)


def _corpus() -> list[Path]:
    return sorted(CASES.glob("*.py"))


def test_corpus_is_large_enough() -> None:
    assert len(_corpus()) >= 120


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_fixture_shape(path: Path) -> None:
    """One-line module docstring first (after optional comment lines); parses; sdk-silent marker well-formed."""
    text = path.read_text()
    tree = ast.parse(text, filename=str(path))
    doc = ast.get_docstring(tree, clean=False)
    assert doc is not None, "fixture must start with a docstring"
    assert "\n" not in doc.strip(), "the docstring must be one line"
    first_stmt = tree.body[0]
    leading = text.splitlines()[: first_stmt.lineno - 1]
    assert all(line.startswith("#") for line in leading), "only comment lines may precede the docstring"
    for line in leading:
        if line.startswith("# sdk-silent"):
            assert line.startswith("# sdk-silent: ") and len(line) > len("# sdk-silent: ") + 10


def test_legacy_version_constant_is_consistent() -> None:
    assert LEGACY_VERSION in SUPPORTED_VERSIONS and PRIMARY_VERSION in SUPPORTED_VERSIONS


# One fixture per phase: accepted, refused at import, at decoration, at deploy, by the deploy plan.
_FORKED_SAMPLE = (
    "add_dependency_ok.py",
    "env_name_bad_missing.py",
    "task_pod_template_on_reusable.py",
    "env_reusable_false_async.py",
    "add_dependency_self.py",
    "import_name_misspelt.py",
)


def test_forked_judge_gives_the_fresh_process_verdicts_on_modules(sdk: tuple[str, str]) -> None:
    from sdk_oracle import ForkJudge

    _, python = sdk
    server = ForkJudge(python)
    try:
        for name in _FORKED_SAMPLE:
            fresh = judge(CASES / name, python)
            forked = server(CASES / name, 90.0, module=True)
            assert forked == fresh, f"{name}: forked {forked.summary()} / fresh {fresh.summary()}"
    finally:
        server.close()
