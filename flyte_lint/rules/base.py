"""What a rule sees: the facts of one module (or of the project), the target SDK, and resolution helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal, cast

from .. import spec
from ..config import Settings
from ..diagnostics import Diagnostic, Fix, Severity
from ..evaluate import _NOT, to_plain
from ..facts import ENUM_MEMBER, Arg, CallArgs, Dict, EnvDef, Lit, ModuleFacts, Obj, Seq, Span, TaskCall, TaskDef, Value
from ..link import EnvHandle, ProjectIndex, TaskHandle


class _NotConstant:
    """Returned by ``to_python`` when a value is not fully known."""

    def __repr__(self) -> str:
        return "NOT_CONSTANT"


NOT_CONSTANT: Final = _NotConstant()


def to_python(value: Value | None) -> object:
    """A fact value as a plain Python value (str, numbers, containers, timedelta, a plain Enum's member as
    ``spec.EnumMember``), or NOT_CONSTANT."""
    if value is None:
        return NOT_CONSTANT
    if isinstance(value, Obj) and value.callee.startswith(ENUM_MEMBER):
        # A plain Enum's member: an object of its own type to the SDK, whatever its value.
        name, member_value = (arg.value for arg in value.args.keywords)
        if isinstance(name, Lit) and isinstance(name.value, str) and isinstance(member_value, Lit):
            return spec.enum_member(value.callee.rsplit(".", 1)[-1], name.value, member_value.value)
        return NOT_CONSTANT
    plain = to_plain(value)
    if plain is _NOT:
        return NOT_CONSTANT
    return _thawed(plain)


def _thawed(plain: object) -> object:
    """Sets of plain values come back as ``set`` (evaluation keeps them hashable as frozensets)."""
    if isinstance(plain, frozenset):
        return set(plain)
    return plain


@dataclass(frozen=True, slots=True)
class Given:
    """How a parameter was passed: ``arg`` is None when it was not passed (default applies)."""

    arg: Arg | None
    known: bool = True  # False when *args/**kwargs or version-dependent positions make it unknowable


NOT_GIVEN: Final = Given(None)
UNKNOWABLE: Final = Given(None, known=False)


def bind_arguments(args: CallArgs, names: tuple[str, ...], name: str) -> Given:
    """Which argument fills parameter ``name`` of a callable whose positional parameters are ``names``."""
    keyword = args.keyword(name)
    if keyword is not None:
        return Given(keyword)
    index = names.index(name) if name in names else -1
    if 0 <= index < len(args.positional):
        return Given(args.positional[index]) if not args.star_args or index < len(args.positional) else UNKNOWABLE
    if args.star_kwargs or args.star_args:
        return UNKNOWABLE
    return NOT_GIVEN


def object_fields(obj: Obj, profile: spec.Profile) -> dict[str, object] | None:
    """A value object's arguments as ``spec`` validators take them (UNKNOWN for unknown values).

    None when the call has ``*args``/``**kwargs`` that could not be expanded.
    """
    names = spec.value_object_fields(obj.callee, profile)
    if names is None or obj.args.star_args or obj.args.star_kwargs:
        return None
    fields: dict[str, object] = {}
    for index, arg in enumerate(obj.args.positional):
        if index >= len(names):
            return None
        fields[names[index]] = _field_value(arg.value)
    for arg in obj.args.keywords:
        if arg.keyword is not None:
            fields[arg.keyword] = _field_value(arg.value)
    return fields


def _field_value(value: Value) -> object:
    python = to_python(value)
    if python is NOT_CONSTANT:
        if isinstance(value, Seq) and value.kind == "tuple":
            # keep the shape of a tuple with unknown members (ReusePolicy replicas=(1, n))
            return tuple(spec.UNKNOWN if to_python(i) is NOT_CONSTANT else to_python(i) for i in value.items)
        return spec.UNKNOWN
    return python


class ModuleContext:
    """The facts of one module, the target SDK version, and helpers that resolve references."""

    def __init__(self, facts: ModuleFacts, target: spec.Target, project: ProjectIndex) -> None:
        self.facts = facts
        self.target = target
        self.project = project
        self.path = facts.path
        # Rules ask the same questions of the same environments and tasks many times (every rule, every task):
        # answered once per context (one module, one release).
        self._given: dict[tuple[str, int, str], Given] = {}
        self._task_envs: dict[int, EnvHandle | None] = {}

    # -- reporting ----------------------------------------------------------------------------------------

    def diagnostic(
        self,
        code: str,
        severity: str,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        noqa_lines: tuple[int, ...] = (),
        related: tuple[tuple[str, int, int], ...] = (),
        anchor: Span | None = None,
    ) -> Diagnostic:
        """A finding at ``span``. ``anchor`` is the expression the SDK fails in (the call, the decorator):
        when ``span`` starts on a later line, the finding starts at the anchor, so that its line is the line
        the SDK's traceback shows (a multi-line call is reported at its first line)."""
        if anchor is not None:
            if span.line > anchor.line or (span.line < anchor.line and span.end_line >= anchor.end_line):
                span = Span(anchor.line, anchor.column, span.end_line, span.end_column)
            elif span.line < anchor.line:
                # Options given ahead (``deco = env.task(...)`` above ``@deco``): the finding is the anchor's span;
                # starting there and ending at the options would be a range that ends before it starts.
                span = anchor
            noqa_lines = (*noqa_lines, anchor.line)
        if severity not in ("error", "warning", "info"):
            raise ValueError(f"{code}: unknown severity {severity!r}")
        return Diagnostic(
            self.path,
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            code,
            cast(Severity, severity),
            message,
            fix,
            noqa_lines,
            related,
        )

    # -- resolution ---------------------------------------------------------------------------------------

    def env(self, value: Value | None) -> EnvHandle | None:
        return None if value is None else self.project.env(self.facts, value)

    def task(self, value: Value | None) -> TaskHandle | None:
        return None if value is None else self.project.task(self.facts, value)

    def task_env(self, task: TaskDef) -> EnvHandle | None:
        """The environment of a task of this module."""
        # By identity: the module's facts hold their tasks for as long as this context lives.
        key = id(task)
        if key in self._task_envs:
            return self._task_envs[key]
        found = self._task_envs[key] = self.env(task.env)
        return found

    # -- environment parameters ---------------------------------------------------------------------------

    def env_setting_site(self, handle: EnvHandle, param: str, task: TaskDef) -> tuple[Span, tuple[int, ...]]:
        """Where to report an environment setting that fails when ``task`` is deployed, with the lines whose
        ``# noqa`` silences it: the argument when this module made the environment, else the task."""
        given = self.env_given(handle, param)
        if handle.module is self.facts and given.arg is not None:
            return given.arg.span, (handle.env.span.line,)
        return task.span, (task.statement_line,)

    def env_given(self, handle: EnvHandle, param: str) -> Given:
        """How ``param`` was passed to the call that made this environment (this call only, no inheritance)."""
        key = (handle.module.path, handle.env.id, param)
        given = self._given.get(key)
        if given is None:
            given = self._given[key] = self._env_given(handle, param)
        return given

    def _env_given(self, handle: EnvHandle, param: str) -> Given:
        env = handle.env
        if self.project.env_changed(handle, param):
            return UNKNOWABLE
        if not _known_signature(env):
            keyword = env.args.keyword(param)
            return Given(keyword) if keyword is not None else UNKNOWABLE
        profiles = self.target.profiles
        first = self._env_given_profile(env, param, profiles[0])
        # Releases that bind the arguments alike agree (compared without hashing: a value may be deep).
        if any(self._env_given_profile(env, param, profile) != first for profile in profiles[1:]):
            return UNKNOWABLE
        return first

    @staticmethod
    def _env_given_profile(env: EnvDef, param: str, profile: spec.Profile) -> Given:
        if env.origin == "clone_with":
            names: tuple[str, ...] = spec.clone_positional(profile)
        elif env.origin == "from_task":
            names = ("name",)
        else:
            names = spec.env_fields(profile)
        return bind_arguments(env.args, names, param)

    def env_value(self, handle: EnvHandle, param: str, hops: int = 0) -> Value | _NotConstant | None:
        """The effective value of an environment parameter, following ``clone_with`` inheritance.

        Returns the Value, None when the parameter takes its default, or NOT_CONSTANT when unknowable.
        """
        given = self.env_given(handle, param)
        if not given.known:
            return NOT_CONSTANT
        env = handle.env
        if given.arg is not None:
            value = given.arg.value
            if env.origin == "clone_with" and param != "reusable" and isinstance(value, Lit) and value.value is None:
                pass  # None on a clone means "inherit"
            else:
                return value
        if env.origin == "clone_with":
            if hops > 16:
                return NOT_CONSTANT
            source = self.project.env(handle.module, env.clone_of) if env.clone_of is not None else None
            if source is None:
                return NOT_CONSTANT
            return self.env_value(source, param, hops + 1)
        if env.origin == "from_task":
            return NOT_CONSTANT if param not in ("reusable", "plugin_config", "pod_template") else None
        return None

    def env_reusable(self, handle: EnvHandle) -> Value | _NotConstant | None:
        """The environment's ``reusable`` setting (a ReusePolicy Obj, another value, None, or NOT_CONSTANT)."""
        return self.env_value(handle, "reusable")

    def env_is_reusable(self, handle: EnvHandle) -> bool | None:
        """True/False when known; None when it cannot be known. Falsy literals (False, 0) are "not None"."""
        value = self.env_reusable(handle)
        if value is NOT_CONSTANT:
            return None
        if value is None:
            return False
        if isinstance(value, Lit):
            return value.value is not None
        if isinstance(value, Obj) and value.callee == "flyte.ReusePolicy":
            return True
        return None


def _known_signature(env: EnvDef) -> bool:
    """Flyte's own classes have known signatures; user subclasses may add or reorder parameters."""
    return env.class_name in ("flyte.TaskEnvironment", "flyte.Environment") or env.origin != "constructor"


def known_non_none(value: Value | None) -> bool:
    """True when a value is certainly not None (a literal other than None, a display, a constructed object)."""
    from ..facts import EnvRef, TaskRef

    if value is None:
        return False
    if isinstance(value, Lit):
        return value.value is not None
    return isinstance(value, (Seq, Dict, Obj, EnvRef, TaskRef))


def task_environment(ctx: ModuleContext, task: TaskDef) -> EnvHandle | None:
    """The task environment a task is declared in, when it resolves to a TaskEnvironment (not an app)."""
    handle = ctx.task_env(task)
    if handle is None or handle.env.kind not in TASK_ENV_KINDS:
        return None
    return handle


def may_not_run_at_import(facts: ModuleFacts, line: int, column: int) -> bool:
    """Whether the position is in module code that may or may not run at import (``ModuleFacts.undecided``)."""
    return any((a, b) <= (line, column) <= (c, d) for a, b, c, d in facts.undecided)


UNDECIDED_WHY: Final = (
    "module code flyte-lint cannot tell runs at import (a branch of an if, match or conditional expression on an "
    "environment variable, the platform..., or a loop over unknown items)"
)


TaskCallKind = Literal["sync", "async", "generator", "async-generator"]


def task_call_kind(ctx: ModuleContext, task: TaskDef | TaskHandle) -> TaskCallKind | None:
    """How calling a task of a TaskEnvironment runs, when known: its plain ``def`` / ``async def`` (generators
    apart), or the kind a decorator stacked under ``@env.task`` keeps. None for a decorator stacked above, or a
    function not known. A callee (a handle, maybe of another module) also needs a plain TaskEnvironment without
    ``plugin_config``: a plugin's template class may call differently."""
    handle = task if isinstance(task, TaskHandle) else None
    task = task.task if isinstance(task, TaskHandle) else task
    function = task.function
    if function is None or function.kind != "def" or task.outer_decorators:
        return None
    if handle is None:
        if task_environment(ctx, task) is None:
            return None
    else:
        env = ctx.project.env(handle.module, task.env)
        if env is None or env.env.kind != "TaskEnvironment" or ctx.env_value(env, "plugin_config") is not None:
            return None
    if task.inner_decorators:
        return task.wrapped_kind
    if function.is_async:
        return "async-generator" if function.is_generator else "async"
    return "generator" if function.is_generator else "sync"


def value_objects_of(ctx: ModuleContext, callee: str) -> Iterator[Obj]:
    """The module's ``callee(...)`` value objects, each once (a call read again, as a factory's, is one object)."""
    seen: set[tuple[int, int]] = set()
    for value_object in ctx.facts.value_objects:
        obj = value_object.obj
        if obj.callee == callee and (obj.span.line, obj.span.column) not in seen:
            seen.add((obj.span.line, obj.span.column))
            yield obj


def fields_of(obj: Value | _NotConstant | None, profile: spec.Profile) -> dict[str, object] | None:
    if isinstance(obj, Obj):
        return object_fields(obj, profile)
    return None


def fqn_label(ctx: ModuleContext, handle: EnvHandle) -> str:
    """How messages name an environment: its literal name when known, else its variable."""
    given = ctx.env_given(handle, "name")
    if given.arg is not None and isinstance(given.arg.value, Lit) and isinstance(given.arg.value.value, str):
        return repr(given.arg.value.value)
    return handle.env.binding or "the environment"


def unregistered_local_class(ctx: ModuleContext, value: Value | None) -> str | None:
    """The class name of a ``plugin_config`` made from a class of this module that the module registers no task
    plugin for (``<module>.QueueConfig`` -> ``QueueConfig``), else None."""
    if not isinstance(value, Obj) or not value.callee.startswith("<module>.") or ctx.facts.registers_plugins:
        return None
    return value.callee[len("<module>.") :]


def unregistered_project_class(ctx: ModuleContext, value: Value | None) -> str | None:
    """The class name of a ``plugin_config`` made from a class of the project (of this module, of the module
    that made the environment, or imported from another: ``app.cfg.QueueConfig``) when no module of the project
    registers task plugins (a registration anywhere may run first: imports, ``flyte deploy --all`` order); else
    None. Classes of installed packages (flyteplugins' configs) are not the project's: their package registers
    them."""
    if not isinstance(value, Obj) or ctx.project.registers_plugins():
        return None
    if value.callee.startswith("<module>."):
        return value.callee[len("<module>.") :]
    if any(value.callee in module.project_classes for module in ctx.project.modules.values()):
        return value.callee
    module, _, name = value.callee.rpartition(".")
    owner = ctx.project.by_name.get(module) if module and module not in ctx.project.ambiguous else None
    if owner is None or name not in owner.local_classes:
        return None
    return value.callee


def task_fqn(ctx: ModuleContext, handle: EnvHandle, function: str) -> str:
    """How the SDK names a task in its messages (``etl.load``): its environment's name, a dot, the function."""
    label = fqn_label(ctx, handle)
    return f"{label[1:-1]}.{function}" if label.startswith("'") else f"{label}.{function}"


# The environment kinds whose tasks the SDK builds from the environment's settings (cache, retries...).
TASK_ENV_KINDS: Final = ("TaskEnvironment", "ClusteredTaskEnvironment")


def inherits_env_cache(task: TaskDef) -> bool:
    """``cache or env.cache``: the task uses the environment's cache unless it passes a truthy one."""
    if task.args.star_kwargs:
        return False
    arg = task.args.keyword("cache")
    return arg is None or (isinstance(arg.value, Lit) and not arg.value.value)


def bound_fields(obj: Obj, profile: spec.Profile) -> dict[str, object] | None:
    """The fields of a value-object call that binds cleanly under ``profile``, else None (a TypeError, which
    FLY053 reports, would come first: an unknown keyword, a value given twice, a missing required field)."""
    names = spec.value_object_fields(obj.callee, profile)
    fields = object_fields(obj, profile)
    if names is None or fields is None:
        return None
    bound = names[: len(obj.args.positional)]
    for arg in obj.args.keywords:
        if arg.keyword not in names or arg.keyword in bound:
            return None
    required = spec.value_object_required(obj.callee, profile)
    if any(name not in fields for name in required):
        return None
    return fields


def field_arg(obj: Obj, profile: spec.Profile, field: str) -> Arg | None:
    """The argument that gives ``field`` of a value-object call (by keyword or position)."""
    keyword = obj.args.keyword(field)
    if keyword is not None:
        return keyword
    names = spec.value_object_fields(obj.callee, profile) or ()
    if field in names and names.index(field) < len(obj.args.positional):
        return obj.args.positional[names.index(field)]
    return None


def built_at(task: TaskDef, given: Span) -> tuple[Span, str]:
    """Where a task option's value given at ``given`` is checked when the task object is built (2.12's
    ``TaskTemplate.__post_init__``), and a note naming where it was given.

    That is the decorator or the ``env.task(fn, ...)`` call, also when the options were given ahead
    (``deco = env.task(cache=...)`` or a ``functools.partial``): then the traceback shows the ``@deco`` line,
    and so does the finding, naming the line of the options.
    """
    span = task.span
    if span.line <= given.line <= span.end_line:
        return given, ""
    return span, f" (given at line {given.line})"


def serialized_at(task: TaskDef, given: Span) -> tuple[Span, str]:
    """Where a task option given at ``given`` that fails when the task is serialized (at deploy) is reported, and
    a note naming where it was given. The SDK names the task, and its failure is located at the task's
    decorators and ``def``: the value itself when it is written in the decorator, the decorator when the options
    were given ahead (``@deco``), and the function's ``def`` for a task made by a call (``t = env.task(fn, ...)``,
    ``t = env.task(...)(t)``), which has no decorator.
    """
    function = task.function
    if task.form == "call" and function is not None and function.kind == "def":
        return function.span, f" (given at line {given.line})"
    return built_at(task, given)


def deploy_site(ctx: ModuleContext, value_at: Span, use: Span) -> tuple[Span, str]:
    """Where to report a value that fails at deploy: where it is written (``value_at``), or, when it was
    imported from another module (its position then is the import statement's), where this module uses it
    (``use``), with a note naming the import."""
    for fact in ctx.facts.imports:
        if fact.line == value_at.line:
            origin = fact.module if fact.name is None else f"{fact.module}.{fact.name}"
            return use, f" (the value is {origin}, imported at line {fact.line})"
    return value_at, ""


class ProjectContext:
    """What project rules (FLY3xx) receive."""

    def __init__(self, index: ProjectIndex, settings_by_path: dict[str, Settings]) -> None:
        self.index = index
        self.settings_by_path = settings_by_path

    def target_for(self, facts: ModuleFacts) -> spec.Target:
        settings = self.settings_by_path.get(facts.path, Settings())
        try:
            return settings.target(facts.pinned_flyte)
        except spec.VersionError:
            return spec.DEFAULT_TARGET

    def context(self, facts: ModuleFacts) -> ModuleContext:
        return ModuleContext(facts, self.target_for(facts), self.index)


def invokes_task(call: TaskCall, calls: tuple[TaskCall, ...]) -> bool:
    """Whether ``call`` runs the task: a plain call (``t(x)``) or a call of an overridden copy (``t.override(...)
    (x)``); not the ``override()`` call itself, ``.aio``, ``flyte.map`` or the task passed as a value."""
    if call.how == "call":
        return True
    if call.how != "override":
        return False
    # ``t.override(a)(x)`` records the override() and, around it, the call of its result (same start).
    return any(
        other is not call and other.how == "override" and _starts_inside(other.span, call.span) for other in calls
    )


def _starts_inside(inner: Span, outer: Span) -> bool:
    """``inner`` starts where ``outer`` does and ends before it."""
    return (inner.line, inner.column) == (outer.line, outer.column) and (inner.end_line, inner.end_column) < (
        outer.end_line,
        outer.end_column,
    )
