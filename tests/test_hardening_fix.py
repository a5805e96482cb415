"""Fixes never damage a file (issue 8, item 4): --fix twice equals once, the result parses, nothing outside
the edited spans changes, and a failure while writing leaves the original intact."""

from __future__ import annotations

import ast
import difflib
import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("flyte_lint.fix", reason="flyte_lint/fix.py does not exist yet")

from flyte_lint.cli import main
from flyte_lint.config import Overrides
from flyte_lint.engine import Options, run

REPO = Path(__file__).resolve().parent.parent
TREES = ["sdk_cases", "example_project", "projects"]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", params=TREES)
def fixed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("fix") / request.param
    shutil.copytree(REPO / "fixtures" / request.param, root)
    before = _snapshot(root)
    options = Options([root], Overrides(), jobs=1, use_cache=False)
    initial = run(options).diagnostics
    cwd = os.getcwd()
    try:
        os.chdir(root.parent)
        code1 = main(["--fix", "--unsafe-fixes", "--no-cache", "--quiet", request.param])
        once = _snapshot(root)
        code2 = main(["--fix", "--unsafe-fixes", "--no-cache", "--quiet", request.param])
        twice = _snapshot(root)
    finally:
        os.chdir(cwd)
    return root, before, once, twice, initial, (code1, code2)


def test_something_was_fixed(fixed) -> None:  # type: ignore[no-untyped-def]
    root, before, once, *_ = fixed
    if root.name == "sdk_cases":
        assert sum(before[k] != once[k] for k in before) >= 5


def test_fix_twice_equals_once(fixed) -> None:  # type: ignore[no-untyped-def]
    _, _, once, twice, _, codes = fixed
    assert set(codes) <= {0, 1}
    changed = [k for k in once if once[k] != twice[k]]
    assert changed == [], f"a second --fix changed {changed}"


def test_no_file_added_or_removed(fixed) -> None:  # type: ignore[no-untyped-def]
    _, before, once, twice, _, _ = fixed
    assert set(before) == set(once) == set(twice)


def test_result_parses(fixed) -> None:  # type: ignore[no-untyped-def]
    _, before, once, *_ = fixed
    for name, data in once.items():
        if not name.endswith(".py") or data == before[name]:
            continue
        try:
            ast.parse(before[name])
        except SyntaxError:
            continue
        ast.parse(data, filename=name)  # raises if the fix broke it


def test_nothing_outside_the_edited_spans_changes(fixed) -> None:  # type: ignore[no-untyped-def]
    root, before, once, _, initial, _ = fixed
    allowed: dict[str, set[int]] = {}
    for d in initial:
        if d.fix is None:
            continue
        name = str(Path(d.path).resolve().relative_to(root.resolve()))
        for edit in d.fix.edits:
            allowed.setdefault(name, set()).update(range(edit.span.line, edit.span.end_line + 1))
    for name, data in once.items():
        if data == before[name]:
            continue
        old = before[name].decode("utf-8").splitlines(keepends=True)
        new = data.decode("utf-8").splitlines(keepends=True)
        lines = allowed.get(name, set())
        assert lines, f"{name} changed without a fix offered on it"
        for tag, i1, i2, _, _ in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            touched = set(range(i1 + 1, i2 + 1)) or {i1, i1 + 1}  # an insertion touches its neighbours
            assert touched & lines, f"{name}: lines {i1 + 1}-{i2} changed outside the fixes' spans {sorted(lines)}"
            if tag != "insert":
                assert touched <= lines | {max(lines) + 1}, f"{name}: lines {sorted(touched - lines)} changed"


def test_write_failure_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    root = tmp_path / "sdk_cases"
    shutil.copytree(REPO / "fixtures" / "sdk_cases", root)
    before = _snapshot(root)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    monkeypatch.chdir(tmp_path)
    code = main(["--fix", "--unsafe-fixes", "--no-cache", "--quiet", "sdk_cases"])
    monkeypatch.undo()
    assert code == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("flyte-lint: ") and "No space left on device" in line for line in lines)
    assert all("sdk_cases/" in line for line in lines)
    assert "Traceback" not in err
    assert _snapshot(root) == before, "a failed write changed a file or left a temporary file behind"
