"""Pure operations on known values, computed as Python would compute them, without running user code.

Extraction hands this module fact values (``Lit``, ``Seq``, ``Dict``, ``timedelta`` objects) and the name of an
operation a user wrote (a str method, a subscript, ``len``, ``%``...). Only operations on plain data with a
known, bounded result are computed; anything else is ``Unknown`` with a reason. Nothing here can reach user
code: values are rebuilt from literals, and only the whitelisted methods of ``str``, ``dict``, ``list`` and
``tuple`` are called on them.
"""

from __future__ import annotations

import inspect
import itertools
import operator
import textwrap
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Final

from .facts import Arg, CallArgs, Dict, Lit, Obj, Seq, Span, Unknown, Value

MAX_TEXT = 100_000  # longer strings are not built (no Flyte setting is that long)
MAX_ITEMS = 1_000  # nor longer lists
MAX_RANGE = 256  # nor ranges longer than a loop is followed over

_NOT: Final = object()  # "not a plain value"

STR_METHODS: Final = frozenset(
    {
        "lower",
        "upper",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "format",
        "format_map",
        "join",
        "title",
        "capitalize",
        "casefold",
        "removeprefix",
        "removesuffix",
        "split",
        "rsplit",
        "zfill",
        "center",
        "ljust",
        "rjust",
        "swapcase",
        "startswith",
        "endswith",
        "isidentifier",
        "count",
        "find",
        "splitlines",
    }
)
_DICT_METHODS: Final = frozenset({"get", "copy", "keys", "values", "items"})
_SEQ_METHODS: Final = frozenset({"copy", "index", "count"})
PURE_BUILTINS: Final = frozenset(
    {
        "len",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "tuple",
        "sorted",
        "min",
        "max",
        "abs",
        "round",
        "sum",
        "range",
        "enumerate",
        "zip",
        "reversed",
        "filter",
    }
)
_SYNTHETIC = Span(0, 0, 0, 0)


def to_plain(value: Value) -> object:
    """A fact value as a plain Python value, or ``_NOT`` when any part is not plain data."""
    if isinstance(value, Lit):
        return value.value
    if isinstance(value, Seq):
        items = [to_plain(item) for item in value.items]
        if any(item is _NOT for item in items):
            return _NOT
        if value.kind == "list":
            return items
        if value.kind == "tuple":
            return tuple(items)
        try:
            return frozenset(items)
        except TypeError:
            return _NOT
    if isinstance(value, Dict):
        if not value.complete:
            return _NOT
        result: dict[object, object] = {}
        for key, item in value.items:
            k, v = to_plain(key), to_plain(item)
            if k is _NOT or v is _NOT:
                return _NOT
            try:
                result[k] = v
            except TypeError:
                return _NOT
        return result
    if isinstance(value, Obj) and value.callee == "datetime.timedelta":
        from .extract import timedelta_seconds

        seconds = timedelta_seconds(value)
        return _NOT if seconds is None else timedelta(seconds=seconds)
    return _NOT


def from_plain(value: object, span: Span = _SYNTHETIC) -> Value:
    """A plain Python value back as a fact value (``Unknown`` for anything else or anything too large)."""
    if value is None or isinstance(value, (bool, int, float, complex, bytes)):
        return Lit(value)
    if isinstance(value, str):
        return Lit(value) if len(value) <= MAX_TEXT else Unknown("string too long to follow")
    if isinstance(value, (list, tuple, frozenset, set)):
        if len(value) > MAX_ITEMS:
            return Unknown("sequence too long to follow")
        kind = "list" if isinstance(value, list) else "tuple" if isinstance(value, tuple) else "set"
        items = tuple(from_plain(item, span) for item in value)
        return Seq(kind, items)  # type: ignore[arg-type]
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            return Unknown("dict too long to follow")
        return Dict(tuple((from_plain(k, span), from_plain(v, span)) for k, v in value.items()))
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        whole = int(seconds)
        number: int | float = whole if whole == seconds else seconds
        return Obj("datetime.timedelta", CallArgs(keywords=(Arg("seconds", Lit(number), span, span),)), span)
    return Unknown("not plain data")


def _sized(result: object) -> bool:
    if isinstance(result, str):
        return len(result) <= MAX_TEXT
    if isinstance(result, (list, tuple, dict)):
        return len(result) <= MAX_ITEMS
    return True


def method(receiver: Value, name: str, args: list[Value], kwargs: dict[str, Value]) -> Value:
    """``receiver.name(*args, **kwargs)`` for the whitelisted methods of plain values."""
    plain = to_plain(receiver)
    if plain is _NOT and isinstance(receiver, Dict) and receiver.complete and name == "get" and 1 <= len(args) <= 2:
        # ``ENVS.get("pool", default_env)`` of a dict of environments: found by its plain keys, as written
        key = to_plain(args[0])
        keys = [to_plain(k) for k, _ in receiver.items]
        if key is _NOT or any(k is _NOT for k in keys) or kwargs:
            return Unknown("result of .get() on an unknown value")
        return _dict_item(receiver, key) if key in keys else (args[1] if len(args) > 1 else Lit(None))
    if plain is _NOT:
        return Unknown(f"result of .{name}() on an unknown value")
    if isinstance(plain, timedelta):
        allowed = name == "total_seconds"
    elif isinstance(plain, str):
        allowed = name in STR_METHODS
    elif isinstance(plain, dict):
        allowed = name in _DICT_METHODS
    elif isinstance(plain, (list, tuple)):
        allowed = name in _SEQ_METHODS
    else:
        allowed = False
    if not allowed:
        return Unknown(f"result of .{name}()")
    plain_args = [to_plain(a) for a in args]
    plain_kwargs = {k: to_plain(v) for k, v in kwargs.items()}
    if any(a is _NOT for a in plain_args) or any(v is _NOT for v in plain_kwargs.values()):
        if isinstance(plain, dict) and name == "get" and len(args) == 2 and to_plain(args[0]) is not _NOT:
            # settings.get("team", default): the default may be any value (an environment, say)
            key = to_plain(args[0])
            return _dict_item(receiver, key) if _has_key(plain, key) else args[1]
        return Unknown(f"result of .{name}() with unknown arguments")
    if name == "format" and any(not isinstance(a, (str, int, float)) for a in [*plain_args, *plain_kwargs.values()]):
        return Unknown("str.format of a non-scalar")  # attribute lookups in format fields stay out
    if name == "format_map" and not (
        len(plain_args) == 1
        and isinstance(plain_args[0], dict)
        and all(isinstance(v, (str, int, float)) for v in plain_args[0].values())
    ):
        return Unknown("str.format_map of a non-scalar")
    if isinstance(plain, dict) and name == "get" and plain_args:
        key = plain_args[0]
        if _has_key(plain, key):
            return _dict_item(receiver, key)
        return args[1] if len(args) > 1 else Lit(None)
    try:
        result = getattr(plain, name)(*plain_args, **plain_kwargs)
    except Exception:
        return Unknown(f".{name}() would raise")
    if isinstance(result, (type({}.keys()), type({}.values()), type({}.items()))):
        result = list(result)
    return from_plain(result) if _sized(result) else Unknown("result too large to follow")


def _has_key(plain: dict[object, object], key: object) -> bool:
    try:
        return key in plain
    except TypeError:
        return False


def _dict_item(receiver: Value, key: object) -> Value:
    """The item of a dict display for ``key``, as written (so environments and objects in it survive)."""
    assert isinstance(receiver, Dict)
    found: Value = Unknown("no such key")
    for k, v in receiver.items:
        if to_plain(k) == key:
            found = v  # the last entry for a key wins, as in a dict display
    return found


def subscript(container: Value, index: Value) -> Value:
    """``container[index]`` for dict displays (any item values), sequences and strings."""
    key = to_plain(index)
    if key is _NOT:
        return Unknown("subscript with an unknown index")
    if isinstance(container, Dict):
        if not container.complete:
            # a key written after the unknown spread still wins
            for k, v in reversed(container.items):
                if to_plain(k) == key:
                    return v
            return Unknown("dict with an unknown spread")
        plain_keys = [to_plain(k) for k, _ in container.items]
        if _NOT in plain_keys:
            return Unknown("dict with unknown keys")
        return _dict_item(container, key) if key in plain_keys else Unknown("missing key")
    if isinstance(container, Seq) and container.kind in ("list", "tuple"):
        if isinstance(key, slice):
            try:
                return Seq(container.kind, container.items[key])
            except (TypeError, ValueError):
                return Unknown("bad slice")
        if isinstance(key, int) and not isinstance(key, bool) and -len(container.items) <= key < len(container.items):
            return container.items[key]
        return Unknown("index out of range")
    if isinstance(container, Lit) and isinstance(container.value, str):
        try:
            return Lit(container.value[key])  # type: ignore[index]
        except (TypeError, IndexError, ValueError):
            return Unknown("bad string index")
    return Unknown("subscript of an unknown value")


def make_slice(lower: Value | None, upper: Value | None, step: Value | None) -> Value:
    parts = [None if v is None else to_plain(v) for v in (lower, upper, step)]
    if any(p is _NOT or not (p is None or (isinstance(p, int) and not isinstance(p, bool))) for p in parts):
        return Unknown("slice with unknown bounds")
    # A slice is not a fact value; it travels as a Lit holding the slice object, only into subscript().
    return Lit(slice(*parts))  # type: ignore[arg-type]


def builtin(name: str, args: list[Value], kwargs: dict[str, Value]) -> Value:
    """A pure builtin or stdlib function (``len``, ``str``, ``textwrap.dedent``...) of known arguments."""
    if name == "datetime.timedelta":
        return Unknown("constructed elsewhere")
    plain_args = [to_plain(a) for a in args]
    plain_kwargs = {k: to_plain(v) for k, v in kwargs.items()}
    if any(a is _NOT for a in plain_args) or any(v is _NOT for v in plain_kwargs.values()):
        return Unknown(f"{name}() of unknown values")
    functions: dict[str, object] = {
        "len": len,
        "str": str,
        "int": int,
        "float": float,
        "bool": bool,
        "list": list,
        "tuple": tuple,
        "sorted": sorted,
        "min": min,
        "max": max,
        "abs": abs,
        "round": round,
        "sum": sum,
        "range": range,
        "enumerate": enumerate,
        "zip": zip,
        "reversed": reversed,
        "filter": filter,
        "textwrap.dedent": textwrap.dedent,
        "inspect.cleandoc": inspect.cleandoc,
    }
    function = functions.get(name)
    if function is None:
        return Unknown(f"{name}()")
    if name == "filter" and (len(plain_args) != 2 or plain_args[0] is not None):
        return Unknown("filter() with a function")  # only ``filter(None, items)``: the truthy items
    if name == "str" and plain_args and not isinstance(plain_args[0], (str, int, float, bool)):
        return Unknown("str() of a container")  # reprs of containers are not worth following
    if name == "range":
        if any(not isinstance(a, int) or isinstance(a, bool) for a in plain_args) or plain_kwargs:
            return Unknown("range of unknown bounds")
        try:
            bounds = [int(a) for a in plain_args if isinstance(a, int)]
            if len(range(*bounds)) > MAX_RANGE:
                return Unknown("range too long to follow")
        except (TypeError, ValueError):
            return Unknown("bad range")
    try:
        result = function(*plain_args, **plain_kwargs)  # type: ignore[operator]
        if name in ("range", "enumerate", "zip", "reversed", "filter"):
            result = list(itertools.islice(result, MAX_ITEMS + 1))
    except Exception:
        return Unknown(f"{name}() would raise")
    return from_plain(result) if _sized(result) else Unknown("result too large to follow")


def structural(receiver: Value, name: str, args: list[Value]) -> Value | None:
    """Methods that only rearrange a dict or list display, whatever its items are (environments too):
    ``d.items()``, ``d.values()``, ``d.keys()``; None when ``name`` is not one of them."""
    if isinstance(receiver, Dict) and not args and name in ("items", "values", "keys"):
        if not receiver.complete:
            return Unknown("dict with an unknown spread")
        latest: dict[object, tuple[Value, Value]] = {}
        for key, item in receiver.items:  # the last entry for a key wins, at the first key's position
            plain = to_plain(key)
            if plain is _NOT:
                return Unknown("dict with unknown keys")
            try:
                latest[plain] = (latest[plain][0], item) if plain in latest else (key, item)
            except TypeError:
                return Unknown("dict with unhashable keys")
        pairs = list(latest.values())
        if name == "keys":
            return Seq("list", tuple(k for k, _ in pairs))
        if name == "values":
            return Seq("list", tuple(v for _, v in pairs))
        return Seq("list", tuple(Seq("tuple", (k, v)) for k, v in pairs))
    return None


def binary(op: str, left: Value, right: Value) -> Value:
    """``left <op> right`` for plain values: str/list concatenation and repetition, %-formatting, arithmetic,
    timedelta arithmetic, comparisons. ``op`` is the ast operator class name (``Add``, ``Mod``, ``Eq``...)."""
    a, b = to_plain(left), to_plain(right)
    if a is _NOT or b is _NOT:
        if op == "Add" and isinstance(left, Seq) and isinstance(right, Seq) and left.kind == right.kind:
            return Seq(left.kind, left.items + right.items)
        if op == "BitOr" and isinstance(left, Dict) and isinstance(right, Dict):
            return Dict(left.items + right.items, left.complete and right.complete)
        return Unknown("operation on unknown values")
    if isinstance(a, bool) or isinstance(b, bool):
        if op not in ("Eq", "NotEq", "And", "Or"):
            return Unknown("operation on a bool")
    if op in ("Mult",) and (isinstance(a, (str, list, tuple)) or isinstance(b, (str, list, tuple))):
        count = b if isinstance(a, (str, list, tuple)) else a
        if not isinstance(count, int) or count > MAX_ITEMS * 100:
            return Unknown("large repetition")
    if op == "Pow" and (not isinstance(b, int) or abs(b) > 64 or not isinstance(a, (int, float)) or abs(a) >= 2**64):
        return Unknown("large power")
    if op == "Mod" and isinstance(a, str) and not isinstance(b, (str, int, float, tuple, dict)):
        return Unknown("%-formatting of an unknown value")
    operations: dict[str, Callable[[Any, Any], object]] = {
        "Add": operator.add,
        "Sub": operator.sub,
        "Mult": operator.mul,
        "Div": operator.truediv,
        "FloorDiv": operator.floordiv,
        "Mod": operator.mod,
        "Pow": operator.pow,
        "BitOr": operator.or_,
        "Eq": operator.eq,
        "NotEq": operator.ne,
        "Lt": operator.lt,
        "LtE": operator.le,
        "Gt": operator.gt,
        "GtE": operator.ge,
        "In": lambda x, y: x in y,
        "NotIn": lambda x, y: x not in y,
    }
    operation = operations.get(op)
    if operation is None:
        return Unknown(f"operation {op}")
    try:
        result = operation(a, b)
    except Exception:
        return Unknown("operation would raise")
    return from_plain(result) if _sized(result) else Unknown("result too large to follow")


def truth(value: Value) -> bool | None:
    """The truth value of a known plain value, None when not known."""
    plain = to_plain(value)
    if plain is _NOT:
        return None
    return bool(plain)


def iterate(value: Value, limit: int) -> list[Value] | None:
    """The items a ``for`` over ``value`` sees (dicts: their keys), or None when unknown or over ``limit``."""
    if isinstance(value, Seq):
        if value.kind == "set":
            return None  # iteration order of a set is not the order written
        items = list(value.items)
    elif isinstance(value, Dict):
        if not value.complete:
            return None
        items = [k for k, _ in value.items]
        seen: list[object] = []
        unique: list[Value] = []
        for k in items:  # a repeated key is one entry, at its first position
            plain = to_plain(k)
            if plain is _NOT:
                return None
            if plain not in seen:
                seen.append(plain)
                unique.append(k)
        items = unique
    elif isinstance(value, Lit) and isinstance(value.value, str):
        items = [Lit(c) for c in value.value]
    else:
        return None
    return items if len(items) <= limit else None
