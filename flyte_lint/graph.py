"""The project graph: environments and tasks of every module, built once per run from the ProjectIndex.

Nodes
    ``("env", path, env_id)``   an environment object (TaskEnvironment, clone, from_task result, AppEnvironment)
    ``("task", path, task_id)`` a task declared on an environment
Edges (``type`` attribute)
    ``depends_on``  env -> env, from the constructor list, ``clone_with`` inheritance or ``add_dependency``
    ``member``      task -> env it is declared in
    ``calls``       task -> task called (or passed as a value) in its body

Everything is computed in time linear in the number of facts, plus per-query traversals that only run on
the (few) nodes a rule asks about. What cannot be resolved is left out and marked (``deps_known=False``),
and the rules stay silent about it.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .facts import Arg, EnvDef, Lit, ModuleFacts, Seq, Span, TaskCall, TaskDef, Unknown, Value, exclusive
from .link import EnvHandle, ProjectIndex, TaskHandle

if TYPE_CHECKING:
    import networkx as nx


def _networkx() -> Any:
    """networkx, imported on first use: it takes longer to import (~70 ms) than the mypy plugin, which runs no
    project rule, spends linting a module."""
    import networkx

    return networkx


EnvNode = tuple[str, str, int]
TaskNode = tuple[str, str, int]

CALL_KINDS = frozenset({"call", "aio", "override", "map"})


@dataclass(frozen=True, slots=True)
class DepEdge:
    """One entry of an environment's direct ``depends_on``: where it was written and how."""

    source: EnvNode
    target: EnvNode
    # "constructor" | "clone_with" | "from_task" | "inherited" | "add_dependency" | "depends_on.append" (the list
    # changed in place: the SDK checks nothing then, not even a self-dependency)
    origin: str
    path: str  # the file where the reference is written
    span: Span
    # For an element of a written list: the spans of the elements before it (a fix removes it after them).
    preceding: tuple[Span, ...] = ()


@dataclass
class ProjectGraph:
    index: ProjectIndex
    g: nx.DiGraph = field(default_factory=lambda: _networkx().DiGraph())
    envs: dict[EnvNode, EnvHandle] = field(default_factory=dict)
    tasks: dict[TaskNode, TaskHandle] = field(default_factory=dict)
    # Every written dependency, in order (duplicates kept: nx.DiGraph merges them).
    dep_edges: dict[EnvNode, list[DepEdge]] = field(default_factory=dict)
    # Envs whose direct depends_on is not fully known (unknown element, *args, mutated attribute...).
    deps_unknown: set[EnvNode] = field(default_factory=set)
    # Environments whose depends_on list was replaced or had items taken out after they were made
    # (``env.depends_on = []``, ``.clear()``, ``.remove(b)``): the edges recorded for them may be gone.
    deps_rewritten: set[EnvNode] = field(default_factory=set)
    # Task calls whose caller and callee both resolve: (caller, callee, TaskCall, module of the call).
    calls: list[tuple[TaskNode, TaskNode, TaskCall, ModuleFacts]] = field(default_factory=list)
    _closure: dict[EnvNode, tuple[frozenset[EnvNode], bool]] = field(default_factory=dict)
    _import_closure: dict[str, frozenset[str]] = field(default_factory=dict)
    _imports: dict[str, set[str]] | None = None

    # -- helpers -------------------------------------------------------------------------------------------

    def env_name(self, node: EnvNode) -> str | None:
        name: str | None = self.g.nodes[node].get("name")
        return name

    def env_label(self, node: EnvNode) -> str:
        name = self.env_name(node)
        if name is not None:
            return repr(name)
        return self.envs[node].env.binding or "an environment"

    def task_env(self, node: TaskNode) -> EnvNode | None:
        env: EnvNode | None = self.g.nodes[node].get("env")
        return env

    def task_fqn(self, node: TaskNode) -> str:
        data = self.g.nodes[node]
        env = data.get("env")
        env_name = self.env_name(env) if env is not None else None
        return f"{env_name or '?'}.{data.get('name') or '?'}"

    def deps(self, node: EnvNode) -> list[EnvNode]:
        """Direct dependencies (unique, in written order)."""
        seen: dict[EnvNode, None] = {}
        for edge in self.dep_edges.get(node, ()):
            seen.setdefault(edge.target, None)
        return list(seen)

    def closure(self, node: EnvNode) -> tuple[frozenset[EnvNode], bool]:
        """Everything reachable through depends_on (node included), and whether all of it is fully known."""
        cached = self._closure.get(node)
        if cached is not None:
            return cached
        seen = {node}
        stack = [node]
        known = True
        while stack:
            current = stack.pop()
            if current in self.deps_unknown:
                known = False
            for target in self.deps(current):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        result = (frozenset(seen), known)
        self._closure[node] = result
        return result

    def module_imports(self) -> dict[str, set[str]]:
        """path -> paths of project modules it imports (directly)."""
        if self._imports is None:
            table: dict[str, set[str]] = {}
            by_name = self.index.by_name
            for path, facts in self.index.modules.items():
                targets: set[str] = set()
                for imp in facts.imports:
                    if imp.level and not imp.module:
                        continue
                    candidates = [imp.module]
                    if imp.name:
                        candidates.append(f"{imp.module}.{imp.name}")
                    # ``import a.b.c`` imports a, a.b and a.b.c
                    parts = imp.module.split(".")
                    candidates += [".".join(parts[:i]) for i in range(1, len(parts))]
                    for candidate in candidates:
                        target = by_name.get(candidate)
                        if target is not None and target.path != path:
                            targets.add(target.path)
                table[path] = targets
            self._imports = table
        return self._imports

    def imported_closure(self, path: str) -> frozenset[str]:
        """Paths of every project module loaded when ``path`` is imported (itself included)."""
        cached = self._import_closure.get(path)
        if cached is not None:
            return cached
        imports = self.module_imports()
        seen = {path}
        stack = [path]
        while stack:
            for target in imports.get(stack.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        result = frozenset(seen)
        self._import_closure[path] = result
        return result


# ---------------------------------------------------------------------------------------------------------
# Building

_GRAPHS: weakref.WeakKeyDictionary[ProjectIndex, ProjectGraph] = weakref.WeakKeyDictionary()


def project_graph(index: ProjectIndex) -> ProjectGraph:
    """The graph of this index, built on first use and shared by every rule and the graph view."""
    graph = _GRAPHS.get(index)
    if graph is None:
        graph = build(index)
        _GRAPHS[index] = graph
    return graph


def env_node(handle: EnvHandle) -> EnvNode:
    return ("env", handle.module.path, handle.env.id)


def task_node(handle: TaskHandle) -> TaskNode:
    return ("task", handle.module.path, handle.task.id)


def _literal_name(env: EnvDef) -> str | None:
    if env.args.repeated():
        return None  # a keyword given twice: the call raises TypeError, no environment is made
    arg = env.args.keyword("name")
    if arg is None and env.args.positional:
        arg = env.args.positional[0]
    if arg is not None and isinstance(arg.value, Lit) and isinstance(arg.value.value, str):
        if env.args.star_args and arg is not env.args.keyword("name"):
            return None
        return arg.value.value
    return None


def _depends_arg(env: EnvDef) -> tuple[Arg | None, bool]:
    """The argument that gives ``depends_on`` in the env's own call, and whether that is knowable."""
    arg = env.args.keyword("depends_on")
    if arg is not None:
        return arg, True
    if env.origin == "constructor":
        # depends_on is a keyword in practice (it comes late in the dataclass); a long positional list is rare
        if len(env.args.positional) > 4 or env.args.star_args or env.args.star_kwargs:
            return None, False
        if env.class_name not in ("flyte.TaskEnvironment", "flyte.Environment") and env.args.star_kwargs:
            return None, False
        return None, True
    if env.origin == "clone_with":
        if len(env.args.positional) > 5 or env.args.star_args or env.args.star_kwargs:
            return None, False
        return None, True
    return None, not env.args.star_kwargs


# Dependencies added after construction (not inherited by a clone made earlier).
_ADDED_LATER = frozenset({"add_dependency", "depends_on.append"})


def build(index: ProjectIndex) -> ProjectGraph:
    graph = ProjectGraph(index)
    g = graph.g
    modules = list(index.modules.values())
    # 1. nodes
    for facts in modules:
        for env in facts.envs:
            handle = EnvHandle(facts, env)
            node = env_node(handle)
            graph.envs[node] = handle
            # ``env.name = ...`` later (here or in a module importing it): the name a deploy reads is that one
            renamed = index.env_changed(handle, "name")
            g.add_node(
                node, type="env", name=None if renamed else _literal_name(env), kind=env.kind, origin=env.origin,
                binding=env.binding, path=facts.path, line=env.span.line, column=env.span.column,
                scope=env.scope, module=facts.module_name,
            )  # fmt: skip
        for task in facts.tasks:
            thandle = TaskHandle(facts, task)
            tnode = task_node(thandle)
            graph.tasks[tnode] = thandle
            g.add_node(
                tnode, type="task", name=_task_name(task), binding=task.binding, path=facts.path,
                line=task.span.line, column=task.span.column, scope=task.scope, module=facts.module_name,
            )  # fmt: skip
    # 2. membership
    for tnode, thandle in graph.tasks.items():
        owner = index.env(thandle.module, thandle.task.env)
        if owner is not None:
            enode = env_node(owner)
            g.nodes[tnode]["env"] = enode
            g.add_edge(tnode, enode, type="member")
    # 3. direct dependencies written on each env (constructor / clone / from_task), clone inheritance
    for node, handle in graph.envs.items():
        _own_deps(graph, node, handle)
    for node, handle in graph.envs.items():
        if handle.env.origin == "clone_with" and handle.env.args.keyword("depends_on") is None:
            _inherit_deps(graph, node, handle)
    # 4. add_dependency and attribute writes, from any module
    for facts in modules:
        for call in facts.env_calls:
            receiver = index.env(facts, call.env)
            if receiver is None:
                continue
            rnode = env_node(receiver)
            if call.method == "setattr:depends_on":
                graph.deps_unknown.add(rnode)
                graph.deps_rewritten.add(rnode)
                continue
            if call.method.startswith("depends_on."):
                # env.depends_on.append(x) / .extend([x, y]): dependencies added to the list directly
                items: list[tuple[Value, Span]] = []
                first = call.args.positional[0] if len(call.args.positional) == 1 else None
                if call.method == "depends_on.append" and first is not None:
                    items = [(first.value, first.span)]
                elif call.method == "depends_on.extend" and first is not None and isinstance(first.value, Seq):
                    items = [(item, first.span) for item in first.value.items]
                else:
                    graph.deps_unknown.add(rnode)
                    if call.method not in ("depends_on.append", "depends_on.extend"):
                        graph.deps_rewritten.add(rnode)  # .clear(), .remove(b), .pop()...
                    continue
                for item, span in items:
                    target = index.env(facts, item)
                    if target is None:
                        graph.deps_unknown.add(rnode)
                        continue
                    graph.dep_edges.setdefault(rnode, []).append(
                        DepEdge(rnode, env_node(target), "depends_on.append", facts.path, span)
                    )
                continue
            if call.method != "add_dependency":
                continue
            if call.args.star_args or call.args.keywords:
                graph.deps_unknown.add(rnode)
            for arg in call.args.positional:
                target = index.env(facts, arg.value)
                if target is None:
                    graph.deps_unknown.add(rnode)
                    continue
                graph.dep_edges.setdefault(rnode, []).append(
                    DepEdge(rnode, env_node(target), "add_dependency", facts.path, arg.span)
                )
    for node, edges in graph.dep_edges.items():
        for edge in edges:
            if not g.has_edge(node, edge.target):
                g.add_edge(
                    node, edge.target, type="depends_on", origin=edge.origin, path=edge.path, line=edge.span.line
                )
    # 5. calls
    for facts in modules:
        for task_call in facts.task_calls:
            if task_call.caller is None or not 0 <= task_call.caller < len(facts.tasks):
                continue
            callee = index.task(facts, task_call.callee)
            if callee is None:
                continue
            caller_node: TaskNode = ("task", facts.path, task_call.caller)
            callee_node = task_node(callee)
            graph.calls.append((caller_node, callee_node, task_call, facts))
            if g.has_edge(caller_node, callee_node):
                if task_call.how in CALL_KINDS:
                    g.edges[caller_node, callee_node]["how"] = task_call.how
                continue
            g.add_edge(
                caller_node, callee_node, type="calls", how=task_call.how, path=facts.path, line=task_call.span.line
            )
    return graph


def _task_name(task: TaskDef) -> str | None:
    if task.function is not None and task.function.kind in ("def", "class", "task") and task.function.name:
        return task.function.name
    return None


def _own_deps(graph: ProjectGraph, node: EnvNode, handle: EnvHandle) -> None:
    env = handle.env
    if graph.index.env_changed(handle, "depends_on"):
        graph.deps_unknown.add(node)
        return
    arg, known = _depends_arg(env)
    if not known:
        graph.deps_unknown.add(node)
        return
    if arg is None:
        return
    value = arg.value
    if isinstance(value, Lit) and value.value is None:
        return
    if not isinstance(value, Seq) or value.kind not in ("list", "tuple"):
        graph.deps_unknown.add(node)
        return
    spans = value.item_spans if len(value.item_spans) == len(value.items) else ()
    for position, item in enumerate(value.items):
        target = graph.index.env(handle.module, item)
        if target is None:
            graph.deps_unknown.add(node)
            continue
        span = spans[position] if spans else arg.span
        preceding = spans[:position] if arg.literal else ()  # the list written here: its items may be removed
        graph.dep_edges.setdefault(node, []).append(
            DepEdge(node, env_node(target), env.origin, handle.module.path, span, preceding)
        )


def _inherit_deps(graph: ProjectGraph, node: EnvNode, handle: EnvHandle, hops: int = 0) -> None:
    """A clone without its own depends_on keeps the source's list (as it was when cloned)."""
    env = handle.env
    source = graph.index.env(handle.module, env.clone_of) if env.clone_of is not None else None
    if source is None or hops > 16:
        graph.deps_unknown.add(node)
        return
    snode = env_node(source)
    if source.env.origin == "clone_with" and source.env.args.keyword("depends_on") is None:
        # chain of clones: the source's own inherited edges are already in dep_edges if it came first;
        # compute from scratch to be order independent
        pass
    if snode in graph.deps_unknown:
        graph.deps_unknown.add(node)
    for edge in _written_deps(graph, source, hops):
        graph.dep_edges.setdefault(node, []).append(DepEdge(node, edge.target, "inherited", edge.path, edge.span))
    # add_dependency on the source before the clone (same module): copied into the clone (2.12.1 copies the
    # list, 2.1.9 shares it; both include what was there at clone time)
    for call in source.module.env_calls:
        if call.method != "add_dependency" or source.module.path != handle.module.path:
            continue
        if call.span.line >= env.span.line:
            continue
        receiver = graph.index.env(source.module, call.env)
        if receiver is None or env_node(receiver) != snode:
            continue
        for arg in call.args.positional:
            target = graph.index.env(source.module, arg.value)
            if target is None:
                graph.deps_unknown.add(node)
                continue
            graph.dep_edges.setdefault(node, []).append(
                DepEdge(node, env_node(target), "inherited", source.module.path, arg.span)
            )


def _written_deps(graph: ProjectGraph, handle: EnvHandle, hops: int) -> list[DepEdge]:
    node = env_node(handle)
    env = handle.env
    if env.origin == "clone_with" and env.args.keyword("depends_on") is None:
        sub = ProjectGraph(graph.index)
        _inherit_deps(sub, node, handle, hops + 1)
        if node in sub.deps_unknown:
            graph.deps_unknown.add(node)
        return [e for e in sub.dep_edges.get(node, []) if e.origin not in _ADDED_LATER]
    return [e for e in graph.dep_edges.get(node, []) if e.origin not in _ADDED_LATER]


# ---------------------------------------------------------------------------------------------------------
# Queries shared by the FLY3xx rules and the graph view


@dataclass(frozen=True, slots=True)
class MissingDependency:
    caller: TaskNode
    callee: TaskNode
    caller_env: EnvNode
    callee_env: EnvNode
    call: TaskCall
    module: ModuleFacts  # where the call is written


def missing_dependencies(graph: ProjectGraph) -> Iterator[MissingDependency]:
    """Calls from a task of env A to a task of env B that A's depends_on closure does not reach.

    One per (calling task, callee env): the first call in the body. Silent when anything is unknown.
    """
    done: set[tuple[TaskNode, EnvNode]] = set()
    for caller, callee, call, module in graph.calls:
        if call.how not in CALL_KINDS:
            continue
        a = graph.task_env(caller)
        b = graph.task_env(callee)
        if a is None or b is None or a == b:
            continue
        if (caller, b) in done:
            continue
        a_name, b_name = graph.env_name(a), graph.env_name(b)
        if a_name is None or b_name is None or a_name == b_name:
            continue  # same name: the image cache has it (and FLY305 speaks about the names)
        if graph.g.nodes[a]["kind"] == "AppEnvironment":
            continue
        reach, known = graph.closure(a)
        if b in reach or any(graph.env_name(n) == b_name for n in reach):
            continue
        if not known:
            continue
        done.add((caller, b))
        yield MissingDependency(caller, callee, a, b, call, module)


def dependency_cycles(graph: ProjectGraph) -> list[list[EnvNode]]:
    """Each strongly connected part of the depends_on graph with more than one env, as one cycle (ordered)."""
    nx = _networkx()
    dep = nx.DiGraph()
    for node, edges in graph.dep_edges.items():
        if node in graph.deps_rewritten:
            continue  # its list was emptied or replaced later: these edges may not be there when deploying
        for edge in edges:
            if edge.target != node:
                dep.add_edge(node, edge.target)
    cycles: list[list[EnvNode]] = []
    for component in nx.strongly_connected_components(dep):
        if len(component) < 2:
            continue
        start = min(component, key=lambda n: (n[1], graph.g.nodes[n]["line"], n[2]))
        sub = dep.subgraph(component)
        # shortest cycle through ``start``: BFS back to it
        path = _cycle_through(sub, start)
        cycles.append(path)
    cycles.sort(key=lambda c: (c[0][1], graph.g.nodes[c[0]]["line"]))
    return cycles


def _cycle_through(sub: nx.DiGraph, start: EnvNode) -> list[EnvNode]:
    parents: dict[EnvNode, EnvNode | None] = {start: None}
    queue = [start]
    for current in queue:
        for target in sorted(sub.successors(current)):
            if target == start:
                path = [current]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])  # type: ignore[arg-type]
                return list(reversed(path))
            if target not in parents:
                parents[target] = current
                queue.append(target)
    return [start]  # pragma: no cover - a strongly connected component always has a cycle


def duplicate_names(graph: ProjectGraph) -> Iterator[tuple[EnvNode, EnvNode, str]]:
    """Pairs (first, second, how) of distinct envs made at import (module level or in a class body, as
    ``class Envs: small = base.clone_with(name="worker")``) with one literal name that meet in one deploy.

    ``how`` says why they meet: "same module", "imports", "depends_on".
    """
    dep = graph.g.edge_subgraph([(u, v) for u, v, t in graph.g.edges(data="type") if t == "depends_on"])
    groups: dict[str, list[EnvNode]] = {}
    for node in graph.envs:
        data = graph.g.nodes[node]
        if data["name"] is not None and data["scope"] in ("module", "class"):
            groups.setdefault(data["name"], []).append(node)
    for name in sorted(groups):
        members = sorted(groups[name], key=lambda n: (n[1], graph.g.nodes[n]["line"], n[2]))
        if len(members) < 2:
            continue
        # depends_on: an env whose closure holds two members (checked from every env reaching a member)
        meeting = _meet_by_dependency(graph, members, dep)
        reported: set[EnvNode] = set()
        for i, second in enumerate(members):
            if second in reported:
                continue
            for first in members[:i]:
                how = _meet(graph, first, second, meeting)
                if how is not None:
                    reported.add(second)
                    yield first, second, how
                    break


def _meet_by_dependency(graph: ProjectGraph, members: list[EnvNode], dep: nx.DiGraph) -> set[frozenset[EnvNode]]:
    pairs: set[frozenset[EnvNode]] = set()
    member_set = set(members)
    roots: set[EnvNode] = set()
    for m in members:
        if m in dep:
            roots |= _networkx().ancestors(dep, m)
        roots.add(m)
    for root in roots:
        reach, _ = graph.closure(root)
        hit = sorted(reach & member_set)
        for i in range(len(hit)):
            for j in range(i + 1, len(hit)):
                pairs.add(frozenset((hit[i], hit[j])))
    return pairs


def _maybe_one_object(a: str, b: str) -> bool:
    """Two environments made by calls of one cached function (``EnvDef.cached_call``) with the same arguments,
    or arguments not known: the cache may have returned one object to both."""
    if not a or not b:
        return False
    function_a, _, key_a = a.partition("\t")
    function_b, _, key_b = b.partition("\t")
    return function_a == function_b and (key_a == key_b or not key_a or not key_b)


def _meet(graph: ProjectGraph, first: EnvNode, second: EnvNode, meeting: set[frozenset[EnvNode]]) -> str | None:
    a, b = graph.envs[first], graph.envs[second]
    if _maybe_one_object(a.env.cached_call, b.env.cached_call):
        return None
    if graph.g.has_edge(first, second) or graph.g.has_edge(second, first):
        return None  # a direct dependency on a same-named env: FLY303 (constructor) / FLY009 (add_dependency)
    if a.module.path == b.module.path:
        if exclusive(a.env.alternatives, b.env.alternatives):
            return None  # made on different branches of one if/else or try/except: never both
        if a.env.binding is not None and a.env.binding == b.env.binding:
            return None  # the same variable assigned twice: alternatives (if/else), not two live envs
    if frozenset((first, second)) in meeting:
        return "depends_on"  # every deploy of the env that reaches both fails, wherever they are defined
    if a.module.path == b.module.path:
        return "same module"
    if b.module.path in graph.imported_closure(a.module.path) or a.module.path in graph.imported_closure(b.module.path):
        return "imports"
    folder = os.path.dirname(a.module.path)
    if folder == os.path.dirname(b.module.path) and (
        os.path.join(folder, "__init__.py") in graph.index.modules
        or (graph.index.imports_project(a.module) and graph.index.imports_project(b.module))
    ):
        # One package, or two modules of one project (both import from it): `flyte deploy --all` of the folder
        # loads both. A folder of standalone scripts is not one deployment.
        return "one folder"
    return None


def duplicate_tasks(graph: ProjectGraph) -> Iterator[tuple[TaskNode, TaskNode]]:
    """Pairs (first, later) of module-level tasks with one function name on one environment object."""
    groups: dict[tuple[EnvNode, str], list[TaskNode]] = {}
    for node in graph.tasks:
        data = graph.g.nodes[node]
        env = data.get("env")
        if env is None or data["name"] is None or data["scope"] != "module":
            continue
        groups.setdefault((env, data["name"]), []).append(node)
    for key in sorted(groups, key=lambda k: (k[0], k[1])):
        members = sorted(groups[key], key=lambda n: (n[1], graph.g.nodes[n]["line"], n[2]))
        for index, later in enumerate(members[1:], start=1):
            # the first earlier definition that runs in the same import as this one (not an alternative)
            first = next((m for m in members[:index] if not _alternatives(graph, m, later)), None)
            if first is not None:
                yield first, later


def _alternatives(graph: ProjectGraph, a: TaskNode, b: TaskNode) -> bool:
    one, two = graph.tasks[a], graph.tasks[b]
    return one.module.path == two.module.path and exclusive(one.task.alternatives, two.task.alternatives)


__all__ = [
    "DepEdge",
    "MissingDependency",
    "ProjectGraph",
    "Unknown",
    "build",
    "dependency_cycles",
    "duplicate_names",
    "duplicate_tasks",
    "env_node",
    "missing_dependencies",
    "project_graph",
    "task_node",
]
