"""Canonical names of the Flyte API, however a module reaches them.

``flyte.TaskEnvironment`` is defined in ``flyte._task_environment``; users may import it from either place, or
alias it. Extraction resolves every dotted name through the module's imports, then maps private paths to the
public name with ``canonical()``.
"""

from __future__ import annotations

from typing import Final

# Private definition paths -> the public name rules speak of.
_PRIVATE_TO_PUBLIC: Final[dict[str, str]] = {
    "flyte._task_environment.TaskEnvironment": "flyte.TaskEnvironment",
    "flyte._task_environment.Environment": "flyte.Environment",
    "flyte._environment.Environment": "flyte.Environment",
    "flyte._reusable_environment.ReusePolicy": "flyte.ReusePolicy",
    "flyte._resources.Resources": "flyte.Resources",
    "flyte._resources.GPU": "flyte.GPU",
    "flyte._resources.TPU": "flyte.TPU",
    "flyte._resources.Device": "flyte.Device",
    "flyte._resources.Neuron": "flyte.Neuron",
    "flyte._resources.AMD_GPU": "flyte.AMD_GPU",
    "flyte._resources.HABANA_GAUDI": "flyte.HABANA_GAUDI",
    "flyte._cache.Cache": "flyte.Cache",
    "flyte._cache.cache.Cache": "flyte.Cache",
    "flyte._secret.Secret": "flyte.Secret",
    "flyte._pod.PodTemplate": "flyte.PodTemplate",
    "flyte._retry.RetryStrategy": "flyte.RetryStrategy",
    "flyte._retry.Backoff": "flyte.Backoff",
    "flyte._timeout.Timeout": "flyte.Timeout",
    "flyte._trigger.Trigger": "flyte.Trigger",
    "flyte._image.Image": "flyte.Image",
    "flyte._map.map": "flyte.map",
    "flyte.clustered._environment.ClusteredTaskEnvironment": "flyte.clustered.ClusteredTaskEnvironment",
    "flyte.app._app_environment.AppEnvironment": "flyte.app.AppEnvironment",
    "flyte.extras._container.ContainerTask": "flyte.extras.ContainerTask",
    "flyte.extras._sleep.Sleep": "flyte.extras.Sleep",
}

TASK_ENV_CLASSES: Final = frozenset({"flyte.TaskEnvironment", "flyte.clustered.ClusteredTaskEnvironment"})
BARE_ENV_CLASSES: Final = frozenset({"flyte.Environment"})
# Environments that are not task environments: naming/dependency checks only, never task rules.
APP_ENV_CLASSES: Final = frozenset(
    {
        "flyte.app.AppEnvironment",
        "flyte.app.ConnectorEnvironment",
        "flyte.app.extras.FastAPIAppEnvironment",
        "flyte.app.extras.FlyteWebhookAppEnvironment",
        "flyte.extras.webhooks.WebhookAppEnvironment",
        "flyte.ai.mcp.MCPAppEnvironment",
        "flyte.ai.mcp.FlyteMCPAppEnvironment",
        "flyte.ai.chat.AgentChatAppEnvironment",
    }
)

VALUE_OBJECT_CLASSES: Final = frozenset(
    {
        "flyte.ReusePolicy",
        "flyte.Resources",
        "flyte.Cache",
        "flyte.Secret",
        "flyte.PodTemplate",
        "flyte.RetryStrategy",
        "flyte.Backoff",
        "flyte.Timeout",
        "flyte.Trigger",
        "flyte.Image",
        "flyte.GPU",
        "flyte.TPU",
        "flyte.Device",
        "flyte.Neuron",
        "flyte.AMD_GPU",
        "flyte.HABANA_GAUDI",
        "datetime.timedelta",
        "functools.partial",
        "flyte.extras.Sleep",
        "flyte.extras.ContainerTask",
    }
)


def canonical(qualified: str) -> str:
    """Map a resolved dotted name to its public Flyte spelling (unchanged when it is not a known private path)."""
    public = _PRIVATE_TO_PUBLIC.get(qualified)
    if public is not None:
        return public
    # Image constructors: flyte._image.Image.from_debian_base -> flyte.Image.from_debian_base
    if qualified.startswith("flyte._image.Image."):
        return "flyte.Image." + qualified[len("flyte._image.Image.") :]
    for prefix in ("flyte.app.extras.", "flyte.app."):
        if qualified.startswith(prefix) and qualified.count(".") > prefix.count("."):
            # flyte.app._fastapi.FastAPIAppEnvironment -> keep the class name under the public package
            tail = qualified.rsplit(".", 1)[1]
            candidate = prefix + tail
            if candidate in APP_ENV_CLASSES:
                return candidate
    return qualified


def is_app_env_class(name: str) -> bool:
    return name in APP_ENV_CLASSES or (name.startswith("flyte.") and name.endswith("AppEnvironment"))
