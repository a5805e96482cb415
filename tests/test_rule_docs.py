"""Rule documentation: docs/rules/ is current, every rule's docstring has ruff's shape, and its examples are true.

The examples are checked twice: by flyte-lint (the bad one raises exactly that rule, the good one nothing) and,
for error rules, by the real SDK in a subprocess (the bad one fails to import, unless the docstring says the
failure only comes at deploy or run time; the good one always imports cleanly).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from flyte_lint import docs_gen
from flyte_lint.api import lint_source
from flyte_lint.rules import Rule, all_rules

TARGET = "2.12.1"
SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
RULES = all_rules()
RULE_IDS = [rule.code for rule in RULES]
# FLY902 documents an I/O failure: its example cannot be shown as text (see tests/test_cli.py). FLY013's verdict
# depends on the files beside the module: tests/rules/test_fly013_include_missing.py checks its examples in a
# folder made for them.
EXAMPLE_RULES = [rule for rule in RULES if rule.code not in ("FLY902", "FLY013")]

# The SDK raises only later (deploy, serialization, a run, an override() call inside a task body) when the
# docstring's "Why is this bad?" says so; then only the good example is run.
_DEFERRED_RE = re.compile(
    r"\bdeploy\b|serializ|when the call runs|when the parent runs|when `?override\(\)`? runs"
    r"|every run fails|at run time|runs on the cluster",
    re.IGNORECASE,
)


def section_text(doc: str, title: str) -> str | None:
    match = re.search(rf"^## {re.escape(title)}[ \t]*\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return match.group(1) if match else None


def code_block(doc: str, title: str) -> str | None:
    text = section_text(doc, title)
    if text is None:
        return None
    match = re.search(r"```python\n(.*?)```", text, re.S)
    return match.group(1) if match else None


def examples(rule: Rule) -> tuple[str, str]:
    bad, good = code_block(rule.doc, "Example"), code_block(rule.doc, "Use instead")
    assert bad is not None, f"{rule.code}: no ```python block under '## Example'"
    assert good is not None, f"{rule.code}: no ```python block under '## Use instead'"
    return bad, good


def deferred(rule: Rule) -> bool:
    if rule.code == "FLY901":
        return False  # a syntax error always fails the import
    return bool(_DEFERRED_RE.search(section_text(rule.doc, "Why is this bad?") or ""))


def _findings(code: str) -> list[tuple[str, str, int, str]]:
    # An example that pins its flyte release in a PEP 723 header (a rule about one release) is judged against it.
    pin = re.search(r'^# dependencies = \["flyte==([0-9.]+)"\]$', code, re.M)
    target = pin.group(1) if pin else TARGET
    return [
        (d.code, d.severity, d.line, d.message) for d in lint_source(code, path="example.py", target_version=target)
    ]


# --------------------------------------------------------------------------------------------------------
# (a) docs/rules/ is generated from the code


def test_docs_rules_up_to_date() -> None:
    stale = docs_gen.stale_files()
    assert not stale, "docs/rules/ is stale; run 'python -m flyte_lint.docs_gen': " + ", ".join(p.name for p in stale)


def test_docs_gen_check_detects_stale(tmp_path: Path) -> None:
    out = tmp_path / "rules"
    page = ["--coverage-output", str(tmp_path / "coverage.md")]
    assert docs_gen.main(["--output", str(out), *page]) == 0
    assert docs_gen.main(["--check", "--output", str(out), *page]) == 0
    first = RULES[0].code
    (out / f"{first}.md").write_text("outdated\n", encoding="utf-8")
    (out / "FLY999.md").write_text("gone\n", encoding="utf-8")
    assert {p.name for p in docs_gen.stale_files(out)} == {f"{first}.md", "FLY999.md"}
    proc = subprocess.run(
        [sys.executable, "-m", "flyte_lint.docs_gen", "--check", "--output", str(out), *page],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert f"{first}.md" in proc.stderr and "FLY999.md" in proc.stderr


def test_docs_index_lists_every_rule() -> None:
    index = docs_gen.render_index(RULES)
    for rule in RULES:
        assert f"[{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity} |" in index
    page = docs_gen.render_rule(RULES[0])
    assert page.startswith(f"# {RULES[0].name} ({RULES[0].code})\n")


# --------------------------------------------------------------------------------------------------------
# (c) the shape of every rule module


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_module_shape(rule: Rule) -> None:
    assert re.fullmatch(r"FLY\d{3}", rule.code), rule.code
    module_file = Path(rule.module.__file__ or "").name
    assert module_file.startswith(rule.code.lower() + "_"), f"{rule.code} lives in {module_file}"
    assert rule.severity in ("error", "warning", "info")
    assert rule.name and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
    assert rule.summary.strip()
    headings = re.findall(r"^## (.+?)\s*$", rule.doc, re.M)
    assert headings == list(SECTIONS), f"{rule.code}: sections {headings}, expected {list(SECTIONS)}"
    for title in SECTIONS:
        assert (section_text(rule.doc, title) or "").strip(), f"{rule.code}: empty section {title!r}"
    examples(rule)


def test_codes_and_names_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


# --------------------------------------------------------------------------------------------------------
# (b) flyte-lint agrees with the examples


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=[r.code for r in EXAMPLE_RULES])
def test_bad_example_is_flagged(rule: Rule) -> None:
    bad, _ = examples(rule)
    found = _findings(bad)
    if rule.code == "FLY901":
        assert [f[0] for f in found] == ["FLY901"], found
        return
    assert any(f[0] == rule.code for f in found), f"{rule.code}: bad example not flagged: {found}"
    others = [f for f in found if f[0] != rule.code and f[1] == "error"]
    assert not others, f"{rule.code}: bad example also raises other errors: {others}"


@pytest.mark.parametrize("rule", EXAMPLE_RULES, ids=[r.code for r in EXAMPLE_RULES])
def test_good_example_is_clean(rule: Rule) -> None:
    _, good = examples(rule)
    found = _findings(good)
    assert not found, f"{rule.code}: good example is flagged: {found}"


# --------------------------------------------------------------------------------------------------------
# (d) the real SDK agrees with the examples

_RUNNER = r"""
import importlib.util, json, sys, traceback
path = sys.argv[1]
try:
    spec = importlib.util.spec_from_file_location("example", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["example"] = module
    spec.loader.exec_module(module)
    print(json.dumps({"ok": True}))
except BaseException as error:
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == path:
            line = frame.lineno
    print(json.dumps({"ok": False, "type": type(error).__name__, "message": str(error)[:500], "line": line}))
"""

SDK_TIMEOUT_S = 120
_NOT_SDK_ERRORS = ("ImportError", "ModuleNotFoundError", "NameError")


def _sdk_available() -> bool:
    try:
        import flyte  # noqa: F401
    except ImportError:
        return False
    return True


def _import_under_sdk(source: str, path: Path) -> dict[str, Any]:
    path.write_text(source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE", "UNION", "PYTHON"))}
    env["HOME"] = str(path.parent)
    proc = subprocess.run(
        [sys.executable, "-I", "-B", "-c", _RUNNER, str(path)],
        capture_output=True, text=True, timeout=SDK_TIMEOUT_S, cwd=path.parent, env=env,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    lines = proc.stdout.strip().splitlines()
    try:
        result: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return {"ok": False, "type": "RunnerFailure", "message": (proc.stdout + proc.stderr)[-800:], "line": None}
    return result


SDK_RULES = [rule for rule in EXAMPLE_RULES if rule.severity == "error"]


@pytest.fixture(scope="module")
def sdk_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    """Every error rule's examples run under the SDK, all at once (one subprocess per example)."""
    if not _sdk_available():
        pytest.skip("the flyte SDK is not installed in the test environment")
    base = tmp_path_factory.mktemp("sdk_examples")
    futures: dict[tuple[str, str], Future[dict[str, Any]]] = {}
    with ThreadPoolExecutor(max_workers=max(4, 2 * (os.cpu_count() or 2))) as pool:
        for rule in SDK_RULES:
            bad, good = examples(rule)
            for kind, source in (("bad", bad), ("good", good)):
                directory = base / f"{rule.code}_{kind}"
                directory.mkdir()
                futures[(rule.code, kind)] = pool.submit(_import_under_sdk, source, directory / "example.py")
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("rule", SDK_RULES, ids=[r.code for r in SDK_RULES])
def test_sdk_agrees_with_examples(rule: Rule, sdk_verdicts: dict[tuple[str, str], dict[str, Any]]) -> None:
    bad, good = sdk_verdicts[(rule.code, "bad")], sdk_verdicts[(rule.code, "good")]
    assert good["ok"], f"{rule.code}: the good example fails under the SDK: {good}"
    if deferred(rule):
        return  # the docstring says the SDK fails only later (deploy, run, override() inside a task)
    assert not bad["ok"], f"{rule.code}: the bad example imports cleanly under the SDK"
    # A NameError or ImportError means the example is broken, unless that is the error the rule documents.
    documented = bad["type"] in (section_text(rule.doc, "Why is this bad?") or "")
    assert documented or bad["type"] not in _NOT_SDK_ERRORS, f"{rule.code}: the bad example is broken: {bad}"
    if rule.code == "FLY901":
        assert bad["type"] == "SyntaxError", bad


def test_deferred_classification() -> None:
    """Rules known to fail at import must not be classified as deferred (guards the regex)."""
    by_code = {rule.code: rule for rule in RULES}
    for code in ("FLY001", "FLY004", "FLY101", "FLY103", "FLY104"):
        if code in by_code:
            assert not deferred(by_code[code]), code
    for code in ("FLY201", "FLY204"):
        if code in by_code:
            assert deferred(by_code[code]), code
