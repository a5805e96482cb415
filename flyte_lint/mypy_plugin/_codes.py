"""The mypy error codes of the plugin (registered with mypy when this module is imported)."""

from __future__ import annotations

from typing import Final

from mypy.errorcodes import ErrorCode

CATEGORY: Final = "Flyte"

NAME: Final = ErrorCode("flyte-name", "TaskEnvironment name is not snake_case or kebab-case", CATEGORY)
# Off unless enabled (``enable_error_code = flyte-description``), as mypy's optional checks are: the SDK accepts a
# long description (it truncates it), and an error of a default configuration is a program the SDK refuses.
DESCRIPTION: Final = ErrorCode(
    "flyte-description",
    "Environment description longer than the SDK keeps (silently truncated)",
    CATEGORY,
    default_enabled=False,
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
DEPLOY: Final = ErrorCode("flyte-deploy", "Environments whose depends_on deploy planning refuses", CATEGORY)

CONFIG: Final = ErrorCode("flyte-config", "flyte-lint's configuration cannot be read", CATEGORY)

ALL: Final = (*ALL_BASE, CLONE, SIGNATURE, VALUE, TASK, ENV, IMPORT, DEPLOY, CONFIG)

# Project rules whose errors in a module follow from the module and the project modules it imports (a depends_on
# cycle, an environment in its own depends_on, two environments of one name in one depends_on closure): the plugin
# reports them. FLY301 needs the whole project (a task call outside depends_on may be allowed by an
# add_dependency in a module nobody imports); the other project rules make no errors: `flyte-lint check`.
PROJECT_RULES: Final = frozenset({"FLY302", "FLY303", "FLY305"})

# Which linter rules each plugin code reports (docs/mypy.md has the same table). The other project-wide rules
# and the tool's own codes (FLY901/902: mypy reports syntax errors itself) are not reported by the plugin.
BY_RULE: Final[dict[str, ErrorCode]] = {
    **dict.fromkeys(("FLY001", "FLY002", "FLY015"), NAME),
    "FLY003": DESCRIPTION,
    **dict.fromkeys(("FLY006", "FLY014", "FLY016"), CONFLICT),
    **dict.fromkeys(("FLY004", "FLY101", "FLY102"), LEVEL),
    "FLY008": CLONE,
    "FLY017": IMPORT,
    **dict.fromkeys(("FLY201", "FLY202", "FLY203", "FLY205", "FLY206", "FLY208", "FLY209"), OVERRIDE),
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
            "FLY058",
            "FLY110",
            "FLY111",
            "FLY114",
            "FLY119",
            "FLY120",
            "FLY122",
        ),
        VALUE,
    ),
    **dict.fromkeys(
        ("FLY107", "FLY108", "FLY109", "FLY116", "FLY117", "FLY118", "FLY121", "FLY123", "FLY124", "FLY125"), TASK
    ),
    **dict.fromkeys(("FLY009", "FLY010", "FLY011", "FLY013"), ENV),
    **dict.fromkeys(sorted(PROJECT_RULES), DEPLOY),
}

# A flyte name the installed release lacks too is plain mypy's error ([attr-defined], [import-not-found]) where
# the import is; the plugin's flyte-import comes with the module's other findings, and a module whose flyte names
# are all unknown to mypy (Any) may give it no call to report them from.
_ALSO_PLAIN_MYPY: Final[dict[str, tuple[str, ...]]] = {"FLY017": ("attr-defined", "import-not-found")}


# Rules whose warnings the plugin shows too (a warning is also what an error only some releases of a pinned range
# raise becomes): of a range's findings that not every release makes, only these can be shown.
SHOWN_WARNINGS: Final = frozenset({"FLY003"})


def plugin_code(rule: str, severity: str) -> ErrorCode | None:
    """The plugin's code for a linter finding, or None when the plugin does not report it: error-level findings
    of the single-module rules, and FLY003, the documented flyte-description warning."""
    code = BY_RULE.get(rule)
    if code is None or not (severity == "error" or (rule in SHOWN_WARNINGS and severity == "warning")):
        return None
    return code


def shown_under(rule: str, severity: str) -> frozenset[str]:
    """The mypy error codes, any one of which shows a linter finding of ``rule`` at its line under a default
    configuration: the plugin's code, or mypy's own for what plain mypy reports already (empty when the plugin
    does not report the finding, or reports it under a code that is off unless enabled)."""
    code = plugin_code(rule, severity)
    if code is None or not code.default_enabled:
        return frozenset()
    return frozenset((code.code, *_ALSO_PLAIN_MYPY.get(rule, ())))
