"""flyte-lint's mypy plugin: Flyte configuration mistakes as mypy errors, exact task types through override().

Enable it with ``plugins = flyte_lint.mypy_plugin`` in the mypy configuration. It never imports flyte or the
checked code; it reads what mypy already knows (types, literal values, the checked module's tree) and asks
flyte_lint.spec for every verdict. See docs/mypy.md.
"""

from __future__ import annotations

from mypy.plugin import Plugin

from .. import __version__ as _flyte_lint_version
from ._plugin import FlytePlugin
from ._project import configuration_drift

__all__ = ["FlytePlugin", "plugin"]


def __getattr__(name: str) -> str:
    # mypy's daemon reads the plugin module's ``__version__`` at every ``dmypy run`` and starts again when it
    # changed ("plugins changed"): a configuration file the findings were computed with (the target release,
    # select/ignore in pyproject.toml) changed since, though no module did, and only a new build sees it.
    if name == "__version__":
        return f"{_flyte_lint_version}{configuration_drift()}"
    raise AttributeError(name)


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class (the same for every mypy version this package supports)."""
    return FlytePlugin
