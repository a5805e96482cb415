"""The mypy error codes of the plugin (registered with mypy when this module is imported)."""

from __future__ import annotations

from typing import Final

from mypy.errorcodes import ErrorCode

CATEGORY: Final = "Flyte"

NAME: Final = ErrorCode("flyte-name", "TaskEnvironment name is not snake_case or kebab-case", CATEGORY)
DESCRIPTION: Final = ErrorCode(
    "flyte-description", "Environment description longer than the SDK keeps (silently truncated)", CATEGORY
)
CONFLICT: Final = ErrorCode("flyte-conflict", "Environment parameters that cannot be combined", CATEGORY)
LEVEL: Final = ErrorCode("flyte-level", "A parameter given at a level that does not take it", CATEGORY)
OVERRIDE: Final = ErrorCode("flyte-override", "A keyword task.override() refuses", CATEGORY)
REUSABLE: Final = ErrorCode("flyte-reusable", "A setting a reusable environment refuses", CATEGORY)

ALL: Final = (NAME, DESCRIPTION, CONFLICT, LEVEL, OVERRIDE, REUSABLE)
