"""Runs one fixture module against the installed ``flyte`` SDK and writes a JSON verdict.

This script is executed by ``tests/sdk_oracle.py`` in a fresh interpreter (the one whose ``flyte``
version is being judged); it is never imported by the test process. Usage::

    python -I -B _sdk_runner.py FIXTURE.py OUT.json

Phases, in order:

* ``import`` -- the fixture is loaded the way ``flyte deploy FILE`` loads it (``spec_from_file_location``
  under the file stem, registered in ``sys.modules``, its directory appended to ``sys.path``). Any
  exception is reported with the span of the deepest traceback frame that lies in the fixture file.
* ``deploy`` -- when the import succeeded: deploy planning (``plan_deploy`` over every loaded environment,
  like ``flyte deploy --all``), the deployer lookup per planned environment, ``include`` collection, and
  per-task serialization with ``translate_task_to_wire`` -- what ``flyte deploy --dry-run`` runs, with a fixed
  image cache instead of an image build and no control plane.

SDK log records (``flyte`` loggers) and Python warnings are recorded in every phase. A task whose
serialization needs an optional package that is not installed here (``kubernetes`` for ``PodTemplate``)
is listed under ``limitations`` instead of being reported as a failure: the SDK cannot judge it here.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import logging
import os
import socket
import sys
import traceback
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True

FAKE_IMAGE_URI = "registry.invalid/flyte-lint/fake-image:dry-run"

Span = tuple[int, int]


class _NetworkBlocked(OSError):
    pass


def _block_network() -> None:
    """Refuse every outgoing connection that is not a local (AF_UNIX) socket."""

    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def _guard(sock: socket.socket) -> None:
        if sock.family != getattr(socket, "AF_UNIX", None):
            raise _NetworkBlocked("network access is disabled in the flyte-lint SDK oracle")

    def connect(self: socket.socket, address: Any) -> None:
        _guard(self)
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _guard(self)
        return original_connect_ex(self, address)

    def getaddrinfo(*args: Any, **kwargs: Any) -> Any:
        raise _NetworkBlocked("name resolution is disabled in the flyte-lint SDK oracle")

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = getaddrinfo


class _LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        self.records.append({"logger": record.name, "level": record.levelname, "message": message})


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _frame_span(code: types.CodeType, lasti: int, fallback: int | None) -> Span | None:
    """Line span of the instruction at ``lasti`` (CPython 3.11+ positions), else the frame line."""
    positions = getattr(code, "co_positions", None)
    if positions is not None and lasti >= 0:
        try:
            start, end, _col, _end_col = list(positions())[lasti // 2]
        except IndexError:
            start, end = None, None
        if start is not None:
            return (start, end if end is not None else start)
    if fallback is None:
        return None
    return (fallback, fallback)


def _walk_tb(tb: types.TracebackType | None) -> Iterator[types.TracebackType]:
    while tb is not None:
        yield tb
        tb = tb.tb_next


def _fixture_span_from_traceback(exc: BaseException, fixture: str) -> Span | None:
    span: Span | None = None
    for tb in _walk_tb(exc.__traceback__):
        if _same_file(tb.tb_frame.f_code.co_filename, fixture):
            span = _frame_span(tb.tb_frame.f_code, tb.tb_lasti, tb.tb_lineno)
    if span is None and isinstance(exc, SyntaxError) and exc.lineno is not None:
        if exc.filename and _same_file(exc.filename, fixture):
            span = (exc.lineno, exc.end_lineno or exc.lineno)
    return span


class _EnvSites:
    """Records, for every Environment constructed, the fixture span of the expression that built it.

    Uses ``sys.setprofile`` to observe calls to ``__post_init__`` of Environment instances; the SDK is not
    modified.
    """

    def __init__(self, fixture: str, env_base: type) -> None:
        self.fixture = fixture
        self.env_base = env_base
        self.spans: dict[int, Span] = {}

    def __call__(self, frame: types.FrameType, event: str, arg: Any) -> None:
        if event != "call" or frame.f_code.co_name != "__post_init__":
            return
        obj = frame.f_locals.get("self")
        if obj is None or not isinstance(obj, self.env_base) or id(obj) in self.spans:
            return
        outer = frame.f_back
        while outer is not None:
            if _same_file(outer.f_code.co_filename, self.fixture):
                span = _frame_span(outer.f_code, outer.f_lasti, outer.f_lineno)
                if span is not None:
                    self.spans[id(obj)] = span
                return
            outer = outer.f_back

    def span_of(self, env: object) -> Span | None:
        return self.spans.get(id(env))


def _function_span(func: Any, fixture: str) -> Span | None:
    """From the first decorator line to the ``def`` line of a task function defined in the fixture."""
    code = getattr(func, "__code__", None)
    if code is None or not _same_file(code.co_filename, fixture):
        return None
    first = code.co_firstlineno
    try:
        import inspect

        lines, start = inspect.getsourcelines(func)
    except (OSError, TypeError):
        return (first, first)
    end = start
    for offset, text in enumerate(lines):
        stripped = text.lstrip()
        if stripped.startswith(("def ", "async def ")):
            end = start + offset
            break
    return (first, max(first, end))


def _image_cache(env_names: list[str]) -> Any:
    try:
        from flyte._internal.image_cache import ImageCache  # 2.12.x
    except ImportError:
        from flyte._internal.imagebuild.image_builder import ImageCache  # type: ignore[attr-defined,no-redef,unused-ignore]  # 2.1.x
    return ImageCache(image_lookup={name: FAKE_IMAGE_URI for name in env_names})


def _exception_record(exc: BaseException) -> dict[str, Any]:
    message = str(exc)
    if isinstance(exc, RecursionError):
        message = message.split("\n", 1)[0]
    return {"exc_type": type(exc).__name__, "exc_module": type(exc).__module__, "message": message}


def _locals_in_tb(exc: BaseException, func_name: str, var: str) -> list[Any]:
    found: list[Any] = []
    seen: set[int] = set()
    for tb in _walk_tb(exc.__traceback__):
        if tb.tb_frame.f_code.co_name == func_name and var in tb.tb_frame.f_locals:
            value = tb.tb_frame.f_locals[var]
            if id(value) not in seen:
                seen.add(id(value))
                found.append(value)
    return found


def _is_missing_optional_dependency(exc: ModuleNotFoundError) -> bool:
    """True when the missing module is a third-party package that is simply not installed here."""
    name = (exc.name or "").split(".")[0]
    return bool(name) and name != "flyte" and importlib.util.find_spec(name) is None


def _deploy_phase(fixture: str, sites: _EnvSites, limitations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Planning + dry-run serialization. Returns a failure record, or None when everything passes."""
    from flyte._deploy import plan_deploy
    from flyte._environment import list_loaded_environments
    from flyte._internal.runtime.task_serde import translate_task_to_wire
    from flyte._task_environment import TaskEnvironment
    from flyte.models import SerializationContext

    envs = list(list_loaded_environments())
    root_dir = Path(fixture).resolve().parent

    def env_spans(objs: list[Any]) -> list[Span]:
        return [s for s in (sites.span_of(o) for o in objs) if s is not None]

    try:
        plans = plan_deploy(*envs)
    except BaseException as exc:
        culprits = _locals_in_tb(exc, "_check_duplicate_env", "env")
        culprits += _locals_in_tb(exc, "_recursive_discover", "env")
        spans = env_spans(culprits)
        record = _exception_record(exc)
        record.update(step="plan", span=spans[0] if spans else None, related=spans)
        return record

    from flyte._deployer import get_deployer  # present in 2.1.9 and 2.12.1

    planned: list[Any] = []
    for plan in plans:
        for env in plan.envs.values():
            if any(env is p for p in planned):
                continue
            planned.append(env)
            try:
                get_deployer(type(env))
            except BaseException as exc:
                spans = env_spans([env])
                record = _exception_record(exc)
                record.update(step="deployer", span=spans[0] if spans else None, related=spans)
                return record

    from flyte._code_bundle._includes import collect_env_include_files  # present in 2.1.9 and 2.12.1

    for plan in plans:
        try:
            collect_env_include_files(plan.envs.values())
        except BaseException as exc:
            spans = env_spans(list(plan.envs.values()))
            record = _exception_record(exc)
            record.update(step="include", span=spans[0] if spans else None, related=spans)
            return record

    context = SerializationContext(
        version="flyte-lint-dry-run",
        project="project",
        domain="development",
        org="org",
        image_cache=_image_cache([e.name for e in envs if isinstance(getattr(e, "name", None), str)]),
        root_dir=root_dir,
    )
    for env in planned:
        if not isinstance(env, TaskEnvironment):
            continue
        for task in list(env.tasks.values()):
            try:
                translate_task_to_wire(task, context)
            except ModuleNotFoundError as exc:
                if not _is_missing_optional_dependency(exc):
                    raise
                # e.g. PodTemplate serialization needs the `kubernetes` package. A user who deploys pod
                # templates has it; this interpreter does not, so the SDK cannot judge this task here.
                task_span = _function_span(getattr(task, "func", None), fixture)
                limitations.append(
                    {
                        "task": str(task.name),
                        "missing_module": exc.name,
                        "message": str(exc),
                        "related": [list(s) for s in [task_span, sites.span_of(env)] if s is not None],
                    }
                )
            except BaseException as exc:
                task_span = _function_span(getattr(task, "func", None), fixture)
                related = [s for s in [task_span, sites.span_of(env)] if s is not None]
                record = _exception_record(exc)
                record.update(
                    step="serialize",
                    span=task_span if task_span is not None else (related[0] if related else None),
                    related=related,
                    task=str(task.name),
                    wrapped_message=(
                        f"Failed to deploy task {task.name} file{getattr(task, 'source_file', None)} with image "
                        f"{FAKE_IMAGE_URI}, Error: {exc!s}"
                    ),
                )
                return record
    return None


def _load_fixture(fixture: str) -> None:
    path = Path(fixture)
    module_name = path.stem
    spec = importlib.util.spec_from_file_location(module_name, str(path))
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {fixture}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    sys.path.append(str(path.parent))
    spec.loader.exec_module(module)


def main(argv: list[str]) -> int:
    fixture = str(Path(argv[1]).resolve())
    out_path = Path(argv[2])
    _block_network()

    import flyte
    from flyte._environment import Environment

    collector = _LogCollector()
    for name in ("flyte", "flyte.user"):
        logger = logging.getLogger(name)
        logger.addHandler(collector)
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
    logging.getLogger().addHandler(collector)

    caught_warnings: list[dict[str, Any]] = []

    def showwarning(message: Any, category: type, filename: str, lineno: int, *_: Any, **__: Any) -> None:
        caught_warnings.append(
            {"category": category.__name__, "message": str(message), "filename": filename, "lineno": lineno}
        )

    warnings.simplefilter("always")
    warnings.showwarning = showwarning

    result: dict[str, Any] = {
        "flyte_version": getattr(flyte, "__version__", "unknown"),
        "python": sys.version.split()[0],
        "phase": "ok",
        "step": None,
        "exc_type": None,
        "exc_module": None,
        "message": None,
        "span": None,
        "related": [],
        "task": None,
        "wrapped_message": None,
        "traceback": None,
    }

    sites = _EnvSites(fixture, Environment)
    limitations: list[dict[str, Any]] = []
    failure: dict[str, Any] | None = None
    sys.setprofile(sites)
    try:
        _load_fixture(fixture)
    except BaseException as exc:
        sys.setprofile(None)
        span = _fixture_span_from_traceback(exc, fixture)
        failure = _exception_record(exc)
        failure.update(step="import", span=span, related=[span] if span else [])
        result["phase"] = "import"
        result["traceback"] = "".join(traceback.format_exception(exc))[-4000:]
    finally:
        sys.setprofile(None)

    if failure is None:
        try:
            failure = _deploy_phase(fixture, sites, limitations)
        except BaseException as exc:
            result["harness_error"] = "".join(traceback.format_exception(exc))[-4000:]
            failure = None
        if failure is not None:
            result["phase"] = "deploy"

    if failure is not None:
        for key, value in failure.items():
            result[key] = value
        result["span"] = list(result["span"]) if result["span"] else None
        result["related"] = [list(s) for s in result["related"]]

    result["limitations"] = limitations
    result["logs"] = collector.records
    result["warnings"] = caught_warnings
    out_path.write_text(json.dumps(result, default=str))
    return 0


def _json_default(value: Any) -> Any:  # pragma: no cover - kept for debugging dumps
    if dataclasses.is_dataclass(value):
        return repr(value)
    return str(value)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
