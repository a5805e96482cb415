"""The mypy plugin reports what the linter reports: every error-level finding of the single-module rules, at the
linter's line, on the rules' documentation examples and on fixtures/sdk_cases/ (real mypy, real flyte).

One directory holds every sample (each its own module); one ``flyte-lint --format json`` run, one mypy run with
the plugin and one without it check all of them, so the comparison costs three runs in all.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from flyte_lint.mypy_plugin._codes import BY_RULE, shown_under
from flyte_lint.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
SDK_CASES = ROOT / "fixtures" / "sdk_cases"
sys.path.insert(0, str(Path(__file__).parent))
from test_mypy_plugin import parse  # noqa: E402
from test_rule_docs import examples  # noqa: E402

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None or importlib.util.find_spec("flyte") is None,
    reason="needs mypy and flyte installed",
)


def _samples() -> dict[str, str]:
    samples: dict[str, str] = {}
    for rule in all_rules():
        if rule.check is None or rule.code not in BY_RULE:
            continue
        bad, good = examples(rule)
        samples[f"doc_{rule.code.lower()}_bad.py"] = bad
        samples[f"doc_{rule.code.lower()}_good.py"] = good
    for case in sorted(SDK_CASES.glob("*.py")):
        samples[f"sdk_{case.stem}.py"] = case.read_text()
    return samples


SAMPLES = _samples()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("parity")
    project = tmp / "samples"
    project.mkdir()
    for name, text in SAMPLES.items():
        (project / name).write_text(text)
    for extra in SDK_CASES.iterdir():  # files the cases read next to them (include=...)
        if extra.suffix != ".py" and extra.is_file():
            shutil.copy(extra, project / extra.name)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MYPYPATH", None)
    lint = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "check", "--isolated", "--no-cache", "--format", "json", "."],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    found = json.loads(lint.stdout)
    outputs: dict[str, str] = {}
    for label, plugins in (("plugin", "plugins = flyte_lint.mypy_plugin\n"), ("plain", "")):
        config = tmp / f"{label}.ini"
        config.write_text(f"[mypy]\n{plugins}show_traceback = True\n")
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(tmp / f"cache-{label}"),
             "--no-error-summary", *sorted(SAMPLES)],
            cwd=project, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert "Traceback" not in result.stderr + result.stdout, result.stderr + result.stdout
        outputs[label] = result.stdout
    return {"lint": found, **outputs}


def _expected(found: list[dict[str, object]], name: str) -> dict[int, set[str]]:
    expected: dict[int, set[str]] = defaultdict(set)
    for d in found:
        if Path(str(d["path"])).name == name:
            expected[int(str(d["line"]))].update(shown_under(str(d["code"]), str(d["severity"])))
    return {line: codes for line, codes in expected.items() if codes}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_plugin_reports_the_linters_errors_at_their_lines(runs: dict[str, object], name: str) -> None:
    expected = _expected(runs["lint"], name)  # type: ignore[arg-type]
    got: dict[int, set[str]] = defaultdict(set)
    for path, line, kind, _, code in parse(str(runs["plugin"])):
        if path == name and kind == "error" and code:
            got[line].add(code)
    flyte_lines = {line for line, codes in got.items() if any(c.startswith("flyte-") for c in codes)}
    # Every finding at its line, under a code it maps to; no flyte- error where the linter has none.
    for line, codes in expected.items():
        assert got.get(line, set()) & codes, f"{name}:{line}: expected one of {sorted(codes)}, got {got.get(line)}"
    allowed = {line for line, codes in expected.items() if any(c.startswith("flyte-") for c in codes)}
    assert flyte_lines <= allowed, f"{name}: flyte- errors where the linter has none: {sorted(flyte_lines - allowed)}"


# What plain mypy says of ``await t.aio(...)`` on an async task because flyte's overloads wrap its result in one
# Coroutine too many (docs/mypy.md, "Types"): the plugin's exact type makes these errors go, and only these.
_AIO_ERRORS = frozenset({"unused-coroutine", "assignment", "return-value"})


def test_plugin_keeps_plain_mypys_errors(runs: dict[str, object]) -> None:
    def plain(output: str) -> set[tuple[str, int, str | None]]:
        found = parse(output)
        return {(p, n, c) for p, n, kind, _, c in found if kind == "error" and not (c or "").startswith("flyte-")}

    with_plugin, without = plain(str(runs["plugin"])), plain(str(runs["plain"]))
    assert with_plugin <= without, f"errors the plugin adds: {sorted(with_plugin - without)}"
    for path, line, code in sorted(without - with_plugin):
        written = SAMPLES[path].splitlines()[line - 1]
        assert code in _AIO_ERRORS and ".aio(" in written, f"{path}:{line}: plain mypy's [{code}] is lost: {written}"
