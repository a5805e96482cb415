"""Values that flow between the modules of a project, as they do when the project is imported.

Per-module extraction keeps a name imported from another module of the project as a reference. Here, the
modules that import from the project are extracted again, in import order, with a resolver that hands them
the values those names have once the other module has run: a constant or settings dict of ``config.py``, a
class attribute, an environment or task (as a reference into the defining module's facts), a factory
function whose body is then followed at the call. Nothing is imported or run; a module is extracted once
per run, import cycles end in "not known", and what cannot be known stays Unknown.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from .extract import (
    Resolver,
    _CallablePartial,
    _EnumMember,
    _Extractor,
    _Function,
    _Instance,
    _Internal,
    _LazyImport,
    _Local,
    _Overridden,
    _Partial,
    _public,
    _Qualified,
    _Scope,
    _TaskFactory,
    _UserClass,
    extract_in_project,
)
from .facts import (
    Arg,
    CallArgs,
    Dict,
    EnvRef,
    FunctionRef,
    Lit,
    ModuleFacts,
    Obj,
    Seq,
    Span,
    TaskRef,
    Unknown,
    Value,
)
from .import_lines import imported_modules

_FLYTE_WORDS = ("flyte", ".override(", ".task")  # ``@env.task`` makes tasks too
# ``global NAME`` in a function: what NAME holds once code has run is not known.
_GLOBAL_RE = re.compile(r"(?m)^[ \t]+global[ \t]+([\w, \t]+)")
# ``config.NAME = ...``, ``config.D["k"] = ...``, ``config.D.update(...)``, ``setattr(...)`` at the start of a line,
# or a lambda that changes what it is handed (``map(lambda d: d.update(...), [config.D])``): may set another
# module's attribute at import.
_PATCH_RE = re.compile(
    r"(?m)^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\[[^\]\n]*\])*\s*(?:[-+|]?=[^=])"
    r"|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\.(?:update|append|extend|insert|pop|setdefault|clear|remove|__setitem__)\("
    r"|setattr\(|operator\.(?:setitem|delitem|iadd|ior)\("
    r"|.*\blambda\b[^:\n]*:[^\n]*\.(?:update|append|extend|insert|pop|setdefault|clear|remove|__setitem__)\()"
)
# ``from config import OPTIONS, LIMITS`` (also parenthesised over lines): the names it binds.
_FROM_IMPORT_RE = re.compile(r"(?m)^from\s+[\w.]+\s+import\s+(\([^)]*\)|[^\n#]+)")
_MUTATING = "update|append|extend|insert|pop|popitem|setdefault|clear|remove|reverse|sort|add|discard|__setitem__"


def _changes_imported(text: str) -> bool:
    """Whether a line changes in place a name the module imported with ``from m import NAME`` (``NAME["k"] =
    ...``, ``NAME.update(...)``, ``del NAME["k"]``): that list or dict belongs to the other module too."""
    names = [
        part.split(" as ")[-1].strip()
        for found in _FROM_IMPORT_RE.findall(text)
        for part in found.strip("()").replace("\\", " ").split(",")
    ]
    names = [name for name in names if name.isidentifier()]
    if not names:
        return False
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = rf"(?m)^(?:del\s+)?(?:{alternatives})(?:\[|\.(?:{_MUTATING})\()"
    return re.search(pattern, text) is not None


class _ForeignNames(dict[str, _Internal]):
    """The module-level names of another module, seen from the module that follows a call into it: references
    to its environments and tasks carry its path, and positions move to the use site."""

    def __init__(self, owner: _Extractor, translate: Callable[[_Internal], _Internal]) -> None:
        super().__init__(owner.module.names)
        self._translate = translate

    def __getitem__(self, name: str) -> _Internal:
        return self._translate(super().__getitem__(name))

    def get(self, name: str, default: _Internal | None = None) -> _Internal | None:  # type: ignore[override]
        return self[name] if name in self else default


# A change of another module's name or object: (the module that made it, the value it set, the project modules
# that had run when it was made, the changing module too).
_Patch = tuple[str, Value, frozenset[str]]


class ProjectFlow:
    """Extracts modules of one run with the values of the project's other modules available to them."""

    def __init__(self, read: Callable[[str], str | None], names_by_path: dict[str, list[str]]) -> None:
        self._read = read
        self._paths = names_by_path.keys()
        # Built on the first lookup: a module that takes nothing from the project never needs it (the mypy
        # plugin makes a flow per module, with every module of the build named).
        self._by_name_index: dict[str, str] | None = None
        self._names = names_by_path
        self.names_by_path = names_by_path
        self._done: dict[str, tuple[ModuleFacts, _Extractor | None]] = {}
        self._running: set[str] = set()
        # The project modules each extracted module took values from, directly or through others.
        self._sources: dict[str, set[str]] = {}
        # ``config.NAME = value`` written in another module: (module path, name) -> [patches]
        self.patches: dict[tuple[str, str], list[_Patch]] = {}
        # ``SETTINGS.NAME = value`` on a settings object or class imported from another module: (module path,
        # name) -> attribute (None: any of them) -> [patches]
        self.attribute_patches: dict[tuple[str, str], dict[str | None, list[_Patch]]] = {}
        # Who read (module path, name) before any patch of it was known: re-read once all patches are known.
        self.reads: dict[tuple[str, str], set[str]] = {}
        self._patchers: dict[str, bool] = {}
        self._rebound: dict[str, frozenset[str]] = {}
        self._flyte_text: dict[str, bool] = {}
        self._near_flyte: dict[str, bool] = {}
        self._project_imports: dict[str, tuple[str, ...]] = {}

    def facts(self, path: str) -> ModuleFacts | None:
        """The module's facts with the project's values flowing in (memoised; None when it cannot be read)."""
        done = self._extract(path)
        return None if done is None else done[0]

    def _extract(self, path: str) -> tuple[ModuleFacts, _Extractor | None] | None:
        if path in self._done:
            return self._done[path]
        if path in self._running:
            return None  # an import cycle: the partly imported module's values are not known here
        source = self._read(path)
        if source is None:
            return None
        self._running.add(path)
        self._forget_patches_by(path)  # extracted again (settle): its changes are made anew, in program order
        resolver = _ModuleResolver(self, path)
        try:
            names = self._names.get(path) or []
            if names:
                resolver.load_packages(names[0])
            result = extract_in_project(source, path, names[0] if names else None, resolver)
        finally:
            self._running.discard(path)
        used = set(resolver.used)
        for other in resolver.used:
            used |= self._sources.get(other, set())
        used.discard(path)
        self._sources[path] = used
        self._done[path] = result
        return result

    def _forget_patches_by(self, path: str) -> None:
        for entries in (*self.patches.values(), *(e for by in self.attribute_patches.values() for e in by.values())):
            entries[:] = [entry for entry in entries if entry[0] != path]

    def settle(self) -> set[str]:
        """Extract again the modules that read a module attribute before another module was seen setting it
        (``config.NAME = ...`` at import); returns their paths. Call once every module asked for is done."""
        patched = [key for key, entries in self.patches.items() if entries]
        patched += [key for key, by in self.attribute_patches.items() if any(by.values())]
        stale = {reader for key in patched for reader in self.reads.get(key, ())}
        for path in stale:
            self._done.pop(path, None)
        for path in sorted(stale):
            self._extract(path)
        return stale

    def mentions_flyte(self, path: str) -> bool:
        found = self._flyte_text.get(path)
        if found is None:
            text = self._read(path) or ""
            found = self._flyte_text[path] = any(word in text for word in _FLYTE_WORDS)
        return found

    def near_flyte(self, path: str) -> bool:
        """Whether the module mentions flyte, or imports a project module that does: a helper module with
        nothing Flyte in its text may call the tasks it imports (``from app.tasks import normalize``)."""
        found = self._near_flyte.get(path)
        if found is None:
            found = self.mentions_flyte(path) or any(self.mentions_flyte(o) for o in self.project_imports(path))
            self._near_flyte[path] = found
        return found

    def project_imports(self, path: str) -> tuple[str, ...]:
        """The files of the project modules the module's import statements name (read from its text, once)."""
        found = self._project_imports.get(path)
        if found is None:
            text = self._read(path) or ""
            names = self._names.get(path) or []
            imported = imported_modules(
                text.encode("utf-8", "surrogateescape"),
                names[0] if names else None,
                os.path.basename(path) == "__init__.py",
            )
            found = self._project_imports[path] = tuple(
                other for module in sorted(imported) if (other := self.module_path(path, module)) is not None
            )
        return found

    def imported_closure(self, paths: Iterable[str], running: str) -> set[str]:
        """The project modules that importing ``paths`` runs from module ``running`` (which is partly run, and
        runs no further): they and what their import statements name, over and over (read from their text)."""
        found: set[str] = {running}
        todo = list(paths)
        while todo:
            path = todo.pop()
            if path not in found:
                found.add(path)
                todo.extend(other for other in self.project_imports(path) if other not in found)
        return found

    def rebound_globals(self, path: str) -> frozenset[str]:
        """Names a function of the module rebinds (``global RETRIES``): a cheap look at its text."""
        found = self._rebound.get(path)
        if found is None:
            text = self._read(path) or ""
            found = self._rebound[path] = frozenset(
                name.strip() for names in _GLOBAL_RE.findall(text) for name in names.split(",") if name.strip()
            )
        return found

    def may_patch(self, path: str) -> bool:
        """Whether a module may set another module's attributes at import (``config.NAME = ...`` at the start
        of a line): a cheap look at its text, so that plain ``import x`` statements extract nothing else."""
        found = self._patchers.get(path)
        if found is None:
            text = self._read(path) or ""
            found = self._patchers[path] = _PATCH_RE.search(text) is not None or _changes_imported(text)
        return found

    def sources_of_set(self, path: str) -> set[str]:
        return self._sources.get(path, set())

    def sources_of(self, path: str) -> list[str]:
        """The project modules whose values ``path``'s facts were computed from (for the cache), in order."""
        return sorted(self._sources.get(path, ()))

    def module_path(self, importer: str, module: str) -> str | None:
        """The file of ``module`` as seen from ``importer``: a module next to the importing file comes first (a
        script's directory leads sys.path), then the project's module names."""
        folder = os.path.dirname(importer)
        if os.path.join(folder, "__init__.py") not in self._paths:
            # A loose script: its own folder leads sys.path. (In a package, ``import x`` is absolute.)
            relative = os.path.join(folder, *module.split("."))
            # A package wins over a module of the same name beside it, as Python's import finds them.
            for candidate in (os.path.join(relative, "__init__.py"), relative + ".py"):
                if candidate in self._paths:
                    elsewhere = self._by_name().get(module)
                    if elsewhere is not None and elsewhere != candidate:
                        # Run as a script, the module beside it; deployed (``flyte deploy``, which puts the root
                        # folder first), the project's: which one is imported depends on how it is run.
                        return None
                    return candidate
        return self._by_name().get(module)

    def _by_name(self) -> dict[str, str]:
        if self._by_name_index is None:
            self._by_name_index = {}
            for path in sorted(self._names):
                for name in self._names[path]:
                    self._by_name_index.setdefault(name, path)
        return self._by_name_index

    def imports_project(self, path: str, imported: Iterable[str]) -> bool:
        """Whether a module importing ``imported`` (absolute dotted names) takes anything from another module
        of the project (then values may flow in)."""
        for module in imported:
            if module == "flyte" or module.startswith("flyte."):
                continue
            found = self.module_path(path, module)
            if found is not None and found != path:
                return True
        return False

    def owner(self, importer: str, module: str) -> tuple[str, _Extractor] | None:
        path = self.module_path(importer, module)
        if path is None or path == importer:
            return None
        done = self._extract(path)
        return None if done is None or done[1] is None else (path, done[1])


class _ModuleResolver(Resolver):
    """The resolver one module's extraction uses."""

    def __init__(self, flow: ProjectFlow, importer: str) -> None:
        self.flow = flow
        self.importer = importer
        self.used: set[str] = set()
        # Project modules this module's import statements ran so far (read lazily or not at all).
        self.imported: set[str] = set()

    def _owner(self, module: str) -> _Extractor | None:
        found = self.flow.owner(self.importer, module)
        if found is None:
            path = self.flow.module_path(self.importer, module)
            if path is not None:
                self.imported.add(path)  # partly run (an import cycle): it ran before what this module does next
            return None
        self.used.add(found[0])
        return found[1]

    def value(self, module: str, name: str, span: Span, run_time: bool = False) -> _Internal | None:
        owner = self._owner(module)
        if owner is None:
            return None
        if run_time and name in self.flow.rebound_globals(owner.path):
            self.flow.reads.setdefault((owner.path, name), set()).add(self.importer)
            return Unknown(f"{name} may be rebound by a function of {module} before it is read")
        patched = self._after_me(self.flow.patches.get((owner.path, name)), run_time)
        if patched:
            # Another module sets it. Known only when that module has run before this read (this module
            # imported it, directly or through what it imported); otherwise it depends on the import order.
            self.flow.reads.setdefault((owner.path, name), set()).add(self.importer)
            last = _in_force(patched, self.ran_before())
            if last is not None:
                return last
            return Unknown(f"{name} is set by {patched[-1][0]} when that module is imported")
        if name not in owner.module.names:
            return None  # a submodule, or a name the module does not bind: left as a reference
        self.flow.reads.setdefault((owner.path, name), set()).add(self.importer)
        found = _Translator(owner, span).value(owner.module.names[name])
        changed = self.flow.attribute_patches.get((owner.path, name))
        if changed and isinstance(found, (_Instance, _UserClass)):
            held = found.attrs if isinstance(found, _Instance) else found.names
            ran = self.ran_before()
            for attr, all_entries in changed.items():
                entries = self._after_me(all_entries, run_time)
                if not entries:
                    continue
                last = _in_force(entries, ran)
                if attr is None:
                    for key, value in list(held.items()):
                        if not isinstance(value, (_Function, _UserClass)):
                            held[key] = Unknown(f"{name} is changed by {entries[-1][0]}")
                else:
                    held[attr] = last if last is not None else Unknown(f"{name}.{attr} is set by {entries[-1][0]}")
        return found

    def _after_me(self, patches: list[_Patch] | None, run_time: bool) -> list[_Patch]:
        """The patches this module's import-time code may see: not those made after the patching module had
        imported this one (``from .envs import pool`` then ``settings.CONCURRENCY = 4`` in a package's
        ``__init__``: envs read the value before it was set). Code run later (a task body) sees them all."""
        if not patches:
            return []
        return [patch for patch in patches if run_time or patch[0] == self.importer or self.importer not in patch[2]]

    def ran_before(self) -> set[str]:
        """The project modules that have run by now, as far as this module's own imports make sure (and this
        module itself: what it set earlier in its own text)."""
        ran = {self.importer, *self.used}
        for other in self.used:
            ran |= self.flow.sources_of_set(other)
        return ran

    def load(self, module: str) -> None:
        parts = module.split(".")
        for end in range(1, len(parts) + 1):  # ``import a.b`` runs a, then a.b
            name = ".".join(parts[:end])
            path = self.flow.module_path(self.importer, name)
            if path is not None:
                self.imported.add(path)
            if path is not None and self.flow.may_patch(path):
                self._owner(name)  # it sets attributes of other modules when it runs: run it now

    def load_packages(self, module: str) -> None:
        """Importing ``a.b.c`` runs ``a`` and ``a.b`` first: a package ``__init__`` that sets attributes of other
        modules (``settings.CONCURRENCY = 1``) has set them before this module runs."""
        parts = module.split(".")
        for end in range(1, len(parts)):
            path = self.flow.module_path(self.importer, ".".join(parts[:end]))
            if path is not None and path != self.importer and self.flow.may_patch(path):
                self._owner(".".join(parts[:end]))

    def patch(self, module: str, name: str, value: Value) -> None:
        path = self.flow.module_path(self.importer, module)
        if path is not None:
            self.patch_file(path, name, value)

    def patch_file(self, path: str, name: str, value: Value) -> None:
        if path != self.importer:
            self.flow.patches.setdefault((path, name), []).append((self.importer, value, self.run_so_far()))

    def patch_attribute(self, module: str, name: str, attr: str | None, value: Value) -> None:
        path = self.flow.module_path(self.importer, module)
        if path is not None and path != self.importer:
            by_attr = self.flow.attribute_patches.setdefault((path, name), {})
            by_attr.setdefault(attr, []).append((self.importer, value, self.run_so_far()))

    def run_so_far(self) -> frozenset[str]:
        """The project modules that have surely run when this module changes another's value: what it took
        values from, and what its import statements ran so far (with what those import in turn)."""
        # (``from . import settings`` in a package's ``__init__`` names the package itself: not run again.)
        ran = self.flow.imported_closure(self.imported - {self.importer}, self.importer)
        return frozenset(self.ran_before() | ran)

    def names(self, module: str, span: Span) -> dict[str, _Internal] | None:
        owner = self._owner(module)
        if owner is None:
            return None
        translator = _Translator(owner, span)
        exported = owner.module.names.get("__all__")
        if isinstance(exported, Seq) and all(isinstance(i, Lit) and isinstance(i.value, str) for i in exported.items):
            wanted = {str(i.value) for i in exported.items if isinstance(i, Lit)}
            return {name: translator.value(v) for name, v in owner.module.names.items() if name in wanted}
        if "__all__" in owner.module.names:
            return None  # an __all__ that cannot be read: which names come in is not known
        return {name: translator.value(value) for name, value in owner.module.names.items() if not name.startswith("_")}

    def is_module(self, module: str) -> bool:
        found = self.flow.module_path(self.importer, module)
        return found is not None and found != self.importer

    def may_matter(self, module: str) -> bool:
        path = self.flow.module_path(self.importer, module)
        return path is not None and self.flow.near_flyte(path)

    def envs_holding(self, module: str, name: str) -> list[tuple[EnvRef, str]]:
        owner = self._owner(module)
        if owner is None:
            return []
        held = owner.module.names.get(name)
        if not isinstance(held, (Seq, Dict)) or (isinstance(held, Seq) and held.kind == "tuple"):
            return []  # (a tuple is never changed in place: ``+=`` binds a new one)
        return [
            (EnvRef(env.id, owner.path), arg.keyword or "depends_on")
            for env in owner.envs
            for arg in (*env.args.keywords, *env.args.positional)
            if arg.value is held
        ]

    def env_attribute(self, path: str, env_id: int, attr: str) -> _Internal | None:
        done = self.flow._done.get(path)
        owner = done[1] if done is not None else None
        if owner is None or not 0 <= env_id < len(owner.envs):
            return None
        return owner.env_attribute(owner.envs[env_id], attr)


def _in_force(patches: list[_Patch], ran: set[str]) -> Value | None:
    """The value the last of ``patches`` gave, when every module that patches has run (else None: the value
    depends on the order the modules are imported in)."""
    if all(patch[0] in ran for patch in patches):
        return patches[-1][1]
    return None


class _Translator:
    """Moves a value of another module into the importing one: references gain the owner's path, positions
    move to the use site, functions become followable with the owner's names in scope."""

    def __init__(self, owner: _Extractor, span: Span) -> None:
        self.owner = owner
        self.span = span
        self._scope: _Scope | None = None

    def scope(self) -> _Scope:
        if self._scope is None:
            self._scope = _Scope("module")
            self._scope.names = _ForeignNames(self.owner, self.value)
        return self._scope

    def value(self, value: _Internal) -> _Internal:
        if isinstance(value, _LazyImport):
            value = self.owner.resolve_lazy(value)  # read where it was imported, as that module sees it
        path = self.owner.path
        if isinstance(value, EnvRef):
            return value if value.path is not None else EnvRef(value.env_id, path)
        if isinstance(value, TaskRef):
            return value if value.path is not None else TaskRef(value.task_id, path)
        if isinstance(value, FunctionRef):
            node = self.owner.function_nodes.get(value.name)
            if node is not None:
                return _Function(node, self.owner, (self.scope(),))
            return Unknown(f"function {value.name} of another module")
        if isinstance(value, _Function):
            return value
        if isinstance(value, _Partial):
            function = self.value(value.function)
            if not isinstance(function, _Function):
                return Unknown("partial of another module")
            return _Partial(
                function,
                tuple(self.value(v) for v in value.positional),
                tuple((k, self.value(v)) for k, v in value.keywords),
            )
        if isinstance(value, _CallablePartial):
            # ``Env = functools.partial(flyte.TaskEnvironment, ...)`` of another module: its arguments, read there,
            # carried over as any other value; a call here reads them again (the SDK raises at that call).
            target = value.node.args[0]
            clone_of_env = (
                isinstance(target, ast.Attribute)
                and target.attr == "clone_with"
                and isinstance(value.values.get(id(target.value)), EnvRef)
            )
            if not isinstance(value.values.get(id(target)), _Qualified) and not clone_of_env:
                return Unknown("partial of another module")  # of a task's override
            return _CallablePartial(
                value.node, value.owner, {k: self.value(v) for k, v in value.values.items()}, carried=True
            )
        if isinstance(value, Seq):
            return Seq(value.kind, tuple(self.plain(item) for item in value.items))
        if isinstance(value, Dict):
            return Dict(tuple((self.plain(k), self.plain(v)) for k, v in value.items), value.complete)
        if isinstance(value, Obj):
            if value.span in self.owner.mutated:
                # Changed in its module after it was made (``BY_KEY["x"].name = ...``): a copy is stale.
                return Unknown("changed after it was made")
            return Obj(value.callee, self.args(value.args), self.span)
        if isinstance(value, _Instance):
            cls = self.value(value.cls) if value.cls is not None else None
            made_by = self.value(value.made_by) if value.made_by is not None else None
            return _Instance(
                self.obj(value.obj),
                {k: self.value(v) for k, v in value.attrs.items()},
                cls if isinstance(cls, _UserClass) else None,
                value.dataclass_fields,
                made_by if isinstance(made_by, _UserClass) else None,
            )
        if isinstance(value, _UserClass):
            return _UserClass(
                value.name,
                {k: self.value(v) for k, v in value.names.items()},
                value.fields,
                value.is_enum,
                value.plain_instances,
                {k: self.function(f) for k, f in value.methods.items()},
                value.follow_init,
                value.is_dataclass,
                self.bases(value.bases),
                {k: (self.function(f), cached) for k, (f, cached) in value.properties.items()},
                {k: (self.function(f), binds) for k, (f, binds) in value.class_methods.items()},
                {k: self.value(v) for k, v in value.factories.items()},
                value.frozen,
                None
                if value.model_fields is None
                else tuple(
                    replace(f, default=None if f.default is None else self.value(f.default)) for f in value.model_fields
                ),
            )
        if isinstance(value, _EnumMember):
            return replace(value, value=self.value(value.value))
        if isinstance(value, _TaskFactory):
            return _TaskFactory(
                self.plain(value.env), self.args(value.args), self.span, value.checked_here, value.method
            )
        if isinstance(value, _Overridden):
            return Unknown("override result of another module")
        if isinstance(value, _Local):
            return Unknown("local of another module")
        return value  # Lit, Unknown, ImportedRef (absolute), _Qualified, _UserEnvClass

    def function(self, function: _Function) -> _Function:
        """A method of a class of the module: run in that module's scope, as this module sees it."""
        return _Function(function.node, function.owner, (self.scope(),)) if function.owner is self.owner else function

    def bases(self, bases: tuple[_UserClass, ...] | None) -> tuple[_UserClass, ...] | None:
        """A class's bases moved too; None (inherited attributes unknown) when one does not stay a class."""
        if bases is None:
            return None
        moved = [self.value(base) for base in bases]
        if not all(isinstance(base, _UserClass) for base in moved):
            return None
        return tuple(base for base in moved if isinstance(base, _UserClass))

    def plain(self, value: _Internal) -> Value:
        """An item of a list or dict: a fact value again."""
        return _public(self.value(value))

    def obj(self, value: Obj) -> Obj:
        return Obj(value.callee, self.args(value.args), self.span)

    def args(self, args: CallArgs) -> CallArgs:
        def moved(arg: Arg) -> Arg:
            return replace(
                arg, value=self.plain(arg.value), span=self.span, full_span=self.span, in_place=False, literal=False
            )

        return CallArgs(
            tuple(moved(a) for a in args.positional),
            tuple(moved(a) for a in args.keywords),
            args.star_args,
            args.star_kwargs,
        )
