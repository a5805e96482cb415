"""The mypy plugin: the linter's findings as mypy errors, and exact task types through override() and .aio.

Every finding comes from the linter (``flyte_lint.single``: the same extraction, project flow, rules and
suppressions as ``flyte-lint``), reported while mypy reads the module: from the first annotation it analyses there
(every module has one, its implicit ``__name__``), and from the hooks mypy calls on the module's calls into flyte
and into the project's own functions and classes (a module whose environment a factory of another module makes,
typed Any, may call nothing of flyte's: the annotation probe is what reports there). Dependencies on other project
modules are declared so that an edit of the module an environment comes from re-checks its users: through the cache data
of each module (incremental mode) and through a marker symbol plus fine-grained triggers (the daemon).

Types: ``override`` / ``aio`` of any class with ``flyte._task.TaskTemplate`` in its MRO (verified with flyte
2.12.1) keep the task's exact type.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final, TypeVar

from mypy.errorcodes import ErrorCode
from mypy.nodes import (
    GDEF,
    ClassDef,
    Context,
    Decorator,
    FuncDef,
    MypyFile,
    OverloadedFuncDef,
    SymbolTableNode,
    TypeInfo,
    Var,
)
from mypy.plugin import AnalyzeTypeContext, FunctionContext, MethodContext, Plugin, ReportConfigContext
from mypy.types import CallableType, Instance, Type, get_proper_type

from .. import __version__
from ..import_lines import SCAN_VERSION
from . import _codes as codes
from ._findings import Findings
from ._project import Files, is_project_file

TASK_ENVIRONMENT: Final = "flyte._task_environment.TaskEnvironment"
TASK_TEMPLATE: Final = "flyte._task.TaskTemplate"
_TEMPLATE_METHODS: Final = frozenset({"override", "aio"})
# A module-level name the plugin adds to each project module under the daemon: its full name carries a digest
# of the module's text, so an edit changes the module's symbol snapshot and fires the trigger its users'
# targets are registered on. Hidden: not importable, not exported, never referenced by user code.
MARKER: Final = "__flyte_lint__"
_CODES: Final[dict[str, ErrorCode]] = {code.code: code for code in codes.ALL}
_NOT_PROBED: Final = object()


class FlytePlugin(Plugin):
    def __init__(self, options: Any) -> None:
        super().__init__(options)
        self._is_class: dict[tuple[str, str], bool] = {}
        self._files = Files(_scan_store(options))
        self._findings = Findings(self._files)  # loads the linter only when a module's findings are not stored
        self._names: tuple[tuple[int, int], dict[str, list[str]]] = ((-1, -1), {})
        # Project modules of the build mypy asked about (its cache says they are unchanged: not loaded, so not
        # among the modules it hands the plugin): path -> module name.
        self._in_build: dict[str, str] = {}
        self._function_hooks: dict[str, Callable[[FunctionContext], Type] | None] = {}
        self._method_hooks: dict[str, Callable[[MethodContext], Type] | None] = {}
        self._flyte = False
        # The annotation probe (get_type_analyze_hook): the build's errors, once seen, tell which module mypy is
        # reading; a module is probed again when its errors were cleared since (the daemon re-checks targets).
        self._errors: Any = None
        self._probed: dict[str, object] = {}  # file -> its list of errors when it was probed
        self._error_map: object = None  # mypy's map of errors when last seen: a new one starts a new generation
        self._probing = False
        # mypy's map of errors when the probes were last counted: the daemon makes a new one for an update that
        # parses nothing (a module deleted), where get_additional_deps does not run: every module is new to the
        # probe again (one that had no errors would otherwise look probed: None is None).
        self._probe_map: object = None

    # -- dispatch -------------------------------------------------------------------------------------------

    def _subclass_of(self, fullname: str, base: str) -> bool:
        key = (fullname, base)
        cached = self._is_class.get(key)
        if cached is None:
            node = self.lookup_fully_qualified(fullname)
            cached = node is not None and isinstance(node.node, TypeInfo) and has_base(node.node, base)
            self._is_class[key] = cached
        return cached

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        # mypy asks at every call it checks (tens of thousands per build): one answer per name and build.
        return _remembered(self._function_hooks, fullname, self._function_hook)

    def _function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        # Calls into flyte, and calls of the project's own functions and classes: a module whose environment a
        # factory of another module makes (typed Any) may call nothing of flyte's. Other calls (builtins,
        # libraries) get no hook: a hook on every call costs mypy a context per call (+3% on published code).
        if fullname.startswith("flyte.") or self._in_project(fullname):
            return self._function_call
        if fullname.startswith("builtins.") or fullname.startswith("typing."):
            return None
        if self._subclass_of(fullname, TASK_ENVIRONMENT):
            return self._function_call
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return _remembered(self._method_hooks, fullname, self._method_hook)

    def _method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        owner, _, method = fullname.rpartition(".")
        if method in _TEMPLATE_METHODS and self._subclass_of(owner, TASK_TEMPLATE):
            return self._override if method == "override" else self._aio
        if owner.startswith("flyte.") or self._in_project(owner) or self._subclass_of(owner, TASK_ENVIRONMENT):
            return self._method_call
        return None

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        # mypy reads the annotations of a module (semantic analysis, the module's implicit attributes such as
        # __name__ included) before it checks any call: the first one of a project module is where its findings
        # are reported when no call of it reaches a hook (its environment comes typed Any from an unannotated
        # factory of another module, its tasks are decorated by Any). One probe per module, again when its errors
        # were cleared (the daemon clears a target's errors before checking it again); mypy's own analysis
        # answers it, and every other annotation goes straight to mypy.
        if self._probing:
            return None
        errors = self._errors
        if errors is not None:
            # Asked for every annotation of every module: one lookup each when the module was probed already.
            if errors.error_info_map is not self._probe_map:
                self._probe_map = errors.error_info_map
                self._probed.clear()
            seen = self._probed.get(errors.file, _NOT_PROBED)
            if seen is not _NOT_PROBED and seen is errors.error_info_map.get(errors.file):
                return None
        return self._probe_annotation

    def _probe_annotation(self, ctx: AnalyzeTypeContext) -> Type:
        self._probing = True
        try:
            analyzed = ctx.api.analyze_type(ctx.type)  # mypy's own analysis (this hook is off meanwhile)
        finally:
            self._probing = False
        semanal = getattr(ctx.api, "api", None)
        msg = getattr(semanal, "msg", None)
        tree = getattr(semanal, "cur_mod_node", None)
        errors = getattr(msg, "errors", None)
        if errors is None or not isinstance(tree, MypyFile) or not isinstance(getattr(errors, "file", None), str):
            return analyzed
        self._errors = errors
        if errors.file == tree.path:
            self._safely(tree, msg)
            self._probed[errors.file] = errors.error_info_map.get(errors.file)
        return analyzed

    def _in_project(self, fullname: str) -> bool:
        """Whether ``fullname`` (a function, class or method) is defined in a module of the user's own code."""
        modules = self._modules or {}
        parts = fullname.split(".")
        for end in range(len(parts) - 1, 0, -1):
            module = modules.get(".".join(parts[:end]))
            if module is not None:
                return is_project_file(module.path)
        return False

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        # Asked for every module at every run, a warm one included: answered without loading the linter.
        if not is_project_file(ctx.path):
            return None  # installed packages and stubs: the plugin reports nothing there
        if ctx.is_check:
            # Asked while mypy reads its cache, before it checks anything (asked again as it writes the cache,
            # module by module: a view that grew there would be made again for every module).
            self._in_build.setdefault(os.path.abspath(ctx.path), ctx.id)
        # The module's findings depend on the linter, on the configuration files that govern it (the target
        # release, select/ignore) and on the modules it takes values from: a change of any of them makes mypy
        # check the module again, even when no interface changed.
        return {
            "flyte-lint": __version__,
            "flyte-lint-config": [list(entry) for entry in self._files.config_stamp(ctx.path)],
            "flyte-lint-deps": self._files.stamp(ctx.path, ctx.id),
        }

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        # Called as each module is parsed: at the start of a build and of every daemon update (a changed file is
        # parsed again), so files seen before may have changed.
        self._files.new_generation()
        self._probed.clear()
        # A class may have changed (the daemon re-parses an edited module): ask again what each name is.
        self._is_class.clear()
        self._flyte = False
        self._function_hooks.clear()
        self._method_hooks.clear()
        try:
            if is_project_file(file.path):
                self._files.add_root(file.path, file.fullname)
            if getattr(self.options, "fine_grained_incremental", False) and is_project_file(file.path):
                self._mark(file)
        except Exception:
            if getattr(self.options, "show_traceback", False):
                raise
        return []

    # -- the daemon: markers and triggers -------------------------------------------------------------------

    def _marker_name(self, file: MypyFile) -> str | None:
        """The marker's full name: a digest of the module's text and of every project module it takes values
        from. A module the daemon re-checks (not re-parsed) because one of those changed gets a new marker, so its
        own users are re-checked in turn, down a chain that grew after they were parsed (tasks -> envs -> a
        constants module envs imports since)."""
        digest = self._files.closure_digest(file.path, file.fullname)
        return None if digest is None else f"{file.fullname}.{MARKER}{digest}"

    def _remark(self, file: MypyFile) -> None:
        """Put the marker back (the daemon strips a re-analysed top level) or renew it (a module it takes values
        from changed since): a new marker name is a changed symbol, which fires the trigger its users wait on."""
        current = file.names.get(MARKER)
        wanted = self._marker_name(file)
        if wanted is None:
            return
        if current is None:
            self._mark(file)
        elif isinstance(current.node, Var) and current.node.fullname != wanted:
            current.node._fullname = wanted

    def _mark(self, file: MypyFile) -> None:
        wanted = self._marker_name(file)
        if wanted is None:
            return
        var = Var(MARKER)
        var._fullname = wanted
        file.names[MARKER] = SymbolTableNode(GDEF, var, module_public=False, module_hidden=True)
        closure = [name for name, _ in self._files.closure(file.path, file.fullname)]
        # A module it imports that does not exist yet: once created, its marker fires this module's trigger too.
        closure += self._files.missing_imports(file.path, file.fullname)
        if not closure:
            return
        # The module's findings may change with any module it takes values from: re-check all of its targets
        # (top level and every function, where overrides of imported tasks sit) when one of those changes.
        targets = {file.fullname, *_function_targets(file)}
        for name in closure:
            file.plugin_deps.setdefault(f"<{name}.{MARKER}>", set()).update(targets)

    # -- reporting ------------------------------------------------------------------------------------------

    def _names_by_path(self) -> dict[str, list[str]]:
        modules = self._modules or {}
        if self._names[0] != (len(modules), len(self._in_build)):
            names: dict[str, list[str]] = {}
            for module in modules.values():
                if is_project_file(module.path):
                    names.setdefault(os.path.abspath(module.path), []).append(module.fullname)
                    self._files.add_root(module.path, module.fullname)
            for path, name in self._in_build.items():
                # A module an incremental run did not load (a plugin registration nobody imports) is still part
                # of the build a cold run reads whole.
                names.setdefault(path, [name])
            self._names = ((len(modules), len(self._in_build)), names)
        return self._names[1]

    def _report(self, tree: object, msg: Any) -> None:
        """Report the module's findings once, attributed to the module's top level (its fine-grained target)."""
        if not isinstance(tree, MypyFile) or msg is None or not is_project_file(tree.path):
            return
        if not self._flyte_known():
            return  # mypy cannot find flyte: every flyte value is Any here, and only some calls would report
        errors = msg.errors
        self._errors = errors
        if errors.error_info_map is not self._error_map:
            # mypy resets its errors at the start of a build and of each step of a daemon update: files may have
            # changed since the findings were computed, though none was parsed again (a deleted module).
            self._error_map = errors.error_info_map
            self._files.new_generation()
        if getattr(self.options, "fine_grained_incremental", False):
            self._remark(tree)
        if errors.file in getattr(errors, "ignored_files", ()):
            # mypy drops every error of this module (``follow_imports = silent`` reached it, ``ignore_errors``,
            # ``# mypy: ignore-errors``): linting it would cost a run for findings nobody sees.
            return
        findings = self._findings.of(tree.path, tree.fullname, self._names_by_path())
        if not findings:
            return
        present = {(info.line, info.code.code if info.code else None, info.message)
                   for info in errors.error_info_map.get(errors.file, ())}  # fmt: skip
        flushed = getattr(errors, "flushed_files", None)
        if flushed is not None and errors.file in flushed:
            # mypy < 1.16's daemon re-checks a target of a file whose messages it already emitted in this update
            # (our trigger fired after the file was done): let its errors be emitted again with ours.
            flushed.discard(errors.file)
        scope, watchers = errors.scope, getattr(errors, "_watchers", None)
        errors.scope = None  # current target: the module itself (re-checked whenever the findings may change)
        if watchers is not None:
            # Hooks run while mypy watches a call's errors (overload matching, inference): hidden from them, the
            # findings (which are about the module, not this call) neither get dropped nor change mypy's choices.
            errors._watchers = []
        try:
            for finding in findings:
                if (finding.line, finding.code, finding.message) in present:
                    continue
                context = Context(finding.line, finding.column)
                context.end_line, context.end_column = finding.end_line, finding.end_column
                msg.fail(finding.message, context, code=_CODES[finding.code])
        finally:
            errors.scope = scope
            if watchers is not None:
                errors._watchers = watchers

    def _flyte_known(self) -> bool:
        """Whether mypy has the flyte SDK (a lint-only job may not install it). Only a yes is remembered: a
        module that does not depend on flyte may be checked before flyte's own modules are analysed."""
        if not self._flyte:
            node = self.lookup_fully_qualified(TASK_TEMPLATE)
            self._flyte = node is not None and isinstance(node.node, TypeInfo)
        return self._flyte

    def _function_call(self, ctx: FunctionContext) -> Type:
        self._from_checker(ctx.api)
        return ctx.default_return_type

    def _method_call(self, ctx: MethodContext) -> Type:
        self._from_checker(ctx.api)
        return ctx.default_return_type

    def _from_checker(self, api: Any) -> None:
        self._safely(getattr(api, "tree", None), getattr(api, "msg", None))

    def _safely(self, tree: object, msg: Any) -> None:
        try:
            self._report(tree, msg)
        except Exception:  # never let an unexpected shape crash the user's mypy run
            if getattr(self.options, "show_traceback", False):
                raise

    # -- task.override(...) ---------------------------------------------------------------------------------

    def _override(self, ctx: MethodContext) -> Type:
        self._from_checker(ctx.api)
        receiver = get_proper_type(ctx.type)
        if (
            isinstance(receiver, Instance)
            and has_base(receiver.type, TASK_TEMPLATE)
            and _defined_by_flyte(receiver.type, "override")
        ):
            # override() returns a copy of the same task: same class, parameters and return type.
            return receiver
        return ctx.default_return_type

    # -- task.aio(...) --------------------------------------------------------------------------------------

    def _aio(self, ctx: MethodContext) -> Type:
        """``await t.aio(...)`` on an async task gives the task's result: flyte's overloads add one Coroutine."""
        self._from_checker(ctx.api)
        try:
            receiver = get_proper_type(ctx.type)
            ret = get_proper_type(ctx.default_return_type)
            if not isinstance(receiver, Instance) or not isinstance(ret, Instance) or not _is_coroutine(ret):
                return ctx.default_return_type
            if not _defined_by_flyte(receiver.type, "aio"):
                return ctx.default_return_type  # a subclass's own aio(): its declared type stands
            template = next((b for b in receiver.type.mro if b.fullname == TASK_TEMPLATE), None)
            if template is None:
                return ctx.default_return_type
            from mypy.maptype import map_instance_to_supertype

            base = map_instance_to_supertype(receiver, template)
            if len(base.args) != 3:
                return ctx.default_return_type
            function = get_proper_type(base.args[2])
            if not isinstance(function, CallableType):
                return ctx.default_return_type
            function_ret = get_proper_type(function.ret_type)
            inner = get_proper_type(ret.args[-1]) if ret.args else None
            if isinstance(function_ret, Instance) and _is_coroutine(function_ret) and isinstance(inner, Instance):
                if _is_coroutine(inner):
                    return ret.args[-1]
        except Exception:
            if getattr(ctx.api.options, "show_traceback", False):
                raise
        return ctx.default_return_type


def _scan_store(options: Any) -> str | None:
    """Where what was read of the project's files is kept across runs: beside mypy's own cache (none when mypy
    keeps none, or when ``FLYTE_LINT_NO_CACHE=1`` asks for nothing to be stored)."""
    cache_dir = getattr(options, "cache_dir", None)
    if not cache_dir or cache_dir == os.devnull or os.environ.get("FLYTE_LINT_NO_CACHE", "") not in ("", "0"):
        return None
    return os.path.join(cache_dir, "flyte_lint", f"files-{SCAN_VERSION}.jsonl")


_Answer = TypeVar("_Answer")


def _remembered(memo: dict[str, _Answer], name: str, answer: Callable[[str], _Answer]) -> _Answer:
    try:
        return memo[name]
    except KeyError:
        found = memo[name] = answer(name)
        return found


def has_base(info: TypeInfo, fullname: str) -> bool:
    return any(base.fullname == fullname for base in info.mro)


def _is_coroutine(typ: Instance) -> bool:
    return typ.type.fullname in ("typing.Coroutine", "collections.abc.Coroutine")


def _function_targets(file: MypyFile) -> set[str]:
    """The fine-grained targets of a module's functions and methods (nested functions belong to the outer)."""
    found: set[str] = set()

    def visit(defs: list[Any], prefix: str) -> None:
        for node in defs:
            if isinstance(node, (FuncDef, OverloadedFuncDef)):
                found.add(f"{prefix}.{node.name}")
            elif isinstance(node, Decorator):
                found.add(f"{prefix}.{node.func.name}")
            elif isinstance(node, ClassDef):
                visit(node.defs.body, f"{prefix}.{node.name}")

    visit(file.defs, file.fullname)
    return found


def _defined_by_flyte(info: TypeInfo, method: str) -> bool:
    """Whether the method a call of ``method`` on an instance of ``info`` runs is flyte's own (a subclass of the
    project may define its own, whose declared type stands)."""
    for base in info.mro:
        if method in base.names:
            return base.fullname.startswith("flyte.")
    return False
