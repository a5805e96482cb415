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

ALL_BASE: Final = (NAME, DESCRIPTION, CONFLICT, LEVEL, OVERRIDE, REUSABLE)
CLONE: Final = ErrorCode("flyte-clone", "A clone_with() argument the SDK refuses", CATEGORY)
SIGNATURE: Final = ErrorCode("flyte-signature", "A task function signature the SDK cannot run", CATEGORY)
VALUE: Final = ErrorCode("flyte-value", "A setting or value object with a value the SDK rejects", CATEGORY)
TASK: Final = ErrorCode("flyte-task", "A task made or called in a way the SDK rejects", CATEGORY)
ENV: Final = ErrorCode("flyte-env", "An environment built or combined in a way the SDK rejects", CATEGORY)
IMPORT: Final = ErrorCode("flyte-import", "An import of a flyte name the target release does not have", CATEGORY)

ALL: Final = (*ALL_BASE, CLONE, SIGNATURE, VALUE, TASK, ENV, IMPORT)

# Which linter rules each plugin code reports (docs/mypy.md has the same table). Project-wide rules (FLY3xx)
# and the tool's own codes (FLY901/902: mypy reports syntax errors itself) are not reported by the plugin.
BY_RULE: Final[dict[str, ErrorCode]] = {
    **dict.fromkeys(("FLY001", "FLY002", "FLY015"), NAME),
    "FLY003": DESCRIPTION,
    **dict.fromkeys(("FLY006", "FLY014", "FLY016"), CONFLICT),
    **dict.fromkeys(("FLY004", "FLY101", "FLY102"), LEVEL),
    "FLY008": CLONE,
    "FLY017": IMPORT,
    **dict.fromkeys(("FLY201", "FLY202", "FLY203", "FLY205", "FLY206", "FLY208"), OVERRIDE),
    **dict.fromkeys(("FLY103", "FLY104", "FLY105", "FLY204"), REUSABLE),
    **dict.fromkeys(("FLY106", "FLY112", "FLY113", "FLY115"), SIGNATURE),
    **dict.fromkeys(
        (
            "FLY005",
            "FLY007",
            "FLY012",
            "FLY050",
            "FLY051",
            "FLY052",
            "FLY053",
            "FLY054",
            "FLY055",
            "FLY056",
            "FLY057",
            "FLY110",
            "FLY111",
            "FLY114",
            "FLY119",
            "FLY120",
            "FLY122",
        ),
        VALUE,
    ),
    **dict.fromkeys(("FLY107", "FLY108", "FLY109", "FLY116", "FLY117", "FLY118", "FLY121"), TASK),
    **dict.fromkeys(("FLY009", "FLY010", "FLY011", "FLY013"), ENV),
}
