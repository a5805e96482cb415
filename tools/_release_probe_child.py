"""The probe program of tools/probe_release.py; runs under one flyte release's interpreter.

``python -I -B tools/_release_probe_child.py OUT.json`` writes what this interpreter's ``flyte`` says about
itself: the signatures of the API the checker models, the SDK's literal sets, and the verdict of each
behaviour probe (``PROBES``). Each probe runs in isolation: its own try/except, freshly built objects, an
environment name of its own. Deploy-phase probes serialize a task the way ``tests/_sdk_runner.py`` does a
dry-run deploy (``translate_task_to_wire`` with a fixed image cache, no control plane); trigger and link
probes convert them the way a real deploy does (``tests/probes/sdk_probe.py``). The network is blocked first.

Standalone (stdlib + flyte): it runs under the SDK's interpreter, not the tool's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import inspect
import json
import logging
import re
import sys
import typing
import warnings
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

import _sdk_runner  # noqa: E402  (tests/_sdk_runner.py: network block, image cache)

_sdk_runner._block_network()

import flyte  # noqa: E402

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class Unavailable(Exception):
    """The API a probe needs does not exist in this release."""


def need(obj: Any, *path: str) -> Any:
    for name in path:
        if not hasattr(obj, name):
            raise Unavailable(f"no {name}")
        obj = getattr(obj, name)
    return obj


def need_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise Unavailable(f"no module {name}") from exc


# ---------------------------------------------------------------------------------------------------------
# Signatures


def _simple(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (tuple, list, frozenset)):
        return all(_simple(v) for v in value)
    if isinstance(value, dict):
        return all(_simple(k) and _simple(v) for k, v in value.items())
    return isinstance(value, timedelta)


def _annotation(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return _ADDRESS.sub(" at 0x…", text)


def signature_of(obj: Any) -> dict[str, Any]:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    params = []
    for p in sig.parameters.values():
        entry: dict[str, Any] = {"name": p.name, "kind": p.kind.name.lower(), "has_default": p.default is not p.empty}
        if p.default is not p.empty:
            entry["default"] = repr(p.default) if _simple(p.default) else f"<{type(p.default).__name__}>"
        annotation = _annotation(p.annotation)
        if annotation is not None:
            entry["annotation"] = annotation
        params.append(entry)
    out: dict[str, Any] = {"parameters": params}
    if dataclasses.is_dataclass(obj) and isinstance(obj, type):
        out["dataclass_fields"] = [
            {"name": f.name, "init": f.init, "kw_only": bool(getattr(f, "kw_only", False))}
            for f in dataclasses.fields(obj)
        ]
    return out


def _template_class() -> Any:
    for module, name in (("flyte._task", "TaskTemplate"), ("flyte", "TaskTemplate")):
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    raise Unavailable("no TaskTemplate")


def signatures() -> dict[str, Any]:
    wanted: dict[str, Callable[[], Any]] = {
        "flyte.TaskEnvironment": lambda: flyte.TaskEnvironment,
        "flyte.TaskEnvironment.task": lambda: flyte.TaskEnvironment.task,
        "flyte.TaskEnvironment.clone_with": lambda: flyte.TaskEnvironment.clone_with,
        "flyte.TaskEnvironment.from_task": lambda: flyte.TaskEnvironment.from_task,
        "flyte.TaskEnvironment.add_dependency": lambda: flyte.TaskEnvironment.add_dependency,
        "flyte._task.TaskTemplate.override": lambda: _template_class().override,
        "flyte._task.AsyncFunctionTaskTemplate": lambda: (
            importlib.import_module("flyte._task").AsyncFunctionTaskTemplate
        ),
        "flyte.Environment": lambda: flyte.Environment,
        "flyte.Resources": lambda: flyte.Resources,
        "flyte.ReusePolicy": lambda: flyte.ReusePolicy,
        "flyte.Cache": lambda: flyte.Cache,
        "flyte.Secret": lambda: flyte.Secret,
        "flyte.RetryStrategy": lambda: flyte.RetryStrategy,
        "flyte.Backoff": lambda: need(flyte, "Backoff"),
        "flyte.Timeout": lambda: flyte.Timeout,
        "flyte.Trigger": lambda: flyte.Trigger,
        "flyte.Cron": lambda: need(flyte, "Cron"),
        "flyte.FixedRate": lambda: need(flyte, "FixedRate"),
        "flyte.Image": lambda: flyte.Image,
        "flyte.PodTemplate": lambda: flyte.PodTemplate,
        "flyte.GPU": lambda: need(flyte, "GPU"),
        "flyte.TPU": lambda: need(flyte, "TPU"),
        "flyte.Device": lambda: need(flyte, "Device"),
        "flyte.deploy": lambda: flyte.deploy,
        "flyte.app.AppEnvironment": lambda: need(need_module("flyte.app"), "AppEnvironment"),
        "flyte.clustered.ClusteredTaskEnvironment": lambda: need(
            need_module("flyte.clustered"), "ClusteredTaskEnvironment"
        ),
    }
    out: dict[str, Any] = {}
    for key, get in wanted.items():
        try:
            out[key] = signature_of(get())
        except (Unavailable, AttributeError) as exc:
            out[key] = {"absent": str(exc)}
    return out


# ---------------------------------------------------------------------------------------------------------
# Literal sets

_LITERAL_MODULES = (
    "flyte._resources",
    "flyte._cache.cache",
    "flyte._reusable_environment",
    "flyte._trigger",
    "flyte._retry",
    "flyte._timeout",
    "flyte._environment",
    "flyte.app._app_environment",
)


def _literal_values(tp: Any) -> list[Any] | None:
    """The flattened values of a ``Literal`` (unions of Literals too), or None."""
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return list(typing.get_args(tp))
    if origin is typing.Union:
        values: list[Any] = []
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            inner = _literal_values(arg)
            if inner is None:
                return None
            values.extend(inner)
        return values or None
    return None


def literals() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for module_name in _LITERAL_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name, value in sorted(vars(module).items()):
            values = _literal_values(value)
            if values is not None:
                out[f"{module_name}.{name}"] = values
            elif isinstance(value, dict) and "ALIAS" in name.upper() and all(isinstance(k, str) for k in value):
                out[f"{module_name}.{name}"] = {k: value[k] for k in sorted(value)}
            elif isinstance(value, re.Pattern):
                out[f"{module_name}.{name}"] = value.pattern
        # Literal-typed dataclass fields (ReusePolicy.scope, ...).
        for name, value in sorted(vars(module).items()):
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module_name:
                try:
                    hints = typing.get_type_hints(value)
                except Exception:
                    continue
                for field_name, hint in sorted(hints.items()):
                    values = _literal_values(hint)
                    if values is not None:
                        out[f"{module_name}.{name}.{field_name}"] = values
    # The environment name check is a regex inside a function.
    try:
        source = inspect.getsource(importlib.import_module("flyte._environment"))
        found = re.findall(r"re\.fullmatch\(r\"([^\"]+)\"", source)
        if found:
            out["flyte._environment.<name regex>"] = found
    except (OSError, ImportError):
        pass
    return {k: out[k] for k in sorted(out)}


# ---------------------------------------------------------------------------------------------------------
# Behaviour probes


class Ctx:
    """One probe's state: the phase it is in, the environments it built, serialization helpers."""

    def __init__(self, probe_id: str) -> None:
        self.probe_id = probe_id
        self.counter = 0
        self.phase = "construct"
        self.observed: Any = None

    def at(self, phase: str) -> None:
        self.phase = phase

    def name(self) -> str:
        """An environment name of this probe's own (the probe id, slugged, and a counter within the probe)."""
        self.counter += 1
        slug = re.sub(r"[^a-z0-9]+", "-", self.probe_id.lower()).strip("-")
        return f"{slug}-{self.counter}"

    def env(self, **kwargs: Any) -> Any:
        self.at("construct")
        return flyte.TaskEnvironment(name=self.name(), **kwargs)

    def task(self, env: Any, *, sync: bool = False, **kwargs: Any) -> Any:
        self.at("decorate")
        if sync:

            def t(x: int) -> int:
                return x

        else:

            async def t(x: int) -> int:  # type: ignore[misc]
                return x

        decorator = env.task(**kwargs) if kwargs else env.task
        return decorator(t)

    def override(self, task: Any, **kwargs: Any) -> Any:
        self.at("override")
        return task.override(**kwargs)

    def _context(self, env: Any) -> Any:
        from flyte.models import SerializationContext

        return SerializationContext(
            version="flyte-lint-probe",
            project="project",
            domain="development",
            org="org",
            image_cache=_sdk_runner._image_cache([env.name]),
            root_dir=Path(__file__).resolve().parent,
        )

    def serialize(self, task: Any, env: Any) -> Any:
        """The dry-run serialization of tests/_sdk_runner.py (``translate_task_to_wire``)."""
        from flyte._internal.runtime.task_serde import translate_task_to_wire

        self.at("deploy")
        return translate_task_to_wire(task, self._context(env))

    def serialize_real(self, task: Any, env: Any) -> Any:
        """Serialization with the TaskContext of a real deploy (renders links), as tests/probes/sdk_probe.py."""
        import flyte.report
        from flyte._internal.runtime.task_serde import translate_task_to_wire
        from flyte.models import ActionID, RawDataPath, TaskContext

        self.at("deploy")
        context = self._context(env)
        action = ActionID(name="a", run_name="r", project="p", domain="d", org="o")
        task_context = TaskContext(
            action=action,
            output_path=context.output_path,
            version=context.version,
            raw_data_path=RawDataPath(path=""),
            compiled_image_cache=context.image_cache,
            run_base_dir="",
            report=flyte.report.Report(name=action.name),
            custom_context={},
        )
        return translate_task_to_wire(task, context, task_context=task_context)

    def convert_triggers(self, task: Any) -> None:
        """What a real deploy does with a task's triggers (flyte/_deploy.py; tests/probes/sdk_probe.py)."""
        from flyte._internal.runtime.convert import convert_upload_default_inputs
        from flyte._internal.runtime.trigger_serde import to_task_trigger
        from flyte._internal.runtime.types_serde import transform_native_to_typed_interface

        self.at("deploy")

        async def convert() -> None:
            interface = transform_native_to_typed_interface(task.native_interface)
            defaults = await convert_upload_default_inputs(task.native_interface)
            for trigger in task.triggers:
                await to_task_trigger(
                    t=trigger, task_name=task.name, task_inputs=interface.inputs, task_default_inputs=defaults
                )

        asyncio.run(convert())

    def deploy(self, task: Any, env: Any) -> None:
        self.serialize(task, env)


PROBES: dict[str, Callable[[Ctx], Any]] = {}


def probe(probe_id: str) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
    def register(func: Callable[[Ctx], Any]) -> Callable[[Ctx], Any]:
        assert probe_id not in PROBES, probe_id
        PROBES[probe_id] = func
        return func

    return register


def simple(probe_id: str, build: Callable[[], Any]) -> None:
    """A construct-phase probe: ``build()`` either returns or raises."""

    def run(ctx: Ctx) -> None:
        build()

    probe(probe_id)(run)


def full(probe_id: str, env_kwargs: dict[str, Any] | Callable[[], dict[str, Any]], **task_kwargs: Any) -> None:
    """Construct an env, decorate a task, serialize it (dry-run deploy)."""

    def run(ctx: Ctx) -> None:
        kwargs = env_kwargs() if callable(env_kwargs) else env_kwargs
        env = ctx.env(**kwargs)
        task = ctx.task(env, **task_kwargs)
        ctx.deploy(task, env)

    probe(probe_id)(run)


def reusable(**kwargs: Any) -> Any:
    return flyte.ReusePolicy(replicas=2, **kwargs)


# --- keywords per level (service_account, produces_artifacts, plugin_config, clone_with) -----------------
full("env.service_account", {"service_account": "etl-sa"})
simple("env.service_account.type", lambda: flyte.TaskEnvironment(name="sa-type", service_account=7))
full("task.service_account", {}, service_account="etl-sa")
full("task.produces_artifacts.none", {}, produces_artifacts=None)
full("task.entrypoint", {}, entrypoint=True)
full("env.unknown_keyword.retries", {"retries": 3})
full("task.unknown_keyword.resources", {}, resources=None)


@probe("override.service_account")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.override(ctx.task(env), service_account="etl-sa")


def _override_serialized(probe_id: str, **override: Any) -> None:
    """``override()`` stores these values unchecked; serializing the overridden task (what submitting it from a
    parent task does) is where they fail."""

    def run(ctx: Ctx) -> None:
        env = ctx.env()
        ctx.serialize(ctx.override(ctx.task(env), **override), env)

    probe(probe_id)(run)


_override_serialized("override.serialized.resources_str", resources="big")
_override_serialized("override.serialized.resources_none", resources=None)
_override_serialized("override.serialized.env_vars_list", env_vars=["A=1"])
_override_serialized("override.serialized.env_vars_int_value", env_vars={"A": 1})
_override_serialized("override.serialized.secrets_int", secrets=5)
_override_serialized("override.serialized.secrets_str", secrets="token")
_override_serialized("override.serialized.interruptible_str", interruptible="yes")
_override_serialized("override.serialized.interruptible_empty", interruptible="")
_override_serialized("override.serialized.interruptible_int", interruptible=1)


@probe("override.produces_artifacts.none")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.override(ctx.task(env), produces_artifacts=None)


@probe("override.plugin_config.none")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.override(ctx.task(env), plugin_config=None)


@probe("override.plugin_config.unregistered")
def _(ctx: Ctx) -> None:
    @dataclasses.dataclass
    class MyConfig:
        x: int = 1

    env = ctx.env()
    ctx.override(ctx.task(env), plugin_config=MyConfig())


@probe("override.container_task")
def _(ctx: Ctx) -> None:
    from flyte.extras import ContainerTask

    container = ContainerTask(name=ctx.name(), image="alpine:3.19", command=["echo"])
    ctx.override(container, retries=1)


@probe("override.report")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.override(ctx.task(env), report=True)


@probe("override.forbidden.name")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.override(ctx.task(env), name="x")


@probe("override.unknown_keyword.depends_on")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.override(ctx.task(env), depends_on=[])


@probe("override.ref")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.override(ctx.task(env), ref=None)


@probe("clone.service_account")
def _(ctx: Ctx) -> None:
    ctx.env().clone_with(ctx.name(), service_account="etl-sa")


@probe("clone.cache_reusable")
def _(ctx: Ctx) -> None:
    ctx.env().clone_with(ctx.name(), cache="auto", reusable=reusable())


@probe("clone.unknown_keyword.queue")
def _(ctx: Ctx) -> None:
    ctx.env().clone_with(ctx.name(), queue="q")


@probe("clone.unknown_keyword.pod_template")
def _(ctx: Ctx) -> None:
    ctx.env().clone_with(ctx.name(), pod_template="tpl")


@probe("clone.shares_depends_on")
def _(ctx: Ctx) -> bool:
    base = ctx.env()
    clone = base.clone_with(ctx.name())
    clone.add_dependency(ctx.env())
    return len(base.depends_on) == 1


@probe("from_task.exists")
def _(ctx: Ctx) -> None:
    need(flyte.TaskEnvironment, "from_task")


@probe("from_task.env_task")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    task = ctx.task(env)
    ctx.at("construct")
    flyte.TaskEnvironment.from_task(ctx.name(), task)


@probe("add_dependency.self")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    env.add_dependency(env)


@probe("add_dependency.list")
def _(ctx: Ctx) -> None:
    ctx.env().add_dependency([ctx.env()])


simple("env.name.camel", lambda: flyte.TaskEnvironment(name="myEnv"))
simple("env.name.digits", lambda: flyte.TaskEnvironment(name="123"))
simple("env.name.none", lambda: flyte.TaskEnvironment(name=None))
simple("env.description.int", lambda: flyte.TaskEnvironment(name="desc-int", description=5))


@probe("env.description.truncated")
def _(ctx: Ctx) -> int:
    return len(ctx.env(description="d" * 300).description)


simple("env.image.list", lambda: flyte.TaskEnvironment(name="img-list", image=["python:3.12"]))
simple("env.secrets.tuple", lambda: flyte.TaskEnvironment(name="sec-tuple", secrets=("a", "b")))
simple("env.env_vars.list", lambda: flyte.TaskEnvironment(name="ev-list", env_vars=[("A", "1")]))
simple("env.resources.dict", lambda: flyte.TaskEnvironment(name="res-dict", resources={"cpu": 2}))
simple("env.pod_template.dict", lambda: flyte.TaskEnvironment(name="pt-dict", pod_template={"labels": {}}))
simple("env.include.str", lambda: flyte.TaskEnvironment(name="inc-str", include="a.txt"))
simple("env.cache.true", lambda: flyte.TaskEnvironment(name="cache-true", cache=True))
simple("env.reusable.true", lambda: flyte.TaskEnvironment(name="reuse-true", reusable=True))
simple("env.depends_on.str", lambda: flyte.TaskEnvironment(name="dep-str", depends_on=["base"]))


# --- reusable environments -------------------------------------------------------------------------------
def _sleep_config() -> Any:
    return need(need_module("flyte.extras"), "Sleep")()


@probe("env.reusable_plugin_config.sleep")
def _(ctx: Ctx) -> None:
    config = _sleep_config()
    ctx.env(reusable=reusable(), plugin_config=config)


@probe("task.plugin_config.sleep")
def _(ctx: Ctx) -> None:
    config = _sleep_config()
    env = ctx.env(plugin_config=config)
    ctx.task(env)


@probe("task.plugin_config.unregistered")
def _(ctx: Ctx) -> None:
    @dataclasses.dataclass
    class MyConfig:
        x: int = 1

    env = ctx.env(plugin_config=MyConfig())
    ctx.task(env)


@probe("task.pod_template_on_reusable")
def _(ctx: Ctx) -> None:
    env = ctx.env(reusable=reusable())
    ctx.task(env, pod_template="tpl")


@probe("task.service_account_on_reusable")
def _(ctx: Ctx) -> None:
    env = ctx.env(reusable=reusable())
    ctx.task(env, service_account="other")


@probe("task.sync_reusable_concurrency_2")
def _(ctx: Ctx) -> None:
    env = ctx.env(reusable=reusable(concurrency=2))
    ctx.task(env, sync=True)


@probe("task.async_reusable_concurrency_2")
def _(ctx: Ctx) -> None:
    env = ctx.env(reusable=reusable(concurrency=2))
    ctx.deploy(ctx.task(env), env)


@probe("task.sync_reusable_false")
def _(ctx: Ctx) -> None:
    env = ctx.env(reusable=False)
    ctx.deploy(ctx.task(env, sync=True), env)


def _override_reusable(keyword: str, value: Any, off: bool) -> Callable[[Ctx], None]:
    def run(ctx: Ctx) -> None:
        env = ctx.env(reusable=reusable())
        task = ctx.task(env)
        extra = {"reusable": "off"} if off else {}
        ctx.override(task, **{keyword: value}, **extra)

    return run


for _kw, _value in (
    ("resources", lambda: flyte.Resources(cpu=1)),
    ("env_vars", lambda: {"A": "1"}),
    ("secrets", lambda: ["a"]),
    ("service_account", lambda: "sa"),
):
    for _off in (False, True):

        def _make(kw: str = _kw, value: Callable[[], Any] = _value, off: bool = _off) -> Callable[[Ctx], None]:
            def run(ctx: Ctx) -> None:
                _override_reusable(kw, value(), off)(ctx)

            return run

        probe(f"override.reusable_restricted.{_kw}{'.off' if _off else ''}")(_make())


@probe("override.reusable_true.deploy")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    task = ctx.override(ctx.task(env), reusable=True)
    ctx.deploy(task, env)


@probe("override.pod_template_on_reusable")
def _(ctx: Ctx) -> None:
    env = ctx.env(reusable=reusable())
    ctx.override(ctx.task(env), pod_template="tpl")


# --- cache --------------------------------------------------------------------------------------------------
for _behavior in ("auto", "always", "enable", "ON", "AUTO", "off"):
    simple(f"cache.behavior.{_behavior}", lambda b=_behavior: flyte.Cache(behavior=b))
simple("cache.max_age.int", lambda: flyte.Cache(behavior="auto", max_age=60))
simple("cache.max_age.float", lambda: flyte.Cache(behavior="auto", max_age=1.5))
simple("cache.max_age.negative", lambda: flyte.Cache(behavior="auto", max_age=-1))
simple("cache.policies.empty", lambda: flyte.Cache(behavior="auto", policies=[]))
full("cache.env.always", {"cache": "always"})
full("cache.env.enable", {"cache": "enable"})
full("cache.env.none", {"cache": None})
full("cache.env.false", {"cache": False})
full("cache.task.always", {}, cache="always")
full("cache.task.enable", {}, cache="enable")


# Cache(serialize=...) of another type than bool, as a task's cache= (deploy: TaskMetadata.cache_serializable).
def _cache_serialize_probe(probe_id: str, value: Any) -> None:
    @probe(probe_id)
    def run(ctx: Ctx) -> None:
        cache = flyte.Cache(behavior="auto", serialize=value)
        env = ctx.env()
        ctx.deploy(ctx.task(env, cache=cache), env)


_cache_serialize_probe("cache.serialized.serialize_str_true", "true")
_cache_serialize_probe("cache.serialized.serialize_1", 1)


@probe("cache.env.always.no_task")
def _(ctx: Ctx) -> None:
    ctx.env(cache="always")


@probe("cache.override.always")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    task = ctx.override(ctx.task(env), cache="always")
    ctx.deploy(task, env)


@probe("cache.clone.always")
def _(ctx: Ctx) -> None:
    env = ctx.env().clone_with(ctx.name(), cache="always")
    ctx.deploy(ctx.task(env), env)


# --- retries ------------------------------------------------------------------------------------------------
for _rid, _retries in (
    ("negative", -1),
    ("float", 1.5),
    ("str", "3"),
    ("bool", True),
    ("huge", 2**33),
    ("ok", 3),
):
    full(f"retries.task.{_rid}", {}, retries=_retries)
simple("retries.strategy.negative", lambda: flyte.RetryStrategy(count=-1))
simple("retries.strategy.float", lambda: flyte.RetryStrategy(count=2.5))


@probe("retries.strategy.float.deploy")
def _(ctx: Ctx) -> None:
    strategy = flyte.RetryStrategy(count=2.5)
    env = ctx.env()
    ctx.deploy(ctx.task(env, retries=strategy), env)


@probe("retries.override.negative")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.deploy(ctx.override(ctx.task(env), retries=-1), env)


@probe("retries.strategy.backoff")
def _(ctx: Ctx) -> None:
    backoff = need(flyte, "Backoff")(base=timedelta(seconds=1), factor=2.0, cap=timedelta(seconds=60))
    flyte.RetryStrategy(count=3, backoff=backoff)


simple("backoff.base_int", lambda: need(flyte, "Backoff")(base=1))
simple("backoff.factor_half", lambda: need(flyte, "Backoff")(base=timedelta(seconds=1), factor=0.5))
simple("backoff.no_cap", lambda: need(flyte, "Backoff")(base=timedelta(seconds=1), factor=2.0))

# --- timeouts -----------------------------------------------------------------------------------------------
simple("timeout.object.empty", lambda: flyte.Timeout())
simple("timeout.object.queued_only", lambda: flyte.Timeout(max_queued_time=60))
simple("timeout.object.deadline", lambda: flyte.Timeout(max_runtime=60, deadline=120))
full("timeout.task.float", {}, timeout=1.5)
full("timeout.task.str", {}, timeout="1h")


def _timeout_probe(probe_id: str, value: Callable[[], Any]) -> None:
    @probe(probe_id)
    def run(ctx: Ctx) -> Any:
        timeout = value()
        env = ctx.env()
        task = ctx.task(env, timeout=timeout)
        spec = ctx.serialize(task, env)
        metadata = spec.task_template.metadata
        return metadata.timeout.seconds if metadata.HasField("timeout") else None


_timeout_probe("timeout.object.max_runtime_str", lambda: flyte.Timeout(max_runtime="1h"))
_timeout_probe("timeout.object.max_queued_float", lambda: flyte.Timeout(max_runtime=60, max_queued_time=1.5))
_timeout_probe("timeout.serialized.2d5s", lambda: timedelta(days=2, seconds=5))
_timeout_probe("timeout.serialized.1d", lambda: timedelta(days=1))
_timeout_probe("timeout.serialized.int_90000", lambda: 90000)
_timeout_probe("timeout.serialized.negative", lambda: -5)
_timeout_probe("timeout.serialized.1h", lambda: timedelta(hours=1))


# --- triggers and links -------------------------------------------------------------------------------------
def _cron() -> Any:
    return need(flyte, "Cron")("0 * * * *")


simple("trigger.no_automation", lambda: flyte.Trigger("t"))
simple("trigger.automation_none", lambda: flyte.Trigger("t", None))
simple("trigger.empty_name", lambda: flyte.Trigger("", _cron()))
simple("trigger.max_action_concurrency_1", lambda: flyte.Trigger("t", _cron(), max_action_concurrency=1))
simple("trigger.max_action_concurrency_2", lambda: flyte.Trigger("t", _cron(), max_action_concurrency=2))
simple("trigger.cron_garbage", lambda: flyte.Trigger("t", need(flyte, "Cron")("not a cron")))
simple("trigger.fixed_rate_negative", lambda: flyte.Trigger("t", need(flyte, "FixedRate")(-5)))


def _trigger_probe(probe_id: str, triggers: Callable[[], Any]) -> None:
    @probe(probe_id)
    def run(ctx: Ctx) -> None:
        value = triggers()
        env = ctx.env()
        task = ctx.task(env, triggers=value)
        ctx.serialize(task, env)
        ctx.convert_triggers(task)


_trigger_probe("triggers.single", lambda: flyte.Trigger("t", _cron()))
_trigger_probe("triggers.tuple", lambda: (flyte.Trigger("t", _cron()),))
_trigger_probe("triggers.list", lambda: [flyte.Trigger("t", _cron())])
_trigger_probe("triggers.str", lambda: "hourly")
_trigger_probe("triggers.bad_input", lambda: flyte.Trigger("t", _cron(), inputs={"nope": 1}))


def _link() -> Any:
    @dataclasses.dataclass
    class MyLink:
        name: str = "dash"
        icon_uri: str = ""

        def get_link(self, *args: Any, **kwargs: Any) -> str:
            return "https://example.invalid/dash"

    return MyLink()


def _links_probe(probe_id: str, links: Callable[[], Any]) -> None:
    @probe(probe_id)
    def run(ctx: Ctx) -> None:
        value = links()
        env = ctx.env()
        task = ctx.task(env, links=value)
        ctx.serialize(task, env)
        ctx.serialize_real(task, env)


_links_probe("links.tuple", lambda: (_link(),))
_links_probe("links.list", lambda: [_link()])
_links_probe("links.str", lambda: "https://example.invalid")

# --- ReusePolicy --------------------------------------------------------------------------------------------
# A bool where the policy holds an int (bool is an int to the constructor's isinstance checks): probed built
# (``reuse.<id>``) and serialized with a task (``reuse.serialized.<id>``), where the fields reach the proto's
# uint32 fields (min_replicas, max_replicas, concurrency) or the TTL durations.
_REUSE_BOOLS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("replicas_true", {"replicas": True}),
    ("replicas_false", {"replicas": False}),
    ("replicas_pair_true", {"replicas": (True, 2)}),
    ("replicas_pair_max_true", {"replicas": (1, True)}),
    ("concurrency_true", {"replicas": 2, "concurrency": True}),
    ("concurrency_false", {"replicas": 2, "concurrency": False}),
    ("idle_ttl_true", {"replicas": 2, "idle_ttl": True}),
    ("scaledown_ttl_true", {"replicas": 2, "scaledown_ttl": True}),
)
for _rid, _kwargs in (
    ("ok", {"replicas": 2}),
    ("scope_run", {"replicas": 2, "scope": "run"}),
    ("scope_bad", {"replicas": 2, "scope": "cluster"}),
    ("replicas_none", {"replicas": None}),
    ("replicas_str", {"replicas": "2"}),
    ("replicas_negative", {"replicas": -1}),
    ("replicas_min_gt_max", {"replicas": (3, 1)}),
    ("replicas_pair_str", {"replicas": (1, "2")}),
    ("concurrency_0", {"replicas": 2, "concurrency": 0}),
    ("concurrency_float", {"replicas": 2, "concurrency": 2.5}),
    ("idle_ttl_10", {"replicas": 2, "idle_ttl": 10}),
    ("idle_ttl_float", {"replicas": 2, "idle_ttl": 60.0}),
    ("scaledown_ttl_10", {"replicas": 2, "scaledown_ttl": 10}),
    ("starvation", {"replicas": 1, "concurrency": 1}),
    *_REUSE_BOOLS,
):
    simple(f"reuse.{_rid}", lambda k=_kwargs: flyte.ReusePolicy(**k))


# What deploy makes of a policy the constructor let through (a float concurrency, a float idle_ttl).
def _float_concurrency_policy() -> dict[str, Any]:
    # Built with an int and changed after: what deploy does with a float, whatever the constructor checks.
    policy = reusable(concurrency=2)
    object.__setattr__(policy, "concurrency", 2.5)
    return {"reusable": policy}


full("reuse.serialized.concurrency_float", _float_concurrency_policy)
full("reuse.serialized.idle_ttl_float", lambda: {"reusable": reusable(idle_ttl=60.5)})
for _rid, _kwargs in _REUSE_BOOLS:
    full(f"reuse.serialized.{_rid}", lambda k=_kwargs: {"reusable": flyte.ReusePolicy(**k)})

# --- Resources and devices ----------------------------------------------------------------------------------
for _rid, _kwargs in (
    ("cpu_list", {"cpu": [1, 2]}),
    ("cpu_negative", {"cpu": -1}),
    ("cpu_pair_none", {"cpu": (1, None)}),
    ("cpu_pair_negative", {"cpu": (-1, 2)}),
    ("cpu_triple", {"cpu": (1, 2, 3)}),
    ("memory_int", {"memory": 1024}),
    ("memory_str", {"memory": "1Gi"}),
    ("disk_int", {"disk": 10}),
    ("shm_int", {"shm": 1}),
    ("shm_auto", {"shm": "auto"}),
    ("gpu_float", {"gpu": 1.5}),
    ("gpu_zero", {"gpu": 0}),
    ("gpu_negative", {"gpu": -1}),
    ("gpu_A100", {"gpu": "A100"}),
    ("gpu_A100_3", {"gpu": "A100:3"}),
    ("gpu_A100_9", {"gpu": "A100:9"}),
    ("gpu_A100 80G_1", {"gpu": "A100 80G:1"}),
    ("gpu_A100_80G_1", {"gpu": "A100_80G:1"}),
    ("gpu_RTX PRO 6000_1", {"gpu": "RTX PRO 6000:1"}),
    ("gpu_RTX_PRO_6000_1", {"gpu": "RTX_PRO_6000:1"}),
    ("gpu_RTX_PRO_6000_2", {"gpu": "RTX_PRO_6000:2"}),
    ("gpu_RTX_PRO_4500_1", {"gpu": "RTX_PRO_4500:1"}),
    ("gpu_A2_1", {"gpu": "A2:1"}),
    ("gpu_T4 shared_1", {"gpu": "T4 shared:1"}),
    ("gpu_AppleSilicon", {"gpu": "AppleSilicon"}),
    ("gpu_GB10_1", {"gpu": "GB10:1"}),
    ("gpu_L40S_1", {"gpu": "L40S:1"}),
):
    full(f"resources.{_rid}", lambda k=_kwargs: {"resources": flyte.Resources(**k)})

for _rid, _args in (
    ("A100_3", ("A100", 3)),
    ("A100_0", ("A100", 0)),
    ("A100_9", ("A100", 9)),
    ("A100 80G", ("A100 80G", 1)),
    ("A100_80G", ("A100_80G", 1)),
    ("RTX PRO 6000", ("RTX PRO 6000", 1)),
    ("RTX_PRO_6000", ("RTX_PRO_6000", 1)),
    ("A2", ("A2", 1)),
    ("T4 shared", ("T4 shared", 1)),
    ("X100", ("X100", 1)),
):
    simple(f"gpu.{_rid}", lambda a=_args: need(flyte, "GPU")(device=a[0], quantity=a[1]))
simple("gpu.A100.partition_bad", lambda: need(flyte, "GPU")(device="A100", quantity=1, partition="1g.10gb"))
simple("gpu.A100.partition_ok", lambda: need(flyte, "GPU")(device="A100", quantity=1, partition="1g.5gb"))
simple("gpu.T4 shared.partition", lambda: need(flyte, "GPU")(device="T4 shared", quantity=1, partition="1g.5gb"))
simple("gpu.RTX_PRO_6000.partition_bad", lambda: need(flyte, "GPU")(device="RTX_PRO_6000", quantity=1, partition="9g"))
simple("gpu.T4.partition_any", lambda: need(flyte, "GPU")(device="T4", quantity=1, partition="whatever"))
simple("tpu.V5E", lambda: need(flyte, "TPU")(device="V5E"))
simple("tpu.V5P", lambda: need(flyte, "TPU")(device="V5P"))
simple("tpu.V5P.partition_bad", lambda: need(flyte, "TPU")(device="V5P", partition="1x1"))
simple("device.quantity_0", lambda: need(flyte, "Device")(quantity=0, device_class="GPU"))
full("resources.gpu_object", lambda: {"resources": flyte.Resources(gpu=need(flyte, "GPU")(device="A100", quantity=2))})

# --- Secret, Image, PodTemplate -----------------------------------------------------------------------------
simple("secret.mount_other", lambda: flyte.Secret(key="a", mount="/x"))
simple("secret.env_name_bad", lambda: flyte.Secret(key="a.b"))
full("secret.string_bad_env_name", {"secrets": "my.key"})
full("secret.list_int", {"secrets": [1]})
simple("image.direct", lambda: flyte.Image())
simple("image.from_base_layers", lambda: flyte.Image.from_base("python:3.12").with_pip_packages("a"))
simple(
    "image.requirements_ext",
    lambda: flyte.Image.from_debian_base().with_requirements(Path("reqs.in")),
)
full("pod_template.no_pod_spec", lambda: {"pod_template": flyte.PodTemplate()})

# --- deploy-only values -------------------------------------------------------------------------------------
full("env_vars.int_value", {"env_vars": {"N": 4}})
full("interruptible.str", {"interruptible": "yes"})
full("short_name.int", {}, short_name=5)
full("report.str", {}, report="yes")
full("max_inline_io_bytes.str", {}, max_inline_io_bytes="big")
full("env.reusable.false", {"reusable": False})
full("task.pod_template.int", {}, pod_template=3)
full("task.docs.int", {}, docs=5)


@probe("deploy.duplicate_env_name")
def _(ctx: Ctx) -> None:
    from flyte._deploy import plan_deploy

    a = flyte.TaskEnvironment(name="dup-name")
    b = flyte.TaskEnvironment(name="dup-name")
    ctx.at("deploy")
    plan_deploy(a, b)


@probe("deploy.all.dependency_made_later")
def _(ctx: Ctx) -> None:
    """``flyte deploy --all`` plans every loaded environment in the order they were made: here ``a`` (which
    reaches ``b`` through add_dependency) before ``b`` itself."""
    from flyte._deploy import plan_deploy

    a = ctx.env()
    b = ctx.env()
    a.add_dependency(b)
    ctx.at("deploy")
    plan_deploy(a, b)


@probe("deploy.all.dependency_made_first")
def _(ctx: Ctx) -> None:
    from flyte._deploy import plan_deploy

    b = ctx.env()
    a = ctx.env(depends_on=[b])
    ctx.at("deploy")
    plan_deploy(b, a)


@probe("deploy.bare_environment")
def _(ctx: Ctx) -> None:
    from flyte._deployer import get_deployer

    env = flyte.Environment(name=ctx.name())
    ctx.at("deploy")
    get_deployer(type(env))


@probe("clustered.exists")
def _(ctx: Ctx) -> None:
    need_module("flyte.clustered")


@probe("clustered.replicas_0")
def _(ctx: Ctx) -> None:
    clustered = need_module("flyte.clustered")
    clustered.ClusteredTaskEnvironment(name=ctx.name(), replicas=0, nproc_per_node=1)


@probe("app.exists")
def _(ctx: Ctx) -> None:
    need(need_module("flyte.app"), "AppEnvironment")


@probe("task.varargs")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.at("decorate")

    async def t(*xs: int) -> int:
        return 1

    env.task(t)


@probe("task.too_many_positional")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.at("decorate")

    async def t(x: int) -> int:
        return 1

    env.task(t, 3)


# --- local runs (run last: flyte.init changes the process's SDK state) -------------------------------------


def _sync_child(x: int) -> int:
    return x


@probe("run.sync_call_in_async")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.at("decorate")
    child = env.task(_sync_child)

    async def parent(x: int) -> int:
        return child(x)  # type: ignore[no-any-return]

    parent_task = env.task(parent)
    ctx.at("run")
    flyte.init(root_dir=Path(__file__).resolve().parent)
    flyte.run(parent_task, x=3)


@probe("run.task_call_in_trace")
def _(ctx: Ctx) -> None:
    env = ctx.env()
    ctx.at("decorate")

    async def _child(x: int) -> int:
        return x

    child = env.task(_child)

    async def fetch(x: int) -> int:
        return await child(x)  # type: ignore[no-any-return]

    traced = flyte.trace(fetch)

    async def parent(x: int) -> int:
        return await traced(x)  # type: ignore[no-any-return]

    parent_task = env.task(parent)
    ctx.at("run")
    flyte.init(root_dir=Path(__file__).resolve().parent)
    flyte.run(parent_task, x=3)


# ---------------------------------------------------------------------------------------------------------


class _Logs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:
            self.messages.append(str(record.msg))


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    first = lines[0] if lines else ""
    return _ADDRESS.sub(" at 0x…", first).replace(str(TESTS.parent), "<repo>")


def run_probe(probe_id: str, func: Callable[[Ctx], Any]) -> dict[str, Any]:
    ctx = Ctx(probe_id)
    logs = _Logs()
    loggers = [logging.getLogger(n) for n in ("flyte", "")]
    for logger in loggers:
        logger.addHandler(logs)
    result: dict[str, Any]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            observed = func(ctx)
        result = {"outcome": "ok", "phase": ctx.phase}
        if observed is not None:
            result["observed"] = observed
    except Unavailable as exc:
        result = {"outcome": "unavailable", "phase": ctx.phase, "message": str(exc)}
    except BaseException as exc:
        inner = exc
        # A deploy wraps the cause (DeploymentError ... Error: <inner>); keep both.
        result = {
            "outcome": "raises",
            "phase": ctx.phase,
            "error": type(inner).__name__,
            "message": _first_line(str(inner) if not isinstance(inner, RecursionError) else "maximum recursion depth"),
        }
        cause = exc.__cause__
        if cause is not None:
            result["cause"] = f"{type(cause).__name__}: {_first_line(str(cause))}"
    finally:
        for logger in loggers:
            logger.removeHandler(logs)
    if logs.messages:
        result["log"] = _first_line(logs.messages[0])
    return result


def _verdicts() -> list[dict[str, Any]]:
    """Every probe, ``run.*`` last (``flyte.init`` changes the SDK state); listed by id."""
    order = sorted(PROBES, key=lambda probe_id: (probe_id.startswith("run."), probe_id))
    results = {probe_id: {"id": probe_id, **run_probe(probe_id, PROBES[probe_id])} for probe_id in order}
    return [results[probe_id] for probe_id in sorted(results)]


def _module_names() -> dict[str, list[str]]:
    """What ``from flyte.<m> import <name>`` can find, for each public submodule of ``flyte`` (``flyte.extras``,
    ``flyte.io``...): its public names and its own submodules. Left out (unknown, never recorded as empty): a
    submodule that fails to import under the probe, and one that makes names on demand (``__getattr__``)."""
    import pkgutil

    found: dict[str, list[str]] = {}
    for info in sorted(pkgutil.iter_modules(flyte.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        name = f"flyte.{info.name}"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(name)
        except BaseException:  # an optional dependency missing: unknown, not recorded
            continue
        if "__getattr__" in vars(module):
            continue
        names = {*dir(module), *getattr(module, "__all__", [])}
        names.update(sub.name for sub in pkgutil.iter_modules(getattr(module, "__path__", [])))
        found[name] = sorted(n for n in names if not n.startswith("_"))
    return found


def _submodules() -> list[str]:
    """Every public submodule of ``flyte`` (``from flyte import extras`` imports one even when ``flyte``'s
    ``__init__`` does not)."""
    import pkgutil

    return sorted(info.name for info in pkgutil.iter_modules(flyte.__path__) if not info.name.startswith("_"))


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    # dir() misses the names a module-level __getattr__ provides lazily (2.10 on): add __all__.
    exported = list(getattr(flyte, "__all__", []))
    public = sorted({n for n in [*dir(flyte), *exported] if not n.startswith("_")})
    data: dict[str, Any] = {
        "release": flyte.__version__,
        "python": ".".join(map(str, sys.version_info[:2])),
        "public_names": public,
        "all_names": sorted(exported),
        "signatures": signatures(),
        "literals": literals(),
        "verdicts": _verdicts(),
    }
    # After the probes: importing every submodule registers plugins and may change what a probe sees.
    data["module_names"] = _module_names()
    data["submodules"] = _submodules()
    out.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
