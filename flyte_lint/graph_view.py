"""``flyte-lint graph PATHS --format mermaid|dot|json|svg``: the environment/task graph of a project.

Environments are groups holding their tasks; ``depends_on`` edges join environments, ``calls`` edges join
tasks. What the project rules flag is drawn on top: a missing dependency (FLY301) as a dashed red edge
between the two environments, a dependency cycle (FLY302) as red edges and red environments.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TypedDict

from .graph import ProjectGraph, dependency_cycles, missing_dependencies, project_graph


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="flyte-lint graph", description="Draw the environment/task graph.")
    parser.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    parser.add_argument("--format", choices=["mermaid", "dot", "json", "svg"], default="mermaid")
    parser.add_argument("-o", "--output", help="write to this file instead of stdout")
    args = parser.parse_args(list(argv))

    from .engine import Options, run

    result = run(Options([Path(p) for p in args.paths]))
    if result.index is None:
        print("flyte-lint graph: nothing to draw", file=sys.stderr)
        return 2
    graph = project_graph(result.index)
    data = to_data(graph)
    if args.format == "json":
        text = json.dumps(data, indent=2) + "\n"
    elif args.format == "mermaid":
        text = to_mermaid(data)
    else:
        text = to_dot(data)
        if args.format == "svg":
            dot = shutil.which("dot")
            if dot is None:
                print("flyte-lint graph: --format svg needs Graphviz's 'dot' program on PATH "
                      "(install graphviz, or use --format dot)", file=sys.stderr)  # fmt: skip
                return 2
            proc = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print(f"flyte-lint graph: dot failed: {proc.stderr.strip()}", file=sys.stderr)
                return 2
            text = proc.stdout
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------------------------------------------------
# A plain description (the JSON format; mermaid and dot are drawn from it)


class EnvNodeData(TypedDict):
    id: str
    type: Literal["env"]
    name: str | None
    label: str
    kind: str
    variable: str | None
    path: str
    line: int
    deps_known: bool
    flags: list[str]


class TaskNodeData(TypedDict):
    id: str
    type: Literal["task"]
    name: str
    fqn: str
    env: str | None  # id of the environment node
    path: str
    line: int
    flags: list[str]


NodeData = EnvNodeData | TaskNodeData


class _EdgeDataBase(TypedDict):
    source: str
    target: str
    type: str  # "depends_on" | "calls" | "missing_dependency"
    flags: list[str]


class EdgeData(_EdgeDataBase, total=False):
    origin: str | None  # depends_on edges
    how: str | None  # calls edges


class FlagData(TypedDict):
    code: str
    nodes: list[str]
    message: str


class GraphData(TypedDict):
    nodes: list[NodeData]
    edges: list[EdgeData]
    flags: list[FlagData]


def _id(node: tuple[str, str, int], ids: dict[tuple[str, str, int], str]) -> str:
    found = ids.get(node)
    if found is None:
        found = f"{'e' if node[0] == 'env' else 't'}{len(ids)}"
        ids[node] = found
    return found


def to_data(graph: ProjectGraph) -> GraphData:
    ids: dict[tuple[str, str, int], str] = {}
    g = graph.g
    nodes: list[NodeData] = []
    for node in sorted(graph.envs, key=lambda n: (n[1], n[2])):
        d = g.nodes[node]
        nodes.append({
            "id": _id(node, ids), "type": "env", "name": d["name"], "label": graph.env_label(node),
            "kind": d["kind"], "variable": d["binding"], "path": d["path"], "line": d["line"],
            "deps_known": node not in graph.deps_unknown, "flags": [],
        })  # fmt: skip
    for node in sorted(graph.tasks, key=lambda n: (n[1], n[2])):
        d = g.nodes[node]
        env = d.get("env")
        nodes.append({
            "id": _id(node, ids), "type": "task", "name": d["name"] or d["binding"] or "?",
            "fqn": graph.task_fqn(node), "env": ids.get(env) if env is not None else None,
            "path": d["path"], "line": d["line"], "flags": [],
        })  # fmt: skip
    by_id = {n["id"]: n for n in nodes}
    edges: list[EdgeData] = []
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        if d["type"] == "member":
            continue  # drawn as grouping
        edge: EdgeData = {"source": ids[u], "target": ids[v], "type": d["type"], "flags": []}
        if d["type"] == "depends_on":
            edge["origin"] = d.get("origin")
        else:
            edge["how"] = d.get("how")
        edges.append(edge)
    flags: list[FlagData] = []
    edge_index = {(e["source"], e["target"], e["type"]): e for e in edges}
    seen_missing: set[tuple[str, str]] = set()
    for miss in missing_dependencies(graph):
        a, b = ids[miss.caller_env], ids[miss.callee_env]
        call = edge_index.get((ids[miss.caller], ids[miss.callee], "calls"))
        if call is not None and "FLY301" not in call["flags"]:
            call["flags"].append("FLY301")
        if (a, b) in seen_missing:
            continue
        seen_missing.add((a, b))
        edges.append({"source": a, "target": b, "type": "missing_dependency", "flags": ["FLY301"]})
        flags.append({"code": "FLY301", "nodes": [a, b, ids[miss.caller], ids[miss.callee]],
                      "message": f"{graph.env_label(miss.caller_env)} calls into {graph.env_label(miss.callee_env)} "
                                 "without depends_on"})  # fmt: skip
    for cycle in dependency_cycles(graph):
        cids = [ids[n] for n in cycle]
        for i, node_id in enumerate(cids):
            nxt = cids[(i + 1) % len(cids)]
            by_id[node_id]["flags"].append("FLY302")
            cycle_edge = edge_index.get((node_id, nxt, "depends_on"))
            if cycle_edge is not None:
                cycle_edge["flags"].append("FLY302")
        flags.append(
            {
                "code": "FLY302",
                "nodes": cids,
                "message": "depends_on cycle: " + " -> ".join(graph.env_label(n) for n in [*cycle, cycle[0]]),
            }
        )
    return {"nodes": nodes, "edges": edges, "flags": flags}


def _q(text: str) -> str:
    return text.replace('"', "#quot;")


def to_mermaid(data: GraphData) -> str:
    nodes = data["nodes"]
    edges = data["edges"]
    lines = ["flowchart LR"]
    envs = [n for n in nodes if n["type"] == "env"]
    tasks_by_env: dict[str | None, list[TaskNodeData]] = {}
    loose: list[TaskNodeData] = []
    for n in nodes:
        if n["type"] == "task":
            (tasks_by_env.setdefault(n["env"], []) if n["env"] else loose).append(n)
    for env in envs:
        title = f"{env['label']} ({env['kind']})" if env["kind"] != "TaskEnvironment" else str(env["label"])
        if "FLY302" in env["flags"]:
            title += " ⟲ cycle"
        lines.append(f'  subgraph {env["id"]}["{_q(title)}"]')
        lines.append("    direction TB")
        for task in tasks_by_env.get(env["id"], []):
            lines.append(f'    {task["id"]}["{_q(str(task["name"]))}"]')
        lines.append("  end")
    for task in loose:
        lines.append(f'  {task["id"]}["{_q(str(task["name"]))}"]')
    link_styles: list[str] = []
    for i, edge in enumerate(edges):
        s, t, kind = edge["source"], edge["target"], edge["type"]
        if kind == "depends_on":
            label = "depends_on ⟲ cycle" if "FLY302" in edge["flags"] else "depends_on"
            lines.append(f"  {s} ==>|{label}| {t}")
            if "FLY302" in edge["flags"]:
                link_styles.append(f"  linkStyle {i} stroke:red,stroke-width:3px")
        elif kind == "calls":
            lines.append(f"  {s} -->|{edge.get('how') or 'calls'}| {t}")
        else:  # missing_dependency
            lines.append(f"  {s} -.->|missing depends_on FLY301| {t}")
            link_styles.append(f"  linkStyle {i} stroke:red,stroke-width:2px,stroke-dasharray:5 5")
    lines += link_styles
    cyc = [env["id"] for env in envs if "FLY302" in env["flags"]]
    if cyc:
        lines.append("  classDef cycle stroke:red,stroke-width:3px")
        lines.append(f"  class {','.join(cyc)} cycle")
    return "\n".join(lines) + "\n"


def _dq(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(data: GraphData) -> str:
    nodes = data["nodes"]
    edges = data["edges"]
    lines = ["digraph flyte {", "  compound=true;", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
    envs = [n for n in nodes if n["type"] == "env"]
    tasks_by_env: dict[str | None, list[TaskNodeData]] = {}
    for n in nodes:
        if n["type"] == "task":
            tasks_by_env.setdefault(n["env"], []).append(n)
    for env in envs:
        cyc = "FLY302" in env["flags"]
        lines.append(f"  subgraph cluster_{env['id']} {{")
        lines.append(f"    label={_dq(str(env['label']) + (' (cycle)' if cyc else ''))};")
        if cyc:
            lines.append("    color=red; penwidth=2;")
        # the environment itself, so depends_on edges have an end point
        lines.append(f"    {env['id']} [label={_dq(env['label'])}, shape=folder{', color=red' if cyc else ''}];")
        for task in tasks_by_env.get(env["id"], []):
            lines.append(f"    {task['id']} [label={_dq(task['name'])}];")
        lines.append("  }")
    for task in tasks_by_env.get(None, []):
        lines.append(f"  {task['id']} [label={_dq(task['name'])}];")
    for edge in edges:
        s, t, kind = edge["source"], edge["target"], edge["type"]
        if kind == "depends_on":
            extra = ", color=red, penwidth=2" if "FLY302" in edge["flags"] else ""
            lines.append(f'  {s} -> {t} [label="depends_on", style=bold{extra}];')
        elif kind == "calls":
            lines.append(f"  {s} -> {t} [label={_dq(edge.get('how') or 'calls')}];")
        else:
            lines.append(f'  {s} -> {t} [label="missing depends_on", style=dashed, color=red, fontcolor=red];')
    lines.append("}")
    return "\n".join(lines) + "\n"
