"""What the real SDK does with fixtures whose failure the differential oracle (a dry-run deploy) cannot see:
include lookup when the code bundle is built, trigger conversion in a real deploy, and local runs.

Each probe runs tests/probes/sdk_probe.py under flyte 2.12.1 (this interpreter) and flyte 2.1.9 (the cached
venv of tests/sdk_venvs.py; skipped when it cannot be made), in a fresh process with a throw-away HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdk_venvs import sdk_interpreter

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "tests" / "probes" / "sdk_probe.py"
CASES = ROOT / "fixtures" / "sdk_cases"
TIMEOUT_S = 180


def _python(version: str) -> str:
    if version == "2.12.1":
        try:
            import flyte
        except ImportError:
            pytest.skip("flyte 2.12.1 is not installed in the test environment")
        if getattr(flyte, "__version__", "2.12.1") != "2.12.1":
            pytest.skip(f"the test environment has flyte {flyte.__version__}, not 2.12.1")
        return sys.executable
    interpreter = sdk_interpreter(version)
    if interpreter.python is None:
        pytest.skip(f"flyte {version} interpreter unavailable: {interpreter.reason}")
    return interpreter.python


def probe(version: str, tmp_path: Path, *args: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE", "UNION", "PYTHON", "VIRTUAL_ENV"))}
    env["HOME"] = str(tmp_path)
    proc = subprocess.run(
        [_python(version), "-B", str(PROBE), *args],
        capture_output=True, text=True, timeout=TIMEOUT_S, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, f"probe printed no verdict:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    result: dict[str, Any] = json.loads(lines[-1])
    return result


BOTH = ["2.1.9", "2.12.1"]


@pytest.mark.parametrize("version", BOTH)
def test_deploy_rejects_an_include_entry_that_matches_nothing(version: str, tmp_path: Path) -> None:
    result = probe(version, tmp_path, "include", str(CASES / "env_include_missing.py"))
    assert result["type"] == "ValueError", result
    missing = CASES.resolve() / "templates" / "index.html"
    assert result["message"] == f"File {missing} is not a valid file, directory, or glob pattern"


@pytest.mark.parametrize("version", BOTH)
def test_sync_task_called_from_async_task_fails_only_on_2_12(version: str, tmp_path: Path) -> None:
    result = probe(version, tmp_path, "run", str(CASES / "task_sync_called_from_async.py"), "main", '{"n": 3}')
    if version == "2.1.9":
        assert result["ok"], result
        return
    assert result["type"] == "RuntimeUserError", result
    assert result["message"] == (
        "Sync task 'text.to_text' was called in a blocking way from async code. This blocks the event loop and can "
        "hang the run. Use `await to_text.aio(...)` instead."
    )


@pytest.mark.parametrize("version", BOTH)
def test_sync_task_called_with_aio_runs_on_both(version: str, tmp_path: Path) -> None:
    source = (CASES / "task_sync_called_from_async.py").read_text(encoding="utf-8")
    fixed = tmp_path / "fixed.py"
    fixed.write_text(source.replace("return to_text(n)", "return await to_text.aio(n)"), encoding="utf-8")
    result = probe(version, tmp_path, "run", str(fixed), "main", '{"n": 3}')
    assert result["ok"], result


@pytest.mark.parametrize("version", BOTH)
@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        (
            "trigger_bad_input_name.py",
            "Trigger default input 'rows' must be an input to the task, but not found in task reports.build. "
            "Available inputs: ['limit']",
        ),
        (
            "trigger_bad_time_input.py",
            "For a scheduled trigger, the TriggerTime input 'when' must be an input to the task, but not found in "
            "task ingest.pull. Available inputs: ['start']",
        ),
    ],
)
def test_deploy_rejects_trigger_inputs_that_are_not_task_inputs(
    version: str, fixture: str, message: str, tmp_path: Path
) -> None:
    result = probe(version, tmp_path, "triggers", str(CASES / fixture))
    assert (result.get("type"), result.get("message")) == ("ValueError", message), result


@pytest.mark.parametrize("version", BOTH)
def test_triggers_as_a_list_fail_only_on_2_1(version: str, tmp_path: Path) -> None:
    result = probe(version, tmp_path, "triggers", str(CASES / "trigger_list.py"))
    if version == "2.12.1":
        assert result["ok"], result
    else:
        assert (result["type"], result["message"]) == ("AttributeError", "'list' object has no attribute 'env_vars'")


@pytest.mark.parametrize("version", BOTH)
def test_a_required_input_left_unbound_by_a_scheduled_trigger_deploys(version: str, tmp_path: Path) -> None:
    """The SDK does not check it; what the control plane does when the trigger fires is not established."""
    result = probe(version, tmp_path, "triggers", str(CASES / "trigger_ok_unbound_required_input.py"))
    assert result["ok"], result


def _specs(version: str, tmp_path: Path, fixture: str) -> dict[str, dict[str, Any]]:
    result = probe(version, tmp_path, "serialize", str(CASES / fixture))
    assert result["ok"], result
    return {spec["key"]: spec for spec in result["specs"]}


@pytest.mark.parametrize("version", BOTH)
def test_2_1_sends_only_the_seconds_part_of_a_timeout(version: str, tmp_path: Path) -> None:
    """FLY119: what a real deploy (or a cluster submission of the override) sends as the task's timeout."""
    specs = _specs(version, tmp_path, "timeout_days_dropped.py")
    sent = {key: spec["timeout"] for key, spec in specs.items()}
    if version == "2.1.9":
        expected = {"etl.daily": 0, "etl.two_days": 5, "etl.with_object": 7, "etl.negative": 86395}
        quick = 21600
    else:
        expected = {"etl.daily": 86400, "etl.two_days": 172805, "etl.with_object": 86407, "etl.negative": -5}
        quick = 108000
    assert {key: sent[key] for key in expected} == expected
    assert sent["etl.under_a_day"] == 82800
    assert sent["module:quick"] == quick


@pytest.mark.parametrize("version", BOTH)
def test_task_specs_cut_environment_names_and_short_names_to_63(version: str, tmp_path: Path) -> None:
    """FLY307: the env name and the short name are cut; the task's own name is not; two envs then share one."""
    specs = _specs(version, tmp_path, "name_truncated.py")
    env = "customer-churn-feature-engineering-nightly-batch-pipeline-eu-west"
    load, score = specs[f"{env}.load"], specs[f"{env}-2.score"]
    assert load["name"] == f"{env}.load" and score["name"] == f"{env}-2.score"
    assert load["environment"] == score["environment"] == env[:63]
    assert load["short_name"] == "load-customer-churn-features-from-the-warehouse-into-the-feature-store"[:63]


@pytest.mark.parametrize("version", BOTH)
def test_links_as_strings_fail_and_lists_fail_only_on_2_1(version: str, tmp_path: Path) -> None:
    """FLY120: links are rendered by a real deploy (a dry run skips them)."""
    specs = _specs(version, tmp_path, "links_bad_form.py")
    assert specs["links.as_string"]["error"] == "AttributeError: 'str' object has no attribute 'get_link'"
    assert "error" not in specs["links.as_tuple"], specs["links.as_tuple"]
    if version == "2.1.9":
        assert specs["links.as_list"]["error"] == "AttributeError: 'list' object has no attribute 'get_link'"
    else:
        assert "error" not in specs["links.as_list"], specs["links.as_list"]


@pytest.mark.parametrize("version", BOTH)
def test_a_task_with_positional_only_parameters_fails_whenever_it_runs(version: str, tmp_path: Path) -> None:
    """FLY112 is an error though import and deploy accept the task: every run of it fails (here a local run of
    a parent that calls it, through the oracle's ``# sdk-run:``)."""
    from sdk_oracle import judge

    module = tmp_path / "posonly.py"
    module.write_text(
        "# sdk-run: main\n"
        "import flyte\n\n"
        'env = flyte.TaskEnvironment(name="env")\n\n\n'
        "@env.task\n"
        "async def posonly(x: int, /) -> int:\n"
        "    return x\n\n\n"
        "@env.task\n"
        "async def main(n: int = 1) -> int:\n"
        "    return await posonly(n)\n"
    )
    verdict = judge(module, _python(version))
    assert verdict.phase == "run"
    assert "positional-only arguments passed as keyword arguments" in (verdict.message or "")
