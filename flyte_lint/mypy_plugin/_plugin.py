"""The mypy plugin: function and method hooks on the flyte SDK's environment and task classes.

Dispatch is by the fully-qualified names mypy reports (verified with flyte 2.12.1): the constructor of
``TaskEnvironment`` or any subclass, ``<env class>.task`` / ``.clone_with``, and ``<template class>.override`` /
``.aio`` for any class with ``flyte._task.TaskTemplate`` in its MRO. Every verdict comes from flyte_lint.spec.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from mypy.errorcodes import CALL_ARG
from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    CallExpr,
    Context,
    Decorator,
    Expression,
    MemberExpr,
    MypyFile,
    NameExpr,
    TypeInfo,
)
from mypy.plugin import FunctionContext, MethodContext, Plugin, ReportConfigContext
from mypy.types import CallableType, Instance, Type, get_proper_type

from .. import spec
from . import _codes as codes
from ._config import target_for_file
from ._static import (
    ASYNC_FUNCTION_TASK_TEMPLATE,
    TASK_ENVIRONMENT,
    TASK_TEMPLATE,
    ModuleIndex,
    Resolver,
    bound_argument,
    build_index,
    class_fullname,
    function_kind,
    has_base,
    is_none,
    known_non_none,
    literal_value,
    reusable_given,
)

_ENV_METHODS: Final = frozenset({"task", "clone_with"})
_TEMPLATE_METHODS: Final = frozenset({"override", "aio"})
_ALL_ENV_FIELDS: Final = frozenset(f for p in spec.PROFILES for f in spec.env_fields(p))
_ALL_TASK_KEYWORDS: Final = frozenset(k for p in spec.PROFILES for k in spec.task_keywords(p))
_ALL_OVERRIDE_KEYWORDS: Final = frozenset(k for p in spec.PROFILES for k in spec.override_keywords(p))


@dataclass(frozen=True, slots=True)
class _Arg:
    """One argument as written at the call site, with the type mypy inferred for it (None if unmapped)."""

    index: int
    keyword: str | None  # None for positional, *args and **kwargs arguments
    positional: bool
    expr: Expression
    typ: Type | None


def _written_args(context: Context, formal_args: list[list[Expression]], formal_types: list[list[Type]]) -> list[_Arg]:
    if not isinstance(context, CallExpr):
        return []
    types: dict[int, Type] = {}
    for exprs, typs in zip(formal_args, formal_types, strict=False):
        for expr, typ in zip(exprs, typs, strict=False):
            types[id(expr)] = typ
    return [
        _Arg(i, name if kind == ARG_NAMED else None, kind == ARG_POS, expr, types.get(id(expr)))
        for i, (kind, name, expr) in enumerate(zip(context.arg_kinds, context.arg_names, context.args, strict=False))
    ]


def _keyword(args: list[_Arg], name: str) -> _Arg | None:
    for arg in args:
        if arg.keyword == name:
            return arg
    return None


def _suffix(hint: str) -> str:
    return f"; {hint}" if hint else ""


class FlytePlugin(Plugin):
    def __init__(self, options: object) -> None:
        super().__init__(options)  # type: ignore[arg-type]
        self._is_class: dict[tuple[str, str], bool] = {}
        self._indexes: dict[str, tuple[MypyFile, ModuleIndex]] = {}

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
        if fullname.startswith("builtins.") or fullname.startswith("typing."):
            return None
        if self._subclass_of(fullname, TASK_ENVIRONMENT):
            return self._env_constructor
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        owner, _, method = fullname.rpartition(".")
        if method in _ENV_METHODS and self._subclass_of(owner, TASK_ENVIRONMENT):
            return self._env_task if method == "task" else self._env_clone
        if method in _TEMPLATE_METHODS and self._subclass_of(owner, TASK_TEMPLATE):
            return self._override if method == "override" else self._aio
        return None

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        target = target_for_file(ctx.path)
        return {"flyte-lint-target": [target.release, list(target.profiles), target.exact]}

    # -- helpers --------------------------------------------------------------------------------------------

    def _resolver(self, api: object, target: spec.Target) -> Resolver | None:
        tree = getattr(api, "tree", None)
        if not isinstance(tree, MypyFile):
            return None
        cached = self._indexes.get(tree.fullname)
        if cached is None or cached[0] is not tree:
            cached = (tree, build_index(tree))
            self._indexes[tree.fullname] = cached
        return Resolver(tree, cached[1], target)

    # -- TaskEnvironment(...) -------------------------------------------------------------------------------

    def _env_constructor(self, ctx: FunctionContext) -> Type:
        try:
            self._check_env_constructor(ctx)
        except Exception:  # never let an unexpected shape crash the user's mypy run
            if getattr(ctx.api.options, "show_traceback", False):
                raise
        return ctx.default_return_type

    def _check_env_constructor(self, ctx: FunctionContext) -> None:
        ret = get_proper_type(ctx.default_return_type)
        if not isinstance(ret, Instance):
            return
        cls = ret.type.fullname
        target = target_for_file(ctx.api.path)
        args = _written_args(ctx.context, ctx.args, ctx.arg_types)
        formals = list(ctx.callee_arg_names)

        def given(param: str) -> _Arg | None:
            for arg in args:
                if arg.keyword == param:
                    return arg
                if arg.positional and arg.typ is not None:
                    # A positional argument counts when mypy binds it to ``param`` and every profile agrees.
                    if (
                        arg.index < len(formals)
                        and formals[arg.index] == param
                        and all(
                            arg.index < len(spec.env_fields(p)) and spec.env_fields(p)[arg.index] == param
                            for p in target.profiles
                        )
                    ):
                        return arg
            return None

        self._check_name_and_description(ctx.api, given("name"), given("description"))

        reusable, plugin = given("reusable"), given("plugin_config")
        if (
            cls == TASK_ENVIRONMENT
            and reusable is not None
            and plugin is not None
            and reusable.typ is not None
            and plugin.typ is not None
            and known_non_none(reusable.typ)
            and known_non_none(plugin.typ)
        ):
            config = class_fullname(plugin.typ)
            message = target.fails(lambda p: spec.reusable_plugin_config_error(config, p))
            if message:
                ctx.api.fail(
                    f"ValueError at import: {message} Drop reusable, or use a plugin whose tasks support reuse",
                    reusable.expr,
                    code=codes.CONFLICT,
                )

        for arg in args:
            keyword = arg.keyword
            if keyword is None:
                continue
            if keyword not in formals:
                # mypy reports it already ([call-arg]); add where it belongs, silenced along with that error.
                home = spec.where_it_belongs(keyword)
                if home and keyword not in _ALL_ENV_FIELDS:
                    ctx.api.msg.note(f'flyte: "{keyword}" is not an environment setting; set it on {home}',
                                     arg.expr, code=CALL_ARG)  # fmt: skip
                continue
            if keyword not in _ALL_ENV_FIELDS:
                continue  # a subclass's own parameter

            def unknown(profile: spec.Profile, keyword: str = keyword) -> str | None:
                if keyword in spec.env_fields(profile):
                    return None
                return f"TaskEnvironment.__init__() got an unexpected keyword argument '{keyword}'"

            message = target.fails(unknown)
            if message:
                ctx.api.fail(
                    f"TypeError at import: {message}{_suffix(_version_hint(keyword, target))}",
                    arg.expr,
                    code=codes.LEVEL,
                )

    def _check_name_and_description(self, api: object, name: _Arg | None, description: _Arg | None) -> None:
        fail = api.fail  # type: ignore[attr-defined]
        if name is not None and name.typ is not None:
            value = literal_value(name.typ)
            message = spec.env_name_error(value)
            if message:
                suggestion = spec.suggest_env_name(value) if isinstance(value, str) else None
                hint = f" Use {suggestion!r}" if suggestion else ""
                fail(f"ValueError at import: {message}{hint}", name.expr, code=codes.NAME)
        if description is not None and description.typ is not None:
            length = spec.description_truncation(literal_value(description.typ))
            if length is not None:
                fail(
                    f"description is {length} characters; the SDK silently truncates it to {spec.DESCRIPTION_LIMIT}",
                    description.expr,
                    code=codes.DESCRIPTION,
                )

    # -- env.clone_with(...) --------------------------------------------------------------------------------

    def _env_clone(self, ctx: MethodContext) -> Type:
        try:
            self._check_clone(ctx)
        except Exception:
            if getattr(ctx.api.options, "show_traceback", False):
                raise
        return ctx.default_return_type

    def _check_clone(self, ctx: MethodContext) -> None:
        if not isinstance(ctx.context, CallExpr):
            return
        target = target_for_file(ctx.api.path)
        args = _written_args(ctx.context, ctx.args, ctx.arg_types)
        positional = [spec.clone_positional(p) for p in target.profiles]

        def given(param: str) -> _Arg | None:
            expr = bound_argument(ctx.context, param, positional)  # type: ignore[arg-type]
            for arg in args:
                if arg.expr is expr:
                    return arg
            return None

        self._check_name_and_description(ctx.api, given("name"), given("description"))
        for arg in args:
            keyword = arg.keyword
            if keyword is None:
                continue

            def unknown(profile: spec.Profile, keyword: str = keyword) -> str | None:
                if keyword in spec.clone_keywords(profile):
                    return None
                return f"Unexpected keyword arguments: [{keyword!r}]"

            message = target.fails(unknown)
            if message:
                hint = _version_hint(keyword, target) or _home_hint(keyword, spec.clone_keywords(target.profiles[-1]))
                if not hint and keyword in _ALL_ENV_FIELDS:
                    hint = "clone_with() cannot change it: build a new TaskEnvironment"
                ctx.api.fail(f"TypeError at import: {message}{_suffix(hint)}", arg.expr, code=codes.LEVEL)

    # -- env.task / @env.task / @env.task(...) --------------------------------------------------------------

    def _env_task(self, ctx: MethodContext) -> Type:
        try:
            self._check_task(ctx)
        except Exception:
            if getattr(ctx.api.options, "show_traceback", False):
                raise
        return ctx.default_return_type

    def _check_task(self, ctx: MethodContext) -> None:
        target = target_for_file(ctx.api.path)
        context = ctx.context
        env_expr: Expression | None = None
        function: object = None
        func_context: Context | None = None
        if isinstance(context, Decorator):  # bare @env.task
            tasks = [d for d in context.decorators if isinstance(d, MemberExpr) and d.name == "task"]
            if len(tasks) == 1:
                env_expr = tasks[0].expr
                if context.decorators[-1] is tasks[0]:
                    function, func_context = context.func, context.func
            args: list[_Arg] = []
        elif isinstance(context, CallExpr) and isinstance(context.callee, MemberExpr):
            env_expr = context.callee.expr
            args = _written_args(context, ctx.args, ctx.arg_types)
            target_fn = next((a for a in args if a.positional or a.keyword == "_func"), None)
            if target_fn is not None:  # env.task(fn, ...)
                node = target_fn.expr.node if isinstance(target_fn.expr, NameExpr) else target_fn.expr
                function, func_context = node, target_fn.expr
            else:
                resolver = self._resolver(ctx.api, target)
                decorated = resolver.index.decorated.get(id(context)) if resolver else None
                if decorated is not None and decorated.decorators[-1] is context:
                    function, func_context = decorated.func, decorated.func
            for arg in args:
                keyword = arg.keyword
                if keyword is None or (keyword not in ctx.callee_arg_names and keyword not in _ALL_TASK_KEYWORDS):
                    continue

                def unknown(profile: spec.Profile, keyword: str = keyword) -> str | None:
                    if keyword in spec.task_keywords(profile):
                        return None
                    return f"TaskEnvironment.task() got an unexpected keyword argument '{keyword}'"

                message = target.fails(unknown)
                if message:
                    ctx.api.fail(
                        f"TypeError when the task is decorated: {message}{_suffix(_version_hint(keyword, target))}",
                        arg.expr,
                        code=codes.LEVEL,
                    )
        else:
            return
        if env_expr is None:
            return
        resolver = self._resolver(ctx.api, target)
        env = resolver.env(env_expr) if resolver is not None else None
        if env is None or resolver is None:
            return
        reusable = resolver.env_reusable(env)
        if not reusable.is_set:
            return
        pod_template = _keyword(args, "pod_template")
        if pod_template is not None and pod_template.typ is not None and known_non_none(pod_template.typ):
            ctx.api.fail(
                f"ValueError when the task is decorated: {spec.POD_TEMPLATE_ON_REUSABLE_MESSAGE} Put the pod "
                "template on the environment, or declare the task in a non-reusable environment",
                pod_template.expr,
                code=codes.REUSABLE,
            )
        kind = function_kind(function)
        if kind != "sync" or reusable.policy is None or func_context is None:
            return
        policy = reusable.policy

        def concurrency_of(profile: spec.Profile) -> str | None:
            fields = resolver.policy_fields(policy, profile)
            if fields is None or spec.reuse_policy_error(fields, profile) is not None:
                return None
            concurrency = spec.reuse_concurrency(fields)
            if concurrency is None or concurrency <= 1:
                return None
            return spec.SYNC_REUSABLE_CONCURRENCY_MESSAGE

        message = target.fails(concurrency_of)
        if message:
            name = getattr(function, "name", "<lambda>")
            ctx.api.fail(
                f"ValueError when the task is decorated: {message} ({name} is not an async function; "
                f"environment {env.name!r})",
                func_context,
                code=codes.REUSABLE,
            )

    # -- task.override(...) ---------------------------------------------------------------------------------

    def _override(self, ctx: MethodContext) -> Type:
        try:
            self._check_override(ctx)
        except Exception:
            if getattr(ctx.api.options, "show_traceback", False):
                raise
        receiver = get_proper_type(ctx.type)
        if isinstance(receiver, Instance) and has_base(receiver.type, TASK_TEMPLATE):
            # override() returns a copy of the same task: same class, parameters and return type.
            return receiver
        return ctx.default_return_type

    def _check_override(self, ctx: MethodContext) -> None:
        context = ctx.context
        receiver = get_proper_type(ctx.type)
        if not isinstance(context, CallExpr) or not isinstance(context.callee, MemberExpr):
            return
        if not isinstance(receiver, Instance):
            return
        defining = next((info for info in receiver.type.mro if "override" in info.names), None)
        if defining is None or defining.fullname != TASK_TEMPLATE:
            return  # a template class with its own override()
        target = target_for_file(ctx.api.path)
        args = _written_args(context, ctx.args, ctx.arg_types)
        task_expr = context.callee.expr
        resolver = self._resolver(ctx.api, target)
        env = resolver.task_env(_chain_root(task_expr)) if resolver is not None else None
        check_unknown = receiver.type.fullname == ASYNC_FUNCTION_TASK_TEMPLATE and (
            env is None or (resolver is not None and resolver.env_is_plain(env))
        )
        for arg in args:
            keyword = arg.keyword
            if keyword is None:
                continue
            if keyword in spec.OVERRIDE_FORBIDDEN:
                ctx.api.fail(
                    f"ValueError when override() runs: {spec.OVERRIDE_FORBIDDEN[keyword]}"
                    f"{_suffix(_FORBIDDEN_HINTS.get(keyword, ''))}",
                    arg.expr,
                    code=codes.OVERRIDE,
                )
                continue
            if keyword in spec.OVERRIDE_INIT_FALSE:
                ctx.api.fail(
                    f"ValueError when override() runs: field {keyword} is declared with init=False, it cannot be "
                    "specified with replace()",
                    arg.expr,
                    code=codes.OVERRIDE,
                )
                continue
            if not check_unknown:
                continue

            def unknown(profile: spec.Profile, keyword: str = keyword) -> str | None:
                if keyword in spec.override_keywords(profile) or keyword in spec.template_fields(profile):
                    return None
                return f"AsyncFunctionTaskTemplate.__init__() got an unexpected keyword argument '{keyword}'"

            message = target.fails(unknown)
            if not message:
                continue
            elsewhere = keyword in _ALL_ENV_FIELDS or keyword in _ALL_TASK_KEYWORDS or keyword in _ALL_OVERRIDE_KEYWORDS
            if elsewhere:
                hint = _version_hint(keyword, target) or _home_hint(keyword, ())
                code = codes.LEVEL
            else:
                guess = spec.close_match(keyword, spec.override_keywords(target.profiles[-1]))
                hint = f"did you mean {guess!r}?" if guess else ""
                code = codes.OVERRIDE
            ctx.api.fail(f"TypeError when override() runs: {message}{_suffix(hint)}", arg.expr, code=code)

        # Reusable tasks refuse resources/env_vars/secrets(/service_account) unless reusable="off".
        if resolver is None:
            return
        before = resolver.task_reusable(task_expr)
        reusable_arg = _keyword(args, "reusable")
        given: object = None
        if reusable_arg is not None:
            given = reusable_given(reusable_arg.typ) if reusable_arg.typ is not None else spec.UNKNOWN
        if spec.reusable_after_override(given, before) is not True:
            return
        for keyword in spec.override_reusable_restricted(target.profiles[-1]):
            found = _keyword(args, keyword)
            if found is None or found.typ is None or is_none(found.typ) or not known_non_none(found.typ):
                continue

            def restricted(profile: spec.Profile, keyword: str = keyword) -> str | None:
                if keyword not in spec.override_reusable_restricted(profile):
                    return None
                return spec.override_reusable_message(keyword)

            message = target.fails(restricted)
            if message:
                source = "this call sets a ReusePolicy" if given is True else "the task's environment is reusable"
                ctx.api.fail(
                    f"ValueError when override() runs: {message} ({source})",
                    found.expr,
                    code=codes.REUSABLE,
                )
                break  # the SDK stops at the first

    # -- task.aio(...) --------------------------------------------------------------------------------------

    def _aio(self, ctx: MethodContext) -> Type:
        """``await t.aio(...)`` on an async task gives the task's result: flyte's overloads add one Coroutine."""
        try:
            receiver = get_proper_type(ctx.type)
            ret = get_proper_type(ctx.default_return_type)
            if not isinstance(receiver, Instance) or not isinstance(ret, Instance) or not _is_coroutine(ret):
                return ctx.default_return_type
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


def _is_coroutine(typ: Instance) -> bool:
    return typ.type.fullname in ("typing.Coroutine", "collections.abc.Coroutine")


def _chain_root(expr: Expression) -> Expression:
    while isinstance(expr, CallExpr) and isinstance(expr.callee, MemberExpr) and expr.callee.name == "override":
        expr = expr.callee.expr
    return expr


_FORBIDDEN_HINTS: Final = {
    "name": "a task's name comes from its function and environment",
    "image": "declare the task in an environment with that image",
    "docs": "set docs on the task decorator",
    "interface": "the interface comes from the function's signature",
}


def _version_hint(keyword: str, target: spec.Target) -> str:
    for accepted in (spec.env_fields, spec.task_keywords, spec.override_keywords):
        newer = spec.accepted_since(keyword, accepted)
        if newer is not None and not all(keyword in accepted(p) for p in target.profiles):
            return f"{keyword} is accepted there from flyte {newer} on (target {target.release})"
    return ""


def _home_hint(keyword: str, accepted: tuple[str, ...]) -> str:
    home = spec.where_it_belongs(keyword)
    if home:
        return f"set {keyword} on {home}"
    guess = spec.close_match(keyword, accepted) if accepted else None
    return f"did you mean {guess!r}?" if guess else ""
