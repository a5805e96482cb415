"""One module's findings, for a front end that is handed modules one at a time (the mypy plugin).

The module is extracted as the linter extracts it; when it takes values from other modules of the project,
it is extracted again in project mode (``ProjectFlow``), reading those modules through the caller's
``read``. Then the single-module rules run for the module's target release, and the linter's suppressions
(settings, ``# noqa``, guarded and dormant code) apply. Nothing here decides anything the engine does not:
it only calls the engine's own steps, for one module instead of a tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import spec
from .config import ConfigError, Overrides, Settings, SettingsResolver
from .diagnostics import Diagnostic
from .engine.dispatch import kept, module_findings, unreached
from .extract import extract
from .facts import ModuleFacts
from .flow import ProjectFlow
from .link import ProjectIndex
from .rules import all_rules, known_codes
from .rules.base import ModuleContext, ProjectContext


@dataclass(frozen=True, slots=True)
class ModuleLint:
    """The findings of one module (after suppressions) and the other project modules they were computed from."""

    diagnostics: tuple[Diagnostic, ...]
    used: tuple[str, ...]


def settings_for(path: str, overrides: Overrides | None = None) -> Settings | None:
    """The linter's settings for ``path`` (None when the configuration is broken: the linter reports that)."""
    try:
        return SettingsResolver(known_codes(), overrides or Overrides()).for_file(path)
    except ConfigError:
        return None


def lint_module(
    path: str,
    module: str | None,
    read: Callable[[str], str | None],
    names_by_path: dict[str, list[str]],
    settings: Settings | None = None,
    related: Sequence[str] = (),
    registers_plugins: bool | None = None,
    shown_partial: frozenset[str] | None = None,
    project_codes: frozenset[str] = frozenset(),
) -> ModuleLint:
    """Findings of the module at ``path`` (text from ``read(path)``), with values imported from the modules of
    ``names_by_path`` (path -> module names) followed as the linter follows them in a project run. ``related``
    are the files of the project modules it imports (directly or not): their facts join the index, as the
    whole project's do in a run, so that an environment or task imported from them resolves. ``registers_plugins``
    says whether some module of the project, imported or not, registers task plugins (None: not known beyond the
    modules read here). ``shown_partial``, for a caller that shows error-level findings only and, of the rules
    whose findings only some releases of a pinned range raise, those codes alone: such a range is checked
    faster, with the same result for the caller. ``project_codes`` are project rules run on what is read here
    (the module and the project modules it imports): only rules whose findings in the module need nothing more
    (a depends_on cycle or name clash among environments it reaches) belong there."""
    text = read(path)
    if text is None:
        return ModuleLint((), ())
    if settings is None:
        settings = settings_for(path)
        if settings is None:
            return ModuleLint((), ())
    facts = _facts_of_text(path, text, module)
    if facts.parse_error is not None:
        return ModuleLint((), ())  # the front end reports syntax errors itself
    modules: dict[str, ModuleFacts] = {path: facts}
    used: list[str] = []
    names = dict(names_by_path)
    names.setdefault(path, [module] if module else [])
    flow = ProjectFlow(read, names)
    if _takes_project_values(facts, path, flow):
        for other in related:
            if other != path and flow.may_patch(other):
                flow.facts(other)  # it may set, before this module runs, a value this module reads
        flowed = flow.facts(path)
        flow.settle()
        flowed = flow.facts(path) or flowed
        if flowed is not None:
            facts = modules[path] = flowed
            used = flow.sources_of(path)
            for other in used:
                other_facts = flow.facts(other)
                if other_facts is not None:
                    modules[other] = other_facts
    for other in related:
        if other not in modules:
            other_facts = _plain_facts(other, read, names.get(other, []))
            if other_facts is not None and _takes_project_values(other_facts, other, flow):
                # As in a run: an environment whose policy comes from a third module (settings -> policies ->
                # envs) is known to the rules only in the facts with the project's values in them.
                other_facts = flow.facts(other) or other_facts
            if other_facts is not None:
                modules[other] = other_facts
    index = ProjectIndex(modules.values(), {p: names.get(p, []) for p in modules}, registers_plugins)
    try:
        target = settings.target(facts.pinned_flyte)
    except spec.VersionError:
        target = spec.DEFAULT_TARGET
    partial = None if shown_partial is None else _checks(settings, shown_partial)
    found = module_findings(facts, target, index, _checks(settings), partial)
    if project_codes and any(_may_have_dependencies(m) for m in modules.values()):
        context = ProjectContext(index, dict.fromkeys(modules, settings))
        found.extend(
            d
            for rule in all_rules()
            if rule.check_project is not None and rule.code in project_codes and settings.enabled(rule.code)
            for d in rule.check_project(context)
            if d.path == path
        )
    final = [unreached(d, facts) for d in found if d.path == path and kept(d, facts, settings)]
    return ModuleLint(tuple(sorted(set(final), key=lambda d: d.sort_key)), tuple(sorted({*used, *related})))


@lru_cache(maxsize=64)
def _checks(
    settings: Settings, codes: frozenset[str] | None = None
) -> list[Callable[[ModuleContext], Iterable[Diagnostic]]]:
    """The checks of the single-module rules ``settings`` enable, of ``codes`` alone when given (a module's
    folder's settings are shared by every module of the folder: asked once, not once per module)."""
    return [
        rule.check
        for rule in all_rules()
        if rule.check is not None and settings.enabled(rule.code) and (codes is None or rule.code in codes)
    ]


def _may_have_dependencies(facts: ModuleFacts) -> bool:
    """Whether an environment of the module may depend on another (``depends_on``, spread or positional
    arguments, ``add_dependency``, a change of its list): without any, no depends_on rule finds anything."""
    return any(
        env.args.keyword("depends_on") is not None
        or env.args.star_args
        or env.args.star_kwargs
        or len(env.args.positional) > 1
        for env in facts.envs
    ) or any(call.method == "add_dependency" or "depends_on" in call.method for call in facts.env_calls)


def _takes_project_values(facts: ModuleFacts, path: str, flow: ProjectFlow) -> bool:
    """The same test the runner makes: only a module that uses an imported project name for its value, or
    whose fallback imports name modules the project lacks, is extracted again in project mode."""
    return bool(facts.values_from and flow.imports_project(path, facts.values_from)) or any(
        flow.module_path(path, imported) is None for imported in facts.optional_imports
    )


def read_text(path: str) -> str | None:
    """A file's text as Python decodes it, or None when it cannot be read."""
    from .engine.reading import ReadFailure, decode_source, read_file

    data = read_file(Path(path))
    if isinstance(data, ReadFailure):
        return None
    text = decode_source(data)
    return None if isinstance(text, ReadFailure) else text


# Facts of a module by its text: each module of a build is asked for by the modules importing it, and an editor
# session asks for the same ones over and over. The oldest are dropped past a bound (a daemon lives long).
_FACTS: dict[tuple[str, str | None], tuple[str, ModuleFacts]] = {}
_FACTS_KEPT = 4000


def _plain_facts(path: str, read: Callable[[str], str | None], names: list[str]) -> ModuleFacts | None:
    text = read(path)
    if text is None:
        return None
    return _facts_of_text(path, text, names[0] if names else None)


def _facts_of_text(path: str, text: str, module: str | None) -> ModuleFacts:
    key = (path, module)
    cached = _FACTS.pop(key, None)
    if cached is None or cached[0] != text:
        cached = (text, extract(text, path, module))
        if len(_FACTS) >= _FACTS_KEPT:
            del _FACTS[next(iter(_FACTS))]
    _FACTS[key] = cached  # now the newest
    return cached[1]
