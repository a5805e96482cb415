from __future__ import annotations

import re
from pathlib import Path

import pytest
from _shared import NEW, OLD

from flyte_lint.api import lint_file, lint_source
from flyte_lint.diagnostics import Diagnostic
from flyte_lint.rules import fly013_include_missing as rule


def lint_module(directory: Path, source: str, version: str = NEW) -> list[Diagnostic]:
    path = directory / "envs.py"
    path.write_text(source, encoding="utf-8")
    return [d for d in lint_file(path, target_version=version) if d.code == rule.CODE]


@pytest.mark.parametrize("version", [OLD, NEW])
def test_docstring_examples_next_to_a_templates_folder(tmp_path: Path, version: str) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<html/>", encoding="utf-8")
    bad, good = re.findall(r"```python\n(.*?)```", rule.__doc__ or "", re.S)[:2]
    found = lint_module(tmp_path, bad, version)
    assert [d.severity for d in found] == ["error"]
    assert f"File {tmp_path.resolve()}/templates/index.html is not a valid file" in found[0].message
    assert lint_module(tmp_path, good, version) == []


def test_existing_file_directory_and_matching_glob_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "app.yml").write_text("a: 1", encoding="utf-8")
    (tmp_path / "data.csv").write_text("x", encoding="utf-8")
    source = (
        "import flyte\n"
        'env = flyte.TaskEnvironment(name="e", include=["conf", "conf/app.yml", "*.csv", "conf/*.yml", "./data.csv"])\n'
    )
    assert lint_module(tmp_path, source) == []


def test_each_missing_entry_is_reported_at_the_entry(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("x", encoding="utf-8")
    source = 'import flyte\nenv = flyte.TaskEnvironment(name="e", include=("ok.txt", "gone.txt", "*.nomatch"))\n'
    found = lint_module(tmp_path, source)
    assert [(d.line, d.column) for d in found] == [(2, 58), (2, 70)]


def test_relative_paths_start_at_the_module_not_the_working_directory(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "top.json").write_text("{}", encoding="utf-8")
    source = 'import flyte\nenv = flyte.TaskEnvironment(name="e", include=("schema.json", "../top.json", "top.json"))\n'
    found = lint_module(package, source)
    assert len(found) == 1 and "'top.json'" in found[0].message


def test_absolute_paths_are_checked_as_they_are(tmp_path: Path) -> None:
    present = tmp_path / "present.txt"
    present.write_text("x", encoding="utf-8")
    source = f'import flyte\nenv = flyte.TaskEnvironment(name="e", include=("{present}", "{tmp_path}/absent.txt"))\n'
    found = lint_module(tmp_path, source)
    assert len(found) == 1 and "absent.txt" in found[0].message


def test_silent_without_a_file_on_disk_or_known_strings(tmp_path: Path) -> None:
    source = 'import flyte\nenv = flyte.TaskEnvironment(name="e", include=("gone.txt",))\n'
    assert [d for d in lint_source(source, path=str(tmp_path / "unsaved.py")) if d.code == rule.CODE] == []
    unknown = 'import flyte, os\nenv = flyte.TaskEnvironment(name="e", include=(os.environ["F"],))\n'
    assert lint_module(tmp_path, unknown) == []


def test_type_errors_are_left_to_fly005(tmp_path: Path) -> None:
    source = 'import flyte\nenv = flyte.TaskEnvironment(name="e", include=("gone.txt", 3))\n'
    assert lint_module(tmp_path, source) == []


def test_inherited_include_of_a_clone_is_judged_once_at_the_original(tmp_path: Path) -> None:
    source = (
        'import flyte\nbase = flyte.TaskEnvironment(name="base", include=("gone.txt",))\ngpu = base.clone_with("gpu")\n'
    )
    assert [d.line for d in lint_module(tmp_path, source)] == [2]
