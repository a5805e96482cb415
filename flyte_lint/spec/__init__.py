"""The Flyte 2 SDK's rules, as data and small pure functions. The only module that knows them.

Every fact here was established against the real SDK (see shared/flyte-semantics.md, the differential tests,
and the per-release data in ``releases/``). Validators take plain Python values (what extraction or mypy could
prove) and return the SDK's own message when the SDK would reject the value, or None.

Versions are *profiles*, one per probed release (``"2.1.9"``, ``"2.5.20"``, ... ``"2.12.1"``). What a release
accepts is read from its probed data (signatures, literal sets) and from ``changes.toml`` (which behaviour
changed in which release, asked with :func:`since`); no code here compares version numbers. A target maps to
one profile, or to several (a range); a check then fires only if it fails under every profile of the target.
"""

from __future__ import annotations

import builtins
import inspect
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Final, Literal, cast

from . import releases as _releases

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

Profile = str  # a probed release, e.g. "2.5.20"
PROFILES: Final[tuple[Profile, ...]] = _releases.probed()
NEWEST_RELEASE: Final = PROFILES[-1]
OLDEST_RELEASE: Final = PROFILES[0]
SPEC_VERSION: Final = "2"  # bump when a rule's verdict changes: part of the cache key
# Every flyte 2 release declares Requires-Python >=3.10 (read from the wheels' metadata, 2.0.12 to 2.12.1):
# code that runs the SDK runs on 3.10 or later, so ``if sys.version_info >= (3, 9):`` always takes its branch.
PYTHON_FLOOR: Final = (3, 10, 0)


def _load_changes() -> dict[str, str]:
    from importlib import resources

    text = resources.files(__package__).joinpath("changes.toml").read_text(encoding="utf-8")
    return {name: entry["since"] for name, entry in tomllib.loads(text)["change"].items()}


CHANGES: Final[Mapping[str, str]] = _load_changes()


def since(profile: Profile, change: str) -> bool:
    """Whether release ``profile`` has the behaviour ``change`` (an id of changes.toml)."""
    return _releases.release_key(profile) >= _releases.release_key(CHANGES[change])


@dataclass(frozen=True, slots=True)
class Target:
    """The SDK release(s) a run checks against."""

    release: str  # as the user gave it ("2.5", "2.5.3", ">=2.5,<2.9")
    profiles: tuple[Profile, ...]  # the probed releases it stands for, oldest first
    # False when the target is not exactly the probed release(s): another patch of a probed minor, or a release
    # newer than the newest probed one (``beyond``), whose checks are the newest release's.
    exact: bool = True
    beyond: bool = False

    def fails(self, check: Callable[[Profile], str | None]) -> str | None:
        """The message if ``check`` fails under every profile of this target (the newest profile's text)."""
        message: str | None = None
        for profile in self.profiles:
            result = check(profile)
            if result is None:
                return None
            message = result
        return message

    def accepts(self, predicate: Callable[[Profile], bool]) -> bool:
        """True when ``predicate`` holds under every profile."""
        return all(predicate(profile) for profile in self.profiles)

    def any(self, predicate: Callable[[Profile], bool]) -> bool:
        return any(predicate(profile) for profile in self.profiles)

    def has(self, change: str) -> bool:
        """Every release of the target has the behaviour ``change`` (see :func:`since`)."""
        return all(since(profile, change) for profile in self.profiles)

    def lacks(self, change: str) -> bool:
        """No release of the target has the behaviour ``change``."""
        return not any(since(profile, change) for profile in self.profiles)

    def single(self, profile: Profile) -> Target:
        """This target narrowed to one of its releases."""
        return Target(self.release, (profile,), self.exact, self.beyond)


class VersionError(ValueError):
    """A target-version string the spec cannot interpret."""


_VERSION_RE: Final = re.compile(r"^\s*(?:==|~=|>=|<=)?\s*(\d+)\.(\d+)(?:\.(\d+))?((?:a|b|rc|\.dev|\.post)\d*)?\s*$")


def _numbers(text: str) -> tuple[tuple[int, int, int | None], bool]:
    """``"2.5.3"`` -> ((2, 5, 3), False); the flag marks a pre-release or dev suffix. Raises VersionError."""
    match = _VERSION_RE.match(text)
    if not match:
        raise VersionError(f"not a flyte version: {text!r} (expected e.g. 2.12.1 or 2.12)")
    major, minor = int(match.group(1)), int(match.group(2))
    if major != 2:
        raise VersionError(f"flyte-lint checks Flyte 2 code; target version {text!r} is not 2.x")
    patch = int(match.group(3)) if match.group(3) is not None else None
    return (major, minor, patch), bool(match.group(4))


def _above_flyte_2(version: str) -> bool:
    match = re.match(r"^(\d+)", version)
    return match is not None and int(match.group(1)) > 2


def parse_target(text: str) -> Target:
    """``"2.12.1"``, ``"2.5"``, ``"==2.5.3"`` -> Target; a range (``">=2.5,<2.9"``, ``"~=2.5"``) -> every probed
    release it admits, as a pin says it. Raises VersionError otherwise.

    A probed release (or its minor, ``"2.5"``) is exact. Another patch of a probed minor gets that minor's
    probed release, not claimed exact. A release newer than the newest probed one gets the newest release's
    checks (``beyond``).
    """
    stripped = text.strip()
    if "," in stripped or (stripped[:1] in "<>~!" and stripped):
        ranged = target_from_pin(f"flyte{stripped}")
        if ranged is None:
            raise VersionError(f"not a flyte version or range: {text!r} (expected e.g. 2.12.1, 2.12 or >=2.5,<2.9)")
        return ranged
    (major, minor, patch), pre = _numbers(text)
    release = f"{major}.{minor}" + (f".{patch}" if patch is not None else "")
    newest = _releases.release_key(NEWEST_RELEASE)
    given = (major, minor, patch if patch is not None else 0)
    if given > newest and not (patch is None and (major, minor) == newest[:2]):
        return Target(release, (NEWEST_RELEASE,), exact=False, beyond=True)
    same_minor = [r for r in PROFILES if _releases.release_key(r)[:2] == (major, minor)]
    if same_minor:
        probed = same_minor[-1]
        exact = not pre and (patch is None or _releases.release_key(probed)[2] == patch)
        return Target(release, (probed,), exact=exact)
    older = [r for r in PROFILES if _releases.release_key(r) <= given]
    return Target(release, ((older or [OLDEST_RELEASE])[-1],), exact=False)


DEFAULT_TARGET: Final = parse_target(NEWEST_RELEASE)


def target_from_pin(requirement: str) -> Target | None:
    """The target implied by a dependency string such as ``flyte==2.1.9``, ``flyte~=2.5`` or
    ``flyte>=2.5,<2.9``: an exact pin is one release, a range every probed release it admits. None when the
    string pins nothing (no version, ``!=`` only, a URL)."""
    match = re.match(r"^\s*flyte\s*(\[[^\]]*\])?\s*(.*)$", requirement, re.IGNORECASE)
    if not match:
        return None
    clauses = [c.strip() for c in match.group(2).split(";")[0].split(",") if c.strip()]
    low: tuple[int, ...] | None = None
    high: tuple[int, ...] | None = None  # exclusive
    high_inclusive: tuple[int, ...] | None = None
    try:
        for clause in clauses:
            if clause.startswith("==") and not clause.startswith("==="):
                version = clause[2:].strip()
                if version.endswith(".*"):
                    (major, minor, _), _ = _numbers(version[:-2])
                    low, high = (major, minor, 0), (major, minor + 1, 0)
                    continue
                return parse_target(version)
            if clause.startswith("~="):
                (major, minor, patch), _ = _numbers(clause[2:].strip())
                low = (major, minor, patch or 0)
                high = (major, minor + 1, 0) if patch is not None else (major + 1, 0, 0)
            elif clause.startswith(">="):
                (major, minor, patch), _ = _numbers(clause[2:].strip())
                low = (major, minor, patch or 0)
            elif clause.startswith(">"):
                (major, minor, patch), _ = _numbers(clause[1:].strip())
                low = (major, minor, (patch or 0) + 1) if patch is not None else (major, minor + 1, 0)
            elif clause.startswith("<") and _above_flyte_2(clause.lstrip("<=").strip()):
                continue  # "<3": every 2.x release
            elif clause.startswith("<="):
                (major, minor, patch), _ = _numbers(clause[2:].strip())
                high_inclusive = (major, minor, patch if patch is not None else 10**6)
            elif clause.startswith("<"):
                (major, minor, patch), _ = _numbers(clause[1:].strip())
                high = (major, minor, patch or 0)
    except VersionError:
        return None
    if low is None and high is None and high_inclusive is None:
        return None

    def admitted(release: str) -> bool:
        key = _releases.release_key(release)
        # A probed release stands for its whole minor: admitted when the range reaches into that minor.
        minor_end = (key[0], key[1], 10**6)
        minor_start = (key[0], key[1], 0)
        if low is not None and minor_end < low:
            return False
        if high is not None and minor_start >= high:
            return False
        return not (high_inclusive is not None and minor_start > high_inclusive)

    chosen = tuple(r for r in PROFILES if admitted(r))
    text = ",".join(clauses)
    open_ended = high is None and high_inclusive is None
    if not chosen:
        return Target(text, (NEWEST_RELEASE,), exact=False, beyond=True) if open_ended else None
    return Target(text, chosen, exact=False)


# ---------------------------------------------------------------------------------------------------------
# The parameter-by-level matrix (as the code enforces it, section 3 of the semantics file)


# Keywords that ``override(**kwargs)`` rejects by name, with the SDK's message (checked in call order).
OVERRIDE_FORBIDDEN: Final[Mapping[str, str]] = {
    "name": "Name cannot be overridden",
    "image": "Image cannot be overridden",
    "docs": "Docs cannot be overridden",
    "interface": "Interface cannot be overridden",
}
# init=False fields of the template: ``dataclasses.replace`` refuses them.
OVERRIDE_INIT_FALSE: Final = ("ref",)

# Override keywords that are accepted through **kwargs but ignored or harmful (section 4.4 override-kwargs-field).
OVERRIDE_SWALLOWED_NOTES: Final[Mapping[str, str]] = {
    "triggers": "triggers on an override are never deployed (overrides are not registered in the environment)",
    "func": "func= silently replaces the code the task runs",
    "task_type": "task_type= is an internal field; changing it on a call is almost certainly a mistake",
    "parent_env_name": "parent_env_name= is an internal field",
    "parent_env": "parent_env= is an internal field",
    "debuggable": "debuggable= is an internal field",
    "task_type_version": "task_type_version= is an internal field",
    "_call_as_synchronous": "_call_as_synchronous= is an internal field",
    "task_resolver": "task_resolver= on a call replaces how the cluster loads the task",
}


def env_fields(profile: Profile) -> tuple[str, ...]:
    """TaskEnvironment's init fields in positional order."""
    return _releases.parameters(profile, "flyte.TaskEnvironment")


def task_keywords(profile: Profile) -> tuple[str, ...]:
    """``TaskEnvironment.task``'s parameters after self (``_func`` first, the only one passable by position)."""
    return _releases.parameters(profile, "flyte.TaskEnvironment.task")


def override_keywords(profile: Profile) -> tuple[str, ...]:
    """``TaskTemplate.override``'s explicit keyword-only parameters."""
    return _releases.parameters(profile, "flyte._task.TaskTemplate.override")


def template_fields(profile: Profile) -> tuple[str, ...]:
    """init fields of AsyncFunctionTaskTemplate, which ``override(**kwargs)`` passes to ``dataclasses.replace``."""
    return _releases.parameters(profile, "flyte._task.AsyncFunctionTaskTemplate")


# clone_with takes cache= and reusable= only through **kwargs (it pops them), in every probed release.
_CLONE_KWARGS: Final = ("cache", "reusable")


def clone_keywords(profile: Profile) -> tuple[str, ...]:
    return (*_releases.parameters(profile, "flyte.TaskEnvironment.clone_with"), *_CLONE_KWARGS)


def clone_positional(profile: Profile) -> tuple[str, ...]:
    """clone_with's explicit positional parameters (after self)."""
    return _releases.positional_parameters(profile, "flyte.TaskEnvironment.clone_with")


# Where a parameter that is wrong at one level belongs instead (for messages).
_HOME_LEVELS: Final[Mapping[str, str]] = {
    "name": "the environment (`TaskEnvironment(name=...)`)",
    "image": "the environment (`TaskEnvironment(image=...)`)",
    "depends_on": "the environment (`TaskEnvironment(depends_on=[...])`)",
    "description": "the environment (`TaskEnvironment(description=...)`)",
    "plugin_config": "the environment (`TaskEnvironment(plugin_config=...)`)",
    "include": "the environment (`TaskEnvironment(include=...)`)",
    "resources": "the environment, or the call site (`task.override(resources=...)`)",
    "env_vars": "the environment, or the call site (`task.override(env_vars=...)`)",
    "secrets": "the environment, or the call site (`task.override(secrets=...)`)",
    "reusable": "the environment, or the call site (`task.override(reusable=...)`)",
    "retries": "the task decorator (`@env.task(retries=...)`) or `task.override(retries=...)`",
    "timeout": "the task decorator (`@env.task(timeout=...)`) or `task.override(timeout=...)`",
    "short_name": "the task decorator (`@env.task(short_name=...)`) or `task.override(short_name=...)`",
    "max_inline_io_bytes": "the task decorator or `task.override(...)`",
    "links": "the task decorator or `task.override(...)`",
    "report": "the task decorator (`@env.task(report=True)`)",
    "triggers": "the task decorator (`@env.task(triggers=...)`)",
    "docs": "the task decorator (`@env.task(docs=...)`)",
    "entrypoint": "the task decorator or `task.override(...)`",
    "service_account": "the environment, the task decorator or `task.override(...)` (flyte >= 2.6)",
    "produces_artifacts": "the task decorator or `task.override(...)` (flyte >= 2.5)",
}


def accepted_since(keyword: str, accepted: Callable[[Profile], tuple[str, ...]]) -> str | None:
    """``"2.6"`` when ``keyword`` is in ``accepted(release)`` from that minor release to the newest, not before;
    None when no probed release accepts it, or every one does."""
    first: str | None = None
    for profile in PROFILES:
        if keyword in accepted(profile):
            first = first or profile
        else:
            first = None
    if first is None or first == OLDEST_RELEASE:
        return None
    return ".".join(first.split(".")[:2])


def where_it_belongs(param: str) -> str | None:
    """A short hint naming the level(s) where ``param`` is accepted, for messages."""
    return _HOME_LEVELS.get(param)


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant (difflib, high cutoff), or None."""
    import difflib

    public = [c for c in candidates if not c.startswith("_")]
    matches = difflib.get_close_matches(word, public, n=1, cutoff=0.75)
    return matches[0] if matches else None


# ---------------------------------------------------------------------------------------------------------
# Environment values

ENV_NAME_RE: Final = re.compile(r"^[a-z0-9]+([_-][a-z0-9]+)*$")
# The SDK's own pattern, as written in flyte/app/_app_environment.py (2.1.9 and 2.12.1), used with fullmatch. Its
# ``\\.`` is a backslash and any character, not a dot: ``a.b`` is rejected.
APP_NAME_RE: Final = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
DESCRIPTION_LIMIT: Final = 255


def env_name_error(name: object) -> str | None:
    """The SDK's message for an invalid TaskEnvironment name (a str that fails the regex), else None."""
    if isinstance(name, str) and not ENV_NAME_RE.fullmatch(name):
        return f"Environment name '{name}' must be in snake_case or kebab-case format."
    return None


def app_name_error(name: object) -> str | None:
    """The SDK's message for an invalid AppEnvironment name (a str that fails its pattern), else None."""
    if isinstance(name, str) and not APP_NAME_RE.fullmatch(name):
        return (
            f"App name '{name}' must consist of lower case alphanumeric characters or '-', and must start and end "
            "with an alphanumeric character."
        )
    return None


def env_name_type_error(name: object) -> str | None:
    if isinstance(name, (str, bytes)):
        return None
    return f"expected string or bytes-like object, got '{type(name).__name__}'"


def suggest_env_name(name: str) -> str | None:
    """The snake_case form of ``name`` when one exists (``"Feature Eng"`` -> ``"feature_eng"``)."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    lowered = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    if lowered and ENV_NAME_RE.fullmatch(lowered):
        return lowered
    return None


def description_truncation(description: object) -> int | None:
    """The length of a description the SDK will silently truncate to 255 characters, else None."""
    if isinstance(description, str) and len(description) > DESCRIPTION_LIMIT:
        return len(description)
    return None


def description_type_error(description: object) -> str | None:
    if (isinstance(description, (int, float, complex)) and not isinstance(description, bool)) or description is True:
        return f"object of type '{type(description).__name__}' has no len()"
    if description is False:
        return "object of type 'bool' has no len()"
    if isinstance(description, EnumMember):
        return f"object of type '{type(description).__name__}' has no len()"
    return None


PyKind = Literal["str", "bytes", "int", "float", "complex", "bool", "none", "list", "tuple", "set", "dict", "other"]


# For each TaskEnvironment parameter with a construction-time type check: which Python *literal* kinds the
# SDK rejects (kinds of values extraction can prove), and the message template ({cls} = the type's repr).
# Values that are objects (Image, Secret, ReusePolicy...) are judged by the rules, not here.
_ENV_TYPE_CHECKS: Final[Mapping[str, tuple[Callable[[object], bool], str]]] = {
    # image: truthy and not str/Image
    "image": (lambda v: bool(v) and not isinstance(v, str), "Expected image to be of type str or Image, got {cls}"),
    # secrets: truthy and not str/Secret/list
    "secrets": (
        lambda v: bool(v) and not isinstance(v, (str, list)),
        "Expected secrets to be of type SecretRequest, got {cls}",
    ),
    "env_vars": (
        lambda v: v is not None and not isinstance(v, dict),
        "Expected env_vars to be of type Dict[str, str], got {cls}",
    ),
    "resources": (lambda v: v is not None, "Expected resources to be of type Resources, got {cls}"),
    "pod_template": (
        lambda v: v is not None and not isinstance(v, str),
        "Expected pod_template to be of type str or PodTemplate, got {cls}",
    ),
    "cache": (lambda v: bool(v) and not isinstance(v, str), "Expected cache to be of type str or Cache, got {cls}"),
    "reusable": (lambda v: bool(v), "Expected reusable to be of type ReusePolicy, got {cls}"),
    "service_account": (
        lambda v: v is not None and not isinstance(v, str),
        "Expected service_account to be of type str, got {cls}",
    ),
}


def env_literal_type_error(param: str, value: object, profile: Profile) -> str | None:
    """The SDK's TypeError text when a TaskEnvironment parameter gets a literal of a rejected type.

    ``value`` must be a plain Python value (str, number, bool, None, list/tuple/set/dict of such).
    """
    if param == "service_account" and not since(profile, "service-account"):
        return None  # an unknown keyword there; reported by the unknown-keyword rule
    check = _ENV_TYPE_CHECKS.get(param)
    if check is not None:
        rejects, template = check
        if rejects(value):
            return template.format(cls=repr(type(value)))  # "<class 'int'>", "<enum 'Size'>"
        return None
    if param == "depends_on":
        if value is None:
            return "'NoneType' object is not iterable"
        if isinstance(value, (int, float, bool, EnumMember)):
            return f"'{type(value).__name__}' object is not iterable"
        if isinstance(value, (str, bytes)):
            # iterating a str yields str elements
            return f"Expected depends_on to be of type List[Environment], got <class '{type(value).__name__}'>"
        return None
    if param == "include":
        if isinstance(value, str):
            return f"Expected include to be a sequence of str paths, got a bare str ({value!r})."
        if isinstance(value, (int, float, bool, EnumMember)):
            return f"Expected include to be a sequence of str paths, got {type(value)!r}"
        if isinstance(value, (list, tuple, set)):
            for entry in value:
                if not isinstance(entry, str):
                    return f"include entries must be str, got <class '{type(entry).__name__}'>"
        return None
    if param == "description":
        return description_type_error(value)
    return None


def depends_on_element_error(element: object) -> str | None:
    """An element of ``depends_on`` that is a literal (never an Environment)."""
    return f"Expected depends_on to be of type List[Environment], got <class '{type(element).__name__}'>"


REUSABLE_PLUGIN_CONFIG_MESSAGE: Final = "Cannot set plugin_config when environment is reusable."
# Plugin configs that flyte itself registers (so a task can be built with them).
CORE_PLUGIN_CONFIGS: Final = frozenset({"flyte.extras.Sleep"})
# Where the SDK defines those config classes (the qualified name a type checker reports) -> the public name.
_PLUGIN_CONFIG_DEFINITIONS: Final[Mapping[str, str]] = {"flyte.extras._sleep.Sleep": "flyte.extras.Sleep"}


def reusable_plugin_config_error(config_class: str | None, profile: Profile, unregistered: bool = False) -> str | None:
    """The SDK's message when an environment gets both ``reusable`` and ``plugin_config`` (both not None).

    ``config_class`` is the qualified name of the plugin config's class (public or defining-module spelling),
    or None when unknown. Before 2.5 always refused; since, only when the plugin's task class does not support
    reuse, which is known only for the configs flyte itself registers, and for a class no plugin is registered
    for (``unregistered``: no task class, so no support for reuse).
    """
    if since(profile, "reusable-plugin-config-by-plugin") and not unregistered:
        public = _PLUGIN_CONFIG_DEFINITIONS.get(config_class or "", config_class)
        if public not in CORE_PLUGIN_CONFIGS:
            return None
    return REUSABLE_PLUGIN_CONFIG_MESSAGE


# ---------------------------------------------------------------------------------------------------------
# Decorator-level facts

POD_TEMPLATE_ON_REUSABLE_MESSAGE: Final = "Cannot set pod_template when environment is reusable."
SERVICE_ACCOUNT_ON_REUSABLE_MESSAGE: Final = "Cannot override service_account when environment is reusable."
SYNC_REUSABLE_CONCURRENCY_MESSAGE: Final = (
    "Reusable environments with concurrency greater than 1 are only supported for async tasks. "
    "Please use an async function or set concurrency to 1."
)


def varargs_message(func_name: str) -> str:
    return f"Function {func_name} cannot have variable positional or keyword arguments."


# ---------------------------------------------------------------------------------------------------------
# Override-level facts

OVERRIDE_REUSABLE_RESTRICTED: Final[Mapping[str, str]] = {
    # keyword -> the word the SDK's message uses
    "resources": "resources",
    "env_vars": "env",
    "secrets": "secrets",
    "service_account": "service_account",
}


def override_reusable_restricted(profile: Profile) -> tuple[str, ...]:
    """Override keywords refused while the call's effective ``reusable`` is set, in the SDK's check order."""
    if since(profile, "service-account"):
        return ("resources", "env_vars", "secrets", "service_account")
    return ("resources", "env_vars", "secrets")


def override_reusable_message(keyword: str) -> str:
    word = OVERRIDE_REUSABLE_RESTRICTED[keyword]
    return (
        f"Cannot override {word} when reusable is set. Reusable tasks will use the parent env's {word}. "
        f"You can disable reusability and override {word} if needed. (set reusable='off')"
    )


def reusable_after_override(given: object, before: bool | None) -> bool | None:
    """Whether a task's ``reusable`` is set (not None) after ``task.override(reusable=given)``.

    Mirrors ``reusable = reusable or self.reusable; if reusable == "off": reusable = None``. ``given`` is the
    plain value passed (None when the keyword is absent; True for a ReusePolicy object, which is truthy), or
    UNKNOWN; ``before`` is whether the task's reusable was set (None when unknown). None when unknown.
    """
    if given is UNKNOWN:
        return None
    if isinstance(given, str) and given == "off":
        return False
    if not given:
        return before
    return True


# ---------------------------------------------------------------------------------------------------------
# Cache

CACHE_BEHAVIORS: Final = ("auto", "override", "disable")
CACHE_ALIASES_212: Final[Mapping[str, str]] = {
    "enable": "auto", "enabled": "auto", "on": "auto", "true": "auto", "yes": "auto",
    "off": "disable", "false": "disable", "no": "disable", "none": "disable",
}  # fmt: skip


def cache_value_error(value: object, profile: Profile) -> str | None:
    """The SDK's message for a task's or an override's cache value it rejects, else None.

    Anything but a ``flyte.Cache`` becomes ``Cache(behavior=value)`` (a truthy value: a falsy one keeps the
    environment's cache), so a number or a bool fails like a bad string.
    """
    if value in CACHE_BEHAVIORS:
        return None
    if since(profile, "cache-aliases"):
        if isinstance(value, str) and value.lower() in CACHE_ALIASES_212:
            return None
        aliases = sorted(CACHE_ALIASES_212)
        return (
            f"Invalid cache behavior: {value!r}. Must be one of {list(CACHE_BEHAVIORS)} (aliases accepted: {aliases})."
        )
    return f"Invalid cache behavior: {value}. Must be one of {list(CACHE_BEHAVIORS)}"


def cache_env_value_error(value: object, profile: Profile) -> str | None:
    """Env-level ``cache=None``/``False`` (only an env with tasks fails; the rule checks that)."""
    if value is None or value is False:
        if since(profile, "cache-aliases"):
            aliases = sorted(CACHE_ALIASES_212)
            return (
                f"Invalid cache behavior: {value!r}. Must be one of {list(CACHE_BEHAVIORS)} "
                f"(aliases accepted: {aliases})."
            )
        return f"Invalid cache behavior: {value}. Must be one of {list(CACHE_BEHAVIORS)}"
    return cache_value_error(value, profile)


CACHE_POLICIES_MESSAGE: Final = "If version is not defined then at least one cache policy needs to be set"
CACHE_MAX_AGE_TYPE_MESSAGE: Final = "max_age must be an int (seconds), timedelta, or None"
CACHE_MAX_AGE_SIGN_MESSAGE: Final = "max_age must be nonnegative"


def cache_object_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str, str] | None:
    """(field, exception class, SDK message) for ``flyte.Cache(...)``, in ``Cache.__post_init__``'s order, else None.

    2.12: max_age type, max_age sign, behavior (aliases), policies. 2.1: behavior, policies.
    """
    if since(profile, "cache-max-age") and "max_age" in fields:
        max_age = fields["max_age"]
        if max_age is not UNKNOWN:
            if isinstance(max_age, bool) or (max_age is not None and not isinstance(max_age, (int, timedelta))):
                return "max_age", "TypeError", CACHE_MAX_AGE_TYPE_MESSAGE
            seconds = max_age.total_seconds() if isinstance(max_age, timedelta) else max_age
            if seconds is not None and seconds < 0:
                return "max_age", "ValueError", CACHE_MAX_AGE_SIGN_MESSAGE
    behavior = fields.get("behavior", UNKNOWN)
    if behavior is UNKNOWN:
        return None
    if since(profile, "cache-aliases") and isinstance(behavior, str) and behavior not in CACHE_BEHAVIORS:
        behavior = CACHE_ALIASES_212.get(behavior.lower(), behavior)
    if behavior not in CACHE_BEHAVIORS:
        message = cache_env_value_error(behavior, profile) if isinstance(behavior, (str, bool, type(None))) else None
        if message is None:
            if since(profile, "cache-aliases"):
                aliases = sorted(CACHE_ALIASES_212)
                message = (
                    f"Invalid cache behavior: {behavior!r}. Must be one of {list(CACHE_BEHAVIORS)} "
                    f"(aliases accepted: {aliases})."
                )
            else:
                message = f"Invalid cache behavior: {behavior}. Must be one of {list(CACHE_BEHAVIORS)}"
        return "behavior", "ValueError", message
    if behavior == "disable":
        return None
    version = fields.get("version_override", None)
    policies = fields.get("policies", None)
    if version is None and policies is not None and policies is not UNKNOWN and not policies:
        if isinstance(policies, (list, tuple, set, dict)):
            return "policies", "ValueError", CACHE_POLICIES_MESSAGE
    return None


CACHE_VERSION_TYPE_MESSAGE: Final = "TypeError: bad argument type for built-in operation"
CACHE_SALT_TYPE_MESSAGE: Final = (
    "ValueError: Failed to generate version for cache policy <flyte._cache.policy_function_body.FunctionBodyPolicy "
    "object at ...>"
)


def cache_object_deploy_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str] | None:
    """(field, SDK message) when a task whose cache is this (constructed) ``flyte.Cache`` fails to serialize, else
    None. First the cache version: an enabled cache hashes its ``version_override`` as a str, and a number there
    raises; without one, the default policy hashes the function body with the ``salt``, which must be a str too (a
    disabled cache computes no version). Then the task's metadata takes ``serialize`` as a proto bool, which takes
    a bool, an int or None and refuses anything else, whatever the behavior (probed in every release from 2.0.12
    to 2.12.1: a str; and in 2.1.9, 2.5.20 and 2.12.1: a float, bytes)."""
    if cache_object_error(fields, profile) is not None:
        return None
    behavior = fields.get("behavior", UNKNOWN)
    version_error = _cache_version_error(fields)
    if isinstance(behavior, str) and behavior in ("auto", "override"):
        if version_error is not None:
            return version_error
    elif behavior != "disable" and (version_error is not None or _cache_version_unsure(fields)):
        return None  # an alias or unknown behavior: whether the version fails first is the release's
    serialize = fields.get("serialize", False)
    if isinstance(serialize, (str, bytes, float, EnumMember)):
        return "serialize", f"TypeError: '{type(serialize).__name__}' object cannot be interpreted as an integer"
    return None


def _cache_version_error(fields: Mapping[str, object]) -> tuple[str, str] | None:
    """What computing an enabled cache's version raises (see :func:`cache_object_deploy_error`), else None."""
    version = fields.get("version_override", None)
    if isinstance(version, (int, float, EnumMember)):  # bool included
        return "version_override", CACHE_VERSION_TYPE_MESSAGE
    salt = fields.get("salt", "")
    if version is None and fields.get("policies", None) is None and salt is not UNKNOWN and not isinstance(salt, str):
        return "salt", CACHE_SALT_TYPE_MESSAGE
    return None


def _cache_version_unsure(fields: Mapping[str, object]) -> bool:
    """Whether computing the cache's version may raise, for all that is known of its fields."""
    version = fields.get("version_override", None)
    return version is UNKNOWN or (
        version is None and fields.get("policies", None) is None and fields.get("salt", "") is UNKNOWN
    )


# ---------------------------------------------------------------------------------------------------------
# Value objects: field lists per profile (for unknown-keyword checks) and validators.

# The value objects whose keyword arguments are checked; their parameters are each release's own.
VALUE_OBJECTS: Final = (
    "flyte.ReusePolicy", "flyte.Resources", "flyte.Cache", "flyte.Secret", "flyte.PodTemplate",
    "flyte.RetryStrategy", "flyte.Timeout", "flyte.Trigger",
)  # fmt: skip


def value_object_fields(callee: str, profile: Profile) -> tuple[str, ...] | None:
    """The keyword parameters of a value object in a release; None for another callee."""
    if callee not in VALUE_OBJECTS:
        return None
    return _releases.parameters(profile, callee)


def value_object_required(callee: str, profile: Profile) -> tuple[str, ...]:
    """The parameters of a value object without a default (missing one is a TypeError)."""
    if callee not in VALUE_OBJECTS:
        return ()
    return _releases.required_parameters(profile, callee)


def _is_int(value: object) -> bool:
    return isinstance(value, int)  # bool is an int for the SDK too


def _ttl_seconds(value: object) -> float | None:
    if isinstance(value, int):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return None


class _UnknownValue:
    """Marks a field that is given but whose value could not be known: checks that need it stay silent."""

    _instance: _UnknownValue | None = None

    def __new__(cls) -> _UnknownValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _UnknownValue()
"""Validators take ``fields``: given field -> its value, or UNKNOWN. An absent field has its default."""


class _EnumClass(type):
    def __repr__(cls) -> str:
        return f"<enum {cls.__name__!r}>"


class EnumMember(metaclass=_EnumClass):
    """A member of a plain ``enum.Enum`` (no mixin, printing not redefined) given where a setting is: validators
    see it as the SDK does, an object that is no str, int, float or bool. Its type is named after the Enum class
    and it prints as Python prints the member (``<Size.SMALL: '1Gi'>``, ``Size.SMALL``), so messages read as the
    SDK's. Make one with ``enum_member``."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self.value!r}>"

    def __str__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, EnumMember) and other.name == self.name

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.name))


_ENUM_CLASSES: dict[str, type[EnumMember]] = {}


def enum_member(class_name: str, name: str, value: object) -> EnumMember:
    """Member ``name`` of the plain Enum class ``class_name`` (its short name), whose value is ``value``."""
    if class_name not in _ENUM_CLASSES:
        _ENUM_CLASSES[class_name] = cast(type[EnumMember], _EnumClass(class_name, (EnumMember,), {"__slots__": ()}))
    return _ENUM_CLASSES[class_name](name, value)


def _known(fields: Mapping[str, object], name: str, default: object) -> object:
    return fields.get(name, default)


def reuse_policy_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str] | None:
    """(field, SDK message) of the first ``ReusePolicy`` check that fails, in the SDK's order, else None."""
    if since(profile, "reuse-scope"):
        scope = _known(fields, "scope", "global")
        if scope is not UNKNOWN and scope not in ("global", "run"):
            return "scope", 'scope must be "global" or "run"'
    replicas = _known(fields, "replicas", 2)
    if replicas is UNKNOWN:
        return _reuse_tail_error(fields, profile, replicas_known=False)
    if replicas is None:
        return "replicas", "replicas cannot be None"
    if _is_int(replicas):
        pair: tuple[object, object] = (replicas, replicas)
    elif isinstance(replicas, tuple) and len(replicas) == 2:
        pair = (replicas[0], replicas[1])
    else:
        return "replicas", "replicas must be an int or a tuple of two ints"
    if since(profile, "values-checked-at-build"):
        for label, item in (("min", pair[0]), ("max", pair[1])):
            if item is UNKNOWN:
                return _reuse_tail_error(fields, profile, replicas_known=False)
            if not _is_int(item):
                return "replicas", f"replicas {label} must be an int, got {item!r}"
            assert isinstance(item, int)
            if item < 0:
                return "replicas", f"replicas {label} must be greater than or equal to 0, got {item}"
        low, high = pair
        assert isinstance(low, int) and isinstance(high, int)
        if low > high:
            return "replicas", f"replicas min ({low}) must be less than or equal to max ({high})"
    return _reuse_tail_error(fields, profile, replicas_known=True)


def _reuse_tail_error(
    fields: Mapping[str, object], profile: Profile, *, replicas_known: bool
) -> tuple[str, str] | None:
    # Checks after replicas. When replicas is unknown, a replicas failure could come first: but whichever check
    # fails first, the construction fails, so reporting a later certain failure is still right.
    if since(profile, "values-checked-at-build"):
        concurrency = _known(fields, "concurrency", 1)
        if concurrency is not UNKNOWN:
            if not _is_int(concurrency):
                return "concurrency", f"concurrency must be an int, got {concurrency!r}"
            assert isinstance(concurrency, int)
            if concurrency < 1:
                return "concurrency", f"concurrency must be at least 1, got {concurrency}"
    for ttl in ("idle_ttl", "scaledown_ttl"):
        value = _known(fields, ttl, 30)
        if value is UNKNOWN:
            continue
        seconds = _ttl_seconds(value)
        if seconds is None:
            if isinstance(value, (float, str, type(None), list, tuple, dict, set, EnumMember)):
                return ttl, f"{ttl} must be an int (seconds) or a timedelta"
            continue
        if seconds < 30:
            return ttl, f"{ttl} must be at least 30 seconds"
    return None


def reuse_policy_starves(fields: Mapping[str, object]) -> bool:
    """The SDK logs a starvation warning when max replicas == 1 and concurrency == 1."""
    replicas = _known(fields, "replicas", 2)
    concurrency = _known(fields, "concurrency", 1)
    high = replicas[1] if isinstance(replicas, tuple) and len(replicas) == 2 else replicas
    return type(high) is int and high == 1 and type(concurrency) is int and concurrency == 1


def reuse_concurrency(fields: Mapping[str, object]) -> float | None:
    """The concurrency of a ReusePolicy (default 1), or None when it is not known. A float is kept: releases
    that do not check the type compare it with 1 as it is."""
    value = _known(fields, "concurrency", 1)
    return value if isinstance(value, (int, float)) else None


# Resources ------------------------------------------------------------------------------------------------


# Accelerator strings accepted by ``Resources(gpu=...)`` (the ``Accelerators`` Literal of each release).
def accelerators(profile: Profile) -> frozenset[str]:
    """The ``Resources(gpu="...")`` strings a release accepts (its ``Accelerators`` literal)."""
    return frozenset(_releases.literal(profile, "flyte._resources.Accelerators") or ())


def deprecated_gpu_aliases(profile: Profile) -> Mapping[str, str]:
    """Old GPU names a release still takes, mapped to the new ones (with a deprecation log)."""
    aliases: Mapping[str, str] | None = _releases.literal(profile, "flyte._resources._DEPRECATED_GPU_ALIASES")
    return aliases or {}


def gpu_string_ok(value: str, profile: Profile) -> bool:
    aliases = deprecated_gpu_aliases(profile)
    device, sep, portion = value.partition(":")
    if device in aliases:
        value = f"{aliases[device]}{sep}{portion}"
    return value in accelerators(profile)


def _quantity_error(field: str, value: object, *, allow_pair: bool, allow_none: bool = True) -> str | None:
    if value is None:
        return None if allow_none else f"{field} pair elements must both be set, got None"
    if allow_pair and isinstance(value, tuple):
        for element in value:
            error = _quantity_error(field, element, allow_pair=False, allow_none=False)
            if error:
                return error
        return None
    if not isinstance(value, str):
        return (
            f"{field} must be a Kubernetes quantity string such as '1Gi', '512Mi' or '2G', "
            f"got {type(value).__name__}: {value!r}"
        )
    return None


def _cpu_error(value: object, *, allow_pair: bool, allow_none: bool = True) -> str | None:
    if value is None:
        return None if allow_none else "cpu pair elements must both be set, got None"
    if allow_pair and isinstance(value, tuple):
        for element in value:
            error = _cpu_error(element, allow_pair=False, allow_none=False)
            if error:
                return error
        return None
    if not isinstance(value, (int, float, str)):
        return (
            "cpu must be a core count or a Kubernetes quantity string such as 1, 0.5 or '100m', "
            f"got {type(value).__name__}: {value!r}"
        )
    if isinstance(value, (int, float)) and value < 0:
        return "cpu must be greater than or equal to 0"
    return None


def _contains_unknown(value: object) -> bool:
    if value is UNKNOWN:
        return True
    return isinstance(value, tuple) and any(item is UNKNOWN for item in value)


def resources_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str] | None:
    """(field, SDK message) for the first ``Resources`` check that fails, in the SDK's order, else None."""
    known = {name: value for name, value in fields.items() if not _contains_unknown(value)}
    cpu, memory = known.get("cpu"), known.get("memory")
    if isinstance(cpu, tuple) and len(cpu) != 2:
        return "cpu", "cpu tuple must have exactly two elements"
    if isinstance(memory, tuple) and len(memory) != 2:
        return "memory", "memory tuple must have exactly two elements"
    if since(profile, "values-checked-at-build"):
        error = _cpu_error(cpu, allow_pair=True)
        if error:
            return "cpu", error
    elif isinstance(cpu, (int, float)) and not isinstance(cpu, bool) and cpu < 0:
        return "cpu", "cpu must be greater than or equal to 0"
    if since(profile, "resources-quantity-strings"):
        for name, error in (
            ("memory", _quantity_error("memory", memory, allow_pair=True)),
            ("disk", _quantity_error("disk", known.get("disk"), allow_pair=False)),
            ("shm", _quantity_error("shm", known.get("shm"), allow_pair=False)),
        ):
            if error:
                return name, error
    gpu = known.get("gpu")
    if gpu is None:
        return None
    if isinstance(gpu, int):
        if gpu < 0:
            return "gpu", "gpu must be greater than or equal to 0"
    elif isinstance(gpu, str):
        if not gpu_string_ok(gpu, profile):
            return "gpu", f"gpu must be one of the accelerator strings (such as 'A100:1' or 'T4:1'), got {gpu}"
    elif since(profile, "resources-quantity-strings"):
        return "gpu", (
            "gpu must be an accelerator string such as 'A100:4', a device count, or a GPU()/TPU()/Device() "
            f"instance, got {type(gpu).__name__}: {gpu!r}"
        )
    return None


# Calling a sync task from async code ----------------------------------------------------------------------------

# 2.12.1 raises SyncTaskCallInAsyncContextError (a RuntimeUserError) when a task whose function is not a coroutine
# function is called without ``.aio`` while an event loop runs (an async task's body), locally and on the cluster
# (flyte/_task.py TaskTemplate.__call__). 2.1.9 runs the call (probe both: tests/test_sdk_probes.py).
SYNC_CALL_IN_ASYNC_MESSAGE: Final = (
    "Sync task '{fqn}' was called in a blocking way from async code. This blocks the event loop and can hang "
    "the run. Use `await {func}.aio(...)` instead."
)


def sync_call_in_async_error(fqn: str, func: str, profile: Profile) -> str | None:
    if not since(profile, "sync-call-in-async-fails"):
        return None
    return SYNC_CALL_IN_ASYNC_MESSAGE.format(fqn=fqn, func=func)


# Calling a task inside @flyte.trace ---------------------------------------------------------------------------

# TaskTemplate.__call__ and .aio (flyte/_task.py) raise TraceDoesNotAllowNestedTasksError when a task is called in
# a task context while a @flyte.trace function runs (the trace wrappers set ``in_trace`` on the context, which
# helpers and asyncio tasks inherit); flyte.run reports it as a RuntimeUserError with this message. The same code
# in every probed release (probe ``run.task_call_in_trace``); 2.0.12's sync trace wrapper raises
# NotImplementedError before its body runs.
TASK_CALL_IN_TRACE_MESSAGE: Final = (
    "Task {fqn} is invoked from inside a `flyte.trace`. You can continue using the task function, as a "
    "regularpython function using `task`.forward(...) facade."
)


# ``override()`` copies the task with ``dataclasses.replace``, which calls the class's ``__init__`` with its
# dataclass fields; ContainerTask's ``__init__`` takes ``command`` (and more) that are not fields, so every
# override of one raises (probe ``override.container_task``: every probed release).
CONTAINER_TASK_OVERRIDE_MESSAGE: Final = "ContainerTask.__init__() missing 1 required positional argument: 'command'"


def container_task_override_error(profile: Profile) -> str | None:
    """What ``container_task.override(...)`` raises under ``profile`` (a TypeError)."""
    del profile  # every probed release raises it
    return CONTAINER_TASK_OVERRIDE_MESSAGE


def task_call_in_trace_error(fqn: str, profile: Profile) -> str | None:
    """What calling task ``fqn`` inside a @flyte.trace function raises under ``profile``."""
    del profile  # every probed release raises it
    return TASK_CALL_IN_TRACE_MESSAGE.format(fqn=fqn)


# Triggers at deploy ------------------------------------------------------------------------------------------

# A real deploy (not --dry-run) converts each task's triggers (flyte/_internal/runtime/trigger_serde.py
# to_task_trigger): the same messages in 2.1.9 and 2.12.1 (tests/test_sdk_probes.py). The TriggerTime key is
# checked before the default inputs. Unbound required inputs are not checked by the SDK.
TRIGGER_TIME_INPUT_MESSAGE: Final = (
    "For a scheduled trigger, the TriggerTime input '{key}' must be an input to the task, but not found in task "
    "{task}. Available inputs: {inputs}"
)
TRIGGER_DEFAULT_INPUT_MESSAGE: Final = (
    "Trigger default input '{key}' must be an input to the task, but not found in task {task}. "
    "Available inputs: {inputs}"
)
# `triggers=` given as a list: 2.1.9 keeps the list as one trigger (`triggers if isinstance(triggers, tuple) else
# (triggers,)`), 2.12.1 converts it to a tuple. A string becomes one trigger (2.1) or a tuple of characters (2.12).
_TRIGGERS_FORM_ERRORS: Final[Mapping[str, str]] = {
    "list": "'list' object has no attribute 'env_vars'",
    "str": "'str' object has no attribute 'env_vars'",
}


def trigger_input_error(key: str, is_time: bool, task: str, inputs: Iterable[str]) -> str:
    template = TRIGGER_TIME_INPUT_MESSAGE if is_time else TRIGGER_DEFAULT_INPUT_MESSAGE
    return template.format(key=key, task=task, inputs=list(inputs))


def triggers_form_error(form: str, profile: Profile) -> str | None:
    if form == "list" and since(profile, "links-triggers-list"):
        return None
    return _TRIGGERS_FORM_ERRORS.get(form)


# A call into an environment outside the caller's depends_on closure -------------------------------------------

# On the cluster the child task is serialized with the image cache of the caller's deploy plan
# (flyte/_internal/runtime/task_serde.py lookup_image_in_cache, the same in 2.1.9 and 2.12.1): an Image with
# build layers or a ref name that the cache lacks raises; an Image without layers resolves to its own URI; a
# plain URI string is used as it is; "auto" silently runs on the default image.
MISSING_ENV_IN_IMAGE_CACHE_MESSAGE: Final = "Environment '{name}' not found in image cache."
MissingDependencyOutcome = Literal["fails", "works", "default-image", "unknown"]
# Image constructors whose result has no layers (probe both: `_layers == ()`): from_base(uri) always,
# from_debian_base() when called without arguments.
IMAGE_WITHOUT_LAYERS: Final = (("from_base",), ("from_base", "()"), ("from_debian_base",))


def missing_dependency_outcome(image: object, image_calls: tuple[str, ...] | None) -> MissingDependencyOutcome:
    """What a call into the environment does on the cluster when its image is not in the caller's cache.

    ``image`` is the plain value of a literal image (a str, or None when not given); ``image_calls`` the chain
    of ``flyte.Image`` methods that built an Image object (``("from_debian_base", "with_pip_packages")``), with
    ``"()"`` appended to a constructor that got arguments. Both None: the image is not known.
    """
    if image_calls is not None:
        if "from_ref_name" in image_calls or any(call in IMAGE_LAYER_METHODS for call in image_calls):
            return "fails"
        if image_calls in IMAGE_WITHOUT_LAYERS:
            return "works"
        return "unknown"
    if image is None or image == "auto":
        return "default-image"
    if isinstance(image, str) and image:
        return "works"
    return "unknown"


# Include paths -----------------------------------------------------------------------------------------------

# `flyte deploy` builds the code bundle from `include` entries anchored at the declaring file's directory
# (flyte/_code_bundle/_includes.py collect_env_include_files, then _utils.ls_relative_files): the same text in
# 2.1.9 and 2.12.1. Not checked in `--dry-run`.
INCLUDE_MISSING_MESSAGE: Final = "File {path} is not a valid file, directory, or glob pattern"


def include_missing_error(path: str) -> str:
    return INCLUDE_MISSING_MESSAGE.format(path=path)


# Secrets ---------------------------------------------------------------------------------------------------

SECRET_MOUNT_PATH: Final = "/etc/flyte/secrets"
SECRET_MOUNT_MESSAGE: Final = "Only /etc/flyte/secrets is supported as secret mount path today."
SECRET_ENV_RE: Final = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def secret_env_var_name(key: str, group: str | None = None) -> str:
    """The env var a Secret with neither ``mount`` nor ``as_env_var`` is exposed as."""
    base = f"{group}_{key}" if group else key
    return base.replace("-", "_").upper()


def secret_env_name_error(name: str) -> str | None:
    if SECRET_ENV_RE.fullmatch(name):
        return None
    return f"Invalid environment variable name: {name}, must match ^[A-Z_][A-Z0-9_]*$"


def secret_error(fields: Mapping[str, object]) -> tuple[str, str] | None:
    """(field, message) for ``flyte.Secret(...)``, else None (UNKNOWN fields make dependent checks silent)."""
    # The SDK tests both by truthiness: an empty mount / as_env_var counts as not given.
    mount = _known(fields, "mount", None) or None
    if mount is not UNKNOWN and mount is not None and str(mount) != SECRET_MOUNT_PATH:
        return "mount", SECRET_MOUNT_MESSAGE
    as_env_var = _known(fields, "as_env_var", None) or None
    if isinstance(as_env_var, str):
        error = secret_env_name_error(as_env_var)
        return ("as_env_var", error) if error else None
    if mount is None and as_env_var is None:
        key, group = _known(fields, "key", UNKNOWN), _known(fields, "group", None)
        if isinstance(key, str) and (group is None or isinstance(group, str)):
            error = secret_env_name_error(secret_env_var_name(key, group))
            if error:
                return "key", error
    return None


# Retries / timeouts ----------------------------------------------------------------------------------------

UINT32_MAX: Final = 2**32 - 1


def retries_error(value: object, profile: Profile) -> str | None:
    """Retries given as a plain value: what fails at decoration (2.12) or at deploy (both), else None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Field flyteidl2.core.RetryStrategy.retries: Expected an int, got a boolean."
    if isinstance(value, int):
        if value < 0:
            if since(profile, "values-checked-at-build"):
                return f"RetryStrategy.count must be greater than or equal to 0, got {value}"
            return f"Value out of range: {value}"
        if value > UINT32_MAX:
            return f"Value out of range: {value}"
        return None
    if isinstance(value, (float, str, list, tuple, dict, set, EnumMember)):
        if since(profile, "values-checked-at-build"):
            # TaskTemplate.__post_init__ (a bare int goes through RetryStrategy(count=...) instead)
            return f"retries must be an int (a retry count) or a flyte.RetryStrategy, got {value!r}"
        if isinstance(value, (str, list, tuple)):
            # the serializer reads ``retries.count``: str/list/tuple have a ``count`` method
            return "'builtin_function_or_method' object cannot be interpreted as an integer"
        return f"'{type(value).__name__}' object has no attribute 'count'"
    return None


def retries_phase(value: object, profile: Profile) -> Literal["decorate", "deploy"]:
    """When a bad retries value fails: 2.12 validates int-ness and sign at decoration/override."""
    bare = (int, float, str, list, tuple, dict, set, EnumMember)
    if since(profile, "values-checked-at-build") and not isinstance(value, bool) and isinstance(value, bare):
        if isinstance(value, int) and value > UINT32_MAX:
            return "deploy"
        return "decorate"
    return "deploy"


def timeout_field_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str] | None:
    """(field, message) of a ``flyte.Timeout`` field the deploy serializer fails on (a task's timeout), else None.

    2.1 serializes only ``max_runtime`` (``.seconds`` of an int/timedelta; None fails too); 2.12 serializes
    ``max_runtime``, ``max_queued_time`` and ``deadline`` (None/int/timedelta, via ``total_seconds``).
    """
    new = since(profile, "timeout-fields")
    if not new:
        names: tuple[str, ...] = ("max_runtime",)
        attribute = "seconds"
    else:
        names = ("max_runtime", "max_queued_time", "deadline")
        attribute = "total_seconds"
    for name in names:
        if name not in fields:
            if not new:
                return None  # a required argument: a TypeError at construction instead
            continue
        value = fields[name]
        if value is UNKNOWN or isinstance(value, (int, timedelta)):
            continue
        if value is None and new:
            continue
        return name, f"'{type(value).__name__}' object has no attribute '{attribute}'"
    return None


def timeout_error(value: object) -> str | None:
    """A timeout given as a plain value the serializer refuses (both versions, at deploy)."""
    if isinstance(value, bool):
        return None  # bool is an int; serializes as 0/1 seconds
    if isinstance(value, (float, str, list, tuple, dict, EnumMember)):
        return "Timeout must be an instance of Timeout, int, or timedelta."
    return None


# ContainerTask -----------------------------------------------------------------------------------------------

# ``ContainerTask(name, image, command, inputs=None, arguments=None, ...)``: its __init__ refuses a command or
# arguments list holding anything but strings, in every release from 2.0.12 to 2.12.1 (flyte/extras/_container.py).
CONTAINER_TASK_PARAMETERS: Final = ("name", "image", "command", "inputs", "arguments")


def container_task_list_error(field: str, items: Iterable[object]) -> str | None:
    """The SDK's message when ``command`` or ``arguments`` holds an item that is known not to be a str (an int,
    None, a nested list, a plain Enum's member...); ``items`` are the known items (UNKNOWN for the others)."""
    if any(item is not UNKNOWN and not isinstance(item, str) for item in items):
        return f"All elements in the {'command' if field == 'command' else 'arguments'} list must be strings."
    return None


# Triggers --------------------------------------------------------------------------------------------------

TRIGGER_EMPTY_NAME_MESSAGE: Final = "Trigger name cannot be empty"


def trigger_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str] | None:
    if "name" in fields and fields["name"] is not UNKNOWN and not fields["name"]:
        return "name", TRIGGER_EMPTY_NAME_MESSAGE
    if not since(profile, "trigger-automation-optional") and "automation" in fields and fields["automation"] is None:
        return "automation", "Automation cannot be None"
    if since(profile, "trigger-max-action-concurrency") and "max_action_concurrency" in fields:
        value = fields["max_action_concurrency"]
        if isinstance(value, int) and not isinstance(value, bool) and (value == 1 or value < 0):
            return "max_action_concurrency", (
                f"max_action_concurrency must be 0 (platform default) or at least 2, got {value}. A value of 1 would "
                "deadlock the run: the parent action holds a concurrency slot while waiting for its child actions "
                "to run."
            )
    return None


# Images ----------------------------------------------------------------------------------------------------

IMAGE_DIRECT_MESSAGE: Final = (
    "Direct instantiation of Image not allowed, please use one of the various from_...() methods instead"
)
IMAGE_NON_EXTENDABLE_MESSAGE: Final = (
    "Cannot add additional layers to a non-extendable image. Please create the image with extendable=True in "
    "the clone() call."
)
IMAGE_NON_EXTENDABLE_CONSTRUCTORS: Final = ("from_base", "from_ref_name", "from_dockerfile")
IMAGE_LAYER_METHODS: Final = (
    "with_pip_packages", "with_apt_packages", "with_requirements", "with_uv_project", "with_poetry_project",
    "with_source_file", "with_source_folder", "with_env_vars", "with_commands", "with_workdir", "with_dockerignore",
    "with_local_v2", "with_code_bundle",
)  # fmt: skip


def requirements_ext_error(path: object) -> str | None:
    """``Image.with_requirements(file)``: the SDK checks ``Path(file).suffix == ".txt"`` (before any layer check)."""
    from pathlib import PurePosixPath

    if isinstance(path, str) and PurePosixPath(path).suffix != ".txt":
        return f"Requirements file {PurePosixPath(path)} must have a .txt extension"
    return None


# Devices ---------------------------------------------------------------------------------------------------

GPU_QUANTITY_MESSAGE: Final = "GPU quantity must be at least 1"


def gpu_types(profile: Profile) -> tuple[str, ...]:
    """``GPUType`` of a release (``flyte.GPU(device, quantity)`` device names), in the SDK's order."""
    return tuple(_releases.literal(profile, "flyte._resources.GPUType") or ())


# MIG partition literals, by the device they are checked for (the A100 80G's under the name its release uses).
_PARTITION_LITERALS: Final = (
    ("A100", "A100Parts"),
    ("A100 80G", "A100_80GBParts"),
    ("A100_80G", "A100_80GBParts"),
    ("H100", "H100Parts"),
    ("H200", "H200Parts"),
    ("RTX_PRO_6000", "RTXPro6000Parts"),
)


def gpu_partitions(profile: Profile) -> Mapping[str, tuple[str, ...]]:
    """The MIG partitions a release checks, by device name (other devices take any string)."""
    types = gpu_types(profile)
    found: dict[str, tuple[str, ...]] = {}
    for device, name in _PARTITION_LITERALS:
        parts = _releases.literal(profile, f"flyte._resources.{name}")
        if device in types and parts:
            found[device] = tuple(parts)
    return found


def gpu_error(device: object, quantity: object, profile: Profile, partition: object = None) -> tuple[str, str] | None:
    """(argument, message) for ``flyte.GPU(device, quantity, partition)``: quantity, device, then partition."""
    if isinstance(quantity, (int, float)) and quantity < 1:
        return "quantity", GPU_QUANTITY_MESSAGE
    if quantity is UNKNOWN or not isinstance(device, str):
        return None
    device = deprecated_gpu_aliases(profile).get(device, device)
    types = gpu_types(profile)
    if device not in types:
        return "device", f"Invalid GPU type: {device}. Must be one of {types}"
    if isinstance(partition, str):
        if since(profile, "shared-gpus") and device.endswith(" shared"):
            return "partition", (
                f"A shared GPU takes no partition, got {partition!r} for {device}. Request a plain device to use "
                "a MIG partition."
            )
        parts = gpu_partitions(profile).get(device)
        if parts is not None and partition not in parts:
            return "partition", f"Invalid partition for {device}: {partition}. Must be one of {parts}"
    return None


def device_error(quantity: object) -> str | None:
    """``flyte.Device(quantity, device_class, ...)``: the quantity check common to both releases."""
    if isinstance(quantity, (int, float)) and quantity < 1:
        return GPU_QUANTITY_MESSAGE
    return None


# What the wire keeps -----------------------------------------------------------------------------------------

# flyte/_internal/runtime/task_serde.py (2.1.9 and 2.12.1): `_MAX_ENV_NAME_LENGTH = 63` cuts the environment name
# in every TaskSpec and `_MAX_TASK_SHORT_NAME_LENGTH = 63` the short name; the task's own name (`<env>.<func>`)
# is sent whole (probe both: tests/test_sdk_probes.py, serialize).
WIRE_NAME_LIMIT: Final = 63


def wire_name(name: str) -> str | None:
    """The name a task spec carries when the wire cuts ``name``, else None."""
    return name[:WIRE_NAME_LIMIT] if len(name) > WIRE_NAME_LIMIT else None


# flyte 2.1.9 serializes a task timeout as `Duration(seconds=max_runtime.seconds)` (an int n first becomes
# timedelta(seconds=n)): whole days are dropped and a negative value wraps into the day. 2.12.1 sends the whole
# duration (probe both: tests/test_sdk_probes.py, serialize).
def timeout_sends_seconds_part(profile: Profile) -> bool:
    return not since(profile, "timeout-fields")


def timeout_sent_seconds(value: object, profile: Profile) -> int | None:
    """The seconds a release sends for a timeout of int seconds or a timedelta, when it is not the value given."""
    if isinstance(value, bool) or not timeout_sends_seconds_part(profile):
        return None
    try:
        duration = timedelta(seconds=value) if isinstance(value, int) else value
    except OverflowError:
        return None
    if not isinstance(duration, timedelta) or duration.days == 0:
        return None
    return duration.seconds


# flyte.Backoff (2.12.1 only; flyte/_retry.py Backoff.__post_init__) ---------------------------------------------


def backoff_fields(profile: Profile) -> tuple[str, ...] | None:
    """``flyte.Backoff``'s parameters, or None in a release without it."""
    return _releases.parameters(profile, "flyte.Backoff") if since(profile, "backoff") else None


BACKOFF_MISSING: Final = "AttributeError: module 'flyte' has no attribute 'Backoff'"


def backoff_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str, str] | None:
    """(field, exception, message) of ``flyte.Backoff(...)`` at construction, else None (UNKNOWN stops the checks
    that need it; the SDK checks base, factor, factor >= 1, cap, cap required, in that order)."""
    if backoff_fields(profile) is None or "base" not in fields:
        return None
    base, factor, cap = fields["base"], _known(fields, "factor", 1.0), _known(fields, "cap", None)
    compare = "'<' not supported between instances of '{}' and 'datetime.timedelta'"
    if base is UNKNOWN:
        return None
    if not isinstance(base, timedelta):
        if base is None or isinstance(base, (int, float, str)):
            return "base", "TypeError", compare.format(type(base).__name__)
        return None
    if base < timedelta(0):
        return "base", "ValueError", f"Backoff.base must be >= 0, got {base}"
    if factor is UNKNOWN:
        return None
    if not isinstance(factor, (int, float)) or math.isnan(factor) or math.isinf(factor):
        return "factor", "ValueError", f"Backoff.factor must be a finite number, got {factor!r}"
    if factor < 1.0:
        return "factor", "ValueError", f"Backoff.factor must be >= 1.0, got {factor}"
    if cap is UNKNOWN:
        return None
    if cap is not None:
        if not isinstance(cap, timedelta):
            if isinstance(cap, (int, float, str)):
                return "cap", "TypeError", compare.format(type(cap).__name__)
            return None
        if cap < timedelta(0):
            return "cap", "ValueError", f"Backoff.cap must be >= 0, got {cap}"
    if factor > 1.0 and cap is None:
        return "factor", "ValueError", "Backoff.cap is required when factor > 1.0 to prevent unbounded growth"
    return None


# flyte.clustered.ClusteredTaskEnvironment (2.12.1 only; flyte/clustered/_environment.py __post_init__, which runs
# after TaskEnvironment's own checks) -------------------------------------------------------------------------


def clustered_exists(profile: Profile) -> bool:
    return since(profile, "clustered")


CLUSTERED_MODULE_MISSING: Final = "No module named 'flyte.clustered'"
CLUSTERED_ATTRIBUTE_MISSING: Final = "module 'flyte' has no attribute 'clustered'"
CLUSTERED_REQUIRED: Final = ("replicas", "nproc_per_node")
CLUSTERED_INTERCONNECTS: Final = ("tcp",)


def clustered_missing_message(missing: tuple[str, ...]) -> str:
    """The dataclass ``__init__``'s TypeError for missing keyword-only arguments."""
    quoted = [repr(name) for name in missing]
    if len(quoted) == 1:
        return f"ClusteredTaskEnvironment.__init__() missing 1 required keyword-only argument: {quoted[0]}"
    return (
        f"ClusteredTaskEnvironment.__init__() missing {len(quoted)} required keyword-only arguments: "
        f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    )


def clustered_error(
    reusable: object, replicas: object, nproc: object, gpu_count: object, interconnect: object
) -> tuple[str, str] | None:
    """(field, message) of the ValueError ClusteredTaskEnvironment raises, else None. ``reusable`` is True/False
    when known (a non-None value), UNKNOWN otherwise; the rest are plain values or UNKNOWN."""
    if reusable is UNKNOWN:
        return None
    if reusable:
        return "reusable", "ClusteredTaskEnvironment does not support reusable environments"
    if not _is_number(replicas):
        return None
    if replicas < 1:  # type: ignore[operator]
        return "replicas", "replicas must be >= 1"
    if not _is_number(nproc):
        return None
    if nproc < 1:  # type: ignore[operator]
        return "nproc_per_node", "nproc_per_node must be >= 1"
    if gpu_count is UNKNOWN:
        return None
    if isinstance(gpu_count, int) and gpu_count < nproc:  # type: ignore[operator]
        return "resources", f"resources.gpu ({gpu_count}) must be >= nproc_per_node ({nproc})"
    if interconnect is not UNKNOWN and isinstance(interconnect, str) and interconnect not in CLUSTERED_INTERCONNECTS:
        return "interconnect", f"interconnect must be one of {CLUSTERED_INTERCONNECTS}"
    return None


def clustered_gpu_count(gpu: object) -> object:
    """What ``Resources.get_device()`` counts for ``gpu``: None for none, an int, or UNKNOWN."""
    if gpu is None or (isinstance(gpu, int) and not isinstance(gpu, bool) and gpu == 0):
        return None
    if isinstance(gpu, int) and not isinstance(gpu, bool):
        return gpu
    if isinstance(gpu, str) and gpu_string_ok(gpu, NEWEST_RELEASE):
        _, _, count = gpu.partition(":")
        return int(count) if count.isdigit() else UNKNOWN
    return UNKNOWN


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# Links -----------------------------------------------------------------------------------------------------


# `@env.task(links=...)`: 2.1.9 keeps a tuple and wraps anything else as one link (`(links,)`, so a list, even
# an empty one, becomes one "link"); 2.12.1 turns a list into a tuple. `override(links=...)` stores the value as
# it is (`links or self.links`). A real deploy calls `link.get_link(...)` on every element (probe both:
# tests/test_sdk_probes.py, serialize; --dry-run does not render links).
def links_list_converted(profile: Profile) -> bool:
    return since(profile, "links-triggers-list")


def links_error(kind: str) -> str:
    return f"'{kind}' object has no attribute 'get_link'"


# ---------------------------------------------------------------------------------------------------------
# A builtin function as a task: ``env.task(len)``

BUILTIN_TASK_DEPLOY_MESSAGE: Final = "module 'builtins' has no attribute '__file__'"


def builtin_task_error(name: str) -> tuple[str, str] | None:
    """(phase, SDK message) for ``env.task(<builtin function name>)``, or None when it cannot be told here.

    Decoration reads the signature: ``*args``/``**kwargs`` raise ValueError there (``print``). Otherwise the
    task is made, and serializing it (deploy) looks for the function's module file, which ``builtins`` lacks.
    A builtin whose signature this Python cannot read is left alone (the SDK's error depends on the Python).
    """
    function = getattr(builtins, name, None)
    if function is None:
        return None
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    variadic = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    if any(param.kind in variadic for param in signature.parameters.values()):
        return "import", f"Function {name} cannot have variable positional or keyword arguments."
    return "deploy", BUILTIN_TASK_DEPLOY_MESSAGE


def missing_flyte_import(profile: Profile, module: str, name: str | None) -> str | None:
    """Python's message when ``from <module> import <name>`` fails under ``profile`` because that release's
    ``flyte`` (or its submodule ``module``) has no such name; None when it has it or nobody can tell.

    Submodules are never judged missing: another distribution may install modules into the ``flyte`` package
    (flyte-sdk's own migration example imports ``flyte.migrate``, which the SDK does not ship), and a from-import
    falls back to importing a submodule. So a name that could be a module (lower-case first letter) is not
    judged either; class and constant names (``TaskEnviroment``, ``Sleep``) are."""
    if module != "flyte" and not module.startswith("flyte."):
        return None
    if name is None or not name[:1].isupper():
        return None
    if module != "flyte" and (module.split(".")[1].startswith("_") or module.count(".") > 1):
        return None  # private modules are not probed; deeper ones neither
    names = _releases.public_names(profile, module)
    if names is None or name in names:
        return None
    return f"cannot import name '{name}' from '{module}'"


@cache
def importable_flyte_names(profile: Profile) -> tuple[str, ...]:
    """Every dotted name ``profile`` lets a module import from flyte: ``flyte.TaskEnvironment``, ``flyte.io``,
    ``flyte.extras.Sleep``... (submodules that did not import under the probe contribute none)."""
    names = {f"flyte.{name}" for name in _releases.public_names(profile, "flyte") or ()}
    for module in _releases.probed_modules(profile):
        names.update(f"{module}.{name}" for name in _releases.public_names(profile, module) or ())
    return tuple(sorted(names))


def public_flyte_names(profile: Profile, module: str) -> frozenset[str]:
    """The names ``from <module> import ...`` finds in ``profile`` (empty when the probe could not tell)."""
    return _releases.public_names(profile, module) or frozenset()


def override_stored_value_error(
    profile: Profile, keyword: str, kind: str, *, non_str_value: bool = False, enum_member: bool = False
) -> str | None:
    """What serializing a task fails with after ``override(<keyword>=<a truthy value of class kind>)``, which
    override() stores unchecked (falsy values keep the task's own); None when that value serializes.
    ``non_str_value``: an env_vars dict with a key or value that is not a string. ``kind`` "list of <class>": a
    list of secrets with an element of that class (neither a key nor a flyte.Secret). ``enum_member``: the value
    is a plain Enum's member and ``kind`` its class (an object that is neither a str, a number nor a bool)."""
    new = since(profile, "override-serialize-messages")
    if keyword == "resources" and kind != "Resources":
        return f"AttributeError: '{kind}' object has no attribute '{'get_device' if new else 'cpu'}'"
    if keyword == "env_vars":
        if kind != "dict":
            return (
                f"TypeError: '{kind}' object is not a mapping"
                if new
                else (f"AttributeError: '{kind}' object has no attribute 'items'")
            )
        if non_str_value:
            return "TypeError: bad argument type for built-in operation"
    if keyword == "secrets" and (kind in ("int", "float", "bool") or enum_member):
        return f"TypeError: '{kind}' object is not iterable"
    if keyword == "secrets" and kind.startswith("list of "):
        return f"AttributeError: '{kind[len('list of ') :]}' object has no attribute 'group'"
    if keyword in ("interruptible", "entrypoint", "report") and (kind == "str" or enum_member):
        return f"TypeError: '{kind}' object cannot be interpreted as an integer"
    if keyword == "short_name" and kind != "str":
        return f"TypeError: '{kind}' object is not subscriptable"
    return None


def reuse_policy_deploy_error(fields: Mapping[str, object], profile: Profile) -> tuple[str, str] | None:
    """(field, what deploying a task of an environment with this (constructed) ``ReusePolicy`` raises), else
    None. The proto's fields are set in the order min_replicas, max_replicas, concurrency; a bool in one of them
    is refused by protobuf >= 7.34 (the release data's; older protobuf only warns)."""
    concurrency = _known(fields, "concurrency", 1)
    if since(profile, "reuse-bool-serialized-int-fields"):
        replicas = _known(fields, "replicas", 2)
        pair = replicas if isinstance(replicas, tuple) and len(replicas) == 2 else (replicas, replicas)
        for field, name, value in (
            ("replicas", "min_replicas", pair[0]),
            ("replicas", "max_replicas", pair[1]),
            ("concurrency", "concurrency", concurrency),
        ):
            if isinstance(value, bool):
                return field, f"TypeError: Field flyteidl2.core.ReusePolicy.{name}: Expected an int, got a boolean."
    if since(profile, "reuse-concurrency-serialized-int") and isinstance(concurrency, float):
        return "concurrency", "TypeError: 'float' object cannot be interpreted as an integer"
    return None
