"""Several unsaved texts linted at once in place of their files (an editor's open buffers), and a cache kept
in memory across runs (the language server's): the texts win over the disk, and nothing of them is written."""

from __future__ import annotations

from pathlib import Path

from flyte_lint.cache import FactsCache
from flyte_lint.engine import Options, run

ENVS = (
    "import flyte\n\n"
    'pool = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2, concurrency={c}))\n'
)
TASKS = "from envs import pool\n\n\n@pool.task\ndef embed(text: str) -> int:\n    return len(text)\n"


def _project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\n')
    envs, tasks = tmp_path / "envs.py", tmp_path / "tasks.py"
    envs.write_text(ENVS.format(c=4))
    tasks.write_text(TASKS)
    return envs, tasks


def _codes(options: Options, path: Path) -> list[str]:
    return [d.code for d in run(options).diagnostics if d.path == str(path)]


def test_an_unsaved_text_of_one_module_changes_the_findings_of_a_module_importing_it(tmp_path: Path) -> None:
    envs, tasks = _project(tmp_path)
    assert "FLY104" in _codes(Options([tmp_path], jobs=1, use_cache=False), tasks)
    unsaved = {envs: ENVS.format(c=1), tasks: TASKS + "\n"}
    assert "FLY104" not in _codes(Options([tmp_path], jobs=1, use_cache=False, unsaved=unsaved), tasks)
    assert envs.read_text() == ENVS.format(c=4)


def test_unsaved_texts_and_stdin_are_linted_together(tmp_path: Path) -> None:
    envs, tasks = _project(tmp_path)
    options = Options([tmp_path], jobs=1, use_cache=False, unsaved={envs: ENVS.format(c=1)}, stdin=(tasks, TASKS))
    assert "FLY104" not in _codes(options, tasks)


def test_a_cache_kept_in_memory_serves_later_runs_and_follows_edits(tmp_path: Path) -> None:
    envs, tasks = _project(tmp_path)
    cache = FactsCache(tmp_path / ".cache", in_memory=True)
    assert "FLY104" in _codes(Options([tmp_path], jobs=1, cache=cache), tasks)
    assert "FLY104" not in _codes(Options([tmp_path], jobs=1, cache=cache, unsaved={envs: ENVS.format(c=1)}), tasks)
    assert "FLY104" in _codes(Options([tmp_path], jobs=1, cache=cache, unsaved={envs: ENVS.format(c=4)}), tasks)
    assert "FLY104" in _codes(Options([tmp_path], jobs=1, cache=cache), tasks)
