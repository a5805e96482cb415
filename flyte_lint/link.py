"""The whole project: module names, and references resolved across modules.

A reference to an environment or task written in one module (``from .envs import gpu_env``) is resolved to
its definition in another by following the importing module's bindings, re-exports through ``__init__.py``
and import aliases. What cannot be resolved stays unresolved, and rules say nothing about it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from .facts import Binding, EnvDef, EnvRef, ImportedRef, ModuleFacts, TaskDef, TaskRef, Value

MAX_HOPS = 16  # re-export chains longer than this are treated as unresolvable (and cycles end here)


@dataclass(frozen=True, slots=True)
class EnvHandle:
    """An environment definition together with the module that holds it."""

    module: ModuleFacts
    env: EnvDef

    @property
    def key(self) -> tuple[str, int]:
        return (self.module.path, self.env.id)


@dataclass(frozen=True, slots=True)
class TaskHandle:
    module: ModuleFacts
    task: TaskDef

    @property
    def key(self) -> tuple[str, int]:
        return (self.module.path, self.task.id)


@dataclass(frozen=True, slots=True)
class _Local:
    """A value already resolved to its defining module (internal to sibling resolution)."""

    module: ModuleFacts
    value: Value


class ProjectIndex:
    """All modules of a run (and of the project around it), addressable by dotted module name."""

    def __init__(
        self,
        modules: Iterable[ModuleFacts],
        names: dict[str, list[str]] | None = None,
        registers_plugins: bool | None = None,
    ) -> None:
        self.modules: dict[str, ModuleFacts] = {}
        # Whether some module of the project registers task plugins, when the caller knows it of modules it does
        # not index (the mypy plugin indexes a module's imports only); None: asked of the indexed modules.
        self._registers_plugins = registers_plugins
        self.by_name: dict[str, ModuleFacts] = {}
        # Names claimed by more than one file (``config`` in two script directories): all claimants.
        self.ambiguous: dict[str, list[ModuleFacts]] = {}
        for facts in modules:
            self.modules[facts.path] = facts
            for name in (names or {}).get(facts.path, [facts.module_name] if facts.module_name else []):
                first = self.by_name.setdefault(name, facts)
                if first is not facts:
                    self.ambiguous.setdefault(name, [first]).append(facts)
        # Every module name of the run's files, indexed or not (a settings module that never mentions flyte).
        self.known_names = frozenset(name for found in (names or {}).values() for name in found)
        self._bindings: dict[str, dict[str, Binding]] = {}
        self._env_memo: dict[tuple[str, Value], EnvHandle | None] = {}
        self._task_memo: dict[tuple[str, Value], TaskHandle | None] = {}
        self._changed: frozenset[tuple[str, int, str]] | None = None

    def registers_plugins(self) -> bool:
        """Whether some module of the project may register task plugins (``TaskPluginRegistry.register``)."""
        return bool(self._registers_plugins) or any(m.registers_plugins for m in self.modules.values())

    def bindings(self, facts: ModuleFacts) -> dict[str, Binding]:
        table = self._bindings.get(facts.path)
        if table is None:
            table = {b.name: b for b in facts.bindings}
            self._bindings[facts.path] = table
        return table

    def imports_project(self, facts: ModuleFacts) -> bool:
        """Whether the module imports another module of the run's files (it is part of a project)."""
        own = set(facts.module_name.split(".")) if facts.module_name else set()
        for fact in facts.imports:
            candidates = [fact.module] + ([f"{fact.module}.{fact.name}"] if fact.name not in (None, "*") else [])
            if any(name in self.known_names and name not in own for name in candidates if name):
                return True
        return False

    def env_changed(self, handle: EnvHandle, attr: str) -> bool:
        """Whether some module sets the environment's attribute after it was made (``pool.reusable = None``, in
        its own module or in one that imports it): what the SDK reads then depends on the order of imports."""
        if self._changed is None:
            changed: set[tuple[str, int, str]] = set()
            for facts in self.modules.values():
                for call in facts.env_calls:
                    if call.method.startswith("setattr:"):
                        receiver = self.env(facts, call.env)
                        if receiver is not None:
                            changed.add((receiver.module.path, receiver.env.id, call.method[len("setattr:") :]))
            self._changed = frozenset(changed)
        key = (handle.module.path, handle.env.id)
        return (*key, attr) in self._changed or (*key, "*") in self._changed  # "*": any attribute may have changed

    def module(self, name: str) -> ModuleFacts | None:
        return self.by_name.get(name)

    def resolve(self, value: Value, hops: int = 0) -> tuple[ModuleFacts, Value] | None:
        """Follow an ImportedRef to the module that defines it; (module, EnvRef/TaskRef/other) or None."""
        if not isinstance(value, ImportedRef) or value.name is None or hops > MAX_HOPS or value.level:
            return None
        candidates = [(value.module, value.name)]
        if "." in value.module:
            # ``from pkg import mod; mod.env`` was recorded as module "pkg.mod", name "env": also try attribute.
            head, tail = value.module.rsplit(".", 1)
            candidates.append((head, tail))
        for module_name, attr in candidates:
            facts = self.by_name.get(module_name)
            if facts is not None:
                binding = self.bindings(facts).get(attr)
                if binding is not None:
                    target = binding.value
                    if isinstance(target, ImportedRef):
                        return self.resolve(target, hops + 1)
                    return facts, target
                # ``from pkg import sub`` where sub is a submodule: nothing to bind here
            submodule = self.by_name.get(f"{module_name}.{attr}")
            if submodule is not None and module_name == value.module:
                return None  # a module object, not an env or task
        return None

    def _sibling(self, facts: ModuleFacts, value: Value) -> Value | None:
        """An imported module found next to the importing file wins (a script's own directory comes first on
        sys.path, as in ``flyte run dir/run.py`` with ``from config import env``); otherwise the value unchanged,
        or None when the module name is claimed by several files (then the reference stays unresolved)."""
        if not isinstance(value, ImportedRef) or value.level or not value.module:
            return value
        # Strings, not Paths: this runs for every imported reference of the project (thousands).
        relative = os.path.join(os.path.dirname(facts.path), *value.module.split("."))
        # A package wins over a module of the same name beside it, as Python's import finds them.
        for candidate in (os.path.join(relative, "__init__.py"), relative + ".py"):
            target = self.modules.get(candidate)
            if target is not None:
                binding = self.bindings(target).get(value.name) if value.name else None
                if binding is None:
                    return None
                if isinstance(binding.value, ImportedRef):
                    return self._sibling(target, binding.value)
                return _Local(target, binding.value)  # type: ignore[return-value]
        if value.module in self.ambiguous or value.module.split(".")[0] in self.ambiguous:
            return None
        return value

    def env(self, facts: ModuleFacts, value: Value) -> EnvHandle | None:
        """The environment ``value`` (written in ``facts``' module) refers to; memoised per run."""
        memo_key = (facts.path, value)
        if memo_key in self._env_memo:
            return self._env_memo[memo_key]
        found = self._env(facts, value)
        self._env_memo[memo_key] = found
        return found

    def _env(self, facts: ModuleFacts, value: Value) -> EnvHandle | None:
        sibling = self._sibling(facts, value)
        if sibling is None:
            return None
        if isinstance(sibling, _Local):
            return self.env(sibling.module, sibling.value) if isinstance(sibling.value, EnvRef) else None
        value = sibling
        if isinstance(value, EnvRef):
            if value.path is not None:
                owner = self.modules.get(value.path)
                return None if owner is None else self.env(owner, EnvRef(value.env_id))
            if 0 <= value.env_id < len(facts.envs):
                return EnvHandle(facts, facts.envs[value.env_id])
            return None
        resolved = self.resolve(value)
        if resolved is not None and isinstance(resolved[1], EnvRef):
            return self.env(resolved[0], resolved[1])
        return None

    def task(self, facts: ModuleFacts, value: Value) -> TaskHandle | None:
        """The task ``value`` (written in ``facts``' module) refers to; memoised per run."""
        memo_key = (facts.path, value)
        if memo_key in self._task_memo:
            return self._task_memo[memo_key]
        found = self._task(facts, value)
        self._task_memo[memo_key] = found
        return found

    def _task(self, facts: ModuleFacts, value: Value) -> TaskHandle | None:
        sibling = self._sibling(facts, value)
        if sibling is None:
            return None
        if isinstance(sibling, _Local):
            return self.task(sibling.module, sibling.value) if isinstance(sibling.value, TaskRef) else None
        value = sibling
        if isinstance(value, TaskRef):
            if value.path is not None:
                owner = self.modules.get(value.path)
                return None if owner is None else self.task(owner, TaskRef(value.task_id))
            if 0 <= value.task_id < len(facts.tasks):
                return TaskHandle(facts, facts.tasks[value.task_id])
            return None
        resolved = self.resolve(value)
        if resolved is not None and isinstance(resolved[1], TaskRef):
            return self.task(resolved[0], resolved[1])
        return None
