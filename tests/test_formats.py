"""--format sarif (validated against the official SARIF 2.1.0 schema), github, junit; --stdin-filename."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from flyte_lint.diagnostics import Diagnostic, Edit, Fix
from flyte_lint.facts import Span
from flyte_lint.formats.github import escape_data, escape_property, format_github
from flyte_lint.formats.junit import format_junit
from flyte_lint.formats.sarif import format_sarif
from flyte_lint.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "example_project"
SCHEMA = json.loads((ROOT / "tests" / "fixtures_schema" / "sarif-2.1.0.json").read_text())


def _cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flyte_lint", "--no-cache", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.fixture
def example(tmp_path: Path) -> Path:
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project)
    return project


def _validate(log: object) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def _diag(**kw: object) -> Diagnostic:
    base: dict[str, object] = dict(path="pkg/mod.py", line=3, column=5, end_line=3, end_column=9, code="FLY204",
                                   severity="error", message="bad")  # fmt: skip
    base.update(kw)
    return Diagnostic(**base)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------------
# SARIF


def test_schema_is_the_official_one() -> None:
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


def test_sarif_from_a_bad_fixture_validates(example: Path) -> None:
    done = _cli("--format", "sarif", ".", cwd=example)
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    _validate(log)
    as_json = json.loads(_cli("--format", "json", ".", cwd=example).stdout)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "flyte-lint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {rule.code for rule in all_rules()}
    for rule in all_rules():
        assert rules[rule.code]["name"] == rule.name
        assert rules[rule.code]["shortDescription"]["text"] == rule.summary
        assert rules[rule.code]["fullDescription"]["text"].strip()
        assert rules[rule.code]["help"]["markdown"].strip()
    results = run["results"]
    assert len(results) == len(as_json)
    for result, d in zip(results, as_json, strict=True):
        assert result["ruleId"] == d["code"]
        assert driver["rules"][result["ruleIndex"]]["id"] == d["code"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[d["severity"]]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == d["path"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (d["line"], d["column"])
        assert (region["endLine"], region["endColumn"]) == (d["end_line"], d["end_column"])
        assert ("fixes" in result) == ("fix" in d)
    fixed = [r for r in results if "fixes" in r]
    assert fixed, "the example project has fixable findings (FLY001, FLY204)"
    replacement = fixed[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert "deletedRegion" in replacement and "insertedContent" in replacement


def test_sarif_of_nothing_and_of_odd_spans_validates() -> None:
    _validate(json.loads(format_sarif([])))
    odd = [
        _diag(line=1, column=1, end_line=1, end_column=1, code="FLY902", message="cannot read"),
        _diag(severity="info", related=(("pkg/other.py", 2, 3),)),
        _diag(fix=Fix("insert", (Edit(Span(3, 9, 3, 9), ', reusable="off"'),), "unsafe")),
        _diag(path=str(Path.cwd() / "abs" / "file.py")),
    ]
    log = json.loads(format_sarif(odd))
    _validate(log)
    results = log["runs"][0]["results"]
    assert results[1]["level"] == "note"
    assert results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "abs/file.py"


# ---------------------------------------------------------------------------------------------------------
# GitHub annotations


def test_github_annotations(example: Path) -> None:
    done = _cli("--format", "github", ".", cwd=example)
    assert done.returncode == 1
    as_json = json.loads(_cli("--format", "json", ".", cwd=example).stdout)
    lines = done.stdout.splitlines()
    assert len(lines) == len(as_json)
    for line, d in zip(lines, as_json, strict=True):
        command = {"error": "error", "warning": "warning", "info": "notice"}[d["severity"]]
        props = (f"file={d['path']},line={d['line']},col={d['column']},endLine={d['end_line']},"
                 f"endColumn={d['end_column']},title={d['code']}")  # fmt: skip
        assert line.startswith(f"::{command} {props}::"), line


def test_github_escaping() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    # A finding's message is one line already (a newline of a quoted value is written as its escape).
    d = _diag(path="dir,x/a:b.py", message="line one\nline two: 50%, done", severity="info")
    assert d.message == "line one\\nline two: 50%, done"
    assert format_github([d]) == (
        "::notice file=dir%2Cx/a%3Ab.py,line=3,col=5,endLine=3,endColumn=9,title=FLY204"
        "::line one\\nline two: 50%25, done"
    )
    assert format_github([_diag(severity="warning")]).startswith("::warning ")


# ---------------------------------------------------------------------------------------------------------
# JUnit


def test_junit(example: Path) -> None:
    done = _cli("--format", "junit", ".", cwd=example)
    assert done.returncode == 1
    root = ET.fromstring(done.stdout)
    suites = root.findall("testsuite")
    assert len(suites) == 1
    as_json = json.loads(_cli("--format", "json", ".", cwd=example).stdout)
    cases = suites[0].findall("testcase")
    assert sorted(str(c.get("name")) for c in cases) == sorted({d["path"] for d in as_json})
    failures = [f for c in cases for f in c.findall("failure")]
    assert len(failures) == len(as_json) == int(suites[0].get("failures", "-1"))
    assert {f.get("type") for f in failures} == {d["code"] for d in as_json}


def test_junit_without_findings_and_with_markup() -> None:
    root = ET.fromstring(format_junit([]))
    assert len(root.findall("testsuite/testcase")) == 1 and not root.findall(".//failure")
    root = ET.fromstring(format_junit([_diag(message='<&> "quoted"')]))
    assert root.find(".//failure").get("message") == 'FLY204 <&> "quoted"'  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------------------
# --stdin-filename


def test_stdin_filename_lints_as_that_file(example: Path) -> None:
    text = (example / "pipelines" / "train.py").read_text()
    on_disk = json.loads(_cli("--format", "json", ".", cwd=example).stdout)
    expected = [d for d in on_disk if d["path"] == "pipelines/train.py"]
    # the project context (envs.py) is found from the file's place
    for args in (("--stdin-filename", "pipelines/train.py", "-"), ("--stdin-filename", "pipelines/train.py")):
        done = _cli("--format", "json", *args, cwd=example, stdin=text)
        assert json.loads(done.stdout) == expected, done.stderr
    # from outside the project: same findings, reported under the given path
    outside = _cli("--format", "json", "--stdin-filename", "example/pipelines/train.py", "-",
                   cwd=example.parent, stdin=text)  # fmt: skip
    assert [(d["code"], d["line"]) for d in json.loads(outside.stdout)] == [(d["code"], d["line"]) for d in expected]
    assert {d["path"] for d in json.loads(outside.stdout)} == {"example/pipelines/train.py"}


def test_stdin_filename_uses_that_files_config(example: Path) -> None:
    pyproject = example / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'ignore = ["FLY104"]\n')
    text = (example / "pipelines" / "train.py").read_text()
    done = _cli("--format", "json", "--stdin-filename", "example/pipelines/train.py", "-", cwd=example.parent,
                stdin=text)  # fmt: skip
    codes = {d["code"] for d in json.loads(done.stdout)}
    assert "FLY104" not in codes and "FLY204" in codes
    # the text is what is linted, not the file on disk
    clean = text.replace("resources=flyte.Resources(cpu=2)", "retries=2")
    done = _cli("--format", "json", "--stdin-filename", "example/pipelines/train.py", "-", cwd=example.parent,
                stdin=clean)  # fmt: skip
    assert "FLY204" not in {d["code"] for d in json.loads(done.stdout)}
