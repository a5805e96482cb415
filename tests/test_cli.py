"""Integration tests of the command line, run as a subprocess (``python -m flyte_lint``) on temporary projects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flyte_lint import __version__
from flyte_lint.rules import known_codes

REPO = Path(__file__).resolve().parent.parent

BAD_NAME = """\
import flyte

env = flyte.TaskEnvironment(name="Bad_Name")
"""

CLEAN = """\
import flyte

env = flyte.TaskEnvironment(name="etl")


@env.task
async def load(n: int) -> int:
    return n
"""

# Fine on flyte 2.12; on 2.1 `service_account` is not a TaskEnvironment keyword (FLY004) and, where the cache
# rule exists, "enable" is not a cache policy (FLY007).
VERSIONED = """\
import flyte

env = flyte.TaskEnvironment(name="x", service_account="sa")


@env.task(cache="enable")
async def load(n: int) -> int:
    return n
"""


def run(tmp: Path, *args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLYTE_LINT", "NO_COLOR"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.run(
        [sys.executable, "-m", "flyte_lint", *map(str, args)],
        cwd=tmp, env=env, capture_output=True, text=True, timeout=120, input=stdin,
    )  # fmt: skip


def write(path: Path, text: str, *, mode: str = "text") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [item["code"] for item in json.loads(proc.stdout)]


def findings(proc: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list)
    return data


def assert_usage_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert any(all(f in line for f in fragments) for line in lines), (fragments, proc.stderr)


# --------------------------------------------------------------------------------------------------------
# Exit codes and formats


def test_clean_exit_0(tmp_path: Path) -> None:
    write(tmp_path / "ok.py", CLEAN)
    proc = run(tmp_path, "ok.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed" in proc.stdout


def test_findings_exit_1_and_text_format(tmp_path: Path) -> None:
    write(tmp_path / "bad.py", BAD_NAME)
    proc = run(tmp_path, "bad.py")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if line.startswith("bad.py:3:"))
    assert header.startswith("bad.py:3:34: FLY001"), header
    assert "Bad_Name" in header
    assert any('env = flyte.TaskEnvironment(name="Bad_Name")' in line for line in lines)
    caret = next(line for line in lines if "^" in line)
    # The caret sits under the offending value (column 34 of the source line).
    source = next(line for line in lines if "Bad_Name" in line and "|" in line and "FLY001" not in line)
    assert caret.index("^") - caret.index("|") == source.index('"Bad_Name"') - source.index("|")
    assert "FLY001" in caret
    assert "\033[" not in proc.stdout  # no colour when not on a terminal
    assert proc.stdout.rstrip().endswith("in 1 file."), proc.stdout


def test_a_value_with_a_newline_is_quoted_on_one_line(tmp_path: Path) -> None:
    """A finding is one line in every format that lists findings line by line: a control character of a quoted
    value is written as its escape."""
    write(tmp_path / "bad.py", 'import flyte\n\nenv = flyte.TaskEnvironment(name="a\\nb\\tc")\n')
    proc = run(tmp_path, "--format", "concise", "bad.py")
    assert proc.returncode == 1, proc.stderr
    finding = [line for line in proc.stdout.splitlines() if "FLY001" in line]
    assert len(finding) == 1 and "'a\\nb\\tc'" in finding[0], proc.stdout
    assert all(line.startswith(("bad.py:", "Found")) for line in proc.stdout.splitlines() if line), proc.stdout
    [reported] = findings(run(tmp_path, "--format", "json", "bad.py"))
    assert str(reported["message"]).startswith("Environment name 'a\\nb\\tc' must be"), reported


@pytest.mark.parametrize("spelling", ["absolute", "dot-dot", "dot-slash"])
def test_file_paths_in_any_spelling_are_checked(tmp_path: Path, spelling: str) -> None:
    """A files-only run (as from pre-commit or an editor) keeps the findings however the file is spelled."""
    bad = write(tmp_path / "pkg" / "bad.py", BAD_NAME)
    write(tmp_path / "pkg" / "ok.py", CLEAN)
    given = {"absolute": str(bad), "dot-dot": "../pkg/bad.py", "dot-slash": "./bad.py"}[spelling]
    proc = run(tmp_path / "pkg", given, str(tmp_path / "pkg" / "ok.py"), "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert [(Path(str(d["path"])).name, d["code"]) for d in findings(proc)] == [("bad.py", "FLY001")]
    text = run(tmp_path / "pkg", given)
    assert text.stdout.rstrip().endswith("in 1 file."), text.stdout


def test_exit_zero(tmp_path: Path) -> None:
    write(tmp_path / "bad.py", BAD_NAME)
    assert run(tmp_path, "bad.py", "--exit-zero").returncode == 0


def test_json_format(tmp_path: Path) -> None:
    write(tmp_path / "bad.py", BAD_NAME)
    proc = run(tmp_path, "bad.py", "--format", "json")
    assert proc.returncode == 1
    data = findings(proc)
    assert len(data) == 1
    item = data[0]
    assert {"path", "line", "column", "end_line", "end_column", "code", "severity", "message"} <= set(item)
    assert (item["path"], item["line"], item["column"], item["end_line"], item["end_column"]) == (
        "bad.py", 3, 34, 3, 44,
    )  # fmt: skip
    assert (item["code"], item["severity"]) == ("FLY001", "error")
    assert "Bad_Name" in str(item["message"])


def test_json_format_clean_is_empty_list(tmp_path: Path) -> None:
    write(tmp_path / "ok.py", CLEAN)
    proc = run(tmp_path, "ok.py", "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == []


def test_statistics(tmp_path: Path) -> None:
    write(tmp_path / "a.py", BAD_NAME)
    write(tmp_path / "b.py", BAD_NAME.replace("Bad_Name", "Other_Bad"))
    proc = run(tmp_path, ".", "--statistics")
    assert proc.returncode == 1
    rows = [line.split() for line in proc.stdout.splitlines() if line.strip()]
    assert ["2", "FLY001", "env-name-format"] in rows, proc.stdout
    assert "^" not in proc.stdout


def test_version(tmp_path: Path) -> None:
    proc = run(tmp_path, "--version")
    assert proc.returncode == 0
    assert __version__ in proc.stdout


@pytest.mark.parametrize(
    "args",
    [("--bogus-flag",), ("--format", "nope"), ("--target-version", "2.x"), ("--target-version", "3.0")],
    ids=["unknown-flag", "bad-format", "bad-version", "flyte-3"],
)
def test_bad_arguments_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    write(tmp_path / "ok.py", CLEAN)
    proc = run(tmp_path, "ok.py", *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
def test_unknown_code_on_command_line_exit_2(tmp_path: Path, flag: str) -> None:
    write(tmp_path / "ok.py", CLEAN)
    assert_usage_error(run(tmp_path, "ok.py", flag, "NOPE1"), "NOPE1", "command line")


# --------------------------------------------------------------------------------------------------------
# Selection and target version


def test_select_and_ignore(tmp_path: Path) -> None:
    write(
        tmp_path / "m.py",
        """\
        import flyte

        env = flyte.TaskEnvironment(name="Bad_Name")


        @env.task
        async def f(*args: int) -> int:
            return 1
        """,
    )
    assert sorted(codes(run(tmp_path, "m.py", "--format", "json"))) == ["FLY001", "FLY106"]
    assert codes(run(tmp_path, "m.py", "--format", "json", "--select", "FLY1")) == ["FLY106"]
    assert codes(run(tmp_path, "m.py", "--format", "json", "--select", "FLY001")) == ["FLY001"]
    assert codes(run(tmp_path, "m.py", "--format", "json", "--ignore", "FLY001")) == ["FLY106"]
    assert codes(run(tmp_path, "m.py", "--format", "json", "--select", "FLY0,FLY106", "--ignore", "FLY0")) == ["FLY106"]
    proc = run(tmp_path, "m.py", "--select", "fly106")  # codes are case-insensitive
    assert proc.returncode == 1 and "FLY106" in proc.stdout and "FLY001" not in proc.stdout


def _versioned_codes() -> set[str]:
    return {"FLY004", "FLY007"} & known_codes()


def test_target_version_changes_verdict(tmp_path: Path) -> None:
    write(tmp_path / "v.py", VERSIONED)
    old = run(tmp_path, "v.py", "--format", "json", "--target-version", "2.1.9")
    assert old.returncode == 1
    assert set(codes(old)) == _versioned_codes()
    new = run(tmp_path, "v.py", "--format", "json", "--target-version", "2.12.1")
    assert new.returncode == 0 and codes(new) == [], new.stdout
    # The default is the newest version the spec knows.
    assert run(tmp_path, "v.py").returncode == 0


@pytest.mark.parametrize(("version", "expected"), [("2.12", 0), ("2.1", 1)])
def test_target_version_minor_form(tmp_path: Path, version: str, expected: int) -> None:
    write(tmp_path / "v.py", VERSIONED)
    proc = run(tmp_path, "v.py", "--target-version", version)
    assert proc.returncode == expected, proc.stdout + proc.stderr


# --------------------------------------------------------------------------------------------------------
# Configuration


def test_pyproject_select_ignore(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.flyte-lint]\nselect = ["FLY1"]\n')
    write(tmp_path / "m.py", BAD_NAME + "\n\n@env.task\nasync def f(*args: int) -> int:\n    return 1\n")
    assert codes(run(tmp_path, ".", "--format", "json")) == ["FLY106"]
    write(tmp_path / "pyproject.toml", '[tool.flyte-lint]\nignore = ["FLY106"]\n')
    assert codes(run(tmp_path, ".", "--format", "json")) == ["FLY001"]
    # The command line wins over the file.
    assert codes(run(tmp_path, ".", "--format", "json", "--select", "FLY106")) == ["FLY106"]


def test_pyproject_per_file_ignores_and_exclude(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        """\
        [tool.flyte-lint]
        per-file-ignores = { "legacy/*.py" = ["FLY001"] }
        exclude = ["generated"]
        """,
    )
    write(tmp_path / "legacy" / "old.py", BAD_NAME)
    write(tmp_path / "generated" / "gen.py", BAD_NAME)
    write(tmp_path / "src" / "new.py", BAD_NAME)
    data = findings(run(tmp_path, ".", "--format", "json"))
    assert [(Path(str(d["path"])).as_posix(), d["code"]) for d in data] == [("src/new.py", "FLY001")]


def test_pyproject_target_version(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.flyte-lint]\ntarget-version = "2.1.9"\n')
    write(tmp_path / "v.py", VERSIONED)
    assert set(codes(run(tmp_path, ".", "--format", "json"))) == _versioned_codes()
    # --target-version overrides the file.
    assert run(tmp_path, ".", "--target-version", "2.12.1").returncode == 0


def test_nearest_pyproject_per_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.flyte-lint]\nignore = ["FLY001"]\n')
    write(tmp_path / "top.py", BAD_NAME)
    write(tmp_path / "pkg" / "pyproject.toml", '[tool.flyte-lint]\nselect = ["FLY"]\n')
    write(tmp_path / "pkg" / "inner.py", BAD_NAME)
    data = findings(run(tmp_path, ".", "--format", "json"))
    assert [(Path(str(d["path"])).as_posix(), d["code"]) for d in data] == [("pkg/inner.py", "FLY001")]


def test_flyte_pin_in_dependencies_picks_target(tmp_path: Path) -> None:
    write(tmp_path / "proj" / "pyproject.toml", '[project]\nname = "p"\ndependencies = ["flyte==2.1.9"]\n')
    write(tmp_path / "proj" / "v.py", VERSIONED)
    write(tmp_path / "other" / "v.py", VERSIONED)
    data = findings(run(tmp_path, ".", "--format", "json"))
    assert {Path(str(d["path"])).as_posix() for d in data} == {"proj/v.py"}
    assert {d["code"] for d in data} == _versioned_codes()
    # A configured target-version wins over the pin.
    write(
        tmp_path / "proj" / "pyproject.toml",
        '[project]\nname = "p"\ndependencies = ["flyte==2.1.9"]\n[tool.flyte-lint]\ntarget-version = "2.12"\n',
    )
    assert run(tmp_path, ".").returncode == 0


def test_nearest_flyte_pin_wins(tmp_path: Path) -> None:
    """A sub-project's own pin wins over the workspace's, even when only the workspace configures flyte-lint."""
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "ws"\ndependencies = ["flyte==2.12.1"]\n[tool.flyte-lint]\nignore = []\n',
    )
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "s"\ndependencies = ["flyte==2.1.9"]\n')
    write(tmp_path / "sub" / "v.py", VERSIONED)
    write(tmp_path / "top.py", VERSIONED)
    data = findings(run(tmp_path, ".", "--format", "json"))
    assert {Path(str(d["path"])).as_posix() for d in data} == {"sub/v.py"}


def test_per_file_ignores_flag(tmp_path: Path) -> None:
    write(tmp_path / "legacy" / "old.py", BAD_NAME)
    write(tmp_path / "new.py", BAD_NAME)
    data = findings(run(tmp_path, ".", "--format", "json", "--per-file-ignores", "legacy/*:FLY001"))
    assert [d["path"] for d in data] == ["new.py"]
    assert_usage_error(run(tmp_path, ".", "--per-file-ignores", "nocolon"), "--per-file-ignores")


def test_pep723_script_pin(tmp_path: Path) -> None:
    write(
        tmp_path / "script.py",
        '# /// script\n# dependencies = ["flyte==2.1.9"]\n# ///\n' + VERSIONED,
    )
    assert set(codes(run(tmp_path, "script.py", "--format", "json"))) == _versioned_codes()
    assert run(tmp_path, "script.py", "--target-version", "2.12.1").returncode == 0


def test_config_path(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.flyte-lint]\nignore = ["FLY001"]\n')
    write(tmp_path / "m.py", BAD_NAME)
    write(tmp_path / "conf" / "strict.toml", '[tool.flyte-lint]\nselect = ["FLY"]\n')
    assert run(tmp_path, "m.py").returncode == 0
    assert codes(run(tmp_path, "m.py", "--format", "json", "--config", "conf/strict.toml")) == ["FLY001"]
    assert_usage_error(run(tmp_path, "m.py", "--config", "missing.toml"), "missing.toml")


def test_isolated_ignores_config(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.flyte-lint]\nignore = ["FLY001"]\n')
    write(tmp_path / "m.py", BAD_NAME)
    assert run(tmp_path, "m.py").returncode == 0
    assert codes(run(tmp_path, "m.py", "--format", "json", "--isolated")) == ["FLY001"]
    # --isolated does not even read a broken file.
    write(tmp_path / "pyproject.toml", "[tool.flyte-lint\n")
    assert run(tmp_path, "m.py", "--isolated").returncode == 1


@pytest.mark.parametrize(
    ("toml", "fragments"),
    [
        ('[tool.flyte-lint]\nbogus = 1\n', ("pyproject.toml", "bogus")),
        ('[tool.flyte-lint]\nselect = ["FLY0", "XYZ9"]\n', ("pyproject.toml", "select", "XYZ9")),
        ('[tool.flyte-lint]\nignore = ["NOPE"]\n', ("pyproject.toml", "ignore", "NOPE")),
        ('[tool.flyte-lint]\nper-file-ignores = { "a.py" = ["NOPE"] }\n', ("pyproject.toml", "per-file-ignores")),
        ('[tool.flyte-lint]\ntarget-version = "1.2"\n', ("pyproject.toml", "target-version")),
        ("[tool.flyte-lint]\ntarget-version = 2\n", ("pyproject.toml", "target-version")),
        ("[tool.flyte-lint]\nexclude = 3\n", ("pyproject.toml", "exclude")),
        ("[tool.flyte-lint\n", ("pyproject.toml",)),
    ],
    ids=["unknown-key", "unknown-select", "unknown-ignore", "unknown-pfi", "bad-version", "version-type",
         "exclude-type", "invalid-toml"],
)  # fmt: skip
def test_bad_config_exit_2(tmp_path: Path, toml: str, fragments: tuple[str, ...]) -> None:
    write(tmp_path / "pyproject.toml", toml)
    write(tmp_path / "m.py", CLEAN)
    assert_usage_error(run(tmp_path, "."), *fragments)


def test_bad_config_via_config_flag_exit_2(tmp_path: Path) -> None:
    write(tmp_path / "conf.toml", '[tool.flyte-lint]\nselect = ["NOPE"]\n')
    write(tmp_path / "m.py", CLEAN)
    assert_usage_error(run(tmp_path, "m.py", "--config", "conf.toml"), "conf.toml", "select", "NOPE")


# --------------------------------------------------------------------------------------------------------
# Suppression


def test_noqa_variants(tmp_path: Path) -> None:
    write(
        tmp_path / "n.py",
        """\
        import flyte

        env1 = flyte.TaskEnvironment(name="Bad1")  # noqa: FLY001
        env2 = flyte.TaskEnvironment(name="Bad2")  # noqa
        env3 = flyte.TaskEnvironment(name="Bad3")  # noqa: FLY004
        env4 = flyte.TaskEnvironment(  # noqa: FLY001
            name="Bad4",
        )
        env5 = flyte.TaskEnvironment(
            name="Bad5",
        )
        env6 = flyte.TaskEnvironment(name="Bad6")  # NOQA:FLY002,FLY001


        @env1.task  # noqa: FLY106
        async def f(*args: int) -> int:
            return 1


        @env1.task
        async def g(*args: int) -> int:
            return 1
        """,
    )
    data = findings(run(tmp_path, "n.py", "--format", "json"))
    assert [(d["line"], d["code"]) for d in data if d["code"] != "FLY903"] == [
        (5, "FLY001"),
        (9, "FLY001"),
        (20, "FLY106"),
    ]
    # The codes that silence nothing there (FLY004 on line 5, FLY002 on line 12) are reported as unused.
    assert [(d["line"], d["code"]) for d in data if d["code"] == "FLY903"] == [(5, "FLY903"), (12, "FLY903")]


def test_noqa_on_def_line(tmp_path: Path) -> None:
    write(
        tmp_path / "d.py",
        """\
        import flyte

        env = flyte.TaskEnvironment(name="etl")


        @env.task
        async def f(*args: int) -> int:  # noqa: FLY106
            return 1
        """,
    )
    assert run(tmp_path, "d.py").returncode == 0


def test_file_level_noqa(tmp_path: Path) -> None:
    write(tmp_path / "f.py", "# flyte-lint: noqa\n" + BAD_NAME)
    write(tmp_path / "g.py", BAD_NAME)
    data = findings(run(tmp_path, ".", "--format", "json"))
    assert [d["path"] for d in data] == ["g.py"]


def test_file_level_noqa_with_codes_only_silences_those(tmp_path: Path) -> None:
    write(tmp_path / "f.py", "# flyte-lint: noqa: FLY106\n" + BAD_NAME)
    assert codes(run(tmp_path, "f.py", "--format", "json")) == ["FLY001"]


# --------------------------------------------------------------------------------------------------------
# Rule documentation


@pytest.mark.parametrize("argv", [("rule", "FLY001"), ("--explain", "FLY001"), ("rule", "env-name-format")])
def test_rule_doc(tmp_path: Path, argv: tuple[str, ...]) -> None:
    proc = run(tmp_path, *argv)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# env-name-format (FLY001)")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in proc.stdout


def test_rule_list(tmp_path: Path) -> None:
    proc = run(tmp_path, "rule", "--all")
    assert proc.returncode == 0
    listed = {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}
    assert {"FLY001", "FLY901", "FLY902"} <= listed


@pytest.mark.parametrize("argv", [("rule", "NOPE"), ("--explain", "NOPE")])
def test_unknown_rule_exit_2(tmp_path: Path, argv: tuple[str, ...]) -> None:
    assert_usage_error(run(tmp_path, *argv), "NOPE")


# --------------------------------------------------------------------------------------------------------
# Bad input


def test_syntax_error_is_fly901_and_run_continues(tmp_path: Path) -> None:
    write(tmp_path / "a_broken.py", 'import flyte\n\nenv = flyte.TaskEnvironment(name="x"\n')
    write(tmp_path / "b_bad.py", BAD_NAME)
    proc = run(tmp_path, ".", "--format", "json")
    assert proc.returncode == 1
    data = findings(proc)
    assert [(d["path"], d["code"]) for d in data] == [("a_broken.py", "FLY901"), ("b_bad.py", "FLY001")]
    assert data[0]["line"] == 3
    assert "Traceback" not in proc.stderr


def test_undecodable_file_is_fly902(tmp_path: Path) -> None:
    (tmp_path / "latin.py").write_bytes(b'import flyte\n# caf\xe9\nenv = flyte.TaskEnvironment(name="Bad")\n')
    write(tmp_path / "z_bad.py", BAD_NAME)
    proc = run(tmp_path, ".")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    header = next(line for line in proc.stdout.splitlines() if "FLY902" in line and ":" in line)
    assert header.startswith("latin.py:2:"), header
    assert "z_bad.py:3:34: FLY001" in proc.stdout  # the run went on
    data = findings(run(tmp_path, "latin.py", "--format", "json"))
    assert [(d["path"], d["code"], d["line"]) for d in data] == [("latin.py", "FLY902", 2)]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    proc = run(tmp_path, "nope.py")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "nope.py" in proc.stdout + proc.stderr


def test_coding_cookie_and_bom(tmp_path: Path) -> None:
    (tmp_path / "cookie.py").write_bytes(
        b'# -*- coding: latin-1 -*-\nimport flyte\n# caf\xe9\nenv = flyte.TaskEnvironment(name="Bad_\xe9")\n'
    )
    (tmp_path / "bom.py").write_bytes(b'\xef\xbb\xbfimport flyte\nenv = flyte.TaskEnvironment(name="Bad_Bom")\n')
    data = findings(run(tmp_path, ".", "--format", "json"))
    assert [(d["path"], d["line"], d["code"]) for d in data] == [("bom.py", 2, "FLY001"), ("cookie.py", 4, "FLY001")]
    assert "Bad_\u00e9" in str(data[1]["message"])
    write(tmp_path / "cookie.py", "# -*- coding: latin-1 -*-\n" + CLEAN)
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + CLEAN.encode())
    assert run(tmp_path, ".").returncode == 0


def test_non_flyte_files_are_fine(tmp_path: Path) -> None:
    write(tmp_path / "plain.py", "def f(*args):\n    return args\n")
    write(tmp_path / "ok.py", CLEAN)
    proc = run(tmp_path, ".")
    assert proc.returncode == 0, proc.stdout


def test_noqa_text_inside_a_string_is_not_a_suppression(tmp_path: Path) -> None:
    write(tmp_path / "f.py", 'import flyte\nenv = flyte.TaskEnvironment(name="Bad # noqa")\n')
    assert codes(run(tmp_path, "f.py", "--format", "json")) == ["FLY001"]


def test_file_level_noqa_inside_a_docstring_does_not_silence_the_file(tmp_path: Path) -> None:
    write(tmp_path / "f.py", '"""\n# flyte-lint: noqa\n"""\n' + BAD_NAME)
    assert codes(run(tmp_path, "f.py", "--format", "json")) == ["FLY001"]


def test_noqa_code_prefix_covers_its_family(tmp_path: Path) -> None:
    write(tmp_path / "f.py", 'import flyte\nenv = flyte.TaskEnvironment(name="Bad")  # noqa: FLY0\n')
    assert codes(run(tmp_path, "f.py", "--format", "json")) == []
