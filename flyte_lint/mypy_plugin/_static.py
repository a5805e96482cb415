"""What mypy can prove about values: literal types, and module-level environments read from the module's tree.

Everything here answers "known" or "unknown"; unknown makes the checks stay silent. Environments are only
followed inside the module being checked (a module-level name bound exactly once), so a module's findings
depend on that module alone and incremental runs report the same as cold ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    AssignmentStmt,
    Block,
    CallExpr,
    ClassDef,
    Decorator,
    Expression,
    FloatExpr,
    ForStmt,
    FuncDef,
    IfStmt,
    IntExpr,
    LambdaExpr,
    MemberExpr,
    MypyFile,
    NameExpr,
    OperatorAssignmentStmt,
    RefExpr,
    Statement,
    StrExpr,
    TryStmt,
    TypeInfo,
    UnaryExpr,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.types import (
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    TupleType,
    Type,
    TypedDictType,
    UnionType,
    get_proper_type,
)

from .. import spec

TASK_ENVIRONMENT: Final = "flyte._task_environment.TaskEnvironment"
TASK_TEMPLATE: Final = "flyte._task.TaskTemplate"
ASYNC_FUNCTION_TASK_TEMPLATE: Final = "flyte._task.AsyncFunctionTaskTemplate"
REUSE_POLICY: Final = "flyte._reusable_environment.ReusePolicy"
_LITERAL_FALLBACKS: Final = ("builtins.str", "builtins.int", "builtins.bool")
_MAX_HOPS: Final = 8


class _Absent:
    """A parameter not given at all (its default applies, or, on a clone, the original's value)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()


# ---------------------------------------------------------------------------------------------------------
# Values from types (the arguments of the call a hook is looking at)


def literal_value(typ: Type) -> object:
    """The plain value of a literal (or Final literal) str/int/bool/None type, else spec.UNKNOWN."""
    proper = get_proper_type(typ)
    if isinstance(proper, NoneType):
        return None
    literal: LiteralType | None = None
    if isinstance(proper, LiteralType):
        literal = proper
    elif isinstance(proper, Instance):
        literal = proper.last_known_value
    if literal is not None and literal.fallback.type.fullname in _LITERAL_FALLBACKS:
        return literal.value
    return spec.UNKNOWN


def known_non_none(typ: Type) -> bool:
    """True when a value of this type can never be None."""
    proper = get_proper_type(typ)
    if isinstance(proper, UnionType):
        return all(known_non_none(item) for item in proper.items)
    if isinstance(proper, Instance):
        return proper.type.fullname != "builtins.object"
    return isinstance(proper, (LiteralType, CallableType, TupleType, TypedDictType))


def is_none(typ: Type) -> bool:
    return isinstance(get_proper_type(typ), NoneType)


def class_fullname(typ: Type) -> str | None:
    proper = get_proper_type(typ)
    if isinstance(proper, Instance):
        return proper.type.fullname
    return None


def has_base(info: TypeInfo, fullname: str) -> bool:
    return any(base.fullname == fullname for base in info.mro)


def reusable_given(typ: Type) -> object:
    """``override(reusable=...)`` as spec.reusable_after_override wants it, from the argument's type."""
    value = literal_value(typ)
    if value is not spec.UNKNOWN:
        return value
    proper = get_proper_type(typ)
    if isinstance(proper, Instance) and has_base(proper.type, REUSE_POLICY):
        return True
    return spec.UNKNOWN


# ---------------------------------------------------------------------------------------------------------
# Values from expressions (what a module-level environment was built with)


def static_value(expr: Expression) -> object:
    """A literal or Final constant's plain value, else spec.UNKNOWN."""
    if isinstance(expr, (StrExpr, IntExpr, FloatExpr)):
        return expr.value
    if isinstance(expr, UnaryExpr) and expr.op == "-" and isinstance(expr.expr, (IntExpr, FloatExpr)):
        return -expr.expr.value
    if isinstance(expr, NameExpr):
        if expr.fullname == "builtins.None":
            return None
        if expr.fullname == "builtins.True":
            return True
        if expr.fullname == "builtins.False":
            return False
        node = expr.node
        if isinstance(node, Var) and node.is_final and node.final_value is not None:
            value = node.final_value
            if isinstance(value, (str, int, float, bool)):
                return value
    return spec.UNKNOWN


def refers_to_class(expr: Expression, fullname: str) -> TypeInfo | None:
    """The class ``expr`` names when it is ``fullname`` or a subclass of it."""
    if isinstance(expr, RefExpr) and isinstance(expr.node, TypeInfo) and has_base(expr.node, fullname):
        return expr.node
    return None


def bound_argument(
    call: CallExpr, param: str, positional_names: Iterable[Sequence[str]]
) -> Expression | _Absent | object:
    """The expression given for ``param``: by keyword, or by a position every profile agrees on.

    ABSENT when not given; spec.UNKNOWN when it might be given in a way that cannot be told (``*args``,
    ``**kwargs``, a position the profiles disagree on).
    """
    names = list(positional_names)
    for index, (kind, name, arg) in enumerate(zip(call.arg_kinds, call.arg_names, call.args, strict=False)):
        if kind == ARG_NAMED and name == param:
            return arg
        if kind == ARG_POS:
            matches = [index < len(profile) and profile[index] == param for profile in names]
            if all(matches):
                return arg
            if any(matches):
                return spec.UNKNOWN
        elif kind != ARG_NAMED:
            return spec.UNKNOWN
    return ABSENT


# ---------------------------------------------------------------------------------------------------------
# The module index: module-level bindings, attribute assignments, decorators


@dataclass(slots=True)
class ModuleIndex:
    bindings: dict[str, list[Expression | None]] = field(default_factory=dict)
    mutated: set[tuple[str, str]] = field(default_factory=set)
    decorated: dict[int, Decorator] = field(default_factory=dict)

    def single_value(self, name: str) -> Expression | None:
        values = self.bindings.get(name)
        if values is None or len(values) != 1:
            return None
        return values[0]


def build_index(tree: MypyFile) -> ModuleIndex:
    index = ModuleIndex()
    _index_block(tree.defs, index, top=True)
    return index


def _bind(index: ModuleIndex, name: str, value: Expression | None) -> None:
    index.bindings.setdefault(name, []).append(value)


def _index_block(statements: Iterable[Statement], index: ModuleIndex, *, top: bool) -> None:
    for statement in statements:
        if isinstance(statement, AssignmentStmt):
            simple = top and len(statement.lvalues) == 1
            for lvalue in statement.lvalues:
                _index_target(lvalue, statement.rvalue if simple else None, index)
        elif isinstance(statement, OperatorAssignmentStmt):
            _index_target(statement.lvalue, None, index)
        elif isinstance(statement, Decorator):
            for decorator in statement.decorators:
                index.decorated[id(decorator)] = statement
            _bind(index, statement.name, None)
        elif isinstance(statement, FuncDef):
            _bind(index, statement.name, None)
        elif isinstance(statement, ClassDef):
            _bind(index, statement.name, None)
            for inner in statement.defs.body:
                if isinstance(inner, Decorator):
                    for decorator in inner.decorators:
                        index.decorated[id(decorator)] = inner
        else:
            for block in _sub_blocks(statement):
                _index_block(block.body, index, top=False)


def _index_target(lvalue: Expression, value: Expression | None, index: ModuleIndex) -> None:
    if isinstance(lvalue, NameExpr):
        _bind(index, lvalue.name, value)
    elif isinstance(lvalue, MemberExpr) and isinstance(lvalue.expr, NameExpr):
        index.mutated.add((lvalue.expr.name, lvalue.name))
    else:
        for item in getattr(lvalue, "items", ()):
            if isinstance(item, Expression):
                _index_target(item, None, index)


def _sub_blocks(statement: Statement) -> Iterator[Block]:
    if isinstance(statement, IfStmt):
        yield from statement.body
        if statement.else_body is not None:
            yield statement.else_body
    elif isinstance(statement, (ForStmt, WhileStmt)):
        yield statement.body
        if statement.else_body is not None:
            yield statement.else_body
    elif isinstance(statement, WithStmt):
        yield statement.body
    elif isinstance(statement, TryStmt):
        yield statement.body
        yield from statement.handlers
        if statement.else_body is not None:
            yield statement.else_body
        if statement.finally_body is not None:
            yield statement.finally_body


# ---------------------------------------------------------------------------------------------------------
# Environments and tasks of the module being checked


@dataclass(frozen=True, slots=True)
class EnvSource:
    """How a module-level environment was made: ``TaskEnvironment(...)`` or ``<env>.clone_with(...)``."""

    name: str
    call: CallExpr
    origin: Literal["constructor", "clone"]
    cls: TypeInfo | None  # the environment class, for constructors


@dataclass(frozen=True, slots=True)
class Reusable:
    """An environment's (or task's) reusable setting: set (not None) or not, and the ReusePolicy call if known."""

    is_set: bool | None
    policy: CallExpr | None = None


UNKNOWN_REUSABLE: Final = Reusable(None)


class Resolver:
    """Follows names of the checked module to the environments and tasks they were bound to."""

    def __init__(self, tree: MypyFile, index: ModuleIndex, target: spec.Target) -> None:
        self.tree = tree
        self.index = index
        self.target = target

    def _module_value(self, expr: Expression) -> tuple[str, Expression] | None:
        """(name, bound value) for a module-level name of this module bound exactly once."""
        if not isinstance(expr, NameExpr):
            return None
        node = expr.node
        if isinstance(node, (Var, Decorator)) and node.fullname == f"{self.tree.fullname}.{expr.name}":
            value = self.index.single_value(expr.name)
            if value is not None:
                return expr.name, value
        return None

    def env(self, expr: Expression) -> EnvSource | None:
        found = self._module_value(expr)
        if found is None:
            return None
        name, value = found
        if not isinstance(value, CallExpr):
            return None
        cls = refers_to_class(value.callee, TASK_ENVIRONMENT)
        if cls is not None:
            return EnvSource(name, value, "constructor", cls)
        if isinstance(value.callee, MemberExpr) and value.callee.name == "clone_with":
            return EnvSource(name, value, "clone", None)
        return None

    def _env_argument(self, env: EnvSource, param: str) -> Expression | _Absent | object:
        if env.origin == "constructor":
            if env.cls is None or env.cls.fullname != TASK_ENVIRONMENT:
                # Subclasses may add or reorder parameters: trust keywords only.
                return bound_argument(env.call, param, [()])
            return bound_argument(env.call, param, [spec.env_fields(p) for p in self.target.profiles])
        return bound_argument(env.call, param, [spec.clone_positional(p) for p in self.target.profiles])

    def env_is_plain(self, env: EnvSource, hops: int = 0) -> bool:
        """True for a flyte TaskEnvironment without a plugin (its tasks are AsyncFunctionTaskTemplates)."""
        if hops > _MAX_HOPS or (env.name, "plugin_config") in self.index.mutated:
            return False
        if env.origin == "clone":
            assert isinstance(env.call.callee, MemberExpr)
            base = self.env(env.call.callee.expr)
            return base is not None and self.env_is_plain(base, hops + 1)
        if env.cls is None or env.cls.fullname != TASK_ENVIRONMENT:
            return False
        given = self._env_argument(env, "plugin_config")
        return given is ABSENT or (isinstance(given, Expression) and static_value(given) is None)

    def env_reusable(self, env: EnvSource, hops: int = 0) -> Reusable:
        if hops > _MAX_HOPS or (env.name, "reusable") in self.index.mutated:
            return UNKNOWN_REUSABLE
        given = self._env_argument(env, "reusable")
        if isinstance(given, Expression):
            return self._reusable_value(given)
        if given is not ABSENT:
            return UNKNOWN_REUSABLE
        if env.origin == "clone":
            assert isinstance(env.call.callee, MemberExpr)
            base = self.env(env.call.callee.expr)
            return UNKNOWN_REUSABLE if base is None else self.env_reusable(base, hops + 1)
        if env.cls is not None and env.cls.fullname != TASK_ENVIRONMENT:
            return UNKNOWN_REUSABLE  # a subclass may set it itself
        return Reusable(False)

    def _reusable_value(self, expr: Expression, hops: int = 0) -> Reusable:
        value = static_value(expr)
        if value is not spec.UNKNOWN:
            return Reusable(value is not None)
        if isinstance(expr, CallExpr) and refers_to_class(expr.callee, REUSE_POLICY) is not None:
            return Reusable(True, expr)
        found = self._module_value(expr)
        if found is not None and hops < _MAX_HOPS:
            return self._reusable_value(found[1], hops + 1)
        if isinstance(expr, NameExpr) and isinstance(expr.node, Var) and expr.node.type is not None:
            proper = get_proper_type(expr.node.type)
            if isinstance(proper, Instance) and has_base(proper.type, REUSE_POLICY):
                return Reusable(True)
        return UNKNOWN_REUSABLE

    def policy_fields(self, policy: CallExpr, profile: spec.Profile) -> dict[str, object] | None:
        """A ReusePolicy call's arguments as plain values (spec.UNKNOWN where not constant)."""
        names = spec.value_object_fields("flyte.ReusePolicy", profile) or ()
        fields: dict[str, object] = {}
        for index, (kind, name, arg) in enumerate(zip(policy.arg_kinds, policy.arg_names, policy.args, strict=False)):
            if kind == ARG_NAMED and name is not None:
                key = name
            elif kind == ARG_POS and index < len(names):
                key = names[index]
            else:
                return None
            fields[key] = static_value(arg)  # a literal or a Final constant; anything else is unknown
        return fields

    def task_env(self, expr: Expression) -> EnvSource | None:
        """The environment a task of this module was declared in (``@env.task`` or ``env.task(fn)``)."""
        if not isinstance(expr, NameExpr):
            return None
        node = expr.node
        if isinstance(node, Decorator) and node.fullname == f"{self.tree.fullname}.{expr.name}":
            envs = [env for d in node.decorators if (env := self._decorator_env(d)) is not None]
            return envs[0] if len(envs) == 1 else None
        found = self._module_value(expr)
        if found is None or not isinstance(found[1], CallExpr):
            return None
        call = found[1]
        if isinstance(call.callee, CallExpr):  # env.task(...)(fn)
            return self._decorator_env(call.callee)
        return self._decorator_env(call)

    def _decorator_env(self, decorator: Expression) -> EnvSource | None:
        if isinstance(decorator, CallExpr):
            decorator = decorator.callee
        if isinstance(decorator, MemberExpr) and decorator.name == "task":
            return self.env(decorator.expr)
        return None

    def task_reusable(self, expr: Expression, hops: int = 0) -> bool | None:
        """Whether a task's reusable is set, following ``task.override(reusable=...)`` chains."""
        if hops > _MAX_HOPS:
            return None
        if isinstance(expr, CallExpr) and isinstance(expr.callee, MemberExpr) and expr.callee.name == "override":
            before = self.task_reusable(expr.callee.expr, hops + 1)
            given = bound_argument(expr, "reusable", [()])
            if given is ABSENT:
                return before
            if not isinstance(given, Expression):
                return None
            value = static_value(given)
            if value is spec.UNKNOWN and self._reusable_value(given).is_set:
                value = True  # a ReusePolicy object: truthy
            return spec.reusable_after_override(value, before)
        env = self.task_env(expr)
        if env is None:
            return None
        return self.env_reusable(env).is_set


def function_kind(node: object) -> Literal["async", "sync"] | None:
    """Whether a task function is a coroutine function (what ``inspect.iscoroutinefunction`` says)."""
    if isinstance(node, FuncDef):
        return "async" if node.is_coroutine and not node.is_async_generator else "sync"
    if isinstance(node, LambdaExpr):
        return "sync"
    return None
