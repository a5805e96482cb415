"""Cache integrity (issue 8, item 5): a damaged cache is ignored and rebuilt, concurrent runs do not corrupt
it, and cached runs give exactly the findings of uncached ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flyte_lint import cache as cache_module
from flyte_lint.cache import FactsCache
from flyte_lint.config import Overrides
from flyte_lint.engine import Options, run
from flyte_lint.facts import ModuleFacts

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "fixtures" / "sdk_cases", root / "sdk_cases")
    shutil.copytree(REPO / "fixtures" / "example_project", root / "example_project")
    return root


def findings(paths: list[Path], cache_dir: Path | None) -> list[dict[str, object]]:
    options = Options(paths, Overrides(), jobs=1, use_cache=cache_dir is not None, cache_dir=cache_dir)
    return [d.to_json() for d in run(options).diagnostics]


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.rglob("*.pickle") if p.name != "manifest.pickle")


def _paths(project: Path) -> list[Path]:
    return [project / "sdk_cases", project / "example_project"]


def test_cached_equals_uncached(project: Path, tmp_path: Path) -> None:
    uncached = findings(_paths(project), None)
    assert uncached
    cold = findings(_paths(project), tmp_path / "cache")
    assert _entries(tmp_path / "cache")
    warm = findings(_paths(project), tmp_path / "cache")
    assert cold == uncached and warm == uncached


def test_cache_sees_edits(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    findings(_paths(project), cache_dir)
    target = project / "sdk_cases" / "env_name_ok_kebab_snake.py"
    text = target.read_text()
    target.write_text(text + '\nlate = flyte.TaskEnvironment(name="Bad")\n')
    os.utime(target, ns=(1, 1))  # even with an old mtime the size changed
    assert findings(_paths(project), cache_dir) == findings(_paths(project), None)


def _damage_truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damage_corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(len(cache_module._SALT), len(data), 7):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def _damage_foreign(path: Path) -> None:
    data = path.read_bytes()
    salt = cache_module._SALT
    path.write_bytes(b"1:0.0.1:other:" + data[len(salt) :])


def _damage_foreign_payload(path: Path) -> None:
    import pickle

    path.write_bytes(cache_module._SALT + pickle.dumps({"not": "facts"}))


def _damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(300))


DAMAGE = {
    "truncated": _damage_truncate,
    "corrupted": _damage_corrupt,
    "zero-length": _damage_empty,
    "foreign-version": _damage_foreign,
    "foreign-payload": _damage_foreign_payload,
    "garbage": _damage_garbage,
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
@pytest.mark.parametrize("manifest_too", [False, True], ids=["entries", "entries+manifest"])
def test_damaged_cache_is_ignored_and_rebuilt(project: Path, tmp_path: Path, kind: str, manifest_too: bool) -> None:
    cache_dir = tmp_path / "cache"
    expected = findings(_paths(project), cache_dir)
    entries = _entries(cache_dir)
    assert entries
    for entry in entries:
        DAMAGE[kind](entry)
    if manifest_too:
        DAMAGE[kind](cache_dir / "manifest.pickle")
    assert findings(_paths(project), cache_dir) == expected
    # Rebuilt: every entry the run needs loads again.
    cache = FactsCache(cache_dir)
    manifest = cache.manifest()
    assert manifest
    keys = [e.facts_key for e in manifest.values() if e.facts_key]
    # A module's entry is its own facts, or (project mode) its facts with the values of the modules it imports.
    assert keys and all(isinstance(cache.get(k), ModuleFacts) or cache.get_flowed(k) is not None for k in keys)
    assert findings(_paths(project), cache_dir) == expected


def test_unwritable_cache_dir(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    assert findings(_paths(project), blocker / "cache") == findings(_paths(project), None)


def test_cache_dir_deleted_mid_run(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = tmp_path / "cache"
    expected = findings(_paths(project), None)
    real_put = FactsCache.put
    calls = {"n": 0}

    def put(self: FactsCache, key: str, facts: ModuleFacts, persist: bool = True) -> None:
        calls["n"] += 1
        if calls["n"] % 20 == 0:
            shutil.rmtree(self.directory, ignore_errors=True)
            self._ready = False
        real_put(self, key, facts, persist=persist)

    monkeypatch.setattr(FactsCache, "put", put)
    assert findings(_paths(project), cache_dir) == expected
    monkeypatch.undo()
    assert findings(_paths(project), cache_dir) == expected
    shutil.rmtree(cache_dir, ignore_errors=True)
    assert findings(_paths(project), cache_dir) == expected


def _cli(project: Path, cache_dir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.Popen(
        [sys.executable, "-m", "flyte_lint", "--format", "json", "--cache-dir", str(cache_dir), "--jobs", "1",
         "sdk_cases", "example_project"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_concurrent_runs_share_a_cache(project: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    for round_ in range(2):  # cold, then with a (possibly half-rewritten) warm cache
        procs = [_cli(project, cache_dir) for _ in range(3)]
        outs = [p.communicate(timeout=180) for p in procs]
        codes = [p.returncode for p in procs]
        assert codes == [1, 1, 1], (round_, codes, [e for _, e in outs])
        assert all(err == "" for _, err in outs), [e for _, e in outs]
        first = json.loads(outs[0][0])
        assert first and all(json.loads(out) == first for out, _ in outs)
    third = _cli(project, cache_dir)
    out, err = third.communicate(timeout=180)
    assert third.returncode == 1 and err == "" and json.loads(out) == first
    assert not list(cache_dir.rglob(".tmp-*")), "temporary files left in the cache"
    uncached = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--format", "json", "--no-cache", "sdk_cases", "example_project"],
        cwd=project, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert json.loads(uncached.stdout) == first


def test_files_that_only_mention_flyte_are_checked_for_syntax_cold_and_warm(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "notes.py").write_text('"""Notes on flyte."""\ndef broken(:\n    pass\n')
    (root / "about.py").write_text('"""Runs next to flyte."""\nVALUE = 1\n')
    (root / "uses_about.py").write_text("from about import VALUE\n")
    (root / "envs.py").write_text('import flyte\n\nenv = flyte.TaskEnvironment(name="Bad Name")\n')
    expected = [("envs.py", "FLY001"), ("notes.py", "FLY901")]
    for cache_dir in (None, tmp_path / "cache", tmp_path / "cache"):
        options = Options(
            [root], Overrides(isolated=True), jobs=1, use_cache=cache_dir is not None, cache_dir=cache_dir
        )
        result = run(options)
        assert [(Path(d.path).name, d.code) for d in result.diagnostics] == expected
        # Valid files that only mention flyte (and their importers) are never extracted.
        assert sorted(Path(p).name for p in result.modules) == ["envs.py", "notes.py"]
