from __future__ import annotations

from pathlib import Path

import pytest
from _shared import NEW, OLD, check_docstring_examples, rule_findings

from flyte_lint.api import lint_paths
from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly117_sync_task_in_async as rule

HEAD = (
    "import asyncio\n"
    "import flyte\n"
    'env = flyte.TaskEnvironment(name="text")\n'
    "\n"
    "@env.task\n"
    "def to_text(n: int) -> str:\n"
    "    return str(n)\n"
    "\n"
    "@env.task\n"
    "async def to_upper(s: str) -> str:\n"
    "    return s.upper()\n"
    "\n"
)


def findings(body: str, version: str = NEW, *, caller: str = "async def") -> list[Diagnostic]:
    source = HEAD + f"@env.task\n{caller} main(n: int) -> str:\n" + body
    return rule_findings(rule.CODE, source, version)


def test_docstring_examples_on_2_12() -> None:
    check_docstring_examples(rule, NEW)


def test_flyte_2_1_runs_the_call_so_nothing_is_reported() -> None:
    assert findings("    return to_text(n)\n", OLD) == []
    between = HEAD + "@env.task\nasync def m(n: int) -> str:\n    return to_text(n)\n"
    assert rule_findings(rule.CODE, between, "2.5") == []


@pytest.mark.parametrize(
    "body",
    [
        "    return to_text(n)\n",
        "    return await to_text(n)\n",
        "    return to_text.override(retries=2)(n)\n",
        "    texts = [to_text(i) for i in range(n)]\n    return texts[0]\n",
    ],
)
def test_blocking_calls_in_an_async_task_raise_on_2_12(body: str) -> None:
    found = findings(body)
    assert len(found) == 1 and found[0].severity == "error"
    assert "Sync task 'text.to_text' was called in a blocking way from async code" in found[0].message
    assert "Use `await to_text.aio(...)` instead." in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        "    return await to_text.aio(n)\n",
        "    return await to_text.override(retries=2).aio(n)\n",
        "    return await asyncio.to_thread(to_text, n)\n",
        "    def helper() -> str:\n        return to_text(n)\n    return await asyncio.to_thread(helper)\n",
        "    return await to_upper(str(n))\n",
    ],
)
def test_non_blocking_forms_are_accepted(body: str) -> None:
    assert findings(body) == []


def test_a_sync_parent_may_call_a_sync_task() -> None:
    assert findings("    return to_text(n)\n", caller="def") == []


def test_a_plain_async_function_is_not_a_task_and_not_judged() -> None:
    source = HEAD + "async def helper(n: int) -> str:\n    return to_text(n)\n"
    assert rule_findings(rule.CODE, source) == []


def test_a_stacked_decorator_hides_the_callee_kind() -> None:
    source = (
        "import functools\nimport flyte\n"
        'env = flyte.TaskEnvironment(name="text")\n'
        "def traced(fn):\n    return fn\n\n"
        "@env.task\n@traced\ndef to_text(n: int) -> str:\n    return str(n)\n\n"
        "@env.task\nasync def main(n: int) -> str:\n    return to_text(n)\n"
    )
    assert rule_findings(rule.CODE, source) == []


def test_the_callee_may_live_in_another_module(tmp_path: Path) -> None:
    (tmp_path / "lib.py").write_text(
        'import flyte\nenv = flyte.TaskEnvironment(name="lib")\n\n'
        "@env.task\ndef fmt(n: int) -> str:\n    return str(n)\n",
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text(
        "import flyte\nfrom lib import fmt, env as lib_env\n"
        'env = flyte.TaskEnvironment(name="app", depends_on=[lib_env])\n\n'
        "@env.task\nasync def main(n: int) -> str:\n    return fmt(n)\n",
        encoding="utf-8",
    )
    found = [d for d in lint_paths([tmp_path], target_version=NEW) if d.code == rule.CODE]
    assert [(Path(d.path).name, d.line) for d in found] == [("app.py", 7)]
    assert "Sync task 'lib.fmt'" in found[0].message
