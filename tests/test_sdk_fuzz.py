"""tools/sdk_fuzz.py: the differential program fuzzer runs, is deterministic, and its output has the promised
format. A small seeded batch is judged by the real SDK (2.12.1, and 2.1.9 when its interpreter can be had);
and flyte-lint must agree with it on every program.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tools"))

import sdk_fuzz  # noqa: E402
from sdk_venvs import LEGACY_VERSION, PRIMARY_VERSION, sdk_interpreter  # noqa: E402

SEED = 14
PROGRAMS = 40  # about a minute on 2 cores with both SDK releases
TOOL = REPO / "tools" / "sdk_fuzz.py"


@cache
def _campaign() -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]], tuple[str, ...]]:
    sdks = [(PRIMARY_VERSION, sys.executable)]
    legacy = sdk_interpreter(LEGACY_VERSION)
    if legacy.python is not None:
        sdks.append((LEGACY_VERSION, legacy.python))
    with tempfile.TemporaryDirectory(prefix="sdk-fuzz-test-") as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, str(TOOL), "--seed", str(SEED), "--programs", str(PROGRAMS), "--jobs", "2"]
        for version, python in sdks:
            cmd += ["--sdk", f"{version}={python}"]
        cmd += ["--save", str(Path(tmp) / "saved"), "--json", str(report), "--quiet"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, cwd=tmp)
        records: list[dict[str, Any]] = json.loads(report.read_text()) if report.is_file() else []
    return proc, records, tuple(v for v, _ in sdks)


def test_tool_runs_and_ends_with_the_summary_line() -> None:
    proc, records, _versions = _campaign()
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    match = re.fullmatch(r"programs: (\d+), disagreements: (\d+)", lines[-1])
    assert match, lines[-1]
    assert int(match.group(1)) == PROGRAMS == len(records)
    assert "disagreements by behaviour x shape (per SDK version):" in proc.stdout
    assert re.search(
        r"^false alarms: \d+, misses: \d+ \(misplaced: \d+\), lint crashes: \d+, oracle errors: \d+$", proc.stdout, re.M
    )


def test_every_program_is_judged_by_each_release() -> None:
    _proc, records, versions = _campaign()
    for record in records:
        assert set(record["outcomes"]) == set(versions)
        for outcome in record["outcomes"].values():
            assert outcome["kind"] in ("agree", "oracle error", *sdk_fuzz.DISAGREEING)
            assert outcome["kind"] != "oracle error", outcome["sdk"]


def test_legacy_release_is_judged() -> None:
    legacy = sdk_interpreter(LEGACY_VERSION)
    if legacy.python is None:
        pytest.skip(f"flyte {LEGACY_VERSION} interpreter unavailable: {legacy.reason}")
    _proc, records, versions = _campaign()
    assert LEGACY_VERSION in versions
    assert all(LEGACY_VERSION in r["outcomes"] for r in records)


def test_flyte_lint_agrees_with_the_sdk_on_the_seeded_batch() -> None:
    proc, records, _versions = _campaign()
    disagreeing = [
        f"{r['index']} {r['behaviour']}/{r['shape']} {v}: {o['kind']}: {o['sdk']} | {o['lint']}"
        for r in records
        for v, o in r["outcomes"].items()
        if o["kind"] in sdk_fuzz.DISAGREEING
    ]
    assert proc.stdout.strip().splitlines()[-1].endswith("disagreements: 0"), "\n".join(disagreeing)


def test_programs_are_deterministic_valid_python_and_cover_the_grammar() -> None:
    behaviours: set[str] = set()
    shapes: set[tuple[str, str]] = set()
    # 1000: with this seed the rarest (level, shape) pair, override/value_factory, first comes at 650
    for index in range(1000):
        program = sdk_fuzz.generate(SEED, index)
        assert program.files == sdk_fuzz.generate(SEED, index).files
        assert sdk_fuzz.MAIN in program.files
        for name, text in program.files.items():
            if name.endswith(".py"):
                ast.parse(text, filename=name)
        behaviours.add(program.behaviour)
        level = sdk_fuzz.BEHAVIOUR_BY_ID[program.behaviour].level
        shapes.add((level, program.shape))
    assert behaviours == {b.id for b in sdk_fuzz.BEHAVIOURS}
    for level, level_shapes in sdk_fuzz.SHAPES_BY_LEVEL.items():
        assert {s for lv, s in shapes if lv == level} == set(level_shapes), level


def test_forked_lint_gives_the_cli_findings() -> None:
    """The campaign's default lint mode (a forked child per run) says what `python -m flyte_lint` says."""
    linter, close = sdk_fuzz.make_linter("fork")
    try:
        with tempfile.TemporaryDirectory(prefix="sdk-fuzz-lint-") as tmp:
            for index in range(3):  # each is 2 CLI runs per release: the comparison, not the count, is the point
                program = sdk_fuzz.generate(SEED, index)
                root = Path(tmp) / program.key
                sdk_fuzz.write_program(program, root)
                for version in (PRIMARY_VERSION, LEGACY_VERSION):
                    forked = sdk_fuzz.normalise(linter(root, version, 120.0), root)
                    cli = sdk_fuzz.normalise(sdk_fuzz.lint_subprocess(root, version, 120.0), root)
                    assert forked == cli, (program.key, version)
    finally:
        close()


def test_forked_sdk_judge_gives_the_fresh_process_verdicts() -> None:
    """``--sdk-mode fork`` (a child forked from a server that imported flyte) judges like a fresh process."""
    sdks = [(PRIMARY_VERSION, sys.executable)]
    legacy = sdk_interpreter(LEGACY_VERSION)
    if legacy.python is not None:
        sdks.append((LEGACY_VERSION, legacy.python))
    with tempfile.TemporaryDirectory(prefix="sdk-fuzz-modes-") as tmp:
        count, differences = sdk_fuzz.compare_sdk_modes(SEED, range(8), sdks, jobs=2, timeout=120.0, workdir=Path(tmp))
    assert count == 8 * len(sdks)
    assert not differences, "\n".join(differences)
