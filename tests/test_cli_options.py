"""The command line's ruff-style options: --output-file, --add-noqa, --show-settings, --show-files, --show-fixes,
the --fix summary and --exit-non-zero-on-fix, and FLY903 (a noqa that silences nothing). Each test runs the real
entry point (``main()``) in a temporary project that is the working directory."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flyte_lint.cli import main

REPO = Path(__file__).resolve().parent.parent

BAD_NAMES = """\
import flyte

a = flyte.TaskEnvironment(name="Bad A")
b = flyte.TaskEnvironment(name="ok_b")
"""

# FLY301 (safe fix: depends_on) and FLY204 (unsafe fix: reusable="off") in one file.
FIXABLE = """\
import flyte

pool = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2), image=flyte.Image.from_ref_name("x"))
driver = flyte.TaskEnvironment(name="driver")


@pool.task
async def infer(x: int) -> int:
    return x


@driver.task
async def main(x: int) -> int:
    return await infer.override(resources=flyte.Resources(cpu=2))(x=x)
"""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')
    before = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(before)


def put(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lint(*args: str) -> int:
    return main([*args, "--no-cache", "--jobs", "1", "--color", "never"])


# --------------------------------------------------------------------------------------------------------
# --output-file


def test_output_file_gets_the_report_and_stdout_stays_empty(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", BAD_NAMES)
    assert lint(".", "--output-file", "reports/out.txt") == 1
    assert capsys.readouterr().out == ""
    report = (project / "reports" / "out.txt").read_text()
    assert "m.py:3:" in report and "FLY001" in report and "Found 1 finding" in report
    assert "\033[" not in report


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "concise"])
def test_output_file_works_with_every_format(project: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    put(project, "m.py", BAD_NAMES)
    assert lint(".", "--format", fmt, "-o", "out") == 1
    assert capsys.readouterr().out == ""
    text = (project / "out").read_text()
    assert "FLY001" in text
    if fmt in ("json", "sarif"):
        json.loads(text)


def test_output_file_that_cannot_be_written_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", BAD_NAMES)
    put(project, "blocker", "a file, not a folder")
    assert lint(".", "--output-file", "blocker/out.txt") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "blocker/out.txt" in err


# --------------------------------------------------------------------------------------------------------
# --show-files and --show-settings


def test_show_files_lists_the_checked_files_after_exclusion(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "pyproject.toml", '[project]\nname = "p"\nversion = "0"\n\n[tool.flyte-lint]\nexclude = ["gen/"]\n')
    put(project, "pkg/a.py", BAD_NAMES)
    put(project, "pkg/b.pyi", "x: int\n")
    put(project, "gen/skip.py", BAD_NAMES)
    put(project, ".venv/lib/skip.py", BAD_NAMES)
    put(project, "notes.txt", "not python")
    assert lint("--show-files") == 0
    assert capsys.readouterr().out.splitlines() == ["pkg/a.py", "pkg/b.pyi"]
    assert lint("pkg", "--show-files") == 0
    assert capsys.readouterr().out.splitlines() == ["pkg/a.py", "pkg/b.pyi"]


def settings_of(path: str, *extra: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert lint("--show-settings", path, *extra) == 0
    out = capsys.readouterr().out
    found: dict[str, str] = {}
    for line in out.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            found[key.strip()] = value.strip()
    return found


def test_show_settings_prints_selection_ignores_and_where_the_target_came_from(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put(
        project,
        "pyproject.toml",
        '[project]\nname = "p"\nversion = "0"\ndependencies = ["flyte==2.5.20"]\n\n[tool.flyte-lint]\n'
        'ignore = ["FLY207"]\nper-file-ignores = { "tests/*" = ["FLY108"] }\n',
    )
    put(project, "tests/t.py", BAD_NAMES)
    found = settings_of("tests/t.py", capsys=capsys)
    assert found["config file"] == str(project / "pyproject.toml")
    assert found["select"] == '["FLY"]' and found["ignore"] == '["FLY207"]'
    assert found["'tests/*'"] == '["FLY108"]' and found["in this file"] == '["FLY108"]'
    assert found["rules checked"].endswith("(not: FLY108, FLY207)")
    assert found["target-version"] == "2.5.20" and found["checked as"] == "2.5.20"
    assert found["from"] == f"'flyte==2.5.20' in {project / 'pyproject.toml'} [project] dependencies"


def test_show_settings_names_each_origin_of_the_target(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", BAD_NAMES)
    assert settings_of("m.py", capsys=capsys)["from"] == "no pin found: the newest probed release"
    put(project, "requirements.txt", "flyte==2.3.9\n")
    assert settings_of("m.py", capsys=capsys)["from"] == f"'flyte==2.3.9' in {project / 'requirements.txt'}"
    put(project, "s.py", '# /// script\n# dependencies = ["flyte==2.1.9"]\n# ///\n' + BAD_NAMES)
    assert settings_of("s.py", capsys=capsys)["from"] == "'flyte==2.1.9' in the file's PEP 723 script header"
    assert (
        settings_of("m.py", "--target-version", "2.4", capsys=capsys)["from"] == "target-version '2.4' (command line)"
    )
    put(
        project, "pyproject.toml", '[project]\nname = "p"\nversion = "0"\n\n[tool.flyte-lint]\ntarget-version = "2.7"\n'
    )
    found = settings_of("m.py", capsys=capsys)
    assert found["from"] == f"target-version '2.7' ({project / 'pyproject.toml'} [tool.flyte-lint])"
    assert found["checked as"] == "2.7.2"


def test_show_settings_explains_a_range(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "pyproject.toml", '[project]\nname = "p"\nversion = "0"\ndependencies = ["flyte>=2.5,<2.7"]\n')
    put(project, "m.py", BAD_NAMES)
    assert lint("--show-settings", "m.py") == 0
    out = capsys.readouterr().out
    assert "target-version   = >=2.5,<2.7" in out
    assert "a range: checked against each probed release it admits: 2.5.20, 2.6.13" in out


def test_show_settings_with_a_broken_configuration_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put(project, "pyproject.toml", '[tool.flyte-lint]\nselect = ["NOPE1"]\n')
    put(project, "m.py", BAD_NAMES)
    assert lint("--show-settings", "m.py") == 2
    assert "NOPE1" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------------
# --show-fixes, the --fix summary, --exit-non-zero-on-fix


def test_show_fixes_lists_safe_and_unsafe_fixes_per_rule(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", FIXABLE)
    assert lint(".", "--show-fixes") == 1
    out = capsys.readouterr().out
    listing = out[out.index("Fixes available:") :]
    assert "1 x FLY301 (missing-dependency): safe, applied by --fix" in listing
    assert "1 x FLY204 (override-on-reusable): unsafe, applied by --fix --unsafe-fixes" in listing


def test_show_fixes_without_any_fix_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", 'import flyte\n\nenv = flyte.TaskEnvironment(name="ok")\n')
    assert lint(".", "--show-fixes") == 0
    assert "No fixes available." in capsys.readouterr().out


def test_fix_prints_what_it_fixed_per_rule_on_stderr(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", FIXABLE)
    assert lint(".", "--fix", "--unsafe-fixes") == 0
    captured = capsys.readouterr()
    assert "Fixed 2 findings: FLY204 x1, FLY301 x1" in captured.err
    assert "Fixed" not in captured.out


def test_fix_with_show_fixes_lists_the_fixes_per_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", FIXABLE)
    assert lint(".", "--fix", "--show-fixes") == 1  # the unsafe FLY204 remains
    out = capsys.readouterr().out
    assert "Fixed 1 finding:\n- m.py:\n    1 x FLY301 (missing-dependency)" in out
    assert "1 x FLY204 (override-on-reusable): unsafe" in out


def test_exit_non_zero_on_fix_exits_1_when_a_fix_was_applied_even_if_nothing_remains(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put(project, "m.py", FIXABLE)
    assert lint(".", "--fix", "--unsafe-fixes", "--exit-non-zero-on-fix") == 1
    assert "All checks passed" in capsys.readouterr().out
    # Nothing left to fix: exit 0.
    assert lint(".", "--fix", "--unsafe-fixes", "--exit-non-zero-on-fix") == 0


def test_without_exit_non_zero_on_fix_a_clean_result_exits_0(project: Path) -> None:
    put(project, "m.py", FIXABLE)
    assert lint(".", "--fix", "--unsafe-fixes") == 0


# --------------------------------------------------------------------------------------------------------
# --add-noqa

NOQA_SOURCE = """\
import flyte

a = flyte.TaskEnvironment(name="Bad A")
b = flyte.TaskEnvironment(name="Bad B")  # noqa: E501
c = flyte.TaskEnvironment(name="Bad C")  # noqa
d = flyte.TaskEnvironment(
    name="Bad D",
)
e = flyte.TaskEnvironment(name="Bad E")  # keep this comment
f = flyte.TaskEnvironment(name="Bad F")  # noqa: FLY004, E501, E501
"""

NOQA_EXPECTED = """\
import flyte

a = flyte.TaskEnvironment(name="Bad A")  # noqa: FLY001
b = flyte.TaskEnvironment(name="Bad B")  # noqa: E501, FLY001
c = flyte.TaskEnvironment(name="Bad C")  # noqa
d = flyte.TaskEnvironment(  # noqa: FLY001
    name="Bad D",
)
e = flyte.TaskEnvironment(name="Bad E")  # keep this comment  # noqa: FLY001
f = flyte.TaskEnvironment(name="Bad F")  # noqa: E501, FLY001, FLY004
"""


def test_add_noqa_silences_every_finding_merging_with_existing_codes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = put(project, "m.py", NOQA_SOURCE)
    assert lint(".", "--add-noqa", "--ignore", "FLY903") == 0
    assert path.read_text() == NOQA_EXPECTED
    err = capsys.readouterr().err
    assert "Added 5 noqa directives to m.py" in err and "Added 5 noqa directives." in err
    ast.parse(path.read_text())
    # Every finding is silenced; FLY004 in f's comment still silences nothing.
    assert codes_by_line(capsys) == [(10, "FLY903", "warning")]


def test_add_noqa_twice_adds_nothing_the_second_time(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = put(project, "m.py", NOQA_SOURCE)
    assert lint(".", "--add-noqa") == 0
    first = path.read_text()
    capsys.readouterr()
    assert lint(".", "--add-noqa") == 0
    assert path.read_text() == first
    assert "Added 0 noqa directives." in capsys.readouterr().err


def test_add_noqa_never_writes_inside_a_string(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = 'import flyte\n\ng = flyte.TaskEnvironment(name="Bad G", description="""one\ntwo""")\n'
    path = put(project, "m.py", source)
    assert lint(".", "--add-noqa") == 0
    assert path.read_text() == source
    assert "m.py:3: FLY001: no line of it can take a noqa comment" in capsys.readouterr().err


def test_add_noqa_cannot_be_combined_with_fix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", NOQA_SOURCE)
    assert lint(".", "--add-noqa", "--fix") == 2
    assert "--add-noqa" in capsys.readouterr().err


def test_add_noqa_through_the_installed_command(project: Path) -> None:
    path = put(project, "m.py", NOQA_SOURCE)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "flyte_lint", ".", "--add-noqa", "--no-cache"],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert path.read_text() == NOQA_EXPECTED


# --------------------------------------------------------------------------------------------------------
# FLY903: a noqa that silences nothing


def codes_by_line(capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[int, str, str]]:
    lint(".", "--format", "json", *args)
    return [(d["line"], d["code"], d["severity"]) for d in json.loads(capsys.readouterr().out)]


def test_unused_noqa_is_reported_as_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", 'import flyte\n\nenv = flyte.TaskEnvironment(name="etl")  # noqa: FLY001\n')
    assert codes_by_line(capsys) == [(3, "FLY903", "warning")]
    assert lint(".") == 1
    out = capsys.readouterr().out
    assert "m.py:3:42: FLY903 [warning] unused noqa code FLY001" in out
    assert "= help: remove the noqa comment (FLY001) [fix available]" in out


def test_a_noqa_that_silences_something_is_never_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(
        project,
        "m.py",
        'import flyte\n\nenv = flyte.TaskEnvironment(name="Bad")  # noqa: FLY001\n'
        "multi = flyte.TaskEnvironment(  # noqa: FLY001\n"
        '    name="Bad Two",\n'
        ")\n"
        'pref = flyte.TaskEnvironment(name="Bad3")  # noqa: FLY0\n',
    )
    assert codes_by_line(capsys) == []


def test_bare_noqa_and_other_tools_codes_are_not_judged(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(
        project,
        "m.py",
        'import flyte\n\nenv = flyte.TaskEnvironment(name="etl")  # noqa\nx = 1  # noqa: E501, F401\n',
    )
    assert codes_by_line(capsys) == []


def test_a_code_that_is_not_checked_in_the_file_is_not_judged(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put(project, "m.py", 'import flyte\n\nenv = flyte.TaskEnvironment(name="etl")  # noqa: FLY001\n')
    assert codes_by_line(capsys, "--ignore", "FLY001") == []
    assert codes_by_line(capsys, "--select", "FLY0") == []  # FLY903 itself is not selected
    assert codes_by_line(capsys, "--ignore", "FLY903") == []


def test_unused_noqa_can_be_silenced_on_its_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", 'import flyte\n\nenv = flyte.TaskEnvironment(name="etl")  # noqa: FLY001, FLY903\n')
    assert codes_by_line(capsys) == []


def test_unknown_flyte_lint_code_in_a_noqa_is_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", 'import flyte\n\nenv = flyte.TaskEnvironment(name="etl")  # noqa: FLY999\n')
    lint(".")
    assert "unused noqa code FLY999 (not a flyte-lint code)" in capsys.readouterr().out


def test_show_files_with_files_given_lists_those_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "pkg/a.py", BAD_NAMES)
    put(project, "pkg/b.py", BAD_NAMES)
    assert lint("pkg/b.py", "--show-files") == 0
    assert capsys.readouterr().out.splitlines() == ["pkg/b.py"]


def test_fix_removes_unused_noqa_codes_and_keeps_the_others(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = put(
        project,
        "m.py",
        "import flyte\n\n"
        'a = flyte.TaskEnvironment(name="etl")  # noqa: FLY001\n'
        'b = flyte.TaskEnvironment(name="Bad B")  # noqa: FLY001, FLY004, E501\n'
        'c = flyte.TaskEnvironment(name="ok_c")  # noqa: FLY001 keep this note\n',
    )
    assert lint(".", "--fix") == 1  # c's noqa has text after it: reported, not removed
    assert path.read_text() == (
        "import flyte\n\n"
        'a = flyte.TaskEnvironment(name="etl")\n'
        'b = flyte.TaskEnvironment(name="Bad B")  # noqa: E501, FLY001\n'
        'c = flyte.TaskEnvironment(name="ok_c")  # noqa: FLY001 keep this note\n'
    )
    assert "Fixed 2 findings: FLY903 x2" in capsys.readouterr().err
    assert codes_by_line(capsys) == [(5, "FLY903", "warning")]


def test_noqa_merge_keeps_listed_codes_sorted_once_and_leaves_covered_or_bare_lines() -> None:
    from flyte_lint.noqa import noqa_merge

    source = "a = 1  # noqa: E501, E501\nb = 2  # noqa: FLY0\nc = 3  # noqa\nd = 4\n"
    assert noqa_merge(source, 1, frozenset({"FLY001"})) == (16, 26, "E501, FLY001", 1)
    assert noqa_merge(source, 2, frozenset({"FLY001"})) is None  # the prefix covers it
    assert noqa_merge(source, 3, frozenset({"FLY001"})) is None  # a bare noqa is never touched
    assert noqa_merge(source, 4, frozenset({"FLY204", "FLY001"})) == (6, 6, "  # noqa: FLY001, FLY204", 2)


def test_add_noqa_counts_lines_as_python_does(project: Path) -> None:
    # A form feed (a page break) is no line break for Python: the comment goes on the reported line.
    path = put(project, "m.py", 'import flyte\n\x0c\na = flyte.TaskEnvironment(name="Bad A")\r\nb = 1\n')
    assert lint(".", "--add-noqa") == 0
    assert (
        path.read_bytes() == b'import flyte\n\x0c\na = flyte.TaskEnvironment(name="Bad A")  # noqa: FLY001\r\nb = 1\n'
    )


def test_output_file_gets_the_diff(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = put(project, "m.py", FIXABLE)
    assert lint(".", "--diff", "--output-file", "fixes.diff") == 1
    assert capsys.readouterr().out == ""
    diff = (project / "fixes.diff").read_text()
    assert diff.startswith("--- a/m.py\n+++ b/m.py\n") and "depends_on=[pool]" in diff
    assert path.read_text() == FIXABLE


# --------------------------------------------------------------------------------------------------------
# What to do about a finding travels with it in every format


def test_github_junit_and_flake8_carry_the_help(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(project, "m.py", FIXABLE)
    assert lint(".", "--format", "github", "--select", "FLY301") == 1
    assert "%0Ahelp: add depends_on=[pool] to 'driver'" in capsys.readouterr().out
    assert lint(".", "--format", "junit", "--select", "FLY301") == 1
    assert "= help: add depends_on=[pool] to 'driver'" in capsys.readouterr().out
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "FLY301", "--jobs", "1", "m.py"],
        cwd=project, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "(help: add depends_on=[pool] to 'driver')" in done.stdout, done.stdout + done.stderr
