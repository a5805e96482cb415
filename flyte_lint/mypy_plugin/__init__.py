"""flyte-lint's mypy plugin: Flyte configuration mistakes as mypy errors, exact task types through override().

Enable it with ``plugins = flyte_lint.mypy_plugin`` in the mypy configuration. It never imports flyte or the
checked code; it reads what mypy already knows (types, literal values, the checked module's tree) and asks
flyte_lint.spec for every verdict. See docs/mypy.md.
"""

from __future__ import annotations

from mypy.plugin import Plugin

from ._plugin import FlytePlugin

__all__ = ["FlytePlugin", "plugin"]


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point: the plugin class (the same for every mypy version this package supports)."""
    return FlytePlugin
