"""A run: discover files, read and scan them, extract facts (in parallel, cached), follow values through the
project, run the rules, apply suppressions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import spec
from ..cache import FactsCache
from ..config import Overrides, Settings, SettingsResolver, is_excluded
from ..diagnostics import Diagnostic
from ..discover import Discovery, discover
from ..facts import ModuleFacts
from ..flow import ProjectFlow
from ..link import ProjectIndex
from ..rules import all_rules, known_codes
from ..rules.base import ProjectContext
from .dispatch import kept, module_findings, unreached, unused_noqa
from .imports import ModuleNamer, add_setters, close_over_imports
from .reading import ReadFailure, failure_diagnostic
from .sources import Sources, open_cache, stat_all, whole_run_key
from .workers import Workers, extract_all, flow_through_project


@dataclass
class Options:
    paths: list[Path]
    overrides: Overrides = field(default_factory=Overrides)
    jobs: int = 0  # 0 = all cores
    follow_symlinks: bool = False
    use_cache: bool = True
    cache_dir: Path | None = None
    # A cache to use instead of opening one (``cache_dir`` is then unused): a long-lived caller (the language
    # server) hands the same in-memory cache to every run, so facts are loaded from disk once.
    cache: FactsCache | None = None
    # Text to lint in place of a file (``--stdin-filename``): path -> source.
    stdin: tuple[Path, str] | None = None
    # Texts to lint in place of files, several at once (an editor's unsaved buffers): path -> source. A path
    # that is not on disk or not discovered is linted all the same, as ``stdin``'s is.
    unsaved: dict[Path, str] | None = None
    # Only report on these paths (the rest of the project is indexed for context).
    report_only: set[Path] | None = None
    # Reuse the findings of an earlier identical run (same files by size and mtime, same settings and code).
    # Off for callers that need the run's facts (fixes, the graph view).
    result_cache: bool = False


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    files_checked: int
    modules: dict[str, ModuleFacts] = field(default_factory=dict)
    index: ProjectIndex | None = None
    settings_by_path: dict[str, Settings] = field(default_factory=dict)


def _discover(options: Options, resolver: SettingsResolver) -> tuple[Discovery, dict[str, Settings]]:
    """The files of a run (after exclusion) and the settings of each file the walk met."""
    walked: dict[str, Settings] = {}

    def excluded(path: str, is_dir: bool) -> bool:
        if is_dir:
            settings = resolver.for_directory(path)
        else:  # asked of every file of the walk: its settings are kept for the run
            settings = walked[path] = resolver.for_file(path)
        return bool(settings.exclude) and is_excluded(path, settings)

    return discover(options.paths, follow_symlinks=options.follow_symlinks, is_excluded=excluded), walked


def files_to_check(options: Options) -> list[str]:
    """The files a run of ``options`` would check, after exclusion (``--show-files``); may raise ConfigError."""
    discovery, _ = _discover(options, SettingsResolver(known_codes(), options.overrides))
    return sorted(discovery.files)


def run(options: Options) -> RunResult:
    known = known_codes()
    resolver = SettingsResolver(known, options.overrides)  # may raise ConfigError
    diagnostics: list[Diagnostic] = []
    discovery, walked = _discover(options, resolver)
    for problem in discovery.problems:
        diagnostics.append(Diagnostic(problem.path, 1, 1, 1, 1, "FLY902", "error", problem.message))
    files = discovery.files
    unsaved = {str(path): text for path, text in (options.unsaved or {}).items()}
    if options.stdin is not None:
        unsaved[str(options.stdin[0])] = options.stdin[1]
    listed = set(files)
    files.extend(key for key in unsaved if key not in listed)

    settings_by_path: dict[str, Settings] = {}
    names_by_path: dict[str, list[str]] = {}
    namer = ModuleNamer()
    roots_by_settings: dict[int, tuple[Path, ...]] = {}
    # The folders named on the command line are where module names start too (as ``flyte deploy --root-dir
    # DIR`` imports them): ``ns/envs.py`` in a folder without ``__init__.py`` (a namespace package) is also
    # ``ns.envs``.
    named_folders = [Path(path) for path in options.paths if Path(path).is_dir()]
    for key in files:
        settings = walked.get(key) or resolver.for_file(key)
        settings_by_path[key] = settings
        roots = roots_by_settings.get(id(settings))
        if roots is None:
            found = [settings.root] if settings.root else []
            found += [(settings.root or Path.cwd()) / s for s in settings.src]
            found += [folder for folder in named_folders if folder not in found]
            roots = roots_by_settings[id(settings)] = tuple(found)
        names_by_path[key] = namer.names(key, roots)

    cache = open_cache(options, settings_by_path) if options.use_cache else None
    # Sizes and times, taken once: they key the cached result of the whole run and each file's manifest entry.
    stats = stat_all([key for key in files if key not in unsaved]) if cache is not None else {}
    run_key = None
    if cache is not None and options.result_cache and not unsaved:
        run_key = whole_run_key(options, files, names_by_path, settings_by_path, diagnostics, stats)
        previous = cache.get_result(run_key)
        if previous is not None:
            return RunResult(previous, len(files), {}, None, settings_by_path)
    # Worker processes, if any, serve the reading of a large tree and the extraction, then stop.
    with Workers(options.jobs) as workers:
        sources = Sources(files, names_by_path, cache, stats, unsaved, workers)
        diagnostics.extend(sources.failures)

        # Parse what imports flyte, then whatever imports a parsed module (until nothing changes). A file that
        # only mentions flyte (a docstring, a constant) is parsed in full only when it fails to parse: then the
        # syntax error (or the undecodable byte) is reported like any other.
        to_parse = {key for key in sources.readable if sources.imports_flyte(key)}
        close_over_imports(to_parse, sources, names_by_path)
        flow = ProjectFlow(sources.text, names_by_path)
        add_setters(to_parse, sources, names_by_path, flow.may_patch)
        to_parse.update(
            key
            for key in sources.readable
            if key not in to_parse and sources.mentions_flyte(key) and not sources.parses(key)
        )

        # Every module is extracted on its own first (on the workers, cached). A module that imports from the
        # project and used an imported name for its value is then extracted again in project mode, with the
        # values of the modules it imports from (in this process, or on the workers for many).
        modules: dict[str, ModuleFacts] = {}
        misses: list[tuple[str, str | None, bytes]] = []
        for key in sorted(to_parse):
            hit = sources.cached_facts(key)
            if hit is not None:
                modules[key] = hit
                continue
            data = sources.data(key)
            if isinstance(data, ReadFailure):
                diagnostics.append(failure_diagnostic(key, data))
                continue
            misses.append((key, names_by_path[key][0] if names_by_path[key] else None, data))
        for (key, _, _), result in zip(misses, extract_all(misses, workers), strict=True):
            if isinstance(result, ReadFailure):
                diagnostics.append(failure_diagnostic(key, result))
            else:
                modules[key] = result
                sources.store_facts(key, result)
        flowing = {
            key
            for key, facts in modules.items()
            if facts.parse_error is None
            and (
                (facts.values_from and flow.imports_project(key, facts.values_from))
                or any(flow.module_path(key, module) is None for module in facts.optional_imports)
            )
        }
        if flowing:
            flow_through_project(modules, flowing, flow, sources, stats, workers)
    modules = dict(sorted(modules.items()))
    sources.save()

    index = ProjectIndex(modules.values(), names_by_path)
    rules = all_rules()
    report_only = {str(p) for p in options.report_only} if options.report_only is not None else None
    for key, facts in modules.items():
        if report_only is not None and key not in report_only:
            continue  # indexed for project rules only
        settings = settings_by_path[key]
        try:
            target = settings.target(facts.pinned_flyte)
        except spec.VersionError:
            target = spec.DEFAULT_TARGET
        checks = [rule.check for rule in rules if rule.check is not None and settings.enabled(rule.code)]
        diagnostics.extend(module_findings(facts, target, index, checks))
    project_context = ProjectContext(index, settings_by_path)
    for rule in rules:
        if rule.check_project is not None:
            diagnostics.extend(
                d
                for d in rule.check_project(project_context)
                if settings_by_path.get(d.path, Settings()).enabled(d.code)
            )

    used: set[tuple[str, int, str]] = set()
    final = [
        unreached(d, modules.get(d.path))
        for d in diagnostics
        if kept(d, modules.get(d.path), settings_by_path.get(d.path), used)
        and (report_only is None or d.path in report_only)
    ]
    judged = (lambda path: True) if report_only is None else report_only.__contains__
    final.extend(
        d
        for d in unused_noqa(modules, used, settings_by_path, judged, known)
        if kept(d, modules.get(d.path), settings_by_path.get(d.path), used)
    )
    final = sorted(set(final), key=lambda d: d.sort_key)
    if run_key is not None and cache is not None:
        cache.put_result(run_key, final)
    return RunResult(final, len(files), modules, index, settings_by_path)


def lint_paths(paths: Iterable[str | Path], **overrides: object) -> list[Diagnostic]:
    options = Options([Path(p) for p in paths], Overrides(**overrides))  # type: ignore[arg-type]
    return run(options).diagnostics
