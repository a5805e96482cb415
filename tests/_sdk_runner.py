"""Runs one fixture module, or one project directory, against the installed ``flyte`` SDK; writes a JSON verdict.

This script is executed by ``tests/sdk_oracle.py`` in a fresh interpreter (the one whose ``flyte``
version is being judged); it is never imported by the test process. Usage::

    python -I -B _sdk_runner.py FIXTURE.py OUT.json            # one module
    python -I -B _sdk_runner.py --project DIR OUT.json         # a project directory

Phases, in order (the first failure is reported):

* ``import`` -- one module is loaded the way ``flyte deploy FILE`` loads it (``spec_from_file_location``
  under the file stem, registered in ``sys.modules``, its directory appended to ``sys.path``). A project is
  loaded the way ``flyte deploy --all --recursive --root-dir DIR`` loads it: DIR on ``sys.path``, every
  ``.py`` file below it except ``__init__.py`` imported with ``importlib.import_module`` under its dotted
  path relative to DIR, in sorted order (packages are imported by their submodules). Any exception is
  reported with the span of the deepest traceback frame that lies in the user's code (the fixture file, or
  any file under DIR); every such frame is listed as related.
* ``deploy`` -- when the import succeeded: deploy planning (``plan_deploy`` over every loaded environment,
  like ``flyte deploy --all``), the deployer lookup per planned environment, ``include`` collection, and
  per-task serialization with ``translate_task_to_wire`` -- what ``flyte deploy --dry-run`` runs, with a fixed
  image cache instead of an image build and no control plane.
* ``run`` -- when deploy passed and a module carries ``# sdk-run: NAME[, NAME...]`` lines (at column 0): the
  module attributes NAME (tasks taking no required argument) are run locally, in order, with
  ``flyte.init(root_dir=...)`` and ``flyte.run(task)``, so ``override()`` calls and child-task calls in task
  bodies execute. The SDK wraps a failure of a task body in ``RuntimeUserError`` without the original
  traceback; it logs the original exception (``logger.exception("Task failed with error: ...")``), and the
  span is taken from that log record's traceback (the first one with a user frame: the innermost failure).
  Every child task a task body calls is serialized first, as the remote controller does before it submits
  it to the cluster; a failure there is reported with step ``submit`` (the cluster's verdict, not the local
  run's).

SDK log records (``flyte`` loggers) and Python warnings are recorded in every phase. A task whose
serialization needs an optional package that is not installed here (``kubernetes`` for ``PodTemplate``)
is listed under ``limitations`` instead of being reported as a failure: the SDK cannot judge it here.

Locations: in the single-module JSON a span is ``[start, end]`` (lines of the fixture); in the project JSON
it is ``[file, start, end]`` with ``file`` relative to DIR (POSIX separators), and ``file`` names the
primary span's file.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import json
import logging
import os
import re
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
RUN_MARKER = re.compile(r"^# sdk-run:\s*(?P<names>.+?)\s*$", re.MULTILINE)
_SKIPPED_DIRS = frozenset({"__pycache__", "build", "dist", "node_modules", "venv"})

Loc = tuple[str, int, int]  # (file relative to the root, first line, last line)


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
    """Keeps SDK log records (WARNING and up) and the exceptions logged with them."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[dict[str, Any]] = []
        self.exceptions: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        self.records.append({"logger": record.name, "level": record.levelname, "message": message})
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            if not any(exc is seen for seen in self.exceptions):
                self.exceptions.append(exc)

    def attach(self) -> None:
        """(Re)attach to the SDK loggers and the root logger; ``flyte.init`` clears their handlers."""
        for name in ("flyte", "flyte.user", ""):
            logger = logging.getLogger(name)
            if self not in logger.handlers:
                logger.addHandler(self)
            if name and (logger.level == logging.NOTSET or logger.level > logging.WARNING):
                logger.setLevel(logging.WARNING)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


@dataclasses.dataclass(frozen=True)
class Scope:
    """The user's code: one fixture file, or every file under a project directory."""

    root: Path
    fixture: str | None = None  # single-module mode: the fixture file

    def rel(self, filename: str) -> str | None:
        """``filename`` relative to the root (POSIX), or None when it is not the user's code."""
        if not filename or filename.startswith("<"):
            return None
        if self.fixture is not None:
            return Path(self.fixture).name if _same_file(filename, self.fixture) else None
        try:
            return Path(os.path.realpath(filename)).relative_to(self.root).as_posix()
        except ValueError:
            return None


def _frame_loc(scope: Scope, code: types.CodeType, lasti: int, fallback: int | None) -> Loc | None:
    """File and line span of the instruction at ``lasti`` (CPython 3.11+ positions), else the frame line."""
    rel = scope.rel(code.co_filename)
    if rel is None:
        return None
    positions = getattr(code, "co_positions", None)
    if positions is not None and lasti >= 0:
        try:
            start, end, _col, _end_col = list(positions())[lasti // 2]
        except IndexError:
            start, end = None, None
        if start is not None:
            return (rel, start, end if end is not None else start)
    if fallback is None:
        return None
    return (rel, fallback, fallback)


def _walk_tb(tb: types.TracebackType | None) -> Iterator[types.TracebackType]:
    while tb is not None:
        yield tb
        tb = tb.tb_next


def _traceback_locs(exc: BaseException, scope: Scope) -> list[Loc]:
    """The user's frames of ``exc``'s traceback, outermost first (the last one is the deepest)."""
    locs: list[Loc] = []
    for tb in _walk_tb(exc.__traceback__):
        loc = _frame_loc(scope, tb.tb_frame.f_code, tb.tb_lasti, tb.tb_lineno)
        if loc is not None and loc not in locs:
            locs.append(loc)
    if isinstance(exc, SyntaxError) and exc.lineno is not None and exc.filename:
        rel = scope.rel(exc.filename)
        if rel is not None:
            loc = (rel, exc.lineno, exc.end_lineno or exc.lineno)
            if loc not in locs:
                locs.append(loc)
    return locs


class _EnvSites:
    """Records, for every Environment constructed, the user's frames on the stack that built it.

    Uses ``sys.setprofile`` to observe calls to ``__post_init__`` of Environment instances; the SDK is not
    modified. The innermost user frame comes first (the constructor call, possibly inside a factory),
    followed by its callers (the factory's call sites).
    """

    def __init__(self, scope: Scope, env_base: type) -> None:
        self.scope = scope
        self.env_base = env_base
        self.sites: dict[int, list[Loc]] = {}
        self._keep: list[object] = []  # ids stay unique while the objects live

    def __call__(self, frame: types.FrameType, event: str, arg: Any) -> None:
        if event != "call" or frame.f_code.co_name != "__post_init__":
            return
        obj = frame.f_locals.get("self")
        if obj is None or not isinstance(obj, self.env_base) or id(obj) in self.sites:
            return
        locs: list[Loc] = []
        outer = frame.f_back
        while outer is not None:
            loc = _frame_loc(self.scope, outer.f_code, outer.f_lasti, outer.f_lineno)
            if loc is not None and loc not in locs:
                locs.append(loc)
            outer = outer.f_back
        if locs:
            self.sites[id(obj)] = locs
            self._keep.append(obj)

    def locs_of(self, env: object) -> list[Loc]:
        return self.sites.get(id(env), [])


def _function_loc(func: Any, scope: Scope) -> Loc | None:
    """From the first decorator line to the ``def`` line of a task function defined in the user's code."""
    code = getattr(func, "__code__", None)
    if code is None:
        return None
    rel = scope.rel(code.co_filename)
    if rel is None:
        return None
    first = code.co_firstlineno
    try:
        import inspect

        lines, start = inspect.getsourcelines(func)
    except (OSError, TypeError):
        return (rel, first, first)
    end = start
    for offset, text in enumerate(lines):
        stripped = text.lstrip()
        if stripped.startswith(("def ", "async def ")):
            end = start + offset
            break
    return (rel, first, max(first, end))


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


def _failure(exc: BaseException, step: str, locs: list[Loc], primary: Loc | None = None) -> dict[str, Any]:
    """A failure record: ``span`` is ``primary`` (default: the first of ``locs``), ``related`` all of them."""
    record = _exception_record(exc)
    span = primary if primary is not None else (locs[0] if locs else None)
    related = list(locs)
    if span is not None and span not in related:
        related.insert(0, span)
    record.update(step=step, span=span, related=related)
    return record


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


def _dry_run_context(scope: Scope, envs: list[Any]) -> Any:
    """The serialization context of a dry run: a fixed image for every environment, no control plane."""
    from flyte.models import SerializationContext

    return SerializationContext(
        version="flyte-lint-dry-run",
        project="project",
        domain="development",
        org="org",
        image_cache=_image_cache([e.name for e in envs if isinstance(getattr(e, "name", None), str)]),
        root_dir=scope.root,
    )


def _deploy_phase(scope: Scope, sites: _EnvSites, limitations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Planning + dry-run serialization. Returns a failure record, or None when everything passes."""
    from flyte._deploy import plan_deploy
    from flyte._environment import list_loaded_environments
    from flyte._internal.runtime.task_serde import translate_task_to_wire
    from flyte._task_environment import TaskEnvironment

    envs = list(list_loaded_environments())

    def env_locs(objs: list[Any]) -> list[Loc]:
        # The innermost site of each object first (in the objects' order), then their callers.
        per_obj = [sites.locs_of(o) for o in objs]
        firsts = [locs[0] for locs in per_obj if locs]
        rest = [loc for locs in per_obj for loc in locs[1:]]
        return list(dict.fromkeys(firsts + rest))

    try:
        plans = plan_deploy(*envs)
    except BaseException as exc:
        culprits = _locals_in_tb(exc, "_check_duplicate_env", "env")
        culprits += _locals_in_tb(exc, "_recursive_discover", "env")
        # A duplicate name involves the environments planned earlier under that name, too.
        names = {getattr(c, "name", None) for c in culprits}
        namesakes = [e for e in envs if getattr(e, "name", None) in names and not any(e is c for c in culprits)]
        culprit_locs = env_locs(culprits)
        return _failure(exc, "plan", culprit_locs + [loc for loc in env_locs(namesakes) if loc not in culprit_locs])

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
                return _failure(exc, "deployer", env_locs([env]))

    try:
        from flyte._code_bundle._includes import collect_env_include_files  # 2.1 and later
    except ModuleNotFoundError:  # 2.0.x: environments have no ``include``
        collect_env_include_files = None

    for plan in plans if collect_env_include_files is not None else []:
        try:
            collect_env_include_files(plan.envs.values())
        except BaseException as exc:
            return _failure(exc, "include", env_locs(list(plan.envs.values())))

    context = _dry_run_context(scope, envs)
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
                task_loc = _function_loc(getattr(task, "func", None), scope)
                limitations.append(
                    {
                        "task": str(task.name),
                        "missing_module": exc.name,
                        "message": str(exc),
                        "related": [loc for loc in [task_loc, *env_locs([env])[:1]] if loc is not None],
                    }
                )
            except BaseException as exc:
                task_loc = _function_loc(getattr(task, "func", None), scope)
                related = [loc for loc in [task_loc, *env_locs([env])] if loc is not None]
                record = _failure(exc, "serialize", related)
                record.update(
                    task=str(task.name),
                    wrapped_message=(
                        f"Failed to deploy task {task.name} file{getattr(task, 'source_file', None)} with image "
                        f"{FAKE_IMAGE_URI}, Error: {exc!s}"
                    ),
                )
                return record
    return None


def _load_fixture(fixture: str) -> list[tuple[str, str]]:
    """``flyte deploy FILE``: the file under its stem. Returns [(module name, file)]."""
    path = Path(fixture)
    module_name = path.stem
    spec = importlib.util.spec_from_file_location(module_name, str(path))
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {fixture}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    sys.path.append(str(path.parent))
    spec.loader.exec_module(module)
    return [(module_name, fixture)]


def project_modules(root: Path) -> list[tuple[str, str]]:
    """(dotted module name, file) of every ``.py`` file under ``root`` but ``__init__.py``, sorted by path."""
    found: list[tuple[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIPPED_DIRS)
        for name in filenames:
            if name.endswith(".py") and name != "__init__.py":
                path = Path(dirpath) / name
                rel = path.relative_to(root)
                found.append((".".join(rel.with_suffix("").parts), str(path)))
    return sorted(found, key=lambda item: Path(item[1]).relative_to(root).as_posix())


class _ProjectImportError(Exception):
    def __init__(self, file: str, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.file = file
        self.cause = cause


def _load_project(root: Path) -> list[tuple[str, str]]:
    """``flyte deploy --all --recursive --root-dir ROOT``: every module by its dotted name, each once."""
    sys.path.insert(0, str(root))
    modules = project_modules(root)
    for module_name, file in modules:
        try:
            importlib.import_module(module_name)
        except BaseException as exc:
            raise _ProjectImportError(file, exc) from exc
    return modules


def _run_marks(modules: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(module name, file, attribute) for every ``# sdk-run: NAME`` line of the loaded modules."""
    marks: list[tuple[str, str, str]] = []
    for module_name, file in modules:
        text = Path(file).read_text(encoding="utf-8")
        for match in RUN_MARKER.finditer(text):
            for name in re.split(r"[,\s]+", match.group("names")):
                if name:
                    marks.append((module_name, file, name))
    return marks


def _run_phase(
    scope: Scope, marks: list[tuple[str, str, str]], collector: _LogCollector
) -> tuple[dict[str, Any] | None, list[str]]:
    """Local ``flyte.run`` of each marked task. Returns (failure record or None, names of the tasks run)."""
    import flyte

    flyte.init(root_dir=scope.root)
    collector.attach()
    submit_failures = _serialize_on_submit(scope)
    ran: list[str] = []
    for module_name, file, name in marks:
        module = sys.modules[module_name]
        task = getattr(module, name, None)
        if task is None:
            raise LookupError(f"# sdk-run: {name} in {file}: the module has no attribute {name!r}")
        ran.append(f"{module_name}.{name}")
        logged_before = len(collector.exceptions)
        try:
            flyte.run(task)
        except BaseException as exc:
            logged = [e for e in collector.exceptions[logged_before:] if _traceback_locs(e, scope)]
            origin = logged[0] if logged else exc
            locs: list[Loc] = []
            for source in [*logged, exc]:
                for loc in reversed(_traceback_locs(source, scope)):  # deepest first
                    if loc not in locs:
                        locs.append(loc)
            if not locs:
                fallback = _function_loc(getattr(task, "func", None), scope)
                locs = [fallback] if fallback is not None else []
            origin_locs = _traceback_locs(origin, scope)
            # A child task the cluster could not even be handed (its serialization failed) is a failure of
            # the submission, not of a task body.
            step = (
                "submit" if any(_same_failure(f, origin) or _same_failure(f, exc) for f in submit_failures) else "run"
            )
            record = _failure(origin, step, locs, origin_locs[-1] if origin_locs else None)
            record.update(
                task=str(getattr(task, "name", name)),
                wrapped_message=f"{type(exc).__module__}.{type(exc).__name__}: {exc}",
            )
            return record, ran
    return None, ran


def _same_failure(failure: BaseException, seen: BaseException) -> bool:
    """Whether ``seen`` is ``failure`` or the SDK's wrapping of it (a RuntimeUserError keeps only the text)."""
    chain: BaseException | None = seen
    for _ in range(8):
        if chain is None:
            return False
        if chain is failure or (str(failure) and str(failure) in str(chain)):
            return True
        chain = chain.__cause__ or chain.__context__
    return False


def _serialize_on_submit(scope: Scope) -> list[BaseException]:
    """Make the local controller do what the remote one does first with every child task a task body
    calls: serialize it (``translate_task_to_wire``), so that an ``override()`` whose values only fail when
    the task is serialized fails in a local run as it does on the cluster. Returns the list that collects
    those serialization failures."""
    from flyte._environment import list_loaded_environments
    from flyte._internal.controllers._local_controller import LocalController
    from flyte._internal.runtime.task_serde import translate_task_to_wire

    failures: list[BaseException] = []
    context = _dry_run_context(scope, list(list_loaded_environments()))
    submit = LocalController.submit

    async def serialize_then_submit(self: Any, _task: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            translate_task_to_wire(_task, context)
        except ModuleNotFoundError as exc:
            if not _is_missing_optional_dependency(exc):
                failures.append(exc)
                raise
        except BaseException as exc:
            failures.append(exc)
            raise
        return await submit(self, _task, *args, **kwargs)

    LocalController.submit = serialize_then_submit  # type: ignore[method-assign]
    return failures


def _jsonable_loc(loc: Loc | None, project: bool) -> list[Any] | None:
    if loc is None:
        return None
    return [loc[0], loc[1], loc[2]] if project else [loc[1], loc[2]]


def judge_in_process(scope: Scope) -> dict[str, Any]:
    """Every phase on the user's code in ``scope``; the JSON-ready verdict."""
    _block_network()

    import flyte
    from flyte._environment import Environment

    collector = _LogCollector()
    collector.attach()

    caught_warnings: list[dict[str, Any]] = []

    def showwarning(message: Any, category: type, filename: str, lineno: int, *_: Any, **__: Any) -> None:
        caught_warnings.append(
            {"category": category.__name__, "message": str(message), "filename": filename, "lineno": lineno}
        )

    warnings.simplefilter("always")
    warnings.showwarning = showwarning

    project = scope.fixture is None
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
    if project:
        result["file"] = None
        result["modules"] = []

    sites = _EnvSites(scope, Environment)
    limitations: list[dict[str, Any]] = []
    failure: dict[str, Any] | None = None
    modules: list[tuple[str, str]] = []
    sys.setprofile(sites)
    try:
        modules = _load_project(scope.root) if project else _load_fixture(str(scope.fixture))
    except BaseException as exc:
        sys.setprofile(None)
        cause = exc.cause if isinstance(exc, _ProjectImportError) else exc
        locs = _traceback_locs(cause, scope)
        failure = _failure(cause, "import", list(reversed(locs)))
        if isinstance(exc, _ProjectImportError):
            failure["module_file"] = scope.rel(exc.file)
        result["phase"] = "import"
        result["traceback"] = "".join(traceback.format_exception(cause))[-4000:]
    finally:
        sys.setprofile(None)
    if project:
        result["modules"] = [name for name, _ in modules]

    if failure is None:
        try:
            failure = _deploy_phase(scope, sites, limitations)
        except BaseException as exc:
            result["harness_error"] = "".join(traceback.format_exception(exc))[-4000:]
            failure = None
        if failure is not None:
            result["phase"] = "deploy"

    marks = _run_marks(modules) if failure is None and "harness_error" not in result else []
    if marks:
        try:
            failure, ran = _run_phase(scope, marks, collector)
            result["ran"] = ran
        except BaseException as exc:
            result["harness_error"] = "".join(traceback.format_exception(exc))[-4000:]
            failure = None
        if failure is not None:
            result["phase"] = "run"

    if failure is not None:
        for key, value in failure.items():
            result[key] = value
        span = result["span"]
        if project:
            result["file"] = span[0] if span else None
        result["span"] = _jsonable_loc(span, project)
        result["related"] = [_jsonable_loc(loc, project) for loc in result["related"]]

    for lim in limitations:
        lim["related"] = [_jsonable_loc(loc, project) for loc in lim["related"]]
    result["limitations"] = limitations
    result["logs"] = collector.records
    result["warnings"] = caught_warnings
    return result


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "--project":
        root = Path(os.path.realpath(argv[2]))
        scope = Scope(root=root)
        out_path = Path(argv[3])
    else:
        fixture = str(Path(argv[1]).resolve())
        scope = Scope(root=Path(fixture).parent, fixture=fixture)
        out_path = Path(argv[2])
    result = judge_in_process(scope)
    out_path.write_text(json.dumps(result, default=str))
    return 0


def _json_default(value: Any) -> Any:  # pragma: no cover - kept for debugging dumps
    if dataclasses.is_dataclass(value):
        return repr(value)
    return str(value)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
