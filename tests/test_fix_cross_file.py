"""Fixes that edit another file than the finding's: FLY301 adds the missing environment to the ``depends_on`` of
the calling environment where it is defined (``envs.py``), importing it there when needed. Run through the real
command line (``main()``) on small projects in temporary folders."""

from __future__ import annotations

import ast
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from flyte_lint.cli import main

ENVS = """\
import flyte

gpu = flyte.TaskEnvironment(
    name="gpu",
    image=flyte.Image.from_debian_base().with_pip_packages("torch"),
)
driver = flyte.TaskEnvironment(name="driver", resources=flyte.Resources(cpu=1))  # the driver
"""

TRAIN = """\
from proj.envs import gpu


@gpu.task
async def train(n: int) -> int:
    return n
"""

PIPELINE = """\
from proj.envs import driver
from proj.train import train


@driver.task
async def pipeline(n: int) -> int:
    return await train(n)


@driver.task
async def again(n: int) -> int:
    return await train(n + 1)
"""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """envs.py defines two environments; tasks in other modules call across them. The working directory is
    the project's folder for the test."""
    root = tmp_path / "work"
    files = {
        "pyproject.toml": '[project]\nname = "proj"\nversion = "0"\n',
        "proj/__init__.py": "",
        "proj/envs.py": ENVS,
        "proj/train.py": TRAIN,
        "proj/pipeline.py": PIPELINE,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    before = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(before)


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.py"))}


def lint(*args: str) -> int:
    return main([".", "--no-cache", "--jobs", "1", "--color", "never", *args])


def test_fix_adds_the_environment_to_depends_on_in_the_file_that_defines_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lint("--select", "FLY301") == 1
    found = capsys.readouterr().out
    assert found.count("FLY301 [error]") == 2
    assert "= help: add depends_on=[gpu] to 'driver' in proj/envs.py [fix available]" in found

    assert lint("--select", "FLY301", "--fix") == 0
    envs = (project / "proj" / "envs.py").read_text()
    assert envs == ENVS.replace("cpu=1))", "cpu=1), depends_on=[gpu])")
    # The files of the calls are untouched; everything still parses.
    assert (project / "proj" / "pipeline.py").read_text() == PIPELINE
    for text in snapshot(project).values():
        ast.parse(text)


def test_fix_reports_what_it_fixed_per_rule(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lint("--select", "FLY301", "--fix") == 0
    captured = capsys.readouterr()
    assert "Fixed 2 findings: FLY301 x2" in captured.err


def test_a_second_fix_changes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lint("--fix") == 0
    first = snapshot(project)
    assert "Fixed 2 findings" in capsys.readouterr().err
    assert lint("--fix") == 0
    assert snapshot(project) == first
    assert "Fixed" not in capsys.readouterr().err


def test_existing_depends_on_list_is_extended_keeping_its_layout(project: Path) -> None:
    envs = textwrap.dedent(
        """\
        import flyte

        gpu = flyte.TaskEnvironment(name="gpu", image=flyte.Image.from_debian_base().with_pip_packages("torch"))
        base = flyte.TaskEnvironment(name="base")
        driver = flyte.TaskEnvironment(
            name="driver",
            depends_on=[
                base,  # shared setup
            ],
        )
        """
    )
    (project / "proj" / "envs.py").write_text(envs)
    assert lint("--fix") == 0
    assert (project / "proj" / "envs.py").read_text() == envs.replace("base,  # shared", "base, gpu,  # shared")


def test_an_empty_depends_on_list_gets_the_environment(project: Path) -> None:
    (project / "proj" / "envs.py").write_text(ENVS.replace("cpu=1))", "cpu=1), depends_on=[])"))
    assert lint("--fix") == 0
    assert "depends_on=[gpu])  # the driver" in (project / "proj" / "envs.py").read_text()


def test_the_import_is_added_where_the_name_is_not_bound(project: Path) -> None:
    gpu_env = 'import flyte\n\ngpu = flyte.TaskEnvironment(name="gpu", image=flyte.Image.from_ref_name("gpu"))\n'
    (project / "proj" / "gpu_env.py").write_text(gpu_env)
    (project / "proj" / "envs.py").write_text(
        'import flyte\n\ndriver = flyte.TaskEnvironment(name="driver")  # keep me\n'
    )
    (project / "proj" / "train.py").write_text(TRAIN.replace("proj.envs", "proj.gpu_env"))
    assert lint("--fix") == 0
    assert (project / "proj" / "envs.py").read_text() == (
        "import flyte\nfrom proj.gpu_env import gpu\n\n"
        'driver = flyte.TaskEnvironment(name="driver", depends_on=[gpu])  # keep me\n'
    )
    assert (project / "proj" / "gpu_env.py").read_text() == gpu_env
    first = snapshot(project)
    assert lint("--fix") == 0
    assert snapshot(project) == first


def test_no_import_that_would_make_a_cycle(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # gpu is defined in a module that imports envs.py: importing it from envs.py would be a cycle.
    (project / "proj" / "envs.py").write_text('import flyte\n\ndriver = flyte.TaskEnvironment(name="driver")\n')
    (project / "proj" / "train.py").write_text(
        "import flyte\nfrom proj.envs import driver\n\n"
        'gpu = flyte.TaskEnvironment(name="gpu", image=flyte.Image.from_ref_name("gpu"))\n\n\n'
        "@gpu.task\nasync def train(n: int) -> int:\n    return n\n"
    )
    before = snapshot(project)
    assert lint("--fix") == 1
    out = capsys.readouterr().out
    assert "FLY301" in out and "= help: add gpu to the depends_on of 'driver' (proj/envs.py:3)" in out
    assert snapshot(project) == before


def test_diff_shows_every_file_and_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "proj" / "pipeline.py").write_text(PIPELINE.replace("await train(n + 1)", "await train(x=n)"))
    before = snapshot(project)
    assert lint("--diff") == 1
    diff = capsys.readouterr().out
    assert "--- a/proj/envs.py\n+++ b/proj/envs.py\n" in diff
    assert '+driver = flyte.TaskEnvironment(name="driver", resources=flyte.Resources(cpu=1), depends_on=[gpu])' in diff
    assert snapshot(project) == before


def test_diff_shows_edits_of_several_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A same-file fix (FLY001 renames the environment) and a cross-file one (FLY301 in envs.py) in one diff.
    (project / "proj" / "pipeline.py").write_text(
        PIPELINE.replace(
            "from proj.train import train",
            'from proj.train import train\nimport flyte\n\nx = flyte.TaskEnvironment(name="Bad Name")',
        )
    )
    before = snapshot(project)
    assert lint("--diff", "--unsafe-fixes") == 1
    diff = capsys.readouterr().out
    assert "+++ b/proj/envs.py" in diff and "+++ b/proj/pipeline.py" in diff
    assert snapshot(project) == before


def test_a_file_that_would_not_parse_is_left_untouched(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The edit lands in a file that changed on disk since it was linted: the result would not parse, so the
    # file is left as it is and one line says why.
    from flyte_lint.config import Overrides
    from flyte_lint.engine import Options, run
    from flyte_lint.fix import apply_fixes

    options = Options([Path(".")], Overrides(isolated=True), jobs=1, use_cache=False)
    result = run(options)
    assert any(d.code == "FLY301" for d in result.diagnostics)
    broken = ENVS.replace("cpu=1))  # the driver", "cpu=1)  # the driver\n)")
    broken = broken.replace('name="driver", resources', 'name="driver", (resources')
    (project / "proj" / "envs.py").write_text(broken)
    outcome = apply_fixes(result, options=options)
    assert (project / "proj" / "envs.py").read_text() == broken
    assert any(e.startswith("proj/envs.py: ") for e in outcome.errors), outcome.errors
    assert all("\n" not in e for e in outcome.errors)


def test_json_and_sarif_carry_the_edits_of_the_other_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert lint("--format", "json") == 1
    (first, *_) = [d for d in json.loads(capsys.readouterr().out) if d["code"] == "FLY301"]
    assert first["path"] == "proj/pipeline.py" and first["fix"]["edits"] == []
    (other,) = first["fix"]["other_files"]
    assert other["path"] == "proj/envs.py" and other["edits"][0]["replacement"] == ", depends_on=[gpu]"

    assert lint("--format", "sarif") == 1
    log = json.loads(capsys.readouterr().out)
    import jsonschema

    schema_path = Path(__file__).resolve().parent / "fixtures_schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    results = log["runs"][0]["results"]
    changes = [r["fixes"][0]["artifactChanges"] for r in results if r["ruleId"] == "FLY301"]
    assert changes and all(c[0]["artifactLocation"]["uri"].endswith("proj/envs.py") for c in changes)


def test_standard_input_never_writes_another_file(project: Path) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    before = snapshot(project)
    done = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "--stdin-filename", "proj/pipeline.py", "--fix", "--no-cache", "-"],
        cwd=project, env={**os.environ, "PYTHONPATH": str(repo)}, input=PIPELINE,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.stdout == PIPELINE  # the fix is in envs.py: nothing to change in the text given
    assert done.returncode == 1
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        (
            'driver = flyte.TaskEnvironment(name="driver")',
            'driver = flyte.TaskEnvironment(name="driver", depends_on=[gpu])',
        ),
        (
            'driver = flyte.TaskEnvironment(\n    name="driver",\n)',
            'driver = flyte.TaskEnvironment(\n    name="driver", depends_on=[gpu],\n)',
        ),
        (
            'driver = flyte.TaskEnvironment(\n    "driver",  # positional name\n    # a comment line\n)',
            'driver = flyte.TaskEnvironment(\n    "driver", depends_on=[gpu],  # positional name\n'
            "    # a comment line\n)",
        ),
        (
            'driver = flyte.TaskEnvironment(name="driver", depends_on=[base,])',
            'driver = flyte.TaskEnvironment(name="driver", depends_on=[base, gpu,])',
        ),
        (
            'driver = flyte.TaskEnvironment(depends_on=[\n    base\n], name="driver")',
            'driver = flyte.TaskEnvironment(depends_on=[\n    base, gpu\n], name="driver")',
        ),
        (
            'driver = flyte.TaskEnvironment(name="driver", depends_on=[ ])',
            'driver = flyte.TaskEnvironment(name="driver", depends_on=[gpu])',
        ),
    ],
)
def test_depends_on_edit_keeps_the_layout(project: Path, written: str, fixed: str) -> None:
    envs = ENVS.replace(
        'driver = flyte.TaskEnvironment(name="driver", resources=flyte.Resources(cpu=1))  # the driver',
        'base = flyte.TaskEnvironment(name="base")\n' + written,
    )
    (project / "proj" / "envs.py").write_text(envs)
    assert lint("--fix") == 0
    after = (project / "proj" / "envs.py").read_text()
    assert after == envs.replace(written, fixed)
    ast.parse(after)


def test_depends_on_from_a_name_is_not_edited(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    envs = ENVS.replace(
        'driver = flyte.TaskEnvironment(name="driver", resources=flyte.Resources(cpu=1))  # the driver',
        'base = flyte.TaskEnvironment(name="base")\nDEPS = [base]\n'
        'driver = flyte.TaskEnvironment(name="driver", depends_on=DEPS)',
    )
    (project / "proj" / "envs.py").write_text(envs)
    assert lint("--fix") == 1
    assert (project / "proj" / "envs.py").read_text() == envs
    assert "= help: add gpu to the depends_on of 'driver'" in capsys.readouterr().out


def test_calls_in_the_defining_file_and_in_another_share_one_edit(project: Path) -> None:
    # driver's own module calls train too: both findings carry the same edit of envs.py, applied once.
    envs = ENVS + (
        "\n\n@driver.task\nasync def local(n: int) -> int:\n"
        "    from proj.train import train\n\n    return await train(n)\n"
    )
    (project / "proj" / "envs.py").write_text(envs)
    assert lint("--fix") == 0
    after = (project / "proj" / "envs.py").read_text()
    assert after.count("depends_on=[gpu]") == 1
    ast.parse(after)
    assert (project / "proj" / "pipeline.py").read_text() == PIPELINE
