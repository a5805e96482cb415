"""Plain facts extracted from one module: the contract between extraction and the rules.

Everything here is a frozen dataclass of plain data (picklable), so extraction can run in worker
processes and be cached. Rules read these facts and never walk syntax trees themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, Union

# ---------------------------------------------------------------------------------------------------------
# Positions


@dataclass(frozen=True)
class Span:
    """A source range: 1-based lines, 1-based columns (as editors and ruff show them), end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


# ---------------------------------------------------------------------------------------------------------
# Static values
#
# A value is what extraction could prove about an expression without running it. ``Unknown`` is the honest
# answer whenever proof is missing; rules stay silent on it.


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known statically; ``reason`` says why (for --explain style debugging)."""

    reason: str = "not a constant"


@dataclass(frozen=True)
class Lit:
    """A scalar constant: str, bytes, int, float, complex, bool or None."""

    value: str | bytes | int | float | complex | bool | None


@dataclass(frozen=True)
class Seq:
    """A list, tuple or set display whose items are values themselves."""

    kind: Literal["list", "tuple", "set"]
    items: tuple[Value, ...]
    # Where each item is written (empty when a ``*spread`` made the positions unknown); not part of equality.
    item_spans: tuple[Span, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Dict:
    """A dict display. ``complete`` is False when it has ``**spread`` entries that could not be resolved."""

    items: tuple[tuple[Value, Value], ...]
    complete: bool = True


@dataclass(frozen=True)
class Arg:
    """One argument of a call: keyword name (None for positional), value, and where it is written."""

    keyword: str | None
    value: Value
    span: Span
    # Span of ``keyword=value`` as a whole (for fixes that remove an argument); same as span for positionals.
    full_span: Span | None = None
    # Fixes edit the text at these spans only when it is what they think: ``in_place`` when the argument is
    # written at its spans in this file (not spread from ``**opts``, not placed at the call of a factory or a
    # partial that holds it); ``literal`` when it is also written as a literal there (``"etl"``, ``[a, b]``).
    in_place: bool = False
    literal: bool = False


@dataclass(frozen=True)
class CallArgs:
    """The arguments of a call as written.

    ``star_args``/``star_kwargs`` are True when a ``*x``/``**x`` could not be expanded into known arguments:
    then positions after it, and the set of keywords, are not fully known.
    """

    positional: tuple[Arg, ...] = ()
    keywords: tuple[Arg, ...] = ()
    star_args: bool = False
    star_kwargs: bool = False

    def keyword(self, name: str) -> Arg | None:
        """The last argument passed by keyword ``name`` (Python rejects repeats; the last is what counts)."""
        found = None
        for arg in self.keywords:
            if arg.keyword == name:
                found = arg
        return found

    def keyword_names(self) -> tuple[str, ...]:
        return tuple(arg.keyword for arg in self.keywords if arg.keyword is not None)

    def repeated(self) -> tuple[Arg, ...]:
        """Keywords given a second time (``name="etl", **COMMON`` where COMMON holds a name): Python raises
        ``TypeError: ...() got multiple values for keyword argument 'name'`` before the callee runs."""
        seen: set[str | None] = set()
        repeated = []
        for arg in self.keywords:
            if arg.keyword in seen:
                repeated.append(arg)
            seen.add(arg.keyword)
        return tuple(repeated)


@dataclass(frozen=True)
class Obj:
    """A call to a Flyte (or stdlib) constructor that extraction recognised, such as ``flyte.ReusePolicy(...)``.

    ``callee`` is the canonical dotted name (``flyte.ReusePolicy``, ``flyte.Resources``, ``flyte.Cache``,
    ``flyte.Secret``, ``flyte.PodTemplate``, ``flyte.Image.from_debian_base``, ``datetime.timedelta``, ...).
    """

    callee: str
    args: CallArgs
    span: Span


# ``Obj.callee`` of a member of a plain ``enum.Enum`` of the project (``Size.SMALL`` given as a setting): the
# prefix, then the class's qualified name; its arguments are the member's ``name`` and ``value`` (both known).
ENUM_MEMBER: Final = "enum member of "


@dataclass(frozen=True)
class EnvRef:
    """A reference to an environment: ``env_id`` indexes ``ModuleFacts.envs`` of this module, or of the module
    at ``path`` when the value flowed in from another module (an import, a factory of another module)."""

    env_id: int
    path: str | None = None


@dataclass(frozen=True)
class TaskRef:
    """A reference to a task: ``task_id`` indexes ``ModuleFacts.tasks`` of this module, or of the module at
    ``path`` when the value flowed in from another module."""

    task_id: int
    path: str | None = None


@dataclass(frozen=True)
class ImportedRef:
    """A name bound by an import that may be an environment or task defined in another module.

    ``module`` is absolute where it could be computed (relative imports are resolved against the module's
    own dotted name when that is known; otherwise ``level`` keeps the number of leading dots).
    """

    module: str
    name: str | None  # None for ``import pkg.mod`` used as ``pkg.mod.attr`` (then ``attr`` goes in name)
    level: int = 0


@dataclass(frozen=True)
class FunctionRef:
    """A module-level function (plain ``def``) of this module, by name."""

    name: str


Value = Union[Unknown, Lit, Seq, Dict, Obj, EnvRef, TaskRef, ImportedRef, FunctionRef]  # noqa: UP007 (runtime alias)


# ---------------------------------------------------------------------------------------------------------
# Definitions

# Where a definition sits among exclusive alternatives: one (branch point, branch taken) pair per enclosing
# ``if``/``else``, ``try``/``except``, ``match`` case. Two definitions with one branch point and different
# branches never both run in one import.
Alternatives = tuple[tuple[int, int], ...]


def exclusive(a: Alternatives, b: Alternatives) -> bool:
    """True when definitions at ``a`` and ``b`` are on different branches of one branch point."""
    if not a or not b:
        return False
    taken = dict(a)
    return any(point in taken and taken[point] != branch for point, branch in b)


EnvKind = Literal["TaskEnvironment", "ClusteredTaskEnvironment", "Environment", "AppEnvironment"]
EnvOrigin = Literal["constructor", "clone_with", "from_task"]
Scope = Literal["module", "function", "class"]


@dataclass(frozen=True)
class EnvDef:
    """An environment created in this module: ``flyte.TaskEnvironment(...)``, ``x.clone_with(...)``,
    ``TaskEnvironment.from_task(...)``.

    ``kind`` is the class: task environments (TaskEnvironment and its subclasses) get task rules;
    AppEnvironment-like classes only take part in naming and dependency checks.
    """

    id: int
    kind: EnvKind
    origin: EnvOrigin
    args: CallArgs
    span: Span  # the whole call
    callee_span: Span  # the callee expression (``flyte.TaskEnvironment`` / ``base.clone_with``)
    binding: str | None  # module-level (or local) variable the env is assigned to, if a plain name
    scope: Scope
    # For clone_with: the environment it was cloned from.
    clone_of: Value | None = None
    # The qualified class name as written after resolving imports, e.g. ``flyte.TaskEnvironment``.
    class_name: str = "flyte.TaskEnvironment"
    alternatives: Alternatives = ()
    # Made by a function of another module followed from here (positions are this module's call): relative paths
    # the SDK resolves from the file that made it (``include``) are that module's.
    made_elsewhere: bool = False
    # Made by a call of a function whose results functools.cache / lru_cache remember: "<file>:<line of the
    # def>" and, after a tab, the call's arguments when known. Calls of it from several modules with the same
    # arguments (or arguments not known) may return one object, made once.
    cached_call: str = ""


@dataclass(frozen=True)
class Param:
    name: str
    kind: Literal["positional_only", "positional_or_keyword", "var_positional", "keyword_only", "var_keyword"]
    annotated: bool
    span: Span
    has_default: bool = False  # ``x: int = 3``: a caller (or a trigger) may leave it out


@dataclass(frozen=True)
class FunctionInfo:
    """What the rules need to know about a decorated (or wrapped) function."""

    name: str
    is_async: bool
    is_generator: bool  # contains ``yield`` (async generators are not coroutine functions)
    params: tuple[Param, ...]
    has_return_annotation: bool
    returns_value: bool  # a ``return <expr>`` whose value is not literally None
    span: Span  # the ``def`` line (name)
    kind: Literal["def", "lambda", "class", "partial", "task", "builtin", "other", "unknown"] = "def"
    # Root names the annotations use (``x: np.ndarray`` -> "np"; string annotations parsed), in order.
    annotation_names: tuple[str, ...] = ()
    # Every run returns a value that is not None: each ``return`` gives one (a literal, an f-string, arithmetic, a
    # display...) and the body ends with one.
    always_returns_value: bool = False


TaskForm = Literal["decorator", "decorator_call", "call"]


@dataclass(frozen=True)
class TaskDef:
    """A task created by ``@env.task``, ``@env.task(...)`` or ``env.task(fn, ...)``."""

    id: int
    env: Value  # EnvRef / ImportedRef when resolved, Unknown otherwise
    form: TaskForm
    args: CallArgs  # decorator-call arguments (empty for bare ``@env.task``); for ``call`` form, all arguments
    span: Span  # the decorator expression or the call
    function: FunctionInfo | None  # None when the target is not a known function
    binding: str | None  # the name the task object is bound to (module level or local)
    scope: Scope  # where the function/task is defined
    # Decorators applied below ``@env.task`` (closer to the def): they change what the task wraps.
    inner_decorators: tuple[str, ...] = ()
    # Decorators applied above ``@env.task``: the bound object may not be a task at all.
    outer_decorators: tuple[str, ...] = ()
    # The first line of the statement that defines the task (first decorator or the assignment): noqa anchor.
    statement_line: int = 0
    # With decorators below ``@env.task``: whether what they hand to it is a coroutine function ("async"),
    # a plain function ("sync"), or not known (None). Read from a wrapper defined in this module.
    wrapped_kind: Literal["async", "sync"] | None = None
    # The only decorator below ``@env.task`` is ``functools.cache`` / ``lru_cache``: its wrapper is what the SDK
    # runs (a plain function, whatever it wraps).
    cache_wrapped: bool = False
    alternatives: Alternatives = ()
    # Where the options were given when that is not the decorator: ``deco = env.task(retries=2)`` (or a
    # ``functools.partial``) made earlier. The SDK checks the options' signature there, before any function.
    options_span: Span | None = None
    # Where a decorated ``def`` is written when that is not where the task is made: a def inside a factory
    # called at import is made at module scope but written in a function (the module has no such attribute).
    def_scope: Scope | None = None

    @property
    def written_in(self) -> Scope:
        """The scope the task's ``def`` (or call) is written in: what the cluster's loader can reach."""
        return self.def_scope or self.scope

    @property
    def options_at(self) -> Span:
        """The expression that raises for a bad option: the options call, else the decorator or call."""
        return self.options_span or self.span


@dataclass(frozen=True)
class OverrideCall:
    """``task.override(...)`` (possibly chained: ``t.override(a).override(b)``).

    ``task`` is the receiver when it resolves to a task; ``previous`` carries the argument lists of earlier
    overrides in the same chain, outermost last, so rules can follow ``reusable`` through a chain.
    """

    task: Value
    args: CallArgs
    span: Span
    callee_span: Span  # the ``.override`` attribute
    previous: tuple[CallArgs, ...] = ()
    # The function the override is written in (qualified name), or None at module level.
    enclosing_function: str | None = None
    # The overridden task is called (``t.override(...)(...)``, ``.aio(...)``, or stored and called later):
    # values only serialization checks fail only then.
    invoked: bool = False


@dataclass(frozen=True)
class EnvMethodCall:
    """``env.add_dependency(...)`` and other calls on an environment after construction."""

    env: Value
    method: str
    args: CallArgs
    span: Span


@dataclass(frozen=True)
class TaskCall:
    """A call (or use as a value) of a task inside a function body, for the project graph.

    ``caller`` is the task whose body holds the call (None when the enclosing function is not a task).
    """

    caller: int | None
    callee: Value
    how: Literal["call", "aio", "override", "map", "value", "forward"]
    span: Span
    # Made while a ``@flyte.trace`` function runs (in its body, or in a helper it calls): the SDK refuses to
    # call a task there.
    in_trace: bool = False
    # Made in a helper the caller task's body calls (``render(n)`` whose body calls ``to_text(n)``): the helper's
    # name, the outermost one when helpers call helpers; "" when written in the task's own body.
    via: str = ""
    # What the caller's body does with the call's value, when the call is the whole of a statement: ``return
    # t(x)`` ("return") or ``t(x)`` alone ("statement"); "" otherwise (assigned, awaited, an argument...).
    use: Literal["return", "statement", ""] = ""


@dataclass(frozen=True)
class ValueObject:
    """A recognised value-object construction anywhere in the module (``flyte.Resources(...)`` etc.)."""

    obj: Obj


@dataclass(frozen=True)
class Binding:
    """A module-level name and what it is bound to (last binding wins, as at run time)."""

    name: str
    value: Value
    line: int


@dataclass(frozen=True)
class ImportFact:
    """``import a.b as c`` / ``from .m import x as y``: local name -> module (+ attribute)."""

    local: str
    module: str
    name: str | None
    level: int
    line: int
    span: Span | None = None  # the imported name (``Sleep`` in ``from flyte.extras import Sleep``)
    optional: bool = False  # in a ``try`` whose handler catches a failed import
    # The statement's last line, and whether it is written at the module's top level (column 1, not nested in
    # an ``if``/``try``/function): a fix adds an import after such a statement.
    end_line: int = 0
    top_level: bool = False


@dataclass(frozen=True)
class ParseError:
    message: str
    line: int
    column: int


@dataclass(frozen=True)
class Suppressions:
    """``# noqa`` comments by line: None means a bare ``# noqa`` (everything), else the codes listed."""

    by_line: tuple[tuple[int, frozenset[str] | None], ...] = ()
    file_level: bool = False  # ``# flyte-lint: noqa``
    # (first line, last line) of multi-line statements: a noqa on the first line covers the whole range.
    statement_ranges: tuple[tuple[int, int], ...] = ()
    # ``# flyte-lint: noqa: CODES``: codes (or prefixes) silenced in the whole file.
    file_codes: frozenset[str] = frozenset()
    # Each ``# noqa`` comment (noqa.NoqaPlaces): (line, first column, end column, first column of the blank
    # before the comment, whether the noqa is the whole comment), to report and remove one that silences nothing.
    places: tuple[tuple[int, int, int, int, bool], ...] = ()


@dataclass(frozen=True)
class ModuleFacts:
    """Everything one module contributes. ``uses_flyte`` is False for modules that never mention flyte."""

    path: str
    module_name: str | None
    uses_flyte: bool
    envs: tuple[EnvDef, ...] = ()
    tasks: tuple[TaskDef, ...] = ()
    overrides: tuple[OverrideCall, ...] = ()
    env_calls: tuple[EnvMethodCall, ...] = ()
    task_calls: tuple[TaskCall, ...] = ()
    value_objects: tuple[ValueObject, ...] = ()
    bindings: tuple[Binding, ...] = ()
    imports: tuple[ImportFact, ...] = ()
    # Module-level names bound to plain functions or classes (for task-name-binding checks).
    module_functions: tuple[str, ...] = ()
    suppressions: Suppressions = field(default_factory=Suppressions)
    parse_error: ParseError | None = None
    # The flyte version the module pins (pyproject / PEP 723 header), if it says so.
    pinned_flyte: str | None = None
    # Module-level names and the line of the statement that first binds them (imports, defs, assignments).
    first_bound: tuple[tuple[str, int], ...] = ()
    # Names bound only inside ``if TYPE_CHECKING:`` (absent at run time).
    type_checking_only: tuple[str, ...] = ()
    star_import: bool = False
    # Module-level names a function binds with ``global`` (``"*"``: any name may be bound behind the code's back,
    # through ``globals()``, ``vars()``, ``exec`` or ``setattr`` on the module).
    dynamic_names: tuple[str, ...] = ()
    future_annotations: bool = False
    # The module calls something's ``register(...)`` on TaskPluginRegistry (plugins may be registered here).
    registers_plugins: bool = False
    # Module-level classes defined in this module that the name still holds when the module has run.
    local_classes: tuple[str, ...] = ()
    # Classes of other project modules (dotted, as defined: ``app.cfg.QueueConfig``) this module makes instances
    # of, known to be classes because project mode read them there.
    project_classes: tuple[str, ...] = ()
    # Line ranges where the SDK's raise may never reach the user: ``try`` bodies whose handlers catch it
    # (anything but an ImportError fallback), and bodies of functions no call into was followed (the SDK raises
    # only if and when they run).
    guarded: tuple[tuple[int, int], ...] = ()
    dormant: tuple[tuple[int, int], ...] = ()
    # Bodies of ``if __name__ == "__main__":`` at module level: they run when the file is run as a script,
    # never when it is imported (``flyte deploy``, a task's module loaded on the cluster).
    script_only: tuple[tuple[int, int], ...] = ()
    # Module-level code that may run at import or not, depending on what flyte-lint cannot decide (an environment
    # variable, the platform, a value it does not follow): branches of an ``if``, ``match`` or conditional
    # expression, bodies of loops over unknown items. (line, column, end line, end column), columns 1-based.
    undecided: tuple[tuple[int, int, int, int], ...] = ()
    # Extracted on its own, the module used names imported from these modules for their values (not only as
    # environments or tasks to decorate with, override or call): project mode may change its facts.
    values_from: tuple[str, ...] = ()
    # Modules a ``try: import ... / except ImportError:`` imports: whether the fallback runs is known only from
    # the project (and the installed packages).
    optional_imports: tuple[str, ...] = ()
