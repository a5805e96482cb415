"""Determinism (issue 8, item 6): the same findings in the same order with one job or many, run after run."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flyte_lint import engine
from flyte_lint.engine import sources
from flyte_lint.engine.workers import Workers

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "fixtures" / "sdk_cases").glob("*.py"))


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Over engine's 400 kB threshold, so --jobs 2 really uses the process pool: the sdk cases copied into
    packages, padded, plus cross-module imports and a broken file or two."""
    root = tmp_path_factory.mktemp("big")
    padding = "".join(f"# padding line {i:05d} " + "x" * 60 + "\n" for i in range(200))
    total = 0
    for copy in range(6):
        package = root / f"pkg{copy}"
        package.mkdir()
        (package / "__init__.py").write_text("")
        for seed in SEEDS:
            text = seed.read_text() + padding
            (package / seed.name).write_text(text)
            total += len(text)
        (package / "broken.py").write_text("import flyte\ndef f(:\n")
        (package / "uses.py").write_text(
            f"from pkg{copy}.env_name_ok_kebab_snake import *\nfrom pkg{copy}.clone_same_name import env as e2\n"
        )
    assert total > 2 * 400_000
    return root


def _run(root: Path, jobs: int) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--no-cache", "--format", "json", "--jobs", str(jobs), "."],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1 and result.stderr == "", result.stderr
    return result.stdout


@pytest.fixture
def pool_sizes(big_tree: Path, monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The ``max_workers`` of every process pool a run starts, in the big tree."""
    sizes: list[int | None] = []
    real = concurrent.futures.ProcessPoolExecutor

    class Spy(real):  # type: ignore[misc,valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            sizes.append(kwargs.get("max_workers"))  # type: ignore[arg-type]
            super().__init__(*args, **kwargs)

    # engine imports the pool class when it needs one (not at start-up): patch it where it is taken from.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Spy)
    monkeypatch.chdir(big_tree)
    return sizes


def test_pool_is_used(pool_sizes: list[int | None]) -> None:
    """The tree is big enough for the engine to start workers with jobs=2: one pool, for reading and extraction."""
    engine.run(engine.Options([Path(".")], jobs=2, use_cache=False))
    assert pool_sizes == [2]


def test_the_pool_is_no_larger_than_the_work_can_use(pool_sizes: list[int | None]) -> None:
    result = engine.run(engine.Options([Path(".")], jobs=256, use_cache=False))
    # Over 1,000 files: reading starts the pool, one process per hundred files, and extraction shares it.
    assert result.files_checked > sources.PARALLEL_READ_FILES
    assert pool_sizes == [result.files_checked // 100]


def test_reading_on_worker_processes_finds_what_reading_in_process_finds(
    big_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(big_tree)
    in_process = engine.run(engine.Options([Path(".")], jobs=1, use_cache=False))
    mapped: list[str] = []
    real_submit = Workers.submit

    def recording_submit(self: Workers, function: Any, items: Any, useful: int, chunksize: int = 1) -> Any:
        mapped.append(function.__name__)
        return real_submit(self, function, items, useful, chunksize)

    monkeypatch.setattr(Workers, "submit", recording_submit)
    monkeypatch.setattr(sources, "PARALLEL_READ_FILES", 1)  # the tree is smaller than the real threshold
    cache = tmp_path / "cache"
    on_workers = engine.run(engine.Options([Path(".")], jobs=2, cache_dir=cache))
    assert mapped == ["scan_files", "extract_job"]
    assert on_workers.diagnostics == in_process.diagnostics and len(in_process.diagnostics) > 100
    assert on_workers.modules == in_process.modules
    # The manifest written from the workers' scans serves the next run as one written in-process would.
    warm = engine.run(engine.Options([Path(".")], jobs=1, cache_dir=cache, result_cache=False))
    assert warm.diagnostics == in_process.diagnostics


def test_same_findings_same_order(big_tree: Path) -> None:
    outputs = [_run(big_tree, jobs) for jobs in (1, 2, 2, 1, 2)]
    assert outputs[0].count('"code"') > 100
    assert all(out == outputs[0] for out in outputs), "findings differ between runs or job counts"


def test_same_findings_from_a_copy_in_another_order(big_tree: Path, tmp_path: Path) -> None:
    """Directory listing order does not matter: a copy made in reverse order gives the same output."""
    copy = tmp_path / "copy"
    copy.mkdir()
    for package in sorted(big_tree.iterdir(), reverse=True):
        target = copy / package.name
        target.mkdir()
        for file in sorted(package.iterdir(), reverse=True):
            shutil.copy2(file, target / file.name)
    # Messages may quote absolute paths, as the SDK's do (FLY013): compare with the root written as "<root>".
    assert _run(copy, 2).replace(str(copy), "<root>") == _run(big_tree, 1).replace(str(big_tree), "<root>")


def test_cached_runs_are_identical(big_tree: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    outs = []
    for jobs in (2, 1, 2):
        result = subprocess.run(
            [sys.executable, "-m", "flyte_lint", "--cache-dir", str(tmp_path / "c"), "--format", "json",
             "--jobs", str(jobs), "."],
            cwd=big_tree, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        outs.append(result.stdout)
    assert outs[0] == outs[1] == outs[2] == _run(big_tree, 2)
