"""What override rules share: which task an override call acts on, and its effective reusable state."""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import CallArgs, ImportedRef, Lit, Obj, OverrideCall, Unknown
from ..link import EnvHandle, TaskHandle
from .base import NOT_CONSTANT, TASK_ENV_KINDS, ModuleContext


@dataclass(frozen=True, slots=True)
class OverrideTarget:
    call: OverrideCall
    task: TaskHandle
    env: EnvHandle | None

    def plain_template(self, ctx: ModuleContext) -> bool:
        """True when the task is known to be an AsyncFunctionTaskTemplate (no plugin, not clustered)."""
        if (
            self.env is None
            or self.env.env.kind != "TaskEnvironment"
            or self.env.env.class_name != "flyte.TaskEnvironment"
        ):
            if self.env is None or self.env.env.origin != "clone_with":
                return False
        plugin = ctx.env_value(self.env, "plugin_config")
        return plugin is None or (isinstance(plugin, Lit) and plugin.value is None)


def override_targets(ctx: ModuleContext) -> list[OverrideTarget]:
    targets = []
    for call in ctx.facts.overrides:
        task = ctx.task(call.task)
        if task is None:
            continue
        env = ctx.project.env(task.module, task.task.env)  # the task's environment, read in the task's module
        if env is not None and env.env.kind not in TASK_ENV_KINDS:
            continue
        targets.append(OverrideTarget(call, task, env))
    return targets


def _reusable_after(args: CallArgs, before: bool | None) -> bool | None:
    """The task's reusable state after an override with these arguments (``reusable or self.reusable``)."""
    arg = args.keyword("reusable")
    if arg is None:
        return before
    value = arg.value
    if isinstance(value, Lit):
        if value.value == "off":
            return False
        if not value.value:
            return before
        return True
    if isinstance(value, Obj) and value.callee == "flyte.ReusePolicy":
        return True
    if isinstance(value, (Unknown, ImportedRef)):
        return None  # not known, or a name imported from a module that was not read: it may be "off"
    return True if value is not None else before


def reusable_state(ctx: ModuleContext, target: OverrideTarget) -> tuple[bool | None, bool | None]:
    """(task's reusable before this call, effective reusable for this call's checks); None when unknown."""
    if target.env is None:
        return None, None
    # A task copies the environment's reusable policy at decoration time.
    state = ctx.env_is_reusable(target.env)
    if state is None and ctx.env_reusable(target.env) is NOT_CONSTANT:
        state = None
    for previous in target.call.previous:
        state = _reusable_after(previous, state)
    effective = _reusable_after(target.call.args, state)
    return state, effective
