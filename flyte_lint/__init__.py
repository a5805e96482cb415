"""flyte-lint: a static checker for Flyte 2 SDK code."""

__version__ = "0.1.0"
