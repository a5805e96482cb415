"""The server's picture of the workspace, without the protocol: which project each open file belongs to, a
facts cache per project kept in memory between runs, and a run of the engine over a project with the open
buffers in place of their files."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import CACHE_DIR_NAME, FactsCache
from ..config import ConfigError
from ..diagnostics import Diagnostic
from ..engine import Options, run
from ..project_scope import project_root, project_scope

# A project is the paths its run is given: its folder, or a loose script and the scripts next to it.
ProjectKey = tuple[Path, ...]


@dataclass
class Project:
    key: ProjectKey
    # None for a loose script: no folder of its own to keep a cache in (the run then goes uncached).
    cache: FactsCache | None


@dataclass
class Findings:
    """One file's findings as of the text they were found in (code actions and hovers use them only while
    the buffer still holds that text)."""

    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)


class WorkspaceState:
    def __init__(self) -> None:
        self._project_of: dict[Path, ProjectKey] = {}
        self._projects: dict[ProjectKey, Project] = {}
        self.findings: dict[Path, Findings] = {}

    def project_of(self, path: Path) -> ProjectKey:
        key = self._project_of.get(path)
        if key is None:
            scope = project_scope(path)
            key = self._project_of[path] = tuple(scope)
            if key not in self._projects:
                root = project_root(path)
                cache = FactsCache(root / CACHE_DIR_NAME, in_memory=True) if root is not None else None
                self._projects[key] = Project(key, cache)
        return key

    def reload(self) -> None:
        """Forget projects and caches: a pyproject.toml changed, which may move a project's folder, its source
        roots (hence module names) or its settings. The next run reads the configuration again."""
        self._project_of.clear()
        self._projects.clear()

    def forget(self, path: Path) -> None:
        self._project_of.pop(path, None)
        self.findings.pop(path, None)

    def lint(self, key: ProjectKey, buffers: dict[Path, str]) -> tuple[dict[Path, list[Diagnostic]], str | None]:
        """Findings of each open file of a project, the project read from disk except for ``buffers``; and
        what went wrong with the configuration, if it cannot be read (then, as in the flake8 plugin, a FLY902
        finding on the first line of each file says so)."""
        project = self._projects.get(key) or Project(key, None)
        options = Options(
            list(key),
            jobs=1,  # no worker processes: forking a threaded server is unsafe, and an edit re-extracts one file
            use_cache=project.cache is not None,
            cache=project.cache,
            unsaved=dict(buffers),
            report_only=set(buffers),
        )
        # The cyclic collector would walk the project's facts (kept in memory) again and again during a run
        # that makes many objects and no garbage cycles: on a 1,000-module project its full collections made the
        # p90 of a warm run 330-420 ms instead of 95-100 ms. Collection resumes after (see ``collect_young``).
        enabled = gc.isenabled()
        gc.disable()
        try:
            result = run(options)
        except ConfigError as error:
            problem = f"flyte-lint configuration error: {error}"
            broken = {path: [Diagnostic(str(path), 1, 1, 1, 1, "FLY902", "error", problem)] for path in buffers}
            for path, text in buffers.items():
                self.findings[path] = Findings(text, broken[path])
            return broken, problem
        finally:
            if enabled:
                gc.enable()
        found: dict[Path, list[Diagnostic]] = {path: [] for path in buffers}
        for diagnostic in result.diagnostics:
            found.setdefault(Path(diagnostic.path), []).append(diagnostic)
        for path, text in buffers.items():
            self.findings[path] = Findings(text, found[path])
        return found, None

    def collect_young(self) -> None:
        """Collect the young generations (a few ms) after a run's findings are out, so that the garbage of
        runs never sets off a collection in the middle of the next one."""
        gc.collect(1)
