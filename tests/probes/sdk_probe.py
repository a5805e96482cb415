"""Probe what the real SDK does with one fixture beyond the differential oracle's dry run.

Run by tests/test_sdk_probes.py with the interpreter of each SDK release (it needs ``flyte`` installed):

    python tests/probes/sdk_probe.py include  FIXTURE   # build the include list as `flyte deploy` does
    python tests/probes/sdk_probe.py triggers FIXTURE   # convert every task's triggers as a real deploy does
    python tests/probes/sdk_probe.py run      FIXTURE TASK [JSON-KWARGS]   # flyte.run(TASK) locally
    python tests/probes/sdk_probe.py serialize FIXTURE  # serialize every task as a real (not dry) deploy does

Prints one JSON object: {"ok": true} or {"ok": false, "type": ..., "message": ...}. The fixture is imported
the way `flyte deploy FILE` imports it; nothing reaches the network (a local run stays in this process).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import pathlib
import sys
from typing import Any


def _load(path: str) -> Any:
    spec = importlib.util.spec_from_file_location(pathlib.Path(path).stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _envs() -> list[Any]:
    from flyte._environment import list_loaded_environments

    return list(list_loaded_environments())


def probe_include(path: str) -> None:
    from flyte._code_bundle._includes import collect_env_include_files
    from flyte._code_bundle._utils import ls_relative_files

    _load(path)
    files = collect_env_include_files(_envs())
    ls_relative_files(list(files), pathlib.Path(path).parent)


def probe_triggers(path: str) -> None:
    from flyte._internal.runtime.convert import convert_upload_default_inputs
    from flyte._internal.runtime.trigger_serde import to_task_trigger
    from flyte._internal.runtime.types_serde import transform_native_to_typed_interface

    _load(path)

    async def convert() -> None:
        for env in _envs():
            for task in getattr(env, "tasks", {}).values():
                interface = transform_native_to_typed_interface(task.native_interface)
                defaults = await convert_upload_default_inputs(task.native_interface)
                for trigger in task.triggers:
                    await to_task_trigger(
                        t=trigger, task_name=task.name, task_inputs=interface.inputs, task_default_inputs=defaults
                    )

    asyncio.run(convert())


def _serialization_context(root: pathlib.Path) -> Any:
    from flyte.models import SerializationContext

    try:
        from flyte._internal.image_cache import ImageCache  # 2.12.x
    except ImportError:
        from flyte._internal.imagebuild.image_builder import ImageCache  # 2.1.x
    names = [env.name for env in _envs() if isinstance(getattr(env, "name", None), str)]
    cache = ImageCache(image_lookup={name: "registry.invalid/probe:1" for name in names})
    return SerializationContext(
        version="probe", project="project", domain="development", org="org", image_cache=cache,
        root_dir=root,
    )  # fmt: skip


def _task_context(context: Any) -> Any:
    """The TaskContext flyte/_deploy.py _deploy_task builds for a real deploy (it renders links)."""
    import flyte.report
    from flyte.models import ActionID, RawDataPath, TaskContext

    action = ActionID(
        name="{{.actionName}}", run_name="{{.runName}}", project="{{.executionProject}}",
        domain="{{.executionDomain}}", org="{{.executionOrg}}",
    )  # fmt: skip
    return TaskContext(
        action=action, output_path=context.output_path, version=context.version, raw_data_path=RawDataPath(path=""),
        compiled_image_cache=context.image_cache, run_base_dir="", report=flyte.report.Report(name=action.name),
        custom_context={},
    )  # fmt: skip


def probe_serialize(path: str) -> None:
    """Every task of every environment, then every module-level task object (overrides bound to a name), turned
    into the TaskSpec a real deploy (or a cluster submission) sends; prints what the spec says per task."""
    from flyte._internal.runtime.task_serde import translate_task_to_wire
    from flyte._task import TaskTemplate

    module = _load(path)
    context = _serialization_context(pathlib.Path(path).resolve().parent)
    tasks: list[tuple[str, Any]] = []
    for env in _envs():
        tasks.extend((key, task) for key, task in getattr(env, "tasks", {}).items())
    tasks.extend((f"module:{name}", value) for name, value in vars(module).items() if isinstance(value, TaskTemplate))
    specs = []
    for key, task in tasks:
        try:
            spec = translate_task_to_wire(task, context, task_context=_task_context(context))
        except Exception as error:
            specs.append({"key": key, "error": f"{type(error).__name__}: {error}"})
            continue
        template = spec.task_template
        specs.append(
            {
                "key": key,
                "name": template.id.name,
                "environment": spec.environment.name,
                "short_name": spec.short_name,
                "timeout": template.metadata.timeout.seconds if template.metadata.HasField("timeout") else None,
                "links": [link.uri for link in template.metadata.log_links]
                if hasattr(template.metadata, "log_links")
                else None,
            }
        )
    print(json.dumps({"ok": True, "specs": specs}))


def probe_run(path: str, task: str, kwargs: str = "{}") -> None:
    import flyte

    module = _load(path)
    flyte.init()
    run = flyte.run(getattr(module, task), **json.loads(kwargs))
    run.wait() if hasattr(run, "wait") else None
    outputs = run.outputs() if callable(getattr(run, "outputs", None)) else None
    print(json.dumps({"ok": True, "outputs": repr(outputs)}))


def main(argv: list[str]) -> int:
    kind, *args = argv
    try:
        if kind == "run":
            probe_run(*args)
            return 0
        if kind == "serialize":
            probe_serialize(*args)
            return 0
        {"include": probe_include, "triggers": probe_triggers}[kind](*args)
    except BaseException as error:
        print(json.dumps({"ok": False, "type": type(error).__name__, "message": str(error)[:2000]}))
        return 0
    print(json.dumps({"ok": True}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
