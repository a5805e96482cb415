"""The rule registry. Each rule is one module in this package; the list below is the registry.

A rule module defines ``CODE``, ``NAME``, ``SUMMARY``, ``SEVERITY`` (its usual severity), a docstring in
ruff's shape (what it does / why is this bad? / example / use instead), and ``check(ctx)`` for a module or
``check_project(ctx)`` for the whole project.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from ..diagnostics import Diagnostic

RULE_MODULES: tuple[str, ...] = (
    "fly001_env_name",
    "fly002_env_name_type",
    "fly003_description_truncated",
    "fly004_env_unknown_keyword",
    "fly005_env_param_type",
    "fly006_reusable_plugin_config",
    "fly007_cache_value",
    "fly008_clone_with_keyword",
    "fly009_add_dependency",
    "fly010_from_task",
    "fly011_bare_environment",
    "fly012_env_deploy_values",
    "fly013_include_missing",
    "fly014_clustered_config",
    "fly015_app_name",
    "fly016_reusable_falsy",
    "fly017_name_not_in_release",
    "fly050_reuse_policy",
    "fly051_resources",
    "fly052_secret",
    "fly053_value_object_keyword",
    "fly054_image",
    "fly055_trigger",
    "fly056_cache_object",
    "fly057_backoff",
    "fly058_container_task_arguments",
    "fly101_task_unknown_keyword",
    "fly102_task_positional",
    "fly103_pod_template_on_reusable",
    "fly104_sync_reusable_concurrency",
    "fly105_service_account_on_reusable",
    "fly106_task_varargs",
    "fly107_task_target",
    "fly108_task_name_binding",
    "fly109_task_not_module_level",
    "fly110_retries_value",
    "fly111_timeout_value",
    "fly112_posonly_params",
    "fly113_no_return_annotation",
    "fly114_task_deploy_values",
    "fly115_unresolvable_annotation",
    "fly116_plugin_not_registered",
    "fly117_sync_task_in_async",
    "fly118_trigger_deploy",
    "fly119_timeout_days_dropped",
    "fly120_links_form",
    "fly121_trigger_unbound_input",
    "fly122_service_account_type",
    "fly123_task_called_in_trace",
    "fly124_async_task_in_sync",
    "fly125_cached_coroutine_task",
    "fly201_override_forbidden",
    "fly202_override_unknown_keyword",
    "fly203_override_positional",
    "fly204_override_reusable",
    "fly205_override_reusable_value",
    "fly206_override_ignored",
    "fly207_override_noop",
    "fly208_override_value_type",
    "fly209_override_container_task",
    "fly301_missing_dependency",
    "fly302_dependency_cycle",
    "fly303_self_dependency",
    "fly304_duplicate_dependency",
    "fly305_duplicate_env_name",
    "fly306_duplicate_task_name",
    "fly307_name_truncated",
    "fly308_dependency_made_later",
    "fly901_syntax_error",
    "fly902_unreadable",
    "fly903_unused_noqa",
)

_CODE_RE = re.compile(r"^FLY\d{3}$")


class RegistryError(RuntimeError):
    """The registry and the rule modules disagree: a packaging or development mistake, never the user's."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: str
    doc: str
    module: ModuleType
    check: Callable[[Any], Iterable[Diagnostic]] | None
    check_project: Callable[[Any], Iterable[Diagnostic]] | None

    @property
    def fixable(self) -> bool:
        return bool(getattr(self.module, "FIXABLE", False))


@cache
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for name in RULE_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{name}":
                raise RegistryError(f"the registry lists {name!r}, but flyte_lint/rules/{name}.py is missing") from None
            raise
        code = module.CODE
        if not _CODE_RE.match(code) or f"FLY{name[3:6]}" != code:
            raise RegistryError(f"rules/{name}.py defines CODE = {code!r}, which its module name does not match")
        rules.append(
            Rule(
                code=code,
                name=module.NAME,
                summary=module.SUMMARY,
                severity=module.SEVERITY,
                doc=(module.__doc__ or "").strip(),
                module=module,
                check=getattr(module, "check", None),
                check_project=getattr(module, "check_project", None),
            )
        )
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    for rule in all_rules():
        if rule.code == code.upper() or rule.name == code:
            return rule
    return None


# Tool-level codes that exist without a rule module's check (reported by the engine itself).
ENGINE_CODES = ("FLY901", "FLY902", "FLY903")


def known_codes() -> frozenset[str]:
    """Every code, read off the registry's module names (``fly001_...`` -> FLY001) without importing rules."""
    return frozenset(f"FLY{name[3:6]}" for name in RULE_MODULES) | frozenset(ENGINE_CODES)
