"""What the mypy plugin keeps of the project's files across runs (flyte_lint/mypy_plugin/_project.py): each
file's stamp, digest and imports, so that a warm mypy run reads no source to compute the cache data of its
modules, and an edited file is always read again."""

from __future__ import annotations

import os
from pathlib import Path

from flyte_lint.import_lines import SCAN_VERSION
from flyte_lint.mypy_plugin._project import Files, ScanStore, is_project_file


def _project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "settings.py").write_text("CPU = 2\n")
    (tmp_path / "envs.py").write_text("import flyte\nfrom settings import CPU\n")
    tasks = tmp_path / "tasks.py"
    tasks.write_text("import flyte\nfrom envs import env\n")
    return tasks, tmp_path / "cache" / "flyte_lint" / f"files-{SCAN_VERSION}.jsonl"


def test_the_closure_follows_project_imports_through_other_modules(tmp_path: Path) -> None:
    tasks, store = _project(tmp_path)
    files = Files(str(store))
    assert [name for name, _ in files.closure(str(tasks), "tasks")] == ["envs", "settings"]
    assert [name for name, _ in files.stamp(str(tasks), "tasks")] == ["envs", "settings"]


def test_a_new_run_answers_from_the_store_without_reading_the_files(tmp_path: Path) -> None:
    tasks, store = _project(tmp_path)
    first = Files(str(store)).stamp(str(tasks), "tasks")
    assert len(store.read_text().splitlines()) == 3  # one line per file read
    # Other text of the same size and the same modification time: the stamp mypy trusts is unchanged, so the
    # stored scan answers and the file is not read (its new digest would show).
    settings = tmp_path / "settings.py"
    stat = settings.stat()
    settings.write_text("CPU = 8\n")
    os.utime(settings, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert Files(str(store)).stamp(str(tasks), "tasks") == first
    assert Files().stamp(str(tasks), "tasks") != first  # without the store it is read


def test_an_edited_file_is_read_again_and_its_new_digest_and_imports_count(tmp_path: Path) -> None:
    tasks, store = _project(tmp_path)
    before = Files(str(store)).stamp(str(tasks), "tasks")
    settings = tmp_path / "settings.py"
    settings.write_text("CPU = 4  # more\n")  # another size: another stamp
    after = Files(str(store)).stamp(str(tasks), "tasks")
    assert after[0] == before[0] and after[1] != before[1]
    (tmp_path / "envs.py").write_text("import flyte\n")  # no longer imports settings
    assert [name for name, _ in Files(str(store)).closure(str(tasks), "tasks")] == ["envs"]


def test_a_line_cut_short_by_a_crash_is_ignored_and_that_file_read_again(tmp_path: Path) -> None:
    tasks, store = _project(tmp_path)
    expected = Files(str(store)).stamp(str(tasks), "tasks")
    with store.open("ab") as out:
        out.write(b'["' + str(tasks).encode() + b'", "tasks", 1')
    assert Files(str(store)).stamp(str(tasks), "tasks") == expected


def test_a_store_grown_far_beyond_its_live_entries_is_written_anew(tmp_path: Path) -> None:
    tasks, store = _project(tmp_path)
    Files(str(store)).stamp(str(tasks), "tasks")
    lines = store.read_bytes().splitlines(keepends=True)
    store.write_bytes(b"".join(lines * 30))  # the same three entries, appended again and again
    assert ScanStore(str(store)).get((str(tasks), "tasks")) is not None
    assert len(store.read_bytes().splitlines()) == 3


def test_a_store_that_cannot_be_written_costs_only_a_reread(tmp_path: Path) -> None:
    tasks, _ = _project(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    files = Files(str(blocked / "files.jsonl"))
    assert [name for name, _ in files.stamp(str(tasks), "tasks")] == ["envs", "settings"]


def test_the_configuration_stamp_names_each_pyproject_above_and_its_requirements(tmp_path: Path) -> None:
    nested = tmp_path / "pkg" / "sub"
    nested.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "requirements-dev.txt").write_text("flyte==2.12.1\n")
    (tmp_path / "pkg" / "pyproject.toml").write_text("[tool.flyte-lint]\n")
    module = nested / "mod.py"
    module.write_text("")
    named = [Path(path) for path, _ in Files().config_stamp(str(module))]
    assert tmp_path / "pyproject.toml" in named
    assert tmp_path / "requirements-dev.txt" in named
    assert named[-1] == tmp_path / "pkg" / "pyproject.toml"
    before = Files().config_stamp(str(module))
    (tmp_path / "pkg" / "pyproject.toml").write_text('[tool.flyte-lint]\nignore = ["FLY001"]\n')
    assert Files().config_stamp(str(module)) != before


def test_installed_packages_and_stubs_are_not_project_files() -> None:
    assert is_project_file(os.path.join("src", "app", "tasks.py"))
    assert not is_project_file(os.path.join("venv", "lib", "site-packages", "flyte", "__init__.py"))
    assert not is_project_file(os.path.join("mypy", "typeshed", "stdlib", "os", "__init__.pyi"))
