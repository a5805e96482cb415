"""``flyte-lint graph``: structure of the json, mermaid and dot outputs on the fixture projects."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from flyte_lint import graph_view

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "projects"


def _render(project: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    cwd = os.getcwd()
    os.chdir(PROJECTS / project)
    try:
        assert graph_view.main([".", "--format", fmt]) == 0
    finally:
        os.chdir(cwd)
    return capsys.readouterr().out


def test_json_missing_dependency(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_render("missing_dep_bad", "json", capsys))
    envs = {n["name"]: n for n in data["nodes"] if n["type"] == "env"}
    tasks = {n["name"]: n for n in data["nodes"] if n["type"] == "task"}
    assert set(envs) == {"gpu", "main"}
    assert set(tasks) == {"train", "pipeline", "fan_out"}
    assert tasks["train"]["env"] == envs["gpu"]["id"] and tasks["pipeline"]["env"] == envs["main"]["id"]
    calls = {(e["source"], e["target"]) for e in data["edges"] if e["type"] == "calls"}
    assert (tasks["pipeline"]["id"], tasks["train"]["id"]) in calls
    missing = [e for e in data["edges"] if e["type"] == "missing_dependency"]
    assert [(e["source"], e["target"]) for e in missing] == [(envs["main"]["id"], envs["gpu"]["id"])]
    assert [f["code"] for f in data["flags"]] == ["FLY301"]


def test_json_cycle(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_render("cycle_bad", "json", capsys))
    envs = {n["id"]: n for n in data["nodes"] if n["type"] == "env"}
    (flag,) = [f for f in data["flags"] if f["code"] == "FLY302"]
    assert {envs[i]["name"] for i in flag["nodes"]} == {"a", "b", "c"}
    dep = [e for e in data["edges"] if e["type"] == "depends_on"]
    assert len(dep) == 3 and all("FLY302" in e["flags"] for e in dep)


def test_json_good_project_has_no_flags(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_render("missing_dep_good", "json", capsys))
    assert data["flags"] == []
    names = {n["id"]: n["name"] for n in data["nodes"]}
    dep = {(names[e["source"]], names[e["target"]]) for e in data["edges"] if e["type"] == "depends_on"}
    assert {("mid", "gpu"), ("main", "mid"), ("main-big", "mid"), ("other", "cpu")} <= dep


def test_mermaid_structure(capsys: pytest.CaptureFixture[str]) -> None:
    text = _render("missing_dep_bad", "mermaid", capsys)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(1 for line in lines if line.strip().startswith("subgraph ")) == 2
    edges = [line for line in lines if re.search(r"-->|==>|-\.->", line) and "linkStyle" not in line]
    dashed = [i for i, line in enumerate(edges) if "-.->" in line]
    assert len(dashed) == 1 and "missing depends_on" in edges[dashed[0]]
    assert f"linkStyle {dashed[0]} stroke:red" in text
    cyc = _render("cycle_bad", "mermaid", capsys)
    assert "cycle" in cyc and "class e0,e1,e2 cycle" in cyc


def test_dot_structure(capsys: pytest.CaptureFixture[str]) -> None:
    text = _render("missing_dep_bad", "dot", capsys)
    assert text.startswith("digraph") and text.count("subgraph cluster_") == 2
    assert re.search(r"-> \w+ \[label=\"missing depends_on\", style=dashed, color=red", text)


def test_svg_without_dot(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    cwd = os.getcwd()
    os.chdir(PROJECTS / "cycle_bad")
    try:
        assert graph_view.main([".", "--format", "svg"]) == 2
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err
    assert "dot" in err and len(err.strip().splitlines()) == 1
