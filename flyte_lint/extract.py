"""Source text -> ModuleFacts, in one pass over the syntax tree, without importing or running anything.

The pass keeps its own symbol tables (imports, module bindings, function locals) instead of whole-file scope
analysis. Statements are visited in execution order at module level, so rebinding (`env = ...` twice) is
followed exactly; function bodies are visited after the module, against its final bindings, which is what
they see when they run. Anything that cannot be proved is ``Unknown``.

Parsing uses the standard library's ``ast``: measured on the flyte SDK's own source (101k lines) it parses in
1.9 s with positions included, where LibCST needs 5.1 s to parse and 10.4 s more for positions. Code that
only newer grammars accept (PEP 701 f-strings on Python 3.11) is re-read with LibCST, whose parser accepts
it; such f-strings are masked to same-length placeholders and treated as Unknown.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import importlib.util
import pathlib
import re
import sys
import types
import warnings
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Final, Literal, Protocol

from .evaluate import _NOT as _NOT_PLAIN
from .evaluate import PURE_BUILTINS, binary, from_plain, iterate, make_slice, subscript, to_plain, truth
from .evaluate import builtin as evaluate_builtin
from .evaluate import method as evaluate_method
from .evaluate import structural as evaluate_structural
from .facts import (
    ENUM_MEMBER,
    Arg,
    Binding,
    CallArgs,
    Dict,
    EnvDef,
    EnvKind,
    EnvMethodCall,
    EnvOrigin,
    EnvRef,
    FunctionInfo,
    FunctionRef,
    ImportedRef,
    ImportFact,
    Lit,
    ModuleFacts,
    Obj,
    OverrideCall,
    Param,
    ParseError,
    Scope,
    Seq,
    Span,
    Suppressions,
    TaskCall,
    TaskDef,
    TaskForm,
    TaskRef,
    Unknown,
    Value,
    ValueObject,
)
from .fstring_fallback import mask_new_fstrings, may_be_new_fstring
from .import_lines import PLUGIN_REGISTRATION_MARKS, absolute_module_name
from .names import (
    APP_ENV_CLASSES,
    BARE_ENV_CLASSES,
    TASK_ENV_CLASSES,
    VALUE_OBJECT_CLASSES,
    canonical,
    is_app_env_class,
)
from .noqa import noqa_places, scan_suppressions
from .pep723 import scan_pep723_pin

MAX_NESTING = 200  # deeper expressions are not evaluated (they cannot be Flyte configuration anyway)


# ---------------------------------------------------------------------------------------------------------
# Internal values (never stored in facts)


@dataclass(frozen=True, slots=True)
class _Qualified:
    """A dotted name resolved through imports, e.g. ``flyte.TaskEnvironment``; not itself a runtime value."""

    name: str


@dataclass(frozen=True, slots=True)
class _TaskFactory:
    """``env.task(**opts)`` without a function: a decorator waiting for one."""

    env: Value
    args: CallArgs
    span: Span
    # ``env.task(**opts)`` checks the options when it is called (here); ``functools.partial(env.task, ...)``
    # only when the partial is applied to the function (at the decorator).
    checked_here: bool = True
    # ``task = env.task`` (the method itself, not called): ``@task`` and ``@task(...)`` are ``env.task``'s.
    method: bool = False


@dataclass(frozen=True, slots=True)
class _Overridden:
    """The result of ``task.override(...)``: still that task, with the overrides applied so far."""

    task: Value
    chain: tuple[CallArgs, ...]
    index: int = -1  # the OverrideCall this result came from


@dataclass(frozen=True, slots=True)
class _UserEnvClass:
    """A class of this module that subclasses a Flyte environment class: its instances are environments."""

    name: str
    kind: EnvKind


@dataclass(frozen=True, slots=True)
class _Local:
    """A name bound in a function scope to something extraction cannot follow (parameter, loop variable...)."""


@dataclass(frozen=True, slots=True)
class _ModelField:
    """A field of a pydantic model: pydantic stores its default as written (defaults are not validated) and
    validates a value given for it, which is then known only when validation keeps it as it is."""

    name: str
    annotation: str  # the annotation when it is a plain builtin (``int``, ``str``...), else ""
    default: _Internal | None  # None: no default (the field must be given)
    constrained: bool  # ``Field(ge=0, ...)``: a value given may be refused


@dataclass(frozen=True, slots=True, eq=False)
class _UserClass:
    """A class of the project (not an environment class): its body's names, and how instances get fields."""

    name: str
    names: dict[str, _Internal]
    # Field names in order for dataclasses and NamedTuples (their instances' attributes), else None.
    fields: tuple[str, ...] | None = None
    is_enum: bool = False
    plain_instances: bool = False  # no __init__/__post_init__/__setattr__...: instances read class attributes
    # Plain methods (undecorated defs), followable with the instance as ``self``; and whether ``__init__`` may be
    # followed to learn an instance's attributes (no other hook rewrites them, no base class adds any).
    methods: dict[str, _Function] = field(default_factory=dict)
    follow_init: bool = False
    is_dataclass: bool = False  # a @dataclass whose fields are known (``fields`` is not None)
    # The project classes it inherits from, in the order written; None when a base is not such a class (a
    # library's, an Enum, unknown) or something may rewrite inherited attributes (a metaclass, __init_subclass__).
    bases: tuple[_UserClass, ...] | None = ()
    # ``@property`` (and ``functools.cached_property``) getters with no setter or deleter: reading the attribute
    # on an instance runs the getter with the instance as ``self``. The flag says whether it is a cached one
    # (an instance attribute of the same name wins over it).
    properties: dict[str, tuple[_Function, bool]] = field(default_factory=dict)
    # ``@classmethod`` (True: called with the class as its first parameter) and ``@staticmethod`` (False) defs
    # the class body binds once: ``Settings.default()`` runs the body, ``cls(...)`` making an instance.
    class_methods: dict[str, tuple[_Function, bool]] = field(default_factory=dict)
    # Dataclass fields written ``field(default_factory=F)``: F, called for each instance that is not given one.
    factories: dict[str, _Internal] = field(default_factory=dict)
    frozen: bool = False  # ``@dataclass(frozen=True)``: its instances' fields never change
    # A ``pydantic.BaseModel`` whose instances can be followed: its fields in order; else None.
    model_fields: tuple[_ModelField, ...] | None = None

    def class_method(self, name: str) -> tuple[_Function, bool] | None:
        """``Cls.name`` as a classmethod or staticmethod: the class's own, else its only base's (with several
        bases the MRO decides: not followed); None when it is not one, or a class of the hierarchy is unknown."""
        if name in self.class_methods:
            return self.class_methods[name]
        if name in self.names or self.bases is None or len(self.bases) != 1:
            return None
        return self.bases[0].class_method(name)

    def lookup(self, attr: str) -> _Internal | None:
        """``Cls.attr`` as Python finds it: the class's own attribute, else the one its bases provide; None when
        no class of the hierarchy binds it. Where bases disagree (each provides a different value, so the MRO
        decides) or are not all known, Unknown."""
        own = self.names.get(attr)
        if own is not None or attr in self.names:
            return own
        if self.bases is None:
            return Unknown(f"class attribute {attr} may come from a base class")
        found = [value for value in (base.lookup(attr) for base in self.bases) if value is not None]
        if not found:
            return None
        if all(value is found[0] for value in found):
            return found[0]
        return Unknown(f"class attribute {attr} provided by several base classes")

    def ancestors(self) -> Iterator[_UserClass]:
        for base in self.bases or ():
            yield base
            yield from base.ancestors()

    def getter(self, attr: str) -> tuple[_Function, bool] | None:
        """The property getter an instance's ``attr`` runs: the class's own, else its only base's (with several
        bases the MRO decides: not followed); None when the attribute is not such a property, or when the class
        or a base rewrites attribute access (``__getattribute__``) or a base is not a known project class."""
        if "__getattribute__" in self.names or self.bases is None:
            return None
        if attr in self.properties:
            return self.properties[attr]
        if attr in self.names or len(self.bases) != 1:
            return None
        return self.bases[0].getter(attr)

    def inherited_names(self) -> set[str]:
        """Every name the class's bases provide (not the class's own)."""
        names: set[str] = set()
        for base in self.bases or ():
            names |= base.names.keys() | base.inherited_names()
        return names - self.names.keys()


@dataclass(frozen=True, slots=True, eq=False)
class _Instance:
    """An instance of a project class: the object as facts see it, and the attributes known from its fields."""

    obj: Obj
    attrs: dict[str, _Internal]
    # The class, when nothing in it sets attributes per instance (no __init__, __post_init__...): then an
    # attribute the instance lacks is the class's.
    cls: _UserClass | None = None
    # A dataclass's fields, when its instances are made from them alone (``dataclasses.replace`` makes a copy
    # with some of them changed); None for other instances.
    dataclass_fields: tuple[str, ...] | None = None
    # The class it was made from, for its property getters (``cls`` may be None: attributes unknown).
    made_by: _UserClass | None = None


@dataclass(frozen=True, slots=True)
class _LazyImport:
    """``from module import name`` in project mode, not read yet: the other module's value is looked up the
    first time the name is used (its facts reference is ``ImportedRef(module, name)``)."""

    module: str
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class _EnumMember:
    """``Color.RED`` of an Enum class of the project: ``.value`` and ``.name`` are known."""

    name: str
    value: _Internal
    is_int: bool = False  # a member of an IntEnum with an int value: it is that int wherever it is used
    cls: str = ""  # the Enum class's qualified name: members of one class are equal only to themselves
    # "str" when the class mixes in str (``class Stage(str, Enum)``, StrEnum): the member equals its value.
    mixin: str = ""
    # A member of a StrEnum with a str value: it is that str wherever it is used (``str()`` and f-strings give
    # the value too). Not so with ``class Stage(str, Enum)``: there ``str()`` and f-strings give "Stage.PROD".
    is_str: bool = False
    # What ``str()`` gives for a member of a plain ``enum.Enum`` or of ``class Tier(str, Enum)`` (nothing redefining
    # how members print): "Tier.GOLD" on every Python, whatever its value; an f-string gives the same for a plain
    # Enum's member. "" when not known.
    text: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class _Partial:
    """``functools.partial(make_env, cpu=1)`` of a function of the project: calling it calls the function with
    these arguments first (keywords given at the call win), as ``partial`` does."""

    function: _Function
    positional: tuple[_Internal, ...]
    keywords: tuple[tuple[str, _Internal], ...]


@dataclass(frozen=True, slots=True, eq=False)
class _CallablePartial:
    """``functools.partial(flyte.TaskEnvironment, ...)`` or ``functools.partial(child.override, ...)``: calling it
    is the call written with the partial's arguments first (keywords given at the call win), read as if it were
    written so. ``node`` is the ``partial(...)`` call of ``owner``'s tree; ``values`` what its parts were read as
    when it ran (by node id), which a later call reads again wherever it is."""

    node: ast.Call
    owner: _Extractor
    values: dict[int, _Internal]
    # Imported from ``owner``'s module, its values carried over for the importing module: callable there.
    carried: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class _Function:
    """A plain function of the project that calls may be followed into (a factory, a helper).

    ``owner`` is the extractor of the module that defines it (this module's, or another's in project mode).
    """

    node: ast.FunctionDef | ast.AsyncFunctionDef
    owner: _Extractor
    scopes: tuple[_Scope, ...]


_Internal = (
    Value
    | _Qualified
    | _TaskFactory
    | _Overridden
    | _UserEnvClass
    | _Local
    | _UserClass
    | _Instance
    | _EnumMember
    | _Function
    | _Partial
    | _CallablePartial
    | _LazyImport
)
_UNKNOWN_BRANCH = Unknown("bound differently on different paths")
# What another module's name may hold that stays known whatever code rewrote that module's settings: what names
# an environment, a task, code or a class of environments.
_FOREIGN_REFERENCES = (
    EnvRef, TaskRef, ImportedRef, FunctionRef, _Qualified, _TaskFactory, _Overridden, _UserEnvClass, _Function,
    _Partial, _CallablePartial, _LazyImport,
)  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Positions


class _Lines:
    """Converts ast's UTF-8 byte columns to character columns, lazily per line."""

    def __init__(self, source: str) -> None:
        self._lines = source.splitlines(keepends=True) if not source.isascii() else None
        # While a function of another module is followed, everything it makes is placed at the call here.
        self.override: Span | None = None

    def column(self, line: int, byte_col: int) -> int:
        if self._lines is None or line - 1 >= len(self._lines):
            return byte_col + 1
        text = self._lines[line - 1]
        if text.isascii():
            return byte_col + 1
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace")) + 1

    def span(self, node: ast.AST) -> Span:
        if self.override is not None:
            return self.override
        if self._lines is None:
            # An ASCII text (most): byte columns are character columns, no conversion.
            try:
                line, col, end_line, end_col = node.lineno, node.col_offset, node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]
            except AttributeError:
                pass  # a node without a position
            else:
                return Span(line, col + 1, end_line or line, (end_col or col or 0) + 1)
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        col = self.column(line, getattr(node, "col_offset", None) or 0)
        end_offset: int = getattr(node, "end_col_offset", None) or getattr(node, "col_offset", None) or 0
        end_col = self.column(end_line, end_offset)
        return Span(line, col, end_line, end_col)


# ---------------------------------------------------------------------------------------------------------
# The extractor


@dataclass
class _Scope:
    kind: Scope
    names: dict[str, _Internal] = field(default_factory=dict)
    qualname: str = ""
    # The function whose body this scope is, when read on its own (not followed from a call).
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None = None


class _Extractor:
    def __init__(
        self,
        source: str,
        path: str,
        module_name: str | None,
        masked: set[tuple[int, int]],
        resolver: Resolver | None = None,
    ) -> None:
        self.source = source
        self.path = path
        self.module_name = module_name
        self.lines = _Lines(source)
        self.masked = masked
        self.imports: list[ImportFact] = []
        self.envs: list[EnvDef] = []
        self.tasks: list[TaskDef] = []
        self.overrides: list[OverrideCall] = []
        self.env_calls: list[EnvMethodCall] = []
        self.task_calls: list[TaskCall] = []
        self.value_objects: list[ValueObject] = []
        self.module = _Scope("module")
        self.scopes: list[_Scope] = [self.module]
        self.memo: dict[int, _Internal] = {}
        self.deferred: deque[tuple[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, list[_Scope], int | None]] = (
            deque()
        )
        self.statement_ranges: list[tuple[int, int]] = []
        self.current_statement_line = 0
        self.current_task: int | None = None
        self.current_function: str | None = None
        self.module_functions: set[str] = set()
        self.function_nodes: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.depth = 0
        self.in_type_checking = False
        self.type_checking_names: set[str] = set()
        self.first_bound: dict[str, int] = {}
        self.last_bound: dict[str, int] = {}
        self.invoked: set[int] = set()  # overrides whose result is called
        self.star_import = False
        self.future_annotations = False
        self.local_classes: set[str] = set()
        self.project_classes: set[str] = set()  # see ModuleFacts.project_classes
        # Functions whose results functools.cache / lru_cache remember (ids of their nodes), and per function the
        # results of the calls followed so far, by their arguments.
        self.cached_nodes: set[int] = set()
        self.cache_calls: dict[int, dict[str, _Internal]] = {}
        self.cached_stack: list[str] = []  # the cached calls being followed (see EnvDef.cached_call)
        # Following calls and loops (see follow_call, visit_for): what is being followed, what is left of the
        # budget, the values ``return`` gave, and the exclusive branches the current statement sits in.
        self.resolver = resolver
        self.following: list[ast.AST] = []
        self.following_owners: list[_Extractor] = []  # the extractor of each function being followed
        self.many_made: set[int] = set()  # environments one definition of which may make several objects
        self.task_lambdas: set[int] = set()  # lambdas made tasks (``env.task(lambda x: ...)``): read as task bodies
        self.budget = FOLLOW_BUDGET
        self.returns: list[list[_Internal]] = []
        self.returned = False
        self.return_depth = 0
        self.follow_origin: Scope | None = None
        self.alternatives: list[tuple[int, int]] = []
        self.branch_points = 0
        self.followed: set[str] = set()  # module-level functions whose body was followed from a call
        self.inert = False  # inside ``if TYPE_CHECKING:``: nothing made there exists at run time
        self._shapes: dict[int, _BodyShape] = {}
        self._attribute_writes: dict[int, list[tuple[str, str | None]]] = {}
        self.discarded: ast.expr | None = None  # the call of an expression statement (its value is dropped)
        # The latest ``return`` statement's value: the expression, or either branch of a conditional one (ids).
        self.returned_values: frozenset[int] = frozenset()
        self.changed_classes: set[str] = set()  # project classes whose attributes this module sets
        # Tasks of this module whose attributes are set after they were made (``work.reusable = None``): what
        # the SDK holds for them is no longer what their environment and decorator say.
        self.changed_tasks: set[int] = set()
        # Code that may rewrite other modules' globals unseen ran (``vars(settings).update(...)``,
        # ``sys.modules["settings"].X = ...``, ``importlib.import_module(profile)``): from here on, values read
        # from other modules of the project are no longer known (environments and tasks still are).
        self.foreign_values_unknown = False
        # Without a resolver: whether a name imported from another module was used for its value (not only as
        # an environment or task to decorate with, override, call or depend on). Only then can project mode add
        # anything to this module's facts.
        self.value_imports: set[str] = set()  # the modules (dotted) such names came from
        self.optional_imports: set[str] = set()  # modules of ``try: import ... / except ImportError``
        self.reference_only = False
        self.guarded: list[tuple[int, int]] = []
        self.script_only: list[tuple[int, int]] = []  # ``if __name__ == "__main__":`` bodies
        # Module-level code that may or may not run, by what the code says: branches of an ``if``, ``match`` or
        # conditional expression of unknown outcome, bodies of loops over unknown items. (line, column, end line,
        # end column), columns 1-based as spans count them.
        self.undecided: list[tuple[int, int, int, int]] = []
        # Depth of ``try`` bodies whose handlers catch a failed import (ImportError, Exception, a bare except).
        self.import_guards = 0
        self.dormant: list[tuple[int, int, int]] = []  # (id of the function node, first line, last line)
        # Reading code that may never run (a function no followed call runs, the ``__main__`` block): a call
        # followed from there does not make the callee a function that runs.
        self.unsure_calls = False
        # Depth of try bodies (and ``with suppress(...)``) whose handlers may catch what the SDK raises: a function
        # of the module followed only from there raises into those handlers (guarded_calls: id -> (def, only there)).
        self.guard_depth = 0
        self.guarded_calls: dict[int, tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool]] = {}
        # Depth of values being read that decide a finding (override() arguments, the test of an ``if``): there a
        # value imported from a module with nothing Flyte in it (``reusable=NO_REUSE`` from constants.py, ``if
        # DEBUG:``) is read from that module even in a function body, and plain helpers are followed.
        self.deciding_values = 0
        # Nodes made here (a decorator's call, ``x += 1`` as ``x + 1``...): kept alive with the tree, since values
        # are memoised by node id and a freed node's id may be reused by the next one made.
        self.made_nodes: list[ast.AST] = []
        self.dynamic_names: set[str] = set()  # see ModuleFacts.dynamic_names
        self.default_values: dict[int, _Internal] = {}  # id of a parameter's default expression -> its value
        self._called: dict[int, frozenset[str]] = {}  # id of a function node -> the names its body calls
        self._relevant: dict[int, bool] = {}  # id of a function node -> whether calling it may reach Flyte
        self._calls_task: dict[int, bool] = {}  # id of a function node -> whether it calls a task by name
        self.method_nodes: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}  # methods of its classes
        # Lists and dicts bound by ``from config import OPTIONS`` (id -> module, name): changed in place here,
        # they are changed in that module too, for the modules that import it after this one ran.
        self.imported_containers: dict[int, tuple[str, str | None]] = {}
        # Settings objects and classes of another module (id -> module, name): an attribute set here is set for
        # the modules that import that module after this one ran (``from config import SETTINGS; SETTINGS.x = 1``).
        self.imported_objects: dict[int, tuple[str, str]] = {}
        self.followed_nodes: set[int] = set()  # functions some call was followed into (they do run)
        self.traced_nodes: set[int] = set()  # ``@flyte.trace`` functions (not tasks), by node id
        self.trace_depth = 0  # how many of the functions being read are traced ones
        # Inside code that may not run whatever the values (an ``if`` whose test is not known, a loop over items
        # not known, a ``while``, an except handler): a task call there is not surely made.
        self.unsure_depth = 0
        self.mutated: set[Span] = set()  # value objects changed after they were made (``POLICY.concurrency = 1``)
        self.constructing: list[_Instance] = []  # instances whose __init__ / __post_init__ is being followed

    # -- scopes -------------------------------------------------------------------------------------------

    @property
    def scope(self) -> _Scope:
        return self.scopes[-1]

    def lookup(self, name: str) -> _Internal:
        for scope in reversed(self.scopes):
            if scope.kind == "class" and scope is not self.scope:
                continue  # class bodies are not enclosing scopes for nested functions
            if name in scope.names:
                value = scope.names[name]
                if self.resolver is None and not self.reference_only:
                    if isinstance(value, ImportedRef):
                        self.value_imports.add(value.module)
                        if value.name:
                            self.value_imports.add(f"{value.module}.{value.name}")
                    elif isinstance(value, _Qualified) and not _is_flyte_or_stdlib(value.name):
                        self.value_imports.add(value.name)
                if isinstance(value, _LazyImport):
                    if self.reference_only:
                        return _public(value)  # only named (an environment or task): the linker resolves it
                    if not self.reads_every_module() and self.resolver and not self.resolver.may_matter(value.module):
                        # Read in a function body from a module with nothing Flyte in it (a helper library):
                        # not worth extracting that module; a reference, as without project mode.
                        return _public(value)
                    value = scope.names[name] = self.resolve_lazy(value)
                return value
        # The module whose code this is: another module's, while one of its functions is followed from here.
        owner = self.following_owners[-1] if self.following_owners else self
        if name == "__name__" and owner.module_name and "." in owner.module_name and not owner.star_import:
            # A module of a package is imported under its dotted name (``flyte deploy``, ``flyte run``, a test);
            # run as a script it is "__main__": neither is a valid environment name, so either way the same.
            return Lit(owner.module_name)
        return Unknown(f"name {name!r} is not bound to anything known")

    def foreign_value(self, found: _Internal) -> _Internal:
        """A value read from another module of the project, unless code that may rewrite that module unseen ran
        here first (``foreign_values_unknown``): then only what names an environment, a task or code is kept."""
        if not self.foreign_values_unknown or isinstance(found, _FOREIGN_REFERENCES):
            return found
        return Unknown("another module's value, which code here may have changed unseen")

    def resolve_lazy(self, lazy: _LazyImport) -> _Internal:
        """The value a ``from module import name`` bound, read from that module now that it is used."""
        if self.resolver is None:
            return _public(lazy)
        found = self.resolver.value(lazy.module, lazy.name, lazy.span)
        if found is None:
            submodule = f"{lazy.module}.{lazy.name}"
            if self.resolver.is_module(submodule):
                return _Qualified(submodule)  # ``from pkg import mod``: mod.X is read from mod
            return ImportedRef(lazy.module, lazy.name)
        found = self.foreign_value(found)
        if isinstance(found, (Seq, Dict)):
            self.imported_containers[id(found)] = (lazy.module, lazy.name)
        elif isinstance(found, (_Instance, _UserClass)):
            self.imported_objects[id(found)] = (lazy.module, lazy.name)
        return found

    def forget_mutated(self) -> None:
        """Value objects changed after they were made (``POLICY.concurrency = 1``) are Unknown wherever an
        environment, task or override holds them: which fields the SDK reads then depends on the order."""

        def forget(value: Value) -> Value:
            if isinstance(value, Obj):
                if value.span in self.mutated:
                    return Unknown("changed after it was made")
                return replace(value, args=forget_args(value.args))
            if isinstance(value, Seq):
                return replace(value, items=tuple(forget(item) for item in value.items))
            if isinstance(value, Dict):
                return replace(value, items=tuple((forget(k), forget(v)) for k, v in value.items))
            return value

        def forget_args(args: CallArgs) -> CallArgs:
            return replace(
                args,
                positional=tuple(replace(a, value=forget(a.value)) for a in args.positional),
                keywords=tuple(replace(a, value=forget(a.value)) for a in args.keywords),
            )

        self.envs = [replace(env, args=forget_args(env.args)) for env in self.envs]
        self.tasks = [replace(task, args=forget_args(task.args)) for task in self.tasks]
        self.overrides = [replace(call, args=forget_args(call.args)) for call in self.overrides]

    def release(self) -> _Extractor:
        """Let go of what only the extraction itself needed (kept: the module's names, functions, environments),
        so that a project's worth of finished extractors stays small."""
        self.memo = {}
        self.made_nodes = []
        self.source = ""
        self.deferred = deque()
        # Only plain functions may be followed from another module; task bodies are not needed any more.
        self.function_nodes = {
            name: node
            for name, node in self.function_nodes.items()
            if isinstance(self.module.names.get(name), FunctionRef)
        }
        self.task_calls = []
        self.value_objects = []
        self.overrides = []
        self.statement_ranges = []
        return self

    def imports_succeed(self, node: ast.Try | ast.TryStar) -> bool:
        """Whether a try statement only guards imports that the project answers (its handlers catch nothing but
        ImportError, and every import in its body names a module of the project that binds the names)."""
        if self.resolver is None or not node.handlers or any(_catches(h.type) for h in node.handlers):
            return False
        imports = [s for s in node.body if isinstance(s, (ast.Import, ast.ImportFrom))]
        if not imports or any(not isinstance(s, (ast.Import, ast.ImportFrom, ast.Assign, ast.Expr)) for s in node.body):
            return False
        for statement in imports:
            if isinstance(statement, ast.Import):
                if not all(self.resolver.is_module(alias.name) for alias in statement.names):
                    return False
                continue
            absolute = self.absolute_module(statement.module or "", statement.level)
            if absolute is None or not self.resolver.is_module(absolute):
                return False
            for alias in statement.names:
                if alias.name == "*":
                    continue
                if self.resolver.value(absolute, alias.name, self.lines.span(statement)) is None and not (
                    self.resolver.is_module(f"{absolute}.{alias.name}")
                ):
                    return False
        return True

    def import_fallback(self, node: ast.Try | ast.TryStar) -> list[ast.stmt] | None:
        """The handler body that runs when a try statement starts with an import of a module that exists
        neither in the project nor among the packages installed here; None when that is not so (or not known).
        """
        if self.resolver is None or not node.body or not isinstance(node.body[0], (ast.Import, ast.ImportFrom)):
            return None
        first = node.body[0]
        if isinstance(first, ast.Import):
            modules = [alias.name for alias in first.names]
            relative = False
        else:
            absolute = self.absolute_module(first.module or "", first.level)
            if absolute is None:
                return None
            modules, relative = [absolute], first.level > 0
        if not any(self._module_missing(module, relative) for module in modules):
            return None
        for handler in node.handlers:
            if _catches_import_error(handler.type):
                return handler.body
            if handler.type is None or _catches(handler.type):
                return None  # a broader handler first: it is the one that runs; not followed
        return None

    def _module_missing(self, module: str, relative: bool) -> bool:
        assert self.resolver is not None
        top = module.split(".")[0]
        if self.resolver.is_module(module) or top in _STDLIB or top == "flyte":
            return False
        if relative or self.resolver.is_module(top):
            return True  # a package of the project without that module (``from .local_settings import X``)
        try:
            return importlib.util.find_spec(top) is None  # a top-level name: found, never imported
        except (ImportError, ValueError):
            return False

    def changed_unseen(self, owner: _Internal, attr: str | None, node: ast.AST) -> None:
        """An environment's or a task's attribute changed in a way its values are not followed through
        (``setattr(pool, "reusable", None)``, ``del pool.reusable``, ``vars(pool).update(...)``; ``attr`` None:
        any of them): the environment's argument for it is no longer what the SDK reads ("setattr:*" for all);
        a task's settings are no longer known."""
        if isinstance(owner, (EnvRef, ImportedRef)):
            method = f"setattr:{attr or '*'}"
            self.env_calls.append(EnvMethodCall(owner, method, CallArgs(), self.lines.span(node)))
        elif isinstance(owner, (TaskRef, _Overridden)):
            task = owner.task if isinstance(owner, _Overridden) else owner
            if isinstance(task, TaskRef) and task.path is None:
                self.changed_tasks.add(task.task_id)

    def delete_attribute(self, target: ast.Attribute) -> None:
        """``del pool.reusable``: the attribute falls back to what the class says (None for the SDK's fields)."""
        owner = self.eval(target.value)
        if isinstance(owner, (_UserClass, _Instance)):
            self.forget_attributes(owner, "del")
        else:
            self.changed_unseen(owner, target.attr, target)

    def set_attribute(self, node: ast.Call) -> bool:
        """``setattr(Settings, "RETRIES", 2)``: as ``Settings.RETRIES = 2`` when the name is known. With a name not
        known, every attribute of a class or instance of the project is no longer known. False (nothing done)
        for other owners (a module: ``setattr(sys.modules[__name__], ...)``), or another shape of call."""
        if len(node.args) != 3 or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            return False
        owner = self.eval(node.args[0])
        if isinstance(owner, _Qualified) and not _is_flyte_or_stdlib(owner.name):
            # ``setattr(config, "RETRIES", 2)``: a module of the project, as ``config.RETRIES = 2``
            name = _public(self.eval(node.args[1]))
            if isinstance(name, Lit) and isinstance(name.value, str) and name.value.isidentifier():
                target = ast.Attribute(value=node.args[0], attr=name.value, ctx=ast.Store())
                ast.copy_location(target, node)
                self.made_nodes.append(target)
                self.assign(target, self.eval(node.args[2]), None)
                return True
            return False
        if isinstance(owner, (EnvRef, ImportedRef, TaskRef, _Overridden)):
            self.eval(node.args[2])
            self.changed_unseen(owner, _attribute_name(self.eval(node.args[1])), node)
            return True
        if not isinstance(owner, (_UserClass, _Instance)):
            return False
        name = _public(self.eval(node.args[1]))
        value = self.eval(node.args[2])
        if isinstance(name, Lit) and isinstance(name.value, str) and name.value.isidentifier():
            target = ast.Attribute(value=node.args[0], attr=name.value, ctx=ast.Store())
            ast.copy_location(target, node)
            self.made_nodes.append(target)
            self.assign(target, value, None)
        else:
            self.forget_attributes(owner, "setattr()")
        return True

    def patch_imported_object(self, owner: _UserClass | _Instance, attr: str | None, value: _Internal) -> None:
        """An attribute of a settings object or class imported from another module was set here (``attr`` None:
        any of them may have been): that module's object changed, for every module importing it after this one."""
        source = self.imported_objects.get(id(owner))
        if source is None or self.resolver is None:
            return
        public = _public(value)
        plain = public if to_plain(public) is not _NOT_PLAIN else Unknown("set by another module")
        self.resolver.patch_attribute(source[0], source[1], attr, plain)

    def forget_attributes(self, owner: _UserClass | _Instance, how: str) -> None:
        """What a class (with what its bases give it) or an instance holds is no longer known."""
        self.patch_imported_object(owner, None, Unknown(f"may be changed by {how}"))
        held = owner.names if isinstance(owner, _UserClass) else owner.attrs
        if isinstance(owner, _UserClass):
            self.changed_classes.add(owner.name)
            for name in owner.inherited_names():
                if not isinstance(owner.lookup(name), (FunctionRef, _Local, _UserClass, _Function)):
                    held[name] = Unknown(f"may be changed by {how}")
        for name, held_value in list(held.items()):
            if not isinstance(held_value, (FunctionRef, _Local, _UserClass, _Function)):
                held[name] = Unknown(f"may be changed by {how}")

    def forget_all_attributes(self, owner: _UserClass | _Instance, how: str) -> None:
        """As ``forget_attributes``, for a change that may add attributes too (through ``vars()`` or
        ``__dict__``): an instance no longer reads its class's attributes, and copies of it held elsewhere are
        changed."""
        self.forget_attributes(owner, how)
        if isinstance(owner, _Instance):
            for name in owner.cls.names if owner.cls is not None else ():
                if not isinstance(owner.attrs.get(name), (FunctionRef, _Local, _UserClass, _Function)):
                    owner.attrs[name] = Unknown(f"may be changed by {how}")
            if not any(owner is made for made in self.constructing):
                self.mutated.add(owner.obj.span)

    def forget_module_values(self) -> None:
        self.dynamic_names.add("*")
        for name, value in list(self.module.names.items()):
            if isinstance(value, (Lit, Seq, Dict, Obj, _Instance)):
                self.module.names[name] = Unknown("module names rebound dynamically")

    def eval_reference(self, node: ast.expr) -> _Internal:
        """Evaluate an expression that only names an environment or task (a receiver, a callee, a dependency):
        an imported name there is resolved by the linker, no value of it is needed."""
        if not isinstance(node, (ast.Name, ast.Attribute)):
            return self.eval(node)  # computed (a call, a subscript): its parts are used for their values
        saved, self.reference_only = self.reference_only, True
        try:
            return self.eval(node)
        finally:
            self.reference_only = saved

    def eval_owner(self, node: ast.expr) -> _Internal:
        """What an attribute is read from. In a reference, a name imported from another module stays a reference
        (the linker resolves it), except as the owner of an attribute: ``from envs import Envs; @Envs.cpu.task``
        names an environment only the class ``Envs`` knows, so the class is read as a value (project mode)."""
        if self.reference_only and isinstance(node, ast.Name):
            bound = next((scope.names[node.id] for scope in reversed(self.scopes) if node.id in scope.names), None)
            if isinstance(bound, (ImportedRef, _LazyImport)) and bound.name is not None:
                self.reference_only = False
                try:
                    return self.eval(node)
                finally:
                    self.reference_only = True
        return self.eval(node)

    def rebind(self, name: str, value: _Internal) -> None:
        """Give a name a new value in the scope that binds it (a list or dict changed in place)."""
        for scope in reversed(self.scopes):
            if name in scope.names:
                scope.names[name] = value
                return

    def _is_builtin(self, name: str) -> bool:
        """True when ``name`` is bound nowhere in the scopes in force (so it is the builtin)."""
        return not any(name in scope.names for scope in self.scopes)

    def bind(self, name: str, value: _Internal) -> None:
        self.scope.names[name] = value
        if self.scope is self.module:
            if self.in_type_checking:
                self.type_checking_names.add(name)
            else:
                self.first_bound.setdefault(name, self.current_statement_line)
                self.last_bound[name] = self.current_statement_line

    # -- statements ---------------------------------------------------------------------------------------

    def run(self, tree: ast.Module) -> None:
        self.visit_block(tree.body)
        # Function bodies run later, against the module's final bindings: task bodies and nested functions
        # first (they may call helpers, whose bodies are then followed with known arguments), then the plain
        # module-level functions no call was followed into.
        plain: deque[tuple[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, list[_Scope], int | None]] = deque()
        while self.deferred or plain:
            if self.deferred:
                entry = self.deferred.popleft()
                if self._is_plain_function(entry):
                    plain.append(entry)
                    continue
            else:
                entry = plain.popleft()
                if getattr(entry[0], "name", None) in self.followed:
                    continue
            node, scopes, task_id = entry
            if task_id is None and id(node) in self.task_lambdas:
                continue  # the lambda as an argument: read once, as the body of the task made of it
            saved_scopes, saved_task, saved_function = self.scopes, self.current_task, self.current_function
            self.scopes = [*scopes, _Scope("function", qualname=getattr(node, "name", "<lambda>"), node=node)]
            self.current_task = task_id
            self.current_function = ".".join(s.qualname for s in self.scopes if s.qualname)
            for arg in _all_args(node.args):
                self.bind(arg.arg, _Local())
            enclosing = scopes[-1].node if scopes else None
            if task_id is None and not (
                enclosing is not None and _nested_name(enclosing, node) in self.called_names(enclosing)
            ):
                # Read without a call to follow: whatever it would raise, it raises only if it ever runs. (A
                # function nested in another that calls it runs when that one does: it is read as its body.)
                first = node.body if isinstance(node, ast.Lambda) else node.body[0]
                # A decorated first statement starts at its first decorator (``@pool.task`` raises there).
                start = first.lineno if isinstance(first, ast.expr) else _first_line(first)
                self.dormant.append((id(node), start, node.end_lineno or first.lineno))
                self.unsure_calls = True
            traced = int(id(node) in self.traced_nodes and task_id is None)
            self.trace_depth += traced
            if isinstance(node, ast.Lambda):
                self.eval(node.body)
            else:
                self.visit_block(node.body)
            self.trace_depth -= traced
            self.scopes, self.current_task, self.current_function = saved_scopes, saved_task, saved_function
            self.unsure_calls = False

    def _is_plain_function(
        self, entry: tuple[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, list[_Scope], int | None]
    ) -> bool:
        node, scopes, task_id = entry
        return (
            task_id is None
            and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and len(scopes) == 1
            and self.function_nodes.get(node.name) is node
        )

    def visit_block(self, body: Sequence[ast.stmt]) -> None:
        for statement in body:
            if self.returned:
                return
            self.visit_statement(statement)
            if isinstance(statement, _ENDS_BLOCK):
                return  # what follows a return, raise, continue or break in the same block never runs

    def visit_statement(self, node: ast.stmt) -> None:
        self.current_statement_line = node.lineno
        end = getattr(node, "end_lineno", None) or node.lineno
        if end > node.lineno and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.statement_ranges.append((node.lineno, end))
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self.visit_import(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.visit_function(node)
        elif isinstance(node, ast.ClassDef):
            self.visit_class(node)
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Lambda)
            and self.scope is self.module
            and not self.following
            and _single_name(node.targets) is not None
        ):
            # ``make_env = lambda name: flyte.TaskEnvironment(name=name)``: a function of the module, as a def
            # returning the lambda's body would be (calls of it followed, its body dormant when nothing calls it).
            self.visit_function(_lambda_as_def(node.value, node.targets[0].id, self.made_nodes))  # type: ignore[attr-defined]
        elif isinstance(node, ast.Assign):
            value = self.eval(node.value, binding=_single_name(node.targets))
            for target in node.targets:
                self.assign(target, value, node.value)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                target_name = node.target.id if isinstance(node.target, ast.Name) else None
                value = self.eval(node.value, binding=target_name)
                self.assign(node.target, value, node.value)
        elif (
            isinstance(node, ast.AugAssign)
            and isinstance(node.target, ast.Attribute)
            and node.target.attr == "depends_on"
            and isinstance(node.op, ast.Add)
            and isinstance(owner := self.eval(node.target.value), (EnvRef, ImportedRef))
        ):
            # ``a.depends_on += [b]``: the list grows in place, as with ``a.depends_on.extend([b])``
            added = Arg(None, _public(self.eval(node.value)), self.lines.span(node.value))
            span = self.lines.span(node)
            self.env_calls.append(EnvMethodCall(owner, "depends_on.extend", CallArgs(positional=(added,)), span))
        elif isinstance(node, ast.AugAssign):
            self.eval(node.value)
            current = self.lookup(node.target.id) if isinstance(node.target, ast.Name) else None
            in_place = (isinstance(current, Dict) and isinstance(node.op, ast.BitOr)) or (
                isinstance(current, Seq) and current.kind == "list" and isinstance(node.op, ast.Add)
            )
            if (isinstance(current, Lit) or in_place) and isinstance(node.target, ast.Name):
                # ``NAME += "-dev"``, ``RETRIES -= 1``: a str or number is rebound to the operation's result;
                # ``opts |= {...}`` / ``names += [...]`` change the dict or list itself, wherever it is held.
                read = ast.Name(id=node.target.id, ctx=ast.Load())
                operation = ast.BinOp(left=read, op=node.op, right=node.value)
                ast.copy_location(read, node.target)
                ast.copy_location(operation, node)
                self.made_nodes += (read, operation)
                computed = self.eval(operation)
                if in_place:
                    self.changed_in_place(current, computed)
                self.assign(node.target, computed, None)
            else:
                if isinstance(node.target, ast.Name):
                    # ``opts |= {...}`` / ``names += [...]`` change a list or dict in place, wherever it is held
                    self.changed_in_place(current, Unknown("augmented assignment"))
                elif isinstance(node.target, ast.Attribute):
                    self.changed_module_container(node.target)  # ``registry.DEPS += [gpu]``
                self.assign(node.target, Unknown("augmented assignment"), None)
        elif isinstance(node, ast.Expr):
            self.discarded = node.value
            self.eval(node.value)
        elif isinstance(node, ast.Return):
            self.returned_values = frozenset(map(id, _returned_expressions(node.value)))
            result: _Internal = Lit(None) if node.value is None else self.eval(node.value)
            if self.returns:
                self.returns[-1].append(result)
                if not self.alternatives[self.return_depth :]:
                    self.returned = True  # an unconditional return ends the followed body
        elif isinstance(node, ast.If):
            if self.scope is self.module and _is_type_checking(node.test):
                saved, self.in_type_checking = self.in_type_checking, True
                saved_inert, self.inert = self.inert, True
                self.visit_branches(node.test, [node.body])
                self.in_type_checking, self.inert = saved, saved_inert
                self.visit_block(node.orelse)  # the branch that runs
            else:
                script = self.scope is self.module and _is_main_test(node.test)
                if script:
                    self.script_only.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
                saved_unsure, self.unsure_calls = self.unsure_calls, self.unsure_calls or script
                try:
                    taken = self.test_outcome(node.test)
                    if taken is None:
                        self.mark_undecided(node.body, node.orelse)
                        self.unsure_depth += 1  # either branch may be the one that runs
                        try:
                            self.visit_branches(node.test, [node.body, node.orelse], exclusive=True)
                        finally:
                            self.unsure_depth -= 1
                    else:
                        self.visit_block(node.body if taken else node.orelse)
                finally:
                    self.unsure_calls = saved_unsure
        elif isinstance(node, ast.For) and self.visit_for(node):
            pass
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.eval(node.iter)
            self.mark_undecided(node.body, node.orelse)
            self.unsure_depth += 1  # over items not known: the body may run no time at all
            try:
                self.visit_branches(None, [node.body, node.orelse], loop_targets=[node.target])
            finally:
                self.unsure_depth -= 1
        elif (
            isinstance(node, ast.While)
            and (entered := self.test_outcome(node.test)) is not None
            and (not entered or _runs_once(node.body))
        ):
            # ``while i < 0`` with ``i = 0``: the body never runs, the else does. ``while RETRY: ...; break`` with
            # RETRY true: the body runs once and leaves by its break, so the else never runs.
            self.visit_block(node.body[:-1] if entered else node.orelse)
        elif isinstance(node, ast.While):
            if entered is None:  # its test, read by the branch above (every while passes there first)
                self.mark_undecided(node.body, node.orelse)
            self.unsure_depth += 1  # its test is not followed after the first time: the body may never run
            try:
                self.visit_branches(node.test, [node.body, node.orelse])
            finally:
                self.unsure_depth -= 1
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                value = self.eval(item.context_expr)
                methods = value.made_by.methods if isinstance(value, _Instance) and value.made_by else {}
                for name in ("__enter__", "__exit__", "__aenter__", "__aexit__"):
                    method = methods.get(name)
                    if method is not None:
                        # The with statement calls them: what they change of the module is no longer known.
                        hook = self.made_call(ast.Name(id=name, ctx=ast.Load()), [], item.context_expr)
                        self.forget_changes(method, hook)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, Unknown("bound by a with statement") if value else value, None)
            swallows = bool(node.body) and any(_swallows(i.context_expr) for i in node.items)
            if swallows and self.lines.override is None:
                # ``with contextlib.suppress(ValueError):`` / ``with pytest.raises(ValueError):``: a try whose
                # handler catches what the SDK raises there
                self.guarded.append((_first_line(node.body[0]), node.body[-1].end_lineno or node.body[-1].lineno))
            self.guard_depth += swallows
            try:
                self.visit_block(node.body)
            finally:
                self.guard_depth -= swallows
        elif isinstance(node, ast.Try) or (sys.version_info >= (3, 11) and isinstance(node, ast.TryStar)):
            guards_imports = any(_catches_failed_import(handler.type) for handler in node.handlers)
            self.import_guards += guards_imports
            try:
                self.visit_try_statement(node)
            finally:
                self.import_guards -= guards_imports
        elif sys.version_info >= (3, 10) and isinstance(node, ast.Match):
            self.visit_match(node)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.scope.names.pop(target.id, None)
                elif isinstance(target, ast.Subscript):
                    self.delete_item(target)
                elif isinstance(target, ast.Attribute):
                    self.delete_attribute(target)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            if isinstance(node, ast.Global):
                self.dynamic_names.update(node.names)
            for name in node.names:
                self.bind(name, Unknown("global/nonlocal"))
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child)

    def visit_branches(
        self,
        test: ast.expr | None,
        branches: list[list[ast.stmt]],
        *,
        loop_targets: list[ast.expr] | None = None,
        exclusive: bool = False,
    ) -> None:
        """Visit alternative blocks; a name any of them rebinds is Unknown afterwards. With ``exclusive``, what
        each block defines is marked as one branch of a new branch point (they never all run)."""
        if test is not None:
            self.eval(test)
        before = dict(self.scope.names)
        changed: set[str] = set()
        point = self.new_branch_point() if exclusive else 0
        returned = True
        for number, block in enumerate(branches):
            self.scope.names = dict(before)
            if exclusive:
                self.alternatives.append((point, number))
            for target in loop_targets or []:
                self.assign(target, Unknown("loop variable"), None)
            self.visit_block(block)
            returned = returned and self.returned
            self.returned = False
            if exclusive:
                self.alternatives.pop()
            changed.update(name for name, value in self.scope.names.items() if before.get(name) is not value)
        # Every branch of an if/else returned: so does the statement.
        self.returned = returned and exclusive and len(branches) > 1 and bool(self.returns)
        self.scope.names = before
        for name in changed:
            self.scope.names[name] = _UNKNOWN_BRANCH

    def mark_undecided(self, *blocks: Sequence[ast.stmt]) -> None:
        """Module-level blocks that may or may not run at import (see ``undecided``): their errors are lowered."""
        if self.scope is not self.module or self.following or self.lines.override is not None:
            return
        self.undecided.extend(
            (_first_line(block[0]), 0, block[-1].end_lineno or block[-1].lineno, _WHOLE_LINE)
            for block in blocks
            if block
        )

    def mark_undecided_expression(self, *expressions: ast.expr) -> None:
        """A branch of a module-level conditional expression of unknown outcome: its own columns only (the rest of
        its line runs)."""
        if self.scope is not self.module or self.following or self.lines.override is not None:
            return
        for expression in expressions:
            span = self.lines.span(expression)
            self.undecided.append((span.line, span.column, span.end_line, span.end_column))

    def visit_match(self, node: ast.Match) -> None:
        """A ``match`` on a known value runs the one case it takes (or none); otherwise any case may run."""
        raw = self.eval(node.subject)
        public = _public(raw)
        subject: object = to_plain(public)
        subject_value: _Internal = public  # what a capture pattern binds
        if isinstance(raw, _EnumMember) and raw.cls and not raw.is_int:
            subject, subject_value = _enum_key(raw), raw
        captured = [name for case in node.cases for name in _captured_names(case.pattern)]
        if subject is not _NOT_PLAIN:
            for case in node.cases:
                matches = self.pattern_matches(case.pattern, subject)
                if matches is None:
                    break
                if not matches:
                    continue
                for name in _captured_names(case.pattern):
                    self.bind(name, subject_value)
                guard = True if case.guard is None else self.test_outcome(case.guard)
                if guard is None:
                    break
                if guard:
                    self.visit_block(case.body)
                    return
            else:
                return  # no case matches: nothing runs
        for name in captured:
            self.bind(name, Unknown("bound by a match pattern"))
        self.mark_undecided(*(case.body for case in node.cases))
        self.visit_branches(None, [case.body for case in node.cases], exclusive=True)

    def pattern_matches(self, pattern: ast.pattern, subject: object) -> bool | None:
        """Whether a ``case`` pattern matches a known plain subject; None when that is not known here."""
        if isinstance(pattern, ast.MatchAs):
            return True if pattern.pattern is None else self.pattern_matches(pattern.pattern, subject)
        if isinstance(pattern, ast.MatchSingleton):
            return subject is pattern.value  # an Enum member (an _EnumKey here) is never None, True or False
        if isinstance(pattern, ast.MatchValue) and isinstance(subject, _EnumKey):
            # An Enum member equals itself only, or with a str mixin its value (``case "prod":``).
            member = self.eval(pattern.value)
            if isinstance(member, _EnumMember):
                return _same_member(_enum_key(member), subject)
            return _member_equals_plain(subject, to_plain(_public(member)))
        if isinstance(pattern, ast.MatchValue):
            value = to_plain(_public(self.eval(pattern.value)))
            if value is _NOT_PLAIN or type(value) not in (str, int, float, bool, type(None)):
                return None
            return bool(subject == value)
        if isinstance(pattern, ast.MatchOr):
            for alternative in pattern.patterns:
                matches = self.pattern_matches(alternative, subject)
                if matches is not False:
                    return matches
            return False
        return None  # class, sequence and mapping patterns: not decided here

    def new_branch_point(self) -> int:
        self.branch_points += 1
        return self.branch_points

    def version_test(self, left: ast.Attribute, length: int, op: str, right: Value) -> bool | None:
        """``sys.version_info >= (3, 9)`` (or ``sys.version_info[:2]``, its first ``length`` parts): known when it
        holds (or fails) on every Python the SDK runs on."""
        owner = self.eval(left.value)
        if not (isinstance(owner, _Qualified) and owner.name == "sys") or not isinstance(right, Seq):
            return None
        from .spec import PYTHON_FLOOR  # here: importing the spec costs every extraction ~15 ms otherwise

        version = tuple(item.value for item in right.items if isinstance(item, Lit) and type(item.value) is int)
        if len(version) != len(right.items) or not version:
            return None
        # Where the floor already reaches the version, so does every later Python.
        floor = PYTHON_FLOOR[:length]
        if (op in ("GtE", "Lt") and floor >= version) or (op in ("Gt", "LtE") and floor > version):
            return op in ("GtE", "Gt")
        return None

    def test_outcome(self, test: ast.expr) -> bool | None:
        """The branch an ``if`` takes when its test is known (``if False:``, a settings flag), else None. A name
        imported from a module with nothing Flyte in it is read for it, in a task body too (``if DEBUG:``)."""
        if any(isinstance(part, ast.Name) and part.id == "__name__" for part in ast.walk(test)):
            return None  # ``if __name__ == "__main__":`` depends on how the module is run
        self.deciding_values += 1
        try:
            return truth(_public(self.eval(test)))
        finally:
            self.deciding_values -= 1

    def visit_for(self, node: ast.For) -> bool:
        """Run a ``for`` over a known iterable once per item, each iteration with its own values (so each
        makes its own environments and tasks). False, having done nothing, when the loop cannot be followed."""
        if node.orelse or _breaks(node.body):
            return False
        if self.scope is not self.module and not self.following and self._makes_nothing(node):
            return False  # a loop of a task or function body that touches nothing Flyte: read once
        items = self.iteration(node.iter)
        if items is None or not self.spend(len(items) * _size(node.body)):
            return False
        for item in items:
            saved = self.memo
            self.memo = {}
            self.assign(node.target, item, None)
            self.visit_block(node.body)
            self.memo = saved
        return True

    def _makes_nothing(self, node: ast.For) -> bool:
        """Whether running a loop item by item can make no fact that reading it once does not: it defines,
        imports and declares nothing, and none of its names holds anything Flyte, an environment, a task, a
        function or class of the project, a value object, or a name imported from another module (only data,
        the standard library's or a third-party library's names, and locals). Unrolling such a loop of a task
        or function body (``for t in range(30): frames.append(go.Frame(...))``) costs time for nothing."""
        for sub in _walk([node.target, node.iter, *node.body], frozenset()):
            kind = type(sub)
            if kind in _MAKES_SOMETHING:
                return False
            if kind is ast.Name and not self._inert(self._peek(sub.id)):  # type: ignore[attr-defined]
                return False
        return True

    def _inert(self, value: _Internal | None) -> bool:
        """A value that makes no fact when a loop uses it: unbound (a builtin), a local, unknown, a literal, data
        made of those, or a name of a module that is neither the project's (whose values, read in project mode,
        may be environments or tasks) nor one whose objects are value objects (flyte's, ``datetime.timedelta``,
        ``functools.partial``: each iteration's object is checked with its own arguments)."""
        if value is None or isinstance(value, (_Local, Unknown, Lit)):
            return True
        if isinstance(value, Seq):
            return all(self._inert(item) for item in value.items)
        if isinstance(value, Dict):
            return all(self._inert(key) and self._inert(item) for key, item in value.items)
        if isinstance(value, _Qualified):
            top = value.name.split(".", 1)[0]
            return top not in _VALUE_OBJECT_MODULES and (self.resolver is None or not self.resolver.is_module(top))
        return False

    def _peek(self, name: str) -> _Internal | None:
        """The value ``name`` holds in the scopes in force, without ``lookup``'s side effects (None: unbound)."""
        for scope in reversed(self.scopes):
            if scope.kind == "class" and scope is not self.scope:
                continue
            if name in scope.names:
                return scope.names[name]
        return None

    def spend(self, cost: int) -> bool:
        """Take ``cost`` from the module's budget for following loops and calls; False when it is spent."""
        if cost > self.budget:
            return False
        self.budget -= cost
        return True

    def visit_try(
        self, body: list[ast.stmt], handlers: list[list[ast.stmt]], final: list[ast.stmt], guarded: bool = False
    ) -> None:
        """The try body's bindings stand, unless a handler rebinds the same name (then it is Unknown). What the
        body and each handler define are alternatives (``try: import x`` / ``except ImportError: ...``).
        ``guarded``: a handler may catch what the SDK raises in the body (and in what the body calls)."""
        before = dict(self.scope.names)
        point = self.new_branch_point()
        self.alternatives.append((point, 0))
        self.guard_depth += guarded
        try:
            self.visit_block(body)
        finally:
            self.guard_depth -= guarded
        self.alternatives.pop()
        # A followed body ends here only when the try body and every handler return.
        returned = self.returned
        self.returned = False
        after_body = self.scope.names
        rebound: set[str] = set()
        for number, block in enumerate(handlers, start=1):
            self.scope.names = dict(before)
            self.alternatives.append((point, number))
            self.unsure_depth += 1  # a handler runs only when the body raises
            try:
                self.visit_block(block)
            finally:
                self.unsure_depth -= 1
            self.alternatives.pop()
            returned = returned and self.returned
            self.returned = False
            rebound.update(name for name, value in self.scope.names.items() if before.get(name) is not value)
        self.scope.names = after_body
        for name in rebound:
            self.scope.names[name] = _UNKNOWN_BRANCH
        self.visit_block(final)
        self.returned = self.returned or returned

    def visit_try_statement(self, node: ast.Try | ast.TryStar) -> None:
        if self.resolver is None and node.handlers and not any(_catches(h.type) for h in node.handlers):
            # ``try: from settings_local import X / except ImportError: X = ...``: which branch binds X is
            # known only from the project (does that module exist?).
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    absolute = self.absolute_module(statement.module or "", statement.level)
                    if absolute:
                        self.value_imports.add(absolute)
                        self.optional_imports.add(absolute)
                elif isinstance(statement, ast.Import):
                    self.value_imports.update(alias.name for alias in statement.names)
                    self.optional_imports.update(alias.name for alias in statement.names)
        if self.imports_succeed(node):
            # ``try: from .optional import x / except ImportError: ...`` where the project has that module:
            # the import succeeds, so the body runs and the fallback never does.
            self.visit_block(node.body + node.orelse)
            self.visit_block(node.finalbody)
            return
        fallback = self.import_fallback(node)
        if fallback is not None:
            # ``try: from local_settings import X / except ImportError: X = ...`` where no such module is in
            # the project or installed: the first import raises, and that handler runs.
            self.visit_block(fallback)
            self.visit_block(node.finalbody)
            return
        guarded = bool(node.body) and any(_catches(h.type) for h in node.handlers)
        if guarded and self.lines.override is None:
            self.guarded.append((_first_line(node.body[0]), node.body[-1].end_lineno or node.body[-1].lineno))
        self.visit_try(node.body + node.orelse, [h.body for h in node.handlers], node.finalbody, guarded=guarded)

    def _import_place(self, node: ast.Import | ast.ImportFrom) -> tuple[int, bool]:
        """(last line, written at the top level of the module): where a fix may add an import after it."""
        return node.end_lineno or node.lineno, self.scope is self.module and node.col_offset == 0

    def visit_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.bind(alias.asname, _Qualified(alias.name))
                    local = alias.asname
                else:
                    top = alias.name.split(".")[0]
                    self.bind(top, _Qualified(top))
                    local = top
                self.imports.append(
                    ImportFact(
                        local, alias.name, None, 0, node.lineno, self.lines.span(alias), self.import_guards > 0,
                        *self._import_place(node),
                    )
                )  # fmt: skip
                if self.resolver is not None and self.scope is self.module:
                    self.resolver.load(alias.name)  # an import runs the module (and what it changes elsewhere)
            return
        module = node.module or ""
        absolute = self.absolute_module(module, node.level)
        for alias in node.names:
            if module == "__future__" and alias.name == "annotations":
                self.future_annotations = True
            if alias.name == "*":
                if self.scope is self.module:
                    self.star_import = True
                self.imports.append(
                    ImportFact(
                        "*",
                        absolute or module,
                        "*",
                        node.level,
                        node.lineno,
                        None,
                        self.import_guards > 0,
                        *self._import_place(node),
                    )
                )
                if self.resolver is None and absolute:
                    self.value_imports.add(absolute)  # which names it binds is known only from that module
                star = self.resolver.names(absolute, self.lines.span(node)) if self.resolver and absolute else None
                if star is not None:
                    for name, value in star.items():
                        self.bind(name, value)
                continue
            local = alias.asname or alias.name
            self.imports.append(
                ImportFact(
                    local,
                    absolute or module,
                    alias.name,
                    node.level,
                    node.lineno,
                    self.lines.span(alias),
                    self.import_guards > 0,
                    *self._import_place(node),
                )
            )
            if absolute is not None and (absolute == "flyte" or absolute.startswith("flyte.")):
                self.bind(local, _Qualified(f"{absolute}.{alias.name}"))
            elif absolute is not None and absolute.split(".")[0] in _KNOWN_STDLIB:
                self.bind(local, _Qualified(f"{absolute}.{alias.name}"))
            elif f"{absolute}.{alias.name}" in _PYDANTIC_NAMES:
                self.bind(local, _Qualified(f"{absolute}.{alias.name}"))
            elif self.resolver is not None and absolute is not None:
                # Read from the other module when (and only if) the name is used: no module is extracted for
                # a name nothing here looks at. But the import runs the module (and a submodule imported by
                # name, ``from . import setup``): one that sets another module's attributes has set them now.
                self.bind(local, _LazyImport(absolute, alias.name, self.lines.span(node)))
                if self.scope is self.module:
                    self.resolver.load(absolute)
                    if self.resolver.is_module(f"{absolute}.{alias.name}"):
                        self.resolver.load(f"{absolute}.{alias.name}")
            else:
                self.bind(
                    local,
                    ImportedRef(
                        absolute if absolute is not None else module,
                        alias.name,
                        0 if absolute is not None else node.level,
                    ),
                )

    def absolute_module(self, module: str, level: int) -> str | None:
        return absolute_module_name(module, level, self.module_name, self.path.endswith("__init__.py"))

    def assign(self, target: ast.expr, value: _Internal, value_node: ast.expr | None) -> None:
        if isinstance(target, (ast.Attribute, ast.Subscript)):
            root = _root_name(target)
            if root is not None and isinstance(self.lookup(root), (_Partial, _CallablePartial)):
                # ``retried.keywords["retries"] = 2``: the partial's stored arguments changed
                self.rebind(root, Unknown("partial changed after it was made"))
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, _Instance):
            value = _named_tuple_items(value) or value  # ``slug, owner = TEAM`` of a NamedTuple
        if isinstance(target, ast.Name):
            self.bind(target.id, value)
        elif (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, Seq)
            and value.kind != "set"
            and len(value.items) == len(target.elts)
            and not any(isinstance(e, ast.Starred) for e in target.elts)
        ):
            for element, item in zip(target.elts, value.items, strict=True):
                self.assign(element, item, None)  # ``for name, cpu in POOLS.items()``, ``a, b = pair``
        elif (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, Seq)
            and value.kind != "set"
            and sum(isinstance(e, ast.Starred) for e in target.elts) == 1
            and len(value.items) >= len(target.elts) - 1
        ):
            # ``name, *rest = parts``: the starred name takes the middle, as a list
            star = next(i for i, e in enumerate(target.elts) if isinstance(e, ast.Starred))
            after = len(target.elts) - star - 1
            for element, item in zip(target.elts[:star], value.items, strict=False):
                self.assign(element, item, None)
            middle = value.items[star : len(value.items) - after]
            starred = target.elts[star]
            assert isinstance(starred, ast.Starred)
            self.assign(starred.value, Seq("list", middle), None)
            for element, item in zip(target.elts[star + 1 :], value.items[len(value.items) - after :], strict=True):
                self.assign(element, item, None)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items: Sequence[ast.expr] | None = None
            if isinstance(value_node, (ast.Tuple, ast.List)) and len(value_node.elts) == len(target.elts):
                items = value_node.elts
            for index, element in enumerate(target.elts):
                if items is not None and not isinstance(element, ast.Starred):
                    self.assign(element, self.memo.get(id(items[index]), Unknown("unpacked")), None)
                else:
                    self.assign(
                        element.value if isinstance(element, ast.Starred) else element, Unknown("unpacked"), None
                    )
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value)
            if isinstance(owner, _Qualified) and self.resolver is not None and not _is_flyte_or_stdlib(owner.name):
                public = _public(value)
                plain = public if to_plain(public) is not _NOT_PLAIN else Unknown("set from another module")
                self.resolver.patch(owner.name, target.attr, plain)
            if isinstance(owner, _UserClass):
                owner.names[target.attr] = value
                self.changed_classes.add(owner.name)
            elif isinstance(owner, _Instance):
                owner.attrs[target.attr] = value
                if not any(owner is made for made in self.constructing):
                    self.mutated.add(owner.obj.span)  # copies held in lists and dicts do not see the change
            if isinstance(owner, (_UserClass, _Instance)):
                self.patch_imported_object(owner, target.attr, value)
            elif isinstance(owner, Obj):
                self.mutated.add(owner.span)  # the same object may be held by an environment already
            if isinstance(owner, EnvRef) and self.set_reusable_before_use(owner, target, value):
                pass
            elif isinstance(owner, (EnvRef, ImportedRef)):
                # ``pool.reusable = None``, also on an environment imported from another module
                self.env_calls.append(
                    EnvMethodCall(owner, f"setattr:{target.attr}", CallArgs(), self.lines.span(target))
                )
            elif isinstance(owner, (TaskRef, _Overridden)) and not target.attr.startswith("__"):
                self.changed_unseen(owner, target.attr, target)  # ``work.reusable = None`` after decoration
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            # settings["team"] = ...: the dict display gets the entry; anything else is no longer known
            owner = self.eval(target.value)
            key = _public(self.eval(target.slice))
            if isinstance(owner, Dict) and isinstance(key, Lit):
                changed: _Internal = Dict((*owner.items, (key, _public(value))), owner.complete)
                self.changed_in_place(owner, changed)
                self.rebind(target.value.id, changed)
            elif isinstance(owner, (Dict, Seq)):
                self.changed_in_place(owner, Unknown("changed by item assignment"))
                self.rebind(target.value.id, Unknown("changed by item assignment"))
        elif isinstance(target, ast.Subscript):
            # ``SETTINGS["names"][0] = ...``: the inner list or dict changes wherever it is held
            owner = self.eval(target.value)
            self.eval(target.slice)
            self.changed_in_place(owner, Unknown("changed by item assignment"))
        elif isinstance(target, ast.Starred):
            self.assign(target.value, Unknown("unpacked"), None)
        else:
            self.eval(target)

    def set_reusable_before_use(self, owner: EnvRef, target: ast.Attribute, value: _Internal) -> bool:
        """``env.reusable = flyte.ReusePolicy(...)`` (or ``None``) where the module runs it for sure, before any task
        or clone was made of the environment: every task decorated later, and the deploy, see that policy, as if
        the constructor had been given it (what the constructor itself checks, it never sees: it ran already,
        hence no ``plugin_config`` beside). True when the environment's arguments now say so."""
        public = _public(value)
        if (
            target.attr != "reusable"
            or owner.path is not None
            or not 0 <= owner.env_id < len(self.envs)
            or self.scope is not self.module
            or self.following
            or self.alternatives
            or self.unsure_depth
            or self.guard_depth
            or not ((isinstance(public, Obj) and public.callee == "flyte.ReusePolicy") or public == Lit(None))
        ):
            return False
        if len(_REUSABLE_WRITE.findall(self.source)) != 1 or _REUSABLE_SETATTR.search(self.source):
            return False  # written again somewhere in the module (a helper, setattr): which one wins is not known
        env = self.envs[owner.env_id]
        if (
            env.kind != "TaskEnvironment"
            or env.origin not in ("constructor", "clone_with")
            or env.args.star_args
            or env.args.star_kwargs
            or len(env.args.positional) > 1
            or env.args.keyword("plugin_config") is not None
            or any(task.env == owner for task in self.tasks)
            or any(other.clone_of == owner for other in self.envs)
        ):
            return False
        keywords = tuple(arg for arg in env.args.keywords if arg.keyword != "reusable")
        given = Arg("reusable", public, self.lines.span(target))
        self.envs[owner.env_id] = replace(env, args=replace(env.args, keywords=(*keywords, given)))
        return True

    def forget_env_arguments(self, container: Seq | Dict) -> None:
        """A list or dict an environment was given (``depends_on=DEPS``) changed in place afterwards: the SDK holds
        that same object, so what the environment has is no longer what its call said (``DEPS.append(worker)``,
        ``driver.depends_on.append(...)`` through another name)."""
        for env in self.envs:
            for arg in (*env.args.keywords, *env.args.positional):
                if arg.value is container:
                    param = arg.keyword or "depends_on"
                    self.env_calls.append(EnvMethodCall(EnvRef(env.id), f"setattr:{param}", CallArgs(), arg.span))

    def delete_item(self, target: ast.Subscript) -> None:
        """``del OPTIONS["gpu_count"]`` / ``del PARTS[0]``: as ``.pop(key)`` without its result."""
        owner = _public(self.eval(target.value))
        key = _public(self.eval(target.slice))
        if isinstance(owner, (Seq, Dict)):
            method = "pop" if isinstance(owner, Dict) or owner.kind == "list" else "__delitem__"
            changed, _ = _mutated(owner, method, CallArgs(positional=(Arg(None, key, self.lines.span(target)),)))
            self.replace_held(target.value, owner, changed)

    def changed_in_place(self, old: _Internal | None, new: _Internal) -> None:
        """A list or dict changed in place is changed wherever it is held (``options = DEFAULTS``, an instance's
        attribute given it, a settings dict holding it): a name or attribute bound to that same object gets its
        new value, and so does a list or dict holding it (down to four levels)."""
        if not isinstance(old, (Seq, Dict)):
            return
        self.forget_env_arguments(old)
        source = self.imported_containers.get(id(old))
        if source is not None and source[1] is not None and self.resolver is not None:
            # ``DEPS.append(gpu)`` on the list another module gave ``depends_on=DEPS``: that environment holds it
            for env, param in self.resolver.envs_holding(source[0], source[1]):
                where = Span(self.current_statement_line, 1, self.current_statement_line, 1)
                self.env_calls.append(EnvMethodCall(env, f"setattr:{param}", CallArgs(), where))
            public = _public(new)
            plain = public if to_plain(public) is not _NOT_PLAIN else Unknown("changed in place by another module")
            self.resolver.patch(source[0], source[1], plain)
            if isinstance(new, (Seq, Dict)):
                self.imported_containers[id(new)] = source
        seen: set[int] = set()
        rebuilt: dict[int, Value] = {}  # one new object per container, so what shared it still shares it
        item = _public(new)

        def substitute(container: Seq | Dict, depth: int) -> Value:
            found = rebuilt.get(id(container))
            if found is not None:
                return found
            if depth <= 0:
                return container

            def moved(part: Value) -> Value:
                if part is old:
                    return item
                return substitute(part, depth - 1) if isinstance(part, (Seq, Dict)) else part

            result: Value
            if isinstance(container, Seq):
                items = tuple(moved(part) for part in container.items)
                changed = any(a is not b for a, b in zip(items, container.items, strict=True))
                result = Seq(container.kind, items) if changed else container
            else:
                pairs = tuple((moved(k), moved(v)) for k, v in container.items)
                changed = any(
                    a is not b
                    for pair, was in zip(pairs, container.items, strict=True)
                    for a, b in zip(pair, was, strict=True)
                )
                result = Dict(pairs, container.complete) if changed else container
            rebuilt[id(container)] = result
            return result

        def visit(names: dict[str, _Internal]) -> None:
            for name, held in list(names.items()):
                if held is old:
                    names[name] = new
                elif isinstance(held, (Seq, Dict)):
                    names[name] = substitute(held, 4)  # a settings dict holding it: the same dict, changed
                elif isinstance(held, (_UserClass, _Instance)) and id(held) not in seen:
                    seen.add(id(held))
                    visit(held.names if isinstance(held, _UserClass) else held.attrs)
                    if isinstance(held, _Instance) and held.cls is not None and id(held.cls) not in seen:
                        seen.add(id(held.cls))
                        visit(held.cls.names)

        for scope in self.scopes:
            visit(scope.names)

    def changed_module_container(self, holder: ast.Attribute) -> None:
        """``registry.DEPS.append(gpu)`` / ``registry.DEPS += [gpu]``: the list (or dict) another module of the
        project holds under that name changed in place, and so did what its environments were given of it."""
        if self.resolver is None:
            return
        owner = self.eval(holder.value)
        if isinstance(owner, _Qualified) and not _is_flyte_or_stdlib(owner.name):
            for env, param in self.resolver.envs_holding(owner.name, holder.attr):
                self.env_calls.append(EnvMethodCall(env, f"setattr:{param}", CallArgs(), self.lines.span(holder)))

    def replace_held(self, holder: ast.expr, old: _Internal | None, value: _Internal) -> None:
        """``old``, a list or dict changed in place through ``holder`` (a name, a class or instance attribute, a
        dict entry), is ``value`` now: there, and wherever else that same object is held. Held deeper than the
        holder can say, what holds it is no longer known."""
        self.changed_in_place(old, value)
        if isinstance(holder, ast.Attribute):
            self.changed_module_container(holder)
        if isinstance(holder, ast.Name) and isinstance(self.lookup(holder.id), (Seq, Dict)):
            self.rebind(holder.id, value)
        elif isinstance(holder, ast.Attribute) or (
            isinstance(holder, ast.Subscript) and isinstance(holder.value, ast.Name)
        ):
            self.assign(holder, value, None)
        else:
            root = _root_name(holder)
            if root is not None and isinstance(self.lookup(root), (Seq, Dict, _UserClass, _Instance)):
                self.rebind(root, Unknown("changed in place"))

    def visit_class(self, node: ast.ClassDef) -> None:
        for expr in [*node.bases, *(k.value for k in node.keywords), *node.decorator_list]:
            self.eval(expr)
        if self.scope.kind == "module":
            self.module_functions.add(node.name)
        if self.scope is self.module:
            self.local_classes.add(node.name)
        self.scopes.append(_Scope("class", qualname=node.name))
        self.visit_block(node.body)
        body = self.scopes.pop()
        value = self.class_value(node)
        if value is _A_CLASS and self.remade_by_project_code(node):
            value = Unknown("a class a decorator or metaclass of the project may change")
        elif value is _A_CLASS:
            value = self.user_class(node, body)
        self.bind(node.name, value)

    def remade_by_project_code(self, node: ast.ClassDef) -> bool:
        """Whether code of the project (not a library's, such as ``dataclass``) gets the class to change or
        replace: a decorator that is a function of the project or a value not known, or a metaclass of the
        project (``setattr(cls, key, value)`` per profile, a ``__new__`` that rewrites the namespace)."""
        metaclasses = [k.value for k in node.keywords if k.arg == "metaclass"]
        return any(
            not isinstance(self.eval(expr.func if isinstance(expr, ast.Call) else expr), _Qualified)
            for expr in [*node.decorator_list, *metaclasses]
        )

    def plain_enum_prints(self, node: ast.ClassDef, members: Mapping[str, object]) -> dict[str, str]:
        """What each member of this Enum class prints as with ``str()``: ``Class.MEMBER`` when its base is the
        standard library's ``Enum`` (``str`` may come first), its only decorator ``enum.unique`` if any, its body
        redefines nothing about printing or making members, and its members' values are known (an alias, a member
        whose value equals an earlier one's, prints as that one: with ``A = 1`` and ``B = True``, ``Mode.B`` prints
        "Mode.A"). Empty when not known."""
        bases = node.bases
        if len(bases) == 2 and isinstance(bases[0], ast.Name) and bases[0].id == "str" and self._is_builtin("str"):
            bases = bases[1:]  # ``class Tier(str, Enum)``: str() prints the same (f-strings differ by Python)
        if len(bases) != 1 or node.keywords or self.memo.get(id(bases[0])) != _Qualified("enum.Enum"):
            return {}
        if any(self.memo.get(id(d)) != _Qualified("enum.unique") for d in node.decorator_list):
            return {}
        if any(
            isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            or (isinstance(stmt, (ast.Assign, ast.AnnAssign)) and _binds_dunder(stmt))
            for stmt in node.body
        ):
            return {}  # __str__, __format__, _missing_, a nested class...: not plain
        if _PRINTING_PATCHED.search(self.source):
            return {}  # patched after the class: which members print how depends on where the patch runs
        values = {name: to_plain(v) if isinstance(v, Lit) else _NOT_PLAIN for name, v in members.items()}
        if any(v is _NOT_PLAIN or not isinstance(v, (str, int, float)) for v in values.values()):
            return {}
        printed: dict[str, str] = {}
        for name, value in values.items():
            first = next(other for other, seen in values.items() if seen == value)
            printed[name] = f"{node.name}.{first}"
        return printed

    def auto_values(
        self, node: ast.ClassDef, names: dict[str, _Internal], str_enum: bool, str_mixin: bool
    ) -> dict[str, _Internal]:
        """The values ``enum.auto()`` gives an Enum's members: a StrEnum's lower-cased name; otherwise one more than
        the int member before (1 for the first), known only while every member before is an int. Nothing when
        the class says how to make them (``_generate_next_value_``) or mixes in str by hand."""
        if str_mixin or any(
            isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "_generate_next_value_"
            for stmt in node.body
        ):
            return {}
        made: dict[str, _Internal] = {}
        last: int | None = 0
        for stmt in node.body:
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
                continue
            name = stmt.targets[0].id
            if name.startswith("_"):
                continue
            value = stmt.value
            if isinstance(value, ast.Call) and not value.args and not value.keywords:
                func = self.eval(value.func) if isinstance(value.func, (ast.Name, ast.Attribute)) else None
                if isinstance(func, _Qualified) and canonical(func.name) == "enum.auto":
                    if str_enum:
                        made[name] = Lit(name.lower())
                    elif last is not None:
                        made[name] = Lit(last + 1)
            current = _public(made.get(name, names.get(name, Unknown("not known"))))
            last = current.value if isinstance(current, Lit) and type(current.value) is int else None
        return made

    def user_class(self, node: ast.ClassDef, body: _Scope) -> _UserClass:
        """A plain class: its body's names (settings held as class attributes), and for a dataclass or a
        NamedTuple its fields in order; Enum members know their value."""
        bases = {_dotted(base).rsplit(".", 1)[-1] for base in node.bases}
        # A ``dataclass`` decorator that is not the standard library's (pydantic's validates and converts the
        # values it is given): the class is a decorated class like any other, its instances not followed.
        decorators = {
            name
            for d in node.decorator_list
            if (name := _dotted(d).split("(")[0].rsplit(".", 1)[-1]) != "dataclass"
            or self.eval(d.func if isinstance(d, ast.Call) else d) == _Qualified("dataclasses.dataclass")
        }
        is_enum = bool(bases & {"Enum", "StrEnum", "IntEnum"})
        names = dict(body.names)
        if is_enum:
            int_enum = "IntEnum" in bases
            # The standard library's StrEnum only (a home-made ``class StrEnum(str, Enum)`` prints "Mode.A"), and
            # one that does not redefine how its members print or are made.
            str_enum = any(self.memo.get(id(base)) == _Qualified("enum.StrEnum") for base in node.bases) and not any(
                isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
                and stmt.name in ("__str__", "__format__", "__new__", "__repr__")
                for stmt in node.body
            )
            names.update(self.auto_values(node, names, str_enum, bool(bases & {"str"}) and not str_enum))
            members = {
                name: value
                for name, value in names.items()
                if not name.startswith("_") and not isinstance(value, (FunctionRef, _Local))
            }
            printed = self.plain_enum_prints(node, members)
            names = {
                name: _EnumMember(
                    name,
                    value,
                    int_enum and isinstance(value, Lit) and type(value.value) is int,
                    f"{self.module_name or '<module>'}.{node.name}",
                    "str" if bases & {"str", "StrEnum"} else "",
                    str_enum and isinstance(value, Lit) and type(value.value) is str,
                    printed.get(name, ""),
                )
                for name, value in members.items()
            }
        fields: tuple[str, ...] | None = None
        custom = {
            stmt.name
            for stmt in node.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
            and stmt.name in ("__init__", "__post_init__", "__new__", "__setattr__", "__getattribute__")
        }
        inherits = bool(bases - {"NamedTuple", "Generic", "object"})
        # Fields are known only when nothing rewrites them and no base class adds fields before them.
        factories: dict[str, _Internal] = {}
        # A dataclass's own __post_init__ runs after its fields are set: followed when an instance is made.
        hooks_known = not custom or ("dataclass" in decorators and custom == {"__post_init__"})
        if ("dataclass" in decorators or "NamedTuple" in bases) and hooks_known and not inherits:
            fields = tuple(
                stmt.target.id
                for stmt in node.body
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.simple
            )
            if "dataclass" in decorators:
                if _fields_rearranged(node):
                    fields = None
                else:
                    factories = self.field_defaults(node, names)
        # Instances read class attributes when nothing sets attributes per instance (methods called later are
        # followed, or make what they may change unknown).
        plain = not custom and not inherits and not node.decorator_list and "__getattr__" not in names
        methods = {
            stmt.name: _Function(stmt, self, (self.module,))
            for stmt in node.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and not stmt.decorator_list
        }
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.method_nodes.setdefault(stmt.name, []).append(stmt)
        properties = self.property_getters(node)
        follow_init = (
            custom == {"__init__"}
            and "__init__" in methods
            and not inherits
            and not node.decorator_list
            and not any(
                isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in ("__getattr__", "__slots__")
                for stmt in node.body
            )
        )
        model_fields = self.pydantic_fields(node) if inherits and not custom else None
        return _UserClass(
            f"{self.module_name or '<module>'}.{node.name}",
            names,
            fields,
            is_enum,
            plain,
            methods,
            follow_init,
            "dataclass" in decorators and fields is not None,
            None if is_enum else self.class_bases(node),
            {} if is_enum else properties,
            {} if is_enum else self.class_level_methods(node),
            factories,
            frozen=any(
                isinstance(d, ast.Call)
                and _dotted(d.func).rsplit(".", 1)[-1] == "dataclass"
                and any(k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value for k in d.keywords)
                for d in node.decorator_list
            ),
            model_fields=model_fields,
        )

    def pydantic_fields(self, node: ast.ClassDef) -> tuple[_ModelField, ...] | None:
        """The fields of ``class Settings(pydantic.BaseModel)``, when its instances hold what was written: no
        validator (it may rewrite a value), no configuration that changes values or names (only ``frozen``,
        ``extra``, ``arbitrary_types_allowed``, ``title``), no alias, no other base class. None otherwise."""
        if len(node.bases) != 1 or self.memo.get(id(node.bases[0])) != _Qualified("pydantic.BaseModel"):
            return None
        if any(k.arg not in _HARMLESS_MODEL_CONFIG for k in node.keywords) or node.decorator_list:
            return None
        fields: list[_ModelField] = []
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if stmt.name in _MODEL_HOOKS or any(
                    _dotted(d).split("(")[0].rsplit(".", 1)[-1] not in _MODEL_METHOD_DECORATORS
                    for d in stmt.decorator_list
                ):
                    return None
            elif isinstance(stmt, ast.ClassDef):
                return None  # ``class Config:`` (pydantic 1's configuration) or a nested model
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if len(names) != len(targets):
                    return None
                if "model_config" in names:
                    if not _harmless_model_config(stmt.value):
                        return None
                    continue
                if isinstance(stmt, ast.Assign) or names[0].startswith("_"):
                    continue  # not a field: a plain class attribute, a private attribute
                annotation = stmt.annotation.value if isinstance(stmt.annotation, ast.Subscript) else stmt.annotation
                if _dotted(annotation).rsplit(".", 1)[-1] == "ClassVar":
                    continue
                field_ = self.model_field(names[0], stmt)
                if field_ is None:
                    return None
                fields.append(field_)
        return tuple(fields)

    def model_field(self, name: str, stmt: ast.AnnAssign) -> _ModelField | None:
        """One ``name: T = default`` of a pydantic model; ``Field(default, ...)`` read for its default; None
        when the field renames its keyword (an alias) or its default cannot be read."""
        annotation = stmt.annotation.id if isinstance(stmt.annotation, ast.Name) else ""
        if annotation not in _VALIDATED_AS_GIVEN or not self._is_builtin(annotation):
            annotation = ""
        value = stmt.value
        if value is None:
            return _ModelField(name, annotation, None, False)
        if not (isinstance(value, ast.Call) and self.memo.get(id(value.func)) == _Qualified("pydantic.Field")):
            return _ModelField(name, annotation, self.memo.get(id(value), Unknown("field default")), False)
        if any(k.arg is None or "alias" in k.arg for k in value.keywords) or len(value.args) > 1:
            return None
        given = [k.value for k in value.keywords if k.arg == "default"] + list(value.args[:1])
        default: _Internal | None
        if given:
            default = self.memo.get(id(given[0]), Unknown("Field() default"))
        elif any(k.arg == "default_factory" for k in value.keywords):
            default = Unknown("Field(default_factory=...)")
        else:
            default = None
        constrained = any(k.arg not in _FIELD_DOCUMENTATION for k in value.keywords)
        return _ModelField(name, annotation, default, constrained)

    def field_defaults(self, node: ast.ClassDef, names: dict[str, _Internal]) -> dict[str, _Internal]:
        """A dataclass's ``name: T = field(default=v)``: the class attribute is ``v``; ``field(default_factory=F)``
        leaves none and each instance gets ``F()`` (returned: field -> F); a ``field()`` with neither, none."""
        factories: dict[str, _Internal] = {}
        for stmt in node.body:
            if not (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(stmt.value, ast.Call)
                and _dotted(stmt.value.func).rsplit(".", 1)[-1] == "field"
            ):
                continue
            name = stmt.target.id
            names.pop(name, None)
            for keyword in stmt.value.keywords:
                memoised = self.memo.get(id(keyword.value))
                given: _Internal = Unknown("field() argument") if memoised is None else memoised
                if keyword.arg == "default":
                    names[name] = given
                elif keyword.arg == "default_factory":
                    made_by = keyword.value
                    if (
                        isinstance(made_by, ast.Name)
                        and made_by.id in ("list", "dict")
                        and self._is_builtin(made_by.id)
                    ):
                        given = _Qualified(f"builtins.{made_by.id}")
                    elif isinstance(made_by, ast.Lambda) and not _has_parameters(made_by.args):
                        # ``field(default_factory=lambda: flyte.ReusePolicy(...))``: a function of the module
                        # (the class body's names are not its scope, as for any function defined there)
                        made = _lambda_as_def(made_by, f"{name}_default_factory", self.made_nodes)
                        given = _Function(made, self, (self.module,))
                    factories[name] = given
                elif keyword.arg is None:
                    names[name] = Unknown("field(**options)")
        return factories

    def class_level_methods(self, node: ast.ClassDef) -> dict[str, tuple[_Function, bool]]:
        """The class body's defs under the builtin ``@classmethod`` (True) or ``@staticmethod`` (False) alone,
        whose name nothing else in the body binds."""
        found: dict[str, tuple[_Function, bool]] = {}
        for stmt, decorator in _sole_decorated_defs(node):
            if isinstance(decorator, ast.Name) and decorator.id in ("classmethod", "staticmethod"):
                if self._is_builtin(decorator.id):
                    found[stmt.name] = (_Function(stmt, self, (self.module,)), decorator.id == "classmethod")
        return found

    def property_getters(self, node: ast.ClassDef) -> dict[str, tuple[_Function, bool]]:
        """The class body's read-only properties: a plain ``def`` under ``@property`` (the builtin) or
        ``@functools.cached_property`` alone, whose name nothing else in the body binds (a setter or a deleter
        runs code of its own)."""
        found: dict[str, tuple[_Function, bool]] = {}
        for stmt, decorator in _sole_decorated_defs(node):
            if isinstance(decorator, ast.Name) and decorator.id == "property" and self._is_builtin("property"):
                found[stmt.name] = (_Function(stmt, self, (self.module,)), False)
            elif self.memo.get(id(decorator)) == _Qualified("functools.cached_property"):
                found[stmt.name] = (_Function(stmt, self, (self.module,)), True)
        return found

    def class_bases(self, node: ast.ClassDef) -> tuple[_UserClass, ...] | None:
        """The project classes ``node`` inherits from (``class Prod(Base)``: ``Prod.RETRIES`` is Base's), or None
        when an inherited attribute may be something else at run time: a base that is not a plain project class
        (a library's, an Enum), a metaclass or class keyword, or an ``__init_subclass__`` that may rewrite it."""
        if node.keywords:
            return None
        bases: list[_UserClass] = []
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id == "object" and self._is_builtin("object"):
                continue
            value = self.memo.get(id(base))  # read when the class statement was
            if not isinstance(value, _UserClass) or value.is_enum or value.bases is None:
                return None
            if value.lookup("__init_subclass__") is not None:
                return None
            bases.append(value)
        return tuple(bases)

    def class_value(self, node: ast.ClassDef) -> _Internal:
        """A subclass of a Flyte environment class makes environments; any other class is just a class. A subclass
        that redefines how it is made or how it makes tasks (``__post_init__`` fixing the name, a ``task()`` that
        takes more options) is not the SDK's environment any more: its instances are not followed."""
        if any(
            isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in _ENV_BEHAVIOUR_METHODS
            for stmt in node.body
        ):
            return _A_CLASS
        for base in node.bases:
            value = self.eval(base)
            qualified = (
                value.name
                if isinstance(value, _Qualified)
                else value.name
                if isinstance(value, _UserEnvClass)
                else None
            )
            if qualified is None:
                continue
            qualified = canonical(qualified)
            if qualified in TASK_ENV_CLASSES or (isinstance(value, _UserEnvClass) and value.kind == "TaskEnvironment"):
                return _UserEnvClass(f"{self.module_name or '<module>'}.{node.name}", "TaskEnvironment")
            if is_app_env_class(qualified) or qualified in APP_ENV_CLASSES:
                return _UserEnvClass(f"{self.module_name or '<module>'}.{node.name}", "AppEnvironment")
        return _A_CLASS

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
            # Python computes defaults once, here: a call later sees these values, whatever the names hold then.
            self.default_values[id(default)] = self.eval(default)
        # Only a decorator can make a task of the function; a plain function's shape is read when a call of it
        # is followed (most functions of a module are neither).
        info = self.function_info(node) if node.decorator_list else None
        statement_line = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        decorators = list(node.decorator_list)
        result: _Internal = FunctionRef(node.name) if self.scope.kind == "module" else _Local()
        if self.scope.kind == "function" and self.following and not decorators:
            # Defined by a call being followed (a decorator factory's ``def deco(fn)``, returned and then applied
            # to a function): callable as written, with the call's arguments in its closure.
            result = _Function(node, self.following_owners[-1], tuple(self.scopes))
        elif self.scope.kind == "function" and self.current_task is not None and not self.following and not decorators:
            # A helper a task's body defines: a call of it in the body runs it there, as the task's own code
            # (``def run_all(k): return [square(i) for i in range(k)]`` then ``run_all(n)``).
            result = _Function(node, self, tuple(self.scopes))
        task_id: int | None = None
        if self.scope.kind == "module":
            self.module_functions.add(node.name)
            self.function_nodes[node.name] = node  # a decorator of the project's may make a task of it
        # Decorators apply bottom-up.
        for position in range(len(decorators) - 1, -1, -1):
            decorator = decorators[position]
            outer = tuple(_dotted(d) for d in decorators[:position])
            inner = tuple(_dotted(d) for d in decorators[position + 1 :])
            assert info is not None
            made = self.task_from_decorator(decorator, info, node.name, outer, inner, statement_line)
            if made is not None:
                if task_id is not None or not isinstance(result, (FunctionRef, _Local)):
                    # @env.task on an existing task (or on another decorator's result): the SDK needs __name__
                    kind = "task" if task_id is not None else "unknown"
                    self.tasks[made] = _replace_function(self.tasks[made], info, kind)
                if inner and task_id is None:
                    self.see_through_wrapper(made, decorators[position + 1], len(inner))
                task_id = made
                result = TaskRef(made)
                continue
            applied = self.eval(decorator)
            if self.is_cache_decorator(decorator):
                self.cached_nodes.add(id(node))
                continue  # ``@functools.lru_cache(maxsize=None)``: still the function, its results remembered
            if isinstance(applied, _Qualified) and canonical(applied.name) in _TRANSPARENT_DECORATORS:
                if canonical(applied.name) == "flyte.trace" and task_id is None:
                    self.traced_nodes.add(id(node))
                if canonical(applied.name) in _CACHE_DECORATORS:
                    self.cached_nodes.add(id(node))
                continue  # ``@flyte.trace``: still the function, called as written (its body runs in the caller)
            made_by_decorator = self.apply_decorator(decorator, applied, node.name, result)
            result = made_by_decorator or Unknown(f"decorated by {_dotted(decorator)}")
        self.bind(node.name, result)
        if not self.following or self.following_owners[-1] is self:
            # (A function another module's function defines is that module's to read.)
            self.deferred.append((node, list(self.scopes), task_id))

    def is_cache_decorator(self, decorator: ast.expr) -> bool:
        """``@functools.lru_cache(maxsize=128)`` / ``(None)`` / ``(typed=True)``: a caching decorator made by a
        call (the bare ``@functools.cache`` / ``@lru_cache`` are transparent decorators)."""
        if not isinstance(decorator, ast.Call) or any(isinstance(a, ast.Starred) for a in decorator.args):
            return False
        func = self.eval(decorator.func) if isinstance(decorator.func, (ast.Name, ast.Attribute)) else None
        if not (isinstance(func, _Qualified) and canonical(func.name) == "functools.lru_cache"):
            return False
        return all(k.arg in ("maxsize", "typed") for k in decorator.keywords) and len(decorator.args) <= 2

    def cached_call(self, function: _Function, node: ast.Call, binding: str | None) -> _Internal | None:
        """A call of a function whose results ``functools.cache`` / ``lru_cache`` remember: a call with the
        same known arguments as an earlier one returns that call's object (one environment, not two); a call
        whose arguments are not all known may return an earlier object or a new one: not known. None when the
        function is not cached (the caller follows it as usual)."""
        definition = function.node
        if id(definition) not in function.owner.cached_nodes:
            return None
        args = self.call_args(node)
        plain = (
            None
            if args.star_args or args.star_kwargs
            else tuple(to_plain(a.value) for a in args.positional)
            + tuple((a.keyword, to_plain(a.value)) for a in args.keywords)
        )
        known = plain is not None and not any(
            part is _NOT_PLAIN or (isinstance(part, tuple) and part[-1] is _NOT_PLAIN) for part in plain
        )
        calls = self.cache_calls.setdefault(id(definition), {})
        key = repr(plain) if known else None
        if key is not None and key in calls:
            return calls[key]
        if (key is None and calls) or _UNKNOWN_ARGUMENTS in calls:
            self.visit_args(node)
            return Unknown("a cached function's result, maybe an earlier call's")
        self.cached_stack.append(f"{function.owner.path}:{definition.lineno}" + (f"\t{key}" if key is not None else ""))
        try:
            followed = self.follow_call(function, node, binding)
        finally:
            self.cached_stack.pop()
        result: _Internal = followed if followed is not None else Unknown("result of a cached function")
        calls[key if key is not None else _UNKNOWN_ARGUMENTS] = result
        return result

    def apply_decorator(
        self, decorator: ast.expr, applied: _Internal, name: str, function_value: _Internal
    ) -> TaskRef | None:
        """``@my_task`` over ``def transform``: the decorator, a function of the project, is called with the
        function when the module runs (``def my_task(fn): return env.task(retries=2)(fn)``), so its body is
        followed as that call. The task it returns, if it makes one; None for anything else it returns."""
        if self.scope.kind != "module" or not isinstance(function_value, (FunctionRef, TaskRef)):
            return None
        function: _Function | None = None
        preset: _Partial | None = None
        if isinstance(applied, FunctionRef):
            definition = self.function_nodes.get(applied.name)
            function = _Function(definition, self, (self.module,)) if definition is not None else None
        elif isinstance(applied, _Function):
            function = applied
        elif isinstance(applied, _Partial):
            function, preset = applied.function, applied
        if function is None:
            return None
        call = self.made_call(decorator, [ast.Name(id=name, ctx=ast.Load())], decorator)
        held = self.scope.names.get(name)
        self.scope.names[name] = function_value  # what the decorator is given: the function as made so far
        try:
            followed = self.follow_call(function, call, name, preset=preset)
            self.forget_changes(function, call, followed is not None)
        finally:
            if held is None:
                self.scope.names.pop(name, None)
            else:
                self.scope.names[name] = held
        return followed if isinstance(followed, TaskRef) else None

    def see_through_wrapper(self, task_id: int, decorator: ast.expr, stacked: int) -> None:
        """A task made over a decorator of this module: without ``functools.wraps`` the SDK sees the wrapper
        itself (its name, signature and kind); with it, the wrapped function, run as the wrapper runs."""
        wrapper = self.wrapper_of(decorator)
        if wrapper is not None and not self.copies_signature(wrapper) and stacked == 1:
            found = self.lookup(decorator.id) if isinstance(decorator, ast.Name) else None
            saved = self.lines.override
            if isinstance(found, _Function) and found.owner is not self:
                self.lines.override = self.lines.span(decorator)  # another module's wrapper: reported here
            try:
                self.tasks[task_id] = replace(
                    self.tasks[task_id], function=self.function_info(wrapper), inner_decorators=()
                )
            finally:
                self.lines.override = saved
            return
        wrapped = self.wrapper_kind(decorator)
        applied = self.memo.get(id(decorator))
        if self.is_cache_decorator(decorator) or (
            isinstance(applied, _Qualified) and canonical(applied.name) in _CACHE_DECORATORS
        ):
            wrapped = "sync"  # lru_cache's wrapper is no coroutine function, whatever it wraps: the SDK sees sync
            if stacked == 1:
                self.tasks[task_id] = replace(self.tasks[task_id], cache_wrapped=True)
        if wrapped is not None:
            self.tasks[task_id] = replace(self.tasks[task_id], wrapped_kind=wrapped)

    def wrapper_kind(self, decorator: ast.expr) -> Literal["async", "sync"] | None:
        """Whether what a decorator of this module returns is a coroutine function."""
        wrapper = self.wrapper_of(decorator)
        if wrapper is None:
            return None
        if isinstance(wrapper, ast.AsyncFunctionDef):
            return None if _body_facts(wrapper.body)[0] else "async"
        return "sync"

    def copies_signature(self, wrapper: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """``_copies_signature``, or the wrapper is given the wrapped function's name some other way:
        ``wrapper.__name__ = fn.__name__``, ``functools.update_wrapper(wrapper, fn)`` (read in the module's text)."""
        if _copies_signature(wrapper):
            return True
        named = re.compile(rf"\b{re.escape(wrapper.name)}\.__name__\s*=(?!=)|\bupdate_wrapper\s*\(")
        return named.search(self.source) is not None

    def wrapper_of(self, decorator: ast.expr) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """What a decorator of this module returns: the nested function it defines and returns, if that is
        all it ever returns (``def deco(fn): @wraps(fn) async def wrapper(...): ...; return wrapper``)."""
        if not isinstance(decorator, ast.Name):
            return None
        found = self.lookup(decorator.id)
        if isinstance(found, _Function):
            node: ast.FunctionDef | ast.AsyncFunctionDef | None = found.node  # a decorator of another module
        elif isinstance(found, FunctionRef):
            node = self.function_nodes.get(decorator.id)
        else:
            return None
        if node is None or isinstance(node, ast.AsyncFunctionDef):
            return None
        nested = {stmt.name: stmt for stmt in node.body if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))}
        returned: set[str] = set()
        stack: list[ast.AST] = list(node.body)
        while stack:
            sub = stack.pop()
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue  # returns of nested functions are theirs
            stack.extend(ast.iter_child_nodes(sub))
            if isinstance(sub, ast.Return):
                if not isinstance(sub.value, ast.Name) or sub.value.id not in nested:
                    return None
                returned.add(sub.value.id)
        if len(returned) != 1:
            return None
        return nested[returned.pop()]

    def function_info(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> FunctionInfo:
        params: list[Param] = []
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaulted = {a.arg for a in positional[len(positional) - len(args.defaults) :]} if args.defaults else set()
        defaulted |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None}
        for arg in args.posonlyargs:
            params.append(
                Param(
                    arg.arg, "positional_only", arg.annotation is not None, self.lines.span(arg), arg.arg in defaulted
                )
            )
        for arg in args.args:
            params.append(
                Param(
                    arg.arg,
                    "positional_or_keyword",
                    arg.annotation is not None,
                    self.lines.span(arg),
                    arg.arg in defaulted,
                )
            )
        if args.vararg:
            params.append(
                Param(
                    args.vararg.arg, "var_positional", args.vararg.annotation is not None, self.lines.span(args.vararg)
                )
            )
        for arg in args.kwonlyargs:
            params.append(
                Param(arg.arg, "keyword_only", arg.annotation is not None, self.lines.span(arg), arg.arg in defaulted)
            )
        if args.kwarg:
            params.append(
                Param(args.kwarg.arg, "var_keyword", args.kwarg.annotation is not None, self.lines.span(args.kwarg))
            )
        if isinstance(node, ast.Lambda):
            return FunctionInfo("<lambda>", False, False, tuple(params), False, False, self.lines.span(node), "lambda")
        shape = self.shape(node)
        is_generator, returns_value = shape.is_generator, shape.returns_value
        always_returns_value = shape.always_returns_value
        name_span = _name_span(node, self.lines)
        annotations = [a.annotation for a in _all_args(args) if a.annotation is not None]
        if node.returns is not None:
            annotations.append(node.returns)
        names: list[str] = []
        for annotation in annotations:
            _annotation_names(annotation, names)
        return FunctionInfo(
            name=node.name,
            is_async=isinstance(node, ast.AsyncFunctionDef),
            is_generator=is_generator,
            params=tuple(params),
            has_return_annotation=node.returns is not None,
            returns_value=returns_value,
            span=name_span,
            always_returns_value=always_returns_value,
            annotation_names=tuple(dict.fromkeys(names)),
        )

    # -- tasks --------------------------------------------------------------------------------------------

    def task_from_decorator(
        self,
        decorator: ast.expr,
        info: FunctionInfo,
        name: str,
        outer: tuple[str, ...],
        inner: tuple[str, ...],
        statement_line: int,
    ) -> int | None:
        """Record a TaskDef when ``decorator`` is ``env.task``, ``env.task(...)`` or a stored task factory."""
        form: TaskForm
        options_span: Span | None = None
        if isinstance(decorator, ast.Attribute) and decorator.attr == "task":
            env = self.eval_reference(decorator.value)
            if not _may_be_env(env):
                return None
            form, args = "decorator", CallArgs()
        elif (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "task"
        ):
            env = self.eval_reference(decorator.func.value)
            if not _may_be_env(env):
                return None
            form, args = "decorator_call", self.call_args(decorator)
        else:
            factory = self.eval(decorator) if isinstance(decorator, (ast.Name, ast.Attribute, ast.Call)) else None
            if not isinstance(factory, _TaskFactory):
                return None
            env, form, args = factory.env, "decorator_call", factory.args
            options_span = factory.span if factory.checked_here else None
        env = _public(env)
        assert isinstance(env, (EnvRef, ImportedRef))
        task = TaskDef(
            id=len(self.tasks),
            env=env,
            form=form,
            args=args,
            span=self.lines.span(decorator),
            function=info,
            binding=name,
            scope=self.made_scope(),
            inner_decorators=inner,
            outer_decorators=outer,
            statement_line=statement_line,
            alternatives=tuple(self.alternatives),
            options_span=options_span,
            def_scope=self.scope.kind if self.scope.kind != self.made_scope() else None,
        )
        self.tasks.append(task)
        return task.id

    def task_from_factory(self, node: ast.Call, factory: _TaskFactory, binding: str | None) -> _Internal | None:
        """``env.task(retries=2)(fn)``, or ``deco = env.task(...)`` then ``t = deco(fn)``: the decorator applied by
        hand, which makes the task as ``env.task(fn, retries=2)`` does."""
        env = _public(factory.env)
        if not isinstance(env, (EnvRef, ImportedRef)):
            return None
        task = TaskDef(
            id=len(self.tasks),
            env=env,
            form="call",
            args=factory.args,
            span=self.lines.span(node),
            function=self.target_info(node.args[0]),
            binding=binding,
            scope=self.made_scope(),
            statement_line=self.current_statement_line,
            alternatives=tuple(self.alternatives),
            options_span=factory.span if factory.checked_here else None,
        )
        self.tasks.append(task)
        return TaskRef(task.id)

    def dict_call_base(self, node: ast.Call) -> Dict | None:
        """For a call of the builtin ``dict`` with no positional argument or one known mapping, what it starts from
        (an empty dict, or that mapping's items); None for any other call."""
        func = node.func
        if not (isinstance(func, ast.Name) and func.id == "dict" and len(node.args) <= 1 and self._is_builtin("dict")):
            return None
        if not node.args:
            return Dict((), True)
        if isinstance(node.args[0], ast.Starred):
            return None
        base = self.eval(node.args[0])
        if isinstance(base, Seq) and base.kind != "set":
            # ``dict(zip(KEYS, VALUES))``, ``dict([("cpu", 2), ...])``: pairs in order, the last one for a key wins
            # (as in a display).
            pairs = [item.items for item in base.items if isinstance(item, Seq) and len(item.items) == 2]
            if len(pairs) == len(base.items):
                return Dict(tuple((key, value) for key, value in pairs), True)
        return base if isinstance(base, Dict) else None

    def task_from_call(self, node: ast.Call, env: Value, binding: str | None) -> _Internal:
        """``env.task(fn, **opts)`` / ``env.task(_func=fn)`` / ``env.task(**opts)`` (a factory)."""
        args = self.call_args(node)
        target: ast.expr | None = node.args[0] if node.args and not isinstance(node.args[0], ast.Starred) else None
        for keyword in node.keywords:
            if keyword.arg == "_func":
                target = keyword.value
        if target is None:
            if args.star_args or args.star_kwargs:
                return Unknown("task() with *args/**kwargs")
            return _TaskFactory(env, args, self.lines.span(node))
        info = self.target_info(target)
        task = TaskDef(
            id=len(self.tasks),
            env=env,
            form="call",
            args=args,
            span=self.lines.span(node),
            function=info,
            binding=binding,
            scope=self.made_scope(),
            statement_line=self.current_statement_line,
            alternatives=tuple(self.alternatives),
        )
        self.tasks.append(task)
        return TaskRef(task.id)

    def target_info(self, target: ast.expr) -> FunctionInfo | None:
        """The function a call-form task is made of (``env.task(fn)``); a lambda's body is the task's body."""
        if isinstance(target, ast.Lambda):
            self.deferred.append((target, list(self.scopes), len(self.tasks)))  # the id of the task being made
            self.task_lambdas.add(id(target))
            return self.function_info(target)
        value = self.eval(target)
        span = self.lines.span(target)
        if isinstance(value, FunctionRef):
            node = self.find_function(value.name)
            if node is not None:
                return self.function_info(node)
        if isinstance(value, TaskRef):
            return FunctionInfo(_dotted(target), False, False, (), False, False, span, "task")
        if isinstance(value, _Partial) or (isinstance(value, Obj) and value.callee == "functools.partial"):
            return FunctionInfo(_dotted(target), False, False, (), False, False, span, "partial")
        if (
            isinstance(target, ast.Name)
            and not self.star_import
            and self._is_builtin(target.id)
            and isinstance(getattr(builtins, target.id, None), types.BuiltinFunctionType)
        ):
            return FunctionInfo(target.id, False, False, (), False, False, span, "builtin")
        return None

    def find_function(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        return self.function_nodes.get(name)

    # -- expressions --------------------------------------------------------------------------------------

    def call_args(self, node: ast.Call) -> CallArgs:
        positional: list[Arg] = []
        keywords: list[Arg] = []
        star_args = star_kwargs = False
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                spread = self.eval(arg.value)
                if isinstance(spread, Seq):
                    for item in spread.items:
                        positional.append(Arg(None, item, self.lines.span(arg)))
                else:
                    star_args = True
                continue
            value = self.eval(arg)
            positional.append(Arg(None, _public(value), self.lines.span(arg), None, *self.written(arg)))
        for keyword in node.keywords:
            value = self.eval_reference(keyword.value) if keyword.arg == "depends_on" else self.eval(keyword.value)
            if keyword.arg is None:
                if (
                    isinstance(value, Dict)
                    and value.complete
                    and all(isinstance(k, Lit) and isinstance(k.value, str) for k, _ in value.items)
                ):
                    # A dict display may hold a key twice (``d[k] = v`` after it was made): the last value wins,
                    # in the key's first place, as in the dict itself.
                    latest: dict[str, Value] = {}
                    for key, item in value.items:
                        assert isinstance(key, Lit) and isinstance(key.value, str)
                        latest[key.value] = item
                    for name, item in latest.items():
                        keywords.append(Arg(name, item, self.lines.span(keyword.value), self.lines.span(keyword)))
                else:
                    star_kwargs = True
                continue
            span, full_span = self.lines.span(keyword.value), self.lines.span(keyword)
            keywords.append(Arg(keyword.arg, _public(value), span, full_span, *self.written(keyword.value)))
        return CallArgs(tuple(positional), tuple(keywords), star_args, star_kwargs)

    def written(self, node: ast.expr) -> tuple[bool, bool]:
        """``Arg.in_place`` and ``Arg.literal`` of an argument whose value is ``node``."""
        if self.lines.override is not None:
            return False, False  # placed at the call of a function or partial that holds it
        return True, isinstance(node, (ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict))

    def visit_args(self, node: ast.Call) -> None:
        """A call's arguments read as ``call_args`` reads them (same order, same facts recorded), for a call whose
        arguments are not kept: no Arg or span is made for them."""
        for arg in node.args:
            self.eval(arg.value if isinstance(arg, ast.Starred) else arg)
        for keyword in node.keywords:
            if keyword.arg == "depends_on":
                self.eval_reference(keyword.value)
            else:
                self.eval(keyword.value)

    def eval(self, node: ast.expr, binding: str | None = None) -> _Internal:
        cached = self.memo.get(id(node))
        if cached is not None:
            return cached
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                value: _Internal = Unknown("expression nested too deeply")
            else:
                value = self._eval(node, binding)
        finally:
            self.depth -= 1
        self.memo[id(node)] = value
        return value

    def _eval(self, node: ast.expr, binding: str | None) -> _Internal:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and (node.lineno, node.col_offset) in self.masked:
                return Unknown("f-string")
            if node.value is Ellipsis:
                return Unknown("...")
            return Lit(node.value)
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            if node.attr in ("stem", "name"):
                own = self.own_file_part(node)
                if own is not None:
                    return own
            owner = self.eval_owner(node.value)
            if isinstance(owner, _Qualified) and node.attr == "modules" and canonical(owner.name) == "sys":
                self.foreign_values_unknown = True  # ``sys.modules["settings"].X = 1``: any module may be changed
            if isinstance(owner, _Qualified):
                if (
                    self.resolver is not None
                    and not _is_flyte_or_stdlib(owner.name)
                    and (self.reads_every_module() or self.resolver.may_matter(owner.name))
                ):
                    # ``config.RETRIES`` read in a function body (at run time) after code of config's may have
                    # rebound it (``global RETRIES`` in one of its functions): not known there.
                    found = self.resolver.value(
                        owner.name, node.attr, self.lines.span(node), run_time=not self.at_import()
                    )
                    if isinstance(found, (_Instance, _UserClass)):
                        self.imported_objects[id(found)] = (owner.name, node.attr)
                    if found is not None:
                        return self.foreign_value(found)
                return _Qualified(f"{owner.name}.{node.attr}")
            if isinstance(owner, ImportedRef):
                if owner.name is None:
                    return ImportedRef(owner.module, node.attr, owner.level)
                # ``from pkg import mod; mod.env``: mod may be a submodule; the linker tries both readings.
                return ImportedRef(f"{owner.module}.{owner.name}", node.attr, owner.level)
            return self.attribute(owner, node.attr, node)
        if isinstance(node, ast.Call):
            return self.eval_call(node, binding)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items: list[Value] = []
            spans: list[Span] | None = []
            complete = True
            for element in node.elts:
                if isinstance(element, ast.Starred):
                    spread = self.eval(element.value)
                    keys = _dict_keys(spread)
                    if isinstance(spread, Seq):
                        items.extend(spread.items)
                        spans = None
                    elif keys is not None:
                        items.extend(keys)  # ``[*ENVS]``: a dict spreads its keys
                        spans = None
                    else:
                        complete = False
                    continue
                items.append(_public(self.eval(element)))
                if spans is not None:
                    spans.append(self.lines.span(element))
            if not complete:
                return Unknown("sequence with an unknown *spread")
            kind = "list" if isinstance(node, ast.List) else "tuple" if isinstance(node, ast.Tuple) else "set"
            return Seq(kind, tuple(items), tuple(spans or ()))  # type: ignore[arg-type]
        if isinstance(node, ast.Dict):
            pairs: list[tuple[Value, Value]] = []
            complete = True
            for key, item in zip(node.keys, node.values, strict=False):
                if key is None:
                    spread = self.eval(item)
                    if isinstance(spread, Dict):
                        pairs.extend(spread.items)
                        complete = complete and spread.complete
                    else:
                        complete = False
                    continue
                pairs.append((_public(self.eval(key)), _public(self.eval(item))))
            return Dict(tuple(pairs), complete)
        if isinstance(node, ast.JoinedStr):
            return self.eval_fstring(node)
        if isinstance(node, ast.BinOp):
            return binary(type(node.op).__name__, _public(self.eval(node.left)), _public(self.eval(node.right)))
        if isinstance(node, ast.Subscript):
            container = self.eval(node.value)
            if isinstance(node.slice, ast.Slice):
                bounds = [None if b is None else _public(self.eval(b)) for b in (node.slice.lower, node.slice.upper)]
                step = None if node.slice.step is None else _public(self.eval(node.slice.step))
                index = make_slice(bounds[0], bounds[1], step)
            else:
                index = _public(self.eval(node.slice))
            if isinstance(container, _Instance):
                container = _named_tuple_items(container) or container  # ``TEAM[0]`` of a NamedTuple
            if isinstance(container, (Dict, Seq, Lit)):
                return subscript(container, index)
            return Unknown("subscript")
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = _public(self.eval(node.left)), _public(self.eval(node.comparators[0]))
            op = type(node.ops[0]).__name__
            if (
                op in ("Is", "IsNot")
                and isinstance(node.left, ast.Call)
                and _is_type_call(node.left)
                and self._is_builtin("type")
            ):
                # ``type(step) is ContainerTask``: as isinstance for the classes this tells apart
                tested = _public(
                    self.container_task_test(ast.Call(node.left.func, [*node.left.args, node.comparators[0]], []))
                )
                if isinstance(tested, Lit):
                    return Lit(bool(tested.value) == (op == "Is"))
            same = self.same_object(left, right, op in ("Is", "IsNot")) if op in _EQUALITY else None
            if same is not None:
                # ``if e is not driver:`` in a loop over environments (or tasks): each item is one of them
                return Lit(same == (op in ("Eq", "Is")))
            raw_left, raw_right = self.memo.get(id(node.left)), self.memo.get(id(node.comparators[0]))
            if isinstance(raw_left, _EnumMember) and isinstance(raw_right, _EnumMember) and op in _EQUALITY:
                same = _same_member(_enum_key(raw_left), _enum_key(raw_right))
                if same is not None:
                    return Lit(same == (op in ("Eq", "Is")))
            member, other = (raw_left, right) if isinstance(raw_left, _EnumMember) else (raw_right, left)
            if isinstance(member, _EnumMember) and not member.is_int and op in ("Eq", "NotEq"):
                equal = _member_equals_plain(_enum_key(member), to_plain(other))
                if equal is not None:
                    return Lit(equal == (op == "Eq"))
            version = _version_info(node.left)
            if version is not None:
                known = self.version_test(version[0], version[1], op, right)
                if known is not None:
                    return Lit(known)
            if op in ("In", "NotIn") and isinstance(right, Dict) and right.complete:
                # ``if team not in _ENVS:`` (a registry of environments made so far): only the keys are compared
                registered = to_plain(Seq("list", tuple(key for key, _ in right.items)))
                plain = to_plain(left)
                if registered is not _NOT_PLAIN and plain is not _NOT_PLAIN and isinstance(registered, list):
                    with contextlib.suppress(TypeError):  # an unhashable left side raises, as Python would
                        return Lit((plain in dict.fromkeys(registered)) == (op == "In"))
            if op in ("Is", "IsNot"):
                if right == Lit(None) and isinstance(left, (Lit, Obj, Seq, Dict, EnvRef, TaskRef)):
                    is_none = isinstance(left, Lit) and left.value is None
                    return Lit(is_none == (op == "Is"))
                return Unknown("identity")
            return binary(op, left, right)
        if isinstance(node, ast.BoolOp):
            values = [self.eval(v) for v in node.values]
            for value in values:
                known = truth(_public(value))
                if known is None:
                    return Unknown("boolean operation on unknown values")
                if known == isinstance(node.op, ast.Or):
                    return value  # ``a or b`` gives the first truthy value, ``a and b`` the first falsy one
            return values[-1]
        if isinstance(node, ast.IfExp):
            taken = self.test_outcome(node.test)
            if taken is None:
                self.mark_undecided_expression(node.body, node.orelse)
                self.eval(node.body)
                self.eval(node.orelse)
                return Unknown("conditional expression")
            return self.eval(node.body if taken else node.orelse)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            followed = self.comprehension(node)
            if followed is not None:
                return followed
        if isinstance(node, ast.UnaryOp):
            operand = self.eval(node.operand)
            if (
                isinstance(operand, Lit)
                and isinstance(operand.value, (int, float))
                and not isinstance(operand.value, bool)
            ):
                if isinstance(node.op, ast.USub):
                    return Lit(-operand.value)
                if isinstance(node.op, ast.UAdd):
                    return operand
            if isinstance(node.op, ast.Not) and isinstance(operand, Lit):
                return Lit(not operand.value)
            return Unknown("unary operation")
        if isinstance(node, ast.Await):
            inner = self.eval(node.value)
            return Unknown("awaited value") if inner is not None else Unknown()
        if isinstance(node, ast.Lambda):
            self.deferred.append((node, list(self.scopes), None))
            return Unknown("lambda")
        if isinstance(node, ast.NamedExpr):
            value = self.eval(node.value)
            self.bind(node.target.id, value)
            return value
        if isinstance(node, ast.Slice):
            return Unknown("slice")
        # Anything else: evaluate children for their side facts (calls inside), value Unknown.
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.eval(child)
            elif isinstance(child, ast.comprehension):
                self.eval(child.iter)
        return Unknown(type(node).__name__)

    def attribute(self, owner: _Internal, attr: str, node: ast.Attribute | None = None) -> _Internal:
        """``owner.attr`` where owner is known: class attributes, dataclass fields, Enum members, properties of
        an instance, the fields the SDK copies onto an environment (``env.name``, ``env.reusable``...) and
        value-object fields."""
        if isinstance(owner, EnvRef) and attr == "depends_on" and node is not None:
            # ``deps = driver.depends_on`` then ``deps.append(worker)``: the environment's own list, changed
            # through another name; what it holds is no longer what its call said.
            self.env_calls.append(EnvMethodCall(owner, "setattr:depends_on", CallArgs(), self.lines.span(node)))
        if attr == "__dict__" and isinstance(owner, (_UserClass, _Instance)):
            self.forget_all_attributes(owner, "its __dict__")  # ``settings.__dict__.update(cpu=1)``
            return Unknown("__dict__")
        if attr == "__dict__" and node is not None:
            self.changed_unseen(owner, None, node)  # ``pool.__dict__.update(reusable=None)``
            return Unknown("__dict__")
        if isinstance(owner, _Instance) and owner.made_by is not None and node is not None:
            getter = owner.made_by.getter(attr)
            if getter is not None and not (getter[1] and attr in owner.attrs):
                return self.read_property(getter[0], owner, node)
        if isinstance(owner, _UserClass):
            if attr not in owner.names and any(base.name in self.changed_classes for base in owner.ancestors()):
                # A base class changed after it was made: a subclass imported from another module holds its
                # own copy of that base, which does not see the change.
                return Unknown(f"class attribute {attr} of a changed base class")
            found = owner.lookup(attr)
            return Unknown(f"class attribute {attr}") if found is None else found
        if isinstance(owner, _Instance):
            if attr in owner.attrs:
                return owner.attrs[attr]
            if owner.cls is not None and attr in owner.cls.names:
                return owner.cls.names[attr]  # a class attribute, read through the instance
            return Unknown(f"attribute {attr}")
        if isinstance(owner, _EnumMember):
            if attr == "value":
                return owner.value
            if attr == "name":
                return Lit(owner.name)
        if (
            attr == "task"
            and isinstance(owner, EnvRef)
            and (
                owner.path is not None
                or self.envs[owner.env_id].kind in ("TaskEnvironment", "ClusteredTaskEnvironment")
            )
        ):
            return _TaskFactory(owner, CallArgs(), Span(0, 0, 0, 0), checked_here=False, method=True)
        if isinstance(owner, TaskRef) and owner.path is None and attr == "name":
            # The SDK names a task "<environment name>.<function __name__>"
            task = self.tasks[owner.task_id] if 0 <= owner.task_id < len(self.tasks) else None
            env = task.env if task is not None else None
            function = task.function if task is not None else None
            env_name = self.made_name(env) if isinstance(env, EnvRef) and env.path is None else None
            if env_name is not None and function is not None and task is not None and task.form == "decorator":
                return Lit(f"{env_name}.{function.name}")
        if isinstance(owner, TaskRef) and owner.path is None and attr == "reusable":
            # What the environment had when the task was decorated (its own reusable, unless set after)
            task = self.tasks[owner.task_id] if 0 <= owner.task_id < len(self.tasks) else None
            env = task.env if task is not None else None
            if isinstance(env, EnvRef) and env.path is None and 0 <= env.env_id < len(self.envs):
                made = self.envs[env.env_id]
                changed = any(call.env == env and call.method == "setattr:reusable" for call in self.env_calls)
                # (``setattr(...)`` with a computed name, or ``task.reusable = ...``, may change it unseen)
                changed = changed or "setattr(" in self.source or len(_REUSABLE_WRITE.findall(self.source)) > 0
                value = _public(self.env_attribute(made, "reusable"))
                if not changed and isinstance(value, Obj) and value.callee == "flyte.ReusePolicy":
                    return value
                if not changed and value == Lit(None) and made.args.keyword("reusable") is not None:
                    return value  # ``reusable=None`` given (a clone without reuse)
                plain_constructor = made.origin == "constructor" and made.class_name == "flyte.TaskEnvironment"
                if not changed and plain_constructor and made.args.keyword("reusable") is None:
                    if not made.args.positional[1:] and not made.args.star_args and not made.args.star_kwargs:
                        return Lit(None)
        if isinstance(owner, EnvRef) and owner.path is None and 0 <= owner.env_id < len(self.envs):
            return self.env_attribute(self.envs[owner.env_id], attr)
        if isinstance(owner, EnvRef) and owner.path is not None and self.resolver is not None:
            # An environment of another module: its plain settings (a name, a number) read the same here.
            field = self.resolver.env_attribute(owner.path, owner.env_id, attr)
            if field is not None and to_plain(_public(field)) is not _NOT_PLAIN:
                return field
            return Unknown(f"attribute .{attr} of an environment of another module")
        if isinstance(owner, Obj) and attr in owner.args.keyword_names() and owner.span not in self.mutated:
            given = owner.args.keyword(attr)
            assert given is not None
            return given.value
        return Unknown(f"attribute .{attr}")

    def read_property(self, getter: _Function, instance: _Instance, node: ast.Attribute) -> _Internal:
        """``settings.retries`` where ``retries`` is a property: its getter run with the instance as ``self``, as
        a call with no arguments at the attribute (Unknown when the call cannot be followed)."""
        call = self.made_call(node, [], node)
        followed = self.follow_call(getter, call, None, bound_self=instance, always=True)
        return Unknown(f"property {node.attr}") if followed is None else followed

    def env_attribute(self, env: EnvDef, attr: str) -> _Internal:
        """A field of an environment of this module, as the SDK stores it: given by keyword (or the name given
        first), or inherited from the environment ``clone_with`` copied."""
        if attr not in _ENV_COPIED_FIELDS or env.args.star_kwargs:
            return Unknown(f"environment attribute {attr}")
        given = env.args.keyword(attr)
        if given is not None:
            return given.value
        if attr == "name" and env.args.positional and env.origin != "clone_with":
            return env.args.positional[0].value
        if env.args.positional or env.args.star_args:
            return Unknown("environment fields given by position")
        if env.origin == "clone_with" and isinstance(env.clone_of, EnvRef) and env.clone_of.path is None:
            return self.env_attribute(self.envs[env.clone_of.env_id], attr)
        return Unknown(f"default of {attr}")

    def first_item(self, node: ast.Call) -> _Internal | None:
        """``next(iter(ENVS.values()))``, ``next(e for e in ENVS if e.name == "etl")`` (and with a default): the
        first item of a known iterable; None when not known. A generator whose parts call anything is not
        followed: it runs only up to its first item, and what later items would make is not made."""
        if node.keywords or not 1 <= len(node.args) <= 2 or any(isinstance(a, ast.Starred) for a in node.args):
            return None
        source = node.args[0]
        items: Sequence[_Internal] | None = None
        if (
            isinstance(source, ast.Call)
            and isinstance(source.func, ast.Name)
            and source.func.id == "iter"
            and self._is_builtin("iter")
            and len(source.args) == 1
            and not source.keywords
            and not isinstance(source.args[0], ast.Starred)
        ):
            items = self.iteration(source.args[0])
        elif isinstance(source, ast.GeneratorExp) and not any(
            isinstance(part, (ast.Call, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom))
            for part in _walk([source.elt, *(test for g in source.generators for test in g.ifs)], frozenset())
        ):
            found = self.comprehension(source)
            items = found.items if isinstance(found, Seq) else None
        if items is None:
            return None
        if items:
            return items[0]
        if len(node.args) == 2:
            return self.eval(node.args[1])
        return Unknown("next() of an empty iterator raises StopIteration")

    def iteration(self, iterable: ast.expr) -> Sequence[_Internal] | None:
        """What a ``for`` over ``iterable`` goes through, when known: a known list, tuple, set, dict (its keys) or
        string, or an Enum class of the project (its members in the order written, aliases left out)."""
        value = self.eval(iterable)
        if isinstance(value, _UserClass) and value.is_enum:
            members: list[_Internal] = []
            seen: list[Value] = []
            for member in value.names.values():
                if not isinstance(member, _EnumMember):
                    return None
                plain = _public(member.value)
                if not isinstance(plain, Lit) or type(plain.value) not in (str, int, float, bool):
                    return None  # auto() and computed values: which are aliases is not known
                if plain not in seen:
                    seen.append(plain)
                    members.append(member)
            return members if len(members) <= MAX_ITERATIONS else None
        return iterate(_public(value), MAX_ITERATIONS)

    def comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> _Internal | None:
        """A comprehension over known iterables, element by element (each element makes its own objects);
        None when it cannot be followed (then its parts are read once, for what they contain)."""
        if any(generator.is_async for generator in node.generators):
            return None
        rows: list[dict[str, _Internal]] = [{}]
        self.scopes.append(_Scope("function", qualname=self.scope.qualname))
        self.scopes[-1].kind = self.scopes[-2].kind  # definitions made here run where the comprehension runs
        saved_memo = self.memo
        try:
            for generator in node.generators:
                expanded: list[dict[str, _Internal]] = []
                for row in rows:
                    self.memo = {}
                    self.scope.names = dict(row)
                    items = self.iteration(generator.iter)
                    if items is None or not self.spend(len(items)):
                        return None
                    for item in items:
                        self.memo = {}
                        self.scope.names = dict(row)
                        self.assign(generator.target, item, None)
                        keep = True
                        for condition in generator.ifs:
                            known = truth(_public(self.eval(condition)))
                            if known is None:
                                return None
                            keep = keep and known
                        if keep:
                            expanded.append(dict(self.scope.names))
                rows = expanded
            if len(rows) > MAX_ITERATIONS:
                return None
            results: list[Value] = []
            pairs: list[tuple[Value, Value]] = []
            for row in rows:
                self.memo = {}
                self.scope.names = row
                if isinstance(node, ast.DictComp):
                    pairs.append((_public(self.eval(node.key)), _public(self.eval(node.value))))
                else:
                    results.append(_public(self.eval(node.elt)))
        finally:
            self.memo = saved_memo
            self.scopes.pop()
        if isinstance(node, ast.DictComp):
            return Dict(tuple(pairs))
        kind = "set" if isinstance(node, ast.SetComp) else "list"
        return Seq(kind, tuple(results))  # type: ignore[arg-type]

    def given_flyte_objects(self, node: ast.Call) -> bool:
        """Whether a call is given an environment or a task (``without_reuse(*pools)``): what it does to them
        (``env.reusable = None`` on each) counts even when its value is dropped."""
        given = [a.value if isinstance(a, ast.Starred) else a for a in node.args] + [k.value for k in node.keywords]
        for expr in given:
            value = _public(self.eval(expr))
            items = value.items if isinstance(value, Seq) else (value,)
            if any(isinstance(item, (EnvRef, TaskRef, ImportedRef)) for item in items):
                return True
        return False

    def follow_call(
        self,
        function: _Function,
        node: ast.Call,
        binding: str | None,
        bound_self: _Internal | None = None,
        always: bool = False,
        preset: _Partial | None = None,
    ) -> _Internal | None:
        """Run the body of a plain function of the project with the call's arguments, as the call would: what
        it makes (environments, tasks, overrides) is made here, once per call, and its return value is the
        call's value. None (nothing done) when the call cannot be followed: unknown arguments shape, a generator
        or recursion, or the budget is spent. With ``always`` it is followed wherever it is called (a property's
        getter, whose value is what the read is for; an ``__init__``, which says what the instance holds)."""
        definition = function.node
        shape = function.owner.shape(definition)
        if definition in self.following or len(self.following) >= MAX_FOLLOW_DEPTH or shape.is_generator:
            return None
        if (
            not function.owner.reaches_flyte(definition)
            and not self.at_import()
            and not always
            and not self.deciding_values
            and id(definition) not in function.owner.traced_nodes  # a task called in it is refused
            and not (self.current_task is not None and function.owner.calls_task(function))
        ):
            # A plain helper called from a function body: nothing Flyte happens in it (unless its value is an
            # override() argument: ``child.override(retries=retries_for(stage))``, or it calls a task, which the
            # SDK runs as the calling task's: ``def render(n): return to_text(n)`` called by an async task).
            return None
        calls_task = self.current_task is not None and function.owner.calls_task(function)
        if node is self.discarded and not (
            always
            or shape.relevant
            or shape.makes
            or shape.changes
            or shape.changed_parameters
            or calls_task
            or self.given_flyte_objects(node)
        ):
            return None  # ``setup_logging()``: its value is not used, it makes nothing Flyte and changes nothing given
        if node is self.discarded and isinstance(definition, ast.AsyncFunctionDef) and not shape.relevant:
            return None  # a coroutine made and dropped never runs: the tasks it calls are not called
        bound = self.bind_parameters(function, node, bound_self, preset)
        if bound is None or not self.spend(shape.size):
            return None
        foreign = function.owner is not self
        saved = (self.scopes, self.memo, self.returned, self.return_depth, self.current_function, self.lines.override)
        if foreign and self.lines.override is None:
            self.lines.override = self.lines.span(node)  # what another module's function makes is made here
        scope = _Scope("function", qualname=definition.name)
        scope.names.update(bound)
        self.scopes = [*function.scopes, scope]
        self.memo = {}
        self.returned = False
        self.return_depth = len(self.alternatives)
        self.returns.append([])
        if not self.following:
            self.follow_origin = saved[0][-1].kind
        self.following.append(definition)
        self.following_owners.append(function.owner)
        if function.owner is self and not self.unsure_calls:
            self.followed_nodes.add(id(definition))
        if function.owner is self:
            # Followed only from guarded code so far: its raises are caught (``guarded`` gets its body's lines).
            only_guarded = self.guarded_calls.get(id(definition), (definition, True))[1] and self.guard_depth > 0
            self.guarded_calls[id(definition)] = (definition, only_guarded)
        traced = int(id(definition) in function.owner.traced_nodes)
        self.trace_depth += traced
        try:
            self.visit_block(definition.body)
        finally:
            self.trace_depth -= traced
            self.following.pop()
            self.following_owners.pop()
            returned = self.returns.pop()
            self.scopes, self.memo, self.returned, self.return_depth, _, self.lines.override = saved
        if not foreign and len(function.scopes) == 1 and not self.unsure_calls:
            self.followed.add(definition.name)
        if isinstance(definition, ast.AsyncFunctionDef):
            return Unknown("coroutine")  # what it makes is made; its value comes from an await
        if not returned:
            return Lit(None)
        first = returned[0]
        if any(value is not first and value != first for value in returned[1:]):
            return Unknown("returns differ by path")
        if isinstance(first, EnvRef) and first.path is None and binding is not None:
            made = self.envs[first.env_id]
            if made.binding is None:
                self.envs[first.env_id] = replace(made, binding=binding)
        return first

    def reads_every_module(self) -> bool:
        """Whether a name imported here is read from its module whatever that module holds: in code run at import,
        in task bodies (``n = config.RETRIES`` then ``override(retries=n)``) and in override() arguments, whose
        values decide findings; elsewhere only from modules that may matter."""
        return self.deciding_values > 0 or self.current_task is not None or self.at_import()

    def at_import(self) -> bool:
        """Whether the code being read runs when the module is imported (module or class body, or a function
        followed from there), where every call is followed; elsewhere only calls into Flyte-relevant code."""
        origin = self.follow_origin if self.following else self.scope.kind
        return origin in ("module", "class")

    def called_names(self, function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> frozenset[str]:
        """What the function's body calls by name (memoised: every function nested in it asks)."""
        found = self._called.get(id(function))
        if found is None:
            found = self._called[id(function)] = _called_names(function)
        return found

    def reaches_flyte(self, definition: ast.FunctionDef | ast.AsyncFunctionDef, depth: int = 0) -> bool:
        """Whether calling the function may override, make or decorate something: its own body calls a Flyte
        method, or calls (by name, or as ``self.m()`` / ``cls.m()``) a function or method of this module that
        does, down a chain of helpers (memoised; a cycle or a deep chain counts as not reaching)."""
        found = self._relevant.get(id(definition))
        if found is not None:
            return found
        self._relevant[id(definition)] = False  # a recursive chain: not through itself
        found = self.shape(definition).relevant
        if not found and depth < _MAX_HELPER_CHAIN:
            callees = [self.function_nodes.get(name) for name in self.called_names(definition)]
            callees += [m for name in _called_methods(definition) for m in self.method_nodes.get(name, ())]
            found = any(c is not None and self.reaches_flyte(c, depth + 1) for c in callees)
        self._relevant[id(definition)] = found
        return found

    def classes_kept(self) -> list[str]:
        """The classes defined at module level that the name still holds when the module has run (not rebound,
        not deleted): what another module imports under that name is that class."""
        if self.star_import or "*" in self.dynamic_names:
            return []
        kept = []
        for name in self.local_classes:
            value = self.module.names.get(name)
            if (isinstance(value, _UserClass) or value is _A_CLASS) and name not in self.dynamic_names:
                kept.append(name)
        return kept

    def may_be_project(self, module: str) -> bool:
        """Whether ``module`` (imported whole) may be one of the project's: in project mode, known; else any
        module that is neither flyte nor the standard library's."""
        if self.resolver is not None:
            return self.resolver.is_module(module)
        top = module.split(".", 1)[0]
        return top != "flyte" and top not in sys.stdlib_module_names

    def calls_task(self, function: _Function, depth: int = 0) -> bool:
        """Whether the function's body calls, by name, a task (of this module, or a name imported from another
        module, which may be one), directly or down a chain of this module's helpers (memoised)."""
        definition = function.node
        found = self._calls_task.get(id(definition))
        if found is not None:
            return found
        self._calls_task[id(definition)] = False  # a recursive chain: not through itself
        found = False
        for name in _called_owners(definition):
            # ``tasks.normalize(x)``: a function of a project module, which may be a task
            owner = _scope_value(function.scopes, name)
            if isinstance(owner, _LazyImport) or (isinstance(owner, _Qualified) and self.may_be_project(owner.name)):
                found = True
                break
        for name in () if found else self.called_names(definition):
            value = _scope_value(function.scopes, name)
            if isinstance(value, (TaskRef, _Overridden, ImportedRef, _LazyImport)) or (
                isinstance(value, _Qualified) and not _is_flyte_or_stdlib(value.name)
            ):
                found = True
            elif isinstance(value, FunctionRef) and depth < _MAX_HELPER_CHAIN:
                node = self.function_nodes.get(value.name)
                if node is not None:
                    found = self.calls_task(_Function(node, self, (self.module,)), depth + 1)
            elif isinstance(value, _Function) and value.owner is self and depth < _MAX_HELPER_CHAIN:
                found = self.calls_task(value, depth + 1)
            if found:
                break
        self._calls_task[id(definition)] = found
        return found

    def shape(self, definition: ast.FunctionDef | ast.AsyncFunctionDef) -> _BodyShape:
        """What following a function costs and whether it may make or configure anything (memoised)."""
        found = self._shapes.get(id(definition))
        if found is None:
            found = self._shapes[id(definition)] = _shape_of(definition)
        return found

    def attribute_writes(self, definition: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, str | None]]:
        """``_module_attribute_writes`` of a function of this module (memoised, as ``shape``: asked at each call)."""
        found = self._attribute_writes.get(id(definition))
        if found is None:
            found = self._attribute_writes[id(definition)] = _module_attribute_writes(definition)
        return found

    def made_call(self, func: ast.expr, args: list[ast.expr], at: ast.AST) -> ast.Call:
        """A call extraction makes for itself (a decorator applied to its function, ``__post_init__`` run on a new
        instance...), placed at ``at`` and kept alive with the tree (see ``made_nodes``)."""
        call = ast.Call(func=func, args=args, keywords=[])
        ast.copy_location(call, at)
        ast.fix_missing_locations(call)
        self.made_nodes += (call, func, *args)
        return call

    def own_file_part(self, node: ast.Attribute) -> Lit | None:
        """``Path(__file__).stem`` / ``.name``: the module's own file name, whatever folder it is deployed from."""
        call = node.value
        if (
            not isinstance(call, ast.Call)
            or len(call.args) != 1
            or call.keywords
            or not (isinstance(call.args[0], ast.Name) and call.args[0].id == "__file__")
            or self.lines.override is not None  # another module's function, placed here: not this file's name
            or self.path.startswith("<")
        ):
            return None
        if not isinstance(self.lookup("__file__"), Unknown) or self.eval(call.func) != _Qualified("pathlib.Path"):
            return None  # ``__file__`` rebound, or not the standard Path
        own = pathlib.PurePath(self.path)
        return Lit(own.stem if node.attr == "stem" else own.name)

    def constant_attribute(self, node: ast.Call) -> ast.Attribute | None:
        """``getattr(tasks, "child")`` (no default, the name a known identifier: a literal, or computed,
        ``f"{KIND}_env"``) read as ``tasks.child``, which it is; None for any other getattr."""
        if len(node.args) != 2 or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            return None
        name = _public(self.eval(node.args[1]))
        if not (isinstance(name, Lit) and isinstance(name.value, str) and name.value.isidentifier()):
            return None
        attribute = ast.Attribute(value=node.args[0], attr=name.value, ctx=ast.Load())
        ast.copy_location(attribute, node)
        self.made_nodes += (attribute,)
        return attribute

    def builtin_map(self, node: ast.Call) -> _Internal:
        """``map(one, items)``: ``one``, a function of this module, is called on each item (when the map object
        is consumed, as ``list(...)`` or ``gather(*...)`` do): followed once, with an unknown item. In a task
        body ``one`` may be a task (``list(map(to_text, numbers))``): called as written, once."""
        mapped = node.args[0] if node.args and not node.keywords else None
        empty = any(isinstance(v, (Seq, Dict)) and not v.items for v in (_public(self.eval(a)) for a in node.args[1:]))
        callable_kinds: tuple[type, ...] = (FunctionRef,)
        if self.current_task is not None:
            callable_kinds = (FunctionRef, TaskRef, _Overridden, ImportedRef, _LazyImport)
        if (
            isinstance(mapped, ast.Name)
            and len(node.args) > 1
            and not empty
            and isinstance(self.lookup(mapped.id), callable_kinds)
        ):
            items: list[ast.expr] = [ast.Name(id="<item>", ctx=ast.Load()) for _ in node.args[1:]]
            self.eval(self.made_call(mapped, items, node))
        self.visit_args(node)
        return Unknown("map object")

    def module_function_call(self, node: ast.Call, func: ast.Attribute, module: str) -> _Internal:
        """``work.child(x)`` / ``helpers.retry_child(x)`` in a function body, ``work`` an imported module: a task
        call, as ``from work import child`` then ``child(x)`` is; a helper called by a task is followed."""
        from_task = self.current_task is not None and not self.unsure_calls
        callee: _Internal = ImportedRef(module, func.attr)
        if self.resolver is None:
            if from_task:
                self.value_imports.add(module)  # project mode may follow the helper
        elif from_task and (self.reads_every_module() or self.resolver.may_matter(module)):
            callee = self.eval(func)
        if isinstance(callee, _Function) and from_task:
            return self.call_function(callee, node, None)
        if self.current_task is not None and isinstance(callee, (TaskRef, _Overridden, ImportedRef)):
            self.record_task_call(_task_of(callee), "call", node)
        self.visit_args(node)
        return Unknown("result of a call of another module's function")

    def call_function(self, function: _Function, node: ast.Call, binding: str | None) -> _Internal:
        """A call of a function of another module: followed when it can be, and what it may change forgotten."""
        cached = self.cached_call(function, node, binding)
        if cached is not None:
            self.forget_changes(function, node, True)
            return cached
        followed = self.follow_call(function, node, binding)
        self.forget_changes(function, node, followed is not None)
        if followed is not None:
            return followed
        self.visit_args(node)
        return Unknown("result of a function of another module")

    def forget_changes(self, function: _Function, node: ast.Call, followed: bool = False) -> None:
        """After a call of ``function`` at import, the module-level names it may have changed are no longer
        known (a ``global`` rebinding, a settings dict changed in place): never a stale value. When its body was
        followed, what it changed in place is already changed where it is held (``REGISTRY[name] = env``): only
        the names it rebinds ``global`` are lost (the followed body bound them in its own scope)."""
        shape = function.owner.shape(function.node)
        if shape.changed_parameters:
            self.forget_passed(function, node, shape.changed_parameters)
        foreign = function.owner is not self and self.resolver is not None
        names = function.scopes[0].names if function.scopes else self.module.names
        if self.resolver is not None:
            # ``config.RETRIES = 4`` / ``setattr(config, "RETRIES", 4)`` in its body: that module's name is no longer
            # known, for every later reader (when the body was followed, the value it set is not kept either).
            for holder, attr in function.owner.attribute_writes(function.node):
                module = names.get(holder)
                if isinstance(module, _LazyImport):  # ``from . import config``
                    module = _Qualified(f"{module.module}.{module.name}")
                if isinstance(module, _Qualified) and not _is_flyte_or_stdlib(module.name) and attr is not None:
                    self.resolver.patch(module.name, attr, Unknown(f"set by a call of {function.node.name}()"))
        # Another module's function changed its own module's names: this module followed it on a copy of them.
        changed = shape.declared_global if followed and not foreign else shape.changes
        if not changed:
            return
        for name in changed:
            if name in names:
                names[name] = Unknown(f"changed by a call of {function.node.name}()")
                if foreign and self.resolver is not None:
                    # ``config.load("prod")`` rebinding config's globals: changed there, for every later reader
                    self.resolver.patch_file(function.owner.path, name, Unknown(f"changed by {function.node.name}()"))

    def forget_passed(self, function: _Function, node: ast.Call, parameters: frozenset[str]) -> None:
        """What a call passes to parameters the function changes in place is no longer known afterwards (the
        followed body changed its own copy of the value, not the caller's)."""
        args = function.node.args
        positional = [a.arg for a in (*args.posonlyargs, *args.args)]
        passed = [
            argument
            for index, argument in enumerate(node.args)
            if isinstance(argument, ast.Starred)
            or (index < len(positional) and positional[index] in parameters)
            or (index >= len(positional) and args.vararg is not None and args.vararg.arg in parameters)
        ]
        passed += [k.value for k in node.keywords if k.arg in parameters]  # ``**d`` hands over a copy of d
        for argument in passed:
            holder = argument.value if isinstance(argument, ast.Starred) else argument
            value = self.lookup(holder.id) if isinstance(holder, ast.Name) else None
            if isinstance(value, (_UserClass, _Instance)):
                self.forget_attributes(value, f"a call of {function.node.name}()")
            elif isinstance(holder, (ast.Name, ast.Attribute, ast.Subscript)):
                changed = Unknown(f"changed by a call of {function.node.name}()")
                self.replace_held(holder, self.memo.get(id(holder)) or value, changed)

    def bind_parameters(
        self, function: _Function, node: ast.Call, bound_self: _Internal | None = None, preset: _Partial | None = None
    ) -> dict[str, _Internal] | None:
        """The call's arguments bound to the function's parameters (defaults filled in), or None when the
        binding cannot be known (a ``*args``/``**kwargs`` at the call whose value is not known, a missing
        argument, a keyword given twice)."""
        definition = function.node
        args = definition.args
        positional = [*args.posonlyargs, *args.args]
        bound: dict[str, _Internal] = {}
        values: list[_Internal] = list(preset.positional if preset else ())
        for argument in node.args:
            if not isinstance(argument, ast.Starred):
                values.append(self.eval(argument))
                continue
            spread = _public(self.eval(argument.value))  # ``make_env(*SPEC)``: a known list or tuple
            if not isinstance(spread, Seq) or spread.kind == "set":
                return None
            values.extend(spread.items)
        if bound_self is not None:
            values.insert(0, bound_self)  # a method: the instance is its first parameter
        for parameter, value in zip(positional, values, strict=False):
            bound[parameter.arg] = value
        extra = values[len(positional) :]
        if extra and args.vararg is None:
            return None
        if args.vararg is not None:
            bound[args.vararg.arg] = Seq("tuple", tuple(_public(v) for v in extra))
        keywords: list[tuple[Value, Value]] = []
        names = {a.arg for a in [*positional, *args.kwonlyargs]}
        at_call: dict[str, _Internal] = {}
        for keyword in node.keywords:
            evaluated = self.eval(keyword.value)
            entries = _string_keyed(evaluated) if keyword.arg is None else [(keyword.arg, evaluated)]
            if entries is None:
                return None  # ``**options`` not known
            for name, item in entries:
                if name in at_call:
                    return None  # TypeError: got multiple values for keyword argument
                at_call[name] = item
        given = {**dict(preset.keywords if preset else ()), **at_call}
        for name, value in given.items():
            if name in names:
                if name in bound:
                    return None
                bound[name] = value
            elif args.kwarg is not None:
                keywords.append((Lit(name), _public(value)))
            else:
                return None
        if args.kwarg is not None:
            bound[args.kwarg.arg] = Dict(tuple(keywords))
        defaults = dict(
            zip([a.arg for a in positional][len(positional) - len(args.defaults) :], args.defaults, strict=True)
        )
        defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None})
        missing = [p.arg for p in [*positional, *args.kwonlyargs] if p.arg not in bound]
        if any(name not in defaults for name in missing):
            return None
        if missing:
            # Defaults were computed where the function is defined, against that module's names.
            saved_scopes, saved_memo, saved_override = self.scopes, self.memo, self.lines.override
            self.scopes, self.memo = list(function.scopes), {}
            if function.owner is not self and self.lines.override is None:
                self.lines.override = self.lines.span(node)
            try:
                for name in missing:
                    bound[name] = self.default_value(function, defaults[name])
            finally:
                self.scopes, self.memo, self.lines.override = saved_scopes, saved_memo, saved_override
        return bound

    def default_value(self, function: _Function, default: ast.expr) -> _Internal:
        """A parameter's default as computed when the ``def`` ran; computed now (in the function's scopes) when
        that is not known here (another module's value that is not plain, a def not read)."""
        value = function.owner.default_values.get(id(default))
        if value is not None and (function.owner is self or to_plain(_public(value)) is not _NOT_PLAIN):
            return value
        return self.eval(default)

    def made_scope(self) -> Scope:
        """Where what is being made runs: a factory called at module level makes module-level objects."""
        if self.following and self.follow_origin is not None:
            return self.follow_origin
        return self.scope.kind

    def eval_fstring(self, node: ast.JoinedStr) -> _Internal:
        parts: list[str] = []
        known = True
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            elif isinstance(value, ast.FormattedValue):
                inner = self.eval(value.value)
                spec = None if value.format_spec is None else _public(self.eval(value.format_spec))
                if (
                    known
                    and isinstance(inner, Lit)
                    and isinstance(inner.value, (str, int))
                    and not isinstance(inner.value, bool)
                    and value.conversion in (-1, 115, 114)
                    and value.format_spec is None
                ):
                    parts.append(repr(inner.value) if value.conversion == 114 else str(inner.value))
                elif (
                    known
                    and isinstance(inner, Lit)
                    and type(inner.value) in (str, int, float)
                    and value.conversion in (-1, 115, 114)
                    and isinstance(spec, Lit)
                    and isinstance(spec.value, str)
                    and (formatted := _formatted(inner.value, value.conversion, spec.value)) is not None
                ):
                    parts.append(formatted)  # ``f"{BASE:_<6}"``, ``f"{shard:03d}"``
                elif (
                    known
                    and isinstance(inner, _EnumMember)
                    and inner.text
                    # A str mixin's member formats as its value before Python 3.11, as str() prints it from 3.11:
                    # the Python flyte-lint runs on decides (that of the environment that imports the module).
                    and (not inner.mixin or value.conversion == 115 or _FORMAT_IS_STR)
                    and value.conversion in (-1, 115)
                    and value.format_spec is None
                ):
                    parts.append(inner.text)
                else:
                    known = False
            else:
                known = False
        return Lit("".join(parts)) if known else Unknown("f-string with unknown parts")

    def eval_call(self, node: ast.Call, binding: str | None) -> _Internal:
        saved, self.reference_only = self.reference_only, False  # a call's own parts are values again
        try:
            return self._eval_call(node, binding)
        finally:
            self.reference_only = saved

    def _eval_call(self, node: ast.Call, binding: str | None) -> _Internal:
        func = node.func
        if any(type(arg) is ast.Lambda and _mutates_parameters(arg) for arg in node.args):
            # ``map(lambda p: p.update(concurrency=1), PROFILES.values())``: what the call hands the lambda (the
            # lists and dicts its other arguments name, or hold) may change
            for arg in node.args:
                if type(arg) is ast.Lambda:
                    continue
                for part in _walk([arg], _NOT_WALKED_IN_SHAPE):
                    if isinstance(part, (ast.Name, ast.Attribute)) and isinstance(part.ctx, ast.Load):
                        held = self.eval(part)
                        if isinstance(held, (Seq, Dict)):
                            self.replace_held(part, held, Unknown("changed by a lambda it was handed to"))
        if _dotted(func).rsplit(".", 1)[-1] in _MODULE_REWRITER_NAMES:
            callee = self.eval(func)
            if isinstance(callee, _Qualified) and canonical(callee.name) in _MODULE_REWRITERS:
                self.foreign_values_unknown = True  # the module it imports may set anything (a profile module)
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "__setattr__"
            and isinstance(func.value, ast.Name)
            and func.value.id == "object"
            and self._is_builtin("object")
        ):
            # ``object.__setattr__(self, "concurrency", 1)``: how a frozen dataclass's __post_init__ sets a field
            if not self.set_attribute(node):
                self.visit_args(node)
                self.forget_module_values()
            return Lit(None)
        # Method calls on known receivers first: env.task(...), env.clone_with(...), t.override(...)
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Attribute) and func.value.attr == "depends_on":
                # env.depends_on.append(other) / .extend([...]): dependencies added after construction
                owner = self.eval(func.value.value)
                if isinstance(owner, (EnvRef, ImportedRef)):
                    self.env_calls.append(
                        EnvMethodCall(owner, f"depends_on.{func.attr}", self.call_args(node), self.lines.span(node))
                    )
                    return Unknown("list method result")
            method = func.attr
            if method == "override":
                self.deciding_values += 1  # ``pick().override(...)``: a helper that returns the task is followed
            try:
                receiver = self.eval_reference(func.value) if method in _REFERENCE_METHODS else self.eval(func.value)
            finally:
                if method == "override":
                    self.deciding_values -= 1
            if method == "task" and _may_be_env(receiver):
                return self.task_from_call(node, _public(receiver), binding)
            if method == "override" and (_may_be_task(receiver) or _is_container_task(receiver)):
                return self.record_override(node, receiver)
            if method == "clone_with" and _may_be_env(receiver):
                return self.record_env(node, "clone_with", "TaskEnvironment", binding, clone_of=_public(receiver))
            if method in ("add_dependency",) and isinstance(receiver, (EnvRef, ImportedRef)):
                self.env_calls.append(EnvMethodCall(receiver, method, self.call_args(node), self.lines.span(node)))
                return Unknown("add_dependency() returns None")
            if method == "forward" and _may_be_task(receiver) and not isinstance(receiver, _Overridden):
                # ``fetch.forward(x)``: the function itself, called in the caller's own process (no task run)
                self.record_task_call(_task_of(receiver), "forward", node)
                self.visit_args(node)
                return Unknown("forward result")
            if method in ("aio",) and _may_be_task(receiver):
                if isinstance(receiver, _Overridden):
                    self.invoked.add(receiver.index)
                self.record_task_call(_task_of(receiver), "aio", node)
                self.visit_args(node)
                return Unknown("task result")
            if isinstance(receiver, _Qualified) and _is_flyte_or_stdlib(receiver.name):
                qualified = f"{canonical(receiver.name)}.{method}"
                return self.eval_qualified_call(node, qualified, binding)
            if (
                isinstance(receiver, _Qualified)
                and self.current_function is not None
                and not self.at_import()
                and not _is_flyte_or_stdlib(receiver.name)
            ):
                return self.module_function_call(node, func, receiver.name)
            if isinstance(receiver, _Qualified) and self.resolver is not None and self.at_import():
                # ``config.load("prod")`` at import: a function of another module of the project, followed as
                # one imported by name is (what it makes, what it changes in its module)
                function = self.eval(func)
                if isinstance(function, _Function):
                    return self.call_function(function, node, binding)
                if isinstance(function, _TaskFactory) and function.method:
                    return self.task_from_call(node, function.env, binding)  # ``@envs.task_of_pool(...)``
                if isinstance(function, _UserClass):
                    return self.instance(function, node)  # ``cfg.QueueConfig(workers=4)``, a class of that module
            if isinstance(receiver, Obj) and receiver.callee.startswith("flyte.Image"):
                obj = Obj(f"{receiver.callee}.{method}", self.call_args(node), self.lines.span(node))
                self.value_objects.append(ValueObject(obj))
                return obj
            if isinstance(receiver, _Instance) and receiver.cls is not None and method in receiver.cls.methods:
                # A plain method of a project class: followed with the instance as ``self`` (a builder's
                # ``.build(name)``, a runner's ``.big()`` that overrides the task it holds).
                followed = self.follow_call(receiver.cls.methods[method], node, binding, bound_self=receiver)
                if followed is not None:
                    return followed
            if isinstance(receiver, _Instance) and method in ("_replace", "_asdict"):
                copied = self.named_tuple_method(receiver, method, node)
                if copied is not None:
                    return copied
            found_method = receiver.class_method(method) if isinstance(receiver, _UserClass) else None
            if isinstance(receiver, _UserClass) and found_method is not None:
                # ``ProdSettings.env()``: a classmethod, maybe inherited, run with the class it was called on
                function, binds_class = found_method
                followed = self.follow_call(function, node, binding, bound_self=receiver if binds_class else None)
                if followed is not None:
                    return followed
            if isinstance(receiver, (_UserClass, _Instance)):
                # A method of a project class may change class attributes (``cls.TTL = ...``) or the
                # instance's: what it may change is no longer known.
                self.visit_args(node)
                # Setting ``cls.X`` binds X on this class: an inherited X may be shadowed now.
                self.forget_attributes(receiver, f".{method}()")
                if isinstance(receiver, _Instance) and receiver.cls is not None:
                    for name, held_value in list(receiver.cls.names.items()):
                        if not isinstance(held_value, (FunctionRef, _Local, _UserClass, _Function)):
                            receiver.cls.names[name] = Unknown(f"may be changed by .{method}()")
                return Unknown(f"result of .{method}()")
            if isinstance(receiver, (Seq, Dict)) and method in _MUTATORS:
                changed, result = _mutated(receiver, method, self.call_args(node))
                self.replace_held(func.value, receiver, changed)
                return result
            if isinstance(receiver, (Lit, Seq, Dict)) or (
                isinstance(receiver, Obj) and receiver.callee == "datetime.timedelta"
            ):
                args = self.call_args(node)
                if args.star_args or args.star_kwargs:
                    return Unknown(f"result of .{method}() with *args")
                keywords = {a.keyword: a.value for a in args.keywords if a.keyword is not None}
                positional = [a.value for a in args.positional]
                rearranged = evaluate_structural(receiver, method, positional)
                if rearranged is not None:
                    return rearranged
                return evaluate_method(receiver, method, positional, keywords)
            self.visit_args(node)
            return Unknown(f"result of .{method}()")
        copied = self.dict_call_base(node)
        if copied is not None:
            # dict(a=1, **base), dict(base, a=1): a dict display written as a call (shared TaskEnvironment settings)
            pairs: list[tuple[Value, Value]] = list(copied.items)
            complete = copied.complete
            for keyword in node.keywords:
                item = self.eval(keyword.value)
                if keyword.arg is None:
                    if isinstance(item, Dict):
                        pairs.extend(item.items)
                        complete = complete and item.complete
                    else:
                        complete = False
                else:
                    pairs.append((Lit(keyword.arg), _public(item)))
            return Dict(tuple(pairs), complete)
        if isinstance(func, ast.Name) and func.id in PURE_BUILTINS and self._is_builtin(func.id):
            return self.pure_call(node, func.id)
        if isinstance(func, ast.Name) and func.id == "map" and self._is_builtin("map"):
            return self.builtin_map(node)
        if isinstance(func, ast.Name) and func.id == "next" and self._is_builtin("next"):
            first = self.first_item(node)
            if first is not None:
                return first
        if isinstance(func, ast.Name) and func.id == "isinstance" and self._is_builtin("isinstance"):
            return self.container_task_test(node)
        if isinstance(func, ast.Name) and func.id == "getattr" and self._is_builtin("getattr"):
            attribute = self.constant_attribute(node)
            if attribute is not None:
                return self.eval(attribute, binding)
        if (
            isinstance(func, ast.Name)
            and func.id == "setattr"
            and self._is_builtin(func.id)
            and self.set_attribute(node)
        ):
            return Lit(None)
        if isinstance(func, ast.Name) and func.id == "delattr" and len(node.args) == 2 and self._is_builtin("delattr"):
            owner = self.eval(node.args[0])
            if isinstance(owner, (_UserClass, _Instance)):
                self.forget_attributes(owner, "delattr()")
            else:
                self.changed_unseen(owner, _attribute_name(self.eval(node.args[1])), node)
            return Lit(None)
        if isinstance(func, ast.Name) and func.id == "vars" and len(node.args) == 1 and self._is_builtin("vars"):
            owner = self.eval(node.args[0])
            if isinstance(owner, (_UserClass, _Instance)):
                self.forget_all_attributes(owner, "vars()")  # ``vars(settings)["cpu"] = 1``
            elif isinstance(owner, _Qualified) and not _is_flyte_or_stdlib(owner.name):
                self.foreign_values_unknown = True  # ``vars(settings).update(CONCURRENCY=1)``
            else:
                self.changed_unseen(owner, None, node)  # ``vars(pool).update(reusable=None)``
            return Unknown("vars()")
        if (
            isinstance(func, ast.Name)
            and func.id in ("setattr", "globals", "vars", "exec")
            and (func.id in ("setattr", "exec") or not node.args)
            and self._is_builtin(func.id)
        ):
            # Names may be rebound behind the code's back (``setattr(sys.modules[__name__], ...)``,
            # ``globals()[...] = ...``): no module-level setting is known from here on.
            self.visit_args(node)
            self.forget_module_values()
            return Unknown(f"result of {func.id}()")
        # In a function body a callee is named, not computed with (a task call): its value is not needed, unless
        # it is given an environment or task (an imported helper that overrides the task it gets).
        callee = self.eval_reference(func) if self.current_function is not None else self.eval(func)
        if isinstance(callee, ImportedRef) and self.current_function is not None:
            given = [self.eval(a) for a in node.args] + [self.eval(k.value) for k in node.keywords]
            # An imported helper a task body calls runs when the task runs: followed, the overrides it makes are
            # made here (``from helpers import retry_child`` in a module that makes tasks).
            from_task = self.current_task is not None and not self.unsure_calls
            handed = any(isinstance(v, (TaskRef, EnvRef, ImportedRef, _Overridden)) for v in given)
            if self.resolver is not None and (handed or (from_task and self.resolver.may_matter(callee.module))):
                # An imported helper given a task or environment, or called by a task: read it, to follow it.
                self.memo.pop(id(func), None)
                callee = self.eval(func)
            elif self.resolver is None and (handed or from_task):
                self.value_imports.add(callee.module)
                if callee.name:
                    self.value_imports.add(f"{callee.module}.{callee.name}")
        if isinstance(callee, FunctionRef) and self.scope.kind != "class":
            definition = self.function_nodes.get(callee.name)
            if definition is not None:
                function = _Function(definition, self, (self.module,))
                cached = self.cached_call(function, node, binding)
                if cached is not None:
                    self.forget_changes(function, node, True)
                    return cached
                followed = self.follow_call(function, node, binding)
                self.forget_changes(function, node, followed is not None)
                if followed is not None:
                    return followed
        if isinstance(callee, _CallablePartial) and (callee.owner is self or callee.carried):
            return self.call_partial(callee, node, binding)
        if isinstance(callee, _Partial):
            followed = self.follow_call(callee.function, node, binding, preset=callee)
            self.forget_changes(callee.function, node, followed is not None)
            if followed is not None:
                return followed
            self.visit_args(node)
            return Unknown("result of a partial")
        if isinstance(callee, _Function):
            return self.call_function(callee, node, binding)
        if isinstance(callee, _TaskFactory) and callee.method:
            return self.task_from_call(node, callee.env, binding)  # ``task = env.task`` then ``task(...)``
        if (
            isinstance(callee, _TaskFactory)
            and len(node.args) == 1
            and not node.keywords
            and not isinstance(node.args[0], ast.Starred)
        ):
            made = self.task_from_factory(node, callee, binding)
            if made is not None:
                return made
        if isinstance(callee, _UserClass):
            return self.instance(callee, node)
        if isinstance(callee, _UserEnvClass):
            return self.record_env(node, "constructor", callee.kind, binding, class_name=callee.name)
        if isinstance(callee, _Qualified) and _is_flyte_or_stdlib(callee.name):
            return self.eval_qualified_call(node, canonical(callee.name), binding)
        if isinstance(func, ast.Name) and func.id in self.local_classes and self.lookup(func.id) == _A_CLASS:
            # An instance of a class of this module (a plugin config, say): known to be an object of that class.
            return Obj(f"{_LOCAL_PREFIX}{func.id}", self.call_args(node), self.lines.span(node))
        if isinstance(callee, _EnumMember | _Instance):
            self.visit_args(node)
            return Unknown("call of an object")
        if isinstance(callee, ImportedRef) and callee.name and callee.name[:1].isupper() and self.current_task is None:
            # An imported class (CapWords by convention), e.g. a plugin config: an object of that class.
            return Obj(f"{callee.module}.{callee.name}", self.call_args(node), self.lines.span(node))
        if isinstance(callee, _Overridden):
            self.invoked.add(callee.index)
        if isinstance(callee, (TaskRef, _Overridden)) or (
            isinstance(callee, ImportedRef) and self.current_task is not None
        ):
            self.record_task_call(_task_of(callee), "override" if isinstance(callee, _Overridden) else "call", node)
            self.visit_args(node)
            return Unknown("task result")
        self.visit_args(node)
        return Unknown("call result")

    def pure_call(self, node: ast.Call, name: str) -> _Internal:
        """``len(x)``, ``str(x)``, ``textwrap.dedent(x)``...: computed when the arguments are known."""
        if name == "str" and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Attribute):
            member = self.eval(node.args[0])  # ``str(Tier.GOLD)``: a reference, evaluated once here
            if isinstance(member, _EnumMember) and member.text:
                return Lit(member.text)
        args = self.call_args(node)
        if args.star_args or args.star_kwargs:
            return Unknown(f"{name}() with *args")
        if name in ("zip", "enumerate", "reversed", "list", "tuple") and not args.keywords:
            # Rearranging known sequences works whatever their items are (functions, environments, tasks).
            sequences = [a.value for a in args.positional]
            if sequences and all(isinstance(s, Seq) and s.kind != "set" for s in sequences):
                rows = [s.items for s in sequences if isinstance(s, Seq)]
                if name == "zip":
                    return Seq("list", tuple(Seq("tuple", row) for row in zip(*rows, strict=False)))
                if name == "enumerate" and len(rows) == 1:
                    return Seq("list", tuple(Seq("tuple", (Lit(i), item)) for i, item in enumerate(rows[0])))
                if name == "reversed" and len(rows) == 1:
                    return Seq("list", tuple(reversed(rows[0])))
                if name in ("list", "tuple") and len(rows) == 1:
                    return Seq(name, rows[0])  # type: ignore[arg-type]
        if name in ("list", "tuple") and not args.keywords and len(args.positional) == 1:
            keys = _dict_keys(args.positional[0].value)
            if keys is not None:
                return Seq(name, keys)  # type: ignore[arg-type]  # ``list(ENVS)``: a dict's keys, not its values
        keywords = {a.keyword: a.value for a in args.keywords if a.keyword is not None}
        return evaluate_builtin(name, [a.value for a in args.positional], keywords)

    def instance(self, cls: _UserClass, node: ast.Call) -> _Internal:
        """An instance of a project class. For a dataclass or NamedTuple its fields are known from the call and
        the class defaults; the object itself stays what facts saw before (``<module>.Name``)."""
        args = self.call_args(node)
        module, _, short = cls.name.rpartition(".")
        callee = f"{_LOCAL_PREFIX}{short}" if module == (self.module_name or "<module>") else cls.name
        if callee == cls.name:
            self.project_classes.add(cls.name)
        obj = Obj(callee, args, self.lines.span(node))
        if cls.is_enum:
            return Unknown("Enum lookup")
        if cls.model_fields is not None:
            return self.model_instance(cls, cls.model_fields, obj, args)
        attrs: dict[str, _Internal] = {}
        if cls.fields is not None and not args.star_args and not args.star_kwargs:
            for name in cls.fields:
                if name in cls.names:
                    attrs[name] = cls.names[name]
            for field_name, arg in zip(cls.fields, args.positional, strict=False):
                attrs[field_name] = arg.value
            for arg in args.keywords:
                if arg.keyword is not None:
                    attrs[arg.keyword] = arg.value
            for name, factory in cls.factories.items():
                if name not in attrs:
                    attrs[name] = self.call_factory(factory, node)
        if cls.plain_instances and not args.positional and not args.keywords:
            return _Instance(obj, attrs, cls, made_by=cls)
        if cls.follow_init:
            made = _Instance(obj, {}, cls, made_by=cls)
            self.constructing.append(made)
            try:
                initialised = self.follow_call(cls.methods["__init__"], node, None, bound_self=made, always=True)
            finally:
                self.constructing.pop()
            if initialised is not None:
                return made  # attributes as __init__ set them; others read from the class
        known = cls.is_dataclass and not args.star_args and not args.star_kwargs
        # A dataclass instance with every field known reads anything else from its class, methods included.
        complete = known and cls.fields is not None and all(f in attrs for f in cls.fields)
        post_init = cls.methods.get("__post_init__") if cls.is_dataclass else None
        if post_init is not None:
            # ``self.env = flyte.TaskEnvironment(name=self.name, ...)`` in __post_init__: run it on the new
            # instance; its attributes are known only when it could be followed. (dataclasses.replace runs it
            # again: such copies are not followed, hence no dataclass_fields.)
            made = _Instance(obj, attrs, cls if complete else None, made_by=cls)
            hook = self.made_call(ast.Name(id="__post_init__", ctx=ast.Load()), [], node)
            self.constructing.append(made)
            try:
                hooked = complete and self.follow_call(post_init, hook, None, bound_self=made) is not None
            finally:
                self.constructing.pop()
            if hooked:
                return made
            return _Instance(obj, {}, made_by=cls)
        return _Instance(
            obj, attrs, cls if complete else None, dataclass_fields=cls.fields if known else None, made_by=cls
        )

    def model_instance(self, cls: _UserClass, fields: tuple[_ModelField, ...], obj: Obj, args: CallArgs) -> _Internal:
        """``Settings(retries=3)`` of a pydantic model: a field not given holds its default as written; a field
        given holds the value when pydantic keeps it as it is (an ``int`` for ``int``, a ``str`` for ``str``...;
        ``"3"`` for ``int`` becomes 3: not known). Positional arguments raise, unknown keywords are ignored or
        kept by configuration: the instance is not followed then."""
        by_name = {f.name: f for f in fields}
        if args.positional or args.star_args or args.star_kwargs:
            return _Instance(obj, {}, made_by=cls)
        attrs: dict[str, _Internal] = {}
        for arg in args.keywords:
            model_field = by_name.get(arg.keyword or "")
            if model_field is None:
                return _Instance(obj, {}, made_by=cls)
            kept = (
                not model_field.constrained
                and isinstance(arg.value, Lit)
                and type(arg.value.value).__name__ == model_field.annotation
            )
            attrs[model_field.name] = arg.value if kept else Unknown(f"{model_field.name} as pydantic validates it")
        for model_field in fields:
            if model_field.name not in attrs and model_field.default is not None:
                attrs[model_field.name] = model_field.default
        complete = all(f.name in attrs for f in fields)
        return _Instance(obj, attrs, cls if complete else None, made_by=cls)

    def call_factory(self, factory: _Internal, node: ast.Call) -> _Internal:
        """What ``field(default_factory=F)`` gives an instance made at ``node``: a project class's new instance, an
        empty list, dict or set, or what a project function (or a lambda without parameters) returns; Unknown for
        anything else."""
        call = self.made_call(ast.Name(id="<default_factory>", ctx=ast.Load()), [], node)
        if isinstance(factory, _UserClass) and not factory.is_enum:
            return self.instance(factory, call)
        if isinstance(factory, _Qualified) and factory.name in ("builtins.list", "builtins.dict"):
            return Seq("list", ()) if factory.name == "builtins.list" else Dict(())
        if isinstance(factory, FunctionRef):
            definition = self.function_nodes.get(factory.name)
            factory = _Function(definition, self, (self.module,)) if definition is not None else factory
        if isinstance(factory, _Function):
            followed = self.follow_call(factory, call, None)
            if followed is not None:
                return followed
        return Unknown("default_factory result")

    def partial(self, node: ast.Call) -> _Partial | None:
        """``functools.partial(f, ...)`` of a plain function of the project, its arguments read now (as partial
        stores them); None for anything else, or arguments spread with ``*``/``**``."""
        target = self.eval(node.args[0])
        if isinstance(target, FunctionRef) and self.scope.kind != "class":
            definition = self.function_nodes.get(target.name)
            target = _Function(definition, self, (self.module,)) if definition is not None else target
        if not isinstance(target, _Function):
            return None
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return None
        return _Partial(
            target,
            tuple(self.eval(a) for a in node.args[1:]),
            tuple((k.arg, self.eval(k.value)) for k in node.keywords if k.arg is not None),
        )

    def partial_of_flyte(self, node: ast.Call) -> bool:
        """Whether ``functools.partial(target, ...)`` is of an SDK callable whose call extraction reads:
        ``flyte.TaskEnvironment`` (any ``flyte.`` class or function), a task's ``override`` or an environment's
        ``clone_with``; arguments spread with ``*``/``**`` are not followed."""
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            return False
        target = node.args[0]
        if isinstance(target, ast.Attribute) and target.attr in ("override", "clone_with"):
            receiver = self.eval(target.value)
            return _may_be_task(receiver) if target.attr == "override" else _may_be_env(receiver)
        value = self.eval(target)
        return isinstance(value, _Qualified) and canonical(value.name).startswith("flyte.")

    def call_partial(self, partial: _CallablePartial, node: ast.Call, binding: str | None) -> _Internal:
        """A call of ``functools.partial(target, *a, **k)``: ``target(*a, *args, **{**k, **kwargs})``, made here."""
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            self.visit_args(node)
            return Unknown("result of a partial")
        given = {k.arg for k in node.keywords}
        merged = self.made_call(partial.node.args[0], [*partial.node.args[1:], *node.args], node)
        merged.keywords = [k for k in partial.node.keywords if k.arg not in given] + list(node.keywords)
        self.memo.update(partial.values)  # the partial's arguments as they were when it was made
        # The SDK raises at this call (partial's own frame is not the user's code): everything is placed here.
        saved = self.lines.override
        self.lines.override = saved or self.lines.span(node)
        try:
            return self.eval(merged, binding)
        finally:
            self.lines.override = saved

    def named_tuple_method(self, receiver: _Instance, method: str, node: ast.Call) -> _Internal | None:
        """``limits._replace(retries=3)`` (a copy with the fields given changed) and ``limits._asdict()`` of a
        NamedTuple instance whose every field is known; None otherwise."""
        cls = receiver.made_by
        if cls is None or cls.fields is None or cls.is_dataclass or any(f not in receiver.attrs for f in cls.fields):
            return None
        args = self.call_args(node)
        if args.star_args or args.star_kwargs or args.positional:
            return None
        if method == "_asdict":
            return None if args.keywords else Dict(tuple((Lit(f), _public(receiver.attrs[f])) for f in cls.fields))
        if any(arg.keyword not in cls.fields for arg in args.keywords):
            return None  # ValueError: got unexpected field names
        attrs = dict(receiver.attrs)
        attrs.update({arg.keyword: arg.value for arg in args.keywords if arg.keyword is not None})
        return _Instance(replace(receiver.obj, span=self.lines.span(node)), attrs, None, None, cls)

    def as_dict(self, node: ast.Call) -> _Internal:
        """``dataclasses.asdict(options)`` of a dataclass instance whose fields are all known plain values (asdict
        turns nested dataclasses, flyte.Resources among them, into dicts: those are left unknown)."""
        original = self.memo.get(id(node.args[0])) if len(node.args) == 1 and not node.keywords else None
        if not isinstance(original, _Instance) or original.dataclass_fields is None:
            return Unknown("result of dataclasses.asdict()")
        fields = original.dataclass_fields
        values = [_public(original.attrs[f]) if f in original.attrs else None for f in fields]
        if any(value is None or to_plain(value) is _NOT_PLAIN for value in values):
            return Unknown("result of dataclasses.asdict()")
        return Dict(tuple((Lit(f), v) for f, v in zip(fields, values, strict=True) if v is not None))

    def replaced(self, node: ast.Call, args: CallArgs) -> _Internal:
        """``dataclasses.replace(settings, retries=3)``: a copy of a known dataclass instance with the fields given
        changed (a field it does not have is a TypeError at run time: nothing is known then). Of a flyte value
        object made with keywords only (``replace(BASE, cpu=4)`` of ``BASE = flyte.Resources(cpu=1, ...)``): the
        object made again with those keywords changed, which is what ``replace`` does."""
        original = self.memo.get(id(node.args[0])) if len(node.args) == 1 else None
        if isinstance(original, Obj) and original.callee in _REPLACEABLE_VALUE_OBJECTS:
            if original.args.positional or original.args.star_args or original.args.star_kwargs:
                return Unknown("result of dataclasses.replace()")
            if args.star_args or args.star_kwargs:
                return Unknown("result of dataclasses.replace()")
            changed = {arg.keyword for arg in args.keywords}
            kept = tuple(arg for arg in original.args.keywords if arg.keyword not in changed)
            made = Obj(original.callee, CallArgs((), kept + args.keywords), self.lines.span(node))
            self.value_objects.append(ValueObject(made))  # its __post_init__ checks run again on the new values
            return made
        if (
            not isinstance(original, _Instance)
            or original.dataclass_fields is None
            or args.star_args
            or args.star_kwargs
            or any(arg.keyword not in original.dataclass_fields for arg in args.keywords)
        ):
            return Unknown("result of dataclasses.replace()")
        attrs = dict(original.attrs)
        for arg in args.keywords:
            if arg.keyword is not None:
                attrs[arg.keyword] = arg.value
        return _Instance(
            replace(original.obj, span=self.lines.span(node)), attrs, None, original.dataclass_fields, original.made_by
        )

    def same_object(self, left: Value, right: Value, identity: bool) -> bool | None:
        """Whether two environments (or two tasks) are one object, as ``is`` and ``==`` tell; None when that is
        not known. Two definitions are two objects (and, with names that differ, unequal: the SDK's classes are
        dataclasses, ``==`` compares fields). One definition is one object only for an environment of this module
        made once (a task reference may stand for an ``override()`` of it, a copy)."""
        if not (isinstance(left, (EnvRef, TaskRef)) and isinstance(right, (EnvRef, TaskRef))):
            return None
        if type(left) is not type(right):
            return False
        if left == right:
            return (
                True if isinstance(left, EnvRef) and left.path is None and left.env_id not in self.many_made else None
            )
        if left.path != right.path:
            return None  # one module's environment re-exported by another: not told apart here
        if identity:
            return False
        names = [self.made_name(ref) if ref.path is None else None for ref in (left, right)]
        return False if None not in names and names[0] != names[1] else None

    def made_name(self, ref: EnvRef | TaskRef) -> str | None:
        """The name an environment of this module was given (a literal), or a task's function name."""
        if isinstance(ref, TaskRef):
            if not 0 <= ref.task_id < len(self.tasks):
                return None
            function = self.tasks[ref.task_id].function
            return function.name if function is not None else None
        if not 0 <= ref.env_id < len(self.envs):
            return None
        env = self.envs[ref.env_id]
        if any(call.env == ref and call.method == "setattr:name" for call in self.env_calls):
            return None  # renamed after it was made
        given = env.args.keyword("name") or (env.args.positional[0] if env.args.positional else None)
        if given is None or env.args.star_kwargs or not isinstance(given.value, Lit):
            return None
        return given.value.value if isinstance(given.value.value, str) else None

    def container_task_test(self, node: ast.Call) -> _Internal:
        """``isinstance(step, ContainerTask)``: known for a ContainerTask made here (True) and for a task an
        environment made (False), so that a list of both, told apart this way, is followed as it runs."""
        self.visit_args(node)
        if len(node.args) != 2 or node.keywords:
            return Unknown("isinstance()")
        kind = self.memo.get(id(node.args[1]))
        if not (isinstance(kind, _Qualified) and canonical(kind.name) == "flyte.extras.ContainerTask"):
            return Unknown("isinstance()")
        value = self.memo.get(id(node.args[0]))
        if value is not None and _is_container_task(value):
            return Lit(True)
        if isinstance(value, (TaskRef, _Overridden)):
            return Lit(False)  # a task an environment made
        return Unknown("isinstance()")

    def functional_named_tuple(self, node: ast.Call, args: CallArgs, typed: bool) -> _Internal:
        """``Limits = collections.namedtuple("Limits", ["retries", "cpu"], defaults=[2])`` and
        ``typing.NamedTuple("Limits", [("retries", int), ("cpu", str)])``: a NamedTuple class whose fields are
        known (the defaults fill the last ones); anything else (``rename=``, a field list not known) unknown."""
        unknown = Unknown("NamedTuple class")
        if len(args.positional) != 2 or args.star_args or args.star_kwargs:
            return unknown
        keywords = {arg.keyword: arg.value for arg in args.keywords}
        if set(keywords) - ({"module"} if typed else {"defaults", "module"}):
            return unknown
        typename, spec = _public(args.positional[0].value), _public(args.positional[1].value)
        if not isinstance(typename, Lit) or not isinstance(typename.value, str):
            return unknown
        fields: list[str] = []
        if isinstance(spec, Lit) and isinstance(spec.value, str) and not typed:
            fields = spec.value.replace(",", " ").split()
        elif isinstance(spec, Seq):
            for item in spec.items:
                if typed:
                    name = item.items[0] if isinstance(item, Seq) and len(item.items) == 2 else None
                else:
                    name = item
                if not isinstance(name, Lit) or not isinstance(name.value, str):
                    return unknown
                fields.append(name.value)
        else:
            return unknown
        if len(set(fields)) != len(fields) or not all(f.isidentifier() and not f.startswith("_") for f in fields):
            return unknown  # ValueError when the module runs
        names: dict[str, _Internal] = {}
        defaults = _public(keywords["defaults"]) if "defaults" in keywords else Seq("tuple", ())
        if not isinstance(defaults, Seq) or len(defaults.items) > len(fields):
            return unknown
        if defaults.items:
            names.update(zip(fields[-len(defaults.items) :], defaults.items, strict=True))
        return _UserClass(f"{self.module_name or '<module>'}.{typename.value}", names, tuple(fields))

    def eval_qualified_call(self, node: ast.Call, qualified: str, binding: str | None) -> _Internal:
        if (
            qualified in TASK_ENV_CLASSES
            or qualified in BARE_ENV_CLASSES
            or qualified in APP_ENV_CLASSES
            or (is_app_env_class(qualified))
        ):
            kind: EnvKind = (
                "ClusteredTaskEnvironment"
                if qualified == "flyte.clustered.ClusteredTaskEnvironment"
                else "TaskEnvironment"
                if qualified in TASK_ENV_CLASSES
                else "Environment"
                if qualified in BARE_ENV_CLASSES
                else "AppEnvironment"
            )
            return self.record_env(node, "constructor", kind, binding, class_name=qualified)
        if qualified in ("flyte.TaskEnvironment.from_task", "flyte.clustered.ClusteredTaskEnvironment.from_task"):
            return self.record_env(
                node, "from_task", "TaskEnvironment", binding, class_name=qualified.rsplit(".", 1)[0]
            )
        if qualified in ("flyte.map", "flyte.map.aio"):
            args = self.call_args(node)
            if node.args:
                first = self.memo.get(id(node.args[0]))
                if first is not None and _may_be_task(first):
                    self.record_task_call(_task_of(first), "map", node)
            del args
            return Unknown("map result")
        if qualified in _OPERATOR_MUTATORS and node.args and not isinstance(node.args[0], ast.Starred):
            container = self.eval(node.args[0])
            self.visit_args(node)
            if isinstance(container, (Seq, Dict)):
                self.replace_held(node.args[0], container, Unknown(f"changed by {qualified}()"))
            return Unknown(f"result of {qualified}()")
        if qualified == "flyte._environment.list_loaded_environments":
            # The SDK's registry of every environment made so far: a loop over it that clears ``reusable`` changes
            # this module's environments (those of modules imported earlier too, which are not followed here).
            self.call_args(node)
            return Seq("list", tuple(EnvRef(number) for number in range(len(self.envs))))
        if qualified in ("textwrap.dedent", "inspect.cleandoc"):
            return self.pure_call(node, qualified)
        if qualified == _SIMPLE_NAMESPACE:
            # ``settings = SimpleNamespace(cpu=2, name="etl")``: an object whose attributes are its keywords
            # (changed by attribute writes, as an instance's are).
            args = self.call_args(node)
            if args.positional or args.star_args or args.star_kwargs:
                return Unknown("SimpleNamespace of unknown attributes")
            attrs: dict[str, _Internal] = {a.keyword: a.value for a in args.keywords if a.keyword is not None}
            return _Instance(Obj(_SIMPLE_NAMESPACE, args, self.lines.span(node)), attrs)
        if qualified in ("pathlib.Path", "pathlib.PurePosixPath") and len(node.args) == 1 and not node.keywords:
            # ``mount=pathlib.Path("/etc/flyte/secrets/")``: what the SDK compares is str(path), normalised
            part = _public(self.eval(node.args[0]))
            if isinstance(part, Lit) and isinstance(part.value, str) and part.value:
                return Lit(str(pathlib.PurePosixPath(part.value)))
        if qualified == "functools.partial" and node.args and isinstance(node.args[0], ast.Attribute):
            target = node.args[0]
            if target.attr == "task" and len(node.args) == 1:
                env = self.eval(target.value)
                if _may_be_env(env):
                    args = self.call_args(node)
                    rest = CallArgs((), args.keywords, args.star_args, args.star_kwargs)
                    return _TaskFactory(_public(env), rest, self.lines.span(node), checked_here=False)
        if qualified == "functools.partial" and node.args and not isinstance(node.args[0], ast.Starred):
            made = self.partial(node)
            if made is not None:
                return made
            if self.partial_of_flyte(node):
                self.call_args(node)  # partial reads its arguments now
                parts = (part for arg in [*node.args, *node.keywords] for part in ast.walk(arg))
                read = {id(part): self.memo[id(part)] for part in parts if id(part) in self.memo}
                return _CallablePartial(node, self, read)
        args = self.call_args(node)
        if qualified in ("copy.copy", "copy.deepcopy") and len(node.args) == 1 and not node.keywords:
            original = _public(self.memo.get(id(node.args[0]), Unknown("")))
            if isinstance(original, (Seq, Dict)):
                # A new list or dict (changes to it leave the original alone) with the same items; a deep copy
                # of plain items only (a copied environment or object is another object).
                if qualified == "copy.copy":
                    return replace(original)
                plain = to_plain(original)
                return from_plain(plain) if plain is not _NOT_PLAIN else Unknown("deep copy")
        if qualified == "dataclasses.replace":
            return self.replaced(node, args)
        if qualified in ("collections.namedtuple", "typing.NamedTuple"):
            return self.functional_named_tuple(node, args, qualified == "typing.NamedTuple")
        if qualified == "dataclasses.asdict":
            return self.as_dict(node)
        if qualified in VALUE_OBJECT_CLASSES or qualified.startswith("flyte.Image."):
            obj = Obj(qualified, args, self.lines.span(node))
            self.value_objects.append(ValueObject(obj))
            return obj
        if qualified.startswith("flyte."):
            return Unknown(f"result of {qualified}()")
        return Unknown("call result")

    def record_env(
        self,
        node: ast.Call,
        origin: EnvOrigin,
        kind: EnvKind,
        binding: str | None,
        *,
        clone_of: Value | None = None,
        class_name: str = "flyte.TaskEnvironment",
    ) -> EnvRef | Unknown:
        args = self.call_args(node)
        if self.inert:
            return Unknown("made under TYPE_CHECKING")
        if origin == "clone_with" and isinstance(clone_of, EnvRef) and clone_of.path is None:
            source = self.envs[clone_of.env_id]
            kind, class_name = source.kind, source.class_name
        env = EnvDef(
            id=len(self.envs),
            kind=kind,
            origin=origin,
            args=args,
            span=self.lines.span(node),
            callee_span=self.lines.span(node.func),
            binding=binding,
            scope=self.made_scope(),
            clone_of=clone_of,
            class_name=class_name,
            alternatives=tuple(self.alternatives),
            made_elsewhere=self.lines.override is not None,
            cached_call=self.cached_stack[0] if self.cached_stack else "",
        )
        self.envs.append(env)
        if self.unsure_depth or (self.current_function is not None and not self.following):
            self.many_made.add(env.id)  # in a loop over unknown items, a function body read once: several objects
        if origin == "from_task":
            for arg in args.positional[1:]:
                if isinstance(arg.value, TaskRef):
                    self.env_calls.append(EnvMethodCall(EnvRef(env.id), "from_task", args, env.span))
                    break
        return EnvRef(env.id)

    def record_override(self, node: ast.Call, receiver: _Internal) -> _Internal:
        self.deciding_values += 1
        try:
            args = self.call_args(node)
        finally:
            self.deciding_values -= 1
        chain: tuple[CallArgs, ...] = receiver.chain if isinstance(receiver, _Overridden) else ()
        task = _task_of(receiver)
        assert isinstance(node.func, ast.Attribute)
        func_span = self.lines.span(node.func)
        attr_span = Span(
            func_span.end_line, max(1, func_span.end_column - len("override")), func_span.end_line, func_span.end_column
        )
        self.overrides.append(OverrideCall(task, args, self.lines.span(node), attr_span, chain, self.current_function))
        if self.current_task is not None:
            self.record_task_call(task, "override", node)
        return _Overridden(task, (*chain, args), len(self.overrides) - 1)

    def record_task_call(self, callee: Value, how: str, node: ast.expr) -> None:
        if self.current_task is None and self.current_function is None:
            return
        in_trace = self.trace_depth > 0 and not self.unsure_depth
        via = getattr(self.following[0], "name", "") if self.current_task is not None and self.following else ""
        use: Literal["return", "statement", ""] = (
            "return" if id(node) in self.returned_values else "statement" if node is self.discarded else ""
        )
        self.task_calls.append(TaskCall(self.current_task, callee, how, self.lines.span(node), in_trace, via, use))  # type: ignore[arg-type]

    # -- result -------------------------------------------------------------------------------------------

    def bindings(self) -> tuple[Binding, ...]:
        result: list[Binding] = []
        for name, value in self.module.names.items():
            line = self.last_bound.get(name, 0)
            public = _public(value)
            if isinstance(value, _Overridden):
                result.append(Binding(name, Unknown("override result"), line))
            elif isinstance(public, (EnvRef, TaskRef, FunctionRef, ImportedRef)) or _is_container_task(public):
                result.append(Binding(name, public, line))
            else:
                result.append(Binding(name, Unknown("other"), line))
        return tuple(result)


_A_CLASS = Unknown("a class")
_LOCAL_PREFIX = "<module>."
_LITERAL_NAMES = frozenset({"Literal", "typing.Literal", "typing_extensions.Literal", "t.Literal"})
_ANNOTATED_NAMES = frozenset({"Annotated", "typing.Annotated", "typing_extensions.Annotated", "t.Annotated"})


def _module_attribute_writes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, str | None]]:
    """``(name, attribute)`` a function's body sets on a name (``config.RETRIES = 4``, ``config.N += 1``,
    ``setattr(config, "RETRIES", 4)``; attribute None when setattr's name is not a literal)."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(function):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                found.append((target.value.id, target.attr))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
        ):
            name = node.args[1]
            literal = name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else None
            found.append((node.args[0].id, literal))
    return found


def _named_tuple_items(instance: _Instance) -> Seq | None:
    """A NamedTuple instance as the tuple it is (for ``t[0]`` and ``a, b = t``), when every field is known."""
    cls = instance.made_by
    if cls is None or cls.fields is None or cls.is_dataclass or any(f not in instance.attrs for f in cls.fields):
        return None
    return Seq("tuple", tuple(_public(instance.attrs[f]) for f in cls.fields))


def _nested_name(enclosing: ast.AST, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> str | None:
    """The name a function nested in ``enclosing`` is called by there: a ``def``'s own, or the one name a lambda
    is assigned to (``run = lambda v: child.override(...)(v)``); None for a lambda used otherwise."""
    if not isinstance(node, ast.Lambda):
        return node.name
    bound: dict[str, int] = {}
    named: str | None = None
    for statement in ast.walk(enclosing):
        if isinstance(statement, ast.Name) and isinstance(statement.ctx, ast.Store):
            bound[statement.id] = bound.get(statement.id, 0) + 1
        if (
            isinstance(statement, ast.Assign)
            and statement.value is node
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            named = statement.targets[0].id
    # Only a name bound once: a call of a name bound to two lambdas (rebound, or one per branch) runs one of them.
    return named if named is not None and bound.get(named) == 1 else None


def _sole_decorated_defs(node: ast.ClassDef) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.expr]]:
    """The class body's plain ``def``s with exactly one decorator, whose name nothing else in the body binds
    (a setter, a deleter, a later rebinding would change what the name is), with that decorator."""
    bound: dict[str, int] = {}
    for stmt in node.body:
        for name in _bound_names(stmt):
            bound[name] = bound.get(name, 0) + 1
    for stmt in node.body:
        if (
            isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
            and len(stmt.decorator_list) == 1
            and bound[stmt.name] == 1
        ):
            yield stmt, stmt.decorator_list[0]


_MAX_HELPER_CHAIN = 8


def _scope_value(scopes: Sequence[_Scope], name: str) -> _Internal | None:
    """What ``name`` is bound to in the innermost of ``scopes`` that binds it (class bodies do not enclose)."""
    for scope in reversed(scopes):
        if scope.kind == "class" and scope is not scopes[-1]:
            continue
        if name in scope.names:
            return scope.names[name]
    return None


def _lambda_as_def(lam: ast.Lambda, name: str, keep: list[ast.AST]) -> ast.FunctionDef:
    """``name = lambda args: body`` as ``def name(args): return body``, placed where the lambda is (the nodes are
    kept alive in ``keep``: extraction memoises by node id)."""
    returned = ast.Return(value=lam.body)
    ast.copy_location(returned, lam.body)
    definition = ast.FunctionDef(name=name, args=lam.args, body=[returned], decorator_list=[], returns=None)
    ast.copy_location(definition, lam)
    keep.extend((returned, definition))
    return definition


def _called_owners(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The names whose attributes the function's own body calls (``tasks.normalize(x)`` -> ``tasks``)."""
    return frozenset(
        node.func.value.id
        for node in _walk(function.body, _NESTED)
        if type(node) is ast.Call and type(node.func) is ast.Attribute and type(node.func.value) is ast.Name
    )


def _called_methods(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The methods the function's own body calls on ``self`` or ``cls`` (``self.step(x)``)."""
    return frozenset(
        node.func.attr
        for node in _walk(function.body, _NESTED)
        if type(node) is ast.Call
        and type(node.func) is ast.Attribute
        and type(node.func.value) is ast.Name
        and node.func.value.id in ("self", "cls")
    )


def _called_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> frozenset[str]:
    """The names the function's own body calls (``one(i)``, also in a comprehension or an argument)."""
    body = [function.body] if isinstance(function, ast.Lambda) else function.body
    return frozenset(
        node.func.id for node in _walk(body, _NESTED) if type(node) is ast.Call and type(node.func) is ast.Name
    )


@dataclass(frozen=True, slots=True)
class _EnumKey:
    """An Enum member as compared: its class and its value (aliases share a value; not known: ``_NOT``)."""

    cls: str
    value: object
    mixin: str = ""


def _enum_key(member: _EnumMember) -> _EnumKey:
    return _EnumKey(member.cls, to_plain(_public(member.value)) if member.cls else _NOT_PLAIN, member.mixin)


def _member_equals_plain(key: _EnumKey, plain: object) -> bool | None:
    """``Stage.PROD == "prod"``: a member of a str-mixin Enum (``class Stage(str, Enum)``, StrEnum) equals a
    str when its value does; None when that is not known."""
    if key.value is _NOT_PLAIN or not isinstance(plain, str):
        return None
    if key.mixin == "str":
        return bool(key.value == plain)
    return None  # a base class of the project may mix str in: not decided


def _same_member(a: _EnumKey, b: _EnumKey) -> bool | None:
    """Whether two members are equal: members of one class are equal when their values are (an alias is the
    member it repeats); across classes (a str or int mixin may equal another's value) or unknown: None."""
    if a.cls != b.cls or not a.cls or a.value is _NOT_PLAIN or b.value is _NOT_PLAIN:
        return None
    return bool(a.value == b.value)


def _version_info(node: ast.expr) -> tuple[ast.Attribute, int] | None:
    """``X.version_info`` (all of it) or ``X.version_info[:n]`` (its first n parts, n up to 3): the attribute and
    how many parts are compared; None for anything else."""
    if isinstance(node, ast.Attribute) and node.attr == "version_info":
        return node, 3
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "version_info"
        and isinstance(node.slice, ast.Slice)
        and node.slice.lower is None
        and node.slice.step is None
        and isinstance(node.slice.upper, ast.Constant)
        and type(node.slice.upper.value) is int
        and 1 <= node.slice.upper.value <= 3
    ):
        return node.value, node.slice.upper.value
    return None


def _captured_names(pattern: ast.pattern) -> Iterator[str]:
    """Names a ``case`` pattern binds (``case "a" | "b" as stage``, ``case other``)."""
    for node in ast.walk(pattern):
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name is not None:
            yield node.name
        elif isinstance(node, ast.MatchMapping) and node.rest is not None:
            yield node.rest


def _is_main_test(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = {type(side).__name__: side for side in (test.left, test.comparators[0])}
    name, constant = sides.get("Name"), sides.get("Constant")
    return (
        isinstance(name, ast.Name) and name.id == "__name__" and isinstance(constant, ast.Constant)
        and constant.value == "__main__"
    )  # fmt: skip


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _annotation_names(node: ast.expr, out: list[str], depth: int = 0) -> None:
    """Root names an annotation needs at run time; string annotations are parsed. Literal[...] values and
    Annotated[...] metadata are not names."""
    if depth > 50:
        return
    if isinstance(node, ast.Name):
        out.append(node.id)
    elif isinstance(node, ast.Attribute):
        root: ast.expr = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name):
            out.append(root.id)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            with compiler_warnings_silenced():
                parsed = ast.parse(node.value.strip(), mode="eval")
        except (SyntaxError, ValueError):
            return
        _annotation_names(parsed.body, out, depth + 1)
    elif isinstance(node, ast.Subscript):
        _annotation_names(node.value, out, depth + 1)
        head = _dotted(node.value)
        if head in _LITERAL_NAMES:
            return
        if head in _ANNOTATED_NAMES:
            first = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) and node.slice.elts else node.slice
            _annotation_names(first, out, depth + 1)
            return
        _annotation_names(node.slice, out, depth + 1)
    elif isinstance(node, ast.BinOp):
        _annotation_names(node.left, out, depth + 1)
        _annotation_names(node.right, out, depth + 1)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            _annotation_names(element, out, depth + 1)


_STDLIB = frozenset(sys.stdlib_module_names) | {"flyte"}
_ENDS_BLOCK = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_SWALLOWING = frozenset({"suppress", "raises", "assertRaises", "assertRaisesRegex"})
# Methods whose redefinition in a subclass of an environment class changes what its constructor, task(),
# clone_with()... do.
_ENV_BEHAVIOUR_METHODS = frozenset(
    {
        "__init__", "__post_init__", "__new__", "__setattr__", "__getattribute__", "__getattr__", "__call__",
        "task", "clone_with", "add_dependency", "from_task",
    }
)  # fmt: skip
# Decorators that keep a function callable as written: its calls are followed as the plain function's.
_TRANSPARENT_DECORATORS = frozenset({"flyte.trace", "functools.cache", "functools.lru_cache"})
_CACHE_DECORATORS = frozenset({"functools.cache", "functools.lru_cache"})
_UNKNOWN_ARGUMENTS = "<arguments not known>"
_KNOWN_STDLIB = frozenset(
    {
        "datetime",
        "functools",
        "typing",
        "dataclasses",
        "os",
        "pathlib",
        "textwrap",
        "inspect",
        "enum",
        "sys",
        "copy",
        "collections",
        "types",
        "operator",
    }
)
# Flyte value objects that are dataclasses in every release whose __post_init__ derives no field from another:
# ``dataclasses.replace`` makes them again. (A Secret's as_env_var is derived from its key and carried by the copy.)
_REPLACEABLE_VALUE_OBJECTS = frozenset(
    {"flyte.Resources", "flyte.ReusePolicy", "flyte.Cache", "flyte.Timeout", "flyte.RetryStrategy"}
)
# From Python 3.11, format() of a ``class Tier(str, Enum)`` member gives what str() gives ("Tier.GOLD").
_FORMAT_IS_STR: Final = sys.version_info >= (3, 11)
_NOWHERE: Final = Span(0, 0, 0, 0)  # where a value made by no call of the module is written
# ``x.reusable = ...`` and ``setattr(x, "reusable", ...)`` in a module's text.
_REUSABLE_WRITE = re.compile(r"\.reusable\s*(?:=(?!=)|[-+|&]=)")
_REUSABLE_SETATTR = re.compile(r"""setattr\s*\([^)]*["']reusable["']""")
# A class's printing replaced after its body (``Tier.__str__ = ...``, ``setattr(Tier, "__format__", ...)``).
_PRINTING_PATCHED = re.compile(
    r"""\.__(?:str|format|repr)__\s*=(?!=)|setattr\s*\([^)]*["']__(?:str|format|repr)__["']"""
)
# Environment fields the SDK keeps as given, so ``env.name`` reads back what the constructor got.
_ENV_COPIED_FIELDS = frozenset(
    {
        "name",
        "image",
        "resources",
        "env_vars",
        "secrets",
        "depends_on",
        "description",
        "reusable",
        "cache",
        "pod_template",
        "plugin_config",
        "queue",
        "interruptible",
        "service_account",
    }
)
MAX_ITERATIONS = 64  # loops and comprehensions over more items are not followed
MAX_FOLLOW_DEPTH = 8  # calls followed inside calls
FOLLOW_BUDGET = 20_000  # statements a module may spend following loops and calls


class Resolver(Protocol):
    """Values of other modules of the project, as they are once those modules are imported (project mode).

    ``span`` is where this module uses them: what the values carry of the other file's positions is moved
    there, so a finding never points at a line of one file in another."""

    def value(self, module: str, name: str, span: Span, run_time: bool = False) -> _Internal | None:
        """The value ``name`` has in module ``module`` after its import (``run_time``: when a function body reads
        it, later); None when not known."""

    def names(self, module: str, span: Span) -> dict[str, _Internal] | None:
        """What ``from module import *`` binds; None when not known."""

    def env_attribute(self, path: str, env_id: int, attr: str) -> _Internal | None:
        """A field of an environment made in the module at ``path``, as that module reads it."""

    def is_module(self, module: str) -> bool:
        """Whether ``module`` is a module of the project (as seen from this module)."""

    def may_matter(self, module: str) -> bool:
        """Whether ``module`` may hold anything Flyte (mentions flyte, overrides or makes tasks): what a
        function body uses from other modules is read only from those."""

    def load(self, module: str) -> None:
        """``import module``: the module runs (once), with whatever it changes in other modules."""

    def patch(self, module: str, name: str, value: Value) -> None:
        """``module.name = value`` written in this module: other modules see it only once this one ran."""

    def patch_attribute(self, module: str, name: str, attr: str | None, value: Value) -> None:
        """``name.attr = value`` written in this module, ``name`` a settings object or class of ``module``
        (``attr`` None: any attribute may have changed)."""

    def patch_file(self, path: str, name: str, value: Value) -> None:
        """As ``patch``, for the module at ``path`` (a function of that module changed its global ``name``)."""

    def envs_holding(self, module: str, name: str) -> list[tuple[EnvRef, str]]:
        """The environments of ``module`` given the list or dict its ``name`` holds (``depends_on=DEPS``), each
        with the parameter it was given as: changing that object in place here changes what they hold."""


@dataclass(frozen=True, slots=True)
class _BodyShape:
    is_generator: bool
    size: int  # statements, nested ones included
    relevant: bool  # calls a Flyte method (``.override``, ``.task``...) itself
    returns_value: bool = False  # a ``return <expr>`` not literally None (nested functions aside)
    # Every ``return`` gives a value that is surely not None (a literal, an f-string, arithmetic, a display...) and
    # the body ends with one: no run of it returns None.
    always_returns_value: bool = False
    makes: bool = False  # calls something named like a Flyte constructor (``...Environment(``, ``Resources(``)
    # Names of the enclosing module a call may change: declared ``global``, or changed in place (a mutating
    # method, an item or attribute assignment) without being bound locally first.
    changes: frozenset[str] = frozenset()
    # Parameters it may change in place (``options["retries"] = 0``): what a call passes there may change.
    changed_parameters: frozenset[str] = frozenset()
    # The names it declares ``global`` (a followed body binds them in its own scope, not the module's).
    declared_global: frozenset[str] = frozenset()


# Calls that may run code rewriting other modules' globals (a profile module imported by name).
_MODULE_REWRITERS = frozenset(
    {"importlib.import_module", "importlib.reload", "builtins.__import__", "runpy.run_module", "runpy.run_path"}
)
_MODULE_REWRITER_NAMES = frozenset(name.rsplit(".", 1)[1] for name in _MODULE_REWRITERS)

# Builtins that change (or hand out a way to change) the attributes of their first argument.
_ATTRIBUTE_WRITERS = frozenset({"setattr", "delattr", "vars"})

# Methods whose call in a function body makes it worth following from a task body.
_FLYTE_METHODS = frozenset({"override", "task", "clone_with", "add_dependency", "from_task", "aio"})

# Methods whose receiver is only named (an environment or task), so an imported receiver needs no value.
_REFERENCE_METHODS = frozenset({"task", "override", "aio", "clone_with", "add_dependency", "map"})

_MUTATORS = frozenset(
    {
        *("append", "extend", "insert", "update", "setdefault", "pop", "popitem", "remove", "clear", "sort"),
        *("reverse", "add", "discard", "difference_update", "intersection_update", "symmetric_difference_update"),
        *("__setitem__", "__delitem__", "__iadd__", "__ior__", "__imul__"),
    }
)
# ``operator.setitem(CFG, "concurrency", 1)``: the functions that change their first argument in place.
_OPERATOR_MUTATORS = frozenset({"operator.setitem", "operator.delitem", "operator.iadd", "operator.ior"})


def _mutated(receiver: Seq | Dict, method: str, args: CallArgs) -> tuple[Value, Value]:
    """(the list or dict after a mutating method call with known arguments, the call's result); Unknown for
    what is not known (the receiver then is no longer known either)."""
    changed = Unknown(f"changed by .{method}()")
    result = Unknown(f"result of .{method}()")
    if args.star_args or args.star_kwargs:
        return changed, result
    values = [a.value for a in args.positional]
    if isinstance(receiver, Seq) and receiver.kind == "list" and not args.keywords:
        return _list_mutated(receiver, method, values) or (changed, result)
    if isinstance(receiver, Dict) and method == "update" and len(values) <= 1:
        items = list(receiver.items)
        complete = receiver.complete
        if values:
            if not isinstance(values[0], Dict):
                return changed, result
            items.extend(values[0].items)
            complete = complete and values[0].complete
        items.extend((Lit(a.keyword), a.value) for a in args.keywords if a.keyword is not None)
        return Dict(tuple(items), complete), Lit(None)
    if isinstance(receiver, Dict) and not args.keywords:
        return _dict_mutated(receiver, method, values) or (changed, result)
    return changed, result


def _dict_mutated(receiver: Dict, method: str, values: list[Value]) -> tuple[Value, Value] | None:
    """``clear``, ``pop(key[, default])`` and ``setdefault(key[, default])`` with a literal key; None if unknown."""
    if method == "clear" and not values:
        return Dict((), True), Lit(None)
    if method not in ("pop", "setdefault") or not 1 <= len(values) <= 2 or not isinstance(values[0], Lit):
        return None
    key = values[0]
    held = [value for k, value in receiver.items if k == key]
    if any(not isinstance(k, Lit) for k, _ in receiver.items):
        return None  # a computed key may equal this one
    if method == "pop":
        if held:
            return Dict(tuple((k, v) for k, v in receiver.items if k != key), receiver.complete), held[-1]
        if len(values) == 2 and receiver.complete:
            return receiver, values[1]
        return (receiver, Unknown("popped from what is not known")) if not receiver.complete else None
    if held:
        return receiver, held[-1]
    if not receiver.complete:
        return None  # the key may be in the part not known: whether the default is stored is not known
    default = values[1] if len(values) == 2 else Lit(None)
    return Dict((*receiver.items, (key, default)), True), default


def _list_mutated(receiver: Seq, method: str, values: list[Value]) -> tuple[Value, Value] | None:
    """``append``, ``extend``, ``insert``, ``pop``, ``clear`` and ``reverse`` of a known list; None if unknown."""
    items = receiver.items
    if method == "append" and len(values) == 1:
        return Seq("list", (*items, values[0])), Lit(None)
    if method == "extend" and len(values) == 1 and isinstance(values[0], Seq) and values[0].kind != "set":
        return Seq("list", items + values[0].items), Lit(None)
    if method == "clear" and not values:
        return Seq("list", ()), Lit(None)
    if method == "reverse" and not values:
        return Seq("list", items[::-1]), Lit(None)
    index = values[0].value if values and isinstance(values[0], Lit) else None
    if not isinstance(index, int) or isinstance(index, bool):
        return None if values else (_list_popped(items, -1) if method == "pop" else None)
    if method == "pop" and len(values) == 1:
        return _list_popped(items, index)
    if method == "insert" and len(values) == 2:
        at = list(items)
        at.insert(index, values[1])
        return Seq("list", tuple(at)), Lit(None)
    return None


def _list_popped(items: tuple[Value, ...], index: int) -> tuple[Value, Value] | None:
    if not -len(items) <= index < len(items):
        return None  # IndexError when it runs
    at = list(items)
    popped = at.pop(index)
    return Seq("list", tuple(at)), popped


# What the SDK raises (ValueError, TypeError, AttributeError, RecursionError, its RuntimeUserError) and the
# classes above them: an ``except`` naming one of these may catch it.
_CATCHING = frozenset(
    {
        "Exception",
        "BaseException",
        "ValueError",
        "TypeError",
        "AttributeError",
        "RuntimeError",
        "RecursionError",
        "LookupError",
        "KeyError",
        "RuntimeUserError",
        "RuntimeSystemError",
        "BaseRuntimeError",
    }
)


def _catches(handler_type: ast.expr | None) -> bool:
    """Whether an ``except`` clause may catch what the SDK raises: a bare ``except``, or one naming a class the
    SDK's errors are (``except ValueError``, ``except Exception``), or a name that holds classes (``except
    ERRORS:``, a tuple bound elsewhere). A class of its own (``except OOMError``) or an ImportError fallback
    does not."""
    if handler_type is None:
        return True
    names = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
    return any(_may_name_caught(name) for name in names)


def _may_name_caught(name: ast.expr) -> bool:
    last = _dotted(name).rsplit(".", 1)[-1]
    # A class is written in CapWords; a lower-case or UPPER_CASE name is a variable holding classes.
    return last in _CATCHING or (last.isidentifier() and (last.islower() or last.isupper()))


def _first_line(statement: ast.stmt) -> int:
    """The statement's first line: a decorated definition starts at its first decorator."""
    decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(d.lineno for d in decorators)])


def _swallows(context: ast.expr) -> bool:
    """A context manager that catches what the SDK raises in its body: ``contextlib.suppress(ValueError)``,
    ``pytest.raises(ValueError)``, ``self.assertRaises(ValueError)``."""
    if not isinstance(context, ast.Call) or _dotted(context.func).rsplit(".", 1)[-1] not in _SWALLOWING:
        return False
    return any(_may_name_caught(arg) for arg in context.args if not isinstance(arg, ast.Starred)) or (not context.args)


def _catches_failed_import(handler_type: ast.expr | None) -> bool:
    """Whether an ``except`` clause catches a failed import: a bare ``except``, ImportError (or its subclass
    ModuleNotFoundError), Exception or BaseException."""
    if handler_type is None:
        return True
    names = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
    caught = ("ImportError", "ModuleNotFoundError", "Exception", "BaseException")
    return any(_dotted(name).rsplit(".", 1)[-1] in caught for name in names)


def _catches_import_error(handler_type: ast.expr | None) -> bool:
    """Whether an ``except`` clause names ImportError or ModuleNotFoundError."""
    if handler_type is None:
        return False
    names = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
    return any(_dotted(name).rsplit(".", 1)[-1] in ("ImportError", "ModuleNotFoundError") for name in names)


def _dict_keys(value: _Internal) -> tuple[Value, ...] | None:
    """What iterating a dict display gives (its keys, in first-insertion order), when every key is known."""
    if not isinstance(value, Dict) or not value.complete:
        return None
    keys: dict[object, Value] = {}
    for key, _ in value.items:
        if not isinstance(key, Lit):
            return None
        keys.setdefault((type(key.value), key.value), key)
    return tuple(keys.values())


def _fields_rearranged(node: ast.ClassDef) -> bool:
    """Whether a dataclass's ``__init__`` parameters may differ from its annotated names in order: a ClassVar,
    InitVar or KW_ONLY annotation, or a ``field(init=..., kw_only=...)``."""
    for stmt in node.body:
        if not isinstance(stmt, ast.AnnAssign):
            continue
        annotation = ast.unparse(stmt.annotation)
        if any(word in annotation for word in ("ClassVar", "InitVar", "KW_ONLY")):
            return True
        value = stmt.value
        if isinstance(value, ast.Call) and _dotted(value.func).rsplit(".", 1)[-1] == "field":
            if any(k.arg in ("init", "kw_only") or k.arg is None for k in value.keywords):
                return True
    return False


def _shape_of(definition: ast.FunctionDef | ast.AsyncFunctionDef) -> _BodyShape:
    """One walk over a function body: its size, whether it yields or returns a value (its own statements),
    whether it calls Flyte methods or constructors, and which module names it may change."""
    is_generator = returns_value = relevant = makes = False
    every_return_valued = bool(definition.body) and type(definition.body[-1]) is ast.Return
    size = 0
    changes: set[str] = set()
    declared: set[str] = set()
    # Local names that may hold what another name holds (``for p in profiles``, ``first = profiles[0]``): a
    # change made through them is a change of that name's objects.
    aliases: dict[str, set[str]] = {}
    # Nested functions and classes count as one statement: their bodies run only when they are called.
    for node in _walk(definition.body, _NOT_WALKED_IN_SHAPE):
        kind = type(node)
        if kind in _STATEMENTS:
            size += 1
            if kind is ast.For or kind is ast.AsyncFor or kind is ast.Assign:
                source = _held_from(node.iter if kind is not ast.Assign else node.value)  # type: ignore[attr-defined]
                if source is not None:
                    targets = [node.target] if kind is not ast.Assign else node.targets  # type: ignore[attr-defined]
                    for target in targets:
                        for name in _walk([target], frozenset()):
                            if type(name) is ast.Name:
                                aliases.setdefault(name.id, set()).add(source)
            if kind in _DECORATED:
                # Decorators run when the nested definition runs: ``@pool.task`` inside makes a task then.
                for part in _walk(node.decorator_list, frozenset()):  # type: ignore[attr-defined]
                    if type(part) is ast.Attribute and part.attr in _FLYTE_METHODS:
                        relevant = True
            elif kind is ast.Global:
                changes.update(node.names)  # type: ignore[attr-defined]
                declared.update(node.names)  # type: ignore[attr-defined]
            elif kind in _ASSIGNMENTS:
                targets = node.targets if kind is ast.Assign or kind is ast.Delete else [node.target]  # type: ignore[attr-defined]
                for target in targets:
                    if isinstance(target, (ast.Subscript, ast.Attribute)):
                        root = _root_name(target)
                        if root is not None:
                            changes.add(root)
            elif kind is ast.Return:
                value = node.value  # type: ignore[attr-defined]
                if value is not None and not (type(value) is ast.Constant and value.value is None):
                    returns_value = True
                if not _surely_not_none(value):
                    every_return_valued = False
        elif kind is ast.Attribute:
            attr = node.attr  # type: ignore[attr-defined]
            if attr in _FLYTE_METHODS:
                relevant = True
            elif attr in _MUTATORS or attr == "__setattr__" or attr == "__dict__":
                root = _root_name(node.value)  # type: ignore[attr-defined]
                if root is not None:
                    changes.add(root)
        elif kind is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            callee = func.attr if type(func) is ast.Attribute else getattr(func, "id", "")
            if callee.endswith(_FLYTE_CONSTRUCTOR_ENDINGS):
                makes = True
            elif callee in _ATTRIBUTE_WRITERS and type(func) is ast.Name and node.args:  # type: ignore[attr-defined]
                root = _root_name(node.args[0])  # type: ignore[attr-defined]
                if root is not None:
                    changes.add(root)  # ``setattr(settings, key, value)`` changes what it is given
        elif kind is ast.Yield or kind is ast.YieldFrom:
            is_generator = True
    reached = set(changes)
    while True:  # through aliases of aliases
        more = {source for name in reached for source in aliases.get(name, ())} - reached
        if not more:
            break
        reached |= more
    changes = reached
    local = {a.arg for a in _all_args(definition.args)}
    return _BodyShape(
        is_generator,
        size,
        relevant,
        returns_value,
        every_return_valued and not is_generator,
        makes,
        frozenset(changes - local),
        frozenset(changes & local),
        frozenset(declared),
    )


# The fields of each node type that may hold nodes (``ctx`` never matters here), for walks that are hot enough
# for ``ast.iter_child_nodes``'s generator to show: the same children, without a generator per node.
_NODE_FIELDS: dict[type, tuple[str, ...]] = {}
_NOT_NODES: set[type] = set()


def _node_fields(kind: type) -> tuple[str, ...]:
    if issubclass(kind, ast.AST):
        fields = tuple(name for name in kind._fields if name != "ctx")
    else:
        _NOT_NODES.add(kind)
        fields = ()
    _NODE_FIELDS[kind] = fields
    return fields


def _subclasses(base: type) -> frozenset[type]:
    found: set[type] = set()
    stack = [base]
    while stack:
        sub: type
        for sub in stack.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                stack.append(sub)
    return frozenset(found)


_STATEMENTS = _subclasses(ast.stmt)
_NESTED = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
_EQUALITY = frozenset({"Eq", "NotEq", "Is", "IsNot"})
_NOT_WALKED_IN_SHAPE = _NESTED | {ast.Lambda}
# Expressions whose value is never None, whatever the names in them hold.
_NEVER_NONE: Final = (
    ast.JoinedStr, ast.BinOp, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp,
    ast.GeneratorExp, ast.Compare, ast.Lambda,
)  # fmt: skip


def _surely_not_none(value: ast.expr | None) -> bool:
    if value is None:
        return False
    if type(value) is ast.Constant:
        return value.value is not None
    if type(value) is ast.UnaryOp:
        return type(value.op) is ast.Not or _surely_not_none(value.operand)
    return isinstance(value, _NEVER_NONE)


_DECORATED = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
_ASSIGNMENTS = frozenset({ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete})
_FLYTE_CONSTRUCTOR_ENDINGS = ("Environment", "Resources", "ReusePolicy", "Cache", "Secret", "Timeout", "Image")


def _formatted(value: object, conversion: int, spec: str) -> str | None:
    """What an f-string part gives for a str, int or float with a format spec (None when Python refuses it)."""
    if conversion == 114:
        value = repr(value)
    elif conversion == 115:
        value = str(value)
    try:
        return format(value, spec)
    except (ValueError, TypeError):
        return None


def _mutates_parameters(function: ast.Lambda) -> bool:
    """Whether a lambda's body changes what a parameter holds in place (``p.update(...)``, ``p.append(...)``,
    ``setattr(p, ...)``)."""
    names = {a.arg for a in _all_args(function.args)}
    for node in _walk([function.body], frozenset()):
        if type(node) is ast.Call:
            func = node.func
            if type(func) is ast.Attribute and func.attr in _MUTATORS and _root_name(func.value) in names:
                return True
            if type(func) is ast.Name and func.id in _ATTRIBUTE_WRITERS and node.args:
                return _root_name(node.args[0]) in names
    return False


def _held_from(value: ast.expr) -> str | None:
    """The name whose objects an iteration or an assignment may hand out: ``profiles`` of ``profiles``,
    ``profiles[0]``, ``profiles.values()``, ``enumerate(profiles)``, ``sorted(config.pools)``."""
    if isinstance(value, ast.Call):
        if isinstance(value.func, ast.Attribute):
            return _root_name(value.func.value)
        if isinstance(value.func, ast.Name) and value.args:
            return _root_name(value.args[0])
        return None
    return _root_name(value)


def _root_name(node: ast.expr) -> str | None:
    """``a`` of ``a.b[c].d``."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _copies_signature(wrapper: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a wrapper may carry the wrapped function's signature (``@functools.wraps(fn)``, or any other
    decorator on it, which might do the same)."""
    return bool(wrapper.decorator_list)


def _runs_once(body: Sequence[ast.stmt]) -> bool:
    """A loop body that ends with its only way out, a ``break`` (no other break, continue or return in it)."""
    return bool(body) and isinstance(body[-1], ast.Break) and not _breaks(body[:-1])


def _breaks(body: Sequence[ast.stmt]) -> bool:
    """Whether a loop body may leave the loop early (break/continue/return not inside a nested loop or def): then
    which iterations run is not known."""
    return any(type(node) in _LOOP_EXITS for node in _walk(body, _LOOP_ENDS))


_LOOP_EXITS = frozenset({ast.Break, ast.Continue, ast.Return})
_LOOP_ENDS = frozenset({ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})


# What a loop must not hold to be read once (see _Extractor._makes_nothing): statements that define, import or
# declare names, which unrolling would repeat with other values.
_MAKES_SOMETHING = frozenset(
    {ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Import, ast.ImportFrom, ast.Global,
     ast.Nonlocal}
)  # fmt: skip


_VALUE_OBJECT_MODULES = frozenset(name.split(".", 1)[0] for name in VALUE_OBJECT_CLASSES)


def _size(body: Sequence[ast.stmt]) -> int:
    """Statements in a block (nested ones included): what following it once costs."""
    return sum(type(node) in _STATEMENTS for node in _walk(body, frozenset()))


def _walk(body: Sequence[ast.AST], pruned: frozenset[type]) -> Iterator[ast.AST]:
    """Every node under ``body`` (in no set order), not looking inside nodes of a ``pruned`` type."""
    stack: list[ast.AST] = list(body)
    pop, append, extend = stack.pop, stack.append, stack.extend
    while stack:
        kind = type(node := pop())
        fields = _NODE_FIELDS.get(kind)
        if fields is None:
            fields = _node_fields(kind)
        if kind in _NOT_NODES:
            continue
        yield node
        if kind in pruned:
            continue
        for name in fields:
            child = getattr(node, name, None)
            if type(child) is list:
                extend(child)
            elif child is not None and type(child) is not str:
                append(child)


_WHOLE_LINE: Final = 1 << 30  # an end column past any line's end

_SCOPES: Final = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda})


def _returned_expressions(value: ast.expr | None) -> Iterator[ast.expr]:
    """What a ``return`` gives back: its value, or either branch of a conditional expression (``return a if c
    else b``)."""
    if value is None:
        return
    yield value
    if isinstance(value, ast.IfExp):
        yield from _returned_expressions(value.body)
        yield from _returned_expressions(value.orelse)


def _has_parameters(args: ast.arguments) -> bool:
    return bool(args.posonlyargs or args.args or args.vararg or args.kwonlyargs or args.kwarg)


def _attribute_name(value: _Internal) -> str | None:
    """The attribute ``setattr``/``delattr`` are given, when it is a known str."""
    public = _public(value)
    return public.value if isinstance(public, Lit) and isinstance(public.value, str) else None


def _binds_dunder(statement: ast.Assign | ast.AnnAssign) -> bool:
    """An assignment in a class body to a ``_sunder_`` or ``__dunder__`` name (``__str__ = ...``, ``_ignore_``)."""
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return any(isinstance(t, ast.Name) and t.id.startswith("_") for t in targets)


def _bound_names(statement: ast.stmt) -> Iterator[str]:
    """The names a statement of a class body binds there (not those bound inside its functions)."""
    for node in _walk([statement], _SCOPES):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node.name
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            yield node.id
        elif isinstance(node, ast.alias):
            yield (node.asname or node.name).split(".")[0]


def _all_args(args: ast.arguments) -> Iterator[ast.arg]:
    yield from args.posonlyargs
    yield from args.args
    if args.vararg:
        yield args.vararg
    yield from args.kwonlyargs
    if args.kwarg:
        yield args.kwarg


def _single_name(targets: list[ast.expr]) -> str | None:
    if len(targets) == 1 and isinstance(targets[0], ast.Name):
        return targets[0].id
    return None


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "(...)"
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return type(node).__name__


def _public(value: _Internal) -> Value:
    """Internal values as fact values: a stored override is its task; names of imports stay Unknown."""
    if isinstance(value, _Overridden):
        return value.task
    if isinstance(value, _Qualified):
        if not _is_flyte_or_stdlib(value.name) and "." in value.name:
            module, name = value.name.rsplit(".", 1)
            return ImportedRef(module, name)
        return Unknown(f"reference to {value.name}")
    if isinstance(value, _Instance):
        return _instance_object(value)
    if isinstance(value, _LazyImport):
        return ImportedRef(value.module, value.name)
    if isinstance(value, _EnumMember) and (value.is_int or value.is_str):
        return _public(value.value)
    if isinstance(value, _EnumMember) and value.text and not value.mixin:
        # A plain Enum's member as it is: no str, no int (``Resources(memory=Size.SMALL)`` fails where
        # ``Size.SMALL.value`` would not). Only when its printing is known not to be redefined.
        member = (Arg("name", Lit(value.name), _NOWHERE), Arg("value", _public(value.value), _NOWHERE))
        return Obj(f"{ENUM_MEMBER}{value.cls}", CallArgs((), member), _NOWHERE)
    if isinstance(
        value, (_TaskFactory, _Local, _UserEnvClass, _UserClass, _EnumMember, _Function, _Partial, _CallablePartial)
    ):
        return Unknown("not a value")
    return value


def _is_type_call(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "type"
        and len(node.args) == 1
        and not node.keywords
    )


def _string_keyed(value: _Internal) -> list[tuple[str, _Internal]] | None:
    """A known dict spread into a call (``make_env(**BROKEN)``): its entries as keyword arguments, the last of a
    key winning as in the dict; None when it is not known whole, or a key is not a string."""
    public = _public(value)
    if not isinstance(public, Dict) or not public.complete:
        return None
    entries: dict[str, _Internal] = {}
    for key, item in public.items:
        if not (isinstance(key, Lit) and isinstance(key.value, str)):
            return None
        entries[key.value] = item
    return list(entries.items())


_SIMPLE_NAMESPACE: Final = "types.SimpleNamespace"
# pydantic's names a settings model is written with (``from pydantic import BaseModel, Field``).
_PYDANTIC_NAMES = frozenset({"pydantic.BaseModel", "pydantic.Field", "pydantic.ConfigDict"})
# Model configuration that changes neither a field's value nor its keyword.
_HARMLESS_MODEL_CONFIG = frozenset({"frozen", "extra", "arbitrary_types_allowed", "title"})
# Methods pydantic runs while making an instance, or that change how attributes are set or read.
_MODEL_HOOKS = frozenset(
    {"__init__", "model_post_init", "__setattr__", "__getattr__", "__getattribute__", "__new__", "__init_subclass__"}
)
# Decorators of a model's methods that leave its fields as given (a validator may rewrite them).
_MODEL_METHOD_DECORATORS = frozenset({"property", "classmethod", "staticmethod", "cached_property"})
# Annotations under which pydantic keeps a value of exactly that type as it is.
_VALIDATED_AS_GIVEN = frozenset({"int", "str", "bool", "float"})
# ``Field()`` keywords that document a field without constraining the values it takes.
_FIELD_DOCUMENTATION = frozenset({"default", "default_factory", "description", "title", "examples", "repr"})


def _instance_object(instance: _Instance) -> Obj:
    """An instance of a project class as a fact value (an item of a list, an argument): the object, its keyword
    arguments standing for the attributes the instance is known to have, which is how attributes of an object
    are read (``[Pool(name="a b")]`` then ``p.name`` of each). Its constructor's arguments are not its
    attributes when a method set them (``self.name = name.replace(" ", "-")``), and for a copy made by
    ``dataclasses.replace``: attributes not known are left out, so they are not read."""
    if instance.obj.callee == _SIMPLE_NAMESPACE:
        # No methods change it: only attribute writes, which mark it changed (``mutated``).
        obj = instance.obj
        known = tuple(Arg(name, _public(value), obj.span) for name, value in instance.attrs.items())
        return Obj(obj.callee, CallArgs((), known), obj.span)
    fields: tuple[str, ...] | None = instance.dataclass_fields
    cls = instance.made_by
    if fields is None and cls is not None and cls.fields is not None and not cls.is_dataclass:
        fields = cls.fields  # a NamedTuple
    if fields is None and instance.cls is not None:
        fields = tuple(instance.attrs)  # what __init__ set, when nothing else sets attributes per instance
    immutable = cls is not None and (cls.frozen or (cls.fields is not None and not cls.is_dataclass))
    if not immutable and (cls is None or any(not name.startswith("__") for name in cls.methods) or cls.properties):
        # A method of its class may change it later, unseen by this copy (``for job in JOBS: job.fix()``);
        # without methods, a change is an attribute written from outside, which marks the object as changed.
        fields = None
    obj = instance.obj
    known = tuple(Arg(name, _public(instance.attrs[name]), obj.span) for name in fields or () if name in instance.attrs)
    return Obj(obj.callee, CallArgs((), known, star_kwargs=not fields), obj.span)


def _is_flyte_or_stdlib(name: str) -> bool:
    top = name.split(".", 1)[0]
    return top == "flyte" or top in _KNOWN_STDLIB


def _task_of(value: _Internal) -> Value:
    if isinstance(value, _Overridden):
        return value.task
    return _public(value)


def _is_container_task(value: _Internal) -> bool:
    """A ``flyte.extras.ContainerTask(...)``: a task made without an environment."""
    return isinstance(value, Obj) and value.callee == "flyte.extras.ContainerTask"


def _may_be_env(value: _Internal) -> bool:
    value = _public(value) if isinstance(value, _Qualified) else value
    return isinstance(value, EnvRef) or (isinstance(value, ImportedRef) and value.name is not None)


def _may_be_task(value: _Internal) -> bool:
    value = _public(value) if isinstance(value, _Qualified) else value
    return isinstance(value, (TaskRef, _Overridden)) or (isinstance(value, ImportedRef) and value.name is not None)


def _replace_function(task: TaskDef, info: FunctionInfo, kind: str) -> TaskDef:
    from dataclasses import replace

    return replace(task, function=replace(info, kind=kind))  # type: ignore[arg-type]


def _name_span(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: _Lines) -> Span:
    if lines.override is not None:
        return lines.override  # a def of another module's function followed from here: reported at the call
    keyword = "async def " if isinstance(node, ast.AsyncFunctionDef) else "def "
    # The def keyword starts at col_offset of the node (decorators have their own lines).
    line = node.lineno
    start = lines.column(line, node.col_offset) + len(keyword)
    return Span(line, start, line, start + len(node.name))


def _body_facts(body: list[ast.stmt]) -> tuple[bool, bool]:
    """(has a yield, returns a value) for a function body, not counting nested functions and classes."""
    is_generator = returns_value = False
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            is_generator = True
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                returns_value = True
        stack.extend(ast.iter_child_nodes(node))
    return is_generator, returns_value


# ---------------------------------------------------------------------------------------------------------
# Entry points


def mentions_flyte(data: bytes) -> bool:
    """The cheap byte test: a module that never says "flyte" defines no environment (imports aside)."""
    return b"flyte" in data


def parse_quietly(source: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` with the compiler's warnings silenced: an invalid escape such as ``"\\d"`` warns while
    parsing (SyntaxWarning on stderr from Python 3.12, an error under ``-W error``), and a linter's output
    must neither carry them nor turn them into syntax errors of a valid file."""
    with compiler_warnings_silenced():
        return ast.parse(source, filename=filename)


@contextlib.contextmanager
def compiler_warnings_silenced() -> Iterator[None]:
    """See parse_quietly: for every ``ast.parse`` of user text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def extract(source: str, path: str, module_name: str | None = None) -> ModuleFacts:
    """Extract the facts of one module's source text. Never raises on bad input: a parse error is a fact."""
    return extract_in_project(source, path, module_name, None)[0]


def extract_in_project(
    source: str, path: str, module_name: str | None, resolver: Resolver | None
) -> tuple[ModuleFacts, _Extractor | None]:
    """``extract`` with the values of other modules available through ``resolver``; also returns the
    extractor, whose final module bindings are what other modules import (None after a parse error)."""
    suppressed, file_level, file_codes = scan_suppressions(source)
    places = noqa_places(source) if suppressed else ()
    pin = scan_pep723_pin(source)
    masked: set[tuple[int, int]] = set()
    try:
        tree = parse_quietly(source, path)
    except SyntaxError as error:
        fallback = mask_new_fstrings(source, error) if may_be_new_fstring(error, source) else None
        tree = None
        if fallback is not None:
            masked_source, masked = fallback
            try:
                tree = parse_quietly(masked_source, path)
            except SyntaxError:
                tree = None
        if tree is None:
            return ModuleFacts(
                path=path,
                module_name=module_name,
                uses_flyte="flyte" in source,
                suppressions=Suppressions(suppressed, file_level, file_codes=file_codes, places=places),
                parse_error=ParseError(_syntax_message(error), error.lineno or 1, (error.offset or 1)),
                pinned_flyte=pin,
            ), None
    except (ValueError, RecursionError, MemoryError) as error:
        # NUL bytes (ValueError) or nesting beyond the parser's limits.
        return ModuleFacts(
            path=path,
            module_name=module_name,
            uses_flyte="flyte" in source,
            suppressions=Suppressions(suppressed, file_level, file_codes=file_codes, places=places),
            parse_error=ParseError(_value_error_message(error), 1, 1),
            pinned_flyte=pin,
        ), None
    assert tree is not None
    extractor = _Extractor(source, path, module_name, masked, resolver)
    try:
        extractor.run(tree)
    except RecursionError:
        return ModuleFacts(
            path=path,
            module_name=module_name,
            uses_flyte=True,
            suppressions=Suppressions(suppressed, file_level, file_codes=file_codes, places=places),
            parse_error=ParseError("code nested too deeply to analyse", 1, 1),
            pinned_flyte=pin,
        ), None
    if extractor.mutated:
        extractor.forget_mutated()
    return ModuleFacts(
        path=path,
        module_name=module_name,
        uses_flyte="flyte" in source,
        envs=tuple(extractor.envs),
        tasks=tuple(
            replace(task, env=Unknown("a task whose attributes are set after it was made"))
            if task.id in extractor.changed_tasks
            else task
            for task in extractor.tasks
        ),
        overrides=tuple(
            replace(call, invoked=True) if index in extractor.invoked else call
            for index, call in enumerate(extractor.overrides)
        ),
        env_calls=tuple(extractor.env_calls),
        task_calls=tuple(extractor.task_calls),
        value_objects=tuple(extractor.value_objects),
        bindings=extractor.bindings(),
        imports=tuple(extractor.imports),
        module_functions=tuple(sorted(extractor.module_functions)),
        suppressions=Suppressions(suppressed, file_level, tuple(extractor.statement_ranges), file_codes, places),
        pinned_flyte=pin,
        first_bound=tuple(extractor.first_bound.items()),
        dynamic_names=tuple(sorted(extractor.dynamic_names)),
        type_checking_only=tuple(sorted(extractor.type_checking_names - set(extractor.first_bound))),
        star_import=extractor.star_import,
        future_annotations=extractor.future_annotations,
        registers_plugins=any(mark in source for mark in PLUGIN_REGISTRATION_MARKS),
        local_classes=tuple(sorted(extractor.classes_kept())),
        project_classes=tuple(sorted(extractor.project_classes)),
        values_from=tuple(sorted(name for name in extractor.value_imports if name.split(".")[0] not in _STDLIB)),
        optional_imports=tuple(sorted(extractor.optional_imports)),
        guarded=tuple(
            sorted(
                {
                    *extractor.guarded,
                    *(
                        (_first_line(definition), definition.end_lineno or definition.lineno)
                        for definition, only_guarded in extractor.guarded_calls.values()
                        if only_guarded
                    ),
                }
            )
        ),
        script_only=tuple(extractor.script_only),
        undecided=tuple(sorted(set(extractor.undecided))),
        dormant=tuple(
            sorted({(start, end) for node, start, end in extractor.dormant if node not in extractor.followed_nodes})
        ),
    ), extractor.release()


def _syntax_message(error: SyntaxError) -> str:
    message = error.msg or "invalid syntax"
    return f"SyntaxError: {message}"


def _value_error_message(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "code nested too deeply to parse"
    if isinstance(error, MemoryError):
        return "file too large or too deeply nested to parse"
    text = str(error)
    if "null bytes" in text or "null byte" in text:
        return "file contains NUL bytes (not Python source)"
    return text


def timedelta_seconds(obj: Obj) -> float | None:
    """Seconds of a ``datetime.timedelta(...)`` whose arguments are all known numbers, else None."""
    names = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")
    kwargs: dict[str, float] = {}
    for index, arg in enumerate(obj.args.positional):
        if index >= len(names) or not isinstance(arg.value, Lit) or not isinstance(arg.value.value, (int, float)):
            return None
        kwargs[names[index]] = arg.value.value
    for arg in obj.args.keywords:
        if arg.keyword not in names or not isinstance(arg.value, Lit) or not isinstance(arg.value.value, (int, float)):
            return None
        kwargs[arg.keyword] = arg.value.value
    if obj.args.star_args or obj.args.star_kwargs:
        return None
    try:
        return timedelta(**kwargs).total_seconds()
    except (OverflowError, TypeError, ValueError):
        return None


def _harmless_model_config(value: ast.expr | None) -> bool:
    """``model_config = ConfigDict(frozen=True)`` (or a dict literal) setting nothing that changes values."""
    if isinstance(value, ast.Call) and _dotted(value.func).rsplit(".", 1)[-1] == "ConfigDict" and not value.args:
        return all(k.arg in _HARMLESS_MODEL_CONFIG for k in value.keywords)
    if isinstance(value, ast.Dict):
        return all(isinstance(k, ast.Constant) and k.value in _HARMLESS_MODEL_CONFIG for k in value.keys)
    return False
